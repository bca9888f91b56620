//! The date a mention carries, and proposals of one.
//!
//! The value lives in two mention attributes of the temporal type: `edtf` (the EDTF string)
//! and `edtf_rule` (the [`Rule`] key of the proposal that set it, or `user`; a value with no
//! rule counts as the user's). A proposal never replaces the user's value; it replaces an
//! earlier proposal only when it differs (the mention's fragments changed, say).

use super::reference::{Reference, reference_in};
use super::{BadValue, DateValue, Rule, normalise_lazy};
use crate::edit::Edit;
use crate::model::{
    AttrValue, AttributeKind, Document, EditError, Mention, MentionId, Project, Schema,
    TemporalSettings, TypeKind,
};

/// Where a mention's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    /// Typed or chosen by the user (`edtf_rule` is `user` or absent).
    User,
    /// Stored by a proposal.
    Proposed,
    /// Not stored: computed now from the mention's text.
    Computed,
}

impl Source {
    pub fn key(self) -> &'static str {
        match self {
            Source::User => "user",
            Source::Proposed => "proposed",
            Source::Computed => "computed",
        }
    }
}

/// A mention's date with where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MentionDate {
    pub value: DateValue,
    pub source: Source,
    /// The reference year used, for a computed value that needed one.
    pub reference: Option<Reference>,
}

/// Whether mentions of `type_key` are dates (the schema's date settings; an entity type).
pub fn is_temporal(schema: &Schema, type_key: &str) -> bool {
    schema.temporal.is_temporal(type_key)
        && schema
            .type_def(type_key)
            .is_some_and(|t| t.kind == TypeKind::Entity)
}

/// The value stored on a mention, if any: `Err` when it is not valid EDTF.
pub fn stored_value(m: &Mention) -> Option<Result<(DateValue, Source), BadValue>> {
    let edtf = match m.attributes.get(TemporalSettings::EDTF_KEY)? {
        AttrValue::Text(s) => s,
        AttrValue::Flag(b) => {
            return Some(Err(BadValue {
                value: b.to_string(),
                problem: "a flag, not a date".into(),
            }));
        }
    };
    let rule = match m.attributes.get(TemporalSettings::RULE_KEY) {
        Some(AttrValue::Text(k)) => Rule::from_key(k).unwrap_or_else(Rule::user),
        _ => Rule::user(),
    };
    let source = if rule.pattern == super::Pattern::User {
        Source::User
    } else {
        Source::Proposed
    };
    Some(DateValue::from_edtf(edtf, rule).map(|v| (v, source)))
}

/// The value the mention's text gives now, with the reference year it needed.
fn computed(project: &Project, m: &Mention) -> Option<(DateValue, Option<Reference>)> {
    computed_in(project.schema(), project.document(&m.doc)?, m)
}

/// [`computed`] for a mention of `doc` under `schema` (neither need be in a project yet).
pub(super) fn computed_in(
    schema: &Schema,
    doc: &Document,
    m: &Mention,
) -> Option<(DateValue, Option<Reference>)> {
    let phrase = m.covered_text(doc.text());
    let mut reference = None;
    let value = normalise_lazy(&phrase, schema.temporal.numeric_order, &mut || {
        reference = reference_in(schema, doc, m.start());
        reference.as_ref().map(|r| r.year)
    })?;
    let reference = if value.inferred() { reference } else { None };
    Some((value, reference))
}

/// The date of a mention of a temporal type: the stored value, or one computed from its
/// text. `None` for other mentions and for phrases no rule reads; `Some(Err)` for a stored
/// value that is not EDTF.
pub fn date_of(project: &Project, m: &Mention) -> Option<Result<MentionDate, BadValue>> {
    if !is_temporal(project.schema(), &m.type_key) {
        return None;
    }
    if let Some(stored) = stored_value(m) {
        return Some(stored.map(|(value, source)| MentionDate {
            value,
            source,
            reference: None,
        }));
    }
    let (value, reference) = computed(project, m)?;
    Some(Ok(MentionDate {
        value,
        source: Source::Computed,
        reference,
    }))
}

/// A value to store on a mention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    pub mention: MentionId,
    pub value: DateValue,
    pub reference: Option<Reference>,
}

/// The value `m` should carry, or `None` when there is nothing to change: not a temporal
/// type, the user set a value, no rule reads the text, or the stored proposal is the same.
/// `m` need not be in the project yet (its document must be): the tagging flow can fill the
/// attributes of a new mention with [`Proposal::apply_to`] before inserting it.
pub fn propose(project: &Project, m: &Mention) -> Option<Proposal> {
    propose_in(project.schema(), project.document(&m.doc)?, m)
}

/// [`propose`] for a mention of `doc` under `schema` (neither need be in a project yet: an
/// import adds documents, schema and mentions in one step).
pub(super) fn propose_in(schema: &Schema, doc: &Document, m: &Mention) -> Option<Proposal> {
    if !is_temporal(schema, &m.type_key) {
        return None;
    }
    let stored = stored_value(m);
    if let Some(Ok((_, Source::User)) | Err(_)) = &stored {
        return None; // the user's value (even a bad one) is theirs to change
    }
    let (value, reference) = computed_in(schema, doc, m)?;
    if let Some(Ok((old, _))) = &stored
        && old.edtf == value.edtf
        && old.rule == value.rule
    {
        return None;
    }
    Some(Proposal {
        mention: m.id.clone(),
        value,
        reference,
    })
}

/// Proposals for the given mentions (for example, everything an import or tag-all added).
pub fn propose_all<'a>(
    project: &Project,
    mentions: impl IntoIterator<Item = &'a MentionId>,
) -> Vec<Proposal> {
    mentions
        .into_iter()
        .filter_map(|id| project.mention(id))
        .filter_map(|m| propose(project, m))
        .collect()
}

impl Proposal {
    /// Writes the value into `m`'s attributes.
    pub fn apply_to(&self, m: &mut Mention) {
        m.attributes.insert(
            TemporalSettings::EDTF_KEY.into(),
            AttrValue::Text(self.value.edtf.clone()),
        );
        m.attributes.insert(
            TemporalSettings::RULE_KEY.into(),
            AttrValue::Text(self.value.rule.key()),
        );
    }

    /// The edit that stores the value (with the schema change giving the type its `edtf` and
    /// `edtf_rule` attributes first, when it lacks them).
    pub fn edit(&self, project: &Project) -> Result<Edit, EditError> {
        proposals_edit(project, std::slice::from_ref(self))
    }
}

/// One batch storing every proposal (one undo step), with the schema change first if needed.
pub fn proposals_edit(project: &Project, proposals: &[Proposal]) -> Result<Edit, EditError> {
    let mut edits = Vec::with_capacity(proposals.len() + 1);
    if let Some(schema) = schema_with_date_attributes(project.schema())? {
        edits.push(Edit::SetSchema(Box::new(schema)));
    }
    for p in proposals {
        let mut m = project
            .mention(&p.mention)
            .ok_or_else(|| EditError::UnknownMention(p.mention.clone()))?
            .clone();
        p.apply_to(&mut m);
        edits.push(Edit::ReplaceMention(m));
    }
    Ok(Edit::Batch(edits))
}

/// The edit that inserts a new mention with its proposed date (when it is of a temporal type
/// and its text is read): the tagging flow's `InsertMention`, with the schema change first
/// when the type lacks the date attributes. Without a proposal it is the plain insertion.
pub fn insert_with_date(project: &Project, mut m: Mention) -> Result<Edit, EditError> {
    let Some(p) = propose(project, &m) else {
        return Ok(Edit::InsertMention(m));
    };
    p.apply_to(&mut m);
    let mut edits = Vec::new();
    if let Some(schema) = schema_with_date_attributes(project.schema())? {
        edits.push(Edit::SetSchema(Box::new(schema)));
    }
    edits.push(Edit::InsertMention(m));
    Ok(Edit::Batch(edits))
}

/// The edit that sets (or, with `None`, removes) the user's value of a mention: the
/// inspector's "Date" field. The rule becomes `user`, so no proposal replaces it.
pub fn date_attribute_edit(
    project: &Project,
    mention: &MentionId,
    edtf: Option<&str>,
) -> Result<Edit, EditError> {
    let mut m = project
        .mention(mention)
        .ok_or_else(|| EditError::UnknownMention(mention.clone()))?
        .clone();
    match edtf {
        Some(v) => {
            DateValue::from_edtf(v, Rule::user()).map_err(|e| EditError::BadAttributeValue {
                owner: m.type_key.to_string(),
                key: TemporalSettings::EDTF_KEY.into(),
                problem: e.to_string(),
            })?;
            m.attributes
                .insert(TemporalSettings::EDTF_KEY.into(), AttrValue::Text(v.into()));
            m.attributes.insert(
                TemporalSettings::RULE_KEY.into(),
                AttrValue::Text(Rule::user().key()),
            );
        }
        None => {
            m.attributes.remove(TemporalSettings::EDTF_KEY);
            m.attributes.remove(TemporalSettings::RULE_KEY);
        }
    }
    let mut edits = Vec::new();
    if let Some(schema) = schema_with_date_attributes(project.schema())? {
        edits.push(Edit::SetSchema(Box::new(schema)));
    }
    edits.push(Edit::ReplaceMention(m));
    Ok(Edit::Batch(edits))
}

/// The schema with `edtf` and `edtf_rule` text attributes on every temporal type that lacks
/// them; `None` when nothing is missing. An attribute of that key with another kind is an
/// error (the value could not be stored).
pub(super) fn schema_with_date_attributes(schema: &Schema) -> Result<Option<Schema>, EditError> {
    let mut out = schema.clone();
    let mut changed = false;
    for t in &mut out.types {
        if t.kind != TypeKind::Entity || !schema.temporal.is_temporal(&t.key) {
            continue;
        }
        for def in TemporalSettings::attribute_defs() {
            match t.attributes.iter().find(|a| a.key == def.key) {
                Some(a) if a.kind == AttributeKind::Text => {}
                Some(_) => {
                    return Err(EditError::BadAttributeValue {
                        owner: t.key.clone(),
                        key: def.key.clone(),
                        problem: "the attribute must be free text to hold a date".into(),
                    });
                }
                None => {
                    t.attributes.push(def);
                    changed = true;
                }
            }
        }
    }
    Ok(changed.then_some(out))
}

/// A calendar day as the exports write it (`1973-09-11`), `None` for an open end.
pub fn day_text(d: chrono::NaiveDate) -> Option<String> {
    (d != chrono::NaiveDate::MIN && d != chrono::NaiveDate::MAX)
        .then(|| d.format("%Y-%m-%d").to_string())
}

/// The `date` of a mention in the Weft JSON export: `None` for mentions of other types; for
/// temporal ones the value (stored, or computed now) or `null` when there is none.
pub fn date_json(project: &Project, m: &Mention) -> Option<serde_json::Value> {
    if !is_temporal(project.schema(), &m.type_key) {
        return None;
    }
    Some(match date_of(project, m) {
        Some(Ok(d)) => serde_json::json!({
            "edtf": d.value.edtf,
            "earliest": day_text(d.value.earliest),
            "latest": day_text(d.value.latest),
            "rule": d.value.rule.key(),
            "rule_name": d.value.rule.name(),
            "inferred": d.value.inferred(),
            "source": d.source.key(),
        }),
        _ => serde_json::Value::Null,
    })
}
