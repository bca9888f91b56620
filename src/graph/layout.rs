//! A deterministic force-directed layout (Fruchterman–Reingold with a cut-off): linked nodes
//! pull together, nearby nodes push apart, a weak pull to the centre keeps components in
//! view. Run it in steps ([`Layout::step`]) so a view can animate it, or all at once
//! ([`Layout::run`]).
//!
//! - **Deterministic, bit for bit**: start positions come from a seeded hash of each node's
//!   id (so a node keeps its start place when a filter removes others), and every step adds
//!   the forces in a fixed order with plain `f32` arithmetic (`+ - * /` and `sqrt`, which
//!   IEEE 754 rounds exactly): the same graph and seed give the same positions on every run
//!   and machine.
//! - **Fast**: repulsion from far groups of nodes is taken from their centre of mass
//!   (Barnes–Hut, a quadtree rebuilt each step, opening angle [`THETA`]): O(n log n) per
//!   step instead of O(n²), so 5,000 nodes stay interactive. [`Layout::pairs_last_step`]
//!   says how many node–node or node–group interactions the last step computed.

use super::Graph;

/// The ideal distance between linked nodes, in layout units.
pub const EDGE_LENGTH: f32 = 40.0;

/// Barnes–Hut opening criterion: a group of nodes of width `w` at distance `d` acts as one
/// body when `w / d < THETA`.
pub const THETA: f32 = 0.9;

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    positions: Vec<[f32; 2]>,
    pinned: Vec<bool>,
    /// Nodes without edges: pulled to the centre harder, or the others' repulsion would
    /// push them ten times farther out than the rest of the graph reaches.
    isolated: Vec<bool>,
    edges: Vec<(u32, u32)>,
    temperature: f32,
    steps: u32,
    pairs_last_step: usize,
}

/// SplitMix64: a small, well-mixed, seeded generator (no state beyond one `u64`).
fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// A number in [0, 1) from the top 24 bits (exact in `f32`).
fn unit(bits: u64) -> f32 {
    (bits >> 40) as f32 / (1u64 << 24) as f32
}

const MIN_TEMPERATURE: f32 = EDGE_LENGTH * 0.005;
const COOLING: f32 = 0.96;
const GRAVITY: f32 = 0.01;
/// The pull on a node without edges: an isolated node settles about where the graph's
/// own extent ends (repulsion `k² m / d` meets `g d` at `d = k √(m / g)`).
const ISOLATED_GRAVITY: f32 = 0.5;

impl Layout {
    /// Start positions for `graph`, from `seed`.
    pub fn new(graph: &Graph, seed: u64) -> Layout {
        let n = graph.nodes.len();
        let side = EDGE_LENGTH * 2.0 * (n.max(1) as f32).sqrt();
        let positions = graph
            .nodes
            .iter()
            .map(|node| {
                let a = splitmix(seed ^ fnv1a(node.id.id()));
                let b = splitmix(a);
                [(unit(a) - 0.5) * side, (unit(b) - 0.5) * side]
            })
            .collect();
        Layout {
            positions,
            pinned: vec![false; n],
            isolated: {
                let mut iso = vec![true; n];
                for e in &graph.edges {
                    iso[e.source] = false;
                    iso[e.target] = false;
                }
                iso
            },
            edges: graph
                .edges
                .iter()
                .map(|e| (e.source as u32, e.target as u32))
                .collect(),
            temperature: side / 10.0,
            steps: 0,
            pairs_last_step: 0,
        }
    }

    /// Node positions, by node index.
    pub fn positions(&self) -> &[[f32; 2]] {
        &self.positions
    }

    /// Moves a node (a drag) and pins it there: steps leave pinned nodes in place.
    pub fn set_position(&mut self, node: usize, position: [f32; 2]) {
        if let Some(p) = self.positions.get_mut(node) {
            *p = position;
            self.pinned[node] = true;
        }
    }

    /// Lets a pinned node move again.
    pub fn unpin(&mut self, node: usize) {
        if let Some(p) = self.pinned.get_mut(node) {
            *p = false;
        }
    }

    /// Steps taken so far.
    pub fn steps(&self) -> u32 {
        self.steps
    }

    /// Pairs of nodes whose repulsion the last step computed.
    pub fn pairs_last_step(&self) -> usize {
        self.pairs_last_step
    }

    /// True once the layout has cooled down (further steps barely move anything).
    pub fn settled(&self) -> bool {
        self.temperature <= MIN_TEMPERATURE
    }

    /// Runs `steps` steps.
    pub fn run(&mut self, steps: usize) {
        for _ in 0..steps {
            self.step();
        }
    }

    /// One step; returns the largest distance a node moved.
    pub fn step(&mut self) -> f32 {
        let n = self.positions.len();
        let k = EDGE_LENGTH;
        let tree = QuadTree::build(&self.positions);
        let mut disp = vec![[0.0f32; 2]; n];
        let mut pairs = 0usize;
        for (i, d) in disp.iter_mut().enumerate() {
            pairs += tree.repulsion(i, self.positions[i], k * k, d);
        }
        for &(a, b) in &self.edges {
            let (a, b) = (a as usize, b as usize);
            if a == b {
                continue;
            }
            let (pa, pb) = (self.positions[a], self.positions[b]);
            let (ddx, ddy) = (pa[0] - pb[0], pa[1] - pb[1]);
            let d = (ddx * ddx + ddy * ddy).sqrt();
            if d < 1e-3 {
                continue;
            }
            let f = d * d / k;
            let (fx, fy) = (ddx / d * f, ddy / d * f);
            disp[a][0] -= fx;
            disp[a][1] -= fy;
            disp[b][0] += fx;
            disp[b][1] += fy;
        }
        let t = self.temperature;
        let mut moved = 0.0f32;
        for (i, p) in self.positions.iter_mut().enumerate() {
            if self.pinned[i] {
                continue;
            }
            let g = if self.isolated[i] {
                ISOLATED_GRAVITY
            } else {
                GRAVITY
            };
            let dx = disp[i][0] - p[0] * g;
            let dy = disp[i][1] - p[1] * g;
            let len = (dx * dx + dy * dy).sqrt();
            if len <= 0.0 || !len.is_finite() {
                continue;
            }
            let step = len.min(t);
            p[0] += dx / len * step;
            p[1] += dy / len * step;
            moved = moved.max(step);
        }
        self.temperature = (t * COOLING).max(MIN_TEMPERATURE);
        self.steps += 1;
        self.pairs_last_step = pairs;
        moved
    }
}

const NONE: u32 = u32::MAX;
/// Below this width a cell keeps every body it gets (coincident nodes end the subdivision).
const MIN_CELL: f32 = 1e-3;

/// A cell of the quadtree: its square, the mass (number of bodies) and position sum of what
/// it holds, and either one body (a leaf) or up to four children.
#[derive(Clone, Copy, Debug)]
struct QuadCell {
    x0: f32,
    y0: f32,
    size: f32,
    mass: f32,
    sx: f32,
    sy: f32,
    body: u32,
    children: [u32; 4],
}

impl QuadCell {
    fn new(x0: f32, y0: f32, size: f32) -> QuadCell {
        QuadCell {
            x0,
            y0,
            size,
            mass: 0.0,
            sx: 0.0,
            sy: 0.0,
            body: NONE,
            children: [NONE; 4],
        }
    }

    fn is_leaf(&self) -> bool {
        self.children == [NONE; 4]
    }

    fn quadrant(&self, p: [f32; 2]) -> usize {
        let half = self.size / 2.0;
        let right = p[0] >= self.x0 + half;
        let up = p[1] >= self.y0 + half;
        (right as usize) | ((up as usize) << 1)
    }
}

/// Barnes–Hut quadtree over the positions, built by inserting bodies in index order.
struct QuadTree<'a> {
    cells: Vec<QuadCell>,
    positions: &'a [[f32; 2]],
}

impl<'a> QuadTree<'a> {
    fn build(positions: &'a [[f32; 2]]) -> QuadTree<'a> {
        let (mut lo, mut hi) = ([f32::MAX; 2], [f32::MIN; 2]);
        for p in positions {
            for k in 0..2 {
                lo[k] = lo[k].min(p[k]);
                hi[k] = hi[k].max(p[k]);
            }
        }
        let size = ((hi[0] - lo[0]).max(hi[1] - lo[1])).max(1.0) * 1.001;
        let mut t = QuadTree {
            cells: Vec::with_capacity(positions.len() * 2 + 1),
            positions,
        };
        t.cells.push(QuadCell::new(lo[0], lo[1], size));
        for b in 0..positions.len() {
            t.insert(b as u32);
        }
        t
    }

    fn child(&mut self, cell: usize, q: usize) -> usize {
        let c = self.cells[cell].children[q];
        if c != NONE {
            return c as usize;
        }
        let p = self.cells[cell];
        let half = p.size / 2.0;
        let x0 = if q & 1 == 1 { p.x0 + half } else { p.x0 };
        let y0 = if q & 2 == 2 { p.y0 + half } else { p.y0 };
        let idx = self.cells.len();
        self.cells.push(QuadCell::new(x0, y0, half));
        self.cells[cell].children[q] = idx as u32;
        idx
    }

    fn insert(&mut self, b: u32) {
        let p = self.positions[b as usize];
        let mut at = 0usize;
        loop {
            let c = &mut self.cells[at];
            c.mass += 1.0;
            c.sx += p[0];
            c.sy += p[1];
            if c.is_leaf() {
                if c.mass == 1.0 {
                    c.body = b;
                    return;
                }
                if c.size < MIN_CELL {
                    return; // coincident bodies share the leaf
                }
                // Push the resident body down, then go on with `b`.
                let resident = c.body;
                c.body = NONE;
                let rp = self.positions[resident as usize];
                let q = self.cells[at].quadrant(rp);
                let child = self.child(at, q);
                let cc = &mut self.cells[child];
                cc.mass = 1.0;
                cc.sx = rp[0];
                cc.sy = rp[1];
                cc.body = resident;
            }
            let q = self.cells[at].quadrant(p);
            at = self.child(at, q);
        }
    }

    /// Adds the repulsion on body `i` at `p` (strength `k2 / d`) to `d`; returns how many
    /// bodies or groups it was computed from.
    fn repulsion(&self, i: usize, p: [f32; 2], k2: f32, d: &mut [f32; 2]) -> usize {
        let mut count = 0;
        let mut stack: Vec<u32> = vec![0];
        while let Some(c) = stack.pop() {
            let cell = &self.cells[c as usize];
            let mut mass = cell.mass;
            let (mut sx, mut sy) = (cell.sx, cell.sy);
            if cell.is_leaf() && cell.body == i as u32 {
                // Leave the body itself out of its own leaf.
                mass -= 1.0;
                sx -= p[0];
                sy -= p[1];
            }
            if mass <= 0.0 {
                continue;
            }
            let (cx, cy) = (sx / mass, sy / mass);
            let (mut dx, mut dy) = (p[0] - cx, p[1] - cy);
            let mut d2 = dx * dx + dy * dy;
            let far = cell.size * cell.size < THETA * THETA * d2;
            if cell.is_leaf() || far {
                if d2 < 1e-6 {
                    // Coincident: part along a direction drawn from the node's index.
                    let h = splitmix(i as u64);
                    dx = (unit(h) - 0.5) * 0.02 + 0.001;
                    dy = (unit(splitmix(h)) - 0.5) * 0.02;
                    d2 = dx * dx + dy * dy;
                }
                let dist = d2.sqrt();
                let f = k2 * mass / dist;
                d[0] += dx / dist * f;
                d[1] += dy / dist * f;
                count += 1;
            } else {
                for &ch in cell.children.iter().rev() {
                    if ch != NONE {
                        stack.push(ch);
                    }
                }
            }
        }
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Graph, Node, NodeRef};
    use crate::model::{ClusterId, TypeKind};

    fn nodes(n: usize) -> Graph {
        Graph {
            nodes: (0..n)
                .map(|i| Node {
                    id: NodeRef::Cluster(ClusterId::new(format!("c_{i}"))),
                    label: String::new(),
                    type_key: "X".into(),
                    type_name: "X".into(),
                    kind: TypeKind::Entity,
                    colour: "#000000".into(),
                    mentions: 0,
                    documents: vec![],
                    external_id: None,
                })
                .collect(),
            edges: vec![],
            unlinked_mentions: 0,
        }
    }

    #[test]
    fn empty_single_and_coincident_graphs_step_without_trouble() {
        let mut l = Layout::new(&nodes(0), 1);
        l.run(3);
        assert!(l.positions().is_empty());
        let mut l = Layout::new(&nodes(1), 1);
        l.run(3);
        assert!(l.positions()[0].iter().all(|v| v.is_finite()));
        // Three nodes on one spot are pushed apart.
        let mut l = Layout::new(&nodes(3), 1);
        for i in 0..3 {
            l.set_position(i, [0.0, 0.0]);
            l.unpin(i);
        }
        l.run(20);
        let p = l.positions();
        assert!(p.iter().flatten().all(|v| v.is_finite()));
        assert!(p[0] != p[1] && p[1] != p[2] && p[0] != p[2], "{p:?}");
    }
}
