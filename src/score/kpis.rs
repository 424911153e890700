//! Operational indicators (KPIs): status of each value against its target, series in time
//! order and the latest value of each (docs/scoring.md, "Operational indicators").

use std::collections::BTreeMap;

use super::maturity::status;
use super::types::KpiResult;
use crate::data::{Better, KpiRow};

/// Every KPI value with its status (series in order of first appearance, each in time
/// order), and the latest value of each series. The reader has checked that a series of
/// several values has one orderable period per value; a series of one value needs none.
pub fn kpis(rows: &[KpiRow]) -> (Vec<KpiResult>, Vec<KpiResult>) {
    let mut order: Vec<(String, String, String)> = Vec::new();
    let mut series: BTreeMap<(String, String, String), Vec<&KpiRow>> = BTreeMap::new();
    for r in rows {
        let key = r.series_key();
        if !series.contains_key(&key) {
            order.push(key.clone());
        }
        series.entry(key).or_default().push(r);
    }
    let mut all = Vec::with_capacity(rows.len());
    let mut latest = Vec::with_capacity(order.len());
    for key in &order {
        let Some(list) = series.get_mut(key) else {
            continue;
        };
        // By last day, then first day: of 2026-Q1 and 2026-03 (same last day), the month.
        list.sort_by_key(|r| r.period.as_ref().and_then(|p| p.span).map(|(a, b)| (b, a)));
        let results: Vec<KpiResult> = list.iter().map(|r| result(r)).collect();
        if let Some(last) = results.last() {
            latest.push(last.clone());
        }
        all.extend(results);
    }
    (all, latest)
}

/// One value against its target, with the metrics' met / near / missed rule.
fn result(r: &KpiRow) -> KpiResult {
    KpiResult {
        indicator: r.indicator.clone(),
        channel: r.channel.clone(),
        stage: r.stage.clone(),
        period: r.period.as_ref().map(|p| p.label.clone()),
        value: r.value,
        target: r.target,
        unit: r.unit.clone(),
        better: r.better,
        status: r
            .target
            .map(|t| status(r.value, t, r.better == Better::Higher)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Period;
    use crate::error::Place;
    use crate::score::TargetStatus::{self, *};

    fn row(indicator: &str, period: &str, value: f64, target: f64, better: Better) -> KpiRow {
        let span = |m: u32| {
            let d = |day| chrono::NaiveDate::from_ymd_opt(2026, m, day);
            d(1).zip(d(28))
        };
        KpiRow {
            indicator: indicator.into(),
            value,
            target: Some(target),
            unit: None,
            better,
            channel: None,
            stage: None,
            period: Some(Period {
                label: period.into(),
                span: period[5..].parse().ok().and_then(span),
            }),
            place: Place::File,
            period_place: Place::File,
        }
    }

    fn statuses(rows: &[KpiRow]) -> Vec<(String, Option<TargetStatus>)> {
        kpis(rows)
            .0
            .into_iter()
            .map(|k| (k.indicator, k.status))
            .collect()
    }

    #[test]
    fn lower_is_better_met_near_and_missed() {
        // Average waiting time, target 300 s, lower is better; near = at most 10 % of 300
        // = 30 s above it.
        //   280 ≤ 300 → met; 300 (equal) → met; 320 is 20 s over (≤ 30) → near;
        //   330 is 30 s over (= 30) → near; 331 is 31 s over → missed; 400 → missed.
        let lower = Better::Lower;
        let rows: Vec<KpiRow> = [280.0, 300.0, 320.0, 330.0, 331.0, 400.0]
            .iter()
            .enumerate()
            .map(|(i, v)| {
                row(
                    &format!("wait {v}"),
                    &format!("2026-0{}", i + 1),
                    *v,
                    300.0,
                    lower,
                )
            })
            .collect();
        let got: Vec<Option<TargetStatus>> = statuses(&rows).into_iter().map(|s| s.1).collect();
        let want = [Met, Met, Near, Near, Missed, Missed].map(Some);
        assert_eq!(got, want);
    }

    #[test]
    fn higher_is_better_near_on_the_other_side() {
        // First contact resolution, target 75 %, higher is better: near = at most 7.5 points
        // below. 80 → met; 70 (5 below) → near; 67.5 (7.5 below) → near; 61 (14) → missed.
        let higher = Better::Higher;
        let rows: Vec<KpiRow> = [80.0, 70.0, 67.5, 61.0]
            .iter()
            .enumerate()
            .map(|(i, v)| {
                row(
                    &format!("fcr {v}"),
                    &format!("2026-0{}", i + 1),
                    *v,
                    75.0,
                    higher,
                )
            })
            .collect();
        let got: Vec<Option<TargetStatus>> = statuses(&rows).into_iter().map(|s| s.1).collect();
        assert_eq!(got, [Met, Near, Near, Missed].map(Some));
    }

    #[test]
    fn series_in_time_order_and_latest_per_series() {
        let higher = Better::Higher;
        let rows = [
            row("FCR", "2026-03", 61.0, 75.0, higher),
            row("Wait", "2026-01", 320.0, 300.0, Better::Lower),
            row("FCR", "2026-01", 58.0, 75.0, higher),
            row("fcr ", "2026-02", 60.0, 75.0, higher),
        ];
        let (all, latest) = kpis(&rows);
        let got: Vec<(&str, Option<&str>)> = all
            .iter()
            .map(|k| (k.indicator.as_str(), k.period.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("FCR", Some("2026-01")),
                ("fcr ", Some("2026-02")),
                ("FCR", Some("2026-03")),
                ("Wait", Some("2026-01"))
            ]
        );
        let got: Vec<(f64, Option<TargetStatus>)> =
            latest.iter().map(|k| (k.value, k.status)).collect();
        assert_eq!(got, [(61.0, Some(Missed)), (320.0, Some(Near))]);
    }
}
