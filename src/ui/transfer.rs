//! File > Import… and File > Export…: one window for every format of the catalogue
//! ([`crate::formats::catalog`](mod@crate::formats::catalog)), built from what the catalogue says (formats, options and their
//! choices), so the workbench and `weft import` / `weft export` run the same code.
//!
//! A run happens on a worker thread, on a copy of the project, with a progress bar fed by the
//! formats' per-document progress; the window stays responsive. An export writes its files
//! atomically; an import comes back as one batch edit that the app applies through the history
//! (so one Ctrl+Z takes it back). Either way the report — counts, what the format cannot
//! express, what could not be read, with file and line — is shown when the run ends.

use crate::formats::{self, FormatId, FormatInfo, Import, Options, Output, Report, RunError};
use crate::model::{Layer, Project};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// Which way data goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Import,
    Export,
}

/// What the window asks the app to do.
#[derive(Debug, PartialEq)]
pub enum Request {
    /// Ask for the input or output location with a dialog, then start.
    Start {
        direction: Direction,
        format: FormatId,
        options: Options,
    },
}

/// A run that ended.
pub enum Finished {
    Exported {
        path: PathBuf,
        result: Result<Report, RunError>,
    },
    Imported {
        paths: Vec<PathBuf>,
        result: Result<Box<Import>, RunError>,
    },
}

struct Job {
    what: String,
    done: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
    rx: mpsc::Receiver<Finished>,
}

/// The window and the run in progress.
pub struct TransferWindow {
    open: Option<Direction>,
    format: FormatId,
    options: Options,
    job: Option<Job>,
    /// The project's layers an export can write, and the one chosen (see
    /// [`TransferWindow::offer_layers`]).
    layers: Vec<Layer>,
    layer: Option<Layer>,
}

impl Default for TransferWindow {
    fn default() -> Self {
        Self {
            open: None,
            format: FormatId::Weft,
            options: Options::new(),
            job: None,
            layers: Vec::new(),
            layer: None,
        }
    }
}

/// The layer an export writes unless another is chosen, as `weft export` chooses it: the
/// curation layer when there is one, else the only annotator's layer, else `own`.
pub fn default_export_layer(project: &Project, own: &Layer) -> Layer {
    let curation = Layer::curation();
    if project.has_layer(&curation) {
        return curation;
    }
    let layers: Vec<&Layer> = project.layers().collect();
    match layers.as_slice() {
        [one] => (*one).clone(),
        _ => own.clone(),
    }
}

/// Formats that go the given way, in catalogue order.
pub fn formats_for(direction: Direction) -> Vec<&'static FormatInfo> {
    formats::catalog()
        .iter()
        .filter(|f| match direction {
            Direction::Import => f.can_import,
            Direction::Export => f.can_export,
        })
        .collect()
}

impl TransferWindow {
    /// Opens the window for a direction (the first format that goes that way is chosen).
    pub fn open(&mut self, direction: Direction) {
        if self.open != Some(direction) {
            self.format = formats_for(direction)[0].id;
            self.options.clear();
        }
        self.open = Some(direction);
    }

    pub fn is_open(&self) -> Option<Direction> {
        self.open
    }

    /// Closes the chooser of formats (a run going on goes on).
    pub fn close(&mut self) {
        self.open = None;
    }

    /// Whether a run is going on.
    pub fn running(&self) -> bool {
        self.job.is_some()
    }

    /// Progress of the run: (done, total).
    pub fn progress(&self) -> Option<(usize, usize)> {
        self.job.as_ref().map(|j| {
            (
                j.done.load(Ordering::Relaxed),
                j.total.load(Ordering::Relaxed),
            )
        })
    }

    /// The layers an export may write (the project's, and `own` even when empty) with the
    /// default ([`default_export_layer`]) chosen unless the user chose another that still exists.
    pub fn offer_layers(&mut self, project: &Project, own: &Layer) {
        let mut layers: Vec<Layer> = project.layers().cloned().collect();
        if !layers.contains(own) {
            layers.push(own.clone());
        }
        if self.layer.as_ref().is_none_or(|l| !layers.contains(l)) {
            self.layer = Some(default_export_layer(project, own));
        }
        self.layers = layers;
    }

    /// The layer the next export writes (`None`: the whole project, when no layers were offered).
    pub fn export_layer(&self) -> Option<&Layer> {
        self.layer.as_ref()
    }

    /// Starts an export of a copy of `project` (of the chosen layer, when layers were offered)
    /// on a worker thread.
    pub fn start_export(
        &mut self,
        project: &Project,
        format: FormatId,
        options: Options,
        path: PathBuf,
    ) {
        let project = match &self.layer {
            Some(l) => project.project_layer(l),
            None => project.clone(),
        };
        let name = formats::info(format).name;
        self.spawn(format!("Exporting {name}"), move |progress| {
            let result = formats::run_export(&project, format, &options, &path, progress);
            Finished::Exported { path, result }
        });
    }

    /// Starts an import into (a copy of) `project` on a worker thread.
    pub fn start_import(
        &mut self,
        project: &Project,
        format: FormatId,
        options: Options,
        paths: Vec<PathBuf>,
    ) {
        let project = project.clone();
        let name = formats::info(format).name;
        self.spawn(format!("Importing {name}"), move |progress| {
            let result = formats::run_import(
                &paths,
                format,
                &project,
                &options,
                &mut crate::idgen::RandomIds,
                progress,
            )
            .map(Box::new);
            Finished::Imported { paths, result }
        });
    }

    fn spawn(
        &mut self,
        what: String,
        work: impl FnOnce(&mut dyn FnMut(usize, usize)) -> Finished + Send + 'static,
    ) {
        let done = Arc::new(AtomicUsize::new(0));
        let total = Arc::new(AtomicUsize::new(0));
        let (tx, rx) = mpsc::channel();
        let (d, t) = (done.clone(), total.clone());
        std::thread::spawn(move || {
            let mut progress = |n: usize, of: usize| {
                t.store(of, Ordering::Relaxed);
                d.store(n, Ordering::Relaxed);
            };
            // The receiver is gone only when the window was dropped (the app closed): the
            // result then has no one to go to, and dropping it is right.
            let _ = tx.send(work(&mut progress));
        });
        self.job = Some(Job {
            what,
            done,
            total,
            rx,
        });
        self.open = None;
    }

    /// The run's result once it has ended (call every frame).
    pub fn poll(&mut self) -> Option<Finished> {
        let job = self.job.as_ref()?;
        match job.rx.try_recv() {
            Ok(f) => {
                self.job = None;
                Some(f)
            }
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => {
                let what = job.what.clone();
                self.job = None;
                Some(Finished::Exported {
                    path: PathBuf::new(),
                    result: Err(RunError::Output(format!(
                        "{what}: the worker stopped unexpectedly"
                    ))),
                })
            }
        }
    }

    /// Draws the chooser (when open) and the progress window (while running).
    pub fn show(&mut self, ctx: &egui::Context) -> Vec<Request> {
        let mut out = Vec::new();
        if let Some(job) = &self.job {
            let (done, total) = (
                job.done.load(Ordering::Relaxed),
                job.total.load(Ordering::Relaxed),
            );
            egui::Window::new(job.what.as_str())
                .collapsible(false)
                .resizable(false)
                .show(ctx, |ui| {
                    let fraction = if total == 0 {
                        0.0
                    } else {
                        done as f32 / total as f32
                    };
                    ui.add(
                        egui::ProgressBar::new(fraction)
                            .text(format!("{done} of {total} documents"))
                            .desired_width(320.0),
                    );
                });
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        let Some(direction) = self.open else {
            return out;
        };
        let title = match direction {
            Direction::Import => "Import annotations",
            Direction::Export => "Export annotations",
        };
        let mut open = true;
        egui::Window::new(title)
            .id(egui::Id::unique("weft-transfer"))
            .collapsible(false)
            .open(&mut open)
            .default_pos(egui::pos2(360.0, 80.0))
            .default_width(420.0)
            .show(ctx, |ui| {
                let choices = formats_for(direction);
                ui.horizontal(|ui| {
                    let label = ui.label("Format");
                    egui::ComboBox::from_id_salt("transfer-format")
                        .selected_text(formats::info(self.format).name)
                        .show_ui(ui, |ui| {
                            for f in &choices {
                                if ui.selectable_label(self.format == f.id, f.name).clicked() {
                                    self.format = f.id;
                                    self.options.clear();
                                }
                            }
                        })
                        .response
                        .labelled_by(label.id);
                });
                if direction == Direction::Export {
                    self.layer_choice(ui);
                }
                let info = formats::info(self.format);
                ui.label(format!("Offsets: {}", info.offset_unit));
                for o in info.options.iter().filter(|o| match direction {
                    Direction::Import => o.for_import,
                    Direction::Export => o.for_export,
                }) {
                    let current = self
                        .options
                        .get(o.key)
                        .cloned()
                        .unwrap_or_else(|| o.default.to_string());
                    ui.horizontal(|ui| {
                        let label = ui.label(o.key).on_hover_text(o.help);
                        if o.choices.is_empty() {
                            let mut v = current.clone();
                            let r = ui
                                .add(egui::TextEdit::singleline(&mut v).desired_width(160.0))
                                .labelled_by(label.id)
                                .on_hover_text(o.help);
                            if r.changed() {
                                self.options.insert(o.key.to_string(), v);
                            }
                        } else {
                            egui::ComboBox::from_id_salt(("transfer-option", o.key))
                                .selected_text(current.as_str())
                                .show_ui(ui, |ui| {
                                    for c in o.choices {
                                        if ui.selectable_label(current == *c, *c).clicked() {
                                            self.options.insert(o.key.to_string(), c.to_string());
                                        }
                                    }
                                })
                                .response
                                .labelled_by(label.id)
                                .on_hover_text(o.help);
                        }
                    });
                }
                let go = match (direction, info.output) {
                    (Direction::Import, _) if takes_folder(self.format) => {
                        "Choose a folder and import…"
                    }
                    (Direction::Import, _) => "Choose files and import…",
                    (Direction::Export, Output::File) => "Choose a file and export…",
                    (Direction::Export, Output::Folder) => "Choose a folder and export…",
                };
                ui.separator();
                if ui.button(go).clicked() {
                    out.push(Request::Start {
                        direction,
                        format: self.format,
                        options: self.options.clone(),
                    });
                }
            });
        if !open {
            self.open = None;
        }
        out
    }
}

impl TransferWindow {
    /// The "Layer" chooser of an export: which annotator's layer (or the curation layer).
    fn layer_choice(&mut self, ui: &mut egui::Ui) {
        if self.layers.is_empty() {
            return;
        }
        ui.horizontal(|ui| {
            let label = ui.label("Layer");
            let shown = self.layer.as_ref().map(|l| l.to_string()).unwrap_or_default();
            egui::ComboBox::from_id_salt("transfer-layer")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for l in &self.layers {
                        let name = l.to_string();
                        ui.selectable_value(&mut self.layer, Some(l.clone()), name);
                    }
                })
                .response
                .labelled_by(label.id)
                .on_hover_text("Which annotator's layer the export writes (the curation layer by default when there is one)");
        });
    }
}

/// Whether an import reads a folder (brat's `.txt` + `.ann` + `annotation.conf`, ECB+'s XML
/// files) rather than chosen files.
pub fn takes_folder(format: FormatId) -> bool {
    matches!(format, FormatId::Brat | FormatId::EcbPlus)
}

/// The lines of a report for the message window: summary first, then every item.
pub fn report_lines(report: &Report) -> Vec<String> {
    report
        .to_string()
        .lines()
        .map(|l| l.trim_end().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    #[test]
    fn a_run_shows_a_progress_bar_fed_by_the_worker_then_hands_over_its_result() {
        let (release_tx, release_rx) = mpsc::channel::<()>();
        let (reported_tx, reported_rx) = mpsc::channel::<()>();
        let mut w = TransferWindow::default();
        w.spawn("Exporting test".into(), move |progress| {
            progress(1, 3);
            reported_tx.send(()).unwrap();
            release_rx.recv().unwrap();
            progress(3, 3);
            Finished::Exported {
                path: PathBuf::from("out"),
                result: Ok(Report::new("test export", "code points")),
            }
        });
        reported_rx.recv().unwrap();
        assert!(w.running());
        assert_eq!(w.progress(), Some((1, 3)));
        let mut h = Harness::builder().with_max_steps(4).build_ui_state(
            |ui, w: &mut TransferWindow| {
                w.show(ui.ctx());
            },
            w,
        );
        h.step();
        h.get_by_label("Exporting test");
        h.get_by_label_contains("1 of 3 documents");
        assert!(h.state_mut().poll().is_none(), "still running");
        release_tx.send(()).unwrap();
        let mut finished = None;
        for _ in 0..1000 {
            finished = h.state_mut().poll();
            if finished.is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        match finished {
            Some(Finished::Exported { path, result }) => {
                assert_eq!(path, PathBuf::from("out"));
                assert_eq!(result.unwrap().operation, "test export");
            }
            _ => panic!("the run did not hand over its result"),
        }
        assert!(!h.state().running());
        h.step();
        assert!(h.query_by_label("Exporting test").is_none(), "window gone");
    }

    #[test]
    fn every_catalogue_format_is_offered_in_its_directions() {
        let imports: Vec<_> = formats_for(Direction::Import)
            .iter()
            .map(|f| f.key)
            .collect();
        let exports: Vec<_> = formats_for(Direction::Export)
            .iter()
            .map(|f| f.key)
            .collect();
        for f in formats::catalog() {
            assert_eq!(imports.contains(&f.key), f.can_import, "{}", f.key);
            assert_eq!(exports.contains(&f.key), f.can_export, "{}", f.key);
        }
        assert!(imports.len() >= 5 && exports.len() >= 8);
    }
}
