//! Inter-annotator agreement between project folders, until `weft agreement` exists.
//!
//! `cargo run --example agreement -- [--json|--csv] [NAME=]PROJECT [NAME=]PROJECT ...`
//!
//! Each project folder holds one annotator's annotations over the same texts (documents are
//! matched by name). The annotator's name is `NAME`, or the folder's name. Prints the report
//! of `weft::agreement` as aligned tables, JSON (`--json`) or CSV (`--csv`); the metrics and
//! the JSON fields are described in `docs/team.md`.

use anyhow::{Context, Result, bail};
use std::path::PathBuf;
use std::process::ExitCode;
use weft::agreement::{self, LayerView};
use weft::store::ProjectFolder;

enum Output {
    Text,
    Json,
    Csv,
}

fn run() -> Result<()> {
    let mut output = Output::Text;
    let mut layers = Vec::new();
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--json" => output = Output::Json,
            "--csv" => output = Output::Csv,
            "-h" | "--help" => {
                println!("usage: agreement [--json|--csv] [NAME=]PROJECT [NAME=]PROJECT ...");
                return Ok(());
            }
            a if a.starts_with("--") => bail!("unknown option {a} (expected --json or --csv)"),
            a => {
                let (name, path) = match a.split_once('=') {
                    Some((n, p)) if !n.is_empty() => (n.to_string(), PathBuf::from(p)),
                    _ => {
                        let p = PathBuf::from(a);
                        let n = p
                            .canonicalize()
                            .ok()
                            .and_then(|c| c.file_name().map(|f| f.to_string_lossy().into_owned()))
                            .unwrap_or_else(|| a.to_string());
                        (n, p)
                    }
                };
                let (project, _folder) = ProjectFolder::load(&path)
                    .with_context(|| format!("cannot open the project {}", path.display()))?;
                layers.push(LayerView::from_project(name, &project));
            }
        }
    }
    let report = agreement::compare(&layers).context("cannot compare these layers")?;
    match output {
        Output::Text => print!("{}", report.to_text()),
        Output::Json => print!("{}", report.to_json()),
        Output::Csv => print!("{}", report.to_csv()),
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
