//! `weft bench …`: synthetic projects and the performance figures (docs/performance.md).

use anyhow::Result;
use clap::Subcommand;
use std::path::PathBuf;

/// `weft bench …`.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Write a synthetic project (deterministic for a seed): texts with accents, curly quotes,
    /// emoji and some CRLF; nested mentions; entities and events across documents; relations
    /// and event arguments.
    Gen {
        /// Number of documents.
        #[arg(long, default_value_t = 100)]
        docs: usize,
        /// Total size of the texts in megabytes.
        #[arg(long, default_value_t = 5.0)]
        mb: f64,
        /// Total number of mentions.
        #[arg(long, default_value_t = 100_000)]
        mentions: usize,
        /// Seed of the generator.
        #[arg(long, default_value_t = 6)]
        seed: u64,
        /// Also a second annotator's layer ("second") that disagrees with the first.
        #[arg(long)]
        second_layer: bool,
        /// Folder to create (must not hold a project yet).
        out: PathBuf,
        /// Right-to-left texts (invented Hebrew and Arabic with numbers and Latin names), for
        /// the bidi path's figures.
        #[arg(long)]
        rtl: bool,
    },
    /// Write the peers' workload as doccano JSONL: 1 MB of English-like text, 20,000 spans
    /// (see docs/performance.md); `bench run` imports it with `weft import --format doccano`.
    Peers {
        /// The JSONL file to write.
        out: PathBuf,
        /// Seed of the generator.
        #[arg(long, default_value_t = crate::bench::peers::PeersSpec::ISSUE.seed)]
        seed: u64,
    },
    /// Measure every figure against its target, print the table and write the report. Build
    /// with --release: debug figures are not meaningful.
    Run {
        /// Smaller sizes, for a quick look.
        #[arg(long)]
        quick: bool,
        /// Only the scrolling figures (Latin and right-to-left): the same as `--only frame`.
        #[arg(long)]
        frames: bool,
        /// Where to write the report (default: docs/performance.md; with --only, --frames or
        /// --only-views, nothing is written unless this is given).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Folder for generated projects, reused between runs (default: weft-bench under the
        /// cargo target folder).
        #[arg(long)]
        cache: Option<PathBuf>,
        /// Measure only these groups of rows (comma-separated: peers, frame, open, save,
        /// export, tag-all, views, team); the table is printed, and the report written only
        /// with --out (it then says which rows were left out).
        #[arg(long, value_delimiter = ',', value_parser = clap::builder::PossibleValuesParser::new(crate::bench::measure::ROW_GROUPS))]
        only: Vec<String>,
        /// Only the views' rows (timeline and graph models, the frame while panning a graph):
        /// the same as `--only views`.
        #[arg(long)]
        only_views: bool,
    },
    /// Open a project in a headless workbench, draw the first frame and print the time taken
    /// and the peak memory (used by `bench run` in a child process).
    Open {
        /// The project folder.
        project: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Draw frames until one has drawn spans and print that run's figures as one JSON line
        /// (the peers row of `bench run`).
        #[arg(long)]
        spans: bool,
    },
}

pub(super) fn bench(command: BenchCommand) -> Result<()> {
    use crate::bench::{corpus, run};
    match command {
        BenchCommand::Gen {
            docs,
            mb,
            mentions,
            seed,
            second_layer,
            out,
            rtl,
        } => {
            let spec = corpus::GenSpec {
                docs,
                megabytes: mb,
                mentions,
                seed,
                rtl,
            };
            let s = corpus::generate(&spec, &out)?;
            println!(
                "wrote {}: {} documents, {:.1} MB of text, {} mentions, {} entities/events, {} relations, {} arguments",
                out.display(),
                s.documents,
                s.text_bytes as f64 / 1e6,
                s.mentions,
                s.clusters,
                s.relations,
                s.arguments
            );
            if second_layer {
                let l = crate::bench::layers::add_second_layer(&out, "second", seed)?;
                println!(
                    "second layer: {} mentions, {} entities/events, {} relations, {} arguments",
                    l.mentions, l.clusters, l.relations, l.arguments
                );
            }
        }
        BenchCommand::Peers { out, seed } => {
            let spec = crate::bench::peers::PeersSpec {
                seed,
                ..crate::bench::peers::PeersSpec::ISSUE
            };
            let p = crate::bench::peers::write_doccano(&spec, &out)?;
            println!(
                "wrote {}: {} bytes of text, {} spans",
                out.display(),
                p.text.len(),
                p.spans.len()
            );
        }
        BenchCommand::Run {
            quick,
            out,
            cache,
            mut only,
            frames,
            only_views,
        } => {
            if frames {
                only.push("frame".into());
            }
            if only_views {
                only.push("views".into());
            }
            let cache = cache.unwrap_or_else(|| {
                std::env::var_os("CARGO_TARGET_DIR")
                    .map(PathBuf::from)
                    .unwrap_or_else(|| PathBuf::from("target"))
                    .join("weft-bench")
            });
            run::run(&run::RunOptions {
                quick,
                // A partial run writes a report only where it is told to.
                out: out.or_else(|| {
                    only.is_empty()
                        .then(|| PathBuf::from("docs/performance.md"))
                }),
                cache,
                only,
            })?;
        }
        BenchCommand::Open {
            project,
            json: _,
            spans: true,
        } => {
            let (f, app) = crate::bench::startup::spans_figures(&project)?;
            // One line, flushed at once: the parent stops its clock when it arrives; the app
            // (and the lock) is dropped after it.
            println!("{}", serde_json::to_string(&f)?);
            std::io::Write::flush(&mut std::io::stdout())?;
            // The full open (on a worker since the first frame) ends before the lock is let go.
            let mut app = app;
            app.app.finish_opening();
            drop(app);
        }
        BenchCommand::Open {
            project,
            json,
            spans: false,
        } => {
            let f = run::open_figures(&project)?;
            if json {
                println!("{}", serde_json::to_string(&f)?);
            } else {
                println!(
                    "first document ({} mentions) read in {:.0} ms, first frame {:.0} ms; all {} mentions loaded and checked after {:.0} ms; peak memory {:.0} MB",
                    f.shown_mentions,
                    f.open_ms,
                    f.first_frame_ms,
                    f.mentions,
                    f.editable_ms,
                    f.peak_rss_bytes as f64 / 1e6
                );
            }
        }
    }
    Ok(())
}
