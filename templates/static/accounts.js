// Cuentas de Origen and Plantillas HSM over /campaigns/api/v1. Secrets are write-only: the page
// only ever shows their last four characters and sends a secret field only when it was typed.
(() => {
  'use strict';
  const root = document.getElementById('accounts-page');
  if (!root) return;
  const DEPARTMENTS = JSON.parse(document.getElementById('accounts-departments').textContent);
  const t = CampaignsPage.locale('accounts-locale');
  const $ = (id) => document.getElementById(id);
  const API = '/campaigns/api/v1';
  // Figures and times in the page's language, times on the installation's clock: page-kit.js.
  const fmt = window.CampaignsPage.format();

  let accounts = [];
  let editing = null;     // account being edited, null = adding
  let assigning = null;   // template whose departments are being edited

  const api = CampaignsPage.client(API, t);
  const { el } = CampaignsPage;

  function show(box, text, bad = false) {
    box.textContent = text;
    box.classList.toggle('acc-bad', bad);
    box.hidden = !text;
  }

  const masked = (last4) => (last4 ? '••••' + last4 : '—');
  const tierLabel = (tier) => (tier === 'UNLIMITED' || tier === 'TIER_UNLIMITED' ? t('accounts.f.unlimited') : tier);

  // ---- accounts
  async function loadAccounts() {
    const data = await api('GET', '/accounts');
    accounts = data.items;
    renderAccounts();
    renderAccountSelect();
  }

  function renderAccounts() {
    const body = $('accounts-table').tBodies[0];
    body.replaceChildren();
    if (!accounts.length) {
      body.append(el('tr', { class: 'cmp-empty' }, el('td', { colspan: 8 }, t('accounts.empty'))));
      return;
    }
    for (const a of accounts) {
      const row = el('tr', { 'data-account': a.id },
        el('td', {}, a.display_name),
        el('td', {}, a.phone_number_id),
        el('td', {}, a.waba_id),
        el('td', { class: 'acc-secret', title: t('accounts.tokenHint') }, masked(a.access_token_last4)),
        el('td', {}, fmt.number(a.throughput_per_second)),
        el('td', {}, tierLabel(a.daily_limit_tier)),
        el('td', {}, a.needs_credentials
          ? el('span', { class: 'acc-badge acc-badge-off', title: t('accounts.needsCredentialsHint') }, t('accounts.needsCredentials'))
          : el('span', { class: 'acc-badge ' + (a.enabled ? 'acc-badge-on' : 'acc-badge-off') },
            a.enabled ? t('accounts.enabled') : t('accounts.disabled'))),
        el('td', {}, el('div', { class: 'acc-row-actions' },
          el('button', { type: 'button', class: 'cmp-btn', onclick: () => openAccount(a) }, t('accounts.edit')),
          el('button', { type: 'button', class: 'cmp-btn', onclick: (e) => testAccount(a, row, e.currentTarget) }, t('accounts.test')),
          el('button', { type: 'button', class: 'cmp-btn', onclick: () => toggleAccount(a) },
            a.enabled ? t('accounts.disable') : t('accounts.enable')))));
      body.append(row);
    }
  }

  async function testAccount(a, row, button) {
    row.nextElementSibling?.classList.contains('acc-test') && row.nextElementSibling.remove();
    button.disabled = true;
    const cell = el('td', { colspan: 8 }, t('accounts.testing'));
    const line = el('tr', { class: 'acc-test' }, cell);
    row.after(line);
    try {
      const r = await api('POST', `/accounts/${a.id}/test`);
      let text = t('accounts.testOk', { number: r.display_phone_number, name: r.verified_name,
        quality: r.quality_rating || '—', tier: tierLabel(r.messaging_limit_tier || '—') });
      if (!r.tier_matches) text += ' ' + t('accounts.tierMismatch', { tier: tierLabel(a.daily_limit_tier) });
      cell.textContent = '✓ ' + text;
    } catch (e) {
      line.classList.add('acc-bad');
      cell.textContent = '✗ ' + e.message;
    } finally {
      button.disabled = false;
    }
  }

  async function toggleAccount(a) {
    try {
      await api('PATCH', `/accounts/${a.id}`, { enabled: !a.enabled });
      show($('acc-message'), t(a.enabled ? 'accounts.disabledOk' : 'accounts.enabledOk', { name: a.display_name }));
      await loadAccounts();
    } catch (e) {
      show($('acc-message'), e.message, true);
    }
  }

  const form = $('acc-form');
  function clearErrors() {
    form.querySelectorAll('.acc-err').forEach((p) => { p.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach((i) => i.removeAttribute('aria-invalid'));
  }

  // Tickets opened by messages no campaign matches go to this department.
  $('f-inbound_department_id').replaceChildren(el('option', { value: '' }, t('tpl.noDepartment')),
    ...DEPARTMENTS.map((d) => el('option', { value: d.id }, d.name)));

  function openAccount(a) {
    editing = a || null;
    clearErrors();
    form.reset();
    $('acc-dialog-title').textContent = a ? t('accounts.editTitle', { name: a.display_name }) : t('accounts.add');
    $('acc-webhook-url').textContent = location.origin + '/campaigns/webhooks/whatsapp';
    for (const input of form.querySelectorAll('input, select')) {
      if (input.hasAttribute('data-secret')) {
        const last4 = a ? a[input.name + '_last4'] : '';
        input.value = '';
        input.placeholder = last4 ? t('accounts.keepSecret', { last4 }) : '';
        input.required = !a;
      } else if (input.hasAttribute('data-department')) {
        input.value = a && a[input.name] ? String(a[input.name]) : '';
      } else if (a && a[input.name] !== undefined) {
        input.value = a[input.name];
      }
    }
    $('acc-dialog').showModal();
    $('f-display_name').focus();
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors();
    const body = {};
    for (const input of form.querySelectorAll('input, select')) {
      const value = input.value.trim();
      if (input.hasAttribute('data-secret') && !value && editing) continue;  // keep the stored secret
      if (input.hasAttribute('data-department')) body[input.name] = value ? Number(value) : null;
      else body[input.name] = input.type === 'number' ? Number(value) : value;
    }
    $('acc-save').disabled = true;
    try {
      if (editing) await api('PATCH', `/accounts/${editing.id}`, body);
      else await api('POST', '/accounts', body);
      $('acc-dialog').close();
      show($('acc-message'), t('accounts.saved', { name: body.display_name }));
      await loadAccounts();
      await loadTemplates();
    } catch (err) {
      for (const d of err.details) {
        const p = form.querySelector(`.acc-err[data-for="${d.field}"]`);
        if (p) { p.textContent = d.message; form.elements[d.field]?.setAttribute('aria-invalid', 'true'); }
      }
      $('acc-form-error').textContent = err.message;
    } finally {
      $('acc-save').disabled = false;
    }
  });
  $('acc-cancel').addEventListener('click', () => $('acc-dialog').close());
  $('acc-add').addEventListener('click', () => openAccount(null));

  // ---- templates
  const STATUS = { APPROVED: 'tpl.status.approved', PENDING: 'tpl.status.pending', REJECTED: 'tpl.status.rejected',
    PAUSED: 'tpl.status.paused', DISABLED: 'tpl.status.disabled', DELETED: 'tpl.status.deleted',
    IN_APPEAL: 'tpl.status.inAppeal' };
  const HEADER = { '': 'tpl.header.none', TEXT: 'tpl.header.text', IMAGE: 'tpl.header.image', VIDEO: 'tpl.header.video',
    DOCUMENT: 'tpl.header.document', LOCATION: 'tpl.header.location' };
  const depName = (id) => DEPARTMENTS.find((d) => d.id === id)?.name ?? `#${id}`;

  function renderAccountSelect() {
    const select = $('tpl-account');
    const current = select.value;
    select.replaceChildren(...accounts.map((a) => el('option', { value: a.id }, a.display_name)));
    if (accounts.some((a) => String(a.id) === current)) select.value = current;
    $('tpl-sync').disabled = !accounts.length;
  }

  function renderDepartmentSelect() {
    $('tpl-department').replaceChildren(
      el('option', { value: '' }, t('tpl.allDepartments')),
      el('option', { value: 'none' }, t('tpl.noDepartment')),
      ...DEPARTMENTS.map((d) => el('option', { value: d.id }, d.name)));
  }

  async function loadTemplates() {
    const body = $('templates-table').tBodies[0];
    const account = $('tpl-account').value;
    if (!account) {
      body.replaceChildren(el('tr', { class: 'cmp-empty' }, el('td', { colspan: 8 }, t('tpl.noAccount'))));
      return;
    }
    const q = new URLSearchParams({ account });
    if ($('tpl-department').value) q.set('department', $('tpl-department').value);
    if ($('tpl-approved').checked) q.set('approved_only', '1');
    try {
      const data = await api('GET', '/templates?' + q);
      body.replaceChildren();
      if (!data.items.length) {
        body.append(el('tr', { class: 'cmp-empty' }, el('td', { colspan: 8 }, t('tpl.empty'))));
        return;
      }
      for (const tp of data.items) body.append(templateRow(tp));
    } catch (e) {
      show($('tpl-result'), e.message, true);
    }
  }

  function templateRow(tp) {
    const columns = tp.required_parameters.filter((p) => p.from_upload_file).map((p) => p.column);
    const params = el('td', { title: tp.preview }, fmt.number(tp.parameter_count),
      columns.length ? el('div', { class: 'acc-muted' }, columns.join(', ')) : '');
    return el('tr', { 'data-template': tp.name },
      el('td', { title: tp.preview }, tp.name),
      el('td', {}, tp.language),
      el('td', {}, tp.category),
      el('td', {}, el('span', { class: 'acc-badge acc-badge-' + tp.status }, STATUS[tp.status] ? t(STATUS[tp.status]) : tp.status)),
      params,
      el('td', {}, t(HEADER[tp.header_type] ?? tp.header_type)),
      el('td', { class: 'tpl-departments' }, tp.department_ids.length ? tp.department_ids.map(depName).join(', ')
        : el('span', { class: 'acc-muted' }, t('tpl.noneAssigned'))),
      el('td', {}, el('div', { class: 'acc-row-actions' },
        el('button', { type: 'button', class: 'cmp-btn', onclick: () => openAssign(tp) }, t('tpl.assign')),
        // Only a template with quick replies can be answered with a button press.
        (tp.quick_replies || []).length ? el('button', { type: 'button', class: 'cmp-btn', 'data-act': 'optout', onclick: () => openOptOut(tp) }, t('tpl.optout')) : '',
        el('a', { class: 'cmp-btn', href: `${API}/templates/${tp.id}/format?type=xlsx` }, t('tpl.format')))));
  }

  function openAssign(tp) {
    assigning = tp;
    $('tpl-dialog-name').textContent = `${tp.name} (${tp.language})`;
    $('tpl-form-error').textContent = '';
    $('tpl-dialog-departments').replaceChildren(...DEPARTMENTS.map((d) =>
      el('label', {}, Object.assign(el('input', { type: 'checkbox', value: d.id, name: 'department' }),
        { checked: tp.department_ids.includes(d.id) }), d.name)));
    $('tpl-dialog').showModal();
  }

  $('tpl-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const ids = [...$('tpl-dialog-departments').querySelectorAll('input:checked')].map((i) => Number(i.value));
    try {
      await api('PUT', `/templates/${assigning.id}/departments`, { department_ids: ids });
      $('tpl-dialog').close();
      show($('tpl-result'), t('tpl.assigned', { name: assigning.name,
        departments: ids.length ? ids.map(depName).join(', ') : t('tpl.noneAssigned') }));
      await loadTemplates();
    } catch (err) {
      $('tpl-form-error').textContent = [err.message, ...err.details.map((d) => d.message)].join(' ');
    }
  });
  $('tpl-cancel').addEventListener('click', () => $('tpl-dialog').close());

  // "Botones de baja" (issue 12): which button presses put the number on the WABA's suppression
  // list. A quick reply comes back with its text as payload; other payloads are typed one a line.
  let optingOut = null;
  async function openOptOut(tp) {
    optingOut = tp;
    $('optout-dialog-name').textContent = `${tp.name} (${tp.language})`;
    $('optout-form-error').textContent = '';
    let marked = [];
    try { marked = (await api('GET', `/templates/${tp.id}/optout-payloads`)).payloads; }
    catch (e) { $('optout-form-error').textContent = e.message; }
    const buttons = tp.quick_replies || [];
    $('optout-buttons').replaceChildren(...buttons.map((text) =>
      el('label', {}, Object.assign(el('input', { type: 'checkbox', value: text, name: 'optout' }), { checked: marked.includes(text) }), text)));
    $('optout-other').value = marked.filter((p) => !buttons.includes(p)).join('\n');
    $('optout-dialog').showModal();
  }
  $('optout-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const payloads = [...$('optout-buttons').querySelectorAll('input:checked')].map((i) => i.value);
    for (const line of $('optout-other').value.split('\n').map((l) => l.trim()))
      if (line && !payloads.includes(line)) payloads.push(line);
    try {
      await api('PUT', `/templates/${optingOut.id}/optout-payloads`, { payloads });
      $('optout-dialog').close();
      show($('tpl-result'), payloads.length ? t('tpl.optoutSaved', { name: optingOut.name, payloads: payloads.join(', ') })
        : t('tpl.optoutCleared', { name: optingOut.name }));
    } catch (err) {
      $('optout-form-error').textContent = [err.message, ...err.details.map((d) => d.message)].join(' ');
    }
  });
  $('optout-cancel').addEventListener('click', () => $('optout-dialog').close());

  $('tpl-sync').addEventListener('click', async () => {
    const account = $('tpl-account').value;
    if (!account) return;
    const button = $('tpl-sync');
    button.disabled = true;
    show($('tpl-result'), t('tpl.syncing'));
    try {
      const r = await api('POST', `/accounts/${account}/templates/sync`);
      let text = t('tpl.synced', { added: fmt.number(r.added), updated: fmt.number(r.updated),
        unchanged: fmt.number(r.unchanged), removed: fmt.number(r.removed), skipped: fmt.number(r.skipped.length) });
      if (r.skipped.length) text += ' ' + t('tpl.skippedList', { list: r.skipped.join('; ') });
      show($('tpl-result'), text);
      await loadTemplates();
    } catch (e) {
      show($('tpl-result'), e.message, true);
    } finally {
      button.disabled = false;
    }
  });
  for (const id of ['tpl-account', 'tpl-department', 'tpl-approved']) $(id).addEventListener('change', loadTemplates);

  renderDepartmentSelect();
  loadAccounts().then(loadTemplates).catch((e) => show($('acc-message'), e.message, true));
})();
