// Two host instances on one MariaDB send the same account's campaign together. The simulator
// enforces the account's rate per sliding second (beyond it answers 130429), so "the rate was
// kept" is measured where Meta would measure it. Halfway the instance holding the account's lease
// is killed with SIGKILL: the other takes over after the lease expires. At the end nothing was sent
// twice, nothing was refused for throughput, both instances sent, and counters equal a recount.
//   TWO_HOSTS_ENTRIES and TWO_HOSTS_RATE override the sizes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  Api, HostProcess, countersCheck, deliveryReport, entryStates, freePort, loadedCampaign, makeDatabase,
  pendingEvents, sleep, startSimulator, waitFor, workDir,
} from './lib/sendrun.js';

const ENTRIES = Number(process.env.TWO_HOSTS_ENTRIES || 9000);
const RATE = Number(process.env.TWO_HOSTS_RATE || 300);

const dir = workDir('two-hosts-send-');
const db = makeDatabase(dir);
const hosts = [];
let sim;

after(async () => {
  for (const h of hosts) await h.kill('SIGTERM');
  await sim?.stop();
  if (process.exitCode === undefined || process.exitCode === 0) db.drop();
});

test(`two instances send one account at ${RATE} msg/s on ${db.kind}: rate kept, nothing twice`, { timeout: 600000 }, async () => {
  assert.equal(db.kind, 'mariadb', 'several instances share a MariaDB; run through ctest');
  const ports = [await freePort(), await freePort()];
  sim = await startSimulator({
    // Meta calls one webhook URL; here it is the first instance's.
    webhookUrl: `http://127.0.0.1:${ports[0]}/campaigns/webhooks/whatsapp`,
    settings: { throughput_mps: RATE, webhook_max_attempts: 30, webhook_retry_base_ms: 100, payload_cap: ENTRIES * 2 },
  });
  const extraConfig = [
    'plugins.campaigns.sending.entry_lease_s = 10',
    'plugins.campaigns.sending.account_lease_s = 3',
    'plugins.campaigns.cloud_api.receive_timeout_s = 5',
  ];
  for (const [i, port] of ports.entries()) hosts.push(new HostProcess({ name: `host${i + 1}`, dir, port, db, extraConfig }));
  hosts[0].cli('seed-demo');
  const token = hosts[0].cli('token', 'create', '--user', 'admin', '--label', 'two-hosts').trim().split(/\s+/).pop();
  await Promise.all(hosts.map((h) => h.start()));
  const api = new Api(hosts[0].baseUrl, token);
  const { campaignId, account } = await loadedCampaign(api, sim, { entries: ENTRIES, rate: RATE, name: 'Dos instancias' });

  const started = Date.now();
  // Each instance is asked to send; only the lease holder does.
  await api.call('POST', `/campaigns/${campaignId}/send`);
  await new Api(hosts[1].baseUrl, token).call('GET', `/campaigns/${campaignId}`);

  // Halfway, kill whichever instance holds the account's lease.
  await waitFor('half of the campaign to be sent', async () => (entryStates(db, campaignId).accepted || 0) >= ENTRIES / 2,
    { timeoutMs: 300000 });
  const holder = db.query(`SELECT owner FROM campaigns_leases WHERE name = 'account:${account.id}'`)[0]?.[0] || '';
  const victim = hosts.find((h) => holder.endsWith(`:${h.child.pid}`));
  assert.ok(victim, `the lease holder ${holder} is one of the instances`);
  await victim.kill('SIGKILL');
  console.log(`killed ${victim.name} (lease holder ${holder}) at ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const survivor = hosts.find((h) => h !== victim);

  await waitFor('the campaign to finish', async () => {
    const c = await new Api(survivor.baseUrl, token).call('GET', `/campaigns/${campaignId}`);
    return c.state !== 'sending' && c.state;
  }, { timeoutMs: 300000, everyMs: 500 });
  const seconds = (Date.now() - started) / 1000;
  if (victim === hosts[0]) await victim.start(); // the webhook URL's instance comes back
  await sim.control('POST', '/_sim/flush', { timeout_ms: 60000, expedite: true });
  await waitFor('every webhook event to be applied', async () => pendingEvents(db) === 0, { timeoutMs: 120000 });

  const report = await deliveryReport(db, sim, campaignId);
  const sentBy = hosts.map((h) => (fs.readFileSync(h.logFile, 'utf8').match(/account \d+: sending at/g) || []).length);
  console.log(`finished in ${seconds.toFixed(1)} s (${(report.simAccepted / seconds).toFixed(1)} msg/s overall with a takeover,`
    + ` configured ${RATE}); sender starts per instance ${sentBy.join('/')}; ${JSON.stringify(report)}`);
  const counters = countersCheck(db);
  console.log(counters.output.trim());

  assert.equal(report.duplicates, 0, 'a recipient received two copies');
  // The engine never starts more than 98 % of the rate in any second; the simulator counts on
  // arrival, so on a loaded machine a request can still land in the next second's count and be
  // refused (130429, retried, never a duplicate). Allow 1 in 1,000.
  const throttled = report.rejected['130429'] || 0;
  assert.ok(throttled <= ENTRIES / 1000, `${throttled} sends refused for exceeding the account rate`);
  assert.ok(report.simAccepted / seconds <= RATE, 'faster than the account rate overall');
  assert.ok(sentBy.every((n) => n > 0), 'both instances sent for the account at some point');
  assert.equal((report.states.queued || 0) + (report.states.claimed || 0) + (report.states.dispatching || 0), 0);
  assert.equal(report.acceptedNotAtSim + report.atSimNotAccepted + report.unknownAtSim, 0, JSON.stringify(report));
  // Only entries marked as being written when the holder died may be unknown: one per worker.
  assert.ok(report.unknownNeverSeen <= 32, 'unknown entries the simulator never saw');
  assert.equal(report.simAccepted, report.states.accepted);
  assert.ok(counters.ok, 'stored counters differ from a recount from the entries');
});
