// Builds the dashboard into the API worker's static assets (apps/api/public): index.html at /,
// one bundled script and one stylesheet (esbuild; Preact and uPlot inside). Run by the API's
// scripts/build-assets.mjs, so `pnpm dev`, the tests and a deploy serve it.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const web = import.meta.dirname;
const out = join(web, "../api/public");
mkdirSync(join(out, "app"), { recursive: true });
await build({
  entryPoints: [join(web, "src/main.tsx")],
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  jsx: "automatic",
  jsxImportSource: "preact",
  outfile: join(out, "app/app.js"),
  logLevel: "error",
});
const uplotCss = readFileSync(join(web, "node_modules/uplot/dist/uPlot.min.css"), "utf8");
writeFileSync(
  join(out, "app/app.css"),
  uplotCss + readFileSync(join(web, "src/styles.css"), "utf8"),
);
copyFileSync(join(web, "src/index.html"), join(out, "index.html"));
