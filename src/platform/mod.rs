//! The desktop around the workbench: the app's id and icon, its per-user data folder, and the
//! demo project compiled into the binary, so that a copied binary opens on something.
//!
//! The data folder is eframe's own storage folder for the name `weft`
//! ([`eframe::storage_dir`]: `$XDG_DATA_HOME/weft` or `~/.local/share/weft` on Linux,
//! `~/Library/Application Support/weft` on macOS, `%APPDATA%\weft\data` on Windows). Using
//! eframe's function rather than the `dirs` crate keeps the preferences (`app.ron`) and the
//! demo copy in one folder with one rule, and costs no dependency. The preferences stay where
//! they were before the window got its reverse-DNS [`APP_ID`] (eframe would otherwise move
//! them to a folder named after the id).

use crate::store::ProjectFolder;
use std::path::{Path, PathBuf};

/// The files of `projects/demo` (relative path, bytes), listed by `build.rs` at build time.
const DEMO_FILES: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/demo_files.rs"));

/// The application id: the Wayland app id and X11 `WM_CLASS`, and the name of the `.desktop`
/// file (`assets/io.github.weft.Weft.desktop`, whose `StartupWMClass` is the same).
pub const APP_ID: &str = "io.github.weft.Weft";

/// The name of the per-user data folder (and of eframe's storage).
pub const DATA_NAME: &str = "weft";

/// The window icon (256 × 256), rendered from `assets/icon/weft.svg` by `assets/icon/render.sh`.
pub const ICON_PNG: &[u8] = include_bytes!("../../assets/icon/weft-256.png");

/// The window icon, decoded.
pub fn icon() -> Option<egui::IconData> {
    eframe::icon_data::from_png_bytes(ICON_PNG).ok()
}

/// The per-user data folder (`None` when the platform has no home folder).
pub fn data_dir() -> Option<PathBuf> {
    eframe::storage_dir(DATA_NAME)
}

/// Where the preferences (eframe's storage) are kept.
pub fn prefs_file() -> Option<PathBuf> {
    data_dir().map(|d| d.join("app.ron"))
}

/// The demo project's files, compiled in: (path relative to the project, bytes).
pub fn embedded_demo() -> &'static [(&'static str, &'static [u8])] {
    DEMO_FILES
}

/// Why the demo could not be put in place.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("there is no per-user data folder on this system (no home folder?)")]
    NoDataDir,
    #[error("{0} exists and is not a Weft project; the demo was not copied there")]
    Occupied(PathBuf),
    #[error("cannot copy the demo project to {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The demo project to open on a first run: a demo shipped beside the executable
/// (`<exe folder>/demo`, for a portable copy), else the user's copy in the data folder, made
/// from the embedded files if it is not there yet. An existing copy is never overwritten, so
/// the user's edits to it are kept.
pub fn demo_project() -> Result<PathBuf, DemoError> {
    if let Some(beside) = demo_beside_exe() {
        return Ok(beside);
    }
    let dir = data_dir().ok_or(DemoError::NoDataDir)?.join("demo");
    install_demo(&dir)?;
    Ok(dir)
}

fn demo_beside_exe() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?.join("demo");
    ProjectFolder::project_root_of(&dir).map(|_| dir)
}

/// Copies the embedded demo into `dir` unless a project is already there. The files are
/// written into a fresh sibling folder that is renamed to `dir` at the end, so an interrupted
/// copy never looks like a project. Returns whether it copied.
pub fn install_demo(dir: &Path) -> Result<bool, DemoError> {
    if ProjectFolder::project_root_of(dir).is_some() {
        return Ok(false);
    }
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut entries| entries.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(DemoError::Occupied(dir.to_path_buf()));
        }
        std::fs::remove_dir(dir).map_err(|source| DemoError::Write {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    let parent = dir.parent().unwrap_or(Path::new("."));
    let fail = |path: &Path| {
        let path = path.to_path_buf();
        move |source| DemoError::Write { path, source }
    };
    std::fs::create_dir_all(parent).map_err(fail(parent))?;
    let staging = tempfile::Builder::new()
        .prefix(".demo-copy-")
        .tempdir_in(parent)
        .map_err(fail(parent))?;
    for (rel, bytes) in embedded_demo() {
        let path = staging.path().join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(fail(p))?;
        }
        std::fs::write(&path, bytes).map_err(fail(&path))?;
    }
    let staged = staging.keep();
    std::fs::rename(&staged, dir).map_err(|source| {
        let _ = std::fs::remove_dir_all(&staged);
        DemoError::Write {
            path: dir.to_path_buf(),
            source,
        }
    })?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_installs_once_and_is_never_overwritten() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data").join("demo");
        assert!(install_demo(&dir).unwrap());
        let (p, _) = ProjectFolder::load(&dir).expect("the copied demo loads");
        assert_eq!(p.documents().len(), 3);
        // The user edits the copy; a later run keeps the edit.
        let links = dir.join("links").join("ana.json");
        let edited = std::fs::read_to_string(&links).unwrap() + "\n";
        std::fs::write(&links, &edited).unwrap();
        assert!(!install_demo(&dir).unwrap());
        assert_eq!(std::fs::read_to_string(&links).unwrap(), edited);
        // No staging folder is left behind.
        let left: Vec<_> = std::fs::read_dir(dir.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, vec![std::ffi::OsString::from("demo")]);
    }

    #[test]
    fn a_folder_in_the_way_is_not_touched() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("demo");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("mine.txt"), "keep").unwrap();
        let e = install_demo(&dir).unwrap_err();
        assert!(e.to_string().contains("not a Weft project"), "{e}");
        assert_eq!(
            std::fs::read_to_string(dir.join("mine.txt")).unwrap(),
            "keep"
        );
    }

    #[test]
    fn the_icon_decodes_to_a_square_image() {
        let icon = icon().expect("the embedded PNG decodes");
        assert_eq!((icon.width, icon.height), (256, 256));
        assert_eq!(icon.rgba.len(), 256 * 256 * 4);
    }

    #[test]
    fn the_embedded_demo_is_exactly_projects_demo() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/demo");
        let mut on_disk = Vec::new();
        list(&root, &root, &mut on_disk);
        on_disk.sort();
        let mut embedded: Vec<String> =
            embedded_demo().iter().map(|(p, _)| p.to_string()).collect();
        embedded.sort();
        assert_eq!(
            embedded, on_disk,
            "the embedded demo (listed by build.rs) must hold every file of projects/demo (except .weft/)"
        );
        for (rel, bytes) in embedded_demo() {
            assert_eq!(
                &std::fs::read(root.join(rel)).unwrap(),
                bytes,
                "{rel} differs"
            );
        }
    }

    fn list(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.file_name().is_some_and(|n| n == ".weft") {
                continue;
            }
            if p.is_dir() {
                list(root, &p, out);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(rel);
            }
        }
    }
}
