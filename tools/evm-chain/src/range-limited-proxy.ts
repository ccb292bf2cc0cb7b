import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type AssetTransfersParams, assetTransfers } from "./asset-transfers.ts";

interface RpcRequest {
  jsonrpc: "2.0";
  id: number | string;
  method: string;
  params?: { fromBlock?: string; toBlock?: string }[];
}
type RpcResponse = { jsonrpc: "2.0"; id: number | string } & (
  | { result: unknown }
  | { error: { code: number; message: string } }
);

/**
 * A JSON-RPC proxy in front of a node that behaves like hosted RPC providers: it refuses
 * eth_getLogs over more than `maxRange` blocks (code -32005, "query exceeds max block range"),
 * call by call inside a batch as they do, and on demand answers HTTP 429 or answers late, or
 * wants a key in a header, as keyed endpoints do. Methods of the proxy itself: `proxy_fail429 [n]`
 * (the next n HTTP requests get 429), `proxy_delay [ms]` (every answer waits that long),
 * `proxy_require_header [path, name, value]` (requests to that path need that header, else
 * HTTP 401 with a message that echoes the path and the header given, as careless nodes do; a
 * null value lifts it), `proxy_refuse [method, n]` (the next n calls of that method, inside a
 * batch or not, get -32005 "limit exceeded" while the rest of their batch is answered, as
 * providers throttle call by call), `proxy_stats` (calls refused, requests let in and turned away
 * by a header rule, calls refused by `proxy_refuse`), `proxy_prune [n]` (the proxy acts as a full
 * node that keeps the state of the latest n blocks only, as geth does with 128: a state read at
 * an older block gets -32000 "missing trie node", counted as `pruned`; null lifts it),
 * `proxy_disable [methods]` (those methods answer -32601 "method not found", as nodes without
 * traces do for `trace_filter`; counted as `disabled`; an empty list lifts it). It also answers
 * `alchemy_getAssetTransfers` (the coin categories of Alchemy's Transfers API, see
 * asset-transfers.ts), counted as `assetTransfers`. `proxy_l1_fee [wei]` makes it an OP Stack
 * rollup's node for the transactions sent through it: each pays an L1 data fee of `wei` on top of
 * its gas (taken from the sender's balance, as the rollup does), and its receipt says so in
 * `l1Fee`, `l1GasPrice` and `l1GasUsed` (the OP Stack's receipt fields); 0 lifts it.
 */
export async function startRangeLimitedProxy(
  upstream: string,
  maxRange: number,
): Promise<{ url: string; refused: () => number; close(): Promise<void> }> {
  let refused = 0;
  let fail429 = 0;
  let delayMs = 0;
  let authorized = 0;
  let unauthorized = 0;
  const required = new Map<string, { name: string; value: string }>();
  const refuse = new Map<string, number>();
  let refusedCalls = 0;
  let keepState: number | null = null;
  let pruned = 0;
  let disabledMethods = new Set<string>();
  let disabled = 0;
  let assetTransferCalls = 0;
  let l1FeeWei = 0n;
  /** the L1 data fee each transaction sent through the proxy paid, by hash */
  const l1Fees = new Map<string, bigint>();
  const own = (m: RpcRequest): RpcResponse | null => {
    const params = (m.params ?? []) as unknown[];
    if (m.method === "proxy_fail429") fail429 = Number(params[0] ?? 0);
    else if (m.method === "proxy_delay") delayMs = Number(params[0] ?? 0);
    else if (m.method === "proxy_refuse") refuse.set(String(params[0]), Number(params[1] ?? 1));
    else if (m.method === "proxy_prune") keepState = params[0] == null ? null : Number(params[0]);
    else if (m.method === "proxy_disable") disabledMethods = new Set(params as string[]);
    else if (m.method === "proxy_l1_fee") l1FeeWei = BigInt(String(params[0] ?? 0));
    else if (m.method === "proxy_require_header") {
      const [path, name, value] = params as [string, string, string | null];
      if (value === null) required.delete(path);
      else required.set(path, { name: name.toLowerCase(), value });
    } else if (m.method !== "proxy_stats") return null;
    return {
      jsonrpc: "2.0",
      id: m.id,
      result: {
        refused,
        fail429,
        delayMs,
        authorized,
        unauthorized,
        refusedCalls,
        pruned,
        disabled,
        assetTransfers: assetTransferCalls,
      },
    };
  };
  const off = (m: RpcRequest): RpcResponse | null => {
    if (!disabledMethods.has(m.method)) return null;
    disabled++;
    return {
      jsonrpc: "2.0",
      id: m.id,
      error: { code: -32601, message: `the method ${m.method} does not exist/is not available` },
    };
  };
  /** The rollup's L1 data fee for a transaction just sent: taken from its sender once it is mined. */
  const chargeL1 = async (hash: string) => {
    const call = async (method: string, params: unknown[]) =>
      (
        (await forward([{ jsonrpc: "2.0", id: 0, method, params: params as never }]))[0] as {
          result: unknown;
        }
      ).result;
    let receipt: { from: string } | null = null;
    for (let i = 0; i < 100 && !receipt; i++) {
      receipt = (await call("eth_getTransactionReceipt", [hash])) as { from: string } | null;
      if (!receipt) await new Promise((r) => setTimeout(r, 10));
    }
    if (!receipt) return;
    const balance = BigInt(String(await call("eth_getBalance", [receipt.from, "latest"])));
    await call("anvil_setBalance", [receipt.from, `0x${(balance - l1FeeWei).toString(16)}`]);
    l1Fees.set(hash.toLowerCase(), l1FeeWei);
  };
  const transfersApi = async (m: RpcRequest): Promise<RpcResponse | null> => {
    if (m.method !== "alchemy_getAssetTransfers") return null;
    assetTransferCalls++;
    const upstreamCall = async (method: string, params: unknown[]) => {
      const [a] = await forward([{ jsonrpc: "2.0", id: 0, method, params: params as never }]);
      if (!a || "error" in a) throw new Error(`${method}: ${JSON.stringify(a)}`);
      return a.result;
    };
    const params = ((m.params ?? []) as unknown[])[0] as AssetTransfersParams;
    return { jsonrpc: "2.0", id: m.id, result: await assetTransfers(upstreamCall, params) };
  };
  const refused1 = (m: RpcRequest): RpcResponse | null => {
    const left = refuse.get(m.method) ?? 0;
    if (left <= 0) return null;
    refuse.set(m.method, left - 1);
    refusedCalls++;
    return { jsonrpc: "2.0", id: m.id, error: { code: -32005, message: "limit exceeded" } };
  };
  /** state reads and the position of their block parameter */
  const STATE_READS: Record<string, number> = {
    eth_getBalance: 1,
    eth_getTransactionCount: 1,
    eth_getCode: 1,
    eth_getStorageAt: 2,
    eth_call: 1,
  };
  const stateGone = async (m: RpcRequest): Promise<RpcResponse | null> => {
    const at = STATE_READS[m.method];
    if (keepState === null || at === undefined) return null;
    const tag = ((m.params ?? []) as unknown[])[at];
    if (typeof tag !== "string" || !tag.startsWith("0x")) return null;
    const head = await forward([{ jsonrpc: "2.0", id: 0, method: "eth_blockNumber" }]);
    const latest = BigInt((head[0] as { result: string }).result);
    if (BigInt(tag) >= latest - BigInt(keepState) + 1n) return null;
    pruned++;
    return {
      jsonrpc: "2.0",
      id: m.id,
      error: {
        code: -32000,
        message: `missing trie node ${"0".repeat(64)} (path ) state ${tag} is not available`,
      },
    };
  };
  const tooWide = (m: RpcRequest): RpcResponse | null => {
    const p = m.params?.[0];
    if (m.method !== "eth_getLogs" || !p?.fromBlock || !p.toBlock) return null;
    if (Number(BigInt(p.toBlock) - BigInt(p.fromBlock)) + 1 <= maxRange) return null;
    refused++;
    return {
      jsonrpc: "2.0",
      id: m.id,
      error: { code: -32005, message: `query exceeds max block range ${maxRange}` },
    };
  };
  const forward = async (calls: RpcRequest[]): Promise<RpcResponse[]> => {
    if (calls.length === 0) return [];
    const r = await fetch(upstream, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(calls),
    });
    return (await r.json()) as RpcResponse[];
  };
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", async () => {
      const parsed = JSON.parse(body) as RpcRequest | RpcRequest[];
      const batch = Array.isArray(parsed) ? parsed : [parsed];
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(payload));
      };
      const controls = batch.map(own);
      if (controls.every((c) => c !== null)) {
        send(200, Array.isArray(parsed) ? controls : controls[0]);
        return;
      }
      const path = req.url ?? "/";
      const rule = required.get(path);
      if (rule) {
        const given = req.headers[rule.name];
        if (given !== rule.value) {
          unauthorized++;
          const message = `unauthorized: ${path} needs header ${rule.name}, got ${JSON.stringify(given ?? null)}`;
          send(401, { jsonrpc: "2.0", id: batch[0]?.id ?? null, error: { code: -32001, message } });
          return;
        }
        authorized++;
      }
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      if (fail429 > 0) {
        fail429--;
        send(
          429,
          {
            jsonrpc: "2.0",
            id: batch[0]?.id ?? null,
            error: { code: -32005, message: "rate limit exceeded" },
          },
          { "retry-after": "2" },
        );
        return;
      }
      const answers = new Map<RpcRequest, RpcResponse>();
      for (const m of batch) {
        const a =
          own(m) ??
          off(m) ??
          tooWide(m) ??
          refused1(m) ??
          (await stateGone(m)) ??
          (await transfersApi(m));
        if (a) answers.set(m, a);
      }
      const upstreamAnswers = await forward(batch.filter((m) => !answers.has(m)));
      const byId = new Map(upstreamAnswers.map((a) => [a.id, a]));
      for (const m of batch) {
        const a = byId.get(m.id);
        if (!a || !("result" in a)) continue;
        if (
          (m.method === "eth_sendRawTransaction" || m.method === "eth_sendTransaction") &&
          l1FeeWei > 0n
        )
          await chargeL1(String(a.result));
        if (m.method === "eth_getTransactionReceipt" && a.result) {
          const r = a.result as Record<string, unknown>;
          const fee = l1Fees.get(String(r.transactionHash).toLowerCase());
          if (fee !== undefined)
            a.result = {
              ...r,
              l1Fee: `0x${fee.toString(16)}`,
              l1GasPrice: "0x3b9aca00",
              l1GasUsed: `0x${(fee / 1_000_000_000n).toString(16)}`,
            };
        }
      }
      const out = batch.map((m) => answers.get(m) ?? (byId.get(m.id) as RpcResponse));
      send(200, Array.isArray(parsed) ? out : out[0]);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  server.unref();
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    refused: () => refused,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
