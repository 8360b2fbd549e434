// Test web server: serves the release build (dist/) and test fixtures on 127.0.0.1, plus
// misbehaving endpoints for the error cases. Loopback only; every response ends by itself.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

async function sendFile(res, path, extraHeaders = {}) {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a file');
    const body = await readFile(path);
    res.writeHead(200, {
      'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      ...extraHeaders,
    });
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }
}

function within(base, urlPath) {
  const path = normalize(join(base, decodeURIComponent(urlPath)));
  return path.startsWith(base) ? path : null;
}

/** The strict policy of docs/styling-and-security.md, for a widget whose comments stay in the browser. */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

const flakySeen = new Set();

/** Comments the `slowpost` fake Isso stored, by thread uri. */
const slowThreads = new Map();

/**
 * `slowpost` stores a new comment but answers only after the client's timeout; `lostpost`
 * never stores it and never answers in time. Their threads list what was stored, rendered
 * (`<p>text</p>`) or as typed (`plain=1`), newest first when asked.
 */
function slowIsso(mode, req, res, json) {
  const url = new URL(req.url, 'http://x');
  const uri = url.searchParams.get('uri') ?? '';
  const list = slowThreads.get(uri) ?? [];
  if (req.method === 'POST' && url.pathname.endsWith('/new')) {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      if (mode === 'slowpost') {
        const c = JSON.parse(body);
        list.push({ id: 1000 + list.length, parent: c.parent ?? null, text: c.text, author: c.author ?? null,
          website: null, mode: 1, created: Date.now() / 1000, modified: null, likes: 0, dislikes: 0,
          total_replies: 0, hidden_replies: 0, replies: [] });
        slowThreads.set(uri, list);
      }
      const timer = setTimeout(() => json(201, list.at(-1) ?? {}), 25_000);
      res.on('close', () => clearTimeout(timer));
    });
    return;
  }
  const plain = url.searchParams.get('plain') === '1';
  let replies = list.map((c) => ({ ...c, text: plain ? c.text : `<p>${c.text}</p>` }));
  if (url.searchParams.get('sort') === 'newest') replies = replies.reverse();
  const answer = () => json(200, {
    id: null, total_replies: list.length, hidden_replies: 0, replies,
    config: { 'require-author': false, 'require-email': false, 'reply-to-self': true },
  });
  // The check after a lost post takes a while here, long enough to try sending meanwhile.
  if (plain && mode === 'lostpost') {
    const timer = setTimeout(answer, 1500);
    return res.on('close', () => clearTimeout(timer));
  }
  return answer();
}

/**
 * A misbehaving "Isso" for the error cases and the sanitizer: `/fake-isso/<mode>/...`.
 * Modes: a status code (every request answers it), `badjson`, `hang`, `hostile` (a thread
 * whose HTML tries everything), `nopost` (an empty thread that refuses posts with a 503). CORS
 * as Isso sends it (credentials allowed).
 */
function fakeIsso(mode, req, res) {
  const cors = {
    'access-control-allow-origin': req.headers.origin ?? '*',
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': 'HEAD, GET, POST, PUT, DELETE',
    'access-control-allow-headers': 'Origin, Referer, Content-Type',
  };
  if (req.method === 'OPTIONS') {
    res.writeHead(200, cors);
    return res.end();
  }
  const json = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json', ...cors });
    res.end(JSON.stringify(body));
  };
  if (/^\d{3}$/.test(mode)) return json(Number(mode), { error: 'fake' });
  if (mode === 'slowpost' || mode === 'lostpost') return slowIsso(mode, req, res, json);
  if (mode === 'nocors') {
    // A server that does not list this page's origin: the browser refuses the answer.
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end('{"total_replies": 0, "replies": []}');
  }
  if (mode === 'nopost') {
    if (req.method === 'POST') return json(503, { error: 'maintenance' });
    return json(200, { id: null, total_replies: 0, hidden_replies: 0, replies: [] });
  }
  if (mode === 'badjson') {
    res.writeHead(200, { 'content-type': 'application/json', ...cors });
    return res.end('<html>not json</html>');
  }
  if (mode === 'hang') {
    const timer = setTimeout(() => json(200, {}), 25_000);
    return res.on('close', () => clearTimeout(timer));
  }
  if (mode === 'hostile') {
    const comment = (id, text, extra = {}) => ({
      id, parent: null, created: Date.now() / 1000 - 60, modified: null, mode: 1, text,
      author: 'Mallory &lt;img src=x onerror=alert(1)&gt;', website: 'javascript:alert(1)', likes: 0, dislikes: 0,
      hash: 'x', total_replies: 0, hidden_replies: 0, replies: [], ...extra,
    });
    return json(200, {
      id: null, total_replies: 2, hidden_replies: 0,
      config: { 'require-author': false, 'require-email': false, 'reply-to-self': true },
      replies: [
        comment(1, '<p>ok <strong>bold</strong> <a href="javascript:alert(1)" onclick="alert(2)">js link</a> '
          + '<a href="https://safe.example/" target="_self" rel="opener">safe link</a></p>'
          + '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
          + '<style>*{display:none}</style><iframe src="https://evil.example"></iframe>'
          + '<svg onload="window.pwned=3"><text>svg text</text></svg>'
          + '<p style="position:fixed;inset:0" class="evil" onmouseover="window.pwned=4">styled</p>'
          + '<div><span>unwrapped <em>kept</em></span></div><form action="https://evil.example"><input value="x"></form>'
          + '<pre><code class="language-rust">fn main() {}</code></pre><code class="x&quot; onclick=&quot;y">c</code>'),
        comment(2, '<p>second</p>'),
      ],
    });
  }
  return json(404, {});
}

/**
 * Deployments as they are: `/deploy/<mode>/…` serves the release build (the test host page as
 * `host.html`, loading `./maqal.js` from there) with its parts (`split_*.wasm`, `chunk_*.wasm`)
 * served as a real server or link would: `octet` as `application/octet-stream` (S3, GCS, older
 * nginx, IIS); `trickle` the reader's part in 20 slices 800 ms apart (a slow 2G link: 16 s in
 * all, never 10 s without a byte); `stall` the reader's part's first half, then nothing, and a
 * `Range` request answered 206 with the rest (`deployLog.ranges` lists the ranges asked for).
 *
 * `/two-builds/…` is one path in front of two builds, as a deploy makes it: `twoBuilds.loader`
 * says which build's loader is served ('A', dist/'s, or 'B'), `twoBuilds.folders` which builds'
 * folders are still there, `twoBuilds.b` where build B is (`{id, dir, loader}`), and
 * `twoBuilds.bodies`, `{path: text}`, answers a path with other content (a cache that mixed them).
 */
export const deployLog = { ranges: [] };
export const twoBuilds = { loader: 'A', folders: new Set(['A', 'B']), b: null, bodies: {} };

async function hostPage(res) {
  const html = (await readFile(join(root, 'tests', 'fixtures', 'host.html'), 'utf8')).replace('src="/maqal.js"', 'src="./maqal.js"');
  res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
  res.end(html);
}

async function deployed(mode, file, req, res) {
  const dist = join(root, 'dist');
  if (file === 'host.html') return hostPage(res);
  const path = within(dist, file);
  if (!path) return sendFile(res, '/nonexistent');
  const part = /\/(split|chunk)_\w+\.wasm$/.test(file);
  if (mode === 'octet' && file.endsWith('.wasm')) return sendFile(res, path, { 'content-type': 'application/octet-stream' });
  if (!part || !file.endsWith('/split_compose.wasm') || (mode !== 'trickle' && mode !== 'stall')) return sendFile(res, path);
  const body = await readFile(path);
  const headers = { 'content-type': 'application/wasm', 'cache-control': 'no-store', 'accept-ranges': 'bytes' };
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  if (mode === 'stall') {
    if (range) {
      deployLog.ranges.push(req.headers.range);
      const from = Number(range[1]);
      res.writeHead(206, { ...headers, 'content-range': `bytes ${from}-${body.length - 1}/${body.length}`, 'content-length': String(body.length - from) });
      return res.end(body.subarray(from));
    }
    res.writeHead(200, { ...headers, 'content-length': String(body.length) });
    res.write(body.subarray(0, body.length >> 1));
    // …and nothing more, until the client gives up.
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': String(body.length) });
  let sent = 0;
  const slice = Math.ceil(body.length / 20);
  const timer = setInterval(() => {
    res.write(body.subarray(sent, sent + slice));
    sent += slice;
    if (sent >= body.length) {
      clearInterval(timer);
      res.end();
    }
  }, 800);
  res.on('close', () => clearInterval(timer));
}

async function twoBuildsRoute(file, res) {
  const dist = join(root, 'dist');
  if (file === 'host.html') return hostPage(res);
  if (twoBuilds.bodies[file] != null) {
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    return res.end(twoBuilds.bodies[file]);
  }
  if (file === 'maqal.js') {
    if (twoBuilds.loader === 'A') return sendFile(res, join(dist, 'maqal.js'));
    res.writeHead(200, { 'content-type': TYPES['.js'], 'cache-control': 'no-store' });
    return res.end(twoBuilds.b.loader);
  }
  const [folder, ...rest] = file.split('/');
  const a = readdirSync(dist).find((name) => /^[0-9a-f]{12}$/.test(name));
  if (folder === a && twoBuilds.folders.has('A')) return sendFile(res, within(join(dist, a), rest.join('/')) ?? '/nonexistent');
  if (folder === twoBuilds.b?.id && twoBuilds.folders.has('B')) return sendFile(res, within(twoBuilds.b.dir, rest.join('/')) ?? '/nonexistent');
  return sendFile(res, '/nonexistent');
}

/** Routes shared by both origins. `cors` adds Access-Control-Allow-Origin: *. */
function handler({ cors }) {
  const dist = join(root, 'dist');
  const fixtures = join(root, 'tests', 'fixtures');
  return async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const p = url.pathname;
    const corsHeaders = cors ? { 'access-control-allow-origin': '*' } : {};
    let m;
    if ((m = p.match(/^\/fake-isso\/(\w+)\//))) {
      return fakeIsso(m[1], req, res);
    }
    if ((m = p.match(/^\/api\/status\/(\d{3})$/))) {
      res.writeHead(Number(m[1]), { 'content-type': 'text/plain', ...corsHeaders });
      return res.end('error page');
    }
    if (p === '/api/bom') {
      // The English fixture article behind a UTF-8 byte-order mark, as some servers send it.
      const body = await readFile(join(fixtures, 'articles', 'en.json'));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...corsHeaders });
      return res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]));
    }
    if (p === '/api/not-json') {
      res.writeHead(200, { 'content-type': 'text/html', ...corsHeaders });
      return res.end('<!doctype html><title>Oops</title><p>This is HTML.</p>');
    }
    if (p === '/api/huge-streamed' || p === '/api/huge-declared') {
      // 4 MiB of a syntactically plausible article, in 64 KiB chunks.
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const total = 64;
      const headers = { 'content-type': 'application/json', ...corsHeaders };
      if (p === '/api/huge-declared') headers['content-length'] = String(chunk.length * total + 60);
      res.writeHead(200, headers);
      res.write('{"@type":"NewsArticle","headline":"H","articleBody":"');
      let sent = 0;
      const pump = () => {
        while (sent < total) {
          sent++;
          if (!res.write(chunk)) return res.once('drain', pump);
        }
        res.end('"}');
      };
      res.on('close', () => (sent = total));
      return pump();
    }
    if ((m = p.match(/^\/api\/flaky\/([\w-]+)$/))) {
      // Fails the first time per key, then serves the English fixture article: proves "retry".
      if (!flakySeen.has(m[1])) {
        flakySeen.add(m[1]);
        res.writeHead(503, { 'content-type': 'text/plain', ...corsHeaders });
        return res.end('try later');
      }
      return sendFile(res, join(fixtures, 'articles', 'en.json'), corsHeaders);
    }
    if ((m = p.match(/^\/broken\/((?:[0-9a-f]{12}\/)?(?:maqal\.js|maqal-core\.js|snippets\/[\w-]+\/\w+\.js|i18n\/[\w-]+\.json))$/))) {
      // The loader, glue and catalogues without their wasm: the "could not start" path.
      return sendFile(res, join(dist, m[1]), corsHeaders);
    }
    if ((m = p.match(/^\/css-(slow|missing)\/(.+)$/))) {
      // The widget's files with a stylesheet that arrives after 8 s, or never.
      if (m[2].endsWith('/maqal.css')) {
        if (m[1] === 'missing') return sendFile(res, '/nonexistent');
        const timer = setTimeout(() => sendFile(res, join(dist, m[2])), 8_000);
        return res.on('close', () => clearTimeout(timer));
      }
      const path = within(dist, m[2]);
      return path ? sendFile(res, path) : sendFile(res, '/nonexistent');
    }
    if (p === '/api/hang') {
      // Answers only after the client's timeout; closed early if the client gives up.
      const timer = setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json', ...corsHeaders });
        res.end('{}');
      }, 25_000);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    if ((m = p.match(/^\/deploy\/(octet|trickle|stall)\/(.+)$/))) return deployed(m[1], m[2], req, res);
    if ((m = p.match(/^\/two-builds\/(.+)$/))) return twoBuildsRoute(m[1], res);
    if (p.startsWith('/bench/')) {
      const path = within(join(root, 'bench', 'pages'), p.slice('/bench/'.length));
      return path ? sendFile(res, path) : sendFile(res, '/nonexistent');
    }
    if (p.startsWith('/csp/')) {
      // A fixture page under the strict policy docs/styling-and-security.md gives publishers (local comments: no
      // other origin), plus a report of what it blocks.
      const path = within(fixtures, p.slice('/csp/'.length));
      return path ? sendFile(res, path, { 'content-security-policy': STRICT_CSP }) : sendFile(res, '/nonexistent');
    }
    if (p.startsWith('/tt/') || p.startsWith('/tt-other/')) {
      // Trusted Types enforced: the page's policy allows the widget's (`trusted-types maqal`), or
      // only another one. Servers on loopback (Isso, WordPress) may be read.
      const [prefix, policies] = p.startsWith('/tt/') ? ['/tt/', 'maqal'] : ['/tt-other/', 'other'];
      const path = within(fixtures, p.slice(prefix.length));
      const csp = `${STRICT_CSP.replace("connect-src 'self'", "connect-src 'self' http://127.0.0.1:*")}; require-trusted-types-for 'script'; trusted-types ${policies}`;
      return path ? sendFile(res, path, { 'content-security-policy': csp }) : sendFile(res, '/nonexistent');
    }
    if (p === '/written.html') {
      // A page whose HTML holds `body` from the first byte (widgets as a publisher writes them,
      // there before the loader runs), served from this origin's address space like any page.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(`<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>A written page</title><script type="module" src="/maqal.js"></script></head><body>${url.searchParams.get('body') ?? ''}</body></html>`);
    }
    if (p.startsWith('/fixtures/')) {
      const path = within(fixtures, p.slice('/fixtures/'.length));
      return path ? sendFile(res, path, corsHeaders) : sendFile(res, '/nonexistent');
    }
    const path = within(dist, p.endsWith('/') ? p + 'index.html' : p);
    return path ? sendFile(res, path, corsHeaders) : sendFile(res, '/nonexistent');
  };
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

/**
 * Starts the main origin (http://127.0.0.1:A) and a second origin (http://localhost:B) whose
 * /cors/ paths send CORS headers and whose other paths do not.
 */
export async function startServers() {
  const main = createServer(handler({ cors: false }));
  const other = createServer((req, res) => {
    if (req.url.startsWith('/cors/')) {
      req.url = req.url.slice('/cors'.length);
      return handler({ cors: true })(req, res);
    }
    return handler({ cors: false })(req, res);
  });
  const [port, otherPort] = [await listen(main), await listen(other)];
  return {
    origin: `http://127.0.0.1:${port}`,
    otherOrigin: `http://localhost:${otherPort}`,
    async close() {
      main.closeAllConnections?.();
      other.closeAllConnections?.();
      await Promise.all([new Promise((r) => main.close(r)), new Promise((r) => other.close(r))]);
    },
  };
}

/** Serves the folder `dir` (an app a bundler built) on 127.0.0.1; resolves to {origin, close}. */
export async function serveDir(dir) {
  const server = createServer((req, res) => {
    const p = new URL(req.url, 'http://x').pathname;
    const path = within(dir, p.endsWith('/') ? `${p}index.html` : p);
    return path ? sendFile(res, path) : sendFile(res, '/nonexistent');
  });
  const port = await listen(server);
  return {
    origin: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections?.();
      await new Promise((r) => server.close(r));
    },
  };
}

// `node tests/support/server.mjs` serves the build for a manual look.
if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const { origin, otherOrigin } = await startServers();
  console.log(`serving dist/ at ${origin}/ (second origin ${otherOrigin})`);
}
