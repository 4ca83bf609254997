// Live views: each refreshes itself every POLL_INTERVAL_MS, says when it last did, and shows
// what went wrong in words a person can act on.
import { h } from './dom.js';

export const POLL_INTERVAL_MS = 2000;

// The "updated hh:mm:ss" line of the page header, shared by whichever view is on screen.
export function markUpdated() {
  const line = document.querySelector('[data-testid="updated"]');
  if (!line) return;
  const now = new Date();
  line.textContent = `updated ${now.toLocaleTimeString('en-GB', { hour12: false })}`;
  line.dateTime = now.toISOString();
}

// An error shown readably: a service's problem+json (title, status, detail, invalid params), or
// the text of anything else.
export function errorBox(error, context) {
  const problem = error?.problem ?? { title: 'Error', detail: String(error?.message ?? error) };
  const params = Array.isArray(problem['invalid-params']) ? problem['invalid-params'] : [];
  return h('div', { className: 'error', role: 'alert', dataset: { testid: 'error' } },
    h('strong', {}, context ? `${context}: ` : '', problem.title ?? 'Error',
      problem.status ? ` (${problem.status})` : ''),
    problem.detail ? h('p', {}, problem.detail) : null,
    params.length
      ? h('ul', {}, params.map((p) => h('li', {}, h('code', {}, p.name), ` — ${p.reason}`)))
      : null);
}

// Runs `refresh` now and every POLL_INTERVAL_MS after the previous run ended, until the returned
// stop() is called. A failed run puts its error into `errors` (cleared by the next good run).
export function poll(refresh, errors) {
  let stopped = false;
  let timer = null;
  const run = async () => {
    try {
      await refresh();
      if (stopped) return;
      errors.replaceChildren();
      markUpdated();
    } catch (error) {
      if (stopped) return;
      errors.replaceChildren(errorBox(error));
    }
    if (!stopped) timer = setTimeout(run, POLL_INTERVAL_MS);
  };
  run();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
