//! Weft's own preferences, which the command line reads too: for now the annotator's name.
//!
//! They live in `<config dir>/weft/preferences.json` (the platform's configuration folder:
//! `$XDG_CONFIG_HOME` or `~/.config` on Linux, `~/Library/Application Support` on macOS,
//! `%APPDATA%` on Windows), or in `$WEFT_CONFIG_DIR/preferences.json` when that variable is set
//! (tests, portable installs). The file is written atomically; a damaged one is reported by
//! name and never overwritten by a read.
//!
//! Who is working ([`resolve_annotator`]): the name given on the command line, else the one in
//! the preferences, else the login name (`$USER`, or `$USERNAME` on Windows, else the account
//! name the system gives this user); with none of them, a command that writes stops and says
//! how to set one.

use crate::model::{Layer, LayerNameError};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The file's name inside the configuration folder.
pub const FILE: &str = "preferences.json";
/// The variable that overrides the configuration folder.
pub const DIR_VARIABLE: &str = "WEFT_CONFIG_DIR";

/// The preferences. Fields this Weft does not know are kept when saving.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Preferences {
    pub format: String,
    pub version: u32,
    /// The annotator's name: their layer in every project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotator: Option<String>,
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// Why the preferences could not be read or written, naming the file.
#[derive(Debug, thiserror::Error)]
pub enum PrefsError {
    #[error("{}: cannot read the preferences: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: the preferences file is damaged ({message}); fix or delete it", path.display())]
    Damaged { path: PathBuf, message: String },
    #[error("{}: cannot write the preferences: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no configuration folder is known on this system; set {DIR_VARIABLE}")]
    NoConfigDir,
}

/// Why nobody could be named as the annotator.
#[derive(Debug, thiserror::Error)]
pub enum AnnotatorError {
    #[error(
        "who is annotating? No --annotator was given, the preferences name nobody and $USER/$USERNAME is not set: run `weft annotator \"Your Name\"` once, or pass --annotator NAME"
    )]
    Unknown,
    #[error("{source} (from {origin})")]
    BadName {
        origin: String,
        source: LayerNameError,
    },
    #[error(transparent)]
    Prefs(#[from] PrefsError),
}

/// The configuration folder of Weft: `$WEFT_CONFIG_DIR`, or `<platform config dir>/weft`.
pub fn config_dir() -> Result<PathBuf, PrefsError> {
    if let Some(d) = std::env::var_os(DIR_VARIABLE).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(d));
    }
    dirs::config_dir()
        .map(|d| d.join("weft"))
        .ok_or(PrefsError::NoConfigDir)
}

/// The preferences file.
pub fn path() -> Result<PathBuf, PrefsError> {
    Ok(config_dir()?.join(FILE))
}

/// Reads the preferences at `path`; a missing file gives the defaults.
pub fn load_from(path: &Path) -> Result<Preferences, PrefsError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Preferences::new());
        }
        Err(source) => {
            return Err(PrefsError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let prefs: Preferences = serde_json::from_slice(&bytes).map_err(|e| PrefsError::Damaged {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    if prefs.format != "weft-preferences" {
        return Err(PrefsError::Damaged {
            path: path.to_path_buf(),
            message: format!(
                "expected format 'weft-preferences', found '{}'",
                prefs.format
            ),
        });
    }
    Ok(prefs)
}

/// Writes the preferences to `path` atomically (creating its folder).
pub fn save_to(path: &Path, prefs: &Preferences) -> Result<(), PrefsError> {
    let write = |source| PrefsError::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(write)?;
    }
    crate::store::atomic::write_atomic(path, &crate::store::to_pretty_json(prefs)).map_err(write)
}

/// Reads the preferences from their usual place ([`path`]).
pub fn load() -> Result<Preferences, PrefsError> {
    load_from(&path()?)
}

/// Writes the preferences to their usual place ([`path`]).
pub fn save(prefs: &Preferences) -> Result<(), PrefsError> {
    save_to(&path()?, prefs)
}

impl Preferences {
    /// Defaults: nobody named yet.
    pub fn new() -> Self {
        Preferences {
            format: "weft-preferences".into(),
            version: 1,
            annotator: None,
            other: Default::default(),
        }
    }
}

/// The annotator's name saved in the preferences (the workbench's File > Annotator… and
/// `weft annotator NAME`): checked, then written atomically. Returns the layer.
pub fn set_annotator(name: &str) -> Result<Layer, AnnotatorError> {
    let layer = Layer::annotator(name.trim()).map_err(|source| AnnotatorError::BadName {
        origin: "the name given".into(),
        source,
    })?;
    let mut prefs = load()?;
    prefs.annotator = Some(layer.as_str().to_string());
    save(&prefs)?;
    Ok(layer)
}

/// The login name (`$USER`, or `$USERNAME` on Windows), else the account name of this
/// process's user (Unix: the password database), if any.
pub fn login_name() -> Option<String> {
    ["USER", "USERNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .map(|n| n.trim().to_string())
        .find(|n| !n.is_empty())
        .or_else(account_name)
}

/// The name the password database gives this process's user.
#[cfg(unix)]
fn account_name() -> Option<String> {
    let mut buf = vec![0 as libc::c_char; 4096];
    // SAFETY: an all-zero passwd is a valid value of this plain C struct.
    let mut pw: libc::passwd = unsafe { std::mem::zeroed() };
    let mut out: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the call; `buf` outlives the strings written into it
    // and its length is passed; `out` is only read after a successful call.
    let rc = unsafe {
        libc::getpwuid_r(
            libc::getuid(),
            &mut pw,
            buf.as_mut_ptr(),
            buf.len(),
            &mut out,
        )
    };
    if rc != 0 || out.is_null() || pw.pw_name.is_null() {
        return None;
    }
    // SAFETY: on success pw_name points to a NUL-terminated string inside `buf`.
    let name = unsafe { std::ffi::CStr::from_ptr(pw.pw_name) };
    Some(name.to_string_lossy().trim().to_string()).filter(|n| !n.is_empty())
}

#[cfg(not(unix))]
fn account_name() -> Option<String> {
    None
}

/// Who is annotating: `given` (the command line's `--annotator`), else the preferences' name,
/// else the login name. Each is checked as an annotator's name; a bad one says where it came
/// from.
pub fn resolve_annotator(given: Option<&str>) -> Result<Layer, AnnotatorError> {
    if let Some(n) = given {
        return choose(Some(n), None, None);
    }
    let path = path()?;
    let saved = load_from(&path)?.annotator;
    let saved = saved.as_deref().map(|n| (n, path.display().to_string()));
    choose(None, saved, login_name().as_deref())
}

/// The first of `given`, `saved` (name, where it is saved) and `login` that names anyone,
/// checked as an annotator's name.
fn choose(
    given: Option<&str>,
    saved: Option<(&str, String)>,
    login: Option<&str>,
) -> Result<Layer, AnnotatorError> {
    let check = |name: &str, origin: String| {
        Layer::annotator(name.trim()).map_err(|source| AnnotatorError::BadName { origin, source })
    };
    let blank = |n: &&str| n.trim().is_empty();
    if let Some(n) = given {
        return check(n, "--annotator".into());
    }
    if let Some((n, origin)) = saved.filter(|(n, _)| !blank(n)) {
        return check(n, origin);
    }
    match login.filter(|n| !blank(n)) {
        Some(n) => check(n, "the login name".into()),
        None => Err(AnnotatorError::Unknown),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferences_round_trip_and_keep_unknown_fields() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub").join(FILE);
        assert_eq!(load_from(&p).unwrap(), Preferences::new());
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(
            &p,
            r#"{"format":"weft-preferences","version":1,"annotator":"Ana","theme":"dark"}"#,
        )
        .unwrap();
        let mut prefs = load_from(&p).unwrap();
        assert_eq!(prefs.annotator.as_deref(), Some("Ana"));
        prefs.annotator = Some("Ben".into());
        save_to(&p, &prefs).unwrap();
        let again = load_from(&p).unwrap();
        assert_eq!(again.annotator.as_deref(), Some("Ben"));
        assert_eq!(again.other["theme"], "dark");
    }

    #[test]
    fn the_annotator_is_given_else_saved_else_the_login_else_nobody() {
        let saved = || Some(("Ana", "prefs".to_string()));
        assert_eq!(
            choose(Some("Ben"), saved(), Some("root")).unwrap().as_str(),
            "Ben"
        );
        assert_eq!(choose(None, saved(), Some("root")).unwrap().as_str(), "Ana");
        assert_eq!(
            choose(None, Some((" ", "p".into())), Some("root"))
                .unwrap()
                .as_str(),
            "root"
        );
        let e = choose(None, None, None).unwrap_err().to_string();
        assert!(
            e.contains("--annotator") && e.contains("weft annotator"),
            "{e}"
        );
        let e = choose(Some("curation"), None, None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("reserved") && e.contains("--annotator"), "{e}");
    }

    #[test]
    fn a_damaged_file_is_named_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(FILE);
        std::fs::write(&p, "{ not json").unwrap();
        let e = load_from(&p).unwrap_err().to_string();
        assert!(e.contains(FILE) && e.contains("damaged"), "{e}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "{ not json");
    }
}
