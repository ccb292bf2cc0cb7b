import type { EvmConfig } from "./config.js";

/** The EVM history cursor: where the next page starts and what the final blocks left behind. */
export interface HistoryState {
  v: 2;
  /** next block to read; everything before it is final and stored */
  next: string;
  /**
   * History that starts at a later `startBlock` first scans blocks [0, startBlock) for the tokens
   * the wallets received (no rows), so their balances at the start open the history: the next
   * block of that scan, or null once it is done (or not needed).
   */
  discover: string | null;
  /**
   * How history starts: null until the node was asked for state at history's first blocks;
   * "archive" when it answered; "snapshot" when it keeps only recent state: then history opens
   * with the holdings at the final head when the scan of `discover` reached it, and runs from there.
   */
  start: "archive" | "snapshot" | null;
  /** current eth_getLogs range, adapted to the node's limits */
  range: number;
  /** the widest range the node has not refused yet (it refused one block more), once it refused */
  ceiling: number | null;
  /** tokens seen in the wallets' transfers */
  tokens: string[];
  /** the asset name given to each token (lower-case address): once given, never changed */
  assets: Record<string, string>;
  /** tokens ignored for what they did, with why (see EvmContext.flagged) */
  flagged: Record<string, string>;
  /** tokens moved in the wallets' own transactions: never spam (see EvmContext.asked) */
  asked: string[];
  /** native balance (wei) per wallet at block next − 1, for reconciliation */
  native: Record<string, string> | null;
  /** transactions sent (the nonce) per wallet at block next − 1, to find every one of its own */
  nonces: Record<string, string> | null;
  /**
   * What the wallets hold of each counted token (lower-case address → decimal amount) at block
   * next − 1, as the history written so far explains it: a page whose end balance differs gets a
   * reconciliation row (rebases, tokens that vanish), a token first seen gets its opening balance.
   * null in cursors written before it was kept: the next page adopts the chain's balances at its
   * start as explained (that history was read before), writing no rows for them.
   */
  held: Record<string, string> | null;
  /** V3 principal taken out of a position (DecreaseLiquidity) and not collected yet, per token id */
  owed: Record<string, [string, string]>;
  /**
   * The last pages' end blocks with their hashes and the state after them, oldest first. A hash
   * that changed means the chain replaced final blocks; history rewinds to the newest one that
   * still holds.
   */
  checkpoints: Checkpoint[];
}

export interface Checkpoint {
  block: string;
  hash: string;
  native: Record<string, string>;
  nonces: Record<string, string>;
  owed: Record<string, [string, string]>;
  held: Record<string, string>;
}

/** how many page ends are kept to rewind to */
export const MAX_CHECKPOINTS = 16;

export function initialHistoryState(cfg: EvmConfig): HistoryState {
  return {
    v: 2,
    next: String(cfg.startBlock),
    discover: cfg.startBlock > 0 ? "0" : null,
    start: null,
    range: cfg.maxLogRange,
    ceiling: null,
    tokens: [],
    assets: {},
    flagged: {},
    asked: [],
    native: null,
    nonces: null,
    held: {},
    owed: {},
    checkpoints: [],
  };
}

/** A cursor as stored; version 1 (before nonces, checkpoints and owed principal) is carried forward. */
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
    owed: raw.owed ?? {},
    held: raw.held === undefined ? null : raw.held,
    discover: raw.discover ?? null,
    // cursors from before it was kept read archive state (they would have failed otherwise)
    start: raw.start === undefined ? "archive" : raw.start,
    ceiling: raw.ceiling ?? null,
    assets: raw.assets ?? {},
    flagged: raw.flagged ?? {},
    asked: raw.asked ?? [],
    checkpoints: raw.checkpoints ?? [],
  };
}

/** A copy that building rows for pending blocks may change without touching the final state. */
export const cloneHistoryState = (s: HistoryState): HistoryState => structuredClone(s);

/** Records the state after a final page that ended at `block`. */
export function pushCheckpoint(s: HistoryState, block: bigint, hash: string): void {
  s.checkpoints.push({
    block: block.toString(),
    hash,
    native: { ...(s.native ?? {}) },
    nonces: { ...(s.nonces ?? {}) },
    owed: structuredClone(s.owed),
    held: { ...(s.held ?? {}) },
  });
  if (s.checkpoints.length > MAX_CHECKPOINTS) s.checkpoints.shift();
}

/** Back to the state after checkpoint `i`, or to the start of history when i < 0. */
export function rewindTo(s: HistoryState, i: number, cfg: EvmConfig): HistoryState {
  const cp = s.checkpoints[i];
  if (!cp)
    return {
      ...initialHistoryState(cfg),
      tokens: s.tokens,
      assets: s.assets,
      flagged: s.flagged,
      asked: s.asked,
    };
  return {
    ...s,
    next: (BigInt(cp.block) + 1n).toString(),
    native: cp.native,
    nonces: cp.nonces,
    owed: cp.owed,
    held: cp.held ?? {},
    checkpoints: s.checkpoints.slice(0, i + 1),
  };
}
