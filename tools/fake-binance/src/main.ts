#!/usr/bin/env node
// A local Binance: `node tools/fake-binance/src/main.ts [--port 9123] [--seed demo]`.
import { DEFAULT_API_KEY, startFakeBinance } from "./server.ts";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const fake = await startFakeBinance({
  port: Number(arg("port") ?? 0),
  seed: arg("seed") ?? "demo",
});
// where the scripted account's history begins: an account registered with it as `historyStart`
// walks only the windows that can hold anything (from 2017 it would walk nine years of them)
console.log(
  JSON.stringify({
    url: fake.url,
    apiKey: DEFAULT_API_KEY.key,
    apiSecret: DEFAULT_API_KEY.secret,
    historyStart: new Date(fake.account.start).toISOString(),
  }),
);
process.on("SIGTERM", () => fake.close().then(() => process.exit(0)));
// started by another program with a pipe on stdin: go when it goes
if (process.argv.includes("--exit-with-parent"))
  process.stdin.on("close", () => process.exit(0)).resume();
process.on("SIGINT", () => fake.close().then(() => process.exit(0)));
