import { Decimal } from "decimal.js";
import { Hono } from "hono";
import type { HonoEnv } from "../../env.ts";
import { executeFill, type FillRequest, positionEvent } from "../../live-fill.ts";
import { answer, toJson } from "../../respond.ts";
import { ACCOUNT_UID } from "../../script.ts";

/** The scripted account: what it holds, and what happens to it now (credits, fills, delistings). */
export const accountControlRoutes = new Hono<HonoEnv>()
  .all("/summary", (c) => {
    const { fake } = c.var.stand;
    const a = fake.account;
    return answer(
      c,
      200,
      toJson({
        start: a.start,
        trades: [...a.trades.values()].reduce((n, t) => n + t.length, 0),
        tradedSymbols: [...a.trades.keys()].sort(),
        // what moved a balance: credited deposits, completed withdrawals
        deposits: a.deposits.filter((d) => d.status === 1 || d.status === 6).length,
        withdrawals: a.withdrawals.filter((w) => w.status === 6).length,
        pendingDeposits: a.deposits.filter((d) => d.status === 0).map((d) => d.id),
        failedWithdrawals: a.withdrawals.filter((w) => [1, 3, 5].includes(w.status)).length,
        p2p: a.p2p.filter((o) => o.orderStatus === "COMPLETED").length,
        pay: a.pay.length,
        // fiat deposits and withdrawals that moved money, card and fiat-balance buys
        fiat: a.fiatOrders.filter((o) => o.status === "Successful" || o.status === "Finished")
          .length,
        cardBuys: a.fiatPayments.filter((p) => p.status === "Completed").length,
        earnRewards: a.earn.flexibleRewards.length + a.earn.lockedRewards.length,
        converts: a.converts.length,
        dust: a.dribblets.reduce((n, d) => n + d.userAssetDribbletDetails.length, 0),
        dividends: a.dividends.length,
        listed: a.listed.length - fake.delisted.size,
      }),
    );
  })
  .all("/credit-deposit", (c) => {
    // a pending deposit is credited now: status 1, and its amount reaches the balance
    const { fake, realNow } = c.var.stand;
    const now = realNow();
    const id = String(c.var.input.id);
    const d = fake.account.deposits.find((x) => x.id === id && x.status === 0);
    if (!d) return answer(c, 404, toJson({ error: "no pending deposit with that id" }));
    d.status = 1;
    d.completeTime = now;
    d.confirmTimes = "12/12";
    const wallet = d.walletType === 1 ? fake.account.funding : fake.account.spot;
    const cur = wallet.get(d.coin) ?? { free: "0", locked: "0", freeze: "0" };
    wallet.set(d.coin, { ...cur, free: new Decimal(cur.free).add(d.amount).toFixed(8) });
    // a spot deposit is pushed to the user data stream: the delta, then the new position
    if (d.walletType !== 1)
      fake.ws.emit(ACCOUNT_UID, [
        { e: "balanceUpdate", E: now, a: d.coin, d: new Decimal(d.amount).toFixed(8), T: now },
        positionEvent(fake.account, [d.coin], now),
      ]);
    return answer(c, 200, toJson(d));
  })
  .all("/fill", (c) => {
    // a market order of this account fills now: balances, myTrades and the user data stream
    const { fake, realNow } = c.var.stand;
    const { input } = c.var;
    const r = executeFill(fake.account, input as unknown as FillRequest, realNow());
    if (!r.ok) return answer(c, 400, toJson({ error: r.error }));
    const emittedAt = Date.now();
    // `uid`: push to another account's subscriptions instead (a bench's floor relay)
    const uid = typeof input.uid === "number" ? input.uid : ACCOUNT_UID;
    // on the process's monotonic clock too, for a reader in the same process
    const emittedAtHr = performance.now();
    const delivered = fake.ws.emit(uid, r.events);
    return answer(c, 200, toJson({ trade: r.trade, emittedAt, emittedAtHr, delivered }));
  })
  .all("/undelist", (c) => {
    const { fake } = c.var.stand;
    fake.delisted.delete(String(c.var.input.symbol));
    return answer(c, 200, toJson([...fake.delisted]));
  })
  .all("/delist", (c) => {
    const { fake } = c.var.stand;
    fake.delisted.add(String(c.var.input.symbol));
    return answer(c, 200, toJson([...fake.delisted]));
  });
