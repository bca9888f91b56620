//! The layering test: the crate boundaries Weft does not have, kept by reading the sources.
//!
//! [`RULES`] is the table of layer rules. Each rule names the files it covers, what it forbids,
//! and planted violations that it must catch (and look-alikes in comments and strings that it
//! must not). The sources are read with comments and string literals blanked out, `use` trees
//! expanded (`use std::{fs, io::Read}` is `std::fs` and `std::io::Read`), and every `a::b` path
//! in the code collected. Besides the table: no import cycle between files of `src/` (the graph
//! is built from `use crate::…`, `super::…` and child-module paths, following re-exports to the
//! file that defines an item), and no file over 800 lines or function over 120 lines.
//!
//! [`ALLOW`] and [`SIZE_ALLOW`] list the exceptions, each with a reason. An entry that no longer
//! matches anything fails the test: the lists may only shrink. `src/ui/app/` is never on them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

// ----- reading sources -----

/// A source file as the rules see it.
struct Source {
    /// Path under `src/`, with `/` ("model/project.rs").
    rel: String,
    /// The code with comments and string/char literals blanked (newlines kept).
    code: String,
    /// Expanded `use` paths: (segments, re-export?, line, byte offset).
    uses: Vec<(Vec<String>, bool, usize, usize)>,
    /// Every `a::b::c` path written in the code (outside `use`), with its line and offset.
    paths: Vec<(Vec<String>, usize, usize)>,
    /// Inline modules (`mod tests { … }`): byte span and name.
    inline: Vec<(usize, usize, String)>,
}

/// Blanks comments, string literals and char literals, keeping newlines and lifetimes.
fn strip(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let blank = |out: &mut String, ch: char| out.push(if ch == '\n' { '\n' } else { ' ' });
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    let mut i = 0;
    while i < c.len() {
        let prev_ident = i > 0 && ident(c[i - 1]);
        if c[i] == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                blank(&mut out, c[i]);
                i += 1;
            }
        } else if c[i] == '/' && c.get(i + 1) == Some(&'*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, c[i]);
                    i += 1;
                }
            }
        } else if !prev_ident && (c[i] == 'r' || (c[i] == 'b' && c.get(i + 1) == Some(&'r'))) && {
            let mut j = i + if c[i] == 'b' { 2 } else { 1 };
            while c.get(j) == Some(&'#') {
                j += 1;
            }
            c.get(j) == Some(&'"')
        } {
            // Raw string: r#"…"#
            let mut j = i + if c[i] == 'b' { 2 } else { 1 };
            let mut hashes = 0;
            while c[j] == '#' {
                hashes += 1;
                j += 1;
            }
            j += 1;
            while j < c.len() {
                if c[j] == '"' && (1..=hashes).all(|k| c.get(j + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            for &ch in &c[i..j.min(c.len())] {
                blank(&mut out, ch);
            }
            i = j;
        } else if c[i] == '"' {
            blank(&mut out, c[i]);
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    blank(&mut out, c[i]);
                    i += 1;
                }
                if i < c.len() {
                    blank(&mut out, c[i]);
                    i += 1;
                }
            }
            if i < c.len() {
                blank(&mut out, c[i]);
                i += 1;
            }
        } else if c[i] == '\'' && !prev_ident {
            // A char literal ('a', '\n', '\u{1F600}') or a lifetime ('a, 'static).
            let end = if c.get(i + 1) == Some(&'\\') {
                (i + 2..c.len()).find(|&k| c[k] == '\'')
            } else if c.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match end {
                Some(e) => {
                    for &ch in &c[i..=e] {
                        blank(&mut out, ch);
                    }
                    i = e + 1;
                }
                None => {
                    out.push(c[i]);
                    i += 1;
                }
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// Expands a `use` tree ("std::{fs, io::Read as R}") into paths.
fn expand_use(tree: &str) -> Vec<Vec<String>> {
    fn parse(s: &[char], i: &mut usize, prefix: &[String], out: &mut Vec<Vec<String>>) {
        let mut path = prefix.to_vec();
        loop {
            while *i < s.len() && s[*i].is_whitespace() {
                *i += 1;
            }
            if *i >= s.len() {
                break;
            }
            if s[*i] == '{' {
                *i += 1;
                loop {
                    parse(s, i, &path, out);
                    while *i < s.len() && s[*i].is_whitespace() {
                        *i += 1;
                    }
                    if *i < s.len() && s[*i] == ',' {
                        *i += 1;
                        continue;
                    }
                    if *i < s.len() && s[*i] == '}' {
                        *i += 1;
                    }
                    return;
                }
            }
            let start = *i;
            while *i < s.len() && (s[*i].is_alphanumeric() || s[*i] == '_' || s[*i] == '*') {
                *i += 1;
            }
            let seg: String = s[start..*i].iter().collect();
            if seg.is_empty() {
                // A stray character (`}` or `,` of an outer group): leave it to the caller.
                if !path.is_empty() && path.len() > prefix.len() {
                    out.push(path);
                }
                return;
            }
            if seg != "self" {
                path.push(seg);
            }
            while *i < s.len() && s[*i].is_whitespace() {
                *i += 1;
            }
            if s[*i..].starts_with(&[':', ':']) {
                *i += 2;
                continue;
            }
            if s[*i..].starts_with(&['a', 's']) {
                *i += 2;
                while *i < s.len()
                    && (s[*i].is_whitespace() || s[*i].is_alphanumeric() || s[*i] == '_')
                {
                    *i += 1;
                }
            }
            out.push(path);
            return;
        }
    }
    let chars: Vec<char> = tree.trim().trim_start_matches("::").chars().collect();
    let mut out = Vec::new();
    parse(&chars, &mut 0, &[], &mut out);
    out
}

/// Spans of inline modules (`mod name { … }`) in stripped code, outermost first.
fn inline_mods(code: &str) -> Vec<(usize, usize, String)> {
    let re = regex::Regex::new(r"\bmod\s+(\w+)\s*\{").unwrap();
    let bytes = code.as_bytes();
    re.captures_iter(code)
        .map(|c| {
            let open = c.get(0).unwrap().end() - 1;
            let mut depth = 0;
            let mut end = bytes.len();
            for (i, b) in bytes.iter().enumerate().skip(open) {
                match b {
                    b'{' => depth += 1,
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            (open, end, c[1].to_string())
        })
        .collect()
}

fn line_of(code: &str, byte: usize) -> usize {
    code[..byte].matches('\n').count() + 1
}

impl Source {
    fn parse(rel: &str, raw: &str) -> Source {
        let code = strip(raw);
        let use_re = regex::Regex::new(r"(?m)^\s*(pub(\([^)]*\))?\s+)?use\s+([^;]+);").unwrap();
        let mut uses = Vec::new();
        let mut blanked = code.clone();
        for m in use_re.captures_iter(&code) {
            let whole = m.get(0).unwrap();
            let line = line_of(&code, whole.start());
            for p in expand_use(&m[3]) {
                uses.push((p, m.get(1).is_some(), line, whole.start()));
            }
            blanked.replace_range(whole.range(), &" ".repeat(whole.len()));
        }
        let path_re = regex::Regex::new(r"\b[A-Za-z_]\w*(?:\s*::\s*[A-Za-z_]\w*)+").unwrap();
        let paths = path_re
            .find_iter(&blanked)
            .filter(|m| {
                // Not the tail of a longer path that began earlier (`a::b` inside `x::a::b`).
                !blanked[..m.start()].trim_end().ends_with("::")
            })
            .map(|m| {
                let segs = m
                    .as_str()
                    .split("::")
                    .map(|s| s.trim().to_string())
                    .collect();
                (segs, line_of(&blanked, m.start()), m.start())
            })
            .collect();
        let inline = inline_mods(&code);
        Source {
            rel: rel.to_string(),
            code,
            uses,
            paths,
            inline,
        }
    }

    /// Every path: `use` paths (re-exports too) and paths in the code, with line and offset.
    fn all_paths(&self) -> impl Iterator<Item = (&Vec<String>, usize, usize)> {
        self.uses
            .iter()
            .map(|(p, _, l, o)| (p, *l, *o))
            .chain(self.paths.iter().map(|(p, l, o)| (p, *l, *o)))
    }

    /// The module path of this file ("ui/app/mod.rs" → ui::app).
    fn module(&self) -> Vec<String> {
        let mut segs: Vec<String> = self
            .rel
            .trim_end_matches(".rs")
            .split('/')
            .map(str::to_string)
            .collect();
        if matches!(segs.last().map(String::as_str), Some("mod" | "lib")) {
            segs.pop();
        }
        segs
    }

    /// Child modules declared here with `mod name;`.
    fn child_mods(&self) -> BTreeSet<String> {
        let re = regex::Regex::new(r"(?m)^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;").unwrap();
        re.captures_iter(&self.code)
            .map(|c| c[1].to_string())
            .collect()
    }

    /// A path at byte `offset` made absolute from `crate::`, `super::`, `self::` or a child
    /// module; `None` for other crates and names imported by `use`.
    fn absolute(&self, p: &[String], offset: usize) -> Option<Vec<String>> {
        let mut here = self.module();
        let inner: Vec<&String> = self
            .inline
            .iter()
            .filter(|(a, b, _)| *a <= offset && offset < *b)
            .map(|(_, _, n)| n)
            .collect();
        here.extend(inner.iter().map(|n| (*n).clone()));
        let mut rest = p;
        match p.first().map(String::as_str) {
            Some("crate") => return Some(p[1..].to_vec()),
            Some("super") | Some("self") => {
                while let Some(s) = rest.first() {
                    match s.as_str() {
                        "super" => {
                            here.pop();
                        }
                        "self" => {}
                        _ => break,
                    }
                    rest = &rest[1..];
                }
            }
            Some(first) if inner.is_empty() && self.child_mods().contains(first) => {}
            _ => return None,
        }
        here.extend(rest.iter().cloned());
        Some(here)
    }

    /// `line: text` of a line, for messages.
    fn at(&self, line: usize) -> String {
        format!("{}:{line}", self.rel)
    }

    /// Lines of the code matching `re`, as (line, matched text).
    fn find(&self, re: &str) -> Vec<(usize, String)> {
        let re = regex::Regex::new(re).unwrap();
        re.find_iter(&self.code)
            .map(|m| (line_of(&self.code, m.start()), m.as_str().to_string()))
            .collect()
    }
}

fn read_sources(root: &Path) -> Vec<Source> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<Source>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, root, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(Source::parse(&rel, &std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out
}

fn src_root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

// ----- the rules -----

/// One broken rule: where, and the offending text.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Violation {
    rule: &'static str,
    at: String,
    file: String,
    evidence: String,
}

struct Rule {
    name: &'static str,
    /// What the rule keeps, in words (shown when it fails).
    what: &'static str,
    covers: fn(&str) -> bool,
    check: fn(&Source) -> Vec<(usize, String)>,
    /// Sources (path under src/, text) that break the rule: each must be caught.
    planted: &'static [(&'static str, &'static str)],
    /// Look-alikes (comments, strings, allowed spots) that must not be caught.
    innocent: &'static [(&'static str, &'static str)],
}

fn is_pure(rel: &str) -> bool {
    rel.starts_with("model/")
        || rel.starts_with("edit/")
        || rel == "search.rs"
        || rel == "suggest.rs"
        || rel.starts_with("temporal/")
        || rel.starts_with("graph/")
        || rel.starts_with("textlayout/")
        || rel.starts_with("agreement/")
        || rel.starts_with("curation/")
}

fn is_panel(rel: &str) -> bool {
    rel.starts_with("ui/") && !rel.starts_with("ui/app/") && rel != "ui/mod.rs"
}

/// Paths (from `use` and code) whose segments start with any of `prefixes`.
fn paths_starting(s: &Source, prefixes: &[&[&str]]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (p, line, off) in s.all_paths() {
        let abs = s.absolute(p, off);
        for pre in prefixes {
            let hit = |q: &[String]| {
                q.len() >= pre.len() && q.iter().zip(pre.iter()).all(|(a, b)| a == b)
            };
            let crate_hit = pre.first() == Some(&"crate")
                && abs
                    .as_ref()
                    .is_some_and(|a| hit(&[vec!["crate".to_string()], a.clone()].concat()));
            if hit(p) || crate_hit {
                out.push((line, p.join("::")));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn no_globals(s: &Source) -> Vec<(usize, String)> {
    let mut out = s.find(r"(?m)^\s*(?:pub(?:\([^)]*\))?\s+)?static\s+(?:mut\s+)?[A-Za-z_]\w*");
    out.extend(s.find(
        r"\b(?:Atomic[A-Z]\w*|Cell|RefCell|UnsafeCell|OnceCell|OnceLock|LazyLock|LazyCell|Mutex|RwLock|thread_local)\b",
    ));
    out
}

fn no_io(s: &Source) -> Vec<(usize, String)> {
    let mut out = paths_starting(
        s,
        &[
            &["std", "fs"],
            &["std", "io"],
            &["std", "env"],
            &["std", "time"],
            &["std", "net"],
            &["std", "process"],
            &["std", "thread"],
            &["std", "os"],
        ],
    );
    out.extend(
        s.find(r"\b(?:SystemTime|Instant|OpenOptions)\b|\bFile\s*::|\b(?:Utc|Local)\s*::\s*now\b"),
    );
    out
}

fn no_impure_layers(s: &Source) -> Vec<(usize, String)> {
    paths_starting(
        s,
        &[
            &["egui"],
            &["eframe"],
            &["rfd"],
            &["getrandom"],
            &["tempfile"],
            &["crate", "store"],
            &["crate", "ui"],
            &["crate", "cli"],
            &["crate", "session"],
            &["crate", "formats"],
            &["crate", "bench"],
            &["crate", "idgen"],
        ],
    )
}

fn panel_imports(s: &Source) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (p, line, off) in s.all_paths() {
        if let Some(abs) = s.absolute(p, off)
            && (abs.starts_with(&["ui".to_string(), "app".to_string()])
                || abs.first().is_some_and(|f| f == "store"))
        {
            out.push((line, p.join("::")));
        }
    }
    out.extend(s.find(r"\bWeftApp\b|&\s*mut\s+(?:crate\s*::\s*session\s*::\s*)?Session\b"));
    out
}

fn egui_paths(s: &Source) -> Vec<(usize, String)> {
    paths_starting(s, &[&["egui"], &["eframe"], &["rfd"], &["egui_kittest"]])
}

fn formats_io(s: &Source) -> Vec<(usize, String)> {
    let mut out = paths_starting(s, &[&["std", "fs"], &["crate", "store", "atomic"]]);
    out.extend(s.find(
        r"\bFile\s*::|\b(?:OpenOptions|write_atomic|read_dir)\b|\.(?:is_dir|is_file|exists|metadata|canonicalize)\s*\(",
    ));
    out
}

fn formats_ids(s: &Source) -> Vec<(usize, String)> {
    let mut out = paths_starting(s, &[&["crate", "idgen"], &["getrandom"]]);
    out.extend(s.find(r"\bidgen\s*::\s*\w+"));
    out.sort();
    out.dedup();
    out
}

fn session_imports(s: &Source) -> Vec<(usize, String)> {
    let mut out = egui_paths(s);
    out.extend(paths_starting(s, &[&["crate", "ui"]]));
    out
}

const RULES: &[Rule] = &[
    Rule {
        name: "pure-no-globals",
        what: "the pure core (model, edit, search, suggest) keeps no global state: no statics, atomics, Cells, locks or thread-locals (change stamps are per-project state)",
        covers: is_pure,
        check: no_globals,
        planted: &[
            (
                "model/stamps.rs",
                "static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);\n",
            ),
            (
                "edit/cache.rs",
                "thread_local! { static LAST: std::cell::Cell<u64> = std::cell::Cell::new(0); }\n",
            ),
            (
                "search.rs",
                "use std::cell::RefCell;\nstruct S { c: RefCell<u32> }\n",
            ),
        ],
        innocent: &[(
            "model/ids.rs",
            "// a static counter would be wrong here\npub const PREFIX: &'static str = \"static Cell\";\nfn f<'a>(x: &'a str) -> &'a str { x }\n",
        )],
    },
    Rule {
        name: "pure-no-io",
        what: "the pure core uses no file system, I/O, clock, environment, network, processes or threads, in any import form",
        covers: is_pure,
        check: no_io,
        planted: &[
            (
                "edit/x.rs",
                "use std::{fs, io::Read};\nfn f() { let _ = fs::read(\"x\"); }\n",
            ),
            (
                "model/x.rs",
                "fn now() -> std::time::Instant { std::time::Instant::now() }\n",
            ),
            (
                "suggest.rs",
                "fn who() -> String { std::env::var(\"USER\").unwrap() }\n",
            ),
            (
                "model/y.rs",
                "fn t() -> chrono::DateTime<chrono::Utc> { chrono::Utc::now() }\n",
            ),
            ("edit/y.rs", "use std::fs::File;\n"),
        ],
        innocent: &[(
            "model/text.rs",
            "//! std::fs is not used; see std::io docs\nconst HELP: &str = \"std::fs::read\";\nuse std::sync::Arc;\n",
        )],
    },
    Rule {
        name: "pure-no-impure-layers",
        what: "the pure core imports no egui, no randomness and no impure layer (store, ui, cli, session, formats, bench, idgen)",
        covers: is_pure,
        check: no_impure_layers,
        planted: &[
            ("search.rs", "use crate::store::ProjectFolder;\n"),
            ("model/x.rs", "fn f(_: &egui::Ui) {}\n"),
            ("edit/ops/x.rs", "use super::super::super::idgen;\n"),
            (
                "edit/x.rs",
                "fn id() -> String { crate::idgen::new_id(\"m_\") }\n",
            ),
        ],
        innocent: &[(
            "edit/x.rs",
            "use crate::model::Project;\nuse super::Edit;\n",
        )],
    },
    Rule {
        name: "panels-no-app-store-or-mut-session",
        what: "panels and view models (src/ui outside src/ui/app) never import the app or the store, and never take `&mut Session`",
        covers: is_panel,
        check: panel_imports,
        planted: &[
            ("ui/palette.rs", "use super::app::WeftApp;\n"),
            (
                "ui/view_model/x.rs",
                "fn f(s: &mut crate::session::Session) {}\n",
            ),
            ("ui/inspector.rs", "use crate::store::ProjectFolder;\n"),
            ("ui/doc_view/paint.rs", "use crate::ui::app::Message;\n"),
            ("ui/registry.rs", "fn f(s: &mut Session) {}\n"),
        ],
        innocent: &[(
            "ui/registry.rs",
            "use crate::session::Session;\nfn f(s: &Session, st: &mut RegistryState) {}\n// WeftApp applies the actions\n",
        )],
    },
    Rule {
        name: "view-models-no-egui",
        what: "view models (src/ui/view_model) are plain data: no egui, so they are built and tested without a window",
        covers: |rel| rel.starts_with("ui/view_model/"),
        check: egui_paths,
        planted: &[
            ("ui/view_model/x.rs", "use egui::Color32;\n"),
            ("ui/view_model/y.rs", "struct B { c: egui::Color32 }\n"),
        ],
        innocent: &[(
            "ui/view_model/x.rs",
            "/// Turned into egui::Color32 at paint time.\npub struct Rgb(pub u8, pub u8, pub u8);\n",
        )],
    },
    Rule {
        name: "formats-io-in-one-module",
        what: "formats work on text in memory; file I/O happens only in src/formats/files.rs",
        covers: |rel| rel.starts_with("formats/") && rel != "formats/files.rs",
        check: formats_io,
        planted: &[
            (
                "formats/conll.rs",
                "fn f() { std::fs::write(\"a\", \"b\").unwrap(); }\n",
            ),
            ("formats/brat.rs", "use std::fs;\n"),
            (
                "formats/doccano.rs",
                "fn f(p: &std::path::Path) -> bool { p.exists() }\n",
            ),
        ],
        innocent: &[(
            "formats/spacy.rs",
            "// the CLI writes the file (std::fs)\nfn f(s: &str) -> usize { s.len() }\n",
        )],
    },
    Rule {
        name: "formats-injected-ids",
        what: "formats get new ids from an injected source (deterministic for a seed), never from idgen or the OS",
        covers: |rel| rel.starts_with("formats/"),
        check: formats_ids,
        planted: &[
            (
                "formats/doccano.rs",
                "fn f() -> String { crate::idgen::new_id(\"m_\") }\n",
            ),
            (
                "formats/brat.rs",
                "use crate::idgen;\nfn f() { let _ = idgen::mention_id(); }\n",
            ),
        ],
        innocent: &[(
            "formats/conll.rs",
            "fn f(ids: &mut dyn FnMut() -> String) -> String { ids() }\n",
        )],
    },
    Rule {
        name: "cli-no-egui",
        what: "the command line never imports egui (it runs headless)",
        covers: |rel| rel == "cli.rs" || rel.starts_with("cli/") || rel == "main.rs",
        check: egui_paths,
        planted: &[
            ("cli.rs", "use egui::Context;\n"),
            ("main.rs", "fn f(_: eframe::Frame) {}\n"),
        ],
        innocent: &[(
            "cli.rs",
            "/// With no subcommand, weft opens the egui workbench.\nfn f() {}\n",
        )],
    },
    Rule {
        name: "session-no-egui-or-ui",
        what: "the session never imports egui or the UI (both front ends use it)",
        covers: |rel| rel.starts_with("session/"),
        check: session_imports,
        planted: &[
            ("session/mod.rs", "fn f(c: &eframe::Frame) {}\n"),
            ("session/texts.rs", "use crate::ui::workspace::Workspace;\n"),
        ],
        innocent: &[(
            "session/mod.rs",
            "//! No egui here.\nuse crate::store::ProjectFolder;\n",
        )],
    },
];

/// Exceptions to [`RULES`]: (rule, file, evidence, reason). Each must still match a violation.
const ALLOW: &[(&str, &str, &str, &str)] = &[];

fn violations_of(rule: &Rule, s: &Source) -> Vec<Violation> {
    (rule.check)(s)
        .into_iter()
        .map(|(line, evidence)| Violation {
            rule: rule.name,
            at: s.at(line),
            file: s.rel.clone(),
            evidence,
        })
        .collect()
}

#[test]
fn every_layer_rule_holds_except_the_listed_spots() {
    let sources = read_sources(&src_root());
    let mut found = Vec::new();
    for rule in RULES {
        for s in sources.iter().filter(|s| (rule.covers)(&s.rel)) {
            found.extend(violations_of(rule, s));
        }
    }
    let allowed = |v: &Violation| {
        ALLOW
            .iter()
            .any(|(r, f, e, _)| *r == v.rule && *f == v.file && v.evidence.contains(e))
    };
    let broken: Vec<String> = found
        .iter()
        .filter(|v| !allowed(v))
        .map(|v| {
            let what = RULES.iter().find(|r| r.name == v.rule).unwrap().what;
            format!("{} [{}] `{}`: {what}", v.at, v.rule, v.evidence)
        })
        .collect();
    assert!(
        broken.is_empty(),
        "layer rules broken:\n{}",
        broken.join("\n")
    );
    let stale: Vec<String> = ALLOW
        .iter()
        .filter(|(r, f, e, _)| {
            !found
                .iter()
                .any(|v| v.rule == *r && v.file == *f && v.evidence.contains(e))
        })
        .map(|(r, f, e, _)| format!("[{r}] {f} `{e}`"))
        .collect();
    assert!(
        stale.is_empty(),
        "allowlist entries that match nothing any more (remove them; the list only shrinks):\n{}",
        stale.join("\n")
    );
}

#[test]
fn every_rule_catches_its_planted_violations_and_not_their_look_alikes() {
    for rule in RULES {
        assert!(
            !rule.planted.is_empty(),
            "{} has no planted violation",
            rule.name
        );
        for (rel, text) in rule.planted {
            assert!(
                (rule.covers)(rel),
                "{}: the planted {rel} is not covered",
                rule.name
            );
            let s = Source::parse(rel, text);
            assert!(
                !violations_of(rule, &s).is_empty(),
                "{} did not catch its planted violation in {rel}:\n{text}",
                rule.name
            );
        }
        for (rel, text) in rule.innocent {
            let s = Source::parse(rel, text);
            let v = violations_of(rule, &s);
            assert!(
                v.is_empty(),
                "{} caught an innocent {rel}: {v:?}",
                rule.name
            );
        }
    }
}

#[test]
fn the_allowlists_give_reasons_and_never_name_the_app() {
    for (rule, file, evidence, reason) in ALLOW {
        assert!(RULES.iter().any(|r| r.name == *rule), "unknown rule {rule}");
        assert!(
            !reason.trim().is_empty(),
            "{file} `{evidence}` needs a reason"
        );
    }
    for (file, item, reason) in SIZE_ALLOW {
        assert!(!reason.trim().is_empty(), "{file} {item:?} needs a reason");
        assert!(
            !file.starts_with("ui/app"),
            "the app is never on the size allowlist: {file}"
        );
    }
}

// ----- import cycles -----

/// Names defined at the top level of a file (functions, types, constants, modules).
fn defined(s: &Source) -> BTreeSet<String> {
    let re = regex::Regex::new(
        r"(?m)^(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:fn|struct|enum|type|trait|const|static|mod|union)\s+(\w+)",
    )
    .unwrap();
    re.captures_iter(&s.code)
        .map(|c| c[1].to_string())
        .collect()
}

/// The import graph between files: file → files it uses items of.
struct Graph<'a> {
    by_module: BTreeMap<Vec<String>, &'a Source>,
}

impl<'a> Graph<'a> {
    fn new(sources: &'a [Source]) -> Self {
        let by_module = sources
            .iter()
            .filter(|s| s.rel != "main.rs" && !s.rel.starts_with("bin/"))
            .map(|s| (s.module(), s))
            .collect();
        Graph { by_module }
    }

    /// The file that defines the item an absolute path names, following re-exports.
    fn resolve(&self, abs: &[String], depth: usize) -> Option<&'a Source> {
        let (n, file) = (0..=abs.len())
            .rev()
            .find_map(|n| self.by_module.get(&abs[..n]).map(|f| (n, *f)))?;
        let Some(item) = abs.get(n) else {
            return Some(file);
        };
        if depth > 8 {
            return Some(file);
        }
        for (p, is_pub, _, off) in &file.uses {
            if !*is_pub {
                continue;
            }
            let last = p.last().map(String::as_str);
            let target = if last == Some(item.as_str()) {
                file.absolute(p, *off)
            } else if last == Some("*") {
                file.absolute(&p[..p.len() - 1], *off)
                    .filter(|m| {
                        self.by_module
                            .get(m)
                            .is_some_and(|f| defined(f).contains(item))
                    })
                    .map(|mut m| {
                        m.push(item.clone());
                        m
                    })
            } else {
                None
            };
            if let Some(t) = target {
                let mut t = t;
                t.extend(abs[n + 1..].iter().cloned());
                return self.resolve(&t, depth + 1).or(Some(file));
            }
        }
        Some(file)
    }

    /// Edges of one file (re-exports are aliases, not uses, and make no edge).
    fn edges(&self, s: &Source) -> BTreeSet<String> {
        let uses = s
            .uses
            .iter()
            .filter(|(_, p, _, _)| !p)
            .map(|(p, _, _, o)| (p, *o));
        uses.chain(s.paths.iter().map(|(p, _, o)| (p, *o)))
            .filter_map(|(p, o)| s.absolute(p, o))
            .filter_map(|abs| self.resolve(&abs, 0))
            .map(|f| f.rel.clone())
            .filter(|f| *f != s.rel)
            .collect()
    }

    /// Groups of files that import each other (strongly connected, more than one file).
    fn cycles(&self) -> Vec<Vec<String>> {
        let files: Vec<&Source> = self.by_module.values().copied().collect();
        let edges: BTreeMap<String, BTreeSet<String>> = files
            .iter()
            .map(|s| (s.rel.clone(), self.edges(s)))
            .collect();
        strongly_connected(&edges)
            .into_iter()
            .filter(|c| c.len() > 1)
            .collect()
    }
}

/// Tarjan's algorithm over a small graph.
fn strongly_connected(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct T<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
        next: usize,
    }
    impl<'a> T<'a> {
        fn visit(&mut self, v: &'a str) {
            self.index.insert(v, self.next);
            self.low.insert(v, self.next);
            self.next += 1;
            self.stack.push(v);
            self.on.insert(v);
            for w in self.edges.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !self.edges.contains_key(w) {
                    continue;
                }
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let lw = self.low[w];
                    let lv = self.low.get_mut(v).unwrap();
                    *lv = (*lv).min(lw);
                } else if self.on.contains(w) {
                    let iw = self.index[w];
                    let lv = self.low.get_mut(v).unwrap();
                    *lv = (*lv).min(iw);
                }
            }
            if self.low[v] == self.index[v] {
                let mut group = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on.remove(w);
                    group.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                group.sort();
                self.out.push(group);
            }
        }
    }
    let mut t = T {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
        next: 0,
    };
    for v in edges.keys() {
        if !t.index.contains_key(v.as_str()) {
            t.visit(v);
        }
    }
    t.out
}

#[test]
fn there_is_no_import_cycle_between_files() {
    let sources = read_sources(&src_root());
    let graph = Graph::new(&sources);
    let cycles = graph.cycles();
    assert!(
        cycles.is_empty(),
        "files that import each other (a cycle; give the shared part a file of its own):\n{}",
        cycles
            .iter()
            .map(|c| c.join(" <-> "))
            .collect::<Vec<_>>()
            .join("\n")
    );
    // The graph is really built: the app uses the session, the panels the workspace.
    let app = sources.iter().find(|s| s.rel == "ui/app/mod.rs").unwrap();
    let e = graph.edges(app);
    assert!(
        e.contains("session/mod.rs") && e.contains("ui/workspace.rs"),
        "{e:?}"
    );
}

#[test]
fn the_cycle_check_catches_a_planted_cycle_and_follows_re_exports() {
    let planted = [
        Source::parse("a.rs", "use crate::b::B;\npub struct A;\n"),
        Source::parse("b.rs", "pub struct B(crate::c::C);\n"),
        Source::parse("c.rs", "use super::a::A;\npub struct C;\n"),
        Source::parse("lib.rs", "pub mod a;\npub mod b;\npub mod c;\n"),
    ];
    let cycles = Graph::new(&planted).cycles();
    assert_eq!(cycles, vec![vec!["a.rs", "b.rs", "c.rs"]]);
    // A module that re-exports a child's item, and the child using the parent's: no cycle.
    let fine = [
        Source::parse(
            "s/mod.rs",
            "mod t;\npub use t::Added;\npub struct Session;\n",
        ),
        Source::parse("s/t.rs", "use super::Session;\npub struct Added;\n"),
        Source::parse("u.rs", "use crate::s::Added;\n"),
        Source::parse("lib.rs", "pub mod s;\npub mod u;\n"),
    ];
    let g = Graph::new(&fine);
    assert!(g.cycles().is_empty(), "{:?}", g.cycles());
    let u = &fine[2];
    assert_eq!(
        g.edges(u),
        BTreeSet::from(["s/t.rs".to_string()]),
        "followed to the definer"
    );
}

// ----- sizes -----

const MAX_FILE_LINES: usize = 800;
const MAX_FN_LINES: usize = 120;

/// Files (item `None`) and functions allowed to be longer, with the reason.
const SIZE_ALLOW: &[(&str, Option<&str>, &str)] = &[];

/// (name, first line, lines) of every function with a body.
fn functions(s: &Source) -> Vec<(String, usize, usize)> {
    let re = regex::Regex::new(r"\bfn\s+(\w+)").unwrap();
    let code = s.code.as_bytes();
    let mut out = Vec::new();
    for m in re.captures_iter(&s.code) {
        let start = m.get(0).unwrap().start();
        // The body opens at the first `{` after the signature (a `;` first: no body).
        let mut i = m.get(0).unwrap().end();
        let mut paren = 0i32;
        while i < code.len() {
            match code[i] {
                b'>' if i > 0 && code[i - 1] == b'-' => {}
                b'(' | b'<' | b'[' => paren += 1,
                b')' | b'>' | b']' if paren > 0 => paren -= 1,
                b';' if paren == 0 => break,
                b'{' if paren == 0 => break,
                _ => {}
            }
            i += 1;
        }
        if i >= code.len() || code[i] != b'{' {
            continue;
        }
        let mut depth = 0;
        let mut j = i;
        while j < code.len() {
            match code[j] {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        let first = line_of(&s.code, start);
        let last = line_of(&s.code, j.min(code.len() - 1));
        out.push((m[1].to_string(), first, last - first + 1));
    }
    out
}

/// Files and functions over the limits, as (file, item, lines).
fn too_long(s: &Source) -> Vec<(String, Option<String>, usize)> {
    let mut out = Vec::new();
    let lines = s.code.lines().count();
    if lines > MAX_FILE_LINES {
        out.push((s.rel.clone(), None, lines));
    }
    for (name, _, n) in functions(s) {
        if n > MAX_FN_LINES {
            out.push((s.rel.clone(), Some(name), n));
        }
    }
    out
}

#[test]
fn no_file_over_800_lines_and_no_function_over_120_except_the_listed() {
    let sources = read_sources(&src_root());
    let found: Vec<(String, Option<String>, usize)> = sources.iter().flat_map(too_long).collect();
    let listed = |f: &str, i: &Option<String>| {
        SIZE_ALLOW
            .iter()
            .any(|(af, ai, _)| *af == f && ai.map(str::to_string) == *i)
    };
    let over: Vec<String> = found
        .iter()
        .filter(|(f, i, _)| !listed(f, i))
        .map(|(f, i, n)| match i {
            None => format!("{f}: {n} lines (limit {MAX_FILE_LINES}): split it by job"),
            Some(i) => format!("{f}: fn {i} has {n} lines (limit {MAX_FN_LINES}): split it by job"),
        })
        .collect();
    assert!(over.is_empty(), "too long:\n{}", over.join("\n"));
    let stale: Vec<String> = SIZE_ALLOW
        .iter()
        .filter(|(f, i, _)| {
            !found
                .iter()
                .any(|(ff, fi, _)| ff == f && fi.as_deref() == *i)
        })
        .map(|(f, i, _)| format!("{f} {i:?}"))
        .collect();
    assert!(
        stale.is_empty(),
        "size allowlist entries that are within the limits now (remove them):\n{}",
        stale.join("\n")
    );
}

#[test]
fn the_size_check_catches_a_planted_long_file_and_function() {
    let long_fn = format!(
        "fn long() {{\n{}}}\n",
        "    let _x = 1;\n".repeat(MAX_FN_LINES)
    );
    let s = Source::parse("x.rs", &long_fn);
    assert_eq!(
        too_long(&s),
        vec![("x.rs".into(), Some("long".into()), MAX_FN_LINES + 2)]
    );
    let long_file = "const A: u8 = 1;\n".repeat(MAX_FILE_LINES + 1);
    let s = Source::parse("y.rs", &long_file);
    assert_eq!(
        too_long(&s),
        vec![("y.rs".into(), None, MAX_FILE_LINES + 1)]
    );
    // Braces in strings and comments do not confuse the count.
    let s = Source::parse(
        "z.rs",
        "fn f() {\n    let s = \"}}}\"; // {\n}\nfn g() {}\n",
    );
    assert_eq!(functions(&s), vec![("f".into(), 1, 3), ("g".into(), 4, 1)]);
}

#[test]
fn sources_are_read_with_comments_strings_and_use_groups_understood() {
    let s = Source::parse(
        "edit/x.rs",
        "use std::{fs, io::{self, Read as R}};\n// std::env\nlet c = '\"'; let l: &'static str = \"std::net\";\n",
    );
    let uses: Vec<String> = s.uses.iter().map(|(p, _, _, _)| p.join("::")).collect();
    assert_eq!(uses, ["std::fs", "std::io", "std::io::Read"]);
    assert!(s.paths.is_empty(), "{:?}", s.paths);
    assert!(s.code.contains("'static"), "lifetimes are kept");
}
