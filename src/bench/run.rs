//! `weft bench run`: generates (or reuses) synthetic projects, measures every figure against
//! its target (`rows.rs`), prints the table and writes `docs/performance.md`
//! (`report.rs`).

pub use super::measure::{OpenFigures, Row, RunOptions, open_figures};
use anyhow::{Context, Result};

/// `weft bench run`.
pub fn run(opts: &RunOptions) -> Result<Vec<Row>> {
    if cfg!(debug_assertions) {
        eprintln!(
            "warning: this is a debug build; figures are not meaningful. Use `cargo run --release -- bench run`."
        );
    }
    let rows = super::rows::measure(opts)?;
    print!("{}", super::report::table(&rows));
    if let Some(out) = &opts.out {
        let text = super::report::report(&rows, opts.quick, &opts.only);
        if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        crate::store::atomic::write_atomic(out, text.as_bytes())
            .with_context(|| format!("cannot write {}", out.display()))?;
        eprintln!("wrote {}", out.display());
    }
    Ok(rows)
}
