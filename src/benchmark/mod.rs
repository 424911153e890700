//! Sector benchmarks (docs/benchmark.md): the results of past engagements (each a
//! `nudj score --format json`) turned into an anonymous distribution per figure, and a new
//! client placed in it.
//!
//! [`build`] is pure: from checked results to a [`Benchmark`] holding, for the overall score
//! and index, each dimension's score and index and each CX metric, the quartiles, mean and
//! sorted values over the organisations (see [`stats`]). Nothing identifying is kept: no
//! client name, date, respondent, segment value or file name; only the name given with
//! `--name`, the model id and version, and counts. The inputs are sorted before use, so the
//! same inputs in any order give the same value (and the same bytes).
//!
//! Every result must have the same model id and version, scale and dimension ids (in the
//! same order) as the others: one that does not is refused with its file named, rather than
//! benchmarking only the dimensions they share, because a dimension missing from one
//! result means it was scored against another model and its neighbours' figures cannot be
//! trusted to mean the same thing either.

mod inputs;
pub mod place;
pub mod stats;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Error, Place, Result, Warned};
use crate::score::ScoreResult;

pub use inputs::{collect_inputs, read_benchmark, read_inputs};
pub use place::place;
pub use stats::{Distribution, percentile_rank, quantile_inc};

/// Layout version of the benchmark file. Readers refuse versions they do not know.
pub const BENCHMARK_VERSION: u32 = 1;

/// The smallest `--min-orgs` accepted: below three organisations quartiles are meaningless
/// and single results can be read back from the figures.
pub const MIN_ORGS_FLOOR: u64 = 3;

/// `--min-orgs` when not given.
pub const DEFAULT_MIN_ORGS: u64 = 5;

/// An anonymous sector benchmark (the JSON written by `nudj benchmark build`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Benchmark {
    /// Layout version ([`BENCHMARK_VERSION`]).
    pub benchmark_version: u32,
    /// The name given with `--name` (e.g. "Retail banking, GCC, 2026"), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The model every result was scored against.
    pub model: ModelRef,
    /// Organisations (results) in the benchmark.
    pub organisations: u64,
    /// The least number of organisations a figure is shown for (`--min-orgs`).
    pub min_orgs: u64,
    /// Overall score (scale units) and index (0-100).
    pub overall: ScoreFigures,
    /// Per dimension, in model order.
    pub dimensions: Vec<DimensionFigures>,
    /// CX metrics, each present only when at least `min_orgs` organisations report it.
    pub metrics: MetricFigures,
}

/// Model identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelRef {
    /// Model id, e.g. `cx-maturity`.
    pub id: String,
    /// Model version, e.g. `1.0`.
    pub version: String,
}

/// A score and its 0-100 index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreFigures {
    /// Score in scale units; absent when fewer than `min_orgs` organisations have one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<Distribution>,
    /// Index 0-100; absent likewise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<Distribution>,
}

/// One dimension's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DimensionFigures {
    /// Dimension id.
    pub id: String,
    /// Its score and index.
    #[serde(flatten)]
    pub figures: ScoreFigures,
}

/// The CX metrics' figures. Each is a headline value of the score JSON's `metrics`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricFigures {
    /// NPS `score` (−100 … 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nps: Option<NpsFigure>,
    /// CSAT `score` (percent satisfied), for one threshold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csat: Option<CsatFigure>,
    /// CES `mean`, for one scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ces: Option<CesFigure>,
    /// Churn `rate` (percent, lower is better).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub churn: Option<ChurnFigure>,
    /// CLV `value`, for one currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clv: Option<ClvFigure>,
}

/// NPS over the organisations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NpsFigure {
    /// Distribution of the NPS.
    pub score: Distribution,
}

/// CSAT over the organisations that count the same answers as satisfied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CsatFigure {
    /// Lowest answer counted as satisfied.
    pub threshold: i64,
    /// Distribution of the CSAT score (percent).
    pub score: Distribution,
}

/// CES over the organisations on the same CES scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CesFigure {
    /// Top of the CES scale (answers run from 1).
    pub scale: i64,
    /// Distribution of the CES mean.
    pub mean: Distribution,
}

/// Churn over the organisations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChurnFigure {
    /// Distribution of the churn rate (percent).
    pub rate: Distribution,
}

/// CLV over the organisations reporting it in the same currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClvFigure {
    /// Currency code, when the model gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Distribution of the headline CLV.
    pub value: Distribution,
}

/// The benchmark as the file `nudj benchmark build` writes: pretty JSON, fields in a fixed
/// order, numbers in shortest round-trip form, a final newline.
pub fn to_json(b: &Benchmark) -> std::result::Result<String, serde_json::Error> {
    serde_json::to_string_pretty(b).map(|mut s| {
        s.push('\n');
        s
    })
}

/// One input of [`build`]: a score result and the file it came from (for messages only; the
/// file name never reaches the benchmark).
#[derive(Debug, Clone)]
pub struct Input {
    /// The result file.
    pub file: PathBuf,
    /// Its result.
    pub result: ScoreResult,
}

/// Settings of [`build`].
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// `--name`.
    pub name: Option<String>,
    /// `--min-orgs` (at least [`MIN_ORGS_FLOOR`]).
    pub min_orgs: u64,
    /// The output file, named by warnings about figures left out.
    pub output: PathBuf,
}

/// Builds the benchmark of `inputs`. Errors: `min_orgs` below [`MIN_ORGS_FLOOR`], fewer
/// results than `min_orgs`, a result of another model, version, scale or dimension set than
/// the others (its file named), a figure out of its range. Warnings: a figure reported by
/// fewer than `min_orgs` organisations (left out), results on another CES scale, CSAT
/// threshold or CLV currency than most (not counted for that metric), two identical results.
pub fn build(inputs: &[Input], opts: &BuildOptions) -> Result<Warned<Benchmark>> {
    if opts.min_orgs < MIN_ORGS_FLOOR {
        return Err(Error::at(
            &opts.output,
            Place::File,
            format!(
                "a minimum of {} organisations is below {MIN_ORGS_FLOOR}, the least a benchmark allows",
                opts.min_orgs
            ),
        ));
    }
    let mut sorted: Vec<&Input> = inputs.iter().collect();
    sorted.sort_by(|a, b| a.file.cmp(&b.file));
    let mut warnings = Vec::new();
    let unique = distinct(&sorted, &mut warnings);
    let too_few = || {
        Error::at(
            &opts.output,
            Place::File,
            format!(
                "{} organisation result(s) given; a benchmark needs at least {} (--min-orgs)",
                unique.len(),
                opts.min_orgs
            ),
        )
    };
    if (unique.len() as u64) < opts.min_orgs {
        return Err(too_few());
    }
    let Some(first) = unique.first() else {
        return Err(too_few());
    };
    check_inputs(first, &unique)?;
    let mut figures = Figures {
        min_orgs: opts.min_orgs,
        output: &opts.output,
        warnings: &mut warnings,
    };
    let overall = figures.scores("overall", &unique, |r| (r.overall.score, r.overall.index));
    let dimensions = first
        .result
        .dimensions
        .iter()
        .enumerate()
        .map(|(i, d)| DimensionFigures {
            id: d.id.clone(),
            figures: figures.scores(&format!("dimension `{}`", d.id), &unique, |r| {
                r.dimensions
                    .get(i)
                    .map_or((None, None), |d| (d.score, d.index))
            }),
        })
        .collect();
    let metrics = figures.metrics(&unique);
    Ok(Warned {
        output: Benchmark {
            benchmark_version: BENCHMARK_VERSION,
            name: opts.name.clone(),
            model: ModelRef {
                id: first.result.model.id.clone(),
                version: first.result.model.version.clone(),
            },
            organisations: unique.len() as u64,
            min_orgs: opts.min_orgs,
            overall,
            dimensions,
            metrics,
        },
        warnings,
    })
}

/// The inputs without repeats: a result identical to an earlier one (the same engagement
/// given twice) is counted once, with a warning.
fn distinct<'a>(sorted: &[&'a Input], warnings: &mut Vec<Diagnostic>) -> Vec<&'a Input> {
    let mut out: Vec<&Input> = Vec::new();
    for i in sorted {
        match out.iter().find(|o| o.result == i.result) {
            Some(o) => warnings.push(Diagnostic::warning(
                &i.file,
                Place::File,
                format!("the same result as {}; counted once", o.file.display()),
            )),
            None => out.push(i),
        }
    }
    out
}

/// The model, version, scale and dimension ids of a result, as compared across inputs.
fn shape(r: &ScoreResult) -> (String, String, i64, i64, Vec<&str>) {
    (
        r.model.id.clone(),
        r.model.version.clone(),
        r.model.scale_min,
        r.model.scale_max,
        r.dimensions.iter().map(|d| d.id.as_str()).collect(),
    )
}

fn describe(r: &ScoreResult) -> String {
    let dims: Vec<&str> = r.dimensions.iter().map(|d| d.id.as_str()).collect();
    format!(
        "model `{}` {} (scale {}-{}, dimensions {})",
        r.model.id,
        r.model.version,
        r.model.scale_min,
        r.model.scale_max,
        dims.join(", ")
    )
}

/// Every input must have the first one's shape, and every figure must be in its range.
fn check_inputs(first: &Input, inputs: &[&Input]) -> Result<()> {
    let want = shape(&first.result);
    let mut problems = Vec::new();
    for i in inputs {
        if shape(&i.result) != want {
            problems.push(
                Diagnostic::error(
                    &i.file,
                    Place::File,
                    format!(
                        "scored against {}, but {} was scored against {}",
                        describe(&i.result),
                        first.file.display(),
                        describe(&first.result)
                    ),
                )
                .with_help("a benchmark compares results of one model version; leave this result out or re-score it"),
            );
        } else if let Some((what, here, there)) = weight_difference(&first.result, &i.result) {
            problems.push(
                Diagnostic::error(
                    &i.file,
                    Place::File,
                    format!(
                        "scored with other weights than {} under the same model `{}` {}: {what} weighs {here} here and {there} there",
                        first.file.display(),
                        i.result.model.id,
                        i.result.model.version
                    ),
                )
                .with_help("an adapted model must carry its own id or version (`id:`/`version:` in model.yaml); re-score with the benchmark's model or leave this result out"),
            );
        }
        problems.extend(crate::score::result_problems(&i.file, &i.result));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(problems))
    }
}

/// The first dimension or question whose weight differs between two results of the same
/// model id and version (an adapted model that kept the built-in id): (what, weight in `b`,
/// weight in `a`). Their figures are weighted differently, so they cannot be compared.
fn weight_difference(a: &ScoreResult, b: &ScoreResult) -> Option<(String, f64, f64)> {
    let dims = a
        .dimensions
        .iter()
        .zip(&b.dimensions)
        .map(|(x, y)| (format!("dimension `{}`", x.id), x.weight, y.weight));
    let questions = a.questions.iter().map(|x| {
        let y = b.questions.iter().find(|q| q.id == x.id).map(|q| q.weight);
        (
            format!("question `{}`", x.id),
            x.weight,
            y.unwrap_or(f64::NAN),
        )
    });
    let extra = b
        .questions
        .iter()
        .filter(|y| !a.questions.iter().any(|x| x.id == y.id))
        .map(|y| (format!("question `{}`", y.id), f64::NAN, y.weight));
    dims.chain(questions)
        .chain(extra)
        .find(|(_, wa, wb)| !(wa == wb))
        .map(|(what, wa, wb)| (what, wb, wa))
}

/// Builds figures, warning about those left out.
struct Figures<'a> {
    min_orgs: u64,
    output: &'a Path,
    warnings: &'a mut Vec<Diagnostic>,
}

impl Figures<'_> {
    /// The distribution of `values` when at least `min_orgs` organisations report it.
    fn dist(&mut self, what: &str, values: &[f64], of: usize) -> Option<Distribution> {
        if values.is_empty() {
            return None;
        }
        if (values.len() as u64) < self.min_orgs {
            self.warnings.push(Diagnostic::warning(
                self.output,
                Place::File,
                format!(
                    "{what} is reported by {} of {of} organisations, fewer than --min-orgs {}; left out",
                    values.len(),
                    self.min_orgs
                ),
            ));
            return None;
        }
        Distribution::of(values)
    }

    fn scores(
        &mut self,
        what: &str,
        inputs: &[&Input],
        get: impl Fn(&ScoreResult) -> (Option<f64>, Option<f64>),
    ) -> ScoreFigures {
        let pairs: Vec<_> = inputs.iter().map(|i| get(&i.result)).collect();
        let scores: Vec<f64> = pairs.iter().filter_map(|p| p.0).collect();
        let index: Vec<f64> = pairs.iter().filter_map(|p| p.1).collect();
        ScoreFigures {
            score: self.dist(&format!("the {what} score"), &scores, inputs.len()),
            index: self.dist(&format!("the {what} index"), &index, inputs.len()),
        }
    }

    fn metrics(&mut self, inputs: &[&Input]) -> MetricFigures {
        let n = inputs.len();
        let metric = |f: &dyn Fn(&ScoreResult) -> Option<f64>| -> Vec<f64> {
            inputs.iter().filter_map(|i| f(&i.result)).collect()
        };
        let nps = metric(&|r| r.metrics.nps.as_ref().map(|x| x.stats.score));
        let churn = metric(&|r| r.metrics.churn.as_ref().map(|x| x.rate));
        let csat = self.keyed(
            "CSAT",
            "satisfaction threshold",
            inputs,
            |r| r.metrics.csat.as_ref().map(|x| (x.threshold, x.score)),
            |k| k.to_string(),
        );
        let ces = self.keyed(
            "CES",
            "a scale of",
            inputs,
            |r| r.metrics.ces.as_ref().map(|x| (x.scale, x.mean)),
            |k| format!("1-{k}"),
        );
        let clv = self.keyed(
            "CLV",
            "currency",
            inputs,
            |r| {
                r.metrics
                    .clv
                    .as_ref()
                    .map(|x| (x.currency.clone(), x.value))
            },
            |k| k.clone().unwrap_or_else(|| "(none)".into()),
        );
        MetricFigures {
            nps: self.dist("NPS", &nps, n).map(|score| NpsFigure { score }),
            csat: csat.and_then(|(threshold, v)| {
                self.dist("CSAT", &v, n)
                    .map(|score| CsatFigure { threshold, score })
            }),
            ces: ces.and_then(|(scale, v)| {
                self.dist("CES", &v, n)
                    .map(|mean| CesFigure { scale, mean })
            }),
            churn: self
                .dist("churn", &churn, n)
                .map(|rate| ChurnFigure { rate }),
            clv: clv.and_then(|(currency, v)| {
                self.dist("CLV", &v, n)
                    .map(|value| ClvFigure { currency, value })
            }),
        }
    }

    /// Values of a metric that is only comparable under one setting (CES scale, CSAT
    /// threshold, CLV currency): those of the setting most results use. Results with another
    /// setting are not counted (warned, with their files); a tie leaves the metric out.
    fn keyed<K: Ord + Clone>(
        &mut self,
        what: &str,
        setting: &str,
        inputs: &[&Input],
        get: impl Fn(&ScoreResult) -> Option<(K, f64)>,
        show: impl Fn(&K) -> String,
    ) -> Option<(K, Vec<f64>)> {
        let mut groups: BTreeMap<K, Vec<(f64, &Path)>> = BTreeMap::new();
        for i in inputs {
            if let Some((k, v)) = get(&i.result) {
                groups.entry(k).or_default().push((v, &i.file));
            }
        }
        let most = groups.values().map(Vec::len).max()?;
        let top: Vec<&K> = groups
            .iter()
            .filter(|(_, v)| v.len() == most)
            .map(|(k, _)| k)
            .collect();
        if groups.len() > 1 {
            let chosen = (top.len() == 1)
                .then(|| top.first().map(|k| (*k).clone()))
                .flatten();
            for (k, v) in &groups {
                if Some(k) == chosen.as_ref() {
                    continue;
                }
                for (_, file) in v {
                    self.warnings.push(Diagnostic::warning(
                        file,
                        Place::File,
                        match &chosen {
                            Some(c) => format!(
                                "{what} uses {setting} {}, most results {}; not counted in the {what} benchmark",
                                show(k),
                                show(c)
                            ),
                            None => format!(
                                "{what} uses {setting} {}; as many results use another, so {what} is left out of the benchmark",
                                show(k)
                            ),
                        },
                    ));
                }
            }
            let k = chosen?;
            let values = groups.remove(&k)?.into_iter().map(|(v, _)| v).collect();
            return Some((k, values));
        }
        let (k, v) = groups.into_iter().next()?;
        Some((k, v.into_iter().map(|(v, _)| v).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ScoreResult {
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/bank-ar/2025/score.json");
        let text = std::fs::read_to_string(&file).unwrap();
        crate::score::parse_previous(&file, &text).unwrap()
    }

    /// Organisation k: overall 1 + k/2, NPS 10k, CES on a 7-point scale except k = 0 (5).
    fn inputs(n: usize) -> Vec<Input> {
        (0..n)
            .map(|k| {
                let mut r = sample();
                r.overall.score = Some(1.0 + k as f64 / 2.0);
                if let Some(x) = &mut r.metrics.nps {
                    x.stats.score = 10.0 * k as f64;
                }
                if let Some(x) = &mut r.metrics.ces {
                    x.scale = if k == 0 { 5 } else { 7 };
                    x.mean = 1.5;
                }
                Input {
                    file: PathBuf::from(format!("r{k}.json")),
                    result: r,
                }
            })
            .collect()
    }

    fn opts(min_orgs: u64) -> BuildOptions {
        BuildOptions {
            name: None,
            min_orgs,
            output: PathBuf::from("b.json"),
        }
    }

    #[test]
    fn a_metric_on_another_scale_is_not_counted() {
        let b = build(&inputs(6), &opts(5)).unwrap();
        let ces = b.output.metrics.ces.as_ref().unwrap();
        assert_eq!((ces.scale, ces.mean.n), (7, 5));
        assert!(b.warnings.iter().any(|w| {
            w.file == Path::new("r0.json")
                && w.message
                    .contains("CES uses a scale of 1-5, most results 1-7")
        }));
        // With five results the 7-point group has four: below the minimum, left out.
        let b = build(&inputs(5), &opts(5)).unwrap();
        assert!(b.output.metrics.ces.is_none());
        assert!(
            b.warnings
                .iter()
                .any(|w| w.message.contains("CES is reported by 4 of 5"))
        );
    }

    #[test]
    fn identical_results_count_once() {
        let mut v = inputs(5);
        let mut twin = v.first().unwrap().clone();
        twin.file = PathBuf::from("z.json");
        v.push(twin);
        let b = build(&v, &opts(5)).unwrap();
        assert_eq!(b.output.organisations, 5);
        assert!(
            b.warnings
                .iter()
                .any(|w| w.message.contains("the same result as r0.json"))
        );
    }

    #[test]
    fn placing_fills_each_figure_and_a_written_benchmark_reads_back() {
        let b = build(&inputs(6), &opts(5)).unwrap().output;
        let text = to_json(&b).unwrap();
        let back = inputs::parse_benchmark(Path::new("b.json"), &text).unwrap();
        assert_eq!(back, b);
        let mut r = sample();
        r.overall.score = Some(2.0); // values 1, 1.5, 2, 2.5, 3, 3.5: 2 below, 1 equal
        if let Some(x) = &mut r.metrics.nps {
            x.stats.score = 100.0;
        }
        let w = place(&mut r, &b, Path::new("b.json")).unwrap();
        assert!(w.is_empty(), "{w:?}");
        let o = r.overall.benchmark.as_ref().unwrap();
        assert_eq!((o.n, o.median, o.percentile), (6, 2.25, 100.0 * 2.5 / 6.0));
        assert_eq!((o.q1, o.q3), (1.625, 2.875));
        assert_eq!(
            r.metrics
                .nps
                .as_ref()
                .unwrap()
                .benchmark
                .as_ref()
                .unwrap()
                .percentile,
            100.0
        );
        assert!(r.dimensions.iter().all(|d| d.benchmark.is_some()));
        let info = r.benchmark.as_ref().unwrap();
        assert_eq!((info.organisations, info.min_orgs), (6, 5));
        // CES: the client is on the 7-point scale like the benchmark.
        assert!(r.metrics.ces.as_ref().unwrap().benchmark.is_some());
    }

    #[test]
    fn another_model_is_an_error_naming_both() {
        let b = build(&inputs(5), &opts(5)).unwrap().output;
        let mut r = sample();
        r.model.id = "retail-model".into();
        let Err(Error::Invalid(d)) = place(&mut r, &b, Path::new("b.json")) else {
            panic!("placed in a benchmark of another model");
        };
        assert!(d[0].message.contains("`cx-maturity`") && d[0].message.contains("`retail-model`"));
    }

    #[test]
    fn a_hand_edited_figure_is_refused() {
        let b = build(&inputs(5), &opts(5)).unwrap().output;
        let text = to_json(&b).unwrap();
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        v["overall"]["score"]["median"] = serde_json::json!(4.9);
        let edited = v.to_string();
        let Err(Error::Invalid(d)) = inputs::parse_benchmark(Path::new("b.json"), &edited) else {
            panic!("edited benchmark accepted");
        };
        assert!(
            d[0].message.contains("`overall.score`: `median` is 4.9"),
            "{d:?}"
        );
        // A figure for fewer organisations than the minimum is refused too.
        let fewer = text.replace("\"min_orgs\": 5", "\"min_orgs\": 7");
        assert!(inputs::parse_benchmark(Path::new("b.json"), &fewer).is_err());
    }
}
