// The operator's token: handed over in the address, kept for the tab, sent with every call, and
// asked for when missing or refused.
const { test, expect } = require('@playwright/test');
const { required } = require('../support/scenario.js');
const { openConsole } = require('../support/console_page.js');

test('the token in the address is kept for the tab, leaves the address and goes with every call', async ({ page }) => {
  const token = required('SAGASHOP_CONSOLE_TOKEN');
  const calls = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/')) calls.push(request);
  });
  await openConsole(page);
  await expect(page.getByTestId('orders-table')).toBeVisible();
  expect(page.url()).not.toContain('token');
  expect(new URL(page.url()).hash).toBe('#/orders');
  expect(await page.evaluate(() => sessionStorage.getItem('sagashop.console.token'))).toBe(token);
  expect(calls.length).toBeGreaterThan(0);
  for (const call of calls) expect(await call.headerValue('authorization')).toBe(`Bearer ${token}`);

  await page.reload();
  await expect(page.getByTestId('orders-table')).toBeVisible();
  await expect(page.getByTestId('updated')).toHaveText(/^updated \d\d:\d\d:\d\d$/);
});

test('without a token the page asks for one, and says so when the services refuse it', async ({ page }) => {
  await page.goto('/#/stuck');
  await expect(page.getByTestId('token-form')).toBeVisible();
  await page.getByLabel('Token (JWT)').fill('not.a.token');
  await page.getByTestId('token-submit').click();
  const form = page.getByTestId('token-form');
  await expect(form.getByTestId('error')).toContainText('(401)');
  expect(await page.evaluate(() => sessionStorage.getItem('sagashop.console.token'))).toBeNull();

  await page.getByLabel('Token (JWT)').fill(required('SAGASHOP_CONSOLE_TOKEN'));
  await page.getByTestId('token-submit').click();
  await expect(page.getByTestId('stuck-table')).toBeVisible();
});
