//! The report: the table of figures as Markdown, the machine it ran on, and the whole
//! `docs/performance.md`.

use super::measure::Row;
use std::fmt::Write as _;

/// The table as Markdown.
pub fn table(rows: &[Row]) -> String {
    let mut s = String::from("| figure | measured | target | result |\n|---|---|---|---|\n");
    for r in rows {
        // Writing to a String cannot fail.
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            r.figure,
            r.measured,
            r.target,
            if r.pass { "pass" } else { "**miss**" }
        );
    }
    s
}

/// The whole `docs/performance.md`.
pub fn report(rows: &[Row], quick: bool) -> String {
    let mut s = String::from("# Performance\n\n");
    s.push_str(
        "Measured by `cargo run --release -- bench run`, which generates synthetic projects \
         (`weft bench gen`, deterministic for a seed) and measures the real code: the real \
         workbench driven headless for frame times, the real store for opening and saving, the \
         real exporter. This file is written by that command; run it again to refresh it.\n\n",
    );
    if quick {
        s.push_str("**Quick run: sizes are scaled down; the targets apply to the full run.**\n\n");
    }
    s.push_str(&table(rows));
    s.push_str("\n## Machine\n\n");
    for (k, v) in machine() {
        // Writing to a String cannot fail.
        let _ = writeln!(s, "- {k}: {v}");
    }
    s.push_str(
        "\nThe machine is shared: other builds ran on the same two cores during the \
         measurement, so wall-clock figures (open, save, export, tag-all) carry their noise; \
         frame figures are CPU time of the UI thread and are steadier.\n",
    );
    s.push_str("\n## How each figure is measured\n\n");
    s.push_str(
        "- **Frame CPU**: a one-document project; the real `WeftApp` runs headless \
         (`egui::Context::run_ui` with `logic` and `ui`, then `Context::tessellate`) at \
         1280×800 while mouse-wheel events scroll the text by 90 points a frame, with a jump \
         back every 97 frames. CPU time of the thread per frame (`CLOCK_THREAD_CPUTIME_ID`); \
         tessellation is included; painting on the GPU is not.\n\
         - **Open**: `weft bench open PROJECT` in a child process builds the workbench on the \
         project (load with every check, lock, first document) and draws the first frame; \
         peak memory is that process's VmHWM from `/proc/self/status`. Size on disk counts \
         texts, annotation files, links and manifest.\n\
         - **Autosave**: one tag through `History` in a random document of the loaded project, \
         then `ProjectFolder::save` (what autosave calls); five edits, median and max.\n\
         - **Export**: `formats::weft_json::export_to_writer` into a buffered file, flushed \
         and synced (the same text as `export_string`, without holding it in memory).\n\
         - **Tag-all**: a whole-word search for a frequent word across the corpus, then one \
         `Edit::Batch` of `InsertMention`s applied through `History` (one undo step). \
         `edit::ops::tag_all` (branch `linkcore`) was not on this branch when this was \
         written; the batch is what it builds.\n\
         - **Timeline and graph models**: the big project loaded once; the timeline window's \
         view model (`ui::view_model::timeline::build`, over `temporal::timeline::build`) and \
         the graph window's (`ui::view_model::graph::build`, the layout's start positions and \
         the culling scene), each the median of three runs.\n\
         - **Graph pan**: the real `WeftApp` headless at 1280×800 with the graph window open \
         on a project whose graph has about 5,000 nodes; the layout runs until it settles, \
         then the middle button drags the view 6 points a frame, back and forth; CPU time of \
         the thread per frame, as for scrolling.\n",
    );
    let missed: Vec<&Row> = rows.iter().filter(|r| !r.pass).collect();
    if !missed.is_empty() {
        s.push_str("\n## Missed targets: why, and what would fix them\n\n");
        for r in missed {
            // Writing to a String cannot fail.
            let _ = writeln!(s, "- **{}** ({}): {}\n", r.figure, r.measured, r.note);
        }
    }
    s
}

fn machine() -> Vec<(String, String)> {
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
    let cpuinfo = read("/proc/cpuinfo");
    let cpu = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get().to_string())
        .unwrap_or_else(|_| "unknown".into());
    let ram = read("/proc/meminfo")
        .lines()
        .find(|l| l.starts_with("MemTotal"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| format!("{:.1} GiB", kb / 1024.0 / 1024.0))
        .unwrap_or_else(|| "unknown".into());
    let os = read("/etc/os-release")
        .lines()
        .find(|l| l.starts_with("PRETTY_NAME="))
        .map(|l| {
            l.trim_start_matches("PRETTY_NAME=")
                .trim_matches('"')
                .to_string()
        })
        .unwrap_or_else(|| std::env::consts::OS.into());
    let kernel = read("/proc/sys/kernel/osrelease").trim().to_string();
    let rustc = std::process::Command::new("rustc")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".into());
    vec![
        ("CPU".into(), cpu),
        ("cores available".into(), cores),
        ("RAM".into(), ram),
        ("OS".into(), format!("{os} (Linux {kernel})")),
        ("rustc".into(), rustc),
        (
            "date".into(),
            chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
        ),
        (
            "build".into(),
            if cfg!(debug_assertions) {
                "debug (figures not meaningful)".into()
            } else {
                "release".into()
            },
        ),
    ]
}
