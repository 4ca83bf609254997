// The summary, from the four services' own /metrics: orders, completion and failures by reason,
// saga latency percentiles, consumer lag and outbox backlog.
const { test, expect } = require('@playwright/test');
const { scenario } = require('../support/scenario.js');
const { openConsole } = require('../support/console_page.js');

test('the summary shows the orders made, failures by reason and saga latency percentiles', async ({ page }) => {
  const placed = Object.keys(scenario().orders).length;
  await openConsole(page);
  await page.getByTestId('nav-summary').click();
  const created = page.getByTestId('summary-orders-created');
  await expect(created).toHaveText(/^\d+$/);
  expect(Number(await created.textContent())).toBeGreaterThanOrEqual(placed);
  // A rate needs two scrapes: a number once the second one is in.
  await expect(page.getByTestId('summary-orders-rate')).toHaveText(/^\d+\.\d\d$/);
  await expect(page.getByTestId('summary-completed')).toHaveText(/^[1-9]\d* \(\d+\.\d %\)$/);

  for (const reason of ['payment_declined', 'insufficient_stock', 'delivery_failed']) {
    const row = page.locator(`[data-testid="failure-row"][data-reason="${reason}"]`);
    await expect(row.locator('td').nth(1)).toHaveText(/^[1-9]\d*$/);
  }

  const allSagas = page.getByTestId('latency-row').first();
  await expect(allSagas.locator('td').nth(1)).toHaveText(/^[1-9]\d*$/);
  for (const percentile of ['p50', 'p90', 'p95', 'p99']) {
    await expect(allSagas.getByTestId(`latency-${percentile}`)).toHaveText(/^\d+(\.\d)? (ms|s)$/);
  }
  const services = page.getByTestId('service-row');
  await expect(services).toHaveCount(4);
  for (let i = 0; i < 4; i += 1) {
    await expect(services.nth(i).locator('td').nth(1)).toHaveText(/^\d+$/); // consumer lag
    await expect(services.nth(i).locator('td').nth(2)).toHaveText(/^\d+$/); // outbox backlog
  }
});
