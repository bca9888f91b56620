#!/usr/bin/env bash
# CI stage: the release archives. Runs `.ci/dist --debug` (the layout, without a release build;
# the Windows .exe is the one .ci/check_windows.sh built) and checks that each archive holds
# exactly the expected files, and that the unpacked Linux program runs. Also installs the
# virtual display (Xvfb, Mesa) that the first-run test in `cargo test` (tests/cli/first_run.rs)
# starts the real binary under. Prints the stage's time.
set -euo pipefail
cd "$(dirname "$0")/.."
t_start=$(date +%s)
fail() {
  echo "FAILED: $*" >&2
  exit 1
}

need=()
command -v zip >/dev/null || need+=(zip)
command -v unzip >/dev/null || need+=(unzip)
command -v Xvfb >/dev/null || need+=(xvfb xauth)
command -v xdotool >/dev/null || need+=(xdotool)
command -v desktop-file-validate >/dev/null || need+=(desktop-file-utils)
for lib in libxkbcommon-x11.so.0 libXcursor.so.1 libXi.so.6 libEGL_mesa.so.0; do
  ldconfig -p | grep -q "$lib" || need+=(libxkbcommon-x11-0 libxcursor1 libxi6 libegl1 libegl-mesa0 libgl1-mesa-dri)
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

out=target/ci-dist
rm -rf "$out"
.ci/dist --debug --out "$out"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
app_id=$(sed -n 's/^pub const APP_ID: &str = "\(.*\)";/\1/p' src/platform/mod.rs)

linux=weft-$version-x86_64-linux
expected_linux=$(
  {
    echo "$linux/"
    echo "$linux/README.md"
    echo "$linux/install.sh"
    echo "$linux/share/"
    echo "$linux/share/applications/"
    echo "$linux/share/applications/$app_id.desktop"
    echo "$linux/share/icons/"
    echo "$linux/share/icons/hicolor/"
    for size in 16 32 48 64 128 256 512; do
      echo "$linux/share/icons/hicolor/${size}x${size}/"
      echo "$linux/share/icons/hicolor/${size}x${size}/apps/"
      echo "$linux/share/icons/hicolor/${size}x${size}/apps/$app_id.png"
    done
    echo "$linux/share/icons/hicolor/scalable/"
    echo "$linux/share/icons/hicolor/scalable/apps/"
    echo "$linux/share/icons/hicolor/scalable/apps/$app_id.svg"
    echo "$linux/weft"
  } | sort
)
actual_linux=$(tar -tzf "$out/$linux.tar.gz" | sort)
diff <(echo "$expected_linux") <(echo "$actual_linux") || fail "$linux.tar.gz does not hold the expected files"
echo "$linux.tar.gz holds: $(echo "$actual_linux" | grep -vc '/$') files"

windows=weft-$version-x86_64-windows
if [ -f "$out/$windows.zip" ]; then
  expected_windows=$(printf '%s\n' "$windows/" "$windows/README.txt" "$windows/weft.exe" | sort)
  actual_windows=$(unzip -Z1 "$out/$windows.zip" | sort)
  diff <(echo "$expected_windows") <(echo "$actual_windows") || fail "$windows.zip does not hold the expected files"
  echo "$windows.zip holds: $(echo "$actual_windows" | grep -vc '/$') files"
else
  fail "$windows.zip was not built (mingw-w64 missing? run .ci/check_windows.sh first)"
fi

# The unpacked program runs, and its menu entry matches the window's app id.
unpacked=$(mktemp -d)
tar -xzf "$out/$linux.tar.gz" -C "$unpacked"
"$unpacked/$linux/weft" --version | grep -q "weft $version" || fail "the unpacked weft does not run"
desktop=$unpacked/$linux/share/applications/$app_id.desktop
desktop-file-validate "$desktop" || fail "$app_id.desktop is not a valid desktop entry"
grep -qx "StartupWMClass=$app_id" "$desktop" || fail "StartupWMClass is not $app_id"
grep -qx "Icon=$app_id" "$desktop" || fail "Icon is not $app_id"
# install.sh puts the program, icons and menu entry under a home folder.
HOME=$unpacked/home XDG_DATA_HOME='' XDG_BIN_HOME='' sh "$unpacked/$linux/install.sh" >/dev/null
[ -x "$unpacked/home/.local/bin/weft" ] || fail "install.sh did not install the program"
grep -qx "Exec=$unpacked/home/.local/bin/weft" "$unpacked/home/.local/share/applications/$app_id.desktop" ||
  fail "install.sh did not point the menu entry at the program"
[ -f "$unpacked/home/.local/share/icons/hicolor/256x256/apps/$app_id.png" ] || fail "install.sh did not install the icons"
rm -rf "$unpacked"
echo "dist archives checked in $(($(date +%s) - t_start)) s"
