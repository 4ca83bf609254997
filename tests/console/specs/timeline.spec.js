// Each order's saga as a timeline across the four services: every step with its service, time,
// latency from the previous step and outcome, compensations marked; and what the services did.
const { test, expect } = require('@playwright/test');
const { scenario, PATHS, producerOf } = require('../support/scenario.js');
const { openConsole, orderRow } = require('../support/console_page.js');

function step(page, eventType) {
  return page.locator(`[data-testid="step"][data-event-type="${eventType}"]`);
}

const STATUS_OF = { payments: 'payment-status', reservations: 'reservation-status',
  deliveries: 'delivery-status' };

// The table `testid` shows one record with `status`, or says there is none (status null).
async function expectRecord(page, testid, status) {
  const table = page.getByTestId(testid);
  if (status === null) {
    await expect(table.locator('tbody td.empty')).toBeVisible();
  } else {
    await expect(table.getByTestId(STATUS_OF[testid])).toHaveText(status);
  }
}

for (const [path, expected] of Object.entries(PATHS)) {
  test(`the ${path.replaceAll('_', ' ')} order's timeline shows every step`, async ({ page }) => {
    const order = scenario().orders[path];
    await openConsole(page, `#/orders?id=${order.id}`);
    await orderRow(page, order.id).getByTestId('order-link').click();
    await expect(page).toHaveURL(new RegExp(`#/orders/${order.id}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Order ${order.id}`);
    await expect(page.getByTestId('timeline-status')).toHaveText(expected.status);

    await expect(page.getByTestId('step')).toHaveCount(expected.events.length);
    for (const eventType of expected.events) {
      const row = step(page, eventType);
      await expect(row).toHaveCount(1);
      // In the lane of the service that sent it.
      await expect(row.getByTestId('step-event')).toHaveAttribute('data-service', producerOf(eventType));
      await expect(row.getByTestId('step-outcome')).not.toBeEmpty();
      const compensation = expected.compensations.includes(eventType);
      await expect(row).toHaveAttribute('data-kind', compensation ? 'compensation' : /^(forward|failure)$/);
      await expect(row.getByTestId('mark-compensation')).toHaveCount(compensation ? 1 : 0);
    }
    // The first step starts the saga; each later one says how long after the previous it came.
    const latencies = await page.getByTestId('step-latency').allTextContents();
    expect(latencies[0]).toBe('—');
    for (const latency of latencies.slice(1)) expect(latency).toMatch(/^\+\d+(\.\d)? (ms|s)$|^\+\d+ min \d+ s$/);

    await expectRecord(page, 'payments', expected.payment);
    await expectRecord(page, 'reservations', expected.reservation);
    await expectRecord(page, 'deliveries', expected.delivery);
  });
}

test('the demonstration\'s compensated order is there, its compensations marked', async ({ page }) => {
  const id = scenario().demoCompensated;
  await openConsole(page, `#/orders/${id}`);
  await expect(page.getByTestId('timeline-status')).toHaveText('CANCELED');
  await expect(step(page, 'delivery.failed.v1')).toHaveAttribute('data-kind', 'failure');
  await expect(step(page, 'payment.refunded.v1').getByTestId('mark-compensation')).toHaveText('↩ compensation');
  await expect(step(page, 'stock.released.v1').getByTestId('mark-compensation')).toHaveText('↩ compensation');
});
