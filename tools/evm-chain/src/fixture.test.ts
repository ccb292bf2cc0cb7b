import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Anvil, startAnvil } from "./anvil.ts";
import { deployFixture, type Fixture } from "./fixture.ts";
import { startRangeLimitedProxy } from "./range-limited-proxy.ts";

let anvil: Anvil;
let fixture: Fixture;
beforeAll(async () => {
  anvil = await startAnvil();
  fixture = await deployFixture(anvil.rpcUrl);
}, 60_000);
afterAll(() => anvil.stop());

async function rpc(url: string, method: string, params: unknown[]) {
  const r = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return {
    status: r.status,
    body: (await r.json()) as { result?: unknown; error?: { code: number; message: string } },
  };
}

describe("the local chain", () => {
  it("plays every scripted step of the wallet's history, each mined, only the last one failing", async () => {
    expect(fixture.steps.map((s) => s.kind)).toEqual([
      "receive TKA",
      "receive USDC",
      "receive OLD",
      "send TKA",
      "receive ETH (no log)",
      "send ETH",
      "wrap ETH",
      "approve TKA for the V2 router",
      "approve USDC for the V2 router",
      "V2 add liquidity",
      "V2 swap: USDC for TKA",
      "V2 swap: ETH for TKA",
      "V2 swap: TKA for ETH",
      "approve UNI-V2 for the V2 router",
      "V2 remove liquidity",
      "approve TKA for the position manager",
      "approve USDC for the position manager",
      "V3 mint position",
      "approve TKA for the V3 router",
      "V3 swap: TKA for USDC",
      "V3 add liquidity",
      "V3 remove liquidity and collect",
      "V3 decrease liquidity",
      "V3 collect",
      "approve WETH for the position manager",
      "V3 mint WETH/USDC position",
      "V3 remove WETH/USDC liquidity as ETH",
      "unwrap ETH",
      "send OLD",
      "failed transfer",
    ]);
    expect(BigInt(fixture.v3.tokenId)).toBeGreaterThan(0n);
    const statuses = await Promise.all(
      fixture.steps.map(
        async (s) =>
          (
            (await rpc(anvil.rpcUrl, "eth_getTransactionReceipt", [s.txHash])).body.result as {
              status: string;
            }
          ).status,
      ),
    );
    expect(statuses.slice(0, -1).every((x) => x === "0x1")).toBe(true);
    expect(statuses.at(-1)).toBe("0x0");
  });

  it("has a proxy that refuses wide eth_getLogs ranges like hosted nodes, and 429s on demand", async () => {
    const proxy = await startRangeLimitedProxy(anvil.rpcUrl, 3);
    try {
      const wide = await rpc(proxy.url, "eth_getLogs", [{ fromBlock: "0x0", toBlock: "0x9" }]);
      expect(wide.body.error).toMatchObject({ code: -32005 });
      const narrow = await rpc(proxy.url, "eth_getLogs", [{ fromBlock: "0x0", toBlock: "0x2" }]);
      expect(Array.isArray(narrow.body.result)).toBe(true);
      await rpc(proxy.url, "proxy_fail429", [1]);
      expect((await rpc(proxy.url, "eth_chainId", [])).status).toBe(429);
      expect((await rpc(proxy.url, "eth_chainId", [])).body.result).toBe("0x7a69");
      expect(proxy.refused()).toBe(1);
      // inside a batch, call by call, as hosted providers answer
      const r = await fetch(proxy.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify([
          {
            jsonrpc: "2.0",
            id: 7,
            method: "eth_getLogs",
            params: [{ fromBlock: "0x0", toBlock: "0x9" }],
          },
          {
            jsonrpc: "2.0",
            id: 8,
            method: "eth_getLogs",
            params: [{ fromBlock: "0x0", toBlock: "0x1" }],
          },
        ]),
      });
      const batch = (await r.json()) as {
        id: number;
        result?: unknown;
        error?: { code: number };
      }[];
      expect(batch.map((a) => [a.id, a.error?.code ?? "ok"])).toEqual([
        [7, -32005],
        [8, "ok"],
      ]);
      expect(proxy.refused()).toBe(2);
    } finally {
      await proxy.close();
    }
  });
});
