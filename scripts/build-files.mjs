// Names, in the loader (maqal.js), every file it may fetch, each as a literal
// `new URL('./…', import.meta.url)` (the glue as a literal `import('./…')`), which bundlers (Vite,
// webpack 5) follow and copy; and, with --hash (release builds), first moves every file of the
// build but the loader into a folder named by the hash of their content (`dist/<build>/`).
//
// Why a folder per build: the files of one build belong together (a split part only fits the
// module it was split from; a catalogue is read by position, in its build's key order). The
// loader is the only file with a stable name, and it names one build's folder: a page that keeps
// an older loader keeps that build's files, a page open across a deploy keeps fetching its own
// build's parts, and everything under a build folder can be cached for good. Each catalogue also
// starts with its build's name, which the loader checks before handing it on.
//
// `node scripts/build-files.mjs DIR [--hash]` (scripts/release-wasm.sh runs it).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { splitParts } from './split-manifest.mjs';

/** The files of a build, by their names within it (everything the loader reaches but itself). */
export const BUILD_FILE = /^(maqal\.css|maqal-core\.js|maqal-core_bg\.wasm|snippets\/.*\.js|__wasm_split\.js|(split|chunk)_\w+\.wasm|i18n\/[\w-]+\.json)$/;
/** A build folder's name: 12 hex digits of its files' hash. */
export const BUILD_ID = /^[0-9a-f]{12}$/;
/** What a development build calls itself (its files are beside the loader). */
export const DEV_BUILD = 'dev';

export function files(at, prefix = '') {
  return readdirSync(at).flatMap((name) => {
    const path = join(at, name);
    return statSync(path).isDirectory() ? files(path, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

/**
 * Where DIR's build is: `{id, prefix}` with `prefix` the folder (`3fa4…/`) the build's files are
 * in, relative to DIR, or '' for a development build beside the loader.
 */
export function buildOf(dir) {
  const folders = readdirSync(dir).filter((name) => BUILD_ID.test(name) && statSync(join(dir, name)).isDirectory());
  if (folders.length > 1) throw new Error(`build-files: ${dir} holds more than one build (${folders.join(', ')})`);
  return folders.length === 1 ? { id: folders[0], prefix: `${folders[0]}/` } : { id: DEV_BUILD, prefix: '' };
}

/** The build's files (names within the build), shipped ones only. */
export function buildFiles(dir) {
  const { prefix } = buildOf(dir);
  return files(join(dir, prefix)).filter((f) => BUILD_FILE.test(f));
}

/** The first line of a catalogue as the build writes it: `["<build>",`. */
export const cataloguePrefix = (id) => `[${JSON.stringify(id)},`;

function hashBuild(dir, names) {
  const hash = createHash('sha256');
  for (const name of [...names].sort()) {
    hash.update(name);
    hash.update('\0');
    hash.update(readFileSync(join(dir, name)));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

/** The loader's block that names the build's files, as literal source. */
function block(id, prefix, languages, parts) {
  const url = (file) => `new URL(${JSON.stringify(`./${prefix}${file}`)}, import.meta.url)`;
  const list = (entries) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}: ${value}`).join(', ')}}`;
  return `/* maqal:build */ {
    id: ${JSON.stringify(id)},
    glue: () => import(${JSON.stringify(`./${prefix}maqal-core.js`)}),
    wasm: ${url('maqal-core_bg.wasm')},
    css: ${url('maqal.css')},
    i18n: ${list(languages.map((name) => [name, url(`i18n/${name}.json`)]))},
    parts: ${list(Object.entries(parts).map(([part, names]) => [part, `[${names.filter((f) => f.endsWith('.wasm')).map(url).join(', ')}]`]))},
  } /* maqal:build-end */`;
}

export function writeBuild(dir, { hash }) {
  let names = files(dir).filter((f) => BUILD_FILE.test(f));
  if (!names.includes('maqal-core.js')) throw new Error(`build-files: ${dir} has no maqal-core.js beside the loader`);
  const parts = existsSync(join(dir, '__wasm_split.js')) ? splitParts(dir) : {};
  let id = DEV_BUILD;
  let prefix = '';
  if (hash) {
    id = hashBuild(dir, names);
    prefix = `${id}/`;
    for (const old of readdirSync(dir).filter((name) => BUILD_ID.test(name))) rmSync(join(dir, old), { recursive: true });
    for (const name of names) {
      const to = join(dir, prefix, name);
      mkdirSync(dirname(to), { recursive: true });
      renameSync(join(dir, name), to);
      // Its compressed copies, if a step wrote them already, are not the build's any more.
      for (const copy of [`${name}.br`, `${name}.gz`]) rmSync(join(dir, copy), { force: true });
    }
    for (const empty of ['snippets', 'i18n']) {
      if (existsSync(join(dir, empty)) && files(join(dir, empty)).length === 0) rmSync(join(dir, empty), { recursive: true });
    }
  }
  // Each catalogue names its build (scripts/languages.mjs wrote the development one's name).
  const languages = names.filter((f) => f.startsWith('i18n/')).map((f) => f.slice(5, -5)).sort();
  for (const name of languages) {
    const path = join(dir, prefix, 'i18n', `${name}.json`);
    const text = readFileSync(path, 'utf8');
    if (!text.startsWith(cataloguePrefix(DEV_BUILD))) throw new Error(`build-files: ${path} does not start with its build's name`);
    writeFileSync(path, cataloguePrefix(id) + text.slice(cataloguePrefix(DEV_BUILD).length));
  }
  const loaderPath = join(dir, 'maqal.js');
  const loader = readFileSync(loaderPath, 'utf8');
  const marker = /\/\* maqal:build \*\/[\s\S]*?\/\* maqal:build-end \*\//;
  if (!marker.test(loader)) throw new Error('build-files: /* maqal:build */ … /* maqal:build-end */ is not in maqal.js');
  writeFileSync(loaderPath, loader.replace(marker, block(id, prefix, languages, parts)));
  // The demo page's optional preloads name the build's glue and module.
  const page = join(dir, 'index.html');
  if (existsSync(page)) {
    const html = readFileSync(page, 'utf8');
    writeFileSync(page, html.replace(/href="(?:[0-9a-f]{12}\/)?(maqal-core(?:_bg)?\.(?:js|wasm))"/g, `href="${prefix}$1"`));
  }
  return { id, prefix };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist';
  const { id } = writeBuild(dir, { hash: process.argv.includes('--hash') });
  console.log(`build-files: build ${id}`);
}
