#!/usr/bin/env python3
"""Consumer check for Weft's graph exports (GraphML for networkx, GEXF for Gephi).

Usage:
  graph_check.py annotate TEXT_DIR OUT_DIR
      write brat .txt/.ann pairs for the chile-1973 texts: the people and places named in
      every text as entities linked across documents (N lines), the date of the coup, and a
      COUP event per text with Pinochet as agent, Allende as target and the date as time,
      all linked into one event; an `opposes` relation in each text
  graph_check.py check EXPORT.json GRAPH.graphml GRAPH.gexf MIN_NODES MIN_EDGES
      networkx reads the GraphML; its nodes, edges and attributes must be exactly those that
      the Weft JSON export implies (computed here, independently of Weft's graph code); the
      GEXF must hold the same node and edge ids (the schema check is xmllint's, in the shell)

The expected graph: a node per entity and event of the export, plus a node per mention in no
entity that a relation or argument touches; an edge per relation (from -> to) and per argument
(event -> filler), an end that is a mention of an entity being drawn at the entity.
"""
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

# (text to find, type, reference shared across the texts, canonical name)
NAMES = [
    ("Augusto Pinochet", "PERSON", "Wikidata:Q5928", "Augusto Pinochet"),
    ("Salvador Allende", "PERSON", "Wikidata:Q9261", "Salvador Allende"),
    ("Chile", "PLACE", "Wikidata:Q298", "Chile"),
]
DATES = [r"11 September 1973", r"September 11, 1973", r"September 11"]


def annotate(text_dir, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for fn in sorted(os.listdir(text_dir)):
        if not fn.endswith(".txt"):
            continue
        with open(os.path.join(text_dir, fn), encoding="utf-8", newline="") as f:
            raw = f.read()
        text = raw.replace("\r\n", "\n")  # brat counts CRLF as one character
        lines, t_of = [], {}
        n = 0

        def tag(ty, start, end):
            nonlocal n
            n += 1
            lines.append(f"T{n}\t{ty} {start} {end}\t{text[start:end]}")
            return f"T{n}"

        norm = 0
        for needle, ty, ref, name in NAMES:
            for m in re.finditer(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text):
                t = tag(ty, m.start(), m.end())
                t_of.setdefault(needle, t)
                norm += 1
                lines.append(f"N{norm}\tReference {t} {ref}\t{name}")
        date = None
        for pat in DATES:
            m = re.search(pat, text)
            if m:
                date = tag("DATE", m.start(), m.end())
                break
        coup = re.search(r"(?<!\w)coup(?!\w)", text)
        if coup and date and "Augusto Pinochet" in t_of and "Salvador Allende" in t_of:
            trigger = tag("COUP", coup.start(), coup.end())
            lines.append(
                f"E1\tCOUP:{trigger} agent:{t_of['Augusto Pinochet']} "
                f"target:{t_of['Salvador Allende']} time:{date}"
            )
            norm += 1
            lines.append(f"N{norm}\tReference E1 Ref:chile-coup-1973\tChilean coup of 1973")
            lines.append(
                f"R1\topposes Arg1:{t_of['Augusto Pinochet']} Arg2:{t_of['Salvador Allende']}"
            )
        with open(os.path.join(out_dir, fn), "w", encoding="utf-8", newline="") as f:
            f.write(raw)
        with open(os.path.join(out_dir, fn[:-4] + ".ann"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        print(f"{fn}: {n} text-bound annotations, event: {'yes' if coup and date else 'no'}")


def expected(export):
    """Nodes and edges as the Weft JSON export implies them."""
    mentions = {}
    for d in export["documents"]:
        for m in d["mentions"]:
            mentions[m["id"]] = (m, d["id"])
    types = {t["key"]: t for t in export["schema"]["types"]}
    rel_types = {r["key"]: r for r in export["schema"]["relation_types"]}
    nodes = {}
    for c in export["entities"] + export["events"]:
        nodes[c["id"]] = {
            "label": c["name"],
            "type": c["type"],
            "kind": types[c["type"]]["kind"],
            "node_kind": "cluster",
            "mentions": len(c["mentions"]),
            "documents": set(c["documents"]),
            "external_id": c["external_id"] or "",
        }

    def node_of(end):
        if end["kind"] != "mention":
            return end["id"]
        m, doc = mentions[end["id"]]
        if m["entity"] is not None:
            return m["entity"]
        nodes.setdefault(m["id"], {
            "label": m["text"] if len(m["fragments"]) == 1
            else " ".join(f["text"] for f in m["fragments"]),
            "type": m["type"],
            "kind": types[m["type"]]["kind"],
            "node_kind": "mention",
            "mentions": 1,
            "documents": {doc},
            "external_id": "",
        })
        return m["id"]

    def cross(a, b):
        if a["kind"] == "mention" and b["kind"] == "mention":
            return mentions[a["id"]][1] != mentions[b["id"]][1]
        return True

    def role_name(event_end, role):
        ty = (mentions[event_end["id"]][0]["type"] if event_end["kind"] == "mention"
              else next(c["type"] for c in export["events"] if c["id"] == event_end["id"]))
        return next((r["name"] for r in types[ty].get("roles", []) if r["key"] == role), role)

    edges = {}
    for r in export["relations"]:
        edges[r["id"]] = {
            "source": node_of(r["from"]), "target": node_of(r["to"]),
            "kind": "relation", "type": r["type"], "label": rel_types[r["type"]]["name"],
            "symmetric": r["symmetric"], "cross_document": cross(r["from"], r["to"]),
        }
    for a in export["arguments"]:
        edges[a["id"]] = {
            "source": node_of(a["event"]), "target": node_of(a["argument"]),
            "kind": "argument", "type": a["role"], "label": role_name(a["event"], a["role"]),
            "symmetric": False, "cross_document": cross(a["event"], a["argument"]),
        }
    return nodes, edges


def check(export_path, graphml_path, gexf_path, min_nodes, min_edges):
    import networkx as nx

    with open(export_path, encoding="utf-8") as f:
        export = json.load(f)
    want_nodes, want_edges = expected(export)
    g = nx.read_graphml(graphml_path, force_multigraph=True)
    failures = []
    if not g.is_directed():
        failures.append("the graph is not directed")
    got_nodes = set(g.nodes)
    if got_nodes != set(want_nodes):
        failures.append(f"nodes differ: missing {sorted(set(want_nodes) - got_nodes)}, "
                        f"unexpected {sorted(got_nodes - set(want_nodes))}")
    for nid, want in want_nodes.items():
        if nid not in g.nodes:
            continue
        got = dict(g.nodes[nid])
        got["documents"] = set(got.get("documents", "").split())
        for k, v in want.items():
            if got.get(k, "") != v:
                failures.append(f"node {nid}: {k} is {got.get(k)!r}, expected {v!r}")
        if got.get("document_count") != len(want["documents"]):
            failures.append(f"node {nid}: document_count {got.get('document_count')!r}")
        if not isinstance(got.get("mentions"), int):
            failures.append(f"node {nid}: mentions is not read as a number")
    got_edges = {}
    for u, v, key, data in g.edges(keys=True, data=True):
        got_edges[data.get("id", key)] = dict(data, source=u, target=v)
    if set(got_edges) != set(want_edges):
        failures.append(f"edges differ: missing {sorted(set(want_edges) - set(got_edges))}, "
                        f"unexpected {sorted(set(got_edges) - set(want_edges))}")
    for eid, want in want_edges.items():
        got = got_edges.get(eid)
        if got is None:
            continue
        for k, v in want.items():
            if got.get(k) != v:
                failures.append(f"edge {eid}: {k} is {got.get(k)!r}, expected {v!r}")
    # Every mention of a temporal type carries its date (computed on export for mentions
    # imported from brat, which have none stored).
    temporal = set(export["schema"].get("temporal", {}).get("types") or ["DATE"])
    dated = [m for d in export["documents"] for m in d["mentions"] if m["type"] in temporal]
    undated = [m["id"] for m in dated if "date" not in m]
    if undated:
        failures.append(f"temporal mentions without a date: {undated}")
    values = sorted({m["date"]["edtf"] for m in dated if m.get("date")})
    print(f"{export_path}: {len(dated)} date mentions, values {values}")
    # The GEXF holds the same graph.
    ns = {"g": "http://gexf.net/1.3"}
    root = ET.parse(gexf_path).getroot()
    gexf_nodes = {n.get("id") for n in root.iterfind(".//g:nodes/g:node", ns)}
    gexf_edges = {(e.get("id"), e.get("source"), e.get("target"))
                  for e in root.iterfind(".//g:edges/g:edge", ns)}
    if gexf_nodes != set(want_nodes):
        failures.append("GEXF nodes differ from the expected nodes")
    if gexf_edges != {(i, e["source"], e["target"]) for i, e in want_edges.items()}:
        failures.append("GEXF edges differ from the expected edges")
    print(f"{graphml_path}: networkx {nx.__version__} read {g.number_of_nodes()} nodes and "
          f"{g.number_of_edges()} edges; expected {len(want_nodes)} and {len(want_edges)}; "
          f"{len(failures)} failures")
    for f in failures:
        print("  FAIL " + f)
    if len(want_nodes) < min_nodes or len(want_edges) < min_edges:
        print(f"  FAIL expected at least {min_nodes} nodes and {min_edges} edges")
        failures.append("too small")
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "annotate":
        annotate(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 7 and sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]))
    else:
        print(__doc__)
        sys.exit(2)
