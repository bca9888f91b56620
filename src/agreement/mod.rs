//! Inter-annotator agreement: how far two or more annotators' layers over the same texts
//! agree, on spans, relations, event arguments and cross-document clusters.
//!
//! Pure: layers in ([`LayerView`], one per annotator), a [`Report`] out; no egui, no files, no
//! clock. [`compare`] does everything; [`Report::to_text`], [`Report::to_json`] and
//! [`Report::to_csv`] render it (the JSON is what `weft agreement --json` prints; its fields are
//! listed in `docs/team.md`).
//!
//! # What is compared
//!
//! * **Documents** are matched by key (the document's name); only documents every layer has
//!   are compared (the others are listed as skipped), and their texts must be equal.
//! * A **mention identity** is (document, exact fragments): two mentions of any layers with the
//!   same document and the same UTF-8 byte fragments are the same mention, whatever their type.
//! * **Pairs**: every pair of layers (a, b) with a before b in the order given. a plays the
//!   reference ("key"), b the response: precision counts against b, recall against a.
//!
//! # Spans (per pair, per type, overall and per document)
//!
//! * **Exact**: a mention of a matches one of b with the same identity and the same type.
//!   Counted as multisets: a span twice in a and once in b matches once. "Overall" requires the
//!   type (it is the sum over types); "untyped" ignores it.
//! * **Overlap**: mentions of one document match when some fragment of one shares a character
//!   with some fragment of the other (typed: and the type is equal). Matching is one to one: the
//!   matched count is the size of a **maximum matching** of the bipartite "overlaps" graph
//!   (Hopcroft–Karp), so one long span covering two short ones matches only one of them, and the
//!   number does not depend on any order. Typed overall = the sum of per-type matchings.
//! * P = matched / |b|, R = matched / |a|, F1 = 2·matched / (|a| + |b|); a ratio whose
//!   denominator is 0 is undefined (`null`).
//!
//! # κ and α (units: characters)
//!
//! * **Unit**: every Unicode code point of a compared document that is not whitespace (the
//!   Unicode `White_Space` property, Rust's `char::is_whitespace`: tab, LF, VT, FF, CR, space,
//!   U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000). Line
//!   breaks and spaces are never units, so CRLF and LF texts agree the same.
//! * **Label**: what a layer says about a unit is the *set* of types of its mentions whose
//!   fragments cover the character, as one nominal category: uncovered text is the empty set
//!   ("O"), a character inside a PERSON nested in an ORG is {ORG, PERSON}, a character covered
//!   twice by PERSON is {PERSON}.
//! * **Per type** T, the label is binary: covered by a mention of type T or not.
//! * **Cohen's κ** for each pair; **Fleiss' κ** over all layers when there are three or more;
//!   **Krippendorff's α** (nominal) over all layers. Every unit is labelled by every layer, so α
//!   has no missing values. The "α unitizing over characters" is taken as this
//!   per-character approximation of Krippendorff's u-α: each character is a unit of the
//!   ordinary nominal α (the exact u-α over continuous segments is not computed).
//! * Formulas and edge cases are in [`kappa`]; undefined (`null`) when one category is used
//!   throughout.
//!
//! # Relations and arguments (per pair, per relation type / role, overall)
//!
//! A relation is (type, from end, to end), an argument (role, event end, filler end); a
//! symmetric relation's ends are unordered. Ends are matched as [`links`] explains: a mention
//! end by identity, a cluster end by majority both ways (a cluster without mentions by its
//! id). Links are counted as multisets like exact spans; P/R/F1 as for spans.
//!
//! # Clusters (per pair: corpus-wide for all, entity and event chains; per document)
//!
//! * A **chain** is a cluster's set of mention identities (a cross-document cluster is one
//!   chain); every identity of an unlinked mention that is in no chain is a singleton chain.
//!   The scopes "entity" and "event" keep the chains of that kind (a cluster's kind is its
//!   type's; an unlinked mention's its own type's). Per document, each chain is cut down to the
//!   document's identities.
//! * **Chain order** (it matters only for a duplicate identity, see below): clusters in order of
//!   their keys (ids), then singletons in identity order (document, then fragments).
//! * Scores are those of the PyPI package **scorch** (`scorch.scores.muc`, `b_cubed`, `ceaf_e`,
//!   `conll2012`, after `scorch.main.process_files`' preparation), with a as key:
//!   - identities only in the response (b) are added to the key as singletons first; identities
//!     only in the key are simply missing from the response (they lower recall). So an invented
//!     singleton lowers neither B³ nor CEAF-e (it meets itself in the key); span precision
//!     shows it;
//!   - **MUC** ignores singletons (a singleton chain adds 0 to both sums) and is 0 when all key
//!     chains or all response chains are singletons;
//!   - **B³** counts every identity, singletons included: R = Σ_k Σ_r |k∩r|²/|k| / Σ_k |k|;
//!   - **CEAF-e**: the one-to-one alignment of key and response chains maximising Σ φ4, φ4 =
//!     2|k∩r| / (|k| + |r|); R = Σ φ4 / #key chains, P = Σ φ4 / #response chains (0 when
//!     either side has no chain);
//!   - F1 = harmonic mean (0 when R or P is 0); **CoNLL** = (F1 MUC + F1 B³ + F1 CEAF-e) / 3.
//!   - **Duplicates**: scorch reads each chain as a set, so two mentions of one chain with the
//!     same identity count once, and an identity in two chains of one layer is in both (MUC's
//!     `trace` gives it to the first chain in order).
//!   - Because of the added singletons, swapping key and response changes B³ and CEAF-e; the pair
//!     (a, b) always takes a as key.
//! * A scope (or a document) in which neither layer has a chain gets `null`.

pub mod align;
pub mod chains;
mod error;
pub mod kappa;
pub mod layer;
pub mod links;
pub mod matching;
mod render;
pub mod report;
pub mod spans;
pub mod units;

#[cfg(test)]
mod tests;

pub use crate::model::{InOrder, Join};
pub use error::AgreementError;
pub use layer::{
    ArgumentView, ClusterView, DocView, EndView, LayerView, MentionView, RelationView, TypeView,
};
pub use report::Report;

/// Compares the layers (two or more, in the order given) and returns the full report.
pub fn compare(layers: &[LayerView]) -> Result<Report, AgreementError> {
    compare_with(layers, &InOrder)
}

/// [`compare`], with `join` running the independent parts (the layers' checks, then those of
/// [`report::build_with`]).
pub fn compare_with(layers: &[LayerView], join: &impl Join) -> Result<Report, AgreementError> {
    if layers.len() < 2 {
        return Err(AgreementError::TooFewLayers(layers.len()));
    }
    for (i, l) in layers.iter().enumerate() {
        if layers[..i].iter().any(|o| o.name == l.name) {
            return Err(AgreementError::DuplicateLayer(l.name.clone()));
        }
    }
    // Each half of the layers checked in order; the first bad layer is the one reported.
    let check = |half: &[LayerView]| {
        half.iter().try_for_each(|l| {
            l.check().map_err(|problem| AgreementError::BadLayer {
                layer: l.name.clone(),
                problem,
            })
        })
    };
    let (first, second) = layers.split_at(layers.len() / 2);
    let (x, y) = join.join(|| check(first), || check(second));
    x.and(y)?;
    let al = align::Aligned::new(layers)?;
    if al.docs.is_empty() {
        return Err(AgreementError::NoCommonDocument);
    }
    Ok(report::build_with(&al, join))
}
