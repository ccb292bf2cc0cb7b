#!/usr/bin/env node
// A local chain for `pnpm dev`: `node tools/evm-chain/src/main.ts --port 8545 --state-dir DIR`.
// The first start deploys the fixture; later starts load the saved chain and fixture.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startAnvil } from "./anvil.ts";
import { deployFixture } from "./fixture.ts";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const dir = arg("state-dir");
if (dir) mkdirSync(dir, { recursive: true });
const stateFile = dir ? join(dir, "anvil-state.json") : undefined;
const fixtureFile = dir ? join(dir, "fixture.json") : undefined;
const restored = Boolean(
  stateFile && fixtureFile && existsSync(stateFile) && existsSync(fixtureFile),
);
const anvil = await startAnvil({
  port: Number(arg("port") ?? 0),
  // a wallet a person might hold (the fixture spends about 7 ETH of it), not anvil's 10,000 ETH,
  // which would make the demo portfolio one of $30M of which the dashboard shows nothing else
  balance: 25,
  ...(stateFile ? { stateFile } : {}),
});
const fixture = restored
  ? JSON.parse(readFileSync(fixtureFile as string, "utf8"))
  : await deployFixture(anvil.rpcUrl);
fixture.rpcUrl = anvil.rpcUrl;
if (fixtureFile) writeFileSync(fixtureFile, JSON.stringify(fixture, null, 1));
console.log(JSON.stringify(fixture));
const stop = () => anvil.stop().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
if (process.argv.includes("--exit-with-parent")) process.stdin.on("close", stop).resume();
