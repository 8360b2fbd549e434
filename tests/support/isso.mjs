// A real Isso server for the end-to-end tests: its own config, SQLite file and port under a temp
// dir, on 127.0.0.1 only; started and stopped (by PID) by the tests themselves.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { freePort } from './ports.mjs';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const defaultBin = fileURLToPath(new URL('../../target/isso-venv/bin/isso', import.meta.url));
export const ISSO_BIN = process.env.ISSO_BIN || defaultBin;


const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const run = promisify(execFile);

/**
 * Starts Isso. `origins` are the page origins allowed by CORS (Isso's `host`).
 * Returns { endpoint, stop(), restart(), close(), post(uri, comment), remove(id), setMode(ids, mode),
 * thread(uri) }.
 */
export async function startIsso({ origins, moderated = false, maxAge = '15m', strict = false }) {
  const dir = await mkdtemp(join(tmpdir(), 'maqal-isso-'));
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const config = join(dir, 'isso.cfg');
  await writeFile(config, `[general]
dbpath = ${join(dir, 'comments.db')}
host =
${origins.map((o) => `    ${o}`).join('\n')}
max-age = ${maxAge}
notify = stdout
log-file = ${join(dir, 'isso.log')}

[moderation]
enabled = ${moderated}

[server]
listen = http://127.0.0.1:${port}
public-endpoint = ${endpoint}
# Lets post() below present itself as another reader (a header only, no traffic), so Isso
# does not treat the browser as the author when it votes.
trusted-proxies = 127.0.0.1

[guard]
enabled = false
require-author = ${strict}
require-email = ${strict}
reply-to-self = ${!strict}

[markup]
renderer = mistune

[admin]
enabled = false
`);
  let child;
  /** The cookie Isso gave each comment `post` made, by id. */
  const cookies = new Map();
  async function start() {
    child = spawn(ISSO_BIN, ['-c', config, 'run'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`isso exited: ${stderr}`);
      try {
        const r = await fetch(`${endpoint}/config`);
        if (r.ok) return;
      } catch { /* not listening yet */ }
      await sleep(150);
    }
    child.kill('SIGKILL');
    throw new Error(`isso did not start in 30 s: ${stderr}`);
  }
  async function stop() {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    const kill = (signal) => {
      try {
        process.kill(child.pid, signal);
      } catch {
        // Already gone.
      }
    };
    kill('SIGTERM');
    await Promise.race([exited, sleep(5_000)]);
    if (child.exitCode === null && child.signalCode === null) kill('SIGKILL');
  }
  await start();
  return {
    endpoint,
    stop,
    restart: start,
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
    /**
     * Posts like any client would (as a different "browser" from the page's). The comment's own
     * cookie (what lets its author delete it) is kept here, for `remove`.
     */
    async post(uri, comment) {
      const r = await fetch(`${endpoint}/new?uri=${encodeURIComponent(uri)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.10' },
        body: JSON.stringify({ title: 'Test thread', ...comment }),
      });
      if (!r.ok) throw new Error(`isso /new: ${r.status} ${await r.text()}`);
      const posted = await r.json();
      const own = r.headers.getSetCookie().find((c) => c.startsWith(`${posted.id}=`));
      if (own) cookies.set(posted.id, own.split(';')[0]);
      return posted;
    },
    /**
     * Deletes a comment `post` made, as its author does from another browser (Isso's own API,
     * with the comment's cookie): one without replies is gone from the thread.
     */
    async remove(id) {
      const cookie = cookies.get(id);
      if (!cookie) throw new Error(`isso: no cookie for comment ${id} (not posted through post())`);
      const r = await fetch(`${endpoint}/id/${id}`, { method: 'DELETE', headers: { cookie } });
      if (!r.ok) throw new Error(`isso DELETE /id/${id}: ${r.status} ${await r.text()}`);
      return r.json();
    },
    /**
     * Sets the moderation mode of comments straight in Isso's SQLite file (1 published, 2 held),
     * as the moderator's "activate" link does: the admin interface is off here.
     */
    async setMode(ids, mode) {
      const script = 'import sqlite3, sys\n'
        + 'db = sqlite3.connect(sys.argv[1])\n'
        + 'ids = [int(i) for i in sys.argv[3:]]\n'
        + 'n = db.execute("UPDATE comments SET mode=? WHERE id IN (%s)" % ",".join("?" * len(ids)), [int(sys.argv[2]), *ids]).rowcount\n'
        + 'db.commit()\n'
        + 'print(n)\n';
      const { stdout } = await run('python3', ['-c', script, join(dir, 'comments.db'), String(mode), ...ids.map(String)]);
      if (Number(stdout.trim()) !== ids.length) throw new Error(`isso setMode: ${stdout.trim()} of ${ids.length} comments changed`);
    },
    /**
     * The public thread at `uri`, as Isso lists it to anyone. Isso 0.14 answers 200 for every
     * thread, an unknown one included (with no replies); anything else is an error, thrown, so
     * that a failed request never reads as "no public comments".
     */
    async thread(uri) {
      const r = await fetch(`${endpoint}/?uri=${encodeURIComponent(uri)}`);
      if (r.status !== 200) throw new Error(`isso /?uri=${uri}: ${r.status} ${await r.text()}`);
      const thread = await r.json();
      if (!Number.isInteger(thread.total_replies) || !Array.isArray(thread.replies)) {
        throw new Error(`isso /?uri=${uri}: not a thread: ${JSON.stringify(thread).slice(0, 200)}`);
      }
      return thread;
    },
  };
}
