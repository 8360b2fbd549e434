// Takes the comments out of the files a publisher serves (they are for the people who read the
// sources, and they were a third of the loader's bytes), then writes .br and .gz copies beside
// them, so a server or CDN can send them precompressed (see docs/embedding.md for nginx and Caddy). Run
// by Trunk after each release build (the post_build hook in Trunk.toml, on the staging
// directory); by hand: `node scripts/compress.mjs [dir]` (default dist/).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { BUILD_FILE, buildOf, files } from './build-files.mjs';

if (process.env.TRUNK_PROFILE && process.env.TRUNK_PROFILE !== 'release') process.exit(0);
const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? new URL('../dist/', import.meta.url).pathname;

/** What a publisher serves: the loader, and its build's folder (the stylesheet, the glue, its
 * snippets, the main module, its split parts with their loader, the catalogues). */
const { prefix } = buildOf(dir);
const shipped = (f) => f === 'maqal.js' || (f.startsWith(prefix) && BUILD_FILE.test(f.slice(prefix.length)));

/**
 * JavaScript without its comment lines, indentation and blank lines. Line-based: a trailing
 * comment after code stays, and the lines of a multi-line template literal are kept as they are
 * (a line with an odd number of backticks opens or closes one). The result is checked by Node's
 * parser.
 */
function stripScript(text) {
  let inBlock = false;
  let inTemplate = false;
  const kept = [];
  const oddBackticks = (line) => line.split('`').length % 2 === 0;
  const keep = (line) => {
    if (line === '' || line.startsWith('//')) return;
    kept.push(line);
    inTemplate = oddBackticks(line);
  };
  for (const raw of text.split('\n')) {
    if (inTemplate) {
      kept.push(raw);
      inTemplate = !oddBackticks(raw);
      continue;
    }
    const line = raw.trim();
    // Inside a block comment, or one starting the line: whatever follows its end is code.
    if (inBlock || line.startsWith('/*')) {
      const end = line.indexOf('*/', inBlock ? 0 : 2);
      inBlock = end < 0;
      if (!inBlock) keep(line.slice(end + 2).trim());
      continue;
    }
    keep(line);
  }
  return `${kept.join('\n')}\n`;
}

/** CSS without its comments and indentation; comments stay if a string or URL holds a marker. */
function stripStyles(text) {
  const uncommented = /["'(][^"'()\n]*\/\*/.test(text) ? text : text.replace(/\/\*[\s\S]*?\*\//g, '');
  return `${uncommented.split('\n').map((l) => l.trim()).filter(Boolean).join('\n')}\n`;
}

for (const file of files(dir).filter(shipped)) {
  const path = join(dir, file);
  if (file.endsWith('.js')) {
    writeFileSync(path, stripScript(readFileSync(path, 'utf8')));
    // A syntax error fails the build here, not on a publisher's page.
    execFileSync(process.execPath, ['--check', path]);
  } else if (file.endsWith('.css')) {
    writeFileSync(path, stripStyles(readFileSync(path, 'utf8')));
  }
  const body = readFileSync(path);
  writeFileSync(join(dir, `${file}.br`), brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  }));
  writeFileSync(join(dir, `${file}.gz`), gzipSync(body, { level: 9 }));
}
