//! The graph window: the entity–event graph drawn with egui's painter. Nodes are registry
//! entities and events (size by mentions, colour by type), edges are relations and event
//! arguments, labelled and directed. The deterministic layout of [`crate::graph::layout`]
//! is animated a few steps a frame until it settles, then the window stops asking for
//! frames. Drag the background (or drag with the middle or right button anywhere) to pan,
//! scroll to zoom, drag a node to move it (it stays pinned); filter by type and minimum degree; click a node to show it in the registry (a
//! mention in no entity or event opens in the inspector).
//!
//! Only what is on screen is drawn: the scene ([`crate::ui::view_model::graph::Scene`])
//! culls nodes through a grid and edges by their cached boxes, into buffers kept between
//! frames. With many nodes on screen the graph is drawn as two plain meshes (no labels, no
//! anti-aliasing); close up, as circles, arrows and labels.

use super::action::Action;
use super::view_model::Rgb;
use super::view_model::graph::{self as vm, Camera, GraphView, Scene};
use super::workspace::Workspace;
use crate::graph::layout::Layout;
use crate::graph::{EdgeKind, GraphFilter, NodeRef};
use crate::session::Session;
use egui::epaint::{Mesh, Vertex, WHITE_UV};
use egui::{Color32, Pos2, Rect, RichText, Sense, Shape, Stroke, Ui, pos2, vec2};

/// Above this many nodes on screen the graph is drawn as plain meshes.
const DETAILED_NODES: usize = 700;
/// Labels are drawn for at most this many nodes on screen.
const LABELLED_NODES: usize = 160;
const SEED: u64 = 14;

/// The window's state across frames.
#[derive(Default)]
pub struct GraphWindow {
    pub open: bool,
    pub filter: GraphFilter,
    key: Option<(u64, u64, GraphFilter)>,
    view: Option<GraphView>,
    layout: Option<Layout>,
    scene: Scene,
    camera: Camera,
    /// Keep the whole graph in view (after a rebuild, while the layout moves), until the
    /// user pans, zooms or drags.
    fit: bool,
    dragging: Option<usize>,
    /// Reused between frames: the nodes and edges on screen.
    nodes_buf: Vec<u32>,
    edges_buf: Vec<u32>,
    /// Where the graph was drawn in the last frame.
    rect: Option<Rect>,
    /// How many times the graph model was built (tests: not every frame).
    pub builds: u64,
    /// Nodes drawn in the last frame.
    pub drawn_nodes: usize,
}

fn rgb(c: Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

impl GraphWindow {
    /// The filtered graph shown, if the window was drawn.
    pub fn view(&self) -> Option<&GraphView> {
        self.view.as_ref()
    }

    /// Whether the layout has settled (no more frames are asked for).
    pub fn settled(&self) -> bool {
        self.layout.as_ref().is_none_or(Layout::settled)
    }

    /// Screen position of node `i` in the last frame.
    pub fn node_pos(&self, i: usize) -> Option<Pos2> {
        let rect = self.rect?;
        let p = self.scene.positions().get(i)?;
        let s = self
            .camera
            .to_screen(*p, [rect.center().x, rect.center().y]);
        Some(pos2(s[0], s[1]))
    }

    /// Builds the view and a fresh layout when the project or the filter changed.
    fn refresh(&mut self, s: &Session, ws: &Workspace) {
        let key = (ws.epoch, s.generation(), self.filter.clone());
        if self.key.as_ref() == Some(&key) && self.view.is_some() {
            return;
        }
        let view = vm::build(s.project(), &self.filter);
        let mut layout = Layout::new(&view.graph, SEED);
        // Keep the places of nodes that were dragged before the change.
        self.scene = Scene::new(&view);
        layout.run(3);
        self.scene.update(layout.positions());
        self.view = Some(view);
        self.layout = Some(layout);
        self.key = Some(key);
        self.fit = true;
        self.builds += 1;
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
        self.refresh(s, ws);
        let mut open = self.open;
        egui::Window::new("Entity\u{2013}event graph")
            .open(&mut open)
            .default_size([900.0, 620.0])
            .default_pos([220.0, 110.0])
            .resizable(true)
            .show(ctx, |ui| {
                self.filter_bar(ui);
                self.canvas(ui, &mut out);
            });
        self.open = open;
        out
    }

    fn filter_bar(&mut self, ui: &mut Ui) {
        let Some(view) = self.view.as_ref() else {
            return;
        };
        ui.horizontal_wrapped(|ui| {
            ui.label("Types:");
            for t in &view.types {
                let on = self.filter.types.contains(&t.key);
                let text = RichText::new(format!("{} ({})", t.name, t.nodes)).color(rgb(t.colour));
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
        let counts = format!(
            "{} of {} nodes, {} of {} edges{}",
            view.graph.nodes.len(),
            view.total_nodes,
            view.graph.edges.len(),
            view.total_edges,
            if self.settled() {
                ""
            } else {
                " \u{b7} laying out\u{2026}"
            }
        );
        ui.horizontal(|ui| {
            ui.label("Minimum degree:");
            let mut d = self.filter.min_degree as u32;
            let r = ui.add(egui::DragValue::new(&mut d).range(0..=50));
            super::registry::name_widget(ui, &r, "Minimum degree");
            self.filter.min_degree = d as usize;
            ui.weak(counts);
            if ui
                .button("Fit")
                .on_hover_text("Show the whole graph")
                .clicked()
            {
                self.fit = true;
            }
        });
    }

    /// The drawing area: input (pan, zoom, drag, click), layout steps, painting.
    fn canvas(&mut self, ui: &mut Ui, out: &mut Vec<Action>) {
        let size = ui.available_size().max(vec2(200.0, 160.0));
        let (rect, resp) = ui.allocate_exact_size(size, Sense::click_and_drag());
        self.rect = Some(rect);
        let origin = [rect.center().x, rect.center().y];
        self.input(ui, &resp, origin, out);
        self.animate(ui);
        if self.fit {
            self.camera = Camera::fit(self.scene.bounds(), [rect.width(), rect.height()]);
        }
        self.paint(ui, rect, origin);
    }

    fn input(&mut self, ui: &Ui, resp: &egui::Response, origin: [f32; 2], out: &mut Vec<Action>) {
        let pointer = resp.interact_pointer_pos().or(resp.hover_pos());
        let under = pointer.and_then(|p| {
            let l = self.camera.to_layout([p.x, p.y], origin);
            self.scene.node_at(l, 3.0 / self.camera.scale)
        });
        if resp.drag_started() {
            // The primary button moves the node under it; any other drag pans.
            self.dragging = under.filter(|_| resp.dragged_by(egui::PointerButton::Primary));
            self.fit = false;
        }
        if resp.dragged() {
            let d = resp.drag_delta();
            match (self.dragging, self.layout.as_mut(), pointer) {
                (Some(i), Some(layout), Some(p)) => {
                    layout.set_position(i, self.camera.to_layout([p.x, p.y], origin));
                    self.scene.update(layout.positions());
                }
                _ => self.camera.pan([d.x, d.y]),
            }
        }
        if resp.drag_stopped() {
            self.dragging = None;
        }
        if resp.hovered() {
            let scroll = ui.input(|i| i.smooth_scroll_delta.y + i.zoom_delta().ln() * 200.0);
            if scroll != 0.0
                && let Some(p) = resp.hover_pos()
            {
                self.camera.zoom((scroll / 200.0).exp(), [p.x, p.y], origin);
                self.fit = false;
            }
        }
        if resp.clicked()
            && let (Some(i), Some(view)) = (under, self.view.as_ref())
        {
            out.push(match &view.graph.nodes[i].id {
                NodeRef::Cluster(c) => Action::OpenInRegistry(c.clone()),
                NodeRef::Mention(m) => Action::InspectMention(m.clone()),
            });
        }
        if let (Some(i), Some(view)) = (under, self.view.as_ref())
            && self.dragging.is_none()
        {
            let n = &view.graph.nodes[i];
            resp.clone().on_hover_ui_at_pointer(|ui| {
                ui.label(RichText::new(&n.label).strong());
                ui.weak(format!(
                    "{} \u{b7} {} mention(s) in {} document(s) \u{b7} {} link(s)",
                    n.type_name,
                    n.mentions,
                    n.documents.len(),
                    view.degree[i]
                ));
                ui.weak("Click to show it; drag to move it.");
            });
        }
    }

    /// A few layout steps a frame until the layout settles; then no more frames are asked.
    fn animate(&mut self, ui: &Ui) {
        let Some(layout) = self.layout.as_mut() else {
            return;
        };
        if layout.settled() {
            return;
        }
        let n = layout.positions().len().max(1);
        let steps = (3000 / n).clamp(1, 8);
        layout.run(steps);
        self.scene.update(layout.positions());
        ui.ctx().request_repaint();
    }

    fn paint(&mut self, ui: &Ui, rect: Rect, origin: [f32; 2]) {
        let Some(view) = self.view.as_ref() else {
            return;
        };
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
        let seen = self.camera.visible([rect.width(), rect.height()]);
        self.scene.visible_nodes(&seen, &mut self.nodes_buf);
        self.scene.visible_edges(&seen, &mut self.edges_buf);
        self.drawn_nodes = self.nodes_buf.len();
        let ink = Ink::of(ui);
        let cam = self.camera;
        let pos = |i: usize| {
            let s = cam.to_screen(self.scene.positions()[i], origin);
            pos2(s[0], s[1])
        };
        if self.nodes_buf.len() > DETAILED_NODES {
            painter.add(coarse_edges(&self.scene, &self.edges_buf, &pos, ink.edge));
            painter.add(coarse_nodes(view, &self.nodes_buf, &pos, cam.scale));
            return;
        }
        let labels = self.edges_buf.len() <= LABELLED_NODES && cam.scale > 0.6;
        for &e in &self.edges_buf {
            let (s, t) = self.scene.edge(e as usize);
            let edge = &view.graph.edges[e as usize];
            let colour = match edge.kind {
                EdgeKind::Relation => ink.relation,
                EdgeKind::Argument => ink.edge,
            };
            let rt = view.radius[t] * cam.scale;
            arrow(&painter, pos(s), pos(t), rt, colour, !edge.symmetric);
            if labels {
                let mid = pos(s) + (pos(t) - pos(s)) * 0.5;
                painter.text(
                    mid,
                    egui::Align2::CENTER_CENTER,
                    &edge.label,
                    egui::FontId::proportional(10.5),
                    ink.label_weak,
                );
            }
        }
        let named = self.nodes_buf.len() <= LABELLED_NODES;
        for &i in &self.nodes_buf {
            let i = i as usize;
            let r = (view.radius[i] * cam.scale).max(2.0);
            painter.circle(
                pos(i),
                r,
                rgb(view.colour[i]),
                Stroke::new(1.0, ink.outline),
            );
            if named && (r >= 5.0 || view.degree[i] > 2) {
                painter.text(
                    pos(i) + vec2(0.0, r + 2.0),
                    egui::Align2::CENTER_TOP,
                    short(&view.graph.nodes[i].label, 28),
                    egui::FontId::proportional(12.0),
                    ink.label,
                );
            }
        }
    }
}

/// Colours read from the theme once a frame.
struct Ink {
    edge: Color32,
    relation: Color32,
    outline: Color32,
    label: Color32,
    label_weak: Color32,
}

impl Ink {
    fn of(ui: &Ui) -> Ink {
        let v = ui.visuals();
        Ink {
            edge: v.weak_text_color().gamma_multiply(0.8),
            relation: Color32::from_rgb(217, 83, 79).gamma_multiply(0.85),
            outline: v.extreme_bg_color,
            label: v.text_color(),
            label_weak: v.weak_text_color(),
        }
    }
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "\u{2026}"
    }
}

/// A line from `a` to the rim of the node at `b` (radius `rb` on screen), with a head.
fn arrow(painter: &egui::Painter, a: Pos2, b: Pos2, rb: f32, colour: Color32, head: bool) {
    let d = b - a;
    let len = d.length();
    if len < 1.0 {
        return;
    }
    let dir = d / len;
    let tip = b - dir * rb;
    painter.line_segment([a, tip], Stroke::new(1.2, colour));
    if head && len > rb + 8.0 {
        let n = vec2(-dir.y, dir.x);
        let back = tip - dir * 8.0;
        painter.add(Shape::convex_polygon(
            vec![tip, back + n * 3.5, back - n * 3.5],
            colour,
            Stroke::NONE,
        ));
    }
}

/// Every visible edge as a one-point-wide quad in one mesh.
fn coarse_edges(
    scene: &Scene,
    edges: &[u32],
    pos: &dyn Fn(usize) -> Pos2,
    colour: Color32,
) -> Shape {
    let mut mesh = Mesh::default();
    mesh.reserve_triangles(edges.len() * 2);
    mesh.reserve_vertices(edges.len() * 4);
    for &e in edges {
        let (s, t) = scene.edge(e as usize);
        let (a, b) = (pos(s), pos(t));
        let d = b - a;
        let len = d.length();
        if len < 0.5 {
            continue;
        }
        let n = vec2(-d.y, d.x) / len * 0.5;
        let base = mesh.vertices.len() as u32;
        for p in [a + n, a - n, b - n, b + n] {
            mesh.vertices.push(Vertex {
                pos: p,
                uv: WHITE_UV,
                color: colour,
            });
        }
        mesh.indices
            .extend_from_slice(&[base, base + 1, base + 2, base, base + 2, base + 3]);
    }
    Shape::mesh(mesh)
}

/// Every visible node as a small square in one mesh.
fn coarse_nodes(view: &GraphView, nodes: &[u32], pos: &dyn Fn(usize) -> Pos2, scale: f32) -> Shape {
    let mut mesh = Mesh::default();
    mesh.reserve_triangles(nodes.len() * 2);
    mesh.reserve_vertices(nodes.len() * 4);
    for &i in nodes {
        let i = i as usize;
        let r = (view.radius[i] * scale).clamp(1.0, 40.0);
        mesh.add_colored_rect(
            Rect::from_center_size(pos(i), vec2(2.0 * r, 2.0 * r)),
            rgb(view.colour[i]),
        );
    }
    Shape::mesh(mesh)
}
