//! The `weft` command line: with no subcommand it opens the workbench; the subcommands work
//! headless over the same model, store and formats as the GUI. The team commands (annotator,
//! layers, agreement, curate, the layer of an export) are in `cli/team.rs`.

mod bench;
mod report;
mod team;

pub use bench::BenchCommand;
use bench::bench;
pub use report::stats;
use report::{stats_table, timeline, with_view_stats};

use crate::edit::History;
use crate::formats::Outcome;
use crate::model::{Layer, Schema};
use crate::session::{self, OpenOptions, Session};
use crate::store::{self, ProjectFolder, import};
use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Weft: annotate entities, events and cross-document links in source texts.
#[derive(Debug, Parser)]
#[command(name = "weft", version, about, long_about = None, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Project folder to open in the workbench (default: the last project, or the demo).
    pub project: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new, empty project folder with the default schema.
    New {
        /// Folder to create (must not already hold a project).
        dir: PathBuf,
        /// Project name (default: the folder's name).
        #[arg(long)]
        name: Option<String>,
        /// Who is annotating (default: the preferences, then $USER/$USERNAME).
        #[arg(long)]
        annotator: Option<String>,
    },
    /// Add texts to a project: .txt, Markdown (.md), HTML (.html, .htm), Word (.docx) and PDF
    /// with a text layer, or every such file of a folder. Markup is removed and paragraphs
    /// kept; the original of a converted file is kept in the project's originals/ folder and
    /// what the text leaves out (images, footnotes…) is reported.
    Add {
        /// The project folder.
        project: PathBuf,
        /// Files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Who is annotating (default: the preferences, then $USER/$USERNAME).
        #[arg(long)]
        annotator: Option<String>,
    },
    /// Check a project: format, text hashes, offsets, ids, references, types.
    Validate {
        /// The project folder.
        project: PathBuf,
    },
    /// After source texts were edited outside Weft: move each mention to its quote in the new
    /// text (unique matches move; the rest are kept for review) and save.
    Reanchor {
        /// The project folder.
        project: PathBuf,
        /// Who is annotating (default: the preferences, then $USER/$USERNAME).
        #[arg(long)]
        annotator: Option<String>,
    },
    /// Export a project: Weft JSON (default), another tool's format, or the entity–event graph
    /// as GraphML or GEXF (see docs/formats.md and docs/timeline.md).
    Export {
        /// The project folder.
        project: PathBuf,
        /// Output file (`-` for standard output); a folder for formats with several files (brat).
        #[arg(short, long)]
        output: PathBuf,
        /// The format to write.
        #[arg(long, default_value = "weft", value_parser = clap::builder::PossibleValuesParser::new(crate::formats::catalog::keys(false)))]
        format: String,
        /// A format option as key=value, repeatable (e.g. `--option scheme=bioes` for conll);
        /// the options of each format are listed in docs/formats.md.
        #[arg(long = "option", value_name = "KEY=VALUE")]
        options: Vec<String>,
        /// brat: the relation type written on `*` (equivalence) lines (same as
        /// `--option equiv_type=…`; default: the one the brat import used, else Equiv).
        #[arg(long)]
        equiv_type: Option<String>,
        /// Weft JSON without indentation or line breaks: the same value in about half the
        /// bytes (same as `--option compact=yes`).
        #[arg(long)]
        compact: bool,
        /// Also write the report (what the format cannot express) as JSON to this file.
        #[arg(long)]
        report: Option<PathBuf>,
        /// The layer to export: an annotator's name or `curation` (default: curation when it
        /// exists, else the only annotator's layer).
        #[arg(long)]
        layer: Option<String>,
    },
    /// Import annotations (and their texts) from another tool's format into a project.
    ///
    /// Exit codes: 0 imported cleanly; 1 imported with errors (refused input is listed in the
    /// report, the rest was saved); 2 nothing could be imported (nothing was written), or the
    /// command failed.
    Import {
        /// The project folder.
        project: PathBuf,
        /// The format to read.
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::formats::catalog::keys(true)))]
        format: String,
        /// Input files or folders (brat: folders of .txt + .ann, and annotation.conf).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// A format option as key=value, repeatable.
        #[arg(long = "option", value_name = "KEY=VALUE")]
        options: Vec<String>,
        /// Also write the report (problems by file and line) as JSON to this file.
        #[arg(long)]
        report: Option<PathBuf>,
        /// Read and report, but do not change the project.
        #[arg(long)]
        dry_run: bool,
        /// Whose layer the imported annotations go to (default: the preferences, then
        /// $USER/$USERNAME).
        #[arg(long)]
        annotator: Option<String>,
    },
    /// Show who is annotating, or set it in the preferences (`weft annotator "Ana López"`).
    Annotator {
        /// The annotator's name to save.
        name: Option<String>,
    },
    /// List the layers of a project (annotators and curation) with what each holds.
    Layers {
        /// The project folder.
        project: PathBuf,
    },
    /// Inter-annotator agreement of the project's layers (see docs/team.md): spans, κ and α,
    /// relations, arguments, clusters (MUC, B³, CEAF-e, CoNLL), per document and pair.
    Agreement {
        /// The project folder.
        project: PathBuf,
        /// The annotators to compare, comma-separated (default: every annotator's layer).
        #[arg(long)]
        annotators: Option<String>,
        /// Print the JSON report.
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Print one CSV row per number.
        #[arg(long)]
        csv: bool,
    },
    /// Pre-merge into the curation layer what the annotators agree on, as one step.
    Curate {
        /// The project folder.
        project: PathBuf,
        /// `agree`: what every annotator has; `majority`: what more than half have.
        #[arg(long, value_parser = ["agree", "majority"])]
        auto: String,
        /// The annotators to compare, comma-separated (default: every annotator's layer).
        #[arg(long)]
        annotators: Option<String>,
        /// Who curates (default: the preferences, then $USER/$USERNAME).
        #[arg(long)]
        annotator: Option<String>,
    },
    /// Print counts: documents, mentions per type, entities, events, relations, arguments,
    /// external ids and rejected suggestions; with --json also the statistics window's
    /// figures (mentions per type per document, entities and events by number of documents,
    /// annotation density along each document, progress per annotator) under "views".
    Stats {
        /// The project folder.
        project: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// The timeline of events (see docs/timeline.md): one line or object per event with its
    /// type, EDTF values, earliest and latest day, documents, mention ids and texts; events
    /// without a time come after, with the nearest date of their sentence as a suggestion.
    #[command(group(clap::ArgGroup::new("timeline_format").required(true).args(["csv", "json"])))]
    Timeline {
        /// The project folder.
        project: PathBuf,
        /// CSV (RFC 4180, CRLF line ends) for spreadsheets.
        #[arg(long)]
        csv: bool,
        /// JSON (`"format": "weft-timeline"`) for programs.
        #[arg(long)]
        json: bool,
        /// Write to this file (replaced atomically) instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Print the JSON Schema of the export format.
    ExportSchema,
    /// Speed at scale: generate synthetic projects and measure (see docs/performance.md).
    #[command(subcommand)]
    Bench(BenchCommand),
}

/// Prints a format report to standard error and optionally writes it as JSON.
fn emit_report(report: &crate::formats::Report, json_path: Option<&std::path::Path>) -> Result<()> {
    eprint!("{report}");
    if let Some(p) = json_path {
        let text = serde_json::to_string_pretty(report)? + "\n";
        store::atomic::write_atomic(p, text.as_bytes())
            .with_context(|| format!("cannot write {}", p.display()))?;
    }
    Ok(())
}

/// The catalogue entry of a `--format` value (clap has already checked it).
fn format_info(key: &str) -> Result<&'static crate::formats::FormatInfo> {
    crate::formats::by_key(key).with_context(|| format!("unknown format '{key}'"))
}

/// Loads a project to read it (no lock: nothing is written).
fn load(path: &std::path::Path) -> Result<(crate::model::Project, ProjectFolder)> {
    ProjectFolder::load(path).map_err(|e| anyhow::anyhow!("{e}"))
}

/// Opens a project to change it: through a session, which takes the project's lock first. A
/// project open in another Weft is refused with a message naming the lock and its holder,
/// before anything is read or written. The session edits `annotator`'s layer; a project in
/// an older layout says it will be migrated.
fn open_for_writing(
    path: &std::path::Path,
    reanchor: bool,
    annotator: &Layer,
) -> Result<session::Opened> {
    let opened = Session::open(
        path,
        OpenOptions {
            reanchor,
            author: annotator.as_str().to_string(),
        },
    )
    .map_err(|e| match e {
        session::OpenError::Locked(_) => anyhow::anyhow!(
            "{e}\nClose the project there first: two programs writing one project would overwrite each other's work. Nothing was changed."
        ),
        e => anyhow::anyhow!("{e}"),
    })?;
    if let Some(m) = &opened.notes.migrated {
        eprintln!("note: {}: {m}", path.display());
    }
    Ok(opened)
}

/// Saves a session and prints its warnings.
fn save(s: &mut Session) -> Result<()> {
    s.save()?;
    for w in s.take_warnings() {
        eprintln!("warning: {w}");
    }
    Ok(())
}

/// Runs a subcommand; returns the process exit code.
pub fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::New {
            dir,
            name,
            annotator,
        } => new(&dir, name, &team::annotator(annotator.as_deref())?)?,
        Command::Add {
            project: path,
            paths,
            annotator,
        } => add(&path, &paths, &team::annotator(annotator.as_deref())?)?,
        Command::Reanchor {
            project: path,
            annotator,
        } => reanchor(&path, &team::annotator(annotator.as_deref())?)?,
        Command::Validate { project: path } => return Ok(validate(&path)),
        Command::Export {
            project: path,
            output,
            format,
            options,
            equiv_type,
            compact,
            report,
            layer,
        } => {
            let mut options = crate::formats::parse_options(&options)?;
            if let Some(e) = equiv_type {
                options.insert("equiv_type".into(), e);
            }
            if compact {
                options.insert("compact".into(), "yes".into());
            }
            let request = ExportRequest {
                output: &output,
                format: &format,
                options: &options,
                report: report.as_deref(),
                layer: layer.as_deref(),
            };
            export(&path, &request)?
        }
        Command::Import {
            project: path,
            format,
            inputs,
            options,
            report,
            dry_run,
            annotator,
        } => {
            let options = crate::formats::parse_options(&options)?;
            let request = ImportRequest {
                inputs: &inputs,
                format: &format,
                options: &options,
                report: report.as_deref(),
            };
            let outcome = if dry_run {
                import_dry_run(&path, &request)?
            } else {
                import_into(&path, &request, &team::annotator(annotator.as_deref())?)?
            };
            return Ok(ExitCode::from(outcome.exit_code()));
        }
        Command::Annotator { name } => team::annotator_command(name.as_deref())?,
        Command::Layers { project } => team::layers_command(&project)?,
        Command::Agreement {
            project,
            annotators,
            json,
            csv,
        } => {
            let format = team::ReportFormat::from_flags(json, csv);
            team::agreement_command(&project, annotators.as_deref(), format)?
        }
        Command::Curate {
            project,
            auto,
            annotators,
            annotator,
        } => {
            let mode = team::auto_mode(&auto);
            let curator = team::annotator(annotator.as_deref())?;
            let mut s = open_for_writing(&project, false, &curator)?.session;
            team::curate_command(&mut s, mode, annotators.as_deref())?;
            save(&mut s)?
        }
        Command::Stats {
            project: path,
            json,
        } => {
            let (project, _) = load(&path)?;
            let stats = stats(&project);
            if json {
                let stats = with_view_stats(stats, &project)?;
                println!("{}", serde_json::to_string_pretty(&stats)?);
            } else {
                print!("{}", stats_table(&stats));
            }
        }
        Command::Timeline {
            project: path,
            csv,
            json: _,
            output,
        } => timeline(&path, csv, output.as_deref())?,
        Command::ExportSchema => print!("{}", crate::formats::weft_json::SCHEMA),
        Command::Bench(b) => bench(b)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `weft new`: an empty project with the default schema.
fn new(dir: &Path, name: Option<String>, annotator: &Layer) -> Result<()> {
    if ProjectFolder::project_root_of(dir).is_some() {
        bail!("{}: a project already exists here", dir.display());
    }
    let name = name.unwrap_or_else(|| {
        dir.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Untitled".into())
    });
    Session::create(dir, &name, Schema::default_news(), annotator.as_str())?;
    println!("created project '{name}' in {}", dir.display());
    Ok(())
}

/// `weft add`: text files (or every .txt of folders), one step, under the lock.
fn add(path: &Path, paths: &[PathBuf], annotator: &Layer) -> Result<()> {
    let files = import::collect_text_files(paths)?;
    if files.is_empty() {
        bail!(
            "no texts (.txt, .md, .html, .docx, .pdf) found in {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let mut s = open_for_writing(path, false, annotator)?.session;
    add_texts(&mut s, &files)?;
    save(&mut s)
}

/// `weft reanchor`: moves mentions of changed texts to their quotes, under the lock.
fn reanchor(path: &Path, annotator: &Layer) -> Result<()> {
    let opened = open_for_writing(path, true, annotator)?;
    let mut s = opened.session;
    if opened.notes.reanchored.is_empty() {
        println!(
            "{}: no source text has changed; nothing to do",
            path.display()
        );
        return Ok(());
    }
    for r in &opened.notes.reanchored {
        println!(
            "{}: {} moved, {} unchanged, {} need review",
            r.document, r.moved, r.unchanged, r.needs_review
        );
    }
    for item in s.project().review_items() {
        println!(
            "  needs review: {} '{}' (after '{}')",
            item.type_key, item.quote, item.prefix
        );
    }
    save(&mut s)
}

/// `weft validate`: exit 1 and the problems (naming their files) when the project is broken.
fn validate(path: &Path) -> ExitCode {
    match ProjectFolder::load(path) {
        Ok((project, _)) => {
            println!(
                "{}: OK ({} documents, {} mentions, {} entities/events, {} relations, {} arguments)",
                path.display(),
                project.documents().len(),
                project.mentions().count(),
                project.clusters().count(),
                project.relations().count(),
                project.arguments().count()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// What `weft export` was asked to write.
struct ExportRequest<'a> {
    output: &'a Path,
    format: &'a str,
    options: &'a crate::formats::Options,
    report: Option<&'a Path>,
    /// The layer (see [`team::export_layer`]).
    layer: Option<&'a str>,
}

/// `weft export`: one layer, to a file, a folder, or standard output (`-`).
fn export(path: &Path, r: &ExportRequest<'_>) -> Result<()> {
    let (all, _) = load(path)?;
    let layer = team::export_layer(&all, r.layer)?;
    let project = all.project_layer(&layer);
    let (output, options, report) = (r.output, r.options, r.report);
    let info = format_info(r.format)?;
    let mut progress = |_: usize, _: usize| {};
    let rep = if output.as_os_str() == "-" {
        let export = crate::formats::catalog::export(
            &project,
            info.id,
            options,
            chrono::Utc::now(),
            &mut progress,
        )?;
        for f in &export.files {
            print!("{}", f.contents);
        }
        export.report
    } else {
        let rep = crate::formats::run_export(&project, info.id, options, output, &mut progress)?;
        eprintln!(
            "exported the layer of {layer} of {} to {} ({})",
            path.display(),
            output.display(),
            info.name
        );
        rep
    };
    emit_report(&rep, report)
}

/// What `weft import` was asked to read.
struct ImportRequest<'a> {
    inputs: &'a [PathBuf],
    format: &'a str,
    options: &'a crate::formats::Options,
    report: Option<&'a Path>,
}

/// `weft import --dry-run`: nothing is written, so the project is read without taking its
/// lock, and the import is only checked to apply.
fn import_dry_run(path: &Path, r: &ImportRequest<'_>) -> Result<Outcome> {
    let info = format_info(r.format)?;
    let (mut project, _) = load(path)?;
    let import = crate::formats::run_import(
        r.inputs,
        info.id,
        &project,
        r.options,
        &mut crate::idgen::RandomIds,
        &mut |_, _| {},
    )?;
    let outcome = import.outcome();
    if outcome == Outcome::Nothing {
        return nothing_imported(&import.report, r.report);
    }
    let dated = crate::temporal::with_proposed_dates(&project, import.edit)
        .context("the import's dates could not be proposed")?;
    History::new()
        .apply(&mut project, dated.edit, "import")
        .context("the import could not be applied")?;
    emit_report(&import.report, r.report)?;
    eprintln!("dry run: the project was not changed");
    Ok(outcome)
}

/// `weft import`: one undoable step in a session, under the lock, then saved. Exits 0 when
/// clean, 1 when some input was refused (the rest is saved), 2 when nothing could be imported
/// (nothing is written).
fn import_into(path: &Path, r: &ImportRequest<'_>, annotator: &Layer) -> Result<Outcome> {
    let info = format_info(r.format)?;
    let mut s = open_for_writing(path, false, annotator)?.session;
    let import = crate::formats::run_import(
        r.inputs,
        info.id,
        s.project(),
        r.options,
        &mut crate::idgen::RandomIds,
        &mut |_, _| {},
    )?;
    let outcome = import.outcome();
    if outcome == Outcome::Nothing {
        return nothing_imported(&import.report, r.report);
    }
    // Dates are proposed for the imported date mentions in the same undo step.
    let dated = crate::temporal::with_proposed_dates(s.project(), import.edit)
        .context("the import's dates could not be proposed")?;
    s.apply(dated.edit, format!("import {}", import.report.operation))
        .context("the import could not be applied")?;
    emit_report(&import.report, r.report)?;
    save(&mut s)?;
    if dated.proposed > 0 {
        eprintln!(
            "proposed a date (EDTF) for {} date mention(s)",
            dated.proposed
        );
    }
    eprintln!("imported into {}", path.display());
    Ok(outcome)
}

/// The report of an import that brought in nothing, and its outcome (the project is untouched).
fn nothing_imported(
    report: &crate::formats::Report,
    report_path: Option<&Path>,
) -> Result<Outcome> {
    emit_report(report, report_path)?;
    eprintln!("error: nothing could be imported; the project was not changed");
    Ok(Outcome::Nothing)
}

/// Adds text files to a session as one undoable step (as File > Add texts does), printing
/// what was added. A file that cannot be read fails the command before anything is added.
pub fn add_texts(s: &mut Session, files: &[PathBuf]) -> Result<()> {
    let added = s.add_text_files(files, chrono::Utc::now())?;
    if !added.problems.is_empty() {
        // The command fails before its save: the project on disk stays as it was.
        bail!("{}", added.problems.join("\n"));
    }
    for n in &added.notices {
        eprintln!("note: {n}");
    }
    for (file, name) in &added.added {
        println!("added {} as '{name}'", file.display());
    }
    Ok(())
}

/// The one line printed for a command's error: the error and its causes joined by ": ", each
/// cause left out when the message before it already says it (many errors include their
/// cause's text, and printing the chain would repeat it).
pub fn error_message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

#[cfg(test)]
mod error_message_tests {
    use super::error_message;

    #[test]
    fn a_cause_the_message_already_names_is_printed_once() {
        let io = std::io::Error::other("No space left on device");
        let e = anyhow::Error::new(crate::store::SaveError {
            file: "p/links.json".into(),
            source: io,
        })
        .context("the project was not saved");
        assert_eq!(
            error_message(&e),
            "the project was not saved: cannot save p/links.json: No space left on device"
        );
    }

    #[test]
    fn causes_not_in_the_message_are_kept() {
        let e = anyhow::anyhow!("inner").context("outer");
        assert_eq!(error_message(&e), "outer: inner");
    }
}
