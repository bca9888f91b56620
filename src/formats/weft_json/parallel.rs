//! The export on all cores: documents are formatted by worker threads, each into its own
//! buffer, and written in document order by the calling thread while the next ones are
//! formatted. The bytes are those of the single-threaded writer ([`super::export_to_writer`]):
//! the frame around the documents is written here the way serde_json's pretty (or compact)
//! formatter writes it, and each document is formatted at the depth it sits at.
//!
//! The entities, events, relations and arguments that follow the documents are built and
//! formatted on one more thread meanwhile, into one buffer written after the documents.
//!
//! Memory stays bounded by a few documents: a worker does not start a document more than a
//! few ahead of the one being written ([`Gate`]); the buffer after them holds the entities'
//! member lists with the relations and arguments (about 200 bytes per member, pretty).

use super::error::ExportError;
use super::stream::{Ctx, DocumentOut};
use super::tail::{self, Entries};
use super::values::{Groups, export_head};
use crate::model::Project;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

/// How the JSON text is laid out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Layout {
    /// Indented by two spaces, one value per line (the default; what `weft export` writes).
    #[default]
    Pretty,
    /// No whitespace at all (`--compact`): about half the bytes.
    Compact,
}

const INDENT: &[u8] = b"  ";

fn indent<W: ?Sized + Write>(w: &mut W, depth: usize) -> io::Result<()> {
    for _ in 0..depth {
        w.write_all(INDENT)?;
    }
    Ok(())
}

/// serde_json's pretty layout (two spaces), starting at `depth` levels in: a document written
/// with it is the text the pretty formatter writes for it at that place in the whole.
struct Indented {
    depth: usize,
    has_value: bool,
}

impl Indented {
    fn at(depth: usize) -> Self {
        Indented {
            depth,
            has_value: false,
        }
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            indent(w, self.depth)?;
        }
        w.write_all(bracket)
    }

    fn next<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        indent(w, self.depth)
    }
}

impl Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.next(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.next(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Serialises `value` into `out` in `layout`, `depth` levels in.
fn format_into<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    value: &T,
    layout: Layout,
    depth: usize,
) -> serde_json::Result<()> {
    match layout {
        Layout::Pretty => value.serialize(&mut serde_json::Serializer::with_formatter(
            out,
            Indented::at(depth),
        )),
        Layout::Compact => value.serialize(&mut serde_json::Serializer::with_formatter(
            out,
            CompactFormatter,
        )),
    }
}

/// The separator before element or key number `i` of a container `depth` levels in.
fn separator(w: &mut impl Write, layout: Layout, i: usize, depth: usize) -> io::Result<()> {
    match layout {
        Layout::Pretty => {
            w.write_all(if i == 0 { b"\n" } else { b",\n" })?;
            indent(w, depth)
        }
        Layout::Compact if i > 0 => w.write_all(b","),
        Layout::Compact => Ok(()),
    }
}

/// The end of a non-empty container whose elements are `depth` levels in.
fn close(w: &mut impl Write, layout: Layout, depth: usize, bracket: &[u8]) -> io::Result<()> {
    if layout == Layout::Pretty {
        w.write_all(b"\n")?;
        indent(w, depth - 1)?;
    }
    w.write_all(bracket)
}

/// How many documents a worker may be ahead of the one being written.
struct Gate {
    /// (documents written, stopped early).
    state: Mutex<(usize, bool)>,
    moved: Condvar,
    window: usize,
}

impl Gate {
    fn new(window: usize) -> Self {
        Gate {
            state: Mutex::new((0, false)),
            moved: Condvar::new(),
            window,
        }
    }

    /// Waits until document `i` may be started; `false` when the export stopped.
    fn wait_for(&self, i: usize) -> bool {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while !s.1 && i >= s.0 + self.window {
            s = self.moved.wait(s).unwrap_or_else(|e| e.into_inner());
        }
        !s.1
    }

    fn written(&self, n: usize) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).0 = n;
        self.moved.notify_all();
    }

    fn stop(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).1 = true;
        self.moved.notify_all();
    }
}

/// Writes the export to `w` in `layout` (no final newline), formatting documents on `threads`
/// threads (at least one; 0 means one per core). Same text as [`super::export_to_writer`] for
/// [`Layout::Pretty`]; a failing writer gives [`ExportError::Write`], an offset that cannot be
/// converted [`ExportError::Range`] (the first by document order).
pub fn write_parallel<W: Write>(
    project: &Project,
    now: DateTime<Utc>,
    layout: Layout,
    threads: usize,
    mut w: W,
) -> Result<(), ExportError> {
    let groups = Groups::of(project);
    let head = export_head(project, now);
    let entries = head.as_object().expect("the export is an object");
    let io = ExportError::Write;
    std::thread::scope(|s| {
        // The keys after the documents (entities and events with every member, relations,
        // arguments) are built and formatted on a thread of their own while the documents are.
        let tail = s.spawn(|| format_tail(project, &groups, layout, entries.len()));
        w.write_all(b"{").map_err(io)?;
        for (i, (k, v)) in entries.iter().enumerate() {
            separator(&mut w, layout, i, 1).map_err(io)?;
            let mut buf = Vec::new();
            format_into(&mut buf, k, layout, 1).map_err(ExportError::Json)?;
            buf.extend_from_slice(key_end(layout));
            if k == "documents" {
                w.write_all(&buf).map_err(io)?;
                documents(project, &groups, layout, threads, &mut w)?;
                continue;
            }
            format_into(&mut buf, v, layout, 1).map_err(ExportError::Json)?;
            w.write_all(&buf).map_err(io)?;
        }
        let tail = tail
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        w.write_all(&tail).map_err(io)?;
        close(&mut w, layout, 1, b"}").map_err(io)
    })
}

/// What comes between a key and its value.
fn key_end(layout: Layout) -> &'static [u8] {
    if layout == Layout::Pretty {
        b": "
    } else {
        b":"
    }
}

/// The entries after the documents, formatted as they follow entry number `first - 1`:
/// streamed ([`super::tail`]), no value tree.
fn format_tail(
    project: &Project,
    groups: &Groups<'_>,
    layout: Layout,
    first: usize,
) -> Result<Vec<u8>, ExportError> {
    struct Out {
        buf: Vec<u8>,
        layout: Layout,
        next: usize,
    }
    impl Entries for Out {
        fn entry<T: Serialize>(&mut self, key: &str, value: &T) -> serde_json::Result<()> {
            separator(&mut self.buf, self.layout, self.next, 1).map_err(serde_json::Error::io)?;
            self.next += 1;
            format_into(&mut self.buf, key, self.layout, 1)?;
            self.buf.extend_from_slice(key_end(self.layout));
            format_into(&mut self.buf, value, self.layout, 1)
        }
    }
    let mut out = Out {
        buf: Vec::new(),
        layout,
        next: first,
    };
    tail::entries(project, groups, &mut out).map_err(ExportError::Json)?;
    Ok(out.buf)
}

/// One formatted document, or why it could not be.
type Formatted = Result<Vec<u8>, ExportError>;

/// The `documents` array, formatted on worker threads and written in order.
fn documents<W: Write>(
    project: &Project,
    groups: &Groups<'_>,
    layout: Layout,
    threads: usize,
    w: &mut W,
) -> Result<(), ExportError> {
    let docs = project.documents();
    if docs.is_empty() {
        return w.write_all(b"[]").map_err(ExportError::Write);
    }
    let threads = match threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
    .min(docs.len());
    let format_one = |i: usize| -> Formatted {
        let ctx = Ctx::new(project);
        let mentions = groups.document(i);
        // Room for the text (escapes add a little) and each mention (measured: about 850
        // bytes pretty, 490 compact, with their own texts), so the buffer is seldom moved.
        let per_mention = if layout == Layout::Pretty { 900 } else { 520 };
        let text = docs[i].text().len();
        let mut buf = Vec::with_capacity(text + text / 8 + mentions.len() * per_mention + 4096);
        let r = format_into(&mut buf, &DocumentOut(&ctx, &docs[i], &mentions), layout, 2);
        r.map(|()| buf).map_err(|e| ctx.error(e))
    };
    w.write_all(b"[").map_err(ExportError::Write)?;
    if threads <= 1 {
        for i in 0..docs.len() {
            separator(w, layout, i, 2).map_err(ExportError::Write)?;
            w.write_all(&format_one(i)?).map_err(ExportError::Write)?;
        }
    } else {
        ordered(docs.len(), threads, &format_one, |i, buf| {
            separator(w, layout, i, 2).map_err(ExportError::Write)?;
            w.write_all(&buf).map_err(ExportError::Write)
        })?;
    }
    close(w, layout, 2, b"]").map_err(ExportError::Write)
}

/// Runs `make(i)` for `0..n` on `threads` workers and hands the results to `write` in order
/// of `i`, on the calling thread, as soon as each one's predecessors are written. Stops at
/// the first error (by order).
fn ordered(
    n: usize,
    threads: usize,
    make: &(dyn Fn(usize) -> Formatted + Sync),
    mut write: impl FnMut(usize, Vec<u8>) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    let next = AtomicUsize::new(0);
    let gate = Gate::new(threads * 4);
    let (tx, rx) = mpsc::channel::<(usize, Formatted)>();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, gate) = (&next, &gate);
            s.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n || !gate.wait_for(i) {
                        break;
                    }
                    if tx.send((i, make(i))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting: BTreeMap<usize, Formatted> = BTreeMap::new();
        let mut due = 0usize;
        let result = (|| {
            for (i, r) in &rx {
                waiting.insert(i, r);
                while let Some(r) = waiting.remove(&due) {
                    write(due, r?)?;
                    due += 1;
                    gate.written(due);
                }
            }
            Ok(())
        })();
        // On an error the workers stop at their next document (and the scope joins them).
        gate.stop();
        result
    })
}
