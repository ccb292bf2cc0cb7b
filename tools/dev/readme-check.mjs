// Runs the README's "Try it" examples verbatim, in bash, against a fresh `pnpm dev`, and checks
// what they print. If the README and the product drift apart, `pnpm test` fails.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startDevStack } from "./dev-stack.mjs";

const root = resolve(import.meta.dirname, "../..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const section = readme.split(/^## Try it$/m)[1]?.split(/^## /m)[0];
if (!section) throw new Error("README has no '## Try it' section");
const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
if (blocks.length < 5)
  throw new Error(`expected the README's curl examples, found ${blocks.length} blocks`);

function expectIn(output, needle, what) {
  if (!output.includes(needle))
    throw new Error(`README example output lacks ${what} (${needle}):\n${output}`);
}

let dev = null;
try {
  dev = await startDevStack();
  const port = dev.port;
  // the README's address, on the port this check chose
  const script = `set -euo pipefail\n${blocks.join("\n")}`.replaceAll(
    "http://127.0.0.1:8787",
    `http://127.0.0.1:${port}`,
  );
  const run = spawnSync("bash", ["-c", script], { encoding: "utf8", timeout: 120_000 });
  const out = `${run.stdout}\n${run.stderr}`;
  if (run.status !== 0) throw new Error(`README examples failed (exit ${run.status}):\n${out}`);
  expectIn(out, '"state":"idle"', "a completed sync");
  expectIn(out, '"txId":"my-bot-fill-1"', "the recorded fill");
  expectIn(out, '"ref":"my-order-7","createdAt"', "the hold, listed");
  expectIn(out, '"base":"USD"', "the portfolio");
  expectIn(out, '"backfill":{"state":', "the account's rebuild progress");
  expectIn(out, '"written":', "a snapshot taken");
  expectIn(out, '"periodsPerYear":365', "the metrics and their conventions");
  expectIn(out, '"ok":true,"violations":[]', "an accepted trade check");
  expectIn(out, '"code":"INSUFFICIENT_FUNDS"', "a rejected trade check");
  console.log(
    `README check: ${blocks.length} example blocks ran against pnpm dev and answered as documented`,
  );
  console.log("1 passed, 0 failed");
} catch (err) {
  console.error(err.message);
  console.log("0 passed, 1 failed");
  process.exitCode = 1;
} finally {
  await dev?.stop();
}
