//! HTML (a saved web page) to the text a reader of the page sees, through scraper (html5ever,
//! the browsers' parsing algorithm, so broken markup is read as a browser reads it).
//!
//! Block elements (paragraphs, headings, list items, `div`s, table rows…) become paragraphs;
//! whitespace collapses as a browser collapses it, except inside `<pre>`; `<br>` breaks the
//! line; character references are decoded. Not shown, so dropped silently: the `<head>` (title
//! included), scripts, styles, `<template>`, `<noscript>` and elements marked `hidden`.
//! Dropped and reported: images, embedded frames and media. Tables are kept, one line per
//! row with tab-separated cells, and reported as flattened.

use super::blocks::Blocks;
use super::report::Dropped;
use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// Elements whose content a reader never sees.
const HIDDEN: &[&str] = &[
    "head", "title", "script", "style", "noscript", "template", "meta", "link", "base",
];
/// Embedded things replaced by nothing in the text, reported by the name given.
const EMBEDDED: &[(&str, &str)] = &[
    ("img", "image"),
    ("picture", "image"),
    ("svg", "image"),
    ("canvas", "image"),
    ("iframe", "embedded frame"),
    ("object", "embedded object"),
    ("embed", "embedded object"),
    ("video", "video"),
    ("audio", "audio clip"),
];
/// Elements that start and end a paragraph.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "section",
    "summary",
    "table",
    "ul",
];

/// Extracts the text of an HTML document.
pub fn extract(source: &str) -> (String, Dropped) {
    let mut out = Blocks::new();
    let mut dropped = Dropped::default();
    extract_into(source, &mut out, &mut dropped);
    (out.finish(), dropped)
}

/// Extracts the text of an HTML document or fragment into `out` (Markdown's HTML blocks too).
pub fn extract_into(source: &str, out: &mut Blocks, dropped: &mut Dropped) {
    let doc = Html::parse_document(source);
    // Depth inside an element whose content is skipped.
    let mut skip = 0usize;
    // Cells seen in the current table row.
    let mut cells = 0usize;
    let mut tables = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skip > 0 {
                    if node.value().is_element() {
                        skip += 1;
                    }
                    continue;
                }
                match node.value() {
                    Node::Text(t) => out.text(t),
                    Node::Element(e) => {
                        let name = e.name();
                        if HIDDEN.contains(&name) || e.attr("hidden").is_some() {
                            skip = 1;
                        } else if let Some((_, what)) = EMBEDDED.iter().find(|(n, _)| *n == name) {
                            dropped.add(what);
                            skip = 1;
                        } else {
                            match name {
                                "br" => out.line_break(),
                                "pre" | "textarea" | "listing" => out.begin_pre(),
                                "tr" => cells = 0,
                                "td" | "th" => {
                                    if cells > 0 {
                                        out.tab();
                                    }
                                    cells += 1;
                                }
                                "table" => {
                                    tables += 1;
                                    out.end_block();
                                }
                                _ if BLOCK.contains(&name) => out.end_block(),
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                let Node::Element(e) = node.value() else {
                    continue;
                };
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match e.name() {
                    "pre" | "textarea" | "listing" => out.end_pre(),
                    "tr" => out.line_break(),
                    name if BLOCK.contains(&name) => out.end_block(),
                    _ => {}
                }
            }
        }
    }
    if tables > 0 {
        dropped.note(format!(
            "{tables} table(s) kept as one line per row, cells separated by tabs"
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_paragraphs_and_hidden_content_goes() {
        let html = r#"<!DOCTYPE html><html><head><title>Not shown</title>
            <style>p { color: red }</style><script>var x = "<p>no</p>";</script></head>
            <body><h1>The  coup</h1><p>General&nbsp;Ruiz
            spoke <b>at</b> dawn.<br>Then left.</p><div hidden>secret</div>
            <ul><li>one</li><li>two &amp; three</li></ul><img src="a.png" alt="photo"></body></html>"#;
        let (text, dropped) = extract(html);
        assert_eq!(
            text,
            "The coup\n\nGeneral\u{a0}Ruiz spoke at dawn.\nThen left.\n\none\n\ntwo & three\n"
        );
        assert_eq!(dropped.count("image"), 1);
    }

    #[test]
    fn tables_are_flattened_and_pre_is_kept() {
        let html = "<table><tr><th>Name</th><th>Role</th></tr><tr><td>Ana</td><td>mayor</td></tr></table><pre>a  b\n c</pre>";
        let (text, dropped) = extract(html);
        assert_eq!(text, "Name\tRole\nAna\tmayor\n\na  b\n c\n");
        assert!(dropped.lines()[0].contains("1 table(s)"));
    }

    #[test]
    fn broken_markup_is_read_as_a_browser_reads_it() {
        let (text, _) = extract("<p>one<p>two <i>three</p>four");
        assert_eq!(text, "one\n\ntwo three\n\nfour\n");
    }
}
