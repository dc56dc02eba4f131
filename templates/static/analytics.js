// Analítica > Mis campañas. The filter lives in the URL (shareable); figures come from
// /campaigns/api/v1/analytics and refresh every 1.5 s while the tab is visible (counters only,
// so a poll is cheap). Charts are inline SVG drawn here.
(() => {
  'use strict';
  const root = document.getElementById('analytics-page');
  if (!root) return;
  const T = JSON.parse(document.getElementById('analytics-locale').textContent);
  const t = (k) => T[k] ?? k;
  // Figures and times in the page's language, times on the installation's clock: page-kit.js.
  const fmt = window.CampaignsPage.format();
  // A civil day key ("2026-12-08") is a date, not an instant: written as is, with no zone.
  const dayFmt = new Intl.DateTimeFormat(fmt.lang, { timeZone: 'UTC', day: '2-digit', month: 'short' });
  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';
  const POLL_MS = 1500;

  const el = { account: $('an-account'), department: $('an-department'), campaign: $('an-campaign'),
    from: $('an-from'), to: $('an-to'), custom: $('an-custom'), form: $('an-filters') };
  let options = { accounts: [], departments: [], campaigns: [] };
  let lastBody = '';
  let inFlight = false;
  let lastData = null;

  // ---- filter state <-> URL
  function readUrl() {
    const q = new URLSearchParams(location.search);
    const campaigns = (q.get('campaign') || '').split(',').filter(Boolean);
    return { account: q.get('account') || '', department: q.get('department') || '', campaigns,
      preset: q.get('preset') || (campaigns.length ? 'all' : 'last30'), from: q.get('from') || '', to: q.get('to') || '' };
  }
  let state = readUrl();

  function query(s = state) {
    const q = new URLSearchParams();
    if (s.account) q.set('account', s.account);
    if (s.department) q.set('department', s.department);
    if (s.campaigns.length) q.set('campaign', s.campaigns.join(','));
    q.set('preset', s.preset);
    if (s.preset === 'custom') { q.set('from', s.from); q.set('to', s.to); }
    return q.toString();
  }

  function setState(patch) {
    state = { ...state, ...patch };
    if (state.preset === 'all' && !state.campaigns.length) state.preset = 'last30';
    history.replaceState(null, '', `${location.pathname}?${query()}`);
    syncControls();
    refresh(true);
  }

  // ---- controls
  function option(value, text) {
    const o = document.createElement('option');
    o.value = String(value);
    o.textContent = text;
    return o;
  }

  function fillCampaigns() {
    const chosen = new Set(state.campaigns);
    el.campaign.replaceChildren();
    for (const c of options.campaigns) {
      if (state.account && String(c.account_id) !== state.account && !chosen.has(String(c.id))) continue;
      if (state.department && String(c.department_id) !== state.department && !chosen.has(String(c.id))) continue;
      const o = option(c.id, c.name);
      o.selected = chosen.has(String(c.id));
      el.campaign.append(o);
    }
  }

  function syncControls() {
    el.account.value = state.account;
    el.department.value = state.department;
    fillCampaigns();
    for (const b of root.querySelectorAll('[data-preset]')) {
      b.classList.toggle('cmp-btn-active', b.dataset.preset === state.preset);
      b.setAttribute('aria-pressed', String(b.dataset.preset === state.preset));
      if (b.dataset.preset === 'all') b.hidden = state.campaigns.length === 0;
    }
    el.custom.hidden = state.preset !== 'custom';
    if (state.preset === 'custom') { el.from.value = state.from; el.to.value = state.to; }
    $('an-export').href = `/campaigns/api/v1/analytics.csv?${query()}`;
  }

  el.account.addEventListener('change', () => setState({ account: el.account.value }));
  el.department.addEventListener('change', () => setState({ department: el.department.value }));
  el.campaign.addEventListener('change', () =>
    setState({ campaigns: [...el.campaign.selectedOptions].map((o) => o.value) }));
  for (const b of root.querySelectorAll('[data-preset]')) {
    b.addEventListener('click', () => {
      if (b.dataset.preset === 'custom') {
        // Start from the range on screen so the picker opens on sensible days.
        const from = state.from || lastData?.range?.from || '';
        const to = state.to || lastData?.range?.to || '';
        state = { ...state, preset: 'custom', from, to };
        syncControls();
        el.from.focus();
        return;
      }
      setState({ preset: b.dataset.preset });
    });
  }
  el.form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!el.from.value || !el.to.value) return;
    setState({ preset: 'custom', from: el.from.value, to: el.to.value });
  });

  // ---- rendering
  function text(node, value) { node.textContent = value; }
  function fmtRate(r) { return r === null || r === undefined ? '—' : fmt.percent(r); }
  function dayLabel(day) { return dayFmt.format(new Date(`${day}T00:00:00Z`)); }

  function renderKpis(d) {
    const box = $('an-kpis');
    box.replaceChildren();
    for (const k of d.kpis) {
      const card = document.createElement('article');
      card.className = 'cmp-an-kpi';
      card.dataset.kpi = k.key;
      card.title = k.formula;
      const head = document.createElement('h3');
      head.textContent = k.label;
      const info = document.createElement('span');
      info.className = 'cmp-an-info';
      info.textContent = '?';
      info.setAttribute('aria-label', k.formula);
      head.append(' ', info);
      const count = document.createElement('p');
      count.className = 'cmp-an-count';
      count.textContent = fmt.number(k.count);
      const rate = document.createElement('p');
      rate.className = 'cmp-an-rate';
      if (k.key === 'sent') {
        const duplicates = d.unique_numbers < d.entries_total || d.campaign?.allow_duplicates;
        rate.textContent = duplicates ? `${fmt.number(d.unique_numbers)} ${t('analytics.uniqueNumbers').toLowerCase()} · ${fmt.number(d.entries_total)} ${t('analytics.details.contacts').toLowerCase()}` : '';
        rate.dataset.unique = String(d.unique_numbers);
      } else {
        rate.textContent = fmtRate(k.rate);
      }
      const formula = document.createElement('p');
      formula.className = 'cmp-an-formula';
      formula.textContent = k.formula;
      card.append(head, count, rate, formula);
      box.append(card);
    }
    for (const [key, value] of [['pending', d.pending], ['unknown', d.unknown], ['suppressed', d.suppressed], ['deferred', d.deferred], ['retried', d.retried], ['campaigns', d.campaigns_in_view]])
      text(root.querySelector(`[data-state="${key}"] .cmp-an-count`), fmt.number(value));
  }

  // "Tiempo de respuesta": the server sends the durations already worded ("4 min", "—").
  function renderResponse(d) {
    const r = d.response_time;
    if (!r) return;
    const card = (key) => $('an-response').querySelector(`[data-kpi="${key}"]`);
    text(card('response_median').querySelector('.cmp-an-count'), r.median_label);
    text(card('response_median').querySelector('.cmp-an-rate'),
      r.answered ? t(r.answered === 1 ? 'analytics.response.answeredOne' : 'analytics.response.answered').replace('{n}', fmt.number(r.answered)) : '');
    text(card('response_p90').querySelector('.cmp-an-count'), r.p90_label);
    const waiting = card('response_waiting');
    text(waiting.querySelector('.cmp-an-count'), fmt.number(r.waiting));
    waiting.dataset.waiting = String(r.waiting);
  }

  function openTicketsText(n) {
    return n === 1 ? t('campaigns.active.openTicket') : t('campaigns.active.openTickets').replace('{n}', fmt.number(n));
  }

  function svg(tag, attrs = {}, content) {
    const n = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
    if (content !== undefined) n.textContent = content;
    return n;
  }

  const COLORS = { sent: '#3e7cb1', delivered: '#1f9d55', read: '#8e44ad', replied: '#e67e22', addressed: '#c0392b' };

  function renderFunnel(d) {
    // The value column is right-aligned and wide enough for "1.000.000 · 100,0%": the svg clips.
    const W = 460, row = 40, H = d.funnel.length * row + 10, labelW = 110, valueW = 130, barW = W - labelW - valueW;
    const max = Math.max(1, d.funnel[0]?.count || 0);
    const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': t('analytics.funnel'), class: 'cmp-an-svg' });
    d.funnel.forEach((step, i) => {
      const y = i * row + 5;
      const w = Math.max(2, Math.round(barW * step.count / max));
      const x = labelW + (barW - w) / 2;
      const g = svg('g', { 'data-step': step.key });
      g.append(svg('text', { x: 0, y: y + 22, class: 'cmp-an-axis' }, step.label));
      g.append(svg('rect', { x, y, width: w, height: row - 8, rx: 4, fill: COLORS[step.key] }));
      const share = d.funnel[0].count ? ` · ${fmt.percent(step.count / d.funnel[0].count)}` : '';
      g.append(svg('text', { x: W - 2, y: y + 22, 'text-anchor': 'end', class: 'cmp-an-value' }, `${fmt.number(step.count)}${share}`));
      g.append(svg('title', {}, `${step.label}: ${fmt.number(step.count)}`));
      s.append(g);
    });
    $('an-funnel').replaceChildren(s);
  }

  function renderSeries(d) {
    const W = 560, H = 240, L = 44, R = 26, TOP = 26, B = 28;
    const keys = ['sent', 'delivered', 'read', 'replied'];
    const pts = d.series;
    const max = Math.max(1, ...pts.flatMap((p) => keys.map((k) => p[k])));
    const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': t('analytics.series'), class: 'cmp-an-svg' });
    const x = (i) => L + (pts.length <= 1 ? (W - L - R) / 2 : i * (W - L - R) / (pts.length - 1));
    const y = (v) => H - B - v * (H - B - TOP) / max;
    for (let g = 0; g <= 4; g++) {
      const v = Math.round(max * g / 4);
      s.append(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'cmp-an-grid' }));
      s.append(svg('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'cmp-an-axis' }, fmt.number(v)));
    }
    const every = Math.max(1, Math.ceil(pts.length / 8));
    pts.forEach((p, i) => {
      if (i % every === 0 || i === pts.length - 1)
        s.append(svg('text', { x: x(i), y: H - 8, 'text-anchor': i === pts.length - 1 && pts.length > 1 ? 'end' : 'middle', class: 'cmp-an-axis' }, dayLabel(p.day)));
    });
    keys.forEach((k, n) => {
      const path = pts.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p[k]).toFixed(1)}`).join(' ');
      if (pts.length) s.append(svg('path', { d: path, fill: 'none', stroke: COLORS[k], 'stroke-width': 2, 'data-series': k }));
      if (pts.length === 1) s.append(svg('circle', { cx: x(0), cy: y(pts[0][k]), r: 3, fill: COLORS[k] }));
      const lx = L + n * 120;
      s.append(svg('rect', { x: lx, y: 4, width: 12, height: 12, fill: COLORS[k] }));
      s.append(svg('text', { x: lx + 16, y: 14, class: 'cmp-an-axis' }, t(`analytics.funnel.${k}`)));
    });
    $('an-series').replaceChildren(s);
  }

  function renderCampaign(d) {
    const card = $('an-campaign-card');
    const c = d.campaign;
    card.hidden = !c;
    if (!c) return;
    text(card.querySelector('[data-field="name"]'), c.name);
    text(card.querySelector('[data-field="created_at"]'), fmt.dateTime(c.created_at));
    text(card.querySelector('[data-field="created_by"]'), c.created_by || '—');
    const dlg = $('an-dialog');
    text($('an-dialog-title'), c.name);
    const values = {
      department: c.department, account: c.account || '—',
      template_name: c.template_name ? `${c.template_name}${c.template_language ? ` (${c.template_language})` : ''}` : '—',
      template_text: c.template_text || '—',
      expects_response: c.expects_response ? t('analytics.yes') : t('analytics.no'),
      wait_hours: c.expects_response ? String(c.wait_hours) : '—',
      file_name: c.file_name || '—', contacts: fmt.number(c.contacts), state_label: c.state_label,
      first_sent_at: fmt.dateTime(c.first_sent_at || c.send_requested_at), response_deadline: fmt.dateTime(c.response_deadline),
      active_until: c.waiting_response ? `${fmt.dateTime(c.active_until)} · ${openTicketsText(c.open_tickets)}` : '—',
    };
    for (const [k, v] of Object.entries(values)) text(dlg.querySelector(`[data-field="${k}"]`), v);
    const img = dlg.querySelector('[data-field="header_image"]');
    img.replaceChildren();
    if (/^https?:\/\//.test(c.header_image)) {
      const i = document.createElement('img');
      i.src = c.header_image;
      i.alt = t('analytics.details.headerImage');
      i.className = 'cmp-an-header-img';
      img.append(i);
    } else {
      img.textContent = c.header_image || t('analytics.details.none');
    }
  }

  function render(d) {
    lastData = d;
    const r = d.range;
    text($('an-range-text'), r.from ? `${r.from} — ${r.to} (${r.tz})` : '');
    text($('an-note'), t('analytics.note').replace('{tz}', r.tz));
    renderKpis(d);
    renderResponse(d);
    renderFunnel(d);
    renderSeries(d);
    renderCampaign(d);
  }

  async function refresh(force = false) {
    if (inFlight && !force) return;
    inFlight = true;
    const asked = query();
    try {
      const res = await fetch(`/campaigns/api/v1/analytics?${asked}`, { headers: { Accept: 'application/json' } });
      const body = await res.text();
      if (asked !== query()) return;  // the filter changed meanwhile; its own request renders
      const err = $('an-error');
      if (!res.ok) {
        let message = t('analytics.error');
        try { message = JSON.parse(body).message || message; } catch { /* not JSON */ }
        err.textContent = message;
        err.hidden = false;
        return;
      }
      err.hidden = true;
      text($('an-updated'), `${t('analytics.updated')} ${fmt.time(new Date())}`);
      if (body === lastBody) return;
      lastBody = body;
      render(JSON.parse(body));
    } catch (e) {
      $('an-error').textContent = `${t('analytics.error')}: ${e.message}`;
      $('an-error').hidden = false;
    } finally {
      inFlight = false;
    }
  }

  $('an-open-campaign').addEventListener('click', () => $('an-dialog').showModal());

  async function start() {
    const res = await fetch('/campaigns/api/v1/analytics/options', { headers: { Accept: 'application/json' } });
    if (res.ok) options = await res.json();
    for (const a of options.accounts) el.account.append(option(a.id, a.name));
    for (const d of options.departments) el.department.append(option(d.id, d.name));
    syncControls();
    await refresh(true);
    setInterval(() => { if (document.visibilityState === 'visible') refresh(); }, POLL_MS);
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') refresh(); });
    root.dataset.ready = 'true';
  }
  start();
})();
