// "Crear Campaña" end to end: an administrator creates a campaign in the modal from a CSV with an
// extra column that links itself to the ticket metadata "Número de caso", adds a header image for
// the promo_imagen template, and sees the campaign as Cargada; a file with errors is reported by
// row and column and creates nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startHost, startSimulator, artifactsDir } from './lib/stack.js';
import { launch, login, newPage } from './lib/browser.js';
import { apiCall } from './lib/pageApi.js';

let host;
let sim;
let browser;
let workDir;

// A 1x1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const shot = (page, name) => page.screenshot({ path: path.join(artifactsDir(), name), fullPage: true });

before(async () => {
  host = await startHost();
  sim = await startSimulator();
  browser = await launch();
  workDir = fs.mkdtempSync(path.join(host.dir, 'files-'));
  const page = await newPage(browser);
  await login(page, host.baseUrl, 'admin', 'admin123');
  await page.goto(`${host.baseUrl}/campaigns`);
  const account = await apiCall(page, 'POST', '/campaigns/api/v1/accounts', {
    display_name: 'Simulador Chile', phone_number_id: sim.phoneNumberId, waba_id: sim.wabaId,
    access_token: sim.token, app_secret: sim.appSecret, verify_token: 'verificar-e2e-1234',
    graph_base_url: sim.baseUrl, graph_version: 'v23.0',
  });
  assert.equal(account.status, 201, JSON.stringify(account.body));
  const sync = await apiCall(page, 'POST', `/campaigns/api/v1/accounts/${account.body.id}/templates/sync`);
  assert.equal(sync.status, 200, JSON.stringify(sync.body));
  await page.close();
});

after(async () => {
  await browser?.close();
  await sim?.stop();
  await host?.stop();
});

async function openModalAt(page, { name, template }) {
  await page.goto(`${host.baseUrl}/campaigns`);
  await page.getByRole('button', { name: 'Crear Campaña' }).click();
  const modal = page.locator('#create-modal');
  await modal.getByLabel('Nombre de la campaña').fill(name);
  await modal.getByLabel('Cuenta de Origen').locator('option', { hasText: 'Simulador Chile' }).waitFor({ state: 'attached' });
  await modal.getByRole('button', { name: 'Siguiente' }).click();
  await modal.locator('#c-template option', { hasText: template }).waitFor({ state: 'attached' });
  await modal.getByLabel('Plantilla HSM').selectOption({ label: `${template} (es)` });
  return modal;
}

test('creates a campaign in the modal with a linked metadata column and a header image, then sees it Cargada', async () => {
  const page = await newPage(browser);
  await login(page, host.baseUrl, 'admin', 'admin123');
  const modal = await openModalAt(page, { name: 'Promo invierno', template: 'promo_imagen' });
  await modal.locator('#c-preview', { hasText: 'aprovecha' }).waitFor();
  assert.match(await modal.locator('#c-format-xlsx').getAttribute('href'), /format\?type=xlsx/);
  await shot(page, 'create-campaign-step2.png');
  await modal.getByRole('button', { name: 'Siguiente' }).click();

  const csv = path.join(workDir, 'contactos.csv');
  fs.writeFileSync(csv, 'telefono,parametro_1,parametro_2,Número de caso\r\n' +
    '56911111111,Ana,20%,CASO-1\r\n56922222222,Luis,15%,CASO-2\r\n+56 9 3333 3333,Marta,10%,CASO-3\r\n');
  await modal.locator('#c-file').setInputFiles(csv);
  await modal.locator('.cmp-report-ok', { hasText: '3 filas sin errores' }).waitFor();
  // The template has an IMAGE header: the image zone appears and takes a PNG.
  await modal.locator('#c-image-block').waitFor();
  const png = path.join(workDir, 'promo.png');
  fs.writeFileSync(png, PNG);
  await modal.locator('#c-image').setInputFiles(png);
  await modal.locator('#c-image-name', { hasText: 'promo.png' }).waitFor();
  await shot(page, 'create-campaign-step3.png');
  await modal.getByRole('button', { name: 'Siguiente' }).click();

  // The extra column linked itself to "Número de caso" by name.
  const link = modal.locator('select[data-column="4"]');
  await link.waitFor();
  assert.match(await link.locator('option:checked').innerText(), /Número de caso/);
  await shot(page, 'create-campaign-step4.png');
  await modal.getByRole('button', { name: 'Siguiente' }).click();

  await modal.getByLabel('Sí').check();
  await modal.getByLabel('Horas de espera (0 a 24)').fill('12');
  const create = modal.getByRole('button', { name: 'Crear campaña' });
  assert.ok(await create.isDisabled(), 'Crear campaña waits for the consent');
  await modal.getByLabel(/Confirmo que los destinatarios dieron su consentimiento/).check();
  await shot(page, 'create-campaign-step5.png');
  await create.click();
  await modal.waitFor({ state: 'hidden' });

  const row = page.locator('#campaigns-body tr', { hasText: 'Promo invierno' });
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /Cargada/);
  assert.match(text, /promo_imagen/);
  assert.match(text, /Sin departamento/);
  assert.match(text, /Sí \(12 h\)/);
  assert.match(text, /\t3\t/);
  assert.ok(await row.getByRole('button', { name: 'Enviar Campaña' }).isVisible());
  await shot(page, 'create-campaign-list.png');

  const id = await row.getAttribute('data-id');
  const stored = await apiCall(page, 'GET', `/campaigns/api/v1/campaigns/${id}`);
  assert.equal(stored.body.state, 'loaded');
  assert.equal(stored.body.has_header_image, true, 'the image went to the Cloud API media endpoint');
  assert.equal(stored.body.counters.unique_phones, 3);
  await page.close();
});

test('a file with errors is reported by row and column and creates nothing', async () => {
  const page = await newPage(browser);
  await login(page, host.baseUrl, 'admin', 'admin123');
  const modal = await openModalAt(page, { name: 'Con errores', template: 'bienvenida' });
  await modal.getByRole('button', { name: 'Siguiente' }).click();
  const required = await apiCall(page, 'GET', '/campaigns/api/v1/templates?approved_only=1');
  const bienvenida = required.body.items.find((t) => t.name === 'bienvenida');
  const columns = bienvenida.required_parameters.filter((p) => p.from_upload_file).map((p) => p.column);
  const csv = path.join(workDir, 'errores.csv');
  const fill = (v) => columns.map(() => v).join(',');
  fs.writeFileSync(csv, `telefono,${columns.join(',')}\r\n56911111111,${fill('Ana')}\r\nabc,${fill('Luis')}\r\n` +
    `56911111111,${fill('Ana')}\r\n`);
  await modal.locator('#c-file').setInputFiles(csv);
  const report = modal.locator('#c-report');
  await report.locator('.cmp-report-bad').waitFor();
  const errors = await report.locator('table').innerText();
  assert.match(errors, /Fila 3, columna A/);
  assert.match(errors, /Fila 4, columna A/);
  await shot(page, 'create-campaign-errors.png');
  // With errors the modal does not go on, and nothing was created.
  await modal.getByRole('button', { name: 'Siguiente' }).click();
  await modal.locator('.cmp-field-error[data-for="upload_id"]', { hasText: 'tiene errores' }).waitFor();
  // "Permitir números de teléfono duplicados" removes the duplicate error, the bad phone stays.
  await modal.getByRole('button', { name: 'Anterior' }).click();
  await modal.getByLabel('Permitir números de teléfono duplicados').check();
  await modal.getByRole('button', { name: 'Siguiente' }).click();
  await report.locator('.cmp-report-bad', { hasText: '1 error' }).waitFor();
  const list = await apiCall(page, 'GET', '/campaigns/api/v1/campaigns?q=Con%20errores');
  assert.equal(list.body.total, 0);
  await page.close();
});
