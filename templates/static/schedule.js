// "Programar envío" (issue 13) on "Administrador > Mis Campañas": the schedule dialog (date, time,
// optional send window), the "Programada" row with its local time, "Cambiar" and "Cancelar
// programación", "En pausa hasta HH:MM" while the send window holds a campaign, and "Aprobar" when a
// large campaign needs a second administrator, and "Tanda 1 de 3 · siguiente: ..." for a campaign sent
// in waves ("Programar en tandas", send-plan.js). Times are shown and typed in the installation's time
// zone (GET /scheduling/settings), not the browser's. campaigns.js calls row() and click().
(function () {
  'use strict';
  const API = '/campaigns/api/v1';
  // Locale strings and JSON calls with the session's CSRF token: page-kit.js, as on every page.
  const t = window.CampaignsPage.locale('campaigns-locale');
  const api = window.CampaignsPage.client(API, t);
  // Escaping and the one way times are written, on the installation's clock: page-kit.js.
  const { esc } = window.CampaignsPage;
  const fmt = window.CampaignsPage.format();
  const settings = { timeZone: fmt.tz, approvalMin: 0 };
  const DAYS = [1, 2, 3, 4, 5, 6, 7];

  // {date, time} as the row's words show them ("8 dic 2026", "05:39"), and the wall clock's day.
  const shown = (iso) => ({ date: fmt.date(iso), time: fmt.time(iso), day: fmt.wallClock(iso).date });
  const todayLocal = () => fmt.wallClock(new Date().toISOString()).date;
  const dayNames = (days) => days.map((d) => t('schedule.day.' + d)).join(', ');
  const button = (act, id, label, primary) => `<button type="button" class="cmp-btn${primary ? ' cmp-btn-primary' : ''}" data-act="${act}" data-id="${id}">${esc(label)}</button>`;
  const needsApproval = (c) => settings.approvalMin > 0 && c.contacts > settings.approvalMin && !c.approved_at && (c.state === 'loaded' || c.state === 'scheduled');

  // What the list row adds: hints under the state badge and the actions.
  function row(c) {
    let state = '';
    const actions = [];
    if (c.state === 'scheduled' && c.scheduled_at) {
      const at = shown(c.scheduled_at);
      state += `<div class="cmp-hint cmp-scheduled-at" data-scheduled-at="${esc(c.scheduled_at)}">${esc(t('schedule.row.at', at))}</div>`;
      actions.push(button('schedule', c.id, t('schedule.act.change')), button('unschedule', c.id, t('schedule.act.cancel')));
    } else if (c.actions && c.actions.schedule) {
      actions.push(button('schedule', c.id, t('schedule.act.schedule')));
    }
    if (c.state === 'sending' && c.hold_until) {
      const at = shown(c.hold_until);
      const text = at.day === todayLocal() ? t('schedule.row.heldUntil', at) : t('schedule.row.heldUntilDate', at);
      state += `<div class="cmp-badge cmp-state-held" data-hold-until="${esc(c.hold_until)}">${esc(text)}</div>`;
    }
    if (c.waves && c.waves.length > 1 && (c.state === 'sending' || c.state === 'paused')) state += wavesHint(c.waves);
    if (c.send_window && c.state !== 'completed' && c.state !== 'cancelled') {
      state += `<div class="cmp-hint">${esc(t('schedule.row.window', { from: c.send_window.from, to: c.send_window.to, days: dayNames(c.send_window.days) }))}</div>`;
    }
    if (c.state === 'loaded' && c.schedule_problem) state += `<div class="cmp-hint cmp-schedule-problem" role="note">${esc(t('schedule.row.problem', { reason: c.schedule_problem }))}</div>`;
    if (needsApproval(c)) {
      state += `<div class="cmp-hint">${esc(t('schedule.row.needsApproval'))}</div>`;
      actions.push(button('approve', c.id, t('schedule.act.approve')));
    } else if (c.approved_at) {
      state += `<div class="cmp-hint">${esc(t('schedule.row.approvedBy', { name: c.approved_by_name || '' }))}</div>`;
    }
    return { state, actions };
  }

  // The wave under way (the last one whose start has come) and when the next one starts.
  function wavesHint(waves) {
    const now = Date.now();
    const current = Math.max(1, waves.filter((w) => new Date(w.starts_at).getTime() <= now).length);
    const next = waves[current];
    let text = t('waves.row', { n: current, total: waves.length });
    if (next) {
      const at = shown(next.starts_at);
      text = t('waves.row.next', { n: current, total: waves.length, date: at.date, time: at.time });
    }
    return `<div class="cmp-hint cmp-waves" data-wave="${current}" data-waves="${waves.length}">${esc(text)}</div>`;
  }

  // ---------- dialog ----------
  const d = { id: null, ret: null, offsets: null };
  function buildDialog() {
    const days = DAYS.map((n) => `<label class="cmp-day"><input type="checkbox" name="s-day" value="${n}" ${n <= 5 ? 'checked' : ''}> ${esc(t('schedule.day.' + n))}</label>`).join('');
    window.CampaignsPage.modal({
      id: 'schedule-modal', formId: 'schedule-form', noValidate: true, modalClass: 'cmp-modal-small', titleId: 'schedule-title',
      title: t('schedule.title'), onClose: close, closeId: 'schedule-close', closeLabel: t('create.close'),
      body: `<p class="cmp-hint" id="schedule-zone"></p>
          <div class="cmp-schedule-when">
            <div class="cmp-field"><label for="s-date">${esc(t('schedule.date'))}</label><input type="date" id="s-date" required></div>
            <div class="cmp-field"><label for="s-time">${esc(t('schedule.time'))}</label><input type="time" id="s-time" required></div>
          </div>
          <fieldset class="cmp-field" id="s-offsets" hidden><legend>${esc(t('schedule.repeated'))}</legend><div id="s-offset-choices"></div></fieldset>
          <fieldset class="cmp-field cmp-schedule-window">
            <legend><label><input type="checkbox" id="s-window"> ${esc(t('schedule.window'))}</label></legend>
            <p class="cmp-hint">${esc(t('schedule.windowHint'))}</p>
            <div class="cmp-schedule-when">
              <div class="cmp-field"><label for="s-from">${esc(t('schedule.from'))}</label><input type="time" id="s-from" value="09:00" disabled></div>
              <div class="cmp-field"><label for="s-to">${esc(t('schedule.to'))}</label><input type="time" id="s-to" value="20:00" disabled></div>
            </div>
            <div class="cmp-days" id="s-days">${days}</div>
          </fieldset>
          <p class="cmp-form-error" id="schedule-error" role="alert"></p>`,
      footer: `<button type="button" class="cmp-btn" id="schedule-cancel" data-close>${esc(t('common.cancel'))}</button>
          <button type="submit" class="cmp-btn cmp-btn-primary" id="schedule-submit">${esc(t('schedule.submit'))}</button>`,
    });
  }
  const $ = (sel) => document.querySelector(sel);
  function setWindowEnabled(on) {
    $('#s-window').checked = on;
    ['#s-from', '#s-to'].forEach((s) => { $(s).disabled = !on; });
    document.querySelectorAll('input[name="s-day"]').forEach((i) => { i.disabled = !on; });
  }
  function open(c, from) {
    d.id = c.id; d.ret = from; d.offsets = null;
    $('#schedule-error').textContent = '';
    $('#s-offsets').hidden = true;
    $('#schedule-zone').textContent = t('schedule.zone', { zone: settings.timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone });
    const at = c.scheduled_at ? fmt.wallClock(c.scheduled_at) : null;
    $('#s-date').value = at ? at.date : '';
    $('#s-time').value = at ? at.time : '09:00';
    $('#s-date').min = todayLocal();
    const w = c.send_window;
    if (w) {
      $('#s-from').value = w.from; $('#s-to').value = w.to;
      document.querySelectorAll('input[name="s-day"]').forEach((i) => { i.checked = w.days.includes(Number(i.value)); });
    }
    setWindowEnabled(!!w);
    $('#schedule-title').textContent = t(c.state === 'scheduled' ? 'schedule.titleChange' : 'schedule.title');
    $('#schedule-modal').hidden = false;
    $('#s-date').focus();
  }
  function close() { $('#schedule-modal').hidden = true; if (d.ret) d.ret.focus(); }

  async function submit(ev, done) {
    ev.preventDefault();
    const date = $('#s-date').value, time = $('#s-time').value;
    if (!date || !time) { $('#schedule-error').textContent = t('schedule.problem.when'); return; }
    const body = { start_at: `${date}T${time}` };
    const chosen = document.querySelector('input[name="s-offset"]:checked');
    if (chosen) body.utc_offset = chosen.value;
    if ($('#s-window').checked) {
      const days = Array.from(document.querySelectorAll('input[name="s-day"]:checked')).map((i) => Number(i.value));
      if (!days.length) { $('#schedule-error').textContent = t('schedule.problem.days'); return; }
      body.send_window = { from: $('#s-from').value, to: $('#s-to').value, days };
    }
    try {
      const r = await api('POST', `/campaigns/${d.id}/schedule`, body);
      if (!$('#s-window').checked) await api('DELETE', `/campaigns/${d.id}/send-window`);
      close();
      done(t('schedule.done', shown(r.start_at)));
    } catch (e) {
      $('#schedule-error').textContent = e.message;
      // A time that happens twice: let the person choose which.
      if (e.body && e.body.error === 'start_at_ambiguous' && Array.isArray(e.body.details)) {
        $('#s-offset-choices').innerHTML = e.body.details.map((o, i) => `<label><input type="radio" name="s-offset" value="${esc(o)}" ${i === 0 ? 'checked' : ''}> ${esc(t(i === 0 ? 'schedule.offset.first' : 'schedule.offset.second', { offset: o }))}</label>`).join('');
        $('#s-offsets').hidden = false;
      }
    }
  }

  // Handles the list's buttons of this file; true when it did.
  function click(btn, ctx) {
    const act = btn.dataset.act, id = btn.dataset.id;
    if (!['schedule', 'unschedule', 'approve'].includes(act)) return false;
    const c = (ctx && ctx.items && ctx.items.get(String(id))) || { id, state: 'loaded' };
    const reload = (ctx && ctx.reload) || (() => {}), flash = (ctx && ctx.flash) || (() => {});
    if (act === 'schedule') {
      $('#schedule-form').onsubmit = (ev) => submit(ev, (text) => { flash(text); reload(); });
      open(c, btn);
    } else {
      btn.disabled = true;
      const call = act === 'approve' ? api('POST', `/campaigns/${id}/approve`) : api('DELETE', `/campaigns/${id}/schedule`);
      call.then(() => flash(t(act === 'approve' ? 'schedule.approved' : 'schedule.cancelled')), (e) => flash(e.message)).then(reload);
    }
    return true;
  }

  function init() {
    buildDialog();
    $('#s-window').addEventListener('change', (ev) => setWindowEnabled(ev.target.checked));
    ['#s-date', '#s-time'].forEach((s) => $(s).addEventListener('change', () => { $('#s-offsets').hidden = true; $('#s-offset-choices').innerHTML = ''; }));
    api('GET', '/scheduling/settings').then((s) => {
      settings.timeZone = s.time_zone; settings.approvalMin = s.approval_min_recipients || 0;
      if (window.CampaignsSchedule.reload) window.CampaignsSchedule.reload();
    }, () => {});
  }

  window.CampaignsSchedule = { row, click, reload: null };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
})();
