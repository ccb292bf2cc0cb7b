// A minimal Chrome DevTools Protocol client for workerd's inspector, over undici's WebSocket.
// workerd lists one target per isolate at `http://<inspector>/json`; it does not serve
// `/json/protocol` (it answers 500 "Not yet implemented"), so clients that fetch the protocol
// first (chrome-remote-interface without `local: true`) fail against it. The bench needs four
// commands and their replies, so it speaks the protocol itself.
import { WebSocket } from "undici";

export interface InspectorTarget {
  /** workerd's name for the isolate: `core:user:<worker>` for a user worker */
  id: string;
  title: string;
  webSocketDebuggerUrl: string;
}

/** The isolates workerd's inspector offers (`GET /json`). Loopback only. */
export async function listTargets(inspector: URL): Promise<InspectorTarget[]> {
  if (inspector.hostname !== "127.0.0.1")
    throw new Error(`refusing to use inspector ${inspector}: not loopback`);
  const res = await fetch(`http://${inspector.host}/json`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`inspector ${inspector.host}/json answered ${res.status}`);
  return (await res.json()) as InspectorTarget[];
}

interface Pending {
  method: string;
  resolve(result: unknown): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/** One DevTools session on one isolate. Commands time out; events are ignored. */
export class CdpSession {
  readonly #ws: WebSocket;
  readonly #pending = new Map<number, Pending>();
  readonly #timeoutMs: number;
  #nextId = 1;
  #closed: Error | null = null;

  private constructor(ws: WebSocket, timeoutMs: number) {
    this.#ws = ws;
    this.#timeoutMs = timeoutMs;
    ws.addEventListener("message", (e) => this.#onMessage(e.data));
    ws.addEventListener("close", () => this.#fail(new Error("the inspector closed the session")));
    ws.addEventListener("error", () => this.#fail(new Error("the inspector session failed")));
  }

  static async connect(url: string, timeoutMs = 60_000): Promise<CdpSession> {
    if (new URL(url).hostname !== "127.0.0.1")
      throw new Error(`refusing to open ${url}: not loopback`);
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer from ${url}`)), 10_000);
      const settle = (err: Error | null) => {
        clearTimeout(timer);
        if (err) reject(err);
        else resolve();
      };
      ws.addEventListener("open", () => settle(null), { once: true });
      ws.addEventListener("error", () => settle(new Error(`cannot open ${url}`)), { once: true });
    });
    return new CdpSession(ws, timeoutMs);
  }

  #onMessage(data: unknown) {
    if (typeof data !== "string") return;
    const msg = JSON.parse(data) as {
      id?: number;
      result?: unknown;
      error?: { code: number; message: string };
    };
    if (msg.id === undefined) return; // an event
    const p = this.#pending.get(msg.id);
    if (!p) return;
    this.#pending.delete(msg.id);
    clearTimeout(p.timer);
    if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message} (${msg.error.code})`));
    else p.resolve(msg.result);
  }

  #fail(err: Error) {
    this.#closed ??= err;
    for (const p of this.#pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.#pending.clear();
  }

  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    if (this.#closed) return Promise.reject(this.#closed);
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${method}: no answer from the inspector in ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      this.#pending.set(id, { method, resolve: resolve as (r: unknown) => void, reject, timer });
      this.#ws.send(JSON.stringify({ id, method, params }));
    });
  }

  close() {
    this.#fail(new Error("session closed"));
    this.#ws.close();
  }
}
