import { holdsLiveFeed, type PlatformAdapter } from "@portfolio/adapters";
import { createDb } from "@portfolio/db";
import { importCredentialsKey } from "../credentials/credential-cipher.js";
import { LiveConnection } from "../live/live-connection.js";
import { onLiveUpdates } from "../live/on-live-updates.js";
import { accountSinks } from "../outbox/account-sinks.js";
import { OutboxDriver } from "../outbox/outbox-driver.js";
import { QuietRuns } from "../schedule/quiet-runs.js";
import { syncSoon } from "../schedule/sync-soon.js";
import { rebuildBehind } from "../snapshots/rebuild-behind.js";
import { AccountStore } from "../storage/account-store.js";
import { StreamHub } from "../stream/stream-hub.js";
import { adapterFor } from "./adapter-slot.js";
import { SymbolRulesCache } from "./symbol-rules.js";
import type { AccountWiring } from "./wiring.js";

/** What the account object keeps beside the wiring: its storage and its connections. */
export interface AccountParts {
  store: AccountStore;
  live: LiveConnection;
  stream: StreamHub;
  outbox: OutboxDriver;
  wiring: AccountWiring;
}

/**
 * The account object's parts, wired to its storage, env and the clock: what the object holds in
 * memory (its adapter, the rules cache, the credentials key) lives in this closure, and the
 * object's own `rearm` and `forgetAlarm` are the two ways back into it.
 */
export function wireAccount(
  ctx: DurableObjectState,
  env: SyncEnv,
  object: { rearm: () => Promise<void>; forgetAlarm: () => void },
): AccountParts {
  const store = AccountStore.of(ctx.storage);
  const stream = new StreamHub(ctx);
  const memory = { inflight: null, rerun: false, closing: false };
  let adapter: PlatformAdapter | null = null;
  let rules = new SymbolRulesCache(store);
  let key: ReturnType<typeof importCredentialsKey> | null = null;
  const quiet = new QuietRuns(store);
  const live: LiveConnection = new LiveConnection({
    feed: async () => {
      const account = store.account();
      if (!account?.active || memory.closing) return null;
      if (!holdsLiveFeed(account.provider, account.config)) return null;
      return (await adapterFor(wiring, account)).liveFeed?.() ?? null;
    },
    apply: (updates) => onLiveUpdates(wiring, updates),
    gap: () => void syncSoon(wiring),
    rearm: () => void object.rearm(),
    fetch: (input, init) => fetch(input, init),
    now: () => Date.now(),
    random: () => Math.random(),
  });
  const outbox = new OutboxDriver(
    store,
    () => accountSinks(store, env, (owner) => rebuildBehind(wiring, owner)),
    () => object.rearm(),
    (p) => ctx.waitUntil(p),
  );
  const wiring: AccountWiring = {
    store,
    storage: ctx.storage,
    db: () => createDb(env.DB),
    now: () => Date.now(),
    live,
    stream,
    outbox,
    quiet,
    rules: () => rules,
    credentialsKey: () => {
      key ??= importCredentialsKey(env.CREDENTIALS_KEY);
      return key;
    },
    heldAdapter: () => adapter,
    holdAdapter: (held) => {
      adapter = held;
    },
    memory,
    rearm: () => object.rearm(),
    waitUntil: (p) => ctx.waitUntil(p),
    prices: () => env.PRICES,
    snapshotBase: () => env.SNAPSHOT_BASE_CURRENCY,
    autoRebuild: () => (env.HISTORY_REBUILD as string) !== "off",
    forget: () => {
      quiet.forget();
      adapter = null;
      rules = new SymbolRulesCache(store);
      object.forgetAlarm();
    },
  };
  return { store, live, stream, outbox, wiring };
}
