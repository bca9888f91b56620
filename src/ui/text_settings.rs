//! The "Text and fonts" window (View menu): how the open document's paragraphs run
//! (automatic, left to right, right to left — stored with the document, undoable), the readable
//! line width, and the fonts: the system font fallback and a preferred installed family per
//! script. Everything it changes comes back as [`Action`]s; the window only holds the
//! choices being made and the list of installed families (read once, when first shown).

use super::action::Action;
use super::fonts::{FontPrefs, SystemFonts};
use super::workspace::Workspace;
use crate::model::TextDirection;
use crate::session::Session;

/// Scripts offered in the font setting: (Unicode script name, a letter of it, what it is for).
pub const SCRIPTS: &[(&str, char, &str)] = &[
    ("Arabic", 'ب', "Arabic, Persian, Urdu"),
    ("Hebrew", 'א', "Hebrew, Yiddish"),
    ("Han", '字', "Chinese and Japanese ideographs"),
    ("Hiragana", 'あ', "Japanese kana"),
    ("Katakana", 'カ', "Japanese katakana"),
    ("Hangul", '한', "Korean"),
    ("Devanagari", 'क', "Hindi, Marathi, Nepali"),
    ("Bengali", 'ক', "Bengali, Assamese"),
    ("Tamil", 'க', "Tamil"),
    ("Thai", 'ก', "Thai"),
    ("Armenian", 'Ա', "Armenian"),
    ("Georgian", 'ა', "Georgian"),
    ("Ethiopic", 'አ', "Amharic, Tigrinya"),
];

/// Line widths offered, in average characters (0: the pane's width).
const LINE_CHOICES: &[usize] = &[60, 75, 90, 110, 140, 0];

/// What the window shows of the preferences.
pub struct Current<'a> {
    pub line_chars: usize,
    pub fonts: &'a FontPrefs,
}

/// The window's state.
#[derive(Default)]
pub struct TextSettings {
    pub open: bool,
    /// Installed families per script of [`SCRIPTS`] (read when first shown).
    families: Option<Vec<Vec<String>>>,
}

impl TextSettings {
    /// Draws the window (when open) and returns what the user changed.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        session: Option<&Session>,
        ws: &Workspace,
        current: &Current<'_>,
        fonts: &SystemFonts,
    ) -> Vec<Action> {
        let mut out = Vec::new();
        if !self.open {
            return out;
        }
        let families = self.families.get_or_insert_with(|| {
            SCRIPTS
                .iter()
                .map(|(_, c, _)| fonts.families_covering(*c))
                .collect()
        });
        let mut open = self.open;
        egui::Window::new("Text and fonts")
            .id(egui::Id::unique("weft-text-settings"))
            .open(&mut open)
            .default_width(460.0)
            .show(ctx, |ui| {
                direction(ui, session, ws, &mut out);
                ui.separator();
                line_width(ui, current.line_chars, &mut out);
                ui.separator();
                font_choices(ui, current.fonts, families, &mut out);
            });
        self.open = open;
        out
    }
}

/// The open document's direction.
fn direction(ui: &mut egui::Ui, session: Option<&Session>, ws: &Workspace, out: &mut Vec<Action>) {
    ui.strong("Direction of this document");
    let doc = session.and_then(|s| ws.doc().and_then(|d| s.project().document(d)));
    let Some(doc) = doc else {
        ui.weak("Open a document to set its direction.");
        return;
    };
    ui.horizontal_wrapped(|ui| {
        for d in TextDirection::ALL {
            let r = ui.radio(doc.direction == d, d.label());
            super::registry::name_widget(
                ui,
                &r,
                &format!("Direction of {}: {}", doc.name, d.label()),
            );
            if r.clicked() && doc.direction != d {
                out.push(Action::SetDirection(doc.id.clone(), d));
            }
        }
    });
    ui.weak(
        "Automatic takes each paragraph's direction from its first letter. Saved with the \
         document; offsets do not change.",
    );
}

/// The readable line width.
fn line_width(ui: &mut egui::Ui, line_chars: usize, out: &mut Vec<Action>) {
    ui.strong("Line width");
    ui.horizontal_wrapped(|ui| {
        for &n in LINE_CHOICES {
            let text = if n == 0 {
                "Pane width".to_string()
            } else {
                format!("{n} characters")
            };
            let r = ui.radio(line_chars == n, text.as_str());
            super::registry::name_widget(ui, &r, &format!("Line width: {text}"));
            if r.clicked() && line_chars != n {
                out.push(Action::SetLineChars(n));
            }
        }
    });
    ui.weak("Lines of the text wrap at about this many characters, centred in a wide pane.");
}

/// The system fallback switch and the preferred family per script.
fn font_choices(
    ui: &mut egui::Ui,
    prefs: &FontPrefs,
    families: &[Vec<String>],
    out: &mut Vec<Action>,
) {
    ui.strong("Fonts");
    let mut fallback = prefs.system_fallback;
    let r = ui.checkbox(
        &mut fallback,
        "Use installed fonts for characters the built-in fonts lack",
    );
    if r.changed() {
        out.push(Action::SetFontPrefs(FontPrefs {
            system_fallback: fallback,
            ..prefs.clone()
        }));
    }
    ui.weak("Preferred font per script (used for the characters the built-in fonts lack):");
    egui::Grid::new("weft-font-prefs")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for ((script, _, what), fams) in SCRIPTS.iter().zip(families) {
                let label = ui.label(*what).on_hover_text(*script);
                let chosen = prefs.per_script.get(*script);
                let shown = chosen.map_or("Automatic", String::as_str);
                let mut pick: Option<Option<String>> = None;
                let r = egui::ComboBox::from_id_salt(("font", *script))
                    .selected_text(shown)
                    .width(240.0)
                    .show_ui(ui, |ui| {
                        if ui.selectable_label(chosen.is_none(), "Automatic").clicked() {
                            pick = Some(None);
                        }
                        if fams.is_empty() {
                            ui.weak("No installed font has this script.");
                        }
                        for f in fams {
                            if ui.selectable_label(chosen == Some(f), f.as_str()).clicked() {
                                pick = Some(Some(f.clone()));
                            }
                        }
                    });
                r.response.labelled_by(label.id);
                if let Some(p) = pick
                    && p.as_ref() != chosen
                {
                    let mut next = prefs.clone();
                    match p {
                        Some(f) => {
                            next.per_script.insert(script.to_string(), f);
                        }
                        None => {
                            next.per_script.remove(*script);
                        }
                    }
                    out.push(Action::SetFontPrefs(next));
                }
                ui.end_row();
            }
        });
}
