//! What an extractor reports besides the text: what it dropped or reshaped, and the problems
//! it meets (named with the file by [`super::extract`]). A file of its own so the extractors
//! share it without importing the module root that calls them.

use std::collections::BTreeMap;

/// What the extracted text leaves out, counted by what it is ("image", "footnote"), and notes on
/// what was reshaped ("table flattened to tab-separated lines").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dropped {
    counts: BTreeMap<&'static str, usize>,
    notes: Vec<String>,
}

impl Dropped {
    /// Counts one more dropped `what` (singular; the report adds the plural).
    pub fn add(&mut self, what: &'static str) {
        *self.counts.entry(what).or_insert(0) += 1;
    }

    /// A note on something kept but reshaped, once per kind of note.
    pub fn note(&mut self, note: impl Into<String>) {
        let note = note.into();
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    pub fn count(&self, what: &str) -> usize {
        self.counts.get(what).copied().unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty() && self.notes.is_empty()
    }

    /// One line per kind: "2 images dropped", "1 footnote dropped", then the notes.
    pub fn lines(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .counts
            .iter()
            .map(|(what, n)| format!("{n} {} dropped", plural(what, *n)))
            .collect();
        out.extend(self.notes.iter().cloned());
        out
    }
}

fn plural(what: &str, n: usize) -> String {
    if n == 1 {
        what.to_string()
    } else if what.ends_with('s') || what.ends_with("sh") || what.ends_with("ch") {
        format!("{what}es")
    } else {
        format!("{what}s")
    }
}

/// Problems an extractor reports without the file's path (added by [`extract`]).
#[derive(Debug, PartialEq, Eq)]
pub enum Problem {
    Malformed(String),
    NeedsOcr { pages: usize },
}
