#!/usr/bin/env bash
# Consumer check for the graph exports: networkx (PyPI) reads Weft's GraphML of the demo and
# of chile-1973 (annotated through a brat import: names, the coup's date and a COUP event with
# arguments) and finds the nodes, edges and attributes the Weft JSON export implies; the GEXF
# of both validates against Gephi's GEXF 1.3 schema (tests/consumers/gexf/, xmllint).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
echo "== graph consumer check: networkx reads the GraphML, the GEXF validates (demo and chile-1973)"
venv=target/ci-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -c "import networkx" 2>/dev/null || "$venv/bin/pip" install --quiet networkx
if ! command -v xmllint >/dev/null; then
  apt-get update -qq >/dev/null && apt-get install -y -qq libxml2-utils >/dev/null
fi
cargo build --quiet --bin weft
weft="${CARGO_TARGET_DIR:-target}/debug/weft"
work=target/ci-graph
rm -rf "$work" && mkdir -p "$work"

check() { # PROJECT NAME MIN_NODES MIN_EDGES
  "$weft" export "$1" --format weft -o "$work/$2.json"
  "$weft" export "$1" --format graphml -o "$work/$2.graphml"
  "$weft" export "$1" --format gexf -o "$work/$2.gexf"
  "$venv/bin/python" .ci/graph_check.py check "$work/$2.json" "$work/$2.graphml" "$work/$2.gexf" "$3" "$4"
  xmllint --noout --schema tests/consumers/gexf/gexf.xsd "$work/$2.gexf"
}

check projects/demo demo 10 10
corpus=../shared/corpus/chile-1973
if [ -d "$corpus" ]; then
  "$weft" new "$work/chile" --name "Chile 1973"
  "$weft" add "$work/chile" "$corpus"
  "$venv/bin/python" .ci/graph_check.py annotate "$corpus" "$work/chile-brat"
  "$weft" import "$work/chile" --format brat "$work/chile-brat"
  check "$work/chile" chile 4 12
else
  echo "SKIPPED: $corpus is not present"
fi
echo "graph consumer check: $((SECONDS - start)) s"
