//! Maximum one-to-one matchings: cardinality (Hopcroft–Karp, for overlapping spans) and
//! weight (successive shortest paths over a sparse graph, for CEAF's cluster alignment).
//!
//! Both work on edge lists, so their cost follows the edges that exist (pairs of spans that
//! overlap, pairs of clusters that share a mention), never rows × columns.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

const FREE: u32 = u32::MAX;

/// Compressed adjacency of the left nodes: `adj[start[u]..start[u + 1]]`.
struct Csr {
    start: Vec<u32>,
    adj: Vec<u32>,
}

impl Csr {
    fn new(n_left: usize, edges: impl Iterator<Item = (u32, u32)> + Clone) -> Self {
        let mut start = vec![0u32; n_left + 1];
        for (u, _) in edges.clone() {
            start[u as usize + 1] += 1;
        }
        for i in 0..n_left {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut adj = vec![0u32; start[n_left] as usize];
        for (u, v) in edges {
            adj[fill[u as usize] as usize] = v;
            fill[u as usize] += 1;
        }
        Self { start, adj }
    }

    fn of(&self, u: usize) -> &[u32] {
        &self.adj[self.start[u] as usize..self.start[u + 1] as usize]
    }
}

/// Renumbers the ends of `edges` densely from 0 (each side on its own); returns the counts.
fn compact(edges: &[(u32, u32)]) -> (Vec<(u32, u32)>, usize, usize) {
    let mut left: Vec<u32> = edges.iter().map(|e| e.0).collect();
    let mut right: Vec<u32> = edges.iter().map(|e| e.1).collect();
    left.sort_unstable();
    left.dedup();
    right.sort_unstable();
    right.dedup();
    let find = |s: &[u32], x: u32| s.binary_search(&x).expect("present") as u32;
    let out = edges
        .iter()
        .map(|&(u, v)| (find(&left, u), find(&right, v)))
        .collect();
    (out, left.len(), right.len())
}

/// The size of a maximum matching of the bipartite graph given by `edges` (left, right); node
/// numbers may be sparse and edges may repeat.
pub fn max_cardinality(edges: &[(u32, u32)]) -> u64 {
    if edges.is_empty() {
        return 0;
    }
    let (edges, n_left, n_right) = compact(edges);
    let g = Csr::new(n_left, edges.iter().copied());
    let mut match_l = vec![FREE; n_left];
    let mut match_r = vec![FREE; n_right];
    let mut size = 0u64;
    // Greedy start: most components of overlapping spans are a single pair.
    for (u, m) in match_l.iter_mut().enumerate() {
        if let Some(&v) = g.of(u).iter().find(|&&v| match_r[v as usize] == FREE) {
            *m = v;
            match_r[v as usize] = u as u32;
            size += 1;
        }
    }
    let mut dist = vec![0u32; n_left];
    let mut queue = Vec::with_capacity(n_left);
    let mut it = vec![0u32; n_left];
    let mut stack: Vec<u32> = Vec::new();
    loop {
        // Breadth-first layers from the free left nodes.
        queue.clear();
        for u in 0..n_left {
            if match_l[u] == FREE {
                dist[u] = 0;
                queue.push(u as u32);
            } else {
                dist[u] = FREE;
            }
        }
        let mut found = false;
        let mut head = 0;
        while head < queue.len() {
            let u = queue[head] as usize;
            head += 1;
            for &v in g.of(u) {
                let w = match_r[v as usize];
                if w == FREE {
                    found = true;
                } else if dist[w as usize] == FREE {
                    dist[w as usize] = dist[u] + 1;
                    queue.push(w);
                }
            }
        }
        if !found {
            return size;
        }
        // Depth-first augmentation along the layers (iterative: paths can be long).
        it.copy_from_slice(&g.start[..n_left]);
        for u0 in 0..n_left {
            if match_l[u0] != FREE {
                continue;
            }
            stack.clear();
            stack.push(u0 as u32);
            while let Some(&u) = stack.last() {
                let u = u as usize;
                if it[u] == g.start[u + 1] {
                    dist[u] = FREE; // dead end for this phase
                    stack.pop();
                    continue;
                }
                let v = g.adj[it[u] as usize];
                let w = match_r[v as usize];
                if w == FREE {
                    for &x in stack.iter() {
                        let x = x as usize;
                        let y = g.adj[it[x] as usize];
                        match_l[x] = y;
                        match_r[y as usize] = x as u32;
                    }
                    size += 1;
                    break;
                } else if dist[w as usize] != FREE && dist[w as usize] == dist[u] + 1 {
                    stack.push(w);
                } else {
                    it[u] += 1;
                }
            }
        }
    }
}

/// An entry of Dijkstra's queue: smallest distance first.
#[derive(PartialEq)]
struct Entry(f64, u32);

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .0
            .total_cmp(&self.0)
            .then_with(|| other.1.cmp(&self.1))
    }
}

/// The largest total weight of a one-to-one matching between `n_rows` rows and `n_cols`
/// columns over `edges` (row, column, weight ≥ 0); pairs without an edge weigh 0. This is the
/// optimum of the rectangular assignment problem that `scipy.optimize.linear_sum_assignment`
/// solves on the dense matrix, found here over the edges only.
///
/// Successive shortest augmenting paths with node potentials (Dijkstra on reduced costs).
/// Every row also has a private "unassigned" column of cost 0, so a row is never forced onto a
/// column; costs are `-weight`. Each row is added by one shortest path from it to a free column,
/// which keeps the matching optimal for the rows added so far; potentials are changed only on
/// the nodes the search settled, so the cost follows the part of the graph each path explores.
pub fn max_weight(n_rows: usize, n_cols: usize, edges: &[(u32, u32, f64)]) -> f64 {
    // A row and a column joined only to each other form a component of their own: the edge
    // is in every optimum. Most chains (singletons above all) are such pairs, so they are
    // taken directly and only the rest goes through the shortest-path search.
    let mut row_deg = vec![0u32; n_rows];
    let mut col_deg = vec![0u32; n_cols];
    for &(r, c, _) in edges {
        row_deg[r as usize] += 1;
        col_deg[c as usize] += 1;
    }
    let mut total = 0.0;
    let mut rest: Vec<(u32, u32, f64)> = Vec::new();
    for &(r, c, w) in edges {
        if row_deg[r as usize] == 1 && col_deg[c as usize] == 1 {
            total += w;
        } else {
            rest.push((r, c, w));
        }
    }
    if rest.is_empty() {
        return total;
    }
    total + shortest_paths(n_rows, n_cols, &rest)
}

/// The successive-shortest-path solver behind [`max_weight`]. Node ids: rows
/// `0..n_rows`, columns `n_rows..n_rows + n_cols`, then one "unassigned" node per row.
struct Ssp {
    n_rows: usize,
    n_cols: usize,
    /// Edges of row r: `cols[start[r]..start[r + 1]]` with `cost` (= −weight).
    start: Vec<u32>,
    cols: Vec<u32>,
    cost: Vec<f64>,
    pot: Vec<f64>,
    /// Row → its column or unassigned node (`FREE` before the row is added).
    row_match: Vec<usize>,
    /// Column or unassigned node → its row.
    node_match: Vec<usize>,
    dist: Vec<f64>,
    /// Column or unassigned node → the row it was reached from.
    prev: Vec<usize>,
    done: Vec<bool>,
    settled: Vec<usize>,
    touched: Vec<usize>,
    heap: BinaryHeap<Entry>,
}

impl Ssp {
    fn new(n_rows: usize, n_cols: usize, edges: &[(u32, u32, f64)]) -> Self {
        let mut start = vec![0u32; n_rows + 1];
        for &(r, _, _) in edges {
            start[r as usize + 1] += 1;
        }
        for i in 0..n_rows {
            start[i + 1] += start[i];
        }
        let mut cols = vec![0u32; edges.len()];
        let mut cost = vec![0f64; edges.len()];
        let mut fill = start.clone();
        for &(r, c, w) in edges {
            let k = fill[r as usize] as usize;
            cols[k] = c;
            cost[k] = -w;
            fill[r as usize] += 1;
        }
        let n_nodes = 2 * n_rows + n_cols;
        // Reduced costs start non-negative: a row's potential is its largest weight.
        let mut pot = vec![0f64; n_nodes];
        for r in 0..n_rows {
            let range = start[r] as usize..start[r + 1] as usize;
            pot[r] = cost[range].iter().copied().fold(0.0, f64::min).abs();
        }
        Self {
            n_rows,
            n_cols,
            start,
            cols,
            cost,
            pot,
            row_match: vec![FREE as usize; n_rows],
            node_match: vec![FREE as usize; n_nodes],
            dist: vec![f64::INFINITY; n_nodes],
            prev: vec![FREE as usize; n_nodes],
            done: vec![false; n_nodes],
            settled: Vec::new(),
            touched: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    fn relax(&mut self, x: usize, d: f64, y: usize, c: f64) {
        let nd = d + (c + self.pot[x] - self.pot[y]).max(0.0);
        if nd < self.dist[y] {
            self.dist[y] = nd;
            self.prev[y] = x;
            self.touched.push(y);
            self.heap.push(Entry(nd, y as u32));
        }
    }

    /// Dijkstra from row `s` to the nearest free column or unassigned node: (it, distance).
    fn search(&mut self, s: usize) -> (usize, f64) {
        self.dist[s] = 0.0;
        self.touched.push(s);
        self.heap.push(Entry(0.0, s as u32));
        while let Some(Entry(d, x)) = self.heap.pop() {
            let x = x as usize;
            if self.done[x] || d > self.dist[x] {
                continue;
            }
            self.done[x] = true;
            self.settled.push(x);
            if x >= self.n_rows {
                // A free node ends the search; a taken one leads on to its row.
                let r = self.node_match[x];
                if r == FREE as usize {
                    return (x, d);
                }
                if d < self.dist[r] {
                    self.dist[r] = d;
                    self.touched.push(r);
                    self.heap.push(Entry(d, r as u32));
                }
                continue;
            }
            for k in self.start[x] as usize..self.start[x + 1] as usize {
                let y = self.n_rows + self.cols[k] as usize;
                if self.row_match[x] != y {
                    self.relax(x, d, y, self.cost[k]);
                }
            }
            let y = self.n_rows + self.n_cols + x;
            if self.row_match[x] != y {
                self.relax(x, d, y, 0.0);
            }
        }
        unreachable!("every row reaches its own unassigned node")
    }

    /// Adds row `s`: one shortest augmenting path keeps the matching optimal.
    fn add_row(&mut self, s: usize) {
        let (end, end_dist) = self.search(s);
        // Potentials of the settled nodes (a constant shift of all others changes nothing).
        for &x in &self.settled {
            self.pot[x] -= end_dist - self.dist[x];
        }
        // Walk back from the free end, flipping the path.
        let mut y = end;
        while y != FREE as usize {
            let r = self.prev[y];
            let next = self.row_match[r];
            self.row_match[r] = y;
            self.node_match[y] = r;
            y = if r == s { FREE as usize } else { next };
        }
        for &x in &self.touched {
            self.dist[x] = f64::INFINITY;
            self.done[x] = false;
            self.prev[x] = FREE as usize;
        }
        for &x in &self.settled {
            self.done[x] = false;
        }
        self.touched.clear();
        self.settled.clear();
        self.heap.clear();
    }

    /// The weight of the final matching.
    fn total(&self) -> f64 {
        let mut total = 0.0;
        for r in 0..self.n_rows {
            let y = self.row_match[r];
            if y < self.n_rows + self.n_cols {
                let range = self.start[r] as usize..self.start[r + 1] as usize;
                total += range
                    .filter(|&k| self.n_rows + self.cols[k] as usize == y)
                    .map(|k| -self.cost[k])
                    .fold(0.0, f64::max);
            }
        }
        total
    }
}

fn shortest_paths(n_rows: usize, n_cols: usize, edges: &[(u32, u32, f64)]) -> f64 {
    let mut ssp = Ssp::new(n_rows, n_cols, edges);
    for s in 0..n_rows {
        ssp.add_row(s);
    }
    ssp.total()
}
