"""Consumer check: Weft's visual order of bidi runs against python-bidi.

Reads the JSON written by `cargo run --example bidi_dump` and, for every line, compares
Weft's visual line (its runs in visual order, right-to-left runs reversed code point by code
point, brackets mirrored) with python-bidi's `get_display` for the same text and paragraph
direction:

- `bidi.get_display` (python-bidi's current engine, UAX #9 of Unicode 15 with isolates and
  bracket pairs, which reorders but does not mirror) must agree on every line with Weft's
  order of characters (`order`: Weft's visual line before mirroring);
- `bidi.algorithm.get_display` (python-bidi's older pure-Python engine, an implementation
  independent of any Rust code, UAX #9 before Unicode 6.3: no isolates, no bracket-pair rule
  N0, but with mirroring, rule L4) must agree with Weft's mirrored visual line (`visual`) on
  every line that has no isolate control and no bracket pair; where a line has one, a
  difference is reported and counted, not failed.

Characters that UAX #9 rule X9 removes (embeddings, overrides, PDF, boundary neutrals such
as ZWJ/ZWNJ) are dropped from both sides before comparing: python-bidi's older engine drops
them from its output, Weft keeps them in place.

The paragraph direction is checked too: for lines with direction "auto", python-bidi's
get_base_level must give Weft's resolved direction.
"""

import json
import sys
import unicodedata

import bidi
import bidi.algorithm as legacy

X9 = {"RLE", "LRE", "RLO", "LRO", "PDF", "BN"}
ISOLATES = {"\u2066", "\u2067", "\u2068", "\u2069"}
BRACKETS = set("()[]{}")


def strip_x9(s):
    return "".join(c for c in s if unicodedata.bidirectional(c) not in X9)


def main(path):
    with open(path, encoding="utf-8") as f:
        lines = json.load(f)
    failures = []
    legacy_diffs = []
    for item in lines:
        text = item["text"]
        base = "R" if item["rtl"] else "L"
        weft = strip_x9(item["visual"])
        weft_order = strip_x9(item["order"])
        if item["direction"] == "auto":
            level = bidi.get_base_level(text)
            if level != (1 if item["rtl"] else 0):
                failures.append(f"{item['name']}: base level {level}, Weft rtl={item['rtl']}")
        current = strip_x9(bidi.get_display(text, base_dir=base))
        if current != weft_order:
            failures.append(
                f"{item['name']}: python-bidi {current!r} != Weft {weft_order!r} (text {text!r}, base {base})"
            )
        if set(text) & ISOLATES:
            # The legacy engine predates isolates (it asserts on them): nothing to compare.
            legacy_diffs.append(f"{item['name']}: has isolate controls, legacy engine skipped")
            continue
        old = strip_x9(legacy.get_display(text, base_dir=base))
        if old != weft:
            msg = f"{item['name']}: legacy {old!r} != Weft {weft!r} (text {text!r}, base {base})"
            if set(text) & BRACKETS:
                legacy_diffs.append(msg)
            else:
                failures.append(msg)
    for m in legacy_diffs:
        print("note (rule the legacy engine predates):", m)
    for m in failures:
        print("MISMATCH:", m)
    print(
        f"bidi consumer check: {len(lines)} lines, {len(lines) - len(failures)} agree with "
        f"python-bidi {bidi.VERSION} on visual order; {len(legacy_diffs)} differ from its legacy "
        f"engine only by isolates or bracket pairs"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
