//! The project: schema, documents and all annotations, with the indexes the UI and the edits
//! need. Fields that hold data are changed only through [`crate::edit`], which validates first
//! (with the `check_*` methods here) and keeps the indexes in step.

use super::annotation::{
    Argument, AttrValue, Attributes, Cluster, Endpoint, Mention, RejectedSuggestion, Relation,
};
use super::document::Document;
use super::ids::{ArgumentId, ClusterId, DocId, MentionId, RelationId, is_valid_id};
use super::schema::{AttributeDef, AttributeKind, Schema, SchemaError, TypeKind};
use super::text::RangeError;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};

/// Source of change stamps: every mutation of a document's annotations or of the links takes a
/// fresh number from here. Numbers are unique within the process (across projects and clones),
/// so equal stamps mean unchanged content; nothing about the data depends on them.
static NEXT_STAMP: AtomicU64 = AtomicU64::new(1);

fn fresh_stamp() -> u64 {
    NEXT_STAMP.fetch_add(1, Ordering::Relaxed)
}

/// Why an edit (or a loaded record) was refused. The project is unchanged when this is returned.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("no document with id {0}")]
    UnknownDocument(DocId),
    #[error("no mention with id {0}")]
    UnknownMention(MentionId),
    #[error("no entity or event with id {0}")]
    UnknownCluster(ClusterId),
    #[error("no relation with id {0}")]
    UnknownRelation(RelationId),
    #[error("no argument with id {0}")]
    UnknownArgument(ArgumentId),
    #[error("id '{0}' is used twice")]
    DuplicateId(String),
    #[error("id '{0}' is not valid (1-64 letters, digits, '_' or '-')")]
    BadId(String),
    #[error("a document named '{0}' already exists")]
    DuplicateDocumentName(String),
    #[error("unknown type '{0}' (not in the schema)")]
    UnknownType(String),
    #[error("unknown relation type '{0}' (not in the schema)")]
    UnknownRelationType(String),
    #[error("mention {mention}: {source}")]
    Range {
        mention: MentionId,
        #[source]
        source: RangeError,
    },
    #[error("mention {0} has no fragments")]
    NoFragments(MentionId),
    #[error("mention {0} has fragments that overlap or are out of order")]
    BadFragmentOrder(MentionId),
    #[error("attribute '{key}' is not defined for '{owner}'")]
    UnknownAttribute { owner: String, key: String },
    #[error("attribute '{key}' of '{owner}': {problem}")]
    BadAttributeValue {
        owner: String,
        key: String,
        problem: String,
    },
    #[error(
        "{what} has type '{type_key}', which is an {found:?} type; expected an {expected:?} type"
    )]
    WrongKind {
        what: String,
        type_key: String,
        expected: TypeKind,
        found: TypeKind,
    },
    #[error(
        "relation type '{relation_type}' does not allow '{found}' at its {end} end (allowed: {allowed})"
    )]
    EndpointNotAllowed {
        relation_type: String,
        end: &'static str,
        found: String,
        allowed: String,
    },
    #[error("a link cannot join {0} to itself")]
    SelfLink(String),
    #[error("event type '{event_type}' has no role '{role}'")]
    UnknownRole { event_type: String, role: String },
    #[error("role '{role}' of '{event_type}' does not accept '{found}' (allowed: {allowed})")]
    RoleFillerNotAllowed {
        event_type: String,
        role: String,
        found: String,
        allowed: String,
    },
    #[error("role '{role}' of this event takes only one argument and already has one")]
    RoleFull { role: String },
    #[error("schema: {0}")]
    Schema(#[from] SchemaError),
    /// A link or argument the schema (or the links already present) does not allow; the text
    /// says why in words ("ORG cannot be the agent of COUP: role agent accepts PERSON").
    #[error("{0}")]
    NotAllowed(String),
    #[error("cannot merge entity/event {0} into itself")]
    MergeIntoItself(ClusterId),
    #[error("no mentions were chosen")]
    NothingChosen,
    #[error("the chosen mentions must all belong to one entity or event (found {0})")]
    NotOneCluster(String),
    #[error("a name cannot be empty")]
    EmptyName,
    #[error("the suggestion {0} is already rejected")]
    AlreadyRejected(String),
    #[error("the suggestion {0} is not rejected")]
    NotRejected(String),
    #[error("the new schema does not fit the annotations: {0}")]
    SchemaMismatch(String),
}

/// All data of an open project. Equality compares the data, not the derived indexes.
#[derive(Clone, Debug, Default)]
pub struct Project {
    pub name: String,
    schema: Schema,
    documents: Vec<Document>,
    mentions: BTreeMap<MentionId, Mention>,
    clusters: BTreeMap<ClusterId, Cluster>,
    relations: BTreeMap<RelationId, Relation>,
    arguments: BTreeMap<ArgumentId, Argument>,
    /// Suggestions the user turned down; never offered again (see [`crate::suggest`]).
    rejected: BTreeSet<RejectedSuggestion>,
    // Derived indexes, kept in step by the raw mutators below.
    by_doc: HashMap<DocId, BTreeSet<(usize, MentionId)>>,
    members: HashMap<ClusterId, BTreeSet<MentionId>>,
    /// Relations by each of their ends (a relation is listed under both).
    relations_by_end: HashMap<Endpoint, BTreeSet<RelationId>>,
    /// Arguments by each of their ends (event and filler).
    arguments_by_end: HashMap<Endpoint, BTreeSet<ArgumentId>>,
    /// Longest mention (start to end, bytes) ever seen per document; bounds overlap scans.
    max_span: HashMap<DocId, usize>,
    /// Position of each document in `documents` (lookups by id without a scan).
    doc_pos: HashMap<DocId, usize>,
    /// Change stamp of each document's annotations (see [`Project::doc_stamp`]).
    doc_stamps: HashMap<DocId, u64>,
    /// Change stamp of clusters, relations and arguments.
    links_stamp: u64,
    /// Change stamp of the schema and the document list.
    meta_stamp: u64,
}

fn describe(e: &Endpoint) -> String {
    match e {
        Endpoint::Mention(m) => format!("mention {m}"),
        Endpoint::Cluster(c) => format!("entity/event {c}"),
    }
}

/// Removes `id` from the set of `end`, dropping the set when it becomes empty.
fn unindex<K: Ord>(index: &mut HashMap<Endpoint, BTreeSet<K>>, end: &Endpoint, id: &K) {
    if let Some(set) = index.get_mut(end) {
        set.remove(id);
        if set.is_empty() {
            index.remove(end);
        }
    }
}

fn list(keys: &[String]) -> String {
    if keys.is_empty() {
        "any".into()
    } else {
        keys.join(", ")
    }
}

impl Project {
    /// An empty project with a schema.
    pub fn new(name: impl Into<String>, schema: Schema) -> Self {
        Self {
            name: name.into(),
            schema,
            ..Default::default()
        }
    }

    // ----- reading -----

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// Documents in project order.
    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    pub fn document(&self, id: &DocId) -> Option<&Document> {
        self.doc_pos.get(id).map(|&i| &self.documents[i])
    }

    pub fn document_position(&self, id: &DocId) -> Option<usize> {
        self.doc_pos.get(id).copied()
    }

    /// A number that changes whenever the document or its mentions change (insert, replace,
    /// delete). Unique within the process, so the store can tell which annotation files need
    /// rendering by comparing stamps instead of contents. `None` for an unknown document.
    pub fn doc_stamp(&self, id: &DocId) -> Option<u64> {
        self.doc_stamps.get(id).copied()
    }

    /// A number that changes whenever a cluster, relation or argument changes (0 for a project
    /// that never had any).
    pub fn links_stamp(&self) -> u64 {
        self.links_stamp
    }

    /// A number that changes whenever the schema or the document list changes (the name is a
    /// plain field: compare it directly).
    pub fn meta_stamp(&self) -> u64 {
        self.meta_stamp
    }

    pub fn mention(&self, id: &MentionId) -> Option<&Mention> {
        self.mentions.get(id)
    }

    pub fn cluster(&self, id: &ClusterId) -> Option<&Cluster> {
        self.clusters.get(id)
    }

    pub fn relation(&self, id: &RelationId) -> Option<&Relation> {
        self.relations.get(id)
    }

    pub fn argument(&self, id: &ArgumentId) -> Option<&Argument> {
        self.arguments.get(id)
    }

    /// All mentions, by id.
    pub fn mentions(&self) -> impl Iterator<Item = &Mention> {
        self.mentions.values()
    }

    /// All clusters, by id.
    pub fn clusters(&self) -> impl Iterator<Item = &Cluster> {
        self.clusters.values()
    }

    /// All relations, by id.
    pub fn relations(&self) -> impl Iterator<Item = &Relation> {
        self.relations.values()
    }

    /// All arguments, by id.
    pub fn arguments(&self) -> impl Iterator<Item = &Argument> {
        self.arguments.values()
    }

    /// Mentions of one document, ordered by start offset (then id).
    pub fn mentions_in<'a>(&'a self, doc: &DocId) -> impl Iterator<Item = &'a Mention> + 'a {
        self.by_doc
            .get(doc)
            .into_iter()
            .flat_map(|set| set.iter())
            .filter_map(|(_, id)| self.mentions.get(id))
    }

    /// Number of mentions in the project (without walking them).
    pub fn mention_total(&self) -> usize {
        self.mentions.len()
    }

    /// Number of mentions in a document.
    pub fn mention_count(&self, doc: &DocId) -> usize {
        self.by_doc.get(doc).map(|s| s.len()).unwrap_or(0)
    }

    /// Mentions of `doc` whose extent (first start to last end) overlaps bytes `start..end`,
    /// ordered by start. Cost grows with the mentions near the range, not with the document.
    pub fn mentions_overlapping<'a>(
        &'a self,
        doc: &DocId,
        start: usize,
        end: usize,
    ) -> impl Iterator<Item = &'a Mention> + 'a {
        let max = self.max_span.get(doc).copied().unwrap_or(0);
        let from = start.saturating_sub(max);
        let lo = (from, MentionId(String::new()));
        self.by_doc
            .get(doc)
            .into_iter()
            .flat_map(move |set| set.range(lo.clone()..))
            .take_while(move |(s, _)| *s < end)
            .filter_map(|(_, id)| self.mentions.get(id))
            .filter(move |m| m.end() > start)
    }

    /// Member mentions of a cluster, by id.
    pub fn members<'a>(&'a self, cluster: &ClusterId) -> impl Iterator<Item = &'a Mention> + 'a {
        self.members
            .get(cluster)
            .into_iter()
            .flat_map(|s| s.iter())
            .filter_map(|id| self.mentions.get(id))
    }

    /// Relations with `end` at either end, by id. Uses an index: the cost grows with the
    /// relations of `end`, not with the project.
    pub fn relations_of<'a>(
        &'a self,
        end: &'a Endpoint,
    ) -> impl Iterator<Item = &'a Relation> + 'a {
        self.relations_by_end
            .get(end)
            .into_iter()
            .flat_map(|s| s.iter())
            .filter_map(|id| self.relations.get(id))
    }

    /// Arguments with `end` as event or as filler, by id (indexed like [`Self::relations_of`]).
    pub fn arguments_of<'a>(
        &'a self,
        end: &'a Endpoint,
    ) -> impl Iterator<Item = &'a Argument> + 'a {
        self.arguments_by_end
            .get(end)
            .into_iter()
            .flat_map(|s| s.iter())
            .filter_map(|id| self.arguments.get(id))
    }

    /// Arguments whose event end is `event`, by id.
    pub fn arguments_of_event<'a>(
        &'a self,
        event: &'a Endpoint,
    ) -> impl Iterator<Item = &'a Argument> + 'a {
        self.arguments_of(event).filter(move |a| &a.event == event)
    }

    /// All rejected suggestions, ordered by document, range and type.
    pub fn rejected_suggestions(&self) -> impl Iterator<Item = &RejectedSuggestion> {
        self.rejected.iter()
    }

    /// Rejected suggestions of one document, ordered by range and type.
    pub fn rejected_in<'a>(
        &'a self,
        doc: &'a DocId,
    ) -> impl Iterator<Item = &'a RejectedSuggestion> + 'a {
        self.rejected.iter().filter(move |r| &r.doc == doc)
    }

    /// Whether this suggestion (document, byte range, type) was rejected.
    pub fn is_rejected(&self, r: &RejectedSuggestion) -> bool {
        self.rejected.contains(r)
    }

    /// The type key of an endpoint, if it exists.
    pub fn endpoint_type(&self, e: &Endpoint) -> Option<&str> {
        match e {
            Endpoint::Mention(m) => self.mentions.get(m).map(|m| m.type_key.as_str()),
            Endpoint::Cluster(c) => self.clusters.get(c).map(|c| c.type_key.as_str()),
        }
    }

    /// Whether an endpoint exists.
    pub fn endpoint_exists(&self, e: &Endpoint) -> bool {
        self.endpoint_type(e).is_some()
    }

    /// Whether any object in the project has this id (ids are unique across kinds).
    pub fn id_in_use(&self, id: &str) -> bool {
        self.doc_pos.contains_key(id)
            || self.mentions.contains_key(id)
            || self.clusters.contains_key(id)
            || self.relations.contains_key(id)
            || self.arguments.contains_key(id)
    }

    // ----- validation -----

    fn kind_of(&self, type_key: &str) -> Result<TypeKind, EditError> {
        self.schema
            .type_def(type_key)
            .map(|t| t.kind)
            .ok_or_else(|| EditError::UnknownType(type_key.to_string()))
    }

    /// Checks attribute values against their definitions.
    pub fn check_attributes(
        owner: &str,
        defs: &[AttributeDef],
        values: &Attributes,
    ) -> Result<(), EditError> {
        for (key, value) in values {
            let def =
                defs.iter()
                    .find(|d| &d.key == key)
                    .ok_or_else(|| EditError::UnknownAttribute {
                        owner: owner.to_string(),
                        key: key.clone(),
                    })?;
            let bad = |problem: &str| EditError::BadAttributeValue {
                owner: owner.to_string(),
                key: key.clone(),
                problem: problem.to_string(),
            };
            match (&def.kind, value) {
                (AttributeKind::Flag, AttrValue::Flag(_)) => {}
                (AttributeKind::Flag, _) => return Err(bad("expected true or false")),
                (AttributeKind::Text, AttrValue::Text(_)) => {}
                (AttributeKind::Text, _) => return Err(bad("expected text")),
                (AttributeKind::OneOf { values }, AttrValue::Text(v)) => {
                    if !values.contains(v) {
                        return Err(bad(&format!("'{v}' is not one of {}", values.join(", "))));
                    }
                }
                (AttributeKind::OneOf { .. }, _) => {
                    return Err(bad("expected one of the listed values"));
                }
            }
        }
        Ok(())
    }

    /// Checks a mention as it would stand in the project (ignoring any record with its id).
    pub fn check_mention(&self, m: &Mention) -> Result<(), EditError> {
        if !is_valid_id(&m.id.0) {
            return Err(EditError::BadId(m.id.0.clone()));
        }
        let doc = self
            .document(&m.doc)
            .ok_or_else(|| EditError::UnknownDocument(m.doc.clone()))?;
        if m.fragments.is_empty() {
            return Err(EditError::NoFragments(m.id.clone()));
        }
        for f in &m.fragments {
            f.check(doc.text()).map_err(|source| EditError::Range {
                mention: m.id.clone(),
                source,
            })?;
        }
        if m.fragments.windows(2).any(|w| w[0].end() > w[1].start()) {
            return Err(EditError::BadFragmentOrder(m.id.clone()));
        }
        let def = self
            .schema
            .type_def(&m.type_key)
            .ok_or_else(|| EditError::UnknownType(m.type_key.clone()))?;
        Self::check_attributes(&def.key, &def.attributes, &m.attributes)?;
        if let Some(cid) = &m.cluster {
            let c = self
                .clusters
                .get(cid)
                .ok_or_else(|| EditError::UnknownCluster(cid.clone()))?;
            let ck = self.kind_of(&c.type_key)?;
            if ck != def.kind {
                return Err(EditError::WrongKind {
                    what: format!("entity/event {cid}"),
                    type_key: c.type_key.clone(),
                    expected: def.kind,
                    found: ck,
                });
            }
        }
        Ok(())
    }

    /// Checks a cluster as it would stand (its members' kinds must match its type's kind).
    pub fn check_cluster(&self, c: &Cluster) -> Result<(), EditError> {
        if !is_valid_id(&c.id.0) {
            return Err(EditError::BadId(c.id.0.clone()));
        }
        let def = self
            .schema
            .type_def(&c.type_key)
            .ok_or_else(|| EditError::UnknownType(c.type_key.clone()))?;
        Self::check_attributes(&def.key, &def.attributes, &c.attributes)?;
        for m in self.members(&c.id) {
            let mk = self.kind_of(&m.type_key)?;
            if mk != def.kind {
                return Err(EditError::WrongKind {
                    what: format!("mention {}", m.id),
                    type_key: m.type_key.clone(),
                    expected: def.kind,
                    found: mk,
                });
            }
        }
        Ok(())
    }

    /// Checks a relation: its type, that both ends exist and that the type allows them.
    pub fn check_relation(&self, r: &Relation) -> Result<(), EditError> {
        if !is_valid_id(&r.id.0) {
            return Err(EditError::BadId(r.id.0.clone()));
        }
        let def = self
            .schema
            .relation_type(&r.type_key)
            .ok_or_else(|| EditError::UnknownRelationType(r.type_key.clone()))?;
        Self::check_attributes(&def.key, &def.attributes, &r.attributes)?;
        // A relation may join a mention to itself (brat's `R1 is-a Arg1:T5 Arg2:T5` is valid
        // data); the link chooser still does not offer it (`edit::ops::relation_types_for`).
        let from = self.endpoint_type_checked(&r.from)?;
        let to = self.endpoint_type_checked(&r.to)?;
        let ok = |allowed: &[String], t: &str| allowed.is_empty() || allowed.iter().any(|a| a == t);
        let forward = ok(&def.from, from) && ok(&def.to, to);
        let backward = def.symmetric && ok(&def.from, to) && ok(&def.to, from);
        if !forward && !backward {
            let (end, found, allowed) = if !ok(&def.from, from) {
                ("from", from, &def.from)
            } else {
                ("to", to, &def.to)
            };
            return Err(EditError::EndpointNotAllowed {
                relation_type: def.key.clone(),
                end,
                found: found.to_string(),
                allowed: list(allowed),
            });
        }
        Ok(())
    }

    fn endpoint_type_checked(&self, e: &Endpoint) -> Result<&str, EditError> {
        match e {
            Endpoint::Mention(m) => self
                .mentions
                .get(m)
                .map(|m| m.type_key.as_str())
                .ok_or_else(|| EditError::UnknownMention(m.clone())),
            Endpoint::Cluster(c) => self
                .clusters
                .get(c)
                .map(|c| c.type_key.as_str())
                .ok_or_else(|| EditError::UnknownCluster(c.clone())),
        }
    }

    /// Checks an argument: the event end is of an event type, the role exists, the filler's type
    /// is accepted, and a single-valued role is not already filled.
    pub fn check_argument(&self, a: &Argument) -> Result<(), EditError> {
        if !is_valid_id(&a.id.0) {
            return Err(EditError::BadId(a.id.0.clone()));
        }
        if a.event == a.target {
            return Err(EditError::SelfLink(describe(&a.event)));
        }
        let ev_type = self.endpoint_type_checked(&a.event)?;
        let def = self
            .schema
            .type_def(ev_type)
            .ok_or_else(|| EditError::UnknownType(ev_type.to_string()))?;
        if def.kind != TypeKind::Event {
            return Err(EditError::WrongKind {
                what: describe(&a.event),
                type_key: ev_type.to_string(),
                expected: TypeKind::Event,
                found: def.kind,
            });
        }
        let role =
            def.roles
                .iter()
                .find(|r| r.key == a.role)
                .ok_or_else(|| EditError::UnknownRole {
                    event_type: def.key.clone(),
                    role: a.role.clone(),
                })?;
        let filler = self.endpoint_type_checked(&a.target)?;
        if !role.accepts.is_empty() && !role.accepts.iter().any(|t| t == filler) {
            return Err(EditError::RoleFillerNotAllowed {
                event_type: def.key.clone(),
                role: role.key.clone(),
                found: filler.to_string(),
                allowed: list(&role.accepts),
            });
        }
        if !role.cardinality.allows_several()
            && self
                .arguments_of_event(&a.event)
                .any(|o| o.id != a.id && o.role == a.role)
        {
            return Err(EditError::RoleFull {
                role: role.key.clone(),
            });
        }
        Ok(())
    }

    /// Checks a rejection: its document exists and its range lies on character boundaries of
    /// that document's text.
    pub fn check_rejected(&self, r: &RejectedSuggestion) -> Result<(), EditError> {
        let doc = self
            .document(&r.doc)
            .ok_or_else(|| EditError::UnknownDocument(r.doc.clone()))?;
        r.range
            .check(doc.text())
            .map_err(|e| EditError::NotAllowed(format!("rejected suggestion {r}: {e}")))
    }

    /// Checks that every annotation fits `schema` (used before replacing the schema).
    pub fn check_schema_fits(&self, schema: &Schema) -> Result<(), EditError> {
        schema.validate()?;
        // Check against a copy of this project that uses the new schema.
        let mut view = self.clone();
        view.schema = schema.clone();
        let wrap = |e: EditError| EditError::SchemaMismatch(e.to_string());
        for c in view.clusters.values() {
            view.check_cluster(c).map_err(wrap)?;
        }
        for m in view.mentions.values() {
            view.check_mention(m).map_err(wrap)?;
        }
        for r in view.relations.values() {
            view.check_relation(r).map_err(wrap)?;
        }
        for a in view.arguments.values() {
            view.check_argument(a).map_err(wrap)?;
        }
        Ok(())
    }

    // ----- raw mutators (no validation; used by `edit` after checking) -----

    pub(crate) fn raw_set_schema(&mut self, schema: Schema) -> Schema {
        self.meta_stamp = fresh_stamp();
        std::mem::replace(&mut self.schema, schema)
    }

    fn touch_doc(&mut self, id: &DocId) {
        match self.doc_stamps.get_mut(id) {
            Some(s) => *s = fresh_stamp(),
            None => {
                self.doc_stamps.insert(id.clone(), fresh_stamp());
            }
        }
    }

    fn touch_links(&mut self) {
        self.links_stamp = fresh_stamp();
    }

    fn reindex_documents(&mut self, from: usize) {
        for (i, d) in self.documents.iter().enumerate().skip(from) {
            self.doc_pos.insert(d.id.clone(), i);
        }
    }

    pub(crate) fn raw_insert_document(&mut self, index: usize, doc: Document) {
        let index = index.min(self.documents.len());
        self.meta_stamp = fresh_stamp();
        self.by_doc.entry(doc.id.clone()).or_default();
        self.touch_doc(&doc.id);
        self.documents.insert(index, doc);
        self.reindex_documents(index);
    }

    pub(crate) fn raw_remove_document(&mut self, id: &DocId) -> Option<(usize, Document)> {
        let pos = self.document_position(id)?;
        self.meta_stamp = fresh_stamp();
        self.by_doc.remove(id);
        self.max_span.remove(id);
        self.doc_pos.remove(id);
        self.doc_stamps.remove(id);
        let doc = self.documents.remove(pos);
        self.reindex_documents(pos);
        Some((pos, doc))
    }

    pub(crate) fn raw_insert_mention(&mut self, m: Mention) -> Option<Mention> {
        // One lookup in the (large) mention map: insert, then unindex what it replaced.
        let (id, doc, start, end, cluster) = (
            m.id.clone(),
            m.doc.clone(),
            m.start(),
            m.end(),
            m.cluster.clone(),
        );
        let old = self.mentions.insert(id.clone(), m);
        if let Some(o) = &old {
            self.unindex_mention(o);
        }
        let key = (start, id.clone());
        match self.by_doc.get_mut(&doc) {
            Some(set) => {
                set.insert(key);
            }
            None => {
                self.by_doc.entry(doc.clone()).or_default().insert(key);
            }
        }
        let span = end - start;
        match self.max_span.get_mut(&doc) {
            Some(max) => *max = (*max).max(span),
            None => {
                self.max_span.insert(doc.clone(), span);
            }
        }
        if let Some(c) = cluster {
            self.members.entry(c).or_default().insert(id);
        }
        self.touch_doc(&doc);
        old
    }

    /// Removes a mention (no longer in `mentions`) from the derived indexes.
    fn unindex_mention(&mut self, m: &Mention) {
        if let Some(set) = self.by_doc.get_mut(&m.doc) {
            set.remove(&(m.start(), m.id.clone()));
        }
        if let Some(c) = &m.cluster
            && let Some(set) = self.members.get_mut(c)
        {
            set.remove(&m.id);
            if set.is_empty() {
                self.members.remove(c);
            }
        }
        if self.doc_stamps.contains_key(&m.doc) {
            self.touch_doc(&m.doc);
        }
    }

    pub(crate) fn raw_remove_mention(&mut self, id: &MentionId) -> Option<Mention> {
        let m = self.mentions.remove(id)?;
        self.unindex_mention(&m);
        Some(m)
    }

    pub(crate) fn raw_insert_cluster(&mut self, c: Cluster) -> Option<Cluster> {
        self.touch_links();
        self.clusters.insert(c.id.clone(), c)
    }

    pub(crate) fn raw_remove_cluster(&mut self, id: &ClusterId) -> Option<Cluster> {
        self.touch_links();
        self.clusters.remove(id)
    }

    pub(crate) fn raw_insert_relation(&mut self, r: Relation) -> Option<Relation> {
        self.touch_links();
        let old = self.raw_remove_relation(&r.id);
        for end in [&r.from, &r.to] {
            self.relations_by_end
                .entry(end.clone())
                .or_default()
                .insert(r.id.clone());
        }
        self.relations.insert(r.id.clone(), r);
        old
    }

    pub(crate) fn raw_remove_relation(&mut self, id: &RelationId) -> Option<Relation> {
        self.touch_links();
        let r = self.relations.remove(id)?;
        for end in [&r.from, &r.to] {
            unindex(&mut self.relations_by_end, end, id);
        }
        Some(r)
    }

    pub(crate) fn raw_insert_argument(&mut self, a: Argument) -> Option<Argument> {
        self.touch_links();
        let old = self.raw_remove_argument(&a.id);
        for end in [&a.event, &a.target] {
            self.arguments_by_end
                .entry(end.clone())
                .or_default()
                .insert(a.id.clone());
        }
        self.arguments.insert(a.id.clone(), a);
        old
    }

    pub(crate) fn raw_remove_argument(&mut self, id: &ArgumentId) -> Option<Argument> {
        self.touch_links();
        let a = self.arguments.remove(id)?;
        for end in [&a.event, &a.target] {
            unindex(&mut self.arguments_by_end, end, id);
        }
        Some(a)
    }

    /// Adds a rejection; false if it was already there.
    pub(crate) fn raw_insert_rejected(&mut self, r: RejectedSuggestion) -> bool {
        // Rejections are saved in their document's annotation file.
        self.touch_doc(&r.doc);
        self.rejected.insert(r)
    }

    /// Removes a rejection; false if it was not there.
    pub(crate) fn raw_remove_rejected(&mut self, r: &RejectedSuggestion) -> bool {
        self.touch_doc(&r.doc);
        self.rejected.remove(r)
    }

    /// Rebuilds the derived indexes from the data and reports whether they matched (tests).
    pub fn indexes_consistent(&self) -> bool {
        let mut fresh = Project::new(self.name.clone(), self.schema.clone());
        for (i, d) in self.documents.iter().enumerate() {
            fresh.raw_insert_document(i, d.clone());
        }
        for m in self.mentions.values() {
            fresh.raw_insert_mention(m.clone());
        }
        for r in self.relations.values() {
            fresh.raw_insert_relation(r.clone());
        }
        for a in self.arguments.values() {
            fresh.raw_insert_argument(a.clone());
        }
        fresh.by_doc == self.by_doc
            && fresh.members == self.members
            && fresh.relations_by_end == self.relations_by_end
            && fresh.arguments_by_end == self.arguments_by_end
            && fresh.doc_pos == self.doc_pos
    }

    /// Equality of the data alone (indexes aside), for tests and change detection.
    pub fn same_data(&self, other: &Project) -> bool {
        self.name == other.name
            && self.schema == other.schema
            && self.documents == other.documents
            && self.mentions == other.mentions
            && self.clusters == other.clusters
            && self.relations == other.relations
            && self.arguments == other.arguments
            && self.rejected == other.rejected
    }
}

impl PartialEq for Project {
    fn eq(&self, other: &Self) -> bool {
        self.same_data(other)
    }
}

impl Eq for Project {}
