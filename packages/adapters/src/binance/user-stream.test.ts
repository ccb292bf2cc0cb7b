import { Dec } from "@portfolio/core";
import { describe, expect, it } from "vitest";
import type { BinanceClient } from "./client.js";
import { BinanceUserStream, type UserStreamHost } from "./user-stream.js";

// Events as user-data-stream.md prints them (Binance's own examples), wrapped as the WebSocket
// API delivers them: {"subscriptionId": 0, "event": {...}}.
const POSITION = {
  subscriptionId: 0,
  event: {
    e: "outboundAccountPosition",
    E: 1564034571105,
    u: 1564034571073,
    B: [{ a: "ETH", f: "10000.000000", l: "0.000000" }],
  },
};

const TRADE = {
  subscriptionId: 0,
  event: {
    e: "executionReport",
    E: 1499405658658,
    s: "ETHBTC",
    c: "mUvoqJxFIILMdfAW5iGSOW",
    S: "BUY",
    o: "LIMIT",
    f: "GTC",
    q: "1.00000000",
    p: "0.10264410",
    x: "TRADE",
    X: "PARTIALLY_FILLED",
    i: 4293153,
    l: "0.50000000",
    z: "0.50000000",
    L: "0.10264410",
    n: "0.00050000",
    N: "ETH",
    T: 1499405658657,
    t: 28457,
    m: false,
    Y: "0.05132205",
  },
};

function stream(others: Map<string, { free: Dec; locked: Dec }> | null) {
  let moved = 0;
  const host: UserStreamHost = {
    client: {} as BinanceClient,
    symbolAssets: async (s) => (s === "ETHBTC" ? { base: "ETH", quote: "BTC" } : null),
    otherWallets: () => others,
    balancesMoved: () => {
      moved++;
    },
    isEarnToken: (a) => a.startsWith("LD") && a !== "LDO",
  };
  return {
    feed: new BinanceUserStream("wss://ws-api.binance.com:443/ws-api/v3", host),
    moved: () => moved,
  };
}

describe("Binance's user data stream", () => {
  it("opens the WebSocket API's URL as https, for a fetch upgrade", () => {
    expect(stream(null).feed.url).toBe("https://ws-api.binance.com:443/ws-api/v3");
  });

  it("adds the other wallets' share to a spot position", async () => {
    // spot ETH 10000 free; funding holds 1.5 free, futures 2 (counted as locked)
    const { feed } = stream(new Map([["ETH", { free: new Dec("1.5"), locked: new Dec("2") }]]));
    expect(await feed.read(JSON.stringify(POSITION))).toEqual([
      {
        type: "balances",
        at: 1564034571105,
        balances: [{ asset: "ETH", free: "10001.5", locked: "2" }],
      },
    ]);
  });

  it("asks for a sync when a position comes before any balance read", async () => {
    const { feed } = stream(null);
    expect(await feed.read(JSON.stringify(POSITION))).toMatchObject([{ type: "moved" }]);
  });

  it("skips a position older than one already applied", async () => {
    const { feed } = stream(new Map());
    await feed.read(JSON.stringify(POSITION));
    const older = { ...POSITION, event: { ...POSITION.event, u: POSITION.event.u - 1 } };
    expect(await feed.read(JSON.stringify(older))).toEqual([]);
  });

  it("turns a TRADE execution into the row myTrades gives for the same trade", async () => {
    const { feed } = stream(new Map());
    expect(await feed.read(JSON.stringify(TRADE))).toEqual([
      {
        type: "transactions",
        transactions: [
          {
            txId: "trade:ETHBTC:28457",
            txType: "buy",
            asset: "ETH",
            amount: "0.5",
            price: "0.1026441",
            quoteAsset: "BTC",
            quoteAmount: "0.05132205",
            fee: "0.0005",
            feeAsset: "ETH",
            timestamp: "2017-07-07T05:34:18.657Z",
            metadata: { symbol: "ETHBTC", tradeId: "28457", orderId: "4293153", maker: false },
          },
        ],
      },
    ]);
  });

  it("ignores an execution that is not a fill", async () => {
    const { feed } = stream(new Map());
    const placed = { ...TRADE, event: { ...TRADE.event, x: "NEW", t: -1 } };
    expect(await feed.read(JSON.stringify(placed))).toEqual([]);
  });

  it("asks for a sync on a balanceUpdate (a deposit, withdrawal or transfer)", async () => {
    const { feed } = stream(new Map());
    const update = {
      subscriptionId: 0,
      event: {
        e: "balanceUpdate",
        E: 1573200697110,
        a: "BTC",
        d: "100.00000000",
        T: 1573200697068,
      },
    };
    expect(await feed.read(JSON.stringify(update))).toMatchObject([{ type: "moved" }]);
  });

  it("reports the end of the subscription so the host opens another", async () => {
    const { feed } = stream(new Map());
    const ended = { subscriptionId: 0, event: { e: "eventStreamTerminated", E: 1728973001334 } };
    expect(await feed.read(JSON.stringify(ended))).toMatchObject([{ type: "ended" }]);
  });

  it("reads a refused subscription's key error as an auth failure", async () => {
    const { feed } = stream(new Map());
    const refused = {
      id: "subscribe-1",
      status: 400,
      error: { code: -1022, msg: "Signature for this request is not valid." },
    };
    expect(await feed.read(JSON.stringify(refused))).toMatchObject([
      { type: "refused", error: { kind: "auth", platformCode: -1022 } },
    ]);
  });
});
