//! What an import or an export tells the user: counts, and items by severity (errors with
//! file and line, warnings, what the other format cannot express, schema changes, notes).

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// How serious a report item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Input that could not be read or imported (the rest was).
    Error,
    /// Input that was imported with a correction the user should check (a mention moved to
    /// where its quoted text is).
    Warning,
    /// Something the target format cannot express: left out or changed, and why.
    Loss,
    /// A type, attribute, role or relation type added to (or widened in) the schema.
    Schema,
    /// Information worth knowing (a choice the converter made).
    Note,
}

/// One thing to tell the user after an import or export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    pub severity: Severity,
    /// A short category, the same for all items of one kind ("cross-document relation").
    pub category: String,
    /// The file it concerns (input file on import, output file or document on export).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub file: String,
    /// 1-based line number in `file`, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Loss => "not representable",
            Severity::Schema => "schema",
            Severity::Note => "note",
        };
        match (self.file.is_empty(), self.line) {
            (false, Some(l)) => write!(f, "{}:{l}: {sev}: {}", self.file, self.message),
            (false, None) => write!(f, "{}: {sev}: {}", self.file, self.message),
            _ => write!(f, "{sev}: {}", self.message),
        }
    }
}

/// What an import or export did and everything it could not do.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// `brat import`, `spaCy export`, …
    pub operation: String,
    /// The offset unit of the outside format.
    pub offset_unit: String,
    /// What was read or written, by kind ("documents", "mentions", …).
    pub counts: BTreeMap<String, usize>,
    pub items: Vec<Item>,
}

impl Report {
    pub fn new(operation: impl Into<String>, offset_unit: impl Into<String>) -> Self {
        Report {
            operation: operation.into(),
            offset_unit: offset_unit.into(),
            ..Default::default()
        }
    }

    /// Adds an item.
    pub fn push(
        &mut self,
        severity: Severity,
        category: &str,
        file: &str,
        line: Option<usize>,
        message: impl Into<String>,
    ) {
        self.items.push(Item {
            severity,
            category: category.to_string(),
            file: file.to_string(),
            line,
            message: message.into(),
        });
    }

    pub fn error(&mut self, file: &str, line: Option<usize>, message: impl Into<String>) {
        self.push(Severity::Error, "error", file, line, message);
    }

    pub fn loss(&mut self, category: &str, file: &str, message: impl Into<String>) {
        self.push(Severity::Loss, category, file, None, message);
    }

    pub fn note(&mut self, category: &str, file: &str, message: impl Into<String>) {
        self.push(Severity::Note, category, file, None, message);
    }

    pub fn schema(&mut self, message: impl Into<String>) {
        self.push(Severity::Schema, "schema", "", None, message);
    }

    /// Adds `n` to a count.
    pub fn count(&mut self, what: &str, n: usize) {
        *self.counts.entry(what.to_string()).or_insert(0) += n;
    }

    /// Items of one severity.
    pub fn of(&self, severity: Severity) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |i| i.severity == severity)
    }

    /// Number of items of one severity.
    pub fn number_of(&self, severity: Severity) -> usize {
        self.of(severity).count()
    }

    /// Number of items in a category.
    pub fn number_in(&self, category: &str) -> usize {
        self.items.iter().filter(|i| i.category == category).count()
    }

    /// Counts of items per (severity, category), for the summary.
    pub fn summary(&self) -> Vec<(Severity, String, usize)> {
        let mut m: BTreeMap<(Severity, String), usize> = BTreeMap::new();
        for i in &self.items {
            *m.entry((i.severity, i.category.clone())).or_insert(0) += 1;
        }
        m.into_iter().map(|((s, c), n)| (s, c, n)).collect()
    }
}

impl fmt::Display for Report {
    /// A summary ("12 × cross-document relation") followed by every item.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let counts = self
            .counts
            .iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect::<Vec<_>>()
            .join(", ");
        writeln!(
            f,
            "{} (offsets in {}): {}",
            self.operation,
            self.offset_unit,
            if counts.is_empty() {
                "nothing"
            } else {
                &counts
            }
        )?;
        for (sev, cat, n) in self.summary() {
            let sev = match sev {
                Severity::Error => "errors",
                Severity::Warning => "warnings",
                Severity::Loss => "not representable",
                Severity::Schema => "schema changes",
                Severity::Note => "notes",
            };
            writeln!(f, "  {sev}: {n} × {cat}")?;
        }
        for i in &self.items {
            writeln!(f, "  {i}")?;
        }
        Ok(())
    }
}
