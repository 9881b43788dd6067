import { describe, expect, it } from 'vitest';
import { createRegistry } from './prometheus.ts';

describe('Prometheus registry', () => {
  it('renders counters, histograms and scrape-time gauges in the text format', async () => {
    const registry = createRegistry();
    const requests = registry.counter<'route'>('t_requests_total', 'Requests.');
    const latency = registry.histogram<never>('t_seconds', 'Latency.', [0.1, 1]);
    let live = 3;
    registry.gauge('t_live', 'Live things.', () => [{ labels: { kind: 'a"b\\c\nd' }, value: live }]);
    requests.inc({ route: '/x' });
    requests.inc({ route: '/x' }, 2);
    latency.observe({}, 0.05);
    latency.observe({}, 0.5);
    latency.observe({}, 5);
    live = 4;
    expect(await registry.render()).toBe([
      '# HELP t_requests_total Requests.', '# TYPE t_requests_total counter', 't_requests_total{route="/x"} 3',
      '# HELP t_seconds Latency.', '# TYPE t_seconds histogram',
      't_seconds_bucket{le="0.1"} 1', 't_seconds_bucket{le="1"} 2', 't_seconds_bucket{le="+Inf"} 3', 't_seconds_sum 5.55', 't_seconds_count 3',
      '# HELP t_live Live things.', '# TYPE t_live gauge', 't_live{kind="a\\"b\\\\c\\nd"} 4', '',
    ].join('\n'));
  });

  it('keeps a failing gauge from spoiling the scrape, and caps the series a metric holds', async () => {
    const registry = createRegistry();
    const c = registry.counter<'id'>('t_total', 'T.');
    registry.gauge('t_broken', 'Broken.', () => { throw new Error('database down'); });
    for (let i = 0; i < 5000; i++) c.inc({ id: String(i) });
    const text = await registry.render();
    expect(text).not.toContain('t_broken');
    expect(text.split('\n').filter((l) => l.startsWith('t_total{')).length).toBe(500);
  });
});
