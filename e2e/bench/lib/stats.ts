/** Figures for the bench: true percentiles over all samples, min/median/max over runs, a table with targets. */

/** The p-th percentile (nearest rank) of the samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** Min, median and max of one figure measured in several runs. */
export function spread(values: readonly number[]): { min: number; median: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  return { min: s[0]!, median: s[Math.floor((s.length - 1) / 2)]!, max: s.at(-1)! };
}

export interface Row {
  figure: string;
  unit: string;
  /** Over the runs: min, median, max. */
  runs: number[];
  /** e.g. `≤ 60`; a row without a target is informative. */
  target?: { op: '<=' | '>='; value: number };
  note?: string;
}

const fmt = (v: number) => (Number.isNaN(v) ? '—' : Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1));

/** One line per figure: what, target, min/median/max over the runs, and whether the median meets it. */
export function table(title: string, rows: readonly Row[]): string {
  const lines = [title, `${'figure'.padEnd(72)}${'target'.padStart(12)}${'min'.padStart(9)}${'median'.padStart(9)}${'max'.padStart(9)}  met`];
  for (const r of rows) {
    const { min, median, max } = spread(r.runs);
    const target = r.target ? `${r.target.op === '<=' ? '≤' : '≥'} ${r.target.value}` : '';
    const met = !r.target ? '' : (r.target.op === '<=' ? median <= r.target.value : median >= r.target.value) ? 'yes' : 'NO';
    lines.push(`${`${r.figure} (${r.unit})`.padEnd(72)}${target.padStart(12)}${fmt(min).padStart(9)}${fmt(median).padStart(9)}${fmt(max).padStart(9)}  ${met}${r.note ? `  ${r.note}` : ''}`);
  }
  return lines.join('\n');
}
