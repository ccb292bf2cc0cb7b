// HTTP over undici pools to 127.0.0.1 only. Every non-2xx answer is a BenchFailure: a run whose
// requests fail stops and says why, instead of timing fast errors.
import { Pool } from "undici";

export class BenchFailure extends Error {
  override name = "BenchFailure";
}

export interface Answer {
  status: number;
  text: string;
}

export interface RequestSpec {
  method: "GET" | "POST" | "DELETE";
  path: string;
  body?: unknown;
  signal?: AbortSignal;
}

export class HttpTarget {
  readonly pool: Pool;
  readonly origin: string;
  readonly #token: string | null;
  readonly #timeoutMs: number;

  constructor(origin: URL, connections: number, token: string | null, timeoutMs: number) {
    if (origin.hostname !== "127.0.0.1")
      throw new Error(`refusing to load ${origin}: not loopback`);
    this.origin = origin.origin;
    this.pool = new Pool(this.origin, { connections, pipelining: 1 });
    this.#token = token;
    this.#timeoutMs = timeoutMs;
  }

  /** One request; throws BenchFailure on anything but 2xx. */
  async send(spec: RequestSpec): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (this.#token) headers.authorization = `Bearer ${this.#token}`;
    if (spec.body !== undefined) headers["content-type"] = "application/json";
    let res: Awaited<ReturnType<Pool["request"]>>;
    try {
      res = await this.pool.request({
        method: spec.method,
        path: spec.path,
        headers,
        body: spec.body === undefined ? null : JSON.stringify(spec.body),
        headersTimeout: this.#timeoutMs,
        bodyTimeout: this.#timeoutMs,
        ...(spec.signal ? { signal: spec.signal } : {}),
      });
    } catch (cause) {
      throw new BenchFailure(`${spec.method} ${spec.path}: ${String(cause)}`, { cause });
    }
    const text = await res.body.text();
    if (res.statusCode < 200 || res.statusCode > 299)
      throw new BenchFailure(
        `${spec.method} ${spec.path} → ${res.statusCode} ${text.slice(0, 600)}`,
      );
    return { status: res.statusCode, text };
  }

  async json<T>(spec: RequestSpec): Promise<T> {
    const a = await this.send(spec);
    return (a.text ? JSON.parse(a.text) : null) as T;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
