//! Properties of the date rules: every value produced is valid EDTF (checked by `edtf-core`'s
//! own parser, independently of the rules) and its bounds contain the date it was written
//! from, for generated dates rendered in every supported phrasing.

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;
use weft::model::NumericOrder;
use weft::temporal::{Context, normalise};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MESES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
const PHRASINGS: usize = 27;

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn roman(mut n: u32) -> String {
    let mut s = String::new();
    for (v, r) in [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

fn third(k: u32, a: u32, b: u32) -> &'static str {
    if k <= a {
        "early"
    } else if k <= b {
        "mid"
    } else {
        "late"
    }
}

/// The date written in phrasing `k`, with the project order and reference year to read it.
fn render(date: NaiveDate, k: usize) -> (String, NumericOrder, Option<i32>) {
    let (y, m, d) = (date.year(), date.month(), date.day());
    let month = MONTHS[m as usize - 1];
    let mes = MESES[m as usize - 1];
    let day_first = NumericOrder::DayFirst;
    let plain = |s: String| (s, day_first, None);
    match k {
        0 => plain(format!("{d} {month} {y}")),
        1 => plain(format!("{month} {d}, {y}")),
        2 => plain(format!("{}. {d}, {y}", &month[..3])),
        3 => plain(format!("the {} of {month}, {y}", ordinal(d))),
        4 => plain(format!("{y}-{m:02}-{d:02}")),
        5 => (format!("{d}/{m}/{y}"), NumericOrder::DayFirst, None),
        6 => (format!("{m}/{d}/{y}"), NumericOrder::MonthFirst, None),
        7 => (format!("{d}.{m}.{y}"), NumericOrder::DayFirst, None),
        8 => plain(format!("{d} de {mes} de {y}")),
        9 => plain(format!("{month} {y}")),
        10 => plain(format!("{mes} de {y}")),
        11 => plain(format!("{y}")),
        12 => plain(format!("around {y}")),
        13 => plain(format!("c. {y}")),
        14 if y % 100 >= 10 => plain(format!("the {}s", y / 10 * 10)),
        15 => plain(format!("the {} century", ordinal(y as u32 / 100 + 1))),
        16 => {
            let (season, sy) = match m {
                3..=5 => ("spring", y),
                6..=8 => ("summer", y),
                9..=11 => ("autumn", y),
                12 => ("winter", y),
                _ => ("winter", y - 1),
            };
            plain(format!("{season} {sy}"))
        }
        17 => plain(format!("{} {y}", third(m, 4, 8))),
        18 => plain(format!("{} {month} {y}", third(d, 10, 20))),
        19 if y % 100 >= 10 => plain(format!(
            "the {} {}s",
            third(y as u32 % 10, 3, 6),
            y / 10 * 10
        )),
        20 => plain(format!("{}–{}", y - 1, y + 1)),
        21 => plain(format!("from {y} to {}", y + 2)),
        22 => (format!("{month} {d}"), day_first, Some(y)),
        23 => (format!("el {d} de {mes}"), day_first, Some(y)),
        24 => plain(format!(
            "a {} de {y}",
            match third(m, 4, 8) {
                "early" => "principios",
                "mid" => "mediados",
                _ => "finales",
            }
        )),
        25 => plain(format!("el siglo {}", roman(y as u32 / 100 + 1))),
        _ => plain(format!("{y} {d} {month}")),
    }
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (1001i32..=2998, 0u32..366).prop_map(|(y, doy)| {
        let first = NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
        let len = if NaiveDate::from_ymd_opt(y, 2, 29).is_some() {
            366
        } else {
            365
        };
        first + chrono::Days::new((doy % len) as u64)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn every_value_is_valid_edtf_whose_bounds_contain_its_date(
        date in any_date(),
        k in 0usize..PHRASINGS,
    ) {
        let (phrase, order, reference_year) = render(date, k);
        let ctx = Context { order, reference_year };
        let v = normalise(&phrase, &ctx);
        prop_assert!(v.is_some(), "{phrase:?} was not understood");
        let v = v.unwrap();
        // Independent check: edtf-core's parser accepts the value, prints it unchanged
        // (canonical form), and its own bounds contain the date.
        let parsed = edtf_core::Edtf::parse(&v.edtf);
        prop_assert!(parsed.is_ok(), "{phrase:?} gave {:?}, not EDTF", v.edtf);
        let parsed = parsed.unwrap();
        prop_assert_eq!(parsed.to_string(), v.edtf.clone());
        let b = parsed.bounds();
        let day = |b: edtf_core::Bound| match b {
            edtf_core::Bound::Date(d) => {
                NaiveDate::from_ymd_opt(d.year as i32, d.month.into(), d.day.into())
            }
            _ => None,
        };
        let (lo, hi) = (day(b.earliest).unwrap(), day(b.latest).unwrap());
        prop_assert!(lo <= date && date <= hi,
            "{phrase:?} → {} ({lo}..{hi}) does not contain {date}", v.edtf);
        prop_assert_eq!((v.earliest, v.latest), (lo, hi));
        prop_assert_eq!(v.inferred(), reference_year.is_some());
    }

    /// Whatever the text, a value that comes out is valid EDTF with ordered bounds.
    #[test]
    fn any_text_gives_valid_edtf_or_nothing(
        phrase in "[0-9a-zA-Z ./,'~?–-]{0,24}|(the |c\\. |around |early |late )?[0-9]{1,4}(s|th)?( September| de mayo)?( [0-9]{2,4})?",
        day_first in any::<bool>(),
        reference_year in proptest::option::of(1000i32..2999),
    ) {
        let order = if day_first { NumericOrder::DayFirst } else { NumericOrder::MonthFirst };
        if let Some(v) = normalise(&phrase, &Context { order, reference_year }) {
            prop_assert!(edtf_core::is_valid(&v.edtf), "{phrase:?} gave {:?}", v.edtf);
            prop_assert!(v.earliest <= v.latest, "{phrase:?} gave {v:?}");
        }
    }
}
