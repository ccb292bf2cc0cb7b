// The bot-facing operations measured through the API, each beside the floor.
import { BenchFailure, type HttpTarget } from "./http.ts";
import type { Operation } from "./load.ts";

export interface BenchAccounts {
  /** balances, trade checks and reservations */
  main: string;
  /** fills: the first alone, all four at once */
  fills: [string, string, string, string];
}

export interface Scenario {
  id: string;
  name: string;
  /** how many accounts the load spreads over; the floor spreads over as many objects */
  accounts: number;
  op(api: HttpTarget, concurrency: number): Operation;
  /** the body of the scenario's one POST, which the floor then receives too (and reads) */
  floorBody?: unknown;
}

/** Which of `n` accounts an operation goes to: workers split evenly, one worker cycles. */
export const spread = (n: number, concurrency: number, worker: number, seq: number) =>
  n === 1 ? 0 : concurrency >= n ? worker % n : seq % n;

/**
 * The floor's operation: `GET /?object=floor-<i>` on a floor worker, or a POST of `body` when the
 * scenario's request carries one (the floor reads it before it calls its object).
 */
export function floorOp(
  floor: HttpTarget,
  objects: number,
  concurrency: number,
  body?: unknown,
): Operation {
  const paths = Array.from({ length: objects }, (_, i) => `/?object=floor-${i}`);
  const method = body === undefined ? "GET" : "POST";
  return async (w, seq) => {
    const path = paths[spread(objects, concurrency, w, seq)] ?? "/";
    await floor.send({ method, path, body });
  };
}

export function scenarios(acc: BenchAccounts, runId: string): Scenario[] {
  let fills = 0;
  let holds = 0;
  // buys and sells alternate, so the account's balances stay where they were
  const fillBody = (n: number) => ({
    txId: `bench-${runId}-${n}`,
    txType: n % 2 === 0 ? "buy" : "sell",
    asset: "BTC",
    amount: "0.0001",
    price: "60000",
    quoteAsset: "USDT",
    quoteAmount: "6",
    fee: "0",
    feeAsset: "USDT",
    timestamp: new Date().toISOString(),
  });
  const tradeCheck = {
    accountId: acc.main,
    side: "buy",
    base: "BTC",
    quote: "USDT",
    quantity: "0.0001",
    price: "60000",
  };
  const recordFill = async (api: HttpTarget, accountId: string) => {
    const n = fills++;
    const a = await api.send({
      method: "POST",
      path: `/v1/accounts/${accountId}/transactions`,
      body: fillBody(n),
    });
    if (a.status !== 201)
      throw new BenchFailure(`fill ${n} was not created: ${a.status} ${a.text}`);
  };
  return [
    {
      id: "balances",
      name: "GET balances",
      accounts: 1,
      op: (api) => async () => {
        await api.send({ method: "GET", path: `/v1/accounts/${acc.main}/balances` });
      },
    },
    {
      id: "trade-check",
      name: "POST trades/check (passes)",
      accounts: 1,
      op: (api) => async () => {
        const r = await api.json<{ ok: boolean; violations: unknown[] }>({
          method: "POST",
          path: "/v1/trades/check",
          body: tradeCheck,
        });
        if (!r.ok) throw new BenchFailure(`the trade check did not pass: ${JSON.stringify(r)}`);
      },
      floorBody: tradeCheck,
    },
    {
      id: "reserve-release",
      name: "reserve + release (pair)",
      accounts: 1,
      op: (api) => async () => {
        // a ref of its own per hold, as a bot's order id: holds are idempotent by ref
        const ref = `bench-${runId}-rsv-${holds++}`;
        const a = await api.send({
          method: "POST",
          path: `/v1/accounts/${acc.main}/reservations`,
          body: { asset: "USDT", amount: "1", ttlSeconds: 120, ref },
        });
        if (a.status !== 201) throw new BenchFailure(`hold ${ref} was not created: ${a.status}`);
        const held = JSON.parse(a.text) as { id: string };
        await api.send({
          method: "DELETE",
          path: `/v1/accounts/${acc.main}/reservations/${held.id}`,
        });
      },
    },
    {
      id: "fill-1",
      name: "record fill (1 account)",
      accounts: 1,
      op: (api) => () => recordFill(api, acc.fills[0]),
      floorBody: fillBody(0),
    },
    {
      id: "fill-4",
      name: "record fill (4 accounts)",
      accounts: 4,
      op: (api, concurrency) => (w, seq) =>
        recordFill(api, acc.fills[spread(4, concurrency, w, seq)] ?? acc.fills[0]),
      floorBody: fillBody(0),
    },
  ];
}
