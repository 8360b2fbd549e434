// `import 'maqal'` in an app built for production by Vite and by webpack 5, from the packed
// package, loaded in Chromium on an Arabic page: the bundler must have found and copied the
// module, its parts, the stylesheet and the catalogues (each a literal `new URL('./…',
// import.meta.url)` in the loader and the parts' loader).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from '../support/browser.mjs';
import { serveDir } from '../support/server.mjs';
import { commentsSettled, fillForm } from '../support/widgets.mjs';

const root = new URL('../..', import.meta.url).pathname;
const AR = JSON.parse(readFileSync(join(root, 'embed', 'i18n', 'ar.json'), 'utf8')).messages;
const COMMENT = 'تعليق من تطبيق مبني بأداة تجميع';

let work, app, browser;
before(() => {
  work = mkdtempSync(join(tmpdir(), 'maqal-bundlers-'));
  // The package as npm would install it (the release build is already there: the test command
  // builds it; prepack checks that).
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
  }));
  app = join(work, 'app');
  const installed = join(app, 'node_modules', 'maqal');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(work, packed.filename), '-C', installed, '--strip-components=1']);
  mkdirSync(join(app, 'src'));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'bundled-app', private: true, type: 'module' }));
  writeFileSync(join(app, 'src', 'main.js'), "import 'maqal';\n");
  const article = {
    '@context': 'https://schema.org', '@type': 'NewsArticle', inLanguage: 'ar',
    headline: 'تيليجرام يرسل 12 مليار رسالة في اليوم', articleBody: 'نص المقال.',
    comment: [{ '@type': 'Comment', text: COMMENT, author: { '@type': 'Person', name: 'سلمى' } }],
  };
  const page = (script) => `<!doctype html>
<html lang="ar" dir="rtl">
  <head><meta charset="utf-8"><link rel="icon" href="data:,"><title>تطبيق</title>${script}</head>
  <body>
    <maqal-article id="w" comments="local" thread="/bundled">
      <script type="application/ld+json">${JSON.stringify(article)}</script>
    </maqal-article>
  </body>
</html>
`;
  // Vite reads its entry from the page; webpack's page names its output.
  writeFileSync(join(app, 'index.html'), page('<script type="module" src="/src/main.js"></script>'));
  writeFileSync(join(app, 'webpack.html'), page('<script src="main.js"></script>'));
});
after(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Opens the built app and checks the widget works as on any page. */
async function check(out) {
  const served = await serveDir(out);
  browser ??= await launch();
  const page = await browser.page();
  try {
    await page.goto(`${served.origin}/`);
    await commentsSettled(page, 'w', 20_000);
    const w = page.locator('#w');
    // The Arabic catalogue, the comments, the stylesheet.
    assert.equal(await w.locator('.form-title').innerText(), AR.leave_comment);
    await w.locator('.comment-text', { hasText: COMMENT }).waitFor();
    assert.equal(await w.evaluate((el) => el.shadowRoot.adoptedStyleSheets.length), 1, 'the stylesheet');
    // The reader's part: the real form, and a comment posted through it.
    await w.locator('.form-shell').waitFor({ state: 'detached', timeout: 20_000 });
    await fillForm(w, { text: 'تعليق جديد من التطبيق' });
    await w.locator('.comment-form button[type="submit"]').click();
    await w.locator('.comment-text', { hasText: 'تعليق جديد من التطبيق' }).waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await page.close();
    await served.close();
  }
}

test('Vite (production build) finds the module, its parts, the stylesheet and the catalogues', async () => {
  const { build } = await import('vite');
  const out = join(work, 'dist-vite');
  await build({ root: app, configFile: false, logLevel: 'error', build: { outDir: out, emptyOutDir: true } });
  await check(out);
});

test('webpack 5 (production build) finds the module, its parts, the stylesheet and the catalogues', async () => {
  const { default: webpack } = await import('webpack');
  const out = join(work, 'dist-webpack');
  const stats = await new Promise((resolve, reject) => webpack({
    mode: 'production',
    context: app,
    entry: './src/main.js',
    output: { path: out, filename: 'main.js', publicPath: 'auto', clean: true },
    performance: { hints: false },
  }, (error, result) => (error ? reject(error) : resolve(result))));
  assert.ok(!stats.hasErrors(), stats.toString('errors-only'));
  writeFileSync(join(out, 'index.html'), readFileSync(join(app, 'webpack.html')));
  await check(out);
});
