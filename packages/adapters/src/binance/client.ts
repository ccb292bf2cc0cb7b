import { type BackoffPolicy, backoffDelay } from "@portfolio/core";
import type { AdapterDeps } from "../adapter.js";
import { type AdapterError, type AdapterResult, fail, ok } from "../adapter-error.js";
import type { BinanceConfig, BinanceCredentials } from "./config.js";
import { type Endpoint, USED_HEADER, type WeightBucket } from "./endpoints.js";
import { parseLosslessJson } from "./lossless-json.js";
import { ed25519Base64, hmacHex, importEd25519Key, importHmacKey } from "./signing.js";

/** Binance error codes that mean a person must fix the key (never retried). */
export const AUTH_CODES = new Set([-1022, -2014, -2015]);
/** Codes that mean Binance had trouble, not us: retried on reads. */
const TRANSIENT_CODES = new Set([-1000, -1001, -1006, -1007, -1008]);
const RETRY_AFTER_FLOOR_MS = 5_000;
/** a transient GET is tried 3 times within the call: 200 ms, then 400 ms (equal jitter) */
const IN_CALL_RETRY: BackoffPolicy = { baseMs: 200, maxMs: 2_000 };
const MINUTE = 60_000;

/** The weight budget and ban of a client, as the account object stores them. */
export interface LimitsState {
  used: Record<WeightBucket, { minute: number; used: number }>;
  bannedUntil: number;
}

/**
 * Signed REST calls to Binance with the account's weight budget: it learns the server-time
 * offset, reads the used-weight headers of every answer, refuses to send a request that would
 * take a bucket past its share of the limit (answering "paced" with the time the window ends),
 * honours 429/418 Retry-After, retries reads on 5xx, network failures and malformed bodies with
 * exponential backoff and jitter, re-learns the clock once on -1021, and never retries key errors.
 */
export class BinanceClient {
  private offsetMs: number | null = null;
  private readonly used: Record<WeightBucket, { minute: number; used: number }> = {
    api: { minute: -1, used: 0 },
    sapiIp: { minute: -1, used: 0 },
    sapiUid: { minute: -1, used: 0 },
    fapi: { minute: -1, used: 0 },
  };
  private bannedUntil = 0;
  private key: Promise<CryptoKey> | null = null;
  /** what this client was charged, by bucket, and how many requests it sent */
  readonly spent: Record<WeightBucket, number> = { api: 0, sapiIp: 0, sapiUid: 0, fapi: 0 };
  requests = 0;

  constructor(
    private readonly cfg: BinanceConfig,
    private readonly creds: BinanceCredentials | null,
    private readonly deps: AdapterDeps,
  ) {}

  private serverNow(): number {
    return this.deps.now() + (this.offsetMs ?? 0);
  }

  /**
   * What must outlive the object that holds this client: the weight used per bucket in its
   * window and the end of a 418 ban (the next object resumes from it instead of from zero).
   */
  limits(): LimitsState {
    return { used: structuredClone(this.used), bannedUntil: this.bannedUntil };
  }

  /** Takes up where an earlier client left off (see {@link limits}); a malformed state is ignored. */
  restoreLimits(s: LimitsState): void {
    for (const b of Object.keys(this.used) as WeightBucket[]) {
      const u = s.used?.[b];
      if (u && Number.isFinite(u.minute) && Number.isFinite(u.used)) this.used[b] = { ...u };
    }
    if (Number.isFinite(s.bannedUntil))
      this.bannedUntil = Math.max(this.bannedUntil, s.bannedUntil);
  }

  /** When the current 418 ban ends, or null when there is none. */
  bannedUntilMs(): number | null {
    return this.bannedUntil > this.deps.now() ? this.bannedUntil : null;
  }

  private signingKey(): Promise<CryptoKey> {
    if (!this.creds) throw new Error("no credentials");
    this.key ??=
      "apiSecret" in this.creds
        ? importHmacKey(this.creds.apiSecret)
        : importEd25519Key(this.creds.privateKey);
    return this.key;
  }

  private async learnOffset(): Promise<AdapterError | null> {
    const r = await this.call<{ serverTime: number }>(
      { path: "/api/v3/time", method: "GET", weight: 1, bucket: "api", signed: false },
      {},
    );
    if (!r.ok) return r.error;
    this.offsetMs = r.value.serverTime - this.deps.now();
    return null;
  }

  /**
   * The params of a signed WebSocket API request (web-socket-api.md "SIGNED request security"):
   * `apiKey`, `timestamp` (server time) and `recvWindow` added, then every param sorted by name
   * and signed as raw `k=v&…` (no percent-encoding); the Ed25519 signature stays plain base64.
   * Counted like a request: nothing is signed during a ban.
   */
  async signWsParams(
    params: Record<string, string | number>,
    weight: number,
  ): Promise<AdapterResult<Record<string, string | number>>> {
    if (!this.creds) return fail("auth", "the user data stream needs API credentials");
    const now = this.deps.now();
    if (this.bannedUntil > now)
      return fail(
        "banned",
        `Binance banned this IP until ${new Date(this.bannedUntil).toISOString()}`,
        { retryAfterMs: this.bannedUntil - now },
      );
    if (this.offsetMs === null) {
      const err = await this.learnOffset();
      if (err) return { ok: false, error: err };
    }
    const all: Record<string, string | number> = {
      ...params,
      apiKey: this.creds.apiKey,
      recvWindow: this.cfg.recvWindow,
      timestamp: this.serverNow(),
    };
    const payload = Object.keys(all)
      .sort()
      .map((k) => `${k}=${all[k]}`)
      .join("&");
    let key: CryptoKey;
    try {
      key = await this.signingKey();
    } catch (cause) {
      return fail("auth", String(cause instanceof Error ? cause.message : cause), { cause });
    }
    const signature =
      "apiSecret" in this.creds ? await hmacHex(key, payload) : await ed25519Base64(key, payload);
    this.requests++;
    this.spent.api += weight;
    return ok({ ...all, signature });
  }

  async call<T>(
    ep: Endpoint,
    params: Record<string, string | number | boolean | undefined>,
  ): Promise<AdapterResult<T>> {
    const now = this.deps.now();
    if (this.bannedUntil > now) {
      return fail(
        "banned",
        `Binance banned this IP until ${new Date(this.bannedUntil).toISOString()}`,
        { retryAfterMs: this.bannedUntil - now },
      );
    }
    const minute = Math.floor(this.serverNow() / MINUTE);
    const slot = this.used[ep.bucket];
    const budget = this.cfg.weightLimits[ep.bucket] * this.cfg.weightShare;
    if (slot.minute === minute && slot.used + ep.weight > budget) {
      const wait = (minute + 1) * MINUTE - this.serverNow() + 250;
      return fail(
        "rate_limited",
        `${ep.bucket} weight ${slot.used}+${ep.weight} would pass this account's share ${budget}; waiting for the next window`,
        {
          retryAfterMs: wait,
          paced: true,
        },
      );
    }
    if (ep.signed && this.offsetMs === null) {
      const err = await this.learnOffset();
      if (err) return { ok: false, error: err };
    }
    let relearned = false;
    for (let attempt = 1; ; attempt++) {
      const r = await this.send<T>(ep, params);
      if (r.ok) return r;
      const e = r.error;
      if (e.platformCode === -1021 && !relearned) {
        relearned = true;
        const err = await this.learnOffset();
        if (err) return { ok: false, error: err };
        continue;
      }
      if (e.kind !== "unavailable" || ep.method !== "GET" || attempt >= 3) return r;
      await new Promise((res) =>
        setTimeout(res, backoffDelay(attempt, Math.random(), IN_CALL_RETRY)),
      );
    }
  }

  private async send<T>(
    ep: Endpoint,
    params: Record<string, string | number | boolean | undefined>,
  ): Promise<AdapterResult<T>> {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) query.set(k, String(v));
    if (ep.signed) {
      if (!this.creds) return fail("auth", "this endpoint needs API credentials");
      query.set("recvWindow", String(this.cfg.recvWindow));
      query.set("timestamp", String(this.serverNow()));
    }
    let qs = query.toString();
    const headers: Record<string, string> = {};
    if (ep.signed && this.creds) {
      headers["X-MBX-APIKEY"] = this.creds.apiKey;
      let key: CryptoKey;
      try {
        key = await this.signingKey();
      } catch (cause) {
        return fail("auth", String(cause instanceof Error ? cause.message : cause), { cause });
      }
      const signature =
        "apiSecret" in this.creds
          ? await hmacHex(key, qs)
          : encodeURIComponent(await ed25519Base64(key, qs));
      qs = `${qs}${qs ? "&" : ""}signature=${signature}`;
    }
    this.requests++;
    this.spent[ep.bucket] += ep.weight;
    let res: Response;
    let text: string;
    try {
      const base = ep.bucket === "fapi" ? this.cfg.futuresBaseUrl : this.cfg.baseUrl;
      res = await this.deps.fetch(`${base}${ep.path}${qs ? `?${qs}` : ""}`, {
        method: ep.method,
        headers,
      });
      text = await res.text();
    } catch (cause) {
      return fail("unavailable", `network failure calling ${ep.path}: ${String(cause)}`, { cause });
    }
    const usedHeader = res.headers.get(USED_HEADER[ep.bucket]);
    if (usedHeader !== null && /^\d+$/.test(usedHeader)) {
      this.used[ep.bucket] = {
        minute: Math.floor(this.serverNow() / MINUTE),
        used: Number(usedHeader),
      };
    }
    const retryAfter = Number(res.headers.get("retry-after") ?? "0") * 1000;
    if (res.status === 418) {
      this.bannedUntil = this.deps.now() + Math.max(retryAfter, RETRY_AFTER_FLOOR_MS);
      return fail("banned", `Binance banned this IP (418) for ${Math.round(retryAfter / 1000)} s`, {
        retryAfterMs: Math.max(retryAfter, RETRY_AFTER_FLOOR_MS),
        platformCode: -1003,
      });
    }
    if (res.status === 429) {
      return fail("rate_limited", `Binance rate limit hit (429) on ${ep.path}`, {
        retryAfterMs: Math.max(retryAfter, RETRY_AFTER_FLOOR_MS),
        platformCode: -1003,
      });
    }
    let body: unknown;
    try {
      body = parseLosslessJson(text);
    } catch (cause) {
      return fail("unavailable", `malformed body from ${ep.path} (HTTP ${res.status})`, { cause });
    }
    const code =
      typeof body === "object" && body !== null && "code" in body
        ? Number((body as { code: unknown }).code)
        : null;
    const msg =
      typeof body === "object" && body !== null && "msg" in body
        ? String((body as { msg: unknown }).msg)
        : "";
    if (res.status >= 500 || (code !== null && TRANSIENT_CODES.has(code))) {
      return fail(
        "unavailable",
        `Binance ${res.status} on ${ep.path}: ${msg}`,
        code === null ? {} : { platformCode: code },
      );
    }
    if (res.status >= 400 || (code !== null && code < 0)) {
      if (code !== null && AUTH_CODES.has(code))
        return fail("auth", `Binance rejected the API key (${code}): ${msg}`, {
          platformCode: code,
        });
      return fail(
        "bad_request",
        `Binance ${res.status} on ${ep.path} (${code}): ${msg}`,
        code === null ? {} : { platformCode: code },
      );
    }
    return ok(body as T);
  }
}
