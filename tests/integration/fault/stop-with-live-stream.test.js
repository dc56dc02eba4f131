// A host asked to stop (SIGTERM) while an administrator's browser keeps the campaigns list's live
// stream open must still stop promptly: the stream belongs to the plugin, so the plugins have to
// be stopped before the HTTP server waits for the requests in progress to end.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { HostProcess, freePort, makeDatabase, workDir } from './lib/sendrun.js';

const dir = workDir('stop-live-');
const db = makeDatabase(dir);
let host;
let stream;

after(async () => {
  stream?.abort();
  await host?.kill('SIGKILL');
});

test('SIGTERM stops the host within 5 s while a client holds the live stream open', { timeout: 60000 }, async () => {
  host = new HostProcess({ name: 'host', dir, port: await freePort(), db, extraConfig: ['plugins.campaigns.live.ping_s = 30'] });
  host.cli('seed-demo');
  const token = host.cli('token', 'create', '--user', 'admin', '--label', 'live').trim().split(/\s+/).pop();
  await host.start();
  stream = new AbortController();
  const response = await fetch(`${host.baseUrl}/campaigns/api/v1/events`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' }, signal: stream.signal,
  });
  assert.equal(response.status, 200);
  const reader = response.body.getReader();
  await reader.read(); // the stream is open and has spoken
  const started = Date.now();
  host.child.kill('SIGTERM');
  const exited = await Promise.race([host.exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 5000))]);
  console.log(`host ${exited ? 'stopped' : 'still running'} ${Date.now() - started} ms after SIGTERM`);
  assert.ok(exited, 'the host still runs 5 s after SIGTERM with a live stream open');
});
