import { z } from "zod";
import { accountId } from "./account.js";
import {
  assetSymbol,
  isoTimestamp,
  nonNegativeAmountInput,
  nonNegativeDecimalString,
  positiveAmountInput,
  positiveDecimalString,
  timestampInput,
} from "./amount-schema.js";
import { JsonObject } from "./json.js";

export const txTypes = [
  "buy",
  "sell",
  "deposit",
  "withdrawal",
  "fee",
  "transfer_in",
  "transfer_out",
  "reward",
  "convert",
  "liquidity_add",
  "liquidity_remove",
] as const;
export const TxType = z.enum(txTypes);
export type TxType = z.infer<typeof TxType>;

export const transactionId = z.string().regex(/^tx_[0-9a-z]{16,32}$/);

/**
 * A platform event that changes balances. For `buy`/`sell`/`convert`, `asset`/`amount` is the
 * asset received or given up and `quoteAsset`/`quoteAmount` the other leg (`price` is quote per
 * unit). `fee` is charged in `feeAsset`, which may be a third asset (BNB fees).
 *
 * `liquidity_add`: `asset`/`amount` went from the wallet into a pool, and `quoteAsset` is the pool
 * share it went into (an LP token, a position NFT); `quoteAmount` is the share received for it.
 * A transaction that puts two tokens in is two rows: the share received appears on one of them,
 * "0" on the other. `liquidity_remove` is the reverse: `asset` came out of the pool, the share
 * in `quoteAsset` was given up.
 */
export const Transaction = z.object({
  id: transactionId,
  accountId,
  txId: z.string().min(1).max(200),
  txType: TxType,
  asset: assetSymbol,
  amount: positiveDecimalString,
  price: positiveDecimalString.nullable(),
  quoteAsset: assetSymbol.nullable(),
  quoteAmount: nonNegativeDecimalString.nullable(),
  fee: nonNegativeDecimalString.nullable(),
  feeAsset: assetSymbol.nullable(),
  timestamp: isoTimestamp,
  metadata: JsonObject,
  insertedAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type Transaction = z.infer<typeof Transaction>;

interface TransactionLegs {
  txType: TxType;
  asset: string;
  quoteAsset: string | null;
  quoteAmount: string | null;
  fee: string | null;
  feeAsset: string | null;
}

/** The rules every transaction's legs follow, whoever supplies it. */
function checkLegs(tx: TransactionLegs, ctx: z.RefinementCtx): void {
  const trade = tx.txType === "buy" || tx.txType === "sell" || tx.txType === "convert";
  const liquidity = tx.txType === "liquidity_add" || tx.txType === "liquidity_remove";
  if ((trade || liquidity) && (tx.quoteAsset === null || tx.quoteAmount === null)) {
    ctx.addIssue({
      code: "custom",
      path: ["quoteAsset"],
      message: `${tx.txType} needs quoteAsset and quoteAmount`,
    });
  }
  if ((trade || liquidity) && tx.quoteAsset === tx.asset) {
    ctx.addIssue({
      code: "custom",
      path: ["quoteAsset"],
      message: "quoteAsset must differ from asset",
    });
  }
  if ((tx.fee === null) !== (tx.feeAsset === null)) {
    ctx.addIssue({ code: "custom", path: ["feeAsset"], message: "fee and feeAsset go together" });
  }
}

const inputShape = Transaction.omit({
  id: true,
  accountId: true,
  insertedAt: true,
  updatedAt: true,
}).extend({
  price: Transaction.shape.price.optional().default(null),
  quoteAsset: Transaction.shape.quoteAsset.optional().default(null),
  quoteAmount: Transaction.shape.quoteAmount.optional().default(null),
  fee: Transaction.shape.fee.optional().default(null),
  feeAsset: Transaction.shape.feeAsset.optional().default(null),
  metadata: Transaction.shape.metadata.optional().default({}),
});

/** What a platform supplies; ids and bookkeeping are ours. */
export const TransactionInput = inputShape.strict().superRefine(checkLegs);
export type TransactionInput = z.output<typeof TransactionInput>;

/**
 * What a bot reporting a fill sends: a {@link TransactionInput} whose amounts are within the
 * input limits (longer ones are refused, never rounded) and whose time lies between 2009-01-03
 * and a day after now. `metadata.tradeId` / `metadata.orderId`, when given, are the platform's
 * ids of the trade, by which a later sync recognises it.
 */
export const FillInput = inputShape
  .extend({
    amount: positiveAmountInput,
    price: positiveAmountInput.nullable().optional().default(null),
    quoteAmount: nonNegativeAmountInput.nullable().optional().default(null),
    fee: nonNegativeAmountInput.nullable().optional().default(null),
    timestamp: timestampInput,
  })
  .strict()
  .superRefine(checkLegs);
export type FillInput = z.output<typeof FillInput>;
