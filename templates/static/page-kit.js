// What the administrator pages' scripts share, loaded before each of them (defer keeps the order):
// the page's locale strings, JSON calls to the plugin's API with the session's CSRF token and the
// API's Spanish error (message + per-field details), and a small element builder.
window.CampaignsPage = (() => {
  'use strict';
  const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content || '';

  // t('key', {name}) from the JSON block with id `localeId`; a missing key reads as itself.
  function locale(localeId) {
    const T = JSON.parse(document.getElementById(localeId).textContent);
    return (k, vars = {}) => (T[k] ?? k).replace(/\{(\w+)\}/g, (_, v) => (vars[v] ?? ''));
  }

  // api(method, path, body, contentType, headers): JSON by default (headers: extra request headers,
  // e.g. an Idempotency-Key); a FormData body (a file upload) is sent
  // as is, with the Content-Type the browser writes for it (multipart, with its boundary); a string
  // body with its contentType is sent as is (a CSV import). Rejects with Error(message) carrying
  // `details`, `status` and `body` from the API.
  function client(base, t) {
    return async function api(method, path, body, contentType, headers) {
      const init = { method, headers: { Accept: 'application/json', ...(headers || {}) }, credentials: 'same-origin' };
      if (method !== 'GET') init.headers['X-CSRF-Token'] = csrf();
      if (body instanceof FormData) {
        init.body = body;
      } else if (body !== undefined) {
        init.headers['Content-Type'] = contentType || 'application/json';
        init.body = contentType ? body : JSON.stringify(body);
      }
      const r = await fetch(base + path, init);
      const data = await r.json().catch(() => ({}));
      if (!r.ok) {
        const err = new Error(data.message || t('common.unexpected', { status: r.status }));
        err.details = data.details || [];
        err.status = r.status;
        err.body = data; // {error, message, details}: the English code tells a caller what to do
        throw err;
      }
      return data;
    };
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'class') node.className = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')));
    return node;
  }

  return { csrf, locale, client, el };
})();
