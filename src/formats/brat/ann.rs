//! Reading `.ann` lines: one [`Line`] per annotation, with the file's own id and line number.
//! The syntax follows brat's own reader (`server/src/annotation.py`): an id, a tab, the
//! annotation, and for `T`, `N` and `#` lines a second tab and a free text.

use crate::formats::{InFile, Report};
use std::collections::{BTreeSet, HashMap};

/// One annotation of an `.ann` file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Line {
    /// A text-bound annotation: type, fragments (brat offsets, as written) and the quoted text.
    T {
        ty: String,
        frags: Vec<(usize, usize)>,
        text: Option<String>,
    },
    /// A relation: type and (label, id) arguments.
    R {
        ty: String,
        args: Vec<(String, String)>,
    },
    /// An event: type, trigger and (role, id) arguments in file order.
    E {
        ty: String,
        trigger: String,
        args: Vec<(String, String)>,
    },
    /// An attribute (`A`, or the older `M`), a flag when `value` is `None`.
    A {
        name: String,
        target: String,
        value: Option<String>,
    },
    /// A normalisation: `Reference TARGET DB:ID` and the reference's text.
    N {
        target: String,
        reference: String,
        text: String,
    },
    /// An equivalence group (`*`): type and members.
    Equiv { ty: String, members: Vec<String> },
    /// A note (`#`): its type (`AnnotatorNotes`, or another), target and text.
    Note {
        ty: String,
        target: String,
        text: String,
    },
}

/// A parsed line with its id and 1-based line number.
#[derive(Clone, Debug)]
pub(super) struct AnnLine {
    pub no: usize,
    pub id: String,
    pub line: Line,
}

/// Parses one line (without its line break).
pub(super) fn parse_line(line: &str) -> Result<(String, Line), String> {
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
        'T' => Line::T {
            ty: first,
            frags: fragments(mid)?,
            text: tail.map(str::to_string),
        },
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
        'N' => {
            let reference = rest.get(1).ok_or("no reference")?.to_string();
            if !reference.contains(':') {
                return Err(format!("reference '{reference}' is not DB:ID"));
            }
            Line::N {
                target: rest.first().ok_or("no target")?.to_string(),
                reference,
                text: tail.unwrap_or("").to_string(),
            }
        }
        '*' => Line::Equiv {
            ty: first,
            members: rest.iter().map(|s| s.to_string()).collect(),
        },
        '#' => Line::Note {
            ty: first,
            target: rest.first().ok_or("no target")?.to_string(),
            text: tail.unwrap_or("").to_string(),
        },
        other => return Err(format!("unknown annotation kind '{other}'")),
    };
    Ok((id, l))
}

/// `TYPE s e;s e…` → fragments. Empty fragments (`15 15`) are kept here (brat accepts them).
fn fragments(mid: &str) -> Result<Vec<(usize, usize)>, String> {
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
        if s > e {
            return Err(format!("offsets {s} {e} are inverted (start after end)"));
        }
        frags.push((s, e));
    }
    Ok(frags)
}

/// Every line of an `.ann` file; unreadable lines and reused ids are reported and skipped.
pub(super) fn parse_ann(ann: &InFile, report: &mut Report) -> Vec<AnnLine> {
    let mut lines = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, raw) in ann.text.lines().enumerate() {
        let raw = raw.trim_end_matches('\r');
        if raw.trim().is_empty() {
            continue;
        }
        match parse_line(raw) {
            Ok((id, line)) => {
                if !matches!(line, Line::Equiv { .. }) && !seen.insert(id.clone()) {
                    report.error(&ann.name, Some(i + 1), format!("id '{id}' is used twice"));
                    continue;
                }
                lines.push(AnnLine {
                    no: i + 1,
                    id,
                    line,
                });
            }
            Err(e) => report.error(&ann.name, Some(i + 1), format!("cannot read '{raw}': {e}")),
        }
    }
    lines
}

/// `A`/`M` lines by target: (line number, name, value).
pub(super) type AttrLines<'a> = HashMap<&'a str, Vec<(usize, &'a str, Option<&'a str>)>>;

/// `#` lines by target: (line number, type, text).
pub(super) type NoteLines<'a> = HashMap<&'a str, Vec<(usize, &'a str, &'a str)>>;

/// A document's attribute and note lines, by the id they annotate.
pub(super) fn attrs_and_notes(lines: &[AnnLine]) -> (AttrLines<'_>, NoteLines<'_>) {
    let mut attrs: AttrLines = HashMap::new();
    let mut notes: NoteLines = HashMap::new();
    for l in lines {
        match &l.line {
            Line::A {
                name,
                target,
                value,
            } => attrs.entry(target.as_str()).or_default().push((
                l.no,
                name.as_str(),
                value.as_deref(),
            )),
            Line::Note { ty, target, text } => {
                notes
                    .entry(target.as_str())
                    .or_default()
                    .push((l.no, ty.as_str(), text.as_str()))
            }
            _ => {}
        }
    }
    (attrs, notes)
}

/// The type of `#` lines that hold a mention's note; `#` lines of other types hold a free-text
/// attribute named by their type.
pub const NOTE_TYPE: &str = "AnnotatorNotes";

/// `Theme2` → (`Theme`, `2`); `Arg` → (`Arg`, ``); `2` → (`2`, ``).
pub(super) fn split_number(role: &str) -> (&str, &str) {
    let base = role.trim_end_matches(|c: char| c.is_ascii_digit());
    if base.is_empty() {
        (role, "")
    } else {
        (base, &role[base.len()..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_parse_like_brat_reads_them() {
        let (id, l) = parse_line("T1\tProtein 10 14;15 15;16 20\tIL-2 \tx").unwrap();
        assert_eq!(id, "T1");
        assert_eq!(
            l,
            Line::T {
                ty: "Protein".into(),
                frags: vec![(10, 14), (15, 15), (16, 20)],
                text: Some("IL-2 \tx".into())
            }
        );
        let (_, l) = parse_line("#2\tLemma T1\trun").unwrap();
        assert_eq!(
            l,
            Line::Note {
                ty: "Lemma".into(),
                target: "T1".into(),
                text: "run".into()
            }
        );
        assert!(parse_line("T1\tX 20 10\tabc").is_err());
        assert!(parse_line("N1\tReference T1 P19838\tx").is_err());
        assert_eq!(split_number("Theme2"), ("Theme", "2"));
        assert_eq!(split_number("Org-Arg"), ("Org-Arg", ""));
        assert_eq!(split_number("12"), ("12", ""));
    }
}
