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
