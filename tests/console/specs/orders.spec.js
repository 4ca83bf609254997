// Every order placed through the API, one per path of the saga, is found by its id, its user, its
// status and its creation time, with its live status.
const { test, expect } = require('@playwright/test');
const { scenario, PATHS } = require('../support/scenario.js');
const { openConsole, orderRow } = require('../support/console_page.js');

// "2026-12-03T10:31:28.779347Z" moved by `seconds` and cut to whole seconds, as the page's
// datetime-local fields take it (the browser runs in UTC).
function wholeSecond(rfc3339, seconds = 0) {
  const date = new Date(Date.parse(rfc3339) + seconds * 1000);
  return date.toISOString().slice(0, 19);
}

// Fills the search form from scratch, submits it, and waits for the results of that search.
async function search(page, fill) {
  await page.goto('/#/orders');
  await expect(page.locator('[data-testid="orders-results"][data-loaded="yes"]')).toBeVisible();
  await fill(page.getByTestId('order-search'));
  await page.getByTestId('search-submit').click();
  await page.waitForURL(/#\/orders\?/);
  const asked = new URLSearchParams(new URL(page.url()).hash.split('?')[1]).toString();
  await expect(page.locator(`[data-testid="orders-results"][data-loaded="yes"][data-query="${asked}"]`))
    .toBeVisible();
}

for (const [path, expected] of Object.entries(PATHS)) {
  test(`the ${path.replaceAll('_', ' ')} order is found by id, user, status and time`, async ({ page }) => {
    const order = scenario().orders[path];
    await openConsole(page);

    await search(page, (form) => form.getByLabel('Order id').fill(String(order.id)));
    await expect(page.getByTestId('order-row')).toHaveCount(1);
    await expect(orderRow(page, order.id).getByTestId('order-status')).toHaveText(expected.status);
    expect(new URL(page.url()).hash).toBe(`#/orders?id=${order.id}`);

    await search(page, (form) => form.getByLabel('User id').fill(String(order.userId)));
    await expect(page.getByTestId('order-row')).toHaveCount(1);
    await expect(orderRow(page, order.id)).toBeVisible();

    await search(page, (form) => form.getByLabel('Status').selectOption(expected.status));
    await expect(orderRow(page, order.id)).toBeVisible();
    const statuses = await page.getByTestId('order-status').allTextContents();
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set([expected.status]));

    await search(page, async (form) => {
      await form.getByLabel('Created from').fill(wholeSecond(order.createdAt));
      await form.getByLabel('Created before').fill(wholeSecond(order.createdAt, 1));
    });
    await expect(orderRow(page, order.id)).toBeVisible();
    await search(page, (form) => form.getByLabel('Created from').fill(wholeSecond(order.createdAt, 1)));
    await expect(orderRow(page, order.id)).toHaveCount(0);
    await search(page, (form) => form.getByLabel('Created before').fill(wholeSecond(order.createdAt)));
    await expect(orderRow(page, order.id)).toHaveCount(0);
  });
}

test('an order that does not exist is said not to', async ({ page }) => {
  await openConsole(page);
  await search(page, (form) => form.getByLabel('Order id').fill('987654321'));
  await expect(page.getByTestId('no-order')).toHaveText('There is no order 987654321.');
});
