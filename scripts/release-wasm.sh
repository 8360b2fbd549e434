#!/usr/bin/env bash
# The release module, split so a page downloads only what it uses (Trunk's post_build hook, for
# release builds; by hand: `bash scripts/release-wasm.sh [dir]`, default dist/). Every build
# first gets the interface's catalogues (scripts/languages.mjs).
#
# Trunk's own build is the development one: one module, stable Rust, what `trunk serve` runs.
# For a release this builds the crate again with the `split` feature on the preinstalled nightly,
# with a standard library built for size and without panic formatting (a panic stops the module
# at once; the loader tells each widget, see embed/maqal.js), and then:
#   1. wasm-split-cli moves the code only split points reach (`#[wasm_split]`, see
#      src/web/split.rs) into modules of their own (split_*.wasm, chunk_*.wasm) and writes their
#      loader (__wasm_split.js);
#   2. wasm-bindgen makes the glue for what is left (keeping the exports the split modules use),
#      without the classes nothing uses (scripts/unused-exports.mjs);
#   3. wasm-opt shrinks each module on its own (see below for its passes), and
#      scripts/short-imports.mjs shortens the main module's import names (in it and its glue);
#   4. each module is named `maqal` (scripts/wasm-name.mjs), so the loader can tell its traps
#      from other scripts' WebAssembly;
#   5. the parts' loader downloads each part through embed/part-fetch.js (any served type; given
#      up after some seconds without bytes, continued by the next attempt);
#   6. every file but the loader moves into a folder named by the hash of the build's content,
#      which the loader names (scripts/build-files.mjs): the files of two builds never mix;
#   7. esbuild minifies the loader, the glue and the parts' loader;
# and puts them in place of Trunk's maqal-core.js and maqal-core_bg.wasm. Then compress.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-${TRUNK_STAGING_DIR:-dist}}"
# Every build, development ones too: the catalogues beside the module, named in the loader.
[ -e "$OUT/maqal.js" ] || cp embed/maqal.js "$OUT/maqal.js"
node scripts/languages.mjs "$OUT"
if [ -n "${TRUNK_PROFILE:-}" ] && [ "$TRUNK_PROFILE" != release ]; then
  # A development build: one module, named as a release's are, its files beside the loader,
  # which names them.
  node scripts/wasm-name.mjs "$OUT/maqal-core_bg.wasm"
  node scripts/build-files.mjs "$OUT"
  exit 0
fi
TARGET_DIR="$PWD/target/split"
WORK="$TARGET_DIR/out"
OPT_FLAGS=(--enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)

# The nightly this build is made and measured with (the machine's preinstalled one; no other can be
# fetched here): another could give other bytes, or refuse the -Z flags below. A release build on
# another nightly stops here rather than ship a module nobody measured.
NIGHTLY='rustc 1.97.0-nightly (e50aa6fba 2026-05-19)'
if [ "$(RUSTUP_TOOLCHAIN=nightly rustc --version)" != "$NIGHTLY" ]; then
  echo "release-wasm.sh: the release module is built with $NIGHTLY; this machine's nightly is $(RUSTUP_TOOLCHAIN=nightly rustc --version 2>&1). Change NIGHTLY here only after measuring the new one (bash bench/run.sh, node scripts/size.mjs)." >&2
  exit 1
fi

# Flags only for this build (RUSTFLAGS replaces .cargo/config.toml's, so erase_components is here
# again): relocations for the split, panics without messages or locations, no Debug formatting.
RUSTUP_TOOLCHAIN=nightly \
RUSTFLAGS="--cfg erase_components -Clink-args=--emit-relocs -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none" \
  cargo build --release --locked --offline --target wasm32-unknown-unknown --bin maqal-core --features split \
    -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size --target-dir "$TARGET_DIR"

rm -rf "$WORK" && mkdir -p "$WORK/split"
wasm-split-cli "$TARGET_DIR/wasm32-unknown-unknown/release/maqal-core.wasm" "$WORK/split" --target web --out-name maqal-core >/dev/null
wasm-bindgen "$WORK/split/maqal-core.wasm" --target web --out-dir "$WORK/bindgen" --out-name maqal-core \
  --keep-lld-exports --no-demangle --no-typescript
# The web-stream classes leptos's server functions export (never used by a widget), out of the
# module and the glue before wasm-opt, which then drops the code only they reached.
node scripts/unused-exports.mjs "$WORK/bindgen" "$WORK/split"
# Not plain -Oz: judged by brotli, which is what a page downloads, not by raw bytes (48 variants
# measured on every module, each compressed at quality 11): speed-neutral size passes with the
# control flow rebuilt twice in between (`--flatten --rereloop`), a first -O1, functions with one
# caller inlined only up to 100 bytes (`-ocimfs 100`; more inlining grows what brotli sends), the
# whole run repeated while it still shrinks the module (`--converge`: -0.3 KiB more),
# and without the producers and target_features sections, which browsers ignore (about 200 bytes
# on each of a first screen's dozen modules). Against the previous `-Os --flatten --rereloop -Os
# -Os`: the main module -1.8 KiB brotli, the first screen (Isso) -3.5 KiB. -Oz and
# --merge-similar-functions cut raw bytes but add 0.25-0.6 KiB brotli.
# MAQAL_WASM_NAMES=1 keeps the functions' names (for a profile: `bench/trace.mjs --profile`); never
# for a build that ships, whose sizes the budgets are.
for module in "$WORK"/bindgen/maqal-core_bg.wasm "$WORK"/split/split_*.wasm "$WORK"/split/chunk_*.wasm; do
  [ -e "$module" ] || continue
  wasm-opt ${MAQAL_WASM_NAMES:+-g} -O1 --flatten --rereloop -Os -Os --flatten --rereloop -Os -Os -ocimfs 100 --converge \
    --strip-producers --strip-target-features "${OPT_FLAGS[@]}" "$module" -o "$WORK/bindgen/$(basename "$module")"
done

# The glue's own default address of the module, relative as a bundler reads it (`./`: webpack takes
# a bare name for a package); the loader always passes the module it fetched.
node -e '
  const fs = require("fs"), file = process.argv[1], js = fs.readFileSync(file, "utf8");
  const bare = "new URL(\x27maqal-core_bg.wasm\x27, import.meta.url)";
  if (!js.includes(bare)) throw new Error("maqal-core.js: the default module address is not where it was");
  fs.writeFileSync(file, js.replace(bare, "new URL(\x27./maqal-core_bg.wasm\x27, import.meta.url)"));
' "$WORK/bindgen/maqal-core.js"
# The names the module imports its glue's functions by, shortened in both.
node scripts/short-imports.mjs "$WORK/bindgen"
# Each module named, for the stack traces of its traps.
node scripts/wasm-name.mjs "$WORK"/bindgen/*.wasm

mkdir -p "$OUT"
rm -rf "$OUT"/snippets "$OUT"/split_*.wasm "$OUT"/chunk_*.wasm "$OUT"/__wasm_split.js
cp -r "$WORK"/bindgen/* "$OUT"/
# Each part downloaded through embed/part-fetch.js: compiled whatever type the server gives it,
# given up after some seconds without a byte (not after a total time: a slow link still gets
# it), and continued where it stopped by the next attempt (a retry asks again: wasm-split-cli's
# loader keeps only successes).
node -e '
  const fs = require("fs"), [file, helper] = process.argv.slice(1);
  const js = fs.readFileSync(file, "utf8");
  const pattern = /\bfetch\(new URL\("(\.\/[\w.]+)", import\.meta\.url\)\)/g;
  const count = (js.match(pattern) ?? []).length;
  if (count === 0) throw new Error("__wasm_split.js: no part downloads found");
  fs.writeFileSync(file, fs.readFileSync(helper, "utf8") + js.replace(pattern, "partFetch(new URL(\"$1\", import.meta.url))"));
' "$WORK"/split/__wasm_split.js embed/part-fetch.js
cp "$WORK"/split/__wasm_split.js "$OUT"/
# A page's parts fetched beside the main module: which files make each part (kept in
# target/split/parts.json for the size check and the tests).
node scripts/split-manifest.mjs "$OUT"
# Every file but the loader into the build's own folder, named in the loader.
node scripts/build-files.mjs "$OUT" --hash
BUILD="$(node -e 'import("./scripts/build-files.mjs").then((m) => console.log(m.buildOf(process.argv[1]).prefix))' "$OUT")"
# The loader, the glue, its snippets, the parts' loader and the stylesheet minified (esbuild,
# from npm): 1.6 KiB brotli less on every first screen.
for file in "$OUT/maqal.js" "$OUT/${BUILD}maqal-core.js" "$OUT/${BUILD}__wasm_split.js" "$OUT/${BUILD}maqal.css" "$OUT/${BUILD}"snippets/*/*.js; do
  esbuild "$file" --minify --outfile="$file" --allow-overwrite --log-level=error
done
node scripts/compress.mjs "$OUT"
