// A fresh `pnpm dev` for a check that drives it (the README check, the dashboard's browser
// test): its own free ports and state directory, so it runs beside a `pnpm dev` of yours, and
// stopped with everything it started.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

/** A port free right now. */
export async function freePort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

/** Process groups of stacks still running: a check stopped by a signal takes them with it. */
const running = new Set();
let handlersInstalled = false;

function killRunning() {
  for (const pid of running) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  running.clear();
}

/** A stack is detached (its own process group), so a check's death would not end it unasked. */
function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.once("exit", killRunning);
  for (const [sig, n] of [
    ["SIGINT", 2],
    ["SIGTERM", 15],
    ["SIGHUP", 1],
  ])
    process.once(sig, () => {
      killRunning();
      process.exit(128 + n);
    });
}

/**
 * Starts `pnpm dev` and waits for its banner; `stop()` ends it and removes its state. A restart
 * check passes its own `persist` directory (kept by `stop({ keepState: true })`) and `ports`, so
 * a second start finds the first one's state and stand-ins where the accounts expect them.
 */
export async function startDevStack({ timeoutMs = 120_000, persist: given, ports = {} } = {}) {
  const port = ports.api ?? (await freePort());
  const persist = given ?? mkdtempSync(join(tmpdir(), "pm-dev-"));
  const dev = spawn(process.execPath, [join(root, "tools/dev/dev.mjs")], {
    cwd: root,
    env: {
      ...process.env,
      PERSIST_DIR: persist,
      PORT: String(port),
      FAKE_BINANCE_PORT: String(ports.binance ?? 0),
      ANVIL_PORT: String(ports.anvil ?? 0),
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  installHandlers();
  running.add(dev.pid);
  let log = "";
  dev.stdout.on("data", (d) => {
    log += d;
  });
  dev.stderr.on("data", (d) => {
    log += d;
  });
  /** Stops pnpm dev and everything it started (its process group): politely, then for sure. */
  const stop = async ({ keepState = false } = {}) => {
    const signal = (sig) => {
      try {
        process.kill(-dev.pid, sig);
      } catch {
        // already gone
      }
    };
    signal("SIGTERM");
    for (let i = 0; i < 50 && dev.exitCode === null && dev.signalCode === null; i++)
      await new Promise((r) => setTimeout(r, 100));
    signal("SIGKILL");
    running.delete(dev.pid);
    if (!keepState) rmSync(persist, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (!log.includes("Portfolio Manager is running")) {
    if (dev.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`pnpm dev did not come up on port ${port}:\n${log.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { port, persist, base: `http://127.0.0.1:${port}`, log: () => log, stop };
}
