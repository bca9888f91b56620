//! How an import grows the schema for what its data needs: types, relation types, attributes
//! and roles are added (or widened) and every change is reported; a link the schema refuses
//! is retried once after widening the constraint that refused it.

use super::{ImportBuilder, colour_for};
use crate::edit::Edit;
use crate::model::{
    AttrValue, AttributeDef, AttributeKind, Cardinality, EditError, RelationTypeDef, RoleDef,
    TypeDef, TypeKind,
};

impl ImportBuilder<'_> {
    /// Makes sure an entity or event type exists; returns its key. A type that exists with the
    /// other kind is kept as it is (and reported); `None` if the schema refuses the key.
    pub fn ensure_type(&mut self, label: &str, kind: TypeKind) -> Option<String> {
        let key = self.key_of(label);
        if let Some(t) = self.scratch.schema().type_def(&key) {
            if t.kind != kind {
                self.report.note(
                    "type kind differs",
                    "",
                    format!(
                        "'{key}' is used as an {kind:?} type but the schema has it as an {:?} type; kept as {:?}",
                        t.kind, t.kind
                    ),
                );
            }
            return Some(key);
        }
        if self.scratch.schema().relation_type(&key).is_some() {
            self.report.error(
                "",
                None,
                format!("'{key}' is a relation type; cannot also be an entity or event type"),
            );
            return None;
        }
        let def = TypeDef {
            key: key.clone(),
            name: label.to_string(),
            kind,
            colour: colour_for(&key),
            hotkey: None,
            attributes: vec![],
            roles: vec![],
        };
        match self.change_schema(|s| s.types.push(def)) {
            Ok(()) => {
                let k = match kind {
                    TypeKind::Entity => "entity",
                    TypeKind::Event => "event",
                };
                self.report.schema(format!("added {k} type '{key}'"));
                Some(key)
            }
            Err(e) => {
                self.report
                    .error("", None, format!("cannot add type '{key}': {e}"));
                None
            }
        }
    }

    /// Makes sure a relation type exists; returns its key.
    pub fn ensure_relation_type(&mut self, label: &str, symmetric: bool) -> Option<String> {
        let mut key = self.key_of(label);
        if self.scratch.schema().relation_type(&key).is_some() {
            return Some(key);
        }
        if self.scratch.schema().type_def(&key).is_some() {
            let renamed = format!("{key}_rel");
            self.report.note(
                "label renamed",
                "",
                format!("relation type '{key}' has the key of an entity/event type; stored as '{renamed}'"),
            );
            key = renamed;
            self.label_keys.insert(label.to_string(), key.clone());
            if self.scratch.schema().relation_type(&key).is_some() {
                return Some(key);
            }
        }
        let def = RelationTypeDef {
            key: key.clone(),
            name: label.to_string(),
            from: vec![],
            to: vec![],
            symmetric,
            colour: colour_for(&key),
            attributes: vec![],
        };
        match self.change_schema(|s| s.relation_types.push(def)) {
            Ok(()) => {
                self.report.schema(format!("added relation type '{key}'"));
                Some(key)
            }
            Err(e) => {
                self.report
                    .error("", None, format!("cannot add relation type '{key}': {e}"));
                None
            }
        }
    }

    /// Makes sure `owner` (a type or relation type) defines attribute `attr` able to hold
    /// `value`: flags become flag attributes, strings one-of attributes (values added).
    pub fn ensure_attribute(&mut self, owner: &str, attr: &str, value: &AttrValue) -> bool {
        let fits = |defs: &[AttributeDef]| {
            defs.iter()
                .find(|d| d.key == attr)
                .map(|d| match (&d.kind, value) {
                    (AttributeKind::Flag, AttrValue::Flag(_)) => true,
                    (AttributeKind::Text, AttrValue::Text(_)) => true,
                    (AttributeKind::OneOf { values }, AttrValue::Text(v)) => values.contains(v),
                    _ => false,
                })
        };
        let schema = self.scratch.schema();
        let current = if let Some(t) = schema.type_def(owner) {
            fits(&t.attributes)
        } else if let Some(r) = schema.relation_type(owner) {
            fits(&r.attributes)
        } else {
            return false;
        };
        match current {
            Some(true) => return true,
            Some(false) => {
                if let AttrValue::Text(v) = value {
                    let (o, a, v) = (owner.to_string(), attr.to_string(), v.clone());
                    let ok = self
                        .change_schema(|s| {
                            let defs = match s.types.iter_mut().find(|t| t.key == o) {
                                Some(t) => &mut t.attributes,
                                None => match s.relation_types.iter_mut().find(|r| r.key == o) {
                                    Some(r) => &mut r.attributes,
                                    None => return,
                                },
                            };
                            if let Some(d) = defs.iter_mut().find(|d| d.key == a)
                                && let AttributeKind::OneOf { values } = &mut d.kind
                            {
                                values.push(v.clone());
                            }
                        })
                        .is_ok();
                    if ok {
                        self.report.schema(format!(
                            "added value '{}' to attribute '{attr}' of '{owner}'",
                            match value {
                                AttrValue::Text(v) => v.as_str(),
                                _ => "",
                            }
                        ));
                    }
                    return ok;
                }
                return false;
            }
            None => {}
        }
        let kind = match value {
            AttrValue::Flag(_) => AttributeKind::Flag,
            AttrValue::Text(v) => AttributeKind::OneOf {
                values: vec![v.clone()],
            },
        };
        let def = AttributeDef {
            key: attr.to_string(),
            name: attr.to_string(),
            kind,
        };
        let o = owner.to_string();
        let ok = self
            .change_schema(|s| {
                if let Some(t) = s.types.iter_mut().find(|t| t.key == o) {
                    t.attributes.push(def);
                } else if let Some(r) = s.relation_types.iter_mut().find(|r| r.key == o) {
                    r.attributes.push(def);
                }
            })
            .is_ok();
        if ok {
            self.report
                .schema(format!("added attribute '{attr}' to '{owner}'"));
        }
        ok
    }

    /// Makes sure event type `event_type` has role `role` (any filler, any number).
    pub fn ensure_role(&mut self, event_type: &str, role: &str) -> bool {
        let Some(t) = self.scratch.schema().type_def(event_type) else {
            return false;
        };
        if t.kind != TypeKind::Event {
            return false;
        }
        if t.roles.iter().any(|r| r.key == role) {
            return true;
        }
        let (e, r) = (event_type.to_string(), role.to_string());
        let ok = self
            .change_schema(|s| {
                if let Some(t) = s.types.iter_mut().find(|t| t.key == e) {
                    t.roles.push(RoleDef {
                        key: r.clone(),
                        name: r.clone(),
                        accepts: vec![],
                        cardinality: Cardinality::Many,
                    });
                }
            })
            .is_ok();
        if ok {
            self.report
                .schema(format!("added role '{role}' to event type '{event_type}'"));
        }
        ok
    }

    /// Pushes a relation or argument edit; when the schema's constraints refuse it (filler or
    /// endpoint type not allowed, role already filled) the constraint is widened (and reported)
    /// and the edit retried once.
    pub fn push_link(&mut self, edit: Edit, file: &str, line: Option<usize>) -> bool {
        let err = match self.push(edit.clone()) {
            Ok(()) => return true,
            Err(e) => e,
        };
        let widened = match &err {
            EditError::RoleFillerNotAllowed {
                event_type,
                role,
                found,
                ..
            } => {
                let (e, r, f) = (event_type.clone(), role.clone(), found.clone());
                self.change_schema(|s| {
                    if let Some(t) = s.types.iter_mut().find(|t| t.key == e)
                        && let Some(rd) = t.roles.iter_mut().find(|rd| rd.key == r)
                    {
                        rd.accepts.push(f);
                    }
                })
                .ok()
                .map(|_| format!("role '{role}' of '{event_type}' now also accepts '{found}'"))
            }
            EditError::RoleFull { role } => {
                let event_type = match &edit {
                    Edit::InsertArgument(a) => self
                        .scratch
                        .endpoint_type(&a.event)
                        .unwrap_or_default()
                        .to_string(),
                    _ => String::new(),
                };
                let (e, r) = (event_type.clone(), role.clone());
                self.change_schema(|s| {
                    if let Some(t) = s.types.iter_mut().find(|t| t.key == e)
                        && let Some(rd) = t.roles.iter_mut().find(|rd| rd.key == r)
                    {
                        rd.cardinality = Cardinality::Many;
                    }
                })
                .ok()
                .map(|_| format!("role '{role}' of '{event_type}' now takes several arguments"))
            }
            EditError::EndpointNotAllowed {
                relation_type,
                end,
                found,
                ..
            } => {
                let (rt, end, f) = (relation_type.clone(), *end, found.clone());
                let symmetric = self
                    .scratch
                    .schema()
                    .relation_type(&rt)
                    .map(|r| r.symmetric)
                    .unwrap_or(false);
                self.change_schema(|s| {
                    if let Some(r) = s.relation_types.iter_mut().find(|r| r.key == rt) {
                        if symmetric {
                            // Both ends must accept it for either direction to pass.
                            r.from.push(f.clone());
                            r.to.push(f);
                            r.from.dedup();
                            r.to.dedup();
                        } else if end == "from" {
                            r.from.push(f);
                        } else {
                            r.to.push(f);
                        }
                    }
                })
                .ok()
                .map(|_| {
                    format!("relation type '{relation_type}' now allows '{found}' at its {end} end")
                })
            }
            _ => None,
        };
        match widened {
            Some(msg) => {
                self.report.schema(msg);
                self.push_link(edit, file, line)
            }
            None => {
                let msg = self.in_input_terms(&err.to_string());
                self.report.error(file, line, msg);
                false
            }
        }
    }

    /// Sets what role `role` of `event_type` accepts and how many it takes; a refusal is
    /// reported (naming `file`).
    pub fn set_role(
        &mut self,
        event_type: &str,
        role: &str,
        accepts: Vec<String>,
        cardinality: Cardinality,
        file: &str,
    ) {
        let (e, r) = (event_type.to_string(), role.to_string());
        let res = self.change_schema(|s| {
            if let Some(t) = s.types.iter_mut().find(|t| t.key == e)
                && let Some(rd) = t.roles.iter_mut().find(|rd| rd.key == r)
            {
                rd.accepts = accepts;
                rd.cardinality = cardinality;
            }
        });
        if let Err(err) = res {
            self.report.error(
                file,
                None,
                format!("role '{role}' of '{event_type}' could not be set as declared: {err}"),
            );
        }
    }

    /// Sets the allowed ends of relation type `key`; a refusal is reported.
    pub fn set_relation_ends(
        &mut self,
        key: &str,
        from: Vec<String>,
        to: Vec<String>,
        symmetric: bool,
        file: &str,
    ) {
        let k = key.to_string();
        let res = self.change_schema(|s| {
            if let Some(r) = s.relation_types.iter_mut().find(|r| r.key == k) {
                r.from = from;
                r.to = to;
                r.symmetric = symmetric;
            }
        });
        if let Err(err) = res {
            self.report.error(
                file,
                None,
                format!("relation type '{key}' could not be set as declared: {err}"),
            );
        }
    }

    /// Makes sure `owner` (a type or relation type) has attribute `attr` able to hold free
    /// text: an existing one of any kind that takes text, else a new text attribute.
    pub fn ensure_free_text(&mut self, owner: &str, attr: &str) -> bool {
        let schema = self.scratch.schema();
        let defs = match (schema.type_def(owner), schema.relation_type(owner)) {
            (Some(t), _) => &t.attributes,
            (None, Some(r)) => &r.attributes,
            (None, None) => return false,
        };
        match defs.iter().find(|d| d.key == attr).map(|d| &d.kind) {
            Some(AttributeKind::Text) => return true,
            Some(AttributeKind::Flag) => return false,
            Some(AttributeKind::OneOf { .. }) => {
                // A one-of attribute cannot hold free text; widen it to text.
                let (o, a) = (owner.to_string(), attr.to_string());
                let ok = self
                    .change_schema(|s| {
                        for d in s
                            .types
                            .iter_mut()
                            .filter(|t| t.key == o)
                            .flat_map(|t| t.attributes.iter_mut())
                            .chain(
                                s.relation_types
                                    .iter_mut()
                                    .filter(|r| r.key == o)
                                    .flat_map(|r| r.attributes.iter_mut()),
                            )
                            .filter(|d| d.key == a)
                        {
                            d.kind = AttributeKind::Text;
                        }
                    })
                    .is_ok();
                if ok {
                    self.report.schema(format!(
                        "attribute '{attr}' of '{owner}' now takes free text"
                    ));
                }
                return ok;
            }
            None => {}
        }
        let def = AttributeDef {
            key: attr.to_string(),
            name: attr.to_string(),
            kind: AttributeKind::Text,
        };
        let o = owner.to_string();
        let ok = self
            .change_schema(|s| {
                if let Some(t) = s.types.iter_mut().find(|t| t.key == o) {
                    t.attributes.push(def);
                } else if let Some(r) = s.relation_types.iter_mut().find(|r| r.key == o) {
                    r.attributes.push(def);
                }
            })
            .is_ok();
        if ok {
            self.report
                .schema(format!("added text attribute '{attr}' to '{owner}'"));
        }
        ok
    }
}
