//! The egui workbench (placeholder until the workbench issue lands).

use std::path::PathBuf;
use std::process::ExitCode;

/// Opens the workbench window.
pub fn run_gui(_project: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    Ok(ExitCode::SUCCESS)
}
