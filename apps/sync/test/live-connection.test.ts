import { env } from "cloudflare:test";
import type { LiveFeed, LiveUpdate } from "@portfolio/adapters";
import { hmacSha256Hex } from "@portfolio/test-support";
import { describe, expect, it } from "vitest";
import { LiveConnection } from "../src/live/live-connection.js";

// The account object's end of a push feed, driven directly against the local Binance's
// WebSocket API with a feed written here (a signed userDataStream.subscribe.signature, every
// message passed through as is), so the rollover can be given a short connection lifetime.

const KEYS = JSON.parse(env.LIVE_BINANCE_KEYS) as { key: string; secret: string }[];
const KEY = KEYS[KEYS.length - 1] as { key: string; secret: string };

/** A feed of the live local Binance that lives `lifetimeMs` per connection. */
function feed(lifetimeMs: number): LiveFeed {
  return {
    url: `${env.LIVE_BINANCE_URL}/ws-api/v3`,
    lifetimeMs,
    async subscribe() {
      const timestamp = Date.now();
      const signature = await hmacSha256Hex(KEY.secret, `apiKey=${KEY.key}&timestamp=${timestamp}`);
      return {
        ok: true,
        value: JSON.stringify({
          id: "s",
          method: "userDataStream.subscribe.signature",
          params: { apiKey: KEY.key, timestamp, signature },
        }),
      };
    },
    async read(message) {
      const m = JSON.parse(message) as { id?: string; status?: number; event?: { e: string } };
      if (m.id !== undefined)
        return [
          m.status === 200
            ? { type: "subscribed" }
            : { type: "refused", error: { kind: "auth", retryable: false, message: "refused" } },
        ];
      return [{ type: "moved", reason: m.event?.e ?? "?" }];
    },
  };
}

/** this test's key's open connections and subscriptions at the local Binance */
async function streams(): Promise<{ open: number; subscribes: number }> {
  const r = await fetch(`${env.LIVE_BINANCE_URL}/__admin/streams`, {
    method: "POST",
    body: JSON.stringify({ key: KEY.key }),
  });
  return ((await r.json()) as { key: { open: number; subscribes: number } }).key;
}

function connection(lifetimeMs: number) {
  const seen = { gaps: 0, rearms: 0, applied: [] as LiveUpdate[] };
  const live = new LiveConnection({
    feed: async () => feed(lifetimeMs),
    apply: async (u) => {
      seen.applied.push(...u);
    },
    gap: () => {
      seen.gaps++;
    },
    rearm: () => {
      seen.rearms++;
    },
    fetch: (i, init) => fetch(i, init),
    now: () => Date.now(),
    random: () => 0.5,
  });
  return { live, seen };
}

async function until(done: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > end) throw new Error("gave up waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("the live connection", () => {
  it("opens the next connection before the limit and closes the old one, with no gap", async () => {
    const { live, seen } = connection(1_500);
    const before = await streams();
    await live.ensure();
    await until(() => live.view().state === "open");
    expect(seen.gaps).toBe(1);
    // the rollover is due a second after the subscription (the lead is longer than this lifetime)
    const due = live.wakeAt();
    expect(due).not.toBeNull();
    await new Promise((r) => setTimeout(r, Math.max(0, (due ?? 0) - Date.now()) + 10));
    live.tick(Date.now());
    await until(() => live.view().reconnects === 1);
    await until(async () => (await streams()).open === before.open + 1);
    const after = await streams();
    // two subscriptions (the first and the rollover's), one connection open: the old one
    // closed, and no gap, since nothing was missed
    expect(after.subscribes).toBe(before.subscribes + 2);
    expect(after.open).toBe(before.open + 1);
    expect(seen.gaps).toBe(1);
    expect(live.view()).toMatchObject({ state: "open" });
    live.stop();
  });

  it("reports a gap after a drop and reconnects when the alarm comes back after the backoff", async () => {
    const { live, seen } = connection(24 * 3_600_000);
    await live.ensure();
    await until(() => live.view().state === "open");
    // only this test's connection: the key is its own
    await fetch(`${env.LIVE_BINANCE_URL}/__admin/drop-streams`, {
      method: "POST",
      body: JSON.stringify({ key: KEY.key }),
    });
    await until(() => live.view().state === "down");
    const retryAt = live.wakeAt() ?? 0;
    // backoff with jitter 0.5: 750 ms after the first failure
    expect(retryAt - Date.now()).toBeGreaterThan(0);
    expect(retryAt - Date.now()).toBeLessThanOrEqual(1_000);
    live.tick(Date.now());
    // not due yet: nothing opens
    expect(live.view().state).toBe("down");
    await new Promise((r) => setTimeout(r, Math.max(0, retryAt - Date.now()) + 10));
    live.tick(Date.now());
    await until(() => live.view().state === "open");
    expect(live.view().reconnects).toBe(1);
    // the new subscription may have missed events: a second gap, for a sync to fill
    expect(seen.gaps).toBe(2);
    live.stop();
  });
});
