//! Maturity scoring: question statistics, dimension and overall scores, levels, targets.
//! The rules are written out in docs/scoring.md; this file follows them literally.

use std::ops::Range;

use super::types::*;
use crate::data::{Answer, Respondent};
use crate::model::Model;

/// Two scores closer than this are equal when compared with a level threshold or a target,
/// so that a score that is 3.4 on paper but 3.3999999999999995 in binary floating point
/// still reaches the level that starts at 3.4.
pub const TOLERANCE: f64 = 1e-9;

/// Short of the target by at most this fraction of |target| is "near".
pub const NEAR_FRACTION: f64 = 0.10;

/// How the model's questions map to the data's answer columns, computed once.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Per model question (model order): index into `Respondent::answers`, if the data has it.
    pub columns: Vec<Option<usize>>,
    /// Per dimension: its questions' range in model order.
    pub dims: Vec<Range<usize>>,
    /// Lowest scale value.
    pub scale_min: i64,
    /// Number of scale values (max − min + 1).
    pub scale_len: usize,
}

impl Layout {
    /// The layout of `model` over data whose answer columns are `data_questions`.
    pub fn new(model: &Model, data_questions: &[String]) -> Layout {
        let index: std::collections::HashMap<&str, usize> = data_questions
            .iter()
            .enumerate()
            .map(|(i, q)| (q.as_str(), i))
            .collect();
        let mut columns = Vec::new();
        let mut dims = Vec::new();
        for d in model.dimensions.value.iter() {
            let start = columns.len();
            for q in d.questions.value.iter() {
                columns.push(index.get(q.id.value.as_str()).copied());
            }
            dims.push(start..columns.len());
        }
        let span = model.scale.max.value.saturating_sub(model.scale.min.value);
        Layout {
            columns,
            dims,
            scale_min: model.scale.min.value,
            scale_len: usize::try_from(span).map_or(0, |s| s.saturating_add(1)),
        }
    }
}

/// Answer counts of a group of respondents.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    /// Respondents counted.
    pub respondents: u64,
    /// Per question (model order) × scale value: count. Row-major, `scale_len` wide.
    pub counts: Vec<u64>,
    /// Per question: not-applicable answers.
    pub na: Vec<u64>,
    /// Per question: blank answers (or the column is missing).
    pub blank: Vec<u64>,
    /// Per dimension: respondents with at least one valid answer in it.
    pub dim_n: Vec<u64>,
    /// Values outside the scale (the reader rejects them; counted so nothing is silent).
    pub out_of_scale: u64,
}

/// Counts the answers of `respondents`. One pass, integer counts only: the result does not
/// depend on the respondents' order.
pub fn tally<'a>(layout: &Layout, respondents: impl IntoIterator<Item = &'a Respondent>) -> Tally {
    let q = layout.columns.len();
    let w = layout.scale_len;
    let mut t = Tally {
        respondents: 0,
        counts: vec![0; q * w],
        na: vec![0; q],
        blank: vec![0; q],
        dim_n: vec![0; layout.dims.len()],
        out_of_scale: 0,
    };
    for r in respondents {
        t.respondents += 1;
        for (di, range) in layout.dims.iter().enumerate() {
            let mut any = false;
            for qi in range.clone() {
                let answer = layout
                    .columns
                    .get(qi)
                    .copied()
                    .flatten()
                    .and_then(|c| r.answers.get(c).copied())
                    .unwrap_or(Answer::Blank);
                match answer {
                    Answer::Blank => bump(&mut t.blank, qi),
                    Answer::NotApplicable => bump(&mut t.na, qi),
                    Answer::Value(v) => {
                        let slot = usize::try_from(i64::from(v) - layout.scale_min)
                            .ok()
                            .filter(|&s| s < w)
                            .and_then(|s| t.counts.get_mut(qi * w + s));
                        match slot {
                            Some(c) => {
                                *c += 1;
                                any = true;
                            }
                            None => t.out_of_scale += 1,
                        }
                    }
                }
            }
            if any {
                bump(&mut t.dim_n, di);
            }
        }
    }
    t
}

fn bump(v: &mut [u64], i: usize) {
    if let Some(x) = v.get_mut(i) {
        *x += 1;
    }
}

/// Mean, n and sample standard deviation of one question from its counts.
/// Sums are exact integers; only the final divisions round.
pub fn question_stats(counts: &[u64], scale_min: i64) -> (Option<f64>, u64, Option<f64>) {
    let mut n: u64 = 0;
    let mut sum: i128 = 0;
    let mut sum_sq: i128 = 0;
    for (i, &c) in counts.iter().enumerate() {
        let v = i128::from(scale_min) + i as i128;
        n += c;
        sum += v * i128::from(c);
        sum_sq += v * v * i128::from(c);
    }
    if n == 0 {
        return (None, 0, None);
    }
    let mean = sum as f64 / n as f64;
    let sd = (n >= 2).then(|| {
        // Var = (n·Σx² − (Σx)²) / (n(n−1)); the numerator is exact and never negative.
        let n128 = i128::from(n);
        let num = n128 * sum_sq - sum * sum;
        (num as f64 / (n as f64 * (n as f64 - 1.0))).sqrt()
    });
    (Some(mean), n, sd)
}

/// Σ(wᵢ × xᵢ) / Σ(wᵢ) over the items that have a value; `None` when none has.
pub fn weighted_mean(items: impl IntoIterator<Item = (f64, Option<f64>)>) -> Option<f64> {
    let mut num = 0.0;
    let mut den = 0.0;
    for (w, x) in items {
        if let Some(x) = x {
            num += w * x;
            den += w;
        }
    }
    (den > 0.0).then(|| num / den)
}

/// The highest level (1-based) whose `min_score` ≤ score (within [`TOLERANCE`]).
pub fn level_of(levels: &[LevelInfo], score: f64) -> Option<u32> {
    levels
        .iter()
        .filter(|l| l.min_score <= score + TOLERANCE)
        .map(|l| l.number)
        .max()
}

/// The gated level of one dimension from its practices, each `(level, met)`: level k ≥ 2 is
/// reached when the dimension has at least one practice at level k and every practice at
/// levels 2 … k is met; the walk up stops at the first level that has no practice or an
/// unmet one (a level without practices can never be passed). Level 1 is the floor.
/// Practices at levels outside 2 … `n_levels` are ignored (validation refuses them).
pub fn gated_level(practices: impl IntoIterator<Item = (u32, bool)>, n_levels: u32) -> u32 {
    // Per level: (has a practice, every practice met).
    let mut by_level: std::collections::BTreeMap<u32, bool> = std::collections::BTreeMap::new();
    for (level, met) in practices {
        let all = by_level.entry(level).or_insert(true);
        *all = *all && met;
    }
    let mut reached = 1;
    for k in 2..=n_levels {
        match by_level.get(&k) {
            Some(true) => reached = k,
            _ => break,
        }
    }
    reached
}

/// Whether a score meets a practice's `met_at` (within [`TOLERANCE`]).
pub fn is_met(score: f64, met_at: f64) -> bool {
    score + TOLERANCE >= met_at
}

/// (score − min) / (max − min) × 100.
pub fn index_of(score: f64, min: i64, max: i64) -> Option<f64> {
    let span = (max - min) as f64;
    (span > 0.0).then(|| (score - min as f64) / span * 100.0)
}

/// Met / near / missed. `higher_is_better` is false for churn.
pub fn status(value: f64, target: f64, higher_is_better: bool) -> TargetStatus {
    let shortfall = if higher_is_better {
        target - value
    } else {
        value - target
    };
    if shortfall <= TOLERANCE {
        TargetStatus::Met
    } else if shortfall <= NEAR_FRACTION * target.abs() + TOLERANCE {
        TargetStatus::Near
    } else {
        TargetStatus::Missed
    }
}

/// Scores of one group: per question (mean, n, sd), per dimension score, overall score.
#[derive(Debug, Clone)]
pub struct GroupScores {
    /// Per question: (mean, n, sd).
    pub questions: Vec<(Option<f64>, u64, Option<f64>)>,
    /// Per dimension score.
    pub dimensions: Vec<Option<f64>>,
    /// Overall score.
    pub overall: Option<f64>,
}

/// Applies the scoring rules to a tally.
pub fn group_scores(model: &Model, layout: &Layout, t: &Tally) -> GroupScores {
    let w = layout.scale_len;
    let questions: Vec<_> = (0..layout.columns.len())
        .map(|qi| {
            let counts = t.counts.get(qi * w..(qi + 1) * w).unwrap_or(&[]);
            question_stats(counts, layout.scale_min)
        })
        .collect();
    scores_from_questions(model, layout, questions)
}

/// Dimension and overall scores from each question's (score, n, sd): the weighted means of
/// docs/scoring.md. The survey passes question means; an assessment its consensus ratings.
pub fn scores_from_questions(
    model: &Model,
    layout: &Layout,
    questions: Vec<(Option<f64>, u64, Option<f64>)>,
) -> GroupScores {
    let qweights: Vec<f64> = model
        .dimensions
        .value
        .iter()
        .flat_map(|d| d.questions.value.iter().map(|q| q.weight.value))
        .collect();
    let dimensions: Vec<Option<f64>> = layout
        .dims
        .iter()
        .map(|range| {
            weighted_mean(range.clone().map(|qi| {
                (
                    qweights.get(qi).copied().unwrap_or(0.0),
                    questions.get(qi).and_then(|s| s.0),
                )
            }))
        })
        .collect();
    let overall = weighted_mean(
        model
            .dimensions
            .value
            .iter()
            .zip(&dimensions)
            .map(|(d, s)| (d.weight.value, *s)),
    );
    GroupScores {
        questions,
        dimensions,
        overall,
    }
}

/// Straight-lining and incompleteness of one respondent over the model's questions.
pub fn quality(layout: &Layout, r: &Respondent) -> (bool, bool) {
    let mut first: Option<i32> = None;
    let mut same = true;
    let mut values = 0usize;
    let mut na = 0usize;
    let mut blank = 0usize;
    for c in &layout.columns {
        match c.and_then(|c| r.answers.get(c).copied()) {
            Some(Answer::Value(v)) => {
                values += 1;
                match first {
                    None => first = Some(v),
                    Some(f) if f != v => same = false,
                    Some(_) => {}
                }
            }
            Some(Answer::NotApplicable) => na += 1,
            Some(Answer::Blank) | None => blank += 1,
        }
    }
    let straight = same && values >= 2 && blank == 0;
    let incomplete = 2 * (values + na) < layout.columns.len();
    (straight, incomplete)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels() -> Vec<LevelInfo> {
        [1.0, 1.8, 2.6, 3.4, 4.2]
            .iter()
            .enumerate()
            .map(|(i, &m)| LevelInfo {
                number: i as u32 + 1,
                name: crate::Text::from("x"),
                min_score: m,
                description: None,
            })
            .collect()
    }

    #[test]
    fn level_thresholds_are_inclusive_and_tolerant() {
        let l = levels();
        assert_eq!(level_of(&l, 1.0), Some(1));
        assert_eq!(level_of(&l, 1.79), Some(1));
        assert_eq!(level_of(&l, 1.8), Some(2));
        // 3.4 computed in floating point as a mean of 3.2 and 3.6 is 3.4000000000000004;
        // (0.1 + 0.2) * 17 / 1.5 style errors fall below 3.4: both must be level 4.
        assert_eq!(level_of(&l, 3.4 - 1e-12), Some(4));
        assert_eq!(level_of(&l, 5.0), Some(5));
        assert_eq!(level_of(&l, 0.5), None);
    }

    #[test]
    fn gated_level_walks_up_until_a_level_is_not_met() {
        // Levels 2, 2, 3, 4 on a 5-level model.
        let all_met = [(2, true), (2, true), (3, true), (4, true)];
        assert_eq!(gated_level(all_met, 5), 4); // no practice at 5: stops at 4
        assert_eq!(gated_level([(2, true), (2, false), (3, true)], 5), 1);
        assert_eq!(gated_level([(2, true), (3, false), (4, true)], 5), 2);
        // A level without practices cannot be passed, even when higher ones are met.
        assert_eq!(gated_level([(2, true), (4, true)], 5), 2);
        assert_eq!(gated_level([], 5), 1);
        assert!(is_met(3.0 - 1e-12, 3.0));
        assert!(!is_met(2.5, 3.0));
    }

    proptest::proptest! {
        /// Raising one practice's rating never lowers the gated level.
        #[test]
        fn raising_a_rating_never_lowers_a_gated_level(
            practices in proptest::collection::vec((2u32..=5, 0i64..=4), 0..12),
            which in 0usize..12,
            by in 1i64..4,
            met_at in 1i64..=4,
        ) {
            let level = |ps: &[(u32, i64)]| {
                gated_level(ps.iter().map(|&(l, r)| (l, is_met(r as f64, met_at as f64))), 5)
            };
            let before = level(&practices);
            let mut raised = practices.clone();
            if let Some(p) = raised.get_mut(which) {
                p.1 = (p.1 + by).min(4);
            }
            proptest::prop_assert!(level(&raised) >= before);
        }
    }

    #[test]
    fn stats_from_counts() {
        // answers 2, 4, 4, 5 on a 1..5 scale: mean 15/4 = 3.75;
        // deviations −1.75, .25, .25, 1.25 → squares 3.0625+.0625+.0625+1.5625 = 4.75;
        // sample variance 4.75/3, sd = √1.58333… = 1.2583057392117916
        let (m, n, sd) = question_stats(&[0, 1, 0, 2, 1], 1);
        assert_eq!(n, 4);
        assert!((m.unwrap() - 3.75).abs() < 1e-12);
        assert!((sd.unwrap() - (4.75f64 / 3.0).sqrt()).abs() < 1e-12);
        assert_eq!(question_stats(&[0, 0, 0], 1), (None, 0, None));
        assert_eq!(question_stats(&[0, 1, 0], 0), (Some(1.0), 1, None));
    }

    #[test]
    fn target_status_rules() {
        assert_eq!(status(3.8, 3.8, true), TargetStatus::Met);
        assert_eq!(status(3.43, 3.8, true), TargetStatus::Near); // short 0.37 ≤ 0.38
        assert_eq!(status(3.41, 3.8, true), TargetStatus::Missed); // short 0.39
        assert_eq!(status(7.0, 8.0, false), TargetStatus::Met);
        assert_eq!(status(8.8, 8.0, false), TargetStatus::Near);
        assert_eq!(status(9.0, 8.0, false), TargetStatus::Missed);
    }
}
