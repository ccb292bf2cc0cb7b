import { newId } from "@portfolio/core";
import { and, eq, inArray, isNull, lte } from "drizzle-orm";
import type { Db } from "../client.js";
import { idempotencyKeys } from "../schema/idempotency-keys.js";

/** Expired rows deleted by each claim: storage stays bounded without a job of its own. */
const PURGE_BATCH = 16;

export interface IdempotencyClaim {
  owner: string;
  key: string;
  route: string;
  fingerprint: string;
  now: number;
  /** how long a pending row holds the key if its request never finishes */
  leaseMs: number;
}

/**
 * What a key is when a request comes with it: `claimed` (this request now holds it, pending,
 * as row `id`), or the row another request made: still `pending`, `completed` with its answer,
 * or `mismatch` (another route or another request under the same key).
 */
export type ClaimOutcome =
  | { kind: "claimed"; id: string }
  | { kind: "pending" }
  | { kind: "mismatch"; sameRoute: boolean }
  | { kind: "completed"; status: number; body: string };

/**
 * Claims `key` for one request, in one D1 batch (one transaction): a few expired rows of any
 * owner are deleted, then the key is inserted as pending, or taken over when its row expired.
 * Otherwise answers what the row holding the key says.
 */
export async function claimIdempotencyKey(db: Db, c: IdempotencyClaim): Promise<ClaimOutcome> {
  // a row freed between the claim and the read is claimed again; twice is plenty
  for (let attempt = 0; attempt < 3; attempt++) {
    const id = newId("idem");
    const row = {
      id,
      ownerId: c.owner,
      key: c.key,
      route: c.route,
      fingerprint: c.fingerprint,
      status: null,
      responseBody: null,
      createdAt: new Date(c.now),
      expiresAt: new Date(c.now + c.leaseMs),
    };
    const [, claimed] = await db.batch([
      db.delete(idempotencyKeys).where(
        inArray(
          idempotencyKeys.id,
          db
            .select({ id: idempotencyKeys.id })
            .from(idempotencyKeys)
            .where(lte(idempotencyKeys.expiresAt, new Date(c.now)))
            .limit(PURGE_BATCH),
        ),
      ),
      db
        .insert(idempotencyKeys)
        .values(row)
        .onConflictDoUpdate({
          target: [idempotencyKeys.ownerId, idempotencyKeys.key],
          set: row,
          setWhere: lte(idempotencyKeys.expiresAt, new Date(c.now)),
        }),
    ]);
    if ((claimed.meta.changes ?? 0) > 0) return { kind: "claimed", id };
    const held = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.ownerId, c.owner), eq(idempotencyKeys.key, c.key)))
      .get();
    if (!held) continue;
    if (held.route !== c.route || held.fingerprint !== c.fingerprint)
      return { kind: "mismatch", sameRoute: held.route === c.route };
    if (held.status === null || held.responseBody === null) return { kind: "pending" };
    return { kind: "completed", status: held.status, body: held.responseBody };
  }
  return { kind: "pending" };
}

/** Stores the answer of the request holding row `id`, replayed until `expiresAt`. */
export async function completeIdempotencyKey(
  db: Db,
  id: string,
  answer: { status: number; body: string; expiresAt: Date },
): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ status: answer.status, responseBody: answer.body, expiresAt: answer.expiresAt })
    .where(and(eq(idempotencyKeys.id, id), isNull(idempotencyKeys.status)));
}

/** Frees the key the request holding row `id` claimed: its answer is not one to replay. */
export async function releaseIdempotencyKey(db: Db, id: string): Promise<void> {
  await db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.id, id), isNull(idempotencyKeys.status)));
}
