// The local webhook receiver's records and admin routes (webhook-receiver.ts), for tests inside
// workerd: no Node imports, only fetch.

/** How the receiver answers one request: a status, after an optional delay. */
export interface ReceiverAnswer {
  status: number;
  /** wait this long before answering (longer than the sender's timeout: "slow") */
  delayMs?: number;
  headers?: Record<string, string>;
}

/** One request the receiver got, as it arrived. */
export interface ReceivedRequest {
  method: string;
  path: string;
  /** lower-case names */
  headers: Record<string, string>;
  /** the raw body, byte for byte (UTF-8) */
  body: string;
  /** what it was answered (a delayed answer may have reached nobody) */
  answer: ReceiverAnswer;
  receivedAt: number;
}

/** The admin side of the receiver at `baseUrl`. */
export function receiverAdmin(baseUrl: string) {
  return {
    /** What `path` received, oldest first. */
    async received(path: string): Promise<ReceivedRequest[]> {
      const r = await fetch(`${baseUrl}/__admin/requests?path=${encodeURIComponent(path)}`);
      if (!r.ok) throw new Error(`receiver answered ${r.status}`);
      return ((await r.json()) as { requests: ReceivedRequest[] }).requests;
    },
    /** How the next requests to `path` are answered, in order (then 200). */
    async answerNext(path: string, answers: ReceiverAnswer[]): Promise<void> {
      const r = await fetch(`${baseUrl}/__admin/answers`, {
        method: "POST",
        body: JSON.stringify({ path, answers }),
      });
      if (!r.ok) throw new Error(`receiver answered ${r.status}`);
    },
  };
}

/** Reads until `done` holds (every 20 ms, for up to `timeoutMs`); the last read on failure. */
export async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  done: (v: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
