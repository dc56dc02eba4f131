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

// A 1x1 PNG, the header image promo_imagen needs.
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

async function uploadImage(page) {
  return page.evaluate(async (b64) => {
    const csrf = document.querySelector('meta[name="csrf-token"]').content;
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'image/png' }), 'promo.png');
    const r = await fetch('/campaigns/api/v1/media', { method: 'POST', headers: { 'X-CSRF-Token': csrf }, body: form });
    return { status: r.status, body: await r.json().catch(() => null) };
  }, PNG_BASE64);
}

// A campaign of the marketing template promo_imagen to `phones`, created through the API.
async function promoCampaign(page, account, promo, name, phones, capAction) {
  const csv = ['telefono,parametro_1,parametro_2', ...phones.map((p, i) => `${p},Cliente ${i + 1},20%`)].join('\r\n');
  const upload = await uploadCsv(page, promo.id, csv);
  assert.ok(upload.status === 200 || upload.status === 201, JSON.stringify(upload.body));
  const image = await uploadImage(page);
  assert.equal(image.status, 201, JSON.stringify(image.body));
  const created = await apiCall(page, 'POST', '/campaigns/api/v1/campaigns', {
    name, department_id: null, account_id: account.id, template_id: promo.id, upload_id: upload.body.upload_id, links: {},
    allow_duplicates: false, expects_response: false, wait_hours: 0, media_file_id: image.body.media_file_id, consent: true,
    frequency_cap_action: capAction,
  });
  assert.ok(created.status === 200 || created.status === 201, JSON.stringify(created.body));
  return { upload: upload.body, campaign: created.body };
}

test('the frequency cap: the file report and the plan say how many rows a marketing campaign holds', async () => {
  const page = await newPage(browser);
  await page.setViewportSize({ width: 1280, height: 1100 });
  await login(page, host.baseUrl, 'admin', 'admin123');
  await page.goto(`${host.baseUrl}/campaigns`);
  // The account of the test above (one per simulated number), with the default cap: 1 marketing template a day.
  const accounts = await apiCall(page, 'GET', '/campaigns/api/v1/accounts');
  const account = (accounts.body.items || accounts.body).find((a) => a.phone_number_id === sim.phoneNumberId);
  assert.ok(account, JSON.stringify(accounts.body));
  assert.equal(account.frequency_cap_per_day, 1);
  const templates = await apiCall(page, 'GET', `/campaigns/api/v1/templates?account=${account.id}&approved_only=1`);
  const promo = (templates.body.items || templates.body).find((t) => t.name === 'promo_imagen');
  assert.ok(promo, JSON.stringify(templates.body));

  // A first promotion reaches four numbers.
  const first = ['56997000001', '56997000002', '56997000003', '56997000004'];
  const sent = await promoCampaign(page, account, promo, 'Promo lunes', first, 'hold');
  assert.equal(sent.upload.frequency_capped_count, 0);
  const send = await apiCall(page, 'POST', `/campaigns/api/v1/campaigns/${sent.campaign.id}/send`, {});
  assert.equal(send.status, 200, JSON.stringify(send.body));
  for (const started = Date.now(); ; await new Promise((r) => setTimeout(r, 250))) {
    const c = await apiCall(page, 'GET', `/campaigns/api/v1/campaigns/${sent.campaign.id}`);
    if (c.body.state === 'completed') break;
    assert.ok(Date.now() - started < 30000, `the first promotion did not finish: ${JSON.stringify(c.body)}`);
  }

  // A second one the same day to three of them and two others: the file report already counts the three.
  const second = ['56997000001', '56997000002', '56997000003', '56997000005', '56997000006'];
  const held = await promoCampaign(page, account, promo, 'Promo martes', second, 'hold');
  assert.equal(held.upload.frequency_capped_count, 3);
  assert.equal(held.upload.frequency_cap_per_day, 1);

  // The same in the "Crear Campaña" modal, before creating, with "no enviarle" chosen.
  await page.goto(`${host.baseUrl}/campaigns`);
  await page.getByRole('button', { name: 'Crear Campaña' }).click();
  const modal = page.locator('#create-modal');
  await modal.getByLabel('Nombre de la campaña').fill('Promo miércoles');
  await modal.getByLabel('Cuenta de Origen').locator('option', { hasText: 'Simulador Plan' }).waitFor({ state: 'attached' });
  await modal.getByRole('button', { name: 'Siguiente' }).click();
  await modal.locator('#c-template option', { hasText: 'promo_imagen' }).waitFor({ state: 'attached' });
  await modal.getByLabel('Plantilla HSM').selectOption({ label: 'promo_imagen (es)' });
  await modal.locator('#c-cap-action').selectOption('skip');
  await modal.getByRole('button', { name: 'Siguiente' }).click();
  const csv = ['telefono,parametro_1,parametro_2', ...second.map((p, i) => `${p},Cliente ${i + 1},20%`)].join('\r\n');
  await modal.locator('#c-file').setInputFiles({ name: 'promo.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const capped = modal.locator('#c-report-capped');
  await capped.waitFor();
  assert.match(await capped.innerText(), /3 filas no se enviarán; sus números ya llegaron al tope/);
  await page.screenshot({ path: path.join(artifactsDir(), 'create-campaign-frequency-cap.png'), fullPage: true });
  // Choosing to wait says so at once.
  await modal.getByRole('button', { name: 'Anterior' }).click();
  await modal.locator('#c-cap-action').selectOption('hold');
  await modal.getByRole('button', { name: 'Siguiente' }).click();
  assert.match(await capped.innerText(), /3 filas esperan; sus números ya llegaron al tope/);
  await page.keyboard.press('Escape');

  await page.goto(`${host.baseUrl}/campaigns`);
  const row = page.locator('#campaigns-table tr', { hasText: 'Promo martes' });
  await row.locator('.cmp-badge', { hasText: 'Cargada' }).waitFor();
  await row.getByRole('button', { name: 'Enviar Campaña' }).click();
  const dialog = page.locator('#send-plan-modal');
  await dialog.locator('#sp-cost-total').waitFor();
  const cap = await dialog.locator('#sp-cap').innerText();
  assert.match(cap, /Tope de frecuencia/);
  assert.match(cap, /3 filas esperan: sus números ya llegaron al tope \(1 por número cada 24 horas, en toda la WABA\)/);
  // Held rows are sent later, not excluded.
  assert.match(await dialog.locator('.sp-summary').innerText(), /Filas excluidas\s+0 \(0 en la lista de exclusión, 0 por el tope de frecuencia\)/);
  await page.screenshot({ path: path.join(artifactsDir(), 'send-plan-frequency-cap.png'), fullPage: true });

  // Sending it: two numbers get it now, the three wait for their window (still queued, the campaign keeps sending).
  await dialog.getByRole('button', { name: 'Enviar', exact: true }).click();
  for (const started = Date.now(); ; await new Promise((r) => setTimeout(r, 250))) {
    const c = await apiCall(page, 'GET', `/campaigns/api/v1/campaigns/${held.campaign.id}`);
    if (c.body.counters.accepted === 2) {
      assert.equal(c.body.state, 'sending');
      assert.equal(c.body.counters.queued, 3);
      break;
    }
    assert.ok(Date.now() - started < 30000, `the free numbers were not sent: ${JSON.stringify(c.body)}`);
  }
});
