import { Dec, formatAmount, parseAmount } from "@portfolio/core";
import type { PlatformBalance } from "../adapter.js";
import { totalsOf } from "./reconcile.js";

/**
 * Simple Earn flexible positions show in spot as LD + asset (Binance's "Lending Daily" tokens);
 * LDO is a real asset. They are counted through the Earn endpoints instead (as rotki does).
 */
export function isEarnToken(asset: string): boolean {
  return asset.startsWith("LD") && asset.length > 2 && asset !== "LDO";
}

/**
 * Each asset's total outside Simple Earn (`earn`): what a withdrawal, convert or trade would
 * move. Earn accrues rewards all the time (real-time APR), which must not make a pass look busy.
 */
export function walletTotals(
  balances: PlatformBalance[],
  earn: Map<string, Dec>,
): Record<string, string> {
  const totals = totalsOf(balances);
  for (const [asset, amount] of earn) {
    const rest = parseAmount(totals[asset] ?? "0").sub(amount);
    if (rest.isZero()) delete totals[asset];
    else totals[asset] = formatAmount(rest);
  }
  return totals;
}

/** What each wallet's answer holds, as the balance read gets them. */
export interface WalletAnswers {
  spot: { asset: string; free: string; locked: string }[];
  funding: { asset: string; free: string; locked: string; freeze: string }[];
  margin: { asset: string; netAsset: string }[];
  futures: { asset: string; balance: string }[];
  earn: Map<string, Dec>;
}

/**
 * The account's balances across its wallets (Simple Earn, funding, cross margin, USDⓈ-M futures
 * and spot), one per asset with a non-zero total, and `others`: each asset's balance outside spot.
 */
export function mergeWallets(w: WalletAnswers): {
  others: Map<string, { free: Dec; locked: Dec }>;
  balances: PlatformBalance[];
} {
  const merged = new Map<string, { free: Dec; locked: Dec }>();
  const add = (asset: string, free: string, locked: string) => {
    const cur = merged.get(asset) ?? { free: new Dec(0), locked: new Dec(0) };
    merged.set(asset, {
      free: cur.free.add(parseAmount(free)),
      locked: cur.locked.add(parseAmount(locked)),
    });
  };
  for (const [asset, amount] of w.earn) add(asset, "0", formatAmount(amount));
  for (const b of w.funding)
    add(b.asset, b.free, formatAmount(parseAmount(b.locked).add(parseAmount(b.freeze))));
  for (const b of w.margin) add(b.asset, "0", b.netAsset);
  for (const b of w.futures) add(b.asset, "0", b.balance);
  // what the user data stream's spot positions leave out, as of this read
  const others = new Map([...merged].map(([a, b]) => [a, { ...b }]));
  // a flexible Earn position also shows in spot as LD + asset: counted once, above
  for (const b of w.spot) if (!isEarnToken(b.asset)) add(b.asset, b.free, b.locked);
  const balances = [...merged]
    .filter(([, b]) => !b.free.add(b.locked).isZero())
    .map(([asset, b]) => ({ asset, free: formatAmount(b.free), locked: formatAmount(b.locked) }));
  return { others, balances };
}
