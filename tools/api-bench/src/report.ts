// The table on stdout and the JSON in results/latest.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { HeavySyncResult } from "./heavy-sync.ts";
import type { LoadResult } from "./load.ts";

export interface Row {
  scenario: string;
  scenarioId: string;
  concurrency: number;
  ours: LoadResult;
  /** the floor of the same shape as ours: worker and object in two scripts, the same body */
  floor: LoadResult;
  /** the worker and the object in one script (one isolate); null in profile mode */
  floorOneIsolate: LoadResult | null;
  /** ours ÷ the floor in requests a second, round by round (null in profile mode) */
  perRoundOpsRatio: number[] | null;
}

const ms = (v: number) => (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));
const ratio = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));
const rate = (v: number) => v.toFixed(0);

export function table(rows: Row[]): string {
  const head = [
    "scenario",
    "conc",
    "ours p50 / p99 ms",
    "floor p50 / p99 ms",
    "p50 ours/floor",
    "ours req/s",
    "floor req/s",
    "req/s ours/floor",
    "per round",
    "ours CPU ms/req",
    "floor CPU ms/req",
    "1-isolate floor p50 ms · req/s",
    "ours/1-isolate p50 · req/s",
  ];
  const body = rows.map((r) => [
    r.scenario,
    String(r.concurrency),
    `${ms(r.ours.latencyMs.p50)} / ${ms(r.ours.latencyMs.p99)}`,
    `${ms(r.floor.latencyMs.p50)} / ${ms(r.floor.latencyMs.p99)}`,
    `${ratio(r.ours.latencyMs.p50 / r.floor.latencyMs.p50)}×`,
    rate(r.ours.opsPerSec),
    rate(r.floor.opsPerSec),
    ratio(r.ours.opsPerSec / r.floor.opsPerSec),
    r.perRoundOpsRatio?.length
      ? `${ratio(Math.min(...r.perRoundOpsRatio))}–${ratio(Math.max(...r.perRoundOpsRatio))}`
      : "-",
    ms(r.ours.workerdCpuMsPerOp),
    ms(r.floor.workerdCpuMsPerOp),
    r.floorOneIsolate
      ? `${ms(r.floorOneIsolate.latencyMs.p50)} · ${rate(r.floorOneIsolate.opsPerSec)}`
      : "-",
    r.floorOneIsolate
      ? `${ratio(r.ours.latencyMs.p50 / r.floorOneIsolate.latencyMs.p50)}× · ${ratio(r.ours.opsPerSec / r.floorOneIsolate.opsPerSec)}`
      : "-",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? "").length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `${"-".repeat(w + 1)}-` : `${"-".repeat(w + 1)}:`)).join("|")}|`;
  return [line(head), rule, ...body.map(line)].join("\n");
}

export function heavySyncSummary(h: HeavySyncResult): string {
  const lat = (l: HeavySyncResult["latencyMs"]) =>
    l ? `p50 ${ms(l.p50)} ms, p99 ${ms(l.p99)} ms, max ${ms(l.max)} ms` : "no checks";
  const refusals = Object.entries(h.refusalCodes)
    .map(([code, n]) => `${code} ${n}`)
    .join(", ");
  const states = Object.entries(h.checksByState)
    .map(([s, n]) => `${s} ${n}`)
    .join(", ");
  return [
    `Trade check during the heaviest sync (simulated, start ${h.config.start}, stepSeconds ${h.config.stepSeconds}; concurrency 1; limit ${h.limitMs / 1000} s):`,
    `  initial sync ${h.initialSyncFinished ? `finished after ${(h.initialSyncMs ?? 0) / 1000} s` : `still running when the bench stopped after ${(h.elapsedMs / 1000).toFixed(1)} s`}; ${h.transactionsInD1 ?? "?"} transactions in D1 by then; workerd busy ${h.workerdCoresBusy.toFixed(2)} cores on average`,
    `  ${h.checks} checks (${h.checksPassed} ok, ${h.checksRefused} refused${refusals ? ` [${refusals}]` : ""}, ${h.checksTimedOut} timed out); all: ${lat(h.latencyMs)}`,
    `  ${h.checksWhileSyncing} checks ran while sync.state was "syncing" (a poll said so during the check, or a sync run ended while it waited): ${lat(h.latencyWhileSyncingMs)}`,
    `  by sync.state around each check: ${states || "none"}; ${h.checksBeforeInitialSyncDone} began before the initial sync was done; ${h.syncRunsEnded} sync runs ended; ${h.polls} status polls (GET /v1/accounts/:id), slowest ${ms(h.pollLatencyMaxMs)} ms`,
  ].join("\n");
}

export function writeJson(path: string, data: unknown) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
}
