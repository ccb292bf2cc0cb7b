import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";

/** The anvil binary shipped inside @foundry-rs/anvil's platform package (no download). */
export function anvilPath(): string {
  const req = createRequire(import.meta.resolve("@foundry-rs/anvil/package.json"));
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  return req.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/bin/anvil`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Anvil {
  rpcUrl: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts anvil on 127.0.0.1 and waits until it answers eth_chainId. */
export async function startAnvil(
  opts: {
    port?: number;
    blockTime?: number;
    unref?: boolean;
    stateFile?: string;
    /** the genesis block's time (epoch seconds): a chain whose history lies in the past */
    timestamp?: number;
    /** each dev account's ETH at genesis (anvil's 10,000 by default) */
    balance?: number;
  } = {},
): Promise<Anvil> {
  const port = opts.port || (await freePort());
  const args = ["--host", "127.0.0.1", "--port", String(port), "--silent", "--chain-id", "31337"];
  // an archive node: every block's state stays readable (anvil keeps a few thousand by default);
  // the RPC proxy's proxy_prune plays a full node that forgets them
  args.push("--max-persisted-states", "1000000");
  if (opts.blockTime) args.push("--block-time", String(opts.blockTime));
  if (opts.timestamp !== undefined) args.push("--timestamp", String(opts.timestamp));
  if (opts.balance !== undefined) args.push("--balance", String(opts.balance));
  // loads the chain from the file when it exists and writes it back on exit and every 10 s (a
  // machine that stops without a clean exit loses at most that); with every past block's state,
  // else a restarted chain answers BlockOutOfRangeError below its last block and an account
  // that reads its history (balances at a block, logs' effects) fails for good
  if (opts.stateFile)
    args.push("--state", opts.stateFile, "--state-interval", "10", "--preserve-historical-states");
  const child = spawn(anvilPath(), args, { stdio: ["ignore", "ignore", "inherit"] });
  // tests let their process end without waiting for the chain; the chain goes with it
  if (opts.unref) {
    child.unref();
    process.once("exit", () => child.kill("SIGTERM"));
  }
  const rpcUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`anvil exited with ${child.exitCode}`);
    try {
      const r = await fetch(rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}',
      });
      if (r.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error("anvil did not start within 15 s");
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    rpcUrl,
    port,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
