#!/usr/bin/env bash
# Set-up command 2: install what the tests need, then run every check and test.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/install.sh --release --browser --isso --wordpress

say "format and lints (native and wasm)"
cargo fmt --all --check
cargo clippy --all-targets --locked -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --bins --locked -- -D warnings

say "native tests"
cargo test --locked

say "release build"
trunk build --release

say "browser tests (headless Chromium against dist/)"
node --test --test-concurrency=1 tests/e2e/*.test.mjs

say "bundle size"
node scripts/size.mjs
