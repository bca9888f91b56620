#!/usr/bin/env python3
"""Cross-check of Weft's agreement report against independent implementations.

Usage:
  agreement_check.py check REPORT.json MIN_NUMBERS EXPORT.json...
      recompute every number of REPORT.json (from `weft agreement --json`) from the
      Weft JSON exports of the layers (same order as the report's annotators) and fail if
      any differs by more than 1e-6, or if fewer than MIN_NUMBERS were compared

`check` computes clusters with the PyPI package scorch (scorch.scores.muc, b_cubed, ceaf_e,
conll2012, after scorch.main.process_files' preparation: response-only mentions are added to
the key as singletons), Krippendorff's alpha with `krippendorff`, Cohen's kappa with
scikit-learn's cohen_kappa_score, Fleiss' kappa with statsmodels, overlap matchings with
scipy's maximum_bipartite_matching, and P/R/F1 with plain Python counting. Offsets in the
exports are code points; a unit of kappa/alpha is a code point that is not Unicode
White_Space. The definitions are in docs/team.md.
"""
import json
import math
import sys
import warnings
from collections import Counter

TOL = 1e-6
# Unicode White_Space (the same set as Rust's char::is_whitespace).
WHITESPACE = set(chr(c) for c in [*range(0x09, 0x0E), 0x20, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B),
                                   0x2028, 0x2029, 0x202F, 0x205F, 0x3000])


# ---------------------------------------------------------------- reading the exports

class Layer:
    """One annotator's Weft JSON export, read into identities and chains."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            ex = json.load(f)
        assert ex["offset_unit"] == "unicode_code_points", path
        self.kind = {t["key"]: t["kind"] for t in ex["schema"]["types"]}
        self.texts = {d["name"]: d["text"] for d in ex["documents"]}
        self.order = [d["name"] for d in ex["documents"]]
        self.doc_name = {d["id"]: d["name"] for d in ex["documents"]}
        self.mentions = {}  # id -> (doc name, fragments, type, cluster id or None)
        for d in ex["documents"]:
            for m in d["mentions"]:
                frags = tuple((f["start"], f["end"]) for f in m["fragments"])
                assert all(d["text"][f["start"]:f["end"]] == f["text"] for f in m["fragments"])
                self.mentions[m["id"]] = (d["name"], frags, m["type"], m["entity"])
        self.clusters = {c["id"]: "entity" for c in ex["entities"]}
        self.clusters.update({c["id"]: "event" for c in ex["events"]})
        self.symmetric = {r["key"]: r["symmetric"] for r in ex["schema"]["relation_types"]}
        self.relations = [(r["type"], r["symmetric"], r["from"], r["to"]) for r in ex["relations"]]
        self.arguments = [(a["role"], a["event"], a["argument"]) for a in ex["arguments"]]


class Corpus:
    def __init__(self, layers):
        self.layers = layers
        common = set.intersection(*(set(l.texts) for l in layers))
        self.docs = [n for n in layers[0].order if n in common]
        self.pos = {n: i for i, n in enumerate(self.docs)}
        for l in layers[1:]:
            for n in self.docs:
                assert l.texts[n] == layers[0].texts[n], f"{n}: texts differ"

    def ident(self, layer, mid):
        doc, frags, _, _ = layer.mentions[mid]
        return (self.pos[doc], frags) if doc in self.pos else None

    def mentions(self, layer):
        """(identity, type, cluster) of every mention in a compared document."""
        out = []
        for mid, (doc, frags, ty, cl) in layer.mentions.items():
            if doc in self.pos:
                out.append(((self.pos[doc], frags), ty, cl))
        return out

    def chains(self, layer, scope, singletons=True):
        """Clusters in id order (sets of identities), then unlinked identities as singletons."""
        members = {}
        unlinked = set()
        for ident, ty, cl in self.mentions(layer):
            if cl is not None:
                members.setdefault(cl, set()).add(ident)
            elif scope in ("all", layer.kind[ty]):
                unlinked.add(ident)
        out, ids = [], []
        for cid in sorted(layer.clusters):
            if scope not in ("all", layer.clusters[cid]) or not members.get(cid):
                continue
            out.append(set(members[cid]))
            ids.append(cid)
        if singletons:
            inside = set().union(*out) if out else set()
            for x in sorted(unlinked - inside):
                out.append({x})
                ids.append(None)
        return out, ids


# ---------------------------------------------------------------- the independent numbers

def prf(a, b, matched):
    return {"a": a, "b": b, "matched": matched,
            "precision": matched / b if b else None,
            "recall": matched / a if a else None,
            "f1": 2 * matched / (a + b) if a + b else None}


def multiset_match(xs, ys):
    return sum((Counter(xs) & Counter(ys)).values())


def span_scores(corpus, la, lb):
    ma, mb = corpus.mentions(la), corpus.mentions(lb)
    types = sorted({t for _, t, _ in ma + mb})
    exact = {"overall": prf(len(ma), len(mb), multiset_match([(i, t) for i, t, _ in ma], [(i, t) for i, t, _ in mb])),
             "untyped": prf(len(ma), len(mb), multiset_match([i for i, _, _ in ma], [i for i, _, _ in mb])),
             "by_type": {}}
    for t in types:
        xa = [i for i, ty, _ in ma if ty == t]
        xb = [i for i, ty, _ in mb if ty == t]
        exact["by_type"][t] = prf(len(xa), len(xb), multiset_match(xa, xb))
    # Overlap: maximum one-to-one matchings (scipy), per document, typed per type.
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import maximum_bipartite_matching

    def meet(f, g):
        return any(s1 < e2 and s2 < e1 for s1, e1 in f for s2, e2 in g)

    def matching(xa, xb):
        edges = [(i, j) for i, (fa, _) in enumerate(xa) for j, (fb, _) in enumerate(xb) if meet(fa, fb)]
        if not edges:
            return 0
        m = csr_matrix(([1] * len(edges), ([e[0] for e in edges], [e[1] for e in edges])),
                       shape=(len(xa), len(xb)))
        return int((maximum_bipartite_matching(m, perm_type="column") >= 0).sum())

    over = {"untyped": 0, "by_type": Counter(), "by_doc": Counter()}
    exact_doc = Counter()
    for d in range(len(corpus.docs)):
        xa = [(i[1], t) for i, t, _ in ma if i[0] == d]
        xb = [(i[1], t) for i, t, _ in mb if i[0] == d]
        over["untyped"] += matching(xa, xb)
        for t in types:
            n = matching([x for x in xa if x[1] == t], [x for x in xb if x[1] == t])
            over["by_type"][t] += n
            over["by_doc"][d] += n
        exact_doc[d] = multiset_match([(i, t) for i, t, _ in ma if i[0] == d], [(i, t) for i, t, _ in mb if i[0] == d])
    count = lambda ms, t=None, d=None: sum(1 for i, ty, _ in ms if (t is None or ty == t) and (d is None or i[0] == d))
    overlap = {"overall": prf(len(ma), len(mb), sum(over["by_type"].values())),
               "untyped": prf(len(ma), len(mb), over["untyped"]),
               "by_type": {t: prf(count(ma, t), count(mb, t), over["by_type"][t]) for t in types}}
    docs = [{"exact": prf(count(ma, d=d), count(mb, d=d), exact_doc[d]),
             "overlap": prf(count(ma, d=d), count(mb, d=d), over["by_doc"][d])} for d in range(len(corpus.docs))]
    return {"exact": exact, "overlap": overlap}, docs


def char_labels(corpus, layer):
    """Per compared document, the label of every unit (a frozenset of types)."""
    out = []
    for name in corpus.docs:
        text = layer.texts[name]
        labels = [set() for _ in text]
        for mid, (doc, frags, ty, _) in layer.mentions.items():
            if doc == name:
                for s, e in frags:
                    for k in range(s, e):
                        labels[k].add(ty)
        out.append([frozenset(l) for c, l in zip(text, labels) if c not in WHITESPACE])
    return out


def label_code(labels):
    return "+".join(sorted(labels)) if labels else "(none)"


def cohen(y1, y2):
    from sklearn.metrics import cohen_kappa_score
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        k = cohen_kappa_score(y1, y2)
    return None if k is None or math.isnan(k) else float(k)


def alpha(rows):
    import krippendorff
    import numpy as np
    codes = {v: i for i, v in enumerate(sorted({v for r in rows for v in r}))}
    data = np.array([[codes[v] for v in r] for r in rows], dtype=float)
    try:
        return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    except ValueError:
        return None  # one value throughout


def fleiss(rows):
    import numpy as np
    from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa
    codes = {v: i for i, v in enumerate(sorted({v for r in rows for v in r}))}
    if len(codes) < 2:
        return None
    table, _ = aggregate_raters(np.array([[codes[v] for v in r] for r in rows]).T)
    return float(fleiss_kappa(table, method="fleiss"))


def align(corpus, la, lb):
    """Cluster matching by majority both ways (ties to the lower cluster id)."""
    ca, ia = corpus.chains(la, "all", singletons=False)
    cb, ib = corpus.chains(lb, "all", singletons=False)
    inter = {(i, j): len(x & y) for i, x in enumerate(ca) for j, y in enumerate(cb) if x & y}
    best_a = {i: max((n, -j) for (i2, j), n in inter.items() if i2 == i) for i in {i for i, _ in inter}}
    best_b = {j: max((n, -i) for (i, j2), n in inter.items() if j2 == j) for j in {j for _, j in inter}}
    of_a, of_b = {}, {}
    for i, (n, mj) in best_a.items():
        j = -mj
        if best_b[j] == (n, -i) and 2 * n > len(ca[i]) and 2 * n > len(cb[j]):
            of_a[ia[i]] = ia[i]
            of_b[ib[j]] = ia[i]
    # Clusters without mentions in the compared documents match by equal id.
    for cid in set(la.clusters) - set(ia):
        if cid in lb.clusters and cid not in ib and cid not in of_b:
            of_a[cid] = cid
            of_b[cid] = cid
    return of_a, of_b


def link_scores(corpus, la, lb):
    of_a, of_b = align(corpus, la, lb)

    def end(layer, side, matched, e):
        if e["kind"] == "mention":
            i = corpus.ident(layer, e["id"])
            return None if i is None else ("m", i)
        if e["id"] in matched:
            return ("c", matched[e["id"]])
        return (side, e["id"])

    def rels(layer, side, matched):
        out = []
        for ty, sym, f, t in layer.relations:
            x, y = end(layer, side, matched, f), end(layer, side, matched, t)
            if x is None or y is None:
                continue
            if sym and repr(y) < repr(x):
                x, y = y, x
            out.append((ty, x, y))
        return out

    def args(layer, side, matched):
        out = []
        for role, ev, filler in layer.arguments:
            x, y = end(layer, side, matched, ev), end(layer, side, matched, filler)
            if x is not None and y is not None:
                out.append((role, x, y))
        return out

    def scores(xa, xb, by):
        labels = sorted({x[0] for x in xa + xb})
        return {"overall": prf(len(xa), len(xb), multiset_match(xa, xb)),
                by: {k: prf(sum(1 for x in xa if x[0] == k), sum(1 for x in xb if x[0] == k),
                            multiset_match([x for x in xa if x[0] == k], [x for x in xb if x[0] == k]))
                     for k in labels}}

    return (scores(rels(la, "a", of_a), rels(lb, "b", of_b), "by_type"),
            scores(args(la, "a", of_a), args(lb, "b", of_b), "by_role"))


def scorch_scores(key, resp):
    from scorch import scores
    key = [set(k) for k in key]
    resp = [set(r) for r in resp]
    chains = {"key_chains": len(key), "response_chains": len(resp)}
    # scorch.main.process_files: response-only mentions join the key as singletons.
    key_m = set().union(*key) if key else set()
    resp_m = set().union(*resp) if resp else set()
    key.extend({m} for m in resp_m - key_m)
    out = {}
    for name, f in (("muc", scores.muc), ("b_cubed", scores.b_cubed), ("ceaf_e", scores.ceaf_e)):
        r, p, f1 = f(key, resp)
        out[name] = {"recall": r, "precision": p, "f1": f1}
    out["conll"] = scores.conll2012(key, resp)
    out["key_mentions"], out["response_mentions"] = len(key_m), len(resp_m)
    out["key_only"], out["response_only"] = len(key_m - resp_m), len(resp_m - key_m)
    out.update(chains)
    return out


def cluster_scores(corpus, la, lb):
    out = {}
    for scope in ("all", "entity", "event"):
        ka, _ = corpus.chains(la, scope)
        kb, _ = corpus.chains(lb, scope)
        out[scope] = scorch_scores(ka, kb) if ka or kb else None
    ka, _ = corpus.chains(la, "all")
    kb, _ = corpus.chains(lb, "all")
    docs = []
    for d in range(len(corpus.docs)):
        da = [c for c in ({x for x in k if x[0] == d} for k in ka) if c]
        db = [c for c in ({x for x in k if x[0] == d} for k in kb) if c]
        docs.append(scorch_scores(da, db) if da or db else None)
    return out, docs


# ---------------------------------------------------------------- comparing

class Checker:
    def __init__(self):
        self.numbers = 0
        self.failures = []

    def same(self, where, got, want):
        """Compares a value of the report (got) with the recomputed one (want), recursively."""
        if isinstance(want, dict):
            if not isinstance(got, dict):
                self.failures.append(f"{where}: report has {got!r}, expected an object")
                return
            for k, v in want.items():
                if k not in got:
                    self.failures.append(f"{where}.{k}: missing from the report")
                else:
                    self.same(f"{where}.{k}", got[k], v)
            for k in got:
                if k not in want and isinstance(got[k], (int, float)):
                    self.failures.append(f"{where}.{k}: in the report but not recomputed")
            return
        if isinstance(want, list):
            if not isinstance(got, list) or len(got) != len(want):
                self.failures.append(f"{where}: report has {got!r}, expected {len(want)} items")
                return
            for i, (g, w) in enumerate(zip(got, want)):
                self.same(f"{where}[{i}]", g, w)
            return
        self.numbers += 1
        if want is None or got is None:
            if want is not got:
                self.failures.append(f"{where}: report {got!r}, recomputed {want!r}")
        elif isinstance(want, (int, float)) and isinstance(got, (int, float)):
            if abs(got - want) > TOL:
                self.failures.append(f"{where}: report {got!r}, recomputed {want!r}")
        elif got != want:
            self.failures.append(f"{where}: report {got!r}, recomputed {want!r}")


def check(report_path, min_numbers, export_paths):
    with open(report_path, encoding="utf-8") as f:
        report = json.load(f)
    layers = [Layer(p) for p in export_paths]
    corpus = Corpus(layers)
    names = report["annotators"]
    assert len(names) == len(layers), "one export per annotator, in the report's order"
    c = Checker()
    c.same("documents", [d["document"] for d in report["documents"]], corpus.docs)
    labels = [char_labels(corpus, l) for l in layers]
    for d, name in enumerate(corpus.docs):
        c.same(f"documents[{d}].units", report["documents"][d]["units"], len(labels[0][d]))
        c.same(f"documents[{d}].characters", report["documents"][d]["characters"], len(layers[0].texts[name]))
    flat = [[x for doc in l for x in doc] for l in labels]
    pairs = [(i, j) for i in range(len(layers)) for j in range(i + 1, len(layers))]
    c.same("pairs", len(report["pairs"]), len(pairs))
    for p, (i, j) in zip(report["pairs"], pairs):
        where = f"pairs[{names[i]} vs {names[j]}]"
        c.same(where + ".a", p["a"], names[i])
        c.same(where + ".b", p["b"], names[j])
        spans, span_docs = span_scores(corpus, layers[i], layers[j])
        c.same(where + ".spans", p["spans"], spans)
        types = sorted({t for l in (flat[i], flat[j]) for x in l for t in x})
        kappa = {"overall": cohen([label_code(x) for x in flat[i]], [label_code(x) for x in flat[j]]),
                 "by_type": {t: cohen([t in x for x in flat[i]], [t in x for x in flat[j]]) for t in types}}
        c.same(where + ".cohen_kappa", p["cohen_kappa"], kappa)
        rel, arg = link_scores(corpus, layers[i], layers[j])
        c.same(where + ".relations", p["relations"], rel)
        c.same(where + ".arguments", p["arguments"], arg)
        clusters, cluster_docs = cluster_scores(corpus, layers[i], layers[j])
        c.same(where + ".clusters", p["clusters"], clusters)
        for d in range(len(corpus.docs)):
            want = dict(span_docs[d])
            want["document"] = corpus.docs[d]
            want["cohen_kappa"] = cohen([label_code(x) for x in labels[i][d]], [label_code(x) for x in labels[j][d]])
            want["clusters"] = cluster_docs[d]
            c.same(f"{where}.documents[{d}]", p["documents"][d], want)
    rows = [[label_code(x) for x in l] for l in flat]
    types = sorted({t for l in flat for x in l for t in x})
    many = len(layers) >= 3
    c.same("all_layers.krippendorff_alpha", report["all_layers"]["krippendorff_alpha"],
           {"overall": alpha(rows), "by_type": {t: alpha([[t in x for x in l] for l in flat]) for t in types}})
    if many:
        c.same("all_layers.fleiss_kappa", report["all_layers"]["fleiss_kappa"],
               {"overall": fleiss(rows), "by_type": {t: fleiss([[t in x for x in l] for l in flat]) for t in types}})
    else:
        c.same("all_layers.fleiss_kappa", report["all_layers"]["fleiss_kappa"], None)
    for d in range(len(corpus.docs)):
        doc_rows = [[label_code(x) for x in l[d]] for l in labels]
        c.same(f"all_layers.documents[{d}]", report["all_layers"]["documents"][d],
               {"document": corpus.docs[d], "krippendorff_alpha": alpha(doc_rows),
                "fleiss_kappa": fleiss(doc_rows) if many else None})
    print(f"{report_path}: {c.numbers} numbers compared with scorch, krippendorff, scikit-learn"
          f"{', statsmodels' if many else ''} and plain counting; {len(c.failures)} differ by more than {TOL}")
    for f in c.failures[:50]:
        print("  FAIL " + f)
    if c.failures or c.numbers < min_numbers:
        if c.numbers < min_numbers:
            print(f"  expected at least {min_numbers} numbers")
        sys.exit(1)


if __name__ == "__main__":
    a = sys.argv[1:]
    if len(a) >= 5 and a[0] == "check":
        check(a[1], int(a[2]), a[3:])
    else:
        print(__doc__)
        sys.exit(2)
