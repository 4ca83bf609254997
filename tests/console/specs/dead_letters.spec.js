// Dead letters of every service, with error, attempts and headers; replayed one at a time or
// several at once, and the order a parked event held back completes once it is replayed.
const { test, expect } = require('@playwright/test');
const { scenario } = require('../support/scenario.js');
const { openConsole } = require('../support/console_page.js');

function letter(page, id) {
  return page.locator(`[data-testid="dead-letter-row"][data-id="${id}"]`);
}

test('parked events of every service are shown and replayed, and the order waiting for one completes', async ({ page }) => {
  const { deadLetter, malformedKey } = scenario();
  await openConsole(page);
  await page.getByTestId('nav-dead-letters').click();

  // The event that came before its order: parked by the order service with its error.
  const parked = letter(page, deadLetter.id);
  await expect(parked).toHaveAttribute('data-status', 'parked');
  await expect(parked.getByTestId('dead-letter-error'))
    .toHaveText(`${deadLetter.eventType} for unknown order ${deadLetter.orderId}`);
  await expect(parked.locator('td').nth(6)).toHaveText('3'); // attempts
  await parked.getByTestId('dead-letter-details').locator('summary').click();
  const headers = parked.getByTestId('dead-letter-headers');
  await expect(headers.locator('tr', { hasText: 'dlt_consumer' })).toContainText('order');
  await expect(headers.locator('tr', { hasText: 'ce_type' })).toContainText(deadLetter.eventType);
  await expect(headers.locator('tr', { hasText: 'dlt_attempts' })).toContainText('3');

  // Malformed JSON on order.created.v1: each of its three readers parked its own copy.
  const malformed = page.locator(`[data-testid="dead-letter-row"][data-key="${malformedKey}"]`);
  await expect(malformed).toHaveCount(3);
  const servicesOfRows = [];
  for (let i = 0; i < 3; i += 1) servicesOfRows.push(await malformed.nth(i).locator('td').nth(2).textContent());
  expect(servicesOfRows.sort()).toEqual(['delivery', 'inventory', 'payment']);
  await expect(malformed.first().getByTestId('dead-letter-error')).toContainText('malformed');

  // One replayed on its own: still malformed, it is parked again as a new dead letter.
  const paymentCopy = malformed.filter({ has: page.locator('td:nth-child(3)', { hasText: /^payment$/ }) });
  const paymentCopyId = await paymentCopy.getAttribute('data-id');
  await paymentCopy.getByTestId('replay').click();
  await expect(page.getByTestId('replay-outcome')).toContainText(`${paymentCopyId}: replay requested`);
  await expect(letter(page, paymentCopyId)).toHaveAttribute('data-status', 'replayed');
  await expect(page.locator(`[data-testid="dead-letter-row"][data-key="${malformedKey}"][data-status="parked"]`))
    .toHaveCount(3);

  // Several at once: the order's parked event and another malformed copy.
  const inventoryCopy = page.locator(`[data-testid="dead-letter-row"][data-key="${malformedKey}"][data-status="parked"]`)
    .filter({ has: page.locator('td:nth-child(3)', { hasText: /^inventory$/ }) });
  const inventoryCopyId = await inventoryCopy.getAttribute('data-id');
  await parked.getByTestId('dead-letter-select').check();
  await inventoryCopy.getByTestId('dead-letter-select').check();
  await page.getByTestId('replay-selected').click();
  await expect(page.getByTestId('replay-ok')).toHaveCount(2);
  await expect(letter(page, deadLetter.id)).toHaveAttribute('data-status', 'replayed');
  await expect(letter(page, inventoryCopyId)).toHaveAttribute('data-status', 'replayed');

  // The order it held back completes, the replayed event in its saga.
  await page.goto(`/#/orders/${deadLetter.orderId}`);
  await expect(page.getByTestId('timeline-status')).toHaveText('COMPLETED');
  await expect(page.locator(`[data-testid="step"][data-event-type="${deadLetter.eventType}"]`))
    .toContainText('applied: COMPLETED');

  // Filtered by status; what is replayed offers no second replay.
  await page.goto('/#/dead-letters?status=replayed');
  await expect(letter(page, deadLetter.id)).toBeVisible();
  await expect(letter(page, deadLetter.id).getByTestId('replay')).toHaveCount(0);
  await expect(page.locator('[data-testid="dead-letter-row"][data-status="parked"]')).toHaveCount(0);
});
