// The plugin's API called from a logged-in page, as the page's own scripts call it: the session
// cookie plus the CSRF token from the page's <meta>. Answers { status, body } with body parsed
// as JSON (null when it is not).
export async function apiCall(page, method, url, body) {
  return page.evaluate(async ({ method, url, body }) => {
    const csrf = document.querySelector('meta[name="csrf-token"]').content;
    const headers = { 'X-CSRF-Token': csrf, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, body: await r.json().catch(() => null) };
  }, { method, url, body });
}

// Uploads a CSV for a template the way the creation modal does (POST /campaigns/api/v1/uploads).
export async function uploadCsv(page, templateId, csv, { fileName = 'contactos.csv', allowDuplicates = false } = {}) {
  return page.evaluate(async ({ templateId, csv, fileName, allowDuplicates }) => {
    const csrf = document.querySelector('meta[name="csrf-token"]').content;
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), fileName);
    form.append('template_id', String(templateId));
    form.append('department_id', '');
    form.append('allow_duplicates', allowDuplicates ? '1' : '0');
    const r = await fetch('/campaigns/api/v1/uploads', { method: 'POST', headers: { 'X-CSRF-Token': csrf }, body: form });
    return { status: r.status, body: await r.json().catch(() => null) };
  }, { templateId, csv, fileName, allowDuplicates });
}

// Connects the Cloud API simulator as a Cuenta de Origen and synchronises its templates, as an
// administrator does in "Cuentas de Origen". Answers { account, bienvenida } (the simulator's
// approved template); throws with the API's answer when a step fails.
export async function connectSimulator(page, sim, { name = 'Simulador', verifyToken = 'verificar-simulador-1', rate } = {}) {
  const body = {
    display_name: name, phone_number_id: sim.phoneNumberId, waba_id: sim.wabaId, access_token: sim.token,
    app_secret: sim.appSecret, verify_token: verifyToken, graph_base_url: sim.baseUrl, graph_version: 'v23.0',
  };
  if (rate !== undefined) body.throughput_per_second = rate;
  const account = await apiCall(page, 'POST', '/campaigns/api/v1/accounts', body);
  if (account.status !== 201) throw new Error(`creating the account: ${account.status} ${JSON.stringify(account.body)}`);
  const sync = await apiCall(page, 'POST', `/campaigns/api/v1/accounts/${account.body.id}/templates/sync`);
  if (sync.status !== 200) throw new Error(`synchronising templates: ${sync.status} ${JSON.stringify(sync.body)}`);
  const templates = await apiCall(page, 'GET', `/campaigns/api/v1/templates?account=${account.body.id}&approved_only=1`);
  const bienvenida = (templates.body.items || templates.body).find((t) => t.name === 'bienvenida');
  if (!bienvenida) throw new Error(`the simulator's template bienvenida was not synchronised: ${JSON.stringify(templates.body)}`);
  return { account: account.body, bienvenida };
}

// "Enviar Campaña" on a row of the list, then "Enviar" in the pre-send plan it opens (issue 13):
// how a person sends a campaign from the list.
export async function sendFromList(page, row) {
  await row.getByRole('button', { name: 'Enviar Campaña' }).click();
  await page.locator('#send-plan-modal').getByRole('button', { name: 'Enviar', exact: true }).click();
}
