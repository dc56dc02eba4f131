// Starts what a browser test needs: the reference host with the campaigns plugin on a fresh SQLite
// database seeded with demo data. Paths come from CTest's environment (see CMakeLists.txt).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const need = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the browser tests through ctest`);
  return v;
};

// A port for a server this process starts next. Chosen below Linux's ephemeral range (32768 and
// up): a port the kernel handed out for a bind to 0 and that was closed again can be handed out
// again, to the simulator's own bind to 0, before the host took it (a bench once started both on
// the same port). Ports handed out here are not handed out twice by this process.
const handedOut = new Set();
function tryListen(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}
export async function freePort() {
  for (let i = 0; i < 200; i += 1) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (handedOut.has(port) || !(await tryListen(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error('no free port between 20000 and 32000 after 200 tries');
}

export async function waitForHttp(url, child, logFile, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`process exited with ${child.exitCode}:\n${fs.readFileSync(logFile, 'utf8')}`);
    }
    try {
      const r = await fetch(url, { redirect: 'manual' });
      if (r.status > 0) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer in ${timeoutMs} ms:\n${fs.readFileSync(logFile, 'utf8')}`);
}

export async function startHost({ extraConfig = '' } = {}) {
  const hostBin = need('HELPDESK_HOST_BIN');
  const pluginDir = need('CAMPAIGNS_PLUGIN_DIR');
  const sourceDir = need('CAMPAIGNS_SOURCE_DIR');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-host-'));
  const port = await freePort();
  const config = path.join(dir, 'host.properties');
  fs.writeFileSync(config, [
    `http.address = 127.0.0.1`,
    `http.port = ${port}`,
    `db.connector = sqlite`,
    `db.connection = ${path.join(dir, 'helpdesk.sqlite')}`,
    `plugins.dir = ${pluginDir}`,
    `plugins.resources.campaigns = ${sourceDir}`,
    `data.dir = ${dir}`,
    `public.base_url = http://127.0.0.1:${port}`,
    `secrets.key = e2e-only-key-0123456789abcdef0123456789abcdef`,
    // The Cloud API simulator listens on http://127.0.0.1.
    'plugins.campaigns.accounts.allow_http_graph_base_url = true',
    `logging.file = ${path.join(dir, 'host.log')}`,
    extraConfig,
  ].join('\n'));
  const seed = spawnSync(hostBin, [`--config=${config}`, 'seed-demo'], { encoding: 'utf8' });
  if (seed.status !== 0) throw new Error(`seed-demo failed: ${seed.stdout}\n${seed.stderr}`);
  const logFile = path.join(dir, 'stdout.log');
  const out = fs.openSync(logFile, 'a');
  const child = spawn(hostBin, [`--config=${config}`], { stdio: ['ignore', out, out] });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHttp(`${baseUrl}/login`, child, logFile);
  return {
    baseUrl, dir, logFile,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    },
  };
}

export function artifactsDir() {
  const dir = process.env.E2E_ARTIFACTS || path.join(process.cwd(), 'artifacts');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

// Runs the Cloud API simulator on a free port (it prints "LISTENING <port>"). Defaults: token
// sim-token, phone-number id 100000000000001, WABA 200000000000001, app secret sim-app-secret.
export async function startSimulator({ webhookUrl = '', settings = {} } = {}) {
  const simBin = need('CLOUD_API_SIM_BIN');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-sim-'));
  const args = ['--set=stats_log_interval_s=0'];
  if (webhookUrl) args.push(`--set=webhook_url=${webhookUrl}`);
  for (const [k, v] of Object.entries(settings)) args.push(`--set=${k}=${v}`);
  const logFile = path.join(dir, 'sim.log');
  const err = fs.openSync(logFile, 'a');
  const child = spawn(simBin, args, { stdio: ['ignore', 'pipe', err] });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`simulator did not start:\n${fs.readFileSync(logFile, 'utf8')}`)), 15000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/LISTENING (\d+)/);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`simulator exited with ${code}:\n${fs.readFileSync(logFile, 'utf8')}`)); });
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl, port, dir, logFile, pid: child.pid,
    token: 'sim-token', phoneNumberId: '100000000000001', wabaId: '200000000000001', appSecret: 'sim-app-secret',
    async control(method, controlPath, body) {
      const r = await fetch(baseUrl + controlPath, { method, headers: { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: r.status, body: await r.json().catch(() => null) };
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    },
  };
}
