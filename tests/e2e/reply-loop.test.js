// Every customer answer reaches an agent (issue 17), as people use it: a campaign that expects no
// response creates its tickets closed; a customer answers anyway and another number writes without
// any campaign. The agent finds both under "Con respuesta sin atender", opens the reopened ticket,
// sees the campaign (link to its analytics, live WhatsApp state) and answers; the administrator's
// "Analítica > Mis campañas", open the whole time, counts it as Abordado without a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startHost, startSimulator, artifactsDir } from './lib/stack.js';
import { launch, login, newPage } from './lib/browser.js';
import { apiCall, connectSimulator, uploadCsv } from './lib/pageApi.js';

const CAMPAIGN = 'Aviso sin respuesta';
const ANSWERING = '56990001001';
const STRANGER = '56990009999';
let host;
let sim;
let browser;

before(async () => {
  host = await startHost();
  sim = await startSimulator({
    webhookUrl: `${host.baseUrl}/campaigns/webhooks/whatsapp`,
    settings: { throughput_mps: 20, p_delivered: 1, p_read: 1, reply_probability: 0 },
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await sim?.stop();
  await host?.stop();
});

async function until(what, fn, timeoutMs = 30000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('an answer to a ticket born closed reopens it; the agent answers and Abordados goes up live', async () => {
  const admin = await newPage(browser);
  await login(admin, host.baseUrl, 'admin', 'admin123');
  await admin.goto(`${host.baseUrl}/campaigns`);
  const { account, bienvenida } = await connectSimulator(admin, sim,
    { name: 'Simulador Respuestas', verifyToken: 'verificar-respuestas-1', rate: 10 });
  const csv = ['telefono,parametro_1,parametro_2', `${ANSWERING},Ana,CASO-1`, '56990001002,Luis,CASO-2', '56990001003,Eva,CASO-3'];
  const upload = await uploadCsv(admin, bienvenida.id, csv.join('\r\n'));
  assert.ok(upload.status === 200 || upload.status === 201, JSON.stringify(upload.body));
  const created = await apiCall(admin, 'POST', '/campaigns/api/v1/campaigns', {
    name: CAMPAIGN, department_id: null, account_id: account.id, template_id: bienvenida.id,
    upload_id: upload.body.upload_id, links: {}, allow_duplicates: false, expects_response: false, wait_hours: 0,
    media_file_id: null, consent: true,
  });
  assert.ok(created.status === 200 || created.status === 201, JSON.stringify(created.body));
  const id = created.body.id;
  const sent = await apiCall(admin, 'POST', `/campaigns/api/v1/campaigns/${id}/send`);
  assert.ok(sent.status < 300, JSON.stringify(sent.body));
  await until('the campaign to complete', async () => {
    const c = await apiCall(admin, 'GET', `/campaigns/api/v1/campaigns/${id}`);
    return c.body.state === 'completed';
  }, 60000);

  // The administrator watches the campaign's analytics; a reload would erase the marker.
  await admin.goto(`${host.baseUrl}/campaigns/analytics?campaign=${id}`);
  await admin.waitForSelector('#analytics-page[data-ready="true"]');
  await admin.waitForFunction(() => document.querySelector('[data-kpi="read"] .cmp-an-count')?.textContent.trim() === '3',
    null, { timeout: 30000 });
  assert.equal((await admin.locator('[data-kpi="addressed"] .cmp-an-count').textContent()).trim(), '0');
  await admin.evaluate(() => { window.__noReload = true; });

  // A customer answers the campaign (quoting nothing, as people type) and a stranger writes.
  const answer = await sim.control('POST', '/_sim/inbound', { from: ANSWERING, text: '¿Tienen talla M?' });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const stranger = await sim.control('POST', '/_sim/inbound', { from: STRANGER, text: 'Hola, ¿atienden hoy?' });
  assert.equal(stranger.status, 200, JSON.stringify(stranger.body));

  // The agent's list of tickets waiting for someone shows both.
  const agent = await newPage(browser);
  await login(agent, host.baseUrl, 'agente', 'agente123');
  await until('both messages on tickets', async () => {
    await agent.goto(`${host.baseUrl}/tickets?estado=sin-atender`);
    const rows = await agent.locator('table tbody tr').count();
    return rows >= 2;
  });
  const campaignRow = agent.locator('table tbody tr', { hasText: CAMPAIGN });
  const strangerRow = agent.locator('table tbody tr', { hasText: `+${STRANGER}` });
  assert.equal(await campaignRow.count(), 1, 'the campaign ticket waits for an agent, with the campaign as subject');
  assert.equal(await strangerRow.count(), 1, 'the message no campaign matched has its own ticket');
  assert.match(await strangerRow.textContent(), /WhatsApp/);
  await agent.screenshot({ path: path.join(artifactsDir(), 'reply-loop-tickets.png'), fullPage: true });

  // The reopened ticket: the system line before the answer, the campaign and its WhatsApp state.
  await campaignRow.locator('a').first().click();
  await agent.waitForSelector('.plugin-panel [data-campaigns-entry]');
  const thread = agent.locator('ul.thread li');
  const lines = await thread.allTextContents();
  const reopenAt = lines.findIndex((l) => l.includes('Reabierto por respuesta del cliente'));
  const answerAt = lines.findIndex((l) => l.includes('¿Tienen talla M?'));
  assert.ok(reopenAt > 0 && answerAt > reopenAt, `system line then the answer: ${JSON.stringify(lines)}`);
  assert.match(await agent.locator('h1').textContent(), /Abierto/);
  const link = agent.locator('.plugin-panel a', { hasText: CAMPAIGN });
  assert.equal(await link.getAttribute('href'), `/campaigns/analytics?campaign=${id}`);
  await agent.waitForFunction(() => document.querySelector('.plugin-panel .wa-state')?.textContent === 'Respondido',
    null, { timeout: 15000 });
  await agent.screenshot({ path: path.join(artifactsDir(), 'reply-loop-ticket.png'), fullPage: true });

  // The agent answers: the entry is addressed and the administrator's page follows by itself.
  await agent.fill('#texto', 'Sí, tenemos talla M. ¿Se la reservamos?');
  await Promise.all([agent.waitForLoadState('load'), agent.getByRole('button', { name: 'Enviar mensaje' }).click()]);
  await agent.waitForFunction(() => document.querySelector('.plugin-panel .wa-state')?.textContent === 'Respondido y atendido',
    null, { timeout: 15000 });
  await admin.waitForFunction(() => document.querySelector('[data-kpi="addressed"] .cmp-an-count')?.textContent.trim() === '1',
    null, { timeout: 15000 });
  assert.equal(await admin.evaluate(() => window.__noReload), true, 'Abordados went up without a reload');
  await admin.screenshot({ path: path.join(artifactsDir(), 'reply-loop-analytics.png'), fullPage: true });

  // Answered: no longer waiting for an agent.
  await agent.goto(`${host.baseUrl}/tickets?estado=sin-atender`);
  assert.equal(await agent.locator('table tbody tr', { hasText: CAMPAIGN }).count(), 0);
});
