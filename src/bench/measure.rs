//! The measurements behind `weft bench run` and `weft bench open`: a headless workbench,
//! scrolling frames, opening, autosave, export and tag-all on generated projects, each timed
//! on the real code.
//!
//! What each row measures:
//! - **frame**: the real [`WeftApp`] on a one-document project, driven headless through
//!   `egui::Context::run_ui` while the mouse wheel scrolls the text; CPU time of the UI thread
//!   per frame (`CLOCK_THREAD_CPUTIME_ID`) covering `logic`, `ui` and tessellation.
//! - **open**: a child process (`weft bench open`) builds the workbench on the big project and
//!   draws its first frame; its own clock and its peak resident memory (VmHWM) are reported.
//! - **autosave**: one tag through [`History`] on the open big project, then the save the
//!   autosave would make (undone and saved again afterwards, so the cached project stays as
//!   generated).
//! - **export**: the Weft JSON export of the big project to a file.
//! - **tag-all**: searching the corpus for a word with 10,000 hits and applying one
//!   [`Edit::Batch`] of 10,000 `InsertMention`s through [`History`] (the equivalent of
//!   tag-all until `edit::ops::tag_all` exists on this branch).

use super::corpus::{self, GenSpec};
use super::{peak_rss_bytes, thread_cpu_secs};
use crate::edit::{Edit, History};
use crate::model::{Mention, MentionId, TextRange};
use crate::store::ProjectFolder;
use crate::ui::dialogs::ScriptedDialogs;
use crate::ui::{Startup, WeftApp};
use anyhow::{Context, Result, bail};

use std::path::{Path, PathBuf};
use std::time::Instant;

/// How to run the benchmark.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// Small sizes (a tenth or less) for a quick look; targets are shown but not meaningful.
    pub quick: bool,
    /// Where to write the report (`None`: only print).
    pub out: Option<PathBuf>,
    /// Folder for generated projects (reused between runs).
    pub cache: PathBuf,
    /// Only these groups of rows ([`ROW_GROUPS`]); empty: all.
    pub only: Vec<String>,
}

/// The groups of rows `weft bench run --only` selects from.
pub const ROW_GROUPS: [&str; 8] = [
    "peers", "frame", "open", "save", "export", "tag-all", "views", "team",
];

impl RunOptions {
    /// Whether the rows of `group` are measured.
    pub fn wants(&self, group: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|g| g == group)
    }
}

/// One measured figure.
#[derive(Clone, Debug)]
pub struct Row {
    pub figure: String,
    pub measured: String,
    pub target: String,
    pub pass: bool,
    /// Why it missed and what would fix it (empty when it passed).
    pub note: String,
}

/// Frame times of one scrolling session.
#[derive(Clone, Copy, Debug)]
pub struct FrameFigures {
    pub median_ms: f64,
    pub p99_ms: f64,
    pub frames: usize,
    /// Galleys laid out over the measured frames (cache misses).
    pub laid_out: usize,
    /// Of those, the paragraphs the bidi engine laid out.
    pub engine_laid_out: usize,
}

/// What `weft bench open` reports.
#[derive(Clone, Copy, Debug, serde::Serialize, serde::Deserialize)]
pub struct OpenFigures {
    /// Building the workbench: with a progressive open, reading and checking the first
    /// document on its own ([`crate::store::ProjectFolder::load_preview`]).
    pub open_ms: f64,
    /// The first frame after that (layout, painting, tessellation).
    pub first_frame_ms: f64,
    /// From the start to the session installed: the whole project loaded, every check run,
    /// editing possible.
    pub editable_ms: f64,
    pub peak_rss_bytes: u64,
    /// Mentions of the project, and of the document the first frame showed.
    pub mentions: usize,
    pub shown_mentions: usize,
}

pub(super) fn ms(secs: f64) -> f64 {
    secs * 1000.0
}

pub(super) fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// A headless workbench on a project, with its own egui context.
pub struct HeadlessApp {
    pub ctx: egui::Context,
    pub app: WeftApp,
    frame: eframe::Frame,
    time: f64,
    size: egui::Vec2,
}

impl HeadlessApp {
    /// Builds the real app on `project`, opened in full before this returns.
    pub fn open(project: &Path, size: egui::Vec2) -> Self {
        Self::open_with(project, size, false)
    }

    /// Builds the real app on `project`, opened progressively as the workbench window opens
    /// it ([`Startup::progressive`]) or in full.
    pub fn open_with(project: &Path, size: egui::Vec2, progressive: bool) -> Self {
        let ctx = egui::Context::default();
        let cc = eframe::CreationContext::_new_kittest(ctx.clone());
        let startup = Startup {
            project: Some(project.to_path_buf()),
            dialogs: Box::new(ScriptedDialogs::new()),
            open_default: false,
            author: Some(super::corpus::BENCH_ANNOTATOR.into()),
            preferences: None,
            login: None,
            progressive,
        };
        let app = WeftApp::new(&cc, startup);
        Self {
            ctx,
            app,
            frame: eframe::Frame::_new_kittest(),
            time: 0.0,
            size,
        }
    }

    /// Runs one frame with `events`: `logic`, `ui` and tessellation, as eframe would.
    pub fn frame(&mut self, events: Vec<egui::Event>) {
        self.time += 1.0 / 60.0;
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, self.size)),
            time: Some(self.time),
            predicted_dt: 1.0 / 60.0,
            events,
            ..Default::default()
        };
        let (app, frame) = (&mut self.app, &mut self.frame);
        let out = self.ctx.run_ui(input, |ui| {
            eframe::App::logic(app, ui.ctx(), frame);
            eframe::App::ui(app, ui, frame);
        });
        let mut out = out;
        let prims = self
            .ctx
            .tessellate(std::mem::take(&mut out.shapes), out.pixels_per_point);
        std::hint::black_box(prims);
        // No GPU here: the font atlas updates a renderer would upload are dropped.
        std::hint::black_box(&out.textures_delta);
        out.textures_delta.clear();
    }
}

/// Scrolls the open document with the mouse wheel for `frames` frames and times each frame.
pub fn scroll_frames(project: &Path, frames: usize) -> Result<FrameFigures> {
    let size = egui::vec2(1280.0, 800.0);
    let mut h = HeadlessApp::open(project, size);
    if h.app.project().is_none() {
        bail!(
            "the workbench could not open {}: {:?}",
            project.display(),
            h.app.messages()
        );
    }
    let centre = egui::pos2(size.x / 2.0, size.y / 2.0);
    for _ in 0..10 {
        h.frame(vec![egui::Event::PointerMoved(centre)]);
    }
    let before = h.app.view_stats().galleys_laid_out_since_open;
    let engine_before = h.app.view_stats().engine_laid_out_since_open;
    let mut times = Vec::with_capacity(frames);
    for i in 0..frames {
        // Down most of the way, with a few jumps back up, as a reader does.
        let dy = if i % 97 == 96 { 2400.0 } else { -90.0 };
        let wheel = egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, dy),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        };
        let t = thread_cpu_secs();
        h.frame(vec![egui::Event::PointerMoved(centre), wheel]);
        times.push(ms(thread_cpu_secs() - t));
    }
    let laid_out = h.app.view_stats().galleys_laid_out_since_open - before;
    let engine_laid_out = h.app.view_stats().engine_laid_out_since_open - engine_before;
    times.sort_by(f64::total_cmp);
    Ok(FrameFigures {
        median_ms: percentile(&times, 0.5),
        p99_ms: percentile(&times, 0.99),
        frames,
        laid_out,
        engine_laid_out,
    })
}

/// `weft bench open`: builds the workbench on `project` as the window does (progressively),
/// draws the first frame, then waits until the whole project is loaded and checked.
pub fn open_figures(project: &Path) -> Result<OpenFigures> {
    let t = Instant::now();
    let mut h = HeadlessApp::open_with(project, egui::vec2(1280.0, 800.0), true);
    let open_ms = ms(t.elapsed().as_secs_f64());
    let Some(shown) = h.app.shown_project() else {
        bail!(
            "the workbench could not open {}: {:?}",
            project.display(),
            h.app.messages()
        );
    };
    let shown_mentions = shown.mention_total();
    let t1 = Instant::now();
    h.frame(Vec::new());
    let first_frame_ms = ms(t1.elapsed().as_secs_f64());
    h.app.finish_opening();
    let editable_ms = ms(t.elapsed().as_secs_f64());
    let Some(p) = h.app.project() else {
        bail!(
            "the workbench could not open {}: {:?}",
            project.display(),
            h.app.messages()
        );
    };
    Ok(OpenFigures {
        open_ms,
        first_frame_ms,
        editable_ms,
        peak_rss_bytes: peak_rss_bytes().unwrap_or(0),
        mentions: p.mention_total(),
        shown_mentions,
    })
}

pub(super) fn folder_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    let Ok(rd) = std::fs::read_dir(dir) else {
        return 0;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n == ".weft") {
                continue;
            }
            total += folder_bytes(&p);
        } else if let Ok(m) = e.metadata() {
            total += m.len();
        }
    }
    total
}

/// The project for `spec` under `cache`, generated on first use.
pub(super) fn cached(cache: &Path, spec: &GenSpec) -> Result<PathBuf> {
    cached_with(cache, spec, false)
}

/// The project for `spec` with a second annotator's layer ([`super::layers`]).
pub(super) fn cached_two_layers(cache: &Path, spec: &GenSpec) -> Result<PathBuf> {
    cached_with(cache, spec, true)
}

fn cached_with(cache: &Path, spec: &GenSpec, second: bool) -> Result<PathBuf> {
    let key = format!(
        "d{}-mb{}-m{}-s{}{}-v{}{}",
        spec.docs,
        spec.megabytes,
        spec.mentions,
        spec.seed,
        if spec.rtl { "-rtl" } else { "" },
        env!("CARGO_PKG_VERSION"),
        if second { "-two-layers" } else { "" }
    );
    let dir = cache.join(&key);
    let done = cache.join(format!("{key}.done"));
    if done.is_file() && dir.join(crate::store::files::MANIFEST).is_file() {
        return Ok(dir);
    }
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| format!("cannot clear {}", dir.display()))?;
    }
    std::fs::create_dir_all(cache).with_context(|| format!("cannot create {}", cache.display()))?;
    eprintln!("generating {key} …");
    let t = Instant::now();
    let s = corpus::generate(spec, &dir)?;
    eprintln!(
        "  {} documents, {:.1} MB of text, {} mentions, {} clusters, {} relations, {} arguments in {:.1} s",
        s.documents,
        s.text_bytes as f64 / 1e6,
        s.mentions,
        s.clusters,
        s.relations,
        s.arguments,
        t.elapsed().as_secs_f64()
    );
    if second {
        let l = super::layers::add_second_layer(&dir, "second", spec.seed)?;
        eprintln!("  second layer: {l:?}");
    }
    std::fs::write(&done, format!("{s:?}\n"))
        .with_context(|| format!("cannot write {}", done.display()))?;
    Ok(dir)
}

/// Times one tag and the save that follows it; undoes and saves again afterwards.
pub(super) fn autosave_ms(project_dir: &Path) -> Result<SaveFigures> {
    let (mut project, mut folder) = ProjectFolder::load(project_dir)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("loading the big project")?;
    let mut history = History::new();
    let mut times = Vec::new();
    let mut floor = Vec::new();
    let mut rendered = 0;
    for k in 0..5 {
        let n = project.documents().len();
        let doc = project.documents()[(k * 7919) % n].clone();
        // A word near the middle of the document that no mention starts at.
        let text = doc.text();
        let mut at = text.len() / 2;
        while !text.is_char_boundary(at) {
            at += 1;
        }
        let end = text[at..]
            .char_indices()
            .nth(5)
            .map(|(i, _)| at + i)
            .unwrap_or(text.len());
        let range = TextRange::new(text, at, end)?;
        let (edit, label) = crate::edit::ops::tag(
            &project,
            crate::idgen::mention_id(),
            &doc.id,
            vec![range],
            "PERSON",
            "bench",
            chrono::Utc::now(),
        )?;
        history.apply(&mut project, edit, label)?;
        let t = Instant::now();
        let report = folder.save(&project)?;
        times.push(ms(t.elapsed().as_secs_f64()));
        rendered = rendered.max(report.rendered.len());
        history.mark_saved();
        // The floor: one atomic write (temp file, fsync, rename, folder fsync) of that file.
        if let Some(rel) = report.written.first() {
            let bytes = std::fs::read(project_dir.join(rel))?;
            let probe = project_dir.join(".weft").join("bench-write-probe.json");
            let t = Instant::now();
            crate::store::atomic::write_atomic(&probe, &bytes)?;
            floor.push(ms(t.elapsed().as_secs_f64()));
            std::fs::remove_file(&probe)?;
        }
    }
    while history.undo(&mut project)?.is_some() {}
    folder.save(&project)?;
    times.sort_by(f64::total_cmp);
    floor.sort_by(f64::total_cmp);
    Ok(SaveFigures {
        median_ms: percentile(&times, 0.5),
        max_ms: times[times.len() - 1],
        rendered,
        write_floor_ms: percentile(&floor, 0.5),
    })
}

/// What the autosave measurement found.
pub(super) struct SaveFigures {
    pub median_ms: f64,
    pub max_ms: f64,
    /// Files rendered per save (the edited document's annotations and the manifest at most).
    pub rendered: usize,
    /// Median time of one bare atomic write of the same file (the disk's share).
    pub write_floor_ms: f64,
}

/// One export of the big project to a file.
#[derive(Clone, Copy, Debug)]
pub(super) struct ExportFigures {
    pub ms: f64,
    pub bytes: u64,
}

/// The export of the big project to a file, as `weft export` writes it (formatted on all
/// cores, streamed to a file replaced atomically and flushed to disk), pretty and compact;
/// and the number of mentions.
pub(super) fn export_ms(
    project_dir: &Path,
    scratch: &Path,
) -> Result<(ExportFigures, ExportFigures, usize)> {
    use crate::formats::{files::write_weft_json, weft_json::Layout};
    let (project, _) = ProjectFolder::load(project_dir)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("loading the big project")?;
    let out = scratch.join("export.json");
    let one = |layout: Layout| -> Result<ExportFigures> {
        let t = Instant::now();
        write_weft_json(&project, chrono::Utc::now(), layout, &out)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", out.display()))?;
        let ms = ms(t.elapsed().as_secs_f64());
        let bytes = std::fs::metadata(&out)?.len();
        std::fs::remove_file(&out)?;
        Ok(ExportFigures { ms, bytes })
    };
    let pretty = one(Layout::Pretty)?;
    let compact = one(Layout::Compact)?;
    Ok((pretty, compact, project.mentions().count()))
}

/// Search for a word with at least `hits` occurrences and tag them all in one batch.
pub(super) fn tag_all_ms(project_dir: &Path, hits: usize) -> Result<(f64, f64, usize)> {
    let (mut project, _) = ProjectFolder::load(project_dir)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("loading the big project")?;
    let t = Instant::now();
    // The search: whole-word occurrences of a frequent function word, across the corpus.
    let needle = "the";
    let mut found: Vec<(crate::model::DocId, TextRange)> = Vec::new();
    'docs: for doc in project.documents() {
        let text = doc.text();
        for (i, _) in text.match_indices(needle) {
            let end = i + needle.len();
            let before = text[..i].chars().next_back();
            let after = text[end..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            found.push((doc.id.clone(), TextRange::new(text, i, end)?));
            if found.len() == hits {
                break 'docs;
            }
        }
    }
    let search_ms = ms(t.elapsed().as_secs_f64());
    let now = chrono::Utc::now();
    let edits: Vec<Edit> = found
        .into_iter()
        .map(|(doc, r)| {
            Edit::InsertMention(Mention {
                layer: Default::default(),
                id: crate::idgen::mention_id(),
                doc,
                type_key: "ORG".into(),
                fragments: smallvec::smallvec![r],
                attributes: Default::default(),
                note: String::new(),
                cluster: None,
                author: "bench".into(),
                created: now,
                modified: now,
            })
        })
        .collect();
    let n = edits.len();
    let mut history = History::new();
    history.apply(
        &mut project,
        Edit::Batch(edits),
        format!("tag all '{needle}'"),
    )?;
    let total = ms(t.elapsed().as_secs_f64());
    std::hint::black_box(project.mention(&MentionId::new("m_none")));
    Ok((total, search_ms, n))
}

/// Runs `weft bench open PROJECT --json` in a child process (a clean peak-memory figure).
pub(super) fn open_in_child(project: &Path) -> Result<OpenFigures> {
    let exe = std::env::current_exe().context("cannot find the weft executable")?;
    let out = std::process::Command::new(exe)
        .args(["bench", "open", "--json"])
        .arg(project)
        .output()
        .context("cannot run `weft bench open`")?;
    if !out.status.success() {
        bail!(
            "`weft bench open` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    serde_json::from_slice(&out.stdout).context("`weft bench open` printed no figures")
}

/// The sizes measured.
pub struct Sizes {
    pub frame_small: GenSpec,
    pub frame_large: GenSpec,
    /// Right-to-left texts of the small frame size (the bidi engine's path).
    pub frame_rtl: GenSpec,
    pub big: GenSpec,
    /// Two layers of this size disagree a little over 10,000 times (the curation rows; the
    /// quick sizes about 8,000).
    pub curation: GenSpec,
    pub tag_all_hits: usize,
    pub frames: usize,
}

impl Sizes {
    pub fn new(quick: bool) -> Self {
        let spec = |docs, megabytes, mentions| GenSpec {
            docs,
            megabytes,
            mentions,
            seed: 6,
            rtl: false,
        };
        let rtl = |s: GenSpec| GenSpec { rtl: true, ..s };
        if quick {
            Sizes {
                frame_small: spec(1, 0.1, 2_000),
                frame_rtl: rtl(spec(1, 0.1, 2_000)),
                frame_large: spec(1, 1.0, 20_000),
                big: spec(100, 5.0, 100_000),
                curation: spec(100, 5.0, 100_000),
                tag_all_hits: 1_000,
                frames: 120,
            }
        } else {
            Sizes {
                frame_small: spec(1, 1.0, 20_000),
                frame_rtl: rtl(spec(1, 1.0, 20_000)),
                frame_large: spec(1, 10.0, 200_000),
                big: spec(1_000, 50.0, 1_000_000),
                curation: spec(125, 6.25, 125_000),
                tag_all_hits: 10_000,
                frames: 600,
            }
        }
    }
}

pub(super) fn mb(bytes: u64) -> String {
    format!("{:.0} MB", bytes as f64 / 1e6)
}
