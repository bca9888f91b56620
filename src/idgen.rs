//! Random ids for new objects (kept out of the pure model, which only stores ids).

/// A new id: `prefix` followed by 16 random hexadecimal digits (64 bits).
pub fn new_id(prefix: &str) -> String {
    let mut bytes = [0u8; 8];
    if getrandom::fill(&mut bytes).is_err() {
        // No OS randomness (never expected): fall back to time and address entropy.
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let addr = &bytes as *const _ as usize as u128;
        bytes = ((t ^ (addr << 17)) as u64).to_le_bytes();
    }
    let mut s = String::with_capacity(prefix.len() + 16);
    s.push_str(prefix);
    for b in bytes {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// A random, non-zero lineage for the change stamps of a project the store loads or creates
/// (see [`crate::model::Project::lineage`]).
pub fn lineage() -> u64 {
    let mut bytes = [0u8; 8];
    if getrandom::fill(&mut bytes).is_err() {
        // No OS randomness (never expected): any non-zero value keeps saves correct; it only
        // has to differ from other projects saved into the same folder handle.
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1);
        bytes = t.to_le_bytes();
    }
    u64::from_le_bytes(bytes).max(1)
}

/// A new mention id.
pub fn mention_id() -> crate::model::MentionId {
    crate::model::MentionId::new(new_id(crate::model::MentionId::PREFIX))
}

/// A new cluster id.
pub fn cluster_id() -> crate::model::ClusterId {
    crate::model::ClusterId::new(new_id(crate::model::ClusterId::PREFIX))
}

/// A new document id.
pub fn doc_id() -> crate::model::DocId {
    crate::model::DocId::new(new_id(crate::model::DocId::PREFIX))
}

/// A new relation id.
pub fn relation_id() -> crate::model::RelationId {
    crate::model::RelationId::new(new_id(crate::model::RelationId::PREFIX))
}

/// A new argument id.
pub fn argument_id() -> crate::model::ArgumentId {
    crate::model::ArgumentId::new(new_id(crate::model::ArgumentId::PREFIX))
}

/// Random ids for code that takes an id source (the importers): what the app and the command
/// line pass, so imported objects get random ids like everything else.
#[derive(Clone, Copy, Debug, Default)]
pub struct RandomIds;

impl crate::model::ids::IdSource for RandomIds {
    fn fresh(&mut self, prefix: &str) -> String {
        new_id(prefix)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_random_not_counters() {
        let a = super::new_id("m_");
        let b = super::new_id("m_");
        assert_ne!(a, b);
        assert_eq!(a.len(), 18);
        assert!(crate::model::ids::is_valid_id(&a));
    }
}
