// Percentiles (nearest rank) and a compact distribution for the chart.

export interface Summary {
  n: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  /** The value at every percentile 0..100 (and 99.9), for plotting the distribution. */
  cdf: [number, number][];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
}

const round = (x: number) => Math.round(x * 100) / 100;

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => round(percentile(sorted, p));
  const cdfPoints = [...Array.from({ length: 101 }, (_, i) => i), 99.9].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
    max: round(sorted.at(-1) ?? Number.NaN),
    mean: round(sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length)),
    cdf: cdfPoints.map((p) => [p, at(Math.max(p, 0.0001))]),
  };
}
