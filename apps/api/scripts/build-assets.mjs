// Builds the API worker's static assets into apps/api/public (not committed): the dashboard
// (apps/web, at /) and the API reference's browser bundle (Scalar's standalone build, served at
// /assets/… so /docs works with no CDN). `pnpm dev`, the tests and a deploy run it first.
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const app = join(import.meta.dirname, "..");
// the package exports no path to its browser build: it is read where pnpm linked the package
const scalar = join(app, "node_modules/@scalar/api-reference/dist/browser/standalone.js");
const out = join(app, "public/assets");
mkdirSync(out, { recursive: true });
copyFileSync(scalar, join(out, "scalar-api-reference.js"));
// the dashboard, built by its own script
await import("../../web/build.mjs");
