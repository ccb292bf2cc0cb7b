import { ledgerKeptByUs } from "@portfolio/adapters";
import { Provider } from "@portfolio/core";
import { findTransaction } from "@portfolio/db";
import { balancesChanged, fillEvent } from "../events/build-events.js";
import type { RpcResult, VoidedTransaction } from "../rpc-types.js";
import type { AccountRecord } from "../storage/account-store.js";
import { voidFill } from "./void-fill.js";
import type { AccountWiring } from "./wiring.js";

export type VoidTransactionDeps = Pick<AccountWiring, "store" | "db" | "outbox" | "stream" | "now">;

/**
 * Takes back a fill a bot recorded (see void-fill.ts): D1 and the webhooks hear of it behind
 * the answer, subscribed bots at once. A txId the object does not know is looked up in D1, to
 * tell a row the platform's own history holds (a conflict) from one nobody knows (not found).
 */
export async function voidTransaction(
  d: VoidTransactionDeps,
  account: AccountRecord,
  txId: string,
): Promise<RpcResult<VoidedTransaction>> {
  const now = d.now();
  const provider = Provider.parse(account.provider);
  const r = voidFill(d.store, account.id, txId, now, ledgerKeptByUs[provider]);
  if (!r.ok && r.error.code === "NOT_FOUND") {
    const row = await findTransaction(d.db(), account.id, txId);
    if (!row) return { ok: false, error: { code: "NOT_FOUND", message: `no transaction ${txId}` } };
    return {
      ok: false,
      error: {
        code: "CONFLICT",
        message: `transaction ${txId} was read from the platform: only fills recorded through the API can be voided`,
        details: { reason: "NOT_A_RECORDED_FILL", txId },
      },
    };
  }
  if (!r.ok || !r.value.voided) return r;
  d.outbox.kick();
  const { transaction } = r.value;
  d.stream.publish(() => [
    fillEvent("fill.voided", transaction, now),
    balancesChanged(account, d.store, now),
  ]);
  return r;
}
