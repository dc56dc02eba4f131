// The foundation end to end: an administrator reaches "Administrador > Mis Campañas" through the
// host's menu and sees the plugin page; an agent is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startHost, artifactsDir } from './lib/stack.js';
import { launch, login, newPage } from './lib/browser.js';

let host;
let browser;

before(async () => {
  host = await startHost();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await host?.stop();
});

test('administrator opens Administrador > Mis Campañas from the menu', async () => {
  const page = await newPage(browser);
  await login(page, host.baseUrl, 'admin', 'admin123');
  await page.locator('summary', { hasText: 'Administrador' }).click();
  await page.getByRole('link', { name: 'Mis Campañas', exact: true }).click();
  await page.waitForURL(`${host.baseUrl}/campaigns`);
  await assert.doesNotReject(page.getByRole('heading', { name: 'Mis Campañas' }).waitFor());
  assert.ok(await page.getByRole('button', { name: 'Crear Campaña' }).isVisible());
  await page.locator('summary', { hasText: 'Analítica' }).click();
  assert.ok(await page.getByRole('link', { name: 'Mis campañas', exact: true }).isVisible(),
    'the Analítica > Mis campañas entry is in the menu');
  await page.screenshot({ path: path.join(artifactsDir(), 'foundation-campaigns.png'), fullPage: true });
  await page.close();
});

test('agent is refused on the campaigns page and does not see its menu entry', async () => {
  const page = await newPage(browser);
  await login(page, host.baseUrl, 'agente', 'agente123');
  assert.equal(await page.getByRole('link', { name: 'Mis Campañas', exact: true }).count(), 0);
  const response = await page.goto(`${host.baseUrl}/campaigns`);
  assert.equal(response.status(), 403);
  await page.screenshot({ path: path.join(artifactsDir(), 'foundation-agent-refused.png') });
  await page.close();
});

test('administrator creates an API token with a lifetime and revokes it', async () => {
  const page = await newPage(browser);
  await login(page, host.baseUrl, 'admin', 'admin123');
  await page.goto(`${host.baseUrl}/admin/users`);
  const agentRow = page.locator('tr', { hasText: 'agente' }).first();
  await agentRow.locator('input[name="etiqueta"]').fill('integración CRM');
  await agentRow.locator('select[name="dias"]').selectOption('30');
  await agentRow.getByRole('button', { name: 'Crear token' }).click();
  const token = (await page.locator('#nuevo-token').textContent()).trim();
  assert.match(token, /^hdt_[0-9a-f]{64}$/);
  const tokenRow = page.locator('#tokens tr', { hasText: 'integración CRM' });
  assert.ok(await tokenRow.getByText('Activo').isVisible());
  const me = await fetch(`${host.baseUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(me.status, 200);
  await page.screenshot({ path: path.join(artifactsDir(), 'foundation-token-created.png'), fullPage: true });
  await tokenRow.getByRole('button', { name: 'Revocar' }).click();
  await page.waitForURL(`${host.baseUrl}/admin/users`);
  const revokedRow = page.locator('#tokens tr', { hasText: 'integración CRM' });
  assert.ok(await revokedRow.getByText('Revocado').isVisible());
  assert.equal(await revokedRow.getByRole('button', { name: 'Revocar' }).count(), 0);
  const after = await fetch(`${host.baseUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(after.status, 401);
  await page.screenshot({ path: path.join(artifactsDir(), 'foundation-token-revoked.png'), fullPage: true });
  await page.close();
});
