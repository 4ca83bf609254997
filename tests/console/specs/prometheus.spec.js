// The summary's arithmetic, run in the browser on the module the console serves: the Prometheus
// text format read, and quantiles from histogram buckets as PromQL's histogram_quantile computes
// them.
const { test, expect } = require('@playwright/test');
const { openConsole } = require('../support/console_page.js');

test('metrics are parsed and histogram quantiles computed as histogram_quantile does', async ({ page }) => {
  await openConsole(page);
  const results = await page.evaluate(async () => {
    const m = await import('/assets/prometheus.js');
    const text = [
      '# HELP sagashop_saga_duration_seconds Sagas.',
      '# TYPE sagashop_saga_duration_seconds histogram',
      'sagashop_saga_duration_seconds_bucket{outcome="completed",le="0.1"} 1',
      'sagashop_saga_duration_seconds_bucket{outcome="completed",le="1"} 3',
      'sagashop_saga_duration_seconds_bucket{outcome="completed",le="+Inf"} 4',
      'sagashop_saga_duration_seconds_bucket{outcome="canceled",le="0.1"} 1',
      'sagashop_saga_duration_seconds_bucket{outcome="canceled",le="1"} 1',
      'sagashop_saga_duration_seconds_bucket{outcome="canceled",le="+Inf"} 1',
      'sagashop_saga_failures_total{reason="say \\"no\\", then\\\\go"} 3 1700000000000',
      'sagashop_orders_created_total 7',
    ].join('\n');
    const samples = m.parseMetrics(text);
    const all = m.buckets(samples, 'sagashop_saga_duration_seconds');
    const completed = m.buckets(samples, 'sagashop_saga_duration_seconds', { outcome: 'completed' });
    return {
      count: samples.length,
      created: m.total(samples, 'sagashop_orders_created_total'),
      reasons: m.totalsBy(samples, 'sagashop_saga_failures_total', 'reason'),
      bounds: all.map((b) => [String(b.le), b.count]),
      p50: m.quantile(0.5, all),
      p20: m.quantile(0.2, all),
      p99: m.quantile(0.99, all),
      completedP50: m.quantile(0.5, completed),
      empty: m.quantile(0.5, m.buckets(samples, 'no_such_histogram')),
      between: m.bucketsBetween(completed, all).map((b) => b.count),
      rate: m.rate(10, 30, 4),
      rateAfterRestart: m.rate(30, 6, 2),
    };
  });
  expect(results.count).toBe(8);
  expect(results.created).toBe(7);
  expect(results.reasons).toEqual({ 'say "no", then\\go': 3 });
  expect(results.bounds).toEqual([['0.1', 2], ['1', 4], ['Infinity', 5]]);
  // Rank 2.5 of 5 lies in (0.1, 1], which holds observations 3 and 4: 0.1 + 0.9 × 0.5/2.
  expect(results.p50).toBeCloseTo(0.325, 10);
  // Rank 1 lies in the first bucket, interpolated from 0.
  expect(results.p20).toBeCloseTo(0.05, 10);
  // A rank in the +Inf bucket answers the highest finite bound.
  expect(results.p99).toBe(1);
  expect(results.completedP50).toBeCloseTo(0.1 + 0.9 * (1 / 2), 10);
  expect(results.empty).toBeNaN();
  expect(results.between).toEqual([1, 1, 1]);
  expect(results.rate).toBe(5);
  expect(results.rateAfterRestart).toBe(3);
});
