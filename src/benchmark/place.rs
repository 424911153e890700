//! Placing a client's result in a benchmark: the sector's quartiles beside each figure and
//! the client's percentile among the organisations.

use std::path::Path;

use super::{Benchmark, Distribution, ScoreFigures};
use crate::error::{Diagnostic, Error, Place, Result};
use crate::score::{BenchmarkInfo, Placement, ScoreResult};

fn placement(d: &Distribution, value: f64) -> Option<Placement> {
    Some(Placement {
        n: d.n,
        median: d.median,
        q1: d.q1,
        q3: d.q3,
        percentile: d.percentile(value)?,
    })
}

fn place_score(figures: &ScoreFigures, value: Option<f64>) -> Option<Placement> {
    placement(figures.score.as_ref()?, value?)
}

/// Fills `benchmark` on `result`'s overall score, dimensions and metrics from `bench` (read
/// from `file`) and records the benchmark's name, model and size in `result.benchmark`.
/// A figure is placed only when the benchmark has it (at least `min_orgs` organisations) and
/// the client has a value; CES, CSAT and CLV only on the same CES scale, satisfaction
/// threshold and currency (otherwise a warning). Errors: another model id than the
/// result's, naming both. Another version is a warning (dimensions are matched by id).
pub fn place(result: &mut ScoreResult, bench: &Benchmark, file: &Path) -> Result<Vec<Diagnostic>> {
    let mut warnings = Vec::new();
    if bench.model.id != result.model.id {
        return Err(Error::at(
            file,
            Place::File,
            format!(
                "the benchmark is of model `{}`, the engagement uses model `{}`",
                bench.model.id, result.model.id
            ),
        ));
    }
    if bench.model.version != result.model.version {
        warnings.push(Diagnostic::warning(
            file,
            Place::File,
            format!(
                "the benchmark was built on model `{}` version {}, the engagement uses version {}; dimensions are compared by id",
                bench.model.id, bench.model.version, result.model.version
            ),
        ));
    }
    result.benchmark = Some(BenchmarkInfo {
        name: bench.name.clone(),
        model_id: bench.model.id.clone(),
        model_version: bench.model.version.clone(),
        organisations: bench.organisations,
        min_orgs: bench.min_orgs,
    });
    result.overall.benchmark = place_score(&bench.overall, result.overall.score);
    for d in &mut result.dimensions {
        d.benchmark = match bench.dimensions.iter().find(|b| b.id == d.id) {
            Some(b) => place_score(&b.figures, d.score),
            None => {
                warnings.push(Diagnostic::warning(
                    file,
                    Place::File,
                    format!("dimension `{}` is not in the benchmark; not placed", d.id),
                ));
                None
            }
        };
    }
    place_metrics(result, bench, file, &mut warnings);
    Ok(warnings)
}

fn place_metrics(r: &mut ScoreResult, b: &Benchmark, file: &Path, warnings: &mut Vec<Diagnostic>) {
    let bm = &b.metrics;
    let mut differs = |what: &str, ours: String, theirs: String| {
        warnings.push(Diagnostic::warning(
            file,
            Place::File,
            format!(
                "{what}: the engagement's is {ours}, the benchmark's {theirs}; {what} not placed"
            ),
        ));
    };
    let m = &mut r.metrics;
    if let (Some(x), Some(f)) = (&mut m.nps, &bm.nps) {
        x.benchmark = placement(&f.score, x.stats.score);
    }
    if let (Some(x), Some(f)) = (&mut m.csat, &bm.csat) {
        if x.threshold == f.threshold {
            x.benchmark = placement(&f.score, x.score);
        } else {
            differs(
                "CSAT threshold",
                x.threshold.to_string(),
                f.threshold.to_string(),
            );
        }
    }
    if let (Some(x), Some(f)) = (&mut m.ces, &bm.ces) {
        if x.scale == f.scale {
            x.benchmark = placement(&f.mean, x.mean);
        } else {
            differs(
                "CES scale",
                format!("1-{}", x.scale),
                format!("1-{}", f.scale),
            );
        }
    }
    if let (Some(x), Some(f)) = (&mut m.churn, &bm.churn) {
        x.benchmark = placement(&f.rate, x.rate);
    }
    if let (Some(x), Some(f)) = (&mut m.clv, &bm.clv) {
        if x.currency == f.currency {
            x.benchmark = placement(&f.value, x.value);
        } else {
            let show = |c: &Option<String>| c.clone().unwrap_or_else(|| "none".into());
            differs("CLV currency", show(&x.currency), show(&f.currency));
        }
    }
}
