// The interface's catalogues (embed/i18n/<language>.json) as data, without a browser: each is
// complete (every English message and counted key, in words), has a form for every plural category
// node's Intl.PluralRules gives its language, and keeps the wording rules the issues asked for:
// French, Spanish and Portuguese say "1 000 000 de commentaires"; no back-to-top label says
// "button" (the role is announced already); Arabic writes tanween fath on the letter before the
// alef; a part of the module that failed to download blames the connection, not the comment
// server; and the comment server's failures name the comment server (the page also talks to the
// article's site), without telling the reader to try again where that cannot help.
// The browser's own rendering of the same forms is tests/e2e/languages.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../embed/i18n/', import.meta.url));
const LANGUAGES = readdirSync(dir)
  .filter((f) => /^[a-z]{2,3}(-[a-z0-9]+)*\.json$/.test(f))
  .map((f) => f.slice(0, -5))
  .sort();
const CATALOGUES = Object.fromEntries(LANGUAGES.map((l) => [l, JSON.parse(readFileSync(`${dir}${l}.json`, 'utf8'))]));
const EN = CATALOGUES.en;
const ARABIC_SCRIPT = ['ar', 'fa', 'ur', 'ckb', 'ps'];

/** The number as the widget writes it: the locale's digits (or the catalogue's own numbering). */
const written = (lang, n) => {
  const numbering = CATALOGUES[lang].calendar?.numbering;
  return new Intl.NumberFormat(lang, numbering ? { numberingSystem: numbering } : {}).format(n);
};

/** Words, without Arabic-script diacritics, tatweel and zero-width joiners, split at spaces and punctuation. */
const words = (text) =>
  text
    .normalize('NFC')
    .replace(/[\u064B-\u065F\u0670\u0640\u200C\u200D]/g, '')
    .toLowerCase()
    .split(/[\s\p{P}\p{S}]+/u)
    .filter(Boolean);

test('the catalogues are the sixteen languages, English among them', () => {
  assert.deepEqual(
    LANGUAGES,
    ['ar', 'ckb', 'de', 'en', 'es', 'fa', 'fr', 'he', 'hi', 'id', 'ms', 'ps', 'pt', 'ru', 'tr', 'ur'],
  );
});

test('every catalogue has every English message and counted key, each in words', () => {
  const problems = [];
  for (const [lang, catalogue] of Object.entries(CATALOGUES)) {
    for (const key of Object.keys(EN.messages)) {
      const text = catalogue.messages?.[key];
      if (typeof text !== 'string' || !text.trim()) problems.push(`${lang}: messages.${key} is ${JSON.stringify(text)}`);
    }
    for (const key of Object.keys(catalogue.messages ?? {})) {
      if (!(key in EN.messages)) problems.push(`${lang}: messages.${key} is not an English key`);
    }
    for (const key of Object.keys(EN.counted)) {
      const forms = catalogue.counted?.[key];
      if (!forms || typeof forms !== 'object') {
        problems.push(`${lang}: counted.${key} is missing`);
        continue;
      }
      if (typeof forms.other !== 'string') problems.push(`${lang}: counted.${key} has no "other"`);
      for (const [form, text] of Object.entries(forms)) {
        if (typeof text !== 'string' || !text.trim()) problems.push(`${lang}: counted.${key}.${form} is ${JSON.stringify(text)}`);
      }
    }
    for (const key of Object.keys(catalogue.counted ?? {})) {
      if (!(key in EN.counted)) problems.push(`${lang}: counted.${key} is not an English key`);
    }
  }
  assert.deepEqual(problems, []);
});

test('every counted key has a form for each plural category Intl.PluralRules gives its language', () => {
  const problems = [];
  for (const [lang, catalogue] of Object.entries(CATALOGUES)) {
    const rules = new Intl.PluralRules(lang);
    assert.equal(rules.resolvedOptions().locale.split('-')[0], lang, `node's Intl knows ${lang}'s plural rules`);
    const categories = rules.resolvedOptions().pluralCategories;
    const sections = [
      ...Object.entries(catalogue.counted).map(([key, forms]) => [`counted.${key}`, forms]),
      ...Object.entries(catalogue.calendar?.ago ?? {}).map(([unit, forms]) => [`calendar.ago.${unit}`, forms]),
    ];
    for (const [where, forms] of sections) {
      for (const category of categories) {
        if (typeof forms[category] !== 'string' || !forms[category].trim()) problems.push(`${lang} ${where}: no "${category}" form`);
      }
      // A form for a category the language does not have is never chosen.
      for (const form of Object.keys(forms).filter((f) => f !== '0')) {
        if (!categories.includes(form)) problems.push(`${lang} ${where}: "${form}" is not one of ${categories}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('French, Spanish and Portuguese: a million of something is "1 000 000 de …" in every counted message', () => {
  const problems = [];
  for (const lang of ['fr', 'es', 'pt']) {
    const rules = new Intl.PluralRules(lang);
    for (const n of [1_000_000, 2_000_000]) {
      assert.equal(rules.select(n), 'many', `${lang}: ${n} is "many"`);
      const number = written(lang, n);
      for (const [key, forms] of Object.entries(CATALOGUES[lang].counted)) {
        const text = (forms.many ?? forms.other).replace('{n}', number);
        // "de" after the number; French elides it before a vowel ("1 000 000 d’autres réponses").
        const after = text.slice(text.indexOf(number) + number.length);
        if (!text.includes(number) || !/^[\s\u00a0\u202f]+(de[\s\u00a0\u202f]|d[’'])/u.test(after)) {
          problems.push(`${lang} ${key} at ${n}: ${JSON.stringify(text)}`);
        }
      }
    }
    // Below a million, and at numbers that are not whole millions, there is no "de".
    for (const n of [2, 5, 21, 1_000_001]) {
      const number = written(lang, n);
      for (const [key, forms] of Object.entries(CATALOGUES[lang].counted)) {
        const text = (forms[rules.select(n)] ?? forms.other).replace('{n}', number);
        if (/(^|\s)de\s/u.test(text.slice(text.indexOf(number)))) problems.push(`${lang} ${key} at ${n}: ${JSON.stringify(text)}`);
      }
    }
  }
  assert.deepEqual(problems, []);
  // The issue's own examples, with the digits and separators Intl writes.
  assert.equal(CATALOGUES.fr.counted.comment_count.many.replace('{n}', written('fr', 1_000_000)), `${written('fr', 1_000_000)} de commentaires`);
  assert.equal(CATALOGUES.es.counted.comment_count.many.replace('{n}', written('es', 1_000_000)), '1.000.000 de comentarios');
  assert.equal(CATALOGUES.pt.counted.comment_count.many.replace('{n}', written('pt', 1_000_000)), '1.000.000 de comentários');
});

test('no back-to-top label says "button": screen readers announce the role already', () => {
  // The word for "button" in each language (Arabic-script ones as written without diacritics).
  const BUTTON = {
    ar: ['زر', 'الزر', 'زرار'],
    fa: ['دکمه', 'دكمه', 'دگمه', 'کلید'],
    ur: ['بٹن', 'بٹنی'],
    ckb: ['دوگمە', 'دوگمه', 'دووگمە', 'دوگمەی'],
    ps: ['تڼۍ', 'تڼی', 'بټن'],
    he: ['כפתור', 'לחצן'],
    en: ['button'],
    fr: ['bouton'],
    es: ['botón', 'boton'],
    pt: ['botão', 'botao'],
    de: ['schaltfläche', 'button', 'knopf', 'taste'],
    tr: ['düğme', 'düğmesi', 'buton', 'butonu'],
    id: ['tombol'],
    ms: ['butang'],
    ru: ['кнопка', 'кнопку', 'кнопки'],
    hi: ['बटन'],
  };
  for (const lang of ARABIC_SCRIPT) assert.ok(BUTTON[lang], `${lang}: its word for "button" is listed`);
  const problems = [];
  for (const [lang, catalogue] of Object.entries(CATALOGUES)) {
    const label = catalogue.messages.back_to_top;
    const said = words(label);
    const button = (BUTTON[lang] ?? []).concat(BUTTON.en).map((w) => words(w)[0]);
    // Arabic-script words may carry a prefix (و, ب, ال, ...): a word ending in the word for button counts.
    const hit = said.some((w) => button.some((b) => w === b || (ARABIC_SCRIPT.includes(lang) && b.length > 2 && w.endsWith(b))))
      || (lang === 'ar' && said.some((w) => /^(?:[وفب]?(?:ال)?|ل?ل)زر$/u.test(w)));
    if (hit) problems.push(`${lang}: back_to_top ${JSON.stringify(label)}`);
  }
  assert.deepEqual(problems, []);
});

test('Arabic writes tanween fath on the letter before the alef ("شكرًا", "حاليًا"), never on the alef', () => {
  const texts = [];
  const collect = (value, where) => {
    if (typeof value === 'string') texts.push([where, value]);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) collect(v, `${where}.${k}`);
  };
  collect(CATALOGUES.ar, 'ar');
  // Alef (or alef maqsura), possibly with a shadda, then fathatan: "تعليقاً".
  const onAlef = texts.filter(([, text]) => /[\u0627\u0649]\u0651?\u064B/u.test(text.normalize('NFD')));
  assert.deepEqual(onAlef, []);
  // The modern spelling is the one used: tanween, then the alef.
  assert.ok(texts.some(([, text]) => /\u064B\u0627/u.test(text)), 'ar.json has tanween fath at all');
  assert.equal(CATALOGUES.ar.messages.leave_comment, 'اترك تعليقًا');
});

test('err_part (a part of the module that did not download) is in every language and blames no server', () => {
  // The word for "server" in each catalogue, as its own server messages write it.
  const SERVER = /server|serveur|servidor|sunucu|pelayan|сервер|सर्वर|שרת|خادم|سرور|ڕاژەکار/iu;
  const problems = [];
  for (const [lang, catalogue] of Object.entries(CATALOGUES)) {
    const text = catalogue.messages.err_part;
    if (typeof text !== 'string' || !text.trim()) {
      problems.push(`${lang}: no err_part`);
      continue;
    }
    if (SERVER.test(text)) problems.push(`${lang}: err_part names a server: ${JSON.stringify(text)}`);
    // The same word is what the comment server's own messages use: the list above is the catalogue's.
    if (!SERVER.test(catalogue.messages.err_server)) problems.push(`${lang}: err_server names no server this test knows`);
    for (const other of ['err_unavailable', 'err_server', 'err_store_timeout', 'err_load_comments', 'err_startup', 'err_crashed']) {
      if (text === catalogue.messages[other]) problems.push(`${lang}: err_part says the same as ${other}`);
    }
  }
  assert.equal(EN.messages.err_part, 'Part of the widget could not be loaded. Check your connection and try again.');
  assert.deepEqual(problems, []);
});

test('the comment server\'s failures name the comment server, and a failed post does not promise a retry will help', () => {
  // The page talks to two servers (the article's site and the comment server): "the server" alone is vague.
  const english = EN.messages;
  for (const key of ['err_unavailable', 'err_rejected', 'err_forbidden', 'err_store_timeout', 'err_server', 'err_bad_response', 'checking_post', 'unconfirmed_unreachable']) {
    assert.match(english[key], /comment server/, key);
  }
  // A network failure cannot tell the reader's connection from the server being down.
  assert.doesNotMatch(english.err_unavailable, /not available/);
  assert.doesNotMatch(english.unconfirmed_unreachable, /not answering/);
  // The reason follows err_post, and for some ("Comments are closed") trying again cannot help.
  assert.doesNotMatch(english.err_post, /try again/i);
  const problems = [];
  for (const [lang, catalogue] of Object.entries(CATALOGUES)) {
    const server = catalogue.messages.err_server;
    for (const key of ['err_unavailable', 'err_rejected', 'err_forbidden', 'checking_post', 'unconfirmed_unreachable']) {
      if (!/server|serveur|servidor|sunucu|pelayan|сервер|सर्वर|שרת|خادم|سرور|ڕاژەکار/iu.test(catalogue.messages[key])) {
        problems.push(`${lang}: ${key} names no server (${server})`);
      }
    }
    // err_post ends where English does: with the text kept, not with "try again".
    const retry = words(catalogue.messages.retry);
    const post = words(catalogue.messages.err_post);
    if (retry.length > 0 && post.slice(-retry.length).join(' ') === retry.join(' ')) problems.push(`${lang}: err_post ends with "${catalogue.messages.retry}"`);
  }
  assert.deepEqual(problems, []);
});
