// The dashboard in a real browser: Debian's Chromium (/usr/bin/chromium, installed by .ci/run
// with apt; playwright-core downloads none) driven by playwright-core against a fresh `pnpm dev`
// and its demo portfolio. Each check compares what a page shows with the API's own JSON, or
// that a chart drew; a screenshot of every page is kept in tools/web-e2e/artifacts (evidence,
// not assertions). Prints "N passed, M failed" like the README check.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { DEV_API_KEY } from "../dev/dev-key.mjs";
import { startDevStack } from "../dev/dev-stack.mjs";

const DEV_KEY = DEV_API_KEY;
const LOCALE = "en-US";
const artifacts = join(import.meta.dirname, "artifacts");
mkdirSync(artifacts, { recursive: true });

const results = [];
async function check(name, f) {
  try {
    await f();
    results.push({ name, ok: true });
    console.log(`✓ ${name}`);
  } catch (err) {
    results.push({ name, ok: false });
    console.log(
      `✗ ${name}\n  ${String(err?.stack ?? err)
        .split("\n")
        .slice(0, 6)
        .join("\n  ")}`,
    );
  }
}
function expectEqual(actual, expected, what) {
  if (actual !== expected)
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
function expectTrue(cond, what) {
  if (!cond) throw new Error(what);
}

const money = (v, base) =>
  new Intl.NumberFormat(LOCALE, { style: "currency", currency: base }).format(Number(v));

let dev = null;
let browser = null;
try {
  dev = await startDevStack();
  const api = async (path) => {
    const r = await fetch(`${dev.base}${path}`, {
      headers: { authorization: `Bearer ${DEV_KEY}` },
    });
    return r.json();
  };
  // the demo's first syncs and its history rebuild run behind pnpm dev's banner: wait for them
  for (let i = 0; i < 120; i++) {
    const list = await api("/v1/accounts?limit=100");
    const views = await Promise.all(list.data.map((a) => api(`/v1/accounts/${a.id}`)));
    if (
      views.every((v) => v.sync.historyComplete) &&
      views.some((v) => v.backfill?.state === "done")
    )
      break;
    await new Promise((r) => setTimeout(r, 1000));
  }

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const context = await browser.newContext({
    locale: LOCALE,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  const shot = (name) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  /** waits (up to 15 s) until a chart canvas on the page has a drawn pixel; false if none does */
  const chartDrew = () =>
    page
      .waitForFunction(
        () =>
          [...document.querySelectorAll(".chart canvas")].some((c) => {
            const ctx = c.getContext("2d");
            if (!ctx || c.width === 0 || c.height === 0) return false;
            const px = ctx.getImageData(0, 0, c.width, c.height).data;
            for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) return true;
            return false;
          }),
        null,
        { timeout: 15_000 },
      )
      .then(
        () => true,
        () => false,
      );

  await check("a wrong key shows the API's error and stays signed out", async () => {
    await page.goto(dev.base);
    await page.fill("input[name=apiKey]", "pm_wrong_key");
    await page.click("button[type=submit]");
    const alert = await page.locator("[role=alert]").textContent();
    expectTrue(alert.includes("UNAUTHORIZED"), `the alert says ${alert}`);
    await shot("sign-in-error");
  });

  await check("signs in and shows the portfolio's value as the API answers it", async () => {
    await page.fill("input[name=apiKey]", DEV_KEY);
    await page.click("button[type=submit]");
    await page.waitForSelector("[data-testid=value-now]");
    const shown = await page.locator("[data-testid=value-now]").textContent();
    const p = await api("/v1/portfolio?base=USD");
    // the value moves with every price tick: the page's reading and the API's a moment apart
    const n = (s) => Number(s.replace(/[^0-9.-]/g, ""));
    expectTrue(
      Math.abs(n(shown) - Number(p.total)) / Number(p.total) < 0.01,
      `the page shows ${shown}, the API ${p.total}`,
    );
    await shot("overview");
  });

  await check("draws the value over time", async () => {
    await page.getByRole("button", { name: "all", exact: true }).click();
    await page.waitForSelector("text=Time-weighted return (all)");
    expectTrue(await chartDrew(), "the value chart's canvas is blank");
  });

  await check("shows the time-weighted return the metrics route answers", async () => {
    // the page's figure was read after the API's first answer; the demo moves on meanwhile,
    // so the page must show the API's answer before or after it
    const twr = async () => {
      const m = await api("/v1/portfolio/metrics?period=all&base=USD");
      return m.twr.total === null
        ? "—"
        : new Intl.NumberFormat(LOCALE, {
            style: "percent",
            minimumFractionDigits: 2,
            maximumFractionDigits: 2,
          }).format(m.twr.total);
    };
    const before = await twr();
    await page.reload();
    await page.getByRole("button", { name: "all", exact: true }).click();
    await page.waitForSelector("text=Time-weighted return (all)");
    const shown = await page.locator("[data-testid=twr]").textContent();
    const after = await twr();
    expectTrue(
      shown === before || shown === after,
      `TWR: the page shows ${shown}, the API ${before} then ${after}`,
    );
  });

  await check("lists the allocation by asset as the portfolio route does", async () => {
    await page.goto(`${dev.base}/#/allocation`);
    await page.waitForSelector("[data-testid=by-asset]");
    const rows = await page.locator("[data-testid=by-asset] tr").count();
    const p = await api("/v1/portfolio?base=USD");
    expectEqual(rows, p.assets.filter((a) => a.value !== null).length, "asset rows");
    await page.waitForSelector("[data-testid=by-platform]");
    await shot("allocation");
  });

  await check("draws the drawdowns and lists the risk table", async () => {
    await page.goto(`${dev.base}/#/risk`);
    await page.getByRole("button", { name: "all", exact: true }).click();
    await page.waitForSelector("[data-testid=risk-table]");
    const rows = await page.locator("[data-testid=risk-table] tr").count();
    const m = await api("/v1/portfolio/metrics?period=all&base=USD");
    expectEqual(rows, Object.keys(m.risk).length, "risk rows");
    expectTrue(await chartDrew(), "the drawdown chart's canvas is blank");
    await shot("risk");
  });

  await check("tabulates returns by month", async () => {
    await page.goto(`${dev.base}/#/returns`);
    await page.waitForSelector("[data-testid=calendar]");
    const year = String(new Date().getUTCFullYear());
    expectTrue(
      (await page.locator("[data-testid=calendar] tbody").textContent()).includes(year),
      "this year has no row",
    );
    await shot("returns");
  });

  await check("shows each account's sync state as the API does", async () => {
    const list = await api("/v1/accounts?limit=100");
    // an account may start or end a sync meanwhile: the page's states must match the API's,
    // read just before the page loads or just after it shows them
    const states = async () =>
      (
        await Promise.all(
          list.data.map(async (a) => (await api(`/v1/accounts/${a.id}`)).sync.state),
        )
      )
        .sort()
        .join(",");
    const before = await states();
    await page.goto(`${dev.base}/#/accounts`);
    await page.waitForFunction(
      (n) => document.querySelectorAll("[data-testid=sync-state]").length === n,
      list.data.length,
    );
    const shown = (await page.locator("[data-testid=sync-state]").allTextContents())
      .sort()
      .join(",");
    const after = await states();
    expectTrue(
      shown === before || shown === after,
      `sync states: the page shows ${shown}, the API ${before} then ${after}`,
    );
    await shot("accounts");
  });

  await check("pages through an account's transactions", async () => {
    await page.goto(`${dev.base}/#/transactions`);
    await page.waitForSelector("[data-testid=transactions]");
    const rows = await page.locator("[data-testid=transactions] tbody tr").count();
    expectTrue(rows > 0, "no transaction rows");
    await shot("transactions");
  });

  await check("shows the realised P&L the API answers, and downloads the tax CSV", async () => {
    // the demo's trading bot keeps trading: the API is read before the page loads and after
    // it shows its figure, and the page must show one of the two answers
    const realised = async () =>
      money((await api("/v1/portfolio/pnl?method=fifo&base=USD")).totals.realised, "USD");
    const before = await realised();
    await page.goto(`${dev.base}/#/tax`);
    await page.waitForSelector("[data-testid=pnl-realised]");
    const shown = await page.locator("[data-testid=pnl-realised]").textContent();
    const after = await realised();
    expectTrue(
      shown === before || shown === after,
      `realised: the page shows ${shown}, the API ${before} then ${after}`,
    );
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click("[data-testid=csv]"),
    ]);
    const file = join(artifacts, download.suggestedFilename());
    await download.saveAs(file);
    const csv = readFileSync(file, "utf8");
    expectTrue(
      csv.startsWith("Description,Date acquired,Date sold,Proceeds,Cost,Gain or loss,Term\n"),
      `the CSV starts ${csv.slice(0, 80)}`,
    );
    await shot("tax");
  });

  await check("fits a phone's screen", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${dev.base}/#/overview`);
    await page.waitForSelector("[data-testid=value-now]");
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expectTrue(overflow <= 1, `the page is ${overflow}px wider than the screen`);
    await shot("overview-phone");
  });
} catch (err) {
  results.push({ name: "setup", ok: false });
  console.log(`✗ setup: ${err?.stack ?? err}`);
} finally {
  await browser?.close();
  await dev?.stop();
}
const passed = results.filter((r) => r.ok).length;
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exitCode = passed === results.length ? 0 : 1;
