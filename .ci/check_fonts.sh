#!/usr/bin/env bash
# Fonts for the script tests (issue 15): Debian's Noto fonts, so that the tests in
# tests/scripts find an installed font for Hebrew, Arabic, Devanagari, Thai and CJK.
# Nothing is downloaded when they are already there. Run before `cargo test`.
set -euo pipefail
start=$(date +%s)
echo "== fonts for the script tests (fonts-noto-core, fonts-noto-cjk)"
missing=()
for p in fonts-noto-core fonts-noto-cjk; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "need root to install ${missing[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
for lang in he ar hi th zh-cn ja; do
  printf '%-6s %s\n' "$lang" "$(fc-list ":lang=$lang" family 2>/dev/null | sort | head -n 1)"
done
echo "fonts stage took $(( $(date +%s) - start )) s"
