import {
  type AdapterDeps,
  changeProviderConfig,
  checkProviderCredentials,
  createAdapter,
  publicConfig,
  splitSecrets,
} from "@portfolio/adapters";
import { type JsonObject, Provider, toJson } from "@portfolio/core";
import { type Db, updateAccountRow } from "@portfolio/db";
import { type CredentialsKey, encryptCredentials } from "../credentials/credential-cipher.js";
import { type AccountPatch, type AccountView, invalidInput, type RpcResult } from "../rpc-types.js";
import { SYNC_JOB } from "../schedule/sync-job.js";
import type { AccountRecord, AccountStore } from "../storage/account-store.js";
import { TRANSACTIONS_STREAM } from "../sync/run-sync.js";
import { viewAccount } from "./account-state.js";
import {
  alreadyRegistered,
  anotherAccount,
  isPlatformIdentity,
  platformRefused,
  registeredTwin,
} from "./identity.js";
import type { AccountWiring } from "./wiring.js";

export interface UpdateDeps {
  store: AccountStore;
  db: Db;
  credentialsKey: () => Promise<CredentialsKey>;
  adapterDeps: AdapterDeps;
  now: number;
}

export interface UpdateOutcome {
  account: AccountRecord;
  /** the config or credentials changed: the object's adapter must be built anew */
  adapterChanged: boolean;
}

interface NewSecrets {
  config: JsonObject;
  sealed: string | null;
  platformAccountId: string | null;
}

/**
 * New credentials, checked as at registration and against the platform: where it can tell, they
 * must reach the same platform account (a Binance uid, an EVM node on the same chain). An
 * account whose identity was not known yet learns it here, unless another of the owner's
 * accounts has it. Sealed under the current key.
 */
async function rotateCredentials(
  d: UpdateDeps,
  account: AccountRecord,
  config: JsonObject,
  credentials: Record<string, string>,
): Promise<RpcResult<NewSecrets>> {
  const provider = Provider.parse(account.provider);
  const problem = checkProviderCredentials(provider, credentials);
  if (problem) return invalidInput(problem);
  const split = splitSecrets(provider, config, credentials);
  if (!split.ok) return invalidInput(split.message);
  const adapter = createAdapter(provider, split.config, split.credentials, d.adapterDeps);
  const valid = adapter.validate ? await adapter.validate() : null;
  if (valid && !valid.ok) return { ok: false, error: platformRefused(valid.error) };
  let platformAccountId = account.platformAccountId;
  if (adapter.accountIdentity) {
    const identity = await adapter.accountIdentity();
    if (!identity.ok) return { ok: false, error: platformRefused(identity.error) };
    if (isPlatformIdentity(provider, platformAccountId)) {
      if (identity.value !== platformAccountId)
        return { ok: false, error: anotherAccount(provider, platformAccountId, identity.value) };
    } else {
      const twin = await registeredTwin(d.db, {
        owner: account.owner,
        provider,
        identity: identity.value,
        config: split.config,
        self: account.id,
      });
      if (twin) return { ok: false, error: alreadyRegistered(provider, identity.value, twin) };
      platformAccountId = identity.value;
    }
  }
  const sealed = split.credentials
    ? await encryptCredentials(await d.credentialsKey(), account.id, split.credentials)
    : null;
  return {
    ok: true,
    value: { config: toJson(split.config) as JsonObject, sealed, platformAccountId },
  };
}

/**
 * Changes a registered account: its name, metadata and sync interval, the provider config fields
 * that may change (see `mutableConfigFields`), and its credentials. The D1 listing is written
 * first (name, metadata, the config without secrets), so a failure there changes nothing; then
 * the object, in one storage transaction. A shorter or longer interval moves the next run of a
 * caught-up schedule.
 */
export async function updateAccount(
  d: UpdateDeps,
  account: AccountRecord,
  patch: AccountPatch,
): Promise<RpcResult<UpdateOutcome>> {
  const provider = Provider.parse(account.provider);
  let config = account.config;
  let configChanged = false;
  if (patch.config !== undefined) {
    const change = changeProviderConfig(provider, account.config, patch.config);
    if (!change.ok) return invalidInput(change.message, change.details);
    config = change.config;
    configChanged = change.changed.length > 0;
  }
  let credentials = account.credentials;
  let platformAccountId = account.platformAccountId;
  if (patch.credentials !== undefined) {
    const rotated = await rotateCredentials(d, account, config, patch.credentials);
    if (!rotated.ok) return rotated;
    ({ config, platformAccountId } = rotated.value);
    credentials = rotated.value.sealed;
  }
  const name = patch.name ?? account.name;
  const metadata = patch.metadata ?? account.metadata;
  const syncIntervalMs =
    patch.syncIntervalSeconds === undefined
      ? account.syncIntervalMs
      : patch.syncIntervalSeconds * 1000;
  await updateAccountRow(
    d.db,
    account.id,
    { name, metadata, config: publicConfig(provider, config), platformAccountId },
    new Date(d.now),
  );
  d.store.atomically(() => {
    d.store.updateAccount({
      name,
      metadata,
      syncIntervalMs,
      updatedAt: d.now,
      ...(configChanged || patch.credentials !== undefined
        ? { config, credentials, platformAccountId }
        : {}),
    });
    const job = d.store.job(SYNC_JOB);
    const caughtUp = d.store.cursor(`${TRANSACTIONS_STREAM}:complete`) === "true";
    if (
      syncIntervalMs !== account.syncIntervalMs &&
      job?.state === "scheduled" &&
      job.nextRunAt !== null &&
      job.lastSuccessAt !== null &&
      caughtUp
    )
      d.store.saveJob({ ...job, nextRunAt: Math.max(d.now, job.lastSuccessAt + syncIntervalMs) });
  });
  const updated = d.store.account();
  if (!updated) throw new Error(`account ${account.id} vanished while it was updated`);
  return {
    ok: true,
    value: { account: updated, adapterChanged: configChanged || patch.credentials !== undefined },
  };
}

export type PatchDeps = Pick<
  AccountWiring,
  "store" | "db" | "credentialsKey" | "now" | "holdAdapter" | "live" | "memory" | "rearm"
>;

/**
 * Applies an owner's change to the account (see {@link updateAccount}); a change of config or
 * credentials gives the account a new adapter and feed.
 */
export async function patchAccount(
  d: PatchDeps,
  account: AccountRecord,
  patch: AccountPatch,
): Promise<RpcResult<AccountView>> {
  const r = await updateAccount(
    {
      store: d.store,
      db: d.db(),
      credentialsKey: d.credentialsKey,
      adapterDeps: { now: () => Date.now(), fetch: (i, init) => fetch(i, init) },
      now: d.now(),
    },
    account,
    patch,
  );
  if (!r.ok) return r;
  // the next call builds its adapter from what is stored now (a sync under way keeps its own)
  if (r.value.adapterChanged) {
    d.holdAdapter(null);
    // the feed follows the new config and key (or stops, with realtime off)
    d.live.stop();
    if (r.value.account.active) await d.live.ensure();
  }
  await d.rearm();
  return { ok: true, value: viewAccount(d, r.value.account) };
}
