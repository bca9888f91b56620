//! The date rules: a phrase's tokens become a [`Parsed`] date (one point, or a range of two),
//! which [`Parsed::resolve`] turns into an EDTF string, given the reference year that
//! underspecified dates ("September 11", "the '70s") need.
//!
//! A rule matches the whole phrase or nothing: "before 1973" is not 1973, and a word the
//! rules do not know makes the phrase not understood rather than half read.

use super::lex::{self, Suffix, Tok};
use super::lexicon::{self, Part};
use crate::model::NumericOrder;

/// Which rule produced a value: the pattern of the phrase. Shown (by [`Pattern::name`]) in
/// the inspector; stored (by [`Pattern::key`]) in the `edtf_rule` attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pattern {
    /// Typed or set by the user: never replaced by a proposal.
    User,
    /// The phrase is EDTF already (`197X`, `1973-21`).
    Edtf,
    Year,
    MonthYear,
    DayMonthYear,
    MonthDayYear,
    /// `1973 11 September`, `1973 September 11` (as dated timelines write).
    YearFirst,
    /// `1973-09-11`
    IsoDate,
    /// `11/9/1973` read day first, by the project's setting.
    NumericDayFirst,
    /// `9/11/1973` read month first, by the project's setting.
    NumericMonthFirst,
    /// `25/9/1973`: only one reading is a date.
    NumericUnambiguous,
    /// `1973/09/11`
    NumericYearFirst,
    /// `9/1973`, `1973-09`
    NumericMonthYear,
    /// `September 11`, `11 de septiembre` (no year)
    DayMonth,
    /// `September` (no year)
    Month,
    Season,
    /// `early 1973`, `first half of 1973`, `the third quarter of 1973`
    YearPart,
    /// `early September 1973`
    MonthPart,
    Decade,
    /// `the early 1970s`
    DecadePart,
    Century,
    /// `the late 19th century`
    CenturyPart,
    /// `1973–1990`, `between June and September 1973`
    Range,
}

const PATTERNS: &[(Pattern, &str, &str)] = &[
    (Pattern::User, "user", "set by the user"),
    (Pattern::Edtf, "edtf", "EDTF as written"),
    (Pattern::Year, "year", "year"),
    (Pattern::MonthYear, "month_year", "month and year"),
    (Pattern::DayMonthYear, "day_month_year", "day month year"),
    (Pattern::MonthDayYear, "month_day_year", "month day, year"),
    (
        Pattern::YearFirst,
        "year_first",
        "year first (year month day)",
    ),
    (Pattern::IsoDate, "iso_date", "ISO 8601 date"),
    (
        Pattern::NumericDayFirst,
        "numeric_day_first",
        "numeric date, day first (project setting)",
    ),
    (
        Pattern::NumericMonthFirst,
        "numeric_month_first",
        "numeric date, month first (project setting)",
    ),
    (
        Pattern::NumericUnambiguous,
        "numeric_unambiguous",
        "numeric date (only one reading)",
    ),
    (
        Pattern::NumericYearFirst,
        "numeric_year_first",
        "numeric date, year first",
    ),
    (
        Pattern::NumericMonthYear,
        "numeric_month_year",
        "numeric month and year",
    ),
    (
        Pattern::DayMonth,
        "day_month",
        "day and month without a year",
    ),
    (Pattern::Month, "month", "month without a year"),
    (Pattern::Season, "season", "season"),
    (Pattern::YearPart, "year_part", "part of a year"),
    (Pattern::MonthPart, "month_part", "early, mid or late month"),
    (Pattern::Decade, "decade", "decade"),
    (
        Pattern::DecadePart,
        "decade_part",
        "early, mid or late decade",
    ),
    (Pattern::Century, "century", "century"),
    (
        Pattern::CenturyPart,
        "century_part",
        "early, mid or late century",
    ),
    (Pattern::Range, "range", "range"),
];

impl Pattern {
    /// A short stable key (stored in the `edtf_rule` attribute).
    pub fn key(self) -> &'static str {
        PATTERNS
            .iter()
            .find(|(p, ..)| *p == self)
            .map(|(_, k, _)| *k)
            .unwrap_or("user")
    }

    /// A short human name for the inspector.
    pub fn name(self) -> &'static str {
        PATTERNS
            .iter()
            .find(|(p, ..)| *p == self)
            .map(|(.., n)| *n)
            .unwrap_or("set by the user")
    }

    pub fn from_key(key: &str) -> Option<Pattern> {
        PATTERNS
            .iter()
            .find(|(_, k, _)| *k == key)
            .map(|(p, ..)| *p)
    }
}

/// A year as written: four digits, two digits (`'73`: the century is inferred), or absent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum YearSpec {
    Known(i32),
    TwoDigit(u32),
    Missing,
}

/// A decade as written: `1970s` (197), or `the seventies` / `'70s` (7: the century inferred).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DecadeSpec {
    Full(i32),
    InCentury(u32),
}

/// One date (not a range).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Point {
    Year(YearSpec),
    Month {
        y: YearSpec,
        m: u32,
    },
    Day {
        y: YearSpec,
        m: u32,
        d: u32,
    },
    Season {
        y: YearSpec,
        code: u32,
    },
    /// EDTF sub-year grouping 33–41 (quarters, quadrimesters, halves).
    YearPart {
        y: YearSpec,
        code: u32,
    },
    MonthPart {
        y: YearSpec,
        m: u32,
        part: Part,
    },
    Decade {
        decade: DecadeSpec,
        part: Option<Part>,
    },
    Century {
        c: i32,
        part: Option<Part>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Body {
    Point(Point, Pattern),
    Range(Point, Point),
    AsWritten(String),
}

/// A phrase read by the rules, not yet resolved against a reference year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Parsed {
    body: Body,
    approximate: bool,
    uncertain: bool,
}

/// The EDTF string and the rule, before bounds are computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Resolved {
    pub edtf: String,
    pub pattern: Pattern,
    pub approximate: bool,
    pub uncertain: bool,
    pub inferred: bool,
}

/// Reads `phrase`; `None` when no rule covers all of it.
/// Tries one date, then the phrase as EDTF, then a range: `1973-21` is the spring of 1973
/// (EDTF), `1973-90` the years 1973 to 1990.
pub(crate) fn parse(phrase: &str, order: NumericOrder) -> Option<Parsed> {
    let toks = lex::tokens(phrase);
    if let Some(toks) = &toks
        && let Some(p) = parse_tokens(toks, order, false)
    {
        return Some(p);
    }
    if let Ok(edtf) = edtf_core::Edtf::parse(phrase.trim()) {
        return Some(Parsed {
            body: Body::AsWritten(edtf.to_string()),
            approximate: false,
            uncertain: false,
        });
    }
    parse_tokens(&toks?, order, true)
}

/// Spanish `los 70` (the article is what makes it a decade) reads as `70s`.
fn mark_spanish_decades(toks: &[Tok]) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    for tok in toks {
        match (out.last(), tok) {
            (
                Some(Tok::Word(los)),
                &Tok::Num {
                    value,
                    digits: 2,
                    suffix: Suffix::None,
                    apostrophe,
                },
            ) if los == "los" && value % 10 == 0 => {
                out.pop();
                out.push(Tok::Num {
                    value,
                    digits: 2,
                    suffix: Suffix::Plural,
                    apostrophe,
                });
            }
            _ => out.push(tok.clone()),
        }
    }
    out
}

fn parse_tokens(toks: &[Tok], order: NumericOrder, ranges: bool) -> Option<Parsed> {
    let toks = mark_spanish_decades(toks);
    let mut t: &[Tok] = &toks;
    let (mut approximate, mut uncertain) = (false, false);
    // Trailing qualifiers: `1973?`, `1973~`, `1973 (?)`.
    loop {
        match t {
            [rest @ .., Tok::Sym('?')] => {
                uncertain = true;
                t = rest;
            }
            [rest @ .., Tok::Sym('~')] => {
                approximate = true;
                t = rest;
            }
            [rest @ .., Tok::Sym('('), Tok::Sym('?'), Tok::Sym(')')] => {
                uncertain = true;
                t = rest;
            }
            _ => break,
        }
    }
    // Leading weekdays, fillers and qualifiers ("on Tuesday", "around", "a finales de").
    let mut range_marker = None;
    loop {
        match t.first() {
            Some(Tok::Word(w)) if lexicon::is_weekday(w) || lexicon::is_filler(w) || w == "a" => {
                t = &t[1..];
            }
            Some(Tok::Word(w)) if lexicon::is_approximate(w) => {
                approximate = true;
                t = &t[1..];
            }
            Some(Tok::Word(w)) if lexicon::is_uncertain(w) => {
                uncertain = true;
                t = &t[1..];
            }
            Some(Tok::Word(w)) if w == "tal" && t.get(1).is_some_and(|n| n.is_word("vez")) => {
                uncertain = true;
                t = &t[2..];
            }
            Some(Tok::Word(w))
                if range_marker.is_none()
                    && matches!(w.as_str(), "from" | "between" | "entre" | "desde") =>
            {
                range_marker = Some(w.clone());
                t = &t[1..];
            }
            _ => break,
        }
    }
    if t.is_empty() {
        return None;
    }
    let body = if ranges {
        let (l, r) = range(t, order, range_marker.as_deref())?;
        Body::Range(l, r)
    } else if range_marker.is_none() {
        let (p, pat) = point(t, order)?;
        Body::Point(p, pat)
    } else {
        return None;
    };
    Some(Parsed {
        body,
        approximate,
        uncertain,
    })
}

fn is_connector(tok: &Tok, marker: Option<&str>) -> bool {
    match tok {
        Tok::Sym('–') | Tok::Sym('-') => true,
        Tok::Word(w) => match w.as_str() {
            "to" | "until" | "till" | "through" | "thru" | "a" | "al" | "hasta" => {
                marker != Some("between") && marker != Some("entre")
            }
            "and" => marker == Some("between"),
            "y" => marker == Some("entre"),
            _ => false,
        },
        _ => false,
    }
}

/// A range `left connector right`: the left side may leave out what the right side gives
/// (`11–13 September 1973`, `June to September 1973`, `1973–90`).
fn range(t: &[Tok], order: NumericOrder, marker: Option<&str>) -> Option<(Point, Point)> {
    for i in 1..t.len().saturating_sub(1) {
        if !is_connector(&t[i], marker) {
            continue;
        }
        let (left, right) = (&t[..i], &t[i + 1..]);
        if let Some(pair) = range_sides(left, right, order) {
            return Some(pair);
        }
    }
    None
}

fn range_sides(left: &[Tok], right: &[Tok], order: NumericOrder) -> Option<(Point, Point)> {
    let l = point(left, order).map(|(p, _)| p);
    let r = point(right, order).map(|(p, _)| p);
    match (l, r) {
        // `1973–90`: the end's century is the start's.
        (Some(Point::Year(YearSpec::Known(y))), None) => {
            let yy = two_digits(right)?;
            let end = y.div_euclid(100) * 100 + yy as i32;
            let end = if end < y { end + 100 } else { end };
            Some((
                Point::Year(YearSpec::Known(y)),
                Point::Year(YearSpec::Known(end)),
            ))
        }
        // `September 11–13, 1973`: the end is a day and a year, the month is the start's.
        (
            Some(Point::Day {
                y: YearSpec::Missing,
                m,
                d,
            }),
            None,
        ) => match strip(right).as_slice() {
            [day, year] => {
                let (d2, y) = (day_of(day)?, year_of(year)?);
                Some((Point::Day { y, m, d }, Point::Day { y, m, d: d2 }))
            }
            _ => None,
        },
        // `11–13 September 1973`: the start is only a day.
        (None, Some(r @ Point::Day { y, m, .. })) => {
            let d = match strip(left).as_slice() {
                [day] => day_of(day)?,
                _ => return None,
            };
            Some((Point::Day { y, m, d }, r))
        }
        (Some(l), Some(r)) => Some((inherit_year(l, &r), r)),
        _ => None,
    }
}

/// The left side of a range takes the right side's year when it has none of its own.
fn inherit_year(l: Point, r: &Point) -> Point {
    let ry = match *r {
        Point::Month { y, .. }
        | Point::Day { y, .. }
        | Point::Season { y, .. }
        | Point::YearPart { y, .. }
        | Point::MonthPart { y, .. } => y,
        Point::Year(y) => y,
        _ => return l,
    };
    match l {
        Point::Month {
            y: YearSpec::Missing,
            m,
        } => Point::Month { y: ry, m },
        Point::Day {
            y: YearSpec::Missing,
            m,
            d,
        } => Point::Day { y: ry, m, d },
        Point::Season {
            y: YearSpec::Missing,
            code,
        } => Point::Season { y: ry, code },
        Point::MonthPart {
            y: YearSpec::Missing,
            m,
            part,
        } => Point::MonthPart { y: ry, m, part },
        other => other,
    }
}

fn two_digits(t: &[Tok]) -> Option<u32> {
    match strip(t).as_slice() {
        [
            Tok::Num {
                value,
                digits: 2,
                suffix: Suffix::None,
                ..
            },
        ] => Some(*value),
        _ => None,
    }
}

/// The tokens without filler words, and without hyphens next to words (`mid-1970s`,
/// `20th-century`, `twenty-first`).
fn strip(t: &[Tok]) -> Vec<Tok> {
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

fn year_of(t: &Tok) -> Option<YearSpec> {
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

fn day_of(t: &Tok) -> Option<u32> {
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
pub(crate) fn point(raw: &[Tok], order: NumericOrder) -> Option<(Point, Pattern)> {
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

// ---------------------------------------------------------------------------------------------
// Resolution and rendering

/// The year a two-digit year or decade falls in: the reference's century, or the one before
/// when that would put it more than ten years after the reference; the 1900s without one.
fn in_century(yy: i32, reference: Option<i32>) -> i32 {
    match reference {
        Some(r) => {
            let y = r.div_euclid(100) * 100 + yy;
            if y > r + 10 { y - 100 } else { y }
        }
        None => 1900 + yy,
    }
}

struct Renderer {
    reference: Option<i32>,
    inferred: bool,
    qualifier: &'static str,
}

impl Renderer {
    /// `Some(year)`, or `None` for an unknown year (written `XXXX`).
    fn year(&mut self, y: YearSpec) -> Option<i32> {
        match y {
            YearSpec::Known(y) => Some(y),
            YearSpec::TwoDigit(yy) => {
                self.inferred = true;
                Some(in_century(yy as i32, self.reference))
            }
            YearSpec::Missing => {
                self.inferred |= self.reference.is_some();
                self.reference
            }
        }
    }

    fn y(&mut self, y: YearSpec) -> String {
        match self.year(y) {
            Some(y) => format!("{y:04}"),
            None => "XXXX".into(),
        }
    }

    /// The EDTF of a point: one date, or (for parts of a decade, century or month) the start
    /// and end of an interval.
    fn point(&mut self, p: Point) -> Option<(String, Option<String>)> {
        let q = self.qualifier;
        Some(match p {
            Point::Year(y) => (format!("{}{q}", self.y(y)), None),
            Point::Month { y, m } => (format!("{}-{m:02}{q}", self.y(y)), None),
            Point::Day { y, m, d } => {
                let year = self.year(y);
                if let Some(yy) = year {
                    chrono::NaiveDate::from_ymd_opt(yy, m, d)?;
                }
                let ys = year.map_or_else(|| "XXXX".into(), |y| format!("{y:04}"));
                (format!("{ys}-{m:02}-{d:02}{q}"), None)
            }
            Point::Season { y, code } | Point::YearPart { y, code } => {
                (format!("{}-{code}{q}", self.y(y)), None)
            }
            Point::MonthPart { y, m, part } => {
                let year = self.year(y);
                let ys = year.map_or_else(|| "XXXX".into(), |y| format!("{y:04}"));
                let last = last_day(year.unwrap_or(2000), m)?;
                let (a, b) = match part {
                    Part::Early => (1, 10),
                    Part::Mid => (11, 20),
                    Part::Late => (21, last),
                };
                (
                    format!("{ys}-{m:02}-{a:02}{q}"),
                    Some(format!("{ys}-{m:02}-{b:02}{q}")),
                )
            }
            Point::Decade { decade, part } => {
                let d = match decade {
                    DecadeSpec::Full(d) => d,
                    DecadeSpec::InCentury(k) => {
                        self.inferred = true;
                        in_century(k as i32 * 10, self.reference) / 10
                    }
                };
                match part {
                    None => (format!("{d:03}X{q}"), None),
                    Some(part) => {
                        let (a, b) = match part {
                            Part::Early => (0, 3),
                            Part::Mid => (4, 6),
                            Part::Late => (7, 9),
                        };
                        (
                            format!("{:04}{q}", d * 10 + a),
                            Some(format!("{:04}{q}", d * 10 + b)),
                        )
                    }
                }
            }
            Point::Century { c, part } => match part {
                None => (format!("{c:02}XX{q}"), None),
                Some(part) => {
                    let (a, b) = match part {
                        Part::Early => (0, 33),
                        Part::Mid => (34, 66),
                        Part::Late => (67, 99),
                    };
                    (
                        format!("{:04}{q}", c * 100 + a),
                        Some(format!("{:04}{q}", c * 100 + b)),
                    )
                }
            },
        })
    }
}

fn last_day(y: i32, m: u32) -> Option<u32> {
    let first = chrono::NaiveDate::from_ymd_opt(y, m, 1)?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    Some((next - first).num_days() as u32)
}

impl Parsed {
    /// Whether the value depends on a reference year (a missing year, a two-digit year or
    /// decade).
    pub(crate) fn needs_reference(&self) -> bool {
        let point_needs = |p: &Point| match *p {
            Point::Year(y)
            | Point::Month { y, .. }
            | Point::Day { y, .. }
            | Point::Season { y, .. }
            | Point::YearPart { y, .. }
            | Point::MonthPart { y, .. } => !matches!(y, YearSpec::Known(_)),
            Point::Decade { decade, .. } => matches!(decade, DecadeSpec::InCentury(_)),
            Point::Century { .. } => false,
        };
        match &self.body {
            Body::Point(p, _) => point_needs(p),
            Body::Range(l, r) => point_needs(l) || point_needs(r),
            Body::AsWritten(_) => false,
        }
    }

    /// The EDTF value, given the reference year for underspecified dates (without one, a
    /// missing year is written `XXXX`).
    pub(crate) fn resolve(&self, reference: Option<i32>) -> Option<Resolved> {
        let qualifier = match (self.approximate, self.uncertain) {
            (true, true) => "%",
            (true, false) => "~",
            (false, true) => "?",
            (false, false) => "",
        };
        let mut r = Renderer {
            reference,
            inferred: false,
            qualifier,
        };
        let (edtf, pattern) = match &self.body {
            Body::AsWritten(s) => (s.clone(), Pattern::Edtf),
            Body::Point(p, pattern) => {
                let (a, b) = r.point(*p)?;
                (
                    b.map_or_else(|| a.clone(), |b| format!("{a}/{b}")),
                    *pattern,
                )
            }
            Body::Range(l, rt) => {
                let (la, _) = r.point(*l)?;
                let (ra, rb) = r.point(*rt)?;
                (format!("{la}/{}", rb.unwrap_or(ra)), Pattern::Range)
            }
        };
        Some(Resolved {
            edtf,
            pattern,
            approximate: self.approximate,
            uncertain: self.uncertain,
            inferred: r.inferred,
        })
    }
}
