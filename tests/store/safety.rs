//! Never lose work: the project lock, the recovery journal, and saves that fail and are retried.

use crate::common::*;
use weft::edit::{Edit, History, ops};
use weft::model::*;
use weft::store::ProjectFolder;
use weft::store::safety::{self, LockError, RecoveryJournal};

fn project(dir: &std::path::Path) -> (Project, ProjectFolder) {
    let (mut p, mut f) = ProjectFolder::create(dir, "safe", Schema::default_news()).unwrap();
    weft::edit::apply(
        &mut p,
        Edit::InsertDocument {
            index: 0,
            doc: doc("d_a", "a", "Ana met Luis in Lima 😎 on Monday."),
        },
    )
    .unwrap();
    weft::edit::apply(
        &mut p,
        Edit::InsertDocument {
            index: 1,
            doc: doc("d_b", "b", "Luis left Lima."),
        },
    )
    .unwrap();
    f.save(&p).unwrap();
    (p, f)
}

#[test]
fn a_project_opened_twice_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let first = safety::lock(dir.path()).unwrap();
    match safety::lock(dir.path()) {
        Err(LockError::Held { path, .. }) => assert_eq!(path, dir.path().join(".weft/lock")),
        other => panic!("expected the lock to be held, got {other:?}"),
    }
    let msg = safety::lock(dir.path()).unwrap_err().to_string();
    assert!(
        msg.contains("already open") && msg.contains(".weft"),
        "{msg}"
    );
    drop(first);
    safety::lock(dir.path()).expect("released on drop");
}

/// A child process started on another thread shares the lock's open file until it runs its
/// program, so a lock this process has just released can stay held for a moment (the flaky
/// reopen of a team test). The record naming this process makes `lock` wait for it; a lock
/// another process's record names is refused with that record.
#[test]
fn a_lock_this_process_just_released_is_waited_for_and_another_holder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    drop(safety::lock(dir.path()).unwrap());
    let path = dir.path().join(".weft/lock");
    let record = std::fs::read_to_string(&path).unwrap();
    assert!(
        record.starts_with(&format!("process {} on ", std::process::id())),
        "{record}"
    );
    // The shared open file of a child about to run its program, released a moment later.
    let straggler = std::fs::File::open(&path).unwrap();
    straggler.try_lock().unwrap();
    let release = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(60));
        drop(straggler);
    });
    let lock = safety::lock(dir.path()).expect("waited for the straggler to let go");
    release.join().unwrap();
    drop(lock);
    // Another process's lock: its record is what the refusal names.
    std::fs::write(
        &path,
        "process 1 on elsewhere, since 2026-01-01 00:00:00 UTC",
    )
    .unwrap();
    let other = std::fs::File::open(&path).unwrap();
    other.try_lock().unwrap();
    match safety::lock(dir.path()) {
        Err(LockError::Held { holder, .. }) => assert_eq!(
            holder.as_deref(),
            Some("process 1 on elsewhere, since 2026-01-01 00:00:00 UTC")
        ),
        other => panic!("expected the lock to be held, got {other:?}"),
    }
}

#[test]
fn unsaved_edits_are_recovered_after_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let (mut p, f) = project(dir.path());
    let mut h = History::new();
    let mut journal = RecoveryJournal::new(&f);
    let d = DocId::new("d_a");
    let ana = tag(&mut p, &mut h, &d, "Ana", 0, "PERSON");
    tag(&mut p, &mut h, &d, "Lima", 0, "PLACE");
    journal.append(&h.drain_applied()).unwrap();
    let (e, l) = ops::new_cluster_from(&p, &ana, ClusterId::new("c_ana"), t0()).unwrap();
    h.apply(&mut p, e, l).unwrap();
    tag(&mut p, &mut h, &DocId::new("d_b"), "Luis", 0, "PERSON");
    h.undo(&mut p).unwrap(); // undone edits are journalled too
    journal.append(&h.drain_applied()).unwrap();
    let before_crash = p.clone();
    drop(journal); // the process dies here: nothing was saved

    let (mut reopened, f2) = ProjectFolder::load(dir.path()).unwrap();
    assert_eq!(
        reopened.mentions().count(),
        0,
        "the saved project has none of the edits"
    );
    let rec = RecoveryJournal::pending(&f2).expect("the journal is offered");
    assert_eq!(rec.damaged_lines, 0);
    weft::edit::apply(&mut reopened, Edit::Batch(rec.edits)).unwrap();
    assert!(
        reopened == before_crash,
        "restoring the journal gives back every edit"
    );
}

#[test]
fn a_journal_cut_short_restores_what_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    let (mut p, f) = project(dir.path());
    let mut h = History::new();
    let mut journal = RecoveryJournal::new(&f);
    tag(&mut p, &mut h, &DocId::new("d_a"), "Ana", 0, "PERSON");
    journal.append(&h.drain_applied()).unwrap();
    let after_first = p.clone();
    tag(&mut p, &mut h, &DocId::new("d_a"), "Luis", 0, "PERSON");
    journal.append(&h.drain_applied()).unwrap();
    // A crash in the middle of the last write leaves half a line.
    let path = dir.path().join(safety::RECOVERY);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() - 20]).unwrap();
    let (mut reopened, f2) = ProjectFolder::load(dir.path()).unwrap();
    let rec = RecoveryJournal::pending(&f2).unwrap();
    assert_eq!(rec.damaged_lines, 1);
    weft::edit::apply(&mut reopened, Edit::Batch(rec.edits)).unwrap();
    assert!(reopened == after_first);
}

#[test]
fn after_a_save_the_journal_is_reset_and_a_stale_one_is_not_offered() {
    let dir = tempfile::tempdir().unwrap();
    let (mut p, mut f) = project(dir.path());
    let mut h = History::new();
    let mut journal = RecoveryJournal::new(&f);
    tag(&mut p, &mut h, &DocId::new("d_a"), "Ana", 0, "PERSON");
    journal.append(&h.drain_applied()).unwrap();
    f.save(&p).unwrap();
    journal.reset(&f).unwrap();
    assert!(RecoveryJournal::pending(&f).is_none());
    // A journal written against an older save must not be replayed on a newer one.
    tag(&mut p, &mut h, &DocId::new("d_a"), "Luis", 0, "PERSON");
    journal.append(&h.drain_applied()).unwrap();
    tag(&mut p, &mut h, &DocId::new("d_b"), "Lima", 0, "PLACE");
    f.save(&p).unwrap(); // saved without resetting the journal (e.g. by another tool)
    let (_, reloaded) = ProjectFolder::load(dir.path()).unwrap();
    assert!(
        RecoveryJournal::pending(&reloaded).is_none(),
        "base no longer matches"
    );
}

#[test]
fn a_failed_save_keeps_the_edits_and_a_retry_works() {
    let dir = tempfile::tempdir().unwrap();
    let (mut p, mut f) = project(dir.path());
    let mut h = History::new();
    tag(&mut p, &mut h, &DocId::new("d_a"), "Ana", 0, "PERSON");
    tag(&mut p, &mut h, &DocId::new("d_b"), "Luis", 0, "PERSON");
    // Make the annotations folder unwritable in a way that stops root too: replace it by a file.
    let ann = dir.path().join("annotations");
    std::fs::create_dir_all(&ann).unwrap();
    std::fs::rename(&ann, dir.path().join("annotations.moved")).unwrap();
    std::fs::write(&ann, b"not a folder").unwrap();
    let err = f.save(&p).unwrap_err();
    assert!(err.to_string().contains("annotations"), "{err}");
    assert_eq!(p.mentions().count(), 2, "the edits are still in memory");
    // The user frees the folder; the autosave retries and succeeds.
    std::fs::remove_file(&ann).unwrap();
    std::fs::rename(dir.path().join("annotations.moved"), &ann).unwrap();
    f.save(&p).expect("the retry works");
    let (disk, _) = ProjectFolder::load(dir.path()).unwrap();
    assert!(disk == p);
}

#[test]
fn an_interrupted_save_is_completed_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let (mut p, mut f) = project(dir.path());
    let mut h = History::new();
    tag(&mut p, &mut h, &DocId::new("d_a"), "Ana", 0, "PERSON");
    let (e, l) = ops::new_cluster_from(
        &p,
        p.mentions().next().unwrap().id.clone().as_ref_id(),
        ClusterId::new("c_ana"),
        t0(),
    )
    .unwrap();
    h.apply(&mut p, e, l).unwrap();
    // Simulate a crash after the journal and the first file were written.
    let files = f.render(&p);
    let changed: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .filter(|(rel, bytes)| {
            std::fs::read(dir.path().join(rel)).ok().as_deref() != Some(bytes.as_slice())
        })
        .collect();
    assert!(
        changed.len() >= 2,
        "{:?}",
        changed.iter().map(|c| &c.0).collect::<Vec<_>>()
    );
    let journal = serde_json::json!({"format": "weft-save-journal", "version": 1, "files": changed.iter().map(|(rel, b)| serde_json::json!({"path": rel, "sha256": text_hash(std::str::from_utf8(b).unwrap()), "content": std::str::from_utf8(b).unwrap()})).collect::<Vec<_>>()});
    std::fs::write(dir.path().join(safety::SAVE_JOURNAL), journal.to_string()).unwrap();
    let first = dir.path().join(&changed[0].0);
    std::fs::create_dir_all(first.parent().unwrap()).unwrap();
    std::fs::write(first, &changed[0].1).unwrap();
    let (loaded, _) = ProjectFolder::load(dir.path()).expect("the journal is completed");
    assert!(loaded == p);
    assert!(!dir.path().join(safety::SAVE_JOURNAL).exists());
}

trait AsRefId {
    fn as_ref_id(&self) -> &MentionId;
}
impl AsRefId for MentionId {
    fn as_ref_id(&self) -> &MentionId {
        self
    }
}

/// A small tmpfs mounted on a temporary folder, unmounted on drop. `None` where mounting is not
/// allowed (not root, no CAP_SYS_ADMIN); the failure path is then covered by
/// `a_failed_save_keeps_the_edits_and_a_retry_works` alone.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(kib: usize) -> Option<Self> {
        let dir = tempfile::tempdir().ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(SmallDisk { dir })
    }

    fn remount(&self, how: &str) {
        let st = std::process::Command::new("mount")
            .args(["-o", &format!("remount,{how}")])
            .arg(self.dir.path())
            .status()
            .unwrap();
        assert!(st.success(), "remount {how}");
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.dir.path())
            .status();
    }
}

#[test]
fn a_full_disk_and_a_read_only_folder_fail_the_save_keep_the_edits_and_a_retry_works() {
    let Some(disk) = SmallDisk::mount(512) else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)");
        return;
    };
    let root = disk.dir.path().join("p");
    let (mut p, mut f) = project(&root);
    let mut h = History::new();
    let d = DocId::new("d_a");
    tag(&mut p, &mut h, &d, "Ana", 0, "PERSON");
    f.save(&p).unwrap();
    let saved = p.clone();
    let snapshot = |root: &std::path::Path| {
        let mut out = Vec::new();
        for dir in ["", "texts", "annotations"] {
            let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.is_file())
                .collect();
            files.sort();
            for file in files {
                out.push((file.clone(), std::fs::read(&file).unwrap()));
            }
        }
        out
    };
    let before = snapshot(&root);

    // Fill the disk to the last byte.
    let filler = disk.dir.path().join("filler");
    {
        use std::io::Write;
        let mut w = std::fs::File::create(&filler).unwrap();
        let block = vec![0u8; 4096];
        while w.write_all(&block).is_ok() {}
        while w.write_all(&[0]).is_ok() {}
    }
    tag(&mut p, &mut h, &d, "Lima", 0, "PLACE");
    tag(&mut p, &mut h, &DocId::new("d_b"), "Luis", 0, "PERSON");
    let err = f.save(&p).unwrap_err().to_string();
    assert!(
        err.contains(root.to_str().unwrap()) && err.to_lowercase().contains("no space"),
        "the message names the file and the cause: {err}"
    );
    assert_eq!(p.mentions().count(), 3, "the edits are still in memory");
    assert_eq!(snapshot(&root), before, "nothing on disk changed");
    let (disk_state, _) = ProjectFolder::load(&root).expect("still loads");
    assert!(disk_state == saved);

    // Space is freed; the retry writes everything.
    std::fs::remove_file(&filler).unwrap();
    f.save(&p).expect("the retry works");
    let (disk_state, _) = ProjectFolder::load(&root).unwrap();
    assert!(disk_state == p);

    // A read-only folder: the same promise.
    let saved = p.clone();
    let before = snapshot(&root);
    disk.remount("ro");
    tag(&mut p, &mut h, &d, "Monday", 0, "DATE");
    let err = f.save(&p).unwrap_err().to_string();
    disk.remount("rw");
    assert!(
        err.contains(root.to_str().unwrap()) && err.to_lowercase().contains("read-only"),
        "the message names the file and the cause: {err}"
    );
    assert_eq!(snapshot(&root), before, "nothing on disk changed");
    let (disk_state, _) = ProjectFolder::load(&root).unwrap();
    assert!(disk_state == saved);
    f.save(&p).expect("the retry works");
    let (disk_state, _) = ProjectFolder::load(&root).unwrap();
    assert!(disk_state == p);
}

#[test]
fn a_full_disk_fails_a_large_export_keeps_the_old_file_and_leaves_nothing_behind() {
    use weft::formats::files::write_weft_json as export_to_file;
    use weft::formats::weft_json::{ExportError, Layout, export_string_with};
    let Some(disk) = SmallDisk::mount(1024) else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)");
        return;
    };
    let elsewhere = tempfile::tempdir().unwrap();
    let (mut p, _f) = project(&elsewhere.path().join("p"));
    let small = p.clone();
    // Three megabytes of text: more than the disk holds, several of the writer's buffers.
    let big: String = "Ana met Luis in Lima \u{1F60E} on Monday.\n".repeat(75_000);
    weft::edit::apply(
        &mut p,
        Edit::InsertDocument {
            index: 2,
            doc: doc("d_big", "big", &big),
        },
    )
    .unwrap();
    let out = disk.dir.path().join("export.json");
    std::fs::write(&out, b"the export of last week").unwrap();
    let now = chrono::Utc::now();
    let e = export_to_file(&p, now, Layout::Compact, &out).unwrap_err();
    match &e {
        ExportError::Write(io) => assert_eq!(io.kind(), std::io::ErrorKind::StorageFull, "{io}"),
        other => panic!("not a write error: {other}"),
    }
    assert_eq!(std::fs::read(&out).unwrap(), b"the export of last week");
    let names: Vec<_> = std::fs::read_dir(disk.dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "the temporary file is removed: {names:?}");

    // A project that fits is written whole, the same bytes as the export in memory.
    export_to_file(&small, now, Layout::Pretty, &out).unwrap();
    let expected = export_string_with(&small, now, Layout::Pretty).unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected);
}
