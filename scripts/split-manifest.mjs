// Which files each split part of the module is made of, read from the split modules' own loader
// (__wasm_split.js, from wasm-split-cli): scripts/build-files.mjs names them in the loader, which
// then fetches a page's parts beside the main module, not once the module asks for them.
// `node scripts/split-manifest.mjs DIR` (scripts/release-wasm.sh runs it) keeps them in
// target/split/parts.json for the size check and the tests.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Which files make each split part (`{isso: ['__wasm_split.js', 'split_isso.wasm', 'chunk_…'],
 * …}`), read from DIR's __wasm_split.js as wasm-split-cli wrote it, else (minified since) as
 * it was read then; the size check, the package test and the benchmark read it here too.
 */
export function splitParts(dir) {
  const split = readFileSync(join(dir, '__wasm_split.js'), 'utf8');
  /** `const NAME = makeLoad(() => { … fetch(new URL("./FILE" …)) … }, [DEPS])` → NAME: {file, deps} */
  const loads = new Map();
  const pattern = /(?:export )?const (__\w+) = (?:wrapAsyncCb\()?makeLoad\(\(\) => \{\s*const src = (?:fetch|partFetch)\(new URL\("\.\/([\w.]+)", import\.meta\.url\)[^;]*\);[\s\S]*?\n, \[([^\]]*)\]\)/g;
  for (const [, name, file, deps] of split.matchAll(pattern)) {
    loads.set(name, { file, deps: deps.split(',').map((d) => d.trim()).filter(Boolean) });
  }
  const modules = {};
  for (const [name, { file, deps }] of loads) {
    const part = name.match(/^__wasm_split_load_(\w+)$/)?.[1];
    if (!part) continue;
    modules[part] = ['__wasm_split.js', file, ...deps.map((dep) => {
      const found = loads.get(dep);
      if (!found) throw new Error(`split-manifest: ${dep} of ${part} is not in __wasm_split.js`);
      return found.file;
    })];
  }
  if (Object.keys(modules).length > 0) return modules;
  // Minified once the loader was told (scripts/release-wasm.sh): what was read then.
  if (existsSync(saved)) return JSON.parse(readFileSync(saved, 'utf8'));
  throw new Error('split-manifest: no split parts found in __wasm_split.js');
}

/** What the last release build read, kept for the size check and the tests once the file is minified. */
const saved = new URL('../target/split/parts.json', import.meta.url);

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2];
  const modules = splitParts(dir);
  mkdirSync(new URL('.', saved), { recursive: true });
  writeFileSync(saved, JSON.stringify(modules));
  console.log(`split-manifest: ${Object.entries(modules).map(([part, files]) => `${part} (${files.length - 1} modules)`).join(', ')}`);
}
