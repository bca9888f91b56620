//! Single dates (no ranges): years, months and days in words or numbers, seasons, parts of a
//! year or month, decades and centuries.

use super::types::{DecadeSpec, Pattern, Point, YearSpec};
use crate::model::NumericOrder;
use crate::temporal::lex::{Suffix, Tok};
use crate::temporal::lexicon::{self, Part};

/// The tokens without filler words, and without hyphens next to words (`mid-1970s`,
/// `20th-century`, `twenty-first`).
pub(super) fn strip(t: &[Tok]) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(t.len());
    for (i, tok) in t.iter().enumerate() {
        match tok {
            Tok::Word(w) if lexicon::is_filler(w) => {}
            Tok::Sym('-')
                if matches!(out.last(), Some(Tok::Word(_)))
                    || matches!(t.get(i + 1), Some(Tok::Word(_))) => {}
            other => out.push(other.clone()),
        }
    }
    out
}

pub(super) fn year_of(t: &Tok) -> Option<YearSpec> {
    match *t {
        Tok::Num {
            value,
            digits: 4,
            suffix: Suffix::None,
            apostrophe: false,
        } => Some(YearSpec::Known(value as i32)),
        Tok::Num {
            value,
            digits: 2,
            suffix: Suffix::None,
            apostrophe: true,
        } => Some(YearSpec::TwoDigit(value)),
        _ => None,
    }
}

pub(super) fn day_of(t: &Tok) -> Option<u32> {
    match *t {
        Tok::Num {
            value,
            digits: 1..=2,
            suffix: Suffix::None | Suffix::Ordinal,
            apostrophe: false,
        } if (1..=31).contains(&value) => Some(value),
        Tok::Word(ref w) if w == "primero" => Some(1),
        _ => None,
    }
}

fn month_of(t: &Tok) -> Option<u32> {
    t.word().and_then(lexicon::month)
}

fn part_of(t: &Tok) -> Option<Part> {
    t.word().and_then(lexicon::part)
}

/// One date (no range), with the pattern that read it.
pub(super) fn point(raw: &[Tok], order: NumericOrder) -> Option<(Point, Pattern)> {
    let t = strip(raw);
    if let Some(found) = calendar(&t).or_else(|| numeric(&t, order)) {
        return Some(found);
    }
    periods(&t)
}

/// Years, months and days written with words.
fn calendar(t: &[Tok]) -> Option<(Point, Pattern)> {
    use Pattern as P;
    Some(match t {
        [y] => (Point::Year(year_of(y)?), P::Year),
        [a, b] => {
            if let (Some(m), Some(y)) = (month_of(a), year_of(b)) {
                (Point::Month { y, m }, P::MonthYear)
            } else if let (Some(y), Some(m)) = (year_of(a), month_of(b)) {
                (Point::Month { y, m }, P::YearFirst)
            } else if let (Some(d), Some(m)) = (day_of(a), month_of(b)) {
                (
                    Point::Day {
                        y: YearSpec::Missing,
                        m,
                        d,
                    },
                    P::DayMonth,
                )
            } else if let (Some(m), Some(d)) = (month_of(a), day_of(b)) {
                (
                    Point::Day {
                        y: YearSpec::Missing,
                        m,
                        d,
                    },
                    P::DayMonth,
                )
            } else {
                return None;
            }
        }
        [a, b, c] => {
            if let (Some(d), Some(m), Some(y)) = (day_of(a), month_of(b), year_of(c)) {
                (Point::Day { y, m, d }, P::DayMonthYear)
            } else if let (Some(m), Some(d), Some(y)) = (month_of(a), day_of(b), year_of(c)) {
                (Point::Day { y, m, d }, P::MonthDayYear)
            } else if let (Some(y), Some(m), Some(d)) = (year_of(a), month_of(b), day_of(c)) {
                (Point::Day { y, m, d }, P::YearFirst)
            } else if let (Some(y), Some(d), Some(m)) = (year_of(a), day_of(b), month_of(c)) {
                (Point::Day { y, m, d }, P::YearFirst)
            } else {
                return None;
            }
        }
        _ => return None,
    })
    .filter(|(p, _)| valid_point(p))
}

/// `11/9/1973`, `9/11/73`, `11.9.1973`, `1973-09-11`, `1973/09/11`, `9/1973`, `1973-09`.
fn numeric(t: &[Tok], order: NumericOrder) -> Option<(Point, Pattern)> {
    use Pattern as P;
    let n = |t: &Tok| match *t {
        Tok::Num {
            value,
            digits,
            suffix: Suffix::None,
            apostrophe: false,
        } => Some((value, digits)),
        _ => None,
    };
    let found = match t {
        [a, Tok::Sym(s1), b, Tok::Sym(s2), c] if s1 == s2 && matches!(s1, '/' | '.' | '-') => {
            let ((a, ad), (b, bd), (c, cd)) = (n(a)?, n(b)?, n(c)?);
            if ad == 4 && bd <= 2 && cd <= 2 {
                let p = if *s1 == '-' {
                    P::IsoDate
                } else {
                    P::NumericYearFirst
                };
                (
                    Point::Day {
                        y: YearSpec::Known(a as i32),
                        m: b,
                        d: c,
                    },
                    p,
                )
            } else if ad <= 2 && bd <= 2 && (cd == 4 || cd == 2) {
                let y = if cd == 4 {
                    YearSpec::Known(c as i32)
                } else {
                    YearSpec::TwoDigit(c)
                };
                let (d, m, p) = match (a > 12, b > 12) {
                    (true, true) => return None,
                    (true, false) => (a, b, P::NumericUnambiguous),
                    (false, true) => (b, a, P::NumericUnambiguous),
                    (false, false) => match order {
                        NumericOrder::DayFirst => (a, b, P::NumericDayFirst),
                        NumericOrder::MonthFirst => (b, a, P::NumericMonthFirst),
                    },
                };
                (Point::Day { y, m, d }, p)
            } else {
                return None;
            }
        }
        [a, Tok::Sym(s), b] if matches!(s, '/' | '-' | '.') => {
            let ((a, ad), (b, bd)) = (n(a)?, n(b)?);
            if ad == 4 && bd == 2 && *s != '.' {
                (
                    Point::Month {
                        y: YearSpec::Known(a as i32),
                        m: b,
                    },
                    P::NumericMonthYear,
                )
            } else if ad <= 2 && bd == 4 {
                (
                    Point::Month {
                        y: YearSpec::Known(b as i32),
                        m: a,
                    },
                    P::NumericMonthYear,
                )
            } else {
                return None;
            }
        }
        _ => return None,
    };
    Some(found).filter(|(p, _)| valid_point(p))
}

/// Seasons, parts of a year or month, decades, centuries, months alone.
fn periods(t: &[Tok]) -> Option<(Point, Pattern)> {
    use Pattern as P;
    if let Some(d) = decade_phrase(t) {
        return Some((decade(d, None), P::Decade));
    }
    if let Some(c) = century_phrase(t) {
        return Some((Point::Century { c, part: None }, P::Century));
    }
    let found = match t {
        [m] if month_of(m).is_some() => (
            Point::Month {
                y: YearSpec::Missing,
                m: month_of(m)?,
            },
            P::Month,
        ),
        [s] if season_of(s).is_some() => (
            Point::Season {
                y: YearSpec::Missing,
                code: season_of(s)?,
            },
            P::Season,
        ),
        [s, y] if season_of(s).is_some() => (
            Point::Season {
                y: year_of(y)?,
                code: season_of(s)?,
            },
            P::Season,
        ),
        [p, rest @ ..] if part_of(p).is_some() => {
            let part = part_of(p)?;
            let year = |t: &[Tok]| match t {
                [y] => year_of(y),
                _ => None,
            };
            if let Some(y) = year(rest) {
                let code = match part {
                    Part::Early => 37,
                    Part::Mid => 38,
                    Part::Late => 39,
                };
                (Point::YearPart { y, code }, P::YearPart)
            } else if let [m, more @ ..] = rest
                && let Some(m) = month_of(m)
                && (more.is_empty() || year(more).is_some())
            {
                let y = year(more).unwrap_or(YearSpec::Missing);
                (Point::MonthPart { y, m, part }, P::MonthPart)
            } else if let Some(d) = decade_phrase(rest) {
                (decade(d, Some(part)), P::DecadePart)
            } else {
                let c = century_phrase(rest)?;
                (
                    Point::Century {
                        c,
                        part: Some(part),
                    },
                    P::CenturyPart,
                )
            }
        }
        [n, unit, y] => {
            let code = sub_year(n, unit)?;
            (
                Point::YearPart {
                    y: year_of(y)?,
                    code,
                },
                P::YearPart,
            )
        }
        _ => return None,
    };
    Some(found).filter(|(p, _)| valid_point(p))
}

fn season_of(t: &Tok) -> Option<u32> {
    t.word().and_then(lexicon::season)
}

fn decade(decade: DecadeSpec, part: Option<Part>) -> Point {
    Point::Decade { decade, part }
}

/// `70` (no suffix) or `setenta`, after Spanish `los`: a decade within a century.
fn decade_in_century(t: &Tok) -> Option<u32> {
    match *t {
        Tok::Num {
            value,
            digits: 2,
            suffix: Suffix::None | Suffix::Plural,
            ..
        } if value % 10 == 0 => Some(value / 10),
        Tok::Word(ref w) => lexicon::decade_word(w),
        _ => None,
    }
}

/// `1970s`, `'70s`, `70s`, `seventies`, `años 70`, `años setenta`, `década 1970`.
fn decade_phrase(t: &[Tok]) -> Option<DecadeSpec> {
    let t = match t {
        [Tok::Word(w), rest @ ..] if w == "años" || w == "década" || w == "decada" => {
            let rest = match rest {
                [Tok::Word(a), more @ ..] if a == "años" => more,
                r => r,
            };
            return match rest {
                [
                    Tok::Num {
                        value,
                        digits: 4,
                        suffix: Suffix::None | Suffix::Plural,
                        apostrophe: false,
                    },
                ] if value % 10 == 0 && value % 100 != 0 => {
                    Some(DecadeSpec::Full(*value as i32 / 10))
                }
                [n] => decade_in_century(n).map(DecadeSpec::InCentury),
                _ => None,
            };
        }
        [Tok::Word(w), rest @ ..] if w == "decade" => rest,
        t => t,
    };
    match t {
        [
            Tok::Num {
                value,
                digits: 4,
                suffix: Suffix::Plural,
                apostrophe: false,
            },
        ] if value % 10 == 0 && value % 100 != 0 => Some(DecadeSpec::Full(*value as i32 / 10)),
        [
            Tok::Num {
                value,
                digits: 2,
                suffix: Suffix::Plural,
                ..
            },
        ] if value % 10 == 0 => Some(DecadeSpec::InCentury(value / 10)),
        [Tok::Word(w)] => lexicon::decade_word(w).map(DecadeSpec::InCentury),
        _ => None,
    }
}

/// The century as its first two digits (`19` for the 20th century, `1900s` and `siglo XX`).
fn century_phrase(t: &[Tok]) -> Option<i32> {
    let n = match t {
        [
            Tok::Num {
                value,
                digits: 4,
                suffix: Suffix::Plural,
                apostrophe: false,
            },
        ] if value % 100 == 0 => return Some(*value as i32 / 100),
        [n, Tok::Word(c)] if c == "century" || c == "centuries" => ordinal(n)?,
        [Tok::Word(tw), n, Tok::Word(c)] if tw == "twenty" && c == "century" => {
            20 + ordinal(n).filter(|o| *o < 10)?
        }
        [Tok::Word(s), n] if s == "siglo" || s == "s" => match n {
            Tok::Word(w) => lexicon::roman(w)?,
            Tok::Num {
                value,
                digits: 1..=2,
                suffix: Suffix::None | Suffix::Ordinal,
                apostrophe: false,
            } if s == "siglo" => *value,
            _ => return None,
        },
        _ => return None,
    };
    (1..=100).contains(&n).then(|| n as i32 - 1)
}

fn ordinal(t: &Tok) -> Option<u32> {
    match *t {
        Tok::Num {
            value,
            digits: 1..=2,
            suffix: Suffix::Ordinal,
            apostrophe: false,
        } => Some(value),
        Tok::Word(ref w) => lexicon::ordinal_word(w),
        _ => None,
    }
}

/// `first half`, `second quarter`, `primer semestre`, `tercer trimestre` → EDTF 33–36, 40–41.
fn sub_year(n: &Tok, unit: &Tok) -> Option<u32> {
    let k = match n.word()? {
        "first" | "primer" | "primero" => 1,
        "second" | "segundo" => 2,
        "third" | "tercer" | "tercero" => 3,
        "fourth" | "cuarto" | "last" => 4,
        _ => return None,
    };
    match unit.word()? {
        "half" | "semestre" => match k {
            1 => Some(40),
            2 => Some(41),
            4 => Some(41),
            _ => None,
        },
        "quarter" | "trimestre" => Some(32 + k),
        _ => None,
    }
}

fn valid_point(p: &Point) -> bool {
    let year_ok = |y: &YearSpec| match *y {
        YearSpec::Known(y) => (0..=9999).contains(&y),
        _ => true,
    };
    match p {
        Point::Year(y) => !matches!(y, YearSpec::Missing) && year_ok(y),
        Point::Month { y, m } => year_ok(y) && (1..=12).contains(m),
        Point::Day { y, m, d } => {
            // An unknown year may be a leap year.
            let yy = match *y {
                YearSpec::Known(y) => y,
                _ => 2000,
            };
            year_ok(y) && chrono::NaiveDate::from_ymd_opt(yy, *m, *d).is_some()
        }
        Point::Season { y, .. } | Point::YearPart { y, .. } => year_ok(y),
        Point::MonthPart { y, m, .. } => year_ok(y) && (1..=12).contains(m),
        Point::Decade { decade, .. } => match decade {
            DecadeSpec::Full(d) => (0..=999).contains(d),
            DecadeSpec::InCentury(d) => *d <= 9,
        },
        Point::Century { c, .. } => (0..=99).contains(c),
    }
}
