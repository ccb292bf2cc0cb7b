import { createRoute } from "@hono/zod-openapi";
import { type Dec, parseAmount, rebasePrices } from "@portfolio/core";
import { createDb, listActiveAccounts } from "@portfolio/db";
import {
  type AccountClient,
  askAccounts,
  type BalancesView,
  type RpcResult,
  servicePrices,
  type ValuationInput,
} from "@portfolio/sync";
import { createApp } from "../../create-app.js";
import { commonErrors } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { AllBalancesQuery, AllBalancesSchema } from "./schema.js";
import { sumBalances } from "./totals.js";

const route = createRoute({
  operationId: "listAllBalances",
  method: "get",
  path: "/",
  summary: "Every balance of every active account, with exact totals per asset",
  description:
    "Each active account's object is asked in parallel, each within 5 s; an account that cannot answer is listed in `unavailableAccounts` with the reason and left out of the totals, never failing the rest. Totals are exact decimal sums per asset over the accounts that answered. With `base`, each total also has its value in that currency at the price service's current prices (one price per asset across the accounts; an asset it cannot price, or a service that does not answer within 2 s, keeps the account's last price).",
  ...scoped("read"),
  request: { query: AllBalancesQuery },
  responses: {
    200: {
      description: "The balances",
      content: { "application/json": { schema: AllBalancesSchema } },
    },
    ...commonErrors,
  },
});

interface Answer {
  view: BalancesView;
  valuation: ValuationInput | null;
}

/** One account's balances and, when values are asked for, its prices: both or neither. */
async function ask(
  account: AccountClient,
  owner: string,
  base?: string,
): Promise<RpcResult<Answer>> {
  const [view, valuation] = await Promise.all([
    account.balances(owner),
    base === undefined ? null : account.valuation(owner),
  ]);
  if (!view.ok) return view;
  if (valuation && !valuation.ok) return valuation;
  return { ok: true, value: { view: view.value, valuation: valuation?.value ?? null } };
}

/** how long the answer waits for the price service before it takes the accounts' own prices */
const SERVICE_WAIT_MS = 2_000;

/** An account's prices in `base`: its own, re-expressed, under the price service's. */
function pricesIn(
  v: ValuationInput,
  base: string,
  service: Record<string, string> | null,
): Map<string, Dec> {
  const quoted = new Map(Object.entries(v.prices).map(([a, p]) => [a, parseAmount(p)]));
  const own = rebasePrices(quoted, v.priceBase, base) ?? new Map<string, Dec>();
  for (const [asset, p] of Object.entries(service ?? {})) own.set(asset, parseAmount(p));
  return own;
}

export const listAllBalances = createApp().openapi(route, async (c) => {
  const { base } = c.req.valid("query");
  const owner = c.get("apiKey").owner;
  const accounts = await listActiveAccounts(createDb(c.env.DB), owner);
  const names = new Map(accounts.map((a) => [a.id, a.name]));
  const { answers, unavailableAccounts } = await askAccounts(
    c.env.ACCOUNT,
    accounts.map((a) => a.id),
    (account) => ask(account, owner, base),
  );
  // with a base: one price per asset across the accounts, the price service's where it has one
  const service =
    base === undefined
      ? null
      : await servicePrices(
          c.env.PRICES,
          answers.flatMap(({ value }) => value.view.balances.map((b) => b.asset)),
          base,
          SERVICE_WAIT_MS,
          "balance_prices_unavailable",
        );
  const totals = sumBalances(
    answers.map(({ value }) => ({
      balances: value.view.balances,
      ...(base !== undefined && value.valuation
        ? { prices: pricesIn(value.valuation, base, service) }
        : {}),
    })),
    base,
  );
  return c.json(
    {
      base: base ?? null,
      accounts: answers.map(({ accountId, value: { view } }) => ({
        accountId,
        name: names.get(accountId) ?? "",
        version: view.version,
        platformAsOf: view.platformAsOf,
        syncedAt: view.syncedAt,
        stale: view.stale,
        balances: view.balances,
      })),
      totals,
      unavailableAccounts,
    },
    200,
  );
});
