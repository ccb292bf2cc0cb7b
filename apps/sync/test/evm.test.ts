import { env, runInDurableObject } from "cloudflare:test";
import { createAdapter, EvmAdapter, EvmConfig, publicConfig } from "@portfolio/adapters";
import { Dec, formatAmount, sumBalanceEffects } from "@portfolio/core";
import type { Fixture } from "@portfolio/evm-chain/types";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  encodeAbiParameters,
  http,
  keccak256,
  numberToHex,
  parseAbi,
  parseAbiParameters,
  parseUnits,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RegisterInput } from "../src/rpc-types.js";
import { SYNC_JOB } from "../src/schedule/sync-job.js";
import { AccountStore } from "../src/storage/account-store.js";
import { evmFixtureConfig } from "./evm-fixture.js";
import {
  accountStub,
  OWNER,
  rawStub,
  registerInput,
  retireAccounts,
  storedTransactions,
  syncWith,
  unwrap,
} from "./helpers.js";

const fx = JSON.parse(env.EVM_FIXTURE) as Fixture;
const chain = createPublicClient({ chain: foundry, transport: http(fx.rpcUrl) });
const erc20 = parseAbi([
  "function balanceOf(address) view returns (uint256)",
  "function transfer(address,uint256) returns (bool)",
]);
const WALLET_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

function evmConfig(extra: Record<string, unknown> = {}) {
  return evmFixtureConfig(fx, extra);
}

function evmInput(config: Record<string, unknown> = {}): RegisterInput {
  return registerInput(
    { name: "wallet", provider: "evm", type: "dex", config: evmConfig(config), credentials: null },
    { platformAccountId: fx.wallet, syncIntervalSeconds: 30 },
  );
}

async function synced(config: Record<string, unknown> = {}) {
  const input = evmInput(config);
  unwrap(await accountStub(input.id).register(input));
  for (let i = 0; i < 20; i++) {
    const view = unwrap(await accountStub(input.id).requestSync(OWNER));
    if (view.sync.state === "backoff" || view.sync.state === "needs_attention")
      throw new Error(JSON.stringify(view.sync.lastError));
    if (view.sync.historyComplete) return input;
  }
  throw new Error("history did not complete");
}

/** The tracked wallet sends `amount` of `token` to someone else: new history, mined. */
async function send(token: Address, amount: bigint) {
  const wallet = createWalletClient({
    account: privateKeyToAccount(WALLET_KEY),
    chain: foundry,
    transport: http(fx.rpcUrl),
    pollingInterval: 5,
  });
  const hash = await wallet.writeContract({
    address: token,
    abi: erc20,
    functionName: "transfer",
    args: [fx.other, amount],
  });
  await chain.waitForTransactionReceipt({ hash, pollingInterval: 5 });
  return hash;
}

async function onChain(token: Address) {
  return chain.readContract({
    address: token,
    abi: erc20,
    functionName: "balanceOf",
    args: [fx.wallet],
  });
}

/** A control method of the range-limiting proxy (tools/evm-chain). */
async function proxy(method: string, ...params: unknown[]) {
  const r = await fetch(env.EVM_RANGE_LIMITED_RPC, {
    method: "POST",
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return (
    (await r.json()) as {
      result: { refused: number; authorized: number; unauthorized: number };
    }
  ).result;
}

/** Each asset's stored history sums to its balance, and no row is stored twice. */
async function expectHistoryReconciles(accountId: string) {
  const history = await storedTransactions(accountId);
  expect(new Set(history.map((r) => r.txId)).size).toBe(history.length);
  const implied = sumBalanceEffects(history);
  for (const b of unwrap(await accountStub(accountId).balances(OWNER)).balances) {
    expect(`${b.asset} ${formatAmount(implied.get(b.asset) ?? new Dec(0))}`).toBe(
      `${b.asset} ${b.amount}`,
    );
  }
  return history;
}

let snapshot: string;
beforeEach(async () => {
  snapshot = (await chain.request({ method: "evm_snapshot" as never })) as string;
});
afterEach(async () => {
  await chain.request({ method: "evm_revert" as never, params: [snapshot] as never });
  // every test registers the chain's wallet anew: the last test's gives it up
  await retireAccounts();
});

describe("EVM wallet on a real local chain", () => {
  it("reports the balances the chain reports, bytes32 symbols and LP tokens included", async () => {
    const input = await synced();
    const balances = Object.fromEntries(
      unwrap(await accountStub(input.id).balances(OWNER)).balances.map((b) => [b.asset, b.amount]),
    );
    expect(balances.TKA).toBe(
      formatAmount(new Dec((await onChain(fx.tokens.TKA)).toString()).div(1e18)),
    );
    expect(balances.USDC).toBe(
      formatAmount(new Dec((await onChain(fx.tokens.USDC)).toString()).div(1e6)),
    );
    expect(balances.OLD).toBe("45");
    expect(balances["UNI-V2"]).toBe(
      formatAmount(new Dec((await onChain(fx.v2.pair)).toString()).div(1e18)),
    );
    expect(balances.ETH).toBe(
      formatAmount(new Dec((await chain.getBalance({ address: fx.wallet })).toString()).div(1e18)),
    );
  });

  it("stores a history that reconciles with every balance, with swaps, liquidity and gas as such", async () => {
    const input = await synced();
    const history = await expectHistoryReconciles(input.id);
    const kinds = new Set(history.map((r) => r.kind));
    for (const k of [
      "transfer",
      "swap",
      "wrap",
      "liquidity_add",
      "liquidity_remove",
      "lp_fees",
      "gas",
      "native_reconciled",
    ])
      expect(kinds).toContain(k);
    const types = new Set(history.map((r) => r.txType));
    for (const t of ["convert", "liquidity_add", "liquidity_remove", "reward", "fee"])
      expect(types).toContain(t);
    // every scripted step of the wallet is in the history, the coin sent with no log too (the
    // node's traces show it)
    const hashes = new Set(
      (
        await env.DB.prepare(
          "SELECT json_extract(metadata, '$.txHash') AS h FROM transactions WHERE account_id = ?",
        )
          .bind(input.id)
          .all<{ h: string | null }>()
      ).results.map((r) => r.h),
    );
    for (const step of fx.steps) expect(hashes, step.kind).toContain(step.txHash);
    const v3Swap = fx.steps.find((s) => s.kind === "V3 swap: TKA for USDC")?.txHash;
    const swap = history.find((r) => r.txId === `${v3Swap}:swap`);
    expect(swap).toMatchObject({ asset: "USDC", quoteAsset: "TKA", quoteAmount: "1" });
    const swapMeta = await env.DB.prepare(
      "SELECT metadata FROM transactions WHERE tx_id = ? AND account_id = ?",
    )
      .bind(swap?.txId, input.id)
      .first<{ metadata: string }>();
    expect(JSON.parse(swapMeta?.metadata ?? "{}")).toMatchObject({
      poolFee: "0.003",
      feePaid: "0.003",
      feeAsset: "TKA",
    });
    expect(new Set(history.map((r) => r.txId)).size).toBe(history.length);
  });

  it("turns LP tokens and V3 positions into token amounts the contracts would pay (to the wei)", async () => {
    const adapter = new EvmAdapter(EvmConfig.parse(evmConfig()), {
      now: () => Date.now(),
      fetch: (i, init) => fetch(i, init),
    });
    await adapter.getTransactions({ cursor: null, limit: 100 });
    const positions = await adapter.getPositions();
    if (!positions.ok) throw new Error(positions.error.message);
    const v2 = positions.value.find((p) => p.kind === "uniswap-v2");
    const v3 = positions.value.find((p) => p.kind === "uniswap-v3");
    // what the pair itself would pay for the wallet's LP tokens: its own burn(), run as a call
    // with the wallet's LP balance moved to the pair (UniswapV2ERC20 keeps balanceOf at slot 1)
    const lp = await onChain(fx.v2.pair);
    const { result: burned } = await chain.simulateContract({
      address: fx.v2.pair,
      abi: parseAbi(["function burn(address to) returns (uint256 amount0, uint256 amount1)"]),
      functionName: "burn",
      args: [fx.wallet],
      account: fx.wallet,
      stateOverride: [
        {
          address: fx.v2.pair,
          stateDiff: [
            {
              slot: keccak256(
                encodeAbiParameters(parseAbiParameters("address, uint256"), [fx.v2.pair, 1n]),
              ),
              value: numberToHex(lp, { size: 32 }),
            },
          ],
        },
      ],
    });
    expect(lp).toBeGreaterThan(0n);
    expect(v2).toMatchObject({ amount0: burned[0], amount1: burned[1] });

    const npm = parseAbi([
      "function decreaseLiquidity((uint256 tokenId, uint128 liquidity, uint256 amount0Min, uint256 amount1Min, uint256 deadline)) returns (uint256 amount0, uint256 amount1)",
      "function collect((uint256 tokenId, address recipient, uint128 amount0Max, uint128 amount1Max)) returns (uint256 amount0, uint256 amount1)",
    ]);
    const tokenId = BigInt(fx.v3.tokenId);
    const { result: paid } = await chain.simulateContract({
      address: fx.v3.positionManager,
      abi: npm,
      functionName: "decreaseLiquidity",
      args: [
        {
          tokenId,
          liquidity: v3?.liquidity ?? 0n,
          amount0Min: 0n,
          amount1Min: 0n,
          deadline: 2n ** 40n,
        },
      ],
      account: fx.wallet,
    });
    const { result: fees } = await chain.simulateContract({
      address: fx.v3.positionManager,
      abi: npm,
      functionName: "collect",
      args: [
        { tokenId, recipient: fx.wallet, amount0Max: 2n ** 128n - 1n, amount1Max: 2n ** 128n - 1n },
      ],
      account: fx.wallet,
    });
    const close = (a: bigint, b: bigint) => (a > b ? a - b : b - a) <= 1n;
    expect(close(v3?.amount0 ?? -9n, paid[0]) && close(v3?.amount1 ?? -9n, paid[1])).toBe(true);
    expect([v3?.fees0, v3?.fees1]).toEqual([fees[0], fees[1]]);
    expect((fees[0] ?? 0n) + (fees[1] ?? 0n)).toBeGreaterThan(0n);
  });

  it("prices tokens from pool state against the quote token", async () => {
    const input = await synced();
    const v = unwrap(await accountStub(input.id).valuation(OWNER));
    expect(v.priceBase).toBe("USD");
    expect(v.prices.USDC).toBe("1");
    expect(Number(v.prices.TKA)).toBeGreaterThan(150);
    expect(Number(v.prices.TKA)).toBeLessThan(260);
    // LP tokens and V3 positions are valued through their underlying tokens (and fees)
    expect(Number(v.prices["UNI-V2"])).toBeGreaterThan(0);
    const position = `UNI-V3-${fx.v3.tokenId}`;
    expect(v.holdings).toContainEqual({ asset: position, amount: "1" });
    expect(Number(v.prices[position])).toBeGreaterThan(3000);
  });

  it("picks up new blocks only on an incremental sync", async () => {
    const input = await synced();
    const before = await storedTransactions(input.id);
    const hash = await send(fx.tokens.TKA, parseUnits("2", 18));
    unwrap(await accountStub(input.id).requestSync(OWNER));
    const after = await storedTransactions(input.id);
    const added = after.filter((r) => !before.some((b) => b.txId === r.txId));
    // exactly the new transaction: its transfer and its gas, nothing re-stored, nothing reconciled
    expect(added.map((r) => [r.txId.slice(0, 66), r.txType, r.asset]).sort()).toEqual([
      [hash, "fee", "ETH"],
      [hash, "transfer_out", "TKA"],
    ]);
    expect(added.find((r) => r.txType === "transfer_out")?.amount).toBe("2");
  });

  it("syncs a quiet wallet less often, doubling its wait, and a bot's fill brings it back", async () => {
    const input = await synced();
    const stub = accountStub(input.id);
    const wait = () =>
      runInDurableObject(rawStub(input.id), (_i, state) => {
        const job = AccountStore.of(state.storage).job(SYNC_JOB);
        return (job?.nextRunAt ?? 0) - (job?.lastSuccessAt ?? 0);
      });
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      unwrap(await stub.requestSync(OWNER));
      waits.push(await wait());
    }
    // 30 s interval: each sync that found nothing waits twice as long as the one before
    expect(waits).toEqual([60_000, 120_000, 240_000]);
    // the balances are as fresh as the schedule means them to be: not stale
    expect(unwrap(await stub.balances(OWNER)).stale).toBe(false);
    const recordedAt = Date.now();
    unwrap(
      await stub.recordTransaction(OWNER, {
        txId: "bot-swap-1",
        txType: "transfer_out",
        asset: "TKA",
        amount: "1",
        timestamp: new Date().toISOString(),
        metadata: { tradeId: `0x${"ab".repeat(32)}` },
      }),
    );
    const next = await runInDurableObject(rawStub(input.id), (_i, state) => {
      return AccountStore.of(state.storage).job(SYNC_JOB)?.nextRunAt ?? 0;
    });
    expect(next).toBeLessThanOrEqual(Date.now() + 30_000);
    expect(next).toBeGreaterThanOrEqual(recordedAt);
    // and a sync that finds something starts over at the interval
    await send(fx.tokens.TKA, parseUnits("1", 18));
    unwrap(await stub.requestSync(OWNER));
    expect(await wait()).toBe(30_000);
  });

  async function sourceOf(accountId: string, hash: string): Promise<string[]> {
    const r = await env.DB.prepare(
      "SELECT DISTINCT source FROM transactions WHERE account_id = ? AND substr(tx_id, 1, ?) = ?",
    )
      .bind(accountId, hash.length, hash)
      .all<{ source: string }>();
    return r.results.map((x) => x.source);
  }

  it("keeps blocks younger than the confirmations as pending until they are final", async () => {
    const input = await synced({ confirmations: 5 });
    const hash = await send(fx.tokens.TKA, parseUnits("3", 18));
    unwrap(await accountStub(input.id).requestSync(OWNER));
    expect(await sourceOf(input.id, hash)).toEqual(["pending"]);
    await chain.request({ method: "anvil_mine" as never, params: ["0x5"] as never });
    unwrap(await accountStub(input.id).requestSync(OWNER));
    expect(await sourceOf(input.id, hash)).toEqual(["sync"]);
  });

  it("corrects pending rows when the chain reorganises, with nothing duplicated or lost", async () => {
    const input = await synced({ confirmations: 5 });
    const fork = (await chain.request({ method: "evm_snapshot" as never })) as string;
    const dropped = await send(fx.tokens.TKA, parseUnits("4", 18));
    unwrap(await accountStub(input.id).requestSync(OWNER));
    expect(await sourceOf(input.id, dropped)).toEqual(["pending"]);
    // the chain reorganises: that block is gone, another takes its place
    await chain.request({ method: "evm_revert" as never, params: [fork] as never });
    const kept = await send(fx.tokens.USDC, parseUnits("6", 6));
    unwrap(await accountStub(input.id).requestSync(OWNER));
    expect(await sourceOf(input.id, dropped)).toEqual([]);
    expect(await sourceOf(input.id, kept)).toEqual(["pending"]);
    await chain.request({ method: "anvil_mine" as never, params: ["0x5"] as never });
    unwrap(await accountStub(input.id).requestSync(OWNER));
    expect(await sourceOf(input.id, kept)).toEqual(["sync"]);
    await expectHistoryReconciles(input.id);
  });

  it("rewinds and reads again when the chain replaces blocks already stored as final", async () => {
    const input = await synced({ confirmations: 0 });
    const fork = (await chain.request({ method: "evm_snapshot" as never })) as string;
    const dropped = [await send(fx.tokens.TKA, parseUnits("7", 18))];
    unwrap(await accountStub(input.id).requestSync(OWNER));
    dropped.push(await send(fx.tokens.TKA, parseUnits("9", 18)));
    unwrap(await accountStub(input.id).requestSync(OWNER));
    // with 0 confirmations those blocks were final; the chain now replaces both, and is longer
    for (const hash of dropped) expect(await sourceOf(input.id, hash)).toEqual(["sync"]);
    await chain.request({ method: "evm_revert" as never, params: [fork] as never });
    const kept = [
      await send(fx.tokens.USDC, parseUnits("8", 6)),
      await send(fx.tokens.USDC, parseUnits("3", 6)),
      await send(fx.tokens.TKA, parseUnits("1", 18)),
    ];
    const view = unwrap(await accountStub(input.id).requestSync(OWNER));
    expect(view.sync).toMatchObject({ historyComplete: true, lastError: null });
    for (const hash of dropped) expect(await sourceOf(input.id, hash)).toEqual([]);
    for (const hash of kept) expect(await sourceOf(input.id, hash)).toEqual(["sync"]);
    await expectHistoryReconciles(input.id);
  });

  it("still reads the complete history from a node that refuses wide log ranges", async () => {
    const direct = await synced();
    // the same wallet again: another owner's account (an owner registers a wallet once)
    const input = {
      ...evmInput({ rpcUrl: env.EVM_RANGE_LIMITED_RPC, maxLogRange: 1000 }),
      owner: "range-limited",
    };
    unwrap(await accountStub(input.id).register(input));
    const adapter = new EvmAdapter(EvmConfig.parse(input.config), {
      now: () => Date.now(),
      fetch: (i, init) => fetch(i, init),
    });
    const r = await syncWith(input.id, adapter, { maxPages: 1000 });
    expect(r).toMatchObject({ ok: true, historyComplete: true });
    expect((await proxy("proxy_stats")).refused).toBeGreaterThan(0);
    const ids = (a: { txId: string }[]) =>
      a
        .map((x) => x.txId.replace(/^native:.*/, "native"))
        .filter((x) => x !== "native")
        .sort();
    expect(ids(await storedTransactions(input.id))).toEqual(
      ids(await storedTransactions(direct.id)),
    );
  });

  it.each([
    {
      what: "answers too late",
      config: { timeoutMs: 200 },
      fault: ["proxy_delay", 1000, 0],
      error: { kind: "unavailable", message: expect.stringMatching(/took too long/i) },
    },
    {
      what: "rate-limits (HTTP 429)",
      config: {},
      fault: ["proxy_fail429", 50, 0],
      error: { kind: "rate_limited" },
    },
  ])("backs off when the node $what, as a retryable failure", async ({ config, fault, error }) => {
    const input = evmInput({ rpcUrl: env.EVM_RANGE_LIMITED_RPC, ...config });
    unwrap(await accountStub(input.id).register(input));
    const [method, on, off] = fault as [string, number, number];
    await proxy(method, on);
    try {
      const view = unwrap(await accountStub(input.id).requestSync(OWNER));
      expect(view.sync).toMatchObject({
        state: "backoff",
        lastError: { ...error, retryable: true },
      });
    } finally {
      await proxy(method, off);
    }
  });

  it("syncs again after a webhook that came while a sync was running", async () => {
    const input = evmInput({ rpcUrl: env.EVM_RANGE_LIMITED_RPC });
    unwrap(await accountStub(input.id).register(input));
    // the whole history first (the proxy's narrow log ranges take a few runs)
    while (!unwrap(await accountStub(input.id).requestSync(OWNER)).sync.historyComplete);
    await proxy("proxy_delay", 100);
    try {
      let done = false;
      const running = accountStub(input.id)
        .requestSync(OWNER)
        .finally(() => {
          done = true;
        });
      // the sync's calls each wait 100 ms at the proxy: it says "syncing" while they do
      let state = "";
      while (!done && state !== "syncing")
        state = unwrap(await accountStub(input.id).describe(OWNER)).sync.state;
      expect(state).toBe("syncing");
      unwrap(await accountStub(input.id).notify("test:mid-sync"));
      const after = unwrap(await running);
      // that sync may have read the chain before the news: the next one is due at once
      expect(Date.parse(after.sync.nextRunAt ?? "")).toBeLessThanOrEqual(Date.now());
    } finally {
      await proxy("proxy_delay", 0);
    }
  });

  it("refuses a wrong chain id or a malformed address at registration", async () => {
    const wrongChain = evmInput({ chainId: 1 });
    expect(await accountStub(wrongChain.id).register(wrongChain)).toMatchObject({
      ok: false,
      error: { code: "INVALID_INPUT", message: expect.stringMatching(/chain 31337, not 1/) },
    });
    const badAddress = evmInput({ addresses: ["0x1234"] });
    expect(await accountStub(badAddress.id).register(badAddress)).toMatchObject({
      ok: false,
      error: { code: "INVALID_INPUT" },
    });
  });
});

const randomHex = (bytes: number) =>
  [...crypto.getRandomValues(new Uint8Array(bytes))]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");

/**
 * A keyed endpoint of the proxy, as hosted nodes have: a key in the path, and a header the node
 * requires (the proxy answers 401 without it, echoing the path and the header it got).
 */
async function keyedNode() {
  const key = `k${randomHex(16)}`;
  const token = `t${randomHex(16)}`;
  const path = `/v2/${key}`;
  await proxy("proxy_require_header", path, "X-Node-Token", token);
  return { key, token, path, url: `${env.EVM_RANGE_LIMITED_RPC}${path}` };
}

/** An EVM account whose node URL and header are credentials, the config without any URL. */
function keyedInput(node: { url: string }, token: string): RegisterInput {
  const { rpcUrl: _inCredentials, ...config } = evmConfig();
  return registerInput(
    {
      name: "keyed wallet",
      provider: "evm",
      type: "dex",
      config,
      credentials: { rpcUrl: node.url, "header:X-Node-Token": token },
    },
    { platformAccountId: fx.wallet, syncIntervalSeconds: 30 },
  );
}

describe("EVM node credentials", () => {
  it("syncs through a keyed node, sending its header, and shows only the node's host", async () => {
    const node = await keyedNode();
    const before = await proxy("proxy_stats");
    const input = keyedInput(node, node.token);
    const view = unwrap(await accountStub(input.id).register(input));
    expect(view.config).toMatchObject({ rpcHost: env.EVM_RANGE_LIMITED_RPC });
    expect(view.config).not.toHaveProperty("rpcUrl");
    expect(view.hasCredentials).toBe(true);
    for (let i = 0; i < 50; i++) {
      const v = unwrap(await accountStub(input.id).requestSync(OWNER));
      if (v.sync.state === "backoff" || v.sync.state === "needs_attention")
        throw new Error(JSON.stringify(v.sync.lastError));
      if (v.sync.historyComplete) break;
    }
    const described = unwrap(await accountStub(input.id).describe(OWNER));
    expect(described.sync.historyComplete).toBe(true);
    expect(described.config).toMatchObject({ rpcHost: env.EVM_RANGE_LIMITED_RPC });
    expect(described.config).not.toHaveProperty("rpcUrl");
    for (const secret of [node.key, node.token])
      expect(JSON.stringify(described)).not.toContain(secret);
    const balances = unwrap(await accountStub(input.id).balances(OWNER)).balances;
    expect(balances.find((b) => b.asset === "TKA")?.amount).toBe(
      formatAmount(new Dec((await onChain(fx.tokens.TKA)).toString()).div(1e18)),
    );
    await expectHistoryReconciles(input.id);

    // every request came through the keyed path with the header; one without it is turned away
    const after = await proxy("proxy_stats");
    expect(after.authorized).toBeGreaterThan(before.authorized);
    const bare = await fetch(node.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId" }),
    });
    expect(bare.status).toBe(401);
    expect((await proxy("proxy_stats")).unauthorized).toBe(after.unauthorized + 1);

    // at rest: sealed, in the object; the D1 listing has the host only
    const stored = await runInDurableObject(rawStub(input.id), (_i, state) =>
      state.storage.sql.exec("SELECT config, credentials FROM account").one(),
    );
    expect(String(stored.credentials)).toMatch(/^v2\.k0\.[A-Za-z0-9+/]+=*$/);
    const listed = await env.DB.prepare("SELECT config FROM accounts WHERE id = ?")
      .bind(input.id)
      .first<{ config: string }>();
    for (const text of [JSON.stringify(stored), listed?.config ?? ""]) {
      for (const secret of [node.key, node.token, node.path]) expect(text).not.toContain(secret);
    }
    expect(JSON.parse(listed?.config ?? "{}")).toMatchObject({
      rpcHost: env.EVM_RANGE_LIMITED_RPC,
    });
  });

  it("keeps the node's key and header out of every error a reader or the registrant sees", async () => {
    const node = await keyedNode();
    const wrong = `w${randomHex(16)}`;
    const refused = keyedInput(node, wrong);
    const r = await accountStub(refused.id).register(refused);
    expect(r).toMatchObject({
      ok: false,
      // the node's own words reach the registrant, with what it echoed taken out
      error: { code: "UNAVAILABLE", message: expect.stringMatching(/unauthorized: \[redacted\]/) },
    });
    for (const secret of [node.key, wrong, node.path])
      expect(JSON.stringify(r)).not.toContain(secret);

    const input = keyedInput(node, node.token);
    unwrap(await accountStub(input.id).register(input));
    // the node now wants another token: every request this account sends is refused
    await proxy("proxy_require_header", node.path, "X-Node-Token", `other${randomHex(8)}`);
    let view = unwrap(await accountStub(input.id).describe(OWNER));
    for (let i = 0; i < 3 && !view.sync.lastError; i++)
      view = unwrap(await accountStub(input.id).requestSync(OWNER));
    expect(view.sync).toMatchObject({
      state: "backoff",
      lastError: { kind: "unavailable", message: expect.stringMatching(/unauthorized/) },
    });
    for (const secret of [node.key, node.token, node.path])
      expect(JSON.stringify(view)).not.toContain(secret);
  });

  it("still syncs an account stored with its node URL in the config, and can show it without the URL", async () => {
    const input = evmInput();
    unwrap(await accountStub(input.id).register(input));
    // as accounts were stored before the URL was a credential
    await runInDurableObject(rawStub(input.id), (_i, state) => {
      state.storage.sql.exec(
        "UPDATE account SET config = json_remove(json_set(config, '$.rpcUrl', ?), '$.rpcHost'), credentials = NULL",
        fx.rpcUrl,
      );
    });
    const stored = await runInDurableObject(rawStub(input.id), (_i, state) =>
      JSON.parse(String(state.storage.sql.exec("SELECT config FROM account").one().config)),
    );
    expect(stored.rpcUrl).toBe(fx.rpcUrl);
    const adapter = createAdapter("evm", stored, null, {
      now: () => Date.now(),
      fetch: (i, init) => fetch(i, init),
    });
    expect(await syncWith(input.id, adapter, { maxPages: 1000 })).toMatchObject({
      ok: true,
      historyComplete: true,
    });
    const shown = publicConfig("evm", stored);
    expect(shown).not.toHaveProperty("rpcUrl");
    expect(shown).toMatchObject({ rpcHost: new URL(fx.rpcUrl).origin, chainId: 31337 });
  });

  it("refuses the node's URL given twice, or not at all", async () => {
    const twice = keyedInput({ url: fx.rpcUrl }, "x");
    twice.config = { ...twice.config, rpcUrl: fx.rpcUrl };
    const none = { ...keyedInput({ url: fx.rpcUrl }, "x"), credentials: null };
    const badHeader = keyedInput({ url: fx.rpcUrl }, "a\nb");
    for (const [input, message] of [
      [twice, /once/],
      [none, /need credentials\.rpcUrl/],
      [badHeader, /header:X-Node-Token.*line break/],
    ] as const) {
      expect(await accountStub(input.id).register(input)).toMatchObject({
        ok: false,
        error: { code: "INVALID_INPUT", message: expect.stringMatching(message) },
      });
    }
  });
});
