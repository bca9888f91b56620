//! Cross-document coreference: three exports and the ECB+ XML import.
//!
//! Exports (one file each, chosen with the `variant` option):
//!
//! * `tokens` — token-based JSON in the style of the CoRefi / ECB+ conversion tools: every
//!   document as a list of tokens `[sentence, token id, text]` (token ids count from 0 in each
//!   document; tokens are Unicode words split at mention boundaries), and every mention as
//!   `doc_id`, `sentence_id`, `tokens_ids`, `tokens`, `type`, `cluster_id`, `cluster_desc`,
//!   `singleton`. Unit: tokens.
//! * `chars` — the same mentions with `fragments` as `[start, end]` pairs in **code points**
//!   (end exclusive) and their `text`, and each document's `text`. Unit: code points.
//! * `conll` — CoNLL-2012-style lines `document part token-number token coref`, between
//!   `#begin document (name); part 000` and `#end document`, where the coref column holds
//!   `(12`, `12)` or `(12)` for the mentions that start and/or end at the token, joined by
//!   `|`, and `-` for none. Cluster numbers are shared by all documents, so a cluster that spans
//!   documents has one number. Unit: tokens.
//!
//! Every mention is written; a mention that belongs to no entity/event gets a cluster of its
//! own (`singleton: true`), so the partition of mentions is complete. Discontinuous mentions
//! are written with all their tokens (token variant), all their fragments (chars) or one
//! bracket pair per fragment with the same number (conll, reported).
//!
//! The **ECB+ import** reads the CROMER XML of ECB+ (`<token t_id sentence number>`,
//! `<Markables>` whose children are mentions anchored on tokens by `<token_anchor t_id>`, or
//! instances with `instance_id` / `TAG_DESCRIPTOR` and no anchors, and `<Relations>` with
//! `CROSS_DOC_COREF` / `INTRA_DOC_COREF` from `source` mentions to a `target` instance). The
//! text is rebuilt from the tokens (joined by spaces, one sentence per line). Markable tag
//! names become types (ACTION_* and NEG_ACTION_* event types, the rest entity types), added to
//! the schema and reported. Each `CROSS_DOC_COREF` target's `instance_id` names one cluster
//! across all files; an `INTRA_DOC_COREF` target without one is a cluster of its document.

use super::ids::{FreshIds, IdSource};
use super::{Export, Import, ImportBuilder, InFile, OutFile, Report};
use crate::edit::Edit;
use crate::model::{Cluster, ClusterId, Mention, MentionId, Project, TextRange, TypeKind};
use chrono::{DateTime, Utc};
use quick_xml::events::Event;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub const OFFSET_UNIT_TOKENS: &str = "tokens (Unicode words, ids from 0 per document)";
pub const OFFSET_UNIT_CHARS: &str = "code points";
pub const ECBPLUS_UNIT: &str = "tokens (t_id)";

/// Which coreference file to write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Variant {
    #[default]
    Tokens,
    Chars,
    Conll,
}

/// Tokens and sentences of one document, with the mentions mapped onto them.
struct DocTokens {
    toks: Vec<super::tokens::Token>,
    sentence_of: Vec<usize>,
}

fn doc_tokens(project: &Project, doc: &crate::model::Document) -> DocTokens {
    let text = doc.text();
    let cuts: BTreeSet<usize> = project
        .mentions_in(&doc.id)
        .flat_map(|m| m.fragments.iter().flat_map(|f| [f.start(), f.end()]))
        .collect();
    let toks = super::tokens::tokens(text, &cuts);
    let sentences = super::tokens::sentences(text);
    let mut si = 0;
    let sentence_of = toks
        .iter()
        .map(|t| {
            while si + 1 < sentences.len() && t.start >= sentences[si].1 {
                si += 1;
            }
            si
        })
        .collect();
    DocTokens { toks, sentence_of }
}

/// Token index ranges of a fragment (tokens never straddle a mention boundary).
fn frag_tokens(toks: &[super::tokens::Token], f: &TextRange) -> (usize, usize) {
    let a = toks.partition_point(|t| t.start < f.start());
    let b = toks.partition_point(|t| t.end <= f.end());
    (a, b.max(a))
}

/// Cluster numbers: Weft clusters first (in project order), then one per unlinked mention.
fn numbering(project: &Project) -> (BTreeMap<ClusterId, usize>, HashMap<MentionId, usize>) {
    let mut by_cluster = BTreeMap::new();
    let mut n = 0;
    for c in project.clusters() {
        if project.members(&c.id).next().is_some() {
            by_cluster.insert(c.id.clone(), n);
            n += 1;
        }
    }
    let mut by_mention = HashMap::new();
    for d in project.documents() {
        let mut ms: Vec<&Mention> = project.mentions_in(&d.id).collect();
        ms.sort_by(|a, b| (a.start(), a.end(), &a.id).cmp(&(b.start(), b.end(), &b.id)));
        for m in ms {
            let id = match &m.cluster {
                Some(c) => by_cluster[c],
                None => {
                    n += 1;
                    n - 1
                }
            };
            by_mention.insert(m.id.clone(), id);
        }
    }
    (by_cluster, by_mention)
}

/// Exports the project's coreference; `progress(done, total)` after each document.
pub fn export(
    project: &Project,
    variant: Variant,
    progress: &mut dyn FnMut(usize, usize),
) -> Export {
    let (unit, name, path) = match variant {
        Variant::Tokens => (OFFSET_UNIT_TOKENS, "tokens", "coref.tokens.json"),
        Variant::Chars => (OFFSET_UNIT_CHARS, "chars", "coref.chars.json"),
        Variant::Conll => (OFFSET_UNIT_TOKENS, "conll", "coref.conll"),
    };
    let mut report = Report::new(format!("coreference export ({name})"), unit);
    let (by_cluster, by_mention) = numbering(project);
    let total = project.documents().len();
    let mut docs_json = serde_json::Map::new();
    let mut mentions_json = Vec::new();
    let mut conll = String::new();
    for (n, doc) in project.documents().iter().enumerate() {
        let text = doc.text();
        let idx = doc.index();
        let dt = doc_tokens(project, doc);
        let mut ms: Vec<&Mention> = project.mentions_in(&doc.id).collect();
        ms.sort_by(|a, b| (a.start(), a.end(), &a.id).cmp(&(b.start(), b.end(), &b.id)));
        // Coref column pieces per token: (opens, closes, singles).
        let mut col: Vec<Vec<String>> = vec![Vec::new(); dt.toks.len()];
        for m in &ms {
            let cid = by_mention[&m.id];
            let cluster = m.cluster.as_ref().and_then(|c| project.cluster(c));
            let mut token_ids = Vec::new();
            for f in &m.fragments {
                let (a, b) = frag_tokens(&dt.toks, f);
                if a >= b {
                    report.loss(
                        "mention without tokens",
                        &doc.name,
                        format!("'{}' ({}) covers only whitespace", f.slice(text), m.id),
                    );
                    continue;
                }
                token_ids.extend(a..b);
                if variant == Variant::Conll {
                    if b - a == 1 {
                        col[a].push(format!("({cid})"));
                    } else {
                        col[a].push(format!("({cid}"));
                        col[b - 1].push(format!("{cid})"));
                    }
                }
            }
            if m.fragments.len() > 1 && variant == Variant::Conll {
                report.loss(
                    "discontinuous mention",
                    &doc.name,
                    format!(
                        "'{}' ({}) has {} fragments; each is bracketed with cluster {cid}",
                        m.covered_text(text),
                        m.id,
                        m.fragments.len()
                    ),
                );
            }
            let mut v = json!({
                "doc_id": doc.name,
                "m_id": m.id.as_str(),
                "sentence_id": token_ids.first().map(|&t| dt.sentence_of[t]),
                "type": m.type_key,
                "cluster_id": cid,
                "cluster_desc": cluster.map(|c| c.name.clone()).unwrap_or_default(),
                "external_id": cluster.and_then(|c| c.external_id.clone()),
                "singleton": m.cluster.is_none(),
            });
            match variant {
                Variant::Chars => {
                    v["fragments"] = json!(
                        m.fragments
                            .iter()
                            .map(|f| json!([
                                idx.byte_to_char(text, f.start()).expect("checked range"),
                                idx.byte_to_char(text, f.end()).expect("checked range")
                            ]))
                            .collect::<Vec<_>>()
                    );
                    v["text"] = json!(m.covered_text(text));
                }
                _ => {
                    v["tokens_ids"] = json!(token_ids);
                    v["tokens"] = json!(
                        token_ids
                            .iter()
                            .map(|&t| &text[dt.toks[t].start..dt.toks[t].end])
                            .collect::<Vec<_>>()
                            .join(" ")
                    );
                }
            }
            mentions_json.push(v);
        }
        match variant {
            Variant::Tokens => {
                let toks: Vec<Value> = dt
                    .toks
                    .iter()
                    .enumerate()
                    .map(|(i, t)| json!([dt.sentence_of[i], i, &text[t.start..t.end]]))
                    .collect();
                docs_json.insert(doc.name.clone(), Value::Array(toks));
            }
            Variant::Chars => {
                docs_json.insert(doc.name.clone(), json!({"text": text}));
            }
            Variant::Conll => {
                let dname = doc.name.replace(char::is_whitespace, "_");
                conll += &format!("#begin document ({dname}); part 000\n");
                let mut last_sentence = None;
                let mut in_sentence = 0;
                for (i, t) in dt.toks.iter().enumerate() {
                    if last_sentence.is_some() && last_sentence != Some(dt.sentence_of[i]) {
                        conll.push('\n');
                        in_sentence = 0;
                    }
                    last_sentence = Some(dt.sentence_of[i]);
                    let c = if col[i].is_empty() {
                        "-".to_string()
                    } else {
                        col[i].join("|")
                    };
                    let tok: String = text[t.start..t.end]
                        .chars()
                        .map(|c| if c.is_whitespace() { '_' } else { c })
                        .collect();
                    conll += &format!("{dname}\t0\t{in_sentence}\t{tok}\t{c}\n");
                    in_sentence += 1;
                }
                conll += "\n#end document\n";
            }
        }
        report.count("documents", 1);
        report.count("tokens", dt.toks.len());
        progress(n + 1, total);
    }
    report.count("mentions", by_mention.len());
    report.count("clusters", by_cluster.len());
    report.count(
        "singletons",
        project.mentions().filter(|m| m.cluster.is_none()).count(),
    );
    let links = project.relations().count() + project.arguments().count();
    if links > 0 {
        report.loss(
            "relations and arguments",
            "",
            format!("{links} relations and event arguments are not written (coreference only)"),
        );
    }
    let empty = project.clusters().count() - by_cluster.len();
    if empty > 0 {
        report.loss(
            "entity/event without mentions",
            "",
            format!("{empty} entities/events have no mention and are not written"),
        );
    }
    let contents = match variant {
        Variant::Conll => conll,
        _ => {
            let clusters: Vec<Value> = project
                .clusters()
                .filter_map(|c| {
                    let id = by_cluster.get(&c.id)?;
                    Some(json!({
                        "cluster_id": id,
                        "type": c.type_key,
                        "name": c.name,
                        "external_id": c.external_id,
                        "size": project.members(&c.id).count(),
                        "documents": project.members(&c.id)
                            .filter_map(|m| project.document(&m.doc).map(|d| d.name.clone()))
                            .collect::<BTreeSet<_>>(),
                    }))
                })
                .collect();
            let v = json!({
                "format": format!("weft-coref-{name}"),
                "offset_unit": if variant == Variant::Chars { "unicode_code_points" } else { "tokens" },
                "documents": docs_json,
                "mentions": mentions_json,
                "clusters": clusters,
            });
            serde_json::to_string_pretty(&v).expect("JSON serialises") + "\n"
        }
    };
    Export {
        files: vec![OutFile {
            path: path.into(),
            contents,
        }],
        report,
    }
}

/// Reads the coref column of a CoNLL-2012-style text: for each document, the mention token
/// spans (document, first token, last token — token numbers counted over the whole document)
/// with their cluster number. For round-trip checks and tools.
pub fn read_conll_coref(text: &str) -> Vec<(String, usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut doc = String::new();
    let mut tok = 0usize;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("#begin document (") {
            doc = rest.split(')').next().unwrap_or("").to_string();
            tok = 0;
            open.clear();
            continue;
        }
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let col = line.rsplit('\t').next().unwrap_or("-");
        if col != "-" {
            for piece in col.split('|') {
                let starts = piece.starts_with('(');
                let ends = piece.ends_with(')');
                let num: usize = piece
                    .trim_matches(|c| c == '(' || c == ')')
                    .parse()
                    .unwrap_or(usize::MAX);
                if starts && ends {
                    out.push((doc.clone(), tok, tok, num));
                } else if starts {
                    open.entry(num).or_default().push(tok);
                } else if ends && let Some(s) = open.get_mut(&num).and_then(Vec::pop) {
                    out.push((doc.clone(), s, tok, num));
                }
            }
        }
        tok += 1;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// ECB+ import

/// An anchored markable (a mention) of one file.
#[derive(Debug, Default)]
struct Markable {
    tag: String,
    m_id: String,
    anchors: Vec<String>,
    line: usize,
}

/// An instance markable (a relation target: no anchors).
#[derive(Debug, Default, Clone)]
struct Instance {
    tag: String,
    instance_id: Option<String>,
    descriptor: String,
}

#[derive(Debug, Default)]
struct CorefRel {
    kind: String,
    r_id: String,
    note: String,
    sources: Vec<String>,
    target: Option<String>,
    line: usize,
}

/// What one ECB+ file holds.
#[derive(Debug, Default)]
struct EcbDoc {
    name: String,
    /// (t_id, sentence, text).
    tokens: Vec<(String, String, String)>,
    markables: Vec<Markable>,
    instances: HashMap<String, Instance>,
    relations: Vec<CorefRel>,
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

/// Parses one ECB+ file; an XML error ends the file with a message naming its line.
fn parse_ecb(f: &InFile) -> Result<EcbDoc, String> {
    let mut r = quick_xml::Reader::from_str(&f.text);
    let mut d = EcbDoc::default();
    let mut section = "";
    let mut token: Option<(String, String, String)> = None;
    let mut markable: Option<Markable> = None;
    let mut rel: Option<CorefRel> = None;
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
                let a = attrs(&e);
                let line = line_of(&f.text, pos);
                match (name.as_str(), section) {
                    ("Document", _) => {
                        d.name = a.get("doc_name").cloned().unwrap_or_default();
                    }
                    ("token", "") => {
                        let t = (
                            a.get("t_id").cloned().unwrap_or_default(),
                            a.get("sentence").cloned().unwrap_or_default(),
                            String::new(),
                        );
                        if empty {
                            d.tokens.push(t);
                        } else {
                            token = Some(t);
                        }
                    }
                    ("Markables", _) => section = "markables",
                    ("Relations", _) => section = "relations",
                    ("token_anchor", "markables") => {
                        if let (Some(m), Some(t)) = (markable.as_mut(), a.get("t_id")) {
                            m.anchors.push(t.clone());
                        }
                    }
                    (_, "markables") => {
                        let m_id = a.get("m_id").cloned().unwrap_or_default();
                        if empty {
                            d.instances.insert(
                                m_id,
                                Instance {
                                    tag: name,
                                    instance_id: a
                                        .get("instance_id")
                                        .filter(|s| !s.is_empty())
                                        .cloned(),
                                    descriptor: a
                                        .get("TAG_DESCRIPTOR")
                                        .cloned()
                                        .unwrap_or_default(),
                                },
                            );
                        } else {
                            markable = Some(Markable {
                                tag: name,
                                m_id,
                                anchors: vec![],
                                line,
                            });
                        }
                    }
                    ("source", "relations") => {
                        if let (Some(x), Some(m)) = (rel.as_mut(), a.get("m_id")) {
                            x.sources.push(m.clone());
                        }
                    }
                    ("target", "relations") => {
                        if let (Some(x), Some(m)) = (rel.as_mut(), a.get("m_id")) {
                            x.target = Some(m.clone());
                        }
                    }
                    (_, "relations") => {
                        let x = CorefRel {
                            kind: name,
                            r_id: a.get("r_id").cloned().unwrap_or_default(),
                            note: a.get("note").cloned().unwrap_or_default(),
                            sources: vec![],
                            target: None,
                            line,
                        };
                        if empty {
                            d.relations.push(x);
                        } else {
                            rel = Some(x);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let Some(tok) = token.as_mut() {
                    tok.2 += &t
                        .xml10_content()
                        .map_err(|e| format!("line {}: {e}", line_of(&f.text, pos)))?;
                }
            }
            Event::GeneralRef(g) => {
                if let Some(tok) = token.as_mut() {
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
                    tok.2 += &c;
                }
            }
            Event::CData(t) => {
                if let Some(tok) = token.as_mut() {
                    tok.2 += &String::from_utf8_lossy(&t.into_inner());
                }
            }
            Event::End(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                match (name.as_str(), section) {
                    ("token", "") => {
                        if let Some(t) = token.take() {
                            d.tokens.push(t);
                        }
                    }
                    ("Markables", _) | ("Relations", _) => section = "",
                    (_, "markables") => {
                        if let Some(m) = markable.take() {
                            d.markables.push(m);
                        }
                    }
                    (_, "relations") => {
                        if let Some(x) = rel.take() {
                            d.relations.push(x);
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    Ok(d)
}

fn is_event_tag(tag: &str) -> bool {
    tag.starts_with("ACTION") || tag.starts_with("NEG_ACTION")
}

/// Imports ECB+ XML files; `progress(done, total)` after each file (one document each).
pub fn import_ecbplus(
    project: &Project,
    files: &[InFile],
    now: DateTime<Utc>,
    ids: &mut dyn IdSource,
    progress: &mut dyn FnMut(usize, usize),
) -> Import {
    let mut b = ImportBuilder::new(project, Report::new("ECB+ import", ECBPLUS_UNIT), now, ids);
    // Clusters by key: instance_id across files, "file#m_id" within one.
    let mut clusters: HashMap<String, ClusterId> = HashMap::new();
    let mut cluster_kind: HashMap<ClusterId, TypeKind> = HashMap::new();
    for (fi, f) in files.iter().enumerate() {
        let d = match parse_ecb(f) {
            Ok(d) => d,
            Err(e) => {
                b.report
                    .error(&f.name, None, format!("{e}; the file was not imported"));
                progress(fi + 1, files.len());
                continue;
            }
        };
        import_ecb_doc(&mut b, f, d, &mut clusters, &mut cluster_kind, now);
        progress(fi + 1, files.len());
    }
    b.finish()
}

fn import_ecb_doc(
    b: &mut ImportBuilder,
    f: &InFile,
    d: EcbDoc,
    clusters: &mut HashMap<String, ClusterId>,
    cluster_kind: &mut HashMap<ClusterId, TypeKind>,
    now: DateTime<Utc>,
) {
    if d.tokens.is_empty() {
        b.report.error(
            &f.name,
            None,
            "no <token> elements; the file was not imported",
        );
        return;
    }
    // Text and token byte ranges.
    let mut text = String::new();
    let mut pos: HashMap<&str, (usize, usize, usize)> = HashMap::new(); // t_id → (index, start, end)
    let mut last_sentence: Option<&str> = None;
    for (i, (tid, sentence, t)) in d.tokens.iter().enumerate() {
        match last_sentence {
            None => {}
            Some(s) if s == sentence => text.push(' '),
            Some(_) => text.push('\n'),
        }
        last_sentence = Some(sentence);
        let start = text.len();
        text.push_str(t.trim());
        if pos.insert(tid, (i, start, text.len())).is_some() {
            b.report.error(
                &f.name,
                None,
                format!("token t_id {tid} appears twice; the first is used"),
            );
        }
    }
    let name = if d.name.is_empty() {
        std::path::Path::new(&f.name)
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| f.name.clone())
    } else {
        d.name.clone()
    };
    let doc_id = b.add_document(&name, text.clone(), f.container_provenance(now));
    b.report.count("tokens", d.tokens.len());
    // Which cluster each source mention joins.
    let mut member_of: HashMap<&str, (String, &CorefRel)> = HashMap::new();
    let tag_of: HashMap<&str, &str> = d
        .markables
        .iter()
        .map(|m| (m.m_id.as_str(), m.tag.as_str()))
        .collect();
    for r in &d.relations {
        if r.kind != "CROSS_DOC_COREF" && r.kind != "INTRA_DOC_COREF" {
            b.report.loss(
                "other relation",
                &f.name,
                format!(
                    "{} r_id {} is not a coreference relation; not imported",
                    r.kind, r.r_id
                ),
            );
            continue;
        }
        let Some(target) = &r.target else {
            b.report.push(
                super::Severity::Error,
                "error",
                &f.name,
                Some(r.line),
                format!("{} r_id {} has no target; not imported", r.kind, r.r_id),
            );
            continue;
        };
        let inst = d.instances.get(target);
        let key = match inst.and_then(|i| i.instance_id.clone()) {
            Some(iid) => iid,
            None if r.kind == "CROSS_DOC_COREF" && !r.note.is_empty() => r.note.clone(),
            None => format!("{name}#{target}"),
        };
        let target_kind = inst
            .map(|i| i.tag.as_str())
            .filter(|t| *t != "UNKNOWN_INSTANCE_TAG")
            .map(is_event_tag);
        for s in &r.sources {
            if let Some((k, prev)) = member_of.get(s.as_str())
                && k != &key
            {
                // A mention can belong to one entity/event: keep the link whose target is of
                // the mention's own kind (events link to ACTION instances), else the first.
                let own = tag_of.get(s.as_str()).map(|t| is_event_tag(t));
                let prev_kind = prev
                    .target
                    .as_ref()
                    .and_then(|t| d.instances.get(t))
                    .map(|i| i.tag.as_str())
                    .filter(|t| *t != "UNKNOWN_INSTANCE_TAG")
                    .map(is_event_tag);
                let take_new = own.is_some() && target_kind == own && prev_kind != own;
                let kept = if take_new { r } else { *prev };
                b.report.push(
                    super::Severity::Loss,
                    "mention in two clusters",
                    &f.name,
                    Some(r.line),
                    format!(
                        "mention m_id {s} is a source of {} r_id {} and of {} r_id {}; a mention belongs to one entity/event, so r_id {} is kept",
                        prev.kind, prev.r_id, r.kind, r.r_id, kept.r_id
                    ),
                );
                if !take_new {
                    continue;
                }
            }
            member_of.insert(s, (key.clone(), r));
        }
    }
    for m in &d.markables {
        let no = Some(m.line);
        let mut idxs = Vec::new();
        for t in &m.anchors {
            match pos.get(t.as_str()) {
                Some(p) => idxs.push(*p),
                None => b.report.error(
                    &f.name,
                    no,
                    format!(
                        "markable m_id {} anchors on t_id {t}, which is not a token",
                        m.m_id
                    ),
                ),
            }
        }
        if idxs.is_empty() {
            b.report.error(
                &f.name,
                no,
                format!(
                    "markable {} m_id {} has no token anchors; not imported",
                    m.tag, m.m_id
                ),
            );
            continue;
        }
        idxs.sort();
        idxs.dedup();
        // Consecutive tokens make one fragment.
        let mut frags: Vec<(usize, usize)> = Vec::new();
        let mut prev_i: Option<usize> = None;
        for (i, s, e) in idxs {
            match (prev_i, frags.last_mut()) {
                (Some(p), Some(last)) if p + 1 == i => last.1 = e,
                _ => frags.push((s, e)),
            }
            prev_i = Some(i);
        }
        let fragments: Vec<TextRange> = frags
            .iter()
            .map(|&(s, e)| TextRange::new(&text, s, e).expect("token boundaries"))
            .collect();
        let kind = if is_event_tag(&m.tag) {
            TypeKind::Event
        } else {
            TypeKind::Entity
        };
        let Some(type_key) = b.ensure_type(&m.tag, kind) else {
            continue;
        };
        let actual_kind = super::kind_of(b.project(), &type_key).unwrap_or(kind);
        let mut cluster = None;
        if let Some((key0, r)) = member_of.get(m.m_id.as_str()) {
            // Clusters hold mentions of one kind: a member of the other kind goes into a
            // second cluster with the same instance (reported).
            let mut key = key0.clone();
            if let Some(c) = clusters.get(&key)
                && cluster_kind.get(c) != Some(&actual_kind)
            {
                key = format!("{key0} ({actual_kind:?})");
                b.report.push(
                    super::Severity::Loss,
                    "cluster of mixed kinds",
                    &f.name,
                    no,
                    format!(
                        "{} m_id {} ({actual_kind:?}) is linked to '{key0}', whose other mentions are not of that kind; it joins a separate {actual_kind:?} with the same instance",
                        m.tag, m.m_id
                    ),
                );
            }
            let cid = match clusters.get(&key) {
                Some(c) => Some(c.clone()),
                None => {
                    let inst = r.target.as_ref().and_then(|t| d.instances.get(t));
                    let inst_tag = inst
                        .map(|i| i.tag.clone())
                        .filter(|t| {
                            t != "UNKNOWN_INSTANCE_TAG"
                                && is_event_tag(t) == (actual_kind == TypeKind::Event)
                        })
                        .unwrap_or_else(|| m.tag.clone());
                    let ctype = b.ensure_type(&inst_tag, actual_kind);
                    let descriptor = inst.map(|i| i.descriptor.clone()).unwrap_or_default();
                    let c = Cluster {
                        id: b.ids.cluster_id(),
                        type_key: ctype.unwrap_or_else(|| type_key.clone()),
                        name: if descriptor.is_empty() {
                            fragments
                                .iter()
                                .map(|f| f.slice(&text))
                                .collect::<Vec<_>>()
                                .join(" ")
                        } else {
                            descriptor
                        },
                        external_id: inst.and_then(|i| i.instance_id.clone()),
                        attributes: Default::default(),
                        note: String::new(),
                    };
                    let id = c.id.clone();
                    if b.push_or_report(Edit::InsertCluster(c), &f.name, Some(r.line)) {
                        clusters.insert(key.clone(), id.clone());
                        cluster_kind.insert(id.clone(), actual_kind);
                        b.report.count("clusters", 1);
                        Some(id)
                    } else {
                        None
                    }
                }
            };
            cluster = cid;
        }
        b.add_mention(&doc_id, type_key, fragments, cluster, &f.name, no);
    }
}
