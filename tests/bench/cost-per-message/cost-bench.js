// The cost-per-message benchmark (see run-bench.sh): one campaign sent through the reference host
// with its status webhooks and tickets, then the floor program on a copy of the tables, both on
// the same MariaDB. Every figure is a difference over the measured part: from "Enviar" until
// every webhook event is applied and every accepted entry has its ticket (for the campaign), the
// batches alone (for the floor).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import {
  Api, loadAverage, benchStack, countersCheck, deliveryReport, loadedCampaign, pendingEvents, procCpu, seedAndToken, sleep,
  waitFor, workDir,
} from '../../integration/fault/lib/sendrun.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES || 20000);
const RATE = Number(process.env.BENCH_RATE || 1000);
const GOAL_CPU = 0.9; // CPU-s of host + database per 1,000 messages
const GOAL_RATIO = 2; // times the floor
const port = process.env.HELPDESK_TEST_MARIADB_PORT;
if (!port || !process.env.BENCH_MARIADB_PIDFILE) throw new Error('run through run-bench.sh: it needs its MariaDB');
const mariadbPid = Number(fs.readFileSync(process.env.BENCH_MARIADB_PIDFILE, 'utf8'));

function mariadb(sql, db = '') {
  const args = ['--no-defaults', '-uroot', '-h127.0.0.1', `-P${port}`, '-N', '-B'];
  if (db) args.push(db);
  const r = spawnSync('mariadb', args, { input: sql, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`mariadb: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l).map((l) => l.split('\t'));
}

// The server's global status counters (numbers only).
function globalStatus() {
  return Object.fromEntries(mariadb('SHOW GLOBAL STATUS').filter(([, v]) => /^\d+$/.test(v)).map(([k, v]) => [k, Number(v)]));
}
const diff = (a, b) => Object.fromEntries(Object.keys(b).map((k) => [k, b[k] - (a[k] ?? 0)]));

console.log(`cost-per-message benchmark on MariaDB (row-based binary log on): ${MESSAGES} messages at a configured ${RATE} msg/s`);
console.log(`  load average at start: ${loadAverage()}`);

// ---- the campaign ----------------------------------------------------------------------------
const dir = workDir('bench-cost-');
const { db, sim, host } = await benchStack(dir, { rate: RATE, settings: { p_delivered: 1, p_read: 0.7, reply_probability: 0 } });
let real;
let check;
const digests = process.env.BENCH_STATEMENTS === '1';
let topStatements = [];
const generalLog = `${process.env.BENCH_MARIADB_PIDFILE.replace(/[^/]+$/, '')}data/general.log`;

// The statements the server ran between two offsets of its general query log, as
// [count, statement with its values and IN lists folded], most frequent first.
function statementsRun(from, to) {
  const fd = fs.openSync(generalLog, 'r');
  const buf = Buffer.alloc(to - from);
  fs.readSync(fd, buf, 0, buf.length, from);
  fs.closeSync(fd);
  const counts = new Map();
  for (const line of buf.toString('utf8').split('\n')) {
    const m = line.match(/\t\s*\d+ (?:Query|Execute)\t(.*)$/);
    if (!m) continue;
    const text = m[1].replace(/'(?:[^'\\]|\\.)*'/g, '?').replace(/\b\d+(?:\.\d+)?\b/g, 'N')
      .replace(/\((?:\s*[?N]\s*,)+\s*[?N]\s*\)(?:\s*,\s*\((?:\s*[?N]\s*,)*\s*[?N]\s*\))*/g, '(...)')
      .replace(/(?: WHEN [?N] THEN [?N])+/g, ' WHEN ...').slice(0, 170);
    counts.set(text, (counts.get(text) || 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([t, n]) => [n, t]);
}
try {
  const token = seedAndToken(host);
  await host.start();
  const api = new Api(host.baseUrl, token);
  const { campaignId } = await loadedCampaign(api, sim, { entries: MESSAGES, rate: RATE, name: 'Costo' });
  await sleep(2000); // validation's last writes and the first scheduler ticks settle

  const logFrom = digests ? fs.statSync(generalLog).size : 0;
  const status0 = globalStatus();
  const cpu0 = { host: host.cpuNow(), db: procCpu(mariadbPid), sim: procCpu(sim.pid) };
  const t0 = Date.now();
  await api.call('POST', `/campaigns/${campaignId}/send`);
  let c;
  for (;;) {
    await sleep(500);
    c = await api.call('GET', `/campaigns/${campaignId}`);
    if (c.state !== 'sending') break;
    if (Date.now() - t0 > 900000) throw new Error('not finished after 900 s');
  }
  const sentS = (Date.now() - t0) / 1000;
  await sim.control('POST', '/_sim/flush', { timeout_ms: 120000, expedite: false });
  await waitFor('every webhook event applied and every ticket created', async () => pendingEvents(db) === 0
    && Number(db.query("SELECT COUNT(*) FROM campaigns_entries WHERE ticket_id IS NULL AND state = 'accepted'")[0][0]) === 0,
  { timeoutMs: 600000, everyMs: 250 });
  const cpu1 = { host: host.cpuNow(), db: procCpu(mariadbPid), sim: procCpu(sim.pid) };
  const status1 = globalStatus();
  if (digests) topStatements = statementsRun(logFrom, fs.statSync(generalLog).size);
  const doneS = (Date.now() - t0) / 1000;
  const accepted = c.counters.accepted;
  real = { messages: accepted, host: cpu1.host - cpu0.host, db: cpu1.db - cpu0.db, sim: cpu1.sim - cpu0.sim, status: diff(status0, status1) };
  const events = Number(db.query("SELECT COUNT(*) FROM campaigns_webhook_events WHERE kind = 'status'")[0][0]);
  console.log(`  campaign: ${accepted} accepted of ${MESSAGES} (${c.state}) in ${sentS.toFixed(1)} s; ${events} status events`
    + ` (${(events / accepted).toFixed(2)} a message); all applied and ticketed ${doneS.toFixed(1)} s after "Enviar"`);
  const report = await deliveryReport(db, sim, campaignId);
  check = countersCheck(db);
  console.log(`  tickets ${report.tickets} (${report.distinctTicketKeys} distinct), recipients with two copies ${report.duplicates},`
    + ` counters vs recount: ${check.ok ? 'equal' : 'DIFFERENT'}`);
  if (!check.ok) console.log(check.output);
} finally {
  await host.kill('SIGTERM');
  await sim.stop();
}

// ---- the floor, on a copy of the tables it writes ----------------------------------------------
const floorDb = `floor_${process.pid}`;
let floor;
try {
  const source = db.connection.match(/db=([^;]+)/)[1];
  mariadb(`CREATE DATABASE ${floorDb} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    CREATE TABLE ${floorDb}.campaigns_entries LIKE ${source}.campaigns_entries;
    CREATE TABLE ${floorDb}.campaigns_webhook_events LIKE ${source}.campaigns_webhook_events;
    CREATE TABLE ${floorDb}.tickets LIKE ${source}.tickets;`);
  const connection = db.connection.replace(/db=[^;]+/, `db=${floorDb}`);
  const r = spawnSync(process.env.COST_FLOOR_BIN, [connection, String(real.messages), String(mariadbPid)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cost_floor failed: ${r.stdout}${r.stderr}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop());
  floor = { messages: real.messages, host: out.cpu_self, db: out.cpu_db, status: out.status, seconds: out.seconds };
} finally {
  mariadb(`DROP DATABASE IF EXISTS ${floorDb}`);
  db.drop();
}

// ---- figures ----------------------------------------------------------------------------------
const per = (run, key, scale = 1) => ((run.status[key] ?? 0) * scale) / run.messages;
const cpuPer1000 = (run) => ((run.host + run.db) * 1000) / run.messages;
const row = (label, a, b, digits = 2, goal = '') => {
  const ratio = b > 0 ? `${(a / b).toFixed(1)}x` : '-';
  console.log(`  ${label.padEnd(34)} ${a.toFixed(digits).padStart(9)}   floor ${b.toFixed(digits).padStart(8)}   ${ratio.padStart(6)}${goal}`);
};
console.log(`  floor: ${floor.messages} messages in ${floor.seconds.toFixed(1)} s, batches of 100 in one transaction each`);
console.log('  per message unless said (campaign / floor / ratio):');
const cpu = cpuPer1000(real);
const cpuFloor = cpuPer1000(floor);
row('CPU-s host + db per 1,000 messages', cpu, cpuFloor, 3,
  `   goal <= ${GOAL_CPU} and <= ${GOAL_RATIO}x floor: ${cpu <= GOAL_CPU && cpu <= GOAL_RATIO * cpuFloor ? 'met' : 'NOT met'}`);
row('  host (floor: its program)', (real.host * 1000) / real.messages, (floor.host * 1000) / floor.messages, 3);
row('  MariaDB', (real.db * 1000) / real.messages, (floor.db * 1000) / floor.messages, 3);
// The floor makes only the writes; every message also costs HTTP: the host writes one request and
// receives about three webhooks. The simulator does the other end of the same requests and
// keeps no database: its CPU shows what that HTTP alone costs, next to 2x the floor.
console.log(`    (simulator, the other end of the same HTTP, no database: ${((real.sim * 1000) / real.messages).toFixed(3)}`
  + ` CPU-s per 1,000 messages; 2x the floor is ${(GOAL_RATIO * cpuFloor).toFixed(3)})`);
row('statements (Questions)', per(real, 'Questions'), per(floor, 'Questions'));
for (const k of ['Com_select', 'Com_insert', 'Com_update', 'Com_delete', 'Com_begin', 'Com_commit', 'Com_rollback', 'Com_stmt_prepare', 'Com_stmt_execute']) {
  row(`  ${k}`, per(real, k), per(floor, k), 3);
}
const rowsRead = (run) => ['Handler_read_first', 'Handler_read_key', 'Handler_read_next', 'Handler_read_prev', 'Handler_read_rnd',
  'Handler_read_rnd_next'].reduce((n, k) => n + per(run, k), 0);
row('rows read (Handler_read_*)', rowsRead(real), rowsRead(floor), 1);
row('bytes written, binary log', per(real, 'Binlog_bytes_written'), per(floor, 'Binlog_bytes_written'), 0);
row('bytes written, InnoDB redo log', per(real, 'Innodb_os_log_written'), per(floor, 'Innodb_os_log_written'), 0);
if (digests) {
  console.log('  statements of the campaign that ran most (executions per message, statement):');
  for (const [n, text] of topStatements) console.log(`    ${(n / real.messages).toFixed(3).padStart(7)}  ${text}`);
}
console.log(`  load average at end: ${loadAverage()}`);
if (!check.ok) process.exit(1);
