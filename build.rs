//! Build script: lists the files of `projects/demo` so the binary can carry the demo project
//! (`src/platform/mod.rs` includes the generated list). Cargo reruns it whenever anything under
//! `projects/demo` changes, so the embedded demo never goes stale.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/demo");
    println!("cargo::rerun-if-changed=projects/demo");
    let mut files = Vec::new();
    list(&root, &mut files);
    files.sort();
    let mut out = String::from("&[\n");
    for path in &files {
        let rel = path
            .strip_prefix(&root)
            .expect("listed under the demo folder")
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            out,
            "    ({rel:?}, include_bytes!({:?}) as &[u8]),",
            path.display().to_string()
        )
        .expect("writing to a String cannot fail");
    }
    out.push(']');
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(dest.join("demo_files.rs"), out).expect("OUT_DIR is writable");
}

/// Every file under `dir`, skipping Weft's housekeeping folder `.weft/`.
fn list(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for e in entries {
        let p = e.expect("a readable directory entry").path();
        if p.file_name().is_some_and(|n| n == ".weft") {
            continue;
        }
        if p.is_dir() {
            list(&p, out);
        } else {
            out.push(p);
        }
    }
}
