import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../src/index.js";
import { wireNumbers } from "../src/routes/portfolio/wire-numbers.js";
import { api, quietAccount } from "./http.js";

const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY);
// 35 days of daily returns alternating +1% / −0.5%, and a BTC price walking the other way
const returns = Array.from({ length: 35 }, (_, k) => (k % 2 === 0 ? 0.01 : -0.005));
const DEPOSIT_DAY = 20;

/** The seeded portfolio's value on day k (0 … 34): 1000, the returns compounded, the deposit added. */
const values: number[] = [];
for (const [k, r] of returns.entries())
  values.push(
    k === 0 ? 1000 : ((values[k - 1] as number) + (k === DEPOSIT_DAY ? 1000 : 0)) * (1 + r),
  );

async function seedHistory(accountId: string) {
  for (let k = 0; k < 35; k++) {
    const day = today - 34 + k;
    const value = values[k] as number;
    const at = Math.min(day * DAY + 12 * 3_600_000, Date.now() - 1000);
    const btc = 50_000 * (1 - 0.002 * k);
    await env.DB.prepare(
      "INSERT INTO portfolio_snapshots (id, owner_id, timestamp, value, base_currency, asset_breakdown, prices, inserted_at, updated_at) VALUES (?, 'other', ?, ?, 'USD', ?, ?, ?, ?)",
    )
      .bind(
        `snap_test${String(k).padStart(16, "0")}`,
        at,
        String(value),
        JSON.stringify([
          { asset: "USDT", amount: String(value), price: "1", value: String(value) },
        ]),
        JSON.stringify({ BTC: String(btc), USDT: "1" }),
        at,
        at,
      )
      .run();
  }
  const depositAt = (today - 34 + DEPOSIT_DAY) * DAY + 3_600_000;
  await env.DB.prepare(
    "INSERT INTO transactions (id, account_id, tx_id, tx_type, asset, amount, timestamp, metadata, source, inserted_at, updated_at) VALUES ('tx_testdeposit00000000', ?, 'dep-1', 'deposit', 'USDT', '1000', ?, '{}', 'api', ?, ?)",
  )
    .bind(accountId, depositAt, depositAt, depositAt)
    .run();
}

/** The owner "other"'s 35 days of snapshots and its deposit, written once for the tests that read them. */
let seeded: Promise<void> | null = null;
function seededHistory(): Promise<void> {
  seeded ??= (async () => {
    await seedHistory(await quietAccount("m", "other"));
  })();
  return seeded;
}

describe("portfolio history and metrics", () => {
  it("answers TWR, ROI, MWR, risk, benchmark, diversity and custom metrics from the snapshots", async () => {
    await seededHistory();

    const r = await api("GET", "/v1/portfolio/metrics?period=30d&benchmark=BTC", {
      token: "other",
    });
    expect(r.status).toBe(200);
    const m = r.json;
    const inPeriod = returns.slice(5); // days today−29 … today
    const twr = inPeriod.reduce((w, x) => w * (1 + x), 1) - 1;
    expect(m.twr.total).toBeCloseTo(twr, 9);
    // 31 valuation days (today−30 … today): 30 elapsed
    expect(m.twr.days).toBe(30);
    expect(m.returns).toHaveLength(30);
    // amounts go out as decimal strings; only ratios are numbers
    expect(m.inflows).toBe("1000");
    expect(typeof m.startValue).toBe("string");
    // the period opens at day 4's value (today−30) and closes at day 34's
    const [start, end] = [values[4] as number, values[34] as number];
    expect(Number(m.startValue)).toBeCloseTo(start, 9);
    expect(Number(m.endValue)).toBeCloseTo(end, 9);
    // ROI: the gain net of the deposit over what was put in (the start value and the deposit)
    expect(m.roi).toBeCloseTo((end - start - 1000) / (start + 1000), 12);
    expect(m.mwr.status).toBe("converged");
    expect(m.risk.annualVolatility).toBeGreaterThan(0);
    expect(typeof m.risk.sharpeRatio).toBe("number");
    expect(m.benchmark).toEqual({
      asset: "BTC",
      totalReturn: expect.closeTo((1 - 0.002 * 34) / (1 - 0.002 * 4) - 1, 9),
      points: 30,
    });
    expect(m.risk.beta).not.toBeNull();
    expect(m.diversity).toMatchObject({ holdings: 1, hhi: 1 });
    expect(Object.keys(m.custom).sort()).toEqual(["bestDay", "positiveDayShare", "worstDay"]);
    expect(m.custom.bestDay).toBeCloseTo(0.01, 12);
    expect(m.conventions.periodsPerYear).toBe(365);

    const history = await api("GET", "/v1/portfolio/history?interval=day", { token: "other" });
    expect(history.status).toBe(200);
    const withDeposit = history.json.points.find((p: { inflow: string }) => p.inflow !== "0");
    expect(withDeposit.inflow).toBe("1000");
    const weekly = await api("GET", "/v1/portfolio/history?interval=week&base=BTC", {
      token: "other",
    });
    expect(weekly.json.points.length).toBeGreaterThanOrEqual(5);
    expect(Number(weekly.json.points.at(-1).value)).toBeLessThan(1);
  });

  it("takes a snapshot on request, once per minute", async () => {
    const first = await api("POST", "/v1/portfolio/snapshots");
    const second = await api("POST", "/v1/portfolio/snapshots");
    expect(first.status).toBe(201);
    expect(first.json.written).toBe(true);
    // a second request in the same minute writes nothing; one in the next minute writes its own
    expect(second.json.written).toBe(second.json.timestamp !== first.json.timestamp);
    const rows = await env.DB.prepare(
      "SELECT owner_id FROM portfolio_snapshots WHERE timestamp = ?",
    )
      .bind(Date.parse(first.json.timestamp))
      .all();
    expect(rows.results).toEqual([{ owner_id: "default" }]);
  });

  it("answers rolling volatility, Sharpe and drawdown over the window asked for", async () => {
    await seededHistory();
    const r = await api("GET", "/v1/portfolio/metrics?period=30d&rollingWindow=10", {
      token: "other",
    });
    expect(r.status).toBe(200);
    const { window, points } = r.json.rolling;
    expect(window).toBe(10);
    expect(points).toHaveLength(30);
    // the first nine days have no full window
    expect(points.slice(0, 9).every((p: { volatility: unknown }) => p.volatility === null)).toBe(
      true,
    );
    // a window of alternating +1% / −0.5% days has the volatility of those ten returns (five of
    // each): mean 0.0025, every deviation ±0.0075, so sd = 0.0075 × √(10 / 9) = 0.0079057,
    // × √365 = 0.151039; the deposit day is no return of its own (TTWROR leaves it out)
    const last = points.at(-1);
    expect(last.volatility).toBeCloseTo(0.151039, 4);
    expect(last.maxDrawdown).toBeCloseTo(-0.005, 9);
    expect(
      (await api("GET", "/v1/portfolio/metrics?rollingWindow=1", { token: "other" })).status,
    ).toBe(400);
  });

  it("benchmarks against an asset no snapshot prices, from the price service's daily closes", async () => {
    await seededHistory();
    const r = await api("GET", "/v1/portfolio/metrics?period=30d&benchmark=SOL", {
      token: "other",
    });
    expect(r.status).toBe(200);
    const m = r.json;
    // the close of the last daily candle closed by the end of each day (today's is still open:
    // yesterday's close stands), as the local Binance's klines say, taken to USD at par
    const first = Date.parse(`${m.startDate}T00:00:00Z`);
    const k = (await (
      await fetch(
        `${env.FAKE_BINANCE_URL}/api/v3/klines?symbol=SOLUSDT&interval=1d&startTime=${first}&limit=40`,
      )
    ).json()) as (string | number)[][];
    const closeBy = (end: number) =>
      Number([...k].reverse().find((c) => (c[6] as number) <= Math.min(end, Date.now() - 1))?.[4]);
    const endOf = (date: string) => Date.parse(`${date}T00:00:00Z`) + DAY - 1;
    const expected = closeBy(endOf(m.endDate)) / closeBy(endOf(m.startDate)) - 1;
    expect(m.benchmark.asset).toBe("SOL");
    expect(m.benchmark.points).toBeGreaterThan(20);
    expect(m.benchmark.totalReturn).toBeCloseTo(expected, 9);
  });

  it("takes the hourly snapshots when the scheduled event reaches the API worker (pnpm dev)", async () => {
    // a simulated account of its own owner's, so the job has someone to snapshot
    const created = await api("POST", "/v1/accounts", {
      body: { name: "cron", provider: "simulated", config: { seed: "cron" } },
    });
    expect(created.status).toBe(201);
    // a minute no other test writes: the job snapshots every owner at the minute it is given
    const at = Date.UTC(2031, 0, 1, 13, 0);
    const ctx = createExecutionContext();
    worker.scheduled?.({ scheduledTime: at, cron: "0 * * * *", noRetry() {} }, env, ctx);
    await waitOnExecutionContext(ctx);
    const rows = await env.DB.prepare(
      "SELECT owner_id FROM portfolio_snapshots WHERE timestamp = ?",
    )
      .bind(at)
      .all<{ owner_id: string }>();
    expect(rows.results.map((r) => r.owner_id)).toContain("default");
  });

  it("rejects a bad period, a reversed range and unknown parameters", async () => {
    expect((await api("GET", "/v1/portfolio/metrics?period=2w")).status).toBe(400);
    expect(
      (await api("GET", "/v1/portfolio/history?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z"))
        .status,
    ).toBe(400);
    expect((await api("GET", "/v1/portfolio/metrics?risk=high")).status).toBe(400);
    expect((await api("GET", "/v1/portfolio/history?interval=minute")).status).toBe(400);
  });

  it("sends infinite ratios as strings, since JSON has no Infinity", () => {
    expect(wireNumbers({ a: Number.POSITIVE_INFINITY, b: [Number.NEGATIVE_INFINITY, 1] })).toEqual({
      a: "Infinity",
      b: ["-Infinity", 1],
    });
  });
});
