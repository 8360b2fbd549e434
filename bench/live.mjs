// Live threads at a news site's scale: 1 000 readers with a breaking story open, each asking Isso
// for news as the widget does (src/comments/live.rs: once per 15 s stretched by up to 25 % at
// random, `after` the start of the 15-second window less two minutes), while someone comments
// every few seconds. Replayed twice on loopback for the same time: straight to Isso, and through
// Debian's nginx with a one-second micro-cache in front of it (the settings docs/live.md gives).
// Reports the requests per second that reach Isso, and how fast readers were answered.
//
//   node bench/live.mjs [--readers 1000] [--seconds 60]
//
// Needs nginx (`apt-get install nginx-light`) and the tests' Isso (bash scripts/install.sh --isso).
// Loopback only; bounded: the readers, the seconds, one request per reader at a time, each
// request given up after 10 s.
import { spawn } from 'node:child_process';
import { createServer, request } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIsso } from '../tests/support/isso.mjs';
import { freePort } from '../tests/support/ports.mjs';
import { opt } from './args.mjs';

const READERS = Math.min(5000, Math.max(1, Number(opt('readers', 1000))));
const SECONDS = Math.min(600, Math.max(10, Number(opt('seconds', 60))));
const NGINX = '/usr/sbin/nginx';
const URI = '/breaking-story';
const ORIGIN = 'http://news.example';

// The widget's numbers (src/comments/live.rs): the window, the quick rhythm and its jitter, and
// the look-back of a reader on the quick rhythm.
const WINDOW = 15;
const QUICK = 15_000;
const JITTER = 0.25;
const LOOKBACK = 120;
const after = (now) => Math.floor(now / 1000 / WINDOW) * WINDOW - LOOKBACK;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A pass-through in front of Isso that counts what reaches it (the cache's own requests too). */
async function counting(upstream) {
  const target = new URL(upstream);
  let reached = 0;
  const server = createServer((req, res) => {
    reached++;
    const up = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    up.on('error', () => { res.writeHead(502); res.end(); });
    req.pipe(up);
  });
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    take() { const n = reached; reached = 0; return n; },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

async function startNginx(upstream) {
  const dir = await mkdtemp(join(tmpdir(), 'maqal-nginx-'));
  const port = await freePort();
  await writeFile(join(dir, 'nginx.conf'), `
user root;
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  proxy_cache_path ${dir}/cache levels=1:2 keys_zone=maqal:10m max_size=50m inactive=1m use_temp_path=off;
  log_format cache '$upstream_cache_status';
  server {
    listen 127.0.0.1:${port};
    location / {
      access_log ${dir}/cache.log cache;
      proxy_pass ${upstream};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      # The micro-cache: GETs only, one second, one request to Isso per address at a time,
      # the others answered from the cache meanwhile.
      proxy_cache maqal;
      proxy_cache_methods GET HEAD;
      proxy_cache_key "$request_uri|$http_origin";
      proxy_cache_valid 200 1s;
      proxy_cache_lock on;
      proxy_cache_lock_timeout 5s;
      proxy_cache_use_stale updating error timeout;
      proxy_cache_background_update on;
      proxy_ignore_headers Cache-Control Expires Set-Cookie;
    }
  }
}
`);
  const child = spawn(NGINX, ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const endpoint = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    if (await fetch(`${endpoint}/?uri=${encodeURIComponent(URI)}`).then(() => true, () => false)) break;
    await sleep(100);
  }
  return {
    endpoint,
    /** How the cache answered (nginx's $upstream_cache_status, counted). */
    async statuses() {
      const log = await readFile(join(dir, 'cache.log'), 'utf8').catch(() => '');
      const counts = {};
      for (const s of log.split('\n').filter(Boolean)) counts[s] = (counts[s] ?? 0) + 1;
      return counts;
    },
    async close() {
      child.kill('SIGTERM');
      await Promise.race([new Promise((resolve) => child.once('exit', resolve)), sleep(3000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Replays the readers against `endpoint` for SECONDS; someone comments every `every` ms. */
async function replay(endpoint, isso) {
  const started = Date.now();
  const end = started + SECONDS * 1000;
  const latencies = [];
  const addresses = new Set();
  let failed = 0;
  async function reader(i) {
    // Readers arrived over the last minutes: each is somewhere in its wait when the run starts.
    let due = started + Math.random() * QUICK;
    while (due < end) {
      await sleep(Math.max(0, due - Date.now()));
      const asked = Date.now();
      const url = `${endpoint}/?uri=${encodeURIComponent(URI)}&after=${after(asked)}&limit=100&nested_limit=20`;
      addresses.add(url);
      try {
        const r = await fetch(url, { headers: { origin: ORIGIN }, signal: AbortSignal.timeout(10_000) });
        await r.arrayBuffer();
        if (!r.ok) failed++;
      } catch {
        failed++;
      }
      latencies.push(Date.now() - asked);
      due = Date.now() + QUICK * (1 + JITTER * Math.random());
    }
    void i;
  }
  const poster = (async () => {
    let n = 0;
    while (Date.now() < end - 3000 && n < 1000) {
      await isso.post(URI, { text: `تعليق عاجل رقم ${++n}`, author: 'مراسل' });
      await sleep(4000);
    }
    return n;
  })();
  await Promise.all(Array.from({ length: READERS }, (_, i) => reader(i)));
  const posted = await poster;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { requests: latencies.length, failed, p50: at(0.5), p95: at(0.95), addresses: addresses.size, posted, seconds: (Date.now() - started) / 1000 };
}

const isso = await startIsso({ origins: [ORIGIN] });
let nginx, counter;
try {
  for (let i = 0; i < 20; i++) await isso.post(URI, { text: `تعليق سابق ${i + 1}`, author: 'قارئ' });
  counter = await counting(isso.endpoint);
  // Straight to Isso (through the counter): every reader's request reaches it.
  const direct = await replay(counter.endpoint, isso);
  const reachedDirect = counter.take();
  // Through nginx's micro-cache.
  nginx = await startNginx(counter.endpoint);
  counter.take();
  const cached = await replay(nginx.endpoint, isso);
  const reached = counter.take();
  console.log('nginx cache statuses:', JSON.stringify(await nginx.statuses()));
  const rows = [
    ['straight to Isso', direct, reachedDirect],
    ['nginx, 1 s micro-cache', cached, reached],
  ];
  const table = [
    `${READERS} readers, ${SECONDS} s, someone commenting every 4 s; Isso 0.14 on loopback, nginx ${await version()}.`,
    '',
    '| | readers’ requests | per second | reaching Isso | per second at Isso | failed | different addresses | answer p50 | answer p95 |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(([name, r, at]) => `| ${name} | ${r.requests} | ${(r.requests / r.seconds).toFixed(1)} | ${at} | ${(at / r.seconds).toFixed(2)} | ${r.failed} | ${r.addresses} | ${r.p50} ms | ${r.p95} ms |`),
  ].join('\n');
  console.log(table);
  // Kept beside earlier runs (one section per run: copy it into bench/results-live.md).
  await writeFile(new URL('./results-live-last.md', import.meta.url), `\`node bench/live.mjs --readers ${READERS} --seconds ${SECONDS}\`, ${new Date().toISOString().slice(0, 10)}.\n\n${table}\n`);
} finally {
  await nginx?.close();
  await counter?.close();
  await isso.close();
}

async function version() {
  return new Promise((resolve) => {
    const child = spawn(NGINX, ['-v'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let out = '';
    child.stderr.on('data', (d) => { out += d; });
    child.on('exit', () => resolve(out.trim().replace(/^nginx version: nginx\//, '')));
  });
}
