import { createRoute, z } from "@hono/zod-openapi";
import { accountId, assetSymbol, decimalString, positiveAmountInput } from "@portfolio/core";
import { knownOwnedAccount, ownedAccountOf } from "../../accounts/account-ids.js";
import { createApp } from "../../create-app.js";
import { commonErrors, conflict, notFound } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { JSON_CONTENT_TYPE, unwrapRpc } from "../../rpc-result.js";
import { NoQuery } from "../no-query.js";

export const TradeCheckBody = z
  .object({
    accountId,
    side: z.enum(["buy", "sell"]),
    base: assetSymbol.meta({ example: "BTC" }),
    quote: assetSymbol.meta({ example: "USDT" }),
    quantity: positiveAmountInput.meta({ example: "0.01" }),
    price: positiveAmountInput.meta({ example: "60000" }),
    reservationId: z
      .string()
      .regex(/^rsv_[0-9a-z]{16,32}$/)
      .optional()
      .meta({ description: "a hold of yours for this order: its funds count as available to it" }),
  })
  .strict()
  .meta({ id: "TradeCheck" });

const Amount = z.object({ asset: assetSymbol, amount: decimalString });
const TradeCheckResultSchema = z
  .object({
    accountId,
    ok: z.boolean(),
    violations: z.array(
      z.object({
        code: z.string(),
        message: z.string(),
        details: z.record(z.string(), z.string()).optional(),
      }),
    ),
    spends: Amount,
    available: Amount,
    notional: decimalString,
    /** whether the exchange's trading rules (LOT_SIZE, PRICE_FILTER, NOTIONAL…) were applied */
    rulesChecked: z.enum(["checked", "unknown_symbol", "unavailable", "not_applicable"]),
    /** the taker fee rate included in `spends`: the account's own (Binance's commission endpoint) once its rules are stored, else the platform's default */
    feeRate: decimalString.nullable(),
    balancesSyncedAt: z.string().nullable(),
    /** the balances are older than twice the sync schedule's wait: the verdict may be out of date */
    stale: z.boolean(),
    balancesAgeSeconds: z.number().int().nullable(),
    balancesVersion: z.number().int(),
  })
  .meta({ id: "TradeCheckResult" });

const route = createRoute({
  operationId: "checkTrade",
  method: "post",
  path: "/check",
  summary:
    "Would this trade be allowed? Checked inside the account's object against available funds",
  ...scoped("trade"),
  request: {
    query: NoQuery,
    body: { required: true, content: { "application/json": { schema: TradeCheckBody } } },
  },
  responses: {
    200: {
      description: "The verdict: ok, or every violation with its code",
      content: { "application/json": { schema: TradeCheckResultSchema } },
    },
    ...commonErrors,
    ...notFound,
    // details.reason ACCOUNT_INACTIVE: the account is deactivated
    ...conflict,
  },
});

/**
 * The verdict on `body`'s trade, from its account's object, for `owner`, as the JSON text the
 * object made of it: one string crosses RPC, not the verdict's fields each copied twice.
 */
export async function checkTradeFor(
  env: Env,
  owner: string,
  body: z.infer<typeof TradeCheckBody>,
): Promise<string> {
  const { accountId: id, ...trade } = body;
  const stub = knownOwnedAccount(env, owner, id) ?? (await ownedAccountOf(env, owner, id));
  return unwrapRpc(await stub.checkTradeJson(owner, trade)).json;
}

export const checkTrade = createApp().openapi(route, async (c) => {
  const body = c.req.valid("json");
  c.set("accountId", body.accountId);
  const verdict = await checkTradeFor(c.env, c.get("apiKey").owner, body);
  return c.body(verdict, 200, { "Content-Type": JSON_CONTENT_TYPE }) as never;
});
