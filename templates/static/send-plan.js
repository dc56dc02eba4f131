// "Enviar Campaña" asks first (issue 13): the pre-send plan dialog (recipients, rows left out, the
// WABA's shared messaging limit and the waves it forces, the number's quality and throughput, the
// estimated time and cost) with "Enviar" and "Enviar prueba", whose WhatsApp state is polled live,
// and "Programar en tandas" when the limit forces waves (POST .../waves: the server computes them again).
// Loaded by templates/pages/campaigns.html after campaigns.js, which calls
// window.CampaignsSendPlan.open(id, button, onDone) on the list's "Enviar Campaña" button.
(function () {
  'use strict';
  const API = '/campaigns/api/v1';
  // Locale strings and JSON calls with the session's CSRF token: page-kit.js, as on every page.
  const t = window.CampaignsPage.locale('campaigns-locale');
  const api = window.CampaignsPage.client(API, t);
  // Escaping and the one way figures, money and times are written (installation's clock): page-kit.js.
  const { esc } = window.CampaignsPage;
  const fmt = window.CampaignsPage.format();
  const num = fmt.number;
  const money = (n, currency, unit) => fmt.money(n, currency, unit ? 4 : 2);
  const TEST_FINAL = new Set(['read', 'failed']);
  const POLL_MS = 1000, POLL_LIMIT = 120;


  function duration(seconds) {
    const s = Math.max(0, Math.round(seconds));
    if (s < 60) return t('plan.duration.s', { s });
    if (s < 3600) return t('plan.duration.m', { m: Math.floor(s / 60), s: s % 60 });
    return t('plan.duration.h', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
  }
  // ---------- the dialog, built once ----------
  let root = null;
  const state = { id: null, from: null, onDone: null, plan: null, poll: null, busy: false };
  const $ = (sel) => root.querySelector(sel);

  function build() {
    root = window.CampaignsPage.modal({
      id: 'send-plan-modal', modalClass: 'sp-modal', titleId: 'sp-title', title: t('plan.title'), onClose: close,
      closeId: 'sp-close', closeLabel: t('create.close'),
      body: `<p id="sp-loading">${esc(t('plan.loading'))}</p>
          <div id="sp-plan"></div>
          <section class="sp-test" aria-labelledby="sp-test-title">
            <h3 id="sp-test-title">${esc(t('plan.test.title'))}</h3>
            <p class="sp-hint">${esc(t('plan.test.hint'))}</p>
            <div class="sp-test-form">
              <label>${esc(t('plan.test.phone'))} <input id="sp-test-phone" type="tel" autocomplete="tel" placeholder="+56 9 1234 5678"></label>
              <label>${esc(t('plan.test.row'))} <input id="sp-test-row" type="number" min="2" step="1"></label>
              <button type="button" class="cmp-btn" id="sp-test-send">${esc(t('plan.test.send'))}</button>
            </div>
            <p id="sp-test-state" class="sp-test-state" role="status" aria-live="polite"></p>
          </section>
          <p class="cmp-form-error" id="sp-error" role="alert"></p>`,
      footer: `<button type="button" class="cmp-btn" id="sp-cancel" data-close>${esc(t('common.cancel'))}</button>
          <button type="button" class="cmp-btn cmp-btn-primary" id="sp-waves" hidden>${esc(t('plan.waves.schedule'))}</button>
          <button type="button" class="cmp-btn cmp-btn-primary" id="sp-send">${esc(t('plan.send'))}</button>`,
    });
    $('#sp-send').addEventListener('click', send);
    $('#sp-waves').addEventListener('click', sendInWaves);
    $('#sp-test-send').addEventListener('click', sendTest);
  }

  // ---------- plan ----------
  function row(label, value, cls, id) { return `<tr${cls ? ` class="${cls}"` : ''}${id ? ` id="${id}"` : ''}><th scope="row">${esc(label)}</th><td>${value}</td></tr>`; }

  function limitText(l) {
    if (!l.daily_limit) return esc(t('plan.limit.unlimited'));
    let s = esc(t('plan.limit.value', { used: num(l.used_last_24h), limit: num(l.daily_limit), free: num(l.free_now) }));
    if (l.shared_by_numbers > 1) s += `<br><small>${esc(t('plan.limit.shared', { n: num(l.shared_by_numbers), waba: l.waba_id }))}</small>`;
    return s;
  }
  // What Meta said by webhook since (the quality breaker keeps it): a restriction or a red
  // rating is shown even when GET /{phone-number-id} answered differently or not at all.
  function reportedText(r) {
    if (!r) return '';
    if (r.restricted) return `<br><span class="sp-warn">${esc(t('plan.phone.restricted', { event: r.last_event || '—' }))}</span>`;
    if (r.quality_rating === 'RED') return `<br><span class="sp-warn">${esc(t('plan.phone.reportedRed'))}</span>`;
    return '';
  }
  function phoneText(p) {
    if (!p.ok) return `<span class="sp-warn">${esc(p.error)}</span>${reportedText(p.reported)}`;
    const quality = t('plan.quality.' + (p.quality_rating || 'UNKNOWN'));
    return esc(t('plan.phone.value', { quality, tier: p.messaging_limit_tier || '—', mps: p.throughput_per_second ? num(p.throughput_per_second) : '—' }))
      + reportedText(p.reported);
  }

  function wavesHtml(p) {
    if (p.waves.length <= 1) return '';
    const rows = p.waves.map((w) => `<tr><td>${num(w.number)}</td><td>${esc(fmt.dateTime(w.starts_at))}</td><td class="cmp-num">${num(w.recipients)}</td><td>${esc(duration(w.eta_seconds))}</td></tr>`).join('');
    return `<section class="sp-waves"><h3>${esc(t('plan.waves'))}</h3><p class="sp-warn">${esc(t('plan.waves.note'))}</p>
      <table class="sp-table"><thead><tr><th>${esc(t('plan.waves.col.number'))}</th><th>${esc(t('plan.waves.col.start'))}</th><th class="cmp-num">${esc(t('plan.waves.col.recipients'))}</th><th>${esc(t('plan.waves.col.eta'))}</th></tr></thead><tbody>${rows}</tbody></table></section>`;
  }

  function costHtml(c) {
    let h = `<section class="sp-cost"><h3>${esc(t('plan.cost'))} <span class="sp-badge">${esc(t('plan.estimated'))}</span></h3>`;
    if (!c.available) h += `<p class="sp-warn">${esc(t('plan.cost.none'))}</p>`;
    else {
      const rows = c.countries.map((k) => `<tr><td>${esc(k.country || '?')} (+${esc(k.calling_code)})</td><td class="cmp-num">${num(k.messages)}</td>
        <td class="cmp-num">${k.unit_price == null ? '—' : esc(money(k.unit_price, c.currency, true))}</td><td class="cmp-num">${k.unit_price == null ? '—' : esc(money(k.cost, c.currency))}</td></tr>`).join('');
      h += `<table class="sp-table"><thead><tr><th>${esc(t('plan.cost.col.country'))}</th><th class="cmp-num">${esc(t('plan.cost.col.messages'))}</th><th class="cmp-num">${esc(t('plan.cost.col.unit'))}</th><th class="cmp-num">${esc(t('plan.cost.col.cost'))}</th></tr></thead>
        <tbody>${rows}</tbody><tfoot><tr><th colspan="3">${esc(t('plan.cost.total'))}</th><td class="cmp-num" id="sp-cost-total">${esc(money(c.total, c.currency))}</td></tr></tfoot></table>`;
      h += `<p class="sp-hint">${esc(t('plan.cost.note', { date: c.prices_date, source: c.source, category: c.category || '—' }))}</p>`;
      if (c.unpriced_messages) h += `<p class="sp-warn">${esc(t('plan.cost.unpriced', { n: num(c.unpriced_messages) }))}</p>`;
    }
    if (c.price_file_errors.length) h += `<p class="sp-warn">${esc(t('plan.cost.fileErrors'))}</p><ul class="sp-hint">${c.price_file_errors.map((e) => `<li>${esc(e)}</li>`).join('')}</ul>`;
    return h + '</section>';
  }

  // The frequency cap (marketing templates only): how many entries it holds or skips if sent now.
  function capText(c, category) {
    if (!c || !c.per_day) return t(category && category !== 'MARKETING' ? 'plan.cap.notMarketing' : 'plan.cap.none');
    if (!c.affected) return t('plan.cap.clear', { limit: num(c.per_day) });
    const key = `plan.cap.${c.action === 'skip' ? 'skip' : 'hold'}.${c.affected === 1 ? 'one' : 'many'}`;
    return t(key, { n: num(c.affected), limit: num(c.per_day) });
  }

  function render(p) {
    const ex = p.excluded;
    const limitCls = p.limit.ok ? '' : 'sp-row-warn';
    $('#sp-plan').innerHTML = `<table class="sp-summary"><tbody>
      ${row(t('plan.recipients'), esc(t('plan.recipients.value', { n: num(p.recipients), rows: num(p.messages) })))}
      ${row(t('plan.excluded'), esc(t('plan.excluded.value', { total: num(ex.total), suppressed: num(ex.suppressed), cap: num(ex.frequency_cap) })))}
      ${row(t('plan.cap'), esc(capText(p.frequency_cap, p.cost && p.cost.category)), '', 'sp-cap')}
      ${row(t('plan.limit'), limitText(p.limit), limitCls)}
      ${row(t('plan.phone'), phoneText(p.phone))}
      ${row(t('plan.eta'), esc(t('plan.eta.value', { duration: duration(p.eta_seconds), rate: num(p.rate_per_second) })))}
      </tbody></table>
      ${p.limit.ok ? '' : `<p class="sp-warn" id="sp-limit-message">${esc(t('plan.limit.over', { limit: num(p.limit.daily_limit), used: num(p.limit.used_last_24h), n: num(p.limit.campaign_unique) }))}</p>`}
      ${wavesHtml(p)}${costHtml(p.cost)}`;
    $('#sp-send').disabled = !p.limit.ok || p.state !== 'loaded';
    // Waves can start only when the first one starts now (something of the limit is free).
    const waved = p.waves.length > 1 && p.state === 'loaded' && p.limit.free_now > 0;
    $('#sp-waves').hidden = !waved; $('#sp-waves').disabled = !waved;
    const test = p.test;
    $('#sp-test-row').value = test.default_row; $('#sp-test-row').min = test.first_row || 2;
    if (test.last_row) $('#sp-test-row').max = test.last_row;
    if (!$('#sp-test-phone').value) $('#sp-test-phone').value = test.last_phone ? '+' + test.last_phone : '';
  }

  async function open(id, from, onDone) {
    if (!root) build();
    Object.assign(state, { id, from, onDone, plan: null, busy: false });
    stopPoll();
    $('#sp-plan').innerHTML = ''; $('#sp-error').textContent = ''; $('#sp-test-state').textContent = '';
    $('#sp-test-phone').value = '';
    $('#sp-loading').hidden = false; $('#sp-send').disabled = true; $('#sp-waves').hidden = true;
    root.hidden = false; $('#sp-cancel').focus();
    try {
      state.plan = await api('GET', `/campaigns/${id}/send-plan`);
      render(state.plan);
    } catch (e) { $('#sp-error').textContent = e.message; }
    $('#sp-loading').hidden = true;
  }
  function close() {
    stopPoll();
    root.hidden = true;
    if (state.from && state.from.isConnected) state.from.focus();
  }

  async function send() {
    if (state.busy) return;
    state.busy = true; $('#sp-send').disabled = true; $('#sp-error').textContent = '';
    // The send takes no body: none is sent (as campaigns.js did).
    try {
      await api('POST', `/campaigns/${state.id}/send`);
      close();
      if (state.onDone) state.onDone(t('campaigns.sent'));
    } catch (e) { $('#sp-error').textContent = e.message; $('#sp-send').disabled = false; }
    state.busy = false;
  }

  // "Programar en tandas": the server proposes the waves again and starts the first one now.
  async function sendInWaves() {
    if (state.busy) return;
    state.busy = true; $('#sp-waves').disabled = true; $('#sp-error').textContent = '';
    try {
      const r = await api('POST', `/campaigns/${state.id}/waves`);
      close();
      const last = r.waves[r.waves.length - 1];
      if (state.onDone) state.onDone(t('plan.waves.done', { n: r.waves.length, last: fmt.dateTime(last.starts_at) }));
    } catch (e) { $('#sp-error').textContent = e.message; $('#sp-waves').disabled = false; }
    state.busy = false;
  }

  // ---------- test message ----------
  function showTest(m) {
    const stateText = m.state === 'failed' ? t('plan.test.state.failed', { reason: m.error_reason }) : t('plan.test.state.' + m.state);
    const el = $('#sp-test-state');
    el.textContent = t('plan.test.state', { phone: '+' + m.phone, row: m.row, state: stateText });
    el.dataset.state = m.state;
  }
  function stopPoll() { if (state.poll) clearTimeout(state.poll); state.poll = null; }
  function poll(id, tid, left) {
    state.poll = setTimeout(async () => {
      try {
        const m = await api('GET', `/campaigns/${id}/test-messages/${tid}`);
        showTest(m);
        if (!TEST_FINAL.has(m.state) && left > 0) poll(id, tid, left - 1);
      } catch (e) { $('#sp-error').textContent = e.message; }
    }, POLL_MS);
  }
  async function sendTest() {
    stopPoll();
    $('#sp-error').textContent = '';
    const btn = $('#sp-test-send');
    btn.disabled = true;
    try {
      const m = await api('POST', `/campaigns/${state.id}/test-messages`, { phone: $('#sp-test-phone').value, row: Number($('#sp-test-row').value) || 2 });
      showTest(m);
      if (!TEST_FINAL.has(m.state)) poll(state.id, m.id, POLL_LIMIT);
    } catch (e) {
      const field = ((e.body && e.body.details) || []).find((d) => d.message);
      $('#sp-error').textContent = field ? field.message : e.message;
    }
    btn.disabled = false;
  }

  window.CampaignsSendPlan = { open };
})();
