//! Splits a date phrase into tokens: lower-cased words, numbers (with an ordinal or plural
//! suffix, or a leading apostrophe as in `'73`), and the few symbols the rules look at.
//!
//! Commas, dots after words (`Sept.`, `c.`) and quotation marks carry nothing for a date and
//! are dropped here; dashes of every width become one symbol.

/// What follows or precedes the digits of a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Suffix {
    None,
    /// `11th`, `1st`, `2nd`, `3rd`, `11º`, `1.º`, `1er`
    Ordinal,
    /// `1970s`, `1970's`, `70s`
    Plural,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    /// Letters only, lower-cased (accents kept: `otoño`).
    Word(String),
    Num {
        value: u32,
        /// How many digits were written (`09` has two).
        digits: usize,
        suffix: Suffix,
        /// Written with a leading apostrophe (`'73`, `’70s`).
        apostrophe: bool,
    },
    /// `/`, `-` (hyphen), `–` (any dash), `.` (between numbers), `?`, `~`, `(`, `)`.
    Sym(char),
}

impl Tok {
    pub(crate) fn word(&self) -> Option<&str> {
        match self {
            Tok::Word(w) => Some(w),
            _ => None,
        }
    }

    pub(crate) fn is_word(&self, w: &str) -> bool {
        self.word() == Some(w)
    }

    #[cfg(test)]
    pub(crate) fn is_sym(&self, c: char) -> bool {
        matches!(self, Tok::Sym(s) if *s == c)
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ')
}

fn is_dash(c: char) -> bool {
    matches!(c, '–' | '—' | '‒' | '―' | '−')
}

/// Tokens of `phrase`, or `None` when it holds something no date rule can use (a number too
/// long to be a year, a letter-digit mix such as `A4`).
pub(crate) fn tokens(phrase: &str) -> Option<Vec<Tok>> {
    let chars: Vec<char> = phrase.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_alphabetic() {
                i += 1;
            }
            let w: String = chars[start..i].iter().collect::<String>().to_lowercase();
            if i < chars.len() && chars[i] == '.' {
                i += 1; // `Sept.`, `c.`, `ca.`
            }
            out.push(Tok::Word(w));
        } else if c.is_ascii_digit() || (is_apostrophe(c) && next_is_digit(&chars, i)) {
            if i > 0 && chars[i - 1].is_alphabetic() {
                return None; // `A4`
            }
            let apostrophe = is_apostrophe(c);
            if apostrophe {
                i += 1;
            }
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let digits = i - start;
            if digits > 4 {
                return None;
            }
            let value: u32 = chars[start..i].iter().collect::<String>().parse().ok()?;
            let (suffix, next) = suffix_at(&chars, i);
            i = next;
            if i < chars.len() && chars[i].is_alphanumeric() {
                return None; // `4A`, `1973b`
            }
            out.push(Tok::Num {
                value,
                digits,
                suffix,
                apostrophe,
            });
        } else if is_dash(c) {
            out.push(Tok::Sym('–'));
            i += 1;
        } else if matches!(c, '/' | '-' | '?' | '~' | '(' | ')') {
            out.push(Tok::Sym(c));
            i += 1;
        } else if c == '.' {
            // A dot between numbers (`11.9.1973`) matters; elsewhere (a final full stop) not.
            if matches!(out.last(), Some(Tok::Num { .. })) && next_is_digit(&chars, i) {
                out.push(Tok::Sym('.'));
            }
            i += 1;
        } else {
            // Spaces, commas, quotes, brackets other than round ones: separators.
            i += 1;
        }
    }
    Some(out)
}

fn next_is_digit(chars: &[char], i: usize) -> bool {
    chars.get(i + 1).is_some_and(|c| c.is_ascii_digit())
}

/// Reads an ordinal or plural suffix starting at `i`; returns it and the index after it.
fn suffix_at(chars: &[char], i: usize) -> (Suffix, usize) {
    let rest: String = chars[i..].iter().take(3).collect::<String>().to_lowercase();
    let end_ok = |n: usize| chars.get(i + n).is_none_or(|c| !c.is_alphanumeric());
    for ord in ["st", "nd", "rd", "th", "er", "ro", "do", "to"] {
        if rest.starts_with(ord) && end_ok(2) {
            return (Suffix::Ordinal, i + 2);
        }
    }
    for ord in ["º", "°", "ª"] {
        if rest.starts_with(ord) {
            return (Suffix::Ordinal, i + 1);
        }
    }
    if rest.starts_with(".º") || rest.starts_with(".°") {
        return (Suffix::Ordinal, i + 2);
    }
    if rest.starts_with('s') && end_ok(1) {
        return (Suffix::Plural, i + 1);
    }
    let mut cs = rest.chars();
    if cs.next().is_some_and(is_apostrophe) && cs.next() == Some('s') && end_ok(2) {
        return (Suffix::Plural, i + 2);
    }
    (Suffix::None, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(value: u32, digits: usize, suffix: Suffix) -> Tok {
        Tok::Num {
            value,
            digits,
            suffix,
            apostrophe: false,
        }
    }

    #[test]
    fn words_numbers_and_symbols() {
        let t = tokens("Sept. 11th, 1973").unwrap();
        assert_eq!(
            t,
            vec![
                Tok::Word("sept".into()),
                n(11, 2, Suffix::Ordinal),
                n(1973, 4, Suffix::None)
            ]
        );
        let t = tokens("the ’70s").unwrap();
        assert_eq!(
            t[1],
            Tok::Num {
                value: 70,
                digits: 2,
                suffix: Suffix::Plural,
                apostrophe: true
            }
        );
        assert_eq!(tokens("1970's").unwrap(), vec![n(1970, 4, Suffix::Plural)]);
        let t = tokens("11.9.1973.").unwrap();
        assert_eq!(t.len(), 5);
        assert!(t[1].is_sym('.') && t[3].is_sym('.'));
        assert!(tokens("1973—1990").unwrap()[1].is_sym('–'));
        assert_eq!(tokens("11 de Septiembre").unwrap().len(), 3);
        assert!(tokens("A4").is_none());
        assert!(tokens("123456").is_none());
        assert_eq!(tokens("1.º de mayo").unwrap()[0], n(1, 1, Suffix::Ordinal));
    }
}
