//! Corpus search: find a plain string or a regular expression in every document of a project,
//! optionally ignoring case and optionally only as a whole word, and show each hit in context
//! (keyword in context, one line).
//!
//! Pure: it reads the project and returns byte ranges ([`TextRange`], UTF-8 bytes, the unit of
//! everything inside Weft); nothing here touches the file system or the clock.
//!
//! - Plain text is matched literally (it is escaped before it reaches the regex engine).
//! - Regular expressions use the syntax of the `regex` crate: no look-around or
//!   back-references, and matching time is linear in the text. `^` and `$` match at line
//!   breaks. A pattern that does not compile gives [`SearchError::BadPattern`] with the
//!   engine's explanation.
//! - Ignoring case uses Unicode simple case folding (`é` finds `É`).
//! - "Whole word" means the character before the match and the character after it are not word
//!   characters (Unicode letters, marks, digits and connector punctuation, as the regex
//!   engine's `\w`), or the match is at the start or end of the text.
//! - Matches that cover no text (a pattern like `x*`) are not hits.

use crate::model::{DocId, Project, TextRange};
use regex::{Regex, RegexBuilder};

/// How to interpret a query.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SearchOptions {
    /// The query is a regular expression (otherwise plain text).
    pub regex: bool,
    /// Ignore upper/lower case.
    pub case_insensitive: bool,
    /// Only matches that are whole words.
    pub whole_word: bool,
}

/// One match: a byte range of one document.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hit {
    pub doc: DocId,
    /// UTF-8 byte range of the match in the document's text.
    pub range: TextRange,
}

/// Why a search could not run.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    #[error("the search is empty")]
    Empty,
    #[error("'{pattern}' is not a valid regular expression: {message}")]
    BadPattern { pattern: String, message: String },
}

/// A compiled query, reusable over many texts.
#[derive(Clone, Debug)]
pub struct Query {
    regex: Regex,
}

impl Query {
    /// Compiles `query` under `opts`.
    pub fn new(query: &str, opts: SearchOptions) -> Result<Query, SearchError> {
        if query.is_empty() {
            return Err(SearchError::Empty);
        }
        let body = if opts.regex {
            query.to_string()
        } else {
            regex::escape(query)
        };
        let pattern = if opts.whole_word {
            format!(r"\b{{start-half}}(?:{body})\b{{end-half}}")
        } else {
            body
        };
        let regex = RegexBuilder::new(&pattern)
            .case_insensitive(opts.case_insensitive)
            .multi_line(true)
            .build()
            .map_err(|e| SearchError::BadPattern {
                pattern: query.to_string(),
                message: explain(&e),
            })?;
        Ok(Query { regex })
    }

    /// Byte ranges of the non-empty, non-overlapping matches in `text`, in order.
    pub fn find_in(&self, text: &str) -> Vec<TextRange> {
        self.regex
            .find_iter(text)
            .filter(|m| !m.is_empty())
            .map(|m| {
                TextRange::new(text, m.start(), m.end())
                    .expect("regex matches lie on character boundaries")
            })
            .collect()
    }
}

/// The regex crate's message, reduced to its last, explanatory lines.
fn explain(e: &regex::Error) -> String {
    match e {
        regex::Error::Syntax(s) => {
            // The message draws the pattern with a caret; keep the "error: ..." line.
            s.lines()
                .find_map(|l| l.trim().strip_prefix("error: "))
                .unwrap_or(s.trim())
                .to_string()
        }
        regex::Error::CompiledTooBig(limit) => {
            format!("the pattern is too large to compile (over {limit} bytes)")
        }
        other => other.to_string(),
    }
}

/// Every hit of `query` in every document of `project`, in document order, then by offset.
pub fn search(
    project: &Project,
    query: &str,
    opts: SearchOptions,
) -> Result<Vec<Hit>, SearchError> {
    let q = Query::new(query, opts)?;
    Ok(project
        .documents()
        .iter()
        .flat_map(|d| {
            q.find_in(d.text()).into_iter().map(|range| Hit {
                doc: d.id.clone(),
                range,
            })
        })
        .collect())
}

/// A hit in context, for one line of a result list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Kwic {
    /// Up to the requested number of characters before the match, from the same line.
    pub left: String,
    /// The matched text with line breaks and tabs shown as spaces.
    pub matched: String,
    /// Up to the requested number of characters after the match, from the same line.
    pub right: String,
    /// Text was cut before `left` (the line goes on to the left).
    pub left_cut: bool,
    /// Text was cut after `right`.
    pub right_cut: bool,
}

fn flatten(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Keyword in context for `range` of `text`: at most `context_chars` characters (code points)
/// on each side, never crossing a line break, cut on character boundaries. The match itself is
/// kept whole, on one line.
pub fn kwic(text: &str, range: TextRange, context_chars: usize) -> Kwic {
    let before = &text[..range.start()];
    let line_start = before.rfind(['\n', '\r']).map(|i| i + 1).unwrap_or(0);
    let before = &before[line_start..];
    let after = &text[range.end()..];
    let line_end = after.find(['\n', '\r']).unwrap_or(after.len());
    let after = &after[..line_end];

    let n_before = before.chars().count();
    let left_cut = n_before > context_chars;
    let left: String = before
        .chars()
        .skip(n_before.saturating_sub(context_chars))
        .collect();
    let right: String = after.chars().take(context_chars).collect();
    let right_cut = after.chars().count() > context_chars;
    Kwic {
        left: flatten(&left),
        matched: flatten(range.slice(text)),
        right: flatten(&right),
        left_cut,
        right_cut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranges(q: &str, opts: SearchOptions, text: &str) -> Vec<String> {
        Query::new(q, opts)
            .unwrap()
            .find_in(text)
            .iter()
            .map(|r| r.slice(text).to_string())
            .collect()
    }

    #[test]
    fn plain_text_is_literal() {
        let o = SearchOptions::default();
        assert_eq!(ranges("a.b", o, "a.b axb"), vec!["a.b"]);
    }

    #[test]
    fn whole_word_with_punctuation_at_the_edges() {
        let o = SearchOptions {
            whole_word: true,
            ..Default::default()
        };
        assert_eq!(ranges("U.S.", o, "the U.S. army, xU.S."), vec!["U.S."]);
        assert_eq!(ranges("Chile", o, "Chilean Chile, Chile_x"), vec!["Chile"]);
    }

    #[test]
    fn kwic_stays_on_one_line() {
        let text = "first line\nsay Pinochet here\nnext";
        let start = text.find("Pinochet").unwrap();
        let r = TextRange::new(text, start, start + 8).unwrap();
        let k = kwic(text, r, 3);
        assert_eq!(
            (k.left.as_str(), k.matched.as_str(), k.right.as_str()),
            ("ay ", "Pinochet", " he")
        );
        assert!(k.left_cut && k.right_cut);
        let k = kwic(text, r, 40);
        assert_eq!((k.left.as_str(), k.right.as_str()), ("say ", " here"));
        assert!(!k.left_cut && !k.right_cut);
    }
}
