// What the administrator pages' scripts share, loaded before each of them (defer keeps the order):
// the page's locale strings, JSON calls to the plugin's API with the session's CSRF token and the
// API's Spanish error (message + per-field details), a small element builder, HTML escaping, the
// one way a dialog is built (modal()), and the one way the pages write numbers, money and times
// (format()).
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

  const esc = (s) => String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

  // The one way a dialog is built: a hidden .cmp-overlay holding the .cmp-modal (a <form> when
  // `formId` is given, so Enter submits), its header with the title and a × button labelled
  // `closeLabel` (every dialog closes the same way), the body and the footer (HTML the caller escaped). It goes inside the page's root
  // (#campaigns-page) so the page's styles apply; Escape and every [data-close] button inside it
  // call onClose. Returns the overlay: show it with overlay.hidden = false.
  //   modal({ id, title, titleId, body, footer, onClose, formId, modalClass, closeId, closeLabel, noValidate })
  function modal(o) {
    const overlay = document.createElement('div');
    overlay.className = 'cmp-overlay';
    overlay.id = o.id;
    overlay.hidden = true;
    const tag = o.formId ? 'form' : 'div';
    const formAttrs = o.formId ? ` id="${esc(o.formId)}"${o.noValidate ? ' novalidate' : ''}` : '';
    const close = `<button type="button" class="cmp-close" data-close${o.closeId ? ` id="${esc(o.closeId)}"` : ''} aria-label="${esc(o.closeLabel)}">×</button>`;
    overlay.innerHTML = `<${tag} class="cmp-modal ${esc(o.modalClass || '')}" role="dialog" aria-modal="true" aria-labelledby="${esc(o.titleId)}"${formAttrs}>
      <header class="cmp-modal-head"><h2 id="${esc(o.titleId)}">${esc(o.title)}</h2>${close}</header>
      <div class="cmp-modal-body">${o.body}</div>
      <footer class="cmp-modal-foot">${o.footer}</footer></${tag}>`;
    (document.getElementById('campaigns-page') || document.body).appendChild(overlay);
    overlay.querySelectorAll('[data-close]').forEach((b) => b.addEventListener('click', () => o.onClose()));
    overlay.addEventListener('keydown', (e) => { if (e.key === 'Escape') o.onClose(); });
    return overlay;
  }

  // A time from the API: ISO 8601 ("2026-12-08T05:39:00Z") or the database's UTC text
  // ("2026-12-08 05:39:00"), which Date would otherwise read as the browser's local time.
  function instant(value) {
    if (!value) return null;
    if (value instanceof Date) return value;
    const text = String(value);
    const d = new Date(/^\d{4}-\d\d-\d\d \d\d:\d\d/.test(text) ? text.replace(' ', 'T') + 'Z' : text);
    return isNaN(d) ? null : d;
  }

  // How every administrator page writes figures and times: in the page's language, and times on
  // the installation's clock (data-tz, written by the server on the page's root), not the browser's,
  // so the list, the send plan, the schedule and analytics show one time for one instant. Dates use
  // the month's name ("8 dic 2026, 05:39" / "Dec 8, 2026, 5:39 AM"): 08/12 reads as August in English.
  function format() {
    const english = (document.documentElement.lang || '').startsWith('en');
    const lang = english ? 'en-US' : 'es-CL';
    let tz = document.querySelector('[data-tz]')?.dataset.tz || undefined;
    try { new Intl.DateTimeFormat(lang, { timeZone: tz }); } catch { tz = undefined; }
    const numbers = new Intl.NumberFormat(lang);
    const percents = new Intl.NumberFormat(lang, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
    // Spanish pages keep the 24-hour clock the schedule dialog is typed in ("09:39", not "9:39 a. m.").
    const hourCycle = english ? undefined : 'h23';
    const times = new Intl.DateTimeFormat(lang, { timeZone: tz, dateStyle: 'medium', timeStyle: 'short', hourCycle });
    const days = new Intl.DateTimeFormat(lang, { timeZone: tz, dateStyle: 'medium' });
    const clock = new Intl.DateTimeFormat(lang, { timeZone: tz, timeStyle: 'short', hourCycle });
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    return {
      lang,
      tz,
      number: (n) => numbers.format(n),
      percent: (x) => percents.format(x),
      money(n, currency, digits = 2) {
        try {
          return new Intl.NumberFormat(lang, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
        } catch { return `${numbers.format(n)} ${currency}`; }
      },
      // "08-12-2026, 05:39"; '—' when there is no time.
      dateTime(value) {
        const d = instant(value);
        return d ? times.format(d) : (value ? String(value) : '—');
      },
      // "08-12-2026" on the installation's clock.
      date(value) {
        const d = instant(value);
        return d ? days.format(d) : '—';
      },
      // "05:39" on the installation's clock.
      time(value) {
        const d = instant(value);
        return d ? clock.format(d) : '—';
      },
      // The installation's wall clock of an instant, for date and time inputs: {date: 'YYYY-MM-DD', time: 'HH:MM'}.
      wallClock(value) {
        const p = {};
        parts.formatToParts(instant(value) || new Date()).forEach((x) => { p[x.type] = x.value; });
        return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
      },
    };
  }

  return { csrf, locale, client, el, esc, modal, instant, format };
})();
