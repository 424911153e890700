//! Reading benchmark inputs (score results, files or folders) and benchmark files.

use std::path::{Path, PathBuf};

use super::{BENCHMARK_VERSION, Benchmark, Distribution, Input, MIN_ORGS_FLOOR};
use crate::error::{Diagnostic, Error, Place, Result};

/// The result files named by `paths`: a file as given; a folder gives its `*.json` files
/// (not its subfolders), sorted by name. The same file named twice (directly or through a
/// folder) is read once. Errors: a path that does not exist, a folder without JSON files.
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| Error::read(p, e))?;
        if meta.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| Error::read(p, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.is_file() && f.extension().is_some_and(|x| x == "json"))
                .collect();
            found.sort();
            if found.is_empty() {
                problems.push(Diagnostic::error(
                    p,
                    Place::File,
                    "no `.json` result in this folder",
                ));
            }
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for f in files {
        let key = f.canonicalize().map_err(|e| Error::read(&f, e))?;
        if seen.insert(key) {
            out.push(f);
        }
    }
    Ok(out)
}

/// Reads each file as a `nudj score --format json` result; every unreadable or invalid file
/// is reported, together.
pub fn read_inputs(files: &[PathBuf]) -> Result<Vec<Input>> {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    for f in files {
        let parsed = std::fs::read_to_string(f)
            .map_err(|e| Error::read(f, e))
            .and_then(|text| crate::score::parse_previous(f, &text));
        match parsed {
            Ok(result) => inputs.push(Input {
                file: f.clone(),
                result,
            }),
            Err(Error::Invalid(d)) => problems.extend(d),
            Err(e) => return Err(e),
        }
    }
    if problems.is_empty() {
        Ok(inputs)
    } else {
        Err(Error::Invalid(problems))
    }
}

/// Reads and checks a benchmark file written by `nudj benchmark build`: its version, and
/// that every figure is what its values give (count, order, quartiles, mean) and is reported
/// by at least `min_orgs` (≥ 3) organisations, so a hand-edited figure is refused rather than
/// shown.
pub fn read_benchmark(path: &Path) -> Result<Benchmark> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::read(path, e))?;
    parse_benchmark(path, &text)
}

/// [`read_benchmark`] on text already read; `path` names it in messages.
pub fn parse_benchmark(path: &Path, text: &str) -> Result<Benchmark> {
    #[derive(serde::Deserialize)]
    struct Version {
        benchmark_version: Option<u32>,
    }
    let json_error = |e: serde_json::Error, what: &str| {
        Error::Invalid(vec![
            Diagnostic::error(
                path,
                Place::line(e.line() as u64, e.column() as u64),
                format!("{what}: {e}"),
            )
            .with_help("give the JSON written by `nudj benchmark build`"),
        ])
    };
    let v: Version =
        serde_json::from_str(text).map_err(|e| json_error(e, "not a nudj benchmark"))?;
    match v.benchmark_version {
        Some(BENCHMARK_VERSION) => {}
        Some(other) => {
            return Err(Error::at(
                path,
                Place::File,
                format!(
                    "benchmark_version {other} is not supported (this nudj reads {BENCHMARK_VERSION})"
                ),
            ));
        }
        None => {
            return Err(Error::at(
                path,
                Place::File,
                "not a nudj benchmark: no `benchmark_version`",
            ));
        }
    }
    let b: Benchmark = serde_json::from_str(text).map_err(|e| {
        json_error(
            e,
            &format!("benchmark does not match benchmark_version {BENCHMARK_VERSION}"),
        )
    })?;
    let problems = check(&b);
    if problems.is_empty() {
        Ok(b)
    } else {
        Err(Error::Invalid(
            problems
                .into_iter()
                .map(|m| Diagnostic::error(path, Place::File, m))
                .collect(),
        ))
    }
}

/// Problems of a benchmark value: each figure must be its values' distribution, with
/// `min_orgs` ≤ n ≤ `organisations`.
fn check(b: &Benchmark) -> Vec<String> {
    let mut out = Vec::new();
    if b.min_orgs < MIN_ORGS_FLOOR {
        out.push(format!(
            "`min_orgs` is {}, below {MIN_ORGS_FLOOR}",
            b.min_orgs
        ));
    }
    let mut figures: Vec<(String, Option<&Distribution>)> = Vec::new();
    let mut add = |name: String, d| figures.push((name, d));
    add("overall.score".into(), b.overall.score.as_ref());
    add("overall.index".into(), b.overall.index.as_ref());
    for d in &b.dimensions {
        add(
            format!("dimensions[{}].score", d.id),
            d.figures.score.as_ref(),
        );
        add(
            format!("dimensions[{}].index", d.id),
            d.figures.index.as_ref(),
        );
    }
    let m = &b.metrics;
    add("metrics.nps.score".into(), m.nps.as_ref().map(|x| &x.score));
    add(
        "metrics.csat.score".into(),
        m.csat.as_ref().map(|x| &x.score),
    );
    add("metrics.ces.mean".into(), m.ces.as_ref().map(|x| &x.mean));
    add(
        "metrics.churn.rate".into(),
        m.churn.as_ref().map(|x| &x.rate),
    );
    add("metrics.clv.value".into(), m.clv.as_ref().map(|x| &x.value));
    for (name, d) in figures {
        let Some(d) = d else { continue };
        if let Some(problem) = check_distribution(d, b.min_orgs, b.organisations) {
            out.push(format!("`{name}`: {problem}"));
        }
    }
    let mut ids: Vec<&str> = b.dimensions.iter().map(|d| d.id.as_str()).collect();
    ids.sort_unstable();
    if ids.windows(2).any(|w| w.first() == w.get(1)) {
        out.push("a dimension id appears twice".into());
    }
    out
}

fn check_distribution(d: &Distribution, min_orgs: u64, orgs: u64) -> Option<String> {
    let n = d.values.len() as u64;
    if d.n != n {
        return Some(format!("`n` is {} but there are {n} values", d.n));
    }
    if n < min_orgs || n > orgs {
        return Some(format!(
            "{n} values, outside {min_orgs} (min_orgs) … {orgs} (organisations)"
        ));
    }
    if d.values.windows(2).any(|w| match (w.first(), w.get(1)) {
        (Some(a), Some(b)) => a > b,
        _ => false,
    }) {
        return Some("the values are not in ascending order".into());
    }
    let Some(want) = Distribution::of(&d.values) else {
        return Some("a value is not a finite number".into());
    };
    let same = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
    let pairs = [
        ("min", d.min, want.min),
        ("q1", d.q1, want.q1),
        ("median", d.median, want.median),
        ("q3", d.q3, want.q3),
        ("max", d.max, want.max),
        ("mean", d.mean, want.mean),
    ];
    pairs
        .iter()
        .find(|(_, got, want)| !same(*got, *want))
        .map(|(k, got, want)| format!("`{k}` is {got} but its values give {want}"))
}
