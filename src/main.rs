//! The `weft` binary: the workbench, or a headless subcommand.

use clap::Parser;
use std::process::ExitCode;
use weft::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    let result = match args.command {
        Some(command) => cli::run(command),
        None => weft::ui::run_gui(args.project),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", cli::error_message(&e));
            ExitCode::from(2)
        }
    }
}
