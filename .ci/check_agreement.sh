#!/usr/bin/env bash
# Agreement cross-check: every number of Weft's agreement report (`weft agreement --json` on
# one project holding several annotators' layers) is recomputed from each layer's Weft JSON
# export (`weft export --layer NAME`) by .ci/agreement_check.py with scorch (MUC, B³, CEAF-e,
# CoNLL), krippendorff (α), scikit-learn (Cohen's κ), statsmodels (Fleiss' κ), scipy (overlap
# matchings) and plain counting (P/R/F1); any difference above 1e-6 fails.
# Fixtures: (a) the demo project, whose two annotators (Ana, Ben) disagree as annotators do;
# (b) chile-1973 annotated by three scripted annotators who deliberately disagree, each
# imported through brat into their own layer of ONE project (`weft import --annotator`); the
# annotators are scripted by .ci/agreement_fixtures.py.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== agreement cross-check: scorch, krippendorff, scikit-learn and statsmodels recompute the agreement report"
start=$(date +%s)

venv=target/ci-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
py="$venv/bin/python"
"$py" -c "import scorch, krippendorff, sklearn, statsmodels, scipy" 2>/dev/null ||
  "$venv/bin/pip" install --quiet scorch krippendorff scikit-learn statsmodels

cargo build --quiet --bin weft
weft="${CARGO_TARGET_DIR:-target}/debug/weft"
work=target/ci-agreement
rm -rf "$work" && mkdir -p "$work"
log="$work/log.txt"
quiet() { "$@" >>"$log" 2>&1 || { cat "$log"; echo "FAILED: $*"; exit 1; }; }

# (a) The demo: Ana and Ben.
for l in Ana Ben; do
  quiet "$weft" export projects/demo --layer "$l" -o "$work/demo-$l.json"
done
"$weft" agreement projects/demo --annotators Ana,Ben --json >"$work/demo-report.json"
"$py" .ci/agreement_check.py check "$work/demo-report.json" 300 "$work/demo-Ana.json" "$work/demo-Ben.json"

# (b) chile-1973, three scripted annotators in one project (pairs, Fleiss' κ, the pair matrix).
corpus=../shared/corpus/chile-1973
if [ -d "$corpus" ]; then
  quiet "$weft" new "$work/chile" --name "Chile 1973 (three annotators)" --annotator a
  quiet "$weft" add "$work/chile" "$corpus" --annotator a
  for l in a b c; do
    quiet "$py" .ci/agreement_fixtures.py annotate-brat "$corpus" "$work/chile-$l-brat" "$l"
    quiet "$weft" import "$work/chile" --format brat "$work/chile-$l-brat" --annotator "$l"
  done
  quiet "$weft" validate "$work/chile"
  for l in a b c; do
    quiet "$weft" export "$work/chile" --layer "$l" -o "$work/chile-$l.json"
  done
  "$weft" agreement "$work/chile" --annotators a,b,c --json >"$work/chile-report.json"
  "$py" .ci/agreement_check.py check "$work/chile-report.json" 600 \
    "$work/chile-a.json" "$work/chile-b.json" "$work/chile-c.json"
else
  echo "SKIPPED: $corpus is not present"
fi
echo "agreement cross-check: $(($(date +%s) - start)) s"
