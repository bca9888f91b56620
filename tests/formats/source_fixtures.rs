//! The small source files the import tests read, made here: a `.docx` zipped by hand and PDFs
//! written by a tiny PDF writer (Type 1 Helvetica, WinAnsi encoding, one text line per `Tj`).
//! The same files are committed in `tests/fixtures/sources/` for the Windows smoke test
//! (`.ci/check_windows.sh`) and for trying `weft add` by hand;
//! `the_committed_fixtures_are_what_the_writers_make` keeps them equal
//! (`WEFT_BLESS=1 cargo test --test formats committed_fixtures` rewrites them).

use std::io::Write;
use std::path::{Path, PathBuf};

pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sources")
}

// ---------------------------------------------------------------- PDF

/// One page: lines of text, each with the gap (in points) above it; or an image only.
pub enum Page {
    Text(Vec<(f32, &'static str)>),
    ImageOnly,
}

/// The text of the PDF fixture as a reader sees it: the expected extraction.
pub const REPORT_PDF_TEXT: &str = "Report of the Commission on Santa Lucía\n\n\
On 3 June 1974 the provisional government of Santa Lucía announced a self-appointed council led by Colonel Ana Ruiz.\n\n\
The council met in Puerto Alegre; José Ibáñez refused to sign.\n\n\
Annex: the anti-Ruiz press was closed from 1974-1976.\n";

/// Two pages with a heading, paragraphs, hyphenated line ends and accented letters.
pub fn report_pdf() -> Vec<u8> {
    pdf(&[
        Page::Text(vec![
            (0.0, "Report of the Commission on Santa Lucía"),
            (30.0, "On 3 June 1974 the provisional govern-"),
            (14.0, "ment of Santa Lucía announced a self-"),
            (14.0, "appointed council led by Colonel Ana Ruiz."),
            (30.0, "The council met in Puerto Alegre; José Ibáñez"),
            (14.0, "refused to sign."),
        ]),
        Page::Text(vec![
            (0.0, "Annex: the anti-"),
            (14.0, "Ruiz press was closed from 1974-"),
            (14.0, "1976."),
        ]),
    ])
}

/// A scan: two pages holding an image each and no text.
pub fn scanned_pdf() -> Vec<u8> {
    pdf(&[Page::ImageOnly, Page::ImageOnly])
}

fn winansi(s: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for c in s.chars() {
        let b = match c {
            '(' | ')' | '\\' => {
                out.push(b'\\');
                c as u32 as u8
            }
            c if (c as u32) < 0x7f => c as u32 as u8,
            // Latin-1 letters have the same codes in WinAnsi.
            c if (0xa0..=0xff).contains(&(c as u32)) => c as u32 as u8,
            c => panic!("{c:?} is not in this writer's WinAnsi subset"),
        };
        out.push(b);
    }
    out
}

/// Writes a PDF 1.4 file with the given pages (US Letter).
pub fn pdf(pages: &[Page]) -> Vec<u8> {
    // Objects: 1 catalog, 2 pages, 3 font, 4 image, then (page, contents) per page.
    let mut objects: Vec<Vec<u8>> = vec![Vec::new(); 4 + 2 * pages.len()];
    let kids: Vec<String> = (0..pages.len())
        .map(|i| format!("{} 0 R", 5 + 2 * i))
        .collect();
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>".to_vec();
    objects[1] = format!(
        "<< /Type /Pages /Kids [{}] /Count {} >>",
        kids.join(" "),
        pages.len()
    )
    .into_bytes();
    objects[2] =
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec();
    let pixels = [0u8, 255, 255, 0];
    let mut image = b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n".to_vec();
    image.extend_from_slice(&pixels);
    image.extend_from_slice(b"\nendstream");
    objects[3] = image;
    for (i, page) in pages.iter().enumerate() {
        let page_no = 5 + 2 * i;
        let contents_no = page_no + 1;
        let mut content = Vec::new();
        match page {
            Page::Text(lines) => {
                let mut y = 720.0;
                content.extend_from_slice(b"BT /F1 12 Tf\n");
                for (gap, line) in lines {
                    y -= gap;
                    content.extend_from_slice(format!("1 0 0 1 72 {y} Tm (").as_bytes());
                    content.extend_from_slice(&winansi(line));
                    content.extend_from_slice(b") Tj\n");
                }
                content.extend_from_slice(b"ET\n");
            }
            Page::ImageOnly => content.extend_from_slice(b"q 400 0 0 500 100 150 cm /Im1 Do Q\n"),
        }
        objects[page_no - 1] = format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> /XObject << /Im1 4 0 R >> >> /Contents {contents_no} 0 R >>"
        )
        .into_bytes();
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend_from_slice(&content);
        stream.extend_from_slice(b"endstream");
        objects[contents_no - 1] = stream;
    }
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

// ---------------------------------------------------------------- DOCX

/// The text of the .docx fixture as a reader sees it (the table kept, flattened).
pub const MEMO_DOCX_TEXT: &str = "Memorandum on the Puerto Alegre talks\n\n\
Present:\tColonel Ana Ruiz and José Ibáñez, with  two aides.\n\
Written on 4 June 1974.\n\n\
Name\tRole\n\
Ana Ruiz\tcouncil chair\n\
José Ibáñez\tmayor (dismissed)\n\n\
The talks failed.\n";

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn run(text: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

fn para(inner: &str) -> String {
    format!("<w:p>{inner}</w:p>")
}

fn cell(text: &str) -> String {
    format!(
        "<w:tc><w:tcPr><w:tcW w:w=\"3000\" w:type=\"dxa\"/></w:tcPr>{}</w:tc>",
        para(&run(text))
    )
}

/// A Word document with a heading, a tab, two spaces, a line break, bold text, a table, an
/// image, a footnote and a page header.
pub fn memo_docx() -> Vec<u8> {
    let body = [
        para(&format!(
            r#"<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>{}"#,
            run("Memorandum on the Puerto Alegre talks")
        )),
        para(&format!(
            r#"<w:pPr><w:tabs><w:tab w:val="left" w:pos="1440"/></w:tabs></w:pPr>{}<w:r><w:tab/></w:r>{}<w:r><w:rPr><w:b/></w:rPr><w:t>Ana Ruiz</w:t></w:r>{}<w:r><w:footnoteReference w:id="1"/></w:r>{}<w:r><w:br/></w:r>{}"#,
            run("Present:"),
            run("Colonel "),
            run(" and Jos&#233; Ib&#225;&#241;ez, with  two aides."),
            "",
            run("Written on 4 June 1974."),
        )),
        format!(
            "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
            cell("Name"),
            cell("Role"),
            cell("Ana Ruiz"),
            cell("council chair"),
            cell("José Ibáñez"),
            cell("mayor (dismissed)")
        ),
        para(r#"<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:docPr id="1" name="Photo"/></wp:inline></w:drawing></w:r>"#),
        para(&run("The talks failed.")),
    ]
    .concat();
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}"><w:body>{body}<w:sectPr><w:headerReference w:type="default" r:id="rId2" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></w:sectPr></w:body></w:document>"#
    );
    let footnotes = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W}"><w:footnote w:id="1"><w:p>{}</w:p></w:footnote></w:footnotes>"#,
        run("Her title was disputed.")
    );
    let header = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="{W}"><w:p>{}</w:p></w:hdr>"#,
        run("CONFIDENTIAL")
    );
    let content_types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let doc_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/></Relationships>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // A fixed timestamp keeps the bytes the same on every run.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, text) in [
        ("[Content_Types].xml", content_types.to_string()),
        ("_rels/.rels", rels.to_string()),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", doc_rels.to_string()),
        ("word/footnotes.xml", footnotes),
        ("word/header1.xml", header),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

// ---------------------------------------------------------------- Markdown and HTML

pub const NOTES_MD: &str = "---\nauthor: field team\n---\n# Notes from *Puerto Alegre*\n\n\
Colonel **Ana Ruiz** spoke\nto the council on 3 June 1974.[^1]\n\n\
![the square](square.jpg)\n\n\
- José Ibáñez refused\n- the talks [failed](https://example.org/talks)\n\n\
[^1]: Reported by radio.\n";

pub const NOTES_MD_TEXT: &str = "Notes from Puerto Alegre\n\n\
Colonel Ana Ruiz spoke to the council on 3 June 1974.\n\n\
José Ibáñez refused\n\nthe talks failed\n";

pub const PAGE_HTML: &str = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Santa Lucía news</title>\n\
<style>body { font: 12px serif }</style><script>track('visit');</script></head>\n\
<body><nav><a href=\"/\">Home</a></nav>\n<article><h1>Council  formed</h1>\n\
<p>Colonel <em>Ana Ruiz</em> leads the\n   council;<br>José Ibáñez &amp; two aides left.</p>\n\
<img src=\"council.jpg\" alt=\"The council\">\n<p>More at 11&nbsp;pm.</p></article></body></html>\n";

pub const PAGE_HTML_TEXT: &str = "Home\n\nCouncil formed\n\n\
Colonel Ana Ruiz leads the council;\nJosé Ibáñez & two aides left.\n\n\
More at 11\u{a0}pm.\n";

/// Every fixture: (file name, bytes).
pub fn all() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("report.pdf", report_pdf()),
        ("scanned.pdf", scanned_pdf()),
        ("memo.docx", memo_docx()),
        ("notes.md", NOTES_MD.as_bytes().to_vec()),
        ("page.html", PAGE_HTML.as_bytes().to_vec()),
    ]
}

#[test]
fn the_committed_fixtures_are_what_the_writers_make() {
    let bless = std::env::var_os("WEFT_BLESS").is_some();
    for (name, bytes) in all() {
        let path = dir().join(name);
        if bless {
            std::fs::create_dir_all(dir()).unwrap();
            std::fs::write(&path, &bytes).unwrap();
        }
        let on_disk = std::fs::read(&path).unwrap_or_default();
        assert!(
            on_disk == bytes,
            "{} differs from what tests/formats/source_fixtures.rs makes; run WEFT_BLESS=1 cargo test --test formats committed_fixtures",
            path.display()
        );
    }
}
