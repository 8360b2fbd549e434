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
#      src/web/lazy.rs) into modules of their own (split_*.wasm, chunk_*.wasm) and writes their
#      loader (__wasm_split.js);
#   2. wasm-bindgen makes the glue for what is left (keeping the exports the split modules use);
#   3. wasm-opt shrinks each module on its own (see below for its passes), and
#      scripts/short-imports.mjs shortens the main module's import names (in it and its glue);
#   4. esbuild minifies the loader (once it names the parts) and the glue;
# and puts them in place of Trunk's maqal-core.js and maqal-core_bg.wasm. Then compress.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-${TRUNK_STAGING_DIR:-dist}}"
# Every build, development ones too: the catalogues beside the module, named in the loader.
[ -e "$OUT/maqal.js" ] || cp embed/maqal.js "$OUT/maqal.js"
node scripts/languages.mjs "$OUT"
if [ -n "${TRUNK_PROFILE:-}" ] && [ "$TRUNK_PROFILE" != release ]; then exit 0; fi
TARGET_DIR="$PWD/target/split"
WORK="$TARGET_DIR/out"
OPT_FLAGS=(--enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)

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
# Not plain -Oz: optimizing for speed-neutral size, with the control flow rebuilt in between, gives
# code that brotli packs 1-2 % tighter (measured on every module: the main one 180.3 -> 178.0 KiB
# brotli), though its raw bytes grow a little; brotli's is what a page downloads.
for module in "$WORK"/bindgen/maqal-core_bg.wasm "$WORK"/split/split_*.wasm "$WORK"/split/chunk_*.wasm; do
  [ -e "$module" ] || continue
  wasm-opt -Os --flatten --rereloop -Os -Os "${OPT_FLAGS[@]}" "$module" -o "$WORK/bindgen/$(basename "$module")"
done

# The names the module imports its glue's functions by, shortened in both.
node scripts/short-imports.mjs "$WORK/bindgen"

mkdir -p "$OUT"
rm -rf "$OUT"/snippets "$OUT"/split_*.wasm "$OUT"/chunk_*.wasm "$OUT"/__wasm_split.js
cp -r "$WORK"/bindgen/* "$OUT"/
# Each part's download given up after 15 s, so a file that never comes is a failure the widget
# shows (with a retry that asks again), not a wait without end: wasm-split-cli's loader keeps a
# pending download for every later call.
node -e '
  const fs = require("fs"), file = process.argv[1];
  const js = fs.readFileSync(file, "utf8");
  const pattern = /fetch\(new URL\("(\.\/[\w.]+)", import\.meta\.url\)\)/g;
  const count = (js.match(pattern) ?? []).length;
  if (count === 0) throw new Error("__wasm_split.js: no part downloads found to bound");
  fs.writeFileSync(file, js.replace(pattern, "fetch(new URL(\"$1\", import.meta.url), { signal: AbortSignal.timeout?.(15000) })"));
' "$WORK"/split/__wasm_split.js
cp "$WORK"/split/__wasm_split.js "$OUT"/
# A page's parts fetched beside the main module: the loader learns which files make each part.
node scripts/split-manifest.mjs "$OUT"
# The loader, the glue, its snippets, the parts' loader and the stylesheet minified (esbuild,
# from npm): 1.6 KiB brotli less on every first screen.
for file in "$OUT/maqal.js" "$OUT/maqal-core.js" "$OUT/__wasm_split.js" "$OUT/maqal.css" "$OUT"/snippets/*/*.js; do
  esbuild "$file" --minify --outfile="$file" --allow-overwrite --log-level=error
done
node scripts/compress.mjs "$OUT"
