import { Dec } from "../money/decimal.js";
import { MetricInputError } from "./series.js";

export interface PositionTrade {
  date: string;
  side: "buy" | "sell";
  quantity: Dec;
  /** quote per unit */
  price: Dec;
  /** in the quote currency */
  fee?: Dec;
}

export interface PositionPerformance {
  quantity: Dec;
  /** cost per unit of what is still held (fees excluded) */
  averageCost: Dec;
  /** cost basis of what is still held: quantity × averageCost */
  invested: Dec;
  realizedGain: Dec;
  unrealizedGain: Dec;
  fees: Dec;
  /** realized + unrealized − fees */
  netPerformance: Dec;
  /** cost basis averaged over time from the first trade to `asOf` */
  averageInvested: Dec;
  /** netPerformance / averageInvested (float); null when nothing was ever invested over time */
  returnOnAverageInvestment: number | null;
}

/**
 * Average-cost accounting of one position. A buy raises the cost basis by quantity × price; a
 * sell realises quantity × (price − averageCost) and leaves the average cost unchanged. Fees are
 * reported on their own and subtracted in the net performance. The return on average investment
 * divides the net performance by the time-weighted invested capital (cost basis × time held /
 * whole period), so money that was in the position only briefly weighs little.
 */
export function positionPerformance(
  trades: readonly PositionTrade[],
  marketPrice: Dec,
  asOf: string,
): PositionPerformance {
  const sorted = [...trades].sort((x, y) => Date.parse(x.date) - Date.parse(y.date));
  const end = Date.parse(asOf);
  let quantity = new Dec(0);
  let costBasis = new Dec(0);
  let realized = new Dec(0);
  let fees = new Dec(0);
  let capitalTime = new Dec(0);
  let lastTime: number | null = null;
  for (const tr of sorted) {
    const at = Date.parse(tr.date);
    if (Number.isNaN(at)) throw new MetricInputError(`not a date: ${tr.date}`);
    if (!tr.quantity.gt(0) || tr.price.lt(0))
      throw new MetricInputError("trade quantity must be > 0 and price ≥ 0");
    if (lastTime !== null) capitalTime = capitalTime.add(costBasis.mul(at - lastTime));
    lastTime = at;
    fees = fees.add(tr.fee ?? 0);
    if (tr.side === "buy") {
      quantity = quantity.add(tr.quantity);
      costBasis = costBasis.add(tr.quantity.mul(tr.price));
    } else {
      if (tr.quantity.gt(quantity))
        throw new MetricInputError(
          `sells ${tr.quantity.toFixed()} with only ${quantity.toFixed()} held`,
        );
      const avg = costBasis.div(quantity);
      realized = realized.add(tr.quantity.mul(tr.price.sub(avg)));
      costBasis = costBasis.sub(avg.mul(tr.quantity));
      quantity = quantity.sub(tr.quantity);
      if (quantity.isZero()) costBasis = new Dec(0);
    }
  }
  const first = sorted[0] ? Date.parse(sorted[0].date) : end;
  if (lastTime !== null && end > lastTime)
    capitalTime = capitalTime.add(costBasis.mul(end - lastTime));
  const span = end - first;
  const averageInvested = span > 0 ? capitalTime.div(span) : costBasis;
  const averageCost = quantity.isZero() ? new Dec(0) : costBasis.div(quantity);
  const unrealized = quantity.mul(marketPrice).sub(costBasis);
  const net = realized.add(unrealized).sub(fees);
  return {
    quantity,
    averageCost,
    invested: costBasis,
    realizedGain: realized,
    unrealizedGain: unrealized,
    fees,
    netPerformance: net,
    averageInvested,
    returnOnAverageInvestment: averageInvested.isZero()
      ? null
      : net.div(averageInvested).toNumber(),
  };
}
