import { Empty, Show } from "../components/states.js";
import { percent } from "../format.js";
import { calendarReturns } from "../series.js";
import { apiClient } from "../session.js";
import { useApi } from "../use-api.js";

const MONTHS = Array.from({ length: 12 }, (_, m) =>
  new Intl.DateTimeFormat(undefined, { month: "short", timeZone: "UTC" }).format(
    new Date(Date.UTC(2000, m, 1)),
  ),
);

/** Time-weighted returns by month and year, compounded from the daily returns. */
export function Returns(props: { base: string }) {
  const client = apiClient();
  const metrics = useApi(
    () =>
      client.GET("/v1/portfolio/metrics", {
        params: { query: { base: props.base, period: "all" } },
      }),
    [props.base],
  );
  return (
    <section>
      <header class="page-head">
        <h2>Returns by month</h2>
      </header>
      <Show loaded={metrics}>
        {(m) => {
          const years = calendarReturns(m.returns);
          if (years.length === 0) return <Empty>No daily returns yet.</Empty>;
          return (
            <div class="scroll">
              <table class="calendar" data-testid="calendar">
                <thead>
                  <tr>
                    <th>Year</th>
                    {MONTHS.map((name) => (
                      <th>{name}</th>
                    ))}
                    <th>Year</th>
                  </tr>
                </thead>
                <tbody>
                  {years.map((y) => (
                    <tr>
                      <th scope="row">{y.year}</th>
                      {y.months.map((r) => (
                        <td class={`num ${r === null ? "" : r >= 0 ? "up" : "down"}`}>
                          {percent(r, 1)}
                        </td>
                      ))}
                      <td class="num total">{percent(y.total, 1)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }}
      </Show>
    </section>
  );
}
