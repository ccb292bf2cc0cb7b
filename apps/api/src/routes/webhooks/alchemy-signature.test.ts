import { hmacSha256Hex } from "@portfolio/test-support";
import { describe, expect, it } from "vitest";
import { testApp } from "../../middleware/test-app.js";
import { signedByAnyOf, verifyAlchemySignature } from "./alchemy-signature.js";

const KEY = "whsec_node_test_signing_key_01";
const OLD_KEY = "whsec_node_test_signing_key_00";

function appWith(keys: string) {
  const app = testApp();
  app.post("/webhooks/alchemy", verifyAlchemySignature, async (c) =>
    c.json({ body: await c.req.text() }),
  );
  return (body: string, signature: string) =>
    app.request(
      "/webhooks/alchemy",
      { method: "POST", body, headers: { "x-alchemy-signature": signature } },
      { ALCHEMY_SIGNING_KEYS: keys } as unknown as Env,
    );
}

describe("the Alchemy webhook signature", () => {
  it("is HMAC-SHA256 in hex, as RFC 4231's test case 2 computes it", async () => {
    const mac = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    expect(await signedByAnyOf(["Jefe"], "what do ya want for nothing?", mac)).toBe(true);
    expect(await signedByAnyOf(["Jefe"], "what do ya want for nothing?", mac.toUpperCase())).toBe(
      true,
    );
    expect(await signedByAnyOf(["Jefe"], "what do ya want for nothing!", mac)).toBe(false);
    expect(await signedByAnyOf(["Jefe"], "what do ya want for nothing?", "zz")).toBe(false);
  });

  it("lets a body signed with the key through, the handler reading the same raw body", async () => {
    const body = '{"webhookId":"wh_1","id":"whevt_1","event":{"activity":[]}}';
    const r = await appWith(KEY)(body, await hmacSha256Hex(KEY, body));
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ body });
  });

  it("accepts the older key while keys rotate", async () => {
    const body = '{"id":"whevt_2"}';
    const r = await appWith(`${KEY},${OLD_KEY}`)(body, await hmacSha256Hex(OLD_KEY, body));
    expect(r.status).toBe(200);
  });

  it("refuses a body changed after signing, even by one space", async () => {
    const body = '{"id":"whevt_3"}';
    const r = await appWith(KEY)('{"id": "whevt_3"}', await hmacSha256Hex(KEY, body));
    expect(r.status).toBe(401);
    expect(await r.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
  });

  it("refuses a missing signature, and one made with another key", async () => {
    const body = '{"id":"whevt_4"}';
    expect((await appWith(KEY)(body, "")).status).toBe(401);
    expect((await appWith(KEY)(body, await hmacSha256Hex(OLD_KEY, body))).status).toBe(401);
  });

  it("is not there at all when no signing key is configured", async () => {
    const body = '{"id":"whevt_5"}';
    expect((await appWith("none")(body, await hmacSha256Hex("none", body))).status).toBe(404);
  });
});
