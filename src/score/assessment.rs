//! Evidence-based assessments: each practice rated by two to four assessors, agreed in a
//! consensus meeting or by the median (docs/scoring.md, "Assessments"). Consensus ratings,
//! spreads, disagreements and the inter-rater agreement (Krippendorff's alpha, interval
//! metric, and the exact-agreement share). Pure functions over the `Assessment` sheet's rows.

use std::collections::BTreeMap;

use super::types::{AssessmentSummary, AssessorRating, ConsensusSource, Reliability};
use crate::data::{Answer, AssessorRow};
use crate::normalize::normalize;

/// A spread (highest − lowest assessor rating) at least this large, without a consensus row,
/// is a disagreement.
pub const DISAGREEMENT_SPREAD: f64 = 2.0;

/// Krippendorff's threshold for reliable data (α ≥ 0.8).
pub const ALPHA_RELIABLE: f64 = 0.8;

/// Krippendorff's threshold below which no conclusion should be drawn (α < 0.667).
pub const ALPHA_TENTATIVE: f64 = 0.667;

/// One question's assessment: the ratings and what is made of them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct QuestionAssessment {
    /// The consensus rating: the consensus row's, else the median of the assessors' ratings.
    pub consensus: Option<f64>,
    /// Where `consensus` comes from (none when the question has no rating).
    pub source: Option<ConsensusSource>,
    /// The assessors' ratings (N/A and consensus rows left out), in sheet order.
    pub ratings: Vec<AssessorRating>,
    /// Highest − lowest assessor rating.
    pub spread: Option<f64>,
    /// Evidence texts of the question's rows, each once, in sheet order.
    pub evidence: Vec<String>,
    /// Spread ≥ [`DISAGREEMENT_SPREAD`] and no consensus row.
    pub disagreement: bool,
}

/// Whether an assessor name marks a consensus row (`consensus` / `إجماع`, compared
/// normalised).
pub fn is_consensus(assessor: &str) -> bool {
    let k = normalize(assessor);
    k == "consensus" || k == normalize("إجماع")
}

/// The median: the middle value, or the mean of the two middle values of an even count.
/// `None` for no values.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return None;
    }
    let hi = v.get(n / 2).copied()?;
    if n % 2 == 1 {
        Some(hi)
    } else {
        let lo = v.get(n / 2 - 1).copied()?;
        Some((lo + hi) / 2.0)
    }
}

/// Each question's assessment from the rows of the `Assessment` sheet, for the question ids
/// `questions` (model order). Rows of other questions are ignored (the reader refuses them).
pub fn assess_questions(questions: &[String], rows: &[AssessorRow]) -> Vec<QuestionAssessment> {
    let index: BTreeMap<&str, usize> = questions
        .iter()
        .enumerate()
        .map(|(i, q)| (q.as_str(), i))
        .collect();
    let mut out = vec![QuestionAssessment::default(); questions.len()];
    // The consensus row's answer per question (Value or N/A; blank rows are no verdict).
    let mut agreed: Vec<Option<Answer>> = vec![None; questions.len()];
    for r in rows {
        let Some(q) = index
            .get(r.question.as_str())
            .and_then(|&i| out.get_mut(i).map(|q| (i, q)))
        else {
            continue;
        };
        let (i, qa) = q;
        if let Some(e) = r
            .evidence
            .as_ref()
            .map(|e| e.trim())
            .filter(|e| !e.is_empty())
            && !qa.evidence.iter().any(|x| x == e)
        {
            qa.evidence.push(e.to_string());
        }
        if r.consensus {
            if r.rating != Answer::Blank
                && let Some(slot) = agreed.get_mut(i)
            {
                *slot = Some(r.rating);
            }
        } else if let Answer::Value(v) = r.rating {
            qa.ratings.push(AssessorRating {
                assessor: r.assessor.clone(),
                rating: f64::from(v),
            });
        }
    }
    for (qa, agreed) in out.iter_mut().zip(agreed) {
        let values: Vec<f64> = qa.ratings.iter().map(|r| r.rating).collect();
        let lo = values.iter().copied().reduce(f64::min);
        let hi = values.iter().copied().reduce(f64::max);
        qa.spread = lo.zip(hi).map(|(lo, hi)| hi - lo);
        match agreed {
            Some(a) => {
                qa.consensus = a.value().map(f64::from);
                qa.source = Some(ConsensusSource::Meeting);
            }
            None => {
                qa.consensus = median(&values);
                qa.source = qa.consensus.map(|_| ConsensusSource::Median);
                qa.disagreement = qa.spread.is_some_and(|s| s >= DISAGREEMENT_SPREAD);
            }
        }
    }
    out
}

/// Krippendorff's alpha with the interval metric δ²(c, k) = (c − k)², in the
/// coincidence-matrix form of Krippendorff (2011), "Computing Krippendorff's
/// Alpha-Reliability", Departmental Papers (ASC) 43, University of Pennsylvania:
///
/// - units are the questions with at least two values (mᵤ ≥ 2, the pairable values);
/// - coincidences o_ck = Σᵤ (number of ordered c-k pairs of values in unit u) / (mᵤ − 1);
/// - n_c = Σ_k o_ck, n = Σ_c n_c (the number of pairable values);
/// - α = 1 − D_o / D_e = 1 − (n − 1) · Σ_c Σ_k o_ck δ²(c, k) / Σ_c Σ_k n_c n_k δ²(c, k).
///
/// `None` when alpha is undefined: fewer than two pairable values, or no variation at all
/// (every value the same, D_e = 0).
pub fn alpha_interval(units: &[Vec<i64>]) -> Option<f64> {
    let mut o: BTreeMap<(i64, i64), f64> = BTreeMap::new();
    for u in units.iter().filter(|u| u.len() >= 2) {
        let m = u.len() as f64;
        for (i, &c) in u.iter().enumerate() {
            for (j, &k) in u.iter().enumerate() {
                if i != j {
                    *o.entry((c, k)).or_insert(0.0) += 1.0 / (m - 1.0);
                }
            }
        }
    }
    let mut n_c: BTreeMap<i64, f64> = BTreeMap::new();
    for (&(c, _), &v) in &o {
        *n_c.entry(c).or_insert(0.0) += v;
    }
    let n: f64 = n_c.values().sum();
    let delta2 = |c: i64, k: i64| ((c - k) as f64).powi(2);
    let observed: f64 = o.iter().map(|(&(c, k), &v)| v * delta2(c, k)).sum();
    let expected: f64 = n_c
        .iter()
        .flat_map(|(&c, &nc)| n_c.iter().map(move |(&k, &nk)| nc * nk * delta2(c, k)))
        .sum();
    if n < 2.0 || expected <= 0.0 {
        return None;
    }
    Some(1.0 - (n - 1.0) * observed / expected)
}

/// Krippendorff's reading of alpha: ≥ 0.8 reliable, ≥ 0.667 tentative, else not reliable.
pub fn reliability(alpha: f64) -> Reliability {
    if alpha >= ALPHA_RELIABLE {
        Reliability::Reliable
    } else if alpha >= ALPHA_TENTATIVE {
        Reliability::Tentative
    } else {
        Reliability::NotReliable
    }
}

/// The agreement figures over the questions' assessments (model order): assessors counted
/// from `rows` (consensus rows left out), alpha and exact agreement over the questions
/// with at least two assessor ratings, disagreements by id.
pub fn summary(
    questions: &[String],
    assessed: &[QuestionAssessment],
    rows: &[AssessorRow],
) -> AssessmentSummary {
    let assessors: std::collections::BTreeSet<String> = rows
        .iter()
        .filter(|r| !r.consensus && r.rating != Answer::Blank)
        .map(|r| normalize(&r.assessor))
        .collect();
    // Ratings are whole scale values (the reader parses them so): exact as integers.
    let units: Vec<Vec<i64>> = assessed
        .iter()
        .map(|q| {
            q.ratings
                .iter()
                .map(|r| r.rating.round() as i64)
                .collect::<Vec<_>>()
        })
        .filter(|u| u.len() >= 2)
        .collect();
    let same = units
        .iter()
        .filter(|u| u.windows(2).all(|w| w.first() == w.get(1)))
        .count();
    let alpha = alpha_interval(&units);
    AssessmentSummary {
        self_assessment_withheld: None,
        assessors: assessors.len() as u64,
        alpha,
        reliability: alpha.map(reliability),
        exact_agreement: (!units.is_empty()).then(|| same as f64 / units.len() as f64),
        paired_questions: units.len() as u64,
        consensus_rows: assessed
            .iter()
            .filter(|q| q.source == Some(ConsensusSource::Meeting))
            .count() as u64,
        disagreements: questions
            .iter()
            .zip(assessed)
            .filter(|(_, q)| q.disagreement)
            .map(|(id, _)| id.clone())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Place;

    fn row(assessor: &str, question: &str, rating: Answer) -> AssessorRow {
        AssessorRow {
            assessor: assessor.into(),
            consensus: is_consensus(assessor),
            question: question.into(),
            rating,
            evidence: None,
            note: None,
            place: Place::File,
        }
    }

    use Answer::{NotApplicable as NA, Value as V};

    /// The hand-computed example (also end to end in tests/it/assessment.rs).
    pub(crate) fn example() -> (Vec<String>, Vec<AssessorRow>) {
        let ids = ["GV1", "GV2", "GV3", "SV1", "SV2"]
            .map(String::from)
            .to_vec();
        let mut rows = Vec::new();
        for (q, ratings) in [
            ("GV1", [V(3), V(4), V(3)]),
            ("GV2", [V(2), V(4), NA]),
            ("GV3", [V(1), V(3), V(2)]),
            ("SV1", [V(4), V(4), V(4)]),
            ("SV2", [V(3), V(3), V(4)]),
        ] {
            for (a, r) in ["Huda", "Omar", "Sara"].iter().zip(ratings) {
                rows.push(row(a, q, r));
            }
        }
        rows.push(row("إجماع", "GV3", V(2)));
        (ids, rows)
    }

    #[test]
    fn hand_computed_example() {
        let (ids, rows) = example();
        let qa = assess_questions(&ids, &rows);
        let consensus: Vec<Option<f64>> = qa.iter().map(|q| q.consensus).collect();
        // GV1 median of 3, 4, 3 = 3; GV2 even count (Sara N/A): (2 + 4) / 2 = 3;
        // GV3 the consensus row's 2 (the median would be 2 as well, spread 2);
        // SV1 4; SV2 median of 3, 3, 4 = 3.
        assert_eq!(
            consensus,
            [Some(3.0), Some(3.0), Some(2.0), Some(4.0), Some(3.0)]
        );
        assert_eq!(qa[2].source, Some(ConsensusSource::Meeting));
        assert_eq!(qa[1].source, Some(ConsensusSource::Median));
        let spreads: Vec<Option<f64>> = qa.iter().map(|q| q.spread).collect();
        assert_eq!(
            spreads,
            [Some(1.0), Some(2.0), Some(2.0), Some(0.0), Some(1.0)]
        );
        let s = summary(&ids, &qa, &rows);
        // GV2: spread 2 without a consensus row; GV3 has one, so it is no disagreement.
        assert_eq!(s.disagreements, ["GV2"]);
        assert_eq!(s.assessors, 3);
        assert_eq!(s.paired_questions, 5);
        assert_eq!(s.consensus_rows, 1);
        // Only SV1 has every assessor agreeing: 1 of 5.
        assert_eq!(s.exact_agreement, Some(0.2));
        // Alpha by hand (Krippendorff 2011, coincidence matrix, interval δ² = (c − k)²).
        // Units (pairable values): GV1 {3,4,3} GV2 {2,4} GV3 {1,3,2} SV1 {4,4,4} SV2 {3,3,4};
        // n = 3 + 2 + 3 + 3 + 3 = 14.
        // Σ o_ck δ² = Σ_u Σ_{i≠j} (v_i − v_j)² / (m_u − 1):
        //   GV1 (1+1+1+1)/2 = 2; GV2 (4+4)/1 = 8; GV3 (4+4+1+1+1+1)/2 = 6; SV1 0;
        //   SV2 (1+1+1+1)/2 = 2; total 18.
        // n_c: value 1 → 1, 2 → 2, 3 → 5, 4 → 6.
        // Σ n_c n_k δ² over ordered pairs = 2 × (1·2·1 + 1·5·4 + 1·6·9 + 2·5·1 + 2·6·4
        //   + 5·6·1) = 2 × 164 = 328.
        // α = 1 − (n − 1) × 18 / 328 = 1 − 13 × 18 / 328 = 1 − 234/328 = 47/164 ≈ 0.2866.
        let alpha = s.alpha.unwrap();
        assert!((alpha - 47.0 / 164.0).abs() < 1e-12, "{alpha}");
        assert_eq!(s.reliability, Some(Reliability::NotReliable));
    }

    #[test]
    fn median_of_odd_even_and_none() {
        assert_eq!(median(&[4.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn alpha_edge_cases() {
        // Perfect agreement with variation between units.
        assert_eq!(alpha_interval(&[vec![1, 1], vec![3, 3, 3]]), Some(1.0));
        // No variation at all: undefined.
        assert_eq!(alpha_interval(&[vec![2, 2], vec![2, 2]]), None);
        // Single values are not pairable.
        assert_eq!(alpha_interval(&[vec![1], vec![4]]), None);
        // Krippendorff (2011) interval example values are reproduced in integration tests;
        // systematic disagreement gives alpha below zero.
        assert!(alpha_interval(&[vec![1, 4], vec![4, 1]]).unwrap() < 0.0);
        assert_eq!(reliability(0.8), Reliability::Reliable);
        assert_eq!(reliability(0.7), Reliability::Tentative);
        assert_eq!(reliability(0.6669), Reliability::NotReliable);
    }

    #[test]
    fn blank_consensus_row_is_no_verdict_and_na_consensus_leaves_no_rating() {
        let ids = vec!["Q".to_string()];
        let rows = vec![
            row("A", "Q", V(1)),
            row("B", "Q", V(4)),
            row("consensus", "Q", Answer::Blank),
        ];
        let qa = assess_questions(&ids, &rows);
        assert_eq!(qa[0].consensus, Some(2.5));
        assert!(qa[0].disagreement);
        let rows = vec![row("A", "Q", V(1)), row("Consensus", "Q", NA)];
        let qa = assess_questions(&ids, &rows);
        assert_eq!(qa[0].consensus, None);
        assert_eq!(qa[0].source, Some(ConsensusSource::Meeting));
    }

    proptest::proptest! {
        /// When every assessor gives each question the same rating, alpha is 1 (given some
        /// variation between questions, without which it is undefined).
        #[test]
        fn alpha_is_one_when_all_agree(
            values in proptest::collection::vec(0i64..=4, 2..10),
            raters in 2usize..5,
        ) {
            proptest::prop_assume!(values.iter().any(|v| Some(v) != values.first()));
            let units: Vec<Vec<i64>> = values.iter().map(|&v| vec![v; raters]).collect();
            let a = alpha_interval(&units).unwrap();
            proptest::prop_assert!((a - 1.0).abs() < 1e-12);
        }

        /// Renaming and reordering assessors (and their rows) changes no figure.
        #[test]
        fn renaming_or_reordering_assessors_changes_nothing(
            ratings in proptest::collection::vec(proptest::collection::vec(0i32..=4, 3), 1..8),
            rotate in 0usize..20,
        ) {
            let names = ["A", "B", "C"];
            let renamed = ["Zed", "Yara", "Xu"];
            let ids: Vec<String> = (0..ratings.len()).map(|i| format!("Q{i}")).collect();
            let mut rows = Vec::new();
            let mut other = Vec::new();
            for (q, rs) in ids.iter().zip(&ratings) {
                for (i, r) in rs.iter().enumerate() {
                    rows.push(row(names[i], q, V(*r)));
                    other.push(row(renamed[2 - i], q, V(*r)));
                }
            }
            let len = other.len();
            other.rotate_left(rotate % len);
            other.reverse();
            let a = assess_questions(&ids, &rows);
            let b = assess_questions(&ids, &other);
            for (x, y) in a.iter().zip(&b) {
                proptest::prop_assert_eq!(x.consensus, y.consensus);
                proptest::prop_assert_eq!(x.spread, y.spread);
                proptest::prop_assert_eq!(x.disagreement, y.disagreement);
            }
            let (sa, sb) = (summary(&ids, &a, &rows), summary(&ids, &b, &other));
            proptest::prop_assert_eq!(sa.assessors, sb.assessors);
            proptest::prop_assert_eq!(sa.exact_agreement, sb.exact_agreement);
            proptest::prop_assert_eq!(&sa.disagreements, &sb.disagreements);
            match (sa.alpha, sb.alpha) {
                (Some(x), Some(y)) => proptest::prop_assert!((x - y).abs() < 1e-9),
                (x, y) => proptest::prop_assert_eq!(x, y),
            }
        }
    }
}
