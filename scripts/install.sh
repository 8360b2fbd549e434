#!/usr/bin/env bash
# Installs what the build needs on a fresh machine; safe to run again (skips what is there).
# Sourced by dev.sh (no flags: what `trunk serve` needs, the wasm32 target, Trunk and
# wasm-bindgen-cli) and test.sh. Flags: --release (the release build's tools: rust-src for the
# nightly, wasm-split-cli, and npm's binaryen and esbuild), --browser (headless Chromium and fonts,
# and npm's Playwright, axe-core, Vite and webpack, for the tests),
# --isso (a real Isso 0.14 in target/isso-venv, for the tests and the Isso demo), --wordpress
# (Debian's WordPress, PHP and MariaDB, for the tests and the WordPress demo; their daemons are
# not started system-wide: the tests run their own, in a temp dir).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m== %s\033[0m\n' "$*"; }

WANT_RELEASE=false
WANT_BROWSER=false
WANT_ISSO=false
WANT_WORDPRESS=false
for flag in "$@"; do
  case "$flag" in
    --release) WANT_RELEASE=true ;;
    --browser) WANT_BROWSER=true ;;
    --isso) WANT_ISSO=true ;;
    --wordpress) WANT_WORDPRESS=true ;;
    *) ;; # the sourcing script's own arguments
  esac
done

if ! grep -q "wasm_bindgen = \"$WASM_BINDGEN_VERSION\"" Trunk.toml; then
  echo "Trunk.toml [tools] wasm_bindgen must equal Cargo.lock's wasm-bindgen ($WASM_BINDGEN_VERSION)" >&2
  exit 1
fi

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  say "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi
rustup component list --installed | grep -q '^clippy' || rustup component add clippy rustfmt

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (a few minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
  # Not --locked: one of its locked dependencies is no longer on the registry.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if $WANT_RELEASE; then
  # The release module is built on the machine's preinstalled nightly (see scripts/release-wasm.sh):
  # a standard library built for size needs its sources.
  if ! rustup component list --installed --toolchain nightly 2>/dev/null | grep -q '^rust-src'; then
    say "adding rust-src to the nightly toolchain (for the release module)"
    rustup component add rust-src --toolchain nightly
  fi
  WASM_SPLIT_VERSION=0.2.4
  if ! cargo install --list | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    say "installing wasm-split-cli $WASM_SPLIT_VERSION (a minute, once)"
    cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked
  fi
fi

# npm's binaryen (wasm-opt 132; Debian's binaryen 108 silently produces a broken module) and
# esbuild for a release build; playwright-core, axe-core, TypeScript, Vite and webpack for the tests.
if $WANT_RELEASE || $WANT_BROWSER; then
  if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/esbuild ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm build/test tools (binaryen, esbuild, playwright-core, axe-core, vite, webpack)"
    npm ci --no-audit --no-fund
  fi
fi

if $WANT_BROWSER; then
  missing=()
  # Playwright (playwright-core from npm) drives Debian's Chromium; no browser download.
  command -v chromium >/dev/null || missing+=(chromium)
  # Arabic-capable fonts, so the screenshots show what readers see.
  [ -d /usr/share/fonts/truetype/noto ] || missing+=(fonts-noto-core)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  fi
fi

if $WANT_WORDPRESS; then
  missing=()
  [ -f /usr/share/wordpress/wp-load.php ] || missing+=(wordpress)
  command -v php >/dev/null || missing+=(php-cli)
  php -m 2>/dev/null | grep -qi '^mysqli$' || missing+=(php-mysql)
  php -m 2>/dev/null | grep -qi '^gd$' || missing+=(php-gd)
  command -v mariadbd >/dev/null || missing+=(mariadb-server)
  # WordPress's default (block) theme and a classic one: the pages WordPress renders itself (the
  # phone benchmark's WordPress baseline; themes a plugin must work in).
  [ -d /usr/share/wordpress/wp-content/themes/twentytwentythree ] || missing+=(wordpress-theme-twentytwentythree)
  [ -d /usr/share/wordpress/wp-content/themes/twentytwentyone ] || missing+=(wordpress-theme-twentytwentyone)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} (about 30 s, once)"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    # Their packages would start Apache and MariaDB system-wide; a policy-rc.d that says no keeps
    # them stopped (the tests start their own MariaDB and PHP server, on loopback, in a temp dir).
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
      $SUDO chmod +x /usr/sbin/policy-rc.d
    fi
    $SUDO apt-get update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  fi
fi

if $WANT_ISSO; then
  # A real Isso for the end-to-end tests, in its own venv (kept in target/, reused across runs).
  ISSO_VENV="$PWD/target/isso-venv"
  if ! "$ISSO_VENV/bin/isso" --version 2>/dev/null | grep -q "0.14.0"; then
    # Debian ships venv (and its pip) apart from python3 itself.
    if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
      say "installing python3-venv"
      SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
      $SUDO apt-get update
      $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-venv
    fi
    say "installing isso 0.14.0 into target/isso-venv"
    rm -rf "$ISSO_VENV"
    python3 -m venv "$ISSO_VENV"
    "$ISSO_VENV/bin/pip" install --quiet isso==0.14.0
  fi
  export ISSO_BIN="$ISSO_VENV/bin/isso"
fi

# Offline Trunk passes --offline to cargo: every crate must already be here, and for a release the
# standard library's own too (the release module builds it).
cargo fetch --locked
if $WANT_RELEASE; then
  cargo +nightly fetch --locked --manifest-path "$(rustc +nightly --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"
fi
