import type { Balance, Transaction } from "@portfolio/core";
import type { ReservationView, SyncStatus } from "../rpc-types.js";

/**
 * What happens to an account, as its object tells the bots subscribed to it (WebSocket) and the
 * owner's webhook endpoints. Every event has an id (`evt_…`) unique to it and the time it
 * happened; balance events carry the version they brought the balances to.
 */
export type AccountEvent =
  | {
      id: string;
      type: "balances.changed";
      accountId: string;
      at: string;
      version: number;
      platformAsOf: string | null;
      balances: Balance[];
    }
  | { id: string; type: "fill.recorded"; accountId: string; at: string; transaction: Transaction }
  | { id: string; type: "fill.voided"; accountId: string; at: string; transaction: Transaction }
  | {
      id: string;
      type: "reservation.changed";
      accountId: string;
      at: string;
      /** held: new; reduced: a fill spent part of it; released, spent or expired: gone */
      change: "held" | "reduced" | "released" | "spent" | "expired";
      reservation: ReservationView;
    }
  | { id: string; type: "sync.state"; accountId: string; at: string; sync: SyncStatus };

export type AccountEventType = AccountEvent["type"];
export const accountEventTypes: readonly AccountEventType[] = [
  "balances.changed",
  "fill.recorded",
  "fill.voided",
  "reservation.changed",
  "sync.state",
];
