//! The first run of a copied binary: `weft` copied to an empty folder outside the repository,
//! run from another empty folder with an empty preferences store (HOME, XDG_DATA_HOME and
//! XDG_CONFIG_HOME in a temporary folder), opens the demo compiled into it: the demo appears in
//! the user's data folder and the running workbench holds its lock (and, with xdotool, the
//! window's title names it). A second run keeps the user's edits to that copy.
//!
//! Needs a virtual display (Xvfb; `.ci/check_dist.sh` installs it in CI). Without one the test
//! says SKIPPED, except under CI (`CI` set), where it fails.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn have(program: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .stdout(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// A virtual X display, stopped on drop.
struct Display {
    number: u32,
    server: Child,
}

impl Display {
    fn start() -> Option<Display> {
        if !have("Xvfb") {
            return None;
        }
        let mut number = 150 + std::process::id() % 500;
        while Path::new(&format!("/tmp/.X11-unix/X{number}")).exists()
            || Path::new(&format!("/tmp/.X{number}-lock")).exists()
        {
            number += 1;
        }
        let server = Command::new("Xvfb")
            .arg(format!(":{number}"))
            .args(["-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        let start = Instant::now();
        while !socket.exists() && start.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(Display { number, server })
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

struct Env {
    root: tempfile::TempDir,
}

impl Env {
    fn dir(&self, name: &str) -> PathBuf {
        let p = self.root.path().join(name);
        std::fs::create_dir_all(&p).unwrap();
        p
    }

    /// Starts the copied binary with no arguments, from the empty working folder.
    fn run_weft(&self, display: &Display) -> Child {
        let runtime = self.dir("runtime");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        Command::new(self.root.path().join("bin/weft"))
            .current_dir(self.dir("cwd"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("DISPLAY", format!(":{}", display.number))
            .env("HOME", self.dir("home"))
            .env("XDG_DATA_HOME", self.dir("data"))
            .env("XDG_CONFIG_HOME", self.dir("config"))
            .env("XDG_RUNTIME_DIR", runtime)
            .env("LANG", "C.UTF-8")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }

    fn demo(&self) -> PathBuf {
        self.root.path().join("data/weft/demo")
    }
}

/// Waits until the process `pid` holds the lock of `project` (its lock file names it).
fn wait_for_lock(project: &Path, child: &mut Child) -> Result<(), String> {
    let lock = project.join(".weft/lock");
    let want = format!("process {} ", child.id());
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(90) {
        if let Ok(Some(status)) = child.try_wait() {
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                use std::io::Read;
                let _ = e.read_to_string(&mut err);
            }
            return Err(format!(
                "weft exited ({status}) before opening the demo: {err}"
            ));
        }
        if std::fs::read_to_string(&lock).is_ok_and(|s| s.starts_with(&want)) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!(
        "{} was not locked by weft within 90 s",
        project.display()
    ))
}

/// The title of the window of `pid`, through xdotool (None without xdotool).
fn window_title(display: &Display, needle: &str) -> Option<bool> {
    if !have("xdotool") {
        return None;
    }
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        let out = Command::new("xdotool")
            .args(["search", "--name", needle])
            .env("DISPLAY", format!(":{}", display.number))
            .output()
            .ok()?;
        if out.status.success() && !out.stdout.is_empty() {
            return Some(true);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Some(false)
}

fn stop(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn a_copied_binary_opens_the_embedded_demo_on_first_run_and_keeps_its_edits() {
    let Some(display) = Display::start() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "Xvfb is missing: CI must install it (.ci/check_dist.sh)"
        );
        eprintln!("SKIPPED: no Xvfb for the first-run test (apt-get install xvfb)");
        return;
    };
    let env = Env {
        root: tempfile::Builder::new()
            .prefix("weft-first-run")
            .tempdir_in(std::env::temp_dir())
            .unwrap(),
    };
    let bin = env.dir("bin").join("weft");
    std::fs::copy(env!("CARGO_BIN_EXE_weft"), &bin).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .canonicalize()
        .unwrap();
    assert!(!env.root.path().starts_with(&repo));

    // First run: the demo is copied into the data folder and opened.
    let mut first = env.run_weft(&display);
    let opened = wait_for_lock(&env.demo(), &mut first);
    let titled = window_title(&display, "Demo: the Santa Luc");
    stop(first);
    opened.unwrap();
    assert_ne!(
        titled,
        Some(false),
        "the window title does not name the demo"
    );
    let (p, _) = weft::store::ProjectFolder::load(&env.demo()).expect("the copy loads");
    assert_eq!(p.documents().len(), 3);
    assert!(
        std::fs::read_dir(env.dir("cwd")).unwrap().next().is_none(),
        "nothing is written into the working folder"
    );

    // The user edits the copy; the second run opens it as edited.
    let manifest = env.demo().join("weft-project.json");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let edited = text.replacen(
        "\"name\": \"Demo: the Santa Lucía coup of 1974\"",
        "\"name\": \"My annotated demo\"",
        1,
    );
    assert_ne!(text, edited);
    std::fs::write(&manifest, &edited).unwrap();
    let mut second = env.run_weft(&display);
    let opened = wait_for_lock(&env.demo(), &mut second);
    let titled = window_title(&display, "My annotated demo");
    stop(second);
    opened.unwrap();
    assert_ne!(
        titled,
        Some(false),
        "the second run does not show the edited copy"
    );
    assert_eq!(std::fs::read_to_string(&manifest).unwrap(), edited);
}
