// "Reintentar fallidos" (issue 12): a dialog that lists a finished campaign's failures by class
// (GET .../retry-failed), says which may be sent again and when, and sends the classes the
// administrator ticks as a new attempt of the same campaign (POST .../retry-failed). The POST
// carries the attempt the dialog showed and an Idempotency-Key made when it opened, so a double
// click or a repeated request makes one attempt.
// Loaded by templates/pages/campaigns.html after campaigns.js, which calls
// window.CampaignsRetry.open(id, button, onDone) on the list's "Reintentar fallidos" button.
(function () {
  'use strict';
  const API = '/campaigns/api/v1';
  const t = window.CampaignsPage.locale('campaigns-locale');
  const api = window.CampaignsPage.client(API, t);
  // Escaping and the one way figures and times are written (installation's clock): page-kit.js.
  const { esc } = window.CampaignsPage;
  const fmt = window.CampaignsPage.format();
  const num = fmt.number;
  const when = fmt.dateTime;
  const newKey = () => (window.crypto && crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

  let root = null;
  const state = { id: null, from: null, onDone: null, preview: null, key: null, busy: false };
  const $ = (sel) => root.querySelector(sel);

  function build() {
    root = window.CampaignsPage.modal({
      id: 'retry-modal', formId: 'rf-form', modalClass: 'rf-modal', titleId: 'rf-title', title: t('retry.title'), onClose: close,
      closeId: 'rf-close', closeLabel: t('create.close'),
      body: `<p class="sp-hint">${esc(t('retry.intro'))}</p>
          <p id="rf-loading">${esc(t('retry.loading'))}</p>
          <div id="rf-groups"></div>
          <p class="sp-warn" id="rf-dup" hidden>${esc(t('retry.duplicates'))}</p>
          <p class="cmp-form-error" id="rf-error" role="alert"></p>`,
      footer: `<button type="button" class="cmp-btn" id="rf-cancel" data-close>${esc(t('common.cancel'))}</button>
          <button type="submit" class="cmp-btn cmp-btn-primary" id="rf-confirm" disabled>${esc(t('retry.confirm'))}</button>`,
    });
    $('#rf-form').addEventListener('submit', confirm);
    $('#rf-groups').addEventListener('change', updateConfirm);
  }

  // "3 listos ahora; el resto desde 8 dic 2026, 14:05" for 131049, else how many a retry takes.
  function readyText(g) {
    if (g.retryable === 'never') return t('retry.never');
    let s = t(g.ready === 1 ? 'retry.ready.one' : 'retry.ready', { n: num(g.ready) });
    if (g.all_ready_at && g.ready < g.count) s += ' ' + t('retry.waitUntil', { next: when(g.next_ready_at), all: when(g.all_ready_at) });
    if (g.retryable === 'on_request') s += ' ' + t('retry.onRequest');
    return s;
  }
  function reasonsText(g) {
    // The API's reasons are Spanish (Meta's table); other languages show the codes only.
    return g.reasons.map((r) => (r.error_code ? `${r.error_code}` : t('retry.noCode')) + (fmt.lang === 'en-US' ? '' : ` · ${r.reason}`) + ` (${num(r.count)})`).join('; ');
  }

  function render(p) {
    const rows = p.groups.map((g) => {
      const selectable = g.retryable !== 'never' && g.ready > 0;
      return `<tr data-class="${esc(g.class)}" class="${selectable ? '' : 'rf-off'}">
        <td><input type="checkbox" name="rf-class" value="${esc(g.class)}" id="rf-${esc(g.class)}" ${selectable ? '' : 'disabled'} ${g.checked ? 'checked' : ''}></td>
        <td><label for="rf-${esc(g.class)}"><strong>${esc(t('retry.class.' + g.class))}</strong></label><div class="rf-reasons">${esc(reasonsText(g))}</div></td>
        <td class="cmp-num">${num(g.count)}</td>
        <td>${esc(readyText(g))}</td></tr>`;
    }).join('');
    $('#rf-groups').innerHTML = p.groups.length === 0 ? `<p>${esc(t('retry.none'))}</p>`
      : `<table class="sp-table rf-table"><thead><tr><th></th><th>${esc(t('retry.col.reason'))}</th><th class="cmp-num">${esc(t('retry.col.count'))}</th><th>${esc(t('retry.col.retry'))}</th></tr></thead><tbody>${rows}</tbody></table>
        ${p.attempt > 0 ? `<p class="sp-hint">${esc(t('retry.previous', { n: num(p.attempt), retried: num(p.retried) }))}</p>` : ''}`;
    updateConfirm();
  }

  function chosen() { return [...root.querySelectorAll('input[name="rf-class"]:checked')].map((i) => i.value); }
  function updateConfirm() {
    const classes = chosen();
    $('#rf-dup').hidden = !classes.includes('unknown');
    $('#rf-confirm').disabled = state.busy || classes.length === 0;
  }

  async function open(id, from, onDone) {
    if (!root) build();
    Object.assign(state, { id, from, onDone, preview: null, key: newKey(), busy: false });
    $('#rf-groups').innerHTML = ''; $('#rf-error').textContent = ''; $('#rf-loading').hidden = false; $('#rf-dup').hidden = true;
    $('#rf-confirm').disabled = true;
    root.hidden = false; $('#rf-cancel').focus();
    try {
      state.preview = await api('GET', `/campaigns/${id}/retry-failed`);
      render(state.preview);
    } catch (e) { $('#rf-error').textContent = e.message; }
    $('#rf-loading').hidden = true;
  }
  function close() {
    if (!root || root.hidden) return;
    root.hidden = true;
    if (state.from && state.from.isConnected) state.from.focus();
  }

  async function confirm(ev) {
    ev.preventDefault();
    if (state.busy || !state.preview) return;
    const classes = chosen();
    if (classes.length === 0) return;
    state.busy = true; updateConfirm();
    try {
      const r = await api('POST', `/campaigns/${state.id}/retry-failed`,
        { classes, expected_attempt: state.preview.attempt, accept_duplicates: classes.includes('unknown') },
        undefined, { 'Idempotency-Key': state.key });
      close();
      if (state.onDone) state.onDone(t(r.requeued === 1 ? 'campaigns.requeued.one' : 'campaigns.requeued.many', { n: num(r.requeued) }));
    } catch (e) {
      $('#rf-error').textContent = e.message;
    }
    state.busy = false; updateConfirm();
  }

  window.CampaignsRetry = { open };
})();
