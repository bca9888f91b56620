#!/usr/bin/env python3
"""Consumer check for Weft's spaCy export.

Usage:
  spacy_check.py annotate TEXT_DIR OUT_DIR NAME...   write brat .txt/.ann pairs tagging NAMEs
  spacy_check.py check EXPORT.jsonl [MIN_SPANS]      every span must come back via Doc.char_span

`check` loads each line with spacy.blank("en") (no model download), and calls
doc.char_span(start, end, label) for every span (strict alignment). It fails when a span does
not align to spaCy tokens, when the span's text differs from the exported text, or when fewer
than MIN_SPANS spans were checked.
"""
import json
import os
import re
import sys


def annotate(text_dir, out_dir, names):
    """Tags every whole-word occurrence of each name as PERSON/PLACE (brat, code points)."""
    os.makedirs(out_dir, exist_ok=True)
    places = {"Chile", "Santiago", "La Moneda"}
    for fn in sorted(os.listdir(text_dir)):
        if not fn.endswith(".txt"):
            continue
        # newline="" keeps CRLFs as they are; brat counts CRLF as one, so normalise for offsets.
        with open(os.path.join(text_dir, fn), encoding="utf-8", newline="") as f:
            raw = f.read()
        text = raw.replace("\r\n", "\n")
        lines = []
        n = 0
        for name in names:
            for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
                n += 1
                ty = "PLACE" if name in places else "PERSON"
                lines.append(f"T{n}\t{ty} {m.start()} {m.end()}\t{m.group(0)}")
        with open(os.path.join(out_dir, fn), "w", encoding="utf-8", newline="") as f:
            f.write(raw)
        with open(os.path.join(out_dir, fn[:-4] + ".ann"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + ("\n" if lines else ""))
        print(f"{fn}: {n} names tagged")


def check(path, min_spans):
    import spacy

    nlp = spacy.blank("en")
    checked = 0
    failures = []
    with open(path, encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            doc = nlp.make_doc(rec["text"])
            name = rec.get("meta", {}).get("document", f"line {line_no}")
            for sp in rec["spans"]:
                span = doc.char_span(sp["start"], sp["end"], label=sp["label"])
                checked += 1
                if span is None:
                    failures.append(f"{name}: {sp['start']}..{sp['end']} {sp['text']!r} does not align to tokens")
                elif span.text != sp["text"] or rec["text"][sp["start"]:sp["end"]] != sp["text"]:
                    failures.append(f"{name}: {sp['start']}..{sp['end']} gives {span.text!r}, expected {sp['text']!r}")
                elif span.label_ != sp["label"]:
                    failures.append(f"{name}: label {span.label_!r} != {sp['label']!r}")
            # The spans must also fit a SpanGroup (overlaps allowed there).
            doc.spans["weft"] = [s for s in (doc.char_span(sp["start"], sp["end"], label=sp["label"]) for sp in rec["spans"]) if s is not None]
    print(f"{path}: {checked} spans checked with spaCy {spacy.__version__}, {len(failures)} failures")
    for f in failures:
        print("  " + f)
    if failures or checked < min_spans:
        if checked < min_spans:
            print(f"  expected at least {min_spans} spans")
        sys.exit(1)


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "annotate":
        annotate(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif len(sys.argv) >= 3 and sys.argv[1] == "check":
        check(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    else:
        print(__doc__)
        sys.exit(2)
