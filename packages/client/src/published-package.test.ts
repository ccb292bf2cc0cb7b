import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The package as npm would ship it: `pnpm pack` (which builds dist/ first), unpacked into a
 * consumer's node_modules beside its one dependency, then compiled against and run the way a
 * user outside this monorepo would, with Node's own resolution and no TypeScript sources.
 */
/** a compiler or Node started as a process: seconds on a loaded 2-core machine, not milliseconds */
const PROCESS_TIMEOUT = 60_000;
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const tsc = join(packageDir, "node_modules", ".bin", "tsc");
let consumer = "";

beforeAll(() => {
  consumer = mkdtempSync(join(tmpdir(), "pm-client-consumer-"));
  const packs = join(consumer, "packs");
  mkdirSync(packs);
  execFileSync("pnpm", ["pack", "--pack-destination", packs], { cwd: packageDir, stdio: "pipe" });
  const tarball = readdirSync(packs).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("pnpm pack wrote no tarball");
  const installed = join(consumer, "node_modules", "@portfolio", "client");
  mkdirSync(installed, { recursive: true });
  execFileSync("tar", ["xzf", join(packs, tarball), "-C", installed, "--strip-components=1"]);
  symlinkSync(
    join(packageDir, "node_modules", "openapi-fetch"),
    join(consumer, "node_modules", "openapi-fetch"),
  );
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ type: "module" }));
  writeFileSync(
    join(consumer, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: "NodeNext",
        moduleResolution: "NodeNext",
        target: "ES2023",
        lib: ["ES2023", "DOM"],
        noEmit: true,
        types: [],
      },
      include: ["use.ts"],
    }),
  );
}, PROCESS_TIMEOUT);

afterAll(() => {
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

function typecheck(source: string) {
  writeFileSync(join(consumer, "use.ts"), source);
  return spawnSync(tsc, ["-p", consumer], { cwd: consumer, encoding: "utf8" });
}

describe("the packed @portfolio/client", () => {
  it(
    "type-checks a consumer's call against the shipped declarations",
    () => {
      const r = typecheck(`
      import { createPortfolioClient, type Schemas } from "@portfolio/client";
      const pm = createPortfolioClient({ baseUrl: "https://pm.example.com", apiKey: "k" });
      export async function free(id: string): Promise<string | undefined> {
        const { data } = await pm.GET("/v1/accounts/{id}/balances", { params: { path: { id } } });
        const first: Schemas["Balances"]["balances"][number] | undefined = data?.balances[0];
        return first?.free;
      }
    `);
      expect(r.stdout + r.stderr).toBe("");
      expect(r.status).toBe(0);
    },
    PROCESS_TIMEOUT,
  );

  it(
    "rejects a path the document does not have",
    () => {
      const r = typecheck(`
      import { createPortfolioClient } from "@portfolio/client";
      const pm = createPortfolioClient({ baseUrl: "https://pm.example.com", apiKey: "k" });
      export const x = pm.GET("/v1/no-such-route", {});
    `);
      expect(r.status).not.toBe(0);
      expect(r.stdout).toMatch(/use\.ts\(4,\d+\): error TS\d+: .*"\/v1\/no-such-route"/);
    },
    PROCESS_TIMEOUT,
  );

  it(
    "runs from its built JavaScript, sending the key to the base URL",
    () => {
      const script = `
      import { createPortfolioClient } from "@portfolio/client";
      const seen = [];
      const pm = createPortfolioClient({
        baseUrl: "https://pm.example.com/",
        apiKey: "pm_key",
        fetch: async (req) => { seen.push(req); return Response.json({ status: "ok" }); },
      });
      const { data } = await pm.GET("/health");
      console.log(JSON.stringify({ url: seen[0].url, auth: seen[0].headers.get("authorization"), data }));
    `;
      writeFileSync(join(consumer, "run.mjs"), script);
      const out = execFileSync("node", ["run.mjs"], { cwd: consumer, encoding: "utf8" });
      expect(JSON.parse(out)).toEqual({
        url: "https://pm.example.com/health",
        auth: "Bearer pm_key",
        data: { status: "ok" },
      });
    },
    PROCESS_TIMEOUT,
  );
});
