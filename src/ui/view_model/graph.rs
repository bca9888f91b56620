//! The graph view's model, as plain data (no egui): the filtered entity–event graph with a
//! size and colour per node, the camera that maps layout space to the screen, and the
//! **scene**: cached geometry for culling and hit-testing, so a frame touches only what is
//! on screen.
//!
//! - [`build`] filters [`crate::graph::build`] by type and minimum degree and sizes each node
//!   by its mentions.
//! - [`Scene`] keeps the node positions (from [`crate::graph::layout::Layout`]), each edge's
//!   bounding box and a uniform grid of the nodes, rebuilt only when positions change (a
//!   layout step, a drag), reusing its buffers. [`Scene::visible_nodes`] and
//!   [`Scene::visible_edges`] fill a caller's buffer with what meets a rectangle;
//!   [`Scene::node_at`] finds the node under a point.
//! - [`Camera`] is pan and zoom: layout point ↔ screen point.

use super::colour::{Rgb, type_rgb};
use crate::graph::{self, Graph, GraphFilter};
use crate::model::Project;

/// A type offered by the filter, with how many nodes it has in the whole graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeChoice {
    pub key: String,
    pub name: String,
    pub colour: Rgb,
    pub nodes: usize,
}

/// The filtered graph, ready to draw.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GraphView {
    pub graph: Graph,
    /// Node radius in layout units (grows with the square root of the mention count).
    pub radius: Vec<f32>,
    pub colour: Vec<Rgb>,
    pub degree: Vec<usize>,
    /// Every type that has nodes in the whole graph, by name.
    pub types: Vec<TypeChoice>,
    /// Nodes before filtering.
    pub total_nodes: usize,
    pub total_edges: usize,
}

/// The radius of a node with `mentions` mentions, in layout units.
pub fn radius_for(mentions: usize) -> f32 {
    4.0 + 2.5 * (mentions.max(1) as f32).sqrt().min(12.0)
}

/// Builds the view of `project` under `filter` (the graph's walk over the mentions on two
/// threads, see [`crate::session::TwoThreads`]).
pub fn build(project: &Project, filter: &GraphFilter) -> GraphView {
    let full = graph::build_with(project, &crate::session::TwoThreads);
    from_graph(project, full, filter)
}

/// [`build`] from a graph already built (the benchmark times both parts).
pub fn from_graph(project: &Project, full: Graph, filter: &GraphFilter) -> GraphView {
    let mut types: Vec<TypeChoice> = Vec::new();
    for n in &full.nodes {
        match types.iter_mut().find(|t| t.key == n.type_key) {
            Some(t) => t.nodes += 1,
            None => types.push(TypeChoice {
                key: n.type_key.clone(),
                name: n.type_name.clone(),
                colour: type_rgb(project, &n.type_key),
                nodes: 1,
            }),
        }
    }
    types.sort_by(|a, b| (&a.name, &a.key).cmp(&(&b.name, &b.key)));
    let (total_nodes, total_edges) = (full.nodes.len(), full.edges.len());
    let g = if filter.types.is_empty() && filter.min_degree == 0 {
        full
    } else {
        graph::filter(&full, filter)
    };
    let radius = g.nodes.iter().map(|n| radius_for(n.mentions)).collect();
    // Every node's type is among `types` (the filtered graph is part of the full one).
    let colour = g
        .nodes
        .iter()
        .map(|n| match types.iter().find(|t| t.key == n.type_key) {
            Some(t) => t.colour,
            None => type_rgb(project, &n.type_key),
        })
        .collect();
    let degree = g.degrees();
    GraphView {
        graph: g,
        radius,
        colour,
        degree,
        types,
        total_nodes,
        total_edges,
    }
}

/// An axis-aligned rectangle in layout space: `[x0, y0, x1, y1]`.
pub type Bounds = [f32; 4];

fn overlaps(a: &Bounds, b: &Bounds) -> bool {
    a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

/// Cached geometry of a laid-out graph (see the module documentation).
#[derive(Clone, Debug, Default)]
pub struct Scene {
    positions: Vec<[f32; 2]>,
    radius: Vec<f32>,
    edges: Vec<(u32, u32)>,
    edge_boxes: Vec<Bounds>,
    bounds: Bounds,
    /// The node grid: cell size, origin, columns and rows; `starts[c]..starts[c + 1]` index
    /// `items` for cell `c` (compressed rows: two flat vectors, no vector per cell).
    cell: f32,
    origin: [f32; 2],
    cols: usize,
    rows: usize,
    starts: Vec<u32>,
    items: Vec<u32>,
    /// How many times the geometry was rebuilt (tests: not every frame).
    pub rebuilds: u64,
}

impl Scene {
    /// A scene for `view` (its edges and radii); positions come with [`Scene::update`].
    pub fn new(view: &GraphView) -> Scene {
        Scene {
            radius: view.radius.clone(),
            edges: view
                .graph
                .edges
                .iter()
                .map(|e| (e.source as u32, e.target as u32))
                .collect(),
            ..Scene::default()
        }
    }

    /// Takes new positions (by node index) and rebuilds the boxes and the grid in place.
    pub fn update(&mut self, positions: &[[f32; 2]]) {
        self.rebuilds += 1;
        self.positions.clear();
        self.positions.extend_from_slice(positions);
        let mut b = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
        for (p, r) in self.positions.iter().zip(&self.radius) {
            b = [
                b[0].min(p[0] - r),
                b[1].min(p[1] - r),
                b[2].max(p[0] + r),
                b[3].max(p[1] + r),
            ];
        }
        if self.positions.is_empty() {
            b = [0.0; 4];
        }
        self.bounds = b;
        self.edge_boxes.clear();
        for &(s, t) in &self.edges {
            let (a, c) = (self.positions[s as usize], self.positions[t as usize]);
            self.edge_boxes.push([
                a[0].min(c[0]),
                a[1].min(c[1]),
                a[0].max(c[0]),
                a[1].max(c[1]),
            ]);
        }
        self.build_grid();
    }

    /// A grid of about one node per cell, filled in two counting passes.
    fn build_grid(&mut self) {
        let n = self.positions.len().max(1);
        let (w, h) = (
            (self.bounds[2] - self.bounds[0]).max(1.0),
            (self.bounds[3] - self.bounds[1]).max(1.0),
        );
        let cell = ((w * h) / n as f32).sqrt().max(1.0);
        self.cell = cell;
        self.origin = [self.bounds[0], self.bounds[1]];
        self.cols = ((w / cell).ceil() as usize).clamp(1, 4096);
        self.rows = ((h / cell).ceil() as usize).clamp(1, 4096);
        let cells = self.cols * self.rows;
        self.starts.clear();
        self.starts.resize(cells + 1, 0);
        for i in 0..self.positions.len() {
            let c = self.cell_of(self.positions[i]);
            self.starts[c + 1] += 1;
        }
        for c in 0..cells {
            self.starts[c + 1] += self.starts[c];
        }
        self.items.clear();
        self.items.resize(self.positions.len(), 0);
        let mut fill: Vec<u32> = self.starts[..cells].to_vec();
        for i in 0..self.positions.len() {
            let c = self.cell_of(self.positions[i]);
            self.items[fill[c] as usize] = i as u32;
            fill[c] += 1;
        }
    }

    fn cell_xy(&self, p: [f32; 2]) -> (usize, usize) {
        let x = ((p[0] - self.origin[0]) / self.cell).floor().max(0.0) as usize;
        let y = ((p[1] - self.origin[1]) / self.cell).floor().max(0.0) as usize;
        (x.min(self.cols - 1), y.min(self.rows - 1))
    }

    fn cell_of(&self, p: [f32; 2]) -> usize {
        let (x, y) = self.cell_xy(p);
        y * self.cols + x
    }

    /// Positions by node index.
    pub fn positions(&self) -> &[[f32; 2]] {
        &self.positions
    }

    /// The box around every node (with its radius).
    pub fn bounds(&self) -> Bounds {
        self.bounds
    }

    /// Fills `out` with the nodes whose disc meets `rect` (cleared first).
    pub fn visible_nodes(&self, rect: &Bounds, out: &mut Vec<u32>) {
        out.clear();
        if self.positions.is_empty() || !overlaps(rect, &self.bounds) {
            return;
        }
        let rmax = self.radius.iter().copied().fold(0.0f32, f32::max);
        let (x0, y0) = self.cell_xy([rect[0] - rmax, rect[1] - rmax]);
        let (x1, y1) = self.cell_xy([rect[2] + rmax, rect[3] + rmax]);
        for y in y0..=y1 {
            let row = y * self.cols;
            let (a, b) = (self.starts[row + x0], self.starts[row + x1 + 1]);
            for &i in &self.items[a as usize..b as usize] {
                let p = self.positions[i as usize];
                let r = self.radius[i as usize];
                if p[0] + r >= rect[0]
                    && p[0] - r <= rect[2]
                    && p[1] + r >= rect[1]
                    && p[1] - r <= rect[3]
                {
                    out.push(i);
                }
            }
        }
    }

    /// Fills `out` with the edges whose bounding box meets `rect` (cleared first).
    pub fn visible_edges(&self, rect: &Bounds, out: &mut Vec<u32>) {
        out.clear();
        for (i, b) in self.edge_boxes.iter().enumerate() {
            if overlaps(b, rect) {
                out.push(i as u32);
            }
        }
    }

    /// The node under layout point `p` (within its radius plus `slack`); the nearest if
    /// several.
    pub fn node_at(&self, p: [f32; 2], slack: f32) -> Option<usize> {
        let mut near = Vec::new();
        let rmax = self.radius.iter().copied().fold(0.0f32, f32::max) + slack;
        self.visible_nodes(
            &[p[0] - rmax, p[1] - rmax, p[0] + rmax, p[1] + rmax],
            &mut near,
        );
        near.into_iter()
            .map(|i| i as usize)
            .filter_map(|i| {
                let q = self.positions[i];
                let d = ((q[0] - p[0]).powi(2) + (q[1] - p[1]).powi(2)).sqrt();
                (d <= self.radius[i] + slack).then_some((d, i))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
            .map(|(_, i)| i)
    }

    /// The ends of edge `e` (node indices).
    pub fn edge(&self, e: usize) -> (usize, usize) {
        let (s, t) = self.edges[e];
        (s as usize, t as usize)
    }
}

/// Pan and zoom: a layout point `p` is drawn at `origin + (p - centre) * scale`, `origin`
/// being the centre of the view on screen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    pub centre: [f32; 2],
    /// Screen points per layout unit.
    pub scale: f32,
}

impl Default for Camera {
    fn default() -> Self {
        Camera {
            centre: [0.0, 0.0],
            scale: 1.0,
        }
    }
}

impl Camera {
    /// Shows all of `bounds` in a view `size` wide and high (with a margin).
    pub fn fit(bounds: Bounds, size: [f32; 2]) -> Camera {
        let (w, h) = (
            (bounds[2] - bounds[0]).max(1.0),
            (bounds[3] - bounds[1]).max(1.0),
        );
        let scale = ((size[0] / w).min(size[1] / h) * 0.92).clamp(1e-4, 50.0);
        Camera {
            centre: [(bounds[0] + bounds[2]) / 2.0, (bounds[1] + bounds[3]) / 2.0],
            scale,
        }
    }

    /// Layout point → screen, for a view centred at `origin`.
    pub fn to_screen(&self, p: [f32; 2], origin: [f32; 2]) -> [f32; 2] {
        [
            origin[0] + (p[0] - self.centre[0]) * self.scale,
            origin[1] + (p[1] - self.centre[1]) * self.scale,
        ]
    }

    /// Screen point → layout.
    pub fn to_layout(&self, s: [f32; 2], origin: [f32; 2]) -> [f32; 2] {
        [
            self.centre[0] + (s[0] - origin[0]) / self.scale,
            self.centre[1] + (s[1] - origin[1]) / self.scale,
        ]
    }

    /// The layout rectangle seen in a view of `size` centred at `origin`.
    pub fn visible(&self, size: [f32; 2]) -> Bounds {
        let (hw, hh) = (size[0] / 2.0 / self.scale, size[1] / 2.0 / self.scale);
        [
            self.centre[0] - hw,
            self.centre[1] - hh,
            self.centre[0] + hw,
            self.centre[1] + hh,
        ]
    }

    /// Moves the view by a screen distance (a drag).
    pub fn pan(&mut self, delta: [f32; 2]) {
        self.centre[0] -= delta[0] / self.scale;
        self.centre[1] -= delta[1] / self.scale;
    }

    /// Zooms by `factor` keeping screen point `at` over the same layout point.
    pub fn zoom(&mut self, factor: f32, at: [f32; 2], origin: [f32; 2]) {
        let before = self.to_layout(at, origin);
        self.scale = (self.scale * factor).clamp(1e-4, 50.0);
        let after = self.to_layout(at, origin);
        self.centre[0] += before[0] - after[0];
        self.centre[1] += before[1] - after[1];
    }
}
