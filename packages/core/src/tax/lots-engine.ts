import { parseAmount } from "../money/decimal.js";
import { liquidity } from "./liquidity-rows.js";
import { LotsLedger } from "./lots-ledger.js";
import type { LedgerRow, LotsResult, PriceAt } from "./lots-types.js";
import type { TaxSettings } from "./tax-settings.js";
import { reward, trade } from "./trade-rows.js";
import { arrival, departure } from "./transfer-rows.js";

/**
 * The lots engine: the owner's ledger replayed in time order in `base`. Every acquisition
 * opens a lot, every disposal consumes lots by the pool's method (see LotQueue and
 * TaxSettings), and what the engine cannot know is listed, never guessed silently:
 *
 * - money (the base and every fiat currency) holds no lots; a trade or convert disposes of the
 *   asset given and acquires the one received, both at one value: the money leg's where one leg
 *   is money (the base exactly), else the market value of the quote leg (of the asset leg when
 *   the quote has no price);
 * - a fee in the base or in a third asset is added to the acquisition's cost (deducted from the
 *   proceeds when the base is received); a fee in a third asset is itself a disposal at market
 *   value (`feeDisposal`); a fee in the asset received only lessens the units acquired;
 * - a transfer between the owner's accounts (paired as the flows are) moves lots with their
 *   basis and dates; its network fee is a disposal or its basis goes with the lots
 *   (`transferFee`); a withdrawal to anyone else takes lots out at cost, without a gain;
 * - a reward is income at its market value on receipt and opens a lot at it; a deposit from
 *   outside opens a lot at its market value on arrival or at zero (`depositBasis`);
 * - putting tokens into a pool exchanges their basis into the pool share, and taking them out
 *   exchanges it back in proportion to the tokens' market values (`liquidity: "exchange"`), or
 *   both are disposals at market value (`"disposal"`);
 * - a disposal of more than the lots hold takes the rest at zero basis and lists it.
 */
export function computeLots(
  rows: readonly LedgerRow[],
  base: string,
  settings: TaxSettings,
  priceAt: PriceAt,
): LotsResult {
  return run(new LotsLedger(rows, base, settings, priceAt));
}

function run(l: LotsLedger): LotsResult {
  const order = l.rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r.timestamp - b.r.timestamp || a.i - b.i);
  // the rows of one pool movement (every token of one liquidity add) go together
  const done = new Set<number>();
  for (let k = 0; k < order.length; k++) {
    const { r, i } = order[k] as { r: LedgerRow; i: number };
    if (done.has(i)) continue;
    if (r.txType === "liquidity_add" || r.txType === "liquidity_remove") {
      const group = [r];
      for (let j = k + 1; j < order.length; j++) {
        const o = order[j] as { r: LedgerRow; i: number };
        if (o.r.timestamp !== r.timestamp) break;
        if (
          o.r.txType === r.txType &&
          o.r.accountId === r.accountId &&
          o.r.quoteAsset === r.quoteAsset
        ) {
          group.push(o.r);
          done.add(o.i);
        }
      }
      liquidity(l, group);
    } else row(l, r);
  }
  const open = [...l.queues.values()].flatMap((q) => q.open());
  return {
    disposals: l.disposals,
    income: l.income,
    withdrawn: l.withdrawn,
    open,
    findings: l.findings,
  };
}

function row(l: LotsLedger, r: LedgerRow): void {
  const amount = parseAmount(r.amount);
  switch (r.txType) {
    case "buy":
    case "convert":
      trade(l, r, { asset: r.asset, amount }, l.leg(r.quoteAsset, r.quoteAmount));
      break;
    case "sell":
      trade(l, r, l.leg(r.quoteAsset, r.quoteAmount), { asset: r.asset, amount });
      break;
    case "deposit":
    case "transfer_in":
      arrival(l, r, amount);
      break;
    case "withdrawal":
    case "transfer_out":
      departure(l, r, amount);
      break;
    case "reward":
      reward(l, r, amount);
      break;
    case "fee":
      l.fee(r, r.asset, amount, "fee");
      break;
    default:
      throw new Error(`unknown transaction type ${r.txType}`);
  }
}
