//! Command routing: what each command of the table does. Whether a command needs an open
//! project is a column of the table ([`crate::ui::commands::Needs`]), checked here once for
//! menus, shortcuts and buttons alike.

use super::WeftApp;
use crate::ui::action::Action;
use crate::ui::commands::{self, Command};
use crate::ui::schema_editor;
use crate::ui::transfer;
use crate::ui::workspace::{RightTab, Selection};

impl WeftApp {
    /// Runs a command of the table.
    pub(super) fn run(&mut self, cmd: Command) {
        if !commands::available(cmd, self.session.is_some()) {
            self.notice = Some("Open or create a project first.".into());
            return;
        }
        use Command::*;
        match cmd {
            NewProject => self.new_project(),
            OpenProject => {
                if let Some(dir) = self.dialogs.pick_folder("Open a Weft project folder") {
                    self.open_path(&dir);
                }
            }
            AddTexts => {
                if let Some(files) = self.dialogs.pick_files_of(
                    "Add texts",
                    "Texts (.txt, .md, .html, .docx, .pdf)",
                    &crate::sources::extensions(),
                ) {
                    self.add_files(files);
                }
            }
            AddFolder => {
                if let Some(dir) = self.dialogs.pick_folder("Add every text of a folder") {
                    self.add_folder(dir);
                }
            }
            Save => {
                if self.save_now() {
                    self.notice = Some("Saved.".into());
                }
            }
            ExportJson => self.export_json(),
            ImportData => self.panels.transfer.open(transfer::Direction::Import),
            ExportData => self.panels.transfer.open(transfer::Direction::Export),
            CloseProject => {
                self.close_project();
            }
            Undo | Redo => self.undo_redo(cmd == Undo),
            DeleteMention => self.delete_selected(),
            AddFragment => {
                let r = self.ws.selection().range();
                self.apply(Action::AddFragment(r));
            }
            NewEntityFromMention => {
                if let Some(m) = self.ws.selected().cloned() {
                    self.apply(Action::NewCluster(m));
                }
            }
            NextMention => self.step_mention(true),
            PrevMention => self.step_mention(false),
            ClearSelection => self.clear_selection(),
            MoveLeft | MoveRight | ExtendLeft | ExtendRight | WordLeft | WordRight
            | ExtendWordLeft | ExtendWordRight | MoveUp | MoveDown | ExtendUp | ExtendDown
            | LineStart | LineEnd | ExtendLineStart | ExtendLineEnd => self.move_caret(cmd),
            NextDocument => self.step_document(true),
            PrevDocument => self.step_document(false),
            LinkPalette => self.open_link_palette(),
            StartLink => self.start_link_here(),
            ShowRegistry => {
                self.ws.right_tab = if self.ws.right_tab == RightTab::Registry {
                    RightTab::Inspector
                } else {
                    RightTab::Registry
                };
            }
            CorpusSearch => self.panels.search.open(),
            AcceptSuggestion => self.accept_suggestion(),
            RejectSuggestion => self.reject_suggestion(),
            NextSuggestion => self.next_suggestion(),
            ToggleSuggestions => self.ws.show_suggestions = !self.ws.show_suggestions,
            OpenBeside => self.open_next_beside(),
            ClosePane => self.close_pane(self.ws.active_index()),
            NextCorpusMention => self.step_corpus_mention(true),
            PrevCorpusMention => self.step_corpus_mention(false),
            _ => self.run_view(cmd),
        }
    }

    /// Commands about windows and the look.
    fn run_view(&mut self, cmd: Command) {
        use Command::*;
        match cmd {
            SchemaEditor => {
                if let Some(p) = self.project() {
                    self.panels.schema_editor = Some(schema_editor::SchemaEditor::new(p));
                }
            }
            ReviewList => self.panels.review.open = !self.panels.review.open,
            TextSettings => self.panels.text_settings.open = !self.panels.text_settings.open,
            ShowTimeline => self.panels.timeline.open = !self.panels.timeline.open,
            ShowGraph => self.panels.graph.open = !self.panels.graph.open,
            ShowStatistics => self.panels.stats.open = !self.panels.stats.open,
            FocusInspector => {
                self.ws.right_tab = RightTab::Inspector;
                self.panels.inspector.request_focus();
            }
            Help => self.panels.show_help = !self.panels.show_help,
            ToggleTheme => {
                self.prefs.dark = !self.prefs.dark;
                self.apply_look();
            }
            ZoomIn | ZoomOut | ZoomReset => {
                self.prefs.zoom = match cmd {
                    ZoomIn => (self.prefs.zoom + 0.1).min(3.0),
                    ZoomOut => (self.prefs.zoom - 0.1).max(0.5),
                    _ => 1.0,
                };
                self.prefs.zoom = (self.prefs.zoom * 10.0).round() / 10.0;
                self.apply_look();
            }
            _ => {}
        }
    }

    /// Undo or redo through the session; a step that cannot be applied is shown, and the
    /// project stays as it was.
    fn undo_redo(&mut self, undo: bool) {
        let Some(s) = self.session.as_mut() else {
            return;
        };
        let result = if undo { s.undo() } else { s.redo() };
        match result {
            Ok(label) => {
                self.notice = Some(match (label, undo) {
                    (Some(l), true) => format!("Undid: {l}"),
                    (Some(l), false) => format!("Redid: {l}"),
                    (None, true) => "Nothing to undo.".into(),
                    (None, false) => "Nothing to redo.".into(),
                });
                self.fix_references();
            }
            Err(e) => self.error("Cannot undo or redo", vec![e.to_string()]),
        }
    }

    /// Escape: cancels a relation being drawn, else clears the text selection, else the
    /// selected mention.
    fn clear_selection(&mut self) {
        if self.cancel_link() {
            return;
        }
        let pane = self.ws.active_mut();
        if !pane.selection.is_empty() {
            pane.selection = Selection::caret(pane.selection.caret);
        } else {
            pane.selected = None;
        }
    }

    fn open_link_palette(&mut self) {
        if self.ws.selected().is_some() {
            self.panels.link_palette.open();
        } else {
            self.notice =
                Some("Select a mention first (click it or press Tab), then Ctrl+L.".into());
        }
    }
}
