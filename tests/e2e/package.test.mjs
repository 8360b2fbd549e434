// The npm package: what `npm pack` puts in it, and a host app type-checked against its types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { splitParts } from '../../scripts/split-manifest.mjs';
import { buildOf } from '../../scripts/build-files.mjs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

const root = new URL('../..', import.meta.url).pathname;

test('npm pack: the built files with .br/.gz copies, exports and TypeScript declarations', () => {
  const work = mkdtempSync(join(tmpdir(), 'maqal-pack-'));
  try {
    // The release build is already there (the test command builds it); prepack checks that.
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
      cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
    }));
    const files = packed.files.map((f) => f.path).sort();
    // Every file the loader may fetch, in the build's folder: the module's split parts and the
    // catalogues it names.
    const { prefix } = buildOf(join(root, 'dist'));
    assert.match(prefix, /^[0-9a-f]{12}\/$/, 'a release build, in its folder');
    const manifest = splitParts(join(root, 'dist', prefix));
    // The parts docs/embedding.md lists (each backend, the reader's part, the badges' counting).
    assert.deepEqual(Object.keys(manifest).sort(), ['compose', 'count', 'isso', 'local', 'wordpress']);
    const parts = Object.values(manifest).flat();
    const languages = readdirSync(join(root, 'embed', 'i18n')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
    assert.equal(languages.length, 16, languages.join(' '));
    const catalogues = languages.filter((l) => l !== 'en').map((l) => `i18n/${l}.json`);
    const built = ['maqal.css', 'maqal-core.js', 'maqal-core_bg.wasm', ...parts, ...catalogues].map((f) => `${prefix}${f}`);
    for (const file of new Set(['maqal.js', ...built])) {
      for (const copy of [file, `${file}.br`, `${file}.gz`]) assert.ok(files.includes(`dist/${copy}`), `dist/${copy}`);
    }
    // One build only, and nothing of the demo's.
    assert.deepEqual(files.filter((f) => f.startsWith('dist/') && !f.startsWith(`dist/${prefix}`) && !/^dist\/maqal\.js(\.br|\.gz)?$/.test(f)), []);
    assert.ok(['embed/maqal.d.ts', 'embed/react.d.ts', 'embed/react.js'].every((f) => files.includes(f)));
    assert.ok(!files.includes('embed/maqal.js'), 'the loader ships from dist/ only');
    assert.ok(files.includes('package.json') && files.includes('README.md'));
    // Nothing of the sources, tests or demo.
    assert.deepEqual(files.filter((f) => /^(src|tests|bench|demo|scripts|target)\//.test(f) || f === 'dist/index.html'), []);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    assert.equal(pkg.exports['.'].default, './dist/maqal.js');
    assert.equal(pkg.exports['.'].types, './embed/maqal.d.ts');

    // Unpacked as a dependency of a host app: the copies match their files, and the app's
    // TypeScript (with React's types) checks against the declarations.
    const app = join(work, 'app');
    const installed = join(app, 'node_modules', 'maqal');
    mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', join(work, packed.filename), '-C', installed, '--strip-components=1']);
    for (const file of [`${prefix}maqal-core_bg.wasm`, `${prefix}maqal.css`, 'maqal.js']) {
      const body = readFileSync(join(installed, 'dist', file));
      assert.ok(brotliDecompressSync(readFileSync(join(installed, 'dist', `${file}.br`))).equals(body), `${file}.br`);
      assert.ok(gunzipSync(readFileSync(join(installed, 'dist', `${file}.gz`))).equals(body), `${file}.gz`);
    }
    for (const dep of ['@types', 'csstype']) {
      if (existsSync(join(root, 'node_modules', dep))) symlinkSync(join(root, 'node_modules', dep), join(app, 'node_modules', dep));
    }
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'host-app', type: 'module', private: true }));
    // What a bundler or Node resolves at run time: every import has a file behind it.
    for (const [specifier, file] of [['maqal', 'dist/maqal.js'], ['maqal/react', 'embed/react.js'], ['maqal/maqal.js', 'dist/maqal.js']]) {
      const resolved = execFileSync(process.execPath, ['--input-type=module', '-e', `console.log(import.meta.resolve(${JSON.stringify(specifier)}))`], { cwd: app, encoding: 'utf8' }).trim();
      assert.equal(resolved, pathToFileURL(join(installed, file)).href, specifier);
    }
    // Server-side rendering imports it in Node: nothing happens there, and nothing is thrown or
    // left rejected (an unhandled rejection ends a Node server). The 200 ms are deliberate: a
    // rejection left behind would surface within them.
    const ssr = execFileSync(process.execPath, ['--unhandled-rejections=strict', '--input-type=module', '-e',
      "await import('maqal/react'); await import('maqal'); await new Promise((r) => setTimeout(r, 200)); console.log('rendered')"],
    { cwd: app, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.equal(ssr.trim(), 'rendered');
    copyFileSync(join(root, 'tests', 'types', 'example.tsx'), join(app, 'example.tsx'));
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    // As a bundler resolves (Vite, webpack) and as Node does (NodeNext).
    for (const config of ['tsconfig.json', 'tsconfig.nodenext.json']) {
      copyFileSync(join(root, 'tests', 'types', config), join(app, config));
      try {
        execFileSync(process.execPath, [tsc, '-p', join(app, config)], { encoding: 'utf8' });
      } catch (error) {
        assert.fail(`the example does not type-check with ${config}:\n${error.stdout}${error.stderr}`);
      }
    }
    // And with React 18's types, whose JSX extends the global JSX namespace the package also
    // declares: the two declarations of each element must agree.
    rmSync(join(app, 'node_modules', '@types'), { recursive: true, force: true });
    mkdirSync(join(app, 'node_modules', '@types'));
    symlinkSync(join(root, 'node_modules', '@types', 'react-18'), join(app, 'node_modules', '@types', 'react'));
    symlinkSync(join(root, 'node_modules', '@types', 'prop-types'), join(app, 'node_modules', '@types', 'prop-types'));
    try {
      execFileSync(process.execPath, [tsc, '-p', join(app, 'tsconfig.json')], { encoding: 'utf8' });
    } catch (error) {
      assert.fail(`the example does not type-check with React 18's types:\n${error.stdout}${error.stderr}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
