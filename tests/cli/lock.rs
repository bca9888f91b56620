//! The project lock on the command line. A project open in a session — in this process, or in
//! the real workbench binary (`weft PROJECT` under a virtual X display) — refuses `weft add`,
//! `weft import` and `weft reanchor` with a message that names the lock file and its holder
//! (process, computer, since when), and the folder stays byte-identical.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use weft::session::{OpenOptions, Session};

fn weft() -> Command {
    Command::new(env!("CARGO_BIN_EXE_weft"))
}

/// Every file under `dir` with its bytes, sorted by path.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// A saved project in `dir/p` with one text, plus a text to add and a CoNLL file to import.
fn setup(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let proj = dir.join("p");
    assert!(weft().arg("new").arg(&proj).status().unwrap().success());
    let first = dir.join("first.txt");
    std::fs::write(&first, "Ana met Luis in Lima.").unwrap();
    assert!(
        weft()
            .arg("add")
            .arg(&proj)
            .arg(&first)
            .status()
            .unwrap()
            .success()
    );
    let text = dir.join("more.txt");
    std::fs::write(&text, "Luis left for Quito.").unwrap();
    let conll = dir.join("in.conll");
    std::fs::write(&conll, "Allende\tB-PERSON\nspoke\tO\n").unwrap();
    (proj, text, conll)
}

/// Runs the writing commands on `proj` and checks each is refused, naming the lock and
/// `holder_pid`, with the folder unchanged.
fn writing_commands_are_refused(proj: &Path, text: &Path, conll: &Path, holder_pid: u32) {
    let before = snapshot(proj);
    let runs: Vec<(&str, Vec<&std::ffi::OsStr>)> = vec![
        ("add", vec![proj.as_os_str(), text.as_os_str()]),
        (
            "import",
            vec![
                proj.as_os_str(),
                "--format".as_ref(),
                "conll".as_ref(),
                conll.as_os_str(),
            ],
        ),
        ("reanchor", vec![proj.as_os_str()]),
    ];
    for (cmd, args) in runs {
        let out = weft().arg(cmd).args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "weft {cmd} must fail: {err}");
        let lock = proj.join(".weft").join("lock");
        assert!(
            err.contains(&lock.display().to_string()),
            "weft {cmd} names the lock file: {err}"
        );
        assert!(
            err.contains(&format!("process {holder_pid} on ")) && err.contains(", since "),
            "weft {cmd} names the holder (process, computer, since when): {err}"
        );
        assert!(err.contains("Nothing was changed"), "{err}");
        assert_eq!(
            snapshot(proj),
            before,
            "weft {cmd} left the folder byte-identical"
        );
    }
}

#[test]
fn a_project_open_in_a_session_refuses_the_writing_commands() {
    let dir = tempfile::tempdir().unwrap();
    let (proj, text, conll) = setup(dir.path());
    let opened = Session::open(&proj, OpenOptions::default()).unwrap();
    writing_commands_are_refused(&proj, &text, &conll, std::process::id());
    drop(opened);
    // Released with the session: the same commands now work.
    let out = weft().arg("add").arg(&proj).arg(&text).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (p, _) = weft::store::ProjectFolder::load(&proj).unwrap();
    assert_eq!(p.documents().len(), 2);
}

/// A process killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        // The child may have exited already; killing it then fails harmlessly.
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts Xvfb on a free display, if it is installed.
fn virtual_display() -> Option<(Running, String)> {
    let xvfb = ["/usr/bin/Xvfb", "/usr/local/bin/Xvfb"]
        .into_iter()
        .find(|p| Path::new(p).exists())?;
    let mut n = 120;
    while Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
        || Path::new(&format!("/tmp/.X{n}-lock")).exists()
    {
        n += 1;
    }
    let display = format!(":{n}");
    let child = Command::new(xvfb)
        .args([&display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let running = Running(child);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Some((running, display))
}

#[test]
fn a_project_open_in_the_real_workbench_refuses_the_writing_commands() {
    if !cfg!(target_os = "linux") {
        eprintln!("SKIPPED: the workbench is started under Xvfb, which needs Linux");
        return;
    }
    let Some((_xvfb, display)) = virtual_display() else {
        eprintln!("SKIPPED: Xvfb is not installed (apt-get install xvfb)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (proj, text, conll) = setup(dir.path());
    let runtime = dir.path().join("xdg-runtime");
    std::fs::create_dir_all(&runtime).unwrap();
    let gui = weft()
        .arg(&proj)
        .env("DISPLAY", &display)
        .env_remove("WAYLAND_DISPLAY")
        .env("XDG_RUNTIME_DIR", &runtime)
        .env("HOME", dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = gui.id();
    let mut gui = Running(gui);
    // The workbench holds the lock once its lock file names it.
    let lock = proj.join(".weft").join("lock");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let held = std::fs::read_to_string(&lock)
            .is_ok_and(|s| s.starts_with(&format!("process {pid} on ")));
        if held {
            break;
        }
        if let Ok(Some(status)) = gui.0.try_wait() {
            let mut err = String::new();
            use std::io::Read;
            gui.0.stderr.take().map(|mut e| e.read_to_string(&mut err));
            eprintln!("SKIPPED: the workbench could not open its window ({status}): {err}");
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the workbench did not take the lock within a minute"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    writing_commands_are_refused(&proj, &text, &conll, pid);
}
