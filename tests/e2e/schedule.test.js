// "Programar envío" end to end (issue 13): an administrator opens the dialog from a Cargada
// campaign, picks tomorrow 09:30 (installation time, America/Santiago) with a send window, and the
// list shows the "Programada" row with that local time, "Cambiar" and "Cancelar programación";
// cancelling brings it back to Cargada. Screenshots: the dialog and the row.
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
  host = await startHost();
  sim = await startSimulator({ webhookUrl: `${host.baseUrl}/campaigns/webhooks/whatsapp` });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await sim?.stop();
  await host?.stop();
});

// Tomorrow's date on the installation's wall clock, as <input type="date"> takes it.
function tomorrowInSantiago() {
  const parts = {};
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Santiago', year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(Date.now() + 24 * 3600e3)).forEach((p) => { parts[p.type] = p.value; });
  return `${parts.year}-${parts.month}-${parts.day}`;
}

test('schedules a campaign in the dialog and shows the Programada row with its local time', async () => {
  const page = await newPage(browser);
  await login(page, host.baseUrl, 'admin', 'admin123');
  await page.goto(`${host.baseUrl}/campaigns`);
  const { account, bienvenida } = await connectSimulator(page, sim, { name: 'Simulador Programado', verifyToken: 'verificar-programa-1' });
  const csv = ['telefono,parametro_1,parametro_2', '56990021001,Ana,P-1', '56990021002,Luis,P-2'];
  const upload = await uploadCsv(page, bienvenida.id, csv.join('\r\n'));
  assert.ok(upload.status === 200 || upload.status === 201, JSON.stringify(upload.body));
  const created = await apiCall(page, 'POST', '/campaigns/api/v1/campaigns', {
    name: 'Campaña programada', department_id: null, account_id: account.id, template_id: bienvenida.id,
    upload_id: upload.body.upload_id, links: {}, allow_duplicates: false, expects_response: false, wait_hours: 0,
    media_file_id: null, consent: true,
  });
  assert.ok(created.status === 200 || created.status === 201, JSON.stringify(created.body));

  await page.goto(`${host.baseUrl}/campaigns`);
  const row = page.locator('#campaigns-table tr', { hasText: 'Campaña programada' });
  await row.locator('.cmp-badge', { hasText: 'Cargada' }).waitFor();
  await row.getByRole('button', { name: 'Programar envío' }).click();
  const dialog = page.locator('#schedule-modal');
  await dialog.waitFor({ state: 'visible' });
  assert.match(await page.locator('#schedule-zone').textContent(), /America\/Santiago/);
  const day = tomorrowInSantiago();
  await page.locator('#s-date').fill(day);
  await page.locator('#s-time').fill('09:30');
  await page.locator('#s-window').check();
  await page.screenshot({ path: path.join(artifactsDir(), 'schedule-dialog.png') });
  await page.locator('#schedule-submit').click();
  await dialog.waitFor({ state: 'hidden' });

  await row.locator('.cmp-badge', { hasText: 'Programada' }).waitFor({ timeout: 10000 });
  const shown = `${day.slice(8, 10)}-${day.slice(5, 7)}-${day.slice(0, 4)} 09:30`; // page-kit's format(): Chile's dd-mm-yyyy, 24 h
  assert.equal((await row.locator('.cmp-scheduled-at').textContent()).trim(), `Inicio: ${shown}`);
  assert.match(await row.textContent(), /Ventana 09:00–20:00 \(lu, ma, mi, ju, vi\)/);
  assert.match(await page.locator('#campaigns-flash').textContent(), new RegExp(`Campaña programada para el ${shown.replace(' ', ' a las ')}`));
  await row.getByRole('button', { name: 'Cambiar' }).waitFor();
  await row.getByRole('button', { name: 'Cancelar programación' }).waitFor();
  assert.equal(await row.getByRole('button', { name: 'Enviar Campaña' }).count(), 0, 'a scheduled campaign is not sent by hand');
  await page.screenshot({ path: path.join(artifactsDir(), 'schedule-row.png'), fullPage: true });
  // "Cambiar" opens the dialog on the stored local time and window.
  await row.getByRole('button', { name: 'Cambiar' }).click();
  await dialog.waitFor({ state: 'visible' });
  assert.equal(await page.locator('#s-date').inputValue(), day);
  assert.equal(await page.locator('#s-time').inputValue(), '09:30');
  assert.equal(await page.locator('#s-window').isChecked(), true);
  assert.equal(await page.locator('#schedule-title').textContent(), 'Cambiar programación');
  await page.locator('#schedule-cancel').click();
  await dialog.waitFor({ state: 'hidden' });

  // Stored in UTC: 09:30 in Santiago is 12:30Z (summer, UTC-3) or 13:30Z (winter, UTC-4).
  const listed = (await apiCall(page, 'GET', `/campaigns/api/v1/campaigns/${created.body.id}`)).body;
  assert.equal(listed.state, 'scheduled');
  assert.match(listed.scheduled_at, new RegExp(`^${day}T1[23]:30:00Z$`));

  await row.getByRole('button', { name: 'Cancelar programación' }).click();
  await row.locator('.cmp-badge', { hasText: 'Cargada' }).waitFor({ timeout: 10000 });
  assert.equal(await page.locator('#campaigns-flash').textContent(), 'Programación cancelada: la campaña vuelve a estar Cargada.');
  await page.close();
});

// A send window closed all day today: "Enviar Campaña" starts the campaign held, and the row says
// until when ("En pausa hasta <fecha> 09:00", with the date since it is not today).
test('a campaign sent outside its send window shows En pausa hasta', async () => {
  const page = await newPage(browser);
  await login(page, host.baseUrl, 'admin', 'admin123');
  await page.goto(`${host.baseUrl}/campaigns`);
  const accounts = await apiCall(page, 'GET', '/campaigns/api/v1/accounts');
  const account = accounts.body.items.find((a) => a.phone_number_id === sim.phoneNumberId);
  const templates = await apiCall(page, 'GET', `/campaigns/api/v1/templates?account=${account.id}&approved_only=1`);
  const bienvenida = (templates.body.items || templates.body).find((t) => t.name === 'bienvenida');
  const upload = await uploadCsv(page, bienvenida.id, ['telefono,parametro_1,parametro_2', '56990031001,Ana,V-1'].join('\r\n'));
  const created = await apiCall(page, 'POST', '/campaigns/api/v1/campaigns', {
    name: 'Campaña con ventana', department_id: null, account_id: account.id, template_id: bienvenida.id,
    upload_id: upload.body.upload_id, links: {}, allow_duplicates: false, expects_response: false, wait_hours: 0,
    media_file_id: null, consent: true,
  });
  assert.ok(created.status === 200 || created.status === 201, JSON.stringify(created.body));
  // Every day but today (installation time), 09:00-20:00.
  const weekday = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Santiago', weekday: 'short' }).format(new Date());
  const today = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(weekday) + 1;
  const days = [1, 2, 3, 4, 5, 6, 7].filter((d) => d !== today);
  const put = await apiCall(page, 'PUT', `/campaigns/api/v1/campaigns/${created.body.id}/send-window`, { from: '09:00', to: '20:00', days });
  assert.equal(put.status, 200, JSON.stringify(put.body));

  await page.goto(`${host.baseUrl}/campaigns`);
  const row = page.locator('#campaigns-table tr', { hasText: 'Campaña con ventana' });
  await sendFromList(page, row);
  const held = row.locator('.cmp-state-held');
  await held.waitFor({ timeout: 10000 });
  const tomorrow = tomorrowInSantiago();
  assert.equal((await held.textContent()).trim(), `En pausa hasta ${tomorrow.slice(8, 10)}-${tomorrow.slice(5, 7)}-${tomorrow.slice(0, 4)} 09:00`);
  await row.locator('.cmp-badge', { hasText: 'Enviando' }).waitFor();
  await page.screenshot({ path: path.join(artifactsDir(), 'schedule-held-row.png'), fullPage: true });
  const listed = (await apiCall(page, 'GET', `/campaigns/api/v1/campaigns/${created.body.id}`)).body;
  assert.equal(listed.counters.accepted, 0, 'nothing is sent while the window is closed');
  await page.close();
});
