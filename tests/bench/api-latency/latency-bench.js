// The API latency benchmark (see run-bench.sh): how long GET /campaigns/api/v1/campaigns (the
// list) and GET .../campaigns/{id} (one campaign) take while the host is idle (the floor), while a
// large csv validates in the background, and while a campaign sends at the configured rate through
// the simulator (status webhooks included). Each figure is printed next to its idle floor and the
// 200 ms goal.
import {
  Api, benchStack, contactsCsv, createCampaign, loadAverage, seedAndToken, simulatorAccount, sleep, waitLoaded,
  workDir,
} from '../../integration/fault/lib/sendrun.js';

const ROWS = Number(process.env.BENCH_ROWS || 100000); // the file validated in the background
const SEND = Number(process.env.BENCH_SEND_ENTRIES || 30000); // the campaign sent (SEND / RATE seconds)
const RATE = Number(process.env.BENCH_RATE || 1000);
const PER_SECOND = 5; // requests per second to each of the two routes
const IDLE_MS = 10000;
const GOAL_MS = 200;

// Sends GET `path` PER_SECOND times a second (never two at once) until stop(); keeps each time.
function sampler(api, path) {
  const times = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const started = performance.now();
      await api.call('GET', path());
      const took = performance.now() - started;
      times.push(took);
      await sleep(Math.max(0, 1000 / PER_SECOND - took));
    }
  })();
  return { times, stop: async () => { running = false; await done; return times; } };
}

function figures(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}

// Both routes sampled while `during` runs; the details route asks for the campaign `id()` names.
async function measure(api, id, during) {
  const list = sampler(api, () => '/campaigns?page_size=25');
  const details = sampler(api, () => `/campaigns/${id()}`);
  const started = Date.now();
  await during();
  const seconds = (Date.now() - started) / 1000;
  return { seconds, list: figures(await list.stop()), details: figures(await details.stop()) };
}

const dir = workDir('bench-api-latency-');
const { db, sim, host } = await benchStack(dir, { rate: RATE });
const loadAtStart = loadAverage();
try {
  const token = seedAndToken(host);
  await host.start();
  const api = new Api(host.baseUrl, token);
  const { account, template } = await simulatorAccount(api, sim, { rate: RATE });
  const toSend = await createCampaign(api, { account, template, entries: SEND, name: 'Envío medido' });
  await waitLoaded(api, toSend);

  let detailsOf = toSend;
  const idle = await measure(api, () => detailsOf, () => sleep(IDLE_MS));

  // Made before measuring: building it blocks this process, which would count as the host's time.
  const file = contactsCsv(ROWS, SEND + 1);
  let bigFile = 0;
  const validating = await measure(api, () => detailsOf, async () => {
    bigFile = await createCampaign(api, { account, template, name: 'Archivo grande', file });
    detailsOf = bigFile; // what a user watches while it validates
    await waitLoaded(api, bigFile, { timeoutMs: 3600000, everyMs: 1000 });
  });

  detailsOf = toSend;
  let finalState = '';
  const sending = await measure(api, () => detailsOf, async () => {
    await api.call('POST', `/campaigns/${toSend}/send`);
    for (;;) {
      await sleep(1000);
      const c = await api.call('GET', `/campaigns/${toSend}`);
      if (c.state !== 'sending') { finalState = c.state; break; }
    }
  });

  const ms = (x) => `${x.toFixed(0).padStart(5)} ms`;
  const line = (what, f, floor) =>
    `  ${what.padEnd(34)} p50 ${ms(f.p50)}  p95 ${ms(f.p95)}  max ${ms(f.max)}   ` +
    `(idle floor ${floor.p50.toFixed(0)} / ${floor.p95.toFixed(0)} / ${floor.max.toFixed(0)} ms; goal max ${GOAL_MS} ms: ` +
    `${f.max <= GOAL_MS ? 'met' : 'MISSED'}; ${f.n} requests)`;
  console.log(`api-latency benchmark on ${db.kind}: ${PER_SECOND} requests/s to each route; ` +
    `${ROWS} rows validated in the background, ${SEND} entries sent at a configured ${RATE} msg/s`);
  console.log(line('GET list, idle', idle.list, idle.list));
  console.log(line('GET details, idle', idle.details, idle.details));
  console.log(line(`GET list, validating (${validating.seconds.toFixed(0)} s)`, validating.list, idle.list));
  console.log(line('GET details, validating', validating.details, idle.details));
  console.log(line(`GET list, sending (${sending.seconds.toFixed(0)} s)`, sending.list, idle.list));
  console.log(line('GET details, sending', sending.details, idle.details));
  console.log(`  load average at start: ${loadAtStart}; at end: ${loadAverage()}`);
  console.log(`  sent campaign ended ${finalState}; ${(SEND / sending.seconds).toFixed(0)} msg/s over the measured time`);
} finally {
  await host.kill('SIGTERM');
  await sim.stop();
  db.drop();
}
