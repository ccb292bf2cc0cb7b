import type { EvmConfig } from "./config.js";

/** The EVM history cursor: where the next page starts and what the final blocks left behind. */
export interface HistoryState {
  v: 2;
  /** next block to read; everything before it is final and stored */
  next: string;
  /** current eth_getLogs range, adapted to the node's limits */
  range: number;
  /** tokens seen in the wallets' transfers */
  tokens: string[];
  /** native balance (wei) per wallet at block next − 1, for reconciliation */
  native: Record<string, string> | null;
  /** transactions sent (the nonce) per wallet at block next − 1, to find every one of its own */
  nonces: Record<string, string> | null;
  /** hash of block next − 1: a different one later means a reorganisation below the confirmations */
  hash: string | null;
  /** V3 principal taken out of a position (DecreaseLiquidity) and not collected yet, per token id */
  owed: Record<string, [string, string]>;
}

export function initialHistoryState(cfg: EvmConfig): HistoryState {
  return {
    v: 2,
    next: String(cfg.startBlock),
    range: cfg.maxLogRange,
    tokens: [],
    native: null,
    nonces: null,
    hash: null,
    owed: {},
  };
}

/** A cursor as stored; version 1 (before nonces, hashes and owed principal) is carried forward. */
export function parseHistoryState(cursor: string, cfg: EvmConfig): HistoryState | null {
  let raw: Omit<Partial<HistoryState>, "v"> & { v?: number };
  try {
    raw = JSON.parse(cursor);
  } catch {
    return null;
  }
  if ((raw.v !== 1 && raw.v !== 2) || typeof raw.next !== "string" || !/^\d+$/.test(raw.next))
    return null;
  return {
    ...initialHistoryState(cfg),
    ...raw,
    v: 2,
    nonces: raw.nonces ?? null,
    hash: raw.hash ?? null,
    owed: raw.owed ?? {},
  };
}

/** A copy that building rows for pending blocks may change without touching the final state. */
export const cloneHistoryState = (s: HistoryState): HistoryState => structuredClone(s);
