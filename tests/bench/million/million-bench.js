// The million-recipient benchmark (see run-bench.sh): one xlsx of BENCH_ROWS rows taken from upload
// to Completada through the API a user's browser uses (POST /uploads, POST /campaigns, the
// campaign's validation progress, POST .../send), sent at the configured rate through the Cloud API
// simulator with its status webhooks and a ticket per message. Prints each figure next to its floor
// or goal, and exits 1 when the campaign does not complete, its counters differ from a recount, a
// recipient got two copies, or the webhook backlog does not drain: never on a timing figure, as
// machines differ (CTest runs it small, see CMakeLists.txt).
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  Api, loadAverage, benchStack, countersCheck, entryStates, pendingEvents, seedAndToken, simulatorAccount, sleep, waitFor,
  workDir,
} from '../../integration/fault/lib/sendrun.js';

const ROWS = Number(process.env.BENCH_ROWS || 20000);
const RATE = Number(process.env.BENCH_RATE || 1000);
const RSS_EVERY_MS = Number(process.env.BENCH_RSS_EVERY_MS || 2000);
const SHEET_BIN = process.env.MILLION_SHEET_BIN;
const LATENCY_GOAL_MS = 50; // p95 of the list and of the analytics while sending
const DRAIN_GOAL_S = 5;
const DRAIN_TIMEOUT_MS = 300000; // after this the backlog "did not drain": a failure, not a slow figure
const PER_SECOND = 5; // requests per second to each sampled route (the browser asks every 1.5-2 s)
const MB = 1024 * 1024;

const since = (t) => (Date.now() - t) / 1000;
// Progress on stderr (the full run takes about 20 minutes); the figures go to stdout at the end.
const progress = (text) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${text}\n`);

function sheetTool(...args) {
  const r = spawnSync(SHEET_BIN, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench_million_sheet ${args[0]} failed: ${r.stdout}${r.stderr}`);
  return r.stdout.trim();
}

// VmRSS of `pid` every RSS_EVERY_MS, each sample tagged with the phase it was taken in.
function rssSampler(pid) {
  const samples = [];
  let phase = 'start';
  const t0 = Date.now();
  const take = () => {
    try {
      const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
      if (m) samples.push({ s: since(t0), phase, kb: Number(m[1]) });
    } catch { /* the process is gone */ }
  };
  take();
  const timer = setInterval(take, RSS_EVERY_MS);
  return { samples, phase: (p) => { phase = p; take(); }, stop: () => { take(); clearInterval(timer); } };
}

// Flat = after a warm-up (the first tenth of the send), the last third's peak is within 10 % or
// 30 MB of the first third's: memory does not grow with the number of messages sent.
function rssVerdict(samples) {
  const sending = samples.filter((x) => x.phase === 'sending');
  const warm = sending.slice(Math.ceil(sending.length / 10));
  if (warm.length < 6) return { text: `too few samples while sending (${sending.length}) to judge`, flat: null };
  const third = Math.floor(warm.length / 3);
  const first = Math.max(...warm.slice(0, third).map((x) => x.kb)) / 1024;
  const last = Math.max(...warm.slice(-third).map((x) => x.kb)) / 1024;
  const flat = last <= first + Math.max(0.1 * first, 30);
  return { flat, text: `first third's peak ${first.toFixed(0)} MB, last third's ${last.toFixed(0)} MB: ${flat ? 'flat' : 'GROWING'} (flat = within 10 % or 30 MB)` };
}

// GET `route()` PER_SECOND times a second (never two at once) until stop(); keeps each time.
function sampler(api, route) {
  const times = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const started = performance.now();
      await api.call('GET', route);
      const took = performance.now() - started;
      times.push(took);
      await sleep(Math.max(0, 1000 / PER_SECOND - took));
    }
  })();
  return { stop: async () => { running = false; await done; return times; } };
}

function percentiles(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}

// The inbox's unapplied events without blocking this process (sendrun's pendingEvents waits for
// the client synchronously, which would add its time to the latencies being measured).
function pendingEventsAsync(db) {
  if (db.kind !== 'mariadb') return Promise.resolve(pendingEvents(db));
  const field = (k) => db.connection.match(new RegExp(`${k}=([^;]*)`))[1];
  const sql = "SELECT COUNT(*) FROM campaigns_webhook_events WHERE processed = 0 AND kind IN ('status', 'message')";
  return new Promise((resolve, reject) => execFile('mariadb',
    ['--no-defaults', '-uroot', '-h127.0.0.1', `-P${field('port')}`, '-N', '-B', field('db'), '-e', sql],
    (error, stdout) => (error ? reject(error) : resolve(Number(stdout.trim())))));
}

// What the simulator and the database say about the campaign: its entries' states, recipients the
// simulator got more than once, tickets made. (sendrun's deliveryReport asks the simulator for every
// recipient, which it cannot answer for 1,000,000 of them.)
async function deliveryCheck(db, sim, campaignId) {
  const stats = (await sim.control('GET', '/_sim/stats?recipients=0')).body;
  const [tickets, distinct] = db.query("SELECT COUNT(*), COUNT(DISTINCT external_key) FROM tickets WHERE external_key LIKE 'campaigns:entry:%'")[0].map(Number);
  return { states: entryStates(db, campaignId), duplicates: Number(stats.recipients_with_duplicates ?? 0), tickets, distinctTickets: distinct };
}

// Accepted messages whose ticket is not made yet (an index seek on (ticket_id, state)).
function ticketsPending(db) {
  return Number(db.query("SELECT COUNT(*) FROM campaigns_entries WHERE ticket_id IS NULL AND state = 'accepted'")[0][0]);
}

function du(dir) {
  const r = spawnSync('du', ['-sb', dir], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.split('\t')[0]) : NaN;
}

// The module's tables (campaigns_*) and the host's ticket tables, bytes per table; the datadir.
function databaseSize(db) {
  if (db.kind !== 'mariadb') {
    return { tables: [], datadir: fs.statSync(db.connection).size, databaseDir: fs.statSync(db.connection).size, where: db.connection };
  }
  const names = db.query('SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()').map(([n]) => n);
  db.query(`ANALYZE TABLE ${names.map((n) => `\`${n}\``).join(', ')}`); // fresh statistics for data_length
  const tables = db.query(
    `SELECT table_name, data_length + index_length, table_rows FROM information_schema.tables
      WHERE table_schema = DATABASE() ORDER BY data_length + index_length DESC`)
    .map(([name, bytes, rows]) => ({ name, bytes: Number(bytes), rows: Number(rows) }));
  const [[datadir, schema]] = db.query('SELECT @@datadir, DATABASE()');
  return { tables, datadir: du(datadir), databaseDir: du(path.join(datadir, schema)), where: datadir };
}

const failures = [];
const dir = workDir('bench-million-');
const xlsx = path.join(dir, 'contactos.xlsx');
const loadStart = loadAverage();
progress(`writing ${ROWS} rows, load average ${loadStart}`);
const t = Date.now();
sheetTool('write', xlsx, String(ROWS));
const writeS = since(t);
const [floorRows, floorReadS] = sheetTool('read', xlsx).split(' ').map(Number);
progress(`sheet written in ${writeS.toFixed(1)} s, read floor ${floorReadS.toFixed(2)} s`);
if (floorRows !== ROWS) throw new Error(`the reader found ${floorRows} data rows in the sheet, expected ${ROWS}`);

const { db, sim, host } = await benchStack(dir, { rate: RATE });
let rss = null;
let finishedCleanly = false;
try {
  const token = seedAndToken(host);
  await host.start();
  const api = new Api(host.baseUrl, token);
  const { account, template } = await simulatorAccount(api, sim, { rate: RATE });
  rss = rssSampler(host.child.pid);

  // Upload -> report -> create, as the creation form does; then the validation's progress.
  rss.phase('upload');
  const started = Date.now();
  const form = new FormData();
  form.append('file', new Blob([fs.readFileSync(xlsx)]), 'contactos.xlsx');
  form.append('template_id', String(template.id));
  form.append('department_id', '');
  form.append('allow_duplicates', '0');
  const report = await api.call('POST', '/uploads', form);
  if (!report.valid || report.rows !== ROWS) throw new Error(`upload report: valid ${report.valid}, rows ${report.rows}: ${JSON.stringify(report.errors).slice(0, 500)}`);
  const uploadS = since(started);
  const created = await api.call('POST', '/campaigns', {
    name: 'Un millón', department_id: null, account_id: account.id, template_id: template.id, upload_id: report.upload_id,
    links: {}, allow_duplicates: false, expects_response: false, wait_hours: 0, media_file_id: null, consent: true,
  });
  const campaignId = created.id ?? created.campaign?.id;
  rss.phase('validating');
  progress(`upload report in ${since(started).toFixed(1)} s; campaign ${campaignId} ${created.state}`);
  let c = created;
  while (c.state !== 'loaded') {
    if (c.state === 'invalid') throw new Error(`the campaign is invalid: ${JSON.stringify(c).slice(0, 500)}`);
    await sleep(500);
    c = await api.call('GET', `/campaigns/${campaignId}`);
  }
  const loadedS = since(started);

  // Send, with the list and the analytics asked as their pages do.
  rss.phase('sending');
  progress(`loaded ${since(started).toFixed(1)} s after the upload began; sending`);
  const list = sampler(api, '/campaigns?page=1&page_size=20');
  const analytics = sampler(api, '/analytics?preset=last30');
  const sendAt = Date.now();
  await api.call('POST', `/campaigns/${campaignId}/send`);
  let polls = 0;
  let maxLag = 0;
  while (c.state === 'loaded' || c.state === 'sending') {
    await sleep(500);
    c = await api.call('GET', `/campaigns/${campaignId}`);
    polls += 1;
    if (polls % 5 === 0) maxLag = Math.max(maxLag, await pendingEventsAsync(db));
    if (polls % 120 === 0) progress(`${c.counters.accepted} accepted, RSS ${(rss.samples.at(-1).kb / 1024).toFixed(0)} MB`);
  }
  const finishedAt = Date.now();
  const listTimes = percentiles(await list.stop());
  const analyticsTimes = percentiles(await analytics.stop());
  if (c.state !== 'completed') failures.push(`the campaign ended ${c.state}, not completed`);

  // The backlog when it reached Completada: events in the host's inbox not applied yet, and those
  // the simulator has still to post (reads come 0.5 s after delivery); then until both are empty.
  // Tickets are made in batches once a second: accepted messages without one are counted apart.
  rss.phase('draining');
  progress(`${c.state} ${since(sendAt).toFixed(1)} s after send; draining`);
  const simPending = async () => (await sim.control('GET', '/_sim/stats?recipients=0')).body.webhooks.pending;
  const inboxAtEnd = pendingEvents(db);
  const simAtEnd = await simPending();
  const ticketsAtEnd = ticketsPending(db);
  let drainS = NaN;
  let ticketsS = ticketsAtEnd === 0 ? 0 : NaN;
  try {
    await waitFor('the webhook backlog to drain', async () => {
      if (Number.isNaN(ticketsS) && ticketsPending(db) === 0) ticketsS = since(finishedAt);
      if (Number.isNaN(drainS) && (await simPending()) === 0 && pendingEvents(db) === 0) drainS = since(finishedAt);
      return !Number.isNaN(drainS) && !Number.isNaN(ticketsS);
    }, { timeoutMs: DRAIN_TIMEOUT_MS, everyMs: 100 });
  } catch (e) {
    failures.push(`${e.message} (${DRAIN_TIMEOUT_MS / 1000} s): ${pendingEvents(db)} events, ${ticketsPending(db)} tickets left`);
  }
  rss.phase('after');
  rss.stop();

  const delivery = await deliveryCheck(db, sim, campaignId);
  const counters = countersCheck(db);
  if (!counters.ok) failures.push(`counters differ from the recount:\n${counters.output}`);
  if (delivery.duplicates > 0) failures.push(`${delivery.duplicates} recipients got two copies`);
  if (delivery.tickets !== delivery.states.accepted || delivery.distinctTickets !== delivery.tickets) failures.push(`${delivery.tickets} tickets (${delivery.distinctTickets} distinct) for ${delivery.states.accepted} accepted entries`);
  const size = databaseSize(db);

  const totalS = (finishedAt - started) / 1000;
  const floorS = floorReadS + ROWS / RATE;
  const sendS = (finishedAt - sendAt) / 1000;
  const ms = (x) => `${x.toFixed(0).padStart(4)} ms`;
  const latency = (what, f) => `  ${what.padEnd(30)} p50 ${ms(f.p50)}  p95 ${ms(f.p95)}  max ${ms(f.max)}   ` +
    `(goal p95 <= ${LATENCY_GOAL_MS} ms: ${f.p95 <= LATENCY_GOAL_MS ? 'met' : 'MISSED'}; ${f.n} requests)`;
  const mb = (b) => `${(b / MB).toFixed(1)} MB`;
  const perMessage = (b) => `${(b / ROWS).toFixed(0)} B/message`;

  console.log(`million benchmark on ${db.kind}: ${ROWS} rows, configured ${RATE} msg/s; load average ${loadStart} at the start`);
  console.log(`  sheet: ${mb(fs.statSync(xlsx).size)} xlsx (shared strings), written in ${writeS.toFixed(1)} s; read floor ${floorReadS.toFixed(2)} s (uploads::openRowReader over every row)`);
  console.log(`  upload -> Completada: ${totalS.toFixed(1)} s   vs floor ${floorS.toFixed(1)} s (read ${floorReadS.toFixed(1)} s + ${ROWS} / ${RATE} msg/s): ${(totalS / floorS).toFixed(2)}x`);
  console.log(`    upload + report ${uploadS.toFixed(1)} s, loaded ${loadedS.toFixed(1)} s after the upload began, send -> ${c.state} ${sendS.toFixed(1)} s (${(ROWS / sendS).toFixed(0)} msg/s; the engine paces at 97 % of the rate)`);
  console.log(`  webhook backlog at Completada: ${inboxAtEnd} events in the inbox + ${simAtEnd} not yet posted by the simulator; ` +
    `drained ${Number.isNaN(drainS) ? 'NEVER' : `${drainS.toFixed(1)} s`} after (goal <= ${DRAIN_GOAL_S} s: ${drainS <= DRAIN_GOAL_S ? 'met' : 'MISSED'}); at most ${maxLag} waiting while sending`);
  console.log(`  tickets at Completada: ${ticketsAtEnd} accepted messages without theirs yet, all made ${Number.isNaN(ticketsS) ? 'NEVER' : `${ticketsS.toFixed(1)} s`} after`);
  console.log(latency('GET list while sending', listTimes));
  console.log(latency('GET analytics while sending', analyticsTimes));
  const samples = rss.samples;
  const peak = (phase) => Math.max(0, ...samples.filter((x) => x.phase === phase).map((x) => x.kb)) / 1024;
  console.log(`  host RSS (VmRSS every ${RSS_EVERY_MS / 1000} s, ${samples.length} samples): peak ${['upload', 'validating', 'sending', 'draining']
    .map((p) => `${p} ${peak(p).toFixed(0)} MB`).join(', ')}`);
  const shown = samples.filter((x) => x.phase === 'sending');
  const step = Math.max(1, Math.floor(shown.length / 8));
  console.log(`    while sending: ${shown.filter((_, i) => i % step === 0 || i === shown.length - 1)
    .map((x) => `${x.s.toFixed(0)} s ${(x.kb / 1024).toFixed(0)} MB`).join(' | ')}`);
  const verdict = rssVerdict(samples);
  console.log(`    ${verdict.text}`);
  const module = size.tables.filter((x) => x.name.startsWith('campaigns_'));
  const moduleBytes = module.reduce((a, x) => a + x.bytes, 0);
  if (db.kind === 'mariadb') {
    console.log(`  database size: the module's ${module.length} tables ${mb(moduleBytes)} = ${perMessage(moduleBytes)} (data + indexes, information_schema after ANALYZE)`);
    console.log(`    ${size.tables.filter((x) => x.bytes >= 1 * MB).map((x) => `${x.name} ${perMessage(x.bytes)}`).join(', ')}`);
    console.log(`    this database's folder ${mb(size.databaseDir)} = ${perMessage(size.databaseDir)}; the whole datadir ${mb(size.datadir)} (${size.where})`);
  } else {
    console.log(`  database size: ${mb(size.datadir)} = ${perMessage(size.datadir)} (${size.where})`);
  }
  console.log(`  states ${JSON.stringify(delivery.states)}; tickets ${delivery.tickets}; recipients with two copies ${delivery.duplicates}; counters vs recount: ${counters.ok ? 'equal' : 'DIFFERENT'}`);
  console.log(`  load average ${loadAverage()} at the end`);
  finishedCleanly = failures.length === 0;
} finally {
  if (rss) rss.stop();
  await host.kill('SIGTERM');
  await sim.stop();
  db.drop();
  if (finishedCleanly) fs.rmSync(dir, { recursive: true, force: true });
  else console.log(`the host's log and the sheet are kept in ${dir}`);
}
if (failures.length) {
  console.log(`FAILED:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
