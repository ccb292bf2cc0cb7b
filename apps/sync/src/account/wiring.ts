import type { PlatformAdapter } from "@portfolio/adapters";
import type { Db } from "@portfolio/db";
import type { CredentialsKey } from "../credentials/credential-cipher.js";
import type { LiveConnection } from "../live/live-connection.js";
import type { OutboxDriver } from "../outbox/outbox-driver.js";
import type { PriceDO } from "../prices/price-do.js";
import type { QuietRuns } from "../schedule/quiet-runs.js";
import type { AccountStore } from "../storage/account-store.js";
import type { StreamHub } from "../stream/stream-hub.js";
import type { SyncOutcome } from "../sync/run-sync.js";
import type { SymbolRulesCache } from "./symbol-rules.js";

/** What the object holds in memory of its syncs and of its deletion (none of it stored). */
export interface AccountMemory {
  /** the sync under way, if any */
  inflight: Promise<SyncOutcome> | null;
  /** a webhook arrived while a sync ran: that sync may have started before the news, run again */
  rerun: boolean;
  /** the account is being deleted: it answers as if gone, and nothing new starts */
  closing: boolean;
}

/**
 * What the account object (AccountDO) hands the plain functions that do its work: its storage
 * and connections, D1 and the clock, and callbacks into what only the object holds in memory.
 * Each function names the parts it uses, as a Pick of this.
 */
export interface AccountWiring {
  store: AccountStore;
  /** the object's own storage, for what the store does not cover (the alarm, deleting it all) */
  storage: DurableObjectStorage;
  /** a D1 client over env.DB */
  db: () => Db;
  now: () => number;
  /** the platform's push feed of this account (Binance's user data stream), when it has one */
  live: LiveConnection;
  stream: StreamHub;
  outbox: OutboxDriver;
  quiet: QuietRuns;
  /** the trading rules of the account's pairs (a new cache once the account is deleted) */
  rules: () => SymbolRulesCache;
  credentialsKey: () => Promise<CredentialsKey>;
  /** the adapter the object holds, once built (see account/adapter-slot.ts) */
  heldAdapter: () => PlatformAdapter | null;
  /** null: the next call builds its adapter from what is stored then */
  holdAdapter: (adapter: PlatformAdapter | null) => void;
  memory: AccountMemory;
  /** sets the alarm to the earliest due job (see AccountDO.rearm) */
  rearm: () => Promise<void>;
  waitUntil: (p: Promise<unknown>) => void;
  /** the price service's object and the snapshots' base: what a history rebuild needs */
  prices: () => DurableObjectNamespace<PriceDO>;
  snapshotBase: () => string;
  /** whether a complete, grown history rebuilds the owner's past by itself (HISTORY_REBUILD) */
  autoRebuild: () => boolean;
  /** forgets what the object held of a deleted account: its adapter, rules cache and alarm */
  forget: () => void;
}
