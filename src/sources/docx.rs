//! Word documents (`.docx`: a zip of XML parts) to their body text, with zip and quick-xml.
//!
//! Read: `word/document.xml`. Each paragraph (`w:p`) is a paragraph; `w:t` text is kept with
//! its spaces as Word shows them; `w:tab` is a tab, `w:br` and `w:cr` a line break, a
//! non-breaking hyphen a `-`. Tables are kept, one line per row with tab-separated cells (the
//! paragraphs of a cell joined by a space), and reported as flattened. Deleted text (tracked
//! changes), field codes and property elements are not text and are skipped.
//!
//! Dropped and reported: images and drawings (with any text box inside them), embedded
//! objects, footnotes, endnotes and comments (their text lives in other parts; the reference
//! mark is dropped from the body), and page headers and footers. Old binary `.doc` files are not
//! zips and are refused with a message.

use super::blocks::Blocks;
use super::report::{Dropped, Problem};
use quick_xml::events::Event;
use std::io::{Cursor, Read};

/// The largest XML part read, in bytes (a guard against zip bombs).
const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;

/// Elements whose whole content is skipped: properties, and the alternative rendering of
/// drawings (its `mc:Choice` twin is skipped as a drawing).
fn skipped(name: &[u8]) -> bool {
    name.ends_with(b"Pr") || name == b"Fallback" || name == b"instrText" || name == b"delText"
}

/// What a dropped element is reported as.
fn embedded(name: &[u8]) -> Option<&'static str> {
    match name {
        b"drawing" | b"pict" => Some("image or drawing"),
        b"object" => Some("embedded object"),
        _ => None,
    }
}

/// Extracts the body text of a `.docx` file's bytes.
pub fn extract(bytes: &[u8]) -> Result<(String, Dropped), Problem> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        Problem::Malformed(format!(
            "not a zip archive, as a .docx is ({e}); an old binary .doc must be saved as .docx first"
        ))
    })?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let main = if names.iter().any(|n| n == "word/document.xml") {
        "word/document.xml".to_string()
    } else {
        names
            .iter()
            .find(|n| n.starts_with("word/") && n.ends_with("document.xml"))
            .cloned()
            .ok_or_else(|| Problem::Malformed("the archive has no word/document.xml".to_string()))?
    };
    let xml = read_part(&mut zip, &main)?;
    let mut dropped = Dropped::default();
    let text = body_text(&xml, &main, &mut dropped)?;
    for name in &names {
        let part = name.trim_start_matches("word/");
        if name.starts_with("word/") && (part.starts_with("header") || part.starts_with("footer")) {
            let xml = read_part(&mut zip, name)?;
            if xml.contains("<w:t") {
                dropped.add("page header or footer");
            }
        }
    }
    Ok((text, dropped))
}

fn read_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<String, Problem> {
    let file = zip
        .by_name(name)
        .map_err(|e| Problem::Malformed(format!("cannot read {name}: {e}")))?;
    let mut xml = String::new();
    file.take(MAX_PART_BYTES + 1)
        .read_to_string(&mut xml)
        .map_err(|e| Problem::Malformed(format!("cannot read {name}: {e}")))?;
    if xml.len() as u64 > MAX_PART_BYTES {
        return Err(Problem::Malformed(format!(
            "{name} is over {} MB unpacked",
            MAX_PART_BYTES / (1024 * 1024)
        )));
    }
    Ok(xml)
}

fn line_of(text: &str, pos: u64) -> usize {
    let end = (pos as usize).min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Walks `word/document.xml`.
/// Where the walk through `document.xml` is: the text so far, how deep inside a skipped or
/// embedded element, whether inside a `w:t`, and the tables open around it.
#[derive(Default)]
struct Walk {
    out: Blocks,
    skip: usize,
    in_text: bool,
    /// Open tables, and cells seen in the current row of the innermost one.
    tables: usize,
    cells: usize,
    table_count: usize,
}

impl Walk {
    fn start(&mut self, name: &[u8], dropped: &mut Dropped) {
        if self.skip > 0 {
            self.skip += 1;
        } else if skipped(name) {
            self.skip = 1;
        } else if let Some(what) = embedded(name) {
            dropped.add(what);
            self.skip = 1;
        } else {
            match name {
                b"t" => self.in_text = true,
                b"p" if self.tables == 0 => self.out.end_block(),
                b"tbl" => {
                    if self.tables == 0 {
                        self.out.end_block();
                        self.table_count += 1;
                    }
                    self.tables += 1;
                }
                b"tr" => self.cells = 0,
                b"tc" => {
                    if self.cells > 0 {
                        self.out.tab();
                    }
                    self.cells += 1;
                }
                _ => {}
            }
        }
    }

    fn empty(&mut self, name: &[u8], dropped: &mut Dropped) {
        if self.skip > 0 {
            return;
        }
        match name {
            b"tab" => self.out.tab(),
            b"br" | b"cr" => self.out.line_break(),
            b"noBreakHyphen" => self.out.raw("-"),
            b"footnoteReference" => dropped.add("footnote"),
            b"endnoteReference" => dropped.add("endnote"),
            b"commentReference" => dropped.add("comment"),
            name => {
                if let Some(what) = embedded(name) {
                    dropped.add(what);
                }
            }
        }
    }

    fn end(&mut self, name: &[u8]) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        match name {
            b"t" => self.in_text = false,
            b"p" if self.tables == 0 => self.out.end_block(),
            b"p" => self.out.soft_space(),
            b"tr" => self.out.line_break(),
            b"tbl" => {
                self.tables = self.tables.saturating_sub(1);
                if self.tables == 0 {
                    self.out.end_block();
                }
            }
            _ => {}
        }
    }

    /// Inside a `w:t` that is not skipped: its characters are text.
    fn takes_text(&self) -> bool {
        self.in_text && self.skip == 0
    }
}

fn body_text(xml: &str, part: &str, dropped: &mut Dropped) -> Result<String, Problem> {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut w = Walk::default();
    let malformed = |what: String, at: u64| {
        Problem::Malformed(format!("{part} line {}: {what}", line_of(xml, at)))
    };
    loop {
        let ev = r
            .read_event()
            .map_err(|e| malformed(format!("not well-formed XML: {e}"), r.error_position()))?;
        match ev {
            Event::Eof => break,
            Event::Start(e) => w.start(e.local_name().as_ref(), dropped),
            Event::Empty(e) => w.empty(e.local_name().as_ref(), dropped),
            Event::End(e) => w.end(e.local_name().as_ref()),
            Event::Text(t) if w.takes_text() => {
                let s = t
                    .xml10_content()
                    .map_err(|e| malformed(e.to_string(), r.buffer_position()))?;
                w.out.raw(&s);
            }
            Event::GeneralRef(g) if w.takes_text() => {
                let c = match g.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = g.decode().map(|s| s.into_owned()).unwrap_or_default();
                        quick_xml::escape::unescape(&format!("&{name};"))
                            .map(|s| s.into_owned())
                            .map_err(|e| {
                                malformed(
                                    format!("unknown entity &{name};: {e}"),
                                    r.buffer_position(),
                                )
                            })?
                    }
                };
                w.out.raw(&c);
            }
            _ => {}
        }
    }
    if w.table_count > 0 {
        dropped.note(format!(
            "{} table(s) kept as one line per row, cells separated by tabs",
            w.table_count
        ));
    }
    Ok(w.out.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(inner: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{inner}<w:sectPr><w:pgSz w:w="11906"/></w:sectPr></w:body></w:document>"#
        )
    }

    #[test]
    fn paragraphs_tabs_and_breaks() {
        let xml = body(
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t xml:space="preserve">General  </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>Ruiz</w:t></w:r><w:r><w:tab/><w:t>spoke</w:t><w:br/><w:t>at&amp;dawn</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>Jean</w:t><w:noBreakHyphen/><w:t>Paul</w:t><w:delText>gone</w:delText></w:r></w:p>"#,
        );
        let mut d = Dropped::default();
        let text = body_text(&xml, "word/document.xml", &mut d).unwrap();
        assert_eq!(text, "General  Ruiz\tspoke\nat&dawn\n\nJean-Paul\n");
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn tables_flatten_and_drawings_and_notes_are_reported() {
        let xml = body(
            r#"<w:p><w:r><w:t>See</w:t></w:r><w:r><w:drawing><wp:inline xmlns:wp="x"><w:t>in a text box</w:t></wp:inline></w:drawing></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p><w:tbl><w:tblPr/><w:tr><w:tc><w:tcPr/><w:p><w:r><w:t>Name</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Role</w:t></w:r></w:p><w:p><w:r><w:t>(office)</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>Ana</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>mayor</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:t>After</w:t></w:r></w:p>"#,
        );
        let mut d = Dropped::default();
        let text = body_text(&xml, "word/document.xml", &mut d).unwrap();
        assert_eq!(text, "See\n\nName\tRole (office)\nAna\tmayor\n\nAfter\n");
        assert_eq!(d.count("image or drawing"), 1);
        assert_eq!(d.count("footnote"), 1);
    }

    #[test]
    fn broken_xml_names_the_part_and_line() {
        let mut d = Dropped::default();
        let e = body_text(
            "<w:document>\n<w:body>\n<w:p></w:x>",
            "word/document.xml",
            &mut d,
        )
        .unwrap_err();
        let Problem::Malformed(m) = e else {
            panic!("{e:?}")
        };
        assert!(m.contains("word/document.xml line 3"), "{m}");
    }

    #[test]
    fn a_file_that_is_not_a_zip_is_refused() {
        let Err(Problem::Malformed(m)) = extract(b"\xd0\xcf\x11\xe0 an old .doc") else {
            panic!()
        };
        assert!(m.contains("not a zip"), "{m}");
    }
}
