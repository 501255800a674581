// The server's JSON API: the session cookie goes by itself (same origin); every request that
// changes something carries the page's CSRF token.

let csrf = '';

export function setCsrf(token) {
  csrf = token || '';
}

/** An error with the server's Chinese message. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function request(method, path, body) {
  const headers = {};
  let payload;
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (res.status === 401 && path !== '/api/login' && onLoggedOut) onLoggedOut();
  if (!res.ok && res.status !== 202 && res.status !== 422) {
    throw new ApiError(res.status, (data && data.error) || `请求失败（${res.status}）`);
  }
  return { status: res.status, data };
}

let onLoggedOut = null;
/** Called when the server says the session is gone. */
export function whenLoggedOut(fn) {
  onLoggedOut = fn;
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body) => request('POST', path, body ?? {}),
  del: (path) => request('DELETE', path),
};

/** Formats a number with a fixed count of decimals, Chinese style grouping not used. */
export function fmt(n, digits = 2) {
  return Number(n).toFixed(digits);
}

/** Escapes text for insertion into HTML. */
export function esc(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
