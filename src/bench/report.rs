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
pub fn report(rows: &[Row], quick: bool, only: &[String]) -> String {
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
    if !only.is_empty() {
        let left: Vec<&str> = super::measure::ROW_GROUPS
            .into_iter()
            .filter(|g| !only.iter().any(|o| o == g))
            .collect();
        // Writing to a String cannot fail.
        let _ = writeln!(
            s,
            "**Partial run (`--only {}`): the rows of {} were not measured in this run.**\n",
            only.join(","),
            left.join(", ")
        );
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
         project as the window does (progressively: the first document read and checked on \
         its own), draws the first frame, then waits for the full open (every file, every \
         check, the lock) that starts on a worker after that frame; the first row is start → \
         first frame, the second start → session installed (editing possible). Peak memory is \
         that process's VmHWM from `/proc/self/status`. Size on disk counts texts, annotation \
         files, links and manifest.\n\
         - **Autosave**: one tag through `History` in a random document of the loaded project, \
         then `ProjectFolder::save` (what autosave calls); five edits, median and max.\n\
         - **Peers**: see the next section; `weft bench open --spans --json PROJECT` in a \
         child process, timed by the parent from just before the spawn to the child's line of \
         figures, so the process start (the binary, its libraries, `main`) is included; \
         median of 5.\n\
         - **Export**: `formats::files::write_weft_json` (what `weft export` and `weft \
         export --compact` run to a file: documents formatted on all cores into ordered \
         buffers, the calling thread handing them on in order, streamed into a temporary file \
         that replaces the target atomically once synced; on Linux the bytes go past the page \
         cache from a writer thread of their own); pretty (byte-identical to the \
         single-threaded `export_to_writer`, a test checks it) and compact.\n\
         - **Tag-all**: a whole-word search for a frequent word across the corpus, then one \
         `Edit::Batch` of `InsertMention`s applied through `History` (one undo step). \
         `edit::ops::tag_all` (branch `linkcore`) was not on this branch when this was \
         written; the batch is what it builds.\n\
         - **Timeline and graph models**: the big project loaded once; the timeline window's \
         view model (`ui::view_model::timeline::build`, over `temporal::timeline::build`) and \
         the graph window's (`ui::view_model::graph::build`, the layout's start positions and \
         the culling scene), each the median of three runs in wall time (each build walks the \
         mentions in two halves on two threads).\n\
         - **Graph pan**: the real `WeftApp` headless at 1280×800 with the graph window open \
         on a project whose graph has about 5,000 nodes; the layout runs until it settles, \
         then the middle button drags the view 6 points a frame, back and forth; CPU time of \
         the thread per frame, as for scrolling.\n",
    );
    s.push_str(WORKLOAD);
    s.push_str(FIRST_FRAME);
    s.push_str(PHASE_B);
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
        (
            "load average (1, 5, 15 min) when the report was written".into(),
            load_average(&read("/proc/loadavg")),
        ),
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

/// The peers' workload, described (see `bench::peers`).
const WORKLOAD: &str = "\n## The peers' workload\n\n\
The issue measured Label Studio 1.23.2 (85.9 s to show the task, then it stopped answering) and \
doccano 1.8.4 (8.2 s for its first screen) on one task, both on a 2-core box in headless \
Chromium. `weft bench peers FILE` generates the same kind of task (`bench::peers`, seed 17): \
one text of 1 MB (10^6 bytes of UTF-8) of English-like prose, lines of 40–110 characters with \
a blank line between paragraphs, curly quotes and apostrophes, accented names and words, and \
an emoji about every 50 lines; 20,000 non-overlapping spans of 3–20 code points, each one to \
three whole words of one line (none starts or ends on whitespace, none spans a newline), \
labelled PER, ORG, LOC or EVT. It is written as doccano JSONL (code points, end exclusive), \
the file a user moving from doccano brings along, and `bench run` imports it the way that \
user would: `weft new`, then `weft import --format doccano` into the new project (once; the \
project is cached). The row is then process start → the first frame that drew spans.\n";

/// What was taken off the first frame's path (phase A of issue 17).
const FIRST_FRAME: &str = "\n## The first frame's path\n\n\
- The suggestion matcher (an Aho–Corasick automaton over every distinct tagged string) is no \
longer built on the first frame: the workbench notes that suggestions are wanted, and after \
the first frame has been drawn it copies the tagged strings out of the project \
(`suggest::Tagged::of`, one pass, texts shared) and builds the matcher on a worker thread \
(`ui/app/suggest_worker.rs`); the suggestions appear in the frame after it arrives. Until \
then, and after an edit until the next matcher arrives, the newest matcher there is serves, \
its places checked against the current project. `tests/ui/perf_design.rs` counts it: no \
build started when the first frame is drawn, the build on another thread.\n\
- The document view lays out only the paragraphs on screen (heights of the others are \
estimated until they are shown); the same tests check that every galley laid out before \
the first frame belongs to a row on screen.\n";

/// How a large project opens in well under a second.
const PHASE_B: &str = "\n## Opening a million mentions: the first frame first\n\n\
The workbench opens a project progressively (`ui/app/opening.rs`). \
`ProjectFolder::load_preview` reads the manifest, the document files (small records of id, \
name, hash and position), the first document's text (hashed and compared with the recorded \
hash) and that document's annotation files, and checks each mention as the full load does \
(offsets, quote, type); it reads no other document's text or annotations and no links file, \
and writes nothing. That document is drawn, read-only, in the first frame. After that frame \
`Session::open` runs on a worker: the lock, every file, every check, exactly as before. \
Until its session arrives there is no session, so nothing the panes ask for can change \
anything; when it arrives the pane keeps its layout and scroll position and editing starts. \
A problem anywhere in the project (found by the full open) drops the preview and is \
reported file by file, as a synchronous open reports it; a problem in the first document, \
an interrupted save or a changed text gives no preview, and the full open reports it. \
`tests/ui/progressive_open.rs` counts it: with every other annotation file and every links \
file made unreadable the preview still opens and lists one annotation file among the files \
it read (and the full load names each spoiled file); no edit lands while opening.\n\n\
The full open is the one measured before (the second open row). A profile of it on the \
1,000-document / 1M-mention project (perf with DWARF call graphs, release build): checking \
each new mention id against the id map (`Project::id_in_use`, a B-tree search by string id, \
nearly all of it memcmp) about a fifth of the samples; inserting the mentions \
(`raw_insert_mention`) a sixth; parsing the annotation files on the workers a sixth. What \
would shorten it: ids as 64-bit integers inside (Weft writes 16 hex digits), and the id \
index and per-document offset index bulk-built from input sorted on the workers instead of \
a million single inserts.\n";

/// The first three fields of `/proc/loadavg` (how busy the shared machine was).
fn load_average(loadavg: &str) -> String {
    let f: Vec<&str> = loadavg.split_whitespace().take(3).collect();
    if f.len() == 3 {
        f.join(", ")
    } else {
        "unknown".into()
    }
}
