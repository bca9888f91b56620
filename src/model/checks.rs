//! Validation: whether a record may stand in the project as it is. [`crate::edit::apply`] calls
//! these before it changes anything, and the store calls them for every record it loads.

use super::annotation::{
    Argument, AttrValue, Attributes, Cluster, Endpoint, Mention, RejectedSuggestion, Relation,
};
use super::error::EditError;
use super::ids::is_valid_id;
use super::layer::Layer;
use super::project::Project;
use super::review::ReviewItem;
use super::schema::{AttributeDef, AttributeKind, Schema, TypeKind};

fn describe(e: &Endpoint) -> String {
    match e {
        Endpoint::Mention(m) => format!("mention {m}"),
        Endpoint::Cluster(c) => format!("entity/event {c}"),
    }
}

impl Project {
    /// `what` (of `layer`; unset: the working layer, as applying would stamp it) and `other`
    /// (an end or cluster it refers to) must be in the same layer.
    fn same_layer(
        &self,
        layer: &Layer,
        other: Option<&Layer>,
        other_what: &str,
    ) -> Result<(), EditError> {
        let layer = if layer.is_unset() {
            &self.working_layer
        } else {
            layer
        };
        same_layer(layer, other, other_what)
    }
}

/// `other` (an end or cluster something of `layer` refers to) must be in `layer` too.
fn same_layer(layer: &Layer, other: Option<&Layer>, other_what: &str) -> Result<(), EditError> {
    match other {
        Some(o) if o != layer => Err(EditError::CrossLayer {
            what: other_what.to_string(),
            layer: layer.clone(),
            other: o.clone(),
        }),
        _ => Ok(()),
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
            return Err(EditError::BadId(m.id.0.to_string()));
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
            .ok_or_else(|| EditError::UnknownType(m.type_key.to_string()))?;
        Self::check_attributes(&def.key, &def.attributes, &m.attributes)?;
        if let Some(cid) = &m.cluster {
            let c = self
                .clusters
                .get(cid)
                .ok_or_else(|| EditError::UnknownCluster(cid.clone()))?;
            self.same_layer(
                &m.layer,
                Some(&c.layer),
                &format!("entity/event '{}' ({cid})", c.name),
            )?;
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
            return Err(EditError::BadId(c.id.0.to_string()));
        }
        let def = self
            .schema
            .type_def(&c.type_key)
            .ok_or_else(|| EditError::UnknownType(c.type_key.clone()))?;
        Self::check_attributes(&def.key, &def.attributes, &c.attributes)?;
        for m in self.members(&c.id) {
            self.same_layer(&c.layer, Some(&m.layer), &format!("mention {}", m.id))?;
            let mk = self.kind_of(&m.type_key)?;
            if mk != def.kind {
                return Err(EditError::WrongKind {
                    what: format!("mention {}", m.id),
                    type_key: m.type_key.to_string(),
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
            return Err(EditError::BadId(r.id.0.to_string()));
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
        for end in [&r.from, &r.to] {
            self.same_layer(&r.layer, self.endpoint_layer(end), &describe(end))?;
        }
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
            return Err(EditError::BadId(a.id.0.to_string()));
        }
        if a.event == a.target {
            return Err(EditError::SelfLink(describe(&a.event)));
        }
        let ev_type = self.endpoint_type_checked(&a.event)?;
        self.endpoint_type_checked(&a.target)?;
        for end in [&a.event, &a.target] {
            self.same_layer(&a.layer, self.endpoint_layer(end), &describe(end))?;
        }
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

    /// Checks a review item: a valid id not used by anything else, in an existing document.
    pub fn check_review_item(&self, r: &ReviewItem) -> Result<(), EditError> {
        if !is_valid_id(&r.id.0) {
            return Err(EditError::BadId(r.id.0.to_string()));
        }
        if self.document(&r.doc).is_none() {
            return Err(EditError::UnknownDocument(r.doc.clone()));
        }
        Ok(())
    }
}
