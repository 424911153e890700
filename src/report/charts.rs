//! The report's charts: the score result mapped onto the `chart` module's small inputs,
//! themed from the report theme, numbers written in the report's digits.

use std::collections::BTreeMap;

use crate::chart::{
    self, Bar, Bars, ChartStyle, Column, Columns, HeatCell, HeatRow, Heatmap, Ladder, LadderStep,
    NpsNames, NpsRow, NpsStack, NumberFormat, Radar, RadarAxis, RadarLegend, Rgb, Status,
    StatusMark, TargetLine, ValueKind,
};
use crate::error::Result;
use crate::score::{ScoreResult, TargetStatus};
use crate::text::{Lang, Text};
use crate::typeset::locale::Formatter;

use super::theme::Theme;

// Decimals of the figures the charts print, the same as the report's tables write them
// (src/report/mod.rs: question and dimension means 2, targets 1, NPS 1, NPS shares 0).
// The heatmap keeps 1 decimal: its cells are narrow and no table repeats its figures, so a chart never
// shows −10 beside a table's −9.5.
const SCORE_DECIMALS: u8 = 2;
const TARGET_DECIMALS: u8 = 1;
const NPS_DECIMALS: u8 = 1;
/// Shares of answers (NPS groups, CSAT/CES distributions), as in the NPS tables.
const SHARE_DECIMALS: u8 = 0;

/// A chart ready for the document: SVG and alt text.
#[derive(Debug, Clone)]
pub struct ReportChart {
    /// The SVG document.
    pub svg: String,
    /// What the chart shows, for the PDF's alt text.
    pub alt: String,
}

struct Locale<'a>(&'a Formatter);

impl NumberFormat for Locale<'_> {
    fn number(&self, value: f64, decimals: u8) -> String {
        self.0.number(value, decimals)
    }
    fn percent(&self, value: f64, decimals: u8) -> String {
        self.0.percent(value, decimals)
    }
}

fn rgb(s: &str, fallback: Rgb) -> Rgb {
    Rgb::parse(s).unwrap_or(fallback)
}

/// The chart style of a theme.
pub fn style(theme: &Theme, rtl: bool) -> ChartStyle {
    let base = ChartStyle::new(rtl);
    let c = &theme.colors;
    ChartStyle {
        primary: rgb(&c.primary, base.primary),
        secondary: rgb(&c.secondary, base.secondary),
        accent: rgb(&c.accent, base.accent),
        red: rgb(&c.red, base.red),
        amber: rgb(&c.amber, base.amber),
        green: rgb(&c.green, base.green),
        text: rgb(&c.text, base.text),
        font_family: theme.fonts.body.clone(),
        ..base
    }
}

fn status(s: Option<TargetStatus>) -> Option<Status> {
    s.map(|s| match s {
        TargetStatus::Met => Status::Good,
        TargetStatus::Near => Status::Watch,
        TargetStatus::Missed => Status::Poor,
    })
}

/// Every chart of the report, by name: `ladder`, `radar`, `bars-<dimension id>`,
/// `heatmap-<n>` (one per segment column), `nps`, `nps-channels`, `csat`, `ces`.
pub fn build(
    r: &ScoreResult,
    theme: &Theme,
    lang: Lang,
    strings: &BTreeMap<String, Text>,
    f: &Formatter,
) -> Result<BTreeMap<String, ReportChart>> {
    let rtl = lang.is_rtl();
    let st = style(theme, rtl);
    let nf = Locale(f);
    let s = |k: &str| {
        strings
            .get(k)
            .map(|t| t.get(lang).to_string())
            .unwrap_or_default()
    };
    // An answer range such as 0–6, in the report's digits.
    let range = |a: u32, b: u32| format!("{}–{}", f.number(a.into(), 0), f.number(b.into(), 0));
    let min = r.model.scale_min as f64;
    let max = r.model.scale_max as f64;
    let mut out = BTreeMap::new();
    let mut put = |name: String, c: chart::Chart| {
        out.insert(
            name,
            ReportChart {
                svg: c.svg,
                alt: c.alt,
            },
        );
    };

    // Level ladder.
    if let (Some(score), Some(level)) = (r.overall.score, r.overall.level) {
        let current = r
            .model
            .levels
            .iter()
            .position(|l| l.number == level)
            .unwrap_or(0);
        let ladder = Ladder {
            steps: r
                .model
                .levels
                .iter()
                .map(|l| LadderStep {
                    name: l.name.get(lang).to_string(),
                    from: l.min_score,
                })
                .collect(),
            max,
            current,
            score,
            decimals: SCORE_DECIMALS,
        };
        put("ladder".into(), chart::ladder(&ladder, &st, &nf)?);
    }

    // Radar: scores, targets, previous assessment.
    let previous = |id: &str| {
        r.comparison
            .as_ref()
            .and_then(|c| c.dimensions.iter().find(|d| d.id == id))
            .map(|d| d.previous)
    };
    let radar = Radar {
        axes: r
            .dimensions
            .iter()
            .map(|d| RadarAxis {
                label: d.name.get(lang).to_string(),
                score: d.score,
                target: d.target,
                previous: previous(&d.id),
            })
            .collect(),
        min,
        max,
        legend: Some(RadarLegend {
            score: s("current"),
            target: s("target"),
            previous: s("previous"),
        }),
        decimals: SCORE_DECIMALS,
        target_decimals: TARGET_DECIMALS,
    };
    if radar.axes.len() >= 3 {
        put("radar".into(), chart::radar(&radar, &st, &nf)?);
    }

    // Question bars per dimension against the dimension's target (status as a dot).
    for d in &r.dimensions {
        let bars = Bars {
            bars: d
                .questions
                .iter()
                .filter_map(|id| r.questions.iter().find(|q| &q.id == id))
                .map(|q| Bar {
                    label: q.text.get(lang).to_string(),
                    value: q.mean,
                    status: d
                        .target
                        .zip(q.mean)
                        .map(|(t, m)| crate::score::status(m, t, true))
                        .and_then(|x| status(Some(x))),
                })
                .collect(),
            min,
            max,
            target: d.target.map(|value| TargetLine {
                value,
                label: s("target"),
                decimals: TARGET_DECIMALS,
            }),
            decimals: SCORE_DECIMALS,
        };
        if !bars.bars.is_empty() {
            put(format!("bars-{}", d.id), chart::bars(&bars, &st, &nf)?);
        }
    }

    // Heatmap per segment column.
    let mut columns: Vec<&str> = Vec::new();
    for seg in &r.segments {
        if !columns.contains(&seg.column.as_str()) {
            columns.push(&seg.column);
        }
    }
    for (i, col) in columns.iter().enumerate() {
        let rows: Vec<HeatRow> = r
            .segments
            .iter()
            .filter(|sg| sg.column == *col)
            .map(|sg| HeatRow {
                label: sg.value.clone(),
                cells: r
                    .dimensions
                    .iter()
                    .map(|d| {
                        if sg.suppressed {
                            return HeatCell::Suppressed;
                        }
                        match sg
                            .dimensions
                            .iter()
                            .find(|x| x.id == d.id)
                            .and_then(|x| x.score)
                        {
                            Some(v) => HeatCell::Value(v),
                            None => HeatCell::Missing,
                        }
                    })
                    .collect(),
            })
            .collect();
        let h = Heatmap {
            columns: r
                .dimensions
                .iter()
                .map(|d| d.name.get(lang).to_string())
                .collect(),
            rows,
            min,
            max,
            decimals: 1,
        };
        put(format!("heatmap-{i}"), chart::heatmap(&h, &st, &nf)?);
    }

    let m = &r.metrics;
    if let Some(nps) = &m.nps {
        let row = |label: String, st: &crate::score::NpsStats| {
            let n = st.n.max(1) as f64;
            NpsRow {
                label,
                detractors: st.detractors as f64 * 100.0 / n,
                passives: st.passives as f64 * 100.0 / n,
                promoters: st.promoters as f64 * 100.0 / n,
            }
        };
        let mut rows = vec![row(s("all_customers"), &nps.stats)];
        rows.extend(
            nps.by_segment
                .iter()
                .filter(|g| g.stats.n > 0)
                .map(|g| row(g.value.clone(), &g.stats)),
        );
        let stack = NpsStack {
            rows,
            names: NpsNames {
                detractors: format!("{} ({})", s("detractors"), range(0, 6)),
                passives: format!("{} ({})", s("passives"), range(7, 8)),
                promoters: format!("{} ({})", s("promoters"), range(9, 10)),
            },
            decimals: SHARE_DECIMALS,
        };
        put("nps".into(), chart::nps_stack(&stack, &st, &nf)?);
        if !nps.by_channel.is_empty() {
            let target = nps.target;
            let cols = Columns {
                columns: nps
                    .by_channel
                    .iter()
                    .map(|g| Column {
                        label: g.value.clone(),
                        value: Some(g.stats.score),
                        status: target
                            .map(|t| crate::score::status(g.stats.score, t, true))
                            .and_then(|x| status(Some(x))),
                    })
                    .collect(),
                kind: ValueKind::Signed {
                    decimals: NPS_DECIMALS,
                },
                axis: None,
                status_mark: StatusMark::Dot,
                target: target.map(|value| TargetLine {
                    value,
                    label: s("target"),
                    decimals: NPS_DECIMALS,
                }),
            };
            put("nps-channels".into(), chart::columns(&cols, &st, &nf)?);
        }
    }
    let dist = |counts: &[u64],
                first: i64,
                good_from: i64,
                labels: Option<&[crate::score::ScaleLabel]>| {
        let total: u64 = counts.iter().sum();
        Columns {
            columns: counts
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let v = first + i as i64;
                    let label = labels
                        .and_then(|ls| ls.iter().find(|l| l.value == v))
                        .map(|l| l.label.get(lang).to_string())
                        .unwrap_or_else(|| f.number(v as f64, 0));
                    Column {
                        label,
                        value: Some(if total > 0 {
                            *c as f64 * 100.0 / total as f64
                        } else {
                            0.0
                        }),
                        status: Some(if v >= good_from {
                            Status::Good
                        } else if v + 1 >= good_from {
                            Status::Watch
                        } else {
                            Status::Poor
                        }),
                    }
                })
                .collect(),
            kind: ValueKind::Percent {
                decimals: SHARE_DECIMALS,
            },
            axis: None,
            status_mark: StatusMark::Fill,
            target: None,
        }
    };
    if let Some(c) = &m.csat {
        put(
            "csat".into(),
            chart::columns(&dist(&c.distribution, 1, c.threshold, None), &st, &nf)?,
        );
    }
    if let Some(c) = &m.ces {
        put(
            "ces".into(),
            chart::columns(&dist(&c.distribution, 1, c.easy_min, None), &st, &nf)?,
        );
    }
    Ok(out)
}
