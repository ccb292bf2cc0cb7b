import { useMemo, useState } from "preact/hooks";
import { TimeChart } from "../components/chart.js";
import { Empty, Show } from "../components/states.js";
import { percent, ratio } from "../format.js";
import { drawdowns } from "../series.js";
import { apiClient } from "../session.js";
import { useApi } from "../use-api.js";
import { type Period, PeriodPicker } from "./overview.js";

const PERCENT = new Set([
  "annualVolatility",
  "maxDrawdown",
  "valueAtRisk",
  "conditionalValueAtRisk",
  "downsideRisk",
]);

/** The drawdown chart and the risk table, with the conventions they follow. */
export function Risk(props: { base: string }) {
  const [period, setPeriod] = useState<Period>("30d");
  const client = apiClient();
  const metrics = useApi(
    () => client.GET("/v1/portfolio/metrics", { params: { query: { base: props.base, period } } }),
    [props.base, period],
  );
  return (
    <section>
      <header class="page-head">
        <h2>Risk</h2>
        <PeriodPicker period={period} onPick={setPeriod} />
      </header>
      <Show loaded={metrics}>
        {(m) => (
          <>
            <Drawdown returns={m.returns} />
            <h3>Risk</h3>
            <table data-testid="risk-table">
              <tbody>
                {Object.entries(m.risk).map(([k, v]) => (
                  <tr>
                    <th scope="row">{k}</th>
                    <td class="num">
                      {PERCENT.has(k) && typeof v === "number" ? percent(v) : ratio(v)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>Conventions</h3>
            <dl class="conventions">
              {Object.entries(m.conventions).map(([k, v]) => (
                <>
                  <dt>{k}</dt>
                  <dd>{String(v)}</dd>
                </>
              ))}
            </dl>
          </>
        )}
      </Show>
    </section>
  );
}

function Drawdown(props: { returns: { date: string; return: number | null }[] }) {
  const data = useMemo(() => {
    const d = drawdowns(props.returns);
    return {
      x: d.map((p) => Date.parse(`${p.date}T00:00:00Z`) / 1000),
      series: [{ label: "Drawdown", color: "#dc2626", values: d.map((p) => p.drawdown) }],
    };
  }, [props.returns]);
  if (props.returns.length < 2) return <Empty>Drawdowns need two days of returns.</Empty>;
  return <TimeChart x={data.x} series={data.series} height={220} format={(v) => percent(v, 0)} />;
}
