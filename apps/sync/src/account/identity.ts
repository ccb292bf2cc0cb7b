import { type AdapterError, EvmConfig, type PlatformAdapter } from "@portfolio/adapters";
import type { Provider } from "@portfolio/core";
import { type Db, findAccountByPlatformId, findEvmAccountsOverlapping } from "@portfolio/db";
import type { RpcError } from "../rpc-types.js";

/**
 * Whether a stored platform id is one the platform gave (Binance's numeric uid, an EVM
 * account's `evm:` identity), not a label a registrant typed before identities were read.
 */
export function isPlatformIdentity(provider: Provider, value: string | null): value is string {
  if (value === null) return false;
  if (provider === "binance") return /^[0-9]{1,20}$/.test(value);
  if (provider === "evm") return value.startsWith("evm:");
  return false;
}

/**
 * Another account of `owner` that is the same platform account: the same Binance uid, or an EVM
 * account sharing any address on the same chain (active or not; deleted ones are no one's).
 * Simulated and manual accounts have no identity: each registration is its own account.
 */
export async function registeredTwin(
  db: Db,
  opts: { owner: string; provider: Provider; identity: string; config: unknown; self?: string },
): Promise<string | null> {
  if (opts.provider === "evm") {
    const cfg = EvmConfig.parse(opts.config);
    const ids = await findEvmAccountsOverlapping(db, {
      owner: opts.owner,
      chainId: cfg.chainId,
      addresses: cfg.addresses.map((a) => a.toLowerCase()),
    });
    return ids.find((id) => id !== opts.self) ?? null;
  }
  return findAccountByPlatformId(db, {
    owner: opts.owner,
    provider: opts.provider,
    platformAccountId: opts.identity,
    ...(opts.self === undefined ? {} : { except: opts.self }),
  });
}

/** What an identity is, in words a person recognises. */
function describeIdentity(provider: Provider, identity: string): string {
  if (provider === "binance") return `Binance account uid ${identity}`;
  if (provider === "evm") {
    const [, chain, addresses] = identity.split(":");
    return `wallet ${addresses ?? ""} on chain ${chain ?? ""}`;
  }
  return `${provider} account ${identity}`;
}

/** The conflict of a second registration of the same platform account: it names the first. */
export function alreadyRegistered(
  provider: Provider,
  identity: string,
  existing: string,
): RpcError {
  return {
    code: "CONFLICT",
    message: `the ${describeIdentity(provider, identity)} is already registered as ${existing}: use that account (activate it if it is inactive)`,
    details: { reason: "ALREADY_REGISTERED", accountId: existing, identity },
  };
}

/** Credentials that reach another platform account than the one registered. */
export function anotherAccount(provider: Provider, stored: string, reached: string): RpcError {
  return {
    code: "INVALID_INPUT",
    message: `these credentials reach the ${describeIdentity(provider, reached)}, not the ${describeIdentity(provider, stored)} this account is: register a new account for it`,
    details: { reason: "ANOTHER_PLATFORM_ACCOUNT", identity: reached },
  };
}

/** A platform's answer to new credentials, as the caller should hear it. */
export function platformRefused(error: AdapterError): RpcError {
  return {
    code: error.retryable ? "UNAVAILABLE" : "INVALID_INPUT",
    message: error.retryable
      ? `the platform could not check these credentials now (${error.message}); try again`
      : `the platform refused these credentials: ${error.message}`,
  };
}

/**
 * The platform account the adapter reaches, at registration: null when the platform has no
 * identities (simulated, manual) or cannot answer now (a registration is not refused for
 * that, as before identities: the first sync finds out, and a credentials rotation learns
 * the identity).
 */
export async function identityAtRegistration(
  adapter: PlatformAdapter,
  accountId: string,
): Promise<string | null> {
  if (!adapter.accountIdentity) return null;
  const r = await adapter.accountIdentity();
  if (r.ok) return r.value;
  console.warn(
    JSON.stringify({
      event: "identity_unknown",
      accountId,
      error: { kind: r.error.kind, message: r.error.message },
    }),
  );
  return null;
}
