//! The inspector's "Date" field for a mention of a temporal type: its EDTF value (editable),
//! the rule that produced it and where it comes from (a proposal, the user, or read from the
//! text now), its earliest and latest day, and the reference year an underspecified date
//! took. A value the user types is the user's and no proposal replaces it; "Use the proposal"
//! gives the rules the word again. A value that is not EDTF is refused here, with the reason,
//! before any edit is made.

use super::action::Action;
use super::registry::name_widget;
use crate::model::{Mention, MentionId, Project, TemporalSettings};
use crate::temporal::{self, DateValue, ReferenceSource, Rule, Source};
use egui::{RichText, Ui};

/// The field's edit buffer and the last refusal.
#[derive(Default)]
pub struct DateFieldState {
    buf: Option<(MentionId, String)>,
    error: Option<(MentionId, String)>,
}

/// What the field shows: the value and its origin, in words.
struct Shown {
    edtf: String,
    origin: String,
    bounds: Option<String>,
    reference: Option<String>,
}

fn shown(p: &Project, m: &Mention) -> Shown {
    match temporal::date_of(p, m) {
        Some(Ok(d)) => {
            let origin = match d.source {
                Source::User => "your value".to_string(),
                Source::Proposed => format!("proposed by the rule \u{201c}{}\u{201d}", d.value.rule.name()),
                Source::Computed => format!(
                    "read from the text by the rule \u{201c}{}\u{201d} (not stored yet)",
                    d.value.rule.name()
                ),
            };
            let day = |x| temporal::day_text(x).unwrap_or_else(|| "open".into());
            let bounds = Some(format!(
                "{} \u{2013} {}",
                day(d.value.earliest),
                day(d.value.latest)
            ));
            let reference = d.reference.map(|r| match r.source {
                ReferenceSource::Text { .. } => {
                    format!("year {} taken from the text before it", r.year)
                }
                ReferenceSource::DocumentDate(date) => {
                    format!("year {} taken from the document's date {date}", r.year)
                }
            });
            Shown {
                edtf: d.value.edtf,
                origin,
                bounds,
                reference,
            }
        }
        Some(Err(e)) => Shown {
            edtf: e.value.clone(),
            origin: format!("your value, which is not EDTF: {}", e.problem),
            bounds: None,
            reference: None,
        },
        None => Shown {
            edtf: String::new(),
            origin: "no rule reads this text; type an EDTF value (e.g. 1973-09-11, 1973-09, 197X, 1973~)".into(),
            bounds: None,
            reference: None,
        },
    }
}

/// The proposal the rules would make for `m` if the user had set nothing.
fn proposal_without_user_value(p: &Project, m: &Mention) -> Option<String> {
    let mut bare = m.clone();
    bare.attributes.remove(TemporalSettings::EDTF_KEY);
    bare.attributes.remove(TemporalSettings::RULE_KEY);
    temporal::propose(p, &bare).map(|x| x.value.edtf)
}

/// Draws the field for `m` (the caller checked that its type is temporal).
pub fn show(
    ui: &mut Ui,
    state: &mut DateFieldState,
    p: &Project,
    m: &Mention,
    out: &mut Vec<Action>,
) {
    let s = shown(p, m);
    if state.buf.as_ref().is_none_or(|(id, _)| id != &m.id) {
        state.buf = Some((m.id.clone(), s.edtf.clone()));
        state.error = None;
    }
    let (_, buf) = state.buf.as_mut().expect("set above");
    let r = ui.add(
        egui::TextEdit::singleline(buf)
            .hint_text("EDTF, e.g. 1973-09-11")
            .desired_width(160.0),
    );
    name_widget(ui, &r, "Date (EDTF)");
    if r.lost_focus() {
        let v = buf.trim().to_string();
        if v != s.edtf {
            if v.is_empty() {
                out.push(Action::SetDate(m.id.clone(), None));
                state.error = None;
            } else {
                match DateValue::from_edtf(&v, Rule::user()) {
                    Ok(_) => {
                        out.push(Action::SetDate(m.id.clone(), Some(v)));
                        state.error = None;
                    }
                    Err(e) => state.error = Some((m.id.clone(), e.to_string())),
                }
            }
        }
    } else if !r.has_focus() && *buf != s.edtf && state.error.is_none() {
        *buf = s.edtf.clone(); // changed elsewhere (undo)
    }
    if let Some((id, e)) = &state.error
        && id == &m.id
    {
        ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
    }
    ui.weak(s.origin);
    if let Some(b) = s.bounds {
        ui.weak(format!("from {b}"));
    }
    if let Some(r) = s.reference {
        ui.weak(r);
    }
    let user = matches!(
        temporal::stored_value(m),
        Some(Ok((_, Source::User)) | Err(_))
    );
    if user
        && let Some(proposal) = proposal_without_user_value(p, m)
        && proposal != s.edtf
        && ui
            .button(format!("Use the proposal ({proposal})"))
            .on_hover_text("Forget your value and let the rules read the text again")
            .clicked()
    {
        out.push(Action::SetDate(m.id.clone(), None));
    }
}
