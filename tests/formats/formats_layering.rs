//! Layer rules of `src/formats/`: file input and output happen in one module (`files.rs`);
//! importers get their ids from the id source they are given, never from a generator.
//! Each rule is also run on a planted violation, so a rule that stops catching anything fails.

use std::path::{Path, PathBuf};

/// The module allowed to touch the file system.
const IO_MODULE: &str = "files.rs";

/// Code of a Rust file without comments, string and char literals (so docs may name what
/// code may not use).
fn code_only(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < c.len() {
        match c[i] {
            '/' if c.get(i + 1) == Some(&'/') => {
                while i < c.len() && c[i] != '\n' {
                    i += 1;
                }
            }
            '/' if c.get(i + 1) == Some(&'*') => {
                i += 2;
                while i + 1 < c.len() && !(c[i] == '*' && c[i + 1] == '/') {
                    i += 1;
                }
                i += 2;
            }
            '"' => {
                i += 1;
                while i < c.len() && c[i] != '"' {
                    i += if c[i] == '\\' { 2 } else { 1 };
                }
                i += 1;
                out.push_str("\"\"");
            }
            // A char literal ('x', '\n', '\''), not a lifetime ('a).
            '\'' if c.get(i + 2) == Some(&'\'') && c.get(i + 1) != Some(&'\\') => {
                i += 3;
                out.push_str("' '");
            }
            '\'' if c.get(i + 1) == Some(&'\\') => {
                i += 2;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
                out.push_str("' '");
            }
            ch => {
                out.push(ch);
                i += 1;
            }
        }
    }
    out
}

/// What a file's code does that the rules forbid: file-system access (any import form) and
/// id generators.
fn violations(src: &str, io_allowed: bool) -> Vec<String> {
    let code = code_only(src);
    let squeezed: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let mut out = Vec::new();
    if !io_allowed {
        for needle in [
            "std::fs",
            "fs::",
            "File::",
            "OpenOptions",
            "read_dir",
            "read_to_string(",
            "create_dir",
        ] {
            if squeezed.contains(needle) {
                out.push(format!("file system ({needle})"));
            }
        }
        // `use std::{fs, io}` and `use std::{io, fs::File}`.
        for group in squeezed.split("std::{").skip(1) {
            let inside = group.split('}').next().unwrap_or("");
            if inside
                .split(',')
                .any(|p| p == "fs" || p.starts_with("fs::"))
            {
                out.push("file system (use std::{fs, …})".into());
            }
        }
    }
    for needle in ["idgen", "getrandom", "rand::", "thread_rng"] {
        if squeezed.contains(needle) {
            out.push(format!("id generator ({needle})"));
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn formats_do_file_io_in_one_module_and_take_ids_from_their_source() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/formats");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files.sort();
    assert!(files.len() > 5, "src/formats/ was not found");
    let mut problems = Vec::new();
    for f in &files {
        let src = std::fs::read_to_string(f).unwrap();
        let io_allowed = f.file_name().is_some_and(|n| n == IO_MODULE) && f.parent() == Some(&root);
        for v in violations(&src, io_allowed) {
            problems.push(format!("{}: {v}", f.strip_prefix(&root).unwrap().display()));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_rules_catch_planted_violations() {
    let planted = [
        "fn f() { let _ = std::fs::read(\"x\"); }",
        "use std::{fs, io};",
        "use std::{io, fs::File};",
        "use std::fs::File; fn f() { File::open(\"a\"); }",
        "fn f(p: &Path) { for e in p.read_dir() {} }",
        "let id = crate::idgen::mention_id();",
        "getrandom::fill(&mut b);",
        "let q = '\"'; let x = std::fs::read(p);",
    ];
    for p in planted {
        assert!(!violations(p, false).is_empty(), "not caught: {p}");
    }
    // The I/O module may read files, but not generate ids.
    assert!(violations("use std::fs; fn f() { fs::read(\"a\"); }", true).is_empty());
    assert!(!violations("let id = crate::idgen::doc_id();", true).is_empty());
    // Comments and strings may name them.
    assert!(
        violations(
            "/// see crate::idgen::RandomIds\nlet s = \"std::fs\";",
            false
        )
        .is_empty()
    );
}
