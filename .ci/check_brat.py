"""brat consumer check: brat's own configuration parser, annotation reader and verifier on
folders Weft exported (tests/consumers/brat holds brat's files; see its README).

Usage: check_brat.py FOLDER...   (each folder: annotation.conf and .txt/.ann pairs)

Fails (exit 1) when brat
  - cannot parse annotation.conf, warns about it, or falls back to a default configuration;
  - refuses a line of an .ann (a failed line, or an error message of its reader);
  - finds an error or a warning in the annotations against the configuration (an unknown
    type, an argument or attribute the configuration does not allow, a duplicate trigger …).
"Incomplete" findings (an event without a mandatory argument) are printed, not failures:
they describe the annotation, not a format problem.
"""

import os
import sys
import types

HERE = os.path.dirname(os.path.abspath(__file__))
BRAT = os.path.join(HERE, "..", "tests", "consumers", "brat")


class Messages:
    """Stands in for brat's server-side Messager (server/src/message.py, not copied): keeps
    every message so the check can fail on them."""

    seen = []

    @classmethod
    def _add(cls, level, msg):
        cls.seen.append((level, str(msg)))

    @classmethod
    def info(cls, msg, duration=3, escaped=False):
        cls._add("info", msg)

    @classmethod
    def warning(cls, msg, duration=3, escaped=False):
        cls._add("warning", msg)

    @classmethod
    def error(cls, msg, duration=3, escaped=False):
        cls._add("error", msg)

    @classmethod
    def debug(cls, msg, duration=3, escaped=False):
        cls._add("debug", msg)


def load_brat():
    message = types.ModuleType("message")
    message.Messager = Messages
    sys.modules["message"] = message
    # brat's config.py is generated at installation; the parser reads only BASE_DIR from it:
    # configuration files are looked for from a document's folder up to BASE_DIR (set to the
    # checked folder by `check`, so that only its own files count).
    sys.modules["config"] = types.ModuleType("config")
    sys.path.insert(0, BRAT)
    import annotation

    # THE PATCH (not in the copied file): brat's open_textfile opens with mode 'rU', which
    # Python 3.11 refuses. Text mode already reads universal newlines, which is what 'U' asked
    # for, so a CRLF is one character as brat means it.
    def open_textfile(filename, mode="r"):
        return open(filename, mode.replace("U", ""), encoding="utf8", errors="strict")

    annotation.open_textfile = open_textfile
    import projectconfig  # noqa: E402  (imports open_textfile: after the patch)
    import verify_annotations

    assert projectconfig.open_textfile is open_textfile, "the patch did not reach projectconfig"
    assert annotation.PROGRAMMATIC, "brat's reader must run stand-alone (no server modules)"
    return annotation, projectconfig, verify_annotations


def check(folder, annotation, projectconfig, verify_annotations):
    folder = os.path.abspath(folder)
    sys.modules["config"].BASE_DIR = folder
    problems, incomplete = [], 0
    Messages.seen.clear()
    conf = projectconfig.ProjectConfiguration(folder)
    entity_types = conf.get_entity_types()
    event_types = conf.get_event_types()
    relation_types = conf.get_relation_types()
    for level, msg in Messages.seen:
        about_conf = "annotation.conf" in msg or level in ("warning", "error")
        if about_conf or "minimal default" in msg:
            problems.append(f"annotation.conf: brat says ({level}): {msg}")
    # The configuration brat read must be the file's, not a fallback.
    declared = set()
    section = None
    with open(os.path.join(folder, "annotation.conf"), encoding="utf8") as f:
        for line in f:
            s = line.strip()
            if s.startswith("[") and s.endswith("]"):
                section = s[1:-1]
            elif s and not s.startswith("#") and section in ("entities", "events"):
                term = s.split()[0].split("|")[0]
                if not term.startswith("!") and not term.startswith("<"):
                    declared.add(term)
    known = set(entity_types) | set(event_types)
    if not declared <= known:
        problems.append(f"annotation.conf: brat did not read types {sorted(declared - known)}")
    anns = sorted(n for n in os.listdir(folder) if n.endswith(".ann"))
    n_lines = 0
    for name in anns:
        path = os.path.join(folder, name)
        Messages.seen.clear()
        try:
            doc = annotation.TextAnnotations(path[: -len(".ann")], read_only=True)
        except Exception as e:  # brat raises on a broken file
            problems.append(f"{name}: brat's reader failed: {type(e).__name__}: {e}")
            continue
        for i in doc.failed_lines:
            problems.append(f"{name}:{i + 1}: brat could not read the line")
        msgs = doc.get_messages()
        for m in msgs.errors + msgs.warnings:
            problems.append(f"{name}: brat's reader says: {m}")
        n_lines += len(list(doc))
        for issue in verify_annotations.verify_annotation(doc, conf):
            if issue.type == verify_annotations.AnnotationIncomplete:
                incomplete += 1
            else:
                problems.append(f"{name}: brat's verifier: {issue.human_readable_str()}")
        for level, msg in Messages.seen:
            if level in ("warning", "error"):
                problems.append(f"{name}: brat says ({level}): {msg}")
    print(
        f"{folder}: {len(anns)} .ann files, {n_lines} annotations; configuration: "
        f"{len(entity_types)} entity, {len(event_types)} event, {len(relation_types)} relation "
        f"types; {incomplete} incomplete events (not failures); {len(problems)} problems"
    )
    if not anns:
        problems.append("no .ann files: nothing was checked")
    return problems


def main(folders):
    if not folders:
        print(__doc__)
        return 2
    brat = load_brat()
    failed = False
    for folder in folders:
        problems = check(folder, *brat)
        for p in problems:
            print("  FAIL:", p)
        failed |= bool(problems)
    if failed:
        print("brat consumer check FAILED: brat rejects or falls back on Weft's export")
        return 1
    print("brat consumer check: brat reads every configuration and annotation file")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
