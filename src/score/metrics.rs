//! CX metrics: NPS, CSAT, CES, churn, CLV (formulas in docs/scoring.md).

use std::collections::BTreeMap;
use std::path::Path;

use super::maturity::status;
use super::types::*;
use crate::data::{
    ClientData, ClvInput, CustomerPeriod, Rating, RatingCounts, RatingKey, SegmentCustomers,
};
use crate::error::{Diagnostic, Place};
use crate::model::Metrics;

/// z for a two-sided 95% interval.
pub const Z95: f64 = 1.96;

/// NPS of promoter / passive / detractor counts; `None` when there are no answers.
pub fn nps_stats(promoters: u64, passives: u64, detractors: u64) -> Option<NpsStats> {
    let n = promoters + passives + detractors;
    if n == 0 {
        return None;
    }
    let nf = n as f64;
    let p = promoters as f64 / nf;
    let d = detractors as f64 / nf;
    // Variance of the per-answer score (+1, 0, −1): p + d − (p − d)²; never negative in
    // exact arithmetic, clamped against rounding.
    let var = (p + d - (p - d) * (p - d)).max(0.0);
    let se = (var / nf).sqrt() * 100.0;
    Some(NpsStats {
        score: (promoters as f64 - detractors as f64) / nf * 100.0,
        promoters,
        passives,
        detractors,
        n,
        standard_error: se,
        margin_of_error: Z95 * se,
    })
}

/// NPS of counts of the answers 0..=10 (index = answer).
fn nps_of(counts: &[u64]) -> Option<NpsStats> {
    let sum = |r: std::ops::Range<usize>| counts.get(r).map_or(0, |s| s.iter().sum::<u64>());
    nps_stats(sum(9..11), sum(7..9), sum(0..7))
}

/// A channel, segment or stage value as grouped: trimmed; blank is no value.
fn clean(v: Option<&String>) -> Option<String> {
    v.map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Counts the ratings within `lo..=hi` under their channel, segment and stage; the others
/// are reported (the reader should have refused them).
fn counts_of(
    ratings: &[Rating],
    lo: i32,
    hi: i32,
    what: &str,
    file: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> RatingCounts {
    let mut counts = RatingCounts::new(lo, hi);
    for r in ratings {
        let key = RatingKey {
            channel: clean(r.channel.as_ref()),
            segment: clean(r.segment.as_ref()),
            stage: clean(r.stage.as_ref()),
        };
        if !counts.add(key, r.score, 1) {
            warnings.push(Diagnostic::warning(
                file,
                r.place.clone(),
                format!(
                    "{what} answer {} is outside {lo}..{hi}; not counted",
                    r.score
                ),
            ));
        }
    }
    counts
}

/// The counts per value of `key` (channel, segment or stage), keys without one left out.
fn split(
    counts: &RatingCounts,
    key: impl Fn(&RatingKey) -> Option<&String>,
) -> BTreeMap<String, Vec<u64>> {
    let mut by: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for (k, c) in &counts.groups {
        if let Some(v) = key(k) {
            let sum = by.entry(v.clone()).or_insert_with(|| vec![0; c.len()]);
            for (s, x) in sum.iter_mut().zip(c) {
                *s += x;
            }
        }
    }
    by
}

fn groups(
    counts: &RatingCounts,
    key: impl Fn(&RatingKey) -> Option<&String>,
    min_size: u32,
) -> Vec<NpsGroup> {
    split(counts, key)
        .into_iter()
        .filter_map(|(value, c)| {
            nps_of(&c).map(|stats| NpsGroup {
                value,
                small: stats.n < u64::from(min_size),
                stats,
            })
        })
        .collect()
}

/// n, mean and the share (percent) of answers at or above `at_least`, of counts of the
/// answers `min..`; `None` without answers.
fn summary(counts: &[u64], min: i32, at_least: i64) -> Option<(u64, f64, f64)> {
    let n: u64 = counts.iter().sum();
    if n == 0 {
        return None;
    }
    let (mut sum, mut hits) = (0i64, 0u64);
    for (v, c) in (i64::from(min)..).zip(counts) {
        sum += v * i64::try_from(*c).unwrap_or(i64::MAX);
        if v >= at_least {
            hits += c;
        }
    }
    Some((n, sum as f64 / n as f64, hits as f64 / n as f64 * 100.0))
}

/// CSAT or CES per value of `key` (channel or segment): n, mean and the share of answers at
/// or above `at_least`, in value order; blank values are left out.
fn rating_groups(
    counts: &RatingCounts,
    key: impl Fn(&RatingKey) -> Option<&String>,
    at_least: i64,
    min_size: u32,
) -> Vec<RatingGroup> {
    split(counts, key)
        .into_iter()
        .filter_map(|(value, c)| {
            let (n, mean, share) = summary(&c, counts.min, at_least)?;
            Some(RatingGroup {
                value,
                small: n < u64::from(min_size),
                n,
                mean,
                share,
            })
        })
        .collect()
}

/// The counts of each journey stage that has answers, in journey order (`stages`).
fn stage_counts(counts: &RatingCounts, stages: &[String]) -> Vec<(String, Vec<u64>)> {
    let mut by = split(counts, |k| k.stage.as_ref());
    stages
        .iter()
        .filter_map(|id| by.remove(id).map(|c| (id.clone(), c)))
        .filter(|(_, c)| c.iter().any(|&x| x > 0))
        .collect()
}

/// How metrics are broken down: the least group size shown without a flag, and the
/// journey's stage ids in order.
#[derive(Debug, Clone, Copy)]
pub struct Breakdown<'a> {
    /// Groups (channels, segments, stages) with fewer answers are flagged `small`.
    pub min_segment_size: u32,
    /// Hide the figures of small groups, and of the groups hidden with them so that they
    /// cannot be worked out by subtraction (the engagement's `suppress_small_segments`).
    pub suppress: bool,
    /// Journey stage ids in journey order (engagement `journey:`).
    pub stages: &'a [String],
}

/// NPS of `counts` (answers 0-10) with its target and breakdowns; `None` without answers.
fn nps_result(counts: &RatingCounts, target: Option<f64>, b: Breakdown<'_>) -> Option<NpsResult> {
    let min = b.min_segment_size;
    let stats = nps_of(&counts.total(|_| true))?;
    let by_stage = stage_counts(counts, b.stages)
        .into_iter()
        .filter_map(|(id, c)| {
            let stats = nps_of(&c)?;
            Some(NpsStage {
                id,
                small: stats.n < u64::from(min),
                detractor_share: stats.detractors as f64 / stats.n as f64 * 100.0,
                stats,
            })
        })
        .collect();
    Some(NpsResult {
        benchmark: None,
        hidden: Vec::new(),
        status: target.map(|t| status(stats.score, t, true)),
        target,
        by_channel: groups(counts, |k| k.channel.as_ref(), min),
        by_segment: groups(counts, |k| k.segment.as_ref(), min),
        by_stage,
        stats,
    })
}

/// CSAT of `counts` (answers 1-5); `None` without answers.
fn csat_result(
    counts: &RatingCounts,
    s: &crate::model::CsatSpec,
    b: Breakdown<'_>,
) -> Option<CsatResult> {
    let min = b.min_segment_size;
    let threshold = s.threshold.value;
    let distribution = counts.total(|_| true);
    let (n, mean, score) = summary(&distribution, counts.min, threshold)?;
    let satisfied = distribution
        .iter()
        .zip(i64::from(counts.min)..)
        .filter(|(_, v)| *v >= threshold)
        .map(|(c, _)| c)
        .sum();
    let by_stage = stage_counts(counts, b.stages)
        .into_iter()
        .filter_map(|(id, c)| {
            let (n, mean, score) = summary(&c, counts.min, threshold)?;
            Some(CsatStage {
                id,
                small: n < u64::from(min),
                n,
                score,
                mean,
            })
        })
        .collect();
    let target = s.target.as_ref().map(|t| t.value);
    Some(CsatResult {
        benchmark: None,
        hidden: Vec::new(),
        score,
        mean,
        n,
        satisfied,
        threshold,
        distribution,
        by_channel: rating_groups(counts, |k| k.channel.as_ref(), threshold, min),
        by_segment: rating_groups(counts, |k| k.segment.as_ref(), threshold, min),
        by_stage,
        status: target.map(|t| status(score, t, true)),
        target,
    })
}

/// CES of `counts` (answers 1..scale); `None` without answers.
fn ces_result(
    counts: &RatingCounts,
    s: &crate::model::CesSpec,
    b: Breakdown<'_>,
) -> Option<CesResult> {
    let min = b.min_segment_size;
    let scale = s.scale.value;
    let easy_min = s
        .easy_min
        .as_ref()
        .map(|e| e.value)
        .unwrap_or(if scale >= 7 { 5 } else { scale - 1 });
    let distribution = counts.total(|_| true);
    let (n, mean, easy_share) = summary(&distribution, counts.min, easy_min)?;
    let easy = distribution
        .iter()
        .zip(i64::from(counts.min)..)
        .filter(|(_, v)| *v >= easy_min)
        .map(|(c, _)| c)
        .sum();
    let by_stage = stage_counts(counts, b.stages)
        .into_iter()
        .filter_map(|(id, c)| {
            let (n, mean, easy_share) = summary(&c, counts.min, easy_min)?;
            Some(CesStage {
                id,
                small: n < u64::from(min),
                n,
                mean,
                easy_share,
            })
        })
        .collect();
    let target = s.target.as_ref().map(|t| t.value);
    Some(CesResult {
        benchmark: None,
        hidden: Vec::new(),
        mean,
        n,
        scale,
        easy_min,
        easy,
        easy_share,
        distribution,
        by_channel: rating_groups(counts, |k| k.channel.as_ref(), easy_min, min),
        by_segment: rating_groups(counts, |k| k.segment.as_ref(), easy_min, min),
        by_stage,
        status: target.map(|t| status(mean, t, true)),
        target,
    })
}

/// All metrics the model reports and the data holds.
pub fn metrics(
    spec: &Metrics,
    data: &ClientData,
    file: &Path,
    breakdown: Breakdown<'_>,
    warnings: &mut Vec<Diagnostic>,
) -> MetricsResult {
    let mut out = MetricsResult::default();
    // A metric the model reports but the data does not hold is left out, and said so.
    let rows = |sheet: &Option<Vec<Rating>>, feed: &Option<crate::data::RatingFeed>| {
        sheet.as_ref().map(Vec::len).or_else(|| {
            feed.as_ref()
                .map(|f| usize::try_from(f.counts.n()).unwrap_or(usize::MAX))
        })
    };
    let f = &data.feeds;
    let missing = [
        ("NPS", "NPS", spec.nps.is_some(), rows(&data.nps, &f.nps)),
        (
            "CSAT",
            "CSAT",
            spec.csat.is_some(),
            rows(&data.csat, &f.csat),
        ),
        ("CES", "CES", spec.ces.is_some(), rows(&data.ces, &f.ces)),
        (
            "churn",
            "Customers",
            spec.churn.is_some(),
            data.customers.as_ref().map(Vec::len),
        ),
        (
            "CLV",
            "CLV",
            spec.clv.is_some(),
            data.clv.as_ref().map(Vec::len),
        ),
    ];
    for (metric, sheet, reported, rows) in missing {
        // A sheet that is there but gives nothing to compute from (headers only, or every
        // score N/A, which the reader says) has rows, perhaps: do not claim it has none.
        let msg = match rows {
            None => format!(
                "the model reports {metric} but the data has no {metric} rows (sheet `{sheet}`); {metric} is left out"
            ),
            Some(0) => format!(
                "the model reports {metric} but its sheet gives no {metric} value to compute from; {metric} is left out"
            ),
            Some(_) => continue,
        };
        if reported {
            warnings.push(Diagnostic::warning(file, crate::error::Place::File, msg));
        }
    }
    // A metric comes from its sheet or its feed, never both (the reader refuses that).
    let mut counts = |sheet: &Option<Vec<Rating>>,
                      feed: &Option<crate::data::RatingFeed>,
                      hi,
                      what| match (sheet, feed) {
        (Some(rs), _) => Some(counts_of(
            rs,
            if what == "NPS" { 0 } else { 1 },
            hi,
            what,
            file,
            warnings,
        )),
        (None, Some(f)) => Some(f.counts.clone()),
        (None, None) => None,
    };
    // Pushed once `counts` (which holds `warnings`) is done with.
    let mut five_point = None;
    if let Some(s) = &spec.nps
        && let Some(c) = counts(&data.nps, &f.nps, 10, "NPS")
    {
        if looks_five_point(&c) {
            let (at, place) = nps_place(data, file);
            five_point = Some(Diagnostic::warning(at, place, five_point_message(&c)));
        } else {
            out.nps = nps_result(&c, s.target.as_ref().map(|t| t.value), breakdown);
        }
    }
    if let Some(s) = &spec.csat
        && let Some(c) = counts(&data.csat, &f.csat, 5, "CSAT")
    {
        out.csat = csat_result(&c, s, breakdown);
    }
    if let Some(s) = &spec.ces
        && let Some(c) = counts(
            &data.ces,
            &f.ces,
            i32::try_from(s.scale.value).unwrap_or(7),
            "CES",
        )
    {
        out.ces = ces_result(&c, s, breakdown);
    }
    warnings.extend(five_point);
    if breakdown.suppress {
        let min = u64::from(breakdown.min_segment_size);
        let mut h = Hider {
            min,
            file,
            warnings: &mut *warnings,
            what: "",
            hidden: Vec::new(),
        };
        hide_metrics(&mut out, &mut h);
    }
    if let (Some(s), Some(ps)) = (&spec.churn, &data.customers) {
        out.churn = churn(ps, s.target.as_ref().map(|t| t.value), file, warnings);
    }
    if let (Some(s), Some(rows)) = (&spec.clv, &data.clv) {
        out.clv = clv(rows, s, file, warnings);
    }
    out
}

/// Fewest NPS answers for [`looks_five_point`] to judge the distribution.
const FIVE_POINT_MIN_N: u64 = 20;

/// Do NPS answers (0-10) look like a 1-5 scale pasted into the NPS sheet (a CSAT question,
/// or an export recoded to 1-5)? At least [`FIVE_POINT_MIN_N`] answers, none above 5 and
/// none of 0: on an 11-point scale a real distribution with no answer of 0 and none of
/// 6-10 is implausible, while its NPS would read −100 (every answer a detractor).
fn looks_five_point(c: &RatingCounts) -> bool {
    let total = c.total(|_| true);
    let n: u64 = total.iter().sum();
    let at = |v: i32| {
        v.checked_sub(c.min)
            .and_then(|i| usize::try_from(i).ok())
            .and_then(|i| total.get(i).copied())
            .unwrap_or(0)
    };
    n >= FIVE_POINT_MIN_N && at(0) == 0 && (6..=c.max).all(|v| at(v) == 0)
}

/// Where the NPS answers were read: the NPS sheet (named as the workbook names it), or the
/// NPS feed's file.
fn nps_place<'d>(data: &'d ClientData, file: &'d Path) -> (&'d Path, crate::error::Place) {
    if let Some(r) = data.nps.as_ref().and_then(|rs| rs.first()) {
        let place = match &r.place {
            Place::Cell { sheet, .. } | Place::Range { sheet, .. } => Place::Sheet {
                sheet: sheet.clone(),
            },
            _ => Place::File,
        };
        return (file, place);
    }
    match &data.feeds.nps {
        Some(f) => (f.file.as_path(), Place::File),
        None => (file, Place::File),
    }
}

/// The warning when [`looks_five_point`]: what was seen, why the NPS is left out, and what
/// to do.
fn five_point_message(c: &RatingCounts) -> String {
    format!(
        "the NPS answers look like a 1-5 scale, not the NPS's 0-10: {} answers, none of 0 and none above 5 (their NPS would read -100); NPS is left out. Put the 0-10 \"how likely are you to recommend\" answers in the NPS sheet (a 1-5 satisfaction question belongs in CSAT)",
        c.n()
    )
}

/// Is an answer of a metric sheet in a group hidden for anonymity (its channel, segment or
/// stage among `hidden`, the metric's [`HiddenGroup`]s)? Its comment is then not shown or
/// quoted either: with its group and rating beside it, it would disclose the answer.
pub fn in_hidden_group(hidden: &[HiddenGroup], r: &Rating) -> bool {
    let keys = [
        (GroupBy::Channel, clean(r.channel.as_ref())),
        (GroupBy::Segment, clean(r.segment.as_ref())),
        (GroupBy::Stage, clean(r.stage.as_ref())),
    ];
    hidden.iter().any(|g| {
        keys.iter()
            .any(|(by, v)| *by == g.by && v.as_deref() == Some(g.value.as_str()))
    })
}

/// Hides the NPS, CSAT and CES groups (by channel, segment and stage) that the privacy rule
/// ([`super::hidden_set`]) hides: each breakdown on its own, every metric on its own.
fn hide_metrics(out: &mut MetricsResult, h: &mut Hider<'_>) {
    use std::mem::take;
    if let Some(n) = &mut out.nps {
        h.what = "NPS";
        n.by_channel = h.hide(take(&mut n.by_channel), GroupBy::Channel, |g| {
            (&g.value, g.stats.n)
        });
        n.by_segment = h.hide(take(&mut n.by_segment), GroupBy::Segment, |g| {
            (&g.value, g.stats.n)
        });
        n.by_stage = h.hide(take(&mut n.by_stage), GroupBy::Stage, |g| {
            (&g.id, g.stats.n)
        });
        n.hidden = take(&mut h.hidden);
    }
    if let Some(c) = &mut out.csat {
        h.what = "CSAT";
        c.by_channel = h.hide(take(&mut c.by_channel), GroupBy::Channel, |g| {
            (&g.value, g.n)
        });
        c.by_segment = h.hide(take(&mut c.by_segment), GroupBy::Segment, |g| {
            (&g.value, g.n)
        });
        c.by_stage = h.hide(take(&mut c.by_stage), GroupBy::Stage, |g| (&g.id, g.n));
        c.hidden = take(&mut h.hidden);
    }
    if let Some(c) = &mut out.ces {
        h.what = "CES";
        c.by_channel = h.hide(take(&mut c.by_channel), GroupBy::Channel, |g| {
            (&g.value, g.n)
        });
        c.by_segment = h.hide(take(&mut c.by_segment), GroupBy::Segment, |g| {
            (&g.value, g.n)
        });
        c.by_stage = h.hide(take(&mut c.by_stage), GroupBy::Stage, |g| (&g.id, g.n));
        c.hidden = take(&mut h.hidden);
    }
}

/// Takes the hidden groups out of a metric's breakdowns, listing them and warning.
struct Hider<'a> {
    /// `min_segment_size`.
    min: u64,
    /// The file warnings name.
    file: &'a Path,
    warnings: &'a mut Vec<Diagnostic>,
    /// The metric's name in warnings (`NPS`).
    what: &'static str,
    /// The groups hidden so far.
    hidden: Vec<HiddenGroup>,
}

impl Hider<'_> {
    /// The groups of one breakdown left shown; the others go to `self.hidden` (value and
    /// size only), each with a warning, or one warning when every group is hidden.
    fn hide<G>(
        &mut self,
        groups: Vec<G>,
        by: GroupBy,
        key: impl Fn(&G) -> (&String, u64),
    ) -> Vec<G> {
        let sizes: Vec<(&str, u64)> = groups
            .iter()
            .map(|g| {
                let (v, n) = key(g);
                (v.as_str(), n)
            })
            .collect();
        let hidden: Vec<(String, u64)> = {
            let set = super::hidden_set(&sizes, self.min);
            sizes
                .iter()
                .filter(|(v, _)| set.contains(v))
                .map(|(v, n)| ((*v).to_string(), *n))
                .collect()
        };
        if hidden.is_empty() {
            return groups;
        }
        let all = hidden.len() == groups.len();
        let kind = match by {
            GroupBy::Channel => "channel",
            GroupBy::Segment => "segment",
            GroupBy::Stage => "stage",
        };
        let what = self.what;
        for (value, n) in &hidden {
            let complementary = *n >= self.min;
            let msg = if !complementary {
                Some(format!(
                    "{what} {kind} `{value}` has {n} answer(s), fewer than {}; its figures are left out for anonymity",
                    self.min
                ))
            } else {
                (!all).then(|| format!(
                    "{what} {kind} `{value}` ({n} answers) is hidden too: with only the small group(s) hidden, their answers could be worked out from the overall {what} and the groups shown"
                ))
            };
            if let Some(msg) = msg {
                self.warnings
                    .push(Diagnostic::warning(self.file, Place::File, msg));
            }
            self.hidden.push(HiddenGroup {
                by,
                value: value.clone(),
                n: *n,
                complementary,
            });
        }
        if all {
            self.warnings.push(Diagnostic::warning(
                self.file,
                Place::File,
                format!(
                    "{what} by {kind}: every group is hidden: hiding only the small group(s) would let their answers be worked out from the overall {what} and the groups shown, so the breakdown by {kind} is not shown"
                ),
            ));
        }
        groups
            .into_iter()
            .filter(|g| !hidden.iter().any(|(v, _)| v == key(g).0))
            .collect()
    }
}

/// Churn per period and pooled over periods.
pub fn churn(
    periods: &[CustomerPeriod],
    target: Option<f64>,
    file: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Option<ChurnResult> {
    let mut out = Vec::new();
    for p in periods {
        let finite = [p.customers_start, p.customers_end]
            .into_iter()
            .chain(p.new_customers)
            .all(f64::is_finite);
        if !finite || p.customers_start <= 0.0 {
            warnings.push(Diagnostic::warning(
                file,
                p.place.clone(),
                format!(
                    "period `{}`: customers at the start must be more than 0 to compute churn; period skipped",
                    p.period
                ),
            ));
            continue;
        }
        let lost = p.customers_start + p.new_customers.unwrap_or(0.0) - p.customers_end;
        if lost < 0.0 {
            warnings.push(Diagnostic::warning(
                file,
                p.place.clone(),
                format!(
                    "period `{}`: more customers at the end than at the start plus new ones; churn is negative{}",
                    p.period,
                    if p.new_customers.is_none() {
                        " (give `new_customers` to measure losses)"
                    } else {
                        ""
                    }
                ),
            ));
        }
        out.push(ChurnPeriod {
            period: p.period.clone(),
            customers_start: p.customers_start,
            customers_end: p.customers_end,
            new_customers: p.new_customers,
            lost,
            rate: lost / p.customers_start * 100.0,
        });
    }
    if out.is_empty() {
        return None;
    }
    let lost: f64 = out.iter().map(|p| p.lost).sum();
    let start: f64 = out.iter().map(|p| p.customers_start).sum();
    let rate = lost / start * 100.0;
    Some(ChurnResult {
        benchmark: None,
        rate,
        periods: out,
        status: target.map(|t| status(rate, t, false)),
        target,
    })
}

/// CLV per input row and the headline: the row's value when there is one row, the
/// customer-weighted mean when every row gives `customers`, else the plain mean of the
/// segments with a warning (a plain mean of a small and a large segment misleads).
pub fn clv(
    rows: &[ClvInput],
    spec: &crate::model::ClvSpec,
    file: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Option<ClvResult> {
    let mut out = Vec::new();
    // Where each kept row lacks a usable count (the empty cell, or the sheet without the column).
    let mut missing: Vec<Place> = Vec::new();
    for r in rows {
        let margin = r.gross_margin.unwrap_or(1.0);
        let inputs = [
            r.avg_purchase_value,
            r.purchase_frequency,
            r.customer_lifespan_years,
            margin,
        ];
        if inputs.iter().any(|x| !x.is_finite() || *x < 0.0) {
            warnings.push(Diagnostic::warning(
                file,
                r.place.clone(),
                "CLV inputs must be numbers ≥ 0; row skipped",
            ));
            continue;
        }
        // The reader only gives counts ≥ 1; a hand-built input with another value is not a
        // weight either.
        let customers = match &r.customers {
            SegmentCustomers::Count(n) if n.is_finite() && *n > 0.0 => Some(*n),
            SegmentCustomers::Count(_) => {
                missing.push(r.place.clone());
                None
            }
            SegmentCustomers::Missing(place) => {
                missing.push(place.clone());
                None
            }
        };
        out.push(ClvRow {
            segment: r.segment.clone(),
            avg_purchase_value: r.avg_purchase_value,
            purchase_frequency: r.purchase_frequency,
            customer_lifespan_years: r.customer_lifespan_years,
            gross_margin: margin,
            margin_given: r.gross_margin.is_some(),
            value: r.avg_purchase_value * r.purchase_frequency * r.customer_lifespan_years * margin,
            customers,
        });
    }
    let mean = |rows: &[ClvRow]| rows.iter().map(|r| r.value).sum::<f64>() / rows.len() as f64;
    let (value, method) = match (out.as_slice(), missing.first()) {
        ([], _) => return None,
        ([one], _) => (one.value, ClvMethod::Single),
        (rows, None) => {
            let (sum, total) = rows.iter().fold((0.0, 0.0), |(s, t), r| {
                let n = r.customers.unwrap_or(0.0);
                (s + r.value * n, t + n)
            });
            (sum / total, ClvMethod::Weighted)
        }
        (rows, Some(first)) => {
            let why = if matches!(first, Place::Sheet { .. } | Place::File) {
                "the CLV sheet has no `customers` column".to_string()
            } else if missing.len() == 1 {
                "this segment has no `customers` count".to_string()
            } else {
                format!(
                    "{} segments have no `customers` count (the first is here)",
                    missing.len()
                )
            };
            warnings.push(
                Diagnostic::warning(
                    file,
                    first.clone(),
                    format!(
                        "headline CLV is the unweighted mean of {} segments: {why}",
                        rows.len()
                    ),
                )
                .with_help(
                    "give every CLV row its number of customers (`customers` column) so the headline is weighted by segment size; a plain mean gives a small premium segment as much weight as the mass market",
                ),
            );
            (mean(rows), ClvMethod::Unweighted)
        }
    };
    let target = spec.target.as_ref().map(|t| t.value);
    Some(ClvResult {
        benchmark: None,
        value,
        method,
        rows: out,
        currency: spec.currency.clone(),
        status: target.map(|t| status(value, t, true)),
        target,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csat_and_ces_by_channel_and_segment() {
        let rating = |score: i32, channel: &str, segment: &str| Rating {
            score,
            channel: Some(channel.to_string()),
            segment: (!segment.is_empty()).then(|| segment.to_string()),
            stage: None,
            date: None,
            comment: None,
            place: Place::File,
        };
        let rs = [
            rating(5, "Web", "Retail"),
            rating(4, "Web", "Retail"),
            rating(2, " App ", "Premium"),
            rating(5, "App", ""),
        ];
        let counts = counts_of(&rs, 1, 5, "CSAT", Path::new("d.xlsx"), &mut Vec::new());
        // Satisfied from 4: App 1 of 2 (mean 3.5), Web 2 of 2 (mean 4.5); value order.
        let by = rating_groups(&counts, |k| k.channel.as_ref(), 4, 2);
        let got: Vec<(&str, u64, f64, f64, bool)> = by
            .iter()
            .map(|g| (g.value.as_str(), g.n, g.mean, g.share, g.small))
            .collect();
        assert_eq!(
            got,
            [("App", 2, 3.5, 50.0, false), ("Web", 2, 4.5, 100.0, false)]
        );
        // A blank segment is in no group; one answer is below the minimum of 2.
        let by = rating_groups(&counts, |k| k.segment.as_ref(), 4, 2);
        let got: Vec<(&str, u64, bool)> = by
            .iter()
            .map(|g| (g.value.as_str(), g.n, g.small))
            .collect();
        assert_eq!(got, [("Premium", 1, true), ("Retail", 2, false)]);
    }

    fn clv_row(apv: f64, customers: Option<f64>) -> ClvInput {
        let customers = match customers {
            Some(n) => SegmentCustomers::Count(n),
            None => SegmentCustomers::Missing(crate::error::Place::Cell {
                sheet: "CLV".into(),
                row: 2,
                col: 5,
            }),
        };
        ClvInput {
            segment: None,
            avg_purchase_value: apv,
            purchase_frequency: 2.0,
            customer_lifespan_years: 3.0,
            gross_margin: Some(0.5),
            customers,
            place: crate::error::Place::File,
        }
    }

    #[test]
    fn clv_headline_weighting() {
        let spec = crate::model::ClvSpec {
            target: None,
            currency: None,
        };
        let f = Path::new("d.xlsx");
        // Row CLVs: 100 × 2 × 3 × .5 = 300 and 1000 × 2 × 3 × .5 = 3000.
        // Weighted by 900 and 100 customers: (300 × 900 + 3000 × 100) / 1000 = 570.
        let mut w = Vec::new();
        let r = clv(
            &[clv_row(100.0, Some(900.0)), clv_row(1000.0, Some(100.0))],
            &spec,
            f,
            &mut w,
        )
        .unwrap();
        assert!((r.value - 570.0).abs() < 1e-9, "{}", r.value);
        assert_eq!(r.method, ClvMethod::Weighted);
        assert!(w.is_empty());
        // One count missing: plain mean (300 + 3000) / 2 = 1650, with a warning.
        let r = clv(
            &[clv_row(100.0, Some(900.0)), clv_row(1000.0, None)],
            &spec,
            f,
            &mut w,
        )
        .unwrap();
        assert!((r.value - 1650.0).abs() < 1e-9, "{}", r.value);
        assert_eq!(r.method, ClvMethod::Unweighted);
        assert_eq!(w.len(), 1);
        assert!(
            w[0].message
                .contains("unweighted mean of 2 segments: this segment has no `customers`"),
            "{}",
            w[0].message
        );
        assert_eq!(
            w[0].place,
            crate::error::Place::Cell {
                sheet: "CLV".into(),
                row: 2,
                col: 5
            }
        );
        // One row: its value, whatever the count.
        let mut w = Vec::new();
        let r = clv(&[clv_row(100.0, None)], &spec, f, &mut w).unwrap();
        assert_eq!((r.value, r.method), (300.0, ClvMethod::Single));
        assert!(w.is_empty());
    }

    #[test]
    fn nps_per_stage_in_journey_order_with_margins() {
        let rating = |score: i32, stage: &str| Rating {
            score,
            channel: None,
            segment: None,
            stage: (!stage.is_empty()).then(|| stage.to_string()),
            date: None,
            comment: None,
            place: Place::File,
        };
        // apply: 10, 9, 9, 8, 3 → 3 promoters, 1 passive, 1 detractor, n = 5:
        //   NPS = (3 − 1)/5 × 100 = 40; p = .6, d = .2: .8 − .4² = .64;
        //   SE = √(.64/5) × 100 = 35.777087639996644; MoE = 1.96 × SE = 70.12309177439342.
        // onboard: 6, 6, 7, 10 → 1, 1, 2, n = 4: NPS = (1 − 2)/4 × 100 = −25;
        //   p = .25, d = .5: .75 − .25² = .6875; SE = √(.6875/4) × 100 = 41.4578098794425;
        //   MoE = 81.2573073637073; 2 of 4 detractors = 50 %.
        // One answer without a stage counts overall only; `discover` has no answers.
        let rs: Vec<Rating> = [(10, "apply"), (9, "apply"), (9, "apply"), (8, "apply")]
            .into_iter()
            .chain([(3, "apply"), (6, "onboard"), (6, "onboard"), (7, "onboard")])
            .chain([(10, "onboard"), (10, "")])
            .map(|(v, s)| rating(v, s))
            .collect();
        let counts = counts_of(&rs, 0, 10, "NPS", Path::new("d.xlsx"), &mut Vec::new());
        let stages = ["discover", "onboard", "apply"].map(String::from);
        let b = Breakdown {
            min_segment_size: 5,
            suppress: false,
            stages: &stages,
        };
        let r = nps_result(&counts, Some(0.0), b).unwrap();
        assert_eq!(r.stats.n, 10);
        let got: Vec<(&str, u64, bool)> = r
            .by_stage
            .iter()
            .map(|s| (s.id.as_str(), s.stats.n, s.small))
            .collect();
        assert_eq!(got, [("onboard", 4, true), ("apply", 5, false)]);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        let [onboard, apply] = [&r.by_stage[0], &r.by_stage[1]];
        assert!(close(onboard.stats.score, -25.0), "{}", onboard.stats.score);
        assert!(close(onboard.stats.margin_of_error, 81.2573073637073));
        assert!(close(onboard.detractor_share, 50.0));
        assert!(close(apply.stats.score, 40.0), "{}", apply.stats.score);
        assert!(close(apply.stats.standard_error, 35.777087639996644));
        assert!(close(apply.stats.margin_of_error, 70.12309177439342));
        assert!(close(apply.detractor_share, 20.0));
    }

    /// NPS counts of `answers` (value, how many), under one key.
    fn nps_counts(answers: &[(i32, u64)]) -> RatingCounts {
        let mut c = RatingCounts::new(0, 10);
        for &(v, n) in answers {
            assert!(c.add(RatingKey::default(), v, n));
        }
        c
    }

    #[test]
    fn a_five_point_scale_in_the_nps_sheet_is_recognised() {
        // Tester 6 F37: 200 answers, all 1-5 → would be NPS −100.
        let five = [(1, 40), (2, 40), (3, 40), (4, 40), (5, 40)];
        assert!(looks_five_point(&nps_counts(&five)));
        // At 20 answers the rule applies; at 19 the sample is too small to judge.
        assert!(looks_five_point(&nps_counts(&[(3, 20)])));
        assert!(!looks_five_point(&nps_counts(&[(3, 19)])));
        // One 0, or one answer above 5, makes it a real 0-10 distribution.
        assert!(!looks_five_point(&nps_counts(&[(0, 1), (3, 30)])));
        assert!(!looks_five_point(&nps_counts(&[(6, 1), (3, 30)])));
        assert!(!looks_five_point(&nps_counts(&[(10, 1), (5, 30)])));
    }

    #[test]
    fn nps_worked_example() {
        // 5 promoters, 3 passives, 2 detractors, n = 10: NPS = (5 − 2)/10 × 100 = 30;
        // p = .5, d = .2: p + d − (p − d)² = .7 − .09 = .61; SE = √(.61/10) × 100
        // = √.061 × 100 = 24.698178070456937; MoE = 1.96 × SE = 48.40842901809560.
        let s = nps_stats(5, 3, 2).unwrap();
        assert!((s.score - 30.0).abs() < 1e-9);
        assert!((s.standard_error - 24.698178070456937).abs() < 1e-9);
        assert!((s.margin_of_error - 48.4084290180956).abs() < 1e-9);
        assert!(nps_stats(0, 0, 0).is_none());
        assert_eq!(nps_stats(4, 0, 0).unwrap().margin_of_error, 0.0);
    }
}
