//! Re-anchoring: when a source text was edited outside Weft, each stored mention is looked for
//! again by its quote and the words around it. A unique match moves the mention; anything else
//! goes to the needs-review queue (see [`crate::model::review`]).

use super::files::MentionRecord;
use crate::model::TextRange;

/// Finds a stored mention's quote again in a changed text. One fragment only; a unique
/// occurrence, or the unique occurrence whose surroundings match the stored context best.
pub fn reanchor(rec: &MentionRecord, text: &str) -> Option<TextRange> {
    let [_] = rec.spans.as_slice() else {
        return None;
    };
    let q = rec.text.as_str();
    if q.is_empty() {
        return None;
    }
    let hits: Vec<usize> = text.match_indices(q).map(|(i, _)| i).collect();
    let score = |i: usize| {
        let before = text[..i]
            .chars()
            .rev()
            .zip(rec.prefix.chars().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let after = text[i + q.len()..]
            .chars()
            .zip(rec.suffix.chars())
            .take_while(|(a, b)| a == b)
            .count();
        before + after
    };
    let pick = match hits.as_slice() {
        [] => return None,
        [one] => *one,
        many => {
            // Among several occurrences the context must really agree: at least 8 characters
            // of it (or all there is, near the start or end of a text), and one best place.
            let stored = rec.prefix.chars().count() + rec.suffix.chars().count();
            let needed = stored.clamp(1, 8);
            let best = many.iter().map(|&i| score(i)).max().unwrap_or(0);
            let mut top = many.iter().filter(|&&i| score(i) == best);
            let first = *top.next()?;
            if best < needed || top.next().is_some() {
                return None;
            }
            first
        }
    };
    TextRange::new(text, pick, pick + q.len()).ok()
}
