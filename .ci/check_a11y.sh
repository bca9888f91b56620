#!/usr/bin/env bash
# Accessibility check (issue 16) on the real binary: the workbench under Xvfb with the AT-SPI
# bus on (../shared/tools/a11y.sh installs Xvfb, dbus-x11, at-spi2-core, python3-pyatspi and
# the GL libraries when missing), driven by .ci/a11y_check.py through its accessibility tree:
# no unnamed interactive node with a mention selected, the paragraphs' text in the tree, and
# tag, link and relate done by names with the new mention's name read back.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
echo "== accessibility check: the workbench through AT-SPI"
tools=../shared/tools
if [ ! -f "$tools/a11y.sh" ]; then
  echo "SKIPPED: $tools/a11y.sh is not present (a clone outside the team's workspace)"
  exit 0
fi
target="${CARGO_TARGET_DIR:-target}"
work="$target/ci-a11y"
rm -rf "$work" && mkdir -p "$work"
cp -r projects/demo "$work/demo"
rm -rf "$work/demo/.weft"
cargo build --quiet --bin weft
# A fresh preferences folder: the window opens as on a first start, as the demo's first
# annotator (Ana), whose layer the names below are in.
export XDG_DATA_HOME="$work/data"
export WEFT_CONFIG_DIR="$work/config"
"$target/debug/weft" annotator Ana
export A11Y_TEXTS="$work/demo/texts" A11Y_OUT="$work"
bash "$tools/a11y.sh" -w 8 -p .ci/a11y_check.py "$work/run" -- "$target/debug/weft" "$work/demo"
echo "accessibility check took $(( $(date +%s) - start )) s"
