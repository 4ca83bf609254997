// Calls to the services through the console's own origin (/api/<service>/<path>), with the
// operator's token and a timeout on every request.

const TOKEN_KEY = 'sagashop.console.token';
export const REQUEST_TIMEOUT_MS = 5000;

// An answer that was not 2xx: the problem+json a service sends (docs/contracts.md, HTTP API), or
// what could be made of another body. `status` 0 means no answer at all (timeout, network).
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value.trim());
  else sessionStorage.removeItem(TOKEN_KEY);
}

// The page is opened as …/#token=<JWT> (what `make run` prints): the token is kept for this tab
// and taken out of the address, so that it is neither bookmarked nor shown. Returns true when the
// address had one.
export function takeTokenFromAddress() {
  const match = /^#token=([^&]+)/.exec(location.hash);
  if (!match) return false;
  setToken(decodeURIComponent(match[1]));
  history.replaceState(null, '', `${location.pathname}${location.search}#/orders`);
  return true;
}

// Listeners told when a request was refused for its token (401), so the page can ask for one.
const unauthorizedListeners = new Set();
export function onUnauthorized(listener) {
  unauthorizedListeners.add(listener);
}

// fetch with an AbortController that gives up after REQUEST_TIMEOUT_MS.
async function fetchWithTimeout(url, options = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    return await fetch(url, { ...options, signal: controller.signal, cache: 'no-store' });
  } catch (error) {
    const detail = error.name === 'AbortError'
      ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`
      : `the request failed: ${error.message}`;
    throw new ApiError(0, { title: 'No answer', detail: `${options.method ?? 'GET'} ${url}: ${detail}` });
  } finally {
    clearTimeout(timer);
  }
}

async function problemOf(response) {
  const text = await response.text();
  try {
    const body = JSON.parse(text);
    if (body && typeof body === 'object') return body;
  } catch {
    // not JSON: shown as text below
  }
  return { title: response.statusText || `HTTP ${response.status}`, status: response.status,
    detail: text.slice(0, 500) };
}

// A request to `service`'s `path` ("/orders?status=CANCELED"); resolves to the parsed JSON body
// (or the text, for text answers), rejects with ApiError.
export async function call(service, path, { method = 'GET', body } = {}) {
  const headers = {};
  const bearer = token();
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const url = `/api/${service}${path}`;
  const response = await fetchWithTimeout(url, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401) unauthorizedListeners.forEach((listener) => listener(problem));
    throw new ApiError(response.status, problem);
  }
  const type = response.headers.get('Content-Type') ?? '';
  return type.includes('json') ? response.json() : response.text();
}

// The console's own settings: which services it fronts.
export async function consoleSettings() {
  const response = await fetchWithTimeout('/console.json');
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  return response.json();
}

// A query string of the parameters that have a value: query({a: 1, b: ''}) is "?a=1".
export function query(parameters) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
