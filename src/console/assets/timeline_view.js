// #/orders/<id>: one order's saga as a timeline across the four services — every event with its
// service, time, latency from the previous step and outcome, compensations marked — and the
// order's payment, reservation(s) and delivery as their services keep them.
import { call, ApiError } from './api.js';
import { h, table, facts, timeText, timeMs, durationText, statusBadge, money } from './dom.js';
import { poll } from './live.js';
import { stepKind, STEP_KIND_LABELS } from './saga_steps.js';

export const SERVICES = ['order', 'payment', 'inventory', 'delivery'];

function stepsTable(steps) {
  let previous = null;
  const rows = steps.map((step, index) => {
    const at = timeMs(step.occurredAt);
    const latency = previous === null ? NaN : at - previous;
    previous = at;
    return { step, index, latency, kind: stepKind(step) };
  });
  return table({
    caption: 'Saga timeline (each event in the column of the service that sent it)',
    testid: 'timeline',
    empty: 'No step recorded yet.',
    items: rows,
    rowAttributes: (r) => ({ className: `step step-${r.kind}`,
      dataset: { testid: 'step', eventType: r.step.eventType, kind: r.kind } }),
    columns: [
      { title: '#', cell: (r) => String(r.index + 1), className: 'number' },
      { title: 'Occurred (UTC)', cell: (r) => timeText(r.step.occurredAt) },
      { title: 'After previous', cell: (r) => h('span', { dataset: { testid: 'step-latency' } },
        r.index === 0 ? '—' : `+${durationText(r.latency)}`), className: 'number' },
      ...SERVICES.map((service) => ({
        title: service,
        className: 'lane',
        cell: (r) => (r.step.service === service
          ? h('span', { className: 'event', dataset: { testid: 'step-event', service } },
            r.step.eventType)
          : ''),
      })),
      { title: 'Outcome', cell: (r) => h('span', { dataset: { testid: 'step-outcome' } },
        r.step.outcome) },
      { title: 'Kind', cell: (r) => (STEP_KIND_LABELS[r.kind]
        ? h('span', { className: `mark mark-${r.kind}`, dataset: { testid: `mark-${r.kind}` } },
          r.kind === 'compensation' ? '↩ compensation' : STEP_KIND_LABELS[r.kind])
        : '') },
    ],
  });
}

function paymentsTable(payments) {
  return table({
    caption: 'Payment', testid: 'payments', empty: 'No payment.', items: payments,
    columns: [
      { title: 'Id', cell: (p) => String(p.id) },
      { title: 'Amount', cell: (p) => money(p.amount), className: 'number' },
      { title: 'Type', cell: (p) => p.paymentType },
      { title: 'Status', cell: (p) => statusBadge(p.status, 'payment-status') },
      { title: 'Gateway transaction', cell: (p) => p.paymentGatewayTxId ?? '—' },
      { title: 'Reason', cell: (p) => p.reason ?? '' },
      { title: 'Updated (UTC)', cell: (p) => timeText(p.updatedAt) },
    ],
  });
}

function reservationsTable(reservations) {
  return table({
    caption: 'Reservations', testid: 'reservations', empty: 'No reservation.',
    items: reservations,
    columns: [
      { title: 'Id', cell: (r) => String(r.id) },
      { title: 'Product', cell: (r) => String(r.productId) },
      { title: 'Qty', cell: (r) => String(r.quantity), className: 'number' },
      { title: 'Status', cell: (r) => statusBadge(r.status, 'reservation-status') },
      { title: 'Expires (UTC)', cell: (r) => timeText(r.expiredAt) },
      { title: 'Updated (UTC)', cell: (r) => timeText(r.updatedAt) },
    ],
  });
}

function deliveriesTable(deliveries) {
  return table({
    caption: 'Delivery', testid: 'deliveries', empty: 'No delivery.', items: deliveries,
    columns: [
      { title: 'Id', cell: (d) => String(d.id) },
      { title: 'Status', cell: (d) => statusBadge(d.status, 'delivery-status') },
      { title: 'Carrier', cell: (d) => d.carrier ?? '—' },
      { title: 'Tracking', cell: (d) => d.trackingNumber ?? '—' },
      { title: 'Reason', cell: (d) => d.reason ?? '' },
      { title: 'Updated (UTC)', cell: (d) => timeText(d.updatedAt) },
    ],
  });
}

function orderFacts(order, saga) {
  const steps = saga.steps ?? [];
  const span = steps.length > 1
    ? timeMs(steps[steps.length - 1].occurredAt) - timeMs(steps[0].occurredAt) : NaN;
  return facts([
    ['Status', statusBadge(order.status, 'timeline-status')],
    ['Reason', order.reason ?? '—'],
    ['User', String(order.userId)],
    ['Product × quantity', `${order.productId} × ${order.quantity}`],
    ['Amount', `${money(order.amount)} (${order.paymentMethod})`],
    ['Address', order.address],
    ['Created (UTC)', timeText(order.createdAt)],
    ['Updated (UTC)', timeText(order.updatedAt)],
    ['Saga', `${saga.sagaId} — ${saga.status}, last step ${saga.currentStep ?? '—'}`],
    ['First to last event', durationText(span)],
    ['Trace', saga.traceId ?? '—'],
  ], 'order-facts');
}

export function renderTimeline(root, orderId) {
  const errors = h('div', { className: 'errors' });
  const body = h('div', {});
  root.replaceChildren(
    h('p', {}, h('a', { href: '#/orders' }, '← Orders')),
    h('h1', {}, `Order ${orderId}`), errors, body);
  const id = encodeURIComponent(orderId);
  return poll(async () => {
    let order;
    try {
      order = await call('order', `/orders/${id}`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        body.replaceChildren(h('p', { className: 'empty', dataset: { testid: 'no-order' } },
          `There is no order ${orderId}.`));
        return;
      }
      throw error;
    }
    const [saga, payments, reservations, deliveries] = await Promise.all([
      call('order', `/orders/${id}/saga`),
      call('payment', `/payments?orderId=${id}`),
      call('inventory', `/reservations?orderId=${id}`),
      call('delivery', `/deliveries?orderId=${id}`),
    ]);
    body.replaceChildren(
      orderFacts(order, saga),
      h('h2', {}, 'Saga'), stepsTable(saga.steps ?? []),
      h('h2', {}, 'What the services did'),
      paymentsTable(payments.items), reservationsTable(reservations.items),
      deliveriesTable(deliveries.items));
  }, errors);
}
