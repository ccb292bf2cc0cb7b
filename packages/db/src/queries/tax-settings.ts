import { eq } from "drizzle-orm";
import type { Db } from "../client.js";
import { taxSettings } from "../schema/tax-settings.js";

/** An owner's stored cost-basis settings (as JSON), or null when none were set. */
export async function getTaxSettings(
  db: Db,
  owner: string,
): Promise<Record<string, unknown> | null> {
  const row = await db
    .select({ settings: taxSettings.settings })
    .from(taxSettings)
    .where(eq(taxSettings.ownerId, owner))
    .get();
  return row?.settings ?? null;
}

/** Stores an owner's cost-basis settings, replacing what was there. */
export async function putTaxSettings(
  db: Db,
  owner: string,
  settings: Record<string, unknown>,
  at: Date,
): Promise<void> {
  await db
    .insert(taxSettings)
    .values({ ownerId: owner, settings, updatedAt: at })
    .onConflictDoUpdate({ target: taxSettings.ownerId, set: { settings, updatedAt: at } });
}
