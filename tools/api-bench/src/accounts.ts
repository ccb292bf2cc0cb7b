// Simulated accounts for the bench, registered through the API like a bot's operator would.
import { BenchFailure, type HttpTarget } from "./http.ts";

export interface SyncView {
  state: "pending" | "syncing" | "idle" | "backoff" | "needs_attention";
  historyComplete: boolean;
  /** when the last sync run ended */
  lastRunAt: string | null;
  lastError: { kind: string; message: string } | null;
}
export interface AccountView {
  id: string;
  sync: SyncView;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** An ISO time `days` ago, on the hour, so a run's simulated history does not shift mid-run. */
export function daysAgo(days: number): string {
  return new Date(Math.floor((Date.now() - days * DAY) / HOUR) * HOUR).toISOString();
}

export function registerSimulated(
  api: HttpTarget,
  name: string,
  config: Record<string, unknown>,
): Promise<AccountView> {
  return api.json<AccountView>({
    method: "POST",
    path: "/v1/accounts",
    body: { name, provider: "simulated", config },
  });
}

export function describeAccount(api: HttpTarget, id: string, signal?: AbortSignal) {
  return api.json<AccountView>({
    method: "GET",
    path: `/v1/accounts/${id}`,
    ...(signal ? { signal } : {}),
  });
}

/** The initial sync is over when the whole history is in and no run is going. */
export const initialSyncDone = (s: SyncView) => s.state === "idle" && s.historyComplete;

/** Polls the account until its initial sync is over; a sync that fails or stalls fails the run. */
export async function waitForInitialSync(api: HttpTarget, id: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await describeAccount(api, id);
    if (initialSyncDone(view.sync)) return view;
    if (view.sync.state === "backoff" || view.sync.state === "needs_attention")
      throw new BenchFailure(`account ${id} sync failed: ${JSON.stringify(view.sync)}`);
    if (Date.now() > deadline)
      throw new BenchFailure(
        `account ${id} did not finish its initial sync in ${timeoutMs / 1000}s: ${JSON.stringify(view.sync)}`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}
