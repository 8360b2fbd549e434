#!/usr/bin/env bash
# Packages the WordPress plugin: `bash scripts/wordpress-plugin.sh OUT [DIST]` writes OUT/maqal/
# (an installable plugin folder) and OUT/maqal.zip (Plugins → Add New → Upload Plugin). Both hold
# the release build's files (DIST/maqal.js and its build folder), so the site serves the widget
# itself. DIST is an existing release build; without it, one is built into dist/ first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

if [ $# -lt 1 ] || [ -z "$1" ]; then
  echo "usage: bash scripts/wordpress-plugin.sh OUT [DIST]" >&2
  exit 2
fi
OUT=$1
DIST=${2:-}
if [ -z "$DIST" ]; then
  trunk build --release >&2
  DIST=dist
fi
exec node scripts/wordpress-plugin.mjs "$OUT" "$DIST"
