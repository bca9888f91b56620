//! brat standoff: a `.txt` and an `.ann` per document, and `annotation.conf` for the schema.
//!
//! Offsets are Unicode code points of the `.txt`, end exclusive. brat reads texts with
//! universal newlines, so a CRLF counts as **one** character there; both directions here count
//! the same way (a lone CR also counts as one, as it does in Python).
//!
//! | brat | Weft |
//! |---|---|
//! | `T` (also `s e;s e` fragments) | mention |
//! | `E` (trigger + roles, `Theme2` repeats, events as arguments) | the trigger mention (event type) and its arguments |
//! | `R` | relation between mentions |
//! | `A` / `M` (flag or valued) | attribute of the mention or relation |
//! | `N` | the mention's entity/event; the reference is its external id |
//! | `*` | mentions of one entity (cluster) |
//! | `#` | note |
//!
//! Clusters that span documents, have one member, are events, carry an external id or a name
//! other than their first mention's text are written as `N` lines (`Weft:<id>` when there is no
//! external id), so they survive a round trip; what brat cannot hold at all (cross-document
//! relations, links to whole entities, cluster notes…) is listed in the report.

use super::ids::{FreshIds, IdSource};
use super::{Export, Import, ImportBuilder, InFile, OutFile, Report, Severity, file_stem};
use crate::edit::Edit;
use crate::model::{
    Argument, AttrValue, AttributeKind, Attributes, Cardinality, Cluster, ClusterId, DocId,
    Document, Endpoint, Mention, MentionId, Project, Relation, Schema, TextRange, TypeKind,
};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

/// The offset unit, as reports name it.
pub const OFFSET_UNIT: &str = "code points (CRLF counts as one, as brat reads texts)";

/// Normalisation references with this database name carry a Weft entity/event id.
pub const WEFT_DB: &str = "Weft";
/// External ids without a `DB:` part are written with this database name (and read back without).
pub const PLAIN_DB: &str = "Ref";

// ---------------------------------------------------------------------------------------------
// Offsets

/// Converts between brat offsets (code points, CRLF = 1) and byte offsets of one text.
pub struct BratOffsets<'a> {
    doc: &'a Document,
    /// Byte offset of each brat position (plus the end), when the text has a CR.
    table: Option<Vec<usize>>,
}

impl<'a> BratOffsets<'a> {
    pub fn new(doc: &'a Document) -> Self {
        let text = doc.text();
        let table = text.contains('\r').then(|| {
            let mut t = Vec::with_capacity(text.len() + 1);
            let bytes = text.as_bytes();
            for (b, c) in text.char_indices() {
                if c == '\n' && b > 0 && bytes[b - 1] == b'\r' {
                    continue;
                }
                t.push(b);
            }
            t.push(text.len());
            t
        });
        BratOffsets { doc, table }
    }

    /// Length of the text in brat positions.
    pub fn len(&self) -> usize {
        match &self.table {
            Some(t) => t.len() - 1,
            None => self.doc.index().len_chars(),
        }
    }

    /// Always false unless the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Byte offset of brat offset `pos`.
    pub fn to_byte(&self, pos: usize) -> Option<usize> {
        match &self.table {
            Some(t) => t.get(pos).copied(),
            None => self.doc.index().char_to_byte(self.doc.text(), pos).ok(),
        }
    }

    /// brat offset of byte offset `byte`; `None` between the CR and LF of a CRLF.
    pub fn from_byte(&self, byte: usize) -> Option<usize> {
        match &self.table {
            Some(t) => t.binary_search(&byte).ok(),
            None => self.doc.index().byte_to_char(self.doc.text(), byte).ok(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// annotation.conf

/// `annotation.conf` for a schema. `equiv_type` names the equivalence (`*`) relation.
pub fn annotation_conf(schema: &Schema, equiv_type: &str) -> String {
    let mut out = String::from(
        "# brat annotation configuration written by Weft from the project's schema.\n",
    );
    let all = |kind: TypeKind| {
        schema
            .types
            .iter()
            .filter(move |t| t.kind == kind)
            .map(|t| t.key.as_str())
    };
    let types_or = |keys: &[String]| {
        if keys.is_empty() {
            "<ANY>".to_string()
        } else {
            keys.join("|")
        }
    };
    out += "\n[entities]\n";
    for k in all(TypeKind::Entity) {
        out += k;
        out += "\n";
    }
    out += "\n[relations]\n";
    out += "<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>\n";
    let _ = writeln!(
        out,
        "{equiv_type}\tArg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric-transitive"
    );
    for r in &schema.relation_types {
        let _ = write!(
            out,
            "{}\tArg1:{}, Arg2:{}",
            r.key,
            types_or(&r.from),
            types_or(&r.to)
        );
        if r.symmetric {
            out += ", <REL-TYPE>:symmetric";
        }
        out += "\n";
    }
    out += "\n[events]\n";
    for t in schema.types.iter().filter(|t| t.kind == TypeKind::Event) {
        let roles: Vec<String> = t
            .roles
            .iter()
            .map(|r| {
                let mark = match r.cardinality {
                    Cardinality::One => "",
                    Cardinality::Optional => "?",
                    Cardinality::Many => "*",
                };
                format!("{}{mark}:{}", r.key, types_or(&r.accepts))
            })
            .collect();
        if roles.is_empty() {
            out += &t.key;
            out += "\n";
        } else {
            let _ = writeln!(out, "{}\t{}", t.key, roles.join(", "));
        }
    }
    out += "\n[attributes]\n";
    // brat attributes are global by name: gather owners and values per key.
    let mut attrs: BTreeMap<&str, (Vec<&str>, Option<Vec<String>>)> = BTreeMap::new();
    let owners = schema
        .types
        .iter()
        .map(|t| (t.key.as_str(), &t.attributes))
        .chain(
            schema
                .relation_types
                .iter()
                .map(|r| (r.key.as_str(), &r.attributes)),
        );
    for (owner, defs) in owners {
        for d in defs {
            let e = attrs.entry(d.key.as_str()).or_insert((vec![], None));
            e.0.push(owner);
            match &d.kind {
                AttributeKind::Flag => {}
                AttributeKind::OneOf { values } => {
                    let v = e.1.get_or_insert_with(Vec::new);
                    for x in values {
                        if !v.contains(x) {
                            v.push(x.clone());
                        }
                    }
                }
                AttributeKind::Text => {
                    e.1.get_or_insert_with(Vec::new);
                }
            }
        }
    }
    for (key, (owners, values)) in attrs {
        let _ = write!(out, "{key}\tArg:{}", owners.join("|"));
        if let Some(v) = values {
            let v: Vec<String> = v.iter().map(|x| attr_value_token(x)).collect();
            let _ = write!(out, ", Value:{}", v.join("|"));
        }
        out += "\n";
    }
    out
}

/// Parses `annotation.conf` into the builder's schema (types, roles, relations, attributes).
/// Returns the equivalence relation types it declares (`<REL-TYPE>:…transitive`).
fn read_conf(b: &mut ImportBuilder, conf: &InFile) -> ConfInfo {
    let mut info = ConfInfo::default();
    let mut section = String::new();
    struct Line<'a> {
        no: usize,
        head: &'a str,
        args: Vec<(&'a str, &'a str)>,
    }
    let mut by_section: BTreeMap<String, Vec<Line>> = BTreeMap::new();
    for (i, raw) in conf.text.lines().enumerate() {
        let no = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') && line.ends_with(']') {
            section = line[1..line.len() - 1].trim().to_lowercase();
            continue;
        }
        if line.contains('=') && line.starts_with('<') {
            continue; // macro definition
        }
        let (head, rest) = match line.split_once(['\t', ' ']) {
            Some((h, r)) => (h.trim(), r.trim()),
            None => (line, ""),
        };
        let args = rest
            .split(',')
            .filter_map(|a| a.trim().split_once(':'))
            .map(|(k, v)| (k.trim(), v.trim()))
            .collect();
        by_section
            .entry(section.clone())
            .or_default()
            .push(Line { no, head, args });
    }
    let file = conf.name.as_str();
    let types_of = |v: &str| -> Vec<String> {
        if v.split('|').any(|t| t.starts_with('<')) {
            vec![]
        } else {
            v.split('|').map(|t| super::key_for(t.trim())).collect()
        }
    };
    for (sec, kind) in [("entities", TypeKind::Entity), ("events", TypeKind::Event)] {
        for l in by_section.get(sec).into_iter().flatten() {
            if l.head.starts_with('<') {
                continue;
            }
            if let Some(abs) = l.head.strip_prefix('!') {
                b.report.note(
                    "abstract type skipped",
                    file,
                    format!(
                        "line {}: '{abs}' is abstract (grouping only) in brat; not added",
                        l.no
                    ),
                );
                continue;
            }
            if let Some(k) = b.ensure_type(l.head, kind) {
                info.declared.insert(k, kind);
            }
        }
    }
    for l in by_section.get("events").into_iter().flatten() {
        let Some(key) = b
            .project()
            .schema()
            .type_def(&super::key_for(l.head))
            .map(|t| t.key.clone())
        else {
            continue;
        };
        for (role, filler) in &l.args {
            let (name, card) = if let Some(n) = role.strip_suffix('?') {
                (n, Cardinality::Optional)
            } else if let Some(n) = role.strip_suffix('*').or_else(|| role.strip_suffix('+')) {
                (n, Cardinality::Many)
            } else if let Some(p) = role.find('{') {
                (&role[..p], Cardinality::Many)
            } else {
                (*role, Cardinality::One)
            };
            let name = super::key_for(name);
            info.roles
                .entry(key.clone())
                .or_default()
                .insert(name.clone());
            let accepts: Vec<String> = types_of(filler)
                .into_iter()
                .filter(|t| b.project().schema().type_def(t).is_some())
                .collect();
            let (k, n) = (key.clone(), name.clone());
            if b.ensure_role(&key, &name) {
                let _ = b.change_schema(|s| {
                    if let Some(t) = s.types.iter_mut().find(|t| t.key == k)
                        && let Some(r) = t.roles.iter_mut().find(|r| r.key == n)
                    {
                        r.accepts = accepts;
                        r.cardinality = card;
                    }
                });
            }
        }
    }
    for l in by_section.get("relations").into_iter().flatten() {
        if l.head.starts_with('<') {
            continue;
        }
        let rel_type = l
            .args
            .iter()
            .find(|(k, _)| *k == "<REL-TYPE>")
            .map(|(_, v)| *v)
            .unwrap_or("");
        if rel_type.contains("transitive") {
            info.equivalences.insert(l.head.to_string());
            continue;
        }
        let symmetric = rel_type.contains("symmetric");
        let Some(key) = b.ensure_relation_type(l.head, symmetric) else {
            continue;
        };
        let mut ends = l.args.iter().filter(|(k, _)| !k.starts_with('<'));
        let from = ends.next().map(|(_, v)| types_of(v)).unwrap_or_default();
        let to = ends.next().map(|(_, v)| types_of(v)).unwrap_or_default();
        let known = |v: Vec<String>, s: &Schema| -> Vec<String> {
            v.into_iter().filter(|t| s.type_def(t).is_some()).collect()
        };
        let from = known(from, b.project().schema());
        let to = known(to, b.project().schema());
        let _ = b.change_schema(|s| {
            if let Some(r) = s.relation_types.iter_mut().find(|r| r.key == key) {
                r.from = from;
                r.to = to;
                r.symmetric = symmetric;
            }
        });
    }
    for l in by_section.get("attributes").into_iter().flatten() {
        let key = super::key_for(l.head);
        let owners = l
            .args
            .iter()
            .find(|(k, _)| *k == "Arg")
            .map(|(_, v)| *v)
            .unwrap_or("<ANY>");
        let values: Option<Vec<String>> = l
            .args
            .iter()
            .find(|(k, _)| *k == "Value")
            .map(|(_, v)| v.split('|').map(|x| x.trim().to_string()).collect());
        let schema = b.project().schema().clone();
        let mut targets: Vec<String> = Vec::new();
        for o in owners.split('|') {
            match o.trim() {
                "<ENTITY>" => targets.extend(
                    schema
                        .types
                        .iter()
                        .filter(|t| t.kind == TypeKind::Entity)
                        .map(|t| t.key.clone()),
                ),
                "<EVENT>" => targets.extend(
                    schema
                        .types
                        .iter()
                        .filter(|t| t.kind == TypeKind::Event)
                        .map(|t| t.key.clone()),
                ),
                "<RELATION>" => targets.extend(schema.relation_types.iter().map(|r| r.key.clone())),
                "<ANY>" => {
                    targets.extend(schema.types.iter().map(|t| t.key.clone()));
                    targets.extend(schema.relation_types.iter().map(|r| r.key.clone()));
                }
                t => targets.push(super::key_for(t)),
            }
        }
        for owner in targets {
            match &values {
                None => {
                    b.ensure_attribute(&owner, &key, &AttrValue::Flag(true));
                }
                Some(vs) => {
                    for v in vs {
                        b.ensure_attribute(&owner, &key, &AttrValue::Text(v.clone()));
                    }
                }
            }
        }
    }
    info
}

#[derive(Default)]
struct ConfInfo {
    declared: BTreeMap<String, TypeKind>,
    roles: BTreeMap<String, BTreeSet<String>>,
    equivalences: BTreeSet<String>,
}

// ---------------------------------------------------------------------------------------------
// Import

/// One document to import: its stem, its text file and its annotation file (either may be
/// missing, which is reported).
#[derive(Clone, Debug)]
pub struct BratDoc {
    pub name: String,
    pub txt: Option<InFile>,
    pub ann: Option<InFile>,
}

#[derive(Debug)]
enum Line {
    T {
        ty: String,
        frags: Vec<(usize, usize)>,
        text: Option<String>,
    },
    R {
        ty: String,
        args: Vec<(String, String)>,
    },
    E {
        ty: String,
        trigger: String,
        args: Vec<(String, String)>,
    },
    A {
        name: String,
        target: String,
        value: Option<String>,
    },
    N {
        target: String,
        reference: String,
        text: String,
    },
    Equiv {
        ty: String,
        members: Vec<String>,
    },
    Note {
        target: String,
        text: String,
    },
}

fn parse_line(line: &str) -> Result<(String, Line), String> {
    let mut cols = line.splitn(3, '\t');
    let id = cols.next().unwrap_or("").trim().to_string();
    let mid = cols
        .next()
        .ok_or_else(|| "no tab after the annotation id".to_string())?;
    let tail = cols.next();
    let mut words = mid.split(' ').filter(|w| !w.is_empty());
    let first = words.next().ok_or("empty annotation")?.to_string();
    let rest: Vec<&str> = words.collect();
    let role_args = |ws: &[&str]| -> Result<Vec<(String, String)>, String> {
        ws.iter()
            .map(|w| {
                w.split_once(':')
                    .map(|(a, b)| (a.to_string(), b.to_string()))
                    .ok_or_else(|| format!("'{w}' is not ROLE:ID"))
            })
            .collect()
    };
    let kind = id.chars().next().ok_or("empty annotation id")?;
    let l = match kind {
        'T' => {
            let offs = mid[mid.find(' ').ok_or("no offsets")? + 1..].trim();
            let mut frags = Vec::new();
            for part in offs.split(';') {
                let mut n = part.split_whitespace();
                let parse = |s: Option<&str>| {
                    s.and_then(|s| s.parse::<usize>().ok())
                        .ok_or_else(|| format!("'{part}' is not 'start end'"))
                };
                let s = parse(n.next())?;
                let e = parse(n.next())?;
                if n.next().is_some() {
                    return Err(format!("'{part}' is not 'start end'"));
                }
                frags.push((s, e));
            }
            Line::T {
                ty: first,
                frags,
                text: tail.map(|t| t.to_string()),
            }
        }
        'R' => Line::R {
            ty: first,
            args: role_args(&rest)?,
        },
        'E' => {
            let (ty, trigger) = first
                .split_once(':')
                .ok_or_else(|| format!("'{first}' is not TYPE:TRIGGER"))?;
            Line::E {
                ty: ty.to_string(),
                trigger: trigger.to_string(),
                args: role_args(&rest)?,
            }
        }
        'A' | 'M' => Line::A {
            name: first,
            target: rest.first().ok_or("no target")?.to_string(),
            value: rest.get(1).map(|v| v.to_string()),
        },
        'N' => Line::N {
            target: rest.first().ok_or("no target")?.to_string(),
            reference: rest.get(1).ok_or("no reference")?.to_string(),
            text: tail.unwrap_or("").to_string(),
        },
        '*' => Line::Equiv {
            ty: first,
            members: rest.iter().map(|s| s.to_string()).collect(),
        },
        '#' => Line::Note {
            target: rest.first().ok_or("no target")?.to_string(),
            text: tail.unwrap_or("").to_string(),
        },
        other => return Err(format!("unknown annotation kind '{other}'")),
    };
    Ok((id, l))
}

/// `A`/`M` lines by target: (line number, name, value).
type AttrLines<'a> = HashMap<&'a str, Vec<(usize, &'a str, Option<&'a str>)>>;

/// A document's `A`/`M` attribute lines and `#` notes, by the id they annotate.
fn attrs_and_notes(p: &Parsed) -> (AttrLines<'_>, HashMap<&str, Vec<&str>>) {
    let mut attrs: AttrLines = HashMap::new();
    let mut notes: HashMap<&str, Vec<&str>> = HashMap::new();
    for (no, _, l) in &p.lines {
        match l {
            Line::A {
                name,
                target,
                value,
            } => attrs.entry(target.as_str()).or_default().push((
                *no,
                name.as_str(),
                value.as_deref(),
            )),
            Line::Note { target, text } => notes
                .entry(target.as_str())
                .or_default()
                .push(text.as_str()),
            _ => {}
        }
    }
    (attrs, notes)
}

/// Union-find over (document index, brat id).
struct Groups {
    parent: HashMap<(usize, String), (usize, String)>,
    elements: BTreeSet<(usize, String)>,
}

impl Groups {
    fn find(&mut self, x: &(usize, String)) -> (usize, String) {
        self.elements.insert(x.clone());
        let p = self.parent.get(x).cloned().unwrap_or_else(|| x.clone());
        if &p == x {
            return p;
        }
        let r = self.find(&p);
        self.parent.insert(x.clone(), r.clone());
        r
    }
    fn union(&mut self, a: &(usize, String), b: &(usize, String)) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent.insert(hi, lo);
        }
    }
}

struct Parsed {
    doc: DocId,
    file: String,
    lines: Vec<(usize, String, Line)>,
}

/// Imports brat documents (and optionally `annotation.conf`) into `project`.
pub fn import(
    project: &Project,
    docs: &[BratDoc],
    conf: Option<&InFile>,
    now: DateTime<Utc>,
    ids: &mut dyn IdSource,
) -> Import {
    let mut b = ImportBuilder::new(project, Report::new("brat import", OFFSET_UNIT), now, ids);
    let info = match conf {
        Some(c) => read_conf(&mut b, c),
        None => ConfInfo::default(),
    };
    // 1. Documents and parsed lines.
    let mut parsed: Vec<Parsed> = Vec::new();
    for d in docs {
        let Some(txt) = &d.txt else {
            let file = d
                .ann
                .as_ref()
                .map(|a| a.name.clone())
                .unwrap_or(d.name.clone());
            b.report.error(
                &file,
                None,
                format!(
                    "no text file '{}.txt' beside it; its annotations were not imported",
                    d.name
                ),
            );
            continue;
        };
        let id = b.add_document(&d.name, txt.text.clone(), txt.provenance(now));
        let Some(ann) = &d.ann else {
            b.report.note(
                "no annotation file",
                &txt.name,
                "no .ann file beside it: imported the text without annotations",
            );
            continue;
        };
        let mut lines = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, raw) in ann.text.lines().enumerate() {
            let raw = raw.trim_end_matches('\r');
            if raw.trim().is_empty() {
                continue;
            }
            match parse_line(raw) {
                Ok((bid, l)) => {
                    if !matches!(l, Line::Equiv { .. }) && !seen.insert(bid.clone()) {
                        b.report
                            .error(&ann.name, Some(i + 1), format!("id '{bid}' is used twice"));
                        continue;
                    }
                    lines.push((i + 1, bid, l));
                }
                Err(e) => {
                    b.report
                        .error(&ann.name, Some(i + 1), format!("cannot read '{raw}': {e}"))
                }
            }
        }
        parsed.push(Parsed {
            doc: id,
            file: ann.name.clone(),
            lines,
        });
    }

    // 2. Which T's are event triggers, and of which events.
    let mut triggers: Vec<HashMap<String, Vec<String>>> = Vec::new(); // T id -> E ids
    for p in &parsed {
        let mut t: HashMap<String, Vec<String>> = HashMap::new();
        for (_, id, l) in &p.lines {
            if let Line::E { trigger, .. } = l {
                t.entry(trigger.clone()).or_default().push(id.clone());
            }
        }
        triggers.push(t);
    }

    // 3. Clusters: `*` groups and N references (across documents).
    let mut groups = Groups {
        parent: HashMap::new(),
        elements: BTreeSet::new(),
    };
    let mut refs: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
    let mut ref_text: HashMap<(usize, String), (String, String)> = HashMap::new();
    let mut equiv_types: BTreeMap<String, usize> = BTreeMap::new();
    for (di, p) in parsed.iter().enumerate() {
        for (_, _, l) in &p.lines {
            match l {
                Line::Equiv { ty, members } => {
                    *equiv_types.entry(ty.clone()).or_insert(0) += 1;
                    for w in members.windows(2) {
                        groups.union(&(di, w[0].clone()), &(di, w[1].clone()));
                    }
                    if let Some(m) = members.first() {
                        groups.find(&(di, m.clone()));
                    }
                }
                Line::N {
                    target,
                    reference,
                    text,
                } => {
                    let t = resolve_trigger(&p.lines, target);
                    refs.entry(reference.clone())
                        .or_default()
                        .push((di, t.clone()));
                    ref_text.insert((di, t), (reference.clone(), text.clone()));
                }
                _ => {}
            }
        }
    }
    for members in refs.values() {
        for w in members.windows(2) {
            groups.union(&w[0], &w[1]);
        }
    }
    for (ty, n) in &equiv_types {
        if !info.equivalences.contains(ty) && ty != "Equiv" {
            b.report.note(
                "equivalence type",
                "",
                format!("{n} '*' lines of type '{ty}' became entities (clusters); export with the equivalence type '{ty}' to write them back under that name"),
            );
        }
    }
    let mut equiv_roots: BTreeMap<(usize, String), usize> = BTreeMap::new();
    for (di, p) in parsed.iter().enumerate() {
        for (_, _, l) in &p.lines {
            if let Line::Equiv { members, .. } = l
                && let Some(m) = members.first()
            {
                *equiv_roots
                    .entry(groups.find(&(di, m.clone())))
                    .or_insert(0) += 1;
            }
        }
    }
    let merged: usize = equiv_roots
        .values()
        .filter(|&&n| n > 1)
        .map(|n| n - 1)
        .sum();
    if merged > 0 {
        b.report.note(
            "equivalences merged",
            "",
            format!("{merged} '*' lines share mentions with others and were merged into one entity each (equivalence is transitive)"),
        );
    }
    let mut members_of: BTreeMap<(usize, String), Vec<(usize, String)>> = BTreeMap::new();
    let keys: Vec<(usize, String)> = groups
        .elements
        .iter()
        .cloned()
        .chain(ref_text.keys().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    for k in keys {
        let r = groups.find(&k);
        members_of.entry(r).or_default().push(k);
    }

    // 4. Mentions.
    let mut mention_of: Vec<HashMap<String, MentionId>> = vec![HashMap::new(); parsed.len()];
    let mut cluster_of_root: HashMap<(usize, String), Option<ClusterId>> = HashMap::new();
    let mut root_of: HashMap<(usize, String), (usize, String)> = HashMap::new();
    for (root, ms) in &members_of {
        for m in ms {
            root_of.insert(m.clone(), root.clone());
        }
    }
    let existing_by_ext: HashMap<String, ClusterId> = project
        .clusters()
        .filter_map(|c| c.external_id.clone().map(|e| (e, c.id.clone())))
        .collect();
    for (di, p) in parsed.iter().enumerate() {
        let doc = b
            .project()
            .document(&p.doc)
            .cloned()
            .expect("inserted above");
        let offs = BratOffsets::new(&doc);
        // Attributes and notes by target.
        let (attrs, notes) = attrs_and_notes(p);
        let e_type: HashMap<&str, &str> = p
            .lines
            .iter()
            .filter_map(|(_, id, l)| match l {
                Line::E { ty, .. } => Some((id.as_str(), ty.as_str())),
                _ => None,
            })
            .collect();
        for (no, id, l) in &p.lines {
            let Line::T { ty, frags, text } = l else {
                continue;
            };
            let evs = triggers[di].get(id).cloned().unwrap_or_default();
            let kind = if !evs.is_empty() {
                TypeKind::Event
            } else {
                info.declared
                    .get(&super::key_for(ty))
                    .copied()
                    .unwrap_or(TypeKind::Entity)
            };
            // Fragments.
            let mut ranges = Vec::new();
            let mut bad = None;
            for &(s, e) in frags {
                let r = match (offs.to_byte(s), offs.to_byte(e)) {
                    (Some(bs), Some(be)) => {
                        TextRange::new(doc.text(), bs, be).map_err(|e| e.to_string())
                    }
                    _ => Err(format!(
                        "offsets {s} {e} are out of range (the text has {} characters)",
                        offs.len()
                    )),
                };
                match r {
                    Ok(r) => ranges.push(r),
                    Err(e) => bad = Some(e),
                }
            }
            if let Some(e) = bad {
                b.report.error(&p.file, Some(*no), format!("{id}: {e}"));
                continue;
            }
            ranges.sort();
            ranges.dedup();
            let joined = ranges
                .iter()
                .map(|r| r.slice(doc.text()))
                .collect::<Vec<_>>()
                .join(" ");
            let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            if let Some(t) = text
                && squash(t) != squash(&joined)
            {
                b.report.push(
                    Severity::Note,
                    "text differs",
                    &p.file,
                    Some(*no),
                    format!("{id}: the .ann says '{t}' but the offsets cover '{joined}' (fragments are kept in text order)"),
                );
            }
            // One mention per event using this trigger (usually one), or one entity mention.
            let owners: Vec<(String, String)> = if evs.is_empty() {
                vec![(id.clone(), ty.clone())]
            } else {
                evs.iter()
                    .map(|e| {
                        (
                            e.clone(),
                            e_type
                                .get(e.as_str())
                                .map(|s| s.to_string())
                                .unwrap_or(ty.clone()),
                        )
                    })
                    .collect()
            };
            if owners.len() > 1 {
                b.report.note(
                    "shared trigger",
                    &p.file,
                    format!(
                        "{id} is the trigger of {} events ({}); each event got its own mention",
                        owners.len(),
                        evs.join(", ")
                    ),
                );
            }
            for (owner, oty) in owners {
                let Some(type_key) = b.ensure_type(&oty, kind) else {
                    continue;
                };
                let mut attributes = Attributes::new();
                for target in [id.as_str(), owner.as_str()] {
                    for (ano, name, value) in attrs.get(target).into_iter().flatten() {
                        let v = match value {
                            Some(v) => AttrValue::Text(v.to_string()),
                            None => AttrValue::Flag(true),
                        };
                        let key = super::key_for(name);
                        if b.ensure_attribute(&type_key, &key, &v) {
                            attributes.insert(key, v);
                        } else {
                            b.report.error(
                                &p.file,
                                Some(*ano),
                                format!("attribute '{name}' does not fit type '{type_key}'"),
                            );
                        }
                    }
                }
                let mut note_lines: Vec<&str> = notes.get(id.as_str()).cloned().unwrap_or_default();
                if owner != *id {
                    note_lines.extend(notes.get(owner.as_str()).cloned().unwrap_or_default());
                }
                // Cluster.
                let mut cluster = None;
                if let Some(root) = root_of.get(&(di, id.clone())).cloned() {
                    let cid = match cluster_of_root.get(&root) {
                        Some(c) => c.clone(),
                        None => {
                            let members = &members_of[&root];
                            let (reference, rtext) = members
                                .iter()
                                .find_map(|m| ref_text.get(m).cloned())
                                .unwrap_or_default();
                            let c = make_cluster(
                                &mut b,
                                &reference,
                                &rtext,
                                &type_key,
                                &joined,
                                &existing_by_ext,
                                project,
                            );
                            cluster_of_root.insert(root.clone(), c.clone());
                            c
                        }
                    };
                    if let Some(cid) = cid {
                        let ck = b.project().cluster(&cid).map(|c| c.type_key.clone());
                        let same_kind = ck.as_deref().and_then(|k| super::kind_of(b.project(), k))
                            == super::kind_of(b.project(), &type_key);
                        if same_kind {
                            cluster = Some(cid);
                        } else {
                            b.report.error(
                                &p.file,
                                Some(*no),
                                format!("{id} ({type_key}) cannot join an entity/event of type '{}' (entity and event kinds differ); left unlinked", ck.unwrap_or_default()),
                            );
                        }
                    }
                }
                let m = Mention {
                    id: b.ids.mention_id(),
                    doc: p.doc.clone(),
                    type_key,
                    fragments: ranges.clone(),
                    attributes,
                    note: note_lines.join("\n"),
                    cluster,
                    author: b.author.clone(),
                    created: now,
                    modified: now,
                };
                let mid = m.id.clone();
                if b.push_or_report(Edit::InsertMention(m), &p.file, Some(*no)) {
                    b.report.count("mentions", 1);
                    mention_of[di].insert(owner.clone(), mid.clone());
                    mention_of[di].entry(id.clone()).or_insert(mid);
                }
            }
        }
        // Lines whose targets are unknown.
        for (no, _, l) in &p.lines {
            let target = match l {
                Line::A { target, .. } | Line::Note { target, .. } | Line::N { target, .. } => {
                    target
                }
                _ => continue,
            };
            let known = p.lines.iter().any(|(_, id, _)| id == target);
            if !known {
                b.report.error(
                    &p.file,
                    Some(*no),
                    format!("refers to '{target}', which is not in the file"),
                );
            }
        }
    }

    // 5. Relations and arguments.
    for (di, p) in parsed.iter().enumerate() {
        let (attrs, notes) = attrs_and_notes(p);
        let ends = &mention_of[di];
        for (no, id, l) in &p.lines {
            match l {
                Line::R { ty, args } => {
                    if args.len() != 2 {
                        b.report.error(
                            &p.file,
                            Some(*no),
                            format!("{id}: a relation needs two arguments, found {}", args.len()),
                        );
                        continue;
                    }
                    let (Some(from), Some(to)) = (ends.get(&args[0].1), ends.get(&args[1].1))
                    else {
                        b.report.error(
                            &p.file,
                            Some(*no),
                            format!(
                                "{id}: an argument ({} or {}) is missing or was not imported",
                                args[0].1, args[1].1
                            ),
                        );
                        continue;
                    };
                    let Some(key) = b.ensure_relation_type(ty, false) else {
                        continue;
                    };
                    let mut attributes = Attributes::new();
                    for (ano, name, value) in attrs.get(id.as_str()).into_iter().flatten() {
                        let v = match value {
                            Some(v) => AttrValue::Text(v.to_string()),
                            None => AttrValue::Flag(true),
                        };
                        let k = super::key_for(name);
                        if b.ensure_attribute(&key, &k, &v) {
                            attributes.insert(k, v);
                        } else {
                            b.report.error(
                                &p.file,
                                Some(*ano),
                                format!("attribute '{name}' does not fit '{key}'"),
                            );
                        }
                    }
                    let r = Relation {
                        id: b.ids.relation_id(),
                        type_key: key,
                        from: Endpoint::Mention(from.clone()),
                        to: Endpoint::Mention(to.clone()),
                        attributes,
                        note: notes
                            .get(id.as_str())
                            .map(|n| n.join("\n"))
                            .unwrap_or_default(),
                    };
                    if b.push_link(Edit::InsertRelation(r), &p.file, Some(*no)) {
                        b.report.count("relations", 1);
                    }
                }
                Line::E { args, .. } => {
                    let Some(ev) = ends.get(id) else {
                        b.report.error(
                            &p.file,
                            Some(*no),
                            format!("{id}: its trigger is missing or was not imported"),
                        );
                        continue;
                    };
                    let ev_type = b
                        .project()
                        .mention(ev)
                        .map(|m| m.type_key.clone())
                        .unwrap_or_default();
                    let declared = info.roles.get(&ev_type);
                    for (role, target) in args {
                        let role = super::key_for(&base_role(role, declared));
                        let Some(t) = ends.get(target) else {
                            b.report.error(
                                &p.file,
                                Some(*no),
                                format!(
                                    "{id}: argument {role}:{target} is missing or was not imported"
                                ),
                            );
                            continue;
                        };
                        if !b.ensure_role(&ev_type, &role) {
                            b.report.error(
                                &p.file,
                                Some(*no),
                                format!("{id}: cannot add role '{role}' to '{ev_type}'"),
                            );
                            continue;
                        }
                        let a = Argument {
                            id: b.ids.argument_id(),
                            event: Endpoint::Mention(ev.clone()),
                            role,
                            target: Endpoint::Mention(t.clone()),
                        };
                        if b.push_link(Edit::InsertArgument(a), &p.file, Some(*no)) {
                            b.report.count("arguments", 1);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    b.report.count(
        "entities/events",
        cluster_of_root.values().flatten().count(),
    );
    b.finish()
}

/// `Theme2` → `Theme` (brat's numbered repeats), unless the schema declares `Theme2` itself.
fn base_role(role: &str, declared: Option<&BTreeSet<String>>) -> String {
    if declared.is_some_and(|d| d.contains(role)) {
        return role.to_string();
    }
    let base = role.trim_end_matches(|c: char| c.is_ascii_digit());
    if base.is_empty() || base.len() == role.len() {
        role.to_string()
    } else {
        base.to_string()
    }
}

/// The T id behind an id that may be an E (for N, A and # lines on events).
fn resolve_trigger(lines: &[(usize, String, Line)], id: &str) -> String {
    lines
        .iter()
        .find_map(|(_, i, l)| match l {
            Line::E { trigger, .. } if i == id => Some(trigger.clone()),
            _ => None,
        })
        .unwrap_or_else(|| id.to_string())
}

fn make_cluster(
    b: &mut ImportBuilder,
    reference: &str,
    ref_text: &str,
    type_key: &str,
    first_text: &str,
    existing_by_ext: &HashMap<String, ClusterId>,
    project: &Project,
) -> Option<ClusterId> {
    let (db, local) = reference.split_once(':').unwrap_or(("", reference));
    let external_id = match db {
        "" => None,
        WEFT_DB => None,
        PLAIN_DB => Some(local.to_string()),
        _ => Some(reference.to_string()),
    };
    if db == WEFT_DB {
        let id = ClusterId::new(local);
        if project.cluster(&id).is_some() {
            return Some(id);
        }
    }
    if let Some(ext) = &external_id
        && let Some(id) = existing_by_ext.get(ext)
    {
        return Some(id.clone());
    }
    let name = if ref_text.trim().is_empty() {
        first_text.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        ref_text.to_string()
    };
    let c = Cluster {
        id: b.ids.cluster_id(),
        type_key: type_key.to_string(),
        name,
        external_id,
        attributes: Default::default(),
        note: String::new(),
    };
    let id = c.id.clone();
    if b.push_or_report(Edit::InsertCluster(c), "", None) {
        Some(id)
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------------
// Export

/// Options of the brat export.
#[derive(Clone, Debug)]
pub struct ExportOptions {
    /// The relation type written on `*` lines (brat's convention is `Equiv`).
    pub equiv_type: String,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            equiv_type: "Equiv".into(),
        }
    }
}

fn attr_value_token(v: &str) -> String {
    v.split_whitespace().collect::<Vec<_>>().join("_")
}

fn one_line(s: &str) -> String {
    s.split(['\t', '\n', '\r']).collect::<Vec<_>>().join(" ")
}

/// Exports every document as `<name>.txt` + `<name>.ann`, and `annotation.conf`.
pub fn export(project: &Project, opts: &ExportOptions) -> Export {
    let mut report = Report::new("brat export", OFFSET_UNIT);
    let mut files = Vec::new();
    let schema = project.schema();
    let kind = |k: &str| super::kind_of(project, k).unwrap_or(TypeKind::Entity);
    let mut used = BTreeSet::new();
    used.insert("annotation.conf".to_string());
    let default_name = |c: &Cluster| -> String {
        first_member(project, &c.id)
            .map(|m| {
                let d = project.document(&m.doc).expect("mention's document");
                m.covered_text(d.text())
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default()
    };
    let mut by_ext: BTreeMap<&str, Vec<&ClusterId>> = BTreeMap::new();
    for c in project.clusters() {
        if let Some(e) = &c.external_id {
            by_ext.entry(e.as_str()).or_default().push(&c.id);
        }
    }
    for (e, cs) in by_ext.iter().filter(|(_, cs)| cs.len() > 1) {
        report.loss(
            "shared external id",
            "",
            format!("{} entities/events share the external id '{e}'; brat normalisations will merge them on import", cs.len()),
        );
    }
    for c in project.clusters() {
        if !c.note.is_empty() || !c.attributes.is_empty() {
            report.loss(
                "entity/event note or attributes",
                "",
                format!(
                    "'{}' ({}): brat has no place for notes or attributes of a whole entity/event",
                    c.name, c.id
                ),
            );
        }
        if let Some(m) = first_member(project, &c.id)
            && m.type_key != c.type_key
        {
            report.loss(
                "entity/event type",
                "",
                format!("'{}' ({}) has type {} but its first mention {}; brat gives an entity the type of its mentions", c.name, c.id, c.type_key, m.type_key),
            );
        }
        if project.members(&c.id).next().is_none() {
            report.loss(
                "entity/event without mentions",
                "",
                format!(
                    "'{}' ({}) has no mentions; brat only stores annotations of text",
                    c.name, c.id
                ),
            );
        }
    }
    for doc in project.documents() {
        let stem = file_stem(&doc.name, &mut used);
        let ann_name = format!("{stem}.ann");
        if stem != doc.name {
            report.note(
                "document renamed",
                &ann_name,
                format!("document '{}' is written as '{stem}.txt' (file names keep letters, digits, '.', '-' and '_')", doc.name),
            );
        }
        let offs = BratOffsets::new(doc);
        let mut ms: Vec<&Mention> = project.mentions_in(&doc.id).collect();
        ms.sort_by(|a, b| (a.start(), a.end(), &a.id).cmp(&(b.start(), b.end(), &b.id)));
        let mut tid: HashMap<&MentionId, String> = HashMap::new();
        let mut eid: HashMap<&MentionId, String> = HashMap::new();
        let mut out = String::new();
        let (mut nt, mut ne, mut nr, mut na, mut nn, mut nnote) = (0, 0, 0, 0, 0, 0);
        for m in &ms {
            let mut parts = Vec::new();
            let mut ok = true;
            for f in &m.fragments {
                match (offs.from_byte(f.start()), offs.from_byte(f.end())) {
                    (Some(s), Some(e)) => parts.push(format!("{s} {e}")),
                    _ => ok = false,
                }
            }
            if !ok {
                report.loss(
                    "boundary inside CRLF",
                    &ann_name,
                    format!("mention {} starts or ends between the CR and LF of a line break; brat counts CRLF as one character", m.id),
                );
                continue;
            }
            nt += 1;
            let t = format!("T{nt}");
            let _ = writeln!(
                out,
                "{t}\t{} {}\t{}",
                m.type_key,
                parts.join(";"),
                one_line(&m.covered_text(doc.text()))
            );
            tid.insert(&m.id, t);
        }
        // Events: one E per mention of an event type.
        let mut event_lines = String::new();
        for m in &ms {
            if kind(&m.type_key) != TypeKind::Event || !tid.contains_key(&m.id) {
                continue;
            }
            ne += 1;
            eid.insert(&m.id, format!("E{ne}"));
        }
        let ref_of = |e: &Endpoint, report: &mut Report, what: &str| -> Option<String> {
            match e {
                Endpoint::Mention(id) => {
                    let m = project.mention(id)?;
                    if m.doc != doc.id {
                        report.loss(
                            &format!("cross-document {what}"),
                            &ann_name,
                            format!("{what} to mention {id} in another document; brat links only within one document"),
                        );
                        return None;
                    }
                    eid.get(id).or_else(|| tid.get(id)).cloned()
                }
                Endpoint::Cluster(c) => {
                    report.loss(
                        &format!("{what} with a whole entity/event"),
                        &ann_name,
                        format!("{what} involves entity/event {c} (not one mention); brat links only annotations"),
                    );
                    None
                }
            }
        };
        for m in &ms {
            let Some(e) = eid.get(&m.id) else { continue };
            let mut line = format!("{e}\t{}:{}", m.type_key, tid[&m.id]);
            let mut role_count: BTreeMap<&str, usize> = BTreeMap::new();
            let end = Endpoint::Mention(m.id.clone());
            let mut args: Vec<&Argument> = project.arguments().filter(|a| a.event == end).collect();
            args.sort_by_key(|a| {
                (
                    project.endpoint_type(&a.target).is_some(),
                    a.role.clone(),
                    a.id.clone(),
                )
            });
            for a in args {
                let Some(target) = ref_of(&a.target, &mut report, "argument") else {
                    continue;
                };
                let n = role_count.entry(a.role.as_str()).or_insert(0);
                *n += 1;
                if *n == 1 {
                    let _ = write!(line, " {}:{target}", a.role);
                } else {
                    let _ = write!(line, " {}{}:{target}", a.role, n);
                }
            }
            event_lines += &line;
            event_lines.push('\n');
        }
        out += &event_lines;
        // Relations whose ends are mentions of this document (written once, from the `from` doc).
        let mut rels: Vec<&Relation> = project
            .relations()
            .filter(|r| match &r.from {
                Endpoint::Mention(id) => project.mention(id).is_some_and(|m| m.doc == doc.id),
                Endpoint::Cluster(_) => match &r.to {
                    Endpoint::Mention(id) => project.mention(id).is_some_and(|m| m.doc == doc.id),
                    Endpoint::Cluster(_) => false,
                },
            })
            .collect();
        rels.sort_by_key(|r| {
            (
                tid.get(r.from.mention().unwrap_or(&MentionId::new("")))
                    .cloned(),
                r.id.clone(),
            )
        });
        let mut rel_ids: Vec<(&Relation, String)> = Vec::new();
        for r in rels {
            let (Some(a), Some(bb)) = (
                ref_of(&r.from, &mut report, "relation"),
                ref_of(&r.to, &mut report, "relation"),
            ) else {
                continue;
            };
            nr += 1;
            let id = format!("R{nr}");
            let _ = writeln!(out, "{id}\t{} Arg1:{a} Arg2:{bb}\t", r.type_key);
            rel_ids.push((r, id));
        }
        // Equivalences and normalisations.
        let mut by_cluster: BTreeMap<&ClusterId, Vec<&Mention>> = BTreeMap::new();
        for m in &ms {
            if let Some(c) = &m.cluster
                && tid.contains_key(&m.id)
            {
                by_cluster.entry(c).or_default().push(m);
            }
        }
        for (cid, members) in &by_cluster {
            let Some(c) = project.cluster(cid) else {
                continue;
            };
            let entity = kind(&c.type_key) == TypeKind::Entity;
            if entity && members.len() >= 2 {
                let ids: Vec<&str> = members.iter().map(|m| tid[&m.id].as_str()).collect();
                let _ = writeln!(out, "*\t{} {}", opts.equiv_type, ids.join(" "));
            }
            let docs: BTreeSet<&DocId> = project.members(cid).map(|m| &m.doc).collect();
            let needs_ref = c.external_id.is_some()
                || !entity
                || members.len() < 2
                || docs.len() > 1
                || c.name != default_name(c);
            if needs_ref {
                let reference = match &c.external_id {
                    Some(e) if e.contains(':') && !e.contains(char::is_whitespace) => e.clone(),
                    Some(e) => format!("{PLAIN_DB}:{}", attr_value_token(e)),
                    None => format!("{WEFT_DB}:{}", c.id),
                };
                for m in members {
                    nn += 1;
                    let target = eid.get(&m.id).unwrap_or(&tid[&m.id]);
                    let _ = writeln!(
                        out,
                        "N{nn}\tReference {target} {reference}\t{}",
                        one_line(&c.name)
                    );
                }
            }
        }
        // Attributes.
        let mut attr_line = |out: &mut String,
                             target: &str,
                             a: &Attributes,
                             report: &mut Report| {
            for (k, v) in a {
                match v {
                    AttrValue::Flag(true) => {
                        na += 1;
                        let _ = writeln!(out, "A{na}\t{k} {target}");
                    }
                    AttrValue::Flag(false) => report.note(
                        "false flag",
                        &ann_name,
                        format!("{target}: flag '{k}' is false; brat writes false flags as absent"),
                    ),
                    AttrValue::Text(s) => {
                        let tok = attr_value_token(s);
                        if tok != *s || tok.is_empty() {
                            report.loss(
                                "attribute value with spaces",
                                &ann_name,
                                format!("{target}: value '{s}' of '{k}' written as '{tok}' (brat values are single words)"),
                            );
                        }
                        if tok.is_empty() {
                            continue;
                        }
                        na += 1;
                        let _ = writeln!(out, "A{na}\t{k} {target} {tok}");
                    }
                }
            }
        };
        for m in &ms {
            let Some(t) = eid.get(&m.id).or_else(|| tid.get(&m.id)) else {
                continue;
            };
            attr_line(&mut out, t, &m.attributes, &mut report);
        }
        for (r, id) in &rel_ids {
            attr_line(&mut out, id, &r.attributes, &mut report);
        }
        // Notes: one `#` line per line of the note.
        let mut note_lines = |out: &mut String, target: &str, note: &str| {
            for l in note.split('\n') {
                nnote += 1;
                let _ = writeln!(out, "#{nnote}\tAnnotatorNotes {target}\t{}", one_line(l));
            }
        };
        for m in &ms {
            if m.note.is_empty() {
                continue;
            }
            let Some(t) = eid.get(&m.id).or_else(|| tid.get(&m.id)) else {
                continue;
            };
            note_lines(&mut out, t, &m.note);
        }
        for (r, id) in &rel_ids {
            if !r.note.is_empty() {
                note_lines(&mut out, id, &r.note);
            }
        }
        report.count("documents", 1);
        report.count("T", nt);
        report.count("E", ne);
        report.count("R", nr);
        report.count("N", nn);
        files.push(OutFile {
            path: format!("{stem}.txt"),
            contents: doc.text().to_string(),
        });
        files.push(OutFile {
            path: ann_name,
            contents: out,
        });
    }
    // Arguments whose event is a whole event (cluster) have no document.
    for a in project.arguments() {
        if let Endpoint::Cluster(c) = &a.event {
            report.loss(
                "argument of a whole event",
                "",
                format!("argument {} ({}) belongs to event {c}, not to one mention; brat events are mentions", a.id, a.role),
            );
        }
    }
    for r in project.relations() {
        if r.from.cluster().is_some() && r.to.cluster().is_some() {
            report.loss(
                "relation with a whole entity/event",
                "",
                format!("relation {} ({}) joins two entities/events, not mentions; brat links only annotations", r.id, r.type_key),
            );
        }
    }
    if project.mentions().any(|m| !m.author.is_empty()) {
        report.note(
            "metadata",
            "",
            "mention authors and times are not written (brat has no place for them)",
        );
    }
    files.push(OutFile {
        path: "annotation.conf".into(),
        contents: annotation_conf(schema, &opts.equiv_type),
    });
    Export { files, report }
}

/// The member of a cluster in the earliest document, earliest in the text.
fn first_member<'a>(project: &'a Project, c: &ClusterId) -> Option<&'a Mention> {
    project.members(c).min_by_key(|m| {
        (
            project.document_position(&m.doc).unwrap_or(usize::MAX),
            m.start(),
            m.end(),
        )
    })
}
