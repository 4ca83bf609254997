// The saga console: hash routes to views, the operator's token, and the page's frame.
//
//   #/orders[?id=&userId=&status=&since=&until=]   orders, searched
//   #/orders/<id>                                   one order's saga timeline
//   #/stuck                                         stuck sagas
//   #/dead-letters[?status=&topic=]                 dead letters, replayed from here
//   #/summary                                       the services' metrics
import { consoleSettings, onUnauthorized, setToken, takeTokenFromAddress, token } from './api.js';
import { h } from './dom.js';
import { errorBox } from './live.js';
import { renderOrders } from './orders_view.js';
import { renderTimeline, SERVICES } from './timeline_view.js';
import { renderStuck } from './stuck_view.js';
import { renderDeadLetters } from './dead_letters_view.js';
import { renderSummary } from './summary_view.js';

const main = document.querySelector('main');
let settings = { services: SERVICES };
let stopView = () => {};
let refusal = null; // the problem of the last 401, shown above the token field

// The route of the address: {view, id?, params}.
function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, search = ''] = hash.split('?');
  const params = new URLSearchParams(search);
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'orders' && parts[1]) return { view: 'orders', id: decodeURIComponent(parts[1]), params };
  if (['orders', 'stuck', 'dead-letters', 'summary'].includes(parts[0])) return { view: parts[0], params };
  return { view: 'orders', params, unknown: parts.length > 0 };
}

function markNavigation(view) {
  for (const link of document.querySelectorAll('nav.views a')) {
    if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function tokenForm() {
  const input = h('textarea', { id: 'token', name: 'token', rows: 4, required: true,
    autocomplete: 'off', spellcheck: 'false', dataset: { testid: 'token-input' } });
  return h('section', { className: 'token', dataset: { testid: 'token-form' } },
    h('h1', {}, 'Operator token'),
    refusal ? errorBox({ problem: refusal }, 'The token was refused') : null,
    h('p', {}, 'The console calls the services as an operator: it needs a bearer token with the ',
      h('code', {}, 'ops'), ' scope. ', h('code', {}, 'make run'), ' prints the console\'s address ',
      'with one; ', h('code', {}, 'sagashop token --scope ops'), ' signs another. It is kept in ',
      'this tab only.'),
    h('form', { onsubmit: (event) => {
      event.preventDefault();
      setToken(input.value);
      refusal = null;
      show();
    } },
    h('label', { for: 'token' }, 'Token (JWT)'), input,
    h('button', { type: 'submit', dataset: { testid: 'token-submit' } }, 'Use this token')));
}

function show() {
  stopView();
  stopView = () => {};
  if (!token()) {
    markNavigation(null);
    main.replaceChildren(tokenForm());
    return;
  }
  const current = route();
  markNavigation(current.view);
  const root = h('div', { className: 'view', dataset: { testid: `view-${current.view}${current.id ? '-one' : ''}` } });
  main.replaceChildren(root);
  if (current.view === 'orders' && current.id) stopView = renderTimeline(root, current.id);
  else if (current.view === 'orders') stopView = renderOrders(root, current.params);
  else if (current.view === 'stuck') stopView = renderStuck(root);
  else if (current.view === 'dead-letters') stopView = renderDeadLetters(root, current.params, settings);
  else if (current.view === 'summary') stopView = renderSummary(root, settings);
  document.title = `${document.querySelector('main h1')?.textContent ?? 'Console'} — sagashop console`;
}

async function start() {
  takeTokenFromAddress();
  onUnauthorized((problem) => {
    setToken('');
    refusal = problem;
    show();
  });
  window.addEventListener('hashchange', show);
  try {
    settings = await consoleSettings();
  } catch (error) {
    document.querySelector('header').append(errorBox(error, 'console.json'));
  }
  document.querySelector('[data-testid="forget-token"]').addEventListener('click', () => {
    setToken('');
    show();
  });
  show();
}

start();
