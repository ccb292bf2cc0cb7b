import { Dec, formatAmount } from "@portfolio/core";

const FIELDS = ["amount", "free", "locked", "reserved", "available"] as const;
type Field = (typeof FIELDS)[number];

export type BalanceAmounts = { asset: string } & Record<Field, string>;

export interface AccountHoldings {
  balances: readonly BalanceAmounts[];
  /** the account's prices in the base (asset → price of one unit), when values are asked for */
  prices?: ReadonlyMap<string, Dec>;
}

export type BalanceTotal = BalanceAmounts & { value?: string | null };

/**
 * Every asset's balances summed across accounts, exactly (Decimal), as canonical strings, by
 * asset. With `base`, each total also has its value in `base`: null when an account holding a
 * non-zero amount of it has no price for it (never counted as zero).
 */
export function sumBalances(accounts: readonly AccountHoldings[], base?: string): BalanceTotal[] {
  const sums = new Map<string, { fields: Record<Field, Dec>; value: Dec | null }>();
  for (const account of accounts) {
    for (const b of account.balances) {
      let sum = sums.get(b.asset);
      if (!sum) {
        sum = {
          fields: Object.fromEntries(FIELDS.map((f) => [f, new Dec(0)])) as Record<Field, Dec>,
          value: new Dec(0),
        };
        sums.set(b.asset, sum);
      }
      for (const f of FIELDS) sum.fields[f] = sum.fields[f].add(b[f]);
      const amount = new Dec(b.amount);
      if (base !== undefined && sum.value !== null && !amount.isZero()) {
        const price = b.asset === base ? new Dec(1) : (account.prices?.get(b.asset) ?? null);
        sum.value = price === null ? null : sum.value.add(amount.mul(price));
      }
    }
  }
  return [...sums]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([asset, s]) => ({
      asset,
      ...(Object.fromEntries(FIELDS.map((f) => [f, formatAmount(s.fields[f])])) as Record<
        Field,
        string
      >),
      ...(base === undefined ? {} : { value: s.value === null ? null : formatAmount(s.value) }),
    }));
}
