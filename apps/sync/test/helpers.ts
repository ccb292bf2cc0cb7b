import { env, runInDurableObject } from "cloudflare:test";
import type { PlatformAdapter } from "@portfolio/adapters";
import { type FillInput, newId } from "@portfolio/core";
import { createDb } from "@portfolio/db";
import { accountClient } from "../src/account-client.js";
import type { RegisterInput } from "../src/rpc-types.js";
import { SYNC_JOB } from "../src/schedule/sync-job.js";
import { AccountStore } from "../src/storage/account-store.js";
import { runSync } from "../src/sync/run-sync.js";

export const HOUR = 3_600_000;
export const OWNER = "default";

/** The object's RPC client. */
export function accountStub(id: string) {
  return accountClient(env.ACCOUNT, id);
}

/** The raw stub, for cloudflare:test helpers. */
export function rawStub(id: string) {
  return env.ACCOUNT.get(env.ACCOUNT.idFromName(id));
}

/** A registration by the tests' owner: the platform's parts given, the rest as bots send it. */
export function registerInput(
  parts: Pick<RegisterInput, "name" | "provider" | "type" | "config" | "credentials">,
  extra: Partial<RegisterInput> = {},
): RegisterInput {
  return {
    id: newId("acct"),
    owner: OWNER,
    platformAccountId: null,
    metadata: {},
    baseCurrency: "USD",
    syncIntervalSeconds: 60,
    ...parts,
    ...extra,
  };
}

/** A simulated account whose history started `hours` ago. */
export function simulatedInput(
  hours: number,
  extra: Partial<RegisterInput> = {},
  config: Record<string, unknown> = {},
): RegisterInput {
  return registerInput(
    {
      name: "sim test",
      provider: "simulated",
      type: "cex",
      config: {
        seed: "sync-test",
        start: new Date(Date.now() - hours * HOUR).toISOString(),
        ...config,
      },
      credentials: null,
    },
    extra,
  );
}

/**
 * The account's alarm once what it owes D1 and the webhooks is sent (while anything is owed,
 * the alarm comes back within a minute for it).
 */
export async function settledAlarm(accountId: string): Promise<number | null> {
  for (let i = 0; i < 100; i++) {
    const state = await runInDurableObject(rawStub(accountId), async (_i, s) => ({
      owed: AccountStore.of(s.storage).outbox.pending(),
      alarm: await s.storage.getAlarm(),
    }));
    if (state.owed === 0) return state.alarm;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`the outbox of ${accountId} never emptied`);
}

/** A USDT deposit a bot records, dated now. */
export function usdtDeposit(txId: string, amount: string): FillInput {
  return {
    txId,
    txType: "deposit",
    asset: "USDT",
    amount,
    price: null,
    quoteAsset: null,
    quoteAmount: null,
    fee: null,
    feeAsset: null,
    timestamp: new Date().toISOString(),
    metadata: {},
  };
}

/** A bot's buy of 0.0001 BTC for 6 USDT, dated now, with the metadata given. */
export function smallBtcBuy(txId: string, metadata: FillInput["metadata"] = {}): FillInput {
  return {
    txId,
    txType: "buy",
    asset: "BTC",
    amount: "0.0001",
    price: "60000",
    quoteAsset: "USDT",
    quoteAmount: "6",
    fee: null,
    feeAsset: null,
    timestamp: new Date().toISOString(),
    metadata,
  };
}

/** Stops the account's own schedule, so only the test's syncs touch it. */
export function pauseSchedule(accountId: string) {
  return runInDurableObject(rawStub(accountId), async (_i, state) => {
    const store = AccountStore.of(state.storage);
    const job = store.job(SYNC_JOB);
    if (job) store.saveJob({ ...job, nextRunAt: null });
    await state.storage.deleteAlarm();
  });
}

/** One sync inside the account's object, with an adapter of the test's own (a moved clock, a narrow node). */
export function syncWith(
  accountId: string,
  adapter: PlatformAdapter,
  opts: { now?: () => number; maxPages?: number } = {},
) {
  return runInDurableObject(rawStub(accountId), (_i, state) =>
    runSync({
      adapter,
      store: AccountStore.of(state.storage),
      db: createDb(env.DB),
      accountId,
      baseCurrency: "USD",
      now: opts.now ?? (() => Date.now()),
      ...(opts.maxPages === undefined ? {} : { maxPages: opts.maxPages }),
    }),
  );
}

export function unwrap<T>(
  r: { ok: true; value: T } | { ok: false; error: { message: string } },
): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/**
 * Gives the accounts the tests' owner registered to another owner in D1, so the next test may
 * register the same platform account (the local Binance's uid, the chain's wallet) again: an
 * owner registers each platform account once. Their objects go on answering the tests' owner.
 */
export async function retireAccounts(): Promise<void> {
  await env.DB.prepare("UPDATE accounts SET owner_id = 'retired-by-tests' WHERE owner_id = ?")
    .bind(OWNER)
    .run();
}

export async function countRows(table: string, accountId: string): Promise<number> {
  const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE account_id = ?`)
    .bind(accountId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** An account's stored transactions, with the fields balance effects read and the row's kind. */
export async function storedTransactions(accountId: string) {
  const r = await env.DB.prepare(
    "SELECT tx_id, tx_type, asset, amount, quote_asset, quote_amount, fee, fee_asset, metadata FROM transactions WHERE account_id = ?",
  )
    .bind(accountId)
    .all<Record<string, string | null>>();
  return r.results.map((x) => ({
    txId: x.tx_id as string,
    txType: x.tx_type as string,
    asset: x.asset as string,
    amount: x.amount as string,
    quoteAsset: x.quote_asset ?? null,
    quoteAmount: x.quote_amount ?? null,
    fee: x.fee ?? null,
    feeAsset: x.fee_asset ?? null,
    kind: (JSON.parse(x.metadata ?? "{}") as { kind?: string }).kind,
  }));
}

/**
 * An account's ledger as D1 holds it, oldest first, in the lots engine's row shape: a voided
 * fill, or one a platform row shows, moved nothing and is left out (as the replay leaves them).
 */
export async function ledgerRows(accountId: string) {
  const r = await env.DB.prepare(
    "SELECT tx_id, tx_type, asset, amount, quote_asset, quote_amount, fee, fee_asset, timestamp, metadata FROM transactions WHERE account_id = ? AND coalesce(json_extract(metadata, '$.void'), 0) = 0 AND json_extract(metadata, '$.shownAs') IS NULL ORDER BY timestamp",
  )
    .bind(accountId)
    .all<Record<string, string | number | null>>();
  return r.results.map((x) => ({
    accountId,
    txId: x.tx_id as string,
    txType: x.tx_type as string,
    asset: x.asset as string,
    amount: x.amount as string,
    quoteAsset: (x.quote_asset as string | null) ?? null,
    quoteAmount: (x.quote_amount as string | null) ?? null,
    fee: (x.fee as string | null) ?? null,
    feeAsset: (x.fee_asset as string | null) ?? null,
    timestamp: x.timestamp as number,
    metadata: JSON.parse((x.metadata as string | null) ?? "{}") as Record<string, unknown>,
  }));
}
