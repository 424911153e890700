//! Comparison with a previous assessment (an earlier `nudj score --format json`).

use std::path::Path;

use super::metrics::Z95;
use super::types::*;
use crate::error::{Diagnostic, Place};

fn delta(previous: f64, current: f64) -> Delta {
    Delta {
        previous,
        current,
        delta: current - previous,
    }
}

fn score_delta(
    id: &str,
    prev: (Option<f64>, Option<u32>),
    cur: (Option<f64>, Option<u32>),
) -> Option<ScoreDelta> {
    let (Some(p), Some(c)) = (prev.0, cur.0) else {
        return None;
    };
    let level_change = match (prev.1, cur.1) {
        (Some(a), Some(b)) => i64::from(b) - i64::from(a),
        _ => 0,
    };
    Some(ScoreDelta {
        id: id.to_string(),
        previous: p,
        current: c,
        delta: c - p,
        previous_level: prev.1,
        level: cur.1,
        level_change,
    })
}

fn clv_method_words(m: ClvMethod) -> &'static str {
    match m {
        ClvMethod::Single => "one row's value",
        ClvMethod::Weighted => "weighted by customers",
        ClvMethod::Unweighted => "an unweighted mean of the segments",
    }
}

/// An NPS change is significant at 95% when |Δ| > 1.96 × √(SE₁² + SE₂²).
pub fn nps_delta(prev: &NpsStats, cur: &NpsStats) -> NpsDelta {
    let threshold = Z95 * (prev.standard_error.powi(2) + cur.standard_error.powi(2)).sqrt();
    let d = delta(prev.score, cur.score);
    NpsDelta {
        significant: d.delta.abs() > threshold,
        threshold,
        delta: d,
    }
}

/// The significance test of a change between two estimates with standard errors `se`
/// (`None`: not estimable): |Δ| > 1.96 × √(SE₁² + SE₂²).
fn tested(d: Delta, se: (Option<f64>, Option<f64>)) -> TestedDelta {
    let threshold = match se {
        (Some(a), Some(b)) => Some(Z95 * (a * a + b * b).sqrt()),
        _ => None,
    };
    TestedDelta {
        significant: threshold.is_some_and(|t| d.delta.abs() > t),
        threshold,
        delta: d,
    }
}

/// A CSAT change (percentage points) with its test: SE = 100 × √(p(1 − p) / n), p the
/// satisfied share (the unpooled two-proportion test, the form the NPS test takes).
pub fn csat_delta(prev: &CsatResult, cur: &CsatResult) -> TestedDelta {
    tested(
        delta(prev.score, cur.score),
        (
            share_se(prev.satisfied, prev.n),
            share_se(cur.satisfied, cur.n),
        ),
    )
}

/// The standard error, in percentage points, of the share `k` of `n`: 100 × √(p(1 − p) / n);
/// `None` without answers.
fn share_se(k: u64, n: u64) -> Option<f64> {
    (n > 0).then(|| {
        let p = k as f64 / n as f64;
        100.0 * (p * (1.0 - p) / n as f64).sqrt()
    })
}

/// A CES change (scale points) with its test: SE = s / √n, s the sample standard deviation
/// (n − 1) of the answers, from the distribution (answers 1..scale); not estimable from
/// fewer than two answers.
pub fn ces_delta(prev: &CesResult, cur: &CesResult) -> TestedDelta {
    tested(
        delta(prev.mean, cur.mean),
        (mean_se(&prev.distribution), mean_se(&cur.distribution)),
    )
}

/// The standard error of the mean of answers counted per value (`counts[i]` answers of
/// value i + 1); `None` with fewer than two answers.
fn mean_se(counts: &[u64]) -> Option<f64> {
    let n: u64 = counts.iter().sum();
    if n < 2 {
        return None;
    }
    let n = n as f64;
    let value = |i: usize| (i + 1) as f64;
    let mean = counts
        .iter()
        .enumerate()
        .map(|(i, &c)| value(i) * c as f64)
        .sum::<f64>()
        / n;
    let ss: f64 = counts
        .iter()
        .enumerate()
        .map(|(i, &c)| c as f64 * (value(i) - mean).powi(2))
        .sum();
    Some((ss / (n - 1.0)).sqrt() / n.sqrt())
}

/// Compares `cur` with `prev`. Dimensions are matched by id; a different model or dimensions
/// present on one side only are reported as warnings.
pub fn compare(
    cur: &ScoreResult,
    prev: &ScoreResult,
    file: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Comparison {
    if prev.model.id != cur.model.id || prev.model.version != cur.model.version {
        warnings.push(Diagnostic::warning(
            file,
            Place::File,
            format!(
                "the previous assessment used model `{}` {}, this one `{}` {}; only dimensions with the same id are compared",
                prev.model.id, prev.model.version, cur.model.id, cur.model.version
            ),
        ));
    }
    // A previous wave dated on or after this one is probably the wrong file (or this one's
    // date is wrong): the change would be stated backwards.
    if let (Some(p), Some(c)) = (prev.date, cur.date)
        && p >= c
    {
        warnings.push(Diagnostic::warning(
            file,
            Place::File,
            format!(
                "the previous assessment is dated {p}, not before this one ({c}); check `previous:` and the engagement's `date`"
            ),
        ));
    }
    let mut dimensions = Vec::new();
    for d in &cur.dimensions {
        match prev.dimensions.iter().find(|p| p.id == d.id) {
            Some(p) => {
                dimensions.extend(score_delta(&d.id, (p.score, p.level), (d.score, d.level)))
            }
            None => warnings.push(Diagnostic::warning(
                file,
                Place::File,
                format!(
                    "dimension `{}` is not in the previous assessment; no comparison",
                    d.id
                ),
            )),
        }
    }
    for p in &prev.dimensions {
        if !cur.dimensions.iter().any(|d| d.id == p.id) {
            warnings.push(Diagnostic::warning(
                file,
                Place::File,
                format!(
                    "dimension `{}` of the previous assessment is not in this one",
                    p.id
                ),
            ));
        }
    }
    let (pm, cm) = (&prev.metrics, &cur.metrics);
    if let (Some(p), Some(c)) = (&pm.clv, &cm.clv)
        && p.method != c.method
    {
        // A weighted headline against a plain mean moves with the method, not the customers.
        warnings.push(
            Diagnostic::warning(
                file,
                Place::File,
                format!(
                    "the previous headline CLV is {}, this one {}; part of the change comes from the method",
                    clv_method_words(p.method),
                    clv_method_words(c.method)
                ),
            )
            .with_help(
                "give both waves' CLV sheets the `customers` column (and score the previous wave again) to compare like with like",
            ),
        );
    }
    Comparison {
        previous_date: prev.date,
        previous_model: prev.model.id.clone(),
        previous_version: prev.model.version.clone(),
        previous_respondents: prev.respondents,
        overall: score_delta(
            "overall",
            (prev.overall.score, prev.overall.level),
            (cur.overall.score, cur.overall.level),
        ),
        dimensions,
        nps: pm
            .nps
            .as_ref()
            .zip(cm.nps.as_ref())
            .map(|(p, c)| nps_delta(&p.stats, &c.stats)),
        csat: pm
            .csat
            .as_ref()
            .zip(cm.csat.as_ref())
            .map(|(p, c)| csat_delta(p, c)),
        ces: pm
            .ces
            .as_ref()
            .zip(cm.ces.as_ref())
            .map(|(p, c)| ces_delta(p, c)),
        churn: pm
            .churn
            .as_ref()
            .zip(cm.churn.as_ref())
            .map(|(p, c)| delta(p.rate, c.rate)),
        clv: pm
            .clv
            .as_ref()
            .zip(cm.clv.as_ref())
            .map(|(p, c)| delta(p.value, c.value)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::metrics::nps_stats;
    use super::*;

    #[test]
    fn nps_significance_worked_example() {
        // Wave 1: 40 P, 30 Pa, 30 D of 100: NPS 10; p=.4, d=.3: .7 − .01 = .69;
        //   SE₁ = √(.69/100) × 100 = 8.306623862918075.
        // Wave 2: 60 P, 25 Pa, 15 D of 100: NPS 45; p=.6, d=.15: .75 − .2025 = .5475;
        //   SE₂ = √(.5475/100) × 100 = 7.399324293474371.
        // threshold = 1.96 × √(69 + 54.75) = 1.96 × 11.124297730643494 = 21.80362355206125
        // Δ = 35 > 21.80 → significant.
        let a = nps_stats(40, 30, 30).unwrap();
        let b = nps_stats(60, 25, 15).unwrap();
        let d = nps_delta(&a, &b);
        assert!((d.delta.delta - 35.0).abs() < 1e-9);
        assert!((d.threshold - 21.80362355206125).abs() < 1e-9);
        assert!(d.significant);
        // Wave 2': 45 P, 30 Pa, 25 D: NPS 20, Δ = 10 < threshold → not significant.
        let c = nps_stats(45, 30, 25).unwrap();
        assert!(!nps_delta(&a, &c).significant);
    }

    #[test]
    fn csat_and_ces_significance_worked_examples() {
        // CSAT 70 of 100 satisfied: SE = 100 × √(.7 × .3 / 100) = 4.58257569495584;
        // 40 of 50: SE = 100 × √(.8 × .2 / 50) = 5.656854249492381;
        // threshold = 1.96 × √(21 + 32) = 14.269015382989815; Δ = 10 → not significant.
        let (a, b) = (share_se(70, 100).unwrap(), share_se(40, 50).unwrap());
        assert!((a - 4.58257569495584).abs() < 1e-9);
        assert!((b - 5.656854249492381).abs() < 1e-9);
        let d = tested(delta(70.0, 80.0), (Some(a), Some(b)));
        assert!((d.threshold.unwrap() - 14.269015382989815).abs() < 1e-9);
        assert!(!d.significant);
        assert!(tested(delta(70.0, 85.0), (Some(a), Some(b))).significant);
        assert_eq!(share_se(0, 0), None);
        // CES answers 3, 3, 4, 4: mean 3.5, s² = 1 / 3, SE = √(1/3) / 2 = 0.28867513459481287.
        let se = mean_se(&[0, 0, 2, 2]).unwrap();
        assert!((se - 0.28867513459481287).abs() < 1e-12);
        // One answer: no standard error, so no test (never "significant").
        assert_eq!(mean_se(&[0, 1, 0]), None);
        let d = tested(delta(2.0, 4.0), (None, Some(se)));
        assert_eq!((d.threshold, d.significant), (None, false));
    }
}
