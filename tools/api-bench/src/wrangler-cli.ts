// The repo's own wrangler, run as a child process: it bundles each worker exactly as
// `wrangler deploy` would and applies the D1 migrations the way the repo does.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";

const wranglerBin = join(
  dirname(createRequire(import.meta.url).resolve("wrangler/package.json")),
  "bin/wrangler.js",
);

function wrangler(args: string[], cwd: string, logDir: string): string {
  const r = spawnSync(process.execPath, [wranglerBin, ...args], {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      CI: "true",
      WRANGLER_SEND_METRICS: "false",
      WRANGLER_LOG_PATH: logDir,
    },
    timeout: 180_000,
  });
  if (r.status !== 0)
    throw new Error(
      `wrangler ${args.join(" ")} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}\n${r.stderr}`,
    );
  return r.stdout;
}

/**
 * `wrangler deploy --dry-run --outdir`: the worker's deployable bundle. Its entry is named after
 * the config's `main` (src/worker.ts → worker.js); the other files are its modules.
 */
export function bundleWorker(
  root: string,
  configPath: string,
  main: string,
  outdir: string,
  logDir: string,
  sourceMaps = false,
) {
  // `--upload-source-maps` (on by default in this wrangler) writes `<entry>.map` beside the
  // entry; profile mode asks for it explicitly, since it reads the maps
  const maps = sourceMaps ? ["--upload-source-maps"] : [];
  wrangler(["deploy", "--dry-run", "--outdir", outdir, "-c", configPath, ...maps], root, logDir);
  const entry = join(outdir, `${basename(main).replace(/\.[cm]?[jt]s$/, "")}.js`);
  if (!existsSync(entry)) throw new Error(`wrangler wrote no ${entry} for ${configPath}`);
  return entry;
}

/** `wrangler d1 migrations apply --local`, into the state directory the bench's Miniflare reads. */
export function applyD1Migrations(
  root: string,
  configPath: string,
  databaseName: string,
  persistTo: string,
  logDir: string,
) {
  return wrangler(
    [
      "d1",
      "migrations",
      "apply",
      databaseName,
      "--local",
      "-c",
      configPath,
      "--persist-to",
      persistTo,
    ],
    root,
    logDir,
  );
}
