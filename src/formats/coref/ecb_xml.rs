//! Reading the CROMER XML of ECB+: tokens, markables (anchored mentions and instances) and
//! coreference relations, and the text Weft builds from the tokens.

use crate::formats::InFile;
use quick_xml::events::Event;
use std::collections::HashMap;

/// An anchored markable (a mention) of one file.
#[derive(Debug, Default)]
pub(super) struct Markable {
    pub(super) tag: String,
    pub(super) m_id: String,
    pub(super) anchors: Vec<String>,
    pub(super) line: usize,
}

/// An instance markable (a relation target: no anchors).
#[derive(Debug, Default, Clone)]
pub(super) struct Instance {
    pub(super) tag: String,
    pub(super) instance_id: Option<String>,
    pub(super) descriptor: String,
}

#[derive(Debug, Default)]
pub(super) struct CorefRel {
    pub(super) kind: String,
    pub(super) r_id: String,
    pub(super) note: String,
    pub(super) sources: Vec<String>,
    pub(super) target: Option<String>,
    pub(super) line: usize,
}

/// What one ECB+ file holds.
#[derive(Debug, Default)]
pub(super) struct EcbDoc {
    pub(super) name: String,
    /// (t_id, sentence, text).
    pub(super) tokens: Vec<(String, String, String)>,
    pub(super) markables: Vec<Markable>,
    pub(super) instances: HashMap<String, Instance>,
    pub(super) relations: Vec<CorefRel>,
}

fn line_of(text: &str, pos: u64) -> usize {
    let pos = (pos as usize).min(text.len());
    text.as_bytes()[..pos]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn attrs(e: &quick_xml::events::BytesStart<'_>) -> HashMap<String, String> {
    e.attributes()
        .flatten()
        .map(|a| {
            (
                String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map(|v| v.into_owned())
                    .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned()),
            )
        })
        .collect()
}

/// The state of reading one ECB+ file.
#[derive(Default)]
struct Reading {
    d: EcbDoc,
    /// `markables`, `relations`, or `` (the tokens).
    section: &'static str,
    token: Option<(String, String, String)>,
    markable: Option<Markable>,
    rel: Option<CorefRel>,
}

impl Reading {
    /// An opening (or empty) element `name` with attributes `a`, at `line`.
    fn start(&mut self, name: &str, a: &HashMap<String, String>, empty: bool, line: usize) {
        match (name, self.section) {
            ("Document", _) => {
                self.d.name = a.get("doc_name").cloned().unwrap_or_default();
            }
            ("token", "") => {
                let t = (
                    a.get("t_id").cloned().unwrap_or_default(),
                    a.get("sentence").cloned().unwrap_or_default(),
                    String::new(),
                );
                if empty {
                    self.d.tokens.push(t);
                } else {
                    self.token = Some(t);
                }
            }
            ("Markables", _) => self.section = "markables",
            ("Relations", _) => self.section = "relations",
            ("token_anchor", "markables") => {
                if let (Some(m), Some(t)) = (self.markable.as_mut(), a.get("t_id")) {
                    m.anchors.push(t.clone());
                }
            }
            (_, "markables") => {
                let m_id = a.get("m_id").cloned().unwrap_or_default();
                if empty {
                    self.d.instances.insert(
                        m_id,
                        Instance {
                            tag: name.to_string(),
                            instance_id: a.get("instance_id").filter(|s| !s.is_empty()).cloned(),
                            descriptor: a.get("TAG_DESCRIPTOR").cloned().unwrap_or_default(),
                        },
                    );
                } else {
                    self.markable = Some(Markable {
                        tag: name.to_string(),
                        m_id,
                        anchors: vec![],
                        line,
                    });
                }
            }
            ("source", "relations") => {
                if let (Some(x), Some(m)) = (self.rel.as_mut(), a.get("m_id")) {
                    x.sources.push(m.clone());
                }
            }
            ("target", "relations") => {
                if let (Some(x), Some(m)) = (self.rel.as_mut(), a.get("m_id")) {
                    x.target = Some(m.clone());
                }
            }
            (_, "relations") => {
                let x = CorefRel {
                    kind: name.to_string(),
                    r_id: a.get("r_id").cloned().unwrap_or_default(),
                    note: a.get("note").cloned().unwrap_or_default(),
                    sources: vec![],
                    target: None,
                    line,
                };
                if empty {
                    self.d.relations.push(x);
                } else {
                    self.rel = Some(x);
                }
            }
            _ => {}
        }
    }

    /// A closing element `name`.
    fn end(&mut self, name: &str) {
        match (name, self.section) {
            ("token", "") => {
                if let Some(t) = self.token.take() {
                    self.d.tokens.push(t);
                }
            }
            ("Markables", _) | ("Relations", _) => self.section = "",
            (_, "markables") => {
                if let Some(m) = self.markable.take() {
                    self.d.markables.push(m);
                }
            }
            (_, "relations") => {
                if let Some(x) = self.rel.take() {
                    self.d.relations.push(x);
                }
            }
            _ => {}
        }
    }

    /// Text inside a token.
    fn text(&mut self, t: &str) {
        if let Some(tok) = self.token.as_mut() {
            tok.2 += t;
        }
    }
}

/// Parses one ECB+ file; an XML error ends the file with a message naming its line.
pub(super) fn parse_ecb(f: &InFile) -> Result<EcbDoc, String> {
    let mut r = quick_xml::Reader::from_str(&f.text);
    let mut st = Reading::default();
    loop {
        let pos = r.buffer_position();
        let ev = r.read_event().map_err(|e| {
            format!(
                "line {}: not well-formed XML: {e}",
                line_of(&f.text, r.error_position())
            )
        })?;
        let empty = matches!(ev, Event::Empty(_));
        match ev {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                st.start(&name, &attrs(&e), empty, line_of(&f.text, pos));
            }
            Event::Text(t) if st.token.is_some() => {
                let t = t
                    .xml10_content()
                    .map_err(|e| format!("line {}: {e}", line_of(&f.text, pos)))?;
                st.text(&t);
            }
            Event::GeneralRef(g) if st.token.is_some() => {
                let c = match g.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = g.decode().map(|s| s.into_owned()).unwrap_or_default();
                        quick_xml::escape::unescape(&format!("&{name};"))
                            .map(|s| s.into_owned())
                            .map_err(|e| {
                                format!(
                                    "line {}: unknown entity &{name};: {e}",
                                    line_of(&f.text, pos)
                                )
                            })?
                    }
                };
                st.text(&c);
            }
            Event::CData(t) => st.text(&String::from_utf8_lossy(&t.into_inner())),
            Event::End(e) => st.end(&String::from_utf8_lossy(e.name().as_ref())),
            _ => {}
        }
    }
    Ok(st.d)
}

pub(super) fn is_event_tag(tag: &str) -> bool {
    tag.starts_with("ACTION") || tag.starts_with("NEG_ACTION")
}

/// A token of the text Weft builds from an ECB+ file.
#[derive(Clone, Debug)]
pub(super) struct Placed {
    pub t_id: String,
    pub sentence: String,
    /// Position in its sentence, from 0 (ECB+'s `number`).
    pub number: usize,
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
}

/// The text of a token list `(t_id, sentence, text)`: tokens joined by spaces, one sentence
/// per line, as the ECB+ import builds it; and where each token is. A t_id given twice is
/// returned in the second list (the first is used).
pub(super) fn text_of(tokens: &[(String, String, String)]) -> (String, Vec<Placed>, Vec<String>) {
    let mut text = String::new();
    let mut placed = Vec::with_capacity(tokens.len());
    let mut seen = std::collections::HashSet::new();
    let mut twice = Vec::new();
    let mut last: Option<&str> = None;
    let mut number = 0;
    for (tid, sentence, t) in tokens {
        match last {
            None => {}
            Some(s) if s == sentence => {
                text.push(' ');
                number += 1;
            }
            Some(_) => {
                text.push('\n');
                number = 0;
            }
        }
        last = Some(sentence);
        let start = text.len();
        text.push_str(t.trim());
        if !seen.insert(tid.as_str()) {
            twice.push(tid.clone());
        }
        placed.push(Placed {
            t_id: tid.clone(),
            sentence: sentence.clone(),
            number,
            start,
            end: text.len(),
        });
    }
    (text, placed, twice)
}
