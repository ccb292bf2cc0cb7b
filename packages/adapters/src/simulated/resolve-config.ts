import { type ResolvedSimulatedConfig, SimulatedConfig } from "./config.js";

const HOUR_MS = 3_600_000;
/** how much history a simulated account starts with when its config does not say */
export const SIM_DEFAULT_HISTORY_DAYS = 30;

/**
 * Parses a simulated account's config at registration and fills in what it left out, so the
 * stored config pins the platform down for good: the seed is the account id (one account, one
 * history) and the account opened {@link SIM_DEFAULT_HISTORY_DAYS} days before registration,
 * rounded down to the hour. Answers like `parseProviderConfig` (a zod safe-parse result).
 */
export function resolveSimulatedConfig(config: unknown, ctx: { accountId: string; now: number }) {
  return SimulatedConfig.transform(
    (c): ResolvedSimulatedConfig => ({
      ...c,
      seed: c.seed ?? ctx.accountId,
      start: c.start ?? defaultStart(ctx.now),
    }),
  ).safeParse(config);
}

function defaultStart(now: number): string {
  const opened = now - SIM_DEFAULT_HISTORY_DAYS * 24 * HOUR_MS;
  return new Date(Math.floor(opened / HOUR_MS) * HOUR_MS).toISOString();
}
