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
    ids: HashMap<Vec<u32>, u32, Fast>,
    labels: Vec<Vec<u32>>,
    /// The label of {t} for each type t (most characters are covered by one type at most).
    single: Vec<u32>,
}

impl Interner {
    fn id(&mut self, set: &[u32]) -> u32 {
        if let [t] = set
            && let Some(&id) = self.single.get(*t as usize).filter(|&&id| id != u32::MAX)
        {
            return id;
        }
        let id = self.lookup(set);
        if let [t] = set {
            self.single[*t as usize] = id;
        }
        id
    }

    fn lookup(&mut self, set: &[u32]) -> u32 {
        if set.is_empty() {
            return 0;
        }
        if let Some(&id) = self.ids.get(set) {
            return id;
        }
        let id = self.labels.len() as u32;
        self.labels.push(set.to_vec());
        self.ids.insert(set.to_vec(), id);
        id
    }
}

/// Code points and non-whitespace code points (Unicode `White_Space`) of `s`, in one pass
/// over the bytes: every non-ASCII `White_Space` character starts with byte C2, E1, E2 or E3,
/// and only those are decoded.
fn count(s: &str) -> (u64, u64) {
    let bytes = s.as_bytes();
    let mut chars = 0u64;
    let mut units = 0u64;
    let mut i = 0;
    while i < bytes.len() {
        // Eight ASCII bytes at a time.
        if let Some(chunk) = bytes.get(i..i + 8) {
            let w = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            if w & HIGH == 0 {
                chars += 8;
                units += 8 - u64::from(ascii_white_spaces(w));
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        if b < 0x80 {
            chars += 1;
            // ASCII White_Space: tab, LF, VT, FF, CR, space.
            units += u64::from(!matches!(b, 9..=13 | 32));
            i += 1;
            continue;
        }
        let len = match b {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        chars += 1;
        let white = matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3)
            && s[i..i + len]
                .chars()
                .next()
                .is_some_and(char::is_whitespace);
        units += u64::from(!white);
        i += len;
    }
    (chars, units)
}

/// The high bit of each byte of a word.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// How many of the eight bytes of `w` (all ASCII: high bits clear) are ASCII `White_Space`
/// (tab, LF, VT, FF, CR, space), without looking at them one by one.
fn ascii_white_spaces(w: u64) -> u32 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let byte = |b: u8| u64::from_le_bytes([b; 8]);
    // Spaces: bytes of `w ^ 0x20…` that are zero (exact per byte, no borrow between bytes).
    let x = w ^ byte(b' ');
    let space = !(((x & LOW7) + LOW7) | x | LOW7);
    // 9..=13: with the high bit set first, subtracting borrows within no byte; the high bit
    // survives in `b - 9` exactly when b >= 9, and in `b - 14` when b >= 14.
    let from_tab = (w | HIGH) - byte(9);
    let past_cr = (w | HIGH) - byte(14);
    let control = from_tab & !past_cr & HIGH;
    ((space | control) & HIGH).count_ones()
}

/// A small multiplicative hasher for the label tuples (a few integers each, hashed once per
/// run of text; SipHash's protection against adversarial keys is not needed here).
#[derive(Default, Clone, Copy)]
pub struct TupleHasher(u64);

impl std::hash::Hasher for TupleHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u32(&mut self, x: u32) {
        self.write_u64(u64::from(x));
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
}

type Fast = std::hash::BuildHasherDefault<TupleHasher>;

/// Labels every unit of every compared document for every layer.
pub fn tally(al: &Aligned) -> Units {
    let m = al.layers.len();
    let n_types = al.types.len();
    let mut interner = Interner {
        ids: HashMap::default(),
        labels: vec![Vec::new()],
        single: vec![u32::MAX; n_types],
    };
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
        let mut hist: HashMap<Vec<u32>, u64, Fast> = HashMap::default();
        let (mut chars, mut units) = (0u64, 0u64);
        let mut run =
            |from: usize, to: usize, label: &[u32], hist: &mut HashMap<Vec<u32>, u64, Fast>| {
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

    /// The eight-bytes-at-a-time path counts as one character at a time does: every ASCII
    /// byte in every position of a word, and runs that start and end anywhere.
    #[test]
    fn counting_a_word_at_a_time_equals_counting_each_character() {
        let one_by_one = |s: &str| {
            let chars = s.chars().count() as u64;
            (
                chars,
                s.chars().filter(|c| !c.is_whitespace()).count() as u64,
            )
        };
        for b in 0u8..0x80 {
            for pos in 0..8 {
                let mut bytes = vec![b'a'; 8];
                bytes[pos] = b;
                let s = std::str::from_utf8(&bytes).unwrap();
                assert_eq!(count(s), one_by_one(s), "byte {b:#04x} at {pos}");
            }
        }
        let mixed = "Ana\tvio \u{00A0}a Ben\r\n en 1973 \u{2003}y\u{3000}otra   vez😀 fin.\x0b\x0c";
        for from in 0..mixed.len() {
            for to in from..=mixed.len() {
                if let Some(s) = mixed.get(from..to) {
                    assert_eq!(count(s), one_by_one(s), "{s:?}");
                }
            }
        }
    }
}
