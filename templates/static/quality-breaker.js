// The quality breaker in "Mis Campañas" (issue 13): a paused campaign's row says why it is paused
// (pause_code / pause_reason from the list API), and "Reanudar" asks for confirmation showing that
// reason again before POST .../resume. Only a pause for a Cloud API outage (api_unreachable) ends by
// itself, once the API answers again (sending/SendEngine); every other pause waits for this click.
// campaigns.js calls the three functions below from its row and click code.
(function () {
  'use strict';
  const AUTOMATIC = (code) => code && code !== 'admin';

  // The short reason (localised by code) and the server's own text when it says more.
  function reasonParts(c, t) {
    const key = 'quality.code.' + (c.pause_code || 'unknown');
    const label = t(key) === key ? (c.pause_reason || '') : t(key);
    const detail = c.pause_reason && c.pause_reason !== label ? c.pause_reason : '';
    return { label, detail };
  }

  function stateHtml(c, t, esc) {
    if (c.state !== 'paused' || !(c.pause_code || c.pause_reason)) return '';
    const r = reasonParts(c, t);
    return `<div class="cmp-pause" data-pause-code="${esc(c.pause_code || '')}">`
      + `<div class="cmp-pause-label${AUTOMATIC(c.pause_code) ? ' cmp-pause-auto' : ''}">${esc(r.label)}</div>`
      + (r.detail ? `<div class="cmp-hint cmp-pause-detail">${esc(r.detail)}</div>` : '')
      + '</div>';
  }

  function actions(c, t, esc) {
    if (c.state !== 'paused') return [];
    // The row's reason travels with the button, so the confirmation shows exactly what the row shows.
    return [`<button type="button" class="cmp-btn cmp-btn-primary" data-act="resume" data-id="${c.id}"`
      + ` data-name="${esc(c.name)}" data-pause-code="${esc(c.pause_code || '')}" data-pause-reason="${esc(c.pause_reason || '')}">`
      + `${esc(t('quality.act.resume'))}</button>`];
  }

  // The confirmation, built once and reused (page-kit.js's modal(): Escape closes it too).
  function dialog(t) {
    let overlay = document.getElementById('resume-modal');
    if (overlay) return overlay;
    overlay = window.CampaignsPage.modal({
      id: 'resume-modal', modalClass: 'cmp-modal-small', titleId: 'resume-title', title: '',
      onClose: () => { overlay.hidden = true; }, closeId: 'resume-close', closeLabel: t('create.close'),
      body: `<p class="cmp-resume-label" id="resume-reason-label"></p>
        <p class="cmp-hint" id="resume-reason-detail"></p>
        <p class="cmp-resume-warning" id="resume-warning"></p>
        <p class="cmp-field-error" id="resume-error" role="alert"></p>`,
      footer: `<button type="button" class="cmp-btn" id="resume-cancel"></button>
        <button type="button" class="cmp-btn cmp-btn-primary" id="resume-confirm"></button>`,
    });
    overlay.querySelector('#resume-cancel').textContent = t('quality.resume.cancel');
    overlay.querySelector('#resume-confirm').textContent = t('quality.resume.confirm');
    return overlay;
  }

  function confirmResume(btn, ctx) {
    const { api, t, flash, reload } = ctx;
    const c = { pause_code: btn.dataset.pauseCode, pause_reason: btn.dataset.pauseReason };
    const r = reasonParts(c, t);
    const overlay = dialog(t);
    const $ = (sel) => overlay.querySelector(sel);
    $('#resume-title').textContent = t('quality.resume.title', { name: btn.dataset.name });
    $('#resume-reason-label').textContent = t('quality.resume.reason', { reason: r.label });
    $('#resume-reason-detail').textContent = r.detail;
    $('#resume-warning').textContent = c.pause_code === 'api_unreachable' ? t('quality.resume.api_unreachable')
      : AUTOMATIC(c.pause_code) ? t('quality.resume.automatic') : '';
    $('#resume-error').textContent = '';
    const close = () => { overlay.hidden = true; btn.focus(); };
    $('#resume-cancel').onclick = close;
    $('#resume-confirm').onclick = async () => {
      $('#resume-confirm').disabled = true;
      try {
        await api('POST', `/campaigns/${btn.dataset.id}/resume`);
        overlay.hidden = true;
        flash(t('quality.resumed'));
        reload();
      } catch (e) {
        $('#resume-error').textContent = e.message;
      } finally {
        $('#resume-confirm').disabled = false;
      }
    };
    overlay.hidden = false;
    $('#resume-confirm').focus();
  }

  // True when the click was this feature's.
  function onClick(btn, ctx) {
    if (btn.dataset.act !== 'resume') return false;
    confirmResume(btn, ctx);
    return true;
  }

  window.CampaignsQuality = { stateHtml, actions, onClick };
})();
