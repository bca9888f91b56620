//! The peers row: process start → first frame with spans drawn, on the peers' workload
//! ([`super::peers`]) imported as doccano JSONL.
//!
//! The parent ([`peers_startup`]) prepares the project once through the real command line
//! (`weft new`, then `weft import --format doccano`), then starts `weft bench open --spans
//! --json PROJECT` five times. Each child builds the workbench headless, draws frames until one
//! has drawn spans, prints its figures on one line and exits; the parent's clock runs from
//! just before the child is spawned to the moment that line arrives, so the figure includes
//! the process start (loading the binary, its libraries, `main`).

use super::measure::{HeadlessApp, ms, percentile};
use super::peak_rss_bytes;
use super::peers::{self, PeersSpec};
use anyhow::{Context, Result, bail};
use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Label Studio 1.23.2 showing the peers' task (seconds, the harness).
pub const LABEL_STUDIO_S: f64 = 85.9;
/// doccano 1.8.4: its first screen of the same task (seconds).
pub const DOCCANO_S: f64 = 8.2;

/// What `weft bench open --spans` reports about its own run.
#[derive(Clone, Copy, Debug, serde::Serialize, serde::Deserialize)]
pub struct SpansFigures {
    /// Building the workbench (load, checks, lock, first document).
    pub open_ms: f64,
    /// From the end of that to the end of the first frame that drew spans.
    pub frames_ms: f64,
    /// Frames drawn until then (1 when the first frame drew them).
    pub frames: usize,
    /// Mentions drawn in that frame.
    pub spans_drawn: usize,
    pub mentions: usize,
    pub peak_rss_bytes: u64,
}

/// The child's side: open `project`, draw frames until spans are on screen (at most 20). The
/// app is handed back so that the caller prints the figures before dropping it (freeing a
/// project's maps takes milliseconds, and dropping it releases the lock).
pub fn spans_figures(project: &Path) -> Result<(SpansFigures, HeadlessApp)> {
    let t = Instant::now();
    let mut h = HeadlessApp::open_with(project, egui::vec2(1280.0, 800.0), true);
    let open_ms = ms(t.elapsed().as_secs_f64());
    let Some(p) = h.app.shown_project() else {
        bail!(
            "the workbench could not open {}: {:?}",
            project.display(),
            h.app.messages()
        );
    };
    let mentions = p.mention_total();
    let t = Instant::now();
    let mut frames = 0;
    let spans_drawn = loop {
        h.frame(Vec::new());
        frames += 1;
        let drawn = h.app.view_stats().mentions_considered;
        if drawn > 0 || frames == 20 {
            break drawn;
        }
    };
    let f = SpansFigures {
        open_ms,
        frames_ms: ms(t.elapsed().as_secs_f64()),
        frames,
        spans_drawn,
        mentions,
        peak_rss_bytes: peak_rss_bytes().unwrap_or(0),
    };
    Ok((f, h))
}

/// The peers' project under `cache`: generated as doccano JSONL and imported into a new
/// project by the real `weft` (as a user moving from doccano would), on first use.
pub fn peers_project(cache: &Path, spec: &PeersSpec) -> Result<PathBuf> {
    let key = format!(
        "peers-b{}-s{}-seed{}-v{}",
        spec.bytes,
        spec.spans,
        spec.seed,
        env!("CARGO_PKG_VERSION")
    );
    let dir = cache.join(&key);
    let project = dir.join("project");
    let done = cache.join(format!("{key}.done"));
    if done.is_file() && project.join(crate::store::files::MANIFEST).is_file() {
        return Ok(project);
    }
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| format!("cannot clear {}", dir.display()))?;
    }
    eprintln!("generating {key} (doccano JSONL, imported with weft import) …");
    let jsonl = dir.join("peers.jsonl");
    let p = peers::write_doccano(spec, &jsonl)?;
    let who = super::corpus::BENCH_ANNOTATOR;
    weft(&[
        "new".as_ref(),
        project.as_os_str(),
        "--annotator".as_ref(),
        who.as_ref(),
    ])?;
    weft(&[
        "import".as_ref(),
        project.as_os_str(),
        "--format".as_ref(),
        "doccano".as_ref(),
        jsonl.as_os_str(),
        "--annotator".as_ref(),
        who.as_ref(),
    ])?;
    std::fs::write(
        &done,
        format!("{} bytes, {} spans\n", p.text.len(), p.spans.len()),
    )
    .with_context(|| format!("cannot write {}", done.display()))?;
    Ok(project)
}

/// Runs this `weft` binary with `args`; fails with its error output unless it exits with 0.
fn weft(args: &[&std::ffi::OsStr]) -> Result<()> {
    let exe = std::env::current_exe().context("cannot find the weft executable")?;
    let out = std::process::Command::new(exe)
        .args(args)
        .output()
        .with_context(|| format!("cannot run weft {args:?}"))?;
    if !out.status.success() {
        bail!(
            "weft {args:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

/// One child run: (process start → figures line, in ms; the child's own figures).
fn one_run(project: &Path) -> Result<(f64, SpansFigures)> {
    let exe = std::env::current_exe().context("cannot find the weft executable")?;
    let t = Instant::now();
    let mut child = std::process::Command::new(exe)
        .args(["bench", "open", "--spans", "--json"])
        .arg(project)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .context("cannot run `weft bench open --spans`")?;
    let mut line = String::new();
    let stdout = child.stdout.take().context("no standard output")?;
    std::io::BufReader::new(stdout).read_line(&mut line)?;
    let wall = ms(t.elapsed().as_secs_f64());
    let out = child.wait_with_output()?;
    if !out.status.success() {
        bail!(
            "`weft bench open --spans` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let f: SpansFigures =
        serde_json::from_str(&line).context("`weft bench open --spans` printed no figures")?;
    Ok((wall, f))
}

/// What the peers row found: the median of the runs and the child's figures of that run.
#[derive(Clone, Debug)]
pub struct PeersStartup {
    pub median_ms: f64,
    pub runs_ms: Vec<f64>,
    pub median_run: SpansFigures,
}

/// `runs` children on the peers' project (one unmeasured run first warms the file cache).
pub fn peers_startup(project: &Path, runs: usize) -> Result<PeersStartup> {
    one_run(project)?;
    let mut all = Vec::with_capacity(runs);
    for _ in 0..runs {
        all.push(one_run(project)?);
    }
    let mut sorted: Vec<f64> = all.iter().map(|r| r.0).collect();
    sorted.sort_by(f64::total_cmp);
    let median_ms = percentile(&sorted, 0.5);
    let median_run = all
        .iter()
        .find(|r| r.0 == median_ms)
        .map(|r| r.1)
        .context("no run")?;
    Ok(PeersStartup {
        median_ms,
        runs_ms: all.iter().map(|r| r.0).collect(),
        median_run,
    })
}
