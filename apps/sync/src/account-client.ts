import type { AccountDO } from "./account-do.js";

/** The RPC methods callers may use on an account's Durable Object. */
export type AccountClient = Pick<
  AccountDO,
  | "register"
  | "describe"
  | "balances"
  | "balancesJson"
  | "valuation"
  | "checkTrade"
  | "checkTradeJson"
  | "recordTransaction"
  | "reserve"
  | "listReservations"
  | "release"
  | "requestSync"
  | "notify"
  | "update"
  | "deactivate"
  | "activate"
  | "remove"
  | "voidTransaction"
>;

/**
 * The stub of account `accountId`'s object, typed by the class's own method signatures. Every
 * value these methods exchange is plain JSON-shaped data, which RPC copies as is; the cast
 * spares the compiler from mapping recursive JSON types through `Rpc.Stub`, which it cannot.
 */
export function accountClient(
  ns: DurableObjectNamespace<AccountDO>,
  accountId: string,
): AccountClient {
  return ns.get(ns.idFromName(accountId)) as unknown as AccountClient;
}

/**
 * The raw stub of an account's object, for the one thing RPC cannot carry: a WebSocket
 * subscription, handed over through the object's fetch (see stream/stream-request.ts).
 */
export function streamStub(ns: DurableObjectNamespace<AccountDO>, accountId: string) {
  return ns.get(ns.idFromName(accountId));
}
