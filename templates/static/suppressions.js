// Lista de exclusión over /campaigns/api/v1/suppressions: numbers that must not receive campaigns,
// per WABA. Search, add, remove with a reason (the history shows who and when), CSV export and an
// import that stores every line or none.
(() => {
  'use strict';
  const root = document.getElementById('suppressions-page');
  if (!root) return;
  const t = CampaignsPage.locale('suppressions-locale');
  const $ = (id) => document.getElementById(id);
  const API = '/campaigns/api/v1';
  const PAGE = 50;
  // Figures and times in the page's language, times on the installation's clock: page-kit.js.
  const fmt = window.CampaignsPage.format();
  let offset = 0;
  let total = 0;
  let removing = null;

  const api = CampaignsPage.client(API, t);
  const { el } = CampaignsPage;

  function show(text, bad = false) {
    const box = $('supp-message');
    box.textContent = text;
    box.classList.toggle('acc-bad', bad);
    box.hidden = !text;
  }

  function showRowErrors(details) {
    const list = $('supp-errors');
    list.replaceChildren(...details.map((d) => el('li', {}, d.message)));
    list.hidden = !details.length;
  }

  function fieldErrors(form, details) {
    form.querySelectorAll('.acc-err').forEach((p) => { p.textContent = ''; });
    for (const d of details) {
      const p = form.querySelector(`.acc-err[data-for="${d.field}"]`);
      if (p) p.textContent = d.message;
    }
  }

  const waba = () => $('supp-waba').value;

  async function loadWabas() {
    const data = await api('GET', '/accounts');
    const seen = new Map();
    for (const a of data.items) {
      if (!seen.has(a.waba_id)) seen.set(a.waba_id, []);
      seen.get(a.waba_id).push(a.display_name);
    }
    const select = $('supp-waba');
    select.replaceChildren(...[...seen].map(([id, names]) => el('option', { value: id }, `${names.join(', ')} (${id})`)));
    if (!seen.size) select.append(el('option', { value: '' }, t('supp.noAccounts')));
  }

  async function load() {
    if (!waba()) {
      renderRows([]);
      return;
    }
    const q = encodeURIComponent($('supp-search').value.trim());
    const data = await api('GET', `/suppressions?waba_id=${encodeURIComponent(waba())}&q=${q}&limit=${PAGE}&offset=${offset}`);
    total = data.total;
    renderRows(data.items);
    $('supp-export').href = `${API}/suppressions/export.csv?waba_id=${encodeURIComponent(waba())}`;
  }

  function renderRows(items) {
    const body = $('supp-table').tBodies[0];
    body.replaceChildren();
    if (!items.length) body.append(el('tr', { class: 'cmp-empty' }, el('td', { colspan: 6 }, t('supp.empty'))));
    for (const s of items) {
      body.append(el('tr', { 'data-phone': s.phone },
        el('td', {}, '+' + s.phone),
        el('td', {}, s.reason),
        el('td', {}, t('supp.source.' + s.source)),
        el('td', {}, fmt.dateTime(s.created_at)),
        el('td', {}, s.created_by),
        el('td', {}, el('button', { type: 'button', class: 'cmp-btn', onclick: () => openRemove(s) }, t('supp.remove')))));
    }
    $('supp-range').textContent = total
      ? t('supp.range', { from: fmt.number(offset + 1), to: fmt.number(Math.min(offset + PAGE, total)), total: fmt.number(total) })
      : '';
    $('supp-prev').disabled = offset === 0;
    $('supp-next').disabled = offset + PAGE >= total;
  }

  function openAdd() {
    const form = $('supp-form');
    form.reset();
    fieldErrors(form, []);
    $('supp-dialog').showModal();
  }

  async function saveAdd(e) {
    e.preventDefault();
    const form = $('supp-form');
    try {
      const s = await api('POST', '/suppressions', { waba_id: waba(), phone: $('supp-phone').value, reason: $('supp-reason').value });
      $('supp-dialog').close();
      show(t('supp.added', { phone: '+' + s.phone }));
      offset = 0;
      await load();
    } catch (err) {
      fieldErrors(form, err.details);
      if (!err.details.length) fieldErrors(form, [{ field: 'waba_id', message: err.message }]);
    }
  }

  async function openRemove(s) {
    removing = s;
    const form = $('supp-remove-form');
    form.reset();
    fieldErrors(form, []);
    $('supp-remove-what').textContent = t('supp.removeWhat', { phone: '+' + s.phone, reason: s.reason });
    const list = $('supp-history');
    list.replaceChildren();
    $('supp-remove-dialog').showModal();
    try {
      const h = await api('GET', `/suppressions/${encodeURIComponent(s.waba_id)}/${encodeURIComponent(s.phone)}/history`);
      list.replaceChildren(...h.items.map((x) => el('li', {},
        t('supp.historyLine', { action: t('supp.action.' + x.action), when: fmt.dateTime(x.changed_at), who: x.changed_by, reason: x.reason }))));
    } catch (err) {
      list.replaceChildren(el('li', { class: 'acc-bad' }, err.message));
    }
  }

  async function saveRemove(e) {
    e.preventDefault();
    const form = $('supp-remove-form');
    try {
      await api('DELETE', `/suppressions/${encodeURIComponent(removing.waba_id)}/${encodeURIComponent(removing.phone)}`,
        { reason: $('supp-remove-reason').value });
      $('supp-remove-dialog').close();
      show(t('supp.removed', { phone: '+' + removing.phone }));
      await load();
    } catch (err) {
      fieldErrors(form, err.details.length ? err.details : [{ field: 'reason', message: err.message }]);
    }
  }

  async function importFile() {
    const file = $('supp-import').files[0];
    if (!file) return;
    showRowErrors([]);
    try {
      const text = await file.text();
      const r = await api('POST', `/suppressions/import?waba_id=${encodeURIComponent(waba())}`, text, 'text/csv');
      show(t('supp.imported', { rows: fmt.number(r.rows), added: fmt.number(r.added), already: fmt.number(r.already_listed) }));
      offset = 0;
      await load();
    } catch (err) {
      show(err.message, true);
      showRowErrors(err.details);
    } finally {
      $('supp-import').value = '';
    }
  }

  let searchTimer = null;
  $('supp-search').addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => { offset = 0; load().catch((e) => show(e.message, true)); }, 250);
  });
  $('supp-waba').addEventListener('change', () => { offset = 0; load().catch((e) => show(e.message, true)); });
  $('supp-prev').addEventListener('click', () => { offset = Math.max(0, offset - PAGE); load().catch((e) => show(e.message, true)); });
  $('supp-next').addEventListener('click', () => { offset += PAGE; load().catch((e) => show(e.message, true)); });
  $('supp-add').addEventListener('click', openAdd);
  $('supp-cancel').addEventListener('click', () => $('supp-dialog').close());
  $('supp-form').addEventListener('submit', saveAdd);
  $('supp-remove-cancel').addEventListener('click', () => $('supp-remove-dialog').close());
  $('supp-remove-form').addEventListener('submit', saveRemove);
  $('supp-import').addEventListener('change', importFile);

  loadWabas().then(load).catch((e) => show(e.message, true));
})();
