//! Dates: phrases normalised to EDTF (ISO 8601-2, levels 0–2), the values kept on mentions,
//! and the timeline built from events' explicit times.
//!
//! - [`normalise`] reads one phrase ("11 September 1973", "the 1970s", "c. 1973",
//!   "1973–1990", "a finales de 1973") into a [`DateValue`]: the EDTF string, its earliest and
//!   latest calendar day, and the [`Rule`] that produced it (with whether it was inferred).
//!   The rules are ours (English and Spanish, see `docs/timeline.md`); EDTF parsing,
//!   validation and bounds come from the `edtf-core` crate, so every value is checked by an
//!   independent parser before it is returned.
//! - [`propose`] gives the value a mention of a temporal type should carry (from its text, the
//!   project's day/month order and a reference year), unless the user set one: the user's
//!   value always wins. [`Proposal::edit`] is the one invertible edit that stores it, and
//!   [`with_proposed_dates`] fills the proposals into whatever an edit inserts (tagging,
//!   tag-all, imports), in the same undo step.
//! - [`date_of`] is the value a mention has: stored (by the user or a proposal), or computed
//!   now from its text (for mentions that arrived without one, e.g. from brat).
//! - [`timeline`] places events on the time axis from their explicit time arguments and
//!   relations, never by guessing.
//!
//! Pure: no egui, no file system, no clock, no statics.

mod lex;
mod lexicon;
mod proposals;
mod reference;
mod rules;
pub mod timeline;
mod timeline_index;
mod timeline_render;
mod value;

pub use proposals::{Dated, reset_date_edit, with_proposed_dates};
pub use reference::{Reference, ReferenceSource, reference_for, reference_in};
pub use rules::Pattern;
pub use timeline_render::{CSV_COLUMNS, timeline_csv, timeline_json};
pub use value::{
    MentionDate, Proposal, Source, date_attribute_edit, date_json, date_of, day_text,
    insert_with_date, is_temporal, proposals_edit, propose, propose_all, stored_value,
};

use crate::model::NumericOrder;
use chrono::NaiveDate;

/// Which rule produced a value, with its qualifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rule {
    pub pattern: Pattern,
    /// "around", "c.", `~`
    pub approximate: bool,
    /// "probably", `?`
    pub uncertain: bool,
    /// Part of the value was not written but taken from the context: the year of "September
    /// 11" (from the text before it or the document's date), the century of "'73".
    pub inferred: bool,
}

impl Rule {
    /// A value the user typed or chose.
    pub fn user() -> Rule {
        Rule::plain(Pattern::User)
    }

    pub fn plain(pattern: Pattern) -> Rule {
        Rule {
            pattern,
            approximate: false,
            uncertain: false,
            inferred: false,
        }
    }

    /// The stored form: the pattern's key with `+approximate`, `+uncertain`, `+inferred`.
    pub fn key(&self) -> String {
        let mut k = self.pattern.key().to_string();
        for (on, q) in [
            (self.approximate, "+approximate"),
            (self.uncertain, "+uncertain"),
            (self.inferred, "+inferred"),
        ] {
            if on {
                k.push_str(q);
            }
        }
        k
    }

    /// Reads [`Rule::key`]'s form; `None` for anything else.
    pub fn from_key(key: &str) -> Option<Rule> {
        let mut parts = key.split('+');
        let mut rule = Rule::plain(Pattern::from_key(parts.next()?)?);
        for q in parts {
            match q {
                "approximate" => rule.approximate = true,
                "uncertain" => rule.uncertain = true,
                "inferred" => rule.inferred = true,
                _ => return None,
            }
        }
        Some(rule)
    }

    /// A short human name for the inspector ("day month year", "year, approximate").
    pub fn name(&self) -> String {
        let mut n = self.pattern.name().to_string();
        for (on, q) in [
            (self.approximate, ", approximate"),
            (self.uncertain, ", uncertain"),
            (self.inferred, ", inferred from the context"),
        ] {
            if on {
                n.push_str(q);
            }
        }
        n
    }
}

/// A normalised date: the EDTF string and the calendar days it may fall on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateValue {
    /// Canonical EDTF (as `edtf-core` prints it).
    pub edtf: String,
    /// The earliest calendar day the value may mean (inclusive). An open or unknown start
    /// (`../1973`) is [`NaiveDate::MIN`].
    pub earliest: NaiveDate,
    /// The latest (inclusive); an open or unknown end is [`NaiveDate::MAX`].
    pub latest: NaiveDate,
    pub rule: Rule,
}

impl DateValue {
    /// A value from an EDTF string (validated and bounded by `edtf-core`).
    pub fn from_edtf(edtf: &str, rule: Rule) -> Result<DateValue, BadValue> {
        let (earliest, latest, canonical) = bounds(edtf)?;
        Ok(DateValue {
            edtf: canonical,
            earliest,
            latest,
            rule,
        })
    }

    /// Whether part of the value came from the context.
    pub fn inferred(&self) -> bool {
        self.rule.inferred
    }

    /// Whether `day` lies within the bounds.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.earliest <= day && day <= self.latest
    }

    /// Whether the two values may denote a common day.
    pub fn overlaps(&self, other: &DateValue) -> bool {
        self.earliest <= other.latest && other.earliest <= self.latest
    }
}

/// A stored value that is not EDTF (typed by hand, or from another tool).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("'{value}' is not a valid EDTF date: {problem}")]
pub struct BadValue {
    pub value: String,
    pub problem: String,
}

/// The earliest and latest calendar day of an EDTF string, and its canonical form.
pub fn bounds(edtf: &str) -> Result<(NaiveDate, NaiveDate, String), BadValue> {
    use edtf_core::Bound;
    let bad = |problem: String| BadValue {
        value: edtf.to_string(),
        problem,
    };
    let parsed = edtf_core::Edtf::parse(edtf).map_err(|e| bad(e.to_string()))?;
    let b = parsed.bounds();
    let day = |bound: Bound, open: NaiveDate| match bound {
        Bound::Date(d) => i32::try_from(d.year)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, d.month.into(), d.day.into()))
            .ok_or_else(|| bad(format!("{d} is outside the calendar Weft handles"))),
        Bound::NegativeInfinity | Bound::PositiveInfinity | Bound::Unknown => Ok(open),
    };
    Ok((
        day(b.earliest, NaiveDate::MIN)?,
        day(b.latest, NaiveDate::MAX)?,
        parsed.to_string(),
    ))
}

/// How to read phrases: the project's day/month order and, for underspecified dates, the
/// reference year (see [`reference_for`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Context {
    pub order: NumericOrder,
    pub reference_year: Option<i32>,
}

/// Normalises one date phrase; `None` when no rule reads all of it. Without a reference
/// year, "September 11" is `XXXX-09-11` (year unknown, not inferred).
pub fn normalise(phrase: &str, ctx: &Context) -> Option<DateValue> {
    normalise_lazy(phrase, ctx.order, &mut || ctx.reference_year)
}

/// [`normalise`], asking for the reference year only when the phrase needs one (finding it
/// scans the text before the mention).
pub(crate) fn normalise_lazy(
    phrase: &str,
    order: NumericOrder,
    reference: &mut dyn FnMut() -> Option<i32>,
) -> Option<DateValue> {
    let parsed = rules::parse(phrase, order)?;
    let year = if parsed.needs_reference() {
        reference()
    } else {
        None
    };
    let r = parsed.resolve(year)?;
    let rule = Rule {
        pattern: r.pattern,
        approximate: r.approximate,
        uncertain: r.uncertain,
        inferred: r.inferred,
    };
    DateValue::from_edtf(&r.edtf, rule).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn rule_keys_round_trip() {
        let r = Rule {
            pattern: Pattern::DayMonth,
            approximate: true,
            uncertain: false,
            inferred: true,
        };
        assert_eq!(r.key(), "day_month+approximate+inferred");
        assert_eq!(Rule::from_key(&r.key()), Some(r));
        assert_eq!(Rule::from_key("nonsense"), None);
        assert_eq!(Rule::from_key("year+sideways"), None);
        assert!(r.name().contains("inferred"));
    }

    #[test]
    fn bounds_come_from_edtf() {
        let v = DateValue::from_edtf("197X", Rule::user()).unwrap();
        assert_eq!((v.earliest, v.latest), (day(1970, 1, 1), day(1979, 12, 31)));
        let v = DateValue::from_edtf("1973/..", Rule::user()).unwrap();
        assert_eq!(v.latest, NaiveDate::MAX);
        let e = DateValue::from_edtf("1973-02-30", Rule::user()).unwrap_err();
        assert!(e.to_string().contains("1973-02-30"), "{e}");
    }

    #[test]
    fn reference_year_is_asked_for_only_when_needed() {
        let mut asked = 0;
        let mut r = || {
            asked += 1;
            Some(1973)
        };
        let v = normalise_lazy("11 September 1973", NumericOrder::DayFirst, &mut r).unwrap();
        assert_eq!(v.edtf, "1973-09-11");
        let v = normalise_lazy("September 11", NumericOrder::DayFirst, &mut r).unwrap();
        assert_eq!(v.edtf, "1973-09-11");
        assert!(v.inferred());
        assert_eq!(asked, 1);
    }
}
