import type { WebhookDO } from "./webhook-do.js";

/** The RPC methods callers may use on an owner's webhook object. */
export type WebhookClient = Pick<
  WebhookDO,
  | "publish"
  | "createEndpoint"
  | "listEndpoints"
  | "getEndpoint"
  | "deleteEndpoint"
  | "listDeliveries"
  | "sendTest"
>;

/**
 * The stub of `owner`'s webhook object (one per owner, `idFromName(owner)`), typed by the
 * class's own method signatures; as for accounts, the values exchanged are plain JSON-shaped
 * data, and the cast spares the compiler from mapping them through `Rpc.Stub`.
 */
export function webhookClient(ns: DurableObjectNamespace<WebhookDO>, owner: string): WebhookClient {
  return ns.get(ns.idFromName(owner)) as unknown as WebhookClient;
}
