/**
 * Credentials at rest: AES-256-GCM under a key from the CREDENTIALS_KEY secret, a fresh 96-bit
 * IV per encryption, and the account id as additional authenticated data, so a ciphertext copied
 * to another account does not decrypt.
 *
 * CREDENTIALS_KEY holds one or more keys, comma-separated, each `<key id>:<32 bytes, base64>`;
 * the first seals, all open. A key without an id (a single bare key, as before key ids) is `k0`.
 * Sealed values are `v2.<key id>.<base64(iv ‖ ciphertext)>`; a bare base64 value was sealed
 * before key ids and opens with `k0`. To rotate, put the new key first and keep the old one
 * until every account has been sealed again under the new one (see {@link openCredentials}).
 */
import { fromBase64, toBase64 } from "@portfolio/core";

const IV_BYTES = 12;
const FORMAT = "v2";
/** the key id of a key given without one, and of values sealed before key ids */
export const LEGACY_KEY_ID = "k0";
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** The keys CREDENTIALS_KEY holds, by id; `current` seals. */
export interface CredentialsKey {
  current: string;
  keys: ReadonlyMap<string, CryptoKey>;
}

/** One entry of CREDENTIALS_KEY; errors name the entry, never its key. */
async function importEntry(entry: string, n: number): Promise<[string, CryptoKey]> {
  const colon = entry.indexOf(":");
  const kid = colon < 0 ? LEGACY_KEY_ID : entry.slice(0, colon);
  const where = `CREDENTIALS_KEY entry ${n} (key id ${colon < 0 ? `${kid}, given bare` : kid})`;
  if (!KEY_ID.test(kid)) throw new Error(`${where}: a key id is 1–32 of A-Z a-z 0-9 _ -`);
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw = fromBase64(entry.slice(colon + 1));
  } catch {
    throw new Error(`${where} is not base64`);
  }
  if (raw.length !== 32) throw new Error(`${where} must be 32 bytes, base64-encoded`);
  const key = await crypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, [
    "encrypt",
    "decrypt",
  ]);
  return [kid, key];
}

/** Reads CREDENTIALS_KEY: `kid:base64[,kid:base64…]`, or one bare base64 key (key id `k0`). */
export async function importCredentialsKey(secret: string | undefined): Promise<CredentialsKey> {
  const entries = (secret ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  if (entries.length === 0)
    throw new Error(
      "CREDENTIALS_KEY is not set: generate a key with `openssl rand -base64 32` and set it as `k1:<key>`",
    );
  const keys = new Map<string, CryptoKey>();
  for (const [i, entry] of entries.entries()) {
    const [kid, key] = await importEntry(entry, i + 1);
    if (keys.has(kid)) throw new Error(`CREDENTIALS_KEY holds key id ${kid} twice`);
    keys.set(kid, key);
  }
  return { current: [...keys.keys()][0] as string, keys };
}

/** The key id a sealed value names, and its bytes. */
function parseSealed(sealed: string): { kid: string; bytes: string } {
  const parts = sealed.split(".");
  if (parts.length === 1) return { kid: LEGACY_KEY_ID, bytes: sealed };
  const [format, kid, bytes] = parts;
  if (parts.length !== 3 || format !== FORMAT || !kid || !bytes)
    throw new Error("sealed credentials in an unknown format");
  return { kid, bytes };
}

/** Whether a value is sealed under the key that seals now, in the current format. */
export function isSealedUnderCurrentKey(key: CredentialsKey, sealed: string): boolean {
  return sealed.startsWith(`${FORMAT}.${key.current}.`);
}

export async function encryptCredentials(
  key: CredentialsKey,
  accountId: string,
  credentials: Record<string, string>,
): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const plaintext = new TextEncoder().encode(JSON.stringify(credentials));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(accountId) },
      key.keys.get(key.current) as CryptoKey,
      plaintext,
    ),
  );
  const out = new Uint8Array(IV_BYTES + sealed.length);
  out.set(iv);
  out.set(sealed, IV_BYTES);
  return `${FORMAT}.${key.current}.${toBase64(out)}`;
}

export async function decryptCredentials(
  key: CredentialsKey,
  accountId: string,
  sealed: string,
): Promise<Record<string, string>> {
  const { kid, bytes: encoded } = parseSealed(sealed);
  const cryptoKey = key.keys.get(kid);
  if (!cryptoKey)
    throw new Error(
      `credentials of ${accountId} are sealed under key id ${kid}, which CREDENTIALS_KEY does not hold (it holds ${[...key.keys.keys()].join(", ")})`,
    );
  let plaintext: ArrayBuffer;
  try {
    const bytes = fromBase64(encoded);
    plaintext = await crypto.subtle.decrypt(
      {
        name: "AES-GCM",
        iv: bytes.slice(0, IV_BYTES),
        additionalData: new TextEncoder().encode(accountId),
      },
      cryptoKey,
      bytes.slice(IV_BYTES),
    );
  } catch {
    throw new Error(
      `credentials of ${accountId} do not open under key id ${kid}: sealed for another account, altered, or that id names another key now`,
    );
  }
  return JSON.parse(new TextDecoder().decode(plaintext)) as Record<string, string>;
}

/**
 * Opens sealed credentials and, when they were sealed under an older key (or before key ids),
 * seals them again under the current one: `resealed` is the value to store in place of the old
 * one, so the older key can be dropped once every account has been opened; null when the value
 * is current already.
 */
export async function openCredentials(
  key: CredentialsKey,
  accountId: string,
  sealed: string,
): Promise<{ credentials: Record<string, string>; resealed: string | null }> {
  const credentials = await decryptCredentials(key, accountId, sealed);
  const resealed = isSealedUnderCurrentKey(key, sealed)
    ? null
    : await encryptCredentials(key, accountId, credentials);
  return { credentials, resealed };
}
