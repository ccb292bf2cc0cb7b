/** The characters of an id after its prefix. */
export const ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

export type IdPrefix =
  | "acct"
  | "tx"
  | "bal"
  | "rsv"
  | "key"
  | "snap"
  | "req"
  | "evt"
  | "whk"
  | "dlv"
  | "idem";

/**
 * A type-prefixed random id (`acct_…`), 20 base-36 characters (~103 bits) from WebCrypto.
 * Rejection sampling keeps the characters uniform.
 */
export function newId(prefix: IdPrefix): string {
  let out = "";
  const buf = new Uint8Array(32);
  while (out.length < 20) {
    crypto.getRandomValues(buf);
    for (const b of buf) {
      if (b < 252 && out.length < 20) out += ID_ALPHABET[b % 36];
    }
  }
  return `${prefix}_${out}`;
}
