import { createPublicClient, getAddress, http } from "viem";
import type {
  AdapterDeps,
  AssetInfo,
  CandleCursor,
  IgnoredAsset,
  MarketValues,
  PlatformAdapter,
  PlatformBalance,
  SourceCandles,
  TransactionPage,
} from "../adapter.js";
import { type AdapterResult, fail, ok } from "../adapter-error.js";
import { readBalances } from "./balances.js";
import type { EvmConfig } from "./config.js";
import { type EvmContext, ignoredTokens } from "./context.js";
import { rpcEndpoint } from "./credentials.js";
import { readHistory } from "./history.js";
import { evmIdentity } from "./identity.js";
import { readPoolCandles } from "./pool-candles.js";
import { type LiquidityPosition, readPositions } from "./positions.js";
import { readPrices } from "./prices.js";
import { redactError, secretRedactor } from "./redact.js";
import { rpcFailure } from "./rpc-errors.js";

/**
 * EVM wallets and their Uniswap positions, through viem, with only fetch. Balances (native and
 * every ERC-20 configured or seen) are one multicall; history is the wallets' logs in block
 * ranges that shrink and grow with the node's limits, over final blocks only (N confirmations),
 * with swaps, liquidity changes, wrapping, gas of every transaction the wallets sent, and native
 * transfers that logs cannot show (reconciled from the balance) as rows of their own.
 *
 * The node's URL and headers come from the credentials (see `EvmCredentials`); no error this
 * adapter answers carries them, in its message or its cause.
 */
export class EvmAdapter implements PlatformAdapter {
  readonly provider = "evm";
  private readonly ctx: EvmContext;
  private readonly host: string;
  private readonly redact: (text: string) => string;
  /** HTTP requests made (each may carry a batch of JSON-RPC calls) */
  rpcCalls = 0;

  constructor(
    private readonly cfg: EvmConfig,
    private readonly deps: AdapterDeps,
    credentials: Record<string, string> | null = null,
  ) {
    const endpoint = rpcEndpoint(cfg, credentials);
    this.host = new URL(endpoint.url).host;
    this.redact = secretRedactor(endpoint);
    const client = createPublicClient({
      // every sync must see the chain as it is now: no cached block number
      cacheTime: 0,
      // JSON-RPC batching: the look-ups of a page go out together
      transport: http(endpoint.url, {
        fetchOptions: { headers: endpoint.headers },
        batch: { batchSize: 200, wait: 0 },
        fetchFn: (input, init) => {
          this.rpcCalls++;
          return deps.fetch(input as RequestInfo, init);
        },
        retryCount: 0,
        timeout: cfg.timeoutMs,
      }),
    });
    this.ctx = {
      cfg,
      client,
      wallets: cfg.addresses.map((a) => getAddress(a)),
      meta: new Map(),
      seen: new Set(cfg.tokens.map((t) => t.toLowerCase())),
      assets: new Map(),
      poolFees: new Map(),
      flagged: new Map(),
      traces: null,
      assetTransfers: null,
      asked: new Set(),
      priced: new Map(),
    };
  }

  /** Runs a read; what fails comes back as a value, without the node's URL or headers in it. */
  private async guard<T>(
    what: string,
    f: () => Promise<AdapterResult<T>>,
  ): Promise<AdapterResult<T>> {
    let r: AdapterResult<T>;
    try {
      r = await f();
    } catch (err) {
      r = rpcFailure(what, err);
    }
    return r.ok ? r : { ok: false, error: redactError(r.error, this.redact) };
  }

  private read<T>(what: string, f: () => Promise<T>): Promise<AdapterResult<T>> {
    return this.guard(what, async () => ok(await f()));
  }

  /** Tokens the wallets received that are ignored (quarantined), with why; see TokenMeta.ignored. */
  ignoredAssets(): IgnoredAsset[] {
    return ignoredTokens(this.ctx);
  }

  getBalances(): Promise<AdapterResult<PlatformBalance[]>> {
    return this.read("balances", () => readBalances(this.ctx));
  }

  /** Uniswap V2 LP tokens held (any seen token that answers like a pair) and V3 position NFTs. */
  getPositions(): Promise<AdapterResult<LiquidityPosition[]>> {
    return this.read("positions", () => readPositions(this.ctx));
  }

  getTransactions(opts: {
    cursor: string | null;
    limit: number;
  }): Promise<AdapterResult<TransactionPage>> {
    return this.guard("history", () => readHistory(this.ctx, opts.cursor));
  }

  async validate(): Promise<AdapterResult<null>> {
    const id = await this.read("chain id", () => this.ctx.client.getChainId());
    if (!id.ok) return id;
    return id.value === this.cfg.chainId
      ? ok(null)
      : fail(
          "bad_request",
          `the node at ${this.host} is chain ${id.value}, not ${this.cfg.chainId}`,
        );
  }

  /** The chain and the wallets: what the account is, from its config alone. */
  async accountIdentity(): Promise<AdapterResult<string>> {
    return ok(evmIdentity(this.cfg));
  }

  async getAssetInfo(asset: string): Promise<AdapterResult<AssetInfo | null>> {
    if (asset === this.cfg.nativeSymbol) return ok({ asset, name: asset, decimals: 18 });
    const m = [...this.ctx.meta.values()].find((x) => x.symbol === asset);
    return ok(m ? { asset, name: m.name, decimals: m.decimals } : null);
  }

  /** The price pools' new candles from their events (see {@link readPoolCandles}). */
  marketCandles(
    cursors: Record<string, CandleCursor>,
  ): Promise<AdapterResult<{ markets: SourceCandles[]; cursors: Record<string, CandleCursor> }>> {
    return this.read("pool candles", async () => {
      const r = await readPoolCandles(this.ctx, cursors);
      return { markets: r.pools, cursors: r.cursors };
    });
  }

  /** Prices from pool state against the configured quote token (see {@link readPrices}). */
  getMarketValues(base: string): Promise<AdapterResult<MarketValues>> {
    return this.read("prices", async () => {
      const { quoteSymbol, prices } = await readPrices(this.ctx, () => readPositions(this.ctx));
      // "USD" is valued through the quote stablecoin at par, as exchanges without USD do
      return {
        base: base === "USD" || !quoteSymbol ? base : quoteSymbol,
        prices,
        asOf: new Date(this.deps.now()).toISOString(),
      };
    });
  }
}
