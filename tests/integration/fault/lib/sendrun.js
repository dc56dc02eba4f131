// Real processes for the sending fault tests and the sending benchmark: reference-host processes
// (that can be killed with SIGKILL and started again on the same port and database), the Cloud
// API simulator, a throwaway database (SQLite file or a fresh database on the test MariaDB), and
// the checks that prove nothing was sent twice and nothing was lost.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startSimulator, waitForHttp } from '../../../e2e/lib/stack.js';

export { startSimulator };

const need = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run this through ctest (see CMakeLists.txt)`);
  return v;
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- database --------------------------------------------------------------------------------

// MariaDB when HELPDESK_TEST_MARIADB_PORT is set (a fresh database there), else a SQLite file.
export function makeDatabase(dir) {
  const port = process.env.HELPDESK_TEST_MARIADB_PORT;
  if (!port) {
    const file = path.join(dir, 'helpdesk.sqlite');
    return {
      kind: 'sqlite', connector: 'SQLite', connection: file,
      config: ['db.connector = sqlite', `db.connection = ${file}`],
      query(sql) {
        const r = spawnSync('sqlite3', ['-batch', '-separator', '\t', file], { input: `.timeout 10000\n${sql}`, encoding: 'utf8', maxBuffer: 256 << 20 });
        if (r.status !== 0 || r.stderr) throw new Error(`sqlite3: ${r.stderr}`);
        return rows(r.stdout);
      },
      drop() {},
    };
  }
  const name = `fault_${process.pid}_${Date.now() % 100000}`;
  const client = (sql, db = '') => {
    const args = ['--no-defaults', '-uroot', '-h127.0.0.1', `-P${port}`, '-N', '-B'];
    if (db) args.push(db);
    const r = spawnSync('mariadb', args, { input: sql, encoding: 'utf8', maxBuffer: 256 << 20 });
    if (r.status !== 0) throw new Error(`mariadb: ${r.stderr}`);
    return rows(r.stdout);
  };
  client(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const connection = `host=127.0.0.1;port=${port};db=${name};user=root;password=;character-set=utf8mb4`;
  return {
    kind: 'mariadb', connector: 'MySQL', connection,
    config: ['db.connector = mysql', `db.connection = ${connection}`],
    query: (sql) => client(sql, name),
    drop() { client(`DROP DATABASE IF EXISTS ${name}`); },
  };
}

function rows(text) {
  return text.split('\n').filter((l) => l.length > 0).map((l) => l.split('\t'));
}

// ---- host processes ---------------------------------------------------------------------------

export class HostProcess {
  constructor({ name, dir, port, db, extraConfig = [] }) {
    this.name = name;
    this.bin = need('HELPDESK_HOST_BIN');
    this.port = port;
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.config = path.join(dir, `${name}.properties`);
    this.logFile = path.join(dir, `${name}.log`);
    this.child = null;
    this.cpuSeconds = 0; // user + system of processes that ended, see cpuNow()
    fs.writeFileSync(this.config, [
      'http.address = 127.0.0.1',
      `http.port = ${port}`,
      ...db.config,
      `plugins.dir = ${need('CAMPAIGNS_PLUGIN_DIR')}`,
      `plugins.resources.campaigns = ${need('CAMPAIGNS_SOURCE_DIR')}`,
      `data.dir = ${path.join(dir, `${name}-data`)}`,
      `public.base_url = ${this.baseUrl}`,
      'secrets.key = fault-test-key-0123456789abcdef0123456789abcdef',
      'plugins.campaigns.accounts.allow_http_graph_base_url = true',
      'timezone = America/Santiago',
      ...extraConfig,
    ].join('\n'));
  }

  cli(...args) {
    const r = spawnSync(this.bin, [`--config=${this.config}`, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stdout}\n${r.stderr}`);
    return r.stdout;
  }

  async start() {
    const out = fs.openSync(this.logFile, 'a');
    this.child = spawn(this.bin, [`--config=${this.config}`], { stdio: ['ignore', out, out] });
    fs.closeSync(out);
    this.exited = new Promise((r) => this.child.once('exit', r));
    await waitForHttp(`${this.baseUrl}/login`, this.child, this.logFile, 30000);
  }

  // CPU seconds used so far by every process this object started (Linux /proc).
  cpuNow() {
    return this.cpuSeconds + (this.child && this.child.exitCode === null ? procCpu(this.child.pid) : 0);
  }

  async kill(signal = 'SIGKILL') {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode) return;
    const cpu = procCpu(this.child.pid);
    this.child.kill(signal);
    await this.exited;
    this.cpuSeconds += cpu;
  }
}

// The load average line of /proc/loadavg ("1.02 0.87 0.60 2/180 12345"): a benchmark prints it at
// its start and end so the reader knows how busy the shared machine was.
export function loadAverage() {
  try { return fs.readFileSync('/proc/loadavg', 'utf8').trim(); } catch { return '-'; }
}

// The whole machine's CPU time so far from /proc/stat, in seconds summed over every core:
// busy (everything but idle and iowait) and total. Two readings give how busy the machine was
// between them, ours and everybody else's processes together.
export function machineCpu() {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    const total = f.reduce((a, b) => a + b, 0) / 100;
    return { busy: total - (f[3] + f[4]) / 100, total };
  } catch { return { busy: 0, total: 0 }; }
}

// CPU seconds (user + system) a process has used so far.
export function procCpu(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime in clock ticks (USER_HZ 100)
  } catch { return 0; }
}

export function workDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export { freePort, sleep };

// ---- fault proxy --------------------------------------------------------------------------------

// campaigns-fault-proxy (tests/support/FaultProxy.h) in front of `upstreamPort`, starting in mode
// pass. setMode('reset', { reset_probability: 0.3 }) switches it; stats() says what it did.
export async function startFaultProxy(upstreamPort, dir) {
  const logFile = path.join(dir, 'fault-proxy.log');
  const err = fs.openSync(logFile, 'a');
  const child = spawn(need('FAULT_PROXY_BIN'), [`--upstream=127.0.0.1:${upstreamPort}`], { stdio: ['ignore', 'pipe', err] });
  fs.closeSync(err);
  const [port, controlPort] = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`fault proxy did not start:\n${fs.readFileSync(logFile, 'utf8')}`)), 15000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/LISTENING (\d+) CONTROL (\d+)/);
      if (m) { clearTimeout(timer); resolve([Number(m[1]), Number(m[2])]); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`fault proxy exited with ${code}:\n${fs.readFileSync(logFile, 'utf8')}`)); });
  });
  const control = `http://127.0.0.1:${controlPort}`;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    async setMode(mode, params = {}) {
      const r = await fetch(`${control}/mode`, { method: 'PUT', body: JSON.stringify({ mode, ...params }) });
      if (r.status !== 200) throw new Error(`fault proxy refused mode ${mode}: ${await r.text()}`);
      return r.json();
    },
    async stats() { return (await fetch(`${control}/stats`)).json(); },
    async stop() {
      if (child.exitCode === null && !child.signalCode) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    },
  };
}

// ---- API ----------------------------------------------------------------------------------------

// The stack of a sending benchmark in `dir`: a fresh database, the simulator posting its status
// webhooks (sent, delivered, read for 60 %, 2 % replies unless `settings` says otherwise) to the
// host and refusing anything above `rate` with 130429 as Meta does, and the host, not started.
export async function benchStack(dir, { rate, settings = {} }) {
  const db = makeDatabase(dir);
  const port = await freePort();
  const sim = await startSimulator({
    webhookUrl: `http://127.0.0.1:${port}/campaigns/webhooks/whatsapp`,
    settings: { throughput_mps: rate, p_read: 0.6, reply_probability: 0.02, webhook_max_attempts: 30, ...settings },
  });
  const host = new HostProcess({ name: 'host', dir, port, db });
  return { db, port, sim, host };
}

// Seeds the demo installation through `host`'s command line and returns an admin's API token.
export function seedAndToken(host) {
  host.cli('seed-demo');
  return host.cli('token', 'create', '--user', 'admin', '--label', 'bench').trim().split(/\s+/).pop();
}

export class Api {
  constructor(baseUrl, token) {
    this.base = `${baseUrl}/campaigns/api/v1`;
    this.token = token;
  }

  async call(method, url, body, { expect = [200, 201] } = {}) {
    const headers = { Authorization: `Bearer ${this.token}` };
    let payload;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) { headers['Content-Type'] = 'application/json'; payload = JSON.stringify(body); }
    const r = await fetch(this.base + url, { method, headers, body: payload });
    const text = await r.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    if (!expect.includes(r.status)) throw new Error(`${method} ${url}: ${r.status} ${text.slice(0, 500)}`);
    return json;
  }
}

// An account on the simulator with its templates, and a campaign of `entries` rows of the
// template "bienvenida" (two body parameters), loaded and ready to send.
// `graphBaseUrl`: where the host reaches the Cloud API (a fault proxy in front of the simulator).
export async function loadedCampaign(api, sim, { entries, rate, name = 'Campaña de prueba', graphBaseUrl = sim.baseUrl }) {
  const { account, template } = await simulatorAccount(api, sim, { rate, graphBaseUrl });
  const campaignId = await createCampaign(api, { account, template, entries, name });
  await waitLoaded(api, campaignId);
  return { account, template, campaignId };
}

// An account on the simulator sending at `rate` (through `graphBaseUrl`), its templates
// synchronised; and its template "bienvenida". `phoneNumberId`: another of the simulator's numbers
// (its setting phone_number_ids) for a second account.
export async function simulatorAccount(api, sim, { rate, graphBaseUrl = sim.baseUrl, phoneNumberId = sim.phoneNumberId, displayName = 'Simulador' }) {
  const account = await api.call('POST', '/accounts', {
    display_name: displayName, phone_number_id: phoneNumberId, waba_id: sim.wabaId,
    access_token: sim.token, app_secret: sim.appSecret, verify_token: 'verificar-fallas-1234',
    graph_base_url: graphBaseUrl, graph_version: 'v23.0', throughput_per_second: rate, daily_limit_tier: 'TIER_UNLIMITED',
  });
  await api.call('POST', `/accounts/${account.id}/templates/sync`);
  const templates = await api.call('GET', `/templates?account=${account.id}&approved_only=1`);
  const template = (templates.items || templates).find((t) => t.name === 'bienvenida');
  if (!template) throw new Error('template bienvenida was not synchronised');
  return { account, template };
}

// A csv of `entries` rows of "bienvenida", rows from `firstRow` on (two campaigns need not share numbers).
export function contactsCsv(entries, firstRow = 1) {
  const lines = ['telefono,parametro_1,parametro_2'];
  for (let i = firstRow; i < firstRow + entries; i += 1) lines.push(`${phoneFor(i)},Cliente ${i},CASO-${i}`);
  return new Blob([lines.join('\r\n')], { type: 'text/csv' });
}

// Uploads `file` (a contactsCsv() of `entries` rows by default) and creates the campaign; returns
// its id at once: a large file is still validating.
export async function createCampaign(api, { account, template, entries, name, file = null }) {
  const form = new FormData();
  form.append('file', file || contactsCsv(entries), 'contactos.csv');
  form.append('template_id', String(template.id));
  form.append('department_id', '');
  form.append('allow_duplicates', '0');
  const upload = await api.call('POST', '/uploads', form);
  const created = await api.call('POST', '/campaigns', {
    name, department_id: null, account_id: account.id, template_id: template.id, upload_id: upload.upload_id,
    links: {}, allow_duplicates: false, expects_response: false, wait_hours: 0, media_file_id: null, consent: true,
  });
  return created.id ?? created.campaign?.id;
}

export async function waitLoaded(api, id, { timeoutMs = 300000, everyMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const c = await api.call('GET', `/campaigns/${id}`);
    if (c.state === 'loaded') return c;
    if (c.state === 'invalid') throw new Error(`campaign is invalid: ${JSON.stringify(c)}`);
    if (Date.now() > deadline) throw new Error(`campaign not loaded after ${timeoutMs / 1000} s: ${c.state}`);
    await sleep(everyMs);
  }
}

// Chilean mobile numbers 569 + 8 digits, unique per row.
export function phoneFor(i) {
  return `5697${String(i).padStart(7, '0')}`;
}

export async function waitFor(what, fn, { timeoutMs = 300000, everyMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

// ---- checks -------------------------------------------------------------------------------------

export function entryStates(db, campaignId) {
  return Object.fromEntries(db.query(
    `SELECT state, COUNT(*) FROM campaigns_entries WHERE campaign_id = ${Number(campaignId)} GROUP BY state`)
    .map(([s, n]) => [s, Number(n)]));
}

export function pendingEvents(db) {
  return Number(db.query("SELECT COUNT(*) FROM campaigns_webhook_events WHERE processed = 0 AND kind IN ('status', 'message')")[0][0]);
}

// Runs campaigns-counters-check: stored counters == recount from entries == sum of daily rows.
export function countersCheck(db) {
  const r = spawnSync(need('COUNTERS_CHECK_BIN'), [db.connector, db.connection], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

// What the simulator and the database say about every recipient of a campaign: nothing sent
// twice, every accepted entry accepted exactly once upstream, every entry the simulator never got
// still unknown (never silently dropped), and tickets once per accepted entry.
export async function deliveryReport(db, sim, campaignId) {
  const stats = (await sim.control('GET', '/_sim/stats?limit=10000000')).body;
  const perRecipient = new Map(Object.entries(stats.recipients || {})
    .map(([k, v]) => [k, Number(v)]));
  const entries = db.query(
    `SELECT id, phone, state, COALESCE(wamid, '') FROM campaigns_entries WHERE campaign_id = ${Number(campaignId)}`);
  const report = {
    entries: entries.length, simAccepted: Number(stats.accepted),
    duplicates: Number(stats.recipients_with_duplicates ?? 0), states: {},
    acceptedNotAtSim: 0, atSimNotAccepted: 0, unknownAtSim: 0, unknownRefusedBySim: 0, unknownNeverSeen: 0, missingWamid: 0,
    rejected: stats.rejected_by_code || {},
  };
  const unknownPhones = [];
  for (const [, phone, state, wamid] of entries) {
    report.states[state] = (report.states[state] || 0) + 1;
    const n = perRecipient.get(phone) || 0;
    if (state === 'accepted') {
      if (n !== 1) report.acceptedNotAtSim += 1;
      if (!wamid) report.missingWamid += 1;
    } else if (state === 'unknown') {
      if (n > 0) report.unknownAtSim += 1; else unknownPhones.push(phone);
    } else if (n > 0) {
      report.atSimNotAccepted += 1;
    }
  }
  // An unknown entry the simulator never accepted: either it refused the request (the host died
  // before recording the refusal) or the request never arrived whole (it died mid-write).
  for (const phone of unknownPhones) {
    const seen = (await sim.control('GET', `/_sim/messages?to=${phone}&limit=5`)).body;
    const list = Array.isArray(seen) ? seen : (seen?.messages || seen?.data || []);
    if (list.length > 0) report.unknownRefusedBySim += 1; else report.unknownNeverSeen += 1;
  }
  const tickets = db.query(`SELECT COUNT(*), COUNT(DISTINCT external_key) FROM tickets WHERE external_key LIKE 'campaigns:entry:%'`)[0];
  report.tickets = Number(tickets[0]);
  report.webhooksAbandoned = Number(stats.webhooks?.abandoned ?? 0);
  report.distinctTicketKeys = Number(tickets[1]);
  return report;
}
