//! The character units of κ and α: every non-whitespace code point of a compared document is
//! one unit, and each layer gives it one nominal label, the set of types of its mentions that
//! cover the character (the empty set when none does).
//!
//! Labels change only at fragment boundaries, so the text is cut at every boundary of every
//! layer and each run between two boundaries is counted once: its units (non-whitespace code
//! points) are added to the tally of the tuple of labels the layers give it. Nothing is
//! allocated per character; the text is read once to count each run's units.

use super::align::Aligned;
use std::collections::HashMap;

/// How many units carry each tuple of labels (one label per layer).
pub type Tally = Vec<(Vec<u32>, u64)>;

/// The labelling of all compared documents.
#[derive(Clone, Debug, Default)]
pub struct Units {
    /// Label id → the sorted global type ids it stands for; label 0 is the empty set.
    pub labels: Vec<Vec<u32>>,
    /// Per compared document: distinct label tuples (one label per layer) and their unit
    /// counts, sorted by tuple.
    pub docs: Vec<Tally>,
    /// Per compared document: code points in the text.
    pub chars: Vec<u64>,
    /// Per compared document: units (non-whitespace code points).
    pub units: Vec<u64>,
}

struct Interner {
    ids: HashMap<Vec<u32>, u32>,
    labels: Vec<Vec<u32>>,
}

impl Interner {
    fn id(&mut self, set: &[u32]) -> u32 {
        if let Some(&id) = self.ids.get(set) {
            return id;
        }
        let id = self.labels.len() as u32;
        self.labels.push(set.to_vec());
        self.ids.insert(set.to_vec(), id);
        id
    }
}

/// Code points and non-whitespace code points (Unicode `White_Space`) of `s`.
fn count(s: &str) -> (u64, u64) {
    let mut chars = 0u64;
    let mut units = 0u64;
    for b in s.bytes() {
        if b.is_ascii() {
            chars += 1;
            // ASCII White_Space: tab, LF, VT, FF, CR, space.
            units += u64::from(!matches!(b, 9..=13 | 32));
        }
    }
    if chars as usize != s.len() {
        for c in s.chars().filter(|c| !c.is_ascii()) {
            chars += 1;
            units += u64::from(!c.is_whitespace());
        }
    }
    (chars, units)
}

/// Labels every unit of every compared document for every layer.
pub fn tally(al: &Aligned) -> Units {
    let m = al.layers.len();
    let n_types = al.types.len();
    let mut interner = Interner {
        ids: HashMap::new(),
        labels: Vec::new(),
    };
    interner.id(&[]);
    let mut out = Units::default();
    let mut events: Vec<(usize, u32, u32, bool)> = Vec::new(); // (offset, layer, type, opens)
    let mut covering = vec![0u32; m * n_types];
    let mut active: Vec<Vec<u32>> = vec![Vec::new(); m];
    let mut dirty = vec![false; m];
    for (d, doc) in al.docs.iter().enumerate() {
        events.clear();
        for (l, layer) in al.layers.iter().enumerate() {
            for &mi in &al.by_doc[l][d] {
                let t = al.mention_type(l, mi as usize);
                for f in &layer.mentions[mi as usize].fragments {
                    events.push((f.start, l as u32, t, true));
                    events.push((f.end, l as u32, t, false));
                }
            }
        }
        events.sort_unstable();
        let mut label = vec![0u32; m];
        let mut hist: HashMap<Vec<u32>, u64> = HashMap::new();
        let (mut chars, mut units) = (0u64, 0u64);
        let mut run = |from: usize, to: usize, label: &[u32], hist: &mut HashMap<Vec<u32>, u64>| {
            let (c, u) = count(&doc.text[from..to]);
            chars += c;
            units += u;
            if u > 0 {
                match hist.get_mut(label) {
                    Some(n) => *n += u,
                    None => {
                        hist.insert(label.to_vec(), u);
                    }
                }
            }
        };
        let mut prev = 0usize;
        let mut i = 0;
        while i < events.len() {
            let at = events[i].0;
            if at > prev {
                run(prev, at, &label, &mut hist);
                prev = at;
            }
            while i < events.len() && events[i].0 == at {
                let (_, l, t, opens) = events[i];
                let (l, t) = (l as usize, t as usize);
                let c = &mut covering[l * n_types + t];
                if opens {
                    *c += 1;
                    if *c == 1 {
                        let pos = active[l].binary_search(&(t as u32)).unwrap_or_else(|p| p);
                        active[l].insert(pos, t as u32);
                        dirty[l] = true;
                    }
                } else {
                    *c -= 1;
                    if *c == 0 {
                        if let Ok(pos) = active[l].binary_search(&(t as u32)) {
                            active[l].remove(pos);
                        }
                        dirty[l] = true;
                    }
                }
                i += 1;
            }
            for l in 0..m {
                if dirty[l] {
                    label[l] = interner.id(&active[l]);
                    dirty[l] = false;
                }
            }
        }
        if doc.text.len() > prev {
            run(prev, doc.text.len(), &label, &mut hist);
        }
        let mut tally: Tally = hist.into_iter().collect();
        tally.sort_unstable();
        out.docs.push(tally);
        out.chars.push(chars);
        out.units.push(units);
    }
    out.labels = interner.labels;
    out
}

/// Adds up per-document tallies (of the same layers) into one, sorted by tuple.
pub fn merge<'t>(tallies: impl IntoIterator<Item = &'t Tally>) -> Tally {
    let mut all: HashMap<&[u32], u64> = HashMap::new();
    for t in tallies {
        for (tuple, n) in t {
            *all.entry(tuple.as_slice()).or_insert(0) += n;
        }
    }
    let mut out: Tally = all.into_iter().map(|(k, n)| (k.to_vec(), n)).collect();
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_is_not_a_unit_and_code_points_are_counted_once() {
        assert_eq!(count("a b\tc"), (5, 3));
        assert_eq!(count("é\u{00A0}😀\u{3000}x\r\n"), (7, 3));
        assert_eq!(count(""), (0, 0));
    }
}
