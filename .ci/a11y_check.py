"""The workbench through its accessibility tree (AT-SPI), as a screen reader sees it.

Run by .ci/check_a11y.sh through ../shared/tools/a11y.sh, which starts the real binary on a
copy of the demo project under Xvfb with the accessibility bus on and hands this script `app`
(the program's accessible root) and the helpers of a11y_lib.py. Environment: A11Y_TEXTS, a
folder holding the demo's source texts; A11Y_OUT, where to write the trees.

Checks (issue 16):
1. With a mention selected, the tree has no unnamed interactive node, and it holds the text of
   the document's paragraphs.
2. Tag and link by names only: search the words, go to the hit, tag them from the palette,
   link the new mention to an entity through the linking palette, draw a relation to another
   mention; the new mention's accessible name is read back at each step.
"""
import os
import sys
import time

from a11y_lib import click, dump, find, walk  # noqa: F401

# AT-SPI roles of what egui counts as inputs (egui::accessibility::is_input): a user reaches
# them by name. Scroll bars and window title bars are egui's chrome (scrolled and dragged).
INTERACTIVE = {
    "push button", "toggle button", "check box", "radio button", "combo box", "text", "entry",
    "password text", "menu item", "check menu item", "radio menu item", "link", "slider",
    "spin button", "page tab", "tree item", "separator", "list item", "switch",
}

failures = []


def fail(msg):
    print("FAIL:", msg)
    failures.append(msg)


def unnamed_interactive(root):
    out = []
    for n, _ in walk(root):
        role = n.getRoleName()
        if role in INTERACTIVE and not (n.name or "").strip():
            out.append(role)
    return out


def button(name=None, contains=None, prefix=None, timeout_s=5):
    """A push or toggle button (a selectable button is a toggle button in AT-SPI) by name."""
    end = time.time() + timeout_s
    while True:
        for n, _ in walk(root):
            if n.getRoleName() not in ("push button", "toggle button"):
                continue
            label = n.name or ""
            if (name is None or label == name) and (contains is None or contains in label) \
                    and (prefix is None or label.startswith(prefix)):
                return n
        if time.time() > end:
            raise SystemExit(f"no button named {name or contains or prefix!r}")
        time.sleep(0.3)


def count_labels(contains):
    return sum(1 for n, _ in walk(root) if contains in (n.name or ""))


def set_text(node, text):
    """Types into a text field through AT-SPI's editable text (AccessKit's SetValue)."""
    node.queryEditableText().setTextContents(text)
    time.sleep(0.6)


def write_tree(name):
    path = os.path.join(os.environ.get("A11Y_OUT", "."), name)
    with open(path, "w") as f:
        f.write(dump(app))  # noqa: F821 (given by a11y.sh)
    return path


def paragraphs_of_texts():
    folder = os.environ["A11Y_TEXTS"]
    paras = set()
    for name in os.listdir(folder):
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            paras.update(p for p in f.read().splitlines() if p.strip())
    return paras


root = app  # noqa: F821 (given by a11y.sh)
t0 = time.time()

# 1. A mention selected: nothing unnamed, the paragraphs' text is there.
mention = find(root, "push button", contains="Elena Sarmiento (entity Elena Sarmiento")
print("mention node:", mention.name)
click(mention)
find(root, "label", name="Inspector")
time.sleep(0.5)
tree = write_tree("selected.tree.txt")
unnamed = unnamed_interactive(root)
if unnamed:
    fail(f"{len(unnamed)} unnamed interactive node(s): {unnamed} (see {tree})")
else:
    print("unnamed interactive nodes: 0")
texts = paragraphs_of_texts()
shown = [n.name for n, _ in walk(root) if n.getRoleName() == "paragraph" and n.name]
if not shown:
    fail("no paragraph node carries text")
missing = [p for p in shown if p not in texts]
if missing:
    fail(f"paragraph nodes whose text is not the document's: {missing[:3]}")
print(f"paragraph nodes with text: {len(shown)}, all from the document: {not missing}")

# 2. Tag by names: search, go to the hit, tag from the palette.
click(find(root, "push button", name="View"))
click(find(root, "push button", contains="Search the corpus"))
set_text(find(root, "entry", name="Search text"), "labour lawyer")
click(button(contains="a former labour lawyer, thanked"))
click(find(root, "push button", name="Tag as Person (P)"))
new = find(root, "push button", name="Person: labour lawyer (not linked)")
print("tagged, read back:", new.name)

# Link it to an entity through the linking palette.
click(find(root, "push button", name="Annotate"))
click(find(root, "push button", contains="Link to entity or event"))
set_text(find(root, "entry", name="Find entity or event"), "Elena Sarmiento")
click(button(prefix="Elena Sarmiento"))
linked = find(root, "push button", contains="Person: labour lawyer (entity Elena Sarmiento")
print("linked, read back:", linked.name)

# A relation from it to the Army, by names: the inspector (the Army now selected) lists it.
click(find(root, "push button", contains="Start relation / argument"))
click(find(root, "push button", contains="Organisation: Army (entity"))
click(button(name="member of"))
time.sleep(0.5)
# The relation chooser lets a linked mention stand for its entity (the default), so the
# inspector names the new mention's entity, Elena Sarmiento, or the mention itself.
rows = [n.name for n, _ in walk(root)
        if "-> member of this" in (n.name or "")
        and ("labour lawyer" in n.name or "Elena Sarmiento" in n.name)]
if not rows:
    write_tree("after.tree.txt")
    fail("the new relation is not listed in the inspector")
else:
    print("relation drawn, the inspector lists:", rows[0])
write_tree("after.tree.txt")

print(f"a11y script: {time.time() - t0:.1f} s")
if failures:
    sys.exit(1)
