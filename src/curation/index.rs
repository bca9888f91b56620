//! What the compared layers hold, indexed for comparing: every mention by its identity
//! (document, exact fragments), entity/event groups across layers, and end keys for links.

use crate::model::{ClusterId, Endpoint, Layer, Mention, MentionId, Project};
use std::collections::{BTreeMap, HashMap};

/// A mention's identity: (document position, UTF-8 byte fragments).
pub type Ident = (usize, Vec<(usize, usize)>);

/// The identity of a mention of `project`.
pub fn ident(project: &Project, m: &Mention) -> Ident {
    (
        project.document_position(&m.doc).unwrap_or(usize::MAX),
        m.fragments.iter().map(|f| (f.start(), f.end())).collect(),
    )
}

/// The text of an identity as a key (`3@10-20,25-30`).
pub fn ident_key(i: &Ident) -> String {
    let frags: Vec<String> = i.1.iter().map(|(s, e)| format!("{s}-{e}")).collect();
    format!("{}@{}", i.0, frags.join(","))
}

/// The compared layers (index = position in the comparison) and the curation layer's index
/// (`layers.len()`), with each layer's mentions by identity and its clusters' members.
pub struct Index<'a> {
    pub project: &'a Project,
    pub layers: Vec<Layer>,
    /// Mentions by identity: for each layer (compared ones, then curation), the mentions.
    pub by_ident: BTreeMap<Ident, Vec<Vec<&'a Mention>>>,
    /// For each cluster of any of these layers: its members' identities, sorted.
    pub members: HashMap<&'a ClusterId, Vec<Ident>>,
    /// The entity/event group of each identity that some compared layer put in a cluster.
    pub group_of: HashMap<Ident, usize>,
    /// Groups: the clusters (of compared layers) in each, and the identities they hold.
    pub groups: Vec<Group<'a>>,
}

/// Clusters of the compared layers joined by sharing mention identities.
#[derive(Default)]
pub struct Group<'a> {
    pub clusters: Vec<(usize, &'a ClusterId)>,
    pub idents: Vec<Ident>,
}

impl<'a> Index<'a> {
    pub fn new(project: &'a Project, layers: &[Layer]) -> Index<'a> {
        let mut all: Vec<Layer> = layers.to_vec();
        all.push(Layer::curation());
        let slot: HashMap<&Layer, usize> = all.iter().enumerate().map(|(i, l)| (l, i)).collect();
        let n = all.len();
        let mut by_ident: BTreeMap<Ident, Vec<Vec<&Mention>>> = BTreeMap::new();
        let mut members: HashMap<&ClusterId, Vec<Ident>> = HashMap::new();
        for doc in project.documents() {
            for m in project.mentions_in(&doc.id) {
                let Some(&k) = slot.get(&m.layer) else {
                    continue;
                };
                let id = ident(project, m);
                if let Some(c) = &m.cluster {
                    members.entry(c).or_default().push(id.clone());
                }
                by_ident.entry(id).or_insert_with(|| vec![Vec::new(); n])[k].push(m);
            }
        }
        for v in members.values_mut() {
            v.sort();
            v.dedup();
        }
        let mut index = Index {
            project,
            layers: layers.to_vec(),
            by_ident,
            members,
            group_of: HashMap::new(),
            groups: Vec::new(),
        };
        index.group();
        index
    }

    /// The curation layer's slot.
    pub fn cur(&self) -> usize {
        self.layers.len()
    }

    /// Union-find over the compared layers' clusters, joined by shared identities.
    fn group(&mut self) {
        let mut clusters: Vec<(usize, &'a ClusterId)> = Vec::new();
        let mut pos: HashMap<&ClusterId, usize> = HashMap::new();
        for per_layer in self.by_ident.values() {
            for (k, ms) in per_layer.iter().enumerate().take(self.layers.len()) {
                for m in ms {
                    if let Some(c) = &m.cluster
                        && !pos.contains_key(c)
                    {
                        pos.insert(c, clusters.len());
                        clusters.push((k, c));
                    }
                }
            }
        }
        let mut parent: Vec<usize> = (0..clusters.len()).collect();
        fn find(p: &mut [usize], mut x: usize) -> usize {
            while p[x] != x {
                p[x] = p[p[x]];
                x = p[x];
            }
            x
        }
        for per_layer in self.by_ident.values() {
            let mut first: Option<usize> = None;
            for ms in per_layer.iter().take(self.layers.len()) {
                for m in ms {
                    if let Some(c) = &m.cluster {
                        let i = pos[c];
                        match first {
                            None => first = Some(i),
                            Some(f) => {
                                let (a, b) = (find(&mut parent, f), find(&mut parent, i));
                                parent[a.max(b)] = a.min(b);
                            }
                        }
                    }
                }
            }
        }
        let mut root_group: HashMap<usize, usize> = HashMap::new();
        for (i, c) in clusters.iter().enumerate() {
            let r = find(&mut parent, i);
            let g = *root_group.entry(r).or_insert_with(|| {
                self.groups.push(Group::default());
                self.groups.len() - 1
            });
            self.groups[g].clusters.push(*c);
        }
        for (g, group) in self.groups.iter_mut().enumerate() {
            let mut idents: Vec<Ident> = group
                .clusters
                .iter()
                .flat_map(|(_, c)| self.members.get(c).into_iter().flatten().cloned())
                .collect();
            idents.sort();
            idents.dedup();
            for i in &idents {
                self.group_of.insert(i.clone(), g);
            }
            group.idents = idents;
        }
    }

    /// The key of a link end, the same for every layer that means the same thing: a mention
    /// by its identity (`M…`), a cluster by its entity/event group (`E` and the group's first
    /// identity; a cluster of the curation layer by the group most of its members are in), a
    /// cluster without mentions by its type and name (`N…`).
    pub fn end_key(&self, e: &Endpoint) -> Option<String> {
        match e {
            Endpoint::Mention(m) => {
                let m = self.project.mention(m)?;
                Some(format!("M{}", ident_key(&ident(self.project, m))))
            }
            Endpoint::Cluster(c) => {
                let cl = self.project.cluster(c)?;
                let Some(members) = self.members.get(c).filter(|m| !m.is_empty()) else {
                    return Some(format!("N{}:{}", cl.type_key, cl.name));
                };
                let mut votes: BTreeMap<usize, usize> = BTreeMap::new();
                for i in members {
                    if let Some(&g) = self.group_of.get(i) {
                        *votes.entry(g).or_default() += 1;
                    }
                }
                match votes
                    .into_iter()
                    .max_by_key(|(g, n)| (*n, std::cmp::Reverse(*g)))
                {
                    Some((g, _)) => Some(format!("E{}", ident_key(&self.groups[g].idents[0]))),
                    None => Some(format!("E{}", ident_key(&members[0]))),
                }
            }
        }
    }

    /// The first mention of the curation layer with this identity.
    pub fn cur_mention(&self, i: &Ident) -> Option<&'a Mention> {
        self.by_ident
            .get(i)
            .and_then(|v| v[self.cur()].first().copied())
    }

    /// The curation cluster holding most of `idents` (ties: the smaller id).
    pub fn cur_cluster_for(&self, idents: &[Ident]) -> Option<&'a ClusterId> {
        let mut votes: BTreeMap<&ClusterId, usize> = BTreeMap::new();
        for i in idents {
            if let Some(c) = self.cur_mention(i).and_then(|m| m.cluster.as_ref()) {
                *votes.entry(c).or_default() += 1;
            }
        }
        votes
            .into_iter()
            .max_by_key(|(c, n)| (*n, std::cmp::Reverse(*c)))
            .map(|(c, _)| c)
    }

    /// A mention's label: its quoted words.
    pub fn words(&self, m: &MentionId) -> String {
        match self.project.mention(m) {
            Some(m) => self
                .project
                .document(&m.doc)
                .map(|d| {
                    format!(
                        "'{}'",
                        crate::edit::ops::excerpt(&m.covered_text(d.text()), 40)
                    )
                })
                .unwrap_or_default(),
            None => m.to_string(),
        }
    }
}
