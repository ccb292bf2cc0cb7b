import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { openAccountSecrets } from "../src/credentials/account-secrets.js";
import {
  decryptCredentials,
  encryptCredentials,
  importCredentialsKey,
  isSealedUnderCurrentKey,
  openCredentials,
} from "../src/credentials/credential-cipher.js";

const ACCOUNT = "acct_credentialstest0001";
const SECRET = { rpcUrl: "https://node.example/v2/not-for-anyone", "header:X-Key": "hdr-secret" };

const randomKey = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));

/** A value as sealed before key ids: base64(iv ‖ AES-GCM ciphertext), no prefix. */
async function sealedTheOldWay(base64Key: string, accountId: string, value: object) {
  const raw = Uint8Array.from(atob(base64Key), (c) => c.charCodeAt(0));
  const key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt"]);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(accountId) },
      key,
      new TextEncoder().encode(JSON.stringify(value)),
    ),
  );
  return btoa(String.fromCharCode(...iv, ...ct));
}

describe("credentials at rest", () => {
  it("seals under the current key id and opens again, with nothing readable in the value", async () => {
    const key = await importCredentialsKey(`k1:${randomKey()},k0:${randomKey()}`);
    const sealed = await encryptCredentials(key, ACCOUNT, SECRET);
    expect(sealed).toMatch(/^v2\.k1\.[A-Za-z0-9+/]+=*$/);
    expect(sealed).not.toContain("node.example");
    expect(atob(sealed.slice("v2.k1.".length))).not.toContain("hdr-secret");
    expect(await decryptCredentials(key, ACCOUNT, sealed)).toEqual(SECRET);
    expect(await openCredentials(key, ACCOUNT, sealed)).toEqual({
      credentials: SECRET,
      resealed: null,
    });
  });

  it("opens a value sealed under the old key after rotation, and seals it again under the new one", async () => {
    const [older, newer] = [randomKey(), randomKey()];
    const before = await importCredentialsKey(`k1:${older}`);
    const sealed = await encryptCredentials(before, ACCOUNT, SECRET);
    const during = await importCredentialsKey(`k2:${newer},k1:${older}`);
    expect(isSealedUnderCurrentKey(during, sealed)).toBe(false);
    const { credentials, resealed } = await openCredentials(during, ACCOUNT, sealed);
    expect(credentials).toEqual(SECRET);
    expect(resealed).toMatch(/^v2\.k2\./);
    // once every value is sealed again, the old key can go
    const after = await importCredentialsKey(`k2:${newer}`);
    expect(await decryptCredentials(after, ACCOUNT, resealed as string)).toEqual(SECRET);
    await expect(decryptCredentials(after, ACCOUNT, sealed)).rejects.toThrow(/key id k1/);
  });

  it("refuses a tampered ciphertext, another account's id, and another key under the same id", async () => {
    const key = await importCredentialsKey(`k1:${randomKey()}`);
    const sealed = await encryptCredentials(key, ACCOUNT, SECRET);
    const body = atob(sealed.slice("v2.k1.".length));
    const flipped = `v2.k1.${btoa(body.slice(0, 20) + String.fromCharCode(body.charCodeAt(20) ^ 1) + body.slice(21))}`;
    await expect(decryptCredentials(key, ACCOUNT, flipped)).rejects.toThrow(/do not open/);
    await expect(decryptCredentials(key, "acct_someoneelse000001", sealed)).rejects.toThrow(
      /acct_someoneelse000001 do not open under key id k1/,
    );
    const impostor = await importCredentialsKey(`k1:${randomKey()}`);
    await expect(decryptCredentials(impostor, ACCOUNT, sealed)).rejects.toThrow(/do not open/);
    await expect(decryptCredentials(key, ACCOUNT, "v3.k1.AAAA")).rejects.toThrow(/unknown format/);
  });

  it("refuses a value sealed under a key id it does not hold, naming the ids", async () => {
    const sealed = await encryptCredentials(
      await importCredentialsKey(`k9:${randomKey()}`),
      ACCOUNT,
      SECRET,
    );
    const key = await importCredentialsKey(`k2:${randomKey()},k1:${randomKey()}`);
    await expect(decryptCredentials(key, ACCOUNT, sealed)).rejects.toThrow(
      "credentials of acct_credentialstest0001 are sealed under key id k9, which CREDENTIALS_KEY does not hold (it holds k2, k1)",
    );
  });

  it("opens values sealed before key ids with the bare key, as k0, and seals them again", async () => {
    const old = randomKey();
    const legacy = await sealedTheOldWay(old, ACCOUNT, SECRET);
    // a single bare key, as CREDENTIALS_KEY held before: k0, opening and sealing as before
    const bare = await importCredentialsKey(old);
    expect(bare.current).toBe("k0");
    expect(await decryptCredentials(bare, ACCOUNT, legacy)).toEqual(SECRET);
    expect(await encryptCredentials(bare, ACCOUNT, SECRET)).toMatch(/^v2\.k0\./);
    // rotated, with the old key kept bare (or as k0:…)
    for (const secret of [`k1:${randomKey()},${old}`, `k1:${randomKey()}, k0:${old}`]) {
      const { credentials, resealed } = await openCredentials(
        await importCredentialsKey(secret),
        ACCOUNT,
        legacy,
      );
      expect(credentials).toEqual(SECRET);
      expect(resealed).toMatch(/^v2\.k1\./);
    }
    await expect(
      decryptCredentials(await importCredentialsKey(`k1:${old}`), ACCOUNT, legacy),
    ).rejects.toThrow(/key id k0/);
  });

  it("reads the test secret as it is set today, and refuses malformed CREDENTIALS_KEY without echoing it", async () => {
    expect((await importCredentialsKey(env.CREDENTIALS_KEY)).current).toBe("k0");
    const short = btoa("too short");
    const cases: [string | undefined, RegExp][] = [
      [undefined, /not set/],
      [" , ", /not set/],
      [`k1:${short}`, /entry 1 \(key id k1\) must be 32 bytes/],
      [`k1:${randomKey()},k1:${randomKey()}`, /key id k1 twice/],
      [`${randomKey()},${randomKey()}`, /key id k0 twice/],
      [`bad id!:${randomKey()}`, /entry 1 .* a key id is/],
      ["k1:***not base64***", /entry 1 \(key id k1\) is not base64/],
    ];
    for (const [secret, message] of cases) {
      const err = await importCredentialsKey(secret).then(
        () => null,
        (e: Error) => e,
      );
      expect(err?.message).toMatch(message);
      if (secret) expect(err?.message).not.toContain(secret.split(":").at(-1));
    }
  });
});

describe("an account's stored secrets", () => {
  const evmConfig = { chainId: 31337, addresses: ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"] };

  it("need no update when sealed under the current key, and are sealed again when not", async () => {
    const [older, newer] = [randomKey(), randomKey()];
    const account = {
      id: ACCOUNT,
      provider: "evm",
      config: { ...evmConfig, rpcHost: "https://node.example" },
      credentials: await encryptCredentials(
        await importCredentialsKey(`k1:${older}`),
        ACCOUNT,
        SECRET,
      ),
    };
    const current = await openAccountSecrets(await importCredentialsKey(`k1:${older}`), account);
    expect(current).toEqual({ config: account.config, credentials: SECRET, update: null });
    const rotated = await importCredentialsKey(`k2:${newer},k1:${older}`);
    const opened = await openAccountSecrets(rotated, account);
    expect(opened.credentials).toEqual(SECRET);
    expect(opened.update?.config).toBe(account.config);
    expect(opened.update?.credentials).toMatch(/^v2\.k2\./);
    expect(
      await decryptCredentials(rotated, ACCOUNT, opened.update?.credentials as string),
    ).toEqual(SECRET);
  });

  it("move an EVM node's URL kept in the config by an older account into the sealed credentials", async () => {
    const key = await importCredentialsKey(`k1:${randomKey()}`);
    const url = "https://eth.example:8443/v2/legacy-key-0123456789";
    const account = {
      id: ACCOUNT,
      provider: "evm",
      config: { ...evmConfig, rpcUrl: url },
      credentials: null,
    };
    const opened = await openAccountSecrets(key, account);
    expect(opened.credentials).toEqual({ rpcUrl: url });
    expect(opened.config).toMatchObject({ rpcHost: "https://eth.example:8443", chainId: 31337 });
    expect(opened.config).not.toHaveProperty("rpcUrl");
    expect(opened.update?.config).toEqual(opened.config);
    expect(JSON.stringify(opened.update)).not.toContain("legacy-key");
    expect(await decryptCredentials(key, ACCOUNT, opened.update?.credentials as string)).toEqual({
      rpcUrl: url,
    });
  });
});
