import type { Dec } from "../money/decimal.js";
import type { BalanceMovingTx } from "../trade/balance-effects.js";
import type { Lot } from "./lot-queue.js";

/** One ledger row as the lots engine reads it: the stored transaction's balance-moving fields
 * (amounts as strings), whose account and id it was, when, and its metadata. */
export interface LedgerRow extends BalanceMovingTx {
  accountId: string;
  txId: string;
  /** epoch ms */
  timestamp: number;
  metadata: Record<string, unknown>;
}

/** The market value of one unit of `asset` in the base at `at`, or null where none is known. */
export type PriceAt = (asset: string, at: number) => Dec | null;

/** What a disposal was. */
export type DisposalKind = "trade" | "fee" | "transfer_fee" | "liquidity";

/** One lot part disposed of: a line of a capital-gains form. */
export interface Disposal {
  asset: string;
  amount: Dec;
  /** epoch ms the part was acquired; null for a missing acquisition (zero basis) */
  acquiredAt: number | null;
  disposedAt: number;
  proceeds: Dec;
  cost: Dec;
  gain: Dec;
  term: "short" | "long";
  /** held past the tax-free period (taxFreeDays): the gain is exempt */
  taxFree: boolean;
  kind: DisposalKind;
  /** the account that disposed of it */
  accountId: string;
  /** the account the lot was acquired in (a move between own accounts keeps it) */
  acquiredIn: string | null;
  /** the acquiring row and the disposing row, `accountId/txId` */
  sourceRows: string[];
}

/** Income at its market value on receipt (a reward, an airdrop, LP fees). */
export interface IncomeEvent {
  asset: string;
  amount: Dec;
  /** null where no price was known: listed among the findings */
  value: Dec | null;
  at: number;
  accountId: string;
  txId: string;
}

/** Units that left the owner's accounts without a sale (a withdrawal to someone else), at cost. */
export interface Withdrawn {
  asset: string;
  amount: Dec;
  cost: Dec;
  at: number;
  accountId: string;
  txId: string;
}

/**
 * What a person should check: a disposal of more than the lots held (the shortfall taken at
 * zero basis, as rotki's missing acquisitions), a value no price was known for, a deposit whose
 * basis is its market value on arrival (the real purchase was elsewhere).
 */
export interface Finding {
  kind: "missing_acquisition" | "unpriced" | "assumed_basis";
  asset: string;
  amount: Dec;
  at: number;
  accountId: string;
  txId: string;
}

export interface LotsResult {
  disposals: Disposal[];
  income: IncomeEvent[];
  withdrawn: Withdrawn[];
  /** the lots still open at the end, oldest first per pool */
  open: Lot[];
  findings: Finding[];
}
