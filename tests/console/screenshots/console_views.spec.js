// The pictures of docs/console.md: one of each view, of the system tests/e2e/console makes (the
// demonstration's orders, one order per path, a stuck saga, dead letters), written as PNG files to
// SAGASHOP_CONSOLE_SCREENSHOTS. scripts/console-screenshots.sh runs it.
const path = require('path');
const { test, expect } = require('@playwright/test');
const { scenario, required } = require('../support/scenario.js');
const { openConsole } = require('../support/console_page.js');

const shot = (name) => path.join(required('SAGASHOP_CONSOLE_SCREENSHOTS'), `${name}.png`);

test('a screenshot of each view', async ({ page }) => {
  const { demoCompensated, stuck, malformedKey } = scenario();
  await page.setViewportSize({ width: 1400, height: 800 });
  await openConsole(page);
  await expect(page.locator('[data-testid="orders-results"][data-loaded="yes"]')).toBeVisible();
  await page.screenshot({ path: shot('orders') });

  await page.goto(`/#/orders/${demoCompensated}`);
  await expect(page.getByTestId('deliveries').getByTestId('delivery-status')).toBeVisible();
  await page.screenshot({ path: shot('timeline'), fullPage: true });

  await page.goto('/#/stuck');
  await expect(page.locator(`[data-testid="stuck-row"][data-order-id="${stuck.id}"]`)).toBeVisible();
  await page.screenshot({ path: shot('stuck') });

  await page.goto('/#/dead-letters');
  const first = page.locator(`[data-testid="dead-letter-row"][data-key="${malformedKey}"][data-status="parked"]`).first();
  await first.getByTestId('dead-letter-details').locator('summary').click();
  await expect(first.getByTestId('dead-letter-headers')).toBeVisible();
  await page.screenshot({ path: shot('dead-letters'), fullPage: true });

  await page.goto('/#/summary');
  await expect(page.getByTestId('summary-orders-rate')).toHaveText(/^\d+\.\d\d$/);
  await page.screenshot({ path: shot('summary'), fullPage: true });

  await page.evaluate(() => sessionStorage.clear());
  await page.goto('/#/orders');
  await page.reload();
  await expect(page.getByTestId('token-form')).toBeVisible();
  await page.screenshot({ path: shot('token') });
});
