//! Ids for imported objects, from an [`IdSource`] the caller passes in.
//!
//! Importers never call a random generator: they take `&mut dyn IdSource`, so the same input
//! and the same source give byte-identical projects and exports. The app passes
//! [`crate::idgen::RandomIds`] (random ids, so copies of a project merge without collisions);
//! tests and reproducible re-imports pass [`SeededIds`].

pub use crate::model::ids::IdSource;
use crate::model::{ArgumentId, ClusterId, DocId, MentionId, RelationId};

/// A deterministic id sequence: `prefix` followed by 16 hexadecimal digits, like random ids,
/// drawn from a SplitMix64 stream started at `seed`. Two sources with the same seed give the
/// same ids in the same order; different seeds give unrelated sequences.
#[derive(Clone, Debug)]
pub struct SeededIds {
    state: u64,
}

impl SeededIds {
    pub fn new(seed: u64) -> Self {
        SeededIds { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        // SplitMix64 (Steele, Lea and Flood): a full-period counter through a bijective mix,
        // so no value repeats before 2^64 draws.
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

impl IdSource for SeededIds {
    fn fresh(&mut self, prefix: &str) -> String {
        format!("{prefix}{:016x}", self.next_u64())
    }
}

/// Typed ids from any [`IdSource`].
pub trait FreshIds {
    fn mention_id(&mut self) -> MentionId;
    fn cluster_id(&mut self) -> ClusterId;
    fn doc_id(&mut self) -> DocId;
    fn relation_id(&mut self) -> RelationId;
    fn argument_id(&mut self) -> ArgumentId;
}

impl<T: IdSource + ?Sized> FreshIds for T {
    fn mention_id(&mut self) -> MentionId {
        MentionId::new(self.fresh(MentionId::PREFIX))
    }
    fn cluster_id(&mut self) -> ClusterId {
        ClusterId::new(self.fresh(ClusterId::PREFIX))
    }
    fn doc_id(&mut self) -> DocId {
        DocId::new(self.fresh(DocId::PREFIX))
    }
    fn relation_id(&mut self) -> RelationId {
        RelationId::new(self.fresh(RelationId::PREFIX))
    }
    fn argument_id(&mut self) -> ArgumentId {
        ArgumentId::new(self.fresh(ArgumentId::PREFIX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_gives_one_sequence_of_valid_distinct_ids() {
        let (mut a, mut b) = (SeededIds::new(7), SeededIds::new(7));
        let xs: Vec<String> = (0..1000).map(|_| a.fresh("m_")).collect();
        let ys: Vec<String> = (0..1000).map(|_| b.fresh("m_")).collect();
        assert_eq!(xs, ys);
        let distinct: std::collections::BTreeSet<&String> = xs.iter().collect();
        assert_eq!(distinct.len(), xs.len());
        assert!(
            xs.iter()
                .all(|x| crate::model::ids::is_valid_id(x) && x.len() == 18)
        );
        assert_ne!(SeededIds::new(8).fresh("m_"), xs[0]);
    }
}
