// A real WordPress (Debian's package, 6.1) on MariaDB for the end-to-end tests and the demo:
// MariaDB on a unix socket and WordPress under `php -S`, both in a temp dir, on 127.0.0.1 only,
// installed over HTTP, seeded by a PHP script, and stopped by PID.
import { spawn, execFile } from 'node:child_process';
import { freePort } from './ports.mjs';
import { cp, mkdtemp, mkdir, writeFile, rm, copyFile, readFile } from 'node:fs/promises';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../..', import.meta.url));
const support = fileURLToPath(new URL('.', import.meta.url));
export const WORDPRESS_DIR = process.env.WORDPRESS_DIR || '/usr/share/wordpress';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));


/** Waits (bounded) until `check()` resolves truthy. */
async function until(what, check, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch { /* not yet */ }
    await sleep(100);
  }
  throw new Error(`${what} did not come up in ${ms} ms`);
}

/** Stops a child by PID; `group`: the whole process group (php -S forks its workers). */
function stopper(child, { group = false } = {}) {
  return async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    const kill = (signal) => {
      try { process.kill(group ? -child.pid : child.pid, signal); } catch { /* gone */ }
    };
    kill('SIGTERM');
    await Promise.race([exited, sleep(5_000)]);
    if (child.exitCode === null && child.signalCode === null) kill('SIGKILL');
    // Workers of a group may outlive their parent for a moment.
    if (group) kill('SIGKILL');
  };
}

const ROUTER = `<?php
// Pretty permalinks under php -S: real files are served as they are, everything else is WordPress.
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if ($path !== '/' && is_file(__DIR__ . $path)) {
    return false;
}
if (is_file(__DIR__ . rtrim($path, '/') . '/index.php')) {
    $_SERVER['SCRIPT_NAME'] = rtrim($path, '/') . '/index.php';
    require __DIR__ . rtrim($path, '/') . '/index.php';
    return;
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
require __DIR__ . '/index.php';
`;

const config = (socket, origin) => `<?php
define('DB_NAME', 'wordpress');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', 'localhost:${socket}');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
${['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT']
    .map((k) => `define('${k}', '${k.toLowerCase()}-maqal-tests-only');`).join('\n')}
$table_prefix = 'wp_';
define('WP_HOME', '${origin}');
define('WP_SITEURL', '${origin}');
define('WP_ENVIRONMENT_TYPE', 'local');
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('WP_DEBUG', false);
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
`;

/**
 * Starts MariaDB and WordPress, installs and seeds it. `port` is optional (the demo fixes it).
 * Returns { origin, ids, php(code), stop(), restart(), close() }.
 */
export async function startWordPress({ port } = {}) {
  if (!existsSync(join(WORDPRESS_DIR, 'wp-load.php'))) {
    throw new Error(`no WordPress at ${WORDPRESS_DIR} (Debian's wordpress package; see scripts/install.sh)`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'maqal-wp-'));
  const [data, socket, site] = [join(dir, 'db'), join(dir, 'mysqld.sock'), join(dir, 'site')];
  port ??= await freePort();
  const origin = `http://127.0.0.1:${port}`;

  await run('mariadb-install-db', [`--datadir=${data}`, '--user=root', '--skip-test-db', '--auth-root-authentication-method=socket'], { timeout: 60_000 });
  const db = spawn('mariadbd', [`--datadir=${data}`, `--socket=${socket}`, '--skip-networking', '--user=root',
    `--pid-file=${join(dir, 'mariadb.pid')}`, '--innodb-buffer-pool-size=64M', '--skip-log-bin'], { stdio: 'ignore' });
  const stopDb = stopper(db);
  try {
    await until('MariaDB', async () => {
      await run('mariadb', [`--socket=${socket}`, '-uroot', '-e', 'CREATE DATABASE IF NOT EXISTS wordpress CHARACTER SET utf8mb4']);
      return true;
    });

    // A private copy: Debian's own wp-config.php reads /etc/wordpress, which we leave alone.
    await cp(WORDPRESS_DIR, site, { recursive: true, dereference: false, filter: (src) => !src.endsWith('.htaccess') });
    await writeFile(join(site, 'wp-config.php'), config(socket, origin));
    await writeFile(join(site, 'router.php'), ROUTER);
    await mkdir(join(site, 'wp-content', 'mu-plugins'), { recursive: true });
    await mkdir(join(site, 'wp-content', 'uploads'), { recursive: true });
    await copyFile(join(support, 'wordpress-test-plugin.php'), join(site, 'wp-content', 'mu-plugins', 'maqal-tests-only.php'));
  } catch (e) {
    await stopDb();
    await rm(dir, { recursive: true, force: true });
    throw e;
  }

  let web;
  async function start() {
    // Uploads as large as the plugin's zip (PHP's own default is 2 MB; hosts set their own).
    web = spawn('php', ['-d', 'upload_max_filesize=32M', '-d', 'post_max_size=32M', '-S', `127.0.0.1:${port}`, '-t', site, join(site, 'router.php')], {
      stdio: 'ignore',
      // Its own process group, so stopping it stops its workers too.
      detached: true,
      env: { ...process.env, PHP_CLI_SERVER_WORKERS: '4' },
    });
    await until('php -S', async () => (await fetch(`${origin}/wp-includes/css/buttons.css`)).ok);
  }
  const stopWeb = () => stopper(web, { group: true })();
  await start();

  const form = new URLSearchParams({
    weblog_title: 'تقنية اليوم', user_name: 'admin', admin_password: 'maqal-tests-only-password',
    admin_password2: 'maqal-tests-only-password', pw_weak: '1', admin_email: 'admin@example.com',
    blog_public: '0', language: '',
  });
  const installed = await fetch(`${origin}/wp-admin/install.php?step=2`, { method: 'POST', body: form });
  if (!installed.ok) throw new Error(`WordPress install: ${installed.status}`);

  // The plugin, as a site owner installs it: its zip uploaded through Plugins → Add New, then
  // activated from the link WordPress gives.
  const admin = await logIn(origin);
  await admin.installPlugin(await pluginZip());

  /** Runs PHP inside WordPress (after wp-load.php) and returns what it prints. */
  async function php(code) {
    const script = join(dir, `run-${Date.now()}-${Math.random().toString(36).slice(2)}.php`);
    await writeFile(script, `<?php
$_SERVER['HTTP_HOST'] = 'localhost'; $_SERVER['REQUEST_URI'] = '/';
require ${JSON.stringify(join(site, 'wp-load.php'))};
${code}
`);
    const { stdout } = await run('php', [script], { timeout: 60_000 });
    await rm(script, { force: true });
    return stdout;
  }
  /** Sets the permalink structure ('' for none) and rebuilds the rewrite rules. */
  const permalinks = (structure) =>
    php(`global $wp_rewrite; $wp_rewrite->set_permalink_structure(${JSON.stringify(structure)}); $wp_rewrite->flush_rules(false);`);
  // Pretty permalinks, as most sites have them.
  await permalinks('/%postname%/');
  const { stdout } = await run('php', [join(support, 'wordpress-seed.php'), site, repo], { timeout: 120_000 });
  const ids = JSON.parse(stdout.slice(stdout.indexOf('{')));

  return {
    origin,
    ids,
    php,
    admin,
    permalinks,
    /** The mails WordPress has sent (logged by the tests-only plugin), oldest first. */
    async mails() {
      const log = await php(`echo @file_get_contents(WP_CONTENT_DIR . '/maqal-mail.log');`);
      return log.split('\n').filter(Boolean).map((line) => JSON.parse(line));
    },
    /** The REST API root, pretty-permalink style. */
    api: `${origin}/wp-json/`,
    stop: stopWeb,
    restart: start,
    async close() {
      await stopWeb();
      await stopDb();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

let packaged;
/**
 * The plugin's zip, made once per process by `scripts/wordpress-plugin.sh` from the release build
 * the tests serve (dist/).
 */
export function pluginZip() {
  packaged ??= (async () => {
    const out = await mkdtemp(join(tmpdir(), 'maqal-plugin-'));
    await run('bash', [join(repo, 'scripts', 'wordpress-plugin.sh'), out, join(repo, 'dist')], { timeout: 120_000 });
    process.once('exit', () => rmSync(out, { recursive: true, force: true }));
    return join(out, 'maqal.zip');
  })();
  return packaged;
}

/**
 * Logs in to wp-admin as the tests' administrator. Returns { get(path), post(path, body),
 * nonce(path, form), installPlugin(zip) }, each with the session's cookies.
 */
export async function logIn(origin) {
  const cookies = new Map([['wordpress_test_cookie', 'WP%20Cookie%20check']]);
  const header = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (res) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return res;
  };
  const request = async (path, init = {}) => keep(await fetch(new URL(path, origin), { redirect: 'manual', ...init, headers: { cookie: header(), ...init.headers } }));
  const loggedIn = await request('/wp-login.php', {
    method: 'POST',
    body: new URLSearchParams({ log: 'admin', pwd: 'maqal-tests-only-password', 'wp-submit': 'Log In', testcookie: '1', redirect_to: `${origin}/wp-admin/` }),
  });
  if (loggedIn.status !== 302 || ![...cookies.keys()].some((k) => k.startsWith('wordpress_logged_in_'))) {
    throw new Error(`wp-login.php: ${loggedIn.status}, no session`);
  }
  const get = async (path) => {
    const res = await request(path);
    return { status: res.status, location: res.headers.get('location'), html: await res.text() };
  };
  const post = async (path, body) => {
    const res = await request(path, { method: 'POST', body });
    return { status: res.status, location: res.headers.get('location'), html: await res.text() };
  };
  /** The `_wpnonce` of the form on `path` whose `action` address contains `action`. */
  const nonce = async (path, action) => {
    const { html } = await get(path);
    const form = html.split('<form').slice(1).find((f) => f.slice(0, f.indexOf('>')).includes(action));
    const value = form && /name="_wpnonce" value="([^"]+)"/.exec(form)?.[1];
    if (!value) throw new Error(`no nonce for ${action} on ${path}`);
    return value;
  };
  return {
    get,
    post,
    nonce,
    async installPlugin(zip) {
      const body = new FormData();
      body.set('_wpnonce', await nonce('/wp-admin/plugin-install.php?tab=upload', 'upload-plugin'));
      body.set('_wp_http_referer', '/wp-admin/plugin-install.php?tab=upload');
      body.set('pluginzip', new Blob([await readFile(zip)], { type: 'application/zip' }), 'maqal.zip');
      body.set('install-plugin-submit', 'Install Now');
      const { html } = await post('/wp-admin/update.php?action=upload-plugin', body);
      const activate = /href="([^"]*action=activate[^"]*plugin=maqal%2Fmaqal\.php[^"]*)"/.exec(html)?.[1];
      if (!activate) throw new Error(`the plugin's upload did not install it: ${html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 600)}`);
      const done = await get(`/wp-admin/${activate.replaceAll('&amp;', '&')}`);
      if (done.status !== 302 || !/activate=true/.test(done.location ?? '')) throw new Error(`activating the plugin: ${done.status} ${done.location}`);
    },
  };
}

// `node tests/support/wordpress.mjs [PORT]` runs a seeded WordPress until interrupted (the demo).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const wp = await startWordPress({ port: Number(process.argv[2]) || undefined });
  console.log(`WordPress at ${wp.origin}/ (REST ${wp.api}); seed post: telegram-12-billion`);
  const quit = async () => { await wp.close(); process.exit(0); };
  process.on('SIGINT', quit);
  process.on('SIGTERM', quit);
}
