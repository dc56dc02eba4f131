// "Programar en tandas" (issue 13) end to end: a campaign the WABA's messaging limit does not cover
// (TIER_50, 60 recipients) opens the plan with its two waves and "Programar en tandas"; clicking it
// starts the campaign in waves computed by the server: the 50 users of wave 1 are sent now (the
// simulator receives them), the other 10 wait for tomorrow, and the list row says
// "Tanda 1 de 2 · siguiente: <fecha> <hora>" in the installation's time zone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startHost, startSimulator, artifactsDir } from './lib/stack.js';
import { launch, login, newPage } from './lib/browser.js';
import { apiCall, connectSimulator, uploadCsv } from './lib/pageApi.js';

let host;
let sim;
let browser;

before(async () => {
  host = await startHost();
  sim = await startSimulator({ webhookUrl: `${host.baseUrl}/campaigns/webhooks/whatsapp` });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await sim?.stop();
  await host?.stop();
});

test('the plan schedules the proposed waves and the list shows the wave under way and the next one', async () => {
  const page = await newPage(browser);
  await page.setViewportSize({ width: 1280, height: 1100 });
  await login(page, host.baseUrl, 'admin', 'admin123');
  await page.goto(`${host.baseUrl}/campaigns`);
  const { account, bienvenida } = await connectSimulator(page, sim, { name: 'Simulador Tandas', verifyToken: 'verificar-tandas-1234', rate: 20 });
  const patched = await apiCall(page, 'PATCH', `/campaigns/api/v1/accounts/${account.id}`, { daily_limit_tier: 'TIER_50' });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  const rows = ['telefono,parametro_1,parametro_2'];
  for (let i = 1; i <= 60; i += 1) rows.push(`5699200${String(i).padStart(4, '0')},Cliente ${i},CASO-${i}`);
  const upload = await uploadCsv(page, bienvenida.id, rows.join('\r\n'));
  assert.ok(upload.status === 200 || upload.status === 201, JSON.stringify(upload.body));
  const created = await apiCall(page, 'POST', '/campaigns/api/v1/campaigns', {
    name: 'Campaña en tandas', department_id: null, account_id: account.id, template_id: bienvenida.id,
    upload_id: upload.body.upload_id, links: {}, allow_duplicates: false, expects_response: false, wait_hours: 0,
    media_file_id: null, consent: true,
  });
  assert.ok(created.status === 200 || created.status === 201, JSON.stringify(created.body));

  await page.goto(`${host.baseUrl}/campaigns`);
  const row = page.locator('#campaigns-table tr', { hasText: 'Campaña en tandas' });
  await row.locator('.cmp-badge', { hasText: 'Cargada' }).waitFor();
  await row.getByRole('button', { name: 'Enviar Campaña' }).click();
  const dialog = page.locator('#send-plan-modal');
  await dialog.locator('#sp-cost-total').waitFor();
  assert.equal(await dialog.locator('.sp-waves tbody tr').count(), 2);
  // "Enviar" stays off; "Programar en tandas" is offered instead.
  assert.equal(await dialog.getByRole('button', { name: 'Enviar', exact: true }).isDisabled(), true);
  const schedule = dialog.getByRole('button', { name: 'Programar en tandas' });
  assert.equal(await schedule.isEnabled(), true);
  await page.screenshot({ path: path.join(artifactsDir(), 'send-waves-dialog.png'), fullPage: true });

  await schedule.click();
  await page.locator('#campaigns-flash', { hasText: '2 tandas' }).waitFor();
  assert.equal(await dialog.isHidden(), true);
  // The row: wave 1 of 2 under way, the next one tomorrow at the same local time.
  const hint = row.locator('.cmp-waves');
  await hint.waitFor();
  const stored = await apiCall(page, 'GET', `/campaigns/api/v1/campaigns/${created.body.id}`);
  assert.equal(stored.body.waves.length, 2);
  assert.deepEqual(stored.body.waves.map((w) => w.recipients), [50, 10]);
  const next = new Date(stored.body.waves[1].starts_at);
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Santiago', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(next).map((p) => [p.type, p.value]));
  assert.equal(await hint.innerText(), `Tanda 1 de 2 · siguiente: ${parts.day}-${parts.month}-${parts.year} ${parts.hour}:${parts.minute}`);

  // Wave 1 goes out now; wave 2's 10 users wait in the queue.
  const deadline = Date.now() + 60000;
  let campaign;
  do {
    await new Promise((r) => setTimeout(r, 500));
    campaign = (await apiCall(page, 'GET', `/campaigns/api/v1/campaigns/${created.body.id}`)).body;
  } while (campaign.counters.accepted < 50 && Date.now() < deadline);
  assert.equal(campaign.counters.accepted, 50);
  assert.equal(campaign.state, 'sending');
  await new Promise((r) => setTimeout(r, 1500));
  campaign = (await apiCall(page, 'GET', `/campaigns/api/v1/campaigns/${created.body.id}`)).body;
  assert.equal(campaign.counters.accepted, 50, 'wave 2 is not sent before its time');
  await page.reload();
  await row.locator('.cmp-waves').waitFor();
  await row.screenshot({ path: path.join(artifactsDir(), 'send-waves-row.png') });
  await page.screenshot({ path: path.join(artifactsDir(), 'send-waves-list.png'), fullPage: true });
});
