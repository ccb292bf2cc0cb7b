import { Dec, formatAmount, parseAmount } from "@portfolio/core";
import type { LiveFeed, LiveUpdate, PlatformBalance } from "../adapter.js";
import type { AdapterResult } from "../adapter-error.js";
import { fail } from "../adapter-error.js";
import { AUTH_CODES, type BinanceClient } from "./client.js";
import { parseLosslessJson } from "./lossless-json.js";
import { type RawTrade, tradeTx } from "./parse.js";

/** Binance closes a WebSocket API connection after 24 hours (web-socket-api.md). */
const CONNECTION_LIFETIME_MS = 24 * 3_600_000;
/** userDataStream.subscribe.signature's request weight */
const SUBSCRIBE_WEIGHT = 2;

/** What the stream needs from its adapter. */
export interface UserStreamHost {
  client: BinanceClient;
  /** the base and quote assets of a listed symbol (from exchangeInfo), or null */
  symbolAssets(symbol: string): Promise<{ base: string; quote: string } | null>;
  /**
   * Each asset's balance outside the spot wallet (funding, margin, futures) as of the last
   * balance read, or null before one: a spot position plus this is the account's balance.
   */
  otherWallets(): ReadonlyMap<string, { free: Dec; locked: Dec }> | null;
  /** the stream moved balances: a balance read reused within one sync must ask again */
  balancesMoved(): void;
  /** an LD token: a Simple Earn position's mirror in spot, counted through the Earn endpoints */
  isEarnToken(asset: string): boolean;
}

interface Position {
  e: "outboundAccountPosition";
  E: number;
  u: number;
  B: { a: string; f: string; l: string }[];
}

interface Execution {
  e: "executionReport";
  s: string;
  S: "BUY" | "SELL";
  x: string;
  i: number;
  t: number;
  l: string;
  L: string;
  n: string;
  N: string | null;
  T: number;
  m: boolean;
  Y: string;
}

/**
 * The account's user data stream through Binance's WebSocket API
 * (`userDataStream.subscribe.signature`, which takes any key type): positions become the
 * account's balances of the assets they name (the other wallets' share added back), fills
 * become the very rows `myTrades` gives (`trade:SYMBOL:id`), so the REST sync stores nothing
 * twice; a position older than one already applied (two connections overlap at a rollover) is
 * skipped. Deposits, withdrawals and transfers (`balanceUpdate`) and external locks ask for a
 * sync, which reads their history rows and the wallets the spot stream does not show.
 */
export class BinanceUserStream implements LiveFeed {
  readonly url: string;
  readonly lifetimeMs = CONNECTION_LIFETIME_MS;
  private subscribeId = 0;
  /** the `u` (account update time) of the last position applied, per asset */
  private readonly applied = new Map<string, number>();

  constructor(
    wsApiUrl: string,
    private readonly host: UserStreamHost,
  ) {
    this.url = wsApiUrl.replace(/^ws(s?):\/\//, "http$1://");
  }

  async subscribe(): Promise<AdapterResult<string>> {
    const params = await this.host.client.signWsParams({}, SUBSCRIBE_WEIGHT);
    if (!params.ok) return params;
    this.subscribeId++;
    return {
      ok: true,
      value: JSON.stringify({
        id: `subscribe-${this.subscribeId}`,
        method: "userDataStream.subscribe.signature",
        params: params.value,
      }),
    };
  }

  async read(message: string): Promise<LiveUpdate[]> {
    let frame: {
      id?: unknown;
      status?: number;
      error?: { code?: number; msg?: string };
      event?: { e?: string };
    };
    try {
      frame = parseLosslessJson(message) as typeof frame;
    } catch {
      // a message we cannot read may have been a fill: the history will show what it was
      return [{ type: "moved", reason: "an unreadable user data stream message" }];
    }
    if (frame.id !== undefined) return [this.answer(frame)];
    const event = frame.event;
    switch (event?.e) {
      case "outboundAccountPosition":
        return this.position(event as Position);
      case "executionReport":
        return this.execution(event as Execution);
      case "balanceUpdate":
        return [{ type: "moved", reason: "a deposit, withdrawal or transfer (balanceUpdate)" }];
      case "externalLockUpdate":
        return [{ type: "moved", reason: "an external lock changed (externalLockUpdate)" }];
      case "eventStreamTerminated":
        return [{ type: "ended", reason: "Binance ended the subscription" }];
      case "serverShutdown":
        return [{ type: "ended", reason: "Binance is shutting this server down" }];
      default:
        return [];
    }
  }

  private answer(frame: {
    id?: unknown;
    status?: number;
    error?: { code?: number; msg?: string };
  }): LiveUpdate {
    if (frame.status === 200) return { type: "subscribed" };
    const code = frame.error?.code;
    const msg = `Binance refused the user data stream (${frame.status}, ${code}): ${frame.error?.msg ?? ""}`;
    const opts = code === undefined ? {} : { platformCode: code };
    const error =
      code !== undefined && AUTH_CODES.has(code)
        ? fail("auth", msg, opts)
        : frame.status === 429 || frame.status === 418
          ? fail(frame.status === 418 ? "banned" : "rate_limited", msg, opts)
          : fail("unavailable", msg, opts);
    return { type: "refused", error: error.error };
  }

  private position(p: Position): LiveUpdate[] {
    const others = this.host.otherWallets();
    if (!others) return [{ type: "moved", reason: "a position before any balance read" }];
    const balances: PlatformBalance[] = [];
    for (const b of p.B) {
      if (this.host.isEarnToken(b.a)) continue;
      if ((this.applied.get(b.a) ?? 0) > p.u) continue;
      this.applied.set(b.a, p.u);
      const other = others.get(b.a) ?? { free: new Dec(0), locked: new Dec(0) };
      balances.push({
        asset: b.a,
        free: formatAmount(parseAmount(b.f).add(other.free)),
        locked: formatAmount(parseAmount(b.l).add(other.locked)),
      });
    }
    if (balances.length === 0) return [];
    this.host.balancesMoved();
    return [{ type: "balances", balances, at: p.E }];
  }

  private async execution(x: Execution): Promise<LiveUpdate[]> {
    if (x.x !== "TRADE") return [];
    const assets = await this.host.symbolAssets(x.s);
    if (!assets) return [{ type: "moved", reason: `a fill on ${x.s}, a symbol not known yet` }];
    const raw: RawTrade = {
      symbol: x.s,
      id: x.t,
      orderId: x.i,
      price: x.L,
      qty: x.l,
      quoteQty: x.Y,
      commission: x.n,
      commissionAsset: x.N ?? "",
      time: x.T,
      isBuyer: x.S === "BUY",
      isMaker: x.m,
    };
    return [{ type: "transactions", transactions: [tradeTx(raw, assets.base, assets.quote)] }];
  }
}
