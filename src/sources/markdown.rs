//! Markdown (CommonMark with tables, footnotes, strikethrough, task lists and YAML front
//! matter, through pulldown-cmark) to the text a reader of the rendered page sees.
//!
//! Kept: the text of paragraphs, headings, list items, quotations, code (verbatim), link
//! text, table cells (one line per row, tab-separated). Dropped and reported: images (their alt
//! text is not what a reader sees), footnote definitions, front matter. Raw HTML blocks go
//! through the HTML extractor; inline tags are removed (`<br>` breaks the line).

use super::blocks::Blocks;
use super::report::Dropped;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Extracts the text of a Markdown document.
pub fn extract(source: &str) -> (String, Dropped) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut out = Blocks::new();
    let mut dropped = Dropped::default();
    // Depth of content being skipped (images, footnote definitions, front matter).
    let mut skip = 0usize;
    let mut html_block: Option<String> = None;
    let mut cell = 0usize;
    let mut tables = 0usize;
    for event in Parser::new_ext(source, options) {
        if skip > 0 {
            match event {
                Event::Start(_) => skip += 1,
                Event::End(_) => skip -= 1,
                _ => {}
            }
            continue;
        }
        if let Some(buf) = html_block.as_mut() {
            match event {
                Event::Html(h) | Event::Text(h) => {
                    buf.push_str(&h);
                    continue;
                }
                Event::End(TagEnd::HtmlBlock) => {
                    let html = html_block.take().unwrap_or_default();
                    out.end_block();
                    super::html::extract_into(&html, &mut out, &mut dropped);
                    out.end_block();
                    continue;
                }
                _ => {}
            }
        }
        match event {
            Event::Start(tag) => match tag {
                Tag::Image { .. } => {
                    dropped.add("image");
                    skip = 1;
                }
                Tag::FootnoteDefinition(_) => {
                    dropped.add("footnote");
                    skip = 1;
                }
                Tag::MetadataBlock(_) => {
                    dropped.add("front matter block");
                    skip = 1;
                }
                Tag::HtmlBlock => html_block = Some(String::new()),
                Tag::CodeBlock(_) => out.begin_pre(),
                Tag::Table(_) => {
                    out.end_block();
                    tables += 1;
                }
                Tag::TableHead | Tag::TableRow => cell = 0,
                Tag::TableCell => {
                    if cell > 0 {
                        out.tab();
                    }
                    cell += 1;
                }
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::List(_)
                | Tag::Item
                | Tag::DefinitionList
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition => out.end_block(),
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::CodeBlock => out.end_pre(),
                TagEnd::TableHead | TagEnd::TableRow => out.line_break(),
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::Table
                | TagEnd::DefinitionList
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition => out.end_block(),
                _ => {}
            },
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                out.text(&t)
            }
            Event::InlineHtml(h) | Event::Html(h) => {
                let tag = h.trim().to_ascii_lowercase();
                if tag.starts_with("<br") {
                    out.line_break();
                } else if tag.starts_with("<img") {
                    dropped.add("image");
                }
            }
            Event::SoftBreak => out.soft_space(),
            Event::HardBreak => out.line_break(),
            Event::Rule => out.end_block(),
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
    }
    if tables > 0 {
        dropped.note(format!(
            "{tables} table(s) kept as one line per row, cells separated by tabs"
        ));
    }
    (out.finish(), dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_goes_and_paragraphs_stay() {
        let md = "---\ntitle: x\n---\n# The *junta*\n\nGeneral **Ruiz** spoke\nat dawn [here](http://x).\n\n- first\n- `second`\n\n> quoted\n";
        let (text, dropped) = extract(md);
        assert_eq!(
            text,
            "The junta\n\nGeneral Ruiz spoke at dawn here.\n\nfirst\n\nsecond\n\nquoted\n"
        );
        assert_eq!(dropped.count("front matter block"), 1);
    }

    #[test]
    fn images_and_footnotes_are_dropped_and_counted_tables_flattened() {
        let md =
            "See ![a photo](p.png) this.[^1]\n\n[^1]: A note.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        let (text, dropped) = extract(md);
        assert_eq!(text, "See this.\n\na\tb\n1\t2\n");
        assert_eq!(dropped.count("image"), 1);
        assert_eq!(dropped.count("footnote"), 1);
        assert!(dropped.lines().iter().any(|l| l.contains("table")));
    }

    #[test]
    fn code_blocks_stay_verbatim_and_html_blocks_lose_their_tags() {
        let md = "```\nfn  main()\n```\n\n<div>\n<p>Inside <b>html</b></p>\n</div>\n\nline one  \nline two\n";
        let (text, _) = extract(md);
        assert_eq!(text, "fn  main()\n\nInside html\n\nline one\nline two\n");
    }
}
