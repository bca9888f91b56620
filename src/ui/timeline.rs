//! The timeline window: every event of the corpus on one zoomable time axis (egui_plot),
//! one row per event, one bar per document that places it (over the days its date may fall
//! on), coloured by type; rows whose documents disagree are marked. Hover shows the event's
//! mentions with context; a click on a bar opens the event's mention in that document (the
//! document view scrolls to it). Filters: event types, an entity ("events involving…"), a
//! document. Below the plot: the events as a list, the events without a time — each with
//! the nearest date of its sentence as a one-click (or Enter) suggestion — and dates that
//! could not be read.
//!
//! The data is a view model ([`crate::ui::view_model::timeline`]), rebuilt only when the
//! project or the filter changes.

use super::action::Action;
use super::view_model::Rgb;
use super::view_model::timeline::{
    self as vm, ContextLine, EventRow, Mark, TimelineView, axis_label, calendar_marks,
};
use super::workspace::Workspace;
use crate::session::Session;
use crate::temporal::timeline::Filter;
use egui::{Color32, RichText, Ui};
use egui_plot::{GridMark, Legend, Plot, PlotPoint, PlotTransform, Points};

/// Which list is shown under the plot.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ListTab {
    #[default]
    Events,
    Untimed,
    Problems,
}

/// The window's state across frames.
#[derive(Default)]
pub struct TimelineWindow {
    pub open: bool,
    pub filter: Filter,
    pub tab: ListTab,
    entity_query: String,
    /// (workspace epoch, session generation, filter) the view was built for, and the view.
    key: Option<(u64, u64, Filter)>,
    view: Option<TimelineView>,
    /// The plot's transform in the last frame (tests find marks on screen with it).
    transform: Option<PlotTransform>,
    /// How many times the view was built (tests: not every frame).
    pub builds: u64,
}

fn rgb(c: Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

impl TimelineWindow {
    /// The view model of the last frame, if the window was drawn.
    pub fn view(&self) -> Option<&TimelineView> {
        self.view.as_ref()
    }

    /// Screen position of the centre of mark `mark` of row `row` in the last frame.
    pub fn mark_pos(&self, row: usize, mark: usize) -> Option<egui::Pos2> {
        let t = self.transform.as_ref()?;
        let r = self.view()?.rows.get(row)?;
        let m = r.marks.get(mark)?;
        let b = t.bounds();
        let (x0, x1) = (m.x0.max(b.min()[0]), m.x1.min(b.max()[0]));
        Some(t.position_from_point(&PlotPoint::new((x0 + x1) / 2.0, r.y() + m.dy)))
    }

    /// Rebuilds the view when the project or the filter changed; returns whether it did.
    fn refresh(&mut self, s: &Session, ws: &Workspace) -> bool {
        let key = (ws.epoch, s.generation(), self.filter.clone());
        if self.key.as_ref() == Some(&key) && self.view.is_some() {
            return false;
        }
        self.view = Some(vm::build(s.project(), &self.filter));
        self.key = Some(key);
        self.builds += 1;
        true
    }

    /// Draws the window (when open) and returns what the user asked for.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        session: Option<&Session>,
        ws: &Workspace,
    ) -> Vec<Action> {
        let mut out = Vec::new();
        let Some(s) = session.filter(|_| self.open) else {
            return out;
        };
        let rebuilt = self.refresh(s, ws);
        let mut open = self.open;
        egui::Window::new("Timeline")
            .open(&mut open)
            .default_size([960.0, 600.0])
            .default_pos([180.0, 90.0])
            .resizable(true)
            .show(ctx, |ui| self.contents(ui, s.project(), rebuilt, &mut out));
        self.open = open;
        out
    }

    fn contents(
        &mut self,
        ui: &mut Ui,
        project: &crate::model::Project,
        rebuilt: bool,
        out: &mut Vec<Action>,
    ) {
        let Some(mut view) = self.view.take() else {
            return;
        };
        self.filter_bar(ui, &view);
        ui.separator();
        let summary = format!(
            "{} events on the axis ({} where documents disagree) \u{b7} {} without a time \u{b7} {} dates not understood",
            view.rows.len(),
            view.rows.iter().filter(|r| r.disagreement).count(),
            view.untimed.len(),
            view.problems.len()
        );
        ui.weak(summary);
        let plot_height = (ui.available_height() * 0.58).max(160.0);
        self.plot(ui, &view, plot_height, rebuilt, out);
        ui.horizontal(|ui| {
            for (tab, name) in [
                (ListTab::Events, format!("Events ({})", view.rows.len())),
                (
                    ListTab::Untimed,
                    format!("Without a time ({})", view.untimed.len()),
                ),
                (
                    ListTab::Problems,
                    format!("Dates not understood ({})", view.problems.len()),
                ),
            ] {
                if ui.selectable_label(self.tab == tab, name).clicked() {
                    self.tab = tab;
                }
            }
        });
        match self.tab {
            ListTab::Events => event_list(ui, &view, out),
            ListTab::Untimed => untimed_list(ui, project, &mut view, out),
            ListTab::Problems => {
                let h = ui.text_style_height(&egui::TextStyle::Body);
                egui::ScrollArea::vertical()
                    .id_salt("timeline-problems")
                    .auto_shrink(false)
                    .show_rows(ui, h, view.problems.len(), |ui, range| {
                        for p in &view.problems[range] {
                            ui.label(p);
                        }
                    });
            }
        }
        self.view = Some(view);
    }

    /// Event types (toggles), an entity (searchable) and a document.
    fn filter_bar(&mut self, ui: &mut Ui, view: &TimelineView) {
        ui.horizontal_wrapped(|ui| {
            ui.label("Types:");
            for t in &view.types {
                let on = self.filter.types.contains(&t.key);
                let text = RichText::new(&t.name).color(rgb(t.colour));
                if ui
                    .selectable_label(on, text)
                    .on_hover_text("Show only the chosen types (none chosen: all)")
                    .clicked()
                {
                    if on {
                        self.filter.types.remove(&t.key);
                    } else {
                        self.filter.types.insert(t.key.clone());
                    }
                }
            }
        });
        ui.horizontal_wrapped(|ui| {
            let entity = self
                .filter
                .entity
                .as_ref()
                .and_then(|c| view.entities.iter().find(|e| &e.key == c))
                .map_or("anyone".to_string(), |e| e.name.clone());
            ui.label("Involving:");
            ui.name_inputs("Events involving", |ui| {
                egui::ComboBox::from_id_salt("timeline-entity")
                    .selected_text(entity)
                    .width(200.0)
                    .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
                    .show_ui(ui, |ui| {
                        let r = ui.add(
                            egui::TextEdit::singleline(&mut self.entity_query)
                                .hint_text("Find an entity"),
                        );
                        super::registry::name_widget(ui, &r, "Find an entity");
                        if ui
                            .selectable_label(self.filter.entity.is_none(), "anyone")
                            .clicked()
                        {
                            self.filter.entity = None;
                            ui.close();
                        }
                        let q = self.entity_query.to_lowercase();
                        let shown = view
                            .entities
                            .iter()
                            .filter(|e| q.is_empty() || e.name.to_lowercase().contains(&q))
                            .take(100);
                        for e in shown {
                            let on = self.filter.entity.as_ref() == Some(&e.key);
                            if ui.selectable_label(on, e.name.as_str()).clicked() {
                                self.filter.entity = Some(e.key.clone());
                                ui.close();
                            }
                        }
                    });
            });
            let doc = self
                .filter
                .document
                .as_ref()
                .and_then(|d| view.documents.iter().find(|x| &x.key == d))
                .map_or("all documents".to_string(), |d| d.name.clone());
            ui.label("In:");
            ui.name_inputs("Events in document", |ui| {
                egui::ComboBox::from_id_salt("timeline-doc")
                    .selected_text(doc)
                    .width(200.0)
                    .show_ui(ui, |ui| {
                        if ui
                            .selectable_label(self.filter.document.is_none(), "all documents")
                            .clicked()
                        {
                            self.filter.document = None;
                        }
                        for d in &view.documents {
                            let on = self.filter.document.as_ref() == Some(&d.key);
                            if ui.selectable_label(on, d.name.as_str()).clicked() {
                                self.filter.document = Some(d.key.clone());
                            }
                        }
                    });
            });
            if self.filter != Filter::default() && ui.button("Clear filters").clicked() {
                self.filter = Filter::default();
            }
        });
    }

    /// The plot: grid, legend and a point per mark from egui_plot; bars, disagreement bands
    /// and hover painted over it with the plot's transform.
    fn plot(
        &mut self,
        ui: &mut Ui,
        view: &TimelineView,
        height: f32,
        rebuilt: bool,
        out: &mut Vec<Action>,
    ) {
        let n = view.rows.len();
        let (lo, hi) = view.span.unwrap_or((1970.0, 1980.0));
        let pad = ((hi - lo) * 0.05).max(0.05);
        let rows = &view.rows;
        let mut plot = Plot::new("timeline-plot")
            .height(height)
            .legend(Legend::default())
            .show_x(false)
            .show_y(false)
            .allow_zoom([true, false])
            .allow_boxed_zoom(false)
            .allow_double_click_reset(true)
            .default_x_bounds(lo - pad, hi + pad)
            .default_y_bounds(-(n.clamp(1, 14) as f64) + 0.4, 0.6)
            .x_grid_spacer(|input| {
                calendar_marks(input.bounds.0, input.bounds.1, input.base_step_size)
                    .into_iter()
                    .map(|(value, step_size)| GridMark { value, step_size })
                    .collect()
            })
            .x_axis_formatter(|m, _| axis_label(m.value, m.step_size))
            .y_grid_spacer(|input| {
                let (a, b) = input.bounds;
                let step = input.base_step_size.max(1.0).ceil();
                let mut marks = Vec::new();
                let mut y = (a / step).floor() * step;
                while y <= b && marks.len() < 400 {
                    marks.push(GridMark {
                        value: y,
                        step_size: step,
                    });
                    y += step;
                }
                marks
            })
            .y_axis_formatter(move |m, _| {
                let i = -m.value.round();
                if (m.value + i).abs() > 1e-6 || i < 0.0 {
                    return String::new();
                }
                rows.get(i as usize)
                    .map(|r| short(&r.name, 26))
                    .unwrap_or_default()
            })
            .y_axis_min_width(150.0);
        if rebuilt {
            plot = plot.reset();
        }
        let resp = plot.show(ui, |pu| {
            for t in &view.types {
                let pts: Vec<[f64; 2]> = view
                    .rows
                    .iter()
                    .filter(|r| r.type_key == t.key)
                    .flat_map(|r| r.marks.iter().map(move |m| (r, m)))
                    .filter_map(|(r, m)| centre(m).map(|x| [x, r.y() + m.dy]))
                    .collect();
                if !pts.is_empty() {
                    pu.points(
                        Points::new(t.name.clone(), pts)
                            .radius(3.5)
                            .color(rgb(t.colour)),
                    );
                }
            }
        });
        let t = resp.transform;
        paint_bars(ui, &t, view);
        let tol = 5.0 * (t.bounds().width() / t.frame().width().max(1.0) as f64);
        let hit = resp
            .response
            .hover_pos()
            .map(|p| t.value_from_position(p))
            .and_then(|v| view.hit(v.x, v.y, tol));
        if let Some((i, j)) = hit {
            let (row, mark) = (&view.rows[i], &view.rows[i].marks[j]);
            let r = resp
                .response
                .on_hover_ui_at_pointer(|ui| hover(ui, row, mark));
            if r.clicked() {
                out.push(Action::JumpToMention(mark.target.clone()));
            }
        }
        self.transform = Some(t);
    }
}

/// The x of a mark's centre (a finite end for an open one).
fn centre(m: &Mark) -> Option<f64> {
    match (m.x0.is_finite(), m.x1.is_finite()) {
        (true, true) => Some((m.x0 + m.x1) / 2.0),
        (true, false) => Some(m.x0),
        (false, true) => Some(m.x1),
        _ => None,
    }
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "\u{2026}"
    }
}

/// Bars over each mark's days and a band behind rows whose documents disagree; only the
/// rows on screen are painted.
fn paint_bars(ui: &Ui, t: &PlotTransform, view: &TimelineView) {
    let frame = *t.frame();
    let painter = ui.painter_at(frame);
    let b = t.bounds();
    let (ymin, ymax) = (b.min()[1], b.max()[1]);
    let first = (-ymax).floor().max(0.0) as usize;
    let last = ((-ymin).ceil().max(0.0) as usize).min(view.rows.len().saturating_sub(1));
    let warn = ui.visuals().warn_fg_color;
    for row in view.rows.iter().take(last + 1).skip(first) {
        let y = t.position_from_point_y(row.y());
        if row.disagreement {
            let (top, bottom) = (
                t.position_from_point_y(row.y() + 0.38).min(y - 9.0),
                t.position_from_point_y(row.y() - 0.38).max(y + 9.0),
            );
            let band = egui::Rect::from_x_y_ranges(frame.x_range(), top..=bottom);
            painter.rect_filled(band, 2.0, warn.gamma_multiply(0.16));
            painter.text(
                egui::pos2(frame.right() - 6.0, y),
                egui::Align2::RIGHT_CENTER,
                "documents disagree",
                egui::FontId::proportional(11.0),
                warn,
            );
        }
        let colour = rgb(row.colour);
        for m in &row.marks {
            if m.x0.is_nan() {
                continue;
            }
            let x0 = t
                .position_from_point_x(m.x0.max(b.min()[0]))
                .max(frame.left());
            let x1 = t
                .position_from_point_x(m.x1.min(b.max()[0]))
                .min(frame.right());
            if x1 < frame.left() || x0 > frame.right() {
                continue;
            }
            let (x0, x1) = if x1 - x0 < 3.0 {
                let c = (x0 + x1) / 2.0;
                (c - 1.5, c + 1.5)
            } else {
                (x0, x1)
            };
            let y = t.position_from_point_y(row.y() + m.dy);
            let bar = egui::Rect::from_x_y_ranges(x0..=x1, y - 3.5..=y + 3.5);
            painter.rect_filled(bar, 2.0, colour.gamma_multiply(0.75));
            if m.open {
                painter.rect_stroke(
                    bar,
                    2.0,
                    egui::Stroke::new(1.0, colour),
                    egui::StrokeKind::Outside,
                );
            }
        }
    }
}

/// The hover card: the event, where each document places it, its mentions in context.
fn hover(ui: &mut Ui, row: &EventRow, mark: &Mark) {
    ui.label(RichText::new(row.name.as_str()).strong());
    ui.weak(format!("{} \u{b7} {}", row.type_name, row.values));
    ui.label(format!(
        "{} places it at {} (\u{201c}{}\u{201d})",
        mark.doc_name, mark.edtf, mark.date_text
    ));
    if row.disagreement {
        ui.label(
            RichText::new("The documents disagree on its date.").color(ui.visuals().warn_fg_color),
        );
    }
    ui.separator();
    for c in row.mentions.iter().take(6) {
        context_label(ui, c);
    }
    if row.mentions.len() > 6 {
        ui.weak(format!("\u{2026} and {} more", row.mentions.len() - 6));
    }
    ui.weak("Click to open the mention in this document.");
}

/// One line of context: "doc: …before [covered] after…".
fn context_label(ui: &mut Ui, c: &ContextLine) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 0.0;
        ui.weak(format!("{}: \u{2026}{}", c.doc_name, c.before));
        ui.label(RichText::new(&c.covered).strong());
        ui.weak(format!("{}\u{2026}", c.after));
    });
}

fn dot(ui: &mut Ui, c: Rgb) {
    let (r, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
    ui.painter().circle_filled(r.center(), 4.0, rgb(c));
}

/// The rows as a list (only those scrolled into view are drawn).
fn event_list(ui: &mut Ui, view: &TimelineView, out: &mut Vec<Action>) {
    let h = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical()
        .id_salt("timeline-events")
        .auto_shrink(false)
        .show_rows(ui, h, view.rows.len(), |ui, range| {
            for r in &view.rows[range] {
                ui.horizontal(|ui| {
                    dot(ui, r.colour);
                    let text = format!("{} \u{2014} {}", r.name, r.values);
                    if ui
                        .button(text)
                        .on_hover_text(format!(
                            "{}; placed by {}. Click to open its mention.",
                            r.type_name,
                            r.documents.join(", ")
                        ))
                        .clicked()
                        && let Some(t) = r.target()
                    {
                        out.push(Action::JumpToMention(t.clone()));
                    }
                    if r.disagreement {
                        ui.label(
                            RichText::new("documents disagree")
                                .color(ui.visuals().warn_fg_color)
                                .strong(),
                        );
                    }
                    ui.weak(r.documents.join(", "));
                });
            }
        });
}

/// Events without a time, one line each, with the suggestion as a button; the rows in
/// view get their suggestion and context computed as they scroll in.
fn untimed_list(
    ui: &mut Ui,
    project: &crate::model::Project,
    view: &mut TimelineView,
    out: &mut Vec<Action>,
) {
    if view.untimed.is_empty() {
        ui.weak("Every event has a time.");
        return;
    }
    let h = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    let n = view.untimed.len();
    egui::ScrollArea::vertical()
        .id_salt("timeline-untimed")
        .auto_shrink(false)
        .show_rows(ui, h, n, |ui, range| {
            view.fill_untimed(project, range.clone());
            for u in &view.untimed[range] {
                ui.horizontal(|ui| {
                    dot(ui, u.colour);
                    let name = ui.label(RichText::new(u.name.as_str()).strong());
                    if !u.mentions.is_empty() {
                        name.on_hover_ui(|ui| {
                            for c in u.mentions.iter().take(6) {
                                context_label(ui, c);
                            }
                        });
                    }
                    ui.weak(u.type_name.as_str());
                    match (&u.suggestion, &u.suggestion_text) {
                        (Some(sg), Some(text)) => {
                            if ui
                                .button(format!("Add time: {text}"))
                                .on_hover_text(
                                    "The nearest date in the same sentence; adds it as the event's time argument (Enter when focused)",
                                )
                                .clicked()
                            {
                                out.push(Action::AddTime {
                                    event: u.event.clone(),
                                    suggestion: sg.clone(),
                                });
                            }
                        }
                        _ => {
                            ui.weak("no date in its sentence");
                        }
                    }
                });
            }
        });
}
