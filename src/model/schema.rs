//! The annotation schema: which entity, event and relation types exist, what attributes each
//! carries, which roles an event has and what may fill them.
//!
//! Types are identified by a stable `key` (for example `PERSON`); the display `name` can be
//! renamed without touching any annotation.

use serde::{Deserialize, Serialize};

/// Entity types label things (people, places); event types label happenings with roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeKind {
    /// Person, organisation, place, date…
    Entity,
    /// Coup, arrest, election… (with argument roles)
    Event,
}

/// How many arguments may fill a role of one event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cardinality {
    /// Zero or one.
    Optional,
    /// Exactly one is expected; more than one is refused, none is reported by validation.
    One,
    /// Any number.
    Many,
}

impl Cardinality {
    /// Whether a second filler of the role is allowed.
    pub fn allows_several(self) -> bool {
        matches!(self, Cardinality::Many)
    }
}

/// What values an attribute takes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AttributeKind {
    /// Present (`true`) or absent.
    Flag,
    /// One value out of a fixed list.
    OneOf { values: Vec<String> },
    /// Free text.
    Text,
}

/// An attribute a type's annotations may carry (for example `negated`, `certainty`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeDef {
    pub key: String,
    pub name: String,
    #[serde(flatten)]
    pub kind: AttributeKind,
}

/// An argument role of an event type (for example `agent`, `place`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleDef {
    pub key: String,
    pub name: String,
    /// Type keys whose mentions or clusters may fill the role; empty means any type.
    #[serde(default)]
    pub accepts: Vec<String>,
    pub cardinality: Cardinality,
}

/// An entity or event type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeDef {
    pub key: String,
    pub name: String,
    pub kind: TypeKind,
    /// `#rrggbb`.
    pub colour: String,
    /// A single character pressed to tag the selection with this type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hotkey: Option<char>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<AttributeDef>,
    /// Argument roles (event types only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleDef>,
}

/// A relation type between two annotated things.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationTypeDef {
    pub key: String,
    pub name: String,
    /// Type keys allowed at the `from` end; empty means any.
    #[serde(default)]
    pub from: Vec<String>,
    /// Type keys allowed at the `to` end; empty means any.
    #[serde(default)]
    pub to: Vec<String>,
    /// A symmetric relation has no direction (`sibling_of`); a directed one does (`member_of`).
    #[serde(default)]
    pub symmetric: bool,
    /// `#rrggbb`.
    pub colour: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<AttributeDef>,
}

/// The whole schema of a project.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schema {
    /// Entity and event types, in palette order.
    pub types: Vec<TypeDef>,
    pub relation_types: Vec<RelationTypeDef>,
    /// Which entity types hold dates and how date phrases are read (see `crate::temporal`).
    #[serde(default, skip_serializing_if = "TemporalSettings::is_default")]
    pub temporal: TemporalSettings,
    /// Settings of outside formats that Weft's schema has no place for, kept so an export can
    /// give them back, by `format/name` (the brat `annotation.conf` a project was imported
    /// with is `brat/annotation.conf`). Only the format that wrote an entry reads it.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub formats: std::collections::BTreeMap<String, String>,
}

/// A problem in a schema itself.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SchemaError {
    #[error("type key '{0}' is used twice")]
    DuplicateKey(String),
    #[error("key '{0}' is empty or has characters other than letters, digits, '_' and '-'")]
    BadKey(String),
    #[error("type '{ty}': colour '{colour}' is not of the form #rrggbb")]
    BadColour { ty: String, colour: String },
    #[error("hotkey '{key}' is given to both '{a}' and '{b}'")]
    HotkeyConflict { key: char, a: String, b: String },
    #[error("'{owner}' refers to unknown type '{missing}'")]
    UnknownTypeReference { owner: String, missing: String },
    #[error("entity type '{0}' has argument roles; only event types have roles")]
    RolesOnEntity(String),
    #[error("'{owner}' defines attribute or role '{key}' twice")]
    DuplicateMember { owner: String, key: String },
    #[error("date settings: {0}")]
    Temporal(String),
}

/// True when `s` is usable as a schema key.
pub fn is_valid_key(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Parses `#rrggbb` into its three components.
pub fn parse_colour(s: &str) -> Option<[u8; 3]> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let c = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([c(0)?, c(2)?, c(4)?])
}

impl Schema {
    /// The entity or event type with this key.
    pub fn type_def(&self, key: &str) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.key == key)
    }

    /// The relation type with this key.
    pub fn relation_type(&self, key: &str) -> Option<&RelationTypeDef> {
        self.relation_types.iter().find(|t| t.key == key)
    }

    /// The type bound to a hotkey (case-insensitive).
    pub fn type_for_hotkey(&self, key: char) -> Option<&TypeDef> {
        let key = key.to_lowercase().next().unwrap_or(key);
        self.types.iter().find(|t| {
            t.hotkey
                .map(|h| h.to_lowercase().next().unwrap_or(h) == key)
                .unwrap_or(false)
        })
    }

    /// Checks keys, colours, hotkeys and type references.
    pub fn validate(&self) -> Result<(), SchemaError> {
        let mut seen = std::collections::BTreeSet::new();
        let all_keys = self
            .types
            .iter()
            .map(|t| t.key.as_str())
            .chain(self.relation_types.iter().map(|r| r.key.as_str()));
        for key in all_keys {
            if !is_valid_key(key) {
                return Err(SchemaError::BadKey(key.to_string()));
            }
            if !seen.insert(key) {
                return Err(SchemaError::DuplicateKey(key.to_string()));
            }
        }
        let mut hotkeys: Vec<(char, &str)> = Vec::new();
        for t in &self.types {
            if parse_colour(&t.colour).is_none() {
                return Err(SchemaError::BadColour {
                    ty: t.key.clone(),
                    colour: t.colour.clone(),
                });
            }
            if let Some(h) = t.hotkey {
                let h = h.to_lowercase().next().unwrap_or(h);
                if let Some((_, other)) = hotkeys.iter().find(|(k, _)| *k == h) {
                    return Err(SchemaError::HotkeyConflict {
                        key: h,
                        a: other.to_string(),
                        b: t.key.clone(),
                    });
                }
                hotkeys.push((h, &t.key));
            }
            if t.kind == TypeKind::Entity && !t.roles.is_empty() {
                return Err(SchemaError::RolesOnEntity(t.key.clone()));
            }
            check_unique_members(&t.key, t.attributes.iter().map(|a| a.key.as_str()))?;
            check_unique_members(&t.key, t.roles.iter().map(|r| r.key.as_str()))?;
            for role in &t.roles {
                self.check_refs(&format!("{}.{}", t.key, role.key), &role.accepts)?;
            }
        }
        for r in &self.relation_types {
            if parse_colour(&r.colour).is_none() {
                return Err(SchemaError::BadColour {
                    ty: r.key.clone(),
                    colour: r.colour.clone(),
                });
            }
            self.check_refs(&r.key, &r.from)?;
            self.check_refs(&r.key, &r.to)?;
            check_unique_members(&r.key, r.attributes.iter().map(|a| a.key.as_str()))?;
        }
        self.temporal.check(self)
    }

    fn check_refs(&self, owner: &str, keys: &[String]) -> Result<(), SchemaError> {
        for k in keys {
            if self.type_def(k).is_none() {
                return Err(SchemaError::UnknownTypeReference {
                    owner: owner.to_string(),
                    missing: k.clone(),
                });
            }
        }
        Ok(())
    }

    /// A schema for historical and political texts, used for new projects.
    pub fn default_news() -> Schema {
        let mut person = entity("PERSON", "Person", "#e6a23c", 'p');
        person.attributes.push(AttributeDef {
            key: "role_title".into(),
            name: "Title or office".into(),
            kind: AttributeKind::Text,
        });
        let mut date = entity("DATE", "Date", "#a5a5a5", 'd');
        date.attributes = TemporalSettings::attribute_defs();
        let mut types = vec![
            person,
            entity("ORG", "Organisation", "#5b9bd5", 'o'),
            entity("PLACE", "Place", "#70ad47", 'l'),
            date,
        ];
        types.extend(default_events());
        Schema {
            types,
            relation_types: vec![
                relation_type("member_of", &["PERSON", "ORG"], &["ORG"], false, "#5b9bd5"),
                relation_type(
                    "located_in",
                    &["ORG", "PLACE"],
                    &["PLACE"],
                    false,
                    "#70ad47",
                ),
                relation_type(
                    "opposes",
                    &["PERSON", "ORG"],
                    &["PERSON", "ORG"],
                    true,
                    "#d9534f",
                ),
            ],
            temporal: TemporalSettings::default(),
            formats: Default::default(),
        }
    }
}

/// An entity type of the default schema.
fn entity(key: &str, name: &str, colour: &str, hotkey: char) -> TypeDef {
    TypeDef {
        key: key.into(),
        name: name.into(),
        kind: TypeKind::Entity,
        colour: colour.into(),
        hotkey: Some(hotkey),
        attributes: vec![],
        roles: vec![],
    }
}

/// A role of an event type of the default schema, named after its key.
fn role(key: &str, accepts: &[&str], cardinality: Cardinality) -> RoleDef {
    RoleDef {
        key: key.into(),
        name: key.replace('_', " "),
        accepts: accepts.iter().map(|s| s.to_string()).collect(),
        cardinality,
    }
}

/// An event type of the default schema: with a certainty attribute.
fn event(key: &str, name: &str, colour: &str, hotkey: char, roles: Vec<RoleDef>) -> TypeDef {
    let certainty = AttributeDef {
        key: "certainty".into(),
        name: "Certainty".into(),
        kind: AttributeKind::OneOf {
            values: vec!["certain".into(), "probable".into(), "disputed".into()],
        },
    };
    TypeDef {
        key: key.into(),
        name: name.into(),
        kind: TypeKind::Event,
        colour: colour.into(),
        hotkey: Some(hotkey),
        attributes: vec![certainty],
        roles,
    }
}

/// The event types of the default schema.
fn default_events() -> Vec<TypeDef> {
    use Cardinality::*;
    let place_time = || {
        vec![
            role("place", &["PLACE"], Optional),
            role("time", &["DATE"], Optional),
        ]
    };
    let with = |mut first: Vec<RoleDef>| {
        first.extend(place_time());
        first
    };
    vec![
        event(
            "COUP",
            "Coup",
            "#d9534f",
            'c',
            with(vec![
                role("agent", &["PERSON", "ORG"], Many),
                role("target", &["PERSON", "ORG"], Many),
            ]),
        ),
        event(
            "ARREST",
            "Arrest",
            "#9b59b6",
            'a',
            with(vec![
                role("agent", &["PERSON", "ORG"], Many),
                role("detainee", &["PERSON"], Many),
            ]),
        ),
        event(
            "ELECTION",
            "Election",
            "#1abc9c",
            'e',
            with(vec![
                role("winner", &["PERSON", "ORG"], Optional),
                role("candidate", &["PERSON", "ORG"], Many),
            ]),
        ),
        event(
            "DEATH",
            "Death",
            "#34495e",
            'x',
            with(vec![role("victim", &["PERSON"], One)]),
        ),
    ]
}

/// A relation type of the default schema, named after its key.
fn relation_type(
    key: &str,
    from: &[&str],
    to: &[&str],
    symmetric: bool,
    colour: &str,
) -> RelationTypeDef {
    let keys = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
    RelationTypeDef {
        key: key.into(),
        name: key.replace('_', " "),
        from: keys(from),
        to: keys(to),
        symmetric,
        colour: colour.into(),
        attributes: vec![],
    }
}

fn check_unique_members<'a>(
    owner: &str,
    keys: impl Iterator<Item = &'a str>,
) -> Result<(), SchemaError> {
    let mut seen = std::collections::BTreeSet::new();
    for k in keys {
        if !is_valid_key(k) {
            return Err(SchemaError::BadKey(k.to_string()));
        }
        if !seen.insert(k) {
            return Err(SchemaError::DuplicateMember {
                owner: owner.to_string(),
                key: k.to_string(),
            });
        }
    }
    Ok(())
}

/// How numeric dates such as `11/9/1973` are read when both numbers could be the month.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumericOrder {
    /// `11/9/1973` is 11 September (most of the world, Spanish).
    #[default]
    DayFirst,
    /// `9/11/1973` is 11 September (United States).
    MonthFirst,
}

/// The project's date settings: which entity types are temporal, how numeric dates are read,
/// and each document's own date (against which "September 11" is resolved). Kept in the
/// schema so it is saved with it; absent in schemas written before it (then the defaults hold).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemporalSettings {
    /// Keys of the entity types whose mentions are dates. `None`: the type keyed `DATE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub types: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "is_default_order")]
    pub numeric_order: NumericOrder,
    /// A document's own date (an EDTF day, `YYYY-MM-DD`) by document id.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub document_dates: std::collections::BTreeMap<String, String>,
}

fn is_default_order(o: &NumericOrder) -> bool {
    *o == NumericOrder::default()
}

impl TemporalSettings {
    /// Mention attribute holding a date's EDTF value.
    pub const EDTF_KEY: &'static str = "edtf";
    /// Mention attribute naming the rule that proposed the value (`user` when typed).
    pub const RULE_KEY: &'static str = "edtf_rule";

    /// True when nothing differs from the defaults (then the schema file does not show it).
    pub fn is_default(&self) -> bool {
        *self == TemporalSettings::default()
    }

    /// Whether mentions of type `key` are dates.
    pub fn is_temporal(&self, key: &str) -> bool {
        match &self.types {
            Some(keys) => keys.iter().any(|k| k == key),
            None => key == "DATE",
        }
    }

    /// The two attributes a temporal type carries: `edtf` and `edtf_rule` (text).
    pub fn attribute_defs() -> Vec<AttributeDef> {
        vec![
            AttributeDef {
                key: Self::EDTF_KEY.into(),
                name: "Date (EDTF)".into(),
                kind: AttributeKind::Text,
            },
            AttributeDef {
                key: Self::RULE_KEY.into(),
                name: "Date rule".into(),
                kind: AttributeKind::Text,
            },
        ]
    }

    /// Temporal types must be entity types of the schema; document dates must be days.
    fn check(&self, schema: &Schema) -> Result<(), SchemaError> {
        for k in self.types.iter().flatten() {
            match schema.type_def(k) {
                Some(t) if t.kind == TypeKind::Entity => {}
                Some(_) => {
                    return Err(SchemaError::Temporal(format!(
                        "'{k}' is an event type; only entity types can hold dates"
                    )));
                }
                None => {
                    return Err(SchemaError::UnknownTypeReference {
                        owner: "date settings".into(),
                        missing: k.clone(),
                    });
                }
            }
        }
        for (doc, date) in &self.document_dates {
            if chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err() {
                return Err(SchemaError::Temporal(format!(
                    "the date of document {doc}, '{date}', is not a day (YYYY-MM-DD)"
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_schema_is_valid() {
        Schema::default_news().validate().unwrap();
    }

    #[test]
    fn hotkey_conflicts_are_reported() {
        let mut s = Schema::default_news();
        s.types[1].hotkey = Some('P');
        assert!(matches!(
            s.validate(),
            Err(SchemaError::HotkeyConflict { key: 'p', .. })
        ));
    }

    #[test]
    fn date_settings_are_checked() {
        let mut s = Schema::default_news();
        assert!(s.temporal.is_temporal("DATE") && !s.temporal.is_temporal("PERSON"));
        s.temporal.types = Some(vec!["COUP".into()]);
        assert!(matches!(s.validate(), Err(SchemaError::Temporal(_))));
        s.temporal.types = Some(vec!["PERSON".into()]);
        assert!(s.validate().is_ok() && s.temporal.is_temporal("PERSON"));
        s.temporal
            .document_dates
            .insert("d_1".into(), "1973-13-01".into());
        assert!(matches!(s.validate(), Err(SchemaError::Temporal(_))));
    }

    #[test]
    fn unknown_role_filler_type_is_reported() {
        let mut s = Schema::default_news();
        s.types[4].roles[0].accepts.push("NOPE".into());
        assert!(matches!(
            s.validate(),
            Err(SchemaError::UnknownTypeReference { .. })
        ));
    }
}
