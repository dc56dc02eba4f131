// Analítica > Mis campañas fed by the real sending engine: a campaign is sent through the Cloud API
// simulator (deliveries, reads, customer replies, failures on send and after acceptance, a repeated
// number), its webhooks are processed by the host, one reply comes without a read receipt and one
// is answered by an agent on its ticket. Then the stored counters must equal a recount from the
// entries, and every KPI the page shows must equal the issue's formula applied to the entries.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startHost, startSimulator, artifactsDir } from './lib/stack.js';
import { launch, login, newPage } from './lib/browser.js';
import { apiCall, uploadCsv } from './lib/pageApi.js';

const CAMPAIGN = 'Recordatorio en vivo';
const ROWS = 120;            // plus two repeated numbers
const RATE = 40;             // account messages per second, under the simulator's 50
let host;
let sim;
let browser;
let db;

// ---- sqlite3 on the host's database file (read-only use, with a busy timeout: the host writes)
function sqlJson(statement) {
  const r = spawnSync('sqlite3', ['-json', db], { input: `.timeout 5000\n${statement}`, encoding: 'utf8' });
  if (r.status !== 0 || r.stderr) throw new Error(`sqlite3 failed: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : [];
}
const one = (statement) => sqlJson(statement)[0] ?? {};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const COUNTER_COLS = ['queued', 'accepted', 'failed_send', 'unknown', 'cancelled', 'sent', 'delivered', 'read',
  'replied', 'replied_unread', 'addressed', 'failed_after_accept'];
const EVENT_COLS = ['accepted', 'failed_send', 'sent', 'delivered', 'read', 'replied', 'replied_unread', 'addressed',
  'failed_after_accept'];

const stored = (id) => one(`SELECT ${COUNTER_COLS.map((c) => `n_${c} AS ${c}`).join(', ')}, entries_total, unique_phones, state
  FROM campaigns_campaigns WHERE id = ${id};`);

// The same definitions as plugin/counters/Recount.cpp recountFromEntries().
const recount = (id) => one(`SELECT
  COALESCE(SUM(CASE WHEN state IN ('queued', 'claimed', 'dispatching') THEN 1 ELSE 0 END), 0) AS queued,
  COALESCE(SUM(CASE WHEN state = 'accepted' THEN 1 ELSE 0 END), 0) AS accepted,
  COALESCE(SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END), 0) AS failed_send,
  COALESCE(SUM(CASE WHEN state = 'unknown' THEN 1 ELSE 0 END), 0) AS unknown,
  COALESCE(SUM(CASE WHEN state = 'cancelled' THEN 1 ELSE 0 END), 0) AS cancelled,
  COALESCE(SUM(CASE WHEN state = 'accepted' AND progress >= 1 THEN 1 ELSE 0 END), 0) AS sent,
  COALESCE(SUM(CASE WHEN state = 'accepted' AND progress >= 2 THEN 1 ELSE 0 END), 0) AS delivered,
  COALESCE(SUM(CASE WHEN state = 'accepted' AND read_seen = 1 THEN 1 ELSE 0 END), 0) AS read,
  COALESCE(SUM(CASE WHEN state = 'accepted' AND progress >= 4 THEN 1 ELSE 0 END), 0) AS replied,
  COALESCE(SUM(CASE WHEN state = 'accepted' AND progress >= 4 AND read_seen = 0 THEN 1 ELSE 0 END), 0) AS replied_unread,
  COALESCE(SUM(CASE WHEN state = 'accepted' AND progress >= 5 THEN 1 ELSE 0 END), 0) AS addressed,
  COALESCE(SUM(CASE WHEN state = 'accepted' AND failed_after_accept = 1 THEN 1 ELSE 0 END), 0) AS failed_after_accept,
  COUNT(*) AS entries_total, COUNT(DISTINCT phone) AS unique_phones
  FROM campaigns_entries WHERE campaign_id = ${id};`);

// The same as plugin/counters/Recount.cpp dailyTotals(): the per-day rows must add up to the totals.
const dailyTotals = (id) => one(`SELECT ${EVENT_COLS.map((c) => `COALESCE(SUM(n_${c}), 0) AS ${c}`).join(', ')}
  FROM campaigns_daily_counters WHERE campaign_id = ${id};`);

// The KPIs straight from the entries, with the issue's words (messages, not people):
//   Mensajes enviados = accepted by Meta + failed on send; Entregados = delivered or read or replied;
//   Rebote = failed after acceptance + failed on send; Leídos = read + replied but never marked read;
//   Respondidos, Abordados; rates over sent (Entregados, Rebote) or over delivered (the rest).
function expectedFromEntries(id) {
  const e = one(`SELECT
    SUM(state IN ('accepted', 'failed')) AS sent,
    SUM(state = 'accepted' AND progress >= 2) AS delivered,
    SUM(state = 'accepted' AND failed_after_accept = 1) AS failed_after,
    SUM(state = 'failed') AS failed_send,
    SUM(state = 'accepted' AND read_seen = 1) AS read_receipts,
    SUM(state = 'accepted' AND progress >= 4 AND read_seen = 0) AS replied_never_read,
    SUM(state = 'accepted' AND progress >= 4) AS replied,
    SUM(state = 'accepted' AND progress >= 5) AS addressed,
    SUM(state IN ('queued', 'claimed', 'dispatching')) AS pending,
    SUM(state = 'unknown') AS unknown,
    COUNT(DISTINCT phone) AS unique_phones, COUNT(*) AS entries
    FROM campaigns_entries WHERE campaign_id = ${id};`);
  const rate = (n, d) => (d ? n / d : null);
  const read = e.read_receipts + e.replied_never_read;
  const bounce = e.failed_after + e.failed_send;
  return {
    raw: e,
    kpis: {
      sent: { count: e.sent, rate: null },
      delivered: { count: e.delivered, rate: rate(e.delivered, e.sent) },
      bounce: { count: bounce, rate: rate(bounce, e.sent) },
      read: { count: read, rate: rate(read, e.delivered) },
      replied: { count: e.replied, rate: rate(e.replied, e.delivered) },
      addressed: { count: e.addressed, rate: rate(e.addressed, e.delivered) },
    },
  };
}

const pctText = (r) => (r === null ? '—' : new Intl.NumberFormat('es-CL', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(r));
const numText = (n) => new Intl.NumberFormat('es-CL').format(n);

async function until(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

// Drains the simulator's pending webhooks and waits until the host has applied every one of them
// and the campaign's counters and entries stop moving.
async function settle(id) {
  const flushed = await sim.control('POST', '/_sim/flush', { timeout_ms: 30000, expedite: true });
  assert.equal(flushed.status, 200, `simulator flush: ${JSON.stringify(flushed.body)}`);
  let last = '';
  let same = 0;
  await until('the host to apply every webhook', () => {
    const pending = one("SELECT COUNT(*) AS n FROM campaigns_webhook_events WHERE processed = 0 AND kind IN ('status', 'message');").n;
    const snapshot = JSON.stringify([pending, stored(id), recount(id)]);
    same = snapshot === last && pending === 0 ? same + 1 : 0;
    last = snapshot;
    return same >= 3;
  }, 20000);
}

before(async () => {
  // A browser that leaves the live list (/campaigns/api/v1/events) is noticed by the host only when
  // a ping to it fails, and the host's shutdown waits for that stream (Host::stop stops the HTTP
  // server before the plugins that would end it): ping every second, not every 15, or stopping
  // the host takes ~30 s.
  host = await startHost({ extraConfig: 'plugins.campaigns.live.ping_s = 1' });
  db = path.join(host.dir, 'helpdesk.sqlite');
  sim = await startSimulator({
    webhookUrl: `${host.baseUrl}/campaigns/webhooks/whatsapp`,
    settings: {
      throughput_mps: 50, p_delivered: 0.85, p_read: 0.6, reply_probability: 0.4,
      sent_delay_ms: 20, delivered_delay_ms: 80, read_delay_ms: 200, reply_delay_ms: 300,
      // Numbers ending in 3 are accepted and then fail (131026, "No recibido"); ending in 7 are
      // refused on send (131050, "Falló envío").
      rules: '3=131026:async,7=131050:sync',
      // Webhooks sent twice and shuffled, and a few answers lost after the message was accepted
      // (the entry becomes unknown until a status webhook adopts it by its callback data).
      duplicate_rate: 0.1, out_of_order: true, drop_rate: 0.06, drop_mode: 'drop_after_accept',
    },
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await sim?.stop();
  await host?.stop();
});

test('the KPIs of a campaign sent through the simulator equal the entries, and the counters a recount', async () => {
  const page = await newPage(browser);
  await login(page, host.baseUrl, 'admin', 'admin123');
  await page.goto(`${host.baseUrl}/campaigns`);

  // ---- account, templates, upload, campaign
  const account = await apiCall(page, 'POST', '/campaigns/api/v1/accounts', {
    display_name: 'Simulador Analítica', phone_number_id: sim.phoneNumberId, waba_id: sim.wabaId,
    access_token: sim.token, app_secret: sim.appSecret, verify_token: 'verificar-analitica-1234',
    graph_base_url: sim.baseUrl, graph_version: 'v23.0', throughput_per_second: RATE,
  });
  assert.equal(account.status, 201, JSON.stringify(account.body));
  const sync = await apiCall(page, 'POST', `/campaigns/api/v1/accounts/${account.body.id}/templates/sync`);
  assert.equal(sync.status, 200, JSON.stringify(sync.body));
  const templates = await apiCall(page, 'GET', `/campaigns/api/v1/templates?account=${account.body.id}&approved_only=1`);
  assert.equal(templates.status, 200, JSON.stringify(templates.body));
  const bienvenida = (templates.body.items || templates.body).find((t) => t.name === 'bienvenida');
  assert.ok(bienvenida, 'the simulator template bienvenida was synchronised');

  const rows = ['telefono,parametro_1,parametro_2'];
  const phone = (i) => `56977${String(i).padStart(6, '0')}`;
  for (let i = 1; i <= ROWS; i += 1) rows.push(`${phone(i)},Cliente ${i},CUOTA-${i}`);
  rows.push(`${phone(1)},Cliente 1 bis,CUOTA-1B`, `${phone(2)},Cliente 2 bis,CUOTA-2B`);  // repeated numbers
  const upload = await uploadCsv(page, bienvenida.id, rows.join('\r\n'), { fileName: 'recordatorio-en-vivo.csv', allowDuplicates: true });
  assert.ok(upload.status === 200 || upload.status === 201, JSON.stringify(upload.body));
  assert.equal(upload.body.valid, true, JSON.stringify(upload.body.errors));
  const created = await apiCall(page, 'POST', '/campaigns/api/v1/campaigns', {
    name: CAMPAIGN, department_id: null, account_id: account.body.id, template_id: bienvenida.id,
    upload_id: upload.body.upload_id, links: {}, allow_duplicates: true, expects_response: true, wait_hours: 4,
    media_file_id: null, consent: true,
  });
  assert.ok(created.status === 200 || created.status === 201, JSON.stringify(created.body));
  const id = created.body.id;
  await until('the campaign to be Cargada', () => stored(id).state === 'loaded', 15000);

  // ---- send and let it finish
  const sent = await apiCall(page, 'POST', `/campaigns/api/v1/campaigns/${id}/send`);
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  await until('the campaign to finish sending', () => !['loaded', 'sending'].includes(stored(id).state), 30000);
  await settle(id);

  // ---- a reply without a read receipt (read receipts off on the customer's phone): through the
  // simulator, quoting a delivered message that was never read.
  const unread = one(`SELECT id, wamid FROM campaigns_entries WHERE campaign_id = ${id} AND state = 'accepted'
    AND progress = 2 AND read_seen = 0 AND failed_after_accept = 0 ORDER BY id LIMIT 1;`);
  assert.ok(unread.wamid, 'some message was delivered and not read');
  const inbound = await sim.control('POST', '/_sim/inbound', { wamid: unread.wamid, text: 'Ya pagué, gracias' });
  assert.ok(inbound.status === 200 || inbound.status === 202, JSON.stringify(inbound.body));
  await settle(id);
  assert.equal(one(`SELECT progress FROM campaigns_entries WHERE id = ${unread.id};`).progress, 4,
    'the reply without a read receipt was matched to its message');

  // ---- an agent answers one replied ticket in the host's ticket page: "Abordados"
  const replied = await until('a replied message with its ticket', () => {
    const r = one(`SELECT id, ticket_id FROM campaigns_entries WHERE campaign_id = ${id} AND state = 'accepted'
      AND progress = 4 AND ticket_id IS NOT NULL ORDER BY id LIMIT 1;`);
    return r.id ? r : null;
  }, 10000);
  // Issue 17: an analytics page left open shows "Respuestas sin atender" and moves it when the agent
  // answers, without a reload (the page polls).
  const watcher = await newPage(browser);
  await login(watcher, host.baseUrl, 'admin', 'admin123');
  await watcher.goto(`${host.baseUrl}/campaigns/analytics?campaign=${id}`);
  await watcher.waitForSelector('#analytics-page[data-ready="true"]');
  const unanswered = () => one(`SELECT COUNT(*) AS n FROM campaigns_entries WHERE campaign_id = ${id}
    AND replied_at IS NOT NULL AND addressed_at IS NULL;`).n;
  const waitingBefore = unanswered();
  assert.ok(waitingBefore >= 1, 'a customer answer waits for an agent');
  await watcher.waitForFunction((n) => document.querySelector('[data-kpi="response_waiting"]')?.dataset.waiting === String(n),
    waitingBefore, { timeout: 5000 });
  assert.equal((await watcher.locator('[data-kpi="response_waiting"] h3').textContent()).trim(), 'Respuestas sin atender');
  assert.equal((await watcher.locator('[data-kpi="response_median"] h3').textContent()).trim(), 'Tiempo de respuesta (mediana)');
  assert.equal((await watcher.locator('[data-kpi="response_p90"] h3').textContent()).trim(), 'Tiempo de respuesta (p90)');
  assert.equal((await watcher.locator('[data-kpi="response_median"] .cmp-an-count').textContent()).trim(), '—',
    'no agent has answered yet');

  await page.goto(`${host.baseUrl}/tickets/${replied.ticket_id}`);
  await page.fill('#texto', 'Hola, recibimos su respuesta. Quedamos atentos.');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Enviar mensaje' }).click()]);
  await until('the replied message to be Abordado', () =>
    one(`SELECT progress FROM campaigns_entries WHERE id = ${replied.id};`).progress === 5, 10000);
  await settle(id);
  assert.equal(unanswered(), waitingBefore - 1);
  await watcher.waitForFunction((n) => document.querySelector('[data-kpi="response_waiting"]')?.dataset.waiting === String(n),
    waitingBefore - 1, { timeout: 5000 });
  // An agent answered: the median is a duration ("12 s", "1 min"), no longer "—".
  assert.match((await watcher.locator('[data-kpi="response_median"] .cmp-an-count').textContent()).trim(), /^\d+ (s|min|h|d)\b/);
  await watcher.close();

  // ---- the stored counters equal a recount from the entries, and the days add up to them
  const counters = stored(id);
  const again = recount(id);
  for (const c of [...COUNTER_COLS, 'entries_total', 'unique_phones'])
    assert.equal(counters[c], again[c], `campaigns_campaigns.n_${c} equals the recount from the entries`);
  const days = dailyTotals(id);
  for (const c of EVENT_COLS) assert.equal(days[c], counters[c], `campaigns_daily_counters n_${c} add up to the campaign's`);

  // ---- the run produced every kind of outcome the KPIs distinguish
  const want = expectedFromEntries(id);
  const e = want.raw;
  assert.equal(e.entries, ROWS + 2);
  assert.equal(e.unique_phones, ROWS);
  assert.ok(e.failed_send > 0, 'failures on send (131050)');
  assert.ok(e.failed_after > 0, 'failures after acceptance (131026)');
  assert.ok(e.read_receipts > 0, 'read receipts');
  assert.ok(e.replied > 1, 'replies');
  assert.ok(e.replied_never_read > 0, 'a reply without a read receipt');
  assert.ok(e.addressed > 0, 'an addressed reply');
  assert.equal(e.pending, 0);
  assert.ok(want.kpis.read.count >= want.kpis.replied.count, 'read >= replied');
  assert.ok(['completed', 'completed_with_errors'].includes(counters.state), counters.state);
  // The simulator saw each message once: what it accepted and refused is what the entries say,
  // including the answers it dropped (unknown, then adopted by a status webhook).
  const stats = (await sim.control('GET', '/_sim/stats?recipients=0')).body;
  assert.equal(stats.accepted, e.sent - e.failed_send, JSON.stringify(stats));
  assert.equal(stats.rejected, e.failed_send, JSON.stringify(stats));
  assert.deepEqual(stats.duplicate_recipients, { [phone(1)]: 2, [phone(2)]: 2 }, 'only the repeated rows went twice');
  assert.ok(stats.dropped_connections > 0, 'some answers were lost and reconciled');
  assert.equal(e.unknown, 0, 'every lost answer was reconciled by its webhooks');

  // ---- the page, reached from the campaign's "Resultados" action in Mis Campañas
  await page.goto(`${host.baseUrl}/campaigns`);
  const row = page.locator('#campaigns-table tr', { hasText: CAMPAIGN });
  await Promise.all([page.waitForURL((u) => u.pathname === '/campaigns/analytics' && u.searchParams.get('campaign') === String(id)),
    row.getByRole('link', { name: 'Resultados' }).click()]);
  await page.waitForSelector('#analytics-page[data-ready="true"]');
  await page.waitForFunction((t) => document.querySelector('[data-kpi="sent"] .cmp-an-count')?.textContent.trim() === t,
    numText(want.kpis.sent.count), { timeout: 5000 });
  assert.equal(await page.locator('#an-campaign-card [data-field="name"]').textContent(), CAMPAIGN);
  const seen = {};
  for (const [key, k] of Object.entries(want.kpis)) {
    const card = page.locator(`[data-kpi="${key}"]`);
    const count = (await card.locator('.cmp-an-count').textContent()).trim();
    const rate = (await card.locator('.cmp-an-rate').textContent()).trim();
    seen[key] = `${count} ${key === 'sent' ? '' : rate}`.trim();
    assert.equal(count, numText(k.count), `${key}: count on the page`);
    if (key !== 'sent') assert.equal(rate, pctText(k.rate), `${key}: rate on the page`);
  }
  // Duplicates were allowed: the unique numbers are shown next to the messages sent.
  assert.match(await page.locator('[data-kpi="sent"] .cmp-an-rate').textContent(), new RegExp(`^${numText(e.unique_phones)} `));
  assert.equal((await page.locator('[data-state="pending"] .cmp-an-count').textContent()).trim(), numText(e.pending));
  assert.equal((await page.locator('[data-state="unknown"] .cmp-an-count').textContent()).trim(), numText(e.unknown));
  // The funnel shows the same counts, and the day series adds up to them.
  for (const [step, n] of [['sent', want.kpis.sent.count], ['delivered', want.kpis.delivered.count],
    ['read', want.kpis.read.count], ['replied', want.kpis.replied.count], ['addressed', want.kpis.addressed.count]]) {
    const value = await page.locator(`#an-funnel [data-step="${step}"] .cmp-an-value`).textContent();
    assert.ok(value.startsWith(numText(n)), `funnel ${step}: ${value} starts with ${numText(n)}`);
  }
  const api = await (await page.request.get(`${host.baseUrl}/campaigns/api/v1/analytics?campaign=${id}`)).json();
  const series = (k) => api.series.reduce((s, p) => s + p[k], 0);
  assert.equal(series('sent'), want.kpis.sent.count, 'series: sends');
  assert.equal(series('delivered'), want.kpis.delivered.count, 'series: deliveries');
  assert.equal(series('read'), want.kpis.read.count, 'series: reads');
  assert.equal(series('replied'), want.kpis.replied.count, 'series: replies');

  const shot = path.join(artifactsDir(), 'analytics-live.png');
  await page.screenshot({ path: shot, fullPage: true });
  await page.locator('#an-charts').screenshot({ path: path.join(artifactsDir(), 'analytics-live-charts.png') });
  console.log(`analytics-live: dropped answers ${stats.dropped_connections}; entries ${JSON.stringify(e)}; page ${JSON.stringify(seen)}; screenshot ${shot}`);
  await page.close();
});
