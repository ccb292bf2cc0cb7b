import { createHmac } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import {
  DEFAULT_API_KEY,
  type FakeBinance,
  type ServedFaults,
  startFakeBinance,
} from "./server.ts";

let fake: FakeBinance;
beforeAll(async () => {
  fake = await startFakeBinance({ seed: "faults", trades: 40, fillerBases: 3 });
});
afterAll(() => fake.close());
afterEach(() => faults({ fail5xx: 0, malformed: 0, slowMs: 0, clockSkewMs: 0, onlyKey: null }));

async function faults(set?: Record<string, unknown>) {
  const r = await fetch(`${fake.url}/__admin/faults`, {
    method: set ? "POST" : "GET",
    ...(set ? { body: JSON.stringify(set) } : {}),
  });
  return (await r.json()) as Record<string, unknown> & { served: ServedFaults };
}

/** what the stand-in served while `act` ran */
async function servedDuring(act: () => Promise<unknown>): Promise<ServedFaults> {
  const before = (await faults()).served;
  await act();
  const after = (await faults()).served;
  return Object.fromEntries(
    Object.entries(after).map(([k, v]) => [k, v - before[k as keyof ServedFaults]]),
  ) as unknown as ServedFaults;
}

const none: ServedFaults = { fail5xx: 0, malformed: 0, slowed: 0, skewed: 0, timestampRejected: 0 };

function account(key = DEFAULT_API_KEY.key) {
  const q = `timestamp=${Date.now()}`;
  const sig = createHmac("sha256", DEFAULT_API_KEY.secret as string)
    .update(q)
    .digest("hex");
  return fetch(`${fake.url}/api/v3/account?${q}&signature=${sig}`, {
    headers: { "X-MBX-APIKEY": key },
  });
}

describe("the local Binance says which faults it served", () => {
  it("answers GET and POST /__admin/faults with the faults set and what was served", async () => {
    const got = await faults();
    expect(Object.keys(got)).toEqual([
      "fail5xx",
      "malformed",
      "slowMs",
      "clockSkewMs",
      "onlyKey",
      "served",
    ]);
    expect(Object.keys(got.served)).toEqual(Object.keys(none));
    expect(await faults({ slowMs: 0 })).toMatchObject({ slowMs: 0, served: got.served });
  });

  it("counts the 503s it answered, and only those the onlyKey fault reached", async () => {
    const statuses: number[] = [];
    const served = await servedDuring(async () => {
      await faults({ fail5xx: 2 });
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${fake.url}/api/v3/time`)).status);
      await faults({ fail5xx: 1, onlyKey: "someOtherKey0000000000000000000000000000" });
      statuses.push((await account()).status);
    });
    expect(statuses).toEqual([503, 503, 200, 200]);
    expect(served).toEqual({ ...none, fail5xx: 2 });
  });

  it("counts a body it cut, not an error it left whole", async () => {
    let cut = "";
    const served = await servedDuring(async () => {
      await faults({ malformed: 1 });
      // a wrong signature is a 400: nothing to cut, the fault waits for a 200
      const wrong = await fetch(`${fake.url}/api/v3/account?timestamp=1&signature=x`, {
        headers: { "X-MBX-APIKEY": DEFAULT_API_KEY.key },
      });
      expect(wrong.status).toBe(400);
      cut = await (await fetch(`${fake.url}/api/v3/time`)).text();
    });
    expect(() => JSON.parse(cut)).toThrow();
    expect(served).toEqual({ ...none, malformed: 1 });
  });

  it("counts the calls it held back slowMs", async () => {
    const served = await servedDuring(async () => {
      await faults({ slowMs: 20 });
      await fetch(`${fake.url}/api/v3/time`);
      await fetch(`${fake.url}/api/v3/exchangeInfo?symbol=BTCUSDT`);
    });
    expect(served).toEqual({ ...none, slowed: 2 });
  });

  it("counts calls answered on a skewed clock and the -1021s a skew caused", async () => {
    let serverTime = 0;
    let refusal: unknown;
    const served = await servedDuring(async () => {
      // the server 3 s behind: a client's honest timestamp is more than 1 s ahead of it
      await faults({ clockSkewMs: -3000 });
      const t = await fetch(`${fake.url}/api/v3/time`);
      serverTime = ((await t.json()) as { serverTime: number }).serverTime;
      refusal = await (await account()).json();
    });
    expect(serverTime).toBeLessThan(Date.now() - 2000);
    expect(refusal).toMatchObject({ code: -1021 });
    expect(served).toEqual({ ...none, skewed: 2, timestampRejected: 1 });
  });

  it("counts the WebSocket API's skewed requests and -1021 refusals too", async () => {
    let frame: unknown;
    const served = await servedDuring(async () => {
      await faults({ clockSkewMs: -3000 });
      const ws = new WebSocket(`${fake.url.replace("http", "ws")}/ws-api/v3`);
      await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
      const timestamp = Date.now();
      const payload = `apiKey=${DEFAULT_API_KEY.key}&timestamp=${timestamp}`;
      const signature = createHmac("sha256", DEFAULT_API_KEY.secret as string)
        .update(payload)
        .digest("hex");
      ws.send(
        JSON.stringify({
          id: "s",
          method: "userDataStream.subscribe.signature",
          params: { apiKey: DEFAULT_API_KEY.key, timestamp, signature },
        }),
      );
      frame = await new Promise((r) => ws.once("message", (d) => r(JSON.parse(d.toString()))));
      ws.close();
    });
    expect(frame).toMatchObject({ id: "s", status: 400, error: { code: -1021 } });
    expect(served).toEqual({ ...none, skewed: 1, timestampRejected: 1 });
  });
});
