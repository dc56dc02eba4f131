// "Administrador > Mis Campañas": the campaigns list and the "Crear Campaña" modal, driven by the
// JSON API under /campaigns/api/v1. Plain JS, no external assets.
(function () {
  'use strict';
  const API = '/campaigns/api/v1';
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  // The page's words: t('key', {name}) from the locale JSON block; a missing key reads as itself.
  const T = JSON.parse((document.getElementById('campaigns-locale') || {}).textContent || '{}');
  const t = (k, vars = {}) => String(T[k] ?? k).replace(/\{(\w+)\}/g, (_, v) => String(vars[v] ?? ''));
  // The API client is page-kit.js's, as on every administrator page: CSRF token, Spanish errors
  // with status, body and details, FormData for the file uploads.
  const api = window.CampaignsPage.client(API, t);
  // Escaping and the one way figures and times are written (installation's time zone): page-kit.js.
  const { esc } = window.CampaignsPage;
  const fmt = window.CampaignsPage.format();

  // ---------- list ----------
  const list = { page: 1, pageSize: 20, timer: null, refreshError: null };
  const flash = (text) => { list.refreshError = null; $('#campaigns-flash').textContent = text; };
  // A failed refresh of the list says so, so it is never read as the outcome of the action just
  // taken (a send that worked), and it goes away once a later refresh succeeds.
  function refreshFailed(e) {
    flash(t('campaigns.refreshFailed', { message: e.message }));
    list.refreshError = $('#campaigns-flash').textContent;
  }
  function refreshSucceeded() {
    if (list.refreshError !== null && $('#campaigns-flash').textContent === list.refreshError) flash('');
    list.refreshError = null;
  }

  async function loadList() {
    const p = new URLSearchParams({ page: list.page, page_size: list.pageSize });
    const state = $('#filter-state').value, account = $('#filter-account').value, q = $('#filter-q').value.trim();
    if (state) p.set('state', state);
    if (account) p.set('account', account);
    if (q) p.set('q', q);
    let data;
    try { data = await api('GET', '/campaigns?' + p); } catch (e) { refreshFailed(e); return; }
    refreshSucceeded();
    renderList(data);
    clearTimeout(list.timer);
    if (data.items.some((c) => c.state === 'validating' || c.state === 'sending')) list.timer = setTimeout(loadList, 2000);
    // Open tickets and "Activa hasta" change slowly; refresh so they move, appear once the host made
    // a just-finished campaign's tickets, and go when the window ends.
    else if (data.items.some((c) => c.waiting_response || mayStillWait(c))) list.timer = setTimeout(loadList, 30000);
  }

  // A finished campaign that expects answers and finished less than wait_hours ago may be waiting
  // (the server decides; this only says whether to ask again).
  function mayStillWait(c) {
    return c.expects_response && c.finished_at && Date.parse(c.finished_at) + c.wait_hours * 3600e3 > Date.now();
  }

  function renderList(data) {
    const body = $('#campaigns-body');
    if (!data.items.length) {
      const filtered = $('#filter-state').value || $('#filter-account').value || $('#filter-q').value.trim();
      body.innerHTML = `<tr class="cmp-empty"><td colspan="10">${esc(filtered ? t('campaigns.noMatch') : t('campaigns.empty'))}</td></tr>`;
    } else {
      body.innerHTML = data.items.map(rowHtml).join('');
      list.items = new Map(data.items.map((c) => [String(c.id), c])); // for schedule.js ("Cambiar")
    }
    const pages = Math.max(1, Math.ceil(data.total / data.page_size));
    $('#campaigns-pager').innerHTML = pages > 1 ? `
      <button type="button" class="cmp-btn" data-page="${data.page - 1}" ${data.page <= 1 ? 'disabled' : ''}>${esc(t('campaigns.prev'))}</button>
      <span>${esc(t('campaigns.pageOf', { page: data.page, pages, total: data.total }))}</span>
      <button type="button" class="cmp-btn" data-page="${data.page + 1}" ${data.page >= pages ? 'disabled' : ''}>${esc(t('campaigns.next'))}</button>` : '';
  }

  function rowHtml(c) {
    let state = `<span class="cmp-badge cmp-state-${esc(c.state)}">${esc(T['state.' + c.state] ?? c.state_label)}</span>`;
    if (c.state === 'validating' && c.progress.rows_total > 0) {
      const pct = Math.min(100, Math.round(100 * c.progress.rows_processed / c.progress.rows_total));
      state += `<div class="cmp-progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${pct}" aria-label="${esc(t('campaigns.validation', { pct }))}"><span style="width:${pct}%"></span></div>`;
    }
    if (c.state === 'invalid' && c.error_count) state += `<div class="cmp-hint">${esc(t('campaigns.errors', { n: c.error_count }))}</div>`;
    // A finished campaign is active while it waits for answers (issue 17); the words come from the
    // page's locale (data-* on the table), the dates and counts from the list API.
    if (c.waiting_response) {
      const words = $('#campaigns-table').dataset;
      const tickets = c.open_tickets === 1 ? words.openTicket : words.openTickets.replace('{n}', c.open_tickets);
      state += `<div class="cmp-active" data-active-until="${esc(c.active_until)}" title="${esc(words.activeTitle)}">`
        + `<span class="cmp-badge cmp-state-active">${esc(words.activeUntil.replace('{date}', fmt.dateTime(c.active_until)))}</span>`
        + `<div class="cmp-hint" data-open-tickets="${c.open_tickets}">${esc(tickets)}</div></div>`;
    }
    if (window.CampaignsQuality) state += window.CampaignsQuality.stateHtml(c, t, esc); // why it is paused (issue 13)
    const a = c.actions, acts = [];
    if (a.send) acts.push(`<button type="button" class="cmp-btn cmp-btn-primary" data-act="send" data-id="${c.id}">${esc(t('campaigns.act.send'))}</button>`);
    // "Programar envío", "Programada", send window, approval (issue 13): templates/static/schedule.js.
    const sched = window.CampaignsSchedule ? window.CampaignsSchedule.row(c) : null;
    if (sched) { state += sched.state; acts.splice(a.send ? 1 : 0, 0, ...sched.actions); }
    acts.push(`<button type="button" class="cmp-btn" data-act="rename" data-id="${c.id}" data-name="${esc(c.name)}" ${a.rename ? '' : `disabled title="${esc(t('campaigns.act.renameOnly'))}"`}>${esc(t('campaigns.act.rename'))}</button>`);
    // Which states download what is the server's rule (campaigns::downloadOf): it sends the link.
    acts.push(a.download && c.download_url ? `<a class="cmp-btn" href="${esc(c.download_url)}" data-act="download">${esc(t('campaigns.act.download'))}</a>`
      : `<button type="button" class="cmp-btn" disabled title="${esc(t('campaigns.act.downloadLater'))}">${esc(t('campaigns.act.download'))}</button>`);
    acts.push(`<a class="cmp-btn" href="/campaigns/analytics?campaign=${c.id}">${esc(t('campaigns.act.results'))}</a>`);
    if (a.retry_failed) acts.push(`<button type="button" class="cmp-btn" data-act="retry-failed" data-id="${c.id}">${esc(t('campaigns.act.retryFailed'))}</button>`);
    if (window.CampaignsQuality) acts.push(...window.CampaignsQuality.actions(c, t, esc)); // "Reanudar" (issue 13)
    return `<tr data-id="${c.id}">
      <td>${esc(c.name)}</td><td>${fmt.number(c.contacts)}</td><td>${fmt.dateTime(c.send_date)}</td><td>${fmt.dateTime(c.end_date)}</td>
      <td>${esc(c.department_id == null ? t('create.noDepartment') : c.department_name)}</td><td>${esc(c.expects_response ? t('campaigns.yesHours', { hours: c.wait_hours }) : t('campaigns.no'))}</td>
      <td>${esc(c.template_name)}</td><td>${esc(c.account_name)}</td><td>${state}</td>
      <td><div class="cmp-actions">${acts.join('')}</div></td></tr>`;
  }

  async function onListClick(ev) {
    const pageBtn = ev.target.closest('[data-page]');
    if (pageBtn && !pageBtn.disabled) { list.page = Number(pageBtn.dataset.page); loadList(); return; }
    const btn = ev.target.closest('button[data-act]');
    if (!btn || btn.disabled) return;
    const id = btn.dataset.id;
    if (window.CampaignsQuality && window.CampaignsQuality.onClick(btn, { api, t, flash, reload: loadList })) return;
    if (window.CampaignsSchedule && window.CampaignsSchedule.click(btn, { items: list.items, reload: loadList, flash })) return;
    if (btn.dataset.act === 'send') {
      // The pre-send plan (send-plan.js) shows what will happen and sends from its dialog.
      if (window.CampaignsSendPlan) { window.CampaignsSendPlan.open(id, btn, (text) => { flash(text); loadList(); }); return; }
      btn.disabled = true;
      // The send takes no body: none is sent (an unread "{}" once broke the next request).
      try { await api('POST', `/campaigns/${id}/send`); flash(t('campaigns.sent')); }
      catch (e) { flash(e.message); }
      loadList();
    } else if (btn.dataset.act === 'rename') {
      openRename(id, btn.dataset.name, btn);
    } else if (btn.dataset.act === 'retry-failed') {
      // The failures by class and the chosen retry: retry-failed.js.
      window.CampaignsRetry.open(id, btn, (text) => { flash(text); loadList(); });
    }
  }

  // ---------- rename ----------
  let renameId = null, renameReturn = null;
  function openRename(id, name, from) {
    renameId = id; renameReturn = from;
    $('#rename-name').value = name; $('#rename-error').textContent = '';
    $('#rename-modal').hidden = false; $('#rename-name').focus();
  }
  function closeRename() { $('#rename-modal').hidden = true; if (renameReturn) renameReturn.focus(); }
  async function submitRename(ev) {
    ev.preventDefault();
    try {
      await api('PATCH', `/campaigns/${renameId}`, { name: $('#rename-name').value });
      closeRename(); flash(t('campaigns.renamed')); loadList();
    } catch (e) { $('#rename-error').textContent = e.message; }
  }

  // ---------- create modal ----------
  const f = { step: 1, accounts: [], templates: [], template: null, upload: null, report: null, media: null, links: {}, busy: false };
  const overlay = () => $('#create-modal');

  function fieldError(field, text) {
    const el = $(`#create-modal .cmp-field-error[data-for="${field}"]`);
    if (el) el.textContent = text || '';
  }
  function clearErrors() { $$('#create-modal .cmp-field-error').forEach((e) => { e.textContent = ''; }); $('#c-error').textContent = ''; }
  function showApiError(e) {
    $('#c-error').textContent = e.message;
    for (const d of (e.body && e.body.details) || []) if (d.field) fieldError(d.field, d.message);
  }

  async function openCreate() {
    Object.assign(f, { step: 1, template: null, upload: null, report: null, media: null, links: {} });
    clearErrors();
    $('#c-name').value = ''; $('#c-duplicates').checked = false; $('#c-consent').checked = false;
    $('#c-include-suppressed').checked = false; $('#c-cap-action').value = 'hold';
    $('#c-report').innerHTML = ''; $('#c-image-name').textContent = ''; $('#c-file').value = ''; $('#c-image').value = '';
    $('input[name="c-expects"][value="0"]').checked = true; $('#c-hours').disabled = true; $('#c-hours').value = 24;
    overlay().hidden = false;
    showStep(1);
    $('#c-name').focus();
    try {
      const [opts, accounts] = await Promise.all([api('GET', '/creation/options'), api('GET', '/accounts')]);
      $('#c-department').innerHTML = `<option value="">${esc(t('create.noDepartment'))}</option>` +
        opts.departments.map((d) => `<option value="${d.id}">${esc(d.name)}</option>`).join('');
      f.accounts = accounts.items.filter((a) => a.enabled);
      $('#c-account').innerHTML = f.accounts.length
        ? f.accounts.map((a) => `<option value="${a.id}">${esc(a.display_name)}</option>`).join('')
        : `<option value="">${esc(t('create.noAccounts'))}</option>`;
    } catch (e) { showApiError(e); }
  }
  function closeCreate() { overlay().hidden = true; $('#create-campaign').focus(); }

  function showStep(n) {
    f.step = n;
    $$('#create-modal .cmp-step').forEach((s) => { s.hidden = Number(s.dataset.step) !== n; });
    $$('#create-steps li').forEach((li) => {
      const k = Number(li.dataset.step);
      li.classList.toggle('is-current', k === n); li.classList.toggle('is-done', k < n);
      if (k === n) li.setAttribute('aria-current', 'step'); else li.removeAttribute('aria-current');
    });
    $('#c-prev').hidden = n === 1;
    $('#c-next').hidden = n === 5;
    $('#c-create').hidden = n !== 5;
    if (n === 5) renderSummary();
    updateCreateButton();
  }

  const departmentId = () => $('#c-department').value || null;
  const accountId = () => $('#c-account').value || null;

  async function loadTemplates() {
    const p = new URLSearchParams({ account: accountId(), approved_only: '1' });
    p.set('department', departmentId() || 'none');
    const data = await api('GET', '/templates?' + p);
    f.templates = data.items.filter((t) => t.approved);
    $('#c-template').innerHTML = f.templates.map((t) => `<option value="${t.id}">${esc(t.name)} (${esc(t.language)})</option>`).join('');
    $('#c-template-empty').hidden = f.templates.length > 0;
    if (f.template && !f.templates.some((t) => t.id === f.template.id)) f.template = null;
    if (f.template) $('#c-template').value = String(f.template.id);
    renderPreview();
  }

  function renderPreview() {
    const tpl = f.template;
    const box = $('#c-preview');
    const x = $('#c-format-xlsx'), c = $('#c-format-csv');
    if (!tpl) {
      box.innerHTML = `<span class="cmp-note">${esc(t('create.pickTemplate'))}</span>`;
      x.removeAttribute('href'); c.removeAttribute('href');
      return;
    }
    let html = esc(tpl.preview || '').replace(/\{\{\s*([\w.]+)\s*\}\}/g, '<span class="cmp-ph">{{$1}}</span>');
    const headerNote = { IMAGE: 'create.previewImage', VIDEO: 'create.previewVideo', DOCUMENT: 'create.previewDocument', LOCATION: 'create.previewLocation' }[tpl.header_type];
    if (headerNote) html = `<span class="cmp-note">${esc(t(headerNote))}</span>\n` + html;
    const cols = (tpl.required_parameters || []).filter((p) => p.from_upload_file).map((p) => p.column);
    box.innerHTML = html + (cols.length ? `<p class="cmp-hint">${esc(t('create.fileColumns', { columns: cols.join(', ') }))}</p>` : '');
    x.href = `${API}/templates/${tpl.id}/format?type=xlsx`;
    c.href = `${API}/templates/${tpl.id}/format?type=csv`;
  }

  function reportHtml(r) {
    const parts = [];
    const rows = `${r.rows} ${t(r.rows === 1 ? 'create.report.row' : 'create.report.rows')}`;
    if (r.valid) {
      const deferred = r.deferred ? ' ' + t('create.report.deferred', { n: r.validated_rows }) : '';
      parts.push(`<p class="cmp-report-ok">${esc(t('create.report.ok', { file: r.file_name, rows, deferred, unique: r.unique_phones }))}</p>`);
      // Numbers on the suppression list (issue 12): left out of the campaign, one line per row.
      if (r.excluded_count && !$('#c-include-suppressed').checked) {
        parts.push(`<p class="cmp-hint">${esc(t(r.excluded_count === 1 ? 'create.report.excluded.one' : 'create.report.excluded.many', { n: r.excluded_count }))}</p>`);
        parts.push(`<div class="cmp-errors"><table class="cmp-table cmp-errors-table"><thead><tr><th>${esc(t('create.report.col.row'))}</th><th>${esc(t('create.report.col.message'))}</th></tr></thead><tbody>${
          (r.excluded || []).map((e) => `<tr><td>${e.row}</td><td>${esc(e.message)}</td></tr>`).join('')}</tbody></table></div>`);
      }
      // The frequency cap (marketing templates only): rows whose number already got the account's cap.
      if (r.frequency_cap_per_day > 0) {
        const n = r.frequency_capped_count || 0;
        const key = n === 0 ? 'create.report.capped.none' : `create.report.capped.${$('#c-cap-action').value}.${n === 1 ? 'one' : 'many'}`;
        parts.push(`<p class="cmp-hint" id="c-report-capped">${esc(t(key, { n, limit: r.frequency_cap_per_day }))}</p>`);
      }
    } else {
      parts.push(`<p class="cmp-report-bad">${esc(t(r.error_total === 1 ? 'create.report.bad.one' : 'create.report.bad.many', { file: r.file_name, n: r.error_total, rows }))}</p>`);
      const counts = Object.entries(r.error_counts || {});
      if (counts.length) parts.push('<ul class="cmp-counts">' + counts.map(([k, n]) => `<li>${esc(T['create.report.count.' + k] ?? k.replace(/_/g, ' '))}: ${n}</li>`).join('') + '</ul>');
      parts.push(`<div class="cmp-errors"><table class="cmp-table cmp-errors-table"><thead><tr><th>${esc(t('create.report.col.row'))}</th><th>${esc(t('create.report.col.column'))}</th><th>${esc(t('create.report.col.message'))}</th></tr></thead><tbody>${
        r.errors.map((e) => `<tr><td>${e.row || '—'}</td><td>${esc(e.column || '—')}${e.header ? ` (${esc(e.header)})` : ''}</td><td>${esc(e.message)}</td></tr>`).join('')}</tbody></table></div>`);
      if (r.errors_truncated) parts.push(`<p class="cmp-hint">${esc(t('create.report.truncated', { n: r.errors.length }))}</p>`);
    }
    return parts.join('');
  }

  function applyReport(r) {
    f.report = r;
    $('#c-report').innerHTML = reportHtml(r);
    $('#c-links-report').innerHTML = r.valid ? `<p class="cmp-report-ok">${esc(t('create.links.valid'))}</p>` : reportHtml(r);
    $('#c-image-block').hidden = !r.header_image_required;
    renderLinks();
    updateCreateButton();
  }

  function renderLinks() {
    const r = f.report, tbody = $('#c-links tbody');
    const extra = (r && r.columns.extra) || [];
    $('#c-links-empty').hidden = extra.length > 0;
    $('#c-links').hidden = extra.length === 0;
    tbody.innerHTML = extra.map((e) => {
      const chosen = e.metadata_id == null ? '' : String(e.metadata_id);
      const options = [`<option value="">${esc(t('create.links.noLink'))}</option>`].concat(e.candidates.map((m) =>
        `<option value="${m.id}" ${String(m.id) === chosen ? 'selected' : ''}>${esc(m.name)} (${esc(T['metadata.type.' + m.type] ?? m.type_label)})</option>`)).join('');
      return `<tr><td><label class="cmp-sr" for="link-${e.index}">${esc(t('create.links.forColumn', { letter: e.letter }))}</label>
        <select id="link-${e.index}" data-column="${e.index}">${options}</select>${e.suggested ? ` <span class="cmp-hint">${esc(t('create.links.auto'))}</span>` : ''}</td>
        <td>${esc(e.letter)}: ${esc(e.header)}</td></tr>`;
    }).join('');
  }

  async function uploadSheet(file) {
    clearErrors();
    if (!file) return;
    const form = new FormData();
    form.append('file', file);
    form.append('template_id', f.template.id);
    form.append('department_id', departmentId() || '');
    form.append('allow_duplicates', $('#c-duplicates').checked ? '1' : '0');
    $('#c-report').innerHTML = `<p class="cmp-note">${esc(t('create.validating'))}</p>`;
    f.upload = null; f.links = {};
    try {
      const r = await api('POST', '/uploads', form);
      f.upload = r.upload_id;
      applyReport(r);
    } catch (e) {
      $('#c-report').innerHTML = '';
      fieldError('upload_id', e.message);
      updateCreateButton();
    }
  }

  async function revalidate() {
    if (!f.upload) return;
    try {
      const r = await api('POST', `/uploads/${f.upload}/validate`, {
        template_id: f.template.id, department_id: departmentId(), allow_duplicates: $('#c-duplicates').checked, links: f.links,
      });
      applyReport(r);
    } catch (e) { showApiError(e); }
  }

  async function uploadImage(file) {
    fieldError('media_file_id', '');
    if (!file) return;
    if (file.size > 5 * 1024 * 1024) { fieldError('media_file_id', t('create.imageTooBig')); return; }
    const form = new FormData();
    form.append('file', file);
    try {
      const r = await api('POST', '/media', form);
      f.media = r.media_file_id;
      $('#c-image-name').textContent = t('create.imageLoaded', { file: r.file_name, kb: Math.round(r.size / 1024) });
    } catch (e) { f.media = null; $('#c-image-name').textContent = ''; fieldError('media_file_id', e.message); }
    updateCreateButton();
  }

  function stepProblems(n) {
    const p = [];
    if (n === 1) {
      if (!$('#c-name').value.trim()) p.push(['name', t('create.problem.name')]);
      if (!accountId()) p.push(['account_id', t('create.problem.account')]);
    } else if (n === 2) {
      if (!f.template) p.push(['template_id', t('create.problem.template')]);
    } else if (n === 3) {
      if (!f.upload) p.push(['upload_id', t('create.problem.upload')]);
      else if (!f.report.valid) p.push(['upload_id', t('create.problem.fileErrors')]);
      if (f.report && f.report.header_image_required && !f.media) p.push(['media_file_id', t('create.problem.image')]);
    } else if (n === 4) {
      if (f.report && !f.report.valid) p.push(['upload_id', t('create.problem.links')]);
    } else if (n === 5) {
      const h = Number($('#c-hours').value);
      if (expects() && (!Number.isInteger(h) || h < 0 || h > 24)) p.push(['wait_hours', t('create.problem.hours')]);
      if (!$('#c-consent').checked) p.push(['consent', t('create.problem.consent')]);
    }
    return p;
  }
  const expects = () => $('input[name="c-expects"]:checked').value === '1';

  function updateCreateButton() {
    const ok = [1, 2, 3, 4, 5].every((n) => stepProblems(n).length === 0);
    $('#c-create').disabled = !ok || f.busy;
  }

  async function next() {
    clearErrors();
    const problems = stepProblems(f.step);
    if (problems.length) { problems.forEach(([k, m]) => fieldError(k, m)); return; }
    if (f.step === 1) {
      try { await loadTemplates(); } catch (e) { showApiError(e); return; }
    }
    showStep(f.step + 1);
  }

  function renderSummary() {
    const dep = $('#c-department');
    $('#c-summary').innerHTML = `<strong>${esc($('#c-name').value.trim())}</strong> · ${esc(dep.options[dep.selectedIndex].text)} ·
      ${esc(f.template ? f.template.name : '')} · ${esc(t('create.summaryContacts', { n: f.report ? f.report.rows : 0 }))}`;
  }

  async function create() {
    clearErrors();
    const problems = stepProblems(5);
    if (problems.length) { problems.forEach(([k, m]) => fieldError(k, m)); return; }
    f.busy = true; updateCreateButton();
    $('#c-create').textContent = t('create.creating');
    try {
      const c = await api('POST', '/campaigns', {
        name: $('#c-name').value.trim(), department_id: departmentId(), account_id: accountId(), template_id: f.template.id,
        upload_id: f.upload, links: f.links, allow_duplicates: $('#c-duplicates').checked, expects_response: expects(),
        include_suppressed_for_utility: $('#c-include-suppressed').checked, frequency_cap_action: $('#c-cap-action').value,
        wait_hours: expects() ? Number($('#c-hours').value) : 0, media_file_id: f.media, consent: $('#c-consent').checked,
      });
      closeCreate();
      flash(c.state === 'validating' ? t('create.created.validating', { name: c.name }) : t('create.created', { name: c.name, n: c.contacts }));
      list.page = 1; loadList();
    } catch (e) {
      showApiError(e);
      if (e.body && Array.isArray(e.body.details) && e.body.details.some((d) => d.row)) {
        applyReport(Object.assign({}, f.report, { valid: false, errors: e.body.details.filter((d) => d.row !== undefined), error_total: e.body.details.length, error_counts: {} }));
      }
    } finally {
      f.busy = false; $('#c-create').textContent = t('create.submit'); updateCreateButton();
    }
  }

  function dropZone(zone, input, onFile, many) {
    zone.addEventListener('click', () => input.click());
    zone.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); input.click(); } });
    zone.addEventListener('dragover', (ev) => { ev.preventDefault(); zone.classList.add('is-over'); });
    zone.addEventListener('dragleave', () => zone.classList.remove('is-over'));
    zone.addEventListener('drop', (ev) => {
      ev.preventDefault(); zone.classList.remove('is-over');
      const files = ev.dataTransfer.files;
      if (files.length > 1) { many(); return; }
      onFile(files[0]);
    });
    input.addEventListener('change', () => onFile(input.files[0]));
  }

  function trapFocus(ev) {
    if (ev.key === 'Escape') { if (!$('#rename-modal').hidden) closeRename(); else if (!overlay().hidden) closeCreate(); return; }
    if (ev.key !== 'Tab') return;
    const modal = !$('#rename-modal').hidden ? $('#rename-modal') : !overlay().hidden ? overlay() : null;
    if (!modal) return;
    const items = $$('button, [href], input, select, [tabindex="0"]', modal).filter((el) => !el.disabled && el.offsetParent !== null);
    if (!items.length) return;
    const first = items[0], last = items[items.length - 1];
    if (ev.shiftKey && document.activeElement === first) { ev.preventDefault(); last.focus(); }
    else if (!ev.shiftKey && document.activeElement === last) { ev.preventDefault(); first.focus(); }
  }

  async function init() {
    $('#create-campaign').addEventListener('click', openCreate);
    $('#campaigns-reload').addEventListener('click', loadList);
    if (window.CampaignsSchedule) window.CampaignsSchedule.reload = loadList;
    $('#create-close').addEventListener('click', closeCreate);
    $('#c-prev').addEventListener('click', () => { clearErrors(); showStep(f.step - 1); });
    $('#c-next').addEventListener('click', next);
    $('#c-create').addEventListener('click', create);
    $('#c-template').addEventListener('change', () => {
      f.template = f.templates.find((t) => String(t.id) === $('#c-template').value) || null;
      f.upload = null; f.report = null; f.media = null; $('#c-report').innerHTML = '';
      renderPreview(); updateCreateButton();
    });
    $('#c-department').addEventListener('change', () => { f.template = null; f.upload = null; f.report = null; });
    $('#c-account').addEventListener('change', () => { f.template = null; f.upload = null; f.report = null; });
    $('#c-duplicates').addEventListener('change', revalidate);
    $('#c-include-suppressed').addEventListener('change', () => f.report && applyReport(f.report));
    $('#c-cap-action').addEventListener('change', () => f.report && applyReport(f.report));
    $('#c-links').addEventListener('change', (ev) => {
      const sel = ev.target.closest('select[data-column]');
      if (!sel) return;
      f.links[sel.dataset.column] = sel.value ? Number(sel.value) : null;
      revalidate();
    });
    $$('input[name="c-expects"]').forEach((r) => r.addEventListener('change', () => { $('#c-hours').disabled = !expects(); updateCreateButton(); }));
    $('#c-hours').addEventListener('input', updateCreateButton);
    $('#c-consent').addEventListener('change', () => { fieldError('consent', ''); updateCreateButton(); });
    dropZone($('#c-drop'), $('#c-file'), uploadSheet, () => fieldError('upload_id', t('create.problem.oneFile')));
    dropZone($('#c-image-drop'), $('#c-image'), uploadImage, () => fieldError('media_file_id', t('create.problem.oneImage')));
    $('#rename-form').addEventListener('submit', submitRename);
    $('#rename-cancel').addEventListener('click', closeRename);
    document.addEventListener('keydown', trapFocus);
    $('#campaigns-table').addEventListener('click', onListClick);
    $('#campaigns-pager').addEventListener('click', onListClick);
    $('#campaigns-filters').addEventListener('change', () => { list.page = 1; loadList(); });
    $('#campaigns-filters').addEventListener('submit', (ev) => { ev.preventDefault(); list.page = 1; loadList(); });
    let typing;
    $('#filter-q').addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(() => { list.page = 1; loadList(); }, 300); });
    // State and counters change while a campaign sends: the server pushes each change and the list
    // follows within a second, with no reload (several changes in a burst cause one refresh).
    if (window.CampaignsLive) {
      let pending;
      window.CampaignsLive.subscribe(() => { clearTimeout(pending); pending = setTimeout(loadList, 250); });
    }
    try {
      const accounts = await api('GET', '/accounts');
      $('#filter-account').innerHTML = `<option value="">${esc(t('campaigns.filter.allAccounts'))}</option>` + accounts.items.map((a) => `<option value="${a.id}">${esc(a.display_name)}</option>`).join('');
    } catch (e) { flash(t('campaigns.accountsFailed', { message: e.message })); }
    loadList();
  }
  init();
})();
