//! Chance-corrected agreement over nominal labels: Cohen's κ (two raters), Fleiss' κ and
//! Krippendorff's α (any number of raters, every unit labelled by all).
//!
//! Each takes *weighted units*: a list of (one category per rater, number of units with exactly
//! those categories). All sums are over integers; a ratio is undefined (`None`) when its
//! denominator is 0, which happens exactly when a single category is used throughout (or when
//! there are no units).

use std::collections::HashMap;

/// Dense category ids 0..n for the categories that occur, in order of first use.
fn categories<'a>(units: impl Iterator<Item = &'a [u32]>) -> HashMap<u32, usize> {
    let mut ids = HashMap::new();
    for u in units {
        for &c in u {
            let n = ids.len();
            ids.entry(c).or_insert(n);
        }
    }
    ids
}

/// Cohen's κ of raters 0 and 1: (p_o − p_e) / (1 − p_e), with p_o the share of units both
/// give the same category and p_e = Σ_c (share of rater 0 on c) × (share of rater 1 on c).
/// Equal to `sklearn.metrics.cohen_kappa_score` over the same units.
pub fn cohen(units: &[([u32; 2], u64)]) -> Option<f64> {
    let ids = categories(units.iter().map(|(c, _)| c.as_slice()));
    let mut row = vec![0u128; ids.len()];
    let mut col = vec![0u128; ids.len()];
    let (mut n, mut agree) = (0u128, 0u128);
    for (c, w) in units {
        let w = u128::from(*w);
        n += w;
        if c[0] == c[1] {
            agree += w;
        }
        row[ids[&c[0]]] += w;
        col[ids[&c[1]]] += w;
    }
    let chance: u128 = row.iter().zip(&col).map(|(r, c)| r * c).sum();
    if n == 0 || chance == n * n {
        return None;
    }
    let n = n as f64;
    let po = agree as f64 / n;
    let pe = chance as f64 / (n * n);
    Some((po - pe) / (1.0 - pe))
}

/// Fleiss' κ of `m` raters: (P̄ − P̄_e) / (1 − P̄_e), with P̄ the mean over units of
/// (Σ_c n_uc² − m) / (m (m − 1)) and P̄_e = Σ_c p_c², p_c the share of all labels that are c.
/// Equal to `statsmodels.stats.inter_rater.fleiss_kappa` on the units × categories table.
pub fn fleiss(units: &[(Vec<u32>, u64)], m: usize) -> Option<f64> {
    let ids = categories(units.iter().map(|(c, _)| c.as_slice()));
    let mut total = vec![0u128; ids.len()];
    let (mut n, mut agreeing_pairs) = (0u128, 0u128);
    let mut counts = vec![0u128; ids.len()];
    for (cats, w) in units {
        let w = u128::from(*w);
        n += w;
        counts.iter_mut().for_each(|c| *c = 0);
        for c in cats {
            counts[ids[c]] += 1;
        }
        for (k, &c) in counts.iter().enumerate() {
            total[k] += w * c;
            agreeing_pairs += w * c * c.saturating_sub(1);
        }
    }
    let m = m as u128;
    let labels = n * m;
    let squares: u128 = total.iter().map(|t| t * t).sum();
    if n == 0 || m < 2 || squares == labels * labels {
        return None;
    }
    let p_mean = agreeing_pairs as f64 / (n as f64 * (m * (m - 1)) as f64);
    let p_exp = squares as f64 / (labels as f64 * labels as f64);
    Some((p_mean - p_exp) / (1.0 - p_exp))
}

/// Krippendorff's α, nominal, every unit labelled by all `m` raters: 1 − D_o / D_e, that is
/// 1 − (n − 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k over the coincidence matrix o (each unit adds
/// its ordered pairs of labels from different raters, weighted 1 / (m − 1)), n_c = Σ_k o_ck and
/// n = N·m. Equal to the PyPI `krippendorff` package's `alpha(…, level_of_measurement=
/// "nominal")` on the raters × units matrix.
pub fn krippendorff(units: &[(Vec<u32>, u64)], m: usize) -> Option<f64> {
    let ids = categories(units.iter().map(|(c, _)| c.as_slice()));
    let mut total = vec![0u128; ids.len()];
    let (mut n_units, mut same_pairs) = (0u128, 0u128);
    let mut counts = vec![0u128; ids.len()];
    for (cats, w) in units {
        let w = u128::from(*w);
        n_units += w;
        counts.iter_mut().for_each(|c| *c = 0);
        for c in cats {
            counts[ids[c]] += 1;
        }
        for (k, &c) in counts.iter().enumerate() {
            total[k] += w * c;
            same_pairs += w * c * c.saturating_sub(1);
        }
    }
    let m = m as u128;
    let n = n_units * m;
    let squares: u128 = total.iter().map(|t| t * t).sum();
    if n_units == 0 || m < 2 || squares == n * n {
        return None;
    }
    // Σ_{c≠k} o_ck = n − Σ_c o_cc, with o_cc = same_pairs / (m − 1).
    let observed = (n * (m - 1) - same_pairs) as f64 / (m - 1) as f64;
    let expected = (n * n - squares) as f64;
    Some(1.0 - (n as f64 - 1.0) * observed / expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) {
        let a = a.expect("defined");
        assert!((a - b).abs() < 1e-12, "{a} != {b}");
    }

    /// Two raters, 10 units: 4 × (0,0), 3 × (1,1), 2 × (0,1), 1 × (1,0).
    /// p_o = 0.7; rater 0 gives 0 six times, rater 1 five times: p_e = 0.6·0.5 + 0.4·0.5 = 0.5;
    /// κ = 0.2 / 0.5 = 0.4.
    #[test]
    fn cohen_on_a_hand_worked_table() {
        close(
            cohen(&[([0, 0], 4), ([1, 1], 3), ([0, 1], 2), ([1, 0], 1)]),
            0.4,
        );
    }

    /// The same table for α: n = 20 labels, n_0 = 11, n_1 = 9; disagreeing ordered pairs
    /// Σ_{c≠k} o_ck = 2·3 = 6 (each disagreeing unit adds (0,1) and (1,0), weight 1);
    /// D_e term Σ_{c≠k} n_c n_k = 2·11·9 = 198; α = 1 − 19·6/198 = 1 − 114/198 = 0.4242….
    /// Fleiss: P̄ = 0.7, p = (0.55, 0.45), P̄_e = 0.505, κ = 0.195/0.495 = 0.3939….
    #[test]
    fn alpha_and_fleiss_on_the_same_table() {
        let units: Vec<(Vec<u32>, u64)> = vec![
            (vec![0, 0], 4),
            (vec![1, 1], 3),
            (vec![0, 1], 2),
            (vec![1, 0], 1),
        ];
        close(krippendorff(&units, 2), 1.0 - 114.0 / 198.0);
        close(fleiss(&units, 2), 0.195 / 0.495);
    }

    /// Three raters, 4 units: (a,a,a), (a,a,b), (b,b,b), (a,b,c).
    /// Fleiss: P_u = 1, 1/3, 1, 0 → P̄ = 7/12; totals a 6, b 5, c 1 of 12 →
    /// P̄_e = (36 + 25 + 1)/144 = 62/144; κ = (84/144 − 62/144)/(82/144) = 22/82.
    /// α: n = 12; o_cc: unit 1 gives o_aa 3, unit 2 o_aa 1, unit 3 o_bb 3 → Σ o_cc = 7;
    /// observed = 12 − 7 = 5; expected = 144 − 62 = 82; α = 1 − 11·5/82 = 27/82.
    #[test]
    fn three_raters_by_hand() {
        let units: Vec<(Vec<u32>, u64)> = vec![
            (vec![0, 0, 0], 1),
            (vec![0, 0, 1], 1),
            (vec![1, 1, 1], 1),
            (vec![0, 1, 2], 1),
        ];
        close(fleiss(&units, 3), 22.0 / 82.0);
        close(krippendorff(&units, 3), 27.0 / 82.0);
    }

    #[test]
    fn one_category_throughout_is_undefined_and_weights_equal_repetition() {
        assert_eq!(cohen(&[([3, 3], 10)]), None);
        assert_eq!(krippendorff(&[(vec![1, 1, 1], 5)], 3), None);
        assert_eq!(fleiss(&[(vec![1, 1], 5)], 2), None);
        assert_eq!(cohen(&[]), None);
        // One rater always 0, the other mixed: κ is 0 (no agreement beyond chance).
        close(cohen(&[([0, 0], 3), ([0, 1], 1)]), 0.0);
        let weighted = krippendorff(&[(vec![0, 1], 2), (vec![1, 1], 3)], 2);
        let repeated = krippendorff(
            &[
                (vec![0, 1], 1),
                (vec![1, 1], 1),
                (vec![0, 1], 1),
                (vec![1, 1], 1),
                (vec![1, 1], 1),
            ],
            2,
        );
        assert_eq!(weighted, repeated);
    }
}
