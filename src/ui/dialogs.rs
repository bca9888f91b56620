//! File dialogs: what the workbench asks for ([`FileRequest`]) and who answers it.
//!
//! The system's own dialog answers when there is one: on Windows and macOS always, on Linux and
//! the BSDs when the XDG desktop portal (`org.freedesktop.portal.Desktop` on the session bus) is
//! running or can be started. rfd's portal backend returns "no answer" both when the user
//! cancels and when there is no portal, so [`NativeDialogs`] asks the bus first instead of
//! guessing afterwards. Without a portal (minimal window managers, remote X, many lab machines)
//! the workbench shows its own chooser ([`super::file_chooser`]); so it does when the
//! preference "Use Weft's file chooser" is on or `WEFT_FILE_CHOOSER=builtin` is set. A system
//! dialog that closes at once without an answer is taken as not shown (a person does not cancel
//! within a quarter of a second), and Weft's chooser opens in its place: a request is never
//! dropped in silence.
//!
//! Tests answer from a script ([`ScriptedDialogs`]) or refuse native dialogs
//! ([`NoNativeDialogs`]) to drive the built-in chooser.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A kind of file offered by a dialog: "Plain text" with extensions `["txt"]` (no dot). No
/// extensions means every file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    pub name: String,
    pub extensions: Vec<String>,
}

impl Filter {
    pub fn new(name: &str, extensions: &[&str]) -> Self {
        Self {
            name: name.to_string(),
            extensions: extensions.iter().map(|e| e.to_string()).collect(),
        }
    }

    /// "Plain text (.txt)", "brat (.ann, .txt)".
    pub fn label(&self) -> String {
        if self.extensions.is_empty() {
            return self.name.clone();
        }
        let exts: Vec<String> = self.extensions.iter().map(|e| format!(".{e}")).collect();
        format!("{} ({})", self.name, exts.join(", "))
    }

    /// Whether a file name ends in one of the extensions (case-insensitive).
    pub fn matches(&self, file_name: &str) -> bool {
        if self.extensions.is_empty() || self.extensions.iter().any(|e| e == "*") {
            return true;
        }
        let lower = file_name.to_lowercase();
        self.extensions
            .iter()
            .any(|e| lower.ends_with(&format!(".{}", e.to_lowercase())))
    }
}

/// What the workbench asks the user to choose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileRequest {
    /// One folder. With `new_folder`, the chooser also offers to name a folder to create there
    /// (New project).
    Folder { title: String, new_folder: bool },
    /// Files to read: one, or several with `multiple`.
    Files {
        title: String,
        filter: Filter,
        multiple: bool,
    },
    /// Where to write a file, suggesting `default_name`.
    Save {
        title: String,
        default_name: String,
        filter: Filter,
    },
}

impl FileRequest {
    pub fn title(&self) -> &str {
        match self {
            FileRequest::Folder { title, .. }
            | FileRequest::Files { title, .. }
            | FileRequest::Save { title, .. } => title,
        }
    }

    /// The answer "cancelled" of the right kind.
    pub fn cancelled(&self) -> Answer {
        match self {
            FileRequest::Folder { .. } => Answer::Folder(None),
            FileRequest::Files { .. } => Answer::Files(None),
            FileRequest::Save { .. } => Answer::SaveTo(None),
        }
    }
}

/// The answer to a [`FileRequest`]; `None` inside means the user cancelled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Folder(Option<PathBuf>),
    Files(Option<Vec<PathBuf>>),
    SaveTo(Option<PathBuf>),
}

/// Why the system's dialog cannot be used; the workbench shows its own chooser instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unavailable(pub String);

/// Who answers file requests.
pub trait Dialogs {
    /// `Ok` when the system's dialog can be shown; otherwise why not.
    fn native(&mut self) -> Result<(), Unavailable>;
    /// Shows the system's dialog for `request` and waits for the answer. `Err` when it could
    /// not be shown after all.
    fn ask(&mut self, request: &FileRequest) -> Result<Answer, Unavailable>;
}

/// A dialog answered "nothing" faster than this was not seen by anyone.
const TOO_FAST: Duration = Duration::from_millis(250);

/// `WEFT_FILE_CHOOSER=builtin` (any case) asks for Weft's own chooser.
pub fn forced_by(env_value: Option<&str>) -> Result<(), Unavailable> {
    match env_value {
        Some(v) if v.trim().eq_ignore_ascii_case("builtin") => {
            Err(Unavailable("WEFT_FILE_CHOOSER=builtin is set".into()))
        }
        _ => Ok(()),
    }
}

/// The system's dialogs (rfd), after checking that they can appear at all.
#[derive(Default)]
pub struct NativeDialogs {
    /// The answer of the first check, kept for the session (a portal does not come and go).
    checked: Option<Result<(), Unavailable>>,
}

impl Dialogs for NativeDialogs {
    fn native(&mut self) -> Result<(), Unavailable> {
        forced_by(std::env::var("WEFT_FILE_CHOOSER").ok().as_deref())?;
        self.checked.get_or_insert_with(portal::reachable).clone()
    }

    fn ask(&mut self, request: &FileRequest) -> Result<Answer, Unavailable> {
        let started = Instant::now();
        let answer = match request {
            FileRequest::Folder { title, .. } => {
                Answer::Folder(rfd::FileDialog::new().set_title(title).pick_folder())
            }
            FileRequest::Files {
                title,
                filter,
                multiple,
            } => {
                let mut d = rfd::FileDialog::new().set_title(title);
                if !filter.extensions.is_empty() {
                    d = d.add_filter(&filter.name, &filter.extensions);
                }
                d = d.add_filter("All files", &["*"]);
                Answer::Files(if *multiple {
                    d.pick_files()
                } else {
                    d.pick_file().map(|f| vec![f])
                })
            }
            FileRequest::Save {
                title,
                default_name,
                filter,
            } => {
                let mut d = rfd::FileDialog::new()
                    .set_title(title)
                    .set_file_name(default_name);
                if !filter.extensions.is_empty() {
                    d = d.add_filter(&filter.name, &filter.extensions);
                }
                Answer::SaveTo(d.save_file())
            }
        };
        if answer == request.cancelled() && started.elapsed() < TOO_FAST {
            let why = Unavailable(
                "the system file dialog closed at once without an answer (it could not be shown)"
                    .into(),
            );
            self.checked = Some(Err(why.clone()));
            return Err(why);
        }
        Ok(answer)
    }
}

/// Whether the XDG desktop portal answers on the session bus (Linux and the BSDs).
#[cfg(all(unix, not(target_os = "macos")))]
pub mod portal {
    use super::Unavailable;
    use std::time::Duration;

    /// The portal's well-known bus name.
    pub const NAME: &str = "org.freedesktop.portal.Desktop";

    /// `Ok` when the portal is running on the session bus or the bus starts it on request
    /// (D-Bus activation, within a few seconds); otherwise why not.
    pub fn reachable() -> Result<(), Unavailable> {
        reachable_on(zbus::blocking::connection::Builder::session())
    }

    /// [`reachable`] on the bus at `address` ("unix:path=…").
    pub fn reachable_at(address: &str) -> Result<(), Unavailable> {
        reachable_on(zbus::blocking::connection::Builder::address(address))
    }

    fn reachable_on(
        builder: zbus::Result<zbus::blocking::connection::Builder<'_>>,
    ) -> Result<(), Unavailable> {
        // The status bar gets the short reason; the bus's own words go to the log.
        let unavailable = |what: &str, e: &dyn std::fmt::Display| {
            eprintln!("weft: no system file dialog: {what}: {e}");
            Err(Unavailable(format!(
                "there is no XDG desktop portal ({what})"
            )))
        };
        let conn = match builder
            .map(|b| b.method_timeout(Duration::from_secs(5)))
            .and_then(|b| b.build())
        {
            Ok(c) => c,
            Err(e) => return unavailable("no session bus", &e),
        };
        let bus = match zbus::blocking::fdo::DBusProxy::new(&conn) {
            Ok(b) => b,
            Err(e) => return unavailable("the session bus does not answer", &e),
        };
        let name = match zbus::names::BusName::try_from(NAME) {
            Ok(n) => n,
            Err(e) => return unavailable("bad bus name", &e),
        };
        match bus.name_has_owner(name) {
            Ok(true) => return Ok(()),
            Ok(false) => {}
            Err(e) => return unavailable("cannot ask the session bus", &e),
        }
        let well_known = match zbus::names::WellKnownName::try_from(NAME) {
            Ok(n) => n,
            Err(e) => return unavailable("bad bus name", &e),
        };
        match bus.start_service_by_name(well_known, 0) {
            Ok(_) => Ok(()),
            Err(e) => unavailable("it is not running and cannot be started", &e),
        }
    }
}

/// Windows and macOS always have their dialogs.
#[cfg(not(all(unix, not(target_os = "macos"))))]
pub mod portal {
    use super::Unavailable;

    pub fn reachable() -> Result<(), Unavailable> {
        Ok(())
    }
}

/// No system dialogs at all (tests of the built-in chooser; a machine without a portal).
#[derive(Clone, Debug)]
pub struct NoNativeDialogs(pub String);

impl Dialogs for NoNativeDialogs {
    fn native(&mut self) -> Result<(), Unavailable> {
        Err(Unavailable(self.0.clone()))
    }

    fn ask(&mut self, _request: &FileRequest) -> Result<Answer, Unavailable> {
        Err(Unavailable(self.0.clone()))
    }
}

/// Dialogs that answer from a queue (tests). Clones share the queue, so a test keeps one clone
/// to push answers while the app owns another. A dialog with no matching answer queued is
/// treated as cancelled.
#[derive(Clone, Default)]
pub struct ScriptedDialogs {
    queue: Arc<Mutex<VecDeque<Answer>>>,
    asked: Arc<Mutex<Vec<String>>>,
}

impl ScriptedDialogs {
    pub fn new() -> Self {
        Self::default()
    }

    /// Queues the answer to the next dialog.
    pub fn push(&self, answer: Answer) {
        self.queue.lock().expect("dialog queue").push_back(answer);
    }

    /// Titles of every dialog opened so far.
    pub fn asked(&self) -> Vec<String> {
        self.asked.lock().expect("dialog log").clone()
    }
}

impl Dialogs for ScriptedDialogs {
    fn native(&mut self) -> Result<(), Unavailable> {
        Ok(())
    }

    fn ask(&mut self, request: &FileRequest) -> Result<Answer, Unavailable> {
        self.asked
            .lock()
            .expect("dialog log")
            .push(request.title().to_string());
        let next = self.queue.lock().expect("dialog queue").pop_front();
        let cancelled = request.cancelled();
        Ok(match next {
            Some(a) if std::mem::discriminant(&a) == std::mem::discriminant(&cancelled) => a,
            _ => cancelled,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_match_extensions_without_case_and_label_themselves() {
        let f = Filter::new("Plain text", &["txt"]);
        assert!(
            f.matches("a.TXT") && f.matches("b.txt") && !f.matches("txt") && !f.matches("c.md")
        );
        assert_eq!(f.label(), "Plain text (.txt)");
        assert!(Filter::new("All files", &[]).matches("anything"));
        assert_eq!(
            Filter::new("brat", &["ann", "txt"]).label(),
            "brat (.ann, .txt)"
        );
    }

    #[test]
    fn scripted_answers_of_the_wrong_kind_count_as_cancelled() {
        let mut d = ScriptedDialogs::new();
        d.push(Answer::Files(Some(vec![PathBuf::from("a.txt")])));
        let folder = FileRequest::Folder {
            title: "Pick".into(),
            new_folder: false,
        };
        assert_eq!(d.ask(&folder), Ok(Answer::Folder(None)));
        assert_eq!(d.asked(), vec!["Pick".to_string()]);
    }

    #[test]
    fn the_environment_forces_the_built_in_chooser() {
        assert!(
            forced_by(Some("builtin"))
                .unwrap_err()
                .0
                .contains("WEFT_FILE_CHOOSER")
        );
        assert!(forced_by(Some(" BuiltIn ")).is_err());
        assert_eq!(forced_by(Some("native")), Ok(()));
        assert_eq!(forced_by(None), Ok(()));
    }

    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn no_bus_means_no_portal() {
        let dir = tempfile::tempdir().unwrap();
        let addr = format!("unix:path={}", dir.path().join("no-bus").display());
        let why = portal::reachable_at(&addr).unwrap_err().0;
        assert!(why.contains("no session bus"), "{why}");
    }

    /// A session bus of its own (dbus-daemon, when installed) without a portal: the check says
    /// so instead of taking the silence for a cancel.
    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn a_bus_without_a_portal_is_told_apart() {
        let Ok(mut daemon) = std::process::Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address"])
            .stdout(std::process::Stdio::piped())
            .spawn()
        else {
            eprintln!("SKIPPED: dbus-daemon is not installed");
            return;
        };
        let mut line = String::new();
        let out = daemon.stdout.take().unwrap();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(out), &mut line).unwrap();
        let got = portal::reachable_at(line.trim());
        daemon.kill().unwrap();
        daemon.wait().unwrap();
        let why = got.unwrap_err().0;
        assert!(
            why.contains("is not running and cannot be started"),
            "{why}"
        );
    }
}
