//! Atomic file replacement: write a temporary file in the same folder, flush it to disk, then
//! rename it over the target. A reader (or a crash) sees the old file or the new one, never a
//! half-written one.

use std::io::Write;
use std::path::Path;

/// Replaces `path` with `bytes` atomically, creating parent folders as needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    replace(path, |_, mut file| file.write_all(bytes))
}

/// How many bytes [`write_atomic_with`] writes between two requests to flush the file so far.
const SYNC_EVERY: usize = 32 << 20;

/// Replaces `path` atomically with what `fill` writes, creating parent folders as needed; for
/// large files written as they are made (an export), with no copy of the whole in memory.
///
/// The disk works while `fill` still formats, and the final flush before the rename has
/// little left to do: on Linux the bytes go past the page cache from a writer thread
/// ([`super::direct`]); elsewhere (or where the file system refuses that) the temporary file
/// is flushed in the background as it grows (every 32 MB a thread asks the system to write
/// out what has been written so far). If `fill` fails, or any write or flush does, the
/// temporary file is removed and `path` is left as it was.
pub fn write_atomic_with<E: From<std::io::Error>>(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), E> {
    replace(path, |tmp, file| {
        #[cfg(target_os = "linux")]
        if let Some(direct) = super::direct::open(tmp) {
            return super::direct::write(direct, file, fill);
        }
        write_buffered(file, fill)
    })
}

/// What both writers share: a temporary file in the target's folder, filled by `write`
/// (given its path and an open handle), synced, renamed over `path`, and the folder synced.
/// On any error the temporary file is removed and `path` is left as it was.
fn replace<E: From<std::io::Error>>(
    path: &Path,
    write: impl FnOnce(&Path, &std::fs::File) -> Result<(), E>,
) -> Result<(), E> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let tmp = tempfile::Builder::new()
        .prefix(".weft-tmp-")
        .suffix(".part")
        .tempfile_in(dir)?;
    write(tmp.path(), tmp.as_file())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
}

/// The portable path of [`write_atomic_with`]: `fill` writes through a buffer to `file`, and
/// a thread flushes the file every [`SYNC_EVERY`] bytes. The caller syncs it at the end.
fn write_buffered<E: From<std::io::Error>>(
    file: &std::fs::File,
    fill: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), E> {
    std::thread::scope(|s| -> Result<(), E> {
        let (ask, asked) = std::sync::mpsc::sync_channel::<()>(1);
        // The first error of a background flush: the system reports a failed write-back
        // once per open file, so the flush that meets it must pass it on.
        let syncer = s.spawn(move || -> std::io::Result<()> {
            for () in asked {
                file.sync_data()?;
            }
            Ok(())
        });
        let mut w = SyncAhead {
            out: std::io::BufWriter::with_capacity(1 << 16, file),
            since_sync: 0,
            ask: Some(ask),
        };
        let filled = fill(&mut w).and_then(|()| Ok(w.out.flush()?));
        drop(w); // closes the channel: the syncer ends after its current flush
        let synced = syncer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        filled?;
        Ok(synced?)
    })
}

/// The writer [`write_atomic_with`] hands out: buffered, and asking the syncer thread to
/// flush every [`SYNC_EVERY`] bytes (a request while one runs is dropped: that flush, or
/// the next, covers the bytes).
struct SyncAhead<'f> {
    out: std::io::BufWriter<&'f std::fs::File>,
    since_sync: usize,
    ask: Option<std::sync::mpsc::SyncSender<()>>,
}

impl Write for SyncAhead<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        self.since_sync += n;
        if self.since_sync >= SYNC_EVERY {
            self.out.flush()?;
            self.since_sync = 0;
            if let Some(ask) = &self.ask
                && let Err(std::sync::mpsc::TrySendError::Disconnected(())) = ask.try_send(())
            {
                self.ask = None; // the syncer stopped on an error, reported at the end
            }
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Flushes a folder's entries (so a rename survives a power cut) where the platform allows.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    {
        // Best effort: some file systems refuse to sync a folder. The file itself was synced
        // before the rename, so its content is safe either way.
        if let Ok(f) = std::fs::File::open(dir) {
            let _ = f.sync_all();
        }
    }
    #[cfg(not(unix))]
    {
        let _ = dir; // nothing to flush on this platform
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/a.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(p.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn streamed_write_crosses_several_flushes_and_keeps_every_byte() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.json");
        // Written in pieces of every size, past the flush interval more than twice.
        let piece: Vec<u8> = (0..=250u8).collect();
        let total = SYNC_EVERY * 2 + 12_345;
        write_atomic_with(&p, |w| -> std::io::Result<()> {
            let mut left = total;
            let mut n = 1;
            while left > 0 {
                let k = n.min(left).min(piece.len());
                w.write_all(&piece[..k])?;
                left -= k;
                n = n % piece.len() + 7;
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(std::fs::metadata(&p).unwrap().len(), total as u64);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left");
    }

    #[test]
    fn the_buffered_path_keeps_every_byte_and_passes_on_the_fill_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        let file = std::fs::File::create(&p).unwrap();
        let bytes: Vec<u8> = (0..SYNC_EVERY * 2 + 77).map(|i| (i % 251) as u8).collect();
        write_buffered(&file, |w| -> std::io::Result<()> {
            for piece in bytes.chunks(100_003) {
                w.write_all(piece)?;
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), bytes);
        let e = write_buffered(&file, |_| -> std::io::Result<()> {
            Err(std::io::Error::other("the formatter failed"))
        });
        assert_eq!(e.unwrap_err().to_string(), "the formatter failed");
    }

    #[test]
    fn a_failing_fill_leaves_the_old_file_and_no_temporary_one() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        write_atomic(&p, b"old").unwrap();
        let r = write_atomic_with(&p, |w| -> std::io::Result<()> {
            w.write_all(&vec![b'x'; SYNC_EVERY + 1])?;
            Err(std::io::Error::other("the formatter failed"))
        });
        assert_eq!(r.unwrap_err().to_string(), "the formatter failed");
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "the temporary file is removed");
    }
}
