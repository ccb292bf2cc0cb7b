import { MetricInputError } from "./series.js";

export interface Diversity {
  /** holdings with a positive weight */
  holdings: number;
  /** Herfindahl–Hirschman index Σwᵢ² of the normalised weights, in [1/n, 1] */
  hhi: number;
  /** 1 / HHI: how many equal holdings would be as concentrated */
  effectiveHoldings: number;
  /** −Σwᵢ ln wᵢ / ln n, in [0, 1]; 0 for a single holding */
  normalizedEntropy: number;
  top1Share: number;
  top5Share: number;
}

/** Concentration of a set of holding values or weights (normalised to sum to 1 here). */
export function diversity(weights: readonly number[]): Diversity | null {
  let total = 0;
  for (const w of weights) {
    if (!Number.isFinite(w) || w < 0)
      throw new MetricInputError(`weights must be finite and ≥ 0, got ${w}`);
    total += w;
  }
  if (total === 0) return null;
  const ws = weights.map((w) => w / total).filter((w) => w > 0);
  ws.sort((x, y) => y - x);
  let hhi = 0;
  let entropy = 0;
  for (const w of ws) {
    hhi += w * w;
    entropy -= w * Math.log(w);
  }
  const n = ws.length;
  let top5 = 0;
  for (let i = 0; i < Math.min(5, n); i++) top5 += ws[i] as number;
  return {
    holdings: n,
    hhi,
    effectiveHoldings: 1 / hhi,
    normalizedEntropy: n > 1 ? Math.min(1, Math.max(0, entropy / Math.log(n))) : 0,
    top1Share: ws[0] as number,
    top5Share: Math.min(1, top5),
  };
}
