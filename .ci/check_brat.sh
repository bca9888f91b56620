#!/usr/bin/env bash
# brat consumer check: brat's own configuration parser, annotation reader and verifier
# (tests/consumers/brat, from nlplab/brat) read what Weft's brat export writes — for the demo
# project, the ehealthkd fixture (imported, then exported) and Weft's brat fixtures (numbered
# roles, nested events, configuration syntax, shared triggers, Alias groups, typed notes,
# empty fragments, self-relations, byte-order marks). Fails if brat rejects or falls back.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== brat consumer check: brat's parser, reader and verifier accept Weft's brat export"
start=$(date +%s)
venv=target/ci-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
cargo build --quiet --bin weft
weft="${CARGO_TARGET_DIR:-target}/debug/weft"
work=target/ci-brat
rm -rf "$work" && mkdir -p "$work"
folders=()

# Imports $2 (brat) into a new project named $1 and exports it to $work/$1-brat.
roundtrip() {
  local name=$1 input=$2
  "$weft" new "$work/$name" >/dev/null
  "$weft" import "$work/$name" --format brat "$input" >"$work/$name-import.txt" 2>&1 || {
    cat "$work/$name-import.txt"
    echo "FAIL: weft import of $input"
    exit 1
  }
  "$weft" export "$work/$name" --format brat -o "$work/$name-brat" >/dev/null 2>&1
  folders+=("$work/$name-brat")
}

"$weft" export projects/demo --format brat -o "$work/demo-brat" >/dev/null 2>&1
folders+=("$work/demo-brat")
ehealthkd=../shared/fixtures/brat_ehealthkd2020/data
if [ -d "$ehealthkd" ]; then
  roundtrip ehealthkd "$ehealthkd"
else
  echo "SKIPPED: $ehealthkd is not present"
fi
for f in numbered_roles conf_features shared_trigger alias_and_notes valid_lines bom; do
  roundtrip "$f" "tests/fixtures/brat/$f"
done
"$venv/bin/python" .ci/check_brat.py "${folders[@]}"
# The check must catch what brat refuses: a configuration like the ones Weft wrote before
# (an empty `Value:`), and a T line whose text is not at its offsets.
planted="$work/planted"
cp -r "$work/numbered_roles-brat" "$planted"
printf '[entities]\nProtein\n[relations]\n[events]\nBinding\tTheme:Protein\n[attributes]\nrole_title\tArg:Protein, Value:\n' >"$planted/annotation.conf"
printf 'T99\tProtein 0 3\tXYZ\n' >>"$planted/binding.ann"
if "$venv/bin/python" .ci/check_brat.py "$planted" >"$work/planted.txt" 2>&1; then
  cat "$work/planted.txt"
  echo "FAIL: the brat check accepted a planted bad configuration and .ann"
  exit 1
fi
grep -q "minimal default" "$work/planted.txt" && grep -q "binding.ann:" "$work/planted.txt" || {
  cat "$work/planted.txt"
  echo "FAIL: the brat check missed the planted fallback or the planted bad line"
  exit 1
}
echo "brat consumer check took $(( $(date +%s) - start )) s"
