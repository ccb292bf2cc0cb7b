import { useState } from "preact/hooks";
import { Empty, Show } from "../components/states.js";
import { units, when } from "../format.js";
import { apiClient } from "../session.js";
import { useApi } from "../use-api.js";

const TYPES = [
  "",
  "buy",
  "sell",
  "convert",
  "deposit",
  "withdrawal",
  "transfer_in",
  "transfer_out",
  "reward",
  "fee",
  "liquidity_add",
  "liquidity_remove",
];

/** An account's transactions, filtered by type, asset and time, a page at a time. */
export function Transactions() {
  const client = apiClient();
  const accounts = useApi(
    () => client.GET("/v1/accounts", { params: { query: { limit: 100 } } }),
    [],
  );
  const [accountId, setAccountId] = useState("");
  const [type, setType] = useState("");
  const [asset, setAsset] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [cursors, setCursors] = useState<string[]>([]);
  return (
    <section>
      <header class="page-head">
        <h2>Transactions</h2>
      </header>
      <Show loaded={accounts}>
        {(l) => {
          const id = accountId || l.data[0]?.id || "";
          if (!id) return <Empty>No accounts yet.</Empty>;
          return (
            <>
              <form class="filters" onSubmit={(e) => e.preventDefault()}>
                <label>
                  Account
                  <select
                    value={id}
                    onChange={(e) => {
                      setAccountId((e.target as HTMLSelectElement).value);
                      setCursors([]);
                    }}
                  >
                    {l.data.map((a) => (
                      <option value={a.id}>{a.name}</option>
                    ))}
                  </select>
                </label>
                <label>
                  Type
                  <select
                    value={type}
                    onChange={(e) => {
                      setType((e.target as HTMLSelectElement).value);
                      setCursors([]);
                    }}
                  >
                    {TYPES.map((t) => (
                      <option value={t}>{t || "any"}</option>
                    ))}
                  </select>
                </label>
                <label>
                  Asset
                  <input
                    value={asset}
                    placeholder="BTC"
                    onChange={(e) => {
                      setAsset((e.target as HTMLInputElement).value.toUpperCase());
                      setCursors([]);
                    }}
                  />
                </label>
                <label>
                  From
                  <input
                    type="date"
                    value={from}
                    onChange={(e) => {
                      setFrom((e.target as HTMLInputElement).value);
                      setCursors([]);
                    }}
                  />
                </label>
                <label>
                  To
                  <input
                    type="date"
                    value={to}
                    onChange={(e) => {
                      setTo((e.target as HTMLInputElement).value);
                      setCursors([]);
                    }}
                  />
                </label>
              </form>
              <Page
                id={id}
                type={type}
                asset={asset}
                from={from}
                to={to}
                cursor={cursors.at(-1)}
                onNext={(c) => setCursors([...cursors, c])}
                onFirst={() => setCursors([])}
              />
            </>
          );
        }}
      </Show>
    </section>
  );
}

function Page(props: {
  id: string;
  type: string;
  asset: string;
  from: string;
  to: string;
  cursor: string | undefined;
  onNext: (cursor: string) => void;
  onFirst: () => void;
}) {
  const client = apiClient();
  const page = useApi(
    () =>
      client.GET("/v1/accounts/{id}/transactions", {
        params: {
          path: { id: props.id },
          query: {
            limit: 50,
            ...(props.type ? { type: props.type } : {}),
            ...(props.asset ? { asset: props.asset } : {}),
            ...(props.from ? { from: new Date(`${props.from}T00:00:00Z`).toISOString() } : {}),
            ...(props.to ? { to: new Date(`${props.to}T23:59:59Z`).toISOString() } : {}),
            ...(props.cursor ? { cursor: props.cursor } : {}),
          },
        },
      }),
    [props.id, props.type, props.asset, props.from, props.to, props.cursor],
  );
  return (
    <Show loaded={page}>
      {(p) => (
        <>
          {p.data.length === 0 ? (
            <Empty>No transactions match.</Empty>
          ) : (
            <div class="scroll">
              <table data-testid="transactions">
                <thead>
                  <tr>
                    <th>When</th>
                    <th>Type</th>
                    <th>Amount</th>
                    <th>For</th>
                    <th>Fee</th>
                  </tr>
                </thead>
                <tbody>
                  {p.data.map((t) => (
                    <tr>
                      <td>{when(t.timestamp)}</td>
                      <td>{t.txType}</td>
                      <td class="num">
                        {units(t.amount, t.asset)} {t.asset}
                      </td>
                      <td class="num">
                        {t.quoteAsset
                          ? `${units(t.quoteAmount, t.quoteAsset)} ${t.quoteAsset}`
                          : ""}
                      </td>
                      <td class="num">
                        {t.feeAsset ? `${units(t.fee, t.feeAsset)} ${t.feeAsset}` : ""}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div class="pager">
            {props.cursor ? (
              <button type="button" onClick={props.onFirst}>
                First page
              </button>
            ) : null}
            {p.nextCursor ? (
              <button type="button" onClick={() => props.onNext(p.nextCursor as string)}>
                Next page
              </button>
            ) : null}
          </div>
        </>
      )}
    </Show>
  );
}
