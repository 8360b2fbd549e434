// A real WordPress (Debian's package, 6.1) on MariaDB for the end-to-end tests and the demo:
// MariaDB on a unix socket and WordPress under `php -S`, both in a temp dir, on 127.0.0.1 only,
// installed over HTTP, seeded by a PHP script, and stopped by PID.
import { spawn, execFile } from 'node:child_process';
import { freePort } from './ports.mjs';
import { cp, mkdtemp, mkdir, writeFile, rm, copyFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
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
    await copyFile(join(repo, 'wordpress', 'maqal-anonymous-comments.php'), join(site, 'wp-content', 'mu-plugins', 'maqal-anonymous-comments.php'));
    await copyFile(join(support, 'wordpress-test-plugin.php'), join(site, 'wp-content', 'mu-plugins', 'maqal-tests-only.php'));
  } catch (e) {
    await stopDb();
    await rm(dir, { recursive: true, force: true });
    throw e;
  }

  let web;
  async function start() {
    web = spawn('php', ['-S', `127.0.0.1:${port}`, '-t', site, join(site, 'router.php')], {
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

// `node tests/support/wordpress.mjs [PORT]` runs a seeded WordPress until interrupted (the demo).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const wp = await startWordPress({ port: Number(process.argv[2]) || undefined });
  console.log(`WordPress at ${wp.origin}/ (REST ${wp.api}); seed post: telegram-12-billion`);
  const quit = async () => { await wp.close(); process.exit(0); };
  process.on('SIGINT', quit);
  process.on('SIGTERM', quit);
}
