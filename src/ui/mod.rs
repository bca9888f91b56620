//! The egui workbench: the only place egui lives.
//!
//! The project belongs to a [`crate::session::Session`]; what is shown belongs to the
//! [`workspace::Workspace`] (plain data). Panels take the session, the workspace and their own
//! state, draw, and return [`action::Action`]s; [`app::WeftApp`] applies them in one place.
//! View models ([`view_model`]) are built as plain data before painting. [`commands`] holds the
//! one table that menus, shortcuts, the F1 key map and "needs a project" share. File dialogs
//! sit behind [`dialogs::Dialogs`] so that tests run headless; without a system dialog the
//! workbench shows its own [`file_chooser`].
//!
//! | module | job |
//! |---|---|
//! | [`app`] | the app: frame loop, applying actions, command routing, project I/O, navigation, suggestions |
//! | [`workspace`] | view state: panes (each owns its document and selection), tabs, a relation being drawn |
//! | [`view_model`] | overlays, status line, registry rows, timeline, graph and statistics as plain data (no egui) |
//! | [`action`], [`commands`] | what panels ask for; the command table |
//! | [`doc_view`] | the document view: layout and hit-testing apart from painting |
//! | [`palette`], [`inspector`] (with [`date_field`]), [`registry`], [`search_panel`], [`status`] | the panels |
//! | [`link_palette`], [`link_chooser`], [`schema_editor`], [`review`], [`transfer`], [`text_settings`] | the windows |
//! | [`timeline`], [`graph_view`], [`stats_view`] | the views of the corpus: timeline, entity–event graph, statistics |
//! | [`dialogs`], [`file_chooser`], [`text_nav`] | file dialogs (the system's, else Weft's own chooser); grapheme and word motion |
//! | [`theme`], [`fonts`] | readable text colours in both themes; system font fallback |
//! | [`team`] | the annotator window, the layer switch, compare, curation and agreement windows |

pub mod action;
pub mod app;
pub mod commands;
pub mod date_field;
pub mod dialogs;
pub mod doc_view;
pub mod file_chooser;
pub mod fonts;
pub mod graph_view;
pub mod inspector;
pub mod link_chooser;
pub mod link_palette;
pub mod palette;
pub mod registry;
pub mod review;
pub mod schema_editor;
pub mod search_panel;
pub mod stats_view;
pub mod status;
pub mod team;
pub mod text_nav;
pub mod text_settings;
pub mod theme;
pub mod timeline;
pub mod transfer;
pub mod view_model;
pub mod workspace;

pub use app::{Startup, WeftApp};

use std::path::PathBuf;
use std::process::ExitCode;

/// Opens the workbench window on `project`, or (with `None`) on the last project, or the demo
/// project the first time.
pub fn run_gui(project: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Weft")
        .with_inner_size([1280.0, 820.0])
        .with_min_inner_size([640.0, 400.0])
        .with_app_id(crate::platform::APP_ID);
    if let Some(icon) = crate::platform::icon() {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        // Preferences stay in the data folder named `weft`, not one named after the app id.
        persistence_path: crate::platform::prefs_file(),
        // Weft installs its own system font provider (`fonts::install_fonts`).
        system_font_fallback: false,
        ..Default::default()
    };
    eframe::run_native(
        "weft",
        options,
        Box::new(move |cc| {
            Ok(Box::new(WeftApp::new(
                cc,
                Startup {
                    project,
                    dialogs: Box::new(dialogs::NativeDialogs::default()),
                    open_default: true,
                    author: None,
                    preferences: crate::prefs::path().ok(),
                    login: crate::prefs::login_name(),
                    progressive: true,
                },
            )))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))?;
    Ok(ExitCode::SUCCESS)
}
