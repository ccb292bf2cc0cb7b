import { env } from "cloudflare:test";
import { Dec, formatAmount } from "@portfolio/core";
import { createDb } from "@portfolio/db";
import type { Fixture } from "@portfolio/evm-chain/types";
import { describe, expect, it } from "vitest";
import { priceStub } from "../src/prices/price-do.js";
import { rebuildOwnerHistory } from "../src/snapshots/rebuild-history.js";
import { evmFixtureConfig } from "./evm-fixture.js";
import { accountStub, OWNER, registerInput, unwrap } from "./helpers.js";

// The past chain: the scripted wallet history with its steps three hours apart, days ago.
const fx = JSON.parse(env.PAST_EVM_FIXTURE) as Fixture;
const HOUR = 3_600_000;

async function rpc<T>(method: string, params: unknown[]): Promise<T> {
  const r = await fetch(fx.rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return ((await r.json()) as { result: T }).result;
}

/** A contract's answer at a block, as 32-byte words (a raw eth_call: no client of ours). */
async function call(to: string, selector: string, block: number): Promise<bigint[]> {
  const out = await rpc<string>("eth_call", [{ to, data: selector }, `0x${block.toString(16)}`]);
  return (out.slice(2).match(/.{64}/g) ?? []).map((w) => BigInt(`0x${w}`));
}

/** Every block's time, read here from the chain. */
async function blockTimes(): Promise<number[]> {
  const latest = Number(await rpc<string>("eth_blockNumber", []));
  const times: number[] = [];
  for (let b = 0; b <= latest; b++) {
    const block = await rpc<{ timestamp: string }>("eth_getBlockByNumber", [
      `0x${b.toString(16)}`,
      false,
    ]);
    times.push(Number(block.timestamp) * 1000);
  }
  return times;
}

const TOKEN0 = "0x0dfe1681";
const GET_RESERVES = "0x0902f1ac";
const SLOT0 = "0x3850c7bd";
const DECIMALS = "0x313ce567";

/** token0 in token1 at `block` by the pool's own state: reserves (V2) or slot0 (V3). */
async function poolPriceAt(pool: string, version: "v2" | "v3", block: number): Promise<Dec> {
  const [token0] = await call(pool, TOKEN0, block);
  const t0 = `0x${(token0 as bigint).toString(16).padStart(40, "0")}`;
  const t1 = t0.toLowerCase() === fx.tokens.TKA.toLowerCase() ? fx.tokens.USDC : fx.tokens.TKA;
  const [d0] = await call(t0, DECIMALS, block);
  const [d1] = await call(t1, DECIMALS, block);
  const scale = new Dec(10).pow(Number(d0) - Number(d1));
  if (version === "v2") {
    const [r0, r1] = await call(pool, GET_RESERVES, block);
    return new Dec(String(r1)).div(String(r0)).mul(scale);
  }
  const [sqrt] = await call(pool, SLOT0, block);
  return new Dec(String(sqrt)).pow(2).div(new Dec(2).pow(192)).mul(scale);
}

let registered: Promise<string> | null = null;
/** The wallet of the past chain, registered and synced once for the tests that read it. */
function pastWallet(): Promise<string> {
  registered ??= (async () => {
    const input = registerInput(
      {
        name: "past wallet",
        provider: "evm",
        type: "dex",
        config: evmFixtureConfig(fx),
        credentials: null,
      },
      { platformAccountId: fx.wallet },
    );
    unwrap(await accountStub(input.id).register(input));
    for (let i = 0; i < 20; i++) {
      const view = unwrap(await accountStub(input.id).requestSync(OWNER));
      if (view.sync.historyComplete) return input.id;
    }
    throw new Error("history did not complete");
  })();
  return registered;
}

describe("prices from the chain's pools", () => {
  it("stores each pool's hourly closes, each the pool's own price at the last block of the hour", async () => {
    await pastWallet();
    const times = await blockTimes();
    for (const [version, pool] of [
      ["v2", fx.v2.pair],
      ["v3", fx.v3.pool],
    ] as const) {
      const source = `uniswap-${version}:${pool}`;
      const rows = (
        await env.DB.prepare(
          "SELECT close_time, close FROM price_candles WHERE source = ? AND interval = '1h' ORDER BY close_time",
        )
          .bind(source)
          .all<{ close_time: number; close: string }>()
      ).results;
      // the pools trade over more than a day of the scripted hours
      expect(rows.length).toBeGreaterThan(24);
      for (const c of rows) {
        // the last block mined by the candle's close: the pool's state then is its close
        const block = times.findLastIndex((t) => t <= c.close_time);
        const expected = formatAmount(
          (await poolPriceAt(pool, version, block)).toSignificantDigits(20),
        );
        expect(`${source} ${new Date(c.close_time).toISOString()} ${c.close}`).toBe(
          `${source} ${new Date(c.close_time).toISOString()} ${expected}`,
        );
      }
    }
  });

  it("prices the pool's token at a past hour through the pool, then the local Binance's markets", async () => {
    await pastWallet();
    const times = await blockTimes();
    // an hour after the scripted swaps began: two days before the chain's last block
    const at = Math.floor(((times.at(-1) as number) - 24 * HOUR) / HOUR) * HOUR - 1;
    const r = await priceStub(env.PRICES).prices(["TKA"], "USD", at);
    if (!r.ok) throw new Error(JSON.stringify(r));
    const [tka] = r.prices;
    expect(tka?.path.map((h) => `${h.from}>${h.to}`)).toEqual([
      "TKA>USDC",
      "USDC>USDT",
      "USDT>USD",
    ]);
    const hop = tka?.path[0];
    expect(hop?.source).toMatch(/^uniswap-v[23]:0x[0-9a-fA-F]{40}:1h$/);
    const [, version, pool] = /^uniswap-(v[23]):(0x[0-9a-fA-F]{40})/.exec(hop?.source ?? "") ?? [];
    // the pool's own TKA price at the last block of the hour before, × the local Binance's
    // USDCUSDT hourly close then (USDT at par)
    const block = times.findLastIndex((t) => t <= at);
    const onChain = await poolPriceAt(pool as string, version as "v2" | "v3", block);
    const tkaInUsdc = onChain.gt(1) ? onChain : new Dec(1).div(onChain);
    const k = (await (
      await fetch(
        `${env.FAKE_BINANCE_URL}/api/v3/klines?symbol=USDCUSDT&interval=1h&startTime=${at - 3 * HOUR}&limit=5`,
      )
    ).json()) as (string | number)[][];
    const usdc = [...k].reverse().find((x) => (x[6] as number) <= at)?.[4] as string;
    expect(Number(tka?.price)).toBeCloseTo(tkaInUsdc.mul(usdc).toNumber(), 9);
  });

  it("values the token in the rebuilt history at its pool's price of each hour", async () => {
    await pastWallet();
    const now = Date.now();
    const result = await rebuildOwnerHistory(createDb(env.DB), env.PRICES, OWNER, "USD", now);
    expect(result.written).toBeGreaterThan(24);
    const points = (
      await env.DB.prepare(
        "SELECT timestamp, asset_breakdown FROM portfolio_snapshots WHERE owner_id = ? AND source = 'rebuilt' ORDER BY timestamp",
      )
        .bind(OWNER)
        .all<{ timestamp: number; asset_breakdown: string }>()
    ).results;
    // every hour from the first pool's first price on values TKA, at the service's price then
    const priced = points.filter((p) =>
      (JSON.parse(p.asset_breakdown) as { asset: string; price: string | null }[]).some(
        (h) => h.asset === "TKA" && h.price !== null,
      ),
    );
    expect(priced.length).toBeGreaterThan(24);
    const sample = priced[Math.floor(priced.length / 2)] as (typeof priced)[number];
    const held = (JSON.parse(sample.asset_breakdown) as { asset: string; price: string }[]).find(
      (h) => h.asset === "TKA",
    );
    const r = await priceStub(env.PRICES).prices(["TKA"], "USD", sample.timestamp);
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(held?.price).toBe(r.prices[0]?.price);
  });
});
