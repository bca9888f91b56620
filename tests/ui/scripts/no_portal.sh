#!/usr/bin/env bash
# The scripted run with no portal (issue 16): the release binary under plain Xvfb with no D-Bus
# session bus, so no xdg-desktop-portal can answer. File → New project must open Weft's own
# chooser; a project is created, the chile-1973 texts added and Weft JSON exported through it.
# Manual, not run by CI: xdotool clicks at screen coordinates of the 1440x900 screen and the
# window at 0,0 (re-measure them from the screenshots if the layout changes).
#
#   bash tests/ui/scripts/no_portal.sh        (from the repository root, ../shared beside it)
#
# Screenshots: target/screens/no-portal-N.png; checks the export has the three documents.
set -euo pipefail
out=target/screens/no-portal
w=/tmp/weft-no-portal
rm -rf "$w" && mkdir -p "$w/home" "$w/work" target/screens && cp -r projects/demo "$w/demo"
rm -f "$out"-*.png
# shellcheck disable=SC2016
steps=(
  'mousemove 19 12 click 1' 'mousemove 58 39 click 1' shot  # File → New project…: Weft's chooser
  'mousemove 767 100 click 1' 'key ctrl+a' "type $w/work" 'key Return'   # Location
  'mousemove 674 123 click 1' 'type chile' shot 'key Return' shot        # New folder name; create
  'mousemove 19 12 click 1' 'mousemove 50 108 click 1'     # File → Add texts…
  'key ctrl+a' 'type /work/shared/corpus/chile-1973' 'key Return' shot
  'mousemove 916 445 click 1' shot                          # Tick all files
  'mousemove 345 483 click 1' shot                          # Add 3 files
  'mousemove 19 12 click 1' 'mousemove 60 177 click 1'     # File → Export JSON…
  'mousemove 767 100 click 1' 'key ctrl+a' "type $w/work" 'key Return' shot
  'mousemove 340 490 click 1'                               # Save
)
actions=$(printf '%s; ' "${steps[@]}")
HOME=$w/home XDG_CONFIG_HOME=$w/home/.config XDG_DATA_HOME=$w/home/.local/share \
  DBUS_SESSION_BUS_ADDRESS=unix:path=$w/no-bus \
  bash ../shared/tools/screenshot.sh -w 8 -a "$actions" "$out" -- target/release/weft "$w/demo"
echo "--- the app's log:"; cat "$out.log"
ls "$w/work/chile"
python3 - "$w/work/chile.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
docs = d["documents"]
assert len(docs) == 3, f"expected 3 documents, got {len(docs)}"
print(len(docs), "documents exported to", sys.argv[1], [doc.get("id") or doc.get("name") for doc in docs])
PY
