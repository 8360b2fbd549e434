#!/usr/bin/env bash
# Runs a local WordPress for the demo: MariaDB and WordPress (Debian's packages) in a temp dir,
# seeded with the seed article as a post, at http://127.0.0.1:8082. Then open
#   http://127.0.0.1:8080/?wordpress=http://127.0.0.1:8082&post=telegram-12-billion
# (the page served by `bash scripts/dev.sh`). Everything is removed when you stop it (Ctrl-C).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/install.sh --wordpress
say "WordPress on http://127.0.0.1:8082 — open http://127.0.0.1:8080/?wordpress=http://127.0.0.1:8082&post=telegram-12-billion"
exec node tests/support/wordpress.mjs 8082
