// CPU time of the workerd process(es) from /proc/<pid>/stat (utime + stime, all threads).
// This is process CPU: the workers, their Durable Objects, local D1 and the rate limiter all
// run inside the one workerd process, so it is everything the runtime spent, not one isolate.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface Stat {
  pid: number;
  comm: string;
  ppid: number;
  cpuTicks: number;
}

function readStat(pid: number): Stat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ")"
  const close = text.lastIndexOf(")");
  const comm = text.slice(text.indexOf("(") + 1, close);
  const fields = text.slice(close + 2).split(" ");
  // fields[0] is field 3 (state); utime and stime are fields 14 and 15
  return {
    pid,
    comm,
    ppid: Number(fields[1]),
    cpuTicks: Number(fields[11]) + Number(fields[12]),
  };
}

/** The workerd processes descended from this one (Miniflare spawns workerd as a child). */
export function findWorkerdPids(root: number = process.pid): number[] {
  const stats = readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map((d) => readStat(Number(d)))
    .filter((s): s is Stat => s !== null);
  const children = new Map<number, Stat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const c of children.get(pid) ?? []) {
      if (c.comm.includes("workerd")) found.push(c.pid);
      walk(c.pid);
    }
  };
  walk(root);
  return found;
}

/** Summed utime + stime of the processes, in milliseconds. */
export function processCpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const s = readStat(pid);
    if (!s) throw new Error(`workerd process ${pid} is gone`);
    ticks += s.cpuTicks;
  }
  return (ticks * 1000) / CLOCK_TICKS;
}

export const cpuTickMs = 1000 / CLOCK_TICKS;
