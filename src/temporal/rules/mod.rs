//! The date rules: a phrase's tokens become a [`Parsed`] date (one point, or a range of two),
//! which [`Parsed::resolve`] turns into an EDTF string, given the reference year that
//! underspecified dates ("September 11", "the '70s") need.
//!
//! A rule matches the whole phrase or nothing: "before 1973" is not 1973, and a word the
//! rules do not know makes the phrase not understood rather than half read.

mod points;
mod render;
mod types;

use super::lex::{self, Suffix, Tok};
use super::lexicon;
use crate::model::NumericOrder;
use points::{day_of, point, strip, year_of};
pub(crate) use types::Parsed;
pub use types::Pattern;
use types::{Body, Point, YearSpec};

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
