import type {
  AdapterResult,
  IgnoredAsset,
  MarketValues,
  PlatformAdapter,
  PlatformBalance,
  TransactionPage,
} from "@portfolio/adapters";
import type { TransactionInput } from "@portfolio/core";

const ok = <T>(value: T): AdapterResult<T> => ({ ok: true, value });

/**
 * A platform the test scripts step by step: what its history shows, what its balances say,
 * and something to do while a sync is inside `getBalances()`.
 */
export class ScriptedPlatform implements PlatformAdapter {
  readonly provider = "scripted";
  balances: PlatformBalance[] = [];
  history: TransactionInput[] = [];
  balanceReads = 0;
  /** the tokens it says it does not count */
  ignored: IgnoredAsset[] = [];

  ignoredAssets(): IgnoredAsset[] {
    return this.ignored;
  }

  /** Runs once inside the next `getBalances()`, after the platform's state was read. */
  duringBalances: (() => Promise<unknown>) | null = null;

  async getBalances(): Promise<AdapterResult<PlatformBalance[]>> {
    this.balanceReads++;
    const snapshot = this.balances.map((b) => ({ ...b }));
    const during = this.duringBalances;
    this.duringBalances = null;
    if (during) await during();
    return ok(snapshot);
  }

  async getTransactions(opts: { cursor: string | null }): Promise<AdapterResult<TransactionPage>> {
    const from = Number(opts.cursor ?? 0);
    return ok({
      transactions: this.history.slice(from),
      nextCursor: String(this.history.length),
      hasMore: false,
    });
  }

  async getAssetInfo() {
    return ok(null);
  }

  async getMarketValues(base: string): Promise<AdapterResult<MarketValues>> {
    return ok({ base, prices: {}, asOf: new Date().toISOString() });
  }
}
