//! The egui workbench. Panels draw and return [`action::Action`]s; [`app::WeftApp`] applies
//! them in one place. [`commands`] holds the one table that menus, shortcuts and the F1 key
//! map share. File dialogs sit behind [`dialogs::Dialogs`] so that tests run headless.

pub mod action;
pub mod app;
pub mod commands;
pub mod dialogs;
pub mod doc_view;
pub mod inspector;
pub mod link_chooser;
pub mod link_palette;
pub mod palette;
pub mod registry;
pub mod review;
pub mod schema_editor;
pub mod search_panel;
pub mod status;
pub mod text_nav;
pub mod transfer;

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
                    dialogs: Box::new(dialogs::NativeDialogs),
                    open_default: true,
                    author: None,
                },
            )))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))?;
    Ok(ExitCode::SUCCESS)
}
