// Two numbers at once (see run-bench.sh): two accounts on two phone numbers of the simulator, each
// with a campaign of BENCH_ENTRIES recipients at BENCH_RATE msg/s, both sends started together on
// one database, with `node two-numbers.js <instances>` host instances (1 or 2). Prints each
// account's figures next to its configured rate and the 110 s budget, where the CPU went, and a
// timeline of both accounts' rates so a starved account shows.
import fs from 'node:fs';
import {
  Api, contactsCsv, countersCheck, createCampaign, deliveryReport, freePort, HostProcess, loadAverage, machineCpu,
  makeDatabase, pendingEvents, procCpu, seedAndToken, simulatorAccount, sleep, startSimulator, waitFor, waitLoaded,
  workDir,
} from '../../integration/fault/lib/sendrun.js';

const ENTRIES = Number(process.env.BENCH_ENTRIES || 20000);
const RATE = Number(process.env.BENCH_RATE || 1000);
const INSTANCES = Number(process.argv[2] || 1);
const BUDGET_S = 110;
const NUMBERS = ['100000000000001', '100000000000002'];
// The timeline's step: about ten steps over the floor (10 s for 100,000 entries at 1,000 msg/s).
const SLICE_S = Math.max(1, Math.round(ENTRIES / RATE / 10));

const dir = workDir('two-numbers-');
const db = makeDatabase(dir);
if (db.kind !== 'mariadb') throw new Error('run through run-bench.sh: several instances share a MariaDB');
const ports = [];
for (let i = 0; i < INSTANCES; i += 1) ports.push(await freePort());
const sim = await startSimulator({
  // Meta calls one webhook URL per app; with two instances it is the first one's.
  webhookUrl: `http://127.0.0.1:${ports[0]}/campaigns/webhooks/whatsapp`,
  // Each number may send RATE per sliding second (beyond: 130429, as Meta answers).
  settings: {
    phone_number_ids: NUMBERS.join(','), throughput_mps: RATE, p_read: 0.6, reply_probability: 0.02, webhook_max_attempts: 30,
  },
});
const hosts = ports.map((port, i) => new HostProcess({ name: `host${i + 1}`, dir, port, db }));
const mariadbPid = Number(process.env.BENCH_MARIADB_PID || 0);
const loadAtStart = loadAverage();
try {
  const token = seedAndToken(hosts[0]);
  await Promise.all(hosts.map((h) => h.start()));
  const apis = hosts.map((h) => new Api(h.baseUrl, token));
  const api = apis[0];

  // Two accounts, two campaigns with different recipients, uploaded and validated together.
  const t0 = Date.now();
  const runs = [];
  for (const [i, number] of NUMBERS.entries()) {
    const { account, template } = await simulatorAccount(api, sim, { rate: RATE, phoneNumberId: number, displayName: `Número ${i + 1}` });
    runs.push({ label: `account ${i + 1} (${number})`, account, template });
  }
  await Promise.all(runs.map(async (r, i) => {
    r.campaignId = await createCampaign(api, {
      account: r.account, template: r.template, entries: ENTRIES, name: `Dos números ${i + 1}`, file: contactsCsv(ENTRIES, 1 + i * ENTRIES),
    });
    await waitLoaded(api, r.campaignId, { timeoutMs: 600000 });
  }));
  const loadedS = (Date.now() - t0) / 1000;

  const cpu = () => ({
    hosts: hosts.map((h) => h.cpuNow()), sim: procCpu(sim.pid), db: mariadbPid ? procCpu(mariadbPid) : 0, machine: machineCpu(),
  });
  const cpu0 = cpu();
  const started = Date.now();
  // Both sends at once; with two instances each is asked through its own (BENCH_SEND_VIA=first:
  // both through the first, as when one administrator starts both).
  const via = (i) => (process.env.BENCH_SEND_VIA === 'first' ? apis[0] : apis[i % apis.length]);
  await Promise.all(runs.map((r, i) => via(i).call('POST', `/campaigns/${r.campaignId}/send`)));
  // The API only says when each campaign is done; the times come from the database below (the API
  // can answer late on a loaded machine).
  let maxLag = 0;
  let polls = 0;
  while (runs.some((r) => !r.finishedAt)) {
    await sleep(250);
    const views = await Promise.all(runs.map((r) => api.call('GET', `/campaigns/${r.campaignId}`)));
    const now = Date.now();
    for (const [i, c] of views.entries()) {
      const r = runs[i];
      if (!r.finishedAt && c.state !== 'sending') Object.assign(r, { finishedAt: now, state: c.state, done: c.counters.accepted + c.counters.failed_send });
    }
    polls += 1;
    if (polls % 8 === 0) maxLag = Math.max(maxLag, pendingEvents(db)); // a COUNT: not too often
    if (now - started > 900000) throw new Error('not finished after 900 s');
  }
  const cpu1 = cpu();
  const lastAt = Math.max(...runs.map((r) => r.finishedAt));
  const wallS = (lastAt - started) / 1000;
  const loadAtEnd = loadAverage();
  const pendingAtFinish = pendingEvents(db);
  // Which instance sent for which account ("account N: sending at ..." when it took the lease).
  const senders = runs.map((r) => hosts.filter((h) => fs.readFileSync(h.logFile, 'utf8')
    .includes(`account ${r.account.id}: sending at`)).map((h) => h.name));

  // The sending figures first: the checks below take a while and must not hide them.
  const pct = (x) => `${(100 * x).toFixed(0)} %`;
  const spent = (k, i) => (i === undefined ? cpu1[k] - cpu0[k] : cpu1[k][i] - cpu0[k][i]);
  const core = (s) => `${s.toFixed(1)} CPU-s (${pct(s / wallS)} of one core)`;
  const nCores = Math.round((cpu1.machine.total - cpu0.machine.total) / wallS) || 1;
  const machineBusy = cpu1.machine.busy - cpu0.machine.busy;
  const ours = hosts.reduce((a, _, i) => a + spent('hosts', i), 0) + spent('sim') + spent('db');
  const totalDone = runs.reduce((a, r) => a + r.done, 0);

  console.log(`two-numbers benchmark on ${db.kind}, ${INSTANCES} host instance${INSTANCES > 1 ? 's' : ''}: `
    + `2 accounts x ${ENTRIES} entries, configured ${RATE} msg/s each${process.env.BENCH_SEND_VIA === 'first' ? ', both started through host1' : ''}`);
  console.log(`  load average at start: ${loadAtStart}`);
  console.log(`  both campaigns uploaded and validated: ${loadedS.toFixed(1)} s`);
  // Seconds since both sends were asked for, on the database's clock (times with milliseconds).
  const ids = runs.map((r) => r.campaignId).join(',');
  const asked = db.query(`SELECT MIN(send_requested_at) FROM campaigns_campaigns WHERE id IN (${ids})`)[0][0];
  const since = (col) => `TIMESTAMPDIFF(MICROSECOND, '${asked}', ${col}) / 1e6`;
  for (const r of runs) {
    const [finished, first] = db.query(`SELECT ${since('c.finished_at')}, ${since('MIN(e.accepted_at)')} FROM campaigns_campaigns c`
      + ` JOIN campaigns_entries e ON e.campaign_id = c.id WHERE c.id = ${r.campaignId} GROUP BY c.id`)[0].map(Number);
    Object.assign(r, { sendS: finished, firstS: first });
  }
  for (const [i, r] of runs.entries()) {
    const achieved = r.done / (r.sendS - r.firstS);
    console.log(`  ${r.label}, sent by ${senders[i].join(' + ') || '?'}:`);
    console.log(`    achieved rate:  ${achieved.toFixed(1)} msg/s   vs configured ${RATE} msg/s (${pct(achieved / RATE)}; first acceptance after ${r.firstS.toFixed(1)} s)`);
    console.log(`    send -> ${r.state}: ${r.sendS.toFixed(1)} s   vs budget ${BUDGET_S} s (floor ${(ENTRIES / RATE).toFixed(0)} s)${r.sendS <= BUDGET_S ? '' : '   OVER BUDGET'}`);
  }
  console.log(`  both together: ${totalDone} messages in ${Math.max(...runs.map((r) => r.sendS)).toFixed(1)} s = `
    + `${(totalDone / Math.max(...runs.map((r) => r.sendS))).toFixed(1)} msg/s vs configured ${2 * RATE} msg/s`);
  // The timeline: messages accepted per second by each account in slices of SLICE_S (accepted_at).
  const perSlice = new Map();
  for (const [id, slice, n] of db.query(`SELECT campaign_id, FLOOR(${since('accepted_at')} / ${SLICE_S}), COUNT(*) FROM campaigns_entries`
    + ` WHERE campaign_id IN (${ids}) AND accepted_at IS NOT NULL GROUP BY 1, 2`)) perSlice.set(`${id}/${slice}`, Number(n));
  const slices = Math.ceil(Math.max(...runs.map((r) => r.sendS)) / SLICE_S);
  const line = [];
  for (let k = 0; k < slices; k += 1) line.push(runs.map((r) => Math.round((perSlice.get(`${r.campaignId}/${k}`) || 0) / SLICE_S)).join('/'));
  console.log(`  msg/s of account 1 / account 2 per ${SLICE_S} s from the start: ${line.join('  ')}`);
  const cpuParts = [
    ...hosts.map((h, i) => `${h.name} ${core(spent('hosts', i))}`),
    `MariaDB ${core(spent('db'))}`, `simulator ${core(spent('sim'))}`,
  ];
  console.log(`  CPU while sending (${wallS.toFixed(1)} s): ${cpuParts.join('; ')}`);
  console.log(`  machine: ${nCores} cores busy ${pct(machineBusy / (nCores * wallS))}: these processes ${core(ours)}, `
    + `everything else ${core(Math.max(0, machineBusy - ours))}`);
  const hostDb = hosts.reduce((a, _, i) => a + spent('hosts', i), 0) + spent('db');
  console.log(`  host + MariaDB while sending, per 1,000 messages: ${(1000 * hostDb / totalDone).toFixed(2)} CPU-s `
    + '(webhook events still waiting at the end are applied after, not counted)');
  const inBudget = runs.every((r) => r.sendS <= BUDGET_S);
  if (inBudget) {
    console.log(`  verdict: both numbers finished within ${BUDGET_S} s`);
  } else if (machineBusy / (nCores * wallS) >= 0.9) {
    const biggest = [...hosts.map((h, i) => [h.name, spent('hosts', i)]), ['MariaDB', spent('db')], ['the simulator', spent('sim')],
      ['other processes', Math.max(0, machineBusy - ours)]].sort((x, y) => y[1] - x[1]);
    console.log(`  verdict: over budget; the CPU ran out (${pct(machineBusy / (nCores * wallS))} of ${nCores} cores busy; `
      + `the most: ${biggest.slice(0, 2).map(([n, v]) => `${n} ${pct(v / wallS)} of a core`).join(', ')})`);
  } else {
    console.log(`  verdict: over budget with the CPU ${pct(machineBusy / (nCores * wallS))} busy: not the CPU alone, see the hosts' logs in ${dir}`);
  }
  console.log(`  load average at the end of sending: ${loadAtEnd}`);

  // Then the checks: every webhook applied, nothing sent twice, counters equal a recount.
  await sim.control('POST', '/_sim/flush', { timeout_ms: 120000, expedite: false });
  await waitFor('every webhook event to be applied', async () => pendingEvents(db) === 0, { timeoutMs: 600000, everyMs: 500 });
  const appliedAfterS = (Date.now() - lastAt) / 1000;
  const reports = [];
  for (const r of runs) reports.push(await deliveryReport(db, sim, r.campaignId));
  const counters = countersCheck(db);
  console.log(`  webhook events: at most ${maxLag} waiting, ${pendingAtFinish} at the end of sending, all applied ${appliedAfterS.toFixed(1)} s after it`);
  const refused = reports[0].rejected['130429'] || 0; // the simulator's totals cover both numbers
  console.log(`  refused by the simulator for throughput (130429, both numbers): ${refused}; recipients with two copies: ${reports[0].duplicates}`);
  for (const [i, rep] of reports.entries()) {
    console.log(`  ${runs[i].label} entries ${JSON.stringify(rep.states)}; accepted but not at the simulator ${rep.acceptedNotAtSim}, `
      + `at the simulator but not accepted ${rep.atSimNotAccepted}`);
  }
  console.log(`  counters vs recount: ${counters.ok ? 'equal' : 'DIFFERENT'}`);
  if (!counters.ok) console.log(counters.output);
  console.log(`  load average after the checks: ${loadAverage()}`);
} finally {
  for (const h of hosts) await h.kill('SIGTERM');
  await sim.stop();
  db.drop();
}
