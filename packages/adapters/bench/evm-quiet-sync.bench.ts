// `pnpm bench`: what a quiet EVM account costs its node. The scripted fixture wallet (tokens,
// a V2 pair, V3 positions, price pools) is synced once; then the chain moves on without it (three
// empty blocks between syncs, as mainnet makes in about 36 s) and each sync is counted: HTTP
// requests and JSON-RPC calls by method. Calls per day = calls per quiet sync × syncs a day at
// the account's schedule. Fails only if a quiet sync stored a row (it would measure something else).
import { deployFixture, startAnvil } from "@portfolio/evm-chain";
import { it } from "vitest";
import { EvmConfig } from "../src/evm/config.js";
import { EvmAdapter } from "../src/evm/evm-adapter.js";

const QUIET_SYNCS = 20;
const INTERVAL_S = 30;

it("measures the JSON-RPC calls of a quiet EVM account's syncs", async () => {
  const anvil = await startAnvil();
  try {
    const fx = await deployFixture(anvil.rpcUrl);
    let counting = false;
    let http = 0;
    const byMethod = new Map<string, number>();
    const fetchCounted: typeof fetch = async (input, init) => {
      if (counting) {
        http++;
        const body = JSON.parse(String(init?.body ?? "{}")) as
          | { method: string }
          | { method: string }[];
        for (const m of Array.isArray(body) ? body : [body])
          byMethod.set(m.method, (byMethod.get(m.method) ?? 0) + 1);
      }
      return fetch(input, init);
    };
    const adapter = new EvmAdapter(
      EvmConfig.parse({
        rpcUrl: fx.rpcUrl,
        chainId: fx.chainId,
        addresses: [fx.wallet],
        multicall3: fx.multicall3,
        wrappedNative: fx.tokens.WETH,
        uniswapV3PositionManager: fx.v3.positionManager,
        uniswapV3Factory: fx.v3.factory,
        quoteToken: fx.tokens.USDC,
        pricePools: [
          { version: "v3", address: fx.v3.pool },
          { version: "v2", address: fx.v2.pair },
        ],
        confirmations: 2,
      }),
      { now: () => Date.now(), fetch: fetchCounted },
    );
    let cursor: string | null = null;
    const sync = async () => {
      let rows = 0;
      for (let more = true; more; ) {
        const page = await adapter.getTransactions({ cursor, limit: 1000 });
        if (!page.ok) throw new Error(page.error.message);
        rows += page.value.transactions.length;
        cursor = page.value.nextCursor;
        more = page.value.hasMore;
      }
      for (const r of [await adapter.getBalances(), await adapter.getMarketValues("USD")])
        if (!r.ok) throw new Error(r.error.message);
      return rows;
    };
    await sync();
    const mine = (n: number) =>
      fetch(fx.rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "anvil_mine",
          params: [`0x${n.toString(16)}`],
        }),
      });
    // the blocks under the confirmation depth at the first sync become final in the next one
    await mine(3);
    await sync();
    counting = true;
    for (let i = 0; i < QUIET_SYNCS; i++) {
      await mine(3);
      const rows = await sync();
      if (rows !== 0) throw new Error(`a quiet sync stored ${rows} rows`);
    }
    const calls = [...byMethod.values()].reduce((a, b) => a + b, 0);
    const perSync = calls / QUIET_SYNCS;
    console.log(
      [
        "",
        `EVM quiet account: ${QUIET_SYNCS} syncs of the fixture wallet, 3 empty blocks between them (anvil on 127.0.0.1)`,
        `  per quiet sync: ${(http / QUIET_SYNCS).toFixed(1)} HTTP requests carrying ${perSync.toFixed(1)} JSON-RPC calls`,
        `  by method (per sync): ${[...byMethod]
          .sort(([, a], [, b]) => b - a)
          .map(([m, n]) => `${m} ${(n / QUIET_SYNCS).toFixed(1)}`)
          .join(", ")}`,
        `  at one sync every ${INTERVAL_S} s: ${Math.round((perSync * 86_400) / INTERVAL_S)} JSON-RPC calls a day`,
        "",
      ].join("\n"),
    );
  } finally {
    await anvil.stop();
  }
}, 600_000);
