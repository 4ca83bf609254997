// #/orders: the orders, searched by id, user, status and creation time, with their live status.
import { call, query, ApiError } from './api.js';
import { h, table, timeText, statusBadge, money } from './dom.js';
import { poll } from './live.js';

export const ORDER_STATUSES = ['PENDING', 'PAYMENT_PROCESSING', 'STOCK_RESERVING',
  'DELIVERY_PREPARING', 'COMPENSATING', 'COMPLETED', 'CANCELED', 'FAILED'];
const PAGE_SIZE = 50;

// A datetime-local value (the browser's time zone) as RFC 3339 in UTC, and back.
function toRfc3339(local) {
  if (!local) return '';
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}
function toLocalInput(rfc3339) {
  const date = new Date(rfc3339);
  if (!rfc3339 || Number.isNaN(date.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

function field(label, input) {
  return h('label', { className: 'field' }, h('span', {}, label), input);
}

function searchForm(params) {
  const id = h('input', { type: 'number', min: 1, name: 'id', value: params.get('id') ?? '',
    dataset: { testid: 'search-id' } });
  const user = h('input', { type: 'number', min: 1, name: 'userId',
    value: params.get('userId') ?? '', dataset: { testid: 'search-user' } });
  const status = h('select', { name: 'status', dataset: { testid: 'search-status' } },
    h('option', { value: '' }, 'any'),
    ORDER_STATUSES.map((s) => h('option', { value: s, selected: params.get('status') === s }, s)));
  const since = h('input', { type: 'datetime-local', step: 1, name: 'since',
    value: toLocalInput(params.get('since')), dataset: { testid: 'search-since' } });
  const until = h('input', { type: 'datetime-local', step: 1, name: 'until',
    value: toLocalInput(params.get('until')), dataset: { testid: 'search-until' } });
  const submit = (event) => {
    event.preventDefault();
    location.hash = `#/orders${query({
      id: id.value, userId: user.value, status: status.value,
      since: toRfc3339(since.value), until: toRfc3339(until.value),
    })}`;
  };
  return h('form', { className: 'search', role: 'search', onsubmit: submit,
    dataset: { testid: 'order-search' } },
  field('Order id', id), field('User id', user), field('Status', status),
  field('Created from', since), field('Created before', until),
  h('button', { type: 'submit', dataset: { testid: 'search-submit' } }, 'Search'),
  h('a', { href: '#/orders', className: 'button secondary' }, 'Clear'));
}

function ordersTable(orders) {
  return table({
    caption: 'Orders',
    testid: 'orders-table',
    empty: 'No order matches.',
    items: orders,
    rowAttributes: (o) => ({ dataset: { testid: 'order-row', orderId: o.id } }),
    columns: [
      { title: 'Order', cell: (o) => h('a', { href: `#/orders/${o.id}`,
        dataset: { testid: 'order-link' } }, String(o.id)) },
      { title: 'User', cell: (o) => String(o.userId) },
      { title: 'Product', cell: (o) => String(o.productId) },
      { title: 'Qty', cell: (o) => String(o.quantity), className: 'number' },
      { title: 'Amount', cell: (o) => money(o.amount), className: 'number' },
      { title: 'Status', cell: (o) => statusBadge(o.status, 'order-status') },
      { title: 'Reason', cell: (o) => o.reason ?? '' },
      { title: 'Created (UTC)', cell: (o) => timeText(o.createdAt) },
      { title: 'Updated (UTC)', cell: (o) => timeText(o.updatedAt) },
    ],
  });
}

export function renderOrders(root, params) {
  const errors = h('div', { className: 'errors' });
  // Which search the results answer, and (data-loaded) that they have arrived: what a test waits
  // for before reading them.
  const results = h('div', { dataset: { testid: 'orders-results', query: params.toString() } });
  const pager = h('nav', { className: 'pager', 'aria-label': 'Pages of orders' });
  root.replaceChildren(h('h1', {}, 'Orders'), searchForm(params), errors, results, pager);

  // Keyset pagination: the `after` of each page seen, so that "Previous" can go back.
  const afters = [params.get('after') ?? ''];
  let next = null;
  const drawPager = () => {
    pager.replaceChildren(...[
      afters.length > 1 ? h('button', { type: 'button', className: 'secondary',
        onclick: () => { afters.pop(); refreshNow(); } }, 'Previous page') : null,
      next !== null ? h('button', { type: 'button', dataset: { testid: 'next-page' },
        onclick: () => { afters.push(String(next)); refreshNow(); } }, 'Next page') : null,
    ].filter(Boolean));
  };

  const refresh = async () => {
    const id = params.get('id');
    if (id) {
      try {
        const order = await call('order', `/orders/${encodeURIComponent(id)}`);
        results.replaceChildren(ordersTable([order]));
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 404) throw error;
        results.replaceChildren(h('p', { className: 'empty', dataset: { testid: 'no-order' } },
          `There is no order ${id}.`));
      }
      next = null;
    } else {
      const page = await call('order', `/orders${query({
        userId: params.get('userId'), status: params.get('status'),
        since: params.get('since'), until: params.get('until'),
        limit: PAGE_SIZE, after: afters[afters.length - 1],
      })}`);
      results.replaceChildren(ordersTable(page.items));
      next = page.next ?? null;
    }
    drawPager();
    results.dataset.loaded = 'yes';
  };
  let stop = poll(refresh, errors);
  const refreshNow = () => {
    stop();
    stop = poll(refresh, errors);
  };
  return () => stop();
}
