// #/stuck: sagas that have not moved for the order service's --saga-stuck-after-seconds, with
// where each one stopped and what it waits for.
import { call } from './api.js';
import { h, table, timeText, timeMs, durationText, statusBadge } from './dom.js';
import { poll } from './live.js';
import { waitingFor } from './saga_steps.js';

export function renderStuck(root) {
  const errors = h('div', { className: 'errors' });
  const note = h('p', { dataset: { testid: 'stuck-note' } });
  const results = h('div', {});
  root.replaceChildren(h('h1', {}, 'Stuck sagas'), note, errors, results);
  return poll(async () => {
    const answer = await call('order', '/sagas?stuck=true&limit=200');
    const now = Date.now();
    note.textContent = `Sagas still under way that have not moved for ${answer.stuckAfterSeconds} s ` +
      '(the order service\'s --saga-stuck-after-seconds). One leaves this list as soon as it moves.';
    results.replaceChildren(table({
      caption: `${answer.items.length} stuck saga(s)`,
      testid: 'stuck-table',
      empty: 'No saga is stuck.',
      items: answer.items,
      rowAttributes: (s) => ({ dataset: { testid: 'stuck-row', orderId: s.orderId } }),
      columns: [
        { title: 'Order', cell: (s) => h('a', { href: `#/orders/${s.orderId}` }, String(s.orderId)) },
        { title: 'Saga status', cell: (s) => statusBadge(s.status) },
        { title: 'Stopped after', cell: (s) => h('code', { dataset: { testid: 'stuck-step' } },
          s.currentStep ?? 'order.created.v1') },
        { title: 'Waiting for', cell: (s) => h('span', { dataset: { testid: 'stuck-waiting' } },
          waitingFor(s)) },
        { title: 'Idle for', cell: (s) => durationText(now - timeMs(s.updatedAt)), className: 'number' },
        { title: 'Last moved (UTC)', cell: (s) => timeText(s.updatedAt) },
        { title: 'Started (UTC)', cell: (s) => timeText(s.createdAt) },
      ],
    }));
  }, errors);
}
