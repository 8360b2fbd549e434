#!/usr/bin/env bash
# One command for the benchmark: installs what it needs, builds the release bundle, runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/install.sh --browser --isso
trunk build --release
exec node bench/run.mjs "$@"
