/// <reference path="../../worker-configuration.d.ts" />

/** The default sync interval of an account type: SYNC_INTERVAL_SECONDS_CEX / _DEX. */
export function intervalFromEnv(env: SyncEnv, type: "cex" | "dex"): number {
  const name = type === "cex" ? "SYNC_INTERVAL_SECONDS_CEX" : "SYNC_INTERVAL_SECONDS_DEX";
  const value = env[name];
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 1)
    throw new Error(`${name} must be a positive number of seconds, got ${value}`);
  return seconds * 1000;
}
