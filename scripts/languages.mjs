// The interface's catalogues (embed/i18n/<language>.json) as the widget is served: beside the
// module as i18n/<language>.json, each two arrays in the order of the English catalogue's keys,
// sorted (the order build.rs gives the module), after the build's name: ["<build>", [message, …], [[none, zero, one, two, few,
// many, other], …]], null where a language has no such plural form, and for a language the
// browser's Intl does not know, a third: its calendar (src/web/i18n.rs, Calendar). The loader (maqal.js) is told
// which languages there are, and where its own two notices are. English is built into the module
// and the loader, so it is not shipped. Adding a language is adding its file (and its row in the
// tests). Run on every build by scripts/release-wasm.sh; by hand: `node scripts/languages.mjs [dir]`.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEV_BUILD, cataloguePrefix } from './build-files.mjs';

const root = new URL('..', import.meta.url).pathname;
const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? join(root, 'dist');
const source = join(root, 'embed', 'i18n');
const FORMS = ['0', 'zero', 'one', 'two', 'few', 'many', 'other'];
const UNITS = ['second', 'minute', 'hour', 'day', 'week', 'month', 'year'];
const read = (name) => JSON.parse(readFileSync(join(source, `${name}.json`), 'utf8'));

const names = readdirSync(source).filter((f) => /^[a-z]{2,3}(-[a-z0-9]+)*\.json$/.test(f)).map((f) => f.slice(0, -5)).sort();
const en = read('en');
const messages = Object.keys(en.messages).sort();
const counted = Object.keys(en.counted).sort();

rmSync(join(dir, 'i18n'), { recursive: true, force: true });
mkdirSync(join(dir, 'i18n'), { recursive: true });
for (const name of names.filter((n) => n !== 'en')) {
  const catalogue = read(name);
  const missing = [
    ...messages.filter((key) => typeof catalogue.messages?.[key] !== 'string'),
    ...counted.filter((key) => typeof catalogue.counted?.[key]?.other !== 'string'),
  ];
  if (missing.length > 0) throw new Error(`languages: ${name}.json lacks ${missing.join(', ')}`);
  const shipped = [
    messages.map((key) => catalogue.messages[key]),
    counted.map((key) => FORMS.map((form) => catalogue.counted[key][form] ?? null)),
  ];
  // Dates and relative times of its own, for a language the browser's Intl does not know.
  const calendar = catalogue.calendar;
  if (calendar) {
    shipped.push([
      calendar.numbering,
      calendar.months,
      calendar.date,
      calendar.date_time,
      calendar.now,
      UNITS.map((unit) => {
        if (typeof calendar.ago?.[unit]?.other !== 'string') throw new Error(`languages: ${name}.json: calendar.ago.${unit} has no "other"`);
        return FORMS.map((form) => calendar.ago[unit][form] ?? null);
      }),
    ]);
  }
  // Led by its build's name (a development build's here; scripts/build-files.mjs writes a
  // release's), which the loader checks.
  writeFileSync(join(dir, 'i18n', `${name}.json`), cataloguePrefix(DEV_BUILD) + JSON.stringify(shipped).slice(1));
}

const loaderPath = join(dir, 'maqal.js');
const loader = readFileSync(loaderPath, 'utf8');
const marker = /\/\* maqal:languages \*\/ \[\[[^\]]*\],\s*\{[^}]*\}\]/;
if (!marker.test(loader)) throw new Error('languages: /* maqal:languages */ [[], {}] is not in maqal.js');
const notices = Object.fromEntries(['err_startup', 'err_crashed'].map((key) => [key, messages.indexOf(key)]));
writeFileSync(loaderPath, loader.replace(marker, `/* maqal:languages */ ${JSON.stringify([names, notices])}`));
console.log(`languages: ${names.join(' ')}`);
