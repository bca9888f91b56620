//! `annotation.conf`: read as brat reads it (`server/src/projectconfig.py`), written so that
//! brat's parser accepts it.
//!
//! A [`Conf`] keeps what the file says: sections (`[spans]` is brat's alias of `[entities]`),
//! entries with their depth in the type hierarchy, every term (`Protein_binding|GO:0005515`),
//! the `!` of types that only group others, and arguments with their repetition marks
//! (`Theme+`, `Site*`, `Cause?`, `Arg{1-3}`) and type unions (`Protein|<EVENT>`). Separator lines
//! (`----`) only draw menus and are skipped; macros (`<NAME>=…`) are expanded.
//!
//! Weft's schema cannot hold all of this (it has no `+`, no type hierarchy, no `<EVENT>` that
//! grows with the schema), so an import gives the schema the closest meaning and keeps the
//! configuration itself in [`crate::model::Schema::formats`] under [`KEY`]. An export writes
//! that configuration back, extended by what the project uses and the file lacks: see
//! [`super::conf_out`].

use crate::formats::Report;

/// Where the imported configuration is kept in `Schema::formats`.
pub const KEY: &str = "brat/annotation.conf";

/// The sections of `annotation.conf`, in the order they are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Entities,
    Relations,
    Events,
    Attributes,
}

impl Section {
    pub const ALL: [Section; 4] = [
        Section::Entities,
        Section::Relations,
        Section::Events,
        Section::Attributes,
    ];

    fn name(self) -> &'static str {
        match self {
            Section::Entities => "entities",
            Section::Relations => "relations",
            Section::Events => "events",
            Section::Attributes => "attributes",
        }
    }

    fn parse(name: &str) -> Option<Section> {
        match name.trim() {
            "entities" | "spans" => Some(Section::Entities),
            "relations" => Some(Section::Relations),
            "events" => Some(Section::Events),
            "attributes" => Some(Section::Attributes),
            _ => None,
        }
    }
}

/// One argument of an entry: `Theme+:Protein|<EVENT>` is key `Theme`, rep `+`, two types.
/// Special arguments (`<REL-TYPE>:symmetric-transitive`) have an empty rep.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arg {
    pub key: String,
    pub rep: String,
    pub types: Vec<String>,
}

impl Arg {
    pub fn special(&self) -> bool {
        self.key.starts_with('<')
    }

    /// Whether the repetition mark allows more than one argument.
    pub fn allows_many(&self) -> bool {
        matches!(self.rep.as_str(), "*" | "+") || self.rep.starts_with('{')
    }
}

/// One line of a section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Depth in the type hierarchy (the indent brat counts).
    pub depth: usize,
    /// The storage form first, then other names.
    pub terms: Vec<String>,
    /// Marked `!`: a type that only groups others (not for annotation).
    pub unused: bool,
    pub args: Vec<Arg>,
}

impl Entry {
    pub fn new(term: &str, args: Vec<Arg>) -> Self {
        Entry {
            depth: 0,
            terms: vec![term.to_string()],
            unused: false,
            args,
        }
    }

    /// The name annotations use (`<OVERLAP>` for the special entry).
    pub fn storage(&self) -> &str {
        &self.terms[0]
    }

    pub fn special(&self) -> bool {
        self.storage().starts_with('<')
    }

    /// The ordinary (non-special) arguments.
    pub fn plain_args(&self) -> impl Iterator<Item = &Arg> {
        self.args.iter().filter(|a| !a.special())
    }

    /// The value of a special argument (`<REL-TYPE>`), if present.
    pub fn special_arg(&self, key: &str) -> Option<&Arg> {
        self.args.iter().find(|a| a.key == key)
    }

    /// Whether a relation entry is an equivalence (`<REL-TYPE>` names `transitive`, or
    /// brat's old convention: a relation named `Equiv` without `<REL-TYPE>`).
    pub fn transitive(&self) -> bool {
        match self.special_arg("<REL-TYPE>") {
            Some(a) => a.types.iter().any(|t| t.contains("transitive")),
            None => self.storage() == "Equiv",
        }
    }

    /// Whether a relation entry is symmetric.
    pub fn symmetric(&self) -> bool {
        match self.special_arg("<REL-TYPE>") {
            Some(a) => a.types.iter().any(|t| t.contains("symmetric")),
            None => self.storage() == "Equiv",
        }
    }
}

/// A parsed `annotation.conf`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Conf {
    pub entities: Vec<Entry>,
    pub relations: Vec<Entry>,
    pub events: Vec<Entry>,
    pub attributes: Vec<Entry>,
}

impl Conf {
    pub fn section(&self, s: Section) -> &Vec<Entry> {
        match s {
            Section::Entities => &self.entities,
            Section::Relations => &self.relations,
            Section::Events => &self.events,
            Section::Attributes => &self.attributes,
        }
    }

    pub fn section_mut(&mut self, s: Section) -> &mut Vec<Entry> {
        match s {
            Section::Entities => &mut self.entities,
            Section::Relations => &mut self.relations,
            Section::Events => &mut self.events,
            Section::Attributes => &mut self.attributes,
        }
    }

    /// The entry of section `s` named `storage`.
    pub fn find(&self, s: Section, storage: &str) -> Option<&Entry> {
        self.section(s).iter().find(|e| e.storage() == storage)
    }

    pub fn find_mut(&mut self, s: Section, storage: &str) -> Option<&mut Entry> {
        self.section_mut(s)
            .iter_mut()
            .find(|e| e.storage() == storage)
    }

    /// Types annotations may use in a section (not `!`, not special), in file order.
    pub fn usable(&self, s: Section) -> impl Iterator<Item = &Entry> {
        self.section(s).iter().filter(|e| !e.unused && !e.special())
    }

    /// Reads a configuration; problems are reported with `file` and line, and the line or
    /// argument is skipped.
    pub fn parse(text: &str, file: &str, report: &mut Report) -> Conf {
        let mut conf = Conf::default();
        // `None` before the first section; `Some(None)` in a section brat does not know.
        let mut section: Option<Option<Section>> = None;
        let mut macros: Vec<(String, String)> = Vec::new();
        let mut separators = 0;
        for (i, raw) in text.lines().enumerate() {
            let no = Some(i + 1);
            let raw = raw.trim_end_matches('\r');
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if line.starts_with('[') && line.ends_with(']') {
                let name = &line[1..line.len() - 1];
                section = Some(Section::parse(name));
                macros.clear();
                if section == Some(None) {
                    report.error(
                        file,
                        no,
                        format!(
                            "unknown section [{name}] (brat ignores it too); its lines were skipped"
                        ),
                    );
                }
                continue;
            }
            let sec = match section {
                Some(Some(sec)) => sec,
                Some(None) => continue,
                None => {
                    report.error(file, no, "a line before the first [section]; skipped");
                    continue;
                }
            };
            if line.chars().all(|c| c == '-') {
                separators += 1;
                continue;
            }
            if let Some((name, value)) = macro_definition(line) {
                macros.push((format!("<{name}>"), value.to_string()));
                continue;
            }
            let mut expanded = raw.to_string();
            for (m, v) in &macros {
                expanded = expanded.replace(m.as_str(), v);
            }
            match parse_entry(&expanded) {
                Ok(e) => conf.section_mut(sec).push(e),
                Err(msg) => report.error(file, no, format!("{msg}; line skipped")),
            }
        }
        if separators > 0 {
            report.note(
                "separator",
                file,
                format!("{separators} separator lines ('----') only draw brat's menus; skipped"),
            );
        }
        conf
    }

    /// The configuration as brat reads it. Every section is written, even an empty one (brat
    /// warns about a missing section).
    pub fn render(&self) -> String {
        let mut out = String::from(
            "# brat annotation configuration written by Weft: what the project uses, and what the\n\
             # configuration it was imported with declared.\n",
        );
        for s in Section::ALL {
            out += &format!("\n[{}]\n", s.name());
            for e in self.section(s) {
                out += &"\t".repeat(e.depth);
                if e.unused {
                    out.push('!');
                }
                out += &e.terms.join("|");
                if !e.args.is_empty() {
                    out.push('\t');
                    let args: Vec<String> = e
                        .args
                        .iter()
                        .map(|a| format!("{}{}:{}", a.key, a.rep, a.types.join("|")))
                        .collect();
                    out += &args.join(", ");
                }
                out.push('\n');
            }
        }
        out
    }
}

/// `<NAME>=value` (brat's macros).
fn macro_definition(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix('<')?;
    let (name, value) = rest.split_once(">=")?;
    name.chars()
        .all(|c| c.is_ascii_alphabetic() || c == '_' || c == '-')
        .then_some((name, value.trim()))
}

/// One entry line: indent, `terms[\targs]`.
fn parse_entry(line: &str) -> Result<Entry, String> {
    let depth = line.len() - line.trim_start().len();
    let body = line.trim();
    let (terms, args) = match body.split_once(char::is_whitespace) {
        Some((t, a)) => (t, a.trim()),
        None => (body, ""),
    };
    let mut terms: Vec<String> = terms
        .split('|')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    if terms.is_empty() {
        return Err("no type name".into());
    }
    let mut unused = false;
    for t in &mut terms {
        if let Some(s) = t.strip_prefix('!') {
            *t = s.to_string();
            unused = true;
        }
    }
    if terms[0].is_empty() {
        return Err("empty type name after '!'".into());
    }
    let mut out = Vec::new();
    for a in args.split(',').map(str::trim).filter(|a| !a.is_empty()) {
        out.push(parse_arg(a)?);
    }
    Ok(Entry {
        depth,
        terms,
        unused,
        args: out,
    })
}

/// `Theme+:Protein|<EVENT>`, `<REL-TYPE>:symmetric-transitive`, `Value:a|b`.
fn parse_arg(a: &str) -> Result<Arg, String> {
    let (key, types) = a
        .split_once(':')
        .ok_or_else(|| format!("argument '{a}' is not NAME:TYPES"))?;
    let (key, types) = (key.trim(), types.trim());
    let types: Vec<String> = types.split('|').map(|t| t.trim().to_string()).collect();
    if types.iter().any(String::is_empty) {
        return Err(format!("argument '{a}' has an empty type"));
    }
    if key.starts_with('<') {
        return Ok(Arg {
            key: key.to_string(),
            rep: String::new(),
            types,
        });
    }
    let (name, rep) = match key.find(['?', '*', '+', '{']) {
        Some(i) => (&key[..i], &key[i..]),
        None => (key, ""),
    };
    let rep_ok = matches!(rep, "" | "?" | "*" | "+")
        || (rep.starts_with('{')
            && rep.ends_with('}')
            && rep[1..rep.len() - 1]
                .split('-')
                .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())));
    if name.is_empty() || !rep_ok {
        return Err(format!("argument '{a}' has a bad name or repetition mark"));
    }
    Ok(Arg {
        key: name.to_string(),
        rep: rep.to_string(),
        types,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONF: &str = "[spans]\n!Entity\n\tProtein|Prot\n\tDNA\n----\nSite\n[relations]\n<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>\nAlias\tArg1:Protein, Arg2:Protein, <REL-TYPE>:symmetric-transitive\nPart-of\tArg1:Protein, Arg2:Site\n[events]\n<REG>=Protein|<EVENT>\nProtein_binding|GO:0005515\tTheme+:Protein, Site*:Site\nRegulation\tTheme:<REG>, Cause?:<REG>\n[attributes]\nNegation\tArg:<EVENT>\nConfidence\tArg:<EVENT>|Protein, Value:High|Low\n";

    #[test]
    fn spans_unions_repetitions_and_abstract_types_are_kept_and_separators_skipped() {
        let mut r = Report::default();
        let c = Conf::parse(CONF, "annotation.conf", &mut r);
        assert_eq!(r.number_of(crate::formats::Severity::Error), 0, "{r}");
        assert_eq!(r.number_in("separator"), 1);
        let storage: Vec<&str> = c.entities.iter().map(Entry::storage).collect();
        assert_eq!(storage, ["Entity", "Protein", "DNA", "Site"]);
        assert!(c.entities[0].unused);
        assert_eq!(c.entities[1].terms, ["Protein", "Prot"]);
        let b = c.find(Section::Events, "Protein_binding").unwrap();
        assert_eq!(b.terms[1], "GO:0005515");
        assert_eq!(
            (b.args[0].key.as_str(), b.args[0].rep.as_str()),
            ("Theme", "+")
        );
        let reg = c.find(Section::Events, "Regulation").unwrap();
        assert_eq!(reg.args[0].types, ["Protein", "<EVENT>"], "macro expanded");
        assert!(c.find(Section::Relations, "Alias").unwrap().transitive());
        assert!(!c.find(Section::Relations, "Part-of").unwrap().symmetric());
        // Written and read again: the same configuration.
        let again = Conf::parse(&c.render(), "x", &mut Report::default());
        assert_eq!(again, c);
    }

    #[test]
    fn bad_arguments_are_reported_by_line() {
        let mut r = Report::default();
        let c = Conf::parse(
            "[events]\nA\tTheme:\nB\tTheme+:X\n[weird]\nZ\n",
            "annotation.conf",
            &mut r,
        );
        assert!(r.items.iter().any(|i| i.line == Some(2)), "{r}");
        assert!(r.items.iter().any(|i| i.line == Some(4)), "{r}");
        assert_eq!(c.events.len(), 1);
    }
}
