// Administrador > Cuentas de Origen end to end: add an account pointing at the simulator, see the
// token only as ••••last4, test the connection, sync the templates, assign promo_imagen to Ventas,
// and check the department filter ("Sin departamento" sees all).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startHost, startSimulator, artifactsDir } from './lib/stack.js';
import { launch, login, newPage } from './lib/browser.js';

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

const shot = (page, name) => page.screenshot({ path: path.join(artifactsDir(), name), fullPage: true });

test('administrator adds a simulator account, syncs templates and filters them by department', async () => {
  const page = await newPage(browser);
  await login(page, host.baseUrl, 'admin', 'admin123');
  await page.locator('summary', { hasText: 'Administrador' }).click();
  await page.getByRole('link', { name: 'Cuentas de Origen', exact: true }).click();
  await page.waitForURL(`${host.baseUrl}/campaigns/accounts`);
  await page.getByRole('heading', { name: 'Cuentas de Origen' }).waitFor();

  // A form with a missing token is refused field by field, in Spanish.
  await page.getByRole('button', { name: 'Agregar cuenta' }).click();
  const dialog = page.locator('#acc-dialog');
  await dialog.getByLabel('Nombre de la cuenta').fill('Simulador Chile');
  await dialog.getByLabel('Phone-number ID').fill(sim.phoneNumberId);
  await dialog.getByLabel('WABA ID (cuenta de WhatsApp Business)').fill(sim.wabaId);
  await dialog.getByLabel('URL base de la Graph API').fill(sim.baseUrl);
  await dialog.getByLabel('Versión de la Graph API').fill('v23.0');
  await dialog.getByRole('button', { name: 'Guardar' }).click();
  await dialog.locator('.acc-err[data-for="access_token"]', { hasText: 'Pega el token de acceso' }).waitFor();
  await shot(page, 'accounts-validation.png');

  await dialog.getByLabel('Token de acceso').fill('sim-token');
  await dialog.getByLabel('Clave secreta de la app (app secret)').fill(sim.appSecret);
  await dialog.getByLabel('Token de verificación del webhook').fill('verificar-e2e-1234');
  await dialog.getByLabel('Límite de envío (mensajes por segundo)').fill('120');
  await dialog.getByRole('button', { name: 'Guardar' }).click();
  await dialog.waitFor({ state: 'hidden' });

  const row = page.locator('#accounts-table tbody tr', { hasText: 'Simulador Chile' });
  await row.waitFor();
  assert.match(await row.innerText(), /••••oken/);
  assert.ok(!(await page.content()).includes('sim-token'), 'the token never reaches the page');
  assert.match(await row.innerText(), /Activa/);

  await row.getByRole('button', { name: 'Probar conexión' }).click();
  const testLine = page.locator('#accounts-table tr.acc-test');
  await testLine.filter({ hasText: 'Conexión correcta' }).waitFor();
  assert.match(await testLine.innerText(), /15550001111/);

  // Editing keeps the secrets when their inputs are left empty.
  await row.getByRole('button', { name: 'Editar' }).click();
  assert.equal(await dialog.getByLabel('Token de acceso').inputValue(), '');
  assert.equal(await dialog.getByLabel('Token de acceso').getAttribute('placeholder'), '••••oken — deja vacío para conservar');
  await dialog.getByLabel('Nombre de la cuenta').fill('Simulador Chile 2');
  await dialog.getByRole('button', { name: 'Guardar' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const edited = page.locator('#accounts-table tbody tr', { hasText: 'Simulador Chile 2' });
  await edited.getByRole('button', { name: 'Probar conexión' }).click();
  await page.locator('#accounts-table tr.acc-test', { hasText: 'Conexión correcta' }).waitFor();

  // Templates: every page of the simulator's listing arrives.
  await page.getByRole('button', { name: 'Sincronizar plantillas' }).click();
  await page.locator('#tpl-result', { hasText: 'Sincronización terminada: 60 nuevas' }).waitFor();
  const rows = page.locator('#templates-table tbody tr');
  await page.locator('#templates-table tr[data-template="generada_52"]').waitFor();
  assert.equal(await rows.count(), 60);
  assert.match(await page.locator('tr[data-template="pausada"]').innerText(), /Pausada/);
  assert.match(await page.locator('tr[data-template="promo_imagen"]').innerText(), /Aprobada[\s\S]*Imagen/);

  const promo = page.locator('tr[data-template="promo_imagen"]');
  await promo.getByRole('button', { name: 'Asignar departamentos' }).click();
  const assign = page.locator('#tpl-dialog');
  await assign.getByLabel('Ventas').check();
  await assign.getByRole('button', { name: 'Guardar' }).click();
  await assign.waitFor({ state: 'hidden' });
  await page.locator('tr[data-template="promo_imagen"] .tpl-departments', { hasText: 'Ventas' }).waitFor();

  // "Botones de baja" (issue 12): the quick reply "No gracias" and a typed payload become opt-outs.
  await promo.getByRole('button', { name: 'Botones de baja' }).click();
  const optout = page.locator('#optout-dialog');
  await optout.getByLabel('No gracias').waitFor();
  assert.equal(await optout.getByLabel('Me interesa').isChecked(), false);
  await optout.getByLabel('No gracias').check();
  await optout.locator('#optout-other').fill('BAJA_PROMO');
  // The page holds 60 templates: the viewport around the dialog, not the whole page.
  await page.screenshot({ path: path.join(artifactsDir(), 'accounts-optout-buttons.png') });
  await optout.getByRole('button', { name: 'Guardar' }).click();
  await optout.waitFor({ state: 'hidden' });
  await page.locator('#tpl-result', { hasText: 'Botones de baja de «promo_imagen»: No gracias, BAJA_PROMO.' }).waitFor();
  const promoId = await page.evaluate(async () => {
    const r = await fetch('/campaigns/api/v1/templates?account=' + document.querySelector('#tpl-account').value);
    return (await r.json()).items.find((t) => t.name === 'promo_imagen').id;
  });
  const marked = await page.evaluate(async (id) => (await fetch(`/campaigns/api/v1/templates/${id}/optout-payloads`)).json(), promoId);
  assert.deepEqual(marked.payloads.slice().sort(), ['BAJA_PROMO', 'No gracias']);
  await promo.getByRole('button', { name: 'Botones de baja' }).click();
  await optout.getByLabel('No gracias').waitFor();
  assert.equal(await optout.getByLabel('No gracias').isChecked(), true);
  assert.equal(await optout.locator('#optout-other').inputValue(), 'BAJA_PROMO');
  await optout.getByRole('button', { name: 'Cancelar' }).click();

  await page.locator('#tpl-department').selectOption({ label: 'Ventas' });
  await page.waitForFunction(() => document.querySelectorAll('#templates-table tbody tr').length === 1);
  assert.equal(await rows.count(), 1);
  assert.equal(await rows.first().getAttribute('data-template'), 'promo_imagen');
  await shot(page, 'accounts-templates-ventas.png');

  await page.locator('#tpl-department').selectOption({ label: 'Soporte' });
  await page.locator('#templates-table tbody tr.cmp-empty').waitFor();

  await page.locator('#tpl-department').selectOption({ label: 'Sin departamento' });
  await page.waitForFunction(() => document.querySelectorAll('#templates-table tbody tr[data-template]').length === 60);

  await page.locator('#tpl-approved').check();
  await page.waitForFunction(() => document.querySelectorAll('#templates-table tbody tr[data-template]').length === 57);
  assert.equal(await page.locator('tr[data-template="pausada"]').count(), 0);
  await page.locator('#tpl-approved').uncheck();
  await page.waitForFunction(() => document.querySelectorAll('#templates-table tbody tr[data-template]').length === 60);
  await shot(page, 'accounts-page.png');
  await page.close();
});

test('a paused template arrives by webhook and the page shows it Pausada', async () => {
  const r = await sim.control('POST', '/_sim/templates/bienvenida/status', { status: 'PAUSED', language: 'es' });
  assert.equal(r.status, 200);
  await sim.control('POST', '/_sim/flush', { timeout_ms: 10000, expedite: true });
  const page = await newPage(browser);
  await login(page, host.baseUrl, 'admin', 'admin123');
  await page.goto(`${host.baseUrl}/campaigns/accounts`);
  // The status task drains template events every 2 s; reload until the change shows.
  const deadline = Date.now() + 15000;
  let text = '';
  while (Date.now() < deadline) {
    await page.locator('tr[data-template="bienvenida"]').waitFor();
    text = await page.locator('tr[data-template="bienvenida"]').innerText();
    if (/Pausada/.test(text)) break;
    await page.waitForTimeout(500);
    await page.reload();
  }
  assert.match(text, /Pausada/);

  // Disabling keeps the account listed, as Desactivada, and can be undone.
  const row = page.locator('#accounts-table tbody tr', { hasText: 'Simulador Chile 2' });
  await row.getByRole('button', { name: 'Desactivar' }).click();
  await page.locator('#accounts-table tbody tr', { hasText: 'Desactivada' }).waitFor();
  await page.locator('#acc-message', { hasText: 'quedó desactivada' }).waitFor();
  await row.getByRole('button', { name: 'Activar' }).click();
  await page.locator('#accounts-table tbody tr', { hasText: 'Activa' }).waitFor();
  await page.close();
});

test('the API refuses agents and never returns secrets', async () => {
  const page = await newPage(browser);
  await login(page, host.baseUrl, 'admin', 'admin123');
  const body = await page.evaluate(async () => (await fetch('/campaigns/api/v1/accounts')).text());
  assert.ok(!body.includes('sim-token') && !body.includes('sim-app-secret'));
  assert.match(body, /"access_token_last4":"oken"/);
  await page.close();
  const agent = await newPage(browser);
  await login(agent, host.baseUrl, 'agente', 'agente123');
  const status = await agent.evaluate(async () => (await fetch('/campaigns/api/v1/accounts')).status);
  assert.equal(status, 403);
  await agent.close();
});
