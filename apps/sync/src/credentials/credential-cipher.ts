/**
 * Credentials at rest: AES-256-GCM under a key from the CREDENTIALS_KEY secret (32 bytes,
 * base64), a fresh 96-bit IV per encryption, and the account id as additional authenticated
 * data, so a ciphertext copied to another account does not decrypt.
 */
const IV_BYTES = 12;

function fromBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function toBase64(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export async function importCredentialsKey(secret: string | undefined): Promise<CryptoKey> {
  if (!secret)
    throw new Error("CREDENTIALS_KEY is not set: generate one with `openssl rand -base64 32`");
  const raw = fromBase64(secret);
  if (raw.length !== 32) throw new Error("CREDENTIALS_KEY must be 32 bytes, base64-encoded");
  return crypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
}

export async function encryptCredentials(
  key: CryptoKey,
  accountId: string,
  credentials: Record<string, string>,
): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const plaintext = new TextEncoder().encode(JSON.stringify(credentials));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(accountId) },
      key,
      plaintext,
    ),
  );
  const out = new Uint8Array(IV_BYTES + sealed.length);
  out.set(iv);
  out.set(sealed, IV_BYTES);
  return toBase64(out);
}

export async function decryptCredentials(
  key: CryptoKey,
  accountId: string,
  sealed: string,
): Promise<Record<string, string>> {
  const bytes = fromBase64(sealed);
  const plaintext = await crypto.subtle.decrypt(
    {
      name: "AES-GCM",
      iv: bytes.slice(0, IV_BYTES),
      additionalData: new TextEncoder().encode(accountId),
    },
    key,
    bytes.slice(IV_BYTES),
  );
  return JSON.parse(new TextDecoder().decode(plaintext)) as Record<string, string>;
}
