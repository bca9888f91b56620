//! The suggestion matcher, built off the frame: on a worker thread, and never before the first
//! frame of a project has been drawn.
//!
//! Building the automaton over every tagged string takes tens of milliseconds at 20,000
//! mentions (more at 100,000), so the frame never waits for it. When the overlays ask for a
//! document's suggestions and no matcher for the project's current revision is there, the
//! worker notes the wish; once a frame has been drawn it copies the tagged strings out of the
//! project ([`Tagged::of`], one pass) and builds the matcher on a thread of its own, which asks
//! for a repaint when done. Until then the newest matcher there is serves (one built before the
//! last edits: its places are still checked against the current project, so nothing tagged
//! since is suggested; strings tagged since are missing until the new one arrives), or none.
//! Builds never overlap: edits made during a build are served by the next one.
//!
//! Commands that need the current suggestions (accept, reject, next) [`settle`] first: they
//! wait for the worker (the build still runs there).
//!
//! [`settle`]: SuggestWorker::settle

use crate::model::{DocId, Project};
use crate::suggest::{Suggester, Suggestion, Tagged};
use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread::ThreadId;

/// What the suggestions were computed for: (workspace epoch, session generation).
pub type RevKey = (u64, u64);

/// Counters of the worker, for tests and the benchmark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SuggestStats {
    /// Frames drawn since the project was opened.
    pub frames_drawn: u64,
    /// Matcher builds started.
    pub builds_started: u64,
    /// Matchers that arrived.
    pub builds_finished: u64,
    /// Of those, built on the thread that draws the frames (only when no thread could be
    /// started).
    pub built_on_frame_thread: u64,
    /// How many frames had been drawn when the first build started (≥ 1: never on the first
    /// frame's path).
    pub first_build_after_frames: Option<u64>,
    /// Times an arriving matcher changed what the overlays show (each makes them rebuild).
    pub overlay_refreshes: u64,
}

/// A matcher built on the worker.
struct Built {
    suggester: Suggester,
    thread: ThreadId,
}

/// The matcher, the build under way and each document's suggestions found with the matcher.
#[derive(Default)]
pub struct SuggestWorker {
    /// The newest matcher, the revision it was built for and its serial number.
    ready: Option<(RevKey, Suggester, u64)>,
    /// Suggestions per document, for (revision, matcher serial).
    per_doc: HashMap<DocId, Vec<Suggestion>>,
    per_doc_key: Option<(RevKey, u64)>,
    /// The build under way: the revision it is for, where the matcher arrives.
    job: Option<(RevKey, Receiver<Built>)>,
    /// The revision suggestions were last asked for without a matcher built for it.
    wanted: Option<RevKey>,
    /// A matcher arrived that [`SuggestWorker::take_arrived`] has not reported yet.
    arrived: bool,
    /// A revision whose build failed (the worker panicked): not retried.
    failed: Option<RevKey>,
    /// What the overlays were last given.
    pub(super) last_shown: HashMap<DocId, Vec<std::ops::Range<usize>>>,
    pub(super) stats: SuggestStats,
}

impl SuggestWorker {
    /// The counters.
    pub fn stats(&self) -> SuggestStats {
        self.stats
    }

    /// Whether a matcher for `key` is there.
    pub fn is_current(&self, key: RevKey) -> bool {
        self.ready.as_ref().is_some_and(|(k, _, _)| *k == key)
    }

    /// Suggestions of `doc` with the newest matcher (see the module documentation); empty
    /// while there is none. Notes that a matcher for `key` is wanted if it is not there.
    pub fn suggestions_in(&mut self, key: RevKey, p: &Project, doc: &DocId) -> Vec<Suggestion> {
        if !self.is_current(key) {
            self.wanted = Some(key);
        }
        let Some((_, sg, serial)) = &self.ready else {
            return Vec::new();
        };
        let cache_key = Some((key, *serial));
        if self.per_doc_key != cache_key {
            self.per_doc.clear();
            self.per_doc_key = cache_key;
        }
        self.per_doc
            .entry(doc.clone())
            .or_insert_with(|| sg.suggest_in(p, doc))
            .clone()
    }

    /// Call at the end of every frame: counts it, and asks for the next frame when a build
    /// waits to be started there.
    pub fn frame_drawn(&mut self, ctx: &egui::Context) {
        self.stats.frames_drawn += 1;
        if self.wants_build() {
            ctx.request_repaint();
        }
    }

    fn wants_build(&self) -> bool {
        self.job.is_none()
            && self
                .wanted
                .is_some_and(|w| !self.is_current(w) && self.failed != Some(w))
    }

    /// Whether a matcher arrived since the last call.
    pub fn take_arrived(&mut self) -> bool {
        std::mem::take(&mut self.arrived)
    }

    /// Call at the start of every frame: takes a matcher that arrived, and starts the wanted
    /// build once a frame has been drawn.
    pub fn poll(&mut self, p: &Project, ctx: &egui::Context) {
        if let Some((key, rx)) = &self.job {
            match rx.try_recv() {
                Ok(built) => {
                    let key = *key;
                    self.install(key, built);
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    self.failed = Some(*key);
                    self.job = None;
                }
            }
        }
        if self.stats.frames_drawn > 0
            && self.wants_build()
            && let Some(w) = self.wanted
        {
            self.start(w, p, ctx);
        }
    }

    /// Waits until a matcher for `key` is there (built on the worker; a build for an older
    /// revision under way is taken first).
    pub fn settle(&mut self, key: RevKey, p: &Project, ctx: &egui::Context) {
        // At most two rounds: the build under way, then one for `key`.
        for _ in 0..3 {
            if self.is_current(key) || self.failed == Some(key) {
                return;
            }
            if self.job.is_none() {
                self.start(key, p, ctx);
            }
            let Some((k, rx)) = self.job.take() else {
                return;
            };
            match rx.recv() {
                Ok(built) => self.install(k, built),
                Err(_) => self.failed = Some(k),
            }
        }
    }

    fn install(&mut self, key: RevKey, built: Built) {
        self.job = None;
        self.arrived = true;
        self.stats.builds_finished += 1;
        if built.thread == std::thread::current().id() {
            self.stats.built_on_frame_thread += 1;
        }
        self.ready = Some((key, built.suggester, self.stats.builds_finished));
    }

    /// Copies the tagged strings out of `p` and builds their matcher on a thread of its own.
    fn start(&mut self, key: RevKey, p: &Project, ctx: &egui::Context) {
        self.stats.builds_started += 1;
        self.stats
            .first_build_after_frames
            .get_or_insert(self.stats.frames_drawn);
        let tagged = Tagged::of(p);
        let (tx, rx) = mpsc::channel();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("weft-suggest".into())
            .spawn(move || {
                let built = Built {
                    suggester: Suggester::from_tagged(&tagged),
                    thread: std::thread::current().id(),
                };
                // The app may have moved on (another project): then nobody waits for it.
                if tx.send(built).is_ok() {
                    ctx.request_repaint();
                }
            });
        if spawned.is_err() {
            // No thread to be had: build here rather than show no suggestions at all.
            let (tx, rx) = mpsc::channel();
            let built = Built {
                suggester: Suggester::build(p),
                thread: std::thread::current().id(),
            };
            if tx.send(built).is_ok() {
                self.job = Some((key, rx));
            }
            return;
        }
        self.job = Some((key, rx));
    }
}
