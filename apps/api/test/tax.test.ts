import { env, SELF } from "cloudflare:test";
import { Dec, formatAmount } from "@portfolio/core";
import { testApiTokens } from "@portfolio/test-support";
import { type HistoryRow, storeHistory } from "@portfolio/test-support/stored-history";
import { beforeAll, describe, expect, it } from "vitest";
import { api, quietAccount } from "./http.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string) => Date.parse(iso);

let n = 0;
/** A ledger row written straight to D1, as a sync would have stored it. */
async function row(accountId: string, r: Omit<HistoryRow, "txId">) {
  await storeHistory(env.DB, accountId, [{ ...r, txId: `tax-${++n}` }]);
}

let a: string;
let b: string;
// owner "other": on a, 1 BTC for 100 (2025-01-10), 1 for 300 (2025-02-10), 1 for 150
// (2025-03-10); 1 BTC sold for 400 (2025-04-10); 1 BTC moved to b (2025-05-10), where it is
// sold for 500 (2025-06-10)
beforeAll(async () => {
  a = await quietAccount("tax-a", "other");
  b = await quietAccount("tax-b", "other");
  const usd = (
    txType: HistoryRow["txType"],
    amount: string,
    usdAmount: string,
    iso: string,
    acc = a,
  ) =>
    row(acc, {
      txType,
      asset: "BTC",
      amount,
      quoteAsset: "USD",
      quoteAmount: usdAmount,
      timestamp: at(iso),
    });
  await usd("buy", "1", "100", "2025-01-10T12:00:00Z");
  await usd("buy", "1", "300", "2025-02-10T12:00:00Z");
  await usd("buy", "1", "150", "2025-03-10T12:00:00Z");
  await usd("sell", "1", "400", "2025-04-10T12:00:00Z");
  const link = { chainTxId: "0xtaxmove" };
  await row(a, {
    txType: "withdrawal",
    asset: "BTC",
    amount: "1",
    timestamp: at("2025-05-10T12:00:00Z"),
    metadata: link,
  });
  await row(b, {
    txType: "deposit",
    asset: "BTC",
    amount: "1",
    timestamp: at("2025-05-10T12:30:00Z"),
    metadata: link,
  });
  await usd("sell", "1", "500", "2025-06-10T12:00:00Z", b);
});

/** A request whose answer is not JSON (the CSV), as the owner "other". */
function fetchCsv(path: string): Promise<Response> {
  return SELF.fetch(`https://api.test${path}`, {
    headers: { authorization: `Bearer ${testApiTokens.other}` },
  });
}

const report = (query: string) =>
  api("GET", `/v1/tax/report?year=2025&${query}`, { token: "other" });

describe("GET /v1/tax/report", () => {
  it("reports FIFO's gains: 400 − 100, and b's coin (moved with its 300 basis) 500 − 300", async () => {
    const r = await report("method=fifo");
    expect(r.status).toBe(200);
    expect(
      r.json.disposals.map(
        (d: { accountId: string; proceeds: string; cost: string; gain: string }) => [
          d.accountId === a ? "a" : "b",
          d.proceeds,
          d.cost,
          d.gain,
        ],
      ),
    ).toEqual([
      ["a", "400", "100", "300"],
      // the move took a's next-oldest lot, bought 2025-02-10 for 300
      ["b", "500", "300", "200"],
    ]);
    expect(r.json.disposals[1]).toMatchObject({
      acquiredIn: a,
      acquiredAt: "2025-02-10T12:00:00.000Z",
      term: "short",
    });
    expect(r.json.totals).toMatchObject({
      proceeds: "900",
      cost: "400",
      gain: "500",
      shortTerm: "500",
    });
    expect(r.json.rounding).toEqual({ places: 2, mode: "halfEven" });
  });

  it("reports HIFO's: the 300 coin sold first (400 − 300), the 150 one moved (500 − 150)", async () => {
    const r = await report("method=hifo");
    expect(r.json.totals).toMatchObject({ cost: "450", gain: "450" });
  });

  it("reports average cost: 550/3 each, money rounded half to even at the end", async () => {
    // each coin costs 550 / 3 = 183.333…; gains 400 − 183.33… and 500 − 183.33… = 533.33…
    const r = await report("method=average");
    expect(r.json.disposals.map((d: { cost: string }) => d.cost)).toEqual(["183.33", "183.33"]);
    expect(r.json.totals.gain).toBe("533.33");
  });

  it("downloads the year as a CSV file", async () => {
    const res = await fetchCsv("/v1/tax/report?year=2025&method=fifo&format=csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="tax-report-2025-fifo-USD.csv"',
    );
  });

  it("reports in a stablecoin: USD at par with USDT, money to 8 places", async () => {
    const r = await report("method=fifo&base=USDT");
    expect(r.status).toBe(200);
    expect(r.json.totals.gain).toBe("500");
    expect(r.json.rounding).toEqual({ places: 8, mode: "halfEven" });
  });

  it("reports one account of the owner's with accountId, and refuses another owner's", async () => {
    const r = await report(`method=fifo&accountId=${b}`);
    expect(r.json.disposals.map((d: { gain: string }) => d.gain)).toEqual(["200"]);
    const mine = await quietAccount("tax-foreign", "all");
    const foreign = await report(`accountId=${mine}`);
    expect(foreign.status).toBe(404);
    expect(foreign.json.error.code).toBe("NOT_FOUND");
  });

  it("refuses an unknown method, a year not begun and a base no price reaches, with the envelope", async () => {
    const bad = await report("method=lofi");
    expect([bad.status, bad.json.error.code]).toEqual([400, "VALIDATION_FAILED"]);
    const future = await api("GET", `/v1/tax/report?year=${new Date().getUTCFullYear() + 1}`, {
      token: "other",
    });
    expect(future.status).toBe(400);
    const base = await report("base=NOSUCHCOIN");
    expect([base.status, base.json.error.code]).toEqual([400, "BAD_REQUEST"]);
    expect(base.json.error.details.reachable).toEqual(
      expect.arrayContaining(["USD", "EUR", "BTC"]),
    );
  });
});

describe("GET /v1/tax/report?format=csv", () => {
  it("writes a line per lot disposed of, money rounded", async () => {
    const res = await fetchCsv("/v1/tax/report?year=2025&method=fifo&format=csv");
    expect(await res.text()).toBe(
      [
        "Description,Date acquired,Date sold,Proceeds,Cost,Gain or loss,Term",
        "1 BTC,2025-01-10,2025-04-10,400,100,300,short",
        "1 BTC,2025-02-10,2025-06-10,500,300,200,short",
        "",
      ].join("\n"),
    );
  });
});

describe("GET /v1/portfolio/pnl and /v1/tax/lots", () => {
  it("splits realised gains by account and holds the last coin at its basis", async () => {
    const r = await api("GET", "/v1/portfolio/pnl?method=fifo", { token: "other" });
    expect(r.status).toBe(200);
    const byAccount = Object.fromEntries(
      r.json.byAccount.map(
        (l: { accountId: string; realised: string; amount: string; costBasis: string }) => [
          l.accountId === a ? "a" : "b",
          [l.realised, l.amount, l.costBasis],
        ],
      ),
    );
    // a: sold the 100 coin (300), holds the 150 one; b: sold the moved 300 coin (200)
    expect(byAccount).toEqual({ a: ["300", "1", "150"], b: ["200", "0", "0"] });
    // the coin left is worth the local Binance's BTCUSDT ticker now (USDT at par)
    const ticker = (await (
      await fetch(`${env.FAKE_BINANCE_URL}/api/v3/ticker/price?symbol=BTCUSDT`)
    ).json()) as { price: string };
    const btc = r.json.byAsset.find((l: { asset: string }) => l.asset === "BTC");
    expect(btc.value).toBe(
      formatAmount(new Dec(ticker.price).toDecimalPlaces(2, Dec.ROUND_HALF_EVEN)),
    );
  });

  it("lists the open lot with where and when it was bought", async () => {
    const r = await api("GET", "/v1/tax/lots?asset=BTC&method=fifo", { token: "other" });
    expect(
      r.json.lots.map(
        (l: { accountId: string; amount: string; cost: string; acquiredAt: string }) => [
          l.accountId === a,
          l.amount,
          l.cost,
          l.acquiredAt,
        ],
      ),
    ).toEqual([[true, "1", "150", "2025-03-10T12:00:00.000Z"]]);
  });
});

describe("settings", () => {
  it("recomputes every report with the method the owner sets, rewriting nothing", async () => {
    const put = await api("PUT", "/v1/tax/settings", { token: "other", body: { method: "hifo" } });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ method: "hifo", pooling: "account", longTermDays: 365 });
    expect((await report("")).json.totals.gain).toBe("450");
    expect((await api("GET", "/v1/tax/settings", { token: "other" })).json.method).toBe("hifo");
    // an account that is not the owner's cannot carry a method
    const bad = await api("PUT", "/v1/tax/settings", {
      token: "other",
      body: { accountMethods: { acct_00000000000000000000: "lifo" } },
    });
    expect(bad.status).toBe(404);
    expect((await api("GET", "/v1/tax/settings", { token: "other" })).json.method).toBe("hifo");
  });
});

describe("a convert between two coins", () => {
  it("values the coin given at the local Binance's price of that hour", async () => {
    const c = await quietAccount("tax-convert", "all");
    const t = Math.floor((Date.now() - 20 * DAY) / HOUR) * HOUR + 25 * 60_000;
    await row(c, {
      txType: "buy",
      asset: "BTC",
      amount: "1",
      quoteAsset: "USD",
      quoteAmount: "20000",
      timestamp: t - DAY,
    });
    await row(c, {
      txType: "convert",
      asset: "ETH",
      amount: "3",
      quoteAsset: "BTC",
      quoteAmount: "0.5",
      timestamp: t,
    });
    const r = await api(
      "GET",
      `/v1/tax/report?year=${new Date(t).getUTCFullYear()}&accountId=${c}`,
    );
    expect(r.status).toBe(200);
    // the last hourly BTCUSDT close before the convert's hour, USDT at par
    const k = (await (
      await fetch(
        `${env.FAKE_BINANCE_URL}/api/v3/klines?symbol=BTCUSDT&interval=1h&startTime=${t - 3 * HOUR}&limit=5`,
      )
    ).json()) as (string | number)[][];
    const close = [...k].reverse().find((x) => (x[6] as number) <= t)?.[4] as string;
    const proceeds = new Dec(close).mul("0.5");
    const [d] = r.json.disposals;
    expect([d.asset, d.proceeds, d.cost]).toEqual([
      "BTC",
      formatAmount(proceeds.toDecimalPlaces(2, Dec.ROUND_HALF_EVEN)),
      "10000",
    ]);
  });
});
