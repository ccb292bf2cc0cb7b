import { Dec, formatAmount, type TransactionInput } from "@portfolio/core";
import {
  type Address,
  createPublicClient,
  formatUnits,
  getAddress,
  type Hex,
  http,
  type Log,
  type PublicClient,
  pad,
} from "viem";
import type {
  AdapterDeps,
  AssetInfo,
  MarketValues,
  PlatformAdapter,
  PlatformBalance,
  TransactionPage,
} from "../adapter.js";
import { type AdapterResult, fail, ok } from "../adapter-error.js";
import {
  erc20Abi,
  TRANSFER_TOPIC,
  V2_SWAP_TOPIC,
  V3_SWAP_TOPIC,
  v2PairAbi,
  v3FactoryAbi,
  v3PoolAbi,
  v3PositionManagerAbi,
} from "./abis.js";
import type { EvmConfig } from "./config.js";
import { readTokenMeta, type TokenMeta } from "./token-metadata.js";
import { positionAmounts, uncollectedFees, v2Underlying } from "./uniswap-math.js";

interface HistoryState {
  v: 1;
  /** next block to read; everything before it is final and stored */
  next: string;
  /** current eth_getLogs range, adapted to the node's limits */
  range: number;
  /** tokens seen in the wallet's transfers */
  tokens: string[];
  /** native balance (wei) per address at block next − 1, for reconciliation */
  native: Record<string, string> | null;
}

export interface LiquidityPosition {
  kind: "uniswap-v2" | "uniswap-v3";
  owner: Address;
  /** the pair (V2) or position manager (V3) */
  contract: Address;
  tokenId?: string;
  token0: Address;
  token1: Address;
  /** raw integer amounts (token decimals apply) */
  amount0: bigint;
  amount1: bigint;
  fees0: bigint;
  fees1: bigint;
  liquidity: bigint;
}

/** The asset a Uniswap V3 position NFT is held as. */
export const v3PositionAsset = (tokenId: bigint) => `UNI-V3-${tokenId}`;

const RANGE_ERROR = /range|too many|more than|limit exceeded|-32005|query returned/i;

function rpcErrorKind(err: unknown): {
  kind: "rate_limited" | "unavailable" | "range";
  message: string;
} {
  const message = err instanceof Error ? err.message : String(err);
  const details = `${message} ${(err as { details?: string })?.details ?? ""}`;
  if (/429|rate limit|-32005/i.test(details) && !/block range|range too large/i.test(details))
    return { kind: "rate_limited", message };
  if (RANGE_ERROR.test(details)) return { kind: "range", message };
  return { kind: "unavailable", message };
}

/**
 * EVM wallets and their Uniswap positions, through viem, with only fetch. Balances (native and
 * every ERC-20 configured or seen) are one multicall; history is ERC-20 Transfer logs to and
 * from the wallets in block ranges that shrink and grow with the node's limits, over final
 * blocks only (N confirmations), with swaps, liquidity changes, gas and native transfers that
 * logs cannot show (reconciled from the balance) as their own rows.
 */
export class EvmAdapter implements PlatformAdapter {
  readonly provider = "evm";
  readonly client: PublicClient;
  private readonly meta = new Map<string, TokenMeta>();
  private readonly seen = new Set<string>();
  rpcCalls = 0;

  constructor(
    private readonly cfg: EvmConfig,
    private readonly deps: AdapterDeps,
  ) {
    for (const t of cfg.tokens) this.seen.add(t.toLowerCase());
    this.client = createPublicClient({
      // every sync must see the chain as it is now: no cached block number
      cacheTime: 0,
      // JSON-RPC batching: the block and receipt look-ups of a page go out together
      transport: http(cfg.rpcUrl, {
        batch: { batchSize: 200, wait: 0 },
        fetchFn: (input, init) => {
          this.rpcCalls++;
          return deps.fetch(input as RequestInfo, init);
        },
        retryCount: 0,
      }),
    });
  }

  private get wallets(): Address[] {
    return this.cfg.addresses.map((a) => getAddress(a));
  }

  private async guard<T>(what: string, f: () => Promise<T>): Promise<AdapterResult<T>> {
    try {
      return ok(await f());
    } catch (err) {
      const e = rpcErrorKind(err);
      return fail(
        e.kind === "range" ? "unavailable" : e.kind,
        `${what}: ${e.message.split("\n")[0]}`,
        { cause: err },
      );
    }
  }

  private async tokenMeta(tokens: Address[]): Promise<void> {
    await readTokenMeta(this.client, this.cfg.multicall3 as Address, tokens, this.meta);
  }

  async getBalances(): Promise<AdapterResult<PlatformBalance[]>> {
    return this.guard("balances", async () => {
      const tokens = [...this.seen].map((t) => getAddress(t));
      await this.tokenMeta(tokens);
      const calls = this.wallets.flatMap((w) =>
        tokens.map(
          (t) => ({ address: t, abi: erc20Abi, functionName: "balanceOf", args: [w] }) as const,
        ),
      );
      const [native, results] = await Promise.all([
        Promise.all(this.wallets.map((w) => this.client.getBalance({ address: w }))),
        calls.length
          ? this.client.multicall({
              contracts: calls,
              allowFailure: true,
              multicallAddress: this.cfg.multicall3 as Address,
            })
          : [],
      ]);
      const totals = new Map<string, bigint>();
      const add = (asset: string, v: bigint) => totals.set(asset, (totals.get(asset) ?? 0n) + v);
      for (const n of native) add(`native`, n);
      results.forEach((r, i) => {
        const token = tokens[i % tokens.length] as Address;
        if (r.status === "success") add(token.toLowerCase(), r.result as bigint);
      });
      const out: PlatformBalance[] = [];
      for (const [key, raw] of totals) {
        if (raw === 0n) continue;
        const m =
          key === "native"
            ? { symbol: this.cfg.nativeSymbol, decimals: 18 }
            : (this.meta.get(key) as TokenMeta);
        out.push({
          asset: m.symbol,
          free: formatAmount(new Dec(formatUnits(raw, m.decimals))),
          locked: "0",
        });
      }
      // each V3 position NFT is an asset of its own, valued from its token amounts and fees
      const npm = this.cfg.uniswapV3PositionManager as Address | undefined;
      if (npm) {
        for (const w of this.wallets) {
          const n = await this.client.readContract({
            address: npm,
            abi: v3PositionManagerAbi,
            functionName: "balanceOf",
            args: [w],
          });
          for (let k = 0n; k < n; k++) {
            const id = await this.client.readContract({
              address: npm,
              abi: v3PositionManagerAbi,
              functionName: "tokenOfOwnerByIndex",
              args: [w, k],
            });
            out.push({ asset: v3PositionAsset(id), free: "1", locked: "0" });
          }
        }
      }
      return out;
    });
  }

  /** Uniswap V2 LP tokens held (any seen token that answers like a pair) and V3 position NFTs. */
  async getPositions(): Promise<AdapterResult<LiquidityPosition[]>> {
    return this.guard("positions", async () => {
      const out: LiquidityPosition[] = [];
      const mc = this.cfg.multicall3 as Address;
      const tokens = [...this.seen].map((t) => getAddress(t));
      const probe = await this.client.multicall({
        contracts: tokens.flatMap(
          (t) =>
            [
              { address: t, abi: v2PairAbi, functionName: "token0" },
              { address: t, abi: v2PairAbi, functionName: "token1" },
              { address: t, abi: v2PairAbi, functionName: "getReserves" },
              { address: t, abi: v2PairAbi, functionName: "totalSupply" },
            ] as const,
        ),
        allowFailure: true,
        multicallAddress: mc,
      });
      for (const [i, pair] of tokens.entries()) {
        const [t0, t1, reserves, supply] = probe.slice(i * 4, i * 4 + 4);
        if (
          t0?.status !== "success" ||
          t1?.status !== "success" ||
          reserves?.status !== "success" ||
          supply?.status !== "success"
        )
          continue;
        for (const owner of this.wallets) {
          const lp = await this.client.readContract({
            address: pair,
            abi: erc20Abi,
            functionName: "balanceOf",
            args: [owner],
          });
          if (lp === 0n) continue;
          const [r0, r1] = reserves.result as readonly [bigint, bigint, number];
          const u = v2Underlying(lp, supply.result as bigint, r0, r1);
          out.push({
            kind: "uniswap-v2",
            owner,
            contract: pair,
            token0: t0.result as Address,
            token1: t1.result as Address,
            ...u,
            fees0: 0n,
            fees1: 0n,
            liquidity: lp,
          });
        }
      }
      const npm = this.cfg.uniswapV3PositionManager as Address | undefined;
      const factory = this.cfg.uniswapV3Factory as Address | undefined;
      if (npm && factory) {
        for (const owner of this.wallets) {
          const n = await this.client.readContract({
            address: npm,
            abi: v3PositionManagerAbi,
            functionName: "balanceOf",
            args: [owner],
          });
          for (let k = 0n; k < n; k++) {
            const id = await this.client.readContract({
              address: npm,
              abi: v3PositionManagerAbi,
              functionName: "tokenOfOwnerByIndex",
              args: [owner, k],
            });
            const p = await this.client.readContract({
              address: npm,
              abi: v3PositionManagerAbi,
              functionName: "positions",
              args: [id],
            });
            const [
              ,
              ,
              token0,
              token1,
              fee,
              tickLower,
              tickUpper,
              liquidity,
              in0,
              in1,
              owed0,
              owed1,
            ] = p;
            const pool = await this.client.readContract({
              address: factory,
              abi: v3FactoryAbi,
              functionName: "getPool",
              args: [token0, token1, fee],
            });
            const [slot0, g0, g1, lower, upper] = await this.client.multicall({
              contracts: [
                { address: pool, abi: v3PoolAbi, functionName: "slot0" },
                { address: pool, abi: v3PoolAbi, functionName: "feeGrowthGlobal0X128" },
                { address: pool, abi: v3PoolAbi, functionName: "feeGrowthGlobal1X128" },
                { address: pool, abi: v3PoolAbi, functionName: "ticks", args: [tickLower] },
                { address: pool, abi: v3PoolAbi, functionName: "ticks", args: [tickUpper] },
              ] as const,
              allowFailure: false,
              multicallAddress: mc,
            });
            const amounts = positionAmounts(slot0[0], tickLower, tickUpper, liquidity);
            const fees = uncollectedFees({
              tickCurrent: slot0[1],
              tickLower,
              tickUpper,
              liquidity,
              feeGrowthGlobal0X128: g0,
              feeGrowthGlobal1X128: g1,
              lowerOutside0X128: lower[2],
              lowerOutside1X128: lower[3],
              upperOutside0X128: upper[2],
              upperOutside1X128: upper[3],
              feeGrowthInside0LastX128: in0,
              feeGrowthInside1LastX128: in1,
              tokensOwed0: owed0,
              tokensOwed1: owed1,
            });
            out.push({
              kind: "uniswap-v3",
              owner,
              contract: npm,
              tokenId: id.toString(),
              token0,
              token1,
              ...amounts,
              ...fees,
              liquidity,
            });
          }
        }
      }
      return out;
    });
  }

  async getTransactions(opts: {
    cursor: string | null;
    limit: number;
  }): Promise<AdapterResult<TransactionPage>> {
    let state: HistoryState;
    try {
      state = opts.cursor
        ? (JSON.parse(opts.cursor) as HistoryState)
        : {
            v: 1,
            next: String(this.cfg.startBlock),
            range: this.cfg.maxLogRange,
            tokens: [],
            native: null,
          };
    } catch {
      return fail("bad_request", "malformed EVM history cursor");
    }
    for (const t of state.tokens) this.seen.add(t);
    const latest = await this.guard("block number", () => this.client.getBlockNumber());
    if (!latest.ok) return latest;
    const final = latest.value - BigInt(this.cfg.confirmations);
    const from = BigInt(state.next);
    const page = (
      transactions: TransactionInput[],
      hasMore: boolean,
      pending?: TransactionInput[],
    ) =>
      ok({
        transactions,
        nextCursor: JSON.stringify({ ...state, tokens: [...this.seen].sort() }),
        hasMore,
        ...(pending ? { pending } : {}),
      });
    const withPending = async (rows: TransactionInput[]) => {
      const pending = await this.guard("pending blocks", () =>
        this.pendingRows(final + 1n, latest.value, state),
      );
      return pending.ok ? page(rows, false, pending.value) : pending;
    };
    if (from > final) return withPending([]);
    const to = final < from + BigInt(state.range) - 1n ? final : from + BigInt(state.range) - 1n;

    if (state.native === null) {
      // the opening native balance, before the first block read
      const opening = await this.guard("opening balance", () =>
        Promise.all(
          this.wallets.map(
            async (w) =>
              [
                w,
                from === 0n
                  ? 0n
                  : await this.client.getBalance({ address: w, blockNumber: from - 1n }),
              ] as const,
          ),
        ),
      );
      if (!opening.ok) return opening;
      state.native = Object.fromEntries(
        opening.value.map(([w, b]) => [w.toLowerCase(), b.toString()]),
      );
    }

    let logs: Log[];
    try {
      logs = await this.walletLogs(from, to);
    } catch (err) {
      const e = rpcErrorKind(err);
      if (e.kind === "range" && state.range > 1) {
        state.range = Math.max(1, Math.floor(state.range / 2));
        return page([], true);
      }
      return fail(
        e.kind === "range" ? "unavailable" : e.kind,
        `eth_getLogs: ${e.message.split("\n")[0]}`,
        { cause: err },
      );
    }
    const built = await this.guard("history", () => this.buildRows(logs, state, to, true));
    if (!built.ok) return built;
    state.next = (to + 1n).toString();
    state.range = Math.min(this.cfg.maxLogRange, state.range * 2);
    return to < final ? page(built.value, true) : withPending(built.value);
  }

  /** Transfer logs to and from the wallets, and Uniswap swaps paying them, in [from, to]. */
  private async walletLogs(from: bigint, to: bigint): Promise<Log[]> {
    const walletTopics = this.wallets.map((w) => pad(w.toLowerCase() as Hex));
    const range = { fromBlock: `0x${from.toString(16)}`, toBlock: `0x${to.toString(16)}` } as const;
    const [incoming, outgoing, swaps] = await Promise.all([
      this.client.request({
        method: "eth_getLogs",
        params: [{ ...range, topics: [TRANSFER_TOPIC, null, walletTopics] }],
      }),
      this.client.request({
        method: "eth_getLogs",
        params: [{ ...range, topics: [TRANSFER_TOPIC, walletTopics] }],
      }),
      this.client.request({
        method: "eth_getLogs",
        params: [{ ...range, topics: [[V2_SWAP_TOPIC, V3_SWAP_TOPIC], null, walletTopics] }],
      }),
    ]);
    return [...(incoming as Log[]), ...(outgoing as Log[]), ...(swaps as Log[])];
  }

  /** Rows of the blocks above the confirmation depth: reported as pending, rewritten each sync. */
  private async pendingRows(
    from: bigint,
    to: bigint,
    state: HistoryState,
  ): Promise<TransactionInput[]> {
    if (from > to) return [];
    return this.buildRows(await this.walletLogs(from, to), { ...state }, to, false);
  }

  /** Transfer logs → rows; a tx with a Swap to the wallet and one token in, one out → one convert row. */
  private async buildRows(
    logs: Log[],
    state: HistoryState,
    to: bigint,
    reconcileNative: boolean,
  ): Promise<TransactionInput[]> {
    const wallets = new Set(this.wallets.map((w) => w.toLowerCase()));
    const npm = this.cfg.uniswapV3PositionManager?.toLowerCase();
    // ERC-20 transfers (3 topics) and position NFTs of the V3 position manager (4 topics)
    const isNft = (l: Log) => l.topics.length === 4 && l.address.toLowerCase() === npm;
    const transfers = logs.filter(
      (l) => l.topics[0] === TRANSFER_TOPIC && (l.topics.length === 3 || isNft(l)),
    );
    const swapTxs = new Set(
      logs.filter((l) => l.topics[0] !== TRANSFER_TOPIC).map((l) => l.transactionHash),
    );
    const unique = new Map<string, Log>();
    for (const l of transfers) unique.set(`${l.transactionHash}:${l.logIndex}`, l);
    // the pool's fee tier per swap transaction: V2 pairs take 0.3%, V3 pools say theirs
    const swapFee = new Map<string, Dec>();
    for (const l of logs.filter((x) => x.topics[0] !== TRANSFER_TOPIC)) {
      if (swapFee.has(l.transactionHash as string)) continue;
      const fee =
        l.topics[0] === V2_SWAP_TOPIC
          ? new Dec("0.003")
          : new Dec(
              String(
                await this.client.readContract({
                  address: l.address,
                  abi: v3PoolAbi,
                  functionName: "fee",
                }),
              ),
            ).div(1_000_000);
      swapFee.set(l.transactionHash as string, fee);
    }
    const fungible = [...unique.values()].filter((l) => !isNft(l));
    for (const l of fungible) this.seen.add(l.address.toLowerCase());
    await this.tokenMeta([...new Set(fungible.map((l) => getAddress(l.address)))]);
    // nodes that put blockTimestamp on logs (anvil, recent geth and reth) save a getBlock per block
    const blockTimes = new Map<bigint, number>();
    for (const l of unique.values()) {
      const ts = (l as Log & { blockTimestamp?: Hex }).blockTimestamp;
      if (ts !== undefined) blockTimes.set(l.blockNumber as bigint, Number(BigInt(ts)) * 1000);
    }
    const missing = [...new Set([...unique.values()].map((l) => l.blockNumber as bigint))].filter(
      (b) => !blockTimes.has(b),
    );
    for (const blk of await Promise.all(
      missing.map((n) => this.client.getBlock({ blockNumber: n })),
    )) {
      blockTimes.set(blk.number as bigint, Number(blk.timestamp) * 1000);
    }
    const time = async (block: bigint) => {
      if (!blockTimes.has(block))
        blockTimes.set(
          block,
          Number((await this.client.getBlock({ blockNumber: block })).timestamp) * 1000,
        );
      return blockTimes.get(block) as number;
    };
    const byTx = new Map<string, { l: Log; dir: "in" | "out"; amount: string; symbol: string }[]>();
    for (const l of unique.values()) {
      const fromAddr = `0x${(l.topics[1] as string).slice(26)}`;
      const toAddr = `0x${(l.topics[2] as string).slice(26)}`;
      const m = isNft(l)
        ? { symbol: v3PositionAsset(BigInt(l.topics[3] as string)), decimals: 0 }
        : (this.meta.get(l.address.toLowerCase()) as TokenMeta);
      const amount = isNft(l)
        ? "1"
        : formatAmount(new Dec(formatUnits(BigInt(l.data), m.decimals)));
      if (amount === "0") continue;
      const legs = byTx.get(l.transactionHash as string) ?? [];
      if (wallets.has(toAddr)) legs.push({ l, dir: "in", amount, symbol: m.symbol });
      if (wallets.has(fromAddr)) legs.push({ l, dir: "out", amount, symbol: m.symbol });
      byTx.set(l.transactionHash as string, legs);
    }
    // the wallet pays gas only for transactions it sent: those with an outgoing leg or a swap
    const sentByUs = [...byTx]
      .filter(([hash, legs]) => swapTxs.has(hash as Hex) || legs.some((x) => x.dir === "out"))
      .map(([h]) => h);
    const receipts = new Map(
      (
        await Promise.all(
          sentByUs.map((hash) => this.client.getTransactionReceipt({ hash: hash as Hex })),
        )
      ).map((r) => [r.transactionHash as string, r]),
    );
    const rows: TransactionInput[] = [];
    let gasTotal = 0n;
    for (const [hash, legs] of byTx) {
      const block = legs[0]?.l.blockNumber as bigint;
      const timestamp = new Date(await time(block)).toISOString();
      const receipt = receipts.get(hash);
      const none = { price: null, quoteAsset: null, quoteAmount: null, fee: null, feeAsset: null };
      const ins = legs.filter((x) => x.dir === "in");
      const outs = legs.filter((x) => x.dir === "out");
      const minted = ins.some(
        (x) =>
          `0x${(x.l.topics[1] as string).slice(26)}` ===
          "0x0000000000000000000000000000000000000000",
      );
      const kind = swapTxs.has(hash as Hex)
        ? "swap"
        : minted
          ? "liquidity_add"
          : legs.some(
                (x) =>
                  x.dir === "out" &&
                  `0x${(x.l.topics[2] as string).slice(26)}` === x.l.address.toLowerCase(),
              )
            ? "liquidity_remove"
            : "transfer";
      const inLeg = ins[0];
      const outLeg = outs[0];
      if (kind === "swap" && ins.length === 1 && outs.length === 1 && inLeg && outLeg) {
        rows.push({
          txId: `${hash}:swap`,
          txType: "convert",
          asset: inLeg.symbol,
          amount: inLeg.amount,
          price: formatAmount(new Dec(outLeg.amount).div(inLeg.amount).toSignificantDigits(20)),
          quoteAsset: outLeg.symbol,
          quoteAmount: outLeg.amount,
          fee: null,
          feeAsset: null,
          timestamp,
          metadata: {
            kind,
            txHash: hash,
            block: block.toString(),
            chainTxId: hash,
            // the pool fee is inside the amounts already: reported, not subtracted again
            poolFee: formatAmount(swapFee.get(hash) ?? new Dec(0)),
            feePaid: formatAmount(new Dec(outLeg.amount).mul(swapFee.get(hash) ?? 0)),
            feeAsset: outLeg.symbol,
          },
        });
      } else {
        for (const x of legs) {
          rows.push({
            txId: `${hash}:${x.l.logIndex}:${x.dir}`,
            txType: x.dir === "in" ? "transfer_in" : "transfer_out",
            asset: x.symbol,
            amount: x.amount,
            ...none,
            timestamp,
            metadata: {
              kind,
              txHash: hash,
              block: block.toString(),
              token: x.l.address,
              chainTxId: hash,
            },
          });
        }
      }
      if (receipt && wallets.has(receipt.from.toLowerCase())) {
        const gas = receipt.gasUsed * receipt.effectiveGasPrice;
        gasTotal += gas;
        rows.push({
          txId: `${hash}:gas`,
          txType: "fee",
          asset: this.cfg.nativeSymbol,
          amount: formatAmount(new Dec(formatUnits(gas, 18))),
          ...none,
          timestamp,
          metadata: { kind: "gas", txHash: hash, block: block.toString() },
        });
      }
    }
    if (!reconcileNative) return rows;
    // native coin moves no log shows: the balance change the rows above do not explain
    const native = state.native ?? {};
    let expected = 0n;
    let actual = 0n;
    for (const w of this.wallets) {
      expected += BigInt(native[w.toLowerCase()] ?? "0");
      const b = await this.client.getBalance({ address: w, blockNumber: to });
      actual += b;
      native[w.toLowerCase()] = b.toString();
    }
    state.native = native;
    const diff = actual - (expected - gasTotal);
    if (diff !== 0n) {
      rows.push({
        txId: `native:${this.cfg.chainId}:${to}:${state.next}`,
        txType: diff > 0n ? "transfer_in" : "transfer_out",
        asset: this.cfg.nativeSymbol,
        amount: formatAmount(new Dec(formatUnits(diff > 0n ? diff : -diff, 18))),
        price: null,
        quoteAsset: null,
        quoteAmount: null,
        fee: null,
        feeAsset: null,
        timestamp: new Date(await time(to)).toISOString(),
        metadata: { kind: "native_reconciled", fromBlock: state.next, toBlock: to.toString() },
      });
    }
    return rows;
  }

  async validate(): Promise<AdapterResult<null>> {
    const id = await this.guard("chain id", () => this.client.getChainId());
    if (!id.ok) return id;
    return id.value === this.cfg.chainId
      ? ok(null)
      : fail(
          "bad_request",
          `the node at ${new URL(this.cfg.rpcUrl).host} is chain ${id.value}, not ${this.cfg.chainId}`,
        );
  }

  async getAssetInfo(asset: string): Promise<AdapterResult<AssetInfo | null>> {
    if (asset === this.cfg.nativeSymbol) return ok({ asset, name: asset, decimals: 18 });
    const m = [...this.meta.values()].find((x) => x.symbol === asset);
    return ok(m ? { asset, name: m.name, decimals: m.decimals } : null);
  }

  /**
   * Prices from pool state against the configured quote token: V3 from slot0's sqrt price, V2
   * from reserves; a wallet can be valued without any off-chain price source.
   */
  async getMarketValues(base: string): Promise<AdapterResult<MarketValues>> {
    return this.guard("prices", async () => {
      const prices: Record<string, string> = {};
      const quote = this.cfg.quoteToken ? getAddress(this.cfg.quoteToken) : null;
      if (quote) {
        await this.tokenMeta([quote]);
        const q = this.meta.get(quote.toLowerCase()) as TokenMeta;
        for (const p of this.cfg.pricePools) {
          const pool = getAddress(p.address);
          const [t0, t1] = await Promise.all([
            this.client.readContract({ address: pool, abi: v2PairAbi, functionName: "token0" }),
            this.client.readContract({ address: pool, abi: v2PairAbi, functionName: "token1" }),
          ]);
          await this.tokenMeta([t0, t1]);
          const m0 = this.meta.get(t0.toLowerCase()) as TokenMeta;
          const m1 = this.meta.get(t1.toLowerCase()) as TokenMeta;
          // price of token0 in token1 units, decimals applied
          let p01: Dec;
          if (p.version === "v3") {
            const [sqrt] = await this.client.readContract({
              address: pool,
              abi: v3PoolAbi,
              functionName: "slot0",
            });
            p01 = new Dec(sqrt.toString())
              .pow(2)
              .div(new Dec(2).pow(192))
              .mul(new Dec(10).pow(m0.decimals - m1.decimals));
          } else {
            const [r0, r1] = await this.client.readContract({
              address: pool,
              abi: v2PairAbi,
              functionName: "getReserves",
            });
            p01 = new Dec(formatUnits(r1, m1.decimals)).div(formatUnits(r0, m0.decimals));
          }
          if (t1.toLowerCase() === quote.toLowerCase() && !(m0.symbol in prices))
            prices[m0.symbol] = formatAmount(p01.toSignificantDigits(20));
          if (t0.toLowerCase() === quote.toLowerCase() && !(m1.symbol in prices))
            prices[m1.symbol] = formatAmount(new Dec(1).div(p01).toSignificantDigits(20));
        }
        prices[q.symbol] = "1";
        const positions = await this.getPositions();
        if (positions.ok) {
          const priceOf = async (token: Address) => {
            await this.tokenMeta([token]);
            const m = this.meta.get(token.toLowerCase()) as TokenMeta;
            return { m, p: prices[m.symbol] ? new Dec(prices[m.symbol] as string) : null };
          };
          for (const pos of positions.value) {
            const [a, b] = [await priceOf(pos.token0), await priceOf(pos.token1)];
            if (!a.p || !b.p) continue;
            const value = new Dec(formatUnits(pos.amount0 + pos.fees0, a.m.decimals))
              .mul(a.p)
              .add(new Dec(formatUnits(pos.amount1 + pos.fees1, b.m.decimals)).mul(b.p));
            if (pos.kind === "uniswap-v3" && pos.tokenId) {
              prices[v3PositionAsset(BigInt(pos.tokenId))] = formatAmount(
                value.toSignificantDigits(20),
              );
            } else {
              const lp = this.meta.get(pos.contract.toLowerCase());
              if (lp && pos.liquidity > 0n) {
                prices[lp.symbol] = formatAmount(
                  value.div(formatUnits(pos.liquidity, lp.decimals)).toSignificantDigits(20),
                );
              }
            }
          }
        }
      }
      const quoteSymbol = quote ? (this.meta.get(quote.toLowerCase()) as TokenMeta).symbol : base;
      // "USD" is valued through the quote stablecoin at par, as exchanges without USD do
      return {
        base: base === "USD" ? "USD" : quoteSymbol,
        prices,
        asOf: new Date(this.deps.now()).toISOString(),
      };
    });
  }
}
