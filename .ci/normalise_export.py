#!/usr/bin/env python3
"""Prints a Weft export with what legitimately differs between two runs replaced, so that the
rest can be compared byte for byte (used by .ci/check_windows.sh).

    normalise_export.py [--ids] [--wine-paths] EXPORT.json

Always: every quoted RFC 3339 timestamp becomes "<time>". With --ids: every random id
(a letter, "_", 16 hex digits) becomes the letter and its order of first appearance, for
comparing two projects built apart by the same steps. With --wine-paths: a path string that
wine's Z: drive names (an importer records the input path as given) is written the Unix way. The bytes are edited as they are (no JSON
reparse), so line endings, escapes and key order still count."""
import re
import sys

args = sys.argv[1:]
ids = "--ids" in args
wine_paths = "--wine-paths" in args
path = [a for a in args if not a.startswith("--")][0]
data = open(path, "rb").read()
data = re.sub(rb'"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)"', b'"<time>"', data)
if ids:
    seen = {}

    def number(m):
        key = m.group(0)
        if key not in seen:
            seen[key] = len(seen) + 1
        return b'"' + m.group(1) + b"_" + str(seen[key]).encode() + b'"'

    data = re.sub(rb'"([a-z])_[0-9a-f]{16}"', number, data)
if wine_paths:
    data = re.sub(rb'"Z:((?:\\\\[^"\\]+)+)"', lambda m: b'"' + m.group(1).replace(b"\\\\", b"/") + b'"', data)
sys.stdout.buffer.write(data)
