import { env } from "cloudflare:test";
import type { Fixture } from "@portfolio/evm-chain/types";
import { hmacSha256Hex, testAlchemySigningKey } from "@portfolio/test-support";
import { describe, expect, it } from "vitest";
import { api } from "./http.js";

const fx = JSON.parse(env.EVM_FIXTURE) as Fixture;

/** An Address Activity event as Alchemy sends it (a token transfer to `to`). */
function activity(id: string, to: string, network = "ETH_MAINNET") {
  return JSON.stringify({
    webhookId: "wh_test00000000",
    id,
    createdAt: new Date().toISOString(),
    type: "ADDRESS_ACTIVITY",
    event: {
      network,
      activity: [
        {
          blockNum: "0x10",
          hash: `0x${"ab".repeat(32)}`,
          fromAddress: fx.other,
          toAddress: to,
          value: 12.5,
          asset: "TKA",
          category: "token",
          rawContract: { rawValue: "0x0", address: fx.tokens.TKA, decimals: 18 },
        },
      ],
    },
  });
}

const post = async (body: string, signature?: string) =>
  api("POST", "/webhooks/alchemy", {
    token: null,
    rawBody: body,
    headers: signature === undefined ? {} : { "x-alchemy-signature": signature },
  });

/** An address no other test's account tracks. */
const freshAddress = () =>
  `0x${[...crypto.getRandomValues(new Uint8Array(20))].map((b) => b.toString(16).padStart(2, "0")).join("")}`;

async function evmAccount(address: string = fx.wallet, chainId = fx.chainId) {
  const created = await api("POST", "/v1/accounts", {
    body: {
      name: "Webhook wallet",
      provider: "evm",
      config: {
        rpcUrl: fx.rpcUrl,
        chainId,
        addresses: [address],
        multicall3: fx.multicall3,
        confirmations: 0,
      },
    },
  });
  expect(created.status).toBe(201);
  const id: string = created.json.id;
  // the initial sync, so the next one is a whole interval away
  expect((await api("POST", `/v1/accounts/${id}/sync`)).status).toBe(200);
  return id;
}

const nextRun = async (id: string) =>
  Date.parse((await api("GET", `/v1/accounts/${id}`)).json.sync.nextRunAt);

describe("Alchemy webhooks", () => {
  it("moves the next sync of every account tracking the address to now, once per event", async () => {
    const address = freshAddress();
    const id = await evmAccount(address);
    const before = await nextRun(id);
    expect(before).toBeGreaterThan(Date.now() + 5_000);
    const synced = Date.parse((await api("GET", `/v1/accounts/${id}`)).json.sync.lastSuccessAt);
    // the local chain is not an Alchemy network: matched by address alone
    const body = activity("whevt_first", address, "LOCAL_ANVIL");
    const r = await post(body, await hmacSha256Hex(testAlchemySigningKey, body));
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      eventId: "alchemy:wh_test00000000:whevt_first",
      accounts: 1,
      scheduled: 1,
    });
    // the alarm runs that sync at once, not an interval later
    await expect
      .poll(
        async () => Date.parse((await api("GET", `/v1/accounts/${id}`)).json.sync.lastSuccessAt),
        {
          timeout: 10_000,
        },
      )
      .toBeGreaterThan(synced);
    const again = await post(body, await hmacSha256Hex(testAlchemySigningKey, body));
    expect(again.json).toMatchObject({ accounts: 1, scheduled: 0 });
  });

  it("matches the chain of a known network, and ignores addresses nobody tracks", async () => {
    const id = await evmAccount();
    const before = await nextRun(id);
    const mainnet = activity("whevt_mainnet", fx.wallet, "ETH_MAINNET");
    const r = await post(mainnet, await hmacSha256Hex(testAlchemySigningKey, mainnet));
    expect(r.json).toMatchObject({ accounts: 0, scheduled: 0 });
    const stranger = activity("whevt_stranger", `0x${"12".repeat(20)}`, "LOCAL_ANVIL");
    expect(
      (await post(stranger, await hmacSha256Hex(testAlchemySigningKey, stranger))).json,
    ).toMatchObject({ accounts: 0 });
    expect(await nextRun(id)).toBe(before);
  });

  it("refuses a body the signature does not cover, and a missing signature, changing nothing", async () => {
    const address = freshAddress();
    const id = await evmAccount(address);
    const before = await nextRun(id);
    const signed = activity("whevt_tampered", fx.other, "LOCAL_ANVIL");
    const tampered = activity("whevt_tampered", address, "LOCAL_ANVIL");
    const bad = await post(tampered, await hmacSha256Hex(testAlchemySigningKey, signed));
    expect(bad.status).toBe(401);
    expect(bad.json.error).toMatchObject({ code: "UNAUTHORIZED", requestId: expect.any(String) });
    const wrongKey = await post(
      tampered,
      await hmacSha256Hex("whsec_someone_else_entirely", tampered),
    );
    expect(wrongKey.status).toBe(401);
    expect((await post(tampered)).status).toBe(401);
    expect(await nextRun(id)).toBe(before);
    // the same event, properly signed, is not spent by the refused attempts
    const ok = await post(tampered, await hmacSha256Hex(testAlchemySigningKey, tampered));
    expect(ok.json).toMatchObject({ accounts: 1, scheduled: 1 });
  });

  it("answers a signed body that is not a valid event with the error envelope", async () => {
    const junk = "{not json";
    const r = await post(junk, await hmacSha256Hex(testAlchemySigningKey, junk));
    expect(r.status).toBe(400);
    expect(r.json.error.code).toMatch(/BAD_REQUEST|VALIDATION_FAILED/);
    const shape = JSON.stringify({ webhookId: "wh", id: "", type: "ADDRESS_ACTIVITY" });
    const v = await post(shape, await hmacSha256Hex(testAlchemySigningKey, shape));
    expect(v.status).toBe(400);
  });
});
