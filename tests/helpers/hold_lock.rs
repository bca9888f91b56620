//! Test helper, not part of the product: holds a project's lock, as the workbench does while
//! the project is open, until a release file appears (or `MAX_SECS` pass). `.ci/check_windows.sh`
//! runs it under wine to check that a second Windows process (`weft.exe add`) is refused.
//!
//!   hold_lock PROJECT RELEASE_FILE [MAX_SECS]
//!
//! Prints `holding PROJECT` once the lock is held; exits 1 if it cannot take it.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(project), Some(release)) = (args.first(), args.get(1)) else {
        eprintln!("usage: hold_lock PROJECT RELEASE_FILE [MAX_SECS]");
        return ExitCode::from(2);
    };
    let max = Duration::from_secs(args.get(2).and_then(|s| s.parse().ok()).unwrap_or(120));
    let lock = match weft::store::safety::lock(&PathBuf::from(project)) {
        Ok(lock) => lock,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    println!("holding {project}");
    let _ = std::io::stdout().flush();
    let start = Instant::now();
    while !PathBuf::from(release).exists() && start.elapsed() < max {
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(lock);
    ExitCode::SUCCESS
}
