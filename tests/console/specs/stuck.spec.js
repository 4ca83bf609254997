// A saga that stopped moving appears among the stuck ones, with where it stopped.
const { test, expect } = require('@playwright/test');
const { scenario } = require('../support/scenario.js');
const { openConsole } = require('../support/console_page.js');

test('the saga waiting for the carrier is listed as stuck after its reservation', async ({ page }) => {
  const { stuck } = scenario();
  await openConsole(page);
  await page.getByTestId('nav-stuck').click();
  await expect(page.getByTestId('nav-stuck')).toHaveAttribute('aria-current', 'page');
  const row = page.locator(`[data-testid="stuck-row"][data-order-id="${stuck.id}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId('stuck-step')).toHaveText('stock.reserved.v1');
  await expect(row.getByTestId('stuck-waiting')).toHaveText('delivery (shipment)');
  await expect(page.getByTestId('stuck-note')).toContainText(/have not moved for \d+ s/);

  await row.getByRole('link', { name: String(stuck.id) }).click();
  await expect(page.getByTestId('timeline-status')).toHaveText('DELIVERY_PREPARING');
  await expect(page.getByTestId('reservations').getByTestId('reservation-status')).toHaveText('RESERVED');
  await expect(page.getByTestId('deliveries').locator('td.empty')).toBeVisible();
});
