//! How the core's independent parts are run: one after the other, or side by side.
//!
//! The pure core has no threads. Where a computation has two independent halves (the
//! agreement report's parts, the two halves of a walk over every mention, see
//! [`super::Project::mention_halves`]), it hands them to a [`Join`] and combines the results.
//! [`InOrder`] runs them one after the other; the session's `TwoThreads` runs them on two
//! threads. Either way the results are the same.

/// Runs two independent computations and returns both results.
pub trait Join: Sync {
    fn join<A: Send, B: Send>(
        &self,
        a: impl FnOnce() -> A + Send,
        b: impl FnOnce() -> B + Send,
    ) -> (A, B);
}

/// Runs `a`, then `b`.
pub struct InOrder;

impl Join for InOrder {
    fn join<A: Send, B: Send>(
        &self,
        a: impl FnOnce() -> A + Send,
        b: impl FnOnce() -> B + Send,
    ) -> (A, B) {
        let x = a();
        (x, b())
    }
}

/// A key that splits the sorted keys from `first` to `last` about evenly when they are
/// spread evenly, as random ids are: the common prefix and then one byte midway between the
/// first differing bytes, rounded up (by their hexadecimal values when both are hexadecimal
/// digits, as in the ids Weft writes: `0`…`f` split at `8`). `None` when there is no such
/// ASCII byte after the first key's and up to the last key's.
///
/// Any key gives correct halves (every key lies on one side of it); only the balance, and so
/// the speed-up, depends on how the keys are spread.
pub fn split_key(first: &str, last: &str) -> Option<String> {
    let (a, b) = (first.as_bytes(), last.as_bytes());
    let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let lo = a.get(common).copied().unwrap_or(0);
    let hi = *b.get(common)?;
    let mid = match (hex_value(lo), hex_value(hi)) {
        (Some(x), Some(y)) if x < y => hex_digit(x + (y - x).div_ceil(2)),
        _ => lo + hi.saturating_sub(lo).div_ceil(2),
    };
    if !mid.is_ascii() || mid <= lo || mid > hi {
        return None;
    }
    let mut key = first[..common].to_string();
    key.push(char::from(mid));
    Some(key)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    }
}

fn hex_digit(v: u8) -> u8 {
    if v < 10 { b'0' + v } else { b'a' + v - 10 }
}

#[cfg(test)]
mod tests {
    use super::split_key;

    #[test]
    fn a_split_key_lies_between_the_first_and_the_last_key() {
        // Sixteen hexadecimal digits split eight and eight.
        assert_eq!(split_key("m_0a", "m_f3").as_deref(), Some("m_8"));
        assert_eq!(split_key("m_3", "m_9").as_deref(), Some("m_6"));
        assert_eq!(split_key("m_3", "m_4").as_deref(), Some("m_4"));
        assert_eq!(split_key("T1", "T99").as_deref(), Some("T5"));
        assert_eq!(split_key("A", "z").as_deref(), Some("^"));
        assert_eq!(split_key("same", "same"), None);
        assert_eq!(split_key("m\u{e9}", "m\u{f4}"), None);
        for (first, last) in [
            ("m_0a", "m_f3"),
            ("m_3", "m_4"),
            ("T1", "T99"),
            ("a", "ab"),
            ("", "q"),
        ] {
            if let Some(k) = split_key(first, last) {
                assert!(
                    first < k.as_str() && k.as_str() <= last,
                    "{first} {k} {last}"
                );
            }
        }
    }
}
