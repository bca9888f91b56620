#!/usr/bin/env python3
"""Consumer check for Weft's spaCy export.

Usage:
  spacy_check.py annotate TEXT_DIR OUT_DIR NAME...   write brat .txt/.ann pairs tagging NAMEs
  spacy_check.py check EXPORT.jsonl [MIN_SPANS]      every span must come back via Doc.char_span

`check` uses spacy.blank("en") (no model download). For each line it builds a Doc from the
exported tokens (words + spaces), requires doc.text == text, and calls
doc.char_span(start, end, label) for every span (strict alignment): the build fails when a span
does not come back with its exact text and label, or when fewer than MIN_SPANS were checked.
It also tokenizes with spaCy's own tokenizer and lists spans that do not align there although
Weft did not flag them as inside a word.
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
    from spacy.tokens import Doc

    nlp = spacy.blank("en")
    checked = 0
    failures = []
    own_misses = []
    with open(path, encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            text = rec["text"]
            name = rec.get("meta", {}).get("document", f"line {line_no}")
            # 1. The exported tokens rebuild the text, and every span aligns to them (strict).
            toks = rec["tokens"]
            doc = Doc(nlp.vocab, words=[t["text"] for t in toks], spaces=[t["ws"] for t in toks])
            if doc.text != text:
                failures.append(f"{name}: the exported tokens do not rebuild the text")
                continue
            for t in toks:
                if text[t["start"]:t["end"]] != t["text"]:
                    failures.append(f"{name}: token {t['id']} offsets {t['start']}..{t['end']} do not give {t['text']!r}")
            spans = []
            for sp in rec["spans"]:
                checked += 1
                if text[sp["start"]:sp["end"]] != sp["text"]:
                    failures.append(f"{name}: text[{sp['start']}:{sp['end']}] is not {sp['text']!r} (offsets are not code points?)")
                    continue
                span = doc.char_span(sp["start"], sp["end"], label=sp["label"])
                if span is None:
                    failures.append(f"{name}: {sp['start']}..{sp['end']} {sp['text']!r} does not align to the exported tokens")
                elif span.text != sp["text"] or span.label_ != sp["label"]:
                    failures.append(f"{name}: {sp['start']}..{sp['end']} gives {span.text!r}/{span.label_}, expected {sp['text']!r}/{sp['label']}")
                else:
                    spans.append(span)
            doc.spans["sc"] = spans  # overlapping spans are fine in a SpanGroup
            # 2. With spaCy's own tokenizer: spans that do not align must have been reported.
            own = nlp.make_doc(text)
            for sp in rec["spans"]:
                if own.char_span(sp["start"], sp["end"]) is None and not sp.get("inside_word"):
                    own_misses.append(f"{name}: {sp['start']}..{sp['end']} {sp['text']!r}")
    print(f"{path}: {checked} spans checked with spaCy {spacy.__version__}, {len(failures)} failures")
    for f in failures:
        print("  FAIL " + f)
    for m in own_misses:
        print("  note: does not align with spaCy's own tokenizer and was not flagged: " + m)
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
