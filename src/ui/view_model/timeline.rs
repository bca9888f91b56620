//! The timeline window's view model: every event on one time axis, as plain data (no egui).
//!
//! Built from [`crate::temporal::timeline::build`]: one [`EventRow`] per timed event (a
//! registry cluster, or an event mention in no cluster) with one [`Mark`] per placement — a
//! bar over the placement's earliest–latest days, in the document that places it — so rows
//! whose documents disagree stand out ([`EventRow::disagreement`]). Events without a time
//! come apart with the nearest date of their sentence as a suggestion
//! ([`UntimedRow::suggestion`]). The filter choices (event types, entities, documents) are
//! listed for the window's filter bar.
//!
//! The x axis is in **years** (1974.0 is the first instant of 1 January 1974; a day is a bar
//! from its start to the next day's), the y axis counts rows from the top (row `i` at
//! `y = -i`). [`TimelineView::hit`] finds the mark under a point of the plot, which is what
//! hover and click use, so both are tested without a window.

use super::colour::{Rgb, type_rgb};
use super::registry::context;
use crate::model::{ClusterId, DocId, Join, MentionId, Project, SmolStr, TypeKind};
use crate::temporal::timeline::{self, EventRef, Filter, MentionRef, Suggestion};
use chrono::{Datelike, NaiveDate};

/// One placement of an event: a bar over the days it may fall on.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// Start and end on the x axis (years; `x1` is the end of the latest day).
    pub x0: f64,
    pub x1: f64,
    /// The value has an open start or end (`../1973`), drawn up to the axis' edge.
    pub open: bool,
    /// Offset from the row's line (in rows): each document that places the event gets its
    /// own lane, first document on top, so two documents giving the same day both show.
    pub dy: f64,
    pub doc: DocId,
    pub doc_name: String,
    pub edtf: String,
    /// The date mention's text ("11 September 1973").
    pub date_text: String,
    pub date_mention: MentionId,
    /// What a click opens: the event's mention in this document (the first one), or the date
    /// mention when the event is not mentioned there.
    pub target: MentionId,
}

/// An event mention (or date) with a line of context, for hover.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextLine {
    pub id: MentionId,
    pub doc_name: String,
    pub before: String,
    pub covered: String,
    pub after: String,
}

/// A timed event.
#[derive(Clone, Debug, PartialEq)]
pub struct EventRow {
    pub event: EventRef,
    pub name: SmolStr,
    pub type_key: SmolStr,
    pub type_name: SmolStr,
    pub colour: Rgb,
    /// Row index from the top (drawn at `y = -index`).
    pub index: usize,
    pub marks: Vec<Mark>,
    /// Two documents place it on days that cannot both be right.
    pub disagreement: bool,
    /// The distinct EDTF values, `; `-separated.
    pub values: String,
    /// Documents that place it, by name.
    pub documents: Vec<String>,
    pub mentions: Vec<ContextLine>,
}

impl EventRow {
    /// The y coordinate of the row.
    pub fn y(&self) -> f64 {
        -(self.index as f64)
    }

    /// What the row's list entry opens: the first mark's target, or the first mention.
    pub fn target(&self) -> Option<&MentionId> {
        self.marks
            .first()
            .map(|m| &m.target)
            .or_else(|| self.mentions.first().map(|m| &m.id))
    }
}

/// An event without a time, with the nearest date of a sentence it is mentioned in.
///
/// The mentions' texts (and so the name of an event that is one mention), the suggestion and
/// the context lines are filled in by [`TimelineView::fill_untimed`] for the rows a view
/// shows (a project may have hundreds of thousands of untimed event mentions, each text is a
/// read elsewhere in memory, and each suggestion scans a sentence).
#[derive(Clone, Debug, PartialEq)]
pub struct UntimedRow {
    pub event: EventRef,
    pub name: SmolStr,
    pub type_key: SmolStr,
    pub type_name: SmolStr,
    pub colour: Rgb,
    /// The event's mentions (by id, document and text).
    pub refs: Vec<MentionRef>,
    /// Whether the fields below have been filled in.
    pub filled: bool,
    pub mentions: Vec<ContextLine>,
    /// The first suggestion (of the first mention, in document order, that has one).
    pub suggestion: Option<Box<Suggestion>>,
    /// The suggestion in words: "“11 September 1973” (1973-09-11) as time".
    pub suggestion_text: Option<String>,
}

/// A filter choice: key (or id) and what the user reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice<K> {
    pub key: K,
    pub name: String,
    pub colour: Rgb,
}

/// The whole window's data.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TimelineView {
    pub rows: Vec<EventRow>,
    pub untimed: Vec<UntimedRow>,
    /// Linked dates that cannot be used, in words.
    pub problems: Vec<String>,
    /// The x range of all finite mark ends (years), for the axis' default bounds.
    pub span: Option<(f64, f64)>,
    /// Event types of the schema (for the type filter and the legend).
    pub types: Vec<Choice<String>>,
    /// Entities (clusters of entity types) by name, for "events involving…".
    pub entities: Vec<Choice<ClusterId>>,
    pub documents: Vec<Choice<DocId>>,
}

/// A day on the x axis: the year plus the fraction of it gone by at the day's start.
pub fn year_of(day: NaiveDate) -> f64 {
    let y = day.year();
    let start = NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(day);
    let next = NaiveDate::from_ymd_opt(y + 1, 1, 1).unwrap_or(day);
    let len = (next - start).num_days().max(1) as f64;
    y as f64 + (day - start).num_days() as f64 / len
}

/// The day a point of the x axis falls on (for axis labels); `None` off the calendar.
pub fn day_at(x: f64) -> Option<NaiveDate> {
    if !x.is_finite() || x.abs() > 200_000.0 {
        return None;
    }
    let y = x.floor() as i32;
    let start = NaiveDate::from_ymd_opt(y, 1, 1)?;
    let next = NaiveDate::from_ymd_opt(y + 1, 1, 1)?;
    let len = (next - start).num_days() as f64;
    start.checked_add_days(chrono::Days::new(((x - y as f64) * len).floor() as u64))
}

/// An x-axis label for a grid step of `step` years: the year, the month or the day.
pub fn axis_label(x: f64, step: f64) -> String {
    match day_at(x + 1e-9) {
        None => String::new(),
        Some(d) if step >= 0.99 => d.year().to_string(),
        Some(d) if step >= 1.0 / 13.0 => d.format("%Y-%m").to_string(),
        Some(d) => d.format("%Y-%m-%d").to_string(),
    }
}

/// Grid lines for the time axis between `min` and `max` (years), at calendar boundaries:
/// (value, step) pairs, the step being the spacing of that kind of line (a century, a
/// decade, a year, a month, a day…). `base` is the smallest step the plot can show apart;
/// the labelled lines are about ten times that apart. At most a few hundred lines.
pub fn calendar_marks(min: f64, max: f64, base: f64) -> Vec<(f64, f64)> {
    const YEAR_STEPS: [f64; 9] = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 500.0, 1000.0];
    if !(min.is_finite() && max.is_finite() && max > min && base > 0.0) {
        return Vec::new();
    }
    let major = base * 10.0;
    let mut out = Vec::new();
    if major > 0.5 {
        let step = YEAR_STEPS
            .iter()
            .copied()
            .find(|s| *s >= major)
            .unwrap_or(1000.0 * (major / 1000.0).ceil());
        for (s, keep) in [(step, true), (step / 5.0, step >= 5.0)] {
            if !keep || s < 1.0 {
                continue;
            }
            let mut y = (min / s).floor() * s;
            while y <= max && out.len() < 600 {
                out.push((y, s));
                y += s;
            }
        }
        return out;
    }
    // Months (every 1, 3 or 6), or days.
    let months = (major > 1.0 / 366.0)
        .then(|| [1u32, 3, 6].into_iter().find(|m| *m as f64 / 12.0 >= major))
        .flatten();
    let (Some(first), Some(last)) = (day_at(min), day_at(max)) else {
        return out;
    };
    match months {
        Some(every) => {
            let mut d = NaiveDate::from_ymd_opt(first.year(), 1, 1).unwrap_or(first);
            while d <= last && out.len() < 600 {
                if d >= first && (d.month() - 1).is_multiple_of(every) {
                    out.push((year_of(d), every as f64 / 12.0));
                }
                d = d
                    .checked_add_months(chrono::Months::new(1))
                    .unwrap_or(NaiveDate::MAX);
            }
        }
        None => {
            let mut d = first;
            while d <= last && out.len() < 600 {
                let x = year_of(d);
                if (min..=max).contains(&x) {
                    out.push((x, 1.0 / 365.0));
                }
                d = d.succ_opt().unwrap_or(NaiveDate::MAX);
            }
        }
    }
    out
}

fn context_line(project: &Project, m: &MentionRef) -> Option<ContextLine> {
    let doc = project.document(&m.doc)?;
    let mention = project.mention(&m.id)?;
    let (before, after) = context(doc.text(), mention.start(), mention.end(), 40);
    Some(ContextLine {
        id: m.id.clone(),
        doc_name: doc.name.clone(),
        before,
        covered: m.text.to_string(),
        after,
    })
}

fn doc_name(project: &Project, d: &DocId) -> String {
    project
        .document(d)
        .map(|x| x.name.clone())
        .unwrap_or_else(|| d.to_string())
}

/// The type's name (its key when it is not in the schema).
fn type_name(project: &Project, key: &str) -> String {
    project
        .schema()
        .type_def(key)
        .map(|t| t.name.clone())
        .unwrap_or_else(|| key.to_string())
}

/// The name and colour of each type of the schema, looked up by a scan (a schema has a
/// handful of types; a row asks for its type's once, not through a schema search and a
/// colour parse each).
struct TypeLooks<'p> {
    project: &'p Project,
    /// Names inline when short (a copy per row then allocates nothing).
    looks: Vec<(&'p str, SmolStr, Rgb)>,
}

impl<'p> TypeLooks<'p> {
    fn new(project: &'p Project) -> Self {
        let looks = project
            .schema()
            .types
            .iter()
            .map(|t| {
                (
                    t.key.as_str(),
                    SmolStr::new(&t.name),
                    type_rgb(project, &t.key),
                )
            })
            .collect();
        TypeLooks { project, looks }
    }

    /// The type's name (see [`type_name`]) and colour (see [`type_rgb`]).
    fn of(&self, key: &str) -> (SmolStr, Rgb) {
        match self.looks.iter().find(|(k, _, _)| *k == key) {
            Some((_, name, colour)) => (name.clone(), *colour),
            None => (
                type_name(self.project, key).into(),
                type_rgb(self.project, key),
            ),
        }
    }
}

/// The marks of a row: one per placement, open ends drawn to the other end of the span.
fn marks(project: &Project, row: &timeline::Row) -> Vec<Mark> {
    let docs = row.documents();
    let k = docs.len();
    let lane = (0.5 / k as f64).min(0.18);
    row.placements
        .iter()
        .map(|pl| {
            let j = docs.iter().position(|d| *d == &pl.document).unwrap_or(0);
            let dy = ((k as f64 - 1.0) / 2.0 - j as f64) * lane;
            let open = pl.value.earliest == NaiveDate::MIN || pl.value.latest == NaiveDate::MAX;
            let end = |d: NaiveDate| year_of(d.succ_opt().unwrap_or(d));
            let (x0, x1) = match (pl.value.earliest, pl.value.latest) {
                (NaiveDate::MIN, NaiveDate::MAX) => (f64::NAN, f64::NAN),
                (NaiveDate::MIN, l) => (f64::NEG_INFINITY, end(l)),
                (e, NaiveDate::MAX) => (year_of(e), f64::INFINITY),
                (e, l) => (year_of(e), end(l)),
            };
            let target = row
                .mentions
                .iter()
                .find(|m| m.doc == pl.document)
                .map(|m| m.id.clone())
                .unwrap_or_else(|| pl.date.id.clone());
            Mark {
                x0,
                x1,
                open,
                dy,
                doc: pl.document.clone(),
                doc_name: doc_name(project, &pl.document),
                edtf: pl.value.edtf.clone(),
                date_text: pl.date.text.to_string(),
                date_mention: pl.date.id.clone(),
                target,
            }
        })
        .collect()
}

/// The filter choices: event types, entities by name, documents in order.
type Choices = (
    Vec<Choice<String>>,
    Vec<Choice<ClusterId>>,
    Vec<Choice<DocId>>,
);

/// See [`Choices`].
fn choices(project: &Project) -> Choices {
    let types = project
        .schema()
        .types
        .iter()
        .filter(|t| t.kind == TypeKind::Event)
        .map(|t| Choice {
            key: t.key.clone(),
            name: t.name.clone(),
            colour: type_rgb(project, &t.key),
        })
        .collect();
    let mut entities: Vec<Choice<ClusterId>> = project
        .clusters()
        .filter(|c| {
            project
                .schema()
                .type_def(&c.type_key)
                .is_some_and(|t| t.kind == TypeKind::Entity)
        })
        .map(|c| Choice {
            key: c.id.clone(),
            name: c.name.clone(),
            colour: type_rgb(project, &c.type_key),
        })
        .collect();
    entities.sort_by_cached_key(|e| (e.name.to_lowercase(), e.key.clone()));
    let documents = project
        .documents()
        .iter()
        .map(|d| Choice {
            key: d.id.clone(),
            name: d.name.clone(),
            colour: Rgb::GRAY,
        })
        .collect();
    (types, entities, documents)
}

/// Builds the view of `project` under `filter`; untimed rows come unfilled (see
/// [`TimelineView::fill_untimed`]).
pub fn build(project: &Project, filter: &Filter) -> TimelineView {
    let t = timeline::build_lazy_with(project, filter, &crate::session::TwoThreads);
    let looks = TypeLooks::new(project);
    let mut span: Option<(f64, f64)> = None;
    let mut rows = Vec::with_capacity(t.rows.len());
    for (index, r) in t.rows.iter().enumerate() {
        let marks = marks(project, r);
        for m in &marks {
            for x in [m.x0, m.x1].into_iter().filter(|x| x.is_finite()) {
                span = Some(span.map_or((x, x), |(a, b)| (a.min(x), b.max(x))));
            }
        }
        let mut documents: Vec<String> = Vec::new();
        for d in r.documents() {
            let n = doc_name(project, d);
            if !documents.contains(&n) {
                documents.push(n);
            }
        }
        let (type_name, colour) = looks.of(&r.type_key);
        rows.push(EventRow {
            event: r.event.clone(),
            name: r.name.clone(),
            type_key: r.type_key.clone(),
            type_name,
            colour,
            index,
            marks,
            disagreement: r.disagreement,
            values: r.values().join("; "),
            documents,
            mentions: r
                .mentions
                .iter()
                .filter_map(|m| context_line(project, m))
                .collect(),
        });
    }
    // The untimed rows (a hundred thousand on a big project) beside the filter's choices.
    let untimed_rows = || {
        t.untimed
            .into_iter()
            .map(|u| {
                let (type_name, colour) = looks.of(&u.type_key);
                UntimedRow {
                    type_name,
                    colour,
                    event: u.event,
                    name: u.name,
                    type_key: u.type_key,
                    refs: u.mentions,
                    filled: false,
                    mentions: Vec::new(),
                    suggestion: None,
                    suggestion_text: None,
                }
            })
            .collect::<Vec<_>>()
    };
    let (untimed, (types, entities, documents)) =
        crate::session::TwoThreads.join(untimed_rows, || choices(project));
    let problems = t
        .problems
        .iter()
        .map(|p| format!("{}: {}", p.event.id(), p.message))
        .collect();
    TimelineView {
        rows,
        untimed,
        problems,
        span,
        types,
        entities,
        documents,
    }
}

impl TimelineView {
    /// Fills in the texts, name, suggestion and context lines of untimed rows `range` not
    /// filled yet.
    pub fn fill_untimed(&mut self, project: &Project, range: std::ops::Range<usize>) {
        let end = range.end.min(self.untimed.len());
        for row in &mut self.untimed[range.start.min(end)..end] {
            if row.filled {
                continue;
            }
            // The lazy build left the texts out (and so the name of a one-mention event).
            timeline::covered_texts(project, &mut row.refs);
            if let EventRef::Mention(_) = row.event {
                row.name = row.refs.first().map(|r| r.text.clone()).unwrap_or_default();
            }
            let u = timeline::Untimed {
                event: row.event.clone(),
                name: row.name.clone(),
                type_key: row.type_key.clone(),
                mentions: row.refs.clone(),
                suggestions: Vec::new(),
            };
            let suggestion = timeline::suggestions_for(project, &u).into_iter().next();
            row.suggestion_text = suggestion.as_ref().map(|s| {
                let value = s
                    .value
                    .as_ref()
                    .map(|v| format!(" ({})", v.edtf))
                    .unwrap_or_default();
                let role = s.role.as_deref().unwrap_or("time");
                format!("\u{201c}{}\u{201d}{value} as {role}", s.date.text)
            });
            row.suggestion = suggestion.map(Box::new);
            row.mentions = row
                .refs
                .iter()
                .filter_map(|m| context_line(project, m))
                .collect();
            row.filled = true;
        }
    }

    /// The mark under the plot point `(x, y)`: the row nearest `y` (within half a row), and
    /// in it, among the marks whose bar, widened by `tol` years on each side, holds `x`, the
    /// one whose lane is nearest `y` (then the nearest by its centre). Returns (row, mark)
    /// indices.
    pub fn hit(&self, x: f64, y: f64, tol: f64) -> Option<(usize, usize)> {
        let i = (-y).round();
        if !(0.0..self.rows.len() as f64).contains(&i) || (y + i).abs() > 0.5 {
            return None;
        }
        let i = i as usize;
        let row = &self.rows[i];
        let centre = |m: &Mark| {
            let (a, b) = (m.x0.max(x - 1e6), m.x1.min(x + 1e6));
            (a + b) / 2.0
        };
        let lane = |m: &Mark| (row.y() + m.dy - y).abs();
        row.marks
            .iter()
            .enumerate()
            .filter(|(_, m)| m.x0 - tol <= x && x <= m.x1 + tol)
            .min_by(|(_, a), (_, b)| {
                lane(a)
                    .total_cmp(&lane(b))
                    .then((centre(a) - x).abs().total_cmp(&(centre(b) - x).abs()))
            })
            .map(|(j, _)| (i, j))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_axis_counts_years_and_reads_back_days() {
        assert_eq!(year_of(d(1974, 1, 1)), 1974.0);
        let x = year_of(d(1974, 9, 17));
        assert!((1974.7..1974.72).contains(&x), "{x}");
        assert_eq!(day_at(x + 1e-9), Some(d(1974, 9, 17)));
        assert_eq!(
            day_at(year_of(d(2000, 12, 31)) + 1e-9),
            Some(d(2000, 12, 31))
        );
        assert_eq!(axis_label(1974.0, 1.0), "1974");
        assert_eq!(axis_label(year_of(d(1974, 9, 1)), 0.0833), "1974-09");
        assert_eq!(axis_label(x, 0.01), "1974-09-17");
        assert_eq!(day_at(f64::NAN), None);
    }

    #[test]
    fn grid_lines_fall_on_calendar_boundaries() {
        // Fifty years on screen: decades labelled, years between.
        let m = calendar_marks(1960.0, 2010.0, 0.8);
        assert!(
            m.contains(&(1970.0, 10.0)) && m.contains(&(1972.0, 2.0)),
            "{m:?}"
        );
        // A few months: month starts.
        let m = calendar_marks(1974.5, 1975.0, 0.005);
        assert!(m.iter().any(|(x, _)| *x == year_of(d(1974, 9, 1))), "{m:?}");
        assert!(m.iter().all(|(x, _)| day_at(x + 1e-9).unwrap().day() == 1));
        // Days.
        let m = calendar_marks(year_of(d(1974, 9, 10)), year_of(d(1974, 9, 20)), 0.0002);
        assert_eq!(m.len(), 11, "10 to 20 September");
        assert!(calendar_marks(1.0, 0.0, 1.0).is_empty());
    }
}
