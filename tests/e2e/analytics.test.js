// Analítica > Mis campañas in the browser: campaigns, entries and their counters are seeded into the
// host's SQLite file the way the sending engine books them (each event on its local day), then the
// page's figures are checked against numbers computed here from the entries themselves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startHost, artifactsDir } from './lib/stack.js';
import { launch, login, newPage } from './lib/browser.js';

const TZ = 'America/Santiago';
let host;
let browser;
let db;

// ---- calendar helpers in the installation's zone
const todayLocal = () => new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date());
const addDays = (day, n) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
function prevMonth(today) {
  const [y, m] = today.split('-').map(Number);
  const py = m === 1 ? y - 1 : y;
  const pm = m === 1 ? 12 : m - 1;
  const last = new Date(Date.UTC(py, pm, 0)).getUTCDate();
  const mm = String(pm).padStart(2, '0');
  return { from: `${py}-${mm}-01`, to: `${py}-${mm}-${String(last).padStart(2, '0')}` };
}

function sql(statements) {
  const r = spawnSync('sqlite3', [db], { input: `.timeout 5000\n${statements}`, encoding: 'utf8' });
  if (r.status !== 0 || r.stderr) throw new Error(`sqlite3 failed: ${r.stderr}`);
  return r.stdout.trim();
}
const q = (s) => `'${String(s).replaceAll("'", "''")}'`;

// ---- the model: entries -> counters, exactly as CampaignState.h defines them
const COLS = ['accepted', 'failedSend', 'sent', 'delivered', 'read', 'replied', 'repliedUnread', 'addressed', 'failedAfterAccept'];
const DB_COLS = ['n_accepted', 'n_failed_send', 'n_sent', 'n_delivered', 'n_read', 'n_replied', 'n_replied_unread', 'n_addressed', 'n_failed_after_accept'];
const zero = () => Object.fromEntries(COLS.map((c) => [c, 0]));

// entry: { phone, state: accepted|failed|unknown|queued, progress, readSeen, failedAfter, day, deliveredDay, readDay, repliedDay }
function book(entries) {
  const days = new Map();
  const at = (day) => { if (!days.has(day)) days.set(day, zero()); return days.get(day); };
  for (const e of entries) {
    if (e.state === 'failed') at(e.day).failedSend++;
    if (e.state !== 'accepted') continue;
    at(e.day).accepted++;
    if (e.progress >= 1) at(e.day).sent++;
    if (e.progress >= 2) at(e.deliveredDay ?? e.day).delivered++;
    if (e.readSeen) at(e.readDay ?? e.deliveredDay ?? e.day).read++;
    if (e.progress >= 4) at(e.repliedDay ?? e.day).replied++;
    if (e.progress >= 4 && !e.readSeen) at(e.repliedDay ?? e.day).repliedUnread++;
    if (e.progress === 5) at(e.repliedDay ?? e.day).addressed++;
    if (e.failedAfter) at(e.deliveredDay ?? e.day).failedAfterAccept++;
  }
  return days;
}
function sumDays(days, from, to) {
  const t = zero();
  for (const [day, c] of days) if ((!from || day >= from) && (!to || day <= to)) for (const k of COLS) t[k] += c[k];
  return t;
}
function kpis(c) {
  const sent = c.accepted + c.failedSend;
  const rate = (n, d) => (d ? n / d : null);
  return {
    sent: { count: sent, rate: null },
    delivered: { count: c.delivered, rate: rate(c.delivered, sent) },
    bounce: { count: c.failedAfterAccept + c.failedSend, rate: rate(c.failedAfterAccept + c.failedSend, sent) },
    read: { count: c.read + c.repliedUnread, rate: rate(c.read + c.repliedUnread, c.delivered) },
    replied: { count: c.replied, rate: rate(c.replied, c.delivered) },
    addressed: { count: c.addressed, rate: rate(c.addressed, c.delivered) },
  };
}
const pctText = (r) => (r === null ? '—' : new Intl.NumberFormat('es-CL', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(r));
const numText = (n) => new Intl.NumberFormat('es-CL').format(n);

// ---- seed
const today = todayLocal();
const pm = prevMonth(today);
const campaigns = [];

function insertCampaign({ name, departmentId, entries, firstDay, allowDuplicates = 0 }) {
  const days = book(entries);
  const totals = sumDays(days);
  const phones = new Set(entries.map((e) => e.phone));
  const queued = entries.filter((e) => e.state === 'queued').length;
  const unknown = entries.filter((e) => e.state === 'unknown').length;
  const sentAt = `${firstDay} 15:00:00.000`;
  const id = Number(sql(`
    INSERT INTO campaigns_campaigns (name, account_id, template_id, department_id, state, metadata_links_json, consent_at,
      created_by, created_by_name, created_at, updated_at, first_sent_at, finished_at, file_name, expects_response, wait_hours,
      allow_duplicates, header_media_link, entries_total, unique_phones, n_queued, n_unknown, ${DB_COLS.join(', ')})
    VALUES (${q(name)}, 1, 1, ${departmentId ?? 'NULL'}, 'completed', '[]', ${q(sentAt)}, 1, 'Admin Demo', ${q(`${firstDay} 14:00:00.000`)},
      ${q(sentAt)}, ${q(sentAt)}, NULL, ${q(`${name}.xlsx`)}, 1, 12, ${allowDuplicates}, '',
      ${entries.length}, ${phones.size}, ${queued}, ${unknown}, ${COLS.map((k) => totals[k]).join(', ')});
    SELECT last_insert_rowid();`));
  const time = (t) => (t ? q(t) : 'NULL');
  const rows = entries.map((e, i) => `(${id}, ${i + 1}, ${q(e.phone)}, '[]', '[]', ${q(e.state)}, ${e.progress ?? 0}, ${e.readSeen ? 1 : 0}, ${e.failedAfter ? 1 : 0}, ${time(e.repliedAt)}, ${time(e.addressedAt)}, ${q(sentAt)})`);
  sql(`INSERT INTO campaigns_entries (campaign_id, row_no, phone, params_json, metadata_json, state, progress, read_seen, failed_after_accept, replied_at, addressed_at, updated_at) VALUES ${rows.join(',\n')};`);
  for (const [day, c] of days)
    sql(`INSERT INTO campaigns_daily_counters (campaign_id, day, ${DB_COLS.join(', ')}) VALUES (${id}, ${q(day)}, ${COLS.map((k) => c[k]).join(', ')});`);
  const campaign = { id, name, days, totals, unique: phones.size, queued, unknown, entries: entries.length };
  campaigns.push(campaign);
  return campaign;
}

function seed() {
  const ventas = Number(sql("SELECT id FROM departments WHERE name = 'Ventas';"));
  sql(`INSERT INTO campaigns_accounts (display_name, phone_number_id, waba_id, access_token_sealed, app_secret_sealed, verify_token_sealed, graph_base_url, graph_version)
       VALUES ('Ventas Chile', '106540352242922', '102290129340398', 'x', 'x', 'x', 'http://127.0.0.1:1', 'v20.0');
       INSERT INTO campaigns_templates (id, account_id, name, language, status, components_json)
       VALUES (1, 1, 'recordatorio_pago', 'es', 'APPROVED', '[{"type":"BODY","text":"Hola {{1}}, tu cuota vence el {{2}}."}]');`);
  // "Cobranza": sent three days ago, duplicates allowed (one number twice), every kind of outcome,
  // deliveries and reads spilling into the following days.
  const d0 = addDays(today, -3);
  const d1 = addDays(today, -2);
  const cobranza = [];
  const add = (n, e) => { for (let i = 0; i < n; i++) cobranza.push({ phone: `5691000${String(cobranza.length).padStart(4, '0')}`, day: d0, ...e }); };
  add(6, { state: 'accepted', progress: 2 });                                            // delivered same day
  add(4, { state: 'accepted', progress: 2, deliveredDay: d1 });                          // delivered next day
  add(5, { state: 'accepted', progress: 3, readSeen: true, readDay: d1 });               // read next day
  // Replies at 13:00 UTC of d1 (10:00 in Santiago); the addressed one answered by an agent 1 h 12 min later.
  const repliedAt = `${d1} 13:00:00.000`;
  add(3, { state: 'accepted', progress: 4, readSeen: true, repliedDay: d1, repliedAt });  // replied, read receipt
  add(2, { state: 'accepted', progress: 4, readSeen: false, repliedDay: d1, repliedAt }); // replied, receipts off
  add(1, { state: 'accepted', progress: 5, readSeen: false, repliedDay: d1, repliedAt,
    addressedAt: `${d1} 14:12:00.000` });                                                // addressed, receipts off
  add(2, { state: 'accepted', progress: 1, failedAfter: true, deliveredDay: d1 });       // not received
  add(3, { state: 'failed' });                                                           // failed on send
  add(2, { state: 'unknown' });
  add(1, { state: 'queued' });
  cobranza.push({ ...cobranza[0], phone: cobranza[0].phone });                           // the duplicate
  const a = insertCampaign({ name: 'Cobranza', departmentId: ventas, entries: cobranza, firstDay: d0, allowDuplicates: 1 });

  // "Bienvenida": sent on the 6th of the previous month, no department.
  const b0 = `${pm.from.slice(0, 8)}06`;
  const welcome = [];
  for (let i = 0; i < 8; i++) welcome.push({ phone: `5692000${i}`, day: b0, state: 'accepted', progress: i < 6 ? 2 : 1 });
  welcome.push({ phone: '56920009', day: b0, state: 'failed' });
  const b = insertCampaign({ name: 'Bienvenida', departmentId: null, entries: welcome, firstDay: b0 });
  return { a, b };
}

async function kpiOnPage(page, key) {
  const card = page.locator(`[data-kpi="${key}"]`);
  return { count: (await card.locator('.cmp-an-count').textContent()).trim(), rate: (await card.locator('.cmp-an-rate').textContent()).trim() };
}

async function expectKpis(page, counters, label) {
  const want = kpis(counters);
  for (const [key, k] of Object.entries(want)) {
    const got = await kpiOnPage(page, key);
    assert.equal(got.count, numText(k.count), `${label}: ${key} count`);
    if (key !== 'sent') assert.equal(got.rate, pctText(k.rate), `${label}: ${key} rate`);
  }
}

async function waitForFigures(page, key, text) {
  await page.waitForFunction(([k, t]) => document.querySelector(`[data-kpi="${k}"] .cmp-an-count`)?.textContent.trim() === t,
    [key, text], { timeout: 5000 });
}

let seeded;
before(async () => {
  host = await startHost();
  db = path.join(host.dir, 'helpdesk.sqlite');
  seeded = seed();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await host?.stop();
});

test('Resultados of one campaign: details, Ver campaña, KPIs from its entries, live refresh, charts', async () => {
  const { a } = seeded;
  const page = await newPage(browser);
  await login(page, host.baseUrl, 'admin', 'admin123');
  await page.goto(`${host.baseUrl}/campaigns/analytics?campaign=${a.id}`);
  await page.waitForSelector('#analytics-page[data-ready="true"]');
  await waitForFigures(page, 'sent', numText(a.totals.accepted + a.totals.failedSend));
  await expectKpis(page, a.totals, 'whole campaign');
  // Duplicates were allowed: the unique numbers are shown next to the messages sent.
  assert.match(await page.locator('[data-kpi="sent"] .cmp-an-rate').textContent(), new RegExp(`^${a.unique} `));
  assert.ok(a.unique < a.entries);
  assert.equal((await page.locator('[data-state="pending"] .cmp-an-count').textContent()).trim(), String(a.queued));
  assert.equal((await page.locator('[data-state="unknown"] .cmp-an-count').textContent()).trim(), String(a.unknown));
  // read >= replied even though three replies came without a read receipt.
  const k = kpis(a.totals);
  assert.ok(k.read.rate >= k.replied.rate);
  // The formula is the tooltip.
  assert.match(await page.locator('[data-kpi="read"]').getAttribute('title'), /Respondidos «no leídos»/);
  // Issue 17: response time from the customer's answer to the agent's first message, and the
  // answers no agent followed yet (six replied, one of them addressed).
  for (const [key, label, value] of [['response_median', 'Tiempo de respuesta (mediana)', '1 h 12 min'],
    ['response_p90', 'Tiempo de respuesta (p90)', '1 h 12 min'], ['response_waiting', 'Respuestas sin atender', '5']]) {
    const box = page.locator(`#an-response [data-kpi="${key}"]`);
    assert.equal((await box.locator('h3').textContent()).trim(), label);
    assert.equal((await box.locator('.cmp-an-count').textContent()).trim(), value, `${key} on the page`);
  }

  const card = page.locator('#an-campaign-card');
  assert.equal(await card.locator('[data-field="name"]').textContent(), 'Cobranza');
  assert.equal(await card.locator('[data-field="created_by"]').textContent(), 'Admin Demo');
  await page.getByRole('button', { name: 'Ver campaña' }).click();
  const dialog = page.locator('#an-dialog');
  await dialog.waitFor({ state: 'visible' });
  assert.equal(await dialog.locator('[data-field="department"]').textContent(), 'Ventas');
  assert.equal(await dialog.locator('[data-field="account"]').textContent(), 'Ventas Chile');
  assert.equal(await dialog.locator('[data-field="template_text"]').textContent(), 'Hola {{1}}, tu cuota vence el {{2}}.');
  assert.equal(await dialog.locator('[data-field="file_name"]').textContent(), 'Cobranza.xlsx');
  assert.equal(await dialog.locator('[data-field="contacts"]').textContent(), String(a.entries));
  assert.equal(await dialog.locator('[data-field="expects_response"]').textContent(), 'Sí');
  assert.equal(await dialog.locator('[data-field="wait_hours"]').textContent(), '12');
  await page.screenshot({ path: path.join(artifactsDir(), 'analytics-ver-campana.png') });
  await dialog.getByRole('button', { name: 'Cerrar' }).click();

  // A delivery arrives (the engine's counter update): the page shows it within 2 s, no reload.
  const before = a.totals.delivered;
  sql(`UPDATE campaigns_campaigns SET n_delivered = n_delivered + 1 WHERE id = ${a.id};
       UPDATE campaigns_daily_counters SET n_delivered = n_delivered + 1 WHERE campaign_id = ${a.id} AND day = ${q(today)};
       INSERT OR IGNORE INTO campaigns_daily_counters (campaign_id, day, n_delivered) SELECT ${a.id}, ${q(today)}, 1 WHERE changes() = 0;`);
  const t0 = Date.now();
  await waitForFigures(page, 'delivered', numText(before + 1));
  assert.ok(Date.now() - t0 <= 2000, `refreshed after ${Date.now() - t0} ms`);
  a.totals.delivered++;
  a.days.set(today, { ...(a.days.get(today) ?? zero()), delivered: (a.days.get(today)?.delivered ?? 0) + 1 });

  await page.locator('#an-charts').screenshot({ path: path.join(artifactsDir(), 'analytics-charts.png') });
  await page.screenshot({ path: path.join(artifactsDir(), 'analytics-campaign.png'), fullPage: true });
  assert.equal(await page.locator('#an-funnel [data-step]').count(), 5);
  assert.equal(await page.locator('#an-series path[data-series]').count(), 4);
  await page.close();
});

test('each preset and a custom range count the events of their days; filters live in the URL', async () => {
  const page = await newPage(browser);
  await login(page, host.baseUrl, 'admin', 'admin123');
  await page.goto(`${host.baseUrl}/campaigns`);
  await page.locator('summary', { hasText: 'Analítica' }).click();
  await page.getByRole('link', { name: 'Mis campañas', exact: true }).click();
  await page.waitForSelector('#analytics-page[data-ready="true"]');
  const all = new Map();
  for (const c of campaigns) for (const [day, v] of c.days) {
    const t = all.get(day) ?? zero();
    for (const key of COLS) t[key] += v[key];
    all.set(day, t);
  }
  const ranges = {
    last7: [addDays(today, -6), today],
    last30: [addDays(today, -29), today],
    prev_month: [pm.from, pm.to],
  };
  for (const [preset, label] of [['last7', 'Últimos 7 días'], ['prev_month', 'Mes anterior'], ['last30', 'Últimos 30 días']]) {
    await page.getByRole('button', { name: label, exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('preset') === preset);
    const expected = sumDays(all, ...ranges[preset]);
    await waitForFigures(page, 'sent', numText(expected.accepted + expected.failedSend));
    await page.waitForFunction((t) => document.getElementById('an-range-text').textContent.startsWith(t), ranges[preset][0]);
    await expectKpis(page, expected, preset);
  }
  // Custom: only the day after Cobranza's send, which cuts the campaign: no sends, only the
  // deliveries, reads and replies of that day.
  const cut = addDays(today, -2);
  await page.getByRole('button', { name: 'Personalizado', exact: true }).click();
  await page.fill('#an-from', cut);
  await page.fill('#an-to', cut);
  await page.getByRole('button', { name: 'Aplicar' }).click();
  await page.waitForURL((u) => u.searchParams.get('preset') === 'custom' && u.searchParams.get('from') === cut);
  const expected = sumDays(all, cut, cut);
  await waitForFigures(page, 'delivered', numText(expected.delivered));
  await expectKpis(page, expected, 'custom');
  assert.equal(expected.accepted, 0);

  // Department "Sin departamento" + previous month: only Bienvenida.
  await page.selectOption('#an-department', 'none');
  await page.getByRole('button', { name: 'Mes anterior', exact: true }).click();
  await page.waitForURL((u) => u.searchParams.get('department') === 'none' && u.searchParams.get('preset') === 'prev_month');
  await waitForFigures(page, 'sent', numText(seeded.b.totals.accepted + seeded.b.totals.failedSend));
  await expectKpis(page, seeded.b.totals, 'no department');
  // Bienvenida had no answers: no response time, shown as "—", nothing waiting.
  assert.equal((await page.locator('#an-response [data-kpi="response_median"] .cmp-an-count').textContent()).trim(), '—');
  assert.equal((await page.locator('#an-response [data-kpi="response_p90"] .cmp-an-count').textContent()).trim(), '—');
  assert.equal((await page.locator('#an-response [data-kpi="response_waiting"] .cmp-an-count').textContent()).trim(), '0');

  // The URL is the view: opening it in a fresh page shows the same figures.
  const shared = page.url();
  const other = await newPage(browser);
  await login(other, host.baseUrl, 'admin', 'admin123');
  await other.goto(shared);
  await other.waitForSelector('#analytics-page[data-ready="true"]');
  await waitForFigures(other, 'sent', numText(seeded.b.totals.accepted + seeded.b.totals.failedSend));
  assert.equal(await other.locator('#an-department').inputValue(), 'none');

  // Picking one campaign in the select shows its card.
  await page.selectOption('#an-department', '');
  await page.selectOption('#an-campaign', String(seeded.a.id));
  await page.locator('#an-campaign-card').waitFor({ state: 'visible' });
  await page.getByRole('button', { name: 'Toda la campaña' }).click();
  await waitForFigures(page, 'sent', numText(seeded.a.totals.accepted + seeded.a.totals.failedSend));
  await expectKpis(page, seeded.a.totals, 'picked campaign');

  // The CSV carries the same KPIs.
  const csv = await page.request.get(host.baseUrl + await page.locator('#an-export').getAttribute('href'));
  assert.equal(csv.status(), 200);
  const body = await csv.text();
  assert.match(body, new RegExp(`Mensajes enviados,${seeded.a.totals.accepted + seeded.a.totals.failedSend},,`));
  assert.match(body, /^\uFEFFIndicador,Cantidad,Tasa \(%\),Fórmula/);
  await page.screenshot({ path: path.join(artifactsDir(), 'analytics-presets.png'), fullPage: true });
  await other.close();
  await page.close();
});

test('a bad range is refused in Spanish and an agent cannot open the page', async () => {
  const page = await newPage(browser);
  await login(page, host.baseUrl, 'admin', 'admin123');
  const bad = await page.request.get(`${host.baseUrl}/campaigns/api/v1/analytics?preset=custom&from=2026-03-10&to=2026-03-01`);
  assert.equal(bad.status(), 400);
  const err = await bad.json();
  assert.equal(err.error, 'invalid_parameter');
  assert.match(err.message, /fecha de inicio/);
  await page.close();
  const agent = await newPage(browser);
  await login(agent, host.baseUrl, 'agente', 'agente123');
  const res = await agent.goto(`${host.baseUrl}/campaigns/analytics`);
  assert.equal(res.status(), 403);
  await agent.close();
});
