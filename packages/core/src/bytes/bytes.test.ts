import { describe, expect, it } from "vitest";
import {
  fromBase64,
  fromBase64Url,
  fromHex,
  sha256Hex,
  toBase64,
  toBase64Url,
  toHex,
} from "./bytes.js";

const ascii = (s: string) => new TextEncoder().encode(s);

describe("bytes as text", () => {
  it("writes hex two lowercase digits a byte", () => {
    expect(toHex(new Uint8Array([0, 15, 16, 255]))).toBe("000f10ff");
    expect(toHex(new Uint8Array([]))).toBe("");
  });

  it("reads hex of either case back, and refuses odd lengths and other characters", () => {
    expect([...fromHex("000f10FF")]).toEqual([0, 15, 16, 255]);
    expect(() => fromHex("abc")).toThrow();
    expect(() => fromHex("zz")).toThrow();
  });

  // RFC 4648 §10's test vectors
  it.each([
    ["", ""],
    ["f", "Zg=="],
    ["fo", "Zm8="],
    ["foo", "Zm9v"],
    ["foob", "Zm9vYg=="],
    ["fooba", "Zm9vYmE="],
    ["foobar", "Zm9vYmFy"],
  ])("writes and reads base64 of %j as RFC 4648 does", (text, b64) => {
    expect(toBase64(ascii(text))).toBe(b64);
    expect(new TextDecoder().decode(fromBase64(b64))).toBe(text);
  });

  it("reads every byte value back from base64", () => {
    const all = new Uint8Array(256).map((_, i) => i);
    expect([...fromBase64(toBase64(all))]).toEqual([...all]);
  });

  it("writes base64url without padding and with - and _", () => {
    // 0xfb 0xff is "+/8=" in base64
    expect(toBase64(new Uint8Array([0xfb, 0xff]))).toBe("+/8=");
    expect(toBase64Url("\u00fb\u00ff")).toBe("w7vDvw");
    expect(toBase64Url("foobar")).toBe("Zm9vYmFy");
    expect(toBase64Url("fo")).toBe("Zm8");
    expect(fromBase64Url("Zm8")).toBe("fo");
  });

  it("reads back a base64url token of any text, and refuses what is not one", () => {
    expect(fromBase64Url(toBase64Url('[1,"acct_é"]'))).toBe('[1,"acct_é"]');
    expect(fromBase64Url("Zm9v+YmFy")).toBeNull();
    expect(fromBase64Url("not base64!")).toBeNull();
    // valid base64 of bytes that are not UTF-8
    expect(fromBase64Url("_w")).toBeNull();
  });

  it("hashes with SHA-256 as FIPS 180-2's example says", async () => {
    expect(await sha256Hex("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(await sha256Hex(ascii("abc"))).toBe(await sha256Hex("abc"));
  });
});
