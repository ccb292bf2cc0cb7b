// `pnpm dev`: both workers on local D1 and Durable Objects, migrations applied, a demo
// portfolio registered, and a banner saying where the API listens and which key to use.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DEV_API_KEY } from "./dev-key.mjs";
import { evmAccountBody } from "./evm-account.mjs";

const root = resolve(import.meta.dirname, "../..");
const wrangler = join(root, "node_modules/.bin/wrangler");
const persist = resolve(root, process.env.PERSIST_DIR ?? ".wrangler/state");
const port = Number(process.env.PORT ?? 8787);
const base = `http://127.0.0.1:${port}`;

function ensureDevVars() {
  const apiVars = join(root, "apps/api/.dev.vars");
  if (!existsSync(apiVars)) {
    const sha256 = createHash("sha256").update(DEV_API_KEY).digest("hex");
    writeFileSync(
      apiVars,
      `API_KEYS='${JSON.stringify([{ id: "key_dev", sha256, scopes: ["read", "trade", "admin"] }])}'\n`,
    );
  }
  if (!readFileSync(apiVars, "utf8").includes("ACCOUNT_ID_KEY"))
    writeFileSync(
      apiVars,
      `${readFileSync(apiVars, "utf8")}ACCOUNT_ID_KEY=${randomBytes(32).toString("base64url")}\n`,
    );
  if (!readFileSync(apiVars, "utf8").includes("ALCHEMY_SIGNING_KEYS"))
    writeFileSync(
      apiVars,
      `${readFileSync(apiVars, "utf8")}ALCHEMY_SIGNING_KEYS=whsec_dev_local_only_0000000000\n`,
    );
  const syncVars = join(root, "apps/sync/.dev.vars");
  if (!existsSync(syncVars) || !readFileSync(syncVars, "utf8").includes("CREDENTIALS_KEY")) {
    writeFileSync(
      syncVars,
      `CREDENTIALS_KEY=k1:${randomBytes(32).toString("base64")}\nSYNC_INTERVAL_SECONDS_CEX=30\nSYNC_INTERVAL_SECONDS_DEX=30\n`,
    );
  }
}

/** Sets one variable in a worker's .dev.vars (replacing its line, or adding one). */
function setDevVar(file, name, value) {
  const lines = (existsSync(file) ? readFileSync(file, "utf8") : "")
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith(`${name}=`));
  writeFileSync(file, `${[...lines, `${name}=${value}`].join("\n")}\n`);
}

function applyMigrations() {
  const r = spawnSync(
    wrangler,
    [
      "d1",
      "migrations",
      "apply",
      "portfolio",
      "--local",
      "-c",
      "apps/api/wrangler.jsonc",
      "--persist-to",
      persist,
    ],
    {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" },
    },
  );
  if (r.status !== 0) throw new Error("applying D1 migrations failed");
}

async function waitForHealth(child, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${base}/health`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the API did not answer on ${base}/health within ${timeoutMs / 1000}s`);
}

async function call(method, path, body) {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${DEV_API_KEY}`,
      ...(body ? { "content-type": "application/json" } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = await r.json();
  if (!r.ok) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(json)}`);
  return json;
}

/** Runs a stand-in under the repo's Node 22 (TypeScript natively) and reads its first JSON line. */
async function startStandIn(script, args) {
  const node22 = join(root, "node_modules/.bin/node");
  // stdin is a pipe only so that the stand-in exits when this process does
  const child = spawn(
    existsSync(node22) ? node22 : process.execPath,
    [join(root, script), ...args, "--exit-with-parent"],
    {
      cwd: root,
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  let out = "";
  const line = await new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += d;
      const nl = out.indexOf("\n");
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { child, ...JSON.parse(line) };
}

/** The local Binance (tools/fake-binance). */
const startFakeBinance = () =>
  startStandIn("tools/fake-binance/src/main.ts", [
    "--port",
    process.env.FAKE_BINANCE_PORT ?? "9123",
    "--seed",
    "demo",
  ]);

/** A local EVM chain with tokens and Uniswap positions (tools/evm-chain), kept with the dev state. */
const startChain = () =>
  startStandIn("tools/evm-chain/src/main.ts", [
    "--port",
    process.env.ANVIL_PORT ?? "8545",
    "--state-dir",
    join(persist, "anvil"),
  ]);

const DAY = 86_400_000;
const demoAccounts = [
  {
    name: "Demo spot account",
    seed: "demo-spot",
    days: 30,
    stepSeconds: 3600,
    assets: ["BTC", "ETH", "SOL"],
  },
  {
    name: "Demo trading bot",
    seed: "demo-bot",
    days: 7,
    stepSeconds: 600,
    assets: ["BTC", "DOGE"],
  },
];

async function seedDemo(binance, chain) {
  const existing = await call("GET", "/v1/accounts?limit=100");
  const names = new Set(existing.data.map((a) => a.name));
  if (!names.has("Demo EVM wallet")) {
    await call(
      "POST",
      "/v1/accounts",
      evmAccountBody("Demo EVM wallet", chain, chain.wallet, {
        uniswapV3PositionManager: chain.v3.positionManager,
        uniswapV3Factory: chain.v3.factory,
        quoteToken: chain.tokens.USDC,
        pricePools: [
          { version: "v3", address: chain.v3.pool },
          { version: "v2", address: chain.v2.pair },
        ],
        confirmations: 2,
      }),
    );
  }
  if (!names.has("Demo Binance account")) {
    await call("POST", "/v1/accounts", {
      name: "Demo Binance account",
      provider: "binance",
      config: {
        baseUrl: binance.url,
        futuresBaseUrl: binance.url,
        // the local Binance's WebSocket API: the demo account holds its user data stream
        wsApiUrl: `${binance.url.replace("http", "ws")}/ws-api/v3`,
        historyStart: binance.historyStart,
      },
      credentials: { apiKey: binance.apiKey, apiSecret: binance.apiSecret },
    });
  }
  for (const d of demoAccounts) {
    if (names.has(d.name)) continue;
    const start = new Date(Math.floor((Date.now() - d.days * DAY) / DAY) * DAY).toISOString();
    await call("POST", "/v1/accounts", {
      name: d.name,
      provider: "simulated",
      config: { seed: d.seed, start, stepSeconds: d.stepSeconds, assets: d.assets },
    });
  }
  const accounts = await call("GET", "/v1/accounts?limit=100");
  // the simulated accounts sync at once; the Binance one walks its history over the next
  // minute or two on its alarm, pacing itself within Binance's weight limits
  for (const a of accounts.data)
    if (a.provider === "simulated") await call("POST", `/v1/accounts/${a.id}/sync`);
  // a first portfolio snapshot now; the sync worker's cron adds one every hour
  await call("POST", "/v1/portfolio/snapshots");
  return accounts.data;
}

function banner(accounts, binance, chain) {
  const lines = [
    "",
    `  Portfolio Manager is running (local D1 and Durable Objects, state in ${persist})`,
    "",
    `  API          ${base}`,
    `  API key      ${DEV_API_KEY}    (dev only: read, trade, admin)`,
    `  OpenAPI      ${base}/openapi.json`,
    "",
    "  Demo accounts (syncing every 30 s):",
    ...accounts.map((a) => `    ${a.id}  ${a.name}  (${a.provider})`),
    `  Local Binance: ${binance.url} (protocol-faithful stand-in; its history syncs in the background)`,
    `  Local chain:   ${chain.rpcUrl} (anvil, chain 31337; wallet ${chain.wallet} with Uniswap V2/V3 positions)`,
    "",
    `  Try:  curl -s -H 'Authorization: Bearer ${DEV_API_KEY}' ${base}/v1/portfolio`,
    `  Dashboard: ${base}/   API reference: ${base}/docs`,
    "  Snapshots: one now, then at the top of every hour (the cron, fired by this runner); metrics fill in as days of snapshots accumulate.",
    "",
  ];
  console.log(lines.join("\n"));
}

async function main() {
  ensureDevVars();
  applyMigrations();
  // the API worker's static assets (the API reference's bundle at /docs)
  execFileSync(process.execPath, [join(root, "apps/api/scripts/build-assets.mjs")], {
    stdio: "inherit",
  });
  const binance = await startFakeBinance();
  // the price service reads the local Binance's market data (Binance's own in production)
  setDevVar(join(root, "apps/sync/.dev.vars"), "PRICE_BINANCE_URL", binance.url);
  const chain = await startChain();
  const child = spawn(
    wrangler,
    [
      "dev",
      "-c",
      "apps/api/wrangler.jsonc",
      "-c",
      "apps/sync/wrangler.jsonc",
      "--persist-to",
      persist,
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--show-interactive-dev-session=false",
      // wrangler dev runs no cron by itself: /__scheduled lets the runner fire the hourly one
      "--test-scheduled",
    ],
    {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    },
  );
  const stop = () => {
    child.kill("SIGTERM");
    binance.child.kill("SIGTERM");
    chain.child.kill("SIGTERM");
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", (code) => {
    binance.child.kill("SIGTERM");
    chain.child.kill("SIGTERM");
    process.exit(code ?? 0);
  });
  await waitForHealth(child);
  banner(await seedDemo(binance, chain), binance, chain);
  hourlySnapshots();
}

/**
 * The sync worker's cron (`0 * * * *`) as production runs it: at the top of every hour the
 * scheduled event goes to the session (wrangler delivers it to the API worker, whose handler
 * runs the same snapshot job).
 */
function hourlySnapshots() {
  const fire = () =>
    fetch(`${base}/__scheduled?cron=${encodeURIComponent("0 * * * *")}`).catch((err) =>
      console.error(`pnpm dev: the hourly snapshot could not be triggered: ${err.message}`),
    );
  const untilNextHour = 3_600_000 - (Date.now() % 3_600_000);
  setTimeout(() => {
    fire();
    setInterval(fire, 3_600_000).unref();
  }, untilNextHour).unref();
}

main().catch((err) => {
  console.error(`pnpm dev failed: ${err.message}`);
  process.exit(1);
});
