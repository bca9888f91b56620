#!/usr/bin/env sh
# Installs Weft for the current user from this unpacked archive: the program into
# ~/.local/bin, the menu entry and icons into ~/.local/share (XDG_DATA_HOME). Run it again to
# update; remove those files to uninstall. Nothing needs root.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${XDG_BIN_HOME:-$HOME/.local/bin}
data=${XDG_DATA_HOME:-$HOME/.local/share}
mkdir -p "$bin" "$data/applications"
install -m 755 "$here/weft" "$bin/weft"
for icon in "$here"/share/icons/hicolor/*/apps/*; do
  rel=${icon#"$here/share/"}
  mkdir -p "$data/$(dirname "$rel")"
  install -m 644 "$icon" "$data/$rel"
done
for entry in "$here"/share/applications/*.desktop; do
  # The menu entry runs the installed program by its full path (~/.local/bin may not be on PATH).
  sed "s|^Exec=weft|Exec=$bin/weft|" "$entry" >"$data/applications/$(basename "$entry")"
done
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" 2>/dev/null || true
echo "installed $bin/weft; Weft is in your applications menu"
