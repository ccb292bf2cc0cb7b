import {
  type AdapterDeps,
  checkProviderCredentials,
  createAdapter,
  registrationConfig,
  splitSecrets,
} from "@portfolio/adapters";
import { type JsonObject, toJson } from "@portfolio/core";
import { type Db, insertAccount } from "@portfolio/db";
import { type CredentialsKey, encryptCredentials } from "../credentials/credential-cipher.js";
import {
  invalidInput,
  invalidShape,
  type RegisterInput,
  type RpcResult,
  rpcFailure,
} from "../rpc-types.js";
import { newSyncJob } from "../schedule/sync-job.js";
import type { AccountRecord, AccountStore } from "../storage/account-store.js";
import { alreadyRegistered, identityAtRegistration, registeredTwin } from "./identity.js";

export interface RegisterDeps {
  store: AccountStore;
  db: Db;
  credentialsKey: () => Promise<CredentialsKey>;
  defaultIntervalMs: number;
  adapterDeps: AdapterDeps;
  now: number;
}

/**
 * Stores the account in its object (credentials sealed, and with them what is secret in the
 * config: an EVM node's URL), lists it in D1, and schedules the
 * initial full sync for now. Registering the same id again with the same provider answers the
 * stored account; a different one is a conflict. An owner registers a platform account once:
 * the same Binance uid, or an EVM address on the same chain, again is a conflict naming the
 * account that has it. If D1 fails, the object forgets the account again, so a retry starts
 * clean.
 */
export async function registerAccount(
  d: RegisterDeps,
  input: RegisterInput,
): Promise<RpcResult<AccountRecord>> {
  const existing = d.store.account();
  if (existing) {
    return existing.owner === input.owner &&
      existing.provider === input.provider &&
      existing.name === input.name
      ? { ok: true, value: existing }
      : {
          ok: false,
          error: { code: "CONFLICT", message: `account ${input.id} is already registered` },
        };
  }
  const config = registrationConfig(input.provider, input.config, {
    accountId: input.id,
    now: d.now,
  });
  if (!config.success) {
    return invalidShape("provider config", config.error.issues);
  }
  const credentialProblem = checkProviderCredentials(input.provider, input.credentials);
  if (credentialProblem) return invalidInput(credentialProblem);
  const split = splitSecrets(input.provider, config.data, input.credentials);
  if (!split.ok) return invalidInput(split.message);
  // where the platform can tell (an EVM node's chain id), a wrong config is refused now, not at the first sync
  const adapter = createAdapter(input.provider, split.config, split.credentials, d.adapterDeps);
  const valid = adapter.validate ? await adapter.validate() : null;
  if (valid && !valid.ok) {
    return rpcFailure(valid.error.retryable ? "UNAVAILABLE" : "INVALID_INPUT", valid.error.message);
  }
  const identity = await identityAtRegistration(adapter, input.id);
  if (identity !== null) {
    const twin = await registeredTwin(d.db, {
      owner: input.owner,
      provider: input.provider,
      identity,
      config: split.config,
    });
    if (twin) return { ok: false, error: alreadyRegistered(input.provider, identity, twin) };
  }
  const credentials = split.credentials
    ? await encryptCredentials(await d.credentialsKey(), input.id, split.credentials)
    : null;
  const record: AccountRecord = {
    id: input.id,
    owner: input.owner,
    name: input.name,
    type: input.type,
    provider: input.provider,
    // the platform's own name for the account, where it has one, over what the registrant typed
    platformAccountId: identity ?? input.platformAccountId,
    config: toJson(split.config) as JsonObject,
    metadata: input.metadata,
    credentials,
    baseCurrency: input.baseCurrency,
    syncIntervalMs: (input.syncIntervalSeconds ?? d.defaultIntervalMs / 1000) * 1000,
    active: true,
    insertedAt: d.now,
    updatedAt: d.now,
  };
  // only now does the object store anything: a refused registration leaves it empty
  if (!d.store.registered) await d.store.create();
  d.store.insertAccount(record);
  d.store.saveJob(newSyncJob(d.now));
  try {
    await insertAccount(d.db, {
      id: record.id,
      ownerId: record.owner,
      name: record.name,
      type: record.type,
      provider: record.provider,
      platformAccountId: record.platformAccountId,
      config: record.config,
      metadata: record.metadata,
      active: true,
      insertedAt: new Date(d.now),
      updatedAt: new Date(d.now),
    });
  } catch (cause) {
    await d.store.erase();
    throw cause;
  }
  return { ok: true, value: record };
}
