#!/usr/bin/env python3
"""Fixtures for the agreement cross-check (.ci/check_agreement.sh): scripted annotators.

(The demo's second annotator is built by examples/make_demo.rs, in the demo project itself.)

Usage:
  agreement_fixtures.py annotate-brat TEXT_DIR OUT_DIR STYLE
      write brat .txt/.ann pairs for chile-1973 as annotator STYLE (a, b or c); the three
      styles deliberately disagree (spans, types, omissions, cluster splits, arguments)
"""
import os
import re
import sys
from collections import Counter


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
    if len(a) == 4 and a[0] == "annotate-brat":
        annotate_brat(a[1], a[2], a[3])
    else:
        print(__doc__)
        sys.exit(2)
