//! Resolution and rendering: a [`Parsed`] date and a reference year become an EDTF string.

use super::types::{Body, DecadeSpec, Parsed, Pattern, Point, Resolved, YearSpec};
use crate::temporal::lexicon::Part;

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
