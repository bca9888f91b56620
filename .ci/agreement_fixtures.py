#!/usr/bin/env python3
"""Fixtures for the agreement cross-check (.ci/check_agreement.sh): scripted annotators.

Usage:
  agreement_fixtures.py second-annotator PROJECT_DIR
      edit a copy of the demo project in place into a second annotator's layer with
      realistic disagreements (a missing mention, a different type, a different span, a
      mention moved to another entity, a cross-document entity split, an invented mention,
      spans tagged twice, changed relations and arguments)
  agreement_fixtures.py annotate-brat TEXT_DIR OUT_DIR STYLE
      write brat .txt/.ann pairs for chile-1973 as annotator STYLE (a, b or c); the three
      styles deliberately disagree (spans, types, omissions, cluster splits, arguments)
"""
import hashlib
import json
import os
import re
import sys
from collections import Counter


# ---------------------------------------------------------------- a second annotator (demo)

def _new_id(prefix, seed):
    return prefix + hashlib.sha256(seed.encode()).hexdigest()[:16]


def second_annotator(root):
    """Turns the copy of the demo at ROOT into another annotator's layer."""
    manifest = json.load(open(os.path.join(root, "weft-project.json"), encoding="utf-8"))
    docs = {d["name"]: d for d in manifest["documents"]}
    texts = {n: open(os.path.join(root, d["text"]), encoding="utf-8", newline="").read().encode("utf-8")
             for n, d in docs.items()}
    ann = {n: json.load(open(os.path.join(root, d["annotations"]), encoding="utf-8")) for n, d in docs.items()}
    links = json.load(open(os.path.join(root, "links.json"), encoding="utf-8"))

    def find(doc, quote, nth=0):
        ms = [m for m in ann[doc]["mentions"] if m["text"] == quote]
        return ms[nth]

    def respan(doc, m, quote):
        raw = texts[doc]
        old = m["spans"][0]["start"]
        start = raw.find(quote.encode("utf-8"), max(0, old - 40))
        m["spans"] = [{"start": start, "end": start + len(quote.encode("utf-8"))}]
        m["text"] = quote
        context(doc, m)

    def context(doc, m):
        raw = texts[doc]
        s, e = m["spans"][0]["start"], m["spans"][-1]["end"]
        before, after = raw[:s].decode("utf-8"), raw[e:].decode("utf-8")
        m["prefix"], m["suffix"] = before[-32:], after[:32]
        for k in ("prefix", "suffix"):
            if not m[k]:
                del m[k]

    def drop(doc, m):
        ann[doc]["mentions"].remove(m)
        for key in ("relations", "arguments"):
            links[key] = [x for x in links[key]
                          if m["id"] not in (x.get("from", x.get("event")).get("mention"),
                                             x.get("to", x.get("target")).get("mention"))]

    # 1. A mention missed: the Electoral Tribunal.
    drop("el-heraldo-1974-06-03", find("el-heraldo-1974-06-03", "Electoral Tribunal"))
    # 2. A different type: the stadium read as an organisation.
    find("wire-1974-09-18", "Estadio del Sur")["type"] = "ORG"
    # 3. A different span: the title left out.
    respan("wire-1974-09-18", find("wire-1974-09-18", "President Elena Sarmiento"), "Elena Sarmiento")
    # 4. A mention moved to another entity: the wire's dockworkers taken for the party.
    find("wire-1974-09-18", "dockworkers")["cluster"] = find("wire-1974-09-18", "Partido Cívico")["cluster"]
    # 5. A cross-document entity split: the forum's Falcón is not linked to the colonel of 1974.
    falcon = find("forum-post-2024", "Rodrigo Falcón")["cluster"]
    split = _new_id("c_", "falcon-forum")
    links["clusters"].append({"id": split, "type": "PERSON", "name": "Rodrigo Falcón (forum)"})
    for m in ann["forum-post-2024"]["mentions"]:
        if m.get("cluster") == falcon:
            m["cluster"] = split
    arrest_2001 = next(c["id"] for c in links["clusters"] if c["name"].startswith("Arrest of Rodrigo"))
    for a in links["arguments"]:
        if a["event"].get("cluster") == arrest_2001 and a["target"].get("cluster") == falcon:
            a["target"] = {"cluster": split}
    # 6. An invented mention: the dateline's date.
    wire = texts["wire-1974-09-18"]
    s = wire.find("Sept. 18".encode("utf-8"))
    m = {"id": _new_id("m_", "sept-18"), "type": "DATE", "spans": [{"start": s, "end": s + 8}],
         "text": "Sept. 18", "author": "annotator B",
         "created": "2026-11-22T09:00:00Z", "modified": "2026-11-22T09:00:00Z"}
    context("wire-1974-09-18", m)
    ann["wire-1974-09-18"]["mentions"].append(m)
    # 7. Slips that make one span two mentions: the radio's name also tagged as a place
    #    (unlinked), and the palace also tagged as an organisation linked to the army.
    for quote, ty, cluster_of in (("Radio Nacional", "PLACE", None), ("Palacio Azul", "ORG", "Army")):
        orig = find("wire-1974-09-18", quote)
        dup = dict(orig, id=_new_id("m_", "dup-" + quote), type=ty, attributes={})
        dup.pop("cluster", None)
        if cluster_of:
            dup["cluster"] = find("el-heraldo-1974-06-03", cluster_of)["cluster"]
        ann["wire-1974-09-18"]["mentions"].append(dup)
    # 8. Links: one relation missed, one added; one argument missed.
    links["relations"] = [r for r in links["relations"] if r["type"] != "opposes"]
    stadium = find("wire-1974-09-18", "Estadio del Sur")
    santa_lucia = next(c["id"] for c in links["clusters"] if c["name"] == "Santa Lucía")
    links["relations"].append({"id": _new_id("r_", "stadium"), "type": "located_in",
                               "from": {"mention": stadium["id"]}, "to": {"cluster": santa_lucia}})
    coup = next(c["id"] for c in links["clusters"] if c["name"].startswith("Coup"))
    links["arguments"] = [a for a in links["arguments"]
                          if not (a["event"].get("cluster") == coup and a["role"] == "time")]
    for d in ann.values():
        for m in d["mentions"]:
            m["author"] = "annotator B"
        d["mentions"].sort(key=lambda m: (m["spans"][0]["start"], m["spans"][-1]["end"], m["id"]))
    for key in ("clusters", "relations", "arguments"):
        links[key].sort(key=lambda x: x["id"])
    for n, d in docs.items():
        with open(os.path.join(root, d["annotations"]), "w", encoding="utf-8") as f:
            json.dump(ann[n], f, ensure_ascii=False, indent=2)
            f.write("\n")
    with open(os.path.join(root, "links.json"), "w", encoding="utf-8") as f:
        json.dump(links, f, ensure_ascii=False, indent=2)
        f.write("\n")
    manifest["name"] = manifest["name"] + " (annotator B)"
    with open(os.path.join(root, "weft-project.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print(f"{root}: second annotator written (8 kinds of disagreement)")


# ---------------------------------------------------------------- scripted brat annotators

# (name, type, reference or None); references join mentions into entities across documents.
NAMES = [
    ("President Salvador Allende", "PERSON", "allende"),
    ("Salvador Allende", "PERSON", "allende"),
    ("Allende", "PERSON", "allende"),
    ("General Augusto Pinochet", "PERSON", "pinochet"),
    ("Augusto Pinochet", "PERSON", "pinochet"),
    ("Pinochet", "PERSON", "pinochet"),
    ("La Moneda", "PLACE", "moneda"),
    ("Santiago", "PLACE", "santiago"),
    ("Chile", "PLACE", "chile"),
    ("CIA", "ORG", "cia"),
    ("United States", "PLACE", "usa"),
    ("coup", "COUP", "coup1973"),
]


def styled(style, di, name, ty, ref, k):
    """What annotator STYLE does with the k-th hit of NAME in document DI (None: skip it)."""
    if style == "a":
        if name.startswith(("President ", "General ")):
            return None  # A tags the bare name
        return name, ty, ref
    if style == "b":
        if name in ("Salvador Allende", "Augusto Pinochet"):
            return None  # B takes the title in (handled by the longer names)
        if name == "Allende" and k % 4 == 3:
            return None  # misses some
        if name == "La Moneda":
            return name, "ORG", "moneda-gov"  # the government, not the palace
        if name == "Pinochet" and di == 2:
            return name, ty, "pinochet-2"  # does not link the last article's Pinochet
        if name == "Chile" and di == 1:
            return name, ty, None  # leaves them unlinked
        if name == "coup" and k % 3 == 2:
            return None
        return name, ty, ref
    if style == "c":
        if name.startswith(("President ", "General ")) or name == "Santiago":
            return None
        if name == "CIA":
            return name, "PERSON", ref  # wrong type
        if name == "Chile" and k % 2 == 1:
            return name, ty, "chile-2"  # two Chiles
        return name, ty, ref
    raise ValueError(f"unknown style {style}")


def annotate_brat(text_dir, out_dir, style):
    os.makedirs(out_dir, exist_ok=True)
    for di, fn in enumerate(sorted(f for f in os.listdir(text_dir) if f.endswith(".txt"))):
        with open(os.path.join(text_dir, fn), encoding="utf-8", newline="") as f:
            raw = f.read()
        text = raw.replace("\r\n", "\n")  # brat counts CRLF as one
        taken = []  # (start, end) already tagged: a longer name wins over the names inside it
        lines, first = [], {}
        t = n = 0
        counts = Counter()
        for name, ty, ref in NAMES:
            for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
                s, e = m.start(), m.end()
                if any(s < te and ts < e for ts, te in taken):
                    continue
                k = counts[name]
                counts[name] += 1
                got = styled(style, di, name, ty, ref, k)
                if got is None:
                    continue
                taken.append((s, e))
                _, ty2, ref2 = got
                t += 1
                lines.append(f"T{t}\t{ty2} {s} {e}\t{m.group(0)}")
                first.setdefault(ty2 if ty2 == "COUP" else name.split()[-1], f"T{t}")
                if ref2 is not None:
                    n += 1
                    lines.append(f"N{n}\tReference T{t} Ref:{ref2}\t{ref2}")
        # Every coup is an event; the first has its agent and target (C leaves the target out).
        triggers = [ln.split("\t")[0] for ln in lines if ln.startswith("T") and "\tCOUP " in ln]
        for k, trig in enumerate(triggers):
            args = ""
            if k == 0 and "Pinochet" in first:
                args = f" agent:{first['Pinochet']}"
                if "Allende" in first and style != "c":
                    args += f" target:{first['Allende']}"
            lines.append(f"E{k + 1}\tCOUP:{trig}{args}")
        if "Moneda" in first and "Santiago" in first and style != "b":
            lines.append(f"R1\tlocated_in Arg1:{first['Moneda']} Arg2:{first['Santiago']}")
        with open(os.path.join(out_dir, fn), "w", encoding="utf-8", newline="") as f:
            f.write(raw)
        with open(os.path.join(out_dir, fn[:-4] + ".ann"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + ("\n" if lines else ""))
        print(f"{fn}: annotator {style}: {t} mentions")


if __name__ == "__main__":
    a = sys.argv[1:]
    if len(a) == 2 and a[0] == "second-annotator":
        second_annotator(a[1])
    elif len(a) == 4 and a[0] == "annotate-brat":
        annotate_brat(a[1], a[2], a[3])
    else:
        print(__doc__)
        sys.exit(2)
