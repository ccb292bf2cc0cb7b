import { describe, expect, it } from "vitest";
import { ed25519Base64, hmacHex, importEd25519Key, importHmacKey } from "./signing.js";

describe("Binance request signing", () => {
  it("reproduces the HMAC worked example in Binance's REST docs", async () => {
    const key = await importHmacKey(
      "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j",
    );
    const payload =
      "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
    expect(await hmacHex(key, payload)).toBe(
      "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71",
    );
  });

  it("signs with Ed25519 so that the public key verifies exactly the payload sent", async () => {
    const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
      "sign",
      "verify",
    ])) as CryptoKeyPair;
    const pkcs8 = new Uint8Array(
      (await crypto.subtle.exportKey("pkcs8", pair.privateKey)) as ArrayBuffer,
    );
    const pem = `-----BEGIN PRIVATE KEY-----\n${btoa(String.fromCharCode(...pkcs8))}\n-----END PRIVATE KEY-----`;
    const sig = await ed25519Base64(await importEd25519Key(pem), "symbol=BTCUSDT&timestamp=1");
    const raw = Uint8Array.from(atob(sig), (c) => c.charCodeAt(0));
    const enc = new TextEncoder();
    expect(
      await crypto.subtle.verify(
        { name: "Ed25519" },
        pair.publicKey,
        raw,
        enc.encode("symbol=BTCUSDT&timestamp=1"),
      ),
    ).toBe(true);
    expect(
      await crypto.subtle.verify(
        { name: "Ed25519" },
        pair.publicKey,
        raw,
        enc.encode("symbol=BTCUSDT&timestamp=2"),
      ),
    ).toBe(false);
  });

  it("says clearly when the Ed25519 key is not one", async () => {
    await expect(
      importEd25519Key("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"),
    ).rejects.toThrow(/Ed25519 key/);
  });
});
