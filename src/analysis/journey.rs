//! Decisions about the customer journey and the operational indicators: which metric the
//! journey map draws, which stages are shown, which is the moment of truth, and which
//! channels and stages have both the customer's voice and operational indicators.

use serde::Serialize;

use crate::normalize::normalize;
use crate::score::{GroupBy, HiddenGroup, ScoreResult};

/// The metric a journey map draws: NPS when the stages have NPS answers, else CSAT, else CES.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StageMetric {
    /// Net Promoter Score per stage.
    Nps,
    /// CSAT (percent satisfied) per stage.
    Csat,
    /// CES (mean) per stage.
    Ces,
}

/// One stage's value of the map's metric, with what decides whether it is shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageValue {
    /// The stage id.
    pub id: String,
    /// NPS points, CSAT percent or CES mean.
    pub value: f64,
    /// Fewer answers than the minimum group size.
    pub small: bool,
}

/// Whether a channel or a stage is paired with indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PairKind {
    /// A `channel` value of the NPS sheet and of the KPIs.
    Channel,
    /// A journey stage.
    Stage,
}

/// A channel or stage with both NPS and operational indicators.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pairing {
    /// Channel or stage.
    pub kind: PairKind,
    /// The channel value as the NPS sheet writes it, or the stage id.
    pub key: String,
    /// The NPS of that channel or stage.
    pub nps: f64,
    /// That NPS against the NPS target.
    pub status: Option<crate::score::TargetStatus>,
    /// Indices into `kpis_latest` of its indicators, in their order.
    pub kpis: Vec<usize>,
}

/// Every decision about the journey and the indicators.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct JourneyFindings {
    /// The metric the map draws; `None` when no rating names a stage.
    pub metric: Option<StageMetric>,
    /// Each stage with a value of `metric`, in journey order.
    pub values: Vec<StageValue>,
    /// Stage ids whose figures are hidden: small while the engagement hides small groups.
    pub hidden: Vec<String>,
    /// The moment of truth: of the stages with at least the minimum number of answers, the
    /// one with the lowest value (CES: the lowest mean; higher is easier), the first in
    /// journey order on a tie. `None` with fewer than two such stages (one stage is no
    /// journey to compare).
    pub truth: Option<String>,
    /// Channels, then stages, that have both NPS (shown) and indicators.
    pub pairings: Vec<Pairing>,
}

/// Decides the journey map and the voice-and-operations pairs of `r`; `hide_small` is the
/// engagement's `suppress_small_segments`.
pub fn journey(r: &ScoreResult, hide_small: bool) -> JourneyFindings {
    let m = &r.metrics;
    let (metric, values): (Option<StageMetric>, Vec<StageValue>) = if let Some(n) = m
        .nps
        .as_ref()
        .filter(|n| staged(n.by_stage.len(), &n.hidden))
    {
        let v = n
            .by_stage
            .iter()
            .map(|s| StageValue {
                id: s.id.clone(),
                value: s.stats.score,
                small: s.small,
            })
            .collect();
        (Some(StageMetric::Nps), v)
    } else if let Some(c) = m
        .csat
        .as_ref()
        .filter(|c| staged(c.by_stage.len(), &c.hidden))
    {
        let v = c
            .by_stage
            .iter()
            .map(|s| StageValue {
                id: s.id.clone(),
                value: s.score,
                small: s.small,
            })
            .collect();
        (Some(StageMetric::Csat), v)
    } else if let Some(c) = m
        .ces
        .as_ref()
        .filter(|c| staged(c.by_stage.len(), &c.hidden))
    {
        let v = c
            .by_stage
            .iter()
            .map(|s| StageValue {
                id: s.id.clone(),
                value: s.mean,
                small: s.small,
            })
            .collect();
        (Some(StageMetric::Ces), v)
    } else {
        (None, Vec::new())
    };
    // Stages the score hid for anonymity (not in `by_stage` at all), then, where asked,
    // small stages still there (an engagement that shows small groups).
    let score_hidden = match metric {
        Some(StageMetric::Nps) => m.nps.as_ref().map(|n| n.hidden.as_slice()),
        Some(StageMetric::Csat) => m.csat.as_ref().map(|c| c.hidden.as_slice()),
        Some(StageMetric::Ces) => m.ces.as_ref().map(|c| c.hidden.as_slice()),
        None => None,
    }
    .unwrap_or_default()
    .iter()
    .filter(|g| g.by == GroupBy::Stage)
    .map(|g| g.value.clone());
    let hidden: Vec<String> = values
        .iter()
        .filter(|v| hide_small && v.small)
        .map(|v| v.id.clone())
        .chain(score_hidden)
        .collect();
    // A stage with fewer answers than the minimum is never the moment of truth: its score is
    // too uncertain to single out (and it is hidden where the engagement hides small groups).
    let shown: Vec<&StageValue> = values
        .iter()
        .filter(|v| !v.small && v.value.is_finite())
        .collect();
    let truth = (shown.len() >= 2)
        .then(|| {
            shown
                .iter()
                .fold(None::<&StageValue>, |best, v| match best {
                    Some(b) if b.value <= v.value => Some(b),
                    _ => Some(v),
                })
                .map(|v| v.id.clone())
        })
        .flatten();
    JourneyFindings {
        metric,
        pairings: pairings(r, hide_small),
        values,
        hidden,
        truth,
    }
}

/// Has a metric answers at a journey stage: stages shown, or stages hidden for anonymity?
fn staged(shown: usize, hidden: &[HiddenGroup]) -> bool {
    shown > 0 || hidden.iter().any(|g| g.by == GroupBy::Stage)
}

/// Channels and stages with both NPS (not hidden) and indicators: a channel's indicators are
/// those of its `channel` (whatever their stage); a stage's are those of its `stage` without
/// a channel. Channels compared normalised.
fn pairings(r: &ScoreResult, hide_small: bool) -> Vec<Pairing> {
    let Some(nps) = &r.metrics.nps else {
        return Vec::new();
    };
    let status = |v: f64| nps.target.map(|t| crate::score::status(v, t, true));
    let mut out = Vec::new();
    for g in nps.by_channel.iter().filter(|g| !(hide_small && g.small)) {
        let key = normalize(&g.value);
        let kpis: Vec<usize> = r
            .kpis_latest
            .iter()
            .enumerate()
            .filter(|(_, k)| k.channel.as_deref().is_some_and(|c| normalize(c) == key))
            .map(|(i, _)| i)
            .collect();
        if !kpis.is_empty() {
            out.push(Pairing {
                kind: PairKind::Channel,
                key: g.value.clone(),
                nps: g.stats.score,
                status: status(g.stats.score),
                kpis,
            });
        }
    }
    for s in nps.by_stage.iter().filter(|s| !(hide_small && s.small)) {
        let kpis: Vec<usize> = r
            .kpis_latest
            .iter()
            .enumerate()
            .filter(|(_, k)| k.channel.is_none() && k.stage.as_deref() == Some(s.id.as_str()))
            .map(|(i, _)| i)
            .collect();
        if !kpis.is_empty() {
            out.push(Pairing {
                kind: PairKind::Stage,
                key: s.id.clone(),
                nps: s.stats.score,
                status: status(s.stats.score),
                kpis,
            });
        }
    }
    out
}

/// The series of `r.kpis` (an indicator's values in one channel and stage, over periods), as
/// index ranges in `kpis` order: the i-th is the series of `kpis_latest[i]`.
pub fn kpi_series(r: &ScoreResult) -> Vec<std::ops::Range<usize>> {
    let key = |k: &crate::score::KpiResult| {
        let n = |s: &Option<String>| s.as_deref().map(normalize).unwrap_or_default();
        (normalize(&k.indicator), n(&k.channel), n(&k.stage))
    };
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, k) in r.kpis.iter().enumerate() {
        match out.last_mut() {
            Some(range) if r.kpis.get(range.start).map(key) == Some(key(k)) => range.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::{NpsGroup, NpsResult, NpsStage, nps_stats};

    fn stage(id: &str, p: u64, pa: u64, d: u64, min: u64) -> NpsStage {
        let stats = nps_stats(p, pa, d).unwrap();
        NpsStage {
            id: id.into(),
            small: stats.n < min,
            detractor_share: d as f64 / stats.n as f64 * 100.0,
            stats,
        }
    }

    /// Stages: apply NPS (6 − 2)/10 = +40; help (1 − 5)/10 = −40; renew (0 − 2)/2 = −100
    /// but only 2 answers (small at a minimum of 5). The moment of truth is help: renew is
    /// lower but too small to single out. Call centre has NPS and an indicator: one pairing.
    #[test]
    fn moment_of_truth_skips_small_stages_and_pairs_channels_with_indicators() {
        let mut r = crate::analysis::tests::result(&[("d", Some(3.0), None, 1.0)]);
        let by_stage = vec![
            stage("apply", 6, 2, 2, 5),
            stage("help", 1, 4, 5, 5),
            stage("renew", 0, 0, 2, 5),
        ];
        let stats = nps_stats(7, 6, 9).unwrap();
        r.metrics.nps = Some(NpsResult {
            by_channel: vec![NpsGroup {
                value: "Call centre".into(),
                small: false,
                stats: stats.clone(),
            }],
            by_segment: Vec::new(),
            by_stage,
            hidden: Vec::new(),
            target: Some(20.0),
            status: None,
            benchmark: None,
            stats,
        });
        r.kpis_latest = vec![crate::score::KpiResult {
            indicator: "FCR".into(),
            channel: Some("call  CENTRE".into()),
            stage: None,
            period: None,
            value: 61.0,
            target: Some(75.0),
            unit: Some("%".into()),
            better: crate::score::Better::Higher,
            status: None,
        }];
        let jf = journey(&r, true);
        assert_eq!(jf.metric, Some(StageMetric::Nps));
        assert_eq!(jf.truth.as_deref(), Some("help"));
        assert_eq!(jf.hidden, ["renew"]);
        assert_eq!(jf.pairings.len(), 1);
        assert_eq!(
            (jf.pairings[0].kind, jf.pairings[0].kpis.clone()),
            (PairKind::Channel, vec![0])
        );
        // Shown small groups do not change the moment of truth.
        let jf = journey(&r, false);
        assert!(jf.hidden.is_empty());
        assert_eq!(jf.truth.as_deref(), Some("help"));
    }
}
