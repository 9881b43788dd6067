/**
 * A small Prometheus registry: counters and histograms kept in memory, gauges computed when
 * scraped, rendered in the text exposition format (version 0.0.4).
 */
type Labels = Record<string, string>;

interface Metric { render(): Promise<string[]> }

const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Labels) => {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}="${escape(v)}"`).join(',')}}`;
};
const keyOf = (labels: Labels) => JSON.stringify(Object.entries(labels).sort());
const header = (name: string, help: string, type: string) => [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];

/** No metric keeps more series than this; label values come from small sets, so this is only a fuse. */
const maxSeries = 500;

export interface Counter<L extends string> { inc(labels: Record<L, string>, by?: number): void }
export interface Histogram<L extends string> { observe(labels: Record<L, string>, value: number): void }
export type GaugeSample = { labels: Labels; value: number };

export function createRegistry() {
  const metrics: Metric[] = [];

  return {
    counter<L extends string>(name: string, help: string): Counter<L> {
      const series = new Map<string, { labels: Labels; value: number }>();
      metrics.push({ render: async () => [...header(name, help, 'counter'), ...[...series.values()].map((s) => `${name}${labelText(s.labels)} ${s.value}`)] });
      return {
        inc(labels, by = 1) {
          const key = keyOf(labels);
          const existing = series.get(key);
          if (existing) existing.value += by;
          else if (series.size < maxSeries) series.set(key, { labels, value: by });
        },
      };
    },

    histogram<L extends string>(name: string, help: string, buckets: number[]): Histogram<L> {
      const series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
      metrics.push({
        render: async () => [...header(name, help, 'histogram'), ...[...series.values()].flatMap((s) => [
          ...buckets.map((le, i) => `${name}_bucket${labelText({ ...s.labels, le: String(le) })} ${s.counts[i]}`),
          `${name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}`,
          `${name}_sum${labelText(s.labels)} ${s.sum}`,
          `${name}_count${labelText(s.labels)} ${s.count}`,
        ])],
      });
      return {
        observe(labels, value) {
          const key = keyOf(labels);
          let s = series.get(key);
          if (!s) {
            if (series.size >= maxSeries) return;
            s = { labels, counts: buckets.map(() => 0), sum: 0, count: 0 };
            series.set(key, s);
          }
          buckets.forEach((le, i) => { if (value <= le) s.counts[i]!++; });
          s.sum += value;
          s.count++;
        },
      };
    },

    /** A gauge read at scrape time; a failing `collect` drops the metric from that scrape only. */
    gauge(name: string, help: string, collect: () => GaugeSample[] | Promise<GaugeSample[]>): void {
      metrics.push({
        render: async () => [...header(name, help, 'gauge'), ...(await collect()).map((s) => `${name}${labelText(s.labels)} ${s.value}`)],
      });
    },

    async render(): Promise<string> {
      const blocks = await Promise.all(metrics.map((m) => m.render().catch(() => [])));
      return `${blocks.flat().join('\n')}\n`;
    },
  };
}

export type Registry = ReturnType<typeof createRegistry>;
