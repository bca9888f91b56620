//! The normalisation table: date phrases in English and Spanish, each with the project's
//! day/month order and a reference year, and the EDTF value and rule they must give.

use weft::model::NumericOrder::{self, DayFirst, MonthFirst};
use weft::temporal::{Context, normalise};

/// (phrase, numeric order, reference year, EDTF, rule key)
const TABLE: &[(&str, NumericOrder, Option<i32>, &str, &str)] = &[
    // Days, in every order.
    (
        "11 September 1973",
        DayFirst,
        None,
        "1973-09-11",
        "day_month_year",
    ),
    (
        "September 11, 1973",
        DayFirst,
        None,
        "1973-09-11",
        "month_day_year",
    ),
    (
        "Sept. 11, 1973",
        DayFirst,
        None,
        "1973-09-11",
        "month_day_year",
    ),
    (
        "Sep 11 1973",
        DayFirst,
        None,
        "1973-09-11",
        "month_day_year",
    ),
    (
        "11th September 1973",
        DayFirst,
        None,
        "1973-09-11",
        "day_month_year",
    ),
    (
        "the 11th of September, 1973",
        DayFirst,
        None,
        "1973-09-11",
        "day_month_year",
    ),
    (
        "September 11th, 1973",
        DayFirst,
        None,
        "1973-09-11",
        "month_day_year",
    ),
    (
        "on Tuesday, September 11, 1973",
        DayFirst,
        None,
        "1973-09-11",
        "month_day_year",
    ),
    (
        "1973 11 September",
        DayFirst,
        None,
        "1973-09-11",
        "year_first",
    ),
    (
        "1973 September 11",
        DayFirst,
        None,
        "1973-09-11",
        "year_first",
    ),
    ("1973-09-11", DayFirst, None, "1973-09-11", "iso_date"),
    (
        "1973/09/11",
        MonthFirst,
        None,
        "1973-09-11",
        "numeric_year_first",
    ),
    // Numeric days: the ambiguous ones follow the project's order, the others do not.
    (
        "11/9/1973",
        DayFirst,
        None,
        "1973-09-11",
        "numeric_day_first",
    ),
    (
        "11/9/1973",
        MonthFirst,
        None,
        "1973-11-09",
        "numeric_month_first",
    ),
    (
        "9/11/1973",
        MonthFirst,
        None,
        "1973-09-11",
        "numeric_month_first",
    ),
    (
        "9/11/1973",
        DayFirst,
        None,
        "1973-11-09",
        "numeric_day_first",
    ),
    (
        "11.9.1973",
        DayFirst,
        None,
        "1973-09-11",
        "numeric_day_first",
    ),
    (
        "11-09-1973",
        DayFirst,
        None,
        "1973-09-11",
        "numeric_day_first",
    ),
    (
        "25/9/1973",
        MonthFirst,
        None,
        "1973-09-25",
        "numeric_unambiguous",
    ),
    (
        "9/25/1973",
        DayFirst,
        None,
        "1973-09-25",
        "numeric_unambiguous",
    ),
    (
        "11/9/73",
        DayFirst,
        None,
        "1973-09-11",
        "numeric_day_first+inferred",
    ),
    (
        "11/9/01",
        DayFirst,
        Some(2023),
        "2001-09-11",
        "numeric_day_first+inferred",
    ),
    // Months and years.
    ("September 1973", DayFirst, None, "1973-09", "month_year"),
    ("September of 1973", DayFirst, None, "1973-09", "month_year"),
    ("in June 1973", DayFirst, None, "1973-06", "month_year"),
    ("1973 June", DayFirst, None, "1973-06", "year_first"),
    ("9/1973", DayFirst, None, "1973-09", "numeric_month_year"),
    ("1973-09", DayFirst, None, "1973-09", "numeric_month_year"),
    ("1973", DayFirst, None, "1973", "year"),
    ("in 1973", DayFirst, None, "1973", "year"),
    ("the year 1973", DayFirst, None, "1973", "year"),
    // Decades and centuries.
    ("the 1970s", DayFirst, None, "197X", "decade"),
    ("1970's", DayFirst, None, "197X", "decade"),
    ("the '70s", DayFirst, None, "197X", "decade+inferred"),
    ("the seventies", DayFirst, None, "197X", "decade+inferred"),
    (
        "the early 1970s",
        DayFirst,
        None,
        "1970/1973",
        "decade_part",
    ),
    ("the mid-1970s", DayFirst, None, "1974/1976", "decade_part"),
    ("late 1970s", DayFirst, None, "1977/1979", "decade_part"),
    ("the 20th century", DayFirst, None, "19XX", "century"),
    ("the nineteenth century", DayFirst, None, "18XX", "century"),
    (
        "the twenty-first century",
        DayFirst,
        None,
        "20XX",
        "century",
    ),
    ("the 1800s", DayFirst, None, "18XX", "century"),
    (
        "the late 19th century",
        DayFirst,
        None,
        "1867/1899",
        "century_part",
    ),
    // Seasons and parts of a year or month.
    ("spring 1973", DayFirst, None, "1973-21", "season"),
    ("the winter of 1973", DayFirst, None, "1973-24", "season"),
    ("autumn 1973", DayFirst, None, "1973-23", "season"),
    ("early 1973", DayFirst, None, "1973-37", "year_part"),
    ("mid-1973", DayFirst, None, "1973-38", "year_part"),
    ("the end of 1973", DayFirst, None, "1973-39", "year_part"),
    (
        "the first half of 1973",
        DayFirst,
        None,
        "1973-40",
        "year_part",
    ),
    (
        "the third quarter of 1973",
        DayFirst,
        None,
        "1973-35",
        "year_part",
    ),
    (
        "early September 1973",
        DayFirst,
        None,
        "1973-09-01/1973-09-10",
        "month_part",
    ),
    (
        "late February 1972",
        DayFirst,
        None,
        "1972-02-21/1972-02-29",
        "month_part",
    ),
    // Approximate and uncertain.
    ("around 1973", DayFirst, None, "1973~", "year+approximate"),
    ("c. 1973", DayFirst, None, "1973~", "year+approximate"),
    ("ca. 1973", DayFirst, None, "1973~", "year+approximate"),
    ("circa 1973", DayFirst, None, "1973~", "year+approximate"),
    (
        "about September 1973",
        DayFirst,
        None,
        "1973-09~",
        "month_year+approximate",
    ),
    ("1973?", DayFirst, None, "1973?", "year+uncertain"),
    ("probably 1973", DayFirst, None, "1973?", "year+uncertain"),
    (
        "around 1973?",
        DayFirst,
        None,
        "1973%",
        "year+approximate+uncertain",
    ),
    (
        "c. the 1970s",
        DayFirst,
        None,
        "197X~",
        "decade+approximate",
    ),
    // Ranges.
    ("1973–1990", DayFirst, None, "1973/1990", "range"),
    ("1973-1990", DayFirst, None, "1973/1990", "range"),
    ("1973 to 1990", DayFirst, None, "1973/1990", "range"),
    ("from 1973 to 1990", DayFirst, None, "1973/1990", "range"),
    (
        "between 1973 and 1990",
        DayFirst,
        None,
        "1973/1990",
        "range",
    ),
    ("1973–90", DayFirst, None, "1973/1990", "range"),
    (
        "11–13 September 1973",
        DayFirst,
        None,
        "1973-09-11/1973-09-13",
        "range",
    ),
    (
        "September 11–13, 1973",
        DayFirst,
        None,
        "1973-09-11/1973-09-13",
        "range",
    ),
    (
        "June to September 1973",
        DayFirst,
        None,
        "1973-06/1973-09",
        "range",
    ),
    (
        "September 1973 – March 1990",
        DayFirst,
        None,
        "1973-09/1990-03",
        "range",
    ),
    (
        "c. 1973–1990",
        DayFirst,
        None,
        "1973~/1990~",
        "range+approximate",
    ),
    // Underspecified: resolved against the reference year and marked inferred, or left
    // with an unknown year.
    (
        "September 11",
        DayFirst,
        Some(1973),
        "1973-09-11",
        "day_month+inferred",
    ),
    (
        "on 11 September",
        DayFirst,
        Some(1973),
        "1973-09-11",
        "day_month+inferred",
    ),
    ("September 11", DayFirst, None, "XXXX-09-11", "day_month"),
    (
        "in September",
        DayFirst,
        Some(1973),
        "1973-09",
        "month+inferred",
    ),
    (
        "the spring",
        DayFirst,
        Some(1974),
        "1974-21",
        "season+inferred",
    ),
    (
        "June to September",
        DayFirst,
        Some(1973),
        "1973-06/1973-09",
        "range+inferred",
    ),
    // Spanish.
    (
        "11 de septiembre de 1973",
        DayFirst,
        None,
        "1973-09-11",
        "day_month_year",
    ),
    (
        "el 11 de septiembre de 1973",
        DayFirst,
        None,
        "1973-09-11",
        "day_month_year",
    ),
    (
        "martes 11 de septiembre de 1973",
        DayFirst,
        None,
        "1973-09-11",
        "day_month_year",
    ),
    (
        "1.º de mayo de 1974",
        DayFirst,
        None,
        "1974-05-01",
        "day_month_year",
    ),
    (
        "primero de mayo de 1974",
        DayFirst,
        None,
        "1974-05-01",
        "day_month_year",
    ),
    (
        "septiembre de 1973",
        DayFirst,
        None,
        "1973-09",
        "month_year",
    ),
    ("setiembre de 1973", DayFirst, None, "1973-09", "month_year"),
    ("en 1973", DayFirst, None, "1973", "year"),
    ("el año 1973", DayFirst, None, "1973", "year"),
    (
        "los años setenta",
        DayFirst,
        None,
        "197X",
        "decade+inferred",
    ),
    ("los años 70", DayFirst, None, "197X", "decade+inferred"),
    ("los 70", DayFirst, None, "197X", "decade+inferred"),
    ("la década de 1970", DayFirst, None, "197X", "decade"),
    (
        "a principios de los años setenta",
        DayFirst,
        None,
        "1970/1973",
        "decade_part+inferred",
    ),
    ("a finales de 1973", DayFirst, None, "1973-39", "year_part"),
    ("a mediados de 1973", DayFirst, None, "1973-38", "year_part"),
    (
        "el primer semestre de 1973",
        DayFirst,
        None,
        "1973-40",
        "year_part",
    ),
    ("el siglo XX", DayFirst, None, "19XX", "century"),
    ("siglo XIX", DayFirst, None, "18XX", "century"),
    ("la primavera de 1973", DayFirst, None, "1973-21", "season"),
    ("otoño de 1973", DayFirst, None, "1973-23", "season"),
    ("hacia 1973", DayFirst, None, "1973~", "year+approximate"),
    (
        "alrededor de 1973",
        DayFirst,
        None,
        "1973~",
        "year+approximate",
    ),
    (
        "en torno a 1973",
        DayFirst,
        None,
        "1973~",
        "year+approximate",
    ),
    ("de 1973 a 1990", DayFirst, None, "1973/1990", "range"),
    ("entre 1973 y 1990", DayFirst, None, "1973/1990", "range"),
    (
        "desde 1973 hasta 1990",
        DayFirst,
        None,
        "1973/1990",
        "range",
    ),
    (
        "el 11 de septiembre",
        DayFirst,
        Some(1973),
        "1973-09-11",
        "day_month+inferred",
    ),
    // EDTF as written.
    ("197X", DayFirst, None, "197X", "edtf"),
    ("1973-21", DayFirst, None, "1973-21", "edtf"),
];

/// Phrases no rule reads: they must give nothing rather than half a date.
const NOT_DATES: &[&str] = &[
    "before 1973",
    "since 1973",
    "from 1973",
    "the day after",
    "Tuesday",
    "1973 and 1990",
    "32 September 1973",
    "31 June 1973",
    "30/30/1973",
    "September 1973 or so",
    "yesterday",
    "A4",
    "",
];

#[test]
fn every_phrasing_in_the_table_gives_its_value_and_rule() {
    assert!(TABLE.len() >= 60, "{} phrasings", TABLE.len());
    let mut failures = Vec::new();
    for &(phrase, order, reference_year, edtf, rule) in TABLE {
        let ctx = Context {
            order,
            reference_year,
        };
        match normalise(phrase, &ctx) {
            Some(v) if v.edtf == edtf && v.rule.key() == rule => {
                // The bounds agree with the value and the inferred flag with the rule.
                assert!(v.earliest <= v.latest, "{phrase}: {v:?}");
                assert_eq!(v.inferred(), rule.contains("+inferred"), "{phrase}");
                assert!(!v.rule.name().is_empty());
            }
            Some(v) => failures.push(format!(
                "{phrase:?} ({order:?}, ref {reference_year:?}): got {} by {}, expected {edtf} by {rule}",
                v.edtf,
                v.rule.key()
            )),
            None => failures.push(format!("{phrase:?}: not understood, expected {edtf}")),
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn phrases_that_are_not_dates_give_nothing() {
    let ctx = Context {
        reference_year: Some(1973),
        ..Default::default()
    };
    for phrase in NOT_DATES {
        assert_eq!(normalise(phrase, &ctx), None, "{phrase:?}");
    }
}

#[test]
fn bounds_of_typical_values() {
    use chrono::NaiveDate;
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let ctx = Context::default();
    let v = normalise("the 1970s", &ctx).unwrap();
    assert_eq!((v.earliest, v.latest), (d(1970, 1, 1), d(1979, 12, 31)));
    let v = normalise("winter 1973", &ctx).unwrap();
    assert_eq!((v.earliest, v.latest), (d(1973, 12, 1), d(1974, 2, 28)));
    let v = normalise("1973–1990", &ctx).unwrap();
    assert_eq!((v.earliest, v.latest), (d(1973, 1, 1), d(1990, 12, 31)));
    let v = normalise("around 1973", &ctx).unwrap();
    assert_eq!((v.earliest, v.latest), (d(1973, 1, 1), d(1973, 12, 31)));
    let v = normalise("September 11", &ctx).unwrap();
    assert!(!v.inferred(), "an unknown year is not an inference");
    assert!(v.contains(d(1973, 9, 11)) && v.contains(d(2001, 9, 11)));
}
