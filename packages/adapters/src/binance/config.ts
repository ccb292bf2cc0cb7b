import { z } from "zod";

/** Binance's published limits per window (exchangeInfo rateLimits; SAPI per dev.binance.vision). */
export const BINANCE_WEIGHT_LIMITS = {
  api: 6000,
  sapiIp: 12000,
  sapiUid: 180000,
  /** USDⓈ-M futures (fapi.binance.com) REQUEST_WEIGHT a minute */
  fapi: 2400,
} as const;

export const BinanceConfig = z
  .object({
    baseUrl: z.url().default("https://api.binance.com"),
    /** the USDⓈ-M futures API, for the futures wallet's balance */
    futuresBaseUrl: z.url().default("https://fapi.binance.com"),
    /** Binance's WebSocket API, where the account's user data stream is held */
    wsApiUrl: z.url().default("wss://ws-api.binance.com:443/ws-api/v3"),
    /**
     * hold the user data stream: balances and fills arrive as they happen instead of at the
     * next poll (the account's object stays in memory while it holds the socket)
     */
    realtime: z.boolean().default(true),
    /** ms a signed request stays valid; Binance allows up to 60000 */
    recvWindow: z.number().int().min(1).max(60000).default(10000),
    /** where history walking starts; Binance opened on 2017-07-14 */
    historyStart: z.iso.datetime({ offset: true }).default("2017-07-14T00:00:00Z"),
    /** share of each weight limit this account may use; the rest is left for others on the IP */
    weightShare: z.number().min(0.05).max(1).default(0.8),
    /** the limits to pace against (Binance's unless told otherwise) */
    weightLimits: z
      .object({
        api: z.number().int().positive(),
        sapiIp: z.number().int().positive(),
        sapiUid: z.number().int().positive(),
        fapi: z.number().int().positive().default(BINANCE_WEIGHT_LIMITS.fapi),
      })
      .default({ ...BINANCE_WEIGHT_LIMITS }),
    /** hmac: apiKey + apiSecret; ed25519: apiKey + privateKey (PKCS#8 PEM) */
    keyType: z.enum(["hmac", "ed25519"]).default("hmac"),
    /** deposits can turn successful late: each pass re-reads this many days (duplicates are ignored) */
    overlapDays: z.number().int().min(0).max(30).default(3),
  })
  .strict();
export type BinanceConfig = z.output<typeof BinanceConfig>;

export const BinanceCredentials = z.union([
  z
    .object({ apiKey: z.string().min(16).max(256), apiSecret: z.string().min(16).max(256) })
    .strict(),
  z
    .object({ apiKey: z.string().min(16).max(256), privateKey: z.string().includes("PRIVATE KEY") })
    .strict(),
]);
export type BinanceCredentials = z.infer<typeof BinanceCredentials>;
