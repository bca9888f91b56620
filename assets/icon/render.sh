#!/usr/bin/env bash
# Renders the app icon (weft.svg) to the PNG sizes that ship: the window icon (256, compiled into
# the binary), the Linux desktop icon sizes (hicolor theme) and a 512 for stores and READMEs.
# Needs rsvg-convert (Debian: librsvg2-bin). The PNGs are committed; run this after editing the SVG.
set -euo pipefail
cd "$(dirname "$0")"
command -v rsvg-convert >/dev/null || {
  echo "rsvg-convert is missing: apt-get install librsvg2-bin" >&2
  exit 1
}
for size in 16 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" weft.svg -o "weft-$size.png"
done
ls -l weft-*.png
