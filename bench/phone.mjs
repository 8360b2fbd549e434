// The phone profile: a publisher's page on a throttled phone, as Lighthouse's mobile preset has
// it (150 ms round trip, 1.6 Mbps down, 750 kbps up, CPU slowed 4×), cold cache. Static files
// are served brotli-compressed as a CDN would serve them. Each page has the site's footer below
// (so a late-growing widget would push it, as on a real page). Two groups, each against its peer:
//   Isso (a real Isso 0.14, the same thread for all):
//   - baseline: the article as server-rendered HTML plus Isso's own client (embed.min.js);
//   - maqal: the widget as the embedding guide gives it (the loader asks for everything at once);
//   - maqal-own: the same with the page's own article and first comments inside the element, as
//     the publisher's server renders them (docs/embedding.md, "The page's own comments");
//   WordPress (a real WordPress on MariaDB under php -S, beside the throttled browser):
//   - wordpress: WordPress's own page of the post, in its default theme (Twenty Twenty-Three),
//     without Maqal (the plugin is told to keep away from it: ?maqal=off, by the tests' plugin);
//   - maqal-wordpress: a partner page with the widget showing that post and its comments;
//   - maqal-plugin: the same page of WordPress's with the Maqal plugin (wordpress/maqal/): the
//     theme's comments inside <maqal-article mode="comments">, taken over by the widget.
// Prints markdown tables (median of the runs, with min and max) and writes bench/results-phone.md:
// article and first comment visible, bytes before the first comment and over the visit, frames
// without comments after the first, layout shift, the longest main-thread task, focus to the form
// accepting a submit.
//
//   bash bench/run.sh phone              (installs, builds, runs this profile)
//   node bench/phone.mjs [--runs 5] [--sizes 1,20]
//
// Loopback only; every loop is bounded in count and time.
import { createServer } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { brotliCompressSync, constants } from 'node:zlib';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../tests/support/browser.mjs';
import { startIsso, ISSO_BIN } from '../tests/support/isso.mjs';
import { seed, PHRASES } from './seed.mjs';
import { startWordPress } from '../tests/support/wordpress.mjs';
import { opt } from './args.mjs';

const RUNS = Math.min(15, Math.max(1, Number(opt('runs', 5))));
const SIZES = opt('sizes', '1,20').split(',').map(Number).filter((n) => n > 0 && n <= 5000);
const TIMEOUT = 120_000;
const root = fileURLToPath(new URL('..', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.css': 'text/css; charset=utf-8',
};

/** The seed article as a publisher's server renders it (the baseline's article). */
async function serverRenderedArticle() {
  const a = JSON.parse(await readFile(`${root}demo/articles/telegram.json`, 'utf8'));
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const paragraphs = a.articleBody.split('\n\n').map((p) => `<p>${esc(p)}</p>`).join('\n');
  return `<article class="article" lang="ar">
  <p class="section">${esc(a.articleSection)}</p>
  <h1 class="headline">${esc(a.headline)}</h1>
  <figure><img src="/articles/telegram.svg" alt="${esc(a.image.description)}" width="${a.image.width}" height="${a.image.height}">
  <figcaption>${esc(a.image.caption)}</figcaption></figure>
  ${paragraphs}
  <p class="source">المصدر: <a href="${a.isBasedOn.url}">${esc(a.isBasedOn.name)}</a></p>
</article>`;
}

const STYLE = `<style>body{margin:0 auto;max-width:40em;padding:1em;font:18px/1.8 system-ui,sans-serif}
img{max-width:100%;height:auto}h1{line-height:1.4}</style>`;

/** What follows the article on a publisher's page (and moves if what is above it grows late). */
const FOOTER = `<footer><h2>الأكثر قراءة</h2><ol>${['أمن الهواتف', 'الذكاء الاصطناعي', 'الحوسبة السحابية', 'الألعاب', 'الشبكات']
  .map((t) => `<li><a href="#">${t}: تقرير جديد</a></li>`).join('')}</ol><p>© تقنية اليوم</p></footer>`;

/** The escaped text of `s`, for HTML. */
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The first page of an Isso thread as a WordPress theme renders a post's comments: the list
 * (oldest first, replies nested under their comment) and the comment form, posting to the page's
 * server. Isso's texts are its own sanitized HTML. Rendered once per thread, as a cached page is.
 */
async function serverRenderedComments(endpoint, thread) {
  const answer = await fetch(`${endpoint}/?uri=${encodeURIComponent(thread)}&limit=10&nested_limit=5&sort=oldest`);
  const { replies = [], total_replies: total = 0 } = answer.ok ? await answer.json() : {};
  const item = (c) => `<li class="comment" id="comment-${c.id}"><article class="comment-body">
<footer class="comment-meta"><b class="fn">${esc(c.author ?? 'مجهول')}</b> <time datetime="${new Date(c.created * 1000).toISOString()}">${new Date(c.created * 1000).toLocaleDateString('ar')}</time></footer>
<div class="comment-content">${c.text}</div></article>${c.replies?.length ? `<ol class="children">${c.replies.map(item).join('')}</ol>` : ''}</li>`;
  return `<section class="comments" id="comments"><h2 class="comments-title">التعليقات (${total})</h2>
<ol class="comment-list">${replies.map(item).join('\n')}</ol>
<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form">
<p><label for="comment">تعليقك</label><textarea id="comment" name="comment" rows="6" required></textarea></p>
<p><label for="author">الاسم</label><input id="author" name="author" type="text"></p>
<p><label for="email">البريد الإلكتروني</label><input id="email" name="email" type="email"></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" value="أرسل التعليق"><input type="hidden" name="comment_parent" id="comment_parent" value="0"></p>
</form></section>`;
}

function pages(article) {
  const head = (title) => `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>${title}</title>${STYLE}`;
  return {
    baseline: ({ endpoint, thread }) => `${head('Baseline')}
<script src="/isso/embed.min.js" data-isso="${endpoint}/" async></script></head><body>
${article}
<section id="isso-thread" data-isso-id="${thread}" data-title="Benchmark"></section>${FOOTER}</body></html>`,
    maqal: ({ endpoint, thread }) => `${head('Maqal')}
<script type="module" src="/maqal.js"></script></head><body>
<maqal-article src="/articles/telegram.json" comments="isso:${endpoint}" thread="${thread}"></maqal-article>${FOOTER}</body></html>`,
    // The same, with the page's own article and first comments inside the element, as the
    // publisher's server renders them (docs/embedding.md, "The page's own comments").
    'maqal-own': ({ endpoint, thread, comments }) => `${head('Maqal with the page\'s article and comments inside')}
<script type="module" src="/maqal.js"></script></head><body>
<maqal-article src="/articles/telegram.json" comments="isso:${endpoint}" thread="${thread}">${article}${comments}</maqal-article>${FOOTER}</body></html>`,
    // A partner page showing a WordPress post and its comments from the site's REST API.
    'maqal-wordpress': ({ site, post }) => `${head('Maqal on a WordPress post')}
<script type="module" src="/maqal.js"></script></head><body>
<maqal-article wordpress="${site}" post="${post}"></maqal-article>${FOOTER}</body></html>`,
  };
}

/**
 * What each kind of page shows, and where: `light` selectors in the page, `shadow` ones in the
 * widget's shadow root. `field` is the comment box the reader focuses when the first comment
 * shows, `accepting` what says it takes a submit (null: the field's own form does, without
 * JavaScript); `handedOver` what must show before the visit ends (the widget's own list).
 */
const SPECS = {
  baseline: {
    article: [['light', 'h1.headline']],
    comment: [['light', '#isso-thread .isso-comment:not(.isso-preview .isso-comment)']],
    field: ['light', '.isso-postbox .isso-textarea, .isso-postbox textarea'],
    accepting: null,
  },
  maqal: {
    article: [['shadow', 'h1.headline']],
    comment: [['shadow', '.comment-list > .comment']],
    field: ['shadow', '#maqal-comment'],
    // The plain form the first screen draws is replaced once the reader's part is here.
    accepting: ['shadow', 'form.comment-form #maqal-comment', '.form-shell'],
  },
  'maqal-own': {
    article: [['light', 'maqal-article h1'], ['shadow', 'h1.headline']],
    comment: [['light', 'maqal-article li.comment'], ['shadow', '.comment-list > .comment']],
    // Not focused: the widget takes over only once the reader leaves the page's own form.
    field: null,
    handedOver: ['shadow', '.comment-list > .comment'],
  },
  wordpress: {
    article: [['light', 'h1.wp-block-post-title, h1.entry-title']],
    comment: [['light', 'li.comment']],
    field: ['light', '#commentform textarea#comment'],
    accepting: null,
  },
  'maqal-plugin': {
    article: [['light', 'h1.wp-block-post-title, h1.entry-title']],
    comment: [['light', 'maqal-article li.comment'], ['shadow', '.comment-list > .comment']],
    field: null,
    handedOver: ['shadow', '.comment-list > .comment'],
  },
};
SPECS['maqal-wordpress'] = SPECS.maqal;

/** Static files, brotli-compressed once each (quality 11, as a CDN's precompressed copies). */
function startStatic(html) {
  const cache = new Map();
  const issoJs = fileURLToPath(new URL('../lib/python3.11/site-packages/isso/js/embed.min.js', `file://${ISSO_BIN}`));
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    let body, type;
    try {
      if (url.pathname === '/page') {
        body = Buffer.from(html(url.searchParams.get('kind'), url.searchParams.get('key')));
        type = TYPES['.html'];
      } else {
        const path = url.pathname === '/isso/embed.min.js' ? issoJs : normalize(join(root, 'dist', decodeURIComponent(url.pathname)));
        if (!path.startsWith(join(root, 'dist')) && path !== issoJs) throw new Error('outside');
        if (!cache.has(path)) {
          const raw = await readFile(path);
          cache.set(path, brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        }
        body = cache.get(path);
        type = TYPES[extname(path)] ?? 'application/octet-stream';
        res.writeHead(200, { 'content-type': type, 'content-encoding': 'br', 'cache-control': 'no-store' });
        return res.end(body);
      }
    } catch {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
  })));
}

/**
 * Installed before any page script. Every animation frame: whether the article and a comment
 * are on screen (rendered and visible, not only in the DOM: `checkVisibility` with `visibility` and a box). "Shown" is the
 * next frame's start, when the frame that drew it has been painted. After the first comment,
 * every frame without any comment on screen is counted. Also layout shift and every long task of
 * the visit, and how long the comment form takes to accept a submit when the reader focuses it
 * the moment the first comment shows.
 */
function instrument(spec) {
  const b = (window.__phone = { article: null, comment: null, gaps: 0, frames: 0, cls: 0, longest: 0, focused: null, accepts: null, handedOver: null });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) b.cls += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) b.longest = Math.max(b.longest, e.duration);
  }).observe({ type: 'longtask', buffered: true });
  const all = ([where, selector]) => {
    const scope = where === 'light' ? document : document.querySelector('maqal-article')?.shadowRoot;
    return [...(scope?.querySelectorAll(selector) ?? [])];
  };
  const shown = (places) => places.some((place) => all(place).some((e) => e.checkVisibility({ visibilityProperty: true }) && e.getBoundingClientRect().height > 0));
  const started = performance.now();
  let drawn = { article: false, comment: false };
  const frame = (now) => {
    // What the previous frame drew is on screen now.
    if (drawn.article && b.article === null) b.article = now;
    if (drawn.comment && b.comment === null) b.comment = now;
    const comment = shown(spec.comment);
    if (b.comment !== null) {
      b.frames++;
      if (!comment) b.gaps++;
    }
    drawn = { article: drawn.article || shown(spec.article), comment: drawn.comment || comment };
    if (b.comment !== null && spec.field && b.focused === null) {
      const [field] = all(spec.field);
      if (field) {
        // Without scrolling to it: the layout shift measured is the page's own, not the reader's.
        field.focus({ preventScroll: true });
        b.focused = now;
      }
    }
    if (b.focused !== null && b.accepts === null) {
      const [where, selector, unless] = spec.accepting ?? [];
      if (!spec.accepting || (all([where, selector]).length && !all([where, unless]).length)) b.accepts = now - b.focused;
    }
    if (spec.handedOver && b.handedOver === null && shown([spec.handedOver])) b.handedOver = now;
    if (performance.now() - started < 110_000) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/** Whether a visit has reached its end: the article, the first comment, and what follows it. */
const visited = () => {
  const b = window.__phone;
  return b.article !== null && b.comment !== null && (b.accepts !== null || b.handedOver !== null);
};

async function measure(browser, url, kind) {
  const page = await browser.page();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  // Every response as the network sent it (compressed), from any origin, with when it ended.
  const responses = new Map();
  let navigation = null;
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.type === 'Document' && navigation === null) navigation = { id: e.requestId, at: e.timestamp };
    responses.set(e.requestId, { type: e.type, url: e.request.url });
  });
  cdp.on('Network.responseReceived', (e) => { if (responses.has(e.requestId)) responses.get(e.requestId).type = e.type; });
  cdp.on('Network.loadingFinished', (e) => Object.assign(responses.get(e.requestId) ?? {}, { end: e.timestamp, bytes: e.encodedDataLength }));
  await page.addInitScript(instrument, SPECS[kind]);
  await page.goto(url, { timeout: TIMEOUT });
  await page.waitForFunction(visited, null, { timeout: TIMEOUT, polling: 200 });
  // The rest of the visit: what loads after the first screen (the reader's part, idle work), and
  // the hand-over of the page's own comments; long tasks and frames are counted through it.
  await page.waitForTimeout(4000);
  const result = await page.evaluate(() => ({ ...window.__phone }));
  // Bytes: every response but the page itself and images (the same article image for all),
  // "before the first comment" those that ended before it showed.
  const counted = [...responses.entries()].filter(([id, r]) => id !== navigation?.id && r.type !== 'Image' && r.bytes !== undefined);
  const endMs = (r) => (r.end - navigation.at) * 1000;
  result.critical = counted.filter(([, r]) => endMs(r) <= result.comment).reduce((t, [, r]) => t + r.bytes, 0);
  result.visit = counted.reduce((t, [, r]) => t + r.bytes, 0);
  await page.close();
  return result;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

/** Makes `post` (a WordPress post of the seed article) with `n` comments, about 30% of them replies. */
async function seedWordPress(wp, n) {
  const slug = `phone-${n}`;
  await wp.php(`
$source = get_page_by_path('telegram-12-billion', OBJECT, 'post');
$id = wp_insert_post(['post_title' => $source->post_title, 'post_content' => $source->post_content, 'post_status' => 'publish',
  'post_name' => ${JSON.stringify(slug)}, 'post_category' => wp_get_post_categories($source->ID), 'post_date_gmt' => $source->post_date_gmt]);
set_post_thumbnail($id, get_post_thumbnail_id($source->ID));
$phrases = json_decode(${JSON.stringify(JSON.stringify(PHRASES))});
$tops = [];
for ($i = 0; $i < ${n}; $i++) {
  $reply = count($tops) > 0 && $i % 10 >= 7;
  $c = wp_insert_comment(['comment_post_ID' => $id, 'comment_author' => 'قارئ ' . ($i + 1), 'comment_content' => $phrases[$i % count($phrases)] . ' (' . ($i + 1) . ')',
    'comment_approved' => 1, 'comment_parent' => $reply ? $tops[($i * 7) % count($tops)] : 0, 'comment_date_gmt' => gmdate('Y-m-d H:i:s', time() - 3600 + $i)]);
  if (!$reply) $tops[] = $c;
}`);
  return slug;
}

const KINDS = {
  isso: ['baseline', 'maqal', 'maqal-own'],
  wordpress: ['wordpress', 'maqal-wordpress', 'maqal-plugin'],
};

async function main() {
  const article = await serverRenderedArticle();
  const html = pages(article);
  /** What each page is about, by key: its Isso thread (and comments rendered), or its post. */
  const subjects = new Map();
  const statics = await startStatic((kind, key) => html[kind](subjects.get(key)));
  // Isso answers CORS for the pages' origin; WordPress's REST API answers any origin.
  const [issoForPage, wp] = await Promise.all([startIsso({ origins: [statics.origin] }), startWordPress()]);
  const browser = await launch({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 2.6, isMobile: true, hasTouch: true });
  const rows = [];
  try {
    for (const n of SIZES) {
      const thread = `/phone-${n}`;
      process.stderr.write(`seeding ${n} comments…\n`);
      await seed(issoForPage, thread, n);
      const post = await seedWordPress(wp, n);
      subjects.set(`isso-${n}`, { endpoint: issoForPage.endpoint, thread, comments: await serverRenderedComments(issoForPage.endpoint, thread) });
      subjects.set(`wordpress-${n}`, { site: wp.origin, post });
      for (const [group, kinds] of Object.entries(KINDS)) {
        for (const kind of kinds) {
          const results = [];
          for (let run = 0; run < RUNS; run++) {
            const url = kind === 'wordpress' ? `${wp.origin}/${post}/?maqal=off`
              : kind === 'maqal-plugin' ? `${wp.origin}/${post}/`
                : `${statics.origin}/page?kind=${kind}&key=${group}-${n}`;
            results.push(await measure(browser, url, kind));
            const r = results.at(-1);
            process.stderr.write(`  ${kind} N=${n} run ${run + 1}/${RUNS}: article ${r.article.toFixed(0)} ms, comment ${r.comment.toFixed(0)} ms, frames without comments ${r.gaps}\n`);
          }
          rows.push({ n, kind, results });
        }
      }
    }
  } finally {
    await browser.close();
    await Promise.all([issoForPage.close(), wp.close(), statics.close()]);
  }
  const metrics = [
    ['article visible (ms)', 'article', (v) => v.toFixed(0)],
    ['first comment visible (ms)', 'comment', (v) => v.toFixed(0)],
    ['bytes before the first comment, as sent (KB)', 'critical', (v) => (v / 1024).toFixed(1)],
    ['bytes over the visit, as sent (KB)', 'visit', (v) => (v / 1024).toFixed(1)],
    ['frames without comments after the first', 'gaps', (v) => v.toFixed(0)],
    ['cumulative layout shift', 'cls', (v) => v.toFixed(3)],
    ['longest main-thread task over the visit (ms)', 'longest', (v) => v.toFixed(0)],
    ['focus to the form accepting a submit (ms)', 'accepts', (v) => v.toFixed(0)],
  ];
  const table = (title, kinds, names) => {
    const lines = [`## ${title}`, '', `| N | metric | ${names.join(' | ')} |`, `|---:|---|${names.map(() => '---:').join('|')}|`];
    for (const n of SIZES) {
      const of = (kind) => rows.find((r) => r.n === n && r.kind === kind).results;
      for (const [label, key, fmt] of metrics) {
        const values = kinds.map((kind) => of(kind).map((r) => r[key]).filter((v) => v !== null));
        const [base] = values;
        const cell = (xs) => (!xs.length ? '—' : ['cls', 'critical', 'visit', 'gaps'].includes(key) ? fmt(median(xs)) : `${fmt(median(xs))} (${range(xs)})`);
        const ratio = (xs) => (xs.length && base.length && median(base) > 0 ? (median(xs) / median(base)).toFixed(2) : '—');
        lines.push(`| ${n} | ${label} | ${values.map((xs, i) => (i === 0 ? cell(xs) : `${cell(xs)} | ${ratio(xs)}`)).join(' | ')} |`);
      }
    }
    return lines.join('\n');
  };
  const text = [
    `Phone profile: 150 ms RTT, 1.6 Mbps down, 750 kbps up, CPU 4× slower, 412 px wide, cold cache, brotli; ${RUNS} runs; median (min–max); ratio = ÷ the first column (below 1 is better).`,
    '',
    table('Isso: a server-rendered page with Isso\'s client, and Maqal', KINDS.isso,
      ['server-rendered + Isso client', 'Maqal', 'ratio', 'Maqal, the page\'s article and comments inside', 'ratio']),
    '',
    table('WordPress: its own page of a post (Twenty Twenty-Three), Maqal on a partner page, and the same page with the Maqal plugin', KINDS.wordpress,
      ['WordPress\'s own page', 'Maqal, from the REST API', 'ratio', 'the Maqal plugin on WordPress\'s page', 'ratio']),
    '',
    '"Visible" is the start of the animation frame after the one that first drew it rendered (`checkVisibility`',
    'and a box of its own), i.e. once painted; the page\'s own article and comments count when they are on',
    'screen. "Frames without comments" counts every animation frame after the first comment showed in which',
    'no comment was rendered (the page\'s, the client\'s or the widget\'s). Bytes are what the network sent',
    '(compressed) for every response but the page itself and images, from every origin (the comments API',
    'included): "before the first comment" those that ended before it showed, "over the visit" all of them',
    '4 s after the visit\'s end (the form accepting a submit, or the widget\'s list in place of the page\'s',
    'comments). Long tasks and layout shift are counted over the whole visit. The form is focused in the',
    'frame the first comment shows (not the page\'s own form, which keeps the widget from taking over while',
    'the reader is in it); it accepts a submit once the module that sends one is there (Maqal draws a plain',
    'form first and keeps a submit pressed before then); a plain HTML form accepts one at once.',
  ].join('\n');
  console.log(text);
  await writeFile(`${root}bench/results-phone.md`, `# Benchmark results: phone profile\n\n${text}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
