#!/usr/bin/env bash
# Runs a local Isso for the demo: http://127.0.0.1:8081, accepting the page served by
# `bash scripts/dev.sh` (http://127.0.0.1:8080). Then open
#   http://127.0.0.1:8080/?comments=isso:http://127.0.0.1:8081
# Comments are kept in target/isso-demo/comments.db. Stop with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/install.sh --isso
DEMO_DIR="$PWD/target/isso-demo"
mkdir -p "$DEMO_DIR"
cat > "$DEMO_DIR/isso.cfg" <<CFG
[general]
dbpath = $DEMO_DIR/comments.db
host =
    http://127.0.0.1:8080
    http://localhost:8080
max-age = 15m
notify = stdout

[server]
listen = http://127.0.0.1:8081
public-endpoint = http://127.0.0.1:8081

[guard]
enabled = true
ratelimit = 10
require-author = false
require-email = false
reply-to-self = true
CFG
say "Isso on http://127.0.0.1:8081 — open http://127.0.0.1:8080/?comments=isso:http://127.0.0.1:8081"
exec "$ISSO_BIN" -c "$DEMO_DIR/isso.cfg" run
