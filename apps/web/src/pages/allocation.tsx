import { Empty, Show } from "../components/states.js";
import { money, percent, units } from "../format.js";
import { apiClient } from "../session.js";
import { useApi } from "../use-api.js";

function Bars(props: { rows: { label: string; value: number; text: string }[]; testid: string }) {
  const total = props.rows.reduce((s, r) => s + Math.max(r.value, 0), 0);
  if (props.rows.length === 0) return <Empty>Nothing held.</Empty>;
  return (
    <table class="bars" data-testid={props.testid}>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <th scope="row">{r.label}</th>
            <td class="bar-cell">
              <span
                class="bar"
                style={{ width: `${total > 0 ? (100 * Math.max(r.value, 0)) / total : 0}%` }}
              />
            </td>
            <td class="num">{r.text}</td>
            <td class="num">{total > 0 ? percent(r.value / total, 1) : "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Allocation by asset, account and platform, and the assets no price reaches. */
export function Allocation(props: { base: string }) {
  const client = apiClient();
  const portfolio = useApi(
    () => client.GET("/v1/portfolio", { params: { query: { base: props.base } } }),
    [props.base],
  );
  const accounts = useApi(
    () => client.GET("/v1/accounts", { params: { query: { limit: 100 } } }),
    [],
  );
  return (
    <section>
      <header class="page-head">
        <h2>Allocation</h2>
      </header>
      <Show loaded={portfolio}>
        {(p) => (
          <>
            <h3>By asset</h3>
            <Bars
              testid="by-asset"
              rows={p.assets
                .filter((a) => a.value !== null)
                .map((a) => ({
                  label: a.asset,
                  value: Number(a.value),
                  text: `${units(a.amount, a.asset)} · ${money(a.value, p.base)}`,
                }))}
            />
            <h3>By account</h3>
            <Bars
              testid="by-account"
              rows={p.accounts.map((a) => ({
                label: a.name,
                value: Number(a.value),
                text: money(a.value, p.base),
              }))}
            />
            <Show loaded={accounts}>
              {(list) => {
                const provider = new Map(list.data.map((a) => [a.id, a.provider]));
                const by = new Map<string, number>();
                for (const a of p.accounts) {
                  const k = provider.get(a.accountId) ?? "other";
                  by.set(k, (by.get(k) ?? 0) + Number(a.value));
                }
                return (
                  <>
                    <h3>By platform</h3>
                    <Bars
                      testid="by-platform"
                      rows={[...by].map(([k, v]) => ({
                        label: k,
                        value: v,
                        text: money(v, p.base),
                      }))}
                    />
                  </>
                );
              }}
            </Show>
            <h3>Unpriced</h3>
            {p.unpriced.length ? (
              <ul data-testid="unpriced">
                {p.unpriced.map((a) => (
                  <li>{a}: held, no price reaches it (not counted as zero)</li>
                ))}
              </ul>
            ) : (
              <Empty>Every asset held has a price.</Empty>
            )}
          </>
        )}
      </Show>
    </section>
  );
}
