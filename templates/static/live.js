// Live campaign state and counters for any page (list, analytics):
//   const stop = window.CampaignsLive.subscribe((campaign) => { ... });
// `campaign` is the JSON of GET /campaigns/api/v1/events ("event: campaign"): id, state,
// state_label, counters, times. One EventSource is shared by every subscriber of the page; the
// browser reconnects by itself and sends Last-Event-ID so nothing changed meanwhile is lost. When
// the server refuses (503: too many live clients) or the stream errors closed, we retry with a
// growing delay.
(function () {
  'use strict';
  const URL = '/campaigns/api/v1/events';
  const listeners = new Set();
  let source = null;
  let lastEventId = '';
  let retryMs = 3000;
  let retryTimer = null;

  function deliver(event) {
    if (event.lastEventId) lastEventId = event.lastEventId;
    let campaign;
    try {
      campaign = JSON.parse(event.data);
    } catch (err) {
      console.error('CampaignsLive: evento ilegible', err, event.data);
      return;
    }
    retryMs = 3000;
    listeners.forEach((fn) => {
      try { fn(campaign); } catch (err) { console.error('CampaignsLive: suscriptor falló', err); }
    });
  }

  function connect() {
    retryTimer = null;
    // A fresh EventSource cannot set Last-Event-ID itself; ?since= carries it.
    const url = lastEventId ? URL + '?since=' + encodeURIComponent(lastEventId) : URL;
    source = new EventSource(url, { withCredentials: true });
    source.addEventListener('campaign', deliver);
    source.addEventListener('open', () => { retryMs = 3000; });
    source.addEventListener('error', () => {
      // CONNECTING: the browser is already retrying. CLOSED: it gave up (e.g. a 503); we retry.
      if (source.readyState !== EventSource.CLOSED || listeners.size === 0) return;
      source = null;
      retryTimer = setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 60000);
    });
  }

  function disconnect() {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    if (source) source.close();
    source = null;
  }

  window.CampaignsLive = {
    // Returns a function that ends this subscription; the stream closes with the last one.
    subscribe(onCampaign) {
      listeners.add(onCampaign);
      if (!source && !retryTimer) connect();
      return () => {
        listeners.delete(onCampaign);
        if (listeners.size === 0) disconnect();
      };
    },
  };
})();
