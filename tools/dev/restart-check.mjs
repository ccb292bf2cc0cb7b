// `pnpm dev` stopped and started again on the same state: every demo account must come back to
// syncing, the EVM wallet on the restored local chain included (a chain restored without its past
// blocks' state answered BlockOutOfRangeError and sent the wallet into backoff for good).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEV_API_KEY } from "./dev-key.mjs";
import { freePort, startDevStack } from "./dev-stack.mjs";
import { evmAccountBody } from "./evm-account.mjs";

const auth = { authorization: `Bearer ${DEV_API_KEY}` };

async function get(base, path) {
  const r = await fetch(`${base}${path}`, { headers: auth });
  if (!r.ok) throw new Error(`GET ${path} → ${r.status} ${await r.text()}`);
  return r.json();
}

/** The demo accounts once every one has synced after `since` (ms), or an error saying which not. */
async function allSyncedSince(base, since, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { data: list } = await get(base, "/v1/accounts?limit=100");
    const data = await Promise.all(list.map((a) => get(base, `/v1/accounts/${a.id}`)));
    const behind = data.filter(
      (a) => !a.sync.lastSuccessAt || Date.parse(a.sync.lastSuccessAt) < since,
    );
    if (data.length >= 4 && behind.length === 0) return data;
    if (Date.now() > deadline)
      throw new Error(
        `not synced since ${new Date(since).toISOString()}:\n${JSON.stringify(
          behind.map((a) => ({ name: a.name, sync: a.sync })),
          null,
          1,
        )}`,
      );
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

const persist = mkdtempSync(join(tmpdir(), "pm-dev-restart-"));
const ports = { api: await freePort(), binance: await freePort(), anvil: await freePort() };
let dev = null;
try {
  dev = await startDevStack({ persist, ports });
  const first = await allSyncedSince(dev.base, 0, 120_000);
  // the chain writes its state every 10 s and on exit; the stop below is a clean one
  await dev.stop({ keepState: true });
  const restartedAt = Date.now();
  dev = await startDevStack({ persist, ports });
  const again = await allSyncedSince(dev.base, restartedAt, 120_000);
  if (again.length !== first.length)
    throw new Error(`${first.length} accounts before the restart, ${again.length} after`);
  const evm = again.find((a) => a.provider === "evm");
  if (!evm) throw new Error("the demo has no EVM wallet");
  const sync = await fetch(`${dev.base}/v1/accounts/${evm.id}/sync`, {
    method: "POST",
    headers: auth,
  });
  const outcome = await sync.json();
  if (sync.status !== 200 || outcome.sync.state !== "idle" || outcome.sync.attempts !== 0)
    throw new Error(
      `the EVM wallet's sync after the restart: ${sync.status} ${JSON.stringify(outcome)}`,
    );
  // a wallet registered now reads the chain's whole past (its balances and logs at every block
  // since genesis): a chain restored without its past states cannot answer that
  const chain = JSON.parse(readFileSync(join(persist, "anvil", "fixture.json"), "utf8"));
  const created = await fetch(`${dev.base}/v1/accounts`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify(
      evmAccountBody("Registered after the restart", chain, chain.other, { startBlock: 0 }),
    ),
  });
  const newcomer = await created.json();
  if (created.status !== 201)
    throw new Error(`registering after the restart: ${JSON.stringify(newcomer)}`);
  const synced = await fetch(`${dev.base}/v1/accounts/${newcomer.id}/sync`, {
    method: "POST",
    headers: auth,
  });
  const newcomerSync = await synced.json();
  if (synced.status !== 200 || newcomerSync.sync.state !== "idle")
    throw new Error(
      `a wallet registered after the restart: ${synced.status} ${JSON.stringify(newcomerSync)}`,
    );
  const balances = await get(dev.base, `/v1/accounts/${evm.id}/balances`);
  if (!balances.balances.some((b) => b.asset === "ETH" && Number(b.free) > 0))
    throw new Error(`the EVM wallet holds no ETH after the restart: ${JSON.stringify(balances)}`);
  console.log(
    `restart check: ${again.length} demo accounts synced again after pnpm dev restarted on its state, the EVM wallet with no error, and a wallet registered after it read the chain from genesis`,
  );
  console.log("1 passed, 0 failed");
} catch (err) {
  console.error(err.message);
  if (dev) console.error(dev.log().slice(-3000));
  console.log("0 passed, 1 failed");
  process.exitCode = 1;
} finally {
  await dev?.stop();
  rmSync(persist, { recursive: true, force: true });
}
