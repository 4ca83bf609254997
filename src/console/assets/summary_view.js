// #/summary: the system at a glance, from the services' own /metrics — orders per second,
// completion and failure rates by reason, saga latency percentiles, consumer lag, outbox backlog.
import { call } from './api.js';
import { h, table, durationText } from './dom.js';
import { poll } from './live.js';
import { parseMetrics, total, totalsBy, buckets, bucketsBetween, quantile, rate } from './prometheus.js';

// Rates are taken over the scrapes of about the last RATE_WINDOW_MS.
const RATE_WINDOW_MS = 10_000;
const QUANTILES = [0.5, 0.9, 0.95, 0.99];
const SAGA_DURATION = 'sagashop_saga_duration_seconds';

function number(value, digits = 0) {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}
function percent(part, whole) {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : '—';
}
function seconds(value) {
  return Number.isFinite(value) ? durationText(value * 1000) : '—';
}

function tile(label, value, testid, note) {
  return h('div', { className: 'tile' }, h('div', { className: 'tile-label' }, label),
    h('div', { className: 'tile-value', dataset: { testid } }, value),
    note ? h('div', { className: 'tile-note' }, note) : null);
}

function ordersSection(now, oldest, span) {
  const order = now.byService.order;
  const before = oldest?.byService.order;
  const perSecond = (name) => (before ? rate(total(before, name), total(order, name), span) : NaN);
  const created = total(order, 'sagashop_orders_created_total');
  const completed = total(order, 'sagashop_orders_completed_total');
  const canceled = total(order, 'sagashop_orders_canceled_total');
  return h('section', { 'aria-labelledby': 'summary-orders' },
    h('h2', { id: 'summary-orders' }, 'Orders'),
    h('div', { className: 'tiles' },
      tile('Orders per second', number(perSecond('sagashop_orders_created_total'), 2),
        'summary-orders-rate', `over the last ${number(span, 0)} s`),
      tile('Orders created', number(created), 'summary-orders-created', 'since the services started'),
      tile('Completed', `${number(completed)} (${percent(completed, completed + canceled)})`,
        'summary-completed', `${number(perSecond('sagashop_orders_completed_total'), 2)} per second`),
      tile('Canceled', `${number(canceled)} (${percent(canceled, completed + canceled)})`,
        'summary-canceled', `${number(perSecond('sagashop_orders_canceled_total'), 2)} per second`),
      tile('Sagas under way', number(total(order, 'sagashop_sagas_in_flight')), 'summary-in-flight'),
      tile('Stuck sagas', number(total(order, 'sagashop_stuck_sagas')), 'summary-stuck')));
}

function failuresSection(now, oldest, span) {
  const totals = totalsBy(now.byService.order, 'sagashop_saga_failures_total', 'reason');
  const earlier = oldest ? totalsBy(oldest.byService.order, 'sagashop_saga_failures_total', 'reason') : null;
  const finished = total(now.byService.order, 'sagashop_orders_completed_total') +
    total(now.byService.order, 'sagashop_orders_canceled_total');
  const reasons = Object.keys(totals).sort();
  return h('section', { 'aria-labelledby': 'summary-failures' },
    h('h2', { id: 'summary-failures' }, 'Failures by reason'),
    table({
      caption: 'Sagas that ended in compensation, by why',
      testid: 'summary-failures',
      items: reasons,
      rowAttributes: (reason) => ({ dataset: { testid: 'failure-row', reason } }),
      columns: [
        { title: 'Reason', cell: (reason) => reason.replaceAll('_', ' ') },
        { title: 'Sagas', cell: (reason) => number(totals[reason]), className: 'number' },
        { title: 'Share of finished sagas', cell: (reason) => percent(totals[reason], finished),
          className: 'number' },
        { title: 'Per second', cell: (reason) => number(earlier
          ? rate(earlier[reason] ?? 0, totals[reason], span) : NaN, 2), className: 'number' },
      ],
    }));
}

function latencySection(now, oldest) {
  const order = now.byService.order;
  const rows = [
    { label: 'all sagas, since start', cumulative: buckets(order, SAGA_DURATION) },
    { label: 'completed, since start', cumulative: buckets(order, SAGA_DURATION, { outcome: 'completed' }) },
    { label: 'canceled, since start', cumulative: buckets(order, SAGA_DURATION, { outcome: 'canceled' }) },
  ];
  if (oldest) {
    rows.push({ label: 'all sagas, last seconds',
      cumulative: bucketsBetween(buckets(oldest.byService.order, SAGA_DURATION),
        buckets(order, SAGA_DURATION)) });
  }
  return h('section', { 'aria-labelledby': 'summary-latency' },
    h('h2', { id: 'summary-latency' }, 'Saga latency'),
    h('p', {}, 'From an order\'s creation to its final state; percentiles from the histogram ' +
      `${SAGA_DURATION}, as histogram_quantile computes them.`),
    table({
      caption: 'Percentiles',
      testid: 'summary-latency',
      items: rows,
      rowAttributes: (row) => ({ dataset: { testid: 'latency-row' } }),
      columns: [
        { title: 'Sagas', cell: (row) => row.label },
        { title: 'Count', cell: (row) => number(row.cumulative.at(-1)?.count ?? 0), className: 'number' },
        ...QUANTILES.map((q) => ({
          title: `p${Math.round(q * 100)}`,
          className: 'number',
          cell: (row) => h('span', { dataset: { testid: `latency-p${Math.round(q * 100)}` } },
            seconds(quantile(q, row.cumulative))),
        })),
      ],
    }));
}

function servicesSection(now, oldest, span, services) {
  return h('section', { 'aria-labelledby': 'summary-services' },
    h('h2', { id: 'summary-services' }, 'Services'),
    table({
      caption: 'Each service\'s consumers, outbox and dead letters',
      testid: 'summary-services',
      items: services,
      rowAttributes: (service) => ({ dataset: { testid: 'service-row', service } }),
      columns: [
        { title: 'Service', cell: (service) => service },
        { title: 'Consumer lag (messages)', className: 'number',
          cell: (s) => number(total(now.byService[s], 'sagashop_kafka_consumer_lag')) },
        { title: 'Outbox backlog (events)', className: 'number',
          cell: (s) => number(total(now.byService[s], 'sagashop_outbox_backlog_events')) },
        { title: 'Oldest unpublished', className: 'number',
          cell: (s) => seconds(total(now.byService[s], 'sagashop_outbox_oldest_pending_age_seconds')) },
        { title: 'Events applied per second', className: 'number',
          cell: (s) => number(oldest ? rate(total(oldest.byService[s], 'sagashop_inbox_events_processed_total'),
            total(now.byService[s], 'sagashop_inbox_events_processed_total'), span) : NaN, 1) },
        { title: 'Dead-lettered events', className: 'number',
          cell: (s) => number(total(now.byService[s], 'sagashop_dead_lettered_events_total')) },
        { title: 'Compensations', className: 'number',
          cell: (s) => Object.entries(totalsBy(now.byService[s], 'sagashop_compensations_total', 'kind'))
            .map(([kind, count]) => `${kind} ${number(count)}`).join(', ') || '—' },
      ],
    }));
}

export function renderSummary(root, settings) {
  const errors = h('div', { className: 'errors' });
  const body = h('div', { dataset: { testid: 'summary' } });
  root.replaceChildren(h('h1', {}, 'Summary'), errors, body);
  const history = [];
  return poll(async () => {
    const texts = await Promise.all(settings.services.map((s) => call(s, '/metrics')));
    const scrape = { at: Date.now(), byService: {} };
    settings.services.forEach((service, i) => {
      scrape.byService[service] = parseMetrics(texts[i]);
    });
    history.push(scrape);
    while (history.length > 2 && scrape.at - history[1].at >= RATE_WINDOW_MS) history.shift();
    const oldest = history.length > 1 ? history[0] : null;
    const span = oldest ? (scrape.at - oldest.at) / 1000 : NaN;
    body.replaceChildren(
      ordersSection(scrape, oldest, span),
      failuresSection(scrape, oldest, span),
      latencySection(scrape, oldest),
      servicesSection(scrape, oldest, span, settings.services));
  }, errors);
}
