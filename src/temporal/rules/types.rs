//! The values the date rules build: the [`Pattern`] a phrase matched, the points and ranges
//! read from its tokens, and the resolved EDTF string. Kept apart from the rules so that the
//! rule files ([`super`], `points.rs`, `render.rs`) share them without importing each other.

use crate::temporal::lexicon::Part;

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
pub(super) enum Body {
    Point(Point, Pattern),
    Range(Point, Point),
    AsWritten(String),
}

/// A phrase read by the rules, not yet resolved against a reference year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Parsed {
    pub(super) body: Body,
    pub(super) approximate: bool,
    pub(super) uncertain: bool,
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
