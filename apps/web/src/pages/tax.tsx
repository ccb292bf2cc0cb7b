import { useState } from "preact/hooks";
import { Empty, Show } from "../components/states.js";
import { day, money, units } from "../format.js";
import { apiClient, storedKey } from "../session.js";
import { useApi } from "../use-api.js";

const METHODS = ["fifo", "lifo", "hifo", "average"] as const;
type Method = (typeof METHODS)[number];
/** lines shown on the page; the CSV has them all */
const SHOWN = 200;

/** P&L by asset, and a tax year's disposals and income, with its CSV. */
export function Tax(props: { base: string }) {
  const thisYear = new Date().getUTCFullYear();
  const [year, setYear] = useState(thisYear);
  const [method, setMethod] = useState<Method>("fifo");
  const [download, setDownload] = useState<string | null>(null);
  const client = apiClient();
  const pnl = useApi(
    () => client.GET("/v1/portfolio/pnl", { params: { query: { base: props.base, method } } }),
    [props.base, method],
  );
  const report = useApi(async () => {
    const a = await client.GET("/v1/tax/report", {
      params: { query: { year, method, base: props.base } },
    });
    // the route answers CSV too (format=csv): this page asks for JSON
    return { ...a, data: typeof a.data === "string" ? undefined : a.data };
  }, [props.base, method, year]);
  // the CSV is fetched with the key (a link could not carry it), then saved from a blob
  const csv = async () => {
    setDownload("Preparing…");
    const r = await fetch(
      `/v1/tax/report?year=${year}&method=${method}&base=${props.base}&format=csv`,
      {
        headers: { authorization: `Bearer ${storedKey() ?? ""}` },
      },
    );
    if (!r.ok) {
      setDownload(`The API answered ${r.status}`);
      return;
    }
    const name =
      /filename="([^"]+)"/.exec(r.headers.get("content-disposition") ?? "")?.[1] ??
      "tax-report.csv";
    const a = document.createElement("a");
    a.href = URL.createObjectURL(await r.blob());
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setDownload(`Saved ${name}`);
  };
  return (
    <section>
      <header class="page-head">
        <h2>P&amp;L and tax</h2>
        <form class="filters" onSubmit={(e) => e.preventDefault()}>
          <label>
            Year
            <select
              value={year}
              onChange={(e) => setYear(Number((e.target as HTMLSelectElement).value))}
            >
              {Array.from({ length: 6 }, (_, k) => thisYear - k).map((y) => (
                <option value={y}>{y}</option>
              ))}
            </select>
          </label>
          <label>
            Method
            <select
              value={method}
              onChange={(e) => setMethod((e.target as HTMLSelectElement).value as Method)}
            >
              {METHODS.map((m) => (
                <option value={m}>{m}</option>
              ))}
            </select>
          </label>
          <button type="button" onClick={csv} data-testid="csv">
            Download CSV
          </button>
        </form>
      </header>
      {download ? <p class="muted">{download}</p> : null}
      <h3>P&amp;L</h3>
      <Show loaded={pnl}>
        {(p) =>
          p.byAsset.length === 0 ? (
            <Empty>No history to report.</Empty>
          ) : (
            <div class="scroll">
              <table data-testid="pnl">
                <thead>
                  <tr>
                    <th>Asset</th>
                    <th>Realised</th>
                    <th>Income</th>
                    <th>Held</th>
                    <th>Cost basis</th>
                    <th>Value</th>
                    <th>Unrealised</th>
                  </tr>
                </thead>
                <tbody>
                  {p.byAsset.map((l) => (
                    <tr>
                      <th scope="row">{l.asset}</th>
                      <td class="num">{money(l.realised, p.base)}</td>
                      <td class="num">{money(l.income, p.base)}</td>
                      <td class="num">{units(l.amount, l.asset)}</td>
                      <td class="num">{money(l.costBasis, p.base)}</td>
                      <td class="num">{money(l.value, p.base)}</td>
                      <td class="num">{money(l.unrealised, p.base)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">Total</th>
                    <td class="num" data-testid="pnl-realised">
                      {money(p.totals.realised, p.base)}
                    </td>
                    <td class="num">{money(p.totals.income, p.base)}</td>
                    <td />
                    <td class="num">{money(p.totals.costBasis, p.base)}</td>
                    <td class="num">{money(p.totals.value, p.base)}</td>
                    <td class="num">{money(p.totals.unrealised, p.base)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          )
        }
      </Show>
      <h3>Tax report {year}</h3>
      <Show loaded={report}>
        {(r) => (
          <>
            <div class="tiles">
              <div class="tile">
                <span>Gains</span>
                <strong data-testid="tax-gain">{money(r.totals.gain, r.base)}</strong>
              </div>
              <div class="tile">
                <span>Short term</span>
                <strong>{money(r.totals.shortTerm, r.base)}</strong>
              </div>
              <div class="tile">
                <span>Long term</span>
                <strong>{money(r.totals.longTerm, r.base)}</strong>
              </div>
              <div class="tile">
                <span>Income</span>
                <strong>{money(r.totals.income, r.base)}</strong>
              </div>
            </div>
            {r.findings.length ? (
              <p class="warn">
                {r.findings.length} things to check (missing acquisitions, assumed bases, unpriced
                values): see the JSON report.
              </p>
            ) : null}
            {r.disposals.length === 0 ? (
              <Empty>No disposals in {year}.</Empty>
            ) : (
              <div class="scroll">
                <table data-testid="disposals">
                  <thead>
                    <tr>
                      <th>Asset</th>
                      <th>Acquired</th>
                      <th>Sold</th>
                      <th>Proceeds</th>
                      <th>Cost</th>
                      <th>Gain</th>
                      <th>Term</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.disposals.slice(0, SHOWN).map((d) => (
                      <tr>
                        <td>
                          {units(d.amount, d.asset)} {d.asset}
                        </td>
                        <td>{d.acquiredAt ? day(d.acquiredAt) : "missing"}</td>
                        <td>{day(d.disposedAt)}</td>
                        <td class="num">{money(d.proceeds, r.base)}</td>
                        <td class="num">{money(d.cost, r.base)}</td>
                        <td class="num">{money(d.gain, r.base)}</td>
                        <td>{d.taxFree ? "tax free" : d.term}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {r.disposals.length > SHOWN ? (
                  <p class="muted">
                    The first {SHOWN} of {r.disposals.length}; the CSV has them all.
                  </p>
                ) : null}
              </div>
            )}
          </>
        )}
      </Show>
    </section>
  );
}
