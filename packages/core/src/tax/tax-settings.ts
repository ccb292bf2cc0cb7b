import { z } from "zod";

/** How a disposal picks the lots it consumes. */
export const TaxMethod = z.enum(["fifo", "lifo", "hifo", "average"]);
export type TaxMethod = z.infer<typeof TaxMethod>;

/**
 * An owner's cost-basis settings. Every report is computed from the ledger with them on
 * request: changing one recomputes, nothing stored is rewritten.
 */
export const TaxSettings = z
  .object({
    /** the owner's method */
    method: TaxMethod.default("fifo"),
    /** per-account methods where a jurisdiction allows one (with `pooling: "account"` only) */
    accountMethods: z.record(z.string(), TaxMethod).default({}),
    /**
     * where a disposal looks for lots: the disposing account's own (per wallet, as the US asks
     * since 2025) or the owner's across accounts (a UK share pool, Canada's ACB with `average`)
     */
    pooling: z.enum(["account", "owner"]).default("account"),
    /** a fee paid in a third asset (BNB, gas in ETH) is a disposal of it at market value */
    feeDisposal: z.boolean().default(true),
    /** a transfer's network fee: a disposal at market value, or its basis added to what moved */
    transferFee: z.enum(["disposal", "basis"]).default("disposal"),
    /**
     * liquidity put into a pool and taken out: a non-taxable exchange into the pool share (the
     * tokens' basis becomes the share's, and back), or a disposal at market value
     */
    liquidity: z.enum(["exchange", "disposal"]).default("exchange"),
    /**
     * the basis of a coin deposited from outside the owner's accounts: its market value on
     * arrival (listed among the assumptions), or zero (a missing acquisition)
     */
    depositBasis: z.enum(["market", "zero"]).default("market"),
    /** held at least this many days: long term */
    longTermDays: z.number().int().min(1).max(36_500).default(365),
    /** held at least this many days: the gain is tax free (Germany: 365); null: never */
    taxFreeDays: z.number().int().min(1).max(36_500).nullable().default(null),
  })
  .strict();
export type TaxSettings = z.output<typeof TaxSettings>;
