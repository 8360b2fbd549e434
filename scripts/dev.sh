#!/usr/bin/env bash
# Set-up command 1: install what is needed, then serve the demo at http://127.0.0.1:8080/
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/install.sh
exec trunk serve "$@"
