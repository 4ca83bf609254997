// Small helpers to build the page's elements without a framework.

// h('a', {href: '#/x', dataset: {testid: 'link'}}, 'text', child…): an element with attributes
// (a key starting with "on" adds a listener; `dataset` fills data-* attributes) and children
// (strings become text, null and false are left out, arrays are flattened).
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'className') {
      element.className = value;
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) {
      append(element, child);
    } else if (child instanceof Node) {
      element.append(child);
    } else {
      element.append(String(child));
    }
  }
}

// A table with a caption, column headers (scope="col") and one row per item.
// columns: [{title, cell: item => content, className?}]; rowAttributes: item => attributes.
export function table({ caption, columns, items, rowAttributes = () => ({}), testid, empty }) {
  const head = h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c.title))));
  const rows = items.map((item) =>
    h('tr', rowAttributes(item), columns.map((c) => h('td', { className: c.className }, c.cell(item)))),
  );
  if (rows.length === 0 && empty) {
    rows.push(h('tr', {}, h('td', { colspan: columns.length, className: 'empty' }, empty)));
  }
  return h('table', { dataset: { testid } }, caption ? h('caption', {}, caption) : null, head,
    h('tbody', {}, rows));
}

// A definition list of [term, description] pairs.
export function facts(pairs, testid) {
  return h('dl', { className: 'facts', dataset: { testid } },
    pairs.map(([term, description]) => [h('dt', {}, term), h('dd', {}, description ?? '—')]));
}

// "2026-12-03T10:15:02.123456Z" shown as "2026-12-03 10:15:02.123" (UTC, as the services write).
export function timeText(rfc3339) {
  if (!rfc3339) return '—';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d{1,3})?/.exec(rfc3339);
  return match ? `${match[1]} ${match[2]}${match[3] ?? ''}` : rfc3339;
}

// Milliseconds since the epoch of an RFC 3339 time with up to microseconds (Date keeps ms).
export function timeMs(rfc3339) {
  return rfc3339 ? Date.parse(rfc3339) : NaN;
}

// A duration in ms as people read it: "850 ms", "2.4 s", "3 min 5 s".
export function durationText(ms) {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

// An order's (or dead letter's) status as a badge whose class names its kind.
export function statusBadge(status, testid) {
  const kind = {
    COMPLETED: 'ok', CANCELED: 'failed', FAILED: 'failed', COMPENSATING: 'compensating',
    parked: 'failed', replay_requested: 'pending', replayed: 'ok',
  }[status] ?? 'pending';
  return h('span', { className: `badge badge-${kind}`, dataset: { testid } }, status);
}

export function money(amount) {
  return Number.isFinite(amount) ? amount.toLocaleString('en-US') : '—';
}
