//! Checks of a score result read back from JSON (a `previous:` result, a benchmark input):
//! every figure within the range its definition allows and consistent with the figures it
//! is computed from. A result nudj wrote passes; a hand-edited or hand-made one with an
//! impossible or inconsistent figure is refused with the figure's JSON path, so that no
//! comparison or benchmark is built on it (docs/score-json.md).

use std::path::Path;

use super::maturity::weighted_mean;
use super::types::*;
use crate::error::{Diagnostic, Place};

/// How far a recomputed figure may be from the one in the file: the JSON keeps full
/// precision, so anything beyond rounding noise is an edit.
const CLOSE: f64 = 1e-6;

/// The figures of a result read back from JSON `file` that lie outside the range their
/// definition allows, each an error naming the figure's JSON path (`overall.score`,
/// `dimensions[strategy].score`, `metrics.nps.score`): scores and question means within the
/// model's scale, indexes and percentages 0-100, NPS −100…100, CES within its scale, levels
/// within the model's levels. Empty when every figure is possible.
pub fn result_problems(file: &Path, r: &ScoreResult) -> Vec<Diagnostic> {
    check(file, r, false)
}

/// [`result_problems`], and the figures that disagree with the ones they are computed from:
/// the overall score with its dimensions' weighted mean, a dimension's score with its
/// questions', an index with its score, the NPS with its promoters, passives and detractors,
/// the CSAT and CES shares with their counts. For a `previous:` result, whose every figure
/// the comparison prints (a benchmark input is only checked for ranges: its figures are
/// pooled, never printed one by one).
pub fn previous_problems(file: &Path, r: &ScoreResult) -> Vec<Diagnostic> {
    check(file, r, true)
}

fn check(file: &Path, r: &ScoreResult, consistency: bool) -> Vec<Diagnostic> {
    let mut c = Checker {
        file,
        consistency,
        out: Vec::new(),
    };
    let (lo, hi) = (r.model.scale_min, r.model.scale_max);
    if lo >= hi {
        c.fail(
            "model.scale_max",
            format!("is {hi}, not above `model.scale_min` {lo}"),
        );
        return c.out;
    }
    c.scores(r);
    c.metrics(&r.metrics);
    c.out
}

struct Checker<'a> {
    file: &'a Path,
    /// Also check figures against those they are computed from.
    consistency: bool,
    out: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn fail(&mut self, field: &str, what: String) {
        self.out.push(
            Diagnostic::error(self.file, Place::File, format!("`{field}` {what}"))
                .with_help("give the JSON exactly as `nudj score --format json` wrote it"),
        );
    }

    /// `v` within `lo … hi` (and finite).
    fn range(&mut self, field: &str, v: Option<f64>, lo: f64, hi: f64) -> bool {
        const EPS: f64 = 1e-9;
        match v {
            Some(v) if !v.is_finite() || v < lo - EPS || v > hi + EPS => {
                self.fail(field, format!("is {v}, outside {lo} … {hi}"));
                false
            }
            _ => true,
        }
    }

    /// `v` equal to `want` (recomputed from other figures, described by `from`).
    fn agrees(&mut self, field: &str, v: Option<f64>, want: Option<f64>, from: &str) {
        if !self.consistency {
            return;
        }
        if let (Some(v), Some(want)) = (v, want)
            && (v - want).abs() > CLOSE * want.abs().max(1.0)
        {
            self.fail(field, format!("is {v}, but {from} give {want}"));
        }
    }

    fn level(&mut self, field: &str, level: Option<u32>, levels: usize) {
        if let Some(l) = level
            && (l == 0 || l as usize > levels.max(1))
        {
            self.fail(
                field,
                format!("is {l}, but the model has levels 1 … {}", levels.max(1)),
            );
        }
    }

    fn scores(&mut self, r: &ScoreResult) {
        let (lo, hi) = (r.model.scale_min, r.model.scale_max);
        let (flo, fhi) = (lo as f64, hi as f64);
        let levels = r.model.levels.len();
        for q in &r.questions {
            self.range(&format!("questions[{}].mean", q.id), q.mean, flo, fhi);
        }
        for d in &r.dimensions {
            let at = format!("dimensions[{}]", d.id);
            if self.range(&format!("{at}.score"), d.score, flo, fhi) {
                let from_questions = weighted_mean(
                    r.questions
                        .iter()
                        .filter(|q| q.dimension == d.id)
                        .map(|q| (q.weight, q.mean)),
                );
                self.agrees(
                    &format!("{at}.score"),
                    d.score,
                    from_questions,
                    "its questions' weighted means",
                );
            }
            let score_ok = d.score.is_none_or(|s| (flo..=fhi).contains(&s));
            self.index(&at, d.score.filter(|_| score_ok), d.index, lo, hi);
            self.level(&format!("{at}.level"), d.level, levels);
        }
        if self.range("overall.score", r.overall.score, flo, fhi) {
            let from_dimensions = weighted_mean(r.dimensions.iter().map(|d| (d.weight, d.score)));
            self.agrees(
                "overall.score",
                r.overall.score,
                from_dimensions,
                "the dimensions' scores and weights",
            );
        }
        let score_ok = r.overall.score.is_none_or(|s| (flo..=fhi).contains(&s));
        self.index(
            "overall",
            r.overall.score.filter(|_| score_ok),
            r.overall.index,
            lo,
            hi,
        );
        self.level("overall.level", r.overall.level, levels);
    }

    /// `at.index` within 0-100 and equal to the index of `at.score`.
    fn index(&mut self, at: &str, score: Option<f64>, index: Option<f64>, lo: i64, hi: i64) {
        let field = format!("{at}.index");
        if self.range(&field, index, 0.0, 100.0) {
            let want = score.and_then(|s| super::maturity::index_of(s, lo, hi));
            self.agrees(&field, index, want, "its score and the scale");
        }
    }

    fn metrics(&mut self, m: &MetricsResult) {
        if let Some(n) = &m.nps {
            let s = &n.stats;
            if self.range("metrics.nps.score", Some(s.score), -100.0, 100.0) {
                self.counts(
                    "metrics.nps",
                    s.n,
                    &[
                        ("promoters", s.promoters),
                        ("passives", s.passives),
                        ("detractors", s.detractors),
                    ],
                );
                let want = (s.n > 0)
                    .then(|| (s.promoters as f64 - s.detractors as f64) / s.n as f64 * 100.0);
                self.agrees(
                    "metrics.nps.score",
                    Some(s.score),
                    want,
                    "its promoters, detractors and n",
                );
            }
        }
        if let Some(c) = &m.csat {
            if self.range("metrics.csat.score", Some(c.score), 0.0, 100.0) {
                self.share("metrics.csat.score", c.score, c.satisfied, c.n, "satisfied");
            }
            let top = c.distribution.len().max(1) as f64;
            self.range("metrics.csat.mean", Some(c.mean), 1.0, top);
        }
        if let Some(c) = &m.ces {
            self.range("metrics.ces.mean", Some(c.mean), 1.0, c.scale as f64);
            if self.range("metrics.ces.easy_share", Some(c.easy_share), 0.0, 100.0) {
                self.share("metrics.ces.easy_share", c.easy_share, c.easy, c.n, "easy");
            }
        }
        if let Some(c) = &m.churn {
            self.range("metrics.churn.rate", Some(c.rate), 0.0, f64::INFINITY);
        }
        if let Some(c) = &m.clv {
            self.range(
                "metrics.clv.value",
                Some(c.value),
                f64::NEG_INFINITY,
                f64::INFINITY,
            );
        }
    }

    /// The parts of `at` sum to its `n`.
    fn counts(&mut self, at: &str, n: u64, parts: &[(&str, u64)]) {
        if !self.consistency {
            return;
        }
        let sum: u64 = parts.iter().map(|(_, v)| *v).fold(0, u64::saturating_add);
        if sum != n {
            let names: Vec<&str> = parts.iter().map(|(k, _)| *k).collect();
            self.fail(
                &format!("{at}.n"),
                format!("is {n}, but {} sum to {sum}", names.join(" + ")),
            );
        }
    }

    /// A percentage `share` of `part` in `n`.
    fn share(&mut self, field: &str, share: f64, part: u64, n: u64, what: &str) {
        if !self.consistency {
            return;
        }
        if part > n {
            self.fail(field, format!("counts {part} {what} of only {n} answers"));
            return;
        }
        let want = (n > 0).then(|| part as f64 / n as f64 * 100.0);
        self.agrees(field, Some(share), want, &format!("{part} {what} of {n}"));
    }
}

/// Whether a previous result can be compared with a result of `model`: the same model id,
/// the same answer scale and the same level rule (thresholds or gated). Scores on another
/// scale or levels awarded by another rule are not comparable, so a delta between them
/// would be a wrong figure. A different version of the same model is allowed (with the
/// comparison's warning). An error on `file` otherwise, and when the previous result has
/// no overall score (nothing to compare).
pub fn comparable(model: &crate::model::Model, prev: &ScoreResult, file: &Path) -> Vec<Diagnostic> {
    let (id, lo, hi) = (
        model.id.value.as_str(),
        model.scale.min.value,
        model.scale.max.value,
    );
    let p = &prev.model;
    let prev_gated = prev.questions.iter().any(|q| q.met.is_some());
    let rule = |gated: bool| {
        if gated {
            "gated by practices"
        } else {
            "by score thresholds"
        }
    };
    let mut why = Vec::new();
    if p.id != id {
        why.push(format!("the model is `{}`, this engagement's `{id}`", p.id));
    }
    if (p.scale_min, p.scale_max) != (lo, hi) {
        why.push(format!(
            "the scale is {}-{}, this engagement's {lo}-{hi}",
            p.scale_min, p.scale_max
        ));
    }
    if prev_gated != model.gated() {
        why.push(format!(
            "its levels are awarded {}, this engagement's {}",
            rule(prev_gated),
            rule(model.gated())
        ));
    }
    let mut out = Vec::new();
    if !why.is_empty() {
        out.push(
            Diagnostic::error(
                file,
                Place::File,
                format!(
                    "the previous result cannot be compared with this assessment: {}",
                    why.join("; ")
                ),
            )
            .with_help("give `previous:` a result scored with the same model and scale (re-score the earlier wave with this model), or remove `previous:`"),
        );
    } else if prev.overall.score.is_none() {
        out.push(
            Diagnostic::error(
                file,
                Place::File,
                "the previous result has no overall score: there is nothing to compare".to_string(),
            )
            .with_help("give `previous:` a result with scores, or remove `previous:`"),
        );
    }
    out
}
