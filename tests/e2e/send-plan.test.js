// The pre-send plan (issue 13) end to end: "Enviar Campaña" opens the plan dialog instead of
// sending; it shows the recipients, the WABA's messaging limit with the waves it forces, the
// number's quality and throughput from the Cloud API (the simulator), the time and the estimated
// cost from the shipped price table. "Enviar prueba" sends the template with a row's values to a
// typed phone and the dialog follows its WhatsApp state until "leída"; the campaign is not touched.
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
  sim = await startSimulator({
    webhookUrl: `${host.baseUrl}/campaigns/webhooks/whatsapp`,
    settings: { p_delivered: 1, p_read: 1, read_delay_ms: 1500 },
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await sim?.stop();
  await host?.stop();
});

test('the plan dialog shows the limit, waves and cost, and a test message is followed until read', async () => {
  const page = await newPage(browser);
  await page.setViewportSize({ width: 1280, height: 1100 });
  await login(page, host.baseUrl, 'admin', 'admin123');
  await page.goto(`${host.baseUrl}/campaigns`);
  const { account, bienvenida } = await connectSimulator(page, sim, { name: 'Simulador Plan', verifyToken: 'verificar-plan-1234', rate: 20 });
  // A small messaging limit, so that 60 recipients need two waves.
  const patched = await apiCall(page, 'PATCH', `/campaigns/api/v1/accounts/${account.id}`, { daily_limit_tier: 'TIER_50' });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  const rows = ['telefono,parametro_1,parametro_2'];
  for (let i = 1; i <= 60; i += 1) rows.push(`5699100${String(i).padStart(4, '0')},Cliente ${i},CASO-${i}`);
  const upload = await uploadCsv(page, bienvenida.id, rows.join('\r\n'));
  assert.ok(upload.status === 200 || upload.status === 201, JSON.stringify(upload.body));
  const created = await apiCall(page, 'POST', '/campaigns/api/v1/campaigns', {
    name: 'Plan de prueba', department_id: null, account_id: account.id, template_id: bienvenida.id,
    upload_id: upload.body.upload_id, links: {}, allow_duplicates: false, expects_response: false, wait_hours: 0,
    media_file_id: null, consent: true,
  });
  assert.ok(created.status === 200 || created.status === 201, JSON.stringify(created.body));

  await page.goto(`${host.baseUrl}/campaigns`);
  const row = page.locator('#campaigns-table tr', { hasText: 'Plan de prueba' });
  await row.locator('.cmp-badge', { hasText: 'Cargada' }).waitFor();
  await row.getByRole('button', { name: 'Enviar Campaña' }).click();
  const dialog = page.locator('#send-plan-modal');
  await dialog.getByRole('heading', { name: 'Plan de envío' }).waitFor();
  await dialog.locator('#sp-cost-total').waitFor();
  const text = await dialog.locator('.sp-summary').innerText();
  assert.match(text, /60 teléfonos distintos \(60 filas\)/);
  assert.match(text, /0 de 50 usuarios distintos ya usados; quedan 50/);
  assert.match(text, /Calidad alta · límite TIER_10K · 80 mensajes por segundo/);
  assert.match(text, /3 s a 20 mensajes por segundo/);
  // Two waves: 50 now, 10 a day later; "Enviar" stays off while the limit does not cover it.
  const waves = dialog.locator('.sp-waves tbody tr');
  assert.equal(await waves.count(), 2);
  assert.match(await waves.nth(0).innerText(), /\b50\b/);
  assert.match(await waves.nth(1).innerText(), /\b10\b/);
  assert.equal(await dialog.getByRole('button', { name: 'Enviar', exact: true }).isDisabled(), true);
  // 60 Chilean numbers of a UTILITY template at US$0.0200 each, marked as an estimate with the table's date.
  const cost = await dialog.locator('.sp-cost').innerText();
  assert.match(cost, /estimado/);
  assert.match(cost, /CL \(\+56\)/);
  assert.match(await dialog.locator('#sp-cost-total').innerText(), /1,20/);
  assert.match(cost, /tabla de precios del 2026-12-01/);
  await page.screenshot({ path: path.join(artifactsDir(), 'send-plan-dialog.png'), fullPage: true });

  // "Enviar prueba" with row 3 to a typed phone, followed live until read.
  await dialog.locator('#sp-test-phone').fill('+56 9 8888 7777');
  await dialog.locator('#sp-test-row').fill('3');
  await dialog.getByRole('button', { name: 'Enviar prueba' }).click();
  const testState = dialog.locator('#sp-test-state');
  await testState.filter({ hasText: 'entregada' }).or(testState.filter({ hasText: 'leída' })).waitFor({ timeout: 20000 });
  await testState.filter({ hasText: 'leída' }).waitFor({ timeout: 20000 });
  assert.equal(await testState.innerText(), 'Prueba a +56988887777 (fila 3): leída');
  await page.screenshot({ path: path.join(artifactsDir(), 'send-plan-test-message.png'), fullPage: true });
  // The simulator got the template with row 3's values (Cliente 2).
  const got = await sim.control('GET', '/_sim/messages?to=56988887777&limit=5');
  assert.match(JSON.stringify(got.body), /Cliente 2/);

  // The campaign did not change: still Cargada with nothing sent; the phone is remembered.
  const after = await apiCall(page, 'GET', `/campaigns/api/v1/campaigns/${created.body.id}`);
  assert.equal(after.body.state, 'loaded');
  await dialog.locator('#sp-cancel').click();
  await row.getByRole('button', { name: 'Enviar Campaña' }).click();
  await dialog.locator('#sp-cost-total').waitFor();
  assert.equal(await dialog.locator('#sp-test-phone').inputValue(), '+56988887777');
});
