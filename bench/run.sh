#!/usr/bin/env bash
# One command for the benchmark: installs what it needs, builds the release bundle, then runs the
# desktop profile (bench/run.mjs) and the throttled phone profile (bench/phone.mjs).
#   bash bench/run.sh [desktop|phone]   (both when no profile is named)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/install.sh --release --browser --isso --wordpress
trunk build --release
case "${1:-both}" in
  desktop) node bench/run.mjs ;;
  phone) node bench/phone.mjs ;;
  *) node bench/run.mjs && node bench/phone.mjs ;;
esac
