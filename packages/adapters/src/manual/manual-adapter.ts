import { balanceEffects, Dec, formatAmount } from "@portfolio/core";
import type {
  AdapterDeps,
  AssetInfo,
  BookedFill,
  MarketValues,
  PlatformAdapter,
  PlatformBalance,
  TransactionPage,
} from "../adapter.js";
import { type AdapterResult, fail, ok } from "../adapter-error.js";
import type { ManualConfig } from "./config.js";
import { decodeManualCursor, encodeManualCursor, type ManualPosition } from "./cursor.js";

/** fills booked at the same time go in txId order: the order is the same at every read */
const byBooking = (a: BookedFill, b: BookedFill) =>
  a.bookedAt - b.bookedAt || (a.tx.txId < b.tx.txId ? -1 : a.tx.txId > b.tx.txId ? 1 : 0);

/**
 * An account kept by hand (a broker without an API, a bank, cash): its ledger is only the fills
 * recorded through the API, which the host hands over as booked fills. History is those fills
 * in booking order, voided ones included (the host marks their rows void); balances are what
 * the fills read so far add up to, voided ones left out. There are no prices: its assets are
 * listed as unpriced, never valued at zero.
 */
export class ManualAdapter implements PlatformAdapter {
  readonly provider = "manual";
  readonly balancesFollowHistory = true;
  /**
   * The booking time the last complete read of history reached: balances are summed to the
   * same point, so a fill recorded after the history was read (still unseen, added by the host
   * on top) is not counted twice.
   */
  private readTo: number | null = null;

  constructor(
    private readonly config: ManualConfig,
    private readonly now: () => number,
    private readonly bookedFills: AdapterDeps["bookedFills"],
  ) {}

  /** Fills booked in [fromMs, toMs], in booking order. */
  private booked(fromMs: number, toMs: number): BookedFill[] {
    if (!this.bookedFills) return [];
    return this.bookedFills(fromMs, toMs)
      .filter((f) => f.bookedAt >= fromMs && f.bookedAt <= toMs)
      .sort(byBooking);
  }

  async getTransactions(opts: {
    cursor: string | null;
    limit: number;
  }): Promise<AdapterResult<TransactionPage>> {
    const from = decodeManualCursor(opts.cursor);
    if (!from) return fail("bad_request", `malformed cursor ${opts.cursor}`);
    if (!Number.isSafeInteger(opts.limit) || opts.limit < 1)
      return fail("bad_request", `page limit must be a positive integer, not ${opts.limit}`);
    // what is booked before this millisecond is final: a fill recorded from now on books later
    const upTo = this.now() - 1;
    if (from.t > upTo) {
      this.readTo = upTo;
      return ok({ transactions: [], nextCursor: encodeManualCursor(from), hasMore: false });
    }
    const fills = this.booked(from.t, upTo);
    const atStart = fills.findIndex((f) => f.bookedAt !== from.t);
    const rest = fills.slice(Math.min(from.skip, atStart < 0 ? fills.length : atStart));
    const page = rest.slice(0, opts.limit);
    const last = page.at(-1);
    if (!last || page.length === rest.length) {
      this.readTo = upTo;
      return ok({
        transactions: page.map((f) => f.tx),
        nextCursor: encodeManualCursor({ t: upTo + 1, skip: 0 }),
        hasMore: false,
      });
    }
    const sameTime = page.filter((f) => f.bookedAt === last.bookedAt).length;
    const next: ManualPosition = {
      t: last.bookedAt,
      skip: last.bookedAt === from.t ? from.skip + sameTime : sameTime,
    };
    return ok({
      transactions: page.map((f) => f.tx),
      nextCursor: encodeManualCursor(next),
      hasMore: true,
    });
  }

  async getBalances(): Promise<AdapterResult<PlatformBalance[]>> {
    const upTo = this.readTo ?? this.now() - 1;
    const held = new Map<string, Dec>();
    for (const f of this.booked(Number.MIN_SAFE_INTEGER, upTo)) {
      // a voided fill moved nothing
      if (f.voidedAt !== null) continue;
      for (const [asset, delta] of balanceEffects(f.tx))
        held.set(asset, (held.get(asset) ?? new Dec(0)).add(delta));
    }
    const currency = this.config.currency;
    if (currency !== undefined && !held.has(currency)) held.set(currency, new Dec(0));
    return ok(
      [...held]
        .filter(([asset, amount]) => !amount.isZero() || asset === currency)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([asset, amount]) => ({ asset, free: formatAmount(amount), locked: "0" })),
    );
  }

  async getAssetInfo(_asset: string): Promise<AdapterResult<AssetInfo | null>> {
    return ok(null);
  }

  /** A manual account has no market: every asset is unpriced. */
  async getMarketValues(base: string): Promise<AdapterResult<MarketValues>> {
    return ok({ base, prices: {}, asOf: new Date(this.now()).toISOString() });
  }
}
