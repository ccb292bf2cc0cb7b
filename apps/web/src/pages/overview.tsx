import { useMemo, useState } from "preact/hooks";
import { TimeChart } from "../components/chart.js";
import { Empty, Show } from "../components/states.js";
import { compactMoney, money, percent } from "../format.js";
import { type HistoryPoint, withValueNow } from "../series.js";
import { apiClient } from "../session.js";
import { useApi } from "../use-api.js";

export const PERIODS = ["1d", "7d", "30d", "ytd", "1y", "all"] as const;
export type Period = (typeof PERIODS)[number];

/** The history's start for a period: hours for a day or a week, days for longer. */
function span(period: Period): { from: string | undefined; interval: "hour" | "day" } {
  const now = Date.now();
  const d = 86_400_000;
  if (period === "1d") return { from: new Date(now - d).toISOString(), interval: "hour" };
  if (period === "7d") return { from: new Date(now - 7 * d).toISOString(), interval: "hour" };
  if (period === "30d") return { from: new Date(now - 30 * d).toISOString(), interval: "day" };
  if (period === "ytd")
    return {
      from: new Date(Date.UTC(new Date().getUTCFullYear(), 0, 1)).toISOString(),
      interval: "day",
    };
  if (period === "1y") return { from: new Date(now - 365 * d).toISOString(), interval: "day" };
  return { from: new Date(now - 999 * d).toISOString(), interval: "day" };
}

export function PeriodPicker(props: { period: Period; onPick: (p: Period) => void }) {
  return (
    <fieldset class="periods" aria-label="period">
      {PERIODS.map((p) => (
        <button
          type="button"
          class={p === props.period ? "on" : ""}
          aria-pressed={p === props.period}
          onClick={() => props.onPick(p)}
        >
          {p}
        </button>
      ))}
    </fieldset>
  );
}

/** Value over time with the flows marked, and the time-weighted return beside it. */
export function Overview(props: { base: string }) {
  const [period, setPeriod] = useState<Period>("30d");
  const client = apiClient();
  const { from, interval } = span(period);
  const history = useApi(
    () =>
      client.GET("/v1/portfolio/history", {
        params: { query: { base: props.base, interval, ...(from ? { from } : {}) } },
      }),
    [props.base, period],
  );
  const metrics = useApi(
    () => client.GET("/v1/portfolio/metrics", { params: { query: { base: props.base, period } } }),
    [props.base, period],
  );
  const now = useApi(
    () => client.GET("/v1/portfolio", { params: { query: { base: props.base } } }),
    [props.base],
  );
  return (
    <section>
      <header class="page-head">
        <h2>Overview</h2>
        <PeriodPicker period={period} onPick={setPeriod} />
      </header>
      <div class="tiles">
        <Show loaded={now}>
          {(p) => (
            <div class="tile">
              <span>Value now</span>
              <strong data-testid="value-now">{money(p.total, p.base)}</strong>
            </div>
          )}
        </Show>
        <Show loaded={metrics}>
          {(m) => (
            <>
              <div class="tile">
                <span>Time-weighted return ({period})</span>
                <strong data-testid="twr">{percent(m.twr.total)}</strong>
              </div>
              <div class="tile">
                <span>Annualised</span>
                <strong>{percent(m.twr.annualized)}</strong>
              </div>
              <div class="tile">
                <span>Money-weighted (XIRR)</span>
                <strong>{percent(m.mwr.rate ?? null)}</strong>
              </div>
            </>
          )}
        </Show>
      </div>
      <Show loaded={history}>
        {(h) => (
          <HistoryChart
            points={withValueNow(
              h.points,
              now.state === "done" && now.data.base === h.base ? now.data : null,
            )}
            base={h.base}
          />
        )}
      </Show>
    </section>
  );
}

function HistoryChart(props: { points: HistoryPoint[]; base: string }) {
  const data = useMemo(() => {
    const pts = props.points;
    return {
      x: pts.map((p) => Date.parse(p.start) / 1000),
      series: [
        {
          label: `Value (${props.base})`,
          color: "#2563eb",
          values: pts.map((p) => (p.value === null ? null : Number(p.value))),
        },
        {
          label: "Deposits",
          color: "#16a34a",
          points: true,
          values: pts.map((p) =>
            Number(p.inflow) > 0 && p.value !== null ? Number(p.value) : null,
          ),
        },
        {
          label: "Withdrawals",
          color: "#dc2626",
          points: true,
          values: pts.map((p) =>
            Number(p.outflow) > 0 && p.value !== null ? Number(p.value) : null,
          ),
        },
      ],
    };
  }, [props.points, props.base]);
  if (!props.points.some((p) => p.value !== null))
    return <Empty>No value history in this period yet.</Empty>;
  return <TimeChart x={data.x} series={data.series} format={(v) => compactMoney(v, props.base)} />;
}
