// #/dead-letters: the events every service parked (docs/dead-letters.md) with their error,
// attempts and headers; one or many replayed from here.
import { call, query } from './api.js';
import { h, table, timeText, statusBadge } from './dom.js';
import { poll, errorBox } from './live.js';

const STATUSES = ['parked', 'replay_requested', 'replayed'];
const PER_SERVICE = 200;

// The event's identity, headers and value, folded; `open` holds the ids unfolded, so that a
// refresh leaves them so.
function details(letter, open) {
  const value = letter.value ?? (letter.valueBase64 ? `base64: ${letter.valueBase64}` : '');
  return h('details', { open: open.has(letter.id), dataset: { testid: 'dead-letter-details' },
    ontoggle: (event) => {
      if (event.target.open) open.add(letter.id); else open.delete(letter.id);
    } },
    h('summary', {}, 'Event and headers'),
    h('dl', { className: 'facts' },
      h('dt', {}, 'Event id'), h('dd', {}, letter.eventId ?? '—'),
      h('dt', {}, 'Event type'), h('dd', {}, letter.eventType ?? '—'),
      h('dt', {}, 'Error class'), h('dd', {}, h('code', {}, letter.errorClass ?? '—')),
      h('dt', {}, 'Partition / offset'), h('dd', {}, `${letter.partition} / ${letter.offset}`),
      h('dt', {}, 'Replay requested (UTC)'), h('dd', {}, timeText(letter.replayRequestedAt)),
      h('dt', {}, 'Replayed (UTC)'), h('dd', {}, timeText(letter.replayedAt))),
    table({
      caption: 'Headers', testid: 'dead-letter-headers', items: letter.headers ?? [],
      columns: [
        { title: 'Header', cell: (header) => h('code', {}, header.key ?? header.keyBase64 ?? '') },
        { title: 'Value', cell: (header) => header.value ?? `base64: ${header.valueBase64 ?? ''}` },
      ],
    }),
    h('h3', {}, 'Value'), h('pre', { className: 'value' }, value));
}

function orderLink(key) {
  return /^[1-9][0-9]*$/.test(key ?? '') ? h('a', { href: `#/orders/${key}` }, key) : (key ?? '—');
}

export function renderDeadLetters(root, params, settings) {
  const errors = h('div', { className: 'errors' });
  const outcome = h('div', { role: 'status', 'aria-live': 'polite', dataset: { testid: 'replay-outcome' } });
  const results = h('div', {});
  const status = h('select', { name: 'status', dataset: { testid: 'dlt-status' } },
    h('option', { value: '' }, 'any'),
    STATUSES.map((s) => h('option', { value: s, selected: params.get('status') === s }, s)));
  const topic = h('input', { type: 'text', name: 'topic', value: params.get('topic') ?? '',
    placeholder: 'payment.failed.v1', dataset: { testid: 'dlt-topic' } });
  const filter = h('form', { className: 'search', onsubmit: (event) => {
    event.preventDefault();
    location.hash = `#/dead-letters${query({ status: status.value, topic: topic.value.trim() })}`;
  } },
  h('label', { className: 'field' }, h('span', {}, 'Status'), status),
  h('label', { className: 'field' }, h('span', {}, 'Topic'), topic),
  h('button', { type: 'submit' }, 'Filter'));

  // What the person chose survives each refresh of the table.
  const selected = new Set();
  const unfolded = new Set();
  let letters = [];
  const replay = async (chosen) => {
    const answers = await Promise.all(chosen.map(async (letter) => {
      try {
        const replayed = await call(letter.service,
          `/dead-letters/${encodeURIComponent(letter.id)}/replay`, { method: 'POST' });
        selected.delete(letter.id);
        return h('li', { dataset: { testid: 'replay-ok' } },
          `${letter.id}: replay requested (${replayed.status ?? 'replay_requested'})`);
      } catch (error) {
        return h('li', {}, errorBox(error, letter.id));
      }
    }));
    outcome.replaceChildren(h('ul', {}, answers));
    refreshNow();
  };
  const replaySelected = h('button', { type: 'button', dataset: { testid: 'replay-selected' },
    onclick: () => replay(letters.filter((l) => selected.has(l.id) && l.status === 'parked')) },
  'Replay selected');

  root.replaceChildren(h('h1', {}, 'Dead letters'),
    h('p', {}, 'Events a service could not apply after its attempts, parked so that the rest ' +
      'flows on. Replaying one puts it back on its topic for the service that parked it.'),
    filter, errors, h('div', { className: 'actions' }, replaySelected), outcome, results);

  const refresh = async () => {
    const services = settings.services;
    const pages = await Promise.all(services.map((service) => call(service,
      `/dead-letters${query({ status: params.get('status'), topic: params.get('topic'),
        limit: PER_SERVICE })}`)));
    letters = pages.flatMap((page) => page.items)
      .sort((a, b) => (b.parkedAt ?? '').localeCompare(a.parkedAt ?? ''));
    const more = services.filter((_, i) => pages[i].next !== null && pages[i].next !== undefined);
    replaySelected.disabled = ![...selected].some((id) => letters.some((l) => l.id === id));
    results.replaceChildren(table({
      caption: `${letters.length} dead letter(s) of ${services.join(', ')}`,
      testid: 'dead-letters-table',
      empty: 'No dead letter.',
      items: letters,
      rowAttributes: (l) => ({ dataset: { testid: 'dead-letter-row', id: l.id, status: l.status,
        key: l.key ?? '' } }),
      columns: [
        { title: 'Select', cell: (l) => (l.status === 'parked'
          ? h('input', { type: 'checkbox', 'aria-label': `select ${l.id}`, checked: selected.has(l.id),
            dataset: { testid: 'dead-letter-select' },
            onchange: (event) => {
              if (event.target.checked) selected.add(l.id); else selected.delete(l.id);
              replaySelected.disabled = selected.size === 0;
            } })
          : '') },
        { title: 'Id', cell: (l) => l.id, className: 'nowrap' },
        { title: 'Service', cell: (l) => l.service },
        { title: 'Status', cell: (l) => statusBadge(l.status, 'dead-letter-status') },
        { title: 'Topic', cell: (l) => h('code', {}, l.topic) },
        { title: 'Order (key)', cell: (l) => orderLink(l.key) },
        { title: 'Attempts', cell: (l) => String(l.attempts), className: 'number' },
        { title: 'Parked (UTC)', cell: (l) => timeText(l.parkedAt), className: 'nowrap' },
        { title: 'Error', cell: (l) => h('span', { dataset: { testid: 'dead-letter-error' } }, l.error) },
        { title: 'Details', cell: (l) => details(l, unfolded) },
        { title: 'Replay', cell: (l) => (l.status === 'parked'
          ? h('button', { type: 'button', dataset: { testid: 'replay' },
            onclick: () => replay([l]) }, 'Replay')
          : '') },
      ],
    }), ...(more.length
      ? [h('p', {}, `Only the first ${PER_SERVICE} of ${more.join(', ')} are shown.`)] : []));
  };
  let stop = poll(refresh, errors);
  const refreshNow = () => {
    stop();
    stop = poll(refresh, errors);
  };
  return () => stop();
}
