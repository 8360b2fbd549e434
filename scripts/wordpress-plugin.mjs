// The plugin's folder and zip from wordpress/maqal/ and a release build (see
// scripts/wordpress-plugin.sh): the plugin's PHP, its translations compiled (.po → .mo, as
// WordPress 6.1 reads them), and the build's shipped files under dist/.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFiles, buildOf } from './build-files.mjs';

const [out, dist] = process.argv.slice(2).map((p) => resolve(p));
const root = fileURLToPath(new URL('..', import.meta.url));
const fail = (why) => {
  console.error(`wordpress-plugin: ${why}`);
  process.exit(1);
};

const { prefix } = existsSync(dist) ? buildOf(dist) : fail(`${dist} does not exist`);
if (!prefix || !existsSync(join(dist, 'maqal.js'))) fail(`${dist} is not a release build (trunk build --release): no maqal.js beside a build folder`);
if (!readFileSync(join(dist, 'maqal.js'), 'utf8').includes(prefix)) fail(`${dist}/maqal.js is not the loader of ${prefix}`);

const plugin = join(out, 'maqal');
// OUT/maqal is replaced: never the plugin's own sources.
if (!relative(join(root, 'wordpress', 'maqal'), plugin).startsWith('..') || !relative(plugin, join(root, 'wordpress', 'maqal')).startsWith('..')) {
  fail(`${out} would put the package over the plugin's sources; choose another OUT`);
}
rmSync(plugin, { recursive: true, force: true });
rmSync(join(out, 'maqal.zip'), { force: true });
mkdirSync(out, { recursive: true });
cpSync(join(root, 'wordpress', 'maqal'), plugin, { recursive: true });

// The build: the loader, then its folder's shipped files (no precompressed copies: a plugin's
// folder is served as it is).
mkdirSync(join(plugin, 'dist'), { recursive: true });
cpSync(join(dist, 'maqal.js'), join(plugin, 'dist', 'maqal.js'));
for (const file of buildFiles(dist)) {
  const to = join(plugin, 'dist', prefix, file);
  mkdirSync(dirname(to), { recursive: true });
  cpSync(join(dist, prefix, file), to);
}

// Translations: each languages/*.po as the .mo WordPress loads.
const languages = join(plugin, 'languages');
for (const po of readdirSync(languages).filter((f) => f.endsWith('.po'))) {
  writeFileSync(join(languages, po.replace(/\.po$/, '.mo')), mo(readFileSync(join(languages, po), 'utf8')));
}

// The zip, with the folder at its root as WordPress's uploader expects (Python's zipfile: no
// zip tool needed).
execFileSync('python3', ['-c', 'import shutil, sys; shutil.make_archive(sys.argv[1], "zip", sys.argv[2], "maqal")', join(out, 'maqal'), out]);
console.log(`wordpress-plugin: ${plugin}/ and ${join(out, 'maqal.zip')}`);

/**
 * A GNU .mo file of a .po's translated messages: msgid/msgstr pairs, with a context if any.
 * Fuzzy entries are left out, as msgfmt leaves them; plural forms are refused (the plugin has none).
 */
function mo(text) {
  if (/^msgid_plural /m.test(text)) fail('plural forms in a .po: not supported by this writer');
  // Fuzzy entries: dropped with their comment line up to the next blank line.
  text = text.replace(/^#,[^\n]*\bfuzzy\b[^\n]*\n(?:[^\n]+\n?)*/gm, '');
  const entries = new Map();
  // C escapes as a .po has them (\" \\ \n \t); any other backslash stands for itself.
  const unquote = (s) => JSON.parse(s.replace(/\\(["\\nt])|\\/g, (m, e) => (e ? m : '\\\\')));
  let current = null;
  let field = null;
  const flush = () => {
    if (current && current.msgstr !== undefined && (current.msgstr || current.msgid === '')) {
      entries.set(current.msgctxt !== undefined ? `${current.msgctxt}\u0004${current.msgid}` : current.msgid, current.msgstr);
    }
  };
  for (const line of text.split('\n')) {
    const m = /^(msgctxt|msgid|msgstr)\s+(".*")\s*$/.exec(line);
    if (m) {
      if (m[1] === 'msgctxt' || (m[1] === 'msgid' && current?.msgstr !== undefined)) {
        flush();
        current = {};
      }
      current ??= {};
      field = m[1];
      current[field] = unquote(m[2]);
    } else if (/^".*"\s*$/.test(line.trim()) && current && field) {
      current[field] += unquote(line.trim());
    }
  }
  flush();
  const keys = [...entries.keys()].sort();
  const encode = (s) => Buffer.from(s, 'utf8');
  const ids = keys.map(encode);
  const strs = keys.map((k) => encode(entries.get(k)));
  const count = keys.length;
  const header = 28;
  const tables = header + count * 16;
  let offset = tables;
  const idTable = [];
  const strTable = [];
  for (const b of ids) { idTable.push([b.length, offset]); offset += b.length + 1; }
  for (const b of strs) { strTable.push([b.length, offset]); offset += b.length + 1; }
  const buf = Buffer.alloc(offset);
  buf.writeUInt32LE(0x950412de, 0);
  buf.writeUInt32LE(0, 4);
  buf.writeUInt32LE(count, 8);
  buf.writeUInt32LE(header, 12);
  buf.writeUInt32LE(header + count * 8, 16);
  buf.writeUInt32LE(0, 20);
  buf.writeUInt32LE(tables, 24);
  idTable.forEach(([len, at], i) => { buf.writeUInt32LE(len, header + i * 8); buf.writeUInt32LE(at, header + i * 8 + 4); });
  strTable.forEach(([len, at], i) => { buf.writeUInt32LE(len, header + count * 8 + i * 8); buf.writeUInt32LE(at, header + count * 8 + i * 8 + 4); });
  [...ids, ...strs].forEach((b, i) => b.copy(buf, (i < count ? idTable[i] : strTable[i - count])[1]));
  return buf;
}
