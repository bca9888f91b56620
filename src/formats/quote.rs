//! Placing a mention by the text its line quotes.
//!
//! brat's `T` lines and Label Studio's regions carry the text they cover beside their offsets.
//! When the two disagree, the offsets are wrong (the text was edited, or another tool counted
//! differently), and importing at the offsets would put the mention on other words. The rule
//! every importer follows: look for the quoted text near the offsets (within [`WINDOW`]
//! characters, nearest first) and place the mention there with a warning, or refuse the line
//! with an error. Whitespace counts as equal to any other whitespace, because exports that
//! keep a mention on one line write its line breaks and tabs as spaces.

/// How far from the given offsets the quoted text is looked for, in the format's units.
pub const WINDOW: usize = 300;

/// Whether `a` and `b` are the same text, any whitespace character matching any other.
pub fn same_text(a: &str, b: &str) -> bool {
    let (mut x, mut y) = (a.chars(), b.chars());
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) if p == q || (p.is_whitespace() && q.is_whitespace()) => {}
            _ => return false,
        }
    }
}

fn matches_at(view: &[char], at: usize, piece: &[char]) -> bool {
    view.get(at..at + piece.len()).is_some_and(|s| {
        s.iter()
            .zip(piece)
            .all(|(a, b)| a == b || (a.is_whitespace() && b.is_whitespace()))
    })
}

/// Candidate shifts nearest first (0, -1, +1, -2, +2, …) within `window`.
fn shifts(window: usize) -> impl Iterator<Item = isize> {
    (0..=window as isize).flat_map(|d| if d == 0 { vec![0] } else { vec![-d, d] })
}

/// Where fragments `frags` (half-open ranges in units of `view`) belong so that the text they
/// cover, joined by single spaces, is `quote`: the same fragments moved by the smallest shift
/// within `window` units (the earlier place on a tie). A one-fragment mention may also change
/// its length to the quote's. `None` when the quote is not there.
pub fn relocate(
    view: &[char],
    frags: &[(usize, usize)],
    quote: &str,
    window: usize,
) -> Option<Vec<(usize, usize)>> {
    let q: Vec<char> = quote.chars().collect();
    let (first, _) = *frags.first()?;
    if q.is_empty() {
        return None;
    }
    if frags.len() == 1 {
        return shifts(window)
            .filter_map(|d| first.checked_add_signed(d))
            .find(|&s| matches_at(view, s, &q))
            .map(|s| vec![(s, s + q.len())]);
    }
    // Several fragments: the quote must split into pieces of their lengths, joined by spaces.
    let lens: Vec<usize> = frags.iter().map(|(s, e)| e - s).collect();
    if lens.iter().sum::<usize>() + frags.len() - 1 != q.len() {
        return None;
    }
    let mut pieces = Vec::new();
    let mut at = 0;
    for (i, l) in lens.iter().enumerate() {
        if i > 0 {
            if !q[at].is_whitespace() {
                return None;
            }
            at += 1;
        }
        pieces.push(&q[at..at + l]);
        at += l;
    }
    shifts(window).find_map(|d| {
        let moved: Option<Vec<(usize, usize)>> = frags
            .iter()
            .map(|&(s, e)| Some((s.checked_add_signed(d)?, e.checked_add_signed(d)?)))
            .collect();
        let moved = moved?;
        moved
            .iter()
            .zip(&pieces)
            .all(|(&(s, _), p)| matches_at(view, s, p))
            .then_some(moved)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn the_nearest_place_of_the_quote_is_found_or_none() {
        let text = v("Santiago and Allende; later Allende again");
        // Offsets 0..7 say "Santiag", the quote says "Allende": the nearest one is at 13.
        assert_eq!(
            relocate(&text, &[(0, 7)], "Allende", 40),
            Some(vec![(13, 20)])
        );
        // From 26 the occurrence at 28 is nearer than the one at 13.
        assert_eq!(
            relocate(&text, &[(26, 33)], "Allende", 40),
            Some(vec![(28, 35)])
        );
        assert_eq!(relocate(&text, &[(0, 7)], "Allende", 5), None);
        assert_eq!(relocate(&text, &[(0, 7)], "Pinochet", 100), None);
        // Two fragments move together.
        let text = v("gene of the expr");
        assert_eq!(
            relocate(&text, &[(1, 5), (13, 17)], "gene expr", 40),
            Some(vec![(0, 4), (12, 16)])
        );
        assert_eq!(
            relocate(&text, &[(0, 4), (12, 15)], "gene expr", 40),
            None,
            "lengths that do not fit the quote"
        );
        assert!(same_text("gene\nexpr", "gene expr"));
        assert!(!same_text("gene", "genes"));
    }
}
