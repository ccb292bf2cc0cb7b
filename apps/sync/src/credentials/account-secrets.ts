import { splitSecrets } from "@portfolio/adapters";
import { type JsonObject, Provider, toJson } from "@portfolio/core";
import type { AccountRecord } from "../storage/account-store.js";
import { type CredentialsKey, encryptCredentials, openCredentials } from "./credential-cipher.js";

/** What to store in place of an account's config and sealed credentials. */
export interface SecretsUpdate {
  config: JsonObject;
  credentials: string | null;
}

/**
 * Opens a stored account's credentials for its adapter, and says what to store instead when the
 * stored form is not current: credentials sealed under an older key (or before key ids) are
 * sealed again under the current one; an EVM node's URL kept in the config by an account stored
 * before it was a credential moves into the sealed credentials, the config keeping its host.
 * Storing `update` once is all a rotated-out key or an old account needs.
 */
export async function openAccountSecrets(
  key: CredentialsKey,
  account: Pick<AccountRecord, "id" | "provider" | "config" | "credentials">,
): Promise<{
  config: JsonObject;
  credentials: Record<string, string> | null;
  update: SecretsUpdate | null;
}> {
  const opened = account.credentials
    ? await openCredentials(key, account.id, account.credentials)
    : null;
  const credentials = opened?.credentials ?? null;
  if (account.provider === "evm" && typeof account.config.rpcUrl === "string") {
    const split = splitSecrets(Provider.parse(account.provider), account.config, credentials);
    if (split.ok && split.credentials) {
      const config = toJson(split.config) as JsonObject;
      const sealed = await encryptCredentials(key, account.id, split.credentials);
      return {
        config,
        credentials: split.credentials,
        update: { config, credentials: sealed },
      };
    }
  }
  return {
    config: account.config,
    credentials,
    update: opened?.resealed ? { config: account.config, credentials: opened.resealed } : null,
  };
}
