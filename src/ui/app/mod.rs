//! The workbench app: what it holds, and read access for tests and the benchmark.
//!
//! The app owns an optional [`Session`] (the open project), a [`Workspace`] (what is shown),
//! the panels' own states and the document views. Panels read the session and the workspace
//! and return [`Action`]s; [`WeftApp::apply`] applies them in one place at the end of the
//! frame. Every change to the project goes through the session, so it can be undone and
//! "unsaved" is simply a revision that differs from the saved one.
//!
//! | file | job |
//! |---|---|
//! | `mod.rs` | the app's state, start-up, read access |
//! | `frame.rs` | the frame loop: keys, autosave, the title, laying out the panels |
//! | `central.rs` | the document panes and their overlays |
//! | `apply.rs` | the one place actions are applied; edits go to the session |
//! | `routing.rs` | commands of the table → what they do ("needs a project" checked once) |
//! | `project_io.rs` | opening, creating, closing, saving, adding texts, import/export runs; where the answers of file requests go |
//! | `files.rs` | asking for files: the system's dialog, else Weft's own chooser |
//! | `navigation.rs` | documents, panes, jumps, caret motion |
//! | `suggestions.rs` | each shown document's suggestions; accepting, rejecting, stepping |
//! | `suggest_worker.rs` | the suggestion matcher, built on a worker after the first frame |
//! | `linking.rs` | relations and arguments drawn from one end to the other |
//! | `menus.rs` | the menu bar and the key map window, both from the command table |
//! | `messages.rs` | messages that must be read (errors, offers to restore or re-anchor) |
//! | `annotator.rs` | who is annotating: guessed at start, asked once, changed (File > Annotator…) |
//! | `team.rs` | layers shown and compared; the team windows (issue 13) |
//! | `curating.rs` | curation decisions, each one undoable step; settling an item by hand |

mod annotator;
mod apply;
mod central;
mod curating;
mod files;
mod frame;
mod linking;
mod menus;
mod messages;
mod navigation;
mod opening;
mod progressive;
mod project_io;
mod routing;
mod suggest_worker;
mod suggestions;
mod team;

pub use suggest_worker::SuggestStats;

use super::action::Action;
use super::dialogs::Dialogs;
use super::doc_view::{DocView, Overlay, Selection, ViewStats};
use super::view_model::overlay::OverlayKey;
use super::workspace::{PaneId, RightTab, Workspace};
use super::{
    graph_view, inspector, link_palette, registry, review, schema_editor, search_panel, stats_view,
    timeline, transfer,
};
use crate::edit::{Edit, History};
use crate::model::{ClusterId, DocId, Endpoint, MentionId, Project};
use crate::session::{SaveState, Session};
use crate::store::ProjectFolder;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Projects with more mentions than this open with suggestions off: finding them means an
/// automaton over every tagged string, rebuilt after each edit, which costs seconds at a
/// million mentions (see docs/performance.md).
pub const SUGGESTIONS_AUTO_LIMIT: usize = 100_000;

const MAX_RECENT: usize = 10;

/// How the app starts.
pub struct Startup {
    /// A project folder to open.
    pub project: Option<PathBuf>,
    pub dialogs: Box<dyn Dialogs>,
    /// With no `project`: open the last project, or the demo project the first time.
    pub open_default: bool,
    /// Author recorded on new mentions; `None` reads the preferences, then `$USER` /
    /// `$USERNAME`. It is handed to each session the app opens.
    pub author: Option<String>,
    /// Weft's preferences file ([`crate::prefs::path`]), where the annotator's name is read
    /// from and saved to (File > Annotator…); `None`: the name is kept for this run only.
    pub preferences: Option<PathBuf>,
    /// The login name, the guess when the preferences name nobody ([`crate::prefs::login_name`]).
    pub login: Option<String>,
    /// Open projects progressively: the first document is drawn (read-only) before the rest
    /// is loaded and checked on a worker (see `opening.rs`). The workbench window and the
    /// benchmark do; tests open synchronously unless they ask.
    pub progressive: bool,
}

impl Startup {
    /// For tests: no default project, the given dialogs, and the annotator whose layer new
    /// projects get when nobody is named ([`crate::model::Layer::DEFAULT_NAME`]), so that test
    /// projects made without a session are the annotator's own.
    pub fn headless(dialogs: Box<dyn Dialogs>) -> Self {
        Self {
            project: None,
            dialogs,
            open_default: false,
            author: Some(crate::model::Layer::DEFAULT_NAME.into()),
            preferences: None,
            login: None,
            progressive: false,
        }
    }
}

/// Preferences kept in eframe's storage (never project data).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub dark: bool,
    pub zoom: f32,
    pub recent: Vec<PathBuf>,
    pub last_project: Option<PathBuf>,
    /// No longer read: the annotator's name lives in Weft's own preferences
    /// ([`crate::prefs`]), which the command line shares. Kept so older storage still reads.
    pub author: String,
    /// Always use Weft's own file chooser, even where the system has a dialog.
    pub builtin_file_chooser: bool,
    /// Where Weft's file chooser opens: the folder of the last file or folder chosen.
    pub last_dir: Option<PathBuf>,
    /// Lines of the document view wrap at this many average characters at most (a readable
    /// measure on a wide screen); 0 lets them run to the pane's width.
    pub line_chars: usize,
    /// Fonts: a preferred family per script, and the system font fallback.
    pub fonts: crate::ui::fonts::FontPrefs,
}

/// The readable line width the workbench starts with, in average characters.
pub const DEFAULT_LINE_CHARS: usize = 90;

impl Prefs {
    /// [`Self::line_chars`] as the document view takes it.
    pub fn max_line_chars(&self) -> Option<usize> {
        (self.line_chars > 0).then_some(self.line_chars)
    }
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            dark: true,
            zoom: 1.0,
            recent: Vec::new(),
            last_project: None,
            author: String::new(),
            builtin_file_chooser: false,
            last_dir: None,
            line_chars: DEFAULT_LINE_CHARS,
            fonts: crate::ui::fonts::FontPrefs::default(),
        }
    }
}

/// A message shown in the window until dismissed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub title: String,
    pub lines: Vec<String>,
    pub is_error: bool,
    /// Something the user can accept with one button (declining is "Dismiss").
    pub offer: Option<Offer>,
}

/// What a message can offer to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Offer {
    /// Open the project again, re-anchoring mentions of changed texts by their quotes.
    Reanchor(PathBuf),
    /// Apply edits found in the recovery journal after a crash.
    Restore(Vec<Edit>),
}

impl Offer {
    /// The button's text.
    pub fn button(&self) -> String {
        match self {
            Offer::Reanchor(_) => "Re-anchor the annotations".into(),
            Offer::Restore(edits) => format!("Restore {} unsaved edits", edits.len()),
        }
    }
}

/// What a file request is for: where its answer goes.
#[derive(Debug, PartialEq)]
enum FilePurpose {
    NewProject,
    OpenProject,
    AddTexts,
    AddFolder,
    ExportJson,
    Transfer(transfer::Request),
}

/// A request waiting in Weft's own chooser.
struct Asking {
    purpose: FilePurpose,
    chooser: super::file_chooser::FileChooser,
}

/// The panels' own states (edit buffers, filters, open windows).
#[derive(Default)]
pub(crate) struct Panels {
    pub inspector: inspector::InspectorState,
    pub registry: registry::RegistryState,
    pub link_palette: link_palette::LinkPalette,
    /// The levels (mention, or its entity/event) chosen for each end of a relation.
    pub link_chooser: super::link_chooser::ChooserState,
    pub search: search_panel::SearchPanel,
    pub schema_editor: Option<schema_editor::SchemaEditor>,
    pub review: review::ReviewWindow,
    pub transfer: transfer::TransferWindow,
    pub team: crate::ui::team::TeamWindows,
    pub text_settings: crate::ui::text_settings::TextSettings,
    pub timeline: timeline::TimelineWindow,
    pub graph: graph_view::GraphWindow,
    pub stats: stats_view::StatsWindow,
    pub show_help: bool,
    /// The key map's search text, and whether its field takes the keyboard next frame.
    pub help_query: String,
    pub help_focus: bool,
    /// Where the menu bar ends (windows open below it).
    pub menu_bottom: f32,
}

/// The workbench.
pub struct WeftApp {
    ctx: egui::Context,
    prefs: Prefs,
    dialogs: Box<dyn Dialogs>,
    /// A file request waiting in Weft's own chooser, and what its answer is for.
    asking: Option<Asking>,
    /// The open project, if any: the only owner of project data.
    session: Option<Session>,
    /// A project being opened progressively: its first document shown until the session
    /// arrives (see `opening.rs`).
    opening: Option<opening::Opening>,
    /// See [`Startup::progressive`].
    progressive: bool,
    ws: Workspace,
    /// The document view of each pane (layout caches; keyed by the workspace's pane ids).
    views: HashMap<PaneId, DocView>,
    panels: Panels,
    suggest: suggest_worker::SuggestWorker,
    /// What the panes' overlays were built for; they are rebuilt only when this changes.
    overlay_key: Option<OverlayKey>,
    /// How many times the overlays were rebuilt (tests: not every frame).
    overlay_builds: u64,
    messages: Vec<Message>,
    /// A short line for the status bar ("Undid: …", "Exported to …").
    notice: Option<String>,
    pending: Vec<Action>,
    last_title: Option<String>,
    /// Input time of this frame (seconds, egui's clock).
    time: f64,
    /// Who is working: handed to every session the app opens.
    author: String,
    /// Where the annotator's name is saved (see [`Startup::preferences`]).
    prefs_file: Option<PathBuf>,
    /// The system font provider installed at start-up (see [`crate::ui::fonts`]).
    fonts: std::sync::Arc<crate::ui::fonts::SystemFonts>,
}

/// The demo project for a first run: the user's copy of the demo compiled into the binary
/// (made on first use; see [`crate::platform::demo_project`]).
pub fn demo_project_path() -> Result<PathBuf, String> {
    crate::platform::demo_project().map_err(|e| e.to_string())
}

impl WeftApp {
    pub fn new(cc: &eframe::CreationContext<'_>, startup: Startup) -> Self {
        let prefs: Prefs = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
            .unwrap_or_default();
        let who = match startup.author.clone() {
            Some(a) => Ok(a),
            None => crate::ui::team::annotator::resolve(
                startup.preferences.as_deref(),
                startup.login.as_deref(),
            ),
        };
        // The font scan starts on its own thread here; the first frame never waits for it, and
        // a Latin-only document never loads a system font.
        let fonts = crate::ui::fonts::install_fonts(&cc.egui_ctx, &prefs.fonts);
        let mut app = Self {
            fonts,
            ctx: cc.egui_ctx.clone(),
            prefs,
            dialogs: startup.dialogs,
            asking: None,
            session: None,
            opening: None,
            progressive: startup.progressive,
            ws: Workspace::default(),
            views: HashMap::new(),
            panels: Panels::default(),
            suggest: Default::default(),
            overlay_key: None,
            overlay_builds: 0,
            messages: Vec::new(),
            notice: None,
            pending: Vec::new(),
            last_title: None,
            time: 0.0,
            author: who.as_ref().cloned().unwrap_or_default(),
            prefs_file: startup.preferences.clone(),
        };
        if let Err(why) = who {
            // Nobody could be named: ask once (the answer is saved in the preferences).
            app.panels.team.annotator.ask(why);
        }
        app.ctx.options_mut(|o| o.zoom_with_keyboard = false);
        crate::ui::theme::install(&app.ctx);
        app.apply_look();
        let target = startup.project.or_else(|| {
            if !startup.open_default {
                return None;
            }
            app.prefs
                .last_project
                .clone()
                .filter(|p| ProjectFolder::project_root_of(p).is_some())
                .or_else(|| {
                    demo_project_path()
                        .map_err(|e| app.error("Cannot open the demo project", vec![e]))
                        .ok()
                })
        });
        if let Some(path) = target {
            app.open_path(&path);
        }
        app
    }

    // ----- read access (tests, the benchmark) -----

    /// The open session, if any.
    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    pub fn workspace(&self) -> &Workspace {
        &self.ws
    }

    pub fn project(&self) -> Option<&Project> {
        self.session.as_ref().map(Session::project)
    }

    pub fn history(&self) -> Option<&History> {
        self.session.as_ref().map(Session::history)
    }

    pub fn project_root(&self) -> Option<&Path> {
        self.session.as_ref().map(Session::root)
    }

    /// The active pane's document.
    pub fn current_doc(&self) -> Option<&DocId> {
        self.session.as_ref().and(self.ws.doc())
    }

    pub fn selected_mention(&self) -> Option<&MentionId> {
        self.session.as_ref().and(self.ws.selected())
    }

    pub fn selection(&self) -> Option<Selection> {
        self.session.as_ref().map(|_| self.ws.selection())
    }

    /// How many times the linking overlays were rebuilt since start (tests).
    pub fn overlay_builds(&self) -> u64 {
        self.overlay_builds
    }

    /// Whether an import or export run is going on.
    pub fn transfer_running(&self) -> bool {
        self.panels.transfer.running()
    }

    pub fn messages(&self) -> &[Message] {
        &self.messages
    }

    pub fn save_state(&self) -> Option<SaveState> {
        self.session.as_ref().map(Session::save_state)
    }

    /// The last short notice for the status bar.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    /// Weft's own file chooser, while it is open.
    pub fn file_chooser(&self) -> Option<&crate::ui::file_chooser::FileChooser> {
        self.asking.as_ref().map(|a| &a.chooser)
    }

    /// The system font provider: which fonts it chose and loaded (tests, the about box).
    pub fn system_fonts(&self) -> &crate::ui::fonts::SystemFonts {
        &self.fonts
    }

    /// The byte a click at `pos` gives in the active pane, by the view's own mapping (tests:
    /// the offset → position → offset round trip).
    pub fn byte_at_screen(&self, pos: egui::Pos2) -> Option<usize> {
        self.view(self.ws.active_index())?.byte_at(pos)
    }

    /// The caret stops of the on-screen paragraph holding `byte` in the active pane, and
    /// whether the bidi engine laid it out (tests).
    pub fn stops_of(&self, byte: usize) -> Option<(Vec<usize>, bool)> {
        self.view(self.ws.active_index())?.stops_of(byte)
    }

    /// Screen rectangles (text band) of a byte range of the active pane's document, for the
    /// part on screen (tests: where a selection or mention is drawn).
    pub fn screen_rects_of(&self, range: std::ops::Range<usize>) -> Vec<egui::Rect> {
        self.view(self.ws.active_index())
            .map(|v| v.screen_rects_of(range))
            .unwrap_or_default()
    }

    fn view(&self, pane: usize) -> Option<&DocView> {
        self.views.get(&self.ws.pane(pane)?.id)
    }

    /// The suggestion worker's counters.
    pub fn suggest_stats(&self) -> suggest_worker::SuggestStats {
        self.suggest.stats()
    }

    pub fn view_stats(&self) -> ViewStats {
        self.view(self.ws.active_index())
            .map(DocView::stats)
            .unwrap_or_default()
    }

    /// Screen position of the char at `byte` of the open document, if it is on screen.
    pub fn screen_pos_of(&self, byte: usize) -> Option<egui::Pos2> {
        self.view(self.ws.active_index())?.screen_pos_of(byte)
    }

    /// Screen position of the char at `byte` in side-by-side pane `pane`, if on screen.
    pub fn screen_pos_in(&self, pane: usize, byte: usize) -> Option<egui::Pos2> {
        self.view(pane)?.screen_pos_of(byte)
    }

    /// The documents of the panes, left to right.
    pub fn pane_docs(&self) -> Vec<Option<DocId>> {
        self.ws.pane_docs()
    }

    /// Index of the pane that has the keyboard.
    pub fn active_pane(&self) -> usize {
        self.ws.active_index()
    }

    /// The arcs and markers drawn over pane `pane` in the last frame, and the text bands of
    /// its rows on screen (tests: links never cover text).
    pub fn pane_links(
        &self,
        pane: usize,
    ) -> (Vec<crate::ui::doc_view::DrawnLink>, Vec<egui::Rect>) {
        self.view(pane)
            .map(|v| (v.drawn_links().to_vec(), v.text_bands()))
            .unwrap_or_default()
    }

    /// The decorations drawn over pane `pane` in the last frame.
    pub fn pane_overlay(&self, pane: usize) -> Option<&Overlay> {
        self.view(pane).map(DocView::overlay)
    }

    /// What the right panel shows.
    pub fn right_tab(&self) -> RightTab {
        self.ws.right_tab
    }

    /// The entity or event opened in the registry.
    pub fn registry_opened(&self) -> Option<&ClusterId> {
        self.panels.registry.opened.as_ref()
    }

    /// The timeline window (tests read its view and find its marks on screen).
    pub fn timeline(&self) -> &timeline::TimelineWindow {
        &self.panels.timeline
    }

    /// The graph window (tests read its view and find its nodes on screen).
    pub fn graph(&self) -> &graph_view::GraphWindow {
        &self.panels.graph
    }

    /// The statistics window (tests read its figures).
    pub fn stats(&self) -> &stats_view::StatsWindow {
        &self.panels.stats
    }

    /// The corpus search panel (tests read its hits).
    pub fn search_panel(&self) -> &search_panel::SearchPanel {
        &self.panels.search
    }

    /// The start of a relation or argument waiting for its other end.
    pub fn link_from(&self) -> Option<&Endpoint> {
        self.ws.link_from.as_ref()
    }

    /// The pair whose relation types and roles are offered.
    pub fn link_pick(&self) -> Option<&(Endpoint, Endpoint)> {
        self.ws.link_pick.as_ref()
    }

    /// Whether the linking palette is open.
    pub fn link_palette_open(&self) -> bool {
        self.panels.link_palette.is_open()
    }

    /// Sets the text selection of the open document (tests; snapped to graphemes).
    pub fn set_selection(&mut self, anchor: usize, caret: usize) {
        self.apply(Action::SetSelection { anchor, caret });
    }

    /// Queues an action as if a panel had returned it.
    pub fn queue(&mut self, action: Action) {
        self.pending.push(action);
    }

    // ----- small helpers shared by the app's files -----

    /// The open project's document shown in the active pane.
    fn document(&self) -> Option<&crate::model::Document> {
        let s = self.session.as_ref()?;
        s.project().document(self.ws.doc()?)
    }

    /// Shows a message that must be read.
    fn error(&mut self, title: impl Into<String>, lines: Vec<String>) {
        self.messages.push(Message {
            title: title.into(),
            lines,
            is_error: true,
            offer: None,
        });
    }

    fn apply_look(&mut self) {
        self.ctx.set_theme(if self.prefs.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        self.ctx.set_zoom_factor(self.prefs.zoom);
    }

    fn remember(&mut self, root: &Path) {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        self.prefs.recent.retain(|p| p != &root);
        self.prefs.recent.insert(0, root.clone());
        self.prefs.recent.truncate(MAX_RECENT);
        self.prefs.last_project = Some(root);
    }
}
