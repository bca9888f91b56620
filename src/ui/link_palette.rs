//! The linking palette (Ctrl+L): type a few letters of an entity's or event's name (or of its
//! type), move with the arrow keys, press Enter to link the selected mention to it. The last
//! entry creates a new entity or event from the selected mention instead.
//!
//! Matching is a plain subsequence score ([`fuzzy_score`]): every query character must appear
//! in order; consecutive runs and word starts score higher, so "pin" ranks "Pinochet" above
//! "Spain". The candidate list is built as plain data ([`items`]) so tests check it without
//! drawing anything.

use super::action::Action;
use super::workspace::Workspace;
use crate::model::{ClusterId, Mention, Project, TypeKind};
use crate::session::Session;
use egui::{Key, Modifiers, RichText};

/// Entries shown at most (the best scores).
const MAX_SHOWN: usize = 40;

/// One row of the palette.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaletteItem {
    /// Link the mention to this existing entity or event.
    Existing {
        cluster: ClusterId,
        /// "Augusto Pinochet — Person · 3 mentions"
        label: String,
    },
    /// Create a new entity or event named after the mention and link it.
    New { label: String },
}

impl PaletteItem {
    pub fn label(&self) -> &str {
        match self {
            PaletteItem::Existing { label, .. } | PaletteItem::New { label } => label,
        }
    }
}

/// Subsequence score of `query` in `hay` (case-insensitive); `None` if some query character is
/// missing. Higher is better. An empty query matches everything with score 0.
pub fn fuzzy_score(query: &str, hay: &str) -> Option<i32> {
    let q: Vec<char> = query
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if q.is_empty() {
        return Some(0);
    }
    let h: Vec<char> = hay.chars().flat_map(char::to_lowercase).collect();
    let mut score = 0i32;
    let mut qi = 0usize;
    let mut prev_match: Option<usize> = None;
    for (i, c) in h.iter().enumerate() {
        if qi < q.len() && *c == q[qi] {
            score += 1;
            if prev_match == Some(i.wrapping_sub(1)) {
                score += 3; // consecutive
            }
            if i == 0 || !h[i - 1].is_alphanumeric() {
                score += 4; // word start
            }
            prev_match = Some(i);
            qi += 1;
        }
    }
    if qi < q.len() {
        return None;
    }
    // Shorter names win ties: a query covering more of the name fits better.
    Some(score * 8 - (h.len() as i32).min(200) / 8)
}

fn kind_of(p: &Project, type_key: &str) -> Option<TypeKind> {
    p.schema().type_def(type_key).map(|t| t.kind)
}

/// The palette rows for `query` when linking `mention`: existing entities/events of the same
/// kind (entity or event) ranked by score, same type first on ties, the mention's current one
/// left out; then the "New … from selection" row.
pub fn items(p: &Project, mention: &Mention, query: &str) -> Vec<PaletteItem> {
    let kind = kind_of(p, &mention.type_key);
    let mut scored: Vec<(i32, bool, String, &crate::model::Cluster)> = p
        .clusters()
        // Links never cross layers: only the mention's own layer's entities/events.
        .filter(|c| c.layer == mention.layer)
        .filter(|c| kind_of(p, &c.type_key) == kind)
        .filter(|c| mention.cluster.as_ref() != Some(&c.id))
        .filter_map(|c| {
            let tname = p
                .schema()
                .type_def(&c.type_key)
                .map(|t| t.name.as_str())
                .unwrap_or(&c.type_key);
            let by_name = fuzzy_score(query, &c.name);
            let by_both = fuzzy_score(query, &format!("{} {tname}", c.name)).map(|s| s - 1);
            let s = by_name.max(by_both)?;
            Some((s, c.type_key == mention.type_key, tname.to_string(), c))
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.cmp(&a.1))
            .then_with(|| a.3.name.to_lowercase().cmp(&b.3.name.to_lowercase()))
            .then_with(|| a.3.id.cmp(&b.3.id))
    });
    let mut out: Vec<PaletteItem> = scored
        .into_iter()
        .take(MAX_SHOWN)
        .map(|(_, _, tname, c)| PaletteItem::Existing {
            cluster: c.id.clone(),
            label: format!(
                "{} \u{2014} {tname} \u{b7} {} mention(s)",
                c.name,
                p.members(&c.id).count()
            ),
        })
        .collect();
    let word = match kind {
        Some(TypeKind::Event) => "event",
        _ => "entity",
    };
    let text = p
        .document(&mention.doc)
        .map(|d| crate::edit::ops::excerpt(&mention.covered_text(d.text()), 40))
        .unwrap_or_default();
    out.push(PaletteItem::New {
        label: format!("New {word} \u{201c}{text}\u{201d} from selection"),
    });
    out
}

/// The palette's state across frames.
#[derive(Default)]
pub struct LinkPalette {
    open: bool,
    query: String,
    cursor: usize,
    focus_pending: bool,
}

impl LinkPalette {
    pub fn is_open(&self) -> bool {
        self.open
    }

    pub fn open(&mut self) {
        self.open = true;
        self.query.clear();
        self.cursor = 0;
        self.focus_pending = true;
    }

    pub fn close(&mut self) {
        self.open = false;
    }

    /// Draws the palette (if open) and returns the chosen action.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        session: Option<&Session>,
        ws: &Workspace,
        return_focus: egui::Id,
    ) -> Vec<Action> {
        let mut out = Vec::new();
        if !self.open {
            return out;
        }
        let Some(p) = session.map(Session::project) else {
            self.open = false;
            return out;
        };
        let Some(m) = ws.selected().and_then(|id| p.mention(id)) else {
            self.open = false;
            return out;
        };
        let list = items(p, m, &self.query);
        // Keys for the list are taken before the text field sees them.
        let (up, down, enter, escape) = ctx.input_mut(|i| {
            (
                i.count_and_consume_key(Modifiers::NONE, Key::ArrowUp),
                i.count_and_consume_key(Modifiers::NONE, Key::ArrowDown),
                i.consume_key(Modifiers::NONE, Key::Enter),
                i.consume_key(Modifiers::NONE, Key::Escape),
            )
        });
        let n = list.len();
        self.cursor = (self.cursor + down).min(n - 1).saturating_sub(up);
        let mut chosen = enter.then_some(self.cursor);
        let mut keep = !escape;
        let title = match kind_of(p, &m.type_key) {
            Some(TypeKind::Event) => "Link to an event",
            _ => "Link to an entity",
        };
        egui::Window::new(title)
            .id(egui::Id::unique("weft-link-palette"))
            .collapsible(false)
            .resizable(false)
            .default_width(460.0)
            .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 70.0))
            .open(&mut keep)
            .show(ctx, |ui| {
                let text = p
                    .document(&m.doc)
                    .map(|d| crate::edit::ops::excerpt(&m.covered_text(d.text()), 50))
                    .unwrap_or_default();
                ui.label(format!("Mention \u{201c}{text}\u{201d}"));
                let before = self.query.clone();
                let r = ui.add(
                    egui::TextEdit::singleline(&mut self.query)
                        .hint_text("Type a name or a type\u{2026}")
                        .desired_width(f32::INFINITY),
                );
                super::registry::name_widget(ui, &r, "Find entity or event");
                if std::mem::take(&mut self.focus_pending) {
                    r.request_focus();
                }
                if self.query != before {
                    self.cursor = 0;
                }
                ui.weak("Up/Down choose, Enter links, Escape closes.");
                ui.separator();
                egui::ScrollArea::vertical()
                    .max_height(320.0)
                    .show(ui, |ui| {
                        for (i, item) in list.iter().enumerate() {
                            let on = i == self.cursor;
                            let text = match item {
                                PaletteItem::New { label } => RichText::new(label).italics(),
                                PaletteItem::Existing { label, .. } => RichText::new(label),
                            };
                            let r = ui.add(
                                egui::Button::selectable(on, text)
                                    .min_size(egui::vec2(ui.available_width(), 0.0)),
                            );
                            if on && (up > 0 || down > 0) {
                                r.scroll_to_me(None);
                            }
                            if r.clicked() {
                                chosen = Some(i);
                            }
                        }
                    });
            });
        if let Some(i) = chosen
            && let Some(item) = list.get(i)
        {
            out.push(match item {
                PaletteItem::Existing { cluster, .. } => {
                    Action::Link(m.id.clone(), Some(cluster.clone()))
                }
                PaletteItem::New { .. } => Action::NewCluster(m.id.clone()),
            });
            keep = false;
        }
        if !keep {
            self.open = false;
            // Give the keyboard back to the text.
            ctx.memory_mut(|mem| mem.request_focus(return_focus));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsequence_scores_prefer_word_starts_and_runs() {
        assert!(fuzzy_score("pin", "Augusto Pinochet").is_some());
        assert!(fuzzy_score("xyz", "Augusto Pinochet").is_none());
        let a = fuzzy_score("pin", "Augusto Pinochet").unwrap();
        let b = fuzzy_score("pin", "Spain in the north").unwrap();
        assert!(a > b, "{a} {b}");
        assert_eq!(fuzzy_score("", "anything"), Some(0));
        assert!(fuzzy_score("AUG pin", "Augusto Pinochet").is_some());
        // Letters may be skipped (as docs/linking.md says).
        assert!(fuzzy_score("agp", "Augusto Pinochet").is_some());
        assert!(fuzzy_score("pga", "Augusto Pinochet").is_none());
    }
}
