// Keeps the WhatsApp state on a campaign's ticket current: while the tab is visible it asks the
// plugin every 5 s, and once more when the tab comes back into view.
(() => {
  const panel = document.querySelector('[data-campaigns-entry]');
  if (!panel) return;
  const id = panel.dataset.campaignsEntry;
  const badge = panel.querySelector('.wa-state');
  const detail = panel.querySelector('.wa-detail');
  async function refresh() {
    if (document.visibilityState !== 'visible') return;
    const r = await fetch(`/campaigns/api/v1/entries/${encodeURIComponent(id)}/whatsapp-state`, { credentials: 'same-origin' });
    if (!r.ok) return; // the next tick tries again; the page keeps the last known state
    const d = await r.json();
    badge.textContent = d.label;
    badge.dataset.tone = d.tone;
    detail.textContent = d.detail || '';
  }
  const tick = () => refresh().catch(() => { /* offline for a moment: the next tick tries again */ });
  setInterval(tick, 5000);
  document.addEventListener('visibilitychange', tick);
})();
