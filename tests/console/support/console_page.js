// Opening the console as `make run` hands it out: with the token in the address's fragment.
const { expect } = require('@playwright/test');
const { required } = require('./scenario.js');

async function openConsole(page, route = '#/orders') {
  await page.goto(`/#token=${encodeURIComponent(required('SAGASHOP_CONSOLE_TOKEN'))}`);
  await expect(page.getByTestId('view-orders')).toBeVisible();
  if (route !== '#/orders') await page.goto(`/${route}`);
}

// The row of `orderId` in the orders table.
function orderRow(page, orderId) {
  return page.locator(`[data-testid="order-row"][data-order-id="${orderId}"]`);
}

module.exports = { openConsole, orderRow };
