import { SELF } from "cloudflare:test";
import { testApiTokens } from "@portfolio/test-support";

export type TokenName = keyof typeof testApiTokens;

/** A request to the API worker as a bot would make it. */
export async function api(
  method: string,
  path: string,
  opts: {
    token?: TokenName | null;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
) {
  const headers: Record<string, string> = { ...opts.headers };
  const token = opts.token === undefined ? "all" : opts.token;
  if (token) headers.authorization = `Bearer ${testApiTokens[token]}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined && !("content-type" in headers))
    headers["content-type"] = "application/json";
  const res = await SELF.fetch(`https://api.test${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: test helper returns parsed JSON for assertions
  const json: any = text ? JSON.parse(text) : null;
  return { status: res.status, json, headers: res.headers };
}

export function simulatedAccountBody(hours: number, extra: Record<string, unknown> = {}) {
  return {
    name: "Sim",
    provider: "simulated",
    config: { seed: "api-test", start: new Date(Date.now() - hours * 3_600_000).toISOString() },
    ...extra,
  };
}

/** A bot's buy of 0.001 BTC at 60,000 with a 0.06 USDT fee, dated now. */
export function botBuy(txId: string) {
  return {
    txId,
    txType: "buy",
    asset: "BTC",
    amount: "0.001",
    price: "60000",
    quoteAsset: "USDT",
    quoteAmount: "60",
    fee: "0.06",
    feeAsset: "USDT",
    timestamp: new Date().toISOString(),
  };
}

/**
 * A simulated account with no history of its own yet (it opens tomorrow), for a test or bench
 * that writes the account's ledger itself; its id.
 */
export async function quietAccount(name: string, token: TokenName = "all"): Promise<string> {
  const start = new Date(Date.now() + 86_400_000).toISOString();
  const r = await api("POST", "/v1/accounts", {
    token,
    body: { name, provider: "simulated", config: { seed: name, start } },
  });
  if (r.status !== 201)
    throw new Error(`registering ${name}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json.id as string;
}
