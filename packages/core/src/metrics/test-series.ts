/**
 * The deterministic series of the metric tests; tools/metrics-empyrical/reference.py (their known
 * answers) and tools/metrics-numpy/metrics.py (the bench's yardstick) build the same ones.
 */
export function testSeries(n: number, phase = 0): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    out[i] =
      0.0008 +
      0.021 * Math.sin(i * 0.7 + phase) +
      0.013 * Math.cos(i * 1.3 + 0.5 + phase) +
      0.004 * Math.sin(i * 0.05);
  }
  return out;
}

export function testWeights(n: number): number[] {
  return Array.from({ length: n }, (_, i) => 1 + Math.abs(Math.sin(i * 1.7)) * 50);
}
