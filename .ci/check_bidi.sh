#!/usr/bin/env bash
# Consumer check (issue 15): Weft's visual order of bidi runs equals python-bidi's on every
# test line. Uses the venv target/ci-venv (created by .ci/run, or here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
echo "== bidi consumer check: Weft's visual order of runs against python-bidi"
venv=target/ci-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -c "import bidi" 2>/dev/null || "$venv/bin/pip" install --quiet python-bidi
out="${CARGO_TARGET_DIR:-target}/ci-bidi/lines.json"
cargo run --quiet --example bidi_dump -- "$out" 300
"$venv/bin/python" .ci/bidi_check.py "$out"
echo "bidi consumer check took $(( $(date +%s) - start )) s"
