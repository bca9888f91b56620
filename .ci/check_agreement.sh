#!/usr/bin/env bash
# Agreement cross-check: every number of Weft's agreement report (examples/agreement.rs --json)
# is recomputed from the layers' Weft JSON exports by .ci/agreement_check.py with scorch
# (MUC, B³, CEAF-e, CoNLL), krippendorff (α), scikit-learn (Cohen's κ), statsmodels (Fleiss' κ),
# scipy (overlap matchings) and plain counting (P/R/F1); any difference above 1e-6 fails.
# Fixtures: (a) the demo and a scripted second annotator; (b) chile-1973 annotated by three
# scripted annotators who deliberately disagree (through brat import, as the spaCy check does);
# the annotators are scripted by .ci/agreement_fixtures.py.
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

cargo build --quiet --bin weft --example agreement
bin="${CARGO_TARGET_DIR:-target}/debug"
weft="$bin/weft"
agreement="$bin/examples/agreement"
work=target/ci-agreement
rm -rf "$work" && mkdir -p "$work"
log="$work/log.txt"
quiet() { "$@" >>"$log" 2>&1 || { cat "$log"; echo "FAILED: $*"; exit 1; }; }

# (a) The demo against a second annotator with realistic disagreements.
cp -r projects/demo "$work/demo-a"
cp -r projects/demo "$work/demo-b"
rm -rf "$work"/demo-a/.weft "$work"/demo-b/.weft
quiet "$py" .ci/agreement_fixtures.py second-annotator "$work/demo-b"
quiet "$weft" validate "$work/demo-b"
for l in a b; do
  quiet "$weft" export "$work/demo-$l" -o "$work/demo-$l.json"
done
"$agreement" --json A="$work/demo-a" B="$work/demo-b" >"$work/demo-report.json"
"$py" .ci/agreement_check.py check "$work/demo-report.json" 300 "$work/demo-a.json" "$work/demo-b.json"

# (b) chile-1973, three scripted annotators (pairs, Fleiss' κ and the pair matrix).
corpus=../shared/corpus/chile-1973
if [ -d "$corpus" ]; then
  for l in a b c; do
    quiet "$weft" new "$work/chile-$l" --name "Chile 1973 (annotator $l)"
    quiet "$weft" add "$work/chile-$l" "$corpus"
    quiet "$py" .ci/agreement_fixtures.py annotate-brat "$corpus" "$work/chile-$l-brat" "$l"
    quiet "$weft" import "$work/chile-$l" --format brat "$work/chile-$l-brat"
    quiet "$weft" export "$work/chile-$l" -o "$work/chile-$l.json"
  done
  "$agreement" --json A="$work/chile-a" B="$work/chile-b" C="$work/chile-c" >"$work/chile-report.json"
  "$py" .ci/agreement_check.py check "$work/chile-report.json" 600 \
    "$work/chile-a.json" "$work/chile-b.json" "$work/chile-c.json"
else
  echo "SKIPPED: $corpus is not present"
fi
echo "agreement cross-check: $(($(date +%s) - start)) s"
