import type { SymbolInfo } from "./exchange-info.ts";
import { D, DAY } from "./script-state.ts";

const QUOTES = ["USDT", "BTC", "BNB", "ETH"];
export const BASES = [
  "BTC",
  "ETH",
  "BNB",
  "SOL",
  "ADA",
  "DOT",
  "LINK",
  "LTC",
  "XRP",
  "DOGE",
  "AVAX",
  "ATOM",
  "NEAR",
  "FIL",
  "APT",
  "ARB",
  "OP",
  "INJ",
  "SUI",
  "SEI",
  "TIA",
  "LDO",
  "UNI",
  "AAVE",
  "MKR",
  "CRV",
  "SAND",
  "MANA",
  "AXS",
  "GALA",
  "ZIL",
  "BAT",
];
/** the simulated platform's start prices of the instruments it shares with this market */
const SIMULATED_START_PRICES: Record<string, number> = {
  BTC: 60000,
  ETH: 3000,
  SOL: 150,
  DOGE: 0.15,
};
/** bought in small amounts and later swept to BNB by a dust conversion */
export const DUST = ["ZIL", "BAT", "GALA"];

/** The scripted market: what is listed, and every asset's daily price walk. */
export interface Market {
  listed: SymbolInfo[];
  /** the symbols the account trades (every base against USDT, some against BTC/BNB/ETH) */
  traded: SymbolInfo[];
  /** an asset's USDT price on the day of `t` */
  usdPrice: (asset: string, t: number) => number;
  /** a listed symbol's price at `t`; null for a symbol the script does not walk */
  priceAt: (symbol: string, t: number) => number | null;
  /** every listed symbol's price now, as ticker/price shows it */
  prices: Map<string, string>;
}

export function scriptMarket(
  rand: () => number,
  days: number,
  start: number,
  now: number,
  fillerBases: number,
): Market {
  // prices: a daily walk per asset in USDT
  const startPrice: Record<string, number> = { USDT: 1 };
  for (const b of BASES)
    startPrice[b] =
      b === "BTC" ? 30000 : b === "ETH" ? 2000 : b === "BNB" ? 300 : 0.05 + rand() * 80;
  const walk = new Map<string, number[]>();
  for (const b of BASES) {
    const w = [startPrice[b] as number];
    for (let d = 1; d <= days + 1; d++)
      w.push((w[d - 1] as number) * Math.exp(0.03 * (rand() - 0.5)));
    walk.set(b, w);
  }
  // the assets the simulated platform trades too end today at its instruments' start prices
  // (packages/adapters/src/simulated/config.ts): a simulated account opened lately trades near
  // what this Binance quotes, so a portfolio holding both is valued at prices near its own fills
  // (each walk is scaled as a whole: its days' moves, and so the script's draws, are unchanged)
  const today = Math.min(days + 1, Math.max(0, Math.floor((now - start) / DAY)));
  for (const [asset, target] of Object.entries(SIMULATED_START_PRICES)) {
    const w = walk.get(asset) as number[];
    const k = target / (w[today] as number);
    walk.set(
      asset,
      w.map((p) => p * k),
    );
  }
  const usdPrice = (asset: string, t: number) =>
    asset === "USDT"
      ? 1
      : ((walk.get(asset) as number[])[
          Math.min(days + 1, Math.max(0, Math.floor((t - start) / DAY)))
        ] as number);

  // symbols: every base against USDT, some against BTC/BNB/ETH, plus filler listings
  const listed: SymbolInfo[] = [];
  const info = (
    base: string,
    quote: string,
    status: SymbolInfo["status"] = "TRADING",
  ): SymbolInfo => ({
    symbol: `${base}${quote}`,
    status,
    baseAsset: base,
    quoteAsset: quote,
    tickSize: quote === "USDT" ? "0.00010000" : "0.00000001",
    stepSize: quote === "USDT" ? "0.00001000" : "0.00010000",
    minNotional: quote === "USDT" ? "5.00000000" : quote === "BTC" ? "0.00010000" : "0.01000000",
    notionalFilter: rand() < 0.5 ? "NOTIONAL" : "MIN_NOTIONAL",
  });
  const traded: SymbolInfo[] = [];
  for (const b of BASES) if (b !== "USDT") traded.push(info(b, "USDT"));
  for (const b of ["ETH", "SOL", "LINK", "ADA"]) traded.push(info(b, "BTC"));
  traded.push(info("SOL", "BNB"), info("LINK", "ETH"));
  // two traded pairs are halted now (status BREAK): they still answer myTrades
  const halted = new Set(["AXSUSDT", "SANDUSDT"]);
  for (const s of traded) if (halted.has(s.symbol)) s.status = "BREAK";
  listed.push(...traded);
  for (let i = 0; i < fillerBases; i++) {
    const base = `Q${String(i).padStart(3, "0")}X`;
    for (const q of QUOTES) listed.push(info(base, q));
  }

  // fiat markets (EUR and GBP against USDT), as Binance lists them: a price service reaches
  // those currencies through them; and USDC against USDT, a stablecoin a few hundredths of a
  // percent off par, as it trades. Their walk is a gentle wave, drawn from no random number,
  // so the account's own script is the same with them or without
  for (const [fiat, level, period, swing] of [
    ["EUR", 1.08, 30, 0.02],
    ["GBP", 1.27, 45, 0.02],
    ["USDC", 0.9997, 7, 0.0002],
  ] as const) {
    startPrice[fiat] = level;
    walk.set(
      fiat,
      Array.from({ length: days + 2 }, (_, d) => level * (1 + swing * Math.sin(d / period))),
    );
    listed.push({
      symbol: `${fiat}USDT`,
      status: "TRADING",
      baseAsset: fiat,
      quoteAsset: "USDT",
      tickSize: "0.00010000",
      stepSize: "0.01000000",
      minNotional: "5.00000000",
      notionalFilter: "NOTIONAL",
    });
  }
  const prices = new Map<string, string>();
  for (const s of listed) {
    const p =
      s.baseAsset in startPrice
        ? usdPrice(s.baseAsset, now) / usdPrice(s.quoteAsset, now)
        : 1 + (s.symbol.length % 7);
    prices.set(s.symbol, D(p.toPrecision(8)).toFixed(8));
  }
  return {
    listed,
    traded,
    usdPrice,
    priceAt: (symbol, t) => {
      const info = listed.find((x) => x.symbol === symbol);
      if (!info || !(info.baseAsset in startPrice) || !(info.quoteAsset in startPrice)) return null;
      return usdPrice(info.baseAsset, t) / usdPrice(info.quoteAsset, t);
    },
    prices,
  };
}
