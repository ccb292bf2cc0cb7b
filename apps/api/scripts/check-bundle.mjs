// What the API worker ships: bundled by wrangler as `wrangler deploy` would (a dry run), then
// checked module by module (the unminified bundle names each module it holds in a comment).
// The API serves HTTP and calls the account objects over RPC: it must carry neither the EVM
// adapter (viem and its ABIs belong to the sync worker) nor zod's 40-odd translations
// (patches/zod@4.6.7.patch keeps `z.locales` to English).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const api = resolve(import.meta.dirname, "..");
const out = mkdtempSync(join(tmpdir(), "pm-api-bundle-"));
try {
  const wrangler = join(api, "../../node_modules/.bin/wrangler");
  const r = spawnSync(wrangler, ["deploy", "--dry-run", "--outdir", out], {
    cwd: api,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  if (r.status !== 0)
    throw new Error(`wrangler deploy --dry-run failed:\n${r.stdout}\n${r.stderr}`);
  const code = readFileSync(join(out, "index.js"));
  const modules = [...code.toString("utf8").matchAll(/^\/\/ (\S+\.[cm]?[jt]s)$/gm)].map(
    (m) => m[1],
  );
  const checks = [
    {
      what: "no EVM adapter code (viem, abitype, @noble, the EVM adapter beyond its config schema)",
      bad: modules.filter(
        (m) =>
          /node_modules\/(viem|abitype|@noble)\//.test(m) ||
          (/adapters\/src\/evm\//.test(m) && !/evm\/(config|credentials)\.ts$/.test(m)),
      ),
    },
    {
      what: "no zod locale but English",
      bad: modules.filter(
        (m) => /zod\/v4\/locales\//.test(m) && !/locales\/(en|english-only)\.js$/.test(m),
      ),
    },
  ];
  if (modules.length < 100) throw new Error(`found only ${modules.length} modules in the bundle`);
  let failed = 0;
  for (const c of checks) {
    if (c.bad.length === 0) console.log(`bundle check: ${c.what}: ok`);
    else {
      failed++;
      console.error(`bundle check: ${c.what}: found\n  ${c.bad.join("\n  ")}`);
    }
  }
  console.log(
    `the API bundle: ${code.length} bytes, ${gzipSync(code).length} gzipped, ${modules.length} modules`,
  );
  console.log(`${checks.length - failed} passed, ${failed} failed`);
  if (failed) process.exitCode = 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
