//! The journey map and the operational indicators sections of [`ReportData`]: words and
//! formats only; what is shown, the moment of truth and the pairs of voice and operations
//! are decided by [`crate::analysis::journey`].

use std::collections::BTreeMap;

use crate::analysis::journey::{JourneyFindings, PairKind, StageMetric, kpi_series};
use crate::data::{Better, ClientData, StageComment};
use crate::score::{KpiResult, ScoreResult};
use crate::typeset::isolate;

use super::build::{Ctx, status};
use super::contract::*;
use super::{client_quote, fill};

/// The journey map, `None` when no rating names a stage.
pub(super) fn journey(c: &Ctx<'_>, data: &ClientData, jf: &JourneyFindings) -> Option<Journey> {
    let metric = jf.metric?;
    let r = c.r;
    let num = c.num;
    let m = &r.metrics;
    let quotes = stage_quotes(data, metric);
    let (metric_key, metric_name, target) = match metric {
        StageMetric::Nps => (
            "nps",
            c.s("nps_short"),
            m.nps
                .as_ref()
                .and_then(|n| n.target)
                .map(|t| num.signed(t, 1)),
        ),
        StageMetric::Csat => (
            "csat",
            c.s("csat_short"),
            m.csat
                .as_ref()
                .and_then(|n| n.target)
                .map(|t| num.pct(t, 1)),
        ),
        StageMetric::Ces => (
            "ces",
            c.s("ces_short"),
            m.ces.as_ref().and_then(|n| n.target).map(|t| num.n(t, 1)),
        ),
    };
    let stages: Vec<JourneyStage> = r
        .journey
        .iter()
        .map(|stage| {
            let hidden = jf.hidden.contains(&stage.id);
            let nps = m
                .nps
                .as_ref()
                .and_then(|n| n.by_stage.iter().find(|s| s.id == stage.id));
            let csat = m
                .csat
                .as_ref()
                .and_then(|n| n.by_stage.iter().find(|s| s.id == stage.id));
            let ces = m
                .ces
                .as_ref()
                .and_then(|n| n.by_stage.iter().find(|s| s.id == stage.id));
            // A stage the score hid for anonymity is in no `by_stage`: its size is in the
            // metric's `hidden` list.
            let hidden_n = || {
                match metric {
                    StageMetric::Nps => m.nps.as_ref().map(|n| n.hidden.as_slice()),
                    StageMetric::Csat => m.csat.as_ref().map(|c| c.hidden.as_slice()),
                    StageMetric::Ces => m.ces.as_ref().map(|c| c.hidden.as_slice()),
                }
                .unwrap_or_default()
                .iter()
                .find(|g| g.by == crate::score::GroupBy::Stage && g.value == stage.id)
                .map(|g| g.n)
            };
            let n = match metric {
                StageMetric::Nps => nps.map(|s| s.stats.n),
                StageMetric::Csat => csat.map(|s| s.n),
                StageMetric::Ces => ces.map(|s| s.n),
            }
            .or_else(hidden_n);
            let small = match metric {
                StageMetric::Nps => nps.is_some_and(|s| s.small),
                StageMetric::Csat => csat.is_some_and(|s| s.small),
                StageMetric::Ces => ces.is_some_and(|s| s.small),
            };
            let status_of = match metric {
                StageMetric::Nps => nps.and_then(|s| {
                    m.nps
                        .as_ref()
                        .and_then(|n| n.target)
                        .map(|t| crate::score::status(s.stats.score, t, true))
                }),
                StageMetric::Csat => csat.and_then(|s| {
                    m.csat
                        .as_ref()
                        .and_then(|n| n.target)
                        .map(|t| crate::score::status(s.score, t, true))
                }),
                StageMetric::Ces => ces.and_then(|s| {
                    m.ces
                        .as_ref()
                        .and_then(|n| n.target)
                        .map(|t| crate::score::status(s.mean, t, true))
                }),
            };
            let show = !hidden;
            JourneyStage {
                name: stage.name.get(c.lang).to_string(),
                nps: nps.filter(|_| show).map(|s| num.signed(s.stats.score, 1)),
                moe: nps
                    .filter(|_| show)
                    .map(|s| num.pm(s.stats.margin_of_error, 1)),
                csat: csat.filter(|_| show).map(|s| num.pct(s.score, 1)),
                ces: ces.filter(|_| show).map(|s| num.n(s.mean, 2)),
                n: n.map(|n| num.int(n)),
                detractors: nps.filter(|_| show).map(|s| num.pct(s.detractor_share, 0)),
                detractors_frac: nps
                    .filter(|_| show)
                    .map(|s| (s.detractor_share / 100.0).clamp(0.0, 1.0)),
                status: if show {
                    status(status_of)
                } else {
                    Status::None
                },
                truth: jf.truth.as_deref() == Some(stage.id.as_str()),
                small,
                hidden,
                quote: quotes
                    .get(&stage.id)
                    .filter(|_| show)
                    .map(|q| client_quote(q, c.lang)),
            }
        })
        .collect();
    let truth_name = jf
        .truth
        .as_ref()
        .and_then(|id| r.journey.iter().find(|s| &s.id == id))
        .map(|s| s.name.get(c.lang).to_string());
    let stages_n = c.counted("count_stages", r.journey.len() as u64);
    let line = match &truth_name {
        Some(t) => fill(
            &c.s("journey_line"),
            &[
                ("stages", &stages_n),
                ("metric", &metric_name),
                ("truth", t),
            ],
        ),
        None => fill(
            &c.s("journey_line_no_truth"),
            &[("stages", &stages_n), ("metric", &metric_name)],
        ),
    };
    let drawn = jf
        .values
        .iter()
        .filter(|v| !jf.hidden.contains(&v.id))
        .count();
    Some(Journey {
        line,
        metric: metric_key.into(),
        metric_name,
        target,
        stages,
        chart: (drawn >= 2).then(|| "journey".to_string()),
    })
}

/// Each stage's most telling comment, from the ratings of the map's metric (the sheet's
/// rows, or what the feed kept while streaming), by the one rule of [`StageComment::keep`].
fn stage_quotes(data: &ClientData, metric: StageMetric) -> BTreeMap<String, String> {
    let (sheet, feed) = match metric {
        StageMetric::Nps => (&data.nps, &data.feeds.nps),
        StageMetric::Csat => (&data.csat, &data.feeds.csat),
        StageMetric::Ces => (&data.ces, &data.feeds.ces),
    };
    if let Some(f) = feed {
        return f
            .stage_comments
            .iter()
            .map(|(k, v)| (k.clone(), v.text.clone()))
            .collect();
    }
    let mut best: BTreeMap<String, Option<StageComment>> = BTreeMap::new();
    for r in sheet.iter().flatten() {
        if let (Some(stage), Some(text)) = (&r.stage, &r.comment) {
            let slot = best.entry(stage.clone()).or_default();
            StageComment::keep(slot, text, r.score, || r.place.clone());
        }
    }
    best.into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v.text)))
        .collect()
}

/// A KPI value in its unit: `61 %` for percentages, `245 ثانية`.
fn kpi_value(c: &Ctx<'_>, v: f64, unit: Option<&str>) -> String {
    let d = if (v - v.round()).abs() < 1e-9 { 0 } else { 1 };
    match unit {
        Some("%") => c.num.pct(v, d),
        Some(u) if !u.trim().is_empty() => format!("{} {}", c.num.n(v, d), isolate(u, c.lang)),
        _ => c.num.n(v, d),
    }
}

/// Where an indicator is measured: its channel and stage names.
fn scope(c: &Ctx<'_>, r: &ScoreResult, k: &KpiResult) -> Option<String> {
    let stage = k.stage.as_ref().map(|id| {
        r.journey
            .iter()
            .find(|s| &s.id == id)
            .map_or_else(|| id.clone(), |s| s.name.get(c.lang).to_string())
    });
    let parts: Vec<String> = k
        .channel
        .as_deref()
        .map(|ch| isolate(c.label(ch), c.lang))
        .into_iter()
        .chain(stage.map(|s| isolate(&s, c.lang)))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// The operational indicators section, `None` without indicators.
pub(super) fn kpis(c: &Ctx<'_>, jf: &JourneyFindings) -> Option<Kpis> {
    let r = c.r;
    if r.kpis_latest.is_empty() {
        return None;
    }
    let series = kpi_series(r);
    let rows: Vec<KpiRow> = r
        .kpis_latest
        .iter()
        .enumerate()
        .map(|(i, k)| KpiRow {
            indicator: isolate(&k.indicator, c.lang),
            scope: scope(c, r, k),
            period: k
                .period
                .as_deref()
                .map(|p| isolate(&c.digits.apply(p), c.lang)),
            value: kpi_value(c, k.value, k.unit.as_deref()),
            target: k
                .target
                .map_or_else(|| "—".into(), |t| kpi_value(c, t, k.unit.as_deref())),
            better: c.s(match k.better {
                Better::Higher => "better_higher",
                Better::Lower => "better_lower",
            }),
            status: status(k.status),
            trend: series
                .get(i)
                .filter(|s| s.len() >= 2)
                .map(|_| format!("kpi-{i}")),
        })
        .collect();
    let count = |s: crate::score::TargetStatus| {
        r.kpis_latest.iter().filter(|k| k.status == Some(s)).count() as u64
    };
    use crate::score::TargetStatus::*;
    let line = fill(
        &c.s("kpis_line"),
        &[
            (
                "indicators",
                &c.counted("count_indicators", r.kpis_latest.len() as u64),
            ),
            ("met", &c.num.int(count(Met))),
            ("near", &c.num.int(count(Near))),
            ("missed", &c.num.int(count(Missed))),
        ],
    );
    let side_by_side = jf
        .pairings
        .iter()
        .map(|p| {
            let name = match p.kind {
                PairKind::Channel => c.label(&p.key).to_string(),
                PairKind::Stage => r
                    .journey
                    .iter()
                    .find(|s| s.id == p.key)
                    .map_or_else(|| p.key.clone(), |s| s.name.get(c.lang).to_string()),
            };
            VoiceOps {
                name: isolate(&name, c.lang),
                kind: match p.kind {
                    PairKind::Channel => "channel".into(),
                    PairKind::Stage => "stage".into(),
                },
                voice: format!("{} {}", c.s("nps_short"), c.num.signed(p.nps, 1)),
                voice_status: status(p.status),
                ops: p
                    .kpis
                    .iter()
                    .filter_map(|&i| r.kpis_latest.get(i))
                    .map(|k| VoiceOpsIndicator {
                        indicator: isolate(&k.indicator, c.lang),
                        line: match k.target {
                            Some(t) => fill(
                                &c.s("kpi_against"),
                                &[
                                    ("value", &kpi_value(c, k.value, k.unit.as_deref())),
                                    ("target", &kpi_value(c, t, k.unit.as_deref())),
                                ],
                            ),
                            None => kpi_value(c, k.value, k.unit.as_deref()),
                        },
                        status: status(k.status),
                    })
                    .collect(),
            }
        })
        .collect();
    Some(Kpis {
        line,
        rows,
        side_by_side,
    })
}
