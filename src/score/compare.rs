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
            .map(|(p, c)| delta(p.score, c.score)),
        ces: pm
            .ces
            .as_ref()
            .zip(cm.ces.as_ref())
            .map(|(p, c)| delta(p.mean, c.mean)),
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
}
