// Both languages, whole (issue 16): an administrator whose browser asks for Spanish, then one whose
// browser asks for English, walks every page of the host and of the campaigns plugin (and the
// "Crear Campaña" modal step by step). Each page's visible text (innerText plus title, placeholder
// and aria-label attributes) must hold no string that only the other language's locale files have,
// and none of a few words known to belong to the other language. A screenshot of each page in each
// language goes to the artifacts folder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startHost, startSimulator, artifactsDir } from './lib/stack.js';
import { launch, login, newPage } from './lib/browser.js';
import { apiCall, connectSimulator, uploadCsv } from './lib/pageApi.js';

const sourceDir = process.env.CAMPAIGNS_SOURCE_DIR;
const LOCALE_DIRS = [path.join(sourceDir, 'host-api/reference-host/locales'), path.join(sourceDir, 'templates/locales')];

// Words that read the same in both languages or name things (products, formats, codes): never a finding.
const SHARED = new Set(['WhatsApp', 'WhatsApp Business', 'Meta', 'Excel', 'Excel (.xlsx)', 'CSV', 'HSM', 'WABA', 'Ticket', 'Tickets',
  'Token', 'Manual', 'Error', 'Video', 'Marketing', 'Total']);
// A few words a translator forgets most, checked even if a locale file lost them.
const KNOWN = {
  es: ['Recargar', 'Cerrar', 'Cancelar', 'Guardar', 'Buscar', 'Usuario', 'Contraseña', 'Siguiente', 'Anterior', 'Salir',
    'Acciones', 'Estado', 'Departamento', 'Agregar', 'Eliminar', 'Renombrar', 'Descargar', 'Iniciar sesión', 'Mesa de ayuda'],
  en: ['Reload', 'Close', 'Cancel', 'Save', 'Search', 'User name', 'Password', 'Next', 'Previous', 'Sign out', 'Sign in',
    'Actions', 'Status', 'Department', 'Delete', 'Rename', 'Download', 'Helpdesk'],
};
// Parts of pages that show data (a template's text from Meta, a conversation), not the interface.
// On the plugin's ticket panel, the campaign's name (its link) and Meta's failure reason are data.
// A template's cells with its text from Meta as their tooltip are data too.
const DATA_SELECTORS = ['#c-preview', '.thread', '.user-name', '.plugin-panel a', '.plugin-panel .wa-detail', '#templates-table td[title]'];
// What seed-demo and this test store (user, department and metadata names, campaign names): data.
const DATA_TEXTS = ['Administrador', 'Agente', 'Ventas', 'Soporte', 'Número de caso', 'Comentario', 'Cliente VIP', 'RUT',
  'Prioridad Soporte', 'Simulador'];

function readProperties(file) {
  const out = new Map();
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const eq = line.search(/[=:]/);
    if (eq < 0) continue;
    out.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return out;
}

// Each value split at its {placeholders} and <tags>: the fixed pieces are what a page shows.
function pieces(value) {
  return value.split(/\{\w+\}|<[^>]*>/).map((s) => s.trim().replace(/^[(«"[]+|[)».:;,"\]]+$/g, '').trim())
    .filter((s) => s.length > 3 && /\p{L}{3}/u.test(s));
}

function strings(lang) {
  const all = new Set();
  for (const dir of LOCALE_DIRS) for (const v of readProperties(path.join(dir, `${lang}.properties`)).values()) {
    for (const p of pieces(v)) all.add(p);
  }
  return all;
}

// What must not appear on a page in `lang`: the other language's pieces this language lacks.
function forbiddenFor(lang) {
  const mine = strings(lang);
  const theirs = strings(lang === 'es' ? 'en' : 'es');
  const out = new Set([...theirs].filter((s) => !mine.has(s) && !SHARED.has(s)));
  for (const w of KNOWN[lang === 'es' ? 'en' : 'es']) out.add(w);
  return [...out];
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// A whole-word match: "Contact" is not found in "Contacto".
const wordRe = (s) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(s)}(?![\\p{L}\\p{N}])`, 'u');

async function visibleText(page) {
  return page.evaluate(({ dataSelectors, dataTexts }) => {
    // innerText leaves out what is not visible: hide the data parts for a moment, then read.
    const data = new Set(dataSelectors.flatMap((sel) => [...document.querySelectorAll(sel)]));
    for (const el of document.querySelectorAll('td, option, dd, span, strong')) {
      if (dataTexts.includes(el.textContent.trim())) data.add(el);
    }
    const saved = [...data].map((el) => [el, el.style.visibility]);
    for (const [el] of saved) el.style.visibility = 'hidden';
    const text = document.body.innerText;
    for (const [el, v] of saved) el.style.visibility = v;
    const attrs = [];
    for (const el of document.querySelectorAll('[title], [placeholder], [aria-label]')) {
      if ([...data].some((d) => d.contains(el))) continue;
      for (const a of ['title', 'placeholder', 'aria-label']) if (el.getAttribute(a)) attrs.push(el.getAttribute(a));
    }
    return [document.title, text, ...attrs].join('\n');
  }, { dataSelectors: DATA_SELECTORS, dataTexts: DATA_TEXTS });
}

let host;
let sim;
let browser;
let ticketId;
let sentId;
const FORBIDDEN = { es: forbiddenFor('es'), en: forbiddenFor('en') };
// Longest first, so a long string goes before a shorter one inside it.
// A known word of the other language stays even if this language's file wrongly holds it.
const own = (lang) => [...strings(lang)].filter((s) => !KNOWN[lang === 'es' ? 'en' : 'es'].includes(s)).sort((a, b) => b.length - a.length);
const OWN = { es: own('es'), en: own('en') };

before(async () => {
  host = await startHost();
  sim = await startSimulator({
    webhookUrl: `${host.baseUrl}/campaigns/webhooks/whatsapp`,
    settings: { throughput_mps: 20, p_delivered: 1, p_read: 1, reply_probability: 0 },
  });
  browser = await launch();
  // Data for every page to show something: an account with templates, a sent campaign that expects
  // answers (its tickets, its analytics) and a loaded one (its "send" and "rename" actions).
  const page = await newPage(browser);
  await login(page, host.baseUrl, 'admin', 'admin123');
  await page.goto(`${host.baseUrl}/campaigns`);
  const { account, bienvenida } = await connectSimulator(page, sim, { name: 'Simulador', verifyToken: 'verificar-idiomas-1', rate: 10 });
  const create = async (name, phones) => {
    const upload = await uploadCsv(page, bienvenida.id, ['telefono,parametro_1,parametro_2', ...phones.map((p, i) => `${p},Ana,CASO-${i}`)].join('\r\n'));
    assert.ok(upload.status < 300, JSON.stringify(upload.body));
    const created = await apiCall(page, 'POST', '/campaigns/api/v1/campaigns', {
      name, department_id: null, account_id: account.id, template_id: bienvenida.id, upload_id: upload.body.upload_id, links: {},
      allow_duplicates: false, expects_response: true, wait_hours: 24, media_file_id: null, consent: true,
    });
    assert.ok(created.status < 300, JSON.stringify(created.body));
    return created.body.id;
  };
  sentId = await create('Promo 1', ['56990002001', '56990002002']);
  const sent = await apiCall(page, 'POST', `/campaigns/api/v1/campaigns/${sentId}/send`);
  assert.ok(sent.status < 300, JSON.stringify(sent.body));
  for (const end = Date.now() + 60000; ;) {
    const c = await apiCall(page, 'GET', `/campaigns/api/v1/campaigns/${sentId}`);
    if (c.body.state === 'completed') break;
    if (Date.now() > end) throw new Error(`campaign not completed: ${JSON.stringify(c.body)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  await create('Promo 2', ['56990003001']);
  const answer = await sim.control('POST', '/_sim/inbound', { from: '56990002001', text: 'Hola' });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  for (const end = Date.now() + 30000; !ticketId;) {
    const tickets = await apiCall(page, 'GET', '/api/v1/tickets');
    const answered = (tickets.body.tickets || []).find((t) => t.awaitingSince);
    if (answered) ticketId = answered.id;
    else if (Date.now() > end) throw new Error(`no ticket: ${JSON.stringify(tickets.body)}`);
    else await new Promise((r) => setTimeout(r, 250));
  }
  await page.context().close();
});

after(async () => {
  await browser?.close();
  await sim?.stop();
  await host?.stop();
});

for (const [lang, browserLocale] of [['es', 'es-CL'], ['en', 'en-US']]) {
  test(`every page reads in ${lang} only`, async () => {
    const page = await newPage(browser, browserLocale);
    const findings = [];
    const check = async (name) => {
      await page.screenshot({ path: path.join(artifactsDir(), `languages-${lang}-${name}.png`), fullPage: true });
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang, `<html lang> of ${name}`);
      // This language's own strings go first ("Phone-number ID" is Spanish too; "Phone" alone is not).
      // Addresses and file names (contactos.csv, the webhook's URL) are data, whatever their words.
      let text = (await visibleText(page)).replace(/\S+:\/\/\S+|[\p{L}\p{N}_-]+\.(csv|xlsx|png|jpe?g)\b/gu, ' ');
      for (const s of OWN[lang]) text = text.replace(new RegExp(wordRe(s).source, 'gu'), '\n');
      for (const s of FORBIDDEN[lang]) {
        const m = wordRe(s).exec(text);
        if (m) findings.push(`${name}: «${s}» in «${text.slice(Math.max(0, m.index - 30), m.index + s.length + 30).replace(/\s+/g, ' ')}»`);
      }
    };
    const visit = async (name, url, ready) => {
      await page.goto(host.baseUrl + url);
      if (ready) await ready();
      await page.waitForLoadState('networkidle').catch(() => {});
      await check(name);
    };

    await visit('login', '/login');
    await login(page, host.baseUrl, 'admin', 'admin123');
    await check('start');
    await page.locator('details.menu-section').evaluateAll((all) => all.forEach((d) => { d.open = true; }));
    await check('start-menu');
    await visit('tickets', '/tickets?estado=todos');
    await visit('ticket', `/tickets/${ticketId}`);
    await visit('error-404', '/no-such-page');
    await visit('error-ticket', '/tickets/999999');
    await visit('admin-departments', '/admin/departments');
    await visit('admin-metadata', '/admin/metadata');
    await visit('admin-users', '/admin/users');
    await visit('campaigns', '/campaigns', () => page.locator('#campaigns-body tr[data-id]').first().waitFor());
    // At 1366 px the list is wider than the page: "Enviar Campaña" must still be in view, not
    // behind a horizontal scroll nobody sees (it was, in both languages).
    const send = await page.locator('#campaigns-body button[data-act="send"]').first().boundingBox();
    const table = await page.locator('.cmp-table-wrap').boundingBox();
    assert.ok(send && send.x + send.width <= table.x + table.width + 1, `send button outside the list: ${JSON.stringify({ send, table })}`);
    // The send date of the campaign sent above, on the installation's clock (page-kit's format()):
    // Chile's 07-12-2026, 09:01 in Spanish; "Dec 7, 2026, 9:01 AM" in English, where 07/12 would read as July.
    const sentDate = (await page.locator('#campaigns-body tr', { hasText: 'Promo 1' }).locator('td').nth(2).innerText()).replace(/\s+/g, ' ').trim();
    assert.match(sentDate, lang === 'en' ? /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d [AP]M$/ : /^\d\d-\d\d-\d{4}, \d\d:\d\d$/, sentDate);
    await visit('accounts', '/campaigns/accounts');
    await page.locator('#acc-add').click();
    await page.locator('#acc-dialog[open]').waitFor();
    await check('accounts-dialog');
    await page.locator('#acc-cancel').click();
    await visit('suppressions', '/campaigns/suppressions');
    await page.locator('#supp-add').click();
    await page.locator('#supp-dialog[open]').waitFor();
    await check('suppressions-dialog');
    await page.locator('#supp-cancel').click();
    await visit('analytics', '/campaigns/analytics', () => page.waitForSelector('#analytics-page[data-ready="true"]'));
    await visit('analytics-campaign', `/campaigns/analytics?campaign=${sentId}`,
      () => page.waitForSelector('#analytics-page[data-ready="true"]'));
    await page.locator('#an-open-campaign').click();
    await page.locator('#an-dialog[open]').waitFor();
    await check('analytics-dialog');

    // "Crear Campaña", step by step, as far as a file with recipients.
    await page.goto(`${host.baseUrl}/campaigns`);
    await page.locator('#create-campaign').click();
    const modal = page.locator('#create-modal');
    await modal.locator('#c-account option').first().waitFor({ state: 'attached' });
    await page.locator('#c-next').click();  // empty name: the step's own errors
    await check('create-1-errors');
    await modal.locator('#c-name').fill('Promo 3');
    await page.locator('#c-next').click();
    await modal.locator('#c-template option').first().waitFor({ state: 'attached' });
    await check('create-2-empty');
    await modal.locator('#c-template').selectOption({ index: 0 });
    await check('create-2-template');
    await page.locator('#c-next').click();
    await check('create-3');
    const csv = path.join(host.dir, `languages-${lang}.csv`);
    fs.writeFileSync(csv, 'telefono,parametro_1,parametro_2\r\n56990004001,Ana,CASO-1\r\n');
    await modal.locator('#c-file').setInputFiles(csv);
    await modal.locator('#c-report .cmp-report-ok').waitFor();
    await check('create-3-file');
    await page.locator('#c-next').click();
    await check('create-4');
    await page.locator('#c-next').click();
    await check('create-5');
    await page.locator('#create-close').click();
    // The rename dialog of the loaded campaign.
    await page.locator('button[data-act="rename"]:not([disabled])').first().click();
    await check('rename');

    await page.context().close();
    assert.deepEqual(findings, [], `strings of the other language on ${lang} pages:\n${findings.join('\n')}`);
  });
}
