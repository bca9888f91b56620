//! The team commands of the command line: who is annotating, the layers of a project, the
//! agreement report, pre-merging into the curation layer, and the layer an export writes.

use crate::curation::AutoMode;
use crate::model::{Layer, Project};
use crate::prefs;
use crate::store::ProjectFolder;
use anyhow::{Context, Result, bail};
use std::path::Path;

/// Who is annotating, for a command that writes: `--annotator`, else the preferences, else
/// `$USER`/`$USERNAME`; stops with what to do when none names anyone.
pub fn annotator(given: Option<&str>) -> Result<Layer> {
    Ok(prefs::resolve_annotator(given)?)
}

/// `weft annotator [NAME]`: sets the name in the preferences, or shows who is annotating.
pub fn annotator_command(name: Option<&str>) -> Result<()> {
    match name {
        Some(n) => {
            let layer = prefs::set_annotator(n)?;
            println!(
                "annotator: {layer} (saved in {}); your layer's files are annotations/{}/ and links/{}.json",
                prefs::path()?.display(),
                layer.folder_name(),
                layer.folder_name()
            );
        }
        None => {
            let layer = annotator(None)?;
            println!("annotator: {layer} (folder {})", layer.folder_name());
        }
    }
    Ok(())
}

/// A comma-separated list of annotators' names, each one a layer of `project`.
fn named_layers(project: &Project, list: &str) -> Result<Vec<Layer>> {
    let mut out = Vec::new();
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let layer = Layer::parse(name)?;
        if !project.has_layer(&layer) {
            bail!(
                "the project has no layer of '{name}'; its layers are: {}",
                list_layers(project)
            );
        }
        out.push(layer);
    }
    Ok(out)
}

/// The project's layers in words, for messages.
pub fn list_layers(project: &Project) -> String {
    let names: Vec<String> = project.layers().map(|l| l.to_string()).collect();
    if names.is_empty() {
        "none (nothing is annotated yet)".into()
    } else {
        names.join(", ")
    }
}

/// The annotators' layers to compare: those named, or every annotator's (not curation).
fn compared(project: &Project, annotators: Option<&str>) -> Result<Vec<Layer>> {
    let layers = match annotators {
        Some(list) => named_layers(project, list)?,
        None => project
            .layers()
            .filter(|l| !l.is_curation())
            .cloned()
            .collect(),
    };
    if layers.len() < 2 {
        bail!(
            "agreement needs two or more annotators' layers; the project has: {}",
            list_layers(project)
        );
    }
    Ok(layers)
}

/// `weft layers`: every layer with what it holds.
pub fn layers_command(path: &Path) -> Result<()> {
    let (project, _) = ProjectFolder::load(path).map_err(|e| anyhow::anyhow!("{e}"))?;
    if project.layers().next().is_none() {
        println!("{}: no layer holds anything yet", path.display());
    }
    for l in project.layers() {
        let p = project.project_layer(l);
        println!(
            "{:<24} {:>7} mentions {:>6} entities/events {:>6} relations {:>6} arguments   (annotations/{}/)",
            l.to_string(),
            p.mention_total(),
            p.clusters().count(),
            p.relations().count(),
            p.arguments().count(),
            l.folder_name()
        );
    }
    Ok(())
}

/// How `weft agreement` prints its report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Json,
    Csv,
}

impl ReportFormat {
    /// `--json` wins over `--csv`; neither gives the text table.
    pub fn from_flags(json: bool, csv: bool) -> Self {
        match (json, csv) {
            (true, _) => ReportFormat::Json,
            (_, true) => ReportFormat::Csv,
            _ => ReportFormat::Text,
        }
    }
}

/// `weft agreement`: the report over the annotators' layers of one project.
pub fn agreement_command(
    path: &Path,
    annotators: Option<&str>,
    format: ReportFormat,
) -> Result<()> {
    let (project, _) = ProjectFolder::load(path).map_err(|e| anyhow::anyhow!("{e}"))?;
    let layers = compared(&project, annotators)?;
    let report = crate::session::agreement_report(&project, &layers)
        .context("cannot compare these layers")?;
    match format {
        ReportFormat::Text => print!("{}", report.to_text()),
        ReportFormat::Json => print!("{}", report.to_json()),
        ReportFormat::Csv => print!("{}", report.to_csv()),
    }
    Ok(())
}

/// `weft curate --auto`: pre-merges into the curation layer of the session's project what the
/// annotators agree on, as one step, and reports the disagreements left (the caller saves).
/// The `--auto` mode of `weft curate` (clap has already restricted it to `agree` or `majority`).
pub fn auto_mode(name: &str) -> AutoMode {
    if name == "agree" {
        AutoMode::Agree
    } else {
        AutoMode::Majority
    }
}

pub fn curate_command(
    s: &mut crate::session::Session,
    mode: AutoMode,
    annotators: Option<&str>,
) -> Result<()> {
    let layers = compared(s.project(), annotators)?;
    let summary = s.auto_curate(&layers, mode, chrono::Utc::now())?;
    println!("{}", summary.label);
    let d = s.disagreements(&layers)?;
    println!(
        "{} (compared: {})",
        d.progress(),
        layers
            .iter()
            .map(|l| l.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

/// The layer an export writes: `requested`, else the curation layer when there is one, else
/// the only annotator's; otherwise an error listing the layers. A project where nothing is
/// annotated exports its texts alone.
pub fn export_layer(project: &Project, requested: Option<&str>) -> Result<Layer> {
    if let Some(name) = requested {
        let layer = Layer::parse(name)?;
        if !project.has_layer(&layer) {
            bail!(
                "the project has no layer '{name}'; its layers are: {}",
                list_layers(project)
            );
        }
        return Ok(layer);
    }
    let curation = Layer::curation();
    if project.has_layer(&curation) {
        return Ok(curation);
    }
    let layers: Vec<&Layer> = project.layers().collect();
    match layers.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Ok(project.working_layer().clone()),
        _ => bail!(
            "the project has several annotators' layers and no curation layer: choose one with --layer NAME (layers: {})",
            list_layers(project)
        ),
    }
}
