//! The three coreference exports: token JSON, code-point JSON and the CoNLL-2012 column.

use super::{OFFSET_UNIT_CHARS, OFFSET_UNIT_TOKENS};
use crate::formats::{Export, OutFile, Report};
use crate::model::{ClusterId, Mention, MentionId, Project, TextRange};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
    toks: Vec<crate::formats::tokens::Token>,
    sentence_of: Vec<usize>,
}

fn doc_tokens(project: &Project, doc: &crate::model::Document) -> DocTokens {
    let text = doc.text();
    let cuts: BTreeSet<usize> = project
        .mentions_in(&doc.id)
        .flat_map(|m| m.fragments.iter().flat_map(|f| [f.start(), f.end()]))
        .collect();
    let toks = crate::formats::tokens::tokens(text, &cuts);
    let sentences = crate::formats::tokens::sentences(text);
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
fn frag_tokens(toks: &[crate::formats::tokens::Token], f: &TextRange) -> (usize, usize) {
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
            let v = mention_json(m, doc, &dt, &token_ids, cid, cluster, variant);
            mentions_json.push(v);
        }
        document_out(variant, doc, &dt, &col, &mut docs_json, &mut conll);
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
            let clusters = clusters_json(project, &by_cluster);
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

/// A document's part of the export: its tokens (token JSON), its text (code-point JSON) or
/// its CoNLL-2012 lines.
fn document_out(
    variant: Variant,
    doc: &crate::model::Document,
    dt: &DocTokens,
    col: &[Vec<String>],
    docs_json: &mut serde_json::Map<String, Value>,
    conll: &mut String,
) {
    let text = doc.text();
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
        Variant::Conll => conll.push_str(&conll_document(&doc.name, text, dt, col)),
    }
}

/// One mention's record: token ids and text, or code-point fragments and text.
fn mention_json(
    m: &Mention,
    doc: &crate::model::Document,
    dt: &DocTokens,
    token_ids: &[usize],
    cid: usize,
    cluster: Option<&crate::model::Cluster>,
    variant: Variant,
) -> Value {
    let (text, idx) = (doc.text(), doc.index());
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
    v
}

/// One document in the CoNLL-2012 column format; `col` holds each token's coref pieces.
fn conll_document(name: &str, text: &str, dt: &DocTokens, col: &[Vec<String>]) -> String {
    let mut out = String::new();
    let dname = name.replace(char::is_whitespace, "_");
    out += &format!("#begin document ({dname}); part 000\n");
    let mut last_sentence = None;
    let mut in_sentence = 0;
    for (i, t) in dt.toks.iter().enumerate() {
        if last_sentence.is_some() && last_sentence != Some(dt.sentence_of[i]) {
            out.push('\n');
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
        out += &format!("{dname}\t0\t{in_sentence}\t{tok}\t{c}\n");
        in_sentence += 1;
    }
    out += "\n#end document\n";
    out
}

/// Each entity/event with mentions: its number, type, name, external id, size and documents.
fn clusters_json(project: &Project, by_cluster: &BTreeMap<ClusterId, usize>) -> Vec<Value> {
    project
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
        .collect()
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
