#!/usr/bin/env bash
# CI stage: the Windows build runs. Cross-compiles weft.exe (x86_64-pc-windows-gnu, debug,
# with Debian's mingw-w64) and runs its command line under Debian's wine in a throwaway prefix:
#   new; add a folder whose path has spaces and non-ASCII letters, holding a CRLF text and the
#   Markdown, HTML, .docx and PDF fixtures; a scanned PDF is refused; import brat; validate;
#   export. The export equals the Linux build's byte for byte except timestamps, both for the
#   project the Windows build made and for the same steps run by the Linux build (ids
#   normalised too), and the texts and kept originals on disk are byte-identical.
#   The lock: while the workbench (weft.exe's GUI, under wine on a virtual X display) has the
#   project open, a second Windows process, `weft.exe add`, is refused; once the workbench
#   is closed, the add goes through.
# Prints how long the install, the cross build and the wine run took.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
t_start=$(date +%s)
elapsed() { echo $(($(date +%s) - $1)); }
fail() {
  echo "FAILED: $*" >&2
  exit 1
}

echo "== Windows: mingw-w64 and wine"
need=()
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64-posix)
[ -x /usr/lib/wine/wine64 ] || need+=(wine64 wine)
command -v Xvfb >/dev/null || need+=(xvfb xauth)
for lib in libGL.so.1 libGLX_mesa.so.0; do
  ldconfig -p | grep -q "$lib" || need+=(libgl1 libglx-mesa0 libgl1-mesa-dri)
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
rustup target add x86_64-pc-windows-gnu >/dev/null 2>&1
t_install=$(elapsed "$t_start")

echo "== Windows: cross build (debug)"
t=$(date +%s)
cargo build --quiet --target x86_64-pc-windows-gnu --bin weft
cargo build --quiet --bin weft
t_build=$(elapsed "$t")
target_dir=${CARGO_TARGET_DIR:-target}
case $target_dir in /*) ;; *) target_dir=$repo/$target_dir ;; esac
exe=$target_dir/x86_64-pc-windows-gnu/debug/weft.exe
linux=$target_dir/debug/weft

echo "== Windows: smoke test under wine"
t=$(date +%s)
work=$repo/target/ci-windows
rm -rf "$work"
mkdir -p "$work"
export LANG=C.UTF-8 LC_ALL=C.UTF-8 # wine decodes arguments and file names by the locale
export WINEPREFIX=$work/prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree=;mshtml="
wine=/usr/lib/wine/wine64
# A virtual display from the start: wine's desktop process (explorer.exe) is made by the first
# wine program, and a workbench window can only open on the display that process has.
disp=90
while [ -e /tmp/.X11-unix/X$disp ] || [ -e /tmp/.X$disp-lock ]; do disp=$((disp + 1)); done
Xvfb ":$disp" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
gui=""
cleanup() {
  [ -n "$gui" ] && kill "$gui" 2>/dev/null
  /usr/lib/wine/wineserver -k 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 100); do [ -e /tmp/.X11-unix/X$disp ] && break; sleep 0.1; done
export DISPLAY=:$disp
"$wine" wineboot -i >/dev/null 2>&1 || true
# Rust's std needs ProcessPrng from bcryptprimitives.dll (Windows 10+); wine 8.0 lacks it.
x86_64-w64-mingw32-gcc -O2 -shared -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  .ci/wine/bcryptprimitives.c .ci/wine/bcryptprimitives.def -ladvapi32
winpath() { local p=$1; printf 'Z:%s' "${p//\//\\}"; }
win() { "$wine" "$exe" "$@"; }

# The inputs: a path with spaces and non-ASCII letters; a CRLF text; the other source types;
# a brat folder whose mention follows accented letters and a CRLF line.
src="$work/Informe de prensa — año 1974"
mkdir -p "$src" "$work/brat"
printf 'El consejo se reunió en Puerto Alegre.\r\nLa coronel Ana Ruiz habló con José Ibáñez.\r\n' >"$src/crónica diaria.txt"
cp tests/fixtures/sources/memo.docx tests/fixtures/sources/report.pdf \
  tests/fixtures/sources/notes.md tests/fixtures/sources/page.html "$src/"
printf 'Según José Ibáñez,\r\nel acta llegó tarde.\r\n' >"$work/brat/acta.txt"
printf 'T1\tPERSON 6 17\tJosé Ibáñez\n' >"$work/brat/acta.ann"

steps() { # $1: runner (win or lin), $2: project folder as that runner names it, $3: path mapper
  local run=$1 proj=$2 map=$3
  $run new "$proj" --name "Smoke test" >/dev/null
  $run add "$proj" "$($map "$src")" >/dev/null 2>&1
  $run import "$proj" --format brat "$($map "$work/brat")" >/dev/null 2>&1
  $run validate "$proj"
}
lin() { "$linux" "$@"; }
same() { printf '%s' "$1"; }

steps win "$(winpath "$work/win")" winpath | tee "$work/win-validate.out"
steps lin "$work/lin" same
grep -q ": OK (6 documents, 1 mentions" "$work/win-validate.out" || fail "weft.exe validate: $(cat "$work/win-validate.out")"
if win add "$(winpath "$work/win")" "$(winpath "$repo/tests/fixtures/sources/scanned.pdf")" 2>"$work/scan.err"; then
  fail "weft.exe added a scanned PDF"
fi
grep -q "needs OCR" "$work/scan.err" || fail "no OCR message: $(cat "$work/scan.err")"

win export "$(winpath "$work/win")" -o "$(winpath "$work/win.json")" 2>/dev/null
lin export "$work/win" -o "$work/win-by-linux.json" 2>/dev/null
lin export "$work/lin" -o "$work/lin.json" 2>/dev/null
norm=.ci/normalise_export.py
cmp <(python3 $norm "$work/win.json") <(python3 $norm "$work/win-by-linux.json") ||
  fail "the Windows and Linux exports of the same project differ (besides timestamps)"
cmp <(python3 $norm --ids --wine-paths "$work/win.json") <(python3 $norm --ids "$work/lin.json") ||
  fail "the Windows and Linux builds made different projects from the same steps"
grep -q '"text": "José Ibáñez"' "$work/win.json" || fail "the brat mention is missing"
diff -r "$work/win/texts" "$work/lin/texts" >/dev/null || fail "texts/ differ"
diff -r "$work/win/originals" "$work/lin/originals" >/dev/null || fail "originals/ differ"
grep -q $'\r$' "$work/win/texts/crónica-diaria.txt" || fail "the CRLF text lost its CRLF"
echo "exports equal (timestamps aside): $(wc -c <"$work/win.json") bytes"

# The lock, across two Windows processes: the workbench holds the project open.
lock=$work/win/.weft/lock
rm -f "$lock"
"$wine" "$exe" "$(winpath "$work/win")" >"$work/gui.log" 2>&1 &
gui=$!
t_gui=$(date +%s)
for _ in $(seq 1 1800); do
  grep -q '^process ' "$lock" 2>/dev/null && break
  kill -0 "$gui" 2>/dev/null || fail "the workbench under wine ended: $(tail -5 "$work/gui.log")"
  sleep 0.1
done
grep -q '^process ' "$lock" 2>/dev/null || fail "the workbench under wine did not open the project within 180 s"
echo "the workbench under wine opened the project in $(elapsed "$t_gui") s"
if win add "$(winpath "$work/win")" "$(winpath "$src/crónica diaria.txt")" 2>"$work/second.err"; then
  fail "a second weft.exe add was not refused while the workbench had the project open"
fi
grep -q "already open in another Weft" "$work/second.err" || fail "unexpected refusal: $(cat "$work/second.err")"
kill "$gui" 2>/dev/null || true
wait "$gui" 2>/dev/null || true
gui=""
/usr/lib/wine/wineserver -w 2>/dev/null || true
win add "$(winpath "$work/win")" "$(winpath "$src/crónica diaria.txt")" >/dev/null ||
  fail "weft.exe add failed after the workbench was closed"
echo "lock: a second weft.exe add was refused while the workbench (weft.exe under wine) had the project open"
t_wine=$(elapsed "$t")

echo "Windows smoke test passed in $(elapsed "$t_start") s (install ${t_install} s, cross build ${t_build} s, wine ${t_wine} s)"
