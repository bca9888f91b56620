#!/usr/bin/env bash
# Screenshots of the whole window (issue 16): the demo at 1024x640 and 1920x1080 in both themes,
# with the View menu open (toggles as check boxes), the search bar with hits, and F1's key map
# filtered. Manual, not run by CI; the release binary under Xvfb; xdotool clicks at screen
# coordinates (the window at 0,0, filling the screen at these sizes).
#
#   bash tests/ui/scripts/screens.sh          (from the repository root, ../shared beside it)
#
# Writes target/screens/ws-WxH-THEME-N.png: 1 the first frame (the window at its default size),
# 2 the window resized to fill the screen, 3 the View menu, 4 the File menu, 5 search, 6 F1 with
# "pane" typed, 7 after Escape.
set -euo pipefail
w=/tmp/weft-screens
mkdir -p target/screens
for size in 1024x640 1920x1080; do
  for theme in dark light; do
    rm -rf "$w" && mkdir -p "$w/home" && cp -r projects/demo "$w/demo"
    # without a window manager the window keeps its default 1280x820: make it fill the screen
    pre="search --name Weft windowsize %@ ${size%x*} ${size#*x}; sleep 1; "
    # the default theme is dark; View → Dark theme turns it off
    [ "$theme" = light ] && pre+='mousemove 157 12 click 1; mousemove 200 246 click 1; '
    out=target/screens/ws-$size-$theme
    rm -f "$out"-*.png
    HOME=$w/home XDG_CONFIG_HOME=$w/home/.config XDG_DATA_HOME=$w/home/.local/share \
      bash ../shared/tools/screenshot.sh -w 6 -s "$size" -a "${pre}shot; mousemove 157 12 click 1; shot; key Escape; mousemove 19 12 click 1; shot; key Escape; key ctrl+shift+f; type Sarmiento; shot; key F1; type pane; shot; key Escape" \
      "$out" -- target/release/weft "$w/demo"
  done
done
