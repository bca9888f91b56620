//! The export's entries after the documents (entities, events, relations, event arguments)
//! serialised straight to the output, with no value tree: at a million mentions a tree of one
//! object per member reference cost as much as formatting every document. The text is the
//! one [`super::values::export_tail`] gives (keys in the same order, the same values): the
//! parallel export writes this, and a test compares it with the single-threaded writer, which
//! still goes through the values.

use super::values::{Groups, cluster_members};
use crate::model::{AttrValue, Attributes, Cluster, Endpoint, Project, TypeKind};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A sequence serialised from an iterator made when it is written.
struct SeqOf<F>(F);

impl<F, I> Serialize for SeqOf<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// A mention's, relation's or argument's attributes, in key order.
pub(super) struct AttrsOut<'a>(pub &'a Attributes);

impl Serialize for AttrsOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            match v {
                AttrValue::Flag(b) => m.serialize_entry(k, b)?,
                AttrValue::Text(t) => m.serialize_entry(k, t)?,
            }
        }
        m.end()
    }
}

struct EndpointOut<'a> {
    project: &'a Project,
    end: &'a Endpoint,
}

impl Serialize for EndpointOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.project;
        match self.end {
            Endpoint::Mention(id) => {
                let mut m = s.serialize_map(Some(3))?;
                m.serialize_entry("kind", "mention")?;
                m.serialize_entry("id", id.as_str())?;
                let doc = p.mention(id).map(|m| m.doc.as_str()).unwrap_or_default();
                m.serialize_entry("document", doc)?;
                m.end()
            }
            Endpoint::Cluster(id) => {
                let kind = p
                    .cluster(id)
                    .and_then(|c| p.schema().type_def(&c.type_key))
                    .map(|t| t.kind)
                    .unwrap_or(TypeKind::Entity);
                let mut m = s.serialize_map(Some(2))?;
                let kind = match kind {
                    TypeKind::Entity => "entity",
                    TypeKind::Event => "event",
                };
                m.serialize_entry("kind", kind)?;
                m.serialize_entry("id", id.as_str())?;
                m.end()
            }
        }
    }
}

/// One entity or event with its members (and, for an event, its arguments' ids).
struct ClusterOut<'a> {
    project: &'a Project,
    groups: &'a Groups<'a>,
    cluster: &'a Cluster,
    event: bool,
}

impl Serialize for ClusterOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (p, c) = (self.project, self.cluster);
        let (members, docs) = cluster_members(self.groups, c);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", c.id.as_str())?;
        m.serialize_entry("type", &c.type_key)?;
        m.serialize_entry("name", &c.name)?;
        m.serialize_entry("external_id", &c.external_id)?;
        m.serialize_entry("attributes", &AttrsOut(&c.attributes))?;
        m.serialize_entry("note", &c.note)?;
        let refs = SeqOf(|| {
            members
                .iter()
                .map(|x| PairOut([("document", x.doc.as_str()), ("mention", x.id.as_str())]))
        });
        m.serialize_entry("mentions", &refs)?;
        m.serialize_entry("documents", &docs)?;
        if self.event {
            let end = Endpoint::Cluster(c.id.clone());
            let ids = SeqOf(|| p.arguments_of_event(&end).map(|a| a.id.as_str()));
            m.serialize_entry("arguments", &ids)?;
        }
        m.end()
    }
}

/// A member reference: an object of two keys, in that order.
struct PairOut<'a>([(&'static str, &'a str); 2]);

impl Serialize for PairOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

struct RelationOut<'a> {
    project: &'a Project,
    relation: &'a crate::model::Relation,
}

impl Serialize for RelationOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (p, r) = (self.project, self.relation);
        let symmetric = p
            .schema()
            .relation_type(&r.type_key)
            .is_some_and(|t| t.symmetric);
        let doc_of = |e: &Endpoint| e.mention().and_then(|m| p.mention(m)).map(|m| &m.doc);
        let cross = match (doc_of(&r.from), doc_of(&r.to)) {
            (Some(a), Some(b)) => a != b,
            _ => true,
        };
        let mut m = s.serialize_map(Some(8))?;
        m.serialize_entry("id", r.id.as_str())?;
        m.serialize_entry("type", &r.type_key)?;
        let (from, to) = (
            EndpointOut {
                project: p,
                end: &r.from,
            },
            EndpointOut {
                project: p,
                end: &r.to,
            },
        );
        m.serialize_entry("from", &from)?;
        m.serialize_entry("to", &to)?;
        m.serialize_entry("symmetric", &symmetric)?;
        m.serialize_entry("cross_document", &cross)?;
        m.serialize_entry("attributes", &AttrsOut(&r.attributes))?;
        m.serialize_entry("note", &r.note)?;
        m.end()
    }
}

struct ArgumentOut<'a> {
    project: &'a Project,
    argument: &'a crate::model::Argument,
}

impl Serialize for ArgumentOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (p, a) = (self.project, self.argument);
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("id", a.id.as_str())?;
        let event = EndpointOut {
            project: p,
            end: &a.event,
        };
        m.serialize_entry("event", &event)?;
        m.serialize_entry("role", &a.role)?;
        let target = EndpointOut {
            project: p,
            end: &a.target,
        };
        m.serialize_entry("argument", &target)?;
        m.end()
    }
}

/// Where the entries go: a key and a value to format (generic, so no trait object).
pub(super) trait Entries {
    fn entry<T: Serialize>(&mut self, key: &str, value: &T) -> serde_json::Result<()>;
}

/// The four entries after the documents, in order, each handed to `out`.
pub(super) fn entries(
    project: &Project,
    groups: &Groups<'_>,
    out: &mut impl Entries,
) -> serde_json::Result<()> {
    let kind_of = move |c: &Cluster| project.schema().type_def(&c.type_key).map(|t| t.kind);
    let clusters = |kind: TypeKind| {
        SeqOf(move || {
            project
                .clusters()
                .filter(move |c| kind_of(c) == Some(kind))
                .map(move |c| ClusterOut {
                    project,
                    groups,
                    cluster: c,
                    event: kind == TypeKind::Event,
                })
        })
    };
    out.entry("entities", &clusters(TypeKind::Entity))?;
    out.entry("events", &clusters(TypeKind::Event))?;
    let relations = SeqOf(|| {
        project.relations().map(|r| RelationOut {
            project,
            relation: r,
        })
    });
    out.entry("relations", &relations)?;
    let arguments = SeqOf(|| {
        project.arguments().map(|a| ArgumentOut {
            project,
            argument: a,
        })
    });
    out.entry("arguments", &arguments)
}
