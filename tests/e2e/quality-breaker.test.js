// The quality breaker in the browser (issue 13): an administrator sends a campaign, Meta turns its
// template's quality RED (driven through the simulator's control), the campaign pauses by itself and
// its row says why; "Reanudar" shows that reason again in a confirmation, and only that click
// resumes it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startHost, startSimulator, artifactsDir } from './lib/stack.js';
import { launch, login, newPage } from './lib/browser.js';
import { apiCall, connectSimulator, uploadCsv, sendFromList } from './lib/pageApi.js';

let host;
let sim;
let browser;

before(async () => {
  host = await startHost({ extraConfig: 'plugins.campaigns.quality.events_poll_ms = 300' });
  sim = await startSimulator({
    webhookUrl: `${host.baseUrl}/campaigns/webhooks/whatsapp`,
    settings: { throughput_mps: 5 },
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await sim?.stop();
  await host?.stop();
});

test('a template turning RED pauses the campaign with its reason; Reanudar confirms it and resumes', async () => {
  const page = await newPage(browser);
  await page.setViewportSize({ width: 1366, height: 800 });
  await login(page, host.baseUrl, 'admin', 'admin123');
  await page.goto(`${host.baseUrl}/campaigns`);
  const { account, bienvenida } = await connectSimulator(page, sim,
    { name: 'Simulador Calidad', verifyToken: 'verificar-calidad-1234', rate: 2 });
  const rows = ['telefono,parametro_1,parametro_2'];
  for (let i = 1; i <= 40; i += 1) rows.push(`5699100${String(i).padStart(4, '0')},Cliente ${i},CASO-${i}`);
  const upload = await uploadCsv(page, bienvenida.id, rows.join('\r\n'));
  assert.ok(upload.status === 200 || upload.status === 201, JSON.stringify(upload.body));
  const created = await apiCall(page, 'POST', '/campaigns/api/v1/campaigns', {
    name: 'Promo calidad', department_id: null, account_id: account.id, template_id: bienvenida.id,
    upload_id: upload.body.upload_id, links: {}, allow_duplicates: false, expects_response: false, wait_hours: 0,
    media_file_id: null, consent: true,
  });
  assert.ok(created.status === 200 || created.status === 201, JSON.stringify(created.body));

  await page.goto(`${host.baseUrl}/campaigns`);
  const row = page.locator('#campaigns-table tr', { hasText: 'Promo calidad' });
  await sendFromList(page, row);
  await row.locator('.cmp-badge', { hasText: 'Enviando' }).waitFor({ timeout: 10000 });

  // Meta lowers the template's quality to RED: the simulator sends message_template_quality_update.
  const red = await sim.control('POST', '/_sim/templates/bienvenida/quality', { quality: 'RED' });
  assert.equal(red.status, 200, JSON.stringify(red.body));
  await row.locator('.cmp-badge', { hasText: 'Pausada' }).waitFor({ timeout: 15000 });
  const reason = row.locator('.cmp-pause');
  await reason.waitFor({ timeout: 5000 });
  assert.equal(await reason.getAttribute('data-pause-code'), 'template_red');
  assert.equal((await reason.locator('.cmp-pause-label').textContent()).trim(), 'Calidad de la plantilla en rojo');
  assert.equal((await reason.locator('.cmp-pause-detail').textContent()).trim(),
    'La calidad de la plantilla bienvenida (es) bajó a roja');
  const listed = (await apiCall(page, 'GET', `/campaigns/api/v1/campaigns/${created.body.id}`)).body;
  assert.equal(listed.state, 'paused');
  assert.equal(listed.pause_code, 'template_red');
  assert.equal(listed.pause_reason, 'La calidad de la plantilla bienvenida (es) bajó a roja');
  assert.ok(listed.counters.queued > 0, `entries stay queued while paused: ${JSON.stringify(listed.counters)}`);
  await page.screenshot({ path: path.join(artifactsDir(), 'quality-breaker-paused.png'), fullPage: true });

  // It stays paused: nothing but the administrator's click resumes it.
  await page.waitForTimeout(1500);
  assert.equal((await apiCall(page, 'GET', `/campaigns/api/v1/campaigns/${created.body.id}`)).body.state, 'paused');

  await row.getByRole('button', { name: 'Reanudar' }).click();
  const dialog = page.getByRole('dialog', { name: '¿Reanudar la campaña «Promo calidad»?' });
  await dialog.waitFor();
  assert.equal(await dialog.locator('#resume-reason-label').textContent(), 'Motivo de la pausa: Calidad de la plantilla en rojo');
  assert.equal(await dialog.locator('#resume-reason-detail').textContent(), 'La calidad de la plantilla bienvenida (es) bajó a roja');
  assert.match(await dialog.locator('#resume-warning').textContent(), /se pausó sola/);
  await page.screenshot({ path: path.join(artifactsDir(), 'quality-breaker-confirm.png'), fullPage: true });

  // Cancelar leaves it paused; so does the × every dialog has.
  await dialog.getByRole('button', { name: 'Cancelar' }).click();
  assert.equal(await dialog.isVisible(), false);
  assert.equal((await apiCall(page, 'GET', `/campaigns/api/v1/campaigns/${created.body.id}`)).body.state, 'paused');
  await row.getByRole('button', { name: 'Reanudar' }).click();
  await dialog.getByRole('button', { name: 'Cerrar' }).click();
  assert.equal(await dialog.isVisible(), false);
  assert.equal((await apiCall(page, 'GET', `/campaigns/api/v1/campaigns/${created.body.id}`)).body.state, 'paused');

  await row.getByRole('button', { name: 'Reanudar' }).click();
  await dialog.getByRole('button', { name: 'Reanudar' }).click();
  await page.locator('#campaigns-flash', { hasText: 'Campaña reanudada.' }).waitFor();
  await row.locator('.cmp-badge', { hasText: /Enviando|Completada/ }).waitFor({ timeout: 10000 });
  assert.equal(await row.locator('.cmp-pause').count(), 0, 'the reason goes away with the pause');
  const resumed = (await apiCall(page, 'GET', `/campaigns/api/v1/campaigns/${created.body.id}`)).body;
  assert.equal(resumed.pause_code, null);
  assert.equal(resumed.pause_reason, null);
  await page.screenshot({ path: path.join(artifactsDir(), 'quality-breaker-resumed.png'), fullPage: true });
  await page.close();
});
