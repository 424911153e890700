//! The report's charts: the score result mapped onto the `chart` module's small inputs,
//! themed from the report theme, numbers written in the report's digits.

use std::collections::BTreeMap;

use crate::analysis::journey::{JourneyFindings, kpi_series};
use crate::chart::{
    self, Bar, Bars, ChartStyle, Column, Columns, HeatCell, HeatRow, Heatmap, Journey,
    JourneyPoint, Ladder, LadderStep, NpsNames, NpsRow, NpsStack, NumberFormat, Position,
    PositionNames, Radar, RadarAxis, RadarLegend, Rgb, SectorBand, Sparkline, Status, StatusMark,
    TargetLine, ValueKind,
};
use crate::error::Result;
use crate::score::{
    DimensionResult, NpsResult, NpsStats, ScoreResult, SegmentResult, TargetStatus,
};
use crate::text::{Lang, Text};
use crate::typeset::locale::Formatter;

use super::theme::Theme;

// Decimals of the figures the charts print, the same as the report's tables write them
// (src/report/mod.rs: question and dimension means 2, targets 1, NPS 1, NPS shares 0).
// The heatmap's scores have 2 decimals too, as the deck and the results workbook show them
// (a tester read 1.8 in the report beside 1.75 in both).
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

/// A label from the data (a period such as `2026-Q3`) with its digits in the report's digits.
fn in_digits(s: &str, nf: &dyn NumberFormat) -> String {
    s.chars()
        .map(|c| match c.to_digit(10).filter(|_| c.is_ascii_digit()) {
            Some(d) => nf.number(f64::from(d), 0),
            None => c.to_string(),
        })
        .collect()
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

/// Rows of one heatmap chart: a part of this many segment values (each up to two lines) and
/// the headers fits an A4 page with room for its heading.
pub const HEATMAP_ROWS: usize = 18;

/// The chart names of segment column `column` (0-based, in the order of the results) with
/// `rows` values: `heatmap-<column>` for the first [`HEATMAP_ROWS`] rows, then
/// `heatmap-<column>-2`, `heatmap-<column>-3`… for the parts that continue it.
pub fn heatmap_names(column: usize, rows: usize) -> Vec<String> {
    let parts = rows.div_ceil(HEATMAP_ROWS).max(1);
    (1..=parts)
        .map(|k| match k {
            1 => format!("heatmap-{column}"),
            k => format!("heatmap-{column}-{k}"),
        })
        .collect()
}

/// Every chart of the report, by name: `ladder`, `radar`, `bars-<dimension id>`,
/// `heatmap-<n>` (one per segment column, continued as `heatmap-<n>-2`… when it has more than
/// [`HEATMAP_ROWS`] values), `nps`, `nps-channels`, `csat`, `ces`.
pub fn build(
    r: &ScoreResult,
    theme: &Theme,
    lang: Lang,
    strings: &BTreeMap<String, Text>,
    f: &Formatter,
) -> Result<BTreeMap<String, ReportChart>> {
    build_styled(r, style(theme, lang.is_rtl()), lang, strings, f)
}

/// Labels of a slide's chart are drawn this many times the report's size, relative to the
/// chart: a slide shows a chart about as wide as an A4 page does, and it is read from the
/// back of a room.
pub const SLIDE_TEXT_SCALE: f64 = 1.6;

/// The chart style of a theme for slides: the report's, with larger labels
/// ([`SLIDE_TEXT_SCALE`]) on a narrower canvas.
pub fn slide_style(theme: &Theme, rtl: bool) -> ChartStyle {
    let st = style(theme, rtl);
    ChartStyle {
        width: (f64::from(st.width) / SLIDE_TEXT_SCALE).round() as u32,
        ..st
    }
}

/// [`build`] with a given chart style (the report's [`style`] or the slides' [`slide_style`]).
pub fn build_styled(
    r: &ScoreResult,
    st: ChartStyle,
    lang: Lang,
    strings: &BTreeMap<String, Text>,
    f: &Formatter,
) -> Result<BTreeMap<String, ReportChart>> {
    let cx = Charts {
        r,
        lang,
        strings,
        f,
        st,
        min: r.model.scale_min as f64,
        max: r.model.scale_max as f64,
    };
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
    let nf = Locale(f);
    if let Some(ladder) = cx.ladder() {
        put("ladder".into(), chart::ladder(&ladder, &cx.st, &nf)?);
    }
    let radar = cx.radar();
    if radar.axes.len() >= 3 {
        put("radar".into(), chart::radar(&radar, &cx.st, &nf)?);
    }
    if let Some(p) = cx.perception().filter(|p| p.axes.len() >= 3) {
        put("perception".into(), chart::radar(&p, &cx.st, &nf)?);
    }
    for d in &r.dimensions {
        let bars = cx.question_bars(d);
        // A dimension whose every answer is N/A has no mean to draw: no chart (its page
        // says why), never an empty frame of "—".
        if !bars.bars.is_empty() && d.score.is_some() {
            put(format!("bars-{}", d.id), chart::bars(&bars, &cx.st, &nf)?);
            if let Some(p) = cx.position(d) {
                put(
                    format!("position-{}", d.id),
                    chart::position(&p, &cx.st, &nf)?,
                );
            }
        }
    }
    for (i, h) in cx.heatmaps().into_iter().enumerate() {
        // A long column (a bank's 40 branches) is drawn in parts that each fit a page, every
        // part with the dimension headers, so no row is ever pushed off the page.
        let names = heatmap_names(i, h.rows.len());
        for (name, rows) in names.into_iter().zip(h.rows.chunks(HEATMAP_ROWS)) {
            let part = Heatmap {
                rows: rows.to_vec(),
                ..h.clone()
            };
            put(name, chart::heatmap(&part, &cx.st, &nf)?);
        }
    }
    if let Some(nps) = &r.metrics.nps {
        put(
            "nps".into(),
            chart::nps_stack(&cx.nps_stack(nps), &cx.st, &nf)?,
        );
        if !nps.by_channel.is_empty() {
            let cols = cx.nps_channels(nps);
            put("nps-channels".into(), chart::columns(&cols, &cx.st, &nf)?);
        }
    }
    if let Some(c) = &r.metrics.csat {
        let cols = cx.distribution(&c.distribution, 1, c.threshold);
        put("csat".into(), chart::columns(&cols, &cx.st, &nf)?);
    }
    if let Some(c) = &r.metrics.ces {
        let cols = cx.distribution(&c.distribution, 1, c.easy_min);
        put("ces".into(), chart::columns(&cols, &cx.st, &nf)?);
    }
    // The journey line (stages with fewer answers than the minimum are never drawn) and the
    // indicators' sparklines.
    let jf = crate::analysis::journey::journey(r, true);
    if let Some(j) = cx.journey(&jf) {
        put("journey".into(), chart::journey(&j, &cx.st, &nf)?);
    }
    for (i, s) in cx.sparklines().into_iter().enumerate() {
        if let Some(s) = s {
            put(format!("kpi-{i}"), chart::sparkline(&s, &cx.st, &nf)?);
        }
    }
    Ok(out)
}

/// What every chart of one report shares: the result, the language, the words, the digits
/// and the theme's chart style.
struct Charts<'a> {
    r: &'a ScoreResult,
    lang: Lang,
    strings: &'a BTreeMap<String, Text>,
    f: &'a Formatter,
    st: ChartStyle,
    /// The answer scale's ends.
    min: f64,
    max: f64,
}

impl Charts<'_> {
    /// The journey line: the map's metric at each stage in journey order, stages with fewer
    /// answers than the minimum left out; `None` with fewer than two stages to draw.
    fn journey(&self, jf: &JourneyFindings) -> Option<Journey> {
        use crate::analysis::journey::StageMetric as M;
        let metric = jf.metric?;
        let m = &self.r.metrics;
        let (lo, hi, decimals, target, name, higher) = match metric {
            M::Nps => (
                -100.0,
                100.0,
                NPS_DECIMALS,
                m.nps.as_ref().and_then(|n| n.target),
                self.s("nps_short"),
                true,
            ),
            M::Csat => (
                0.0,
                100.0,
                1,
                m.csat.as_ref().and_then(|n| n.target),
                self.s("csat_short"),
                true,
            ),
            M::Ces => (
                1.0,
                m.ces.as_ref().map_or(7.0, |c| c.scale as f64),
                2,
                m.ces.as_ref().and_then(|n| n.target),
                self.s("ces_short"),
                true,
            ),
        };
        let value = |id: &str| {
            jf.values
                .iter()
                .find(|v| v.id == id && !v.small && v.value.is_finite())
                .map(|v| v.value)
        };
        let stages: Vec<JourneyPoint> = self
            .r
            .journey
            .iter()
            .map(|s| {
                let v = value(&s.id);
                JourneyPoint {
                    label: s.name.get(self.lang).to_string(),
                    value: v,
                    status: status(
                        v.zip(target)
                            .map(|(v, t)| crate::score::status(v, t, higher)),
                    ),
                    truth: jf.truth.as_deref() == Some(s.id.as_str()),
                }
            })
            .collect();
        let drawn: Vec<f64> = stages.iter().filter_map(|s| s.value).collect();
        if drawn.len() < 2 {
            return None;
        }
        // The vertical scale: the values and the target with a margin, in steps of a tenth
        // of the metric's range, within the range.
        let step = (hi - lo) / 10.0;
        let (dmin, dmax) = drawn
            .iter()
            .copied()
            .chain(target)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(v), b.max(v))
            });
        let min = ((dmin - step) / step).floor() * step;
        let max = ((dmax + step) / step).ceil() * step;
        Some(Journey {
            stages,
            min: min.max(lo),
            max: max.min(hi),
            target: target.map(|t| TargetLine {
                value: t,
                label: self.s("target"),
                decimals: TARGET_DECIMALS,
            }),
            metric: name,
            truth_label: self.s("moment_of_truth"),
            decimals,
        })
    }

    /// One sparkline per indicator series of two or more periods (`None` for the others), in
    /// `kpis_latest` order.
    fn sparklines(&self) -> Vec<Option<Sparkline>> {
        let r = self.r;
        kpi_series(r)
            .into_iter()
            .map(|range| {
                let list = r.kpis.get(range)?;
                let last = list.last()?;
                (list.len() >= 2).then(|| Sparkline {
                    points: list
                        .iter()
                        .map(|k| {
                            let p = k.period.as_deref().unwrap_or_default();
                            (in_digits(p, &Locale(self.f)), k.value)
                        })
                        .collect(),
                    target: last.target,
                    status: status(last.status),
                    name: last.indicator.clone(),
                    decimals: 1,
                })
            })
            .collect()
    }
    /// A word of the report's catalogue in the report's language.
    fn s(&self, k: &str) -> String {
        self.strings
            .get(k)
            .map(|t| t.get(self.lang).to_string())
            .unwrap_or_default()
    }

    /// An answer range such as 0–6, in the report's digits.
    fn range(&self, a: u32, b: u32) -> String {
        format!(
            "{}–{}",
            self.f.number(a.into(), 0),
            self.f.number(b.into(), 0)
        )
    }

    /// The level ladder, when the organisation has a score and a level.
    fn ladder(&self) -> Option<Ladder> {
        let r = self.r;
        let (score, level) = r.overall.score.zip(r.overall.level)?;
        // The label is rounded toward the level, as every score of the report (2.995 at
        // level 1 under 3.0 is `2.99`): the chart is given the figure it shows.
        let thresholds: Vec<f64> = r.model.levels.iter().map(|l| l.min_score).collect();
        let score = crate::rounding::round_toward_level(score, SCORE_DECIMALS, &thresholds)
            .and_then(|d| d.to_string().parse::<f64>().ok())
            .unwrap_or(score);
        let current = r
            .model
            .levels
            .iter()
            .position(|l| l.number == level)
            .unwrap_or(0);
        Some(Ladder {
            steps: r
                .model
                .levels
                .iter()
                .map(|l| LadderStep {
                    name: l.name.get(self.lang).to_string(),
                    from: l.min_score,
                })
                .collect(),
            max: self.max,
            current,
            score,
            decimals: SCORE_DECIMALS,
        })
    }

    /// A dimension's place in the sector benchmark, when it has a score and the benchmark
    /// a figure for it (never for fewer organisations than the benchmark's minimum).
    fn position(&self, d: &DimensionResult) -> Option<Position> {
        let b = d.benchmark.as_ref()?;
        Some(Position {
            min: self.min,
            max: self.max,
            q1: b.q1,
            median: b.median,
            q3: b.q3,
            value: d.score?,
            names: PositionNames {
                client: self.s("current"),
                median: self.s("sector_median"),
                band: self.s("sector_band"),
            },
            decimals: SCORE_DECIMALS,
        })
    }

    /// The perception gap (assessments with a staff survey beside them): each dimension's
    /// assessed score as the radar's score series and the staff's self-assessment as its
    /// second series, named so in the legend. `None` without a survey.
    fn perception(&self) -> Option<Radar> {
        let r = self.r;
        if !r
            .dimensions
            .iter()
            .any(|d| matches!(d.self_assessment, Some(Some(_))))
        {
            return None;
        }
        Some(Radar {
            axes: r
                .dimensions
                .iter()
                .map(|d| RadarAxis {
                    // A dimension without a valid answer is drawn as such (issue 19): its
                    // spoke is named "(No answers)" and has no point.
                    label: match d.score {
                        Some(_) => d.name.get(self.lang).to_string(),
                        None => format!(
                            "{} ({})",
                            d.name.get(self.lang),
                            self.s("status_no_answers")
                        ),
                    },
                    score: d.score,
                    target: None,
                    previous: d.self_assessment.flatten(),
                    sector: None,
                })
                .collect(),
            min: self.min,
            max: self.max,
            legend: Some(RadarLegend {
                score: self.s("assessed_score"),
                target: self.s("target"),
                previous: self.s("self_assessment"),
                sector: self.s("sector_median"),
            }),
            decimals: SCORE_DECIMALS,
            target_decimals: TARGET_DECIMALS,
        })
    }

    /// The radar: scores, targets and the previous assessment per dimension.
    fn radar(&self) -> Radar {
        let r = self.r;
        let previous = |id: &str| {
            r.comparison
                .as_ref()
                .and_then(|c| c.dimensions.iter().find(|d| d.id == id))
                .map(|d| d.previous)
        };
        Radar {
            axes: r
                .dimensions
                .iter()
                .map(|d| RadarAxis {
                    // A dimension without a valid answer is drawn as such (issue 19): its
                    // spoke is named "(No answers)" and has no point.
                    label: match d.score {
                        Some(_) => d.name.get(self.lang).to_string(),
                        None => format!(
                            "{} ({})",
                            d.name.get(self.lang),
                            self.s("status_no_answers")
                        ),
                    },
                    score: d.score,
                    target: d.target,
                    previous: previous(&d.id),
                    sector: d.benchmark.as_ref().map(|b| SectorBand {
                        q1: b.q1,
                        median: b.median,
                        q3: b.q3,
                    }),
                })
                .collect(),
            min: self.min,
            max: self.max,
            legend: Some(RadarLegend {
                score: self.s("current"),
                target: self.s("target"),
                previous: self.s("previous"),
                sector: self.s("sector_median"),
            }),
            decimals: SCORE_DECIMALS,
            target_decimals: TARGET_DECIMALS,
        }
    }

    /// A dimension's question bars against its target (status as a dot).
    fn question_bars(&self, d: &DimensionResult) -> Bars {
        let r = self.r;
        Bars {
            bars: d
                .questions
                .iter()
                .filter_map(|id| r.questions.iter().find(|q| &q.id == id))
                .map(|q| Bar {
                    label: q.text.get(self.lang).to_string(),
                    value: q.mean,
                    status: d
                        .target
                        .zip(q.mean)
                        .map(|(t, m)| crate::score::status(m, t, true))
                        .and_then(|x| status(Some(x))),
                })
                .collect(),
            min: self.min,
            max: self.max,
            target: d.target.map(|value| TargetLine {
                value,
                label: self.s("target"),
                decimals: TARGET_DECIMALS,
            }),
            decimals: SCORE_DECIMALS,
        }
    }

    /// One heatmap per segment column (in the order the columns first appear): a row per
    /// segment value, a cell per dimension.
    fn heatmaps(&self) -> Vec<Heatmap> {
        let r = self.r;
        let mut columns: Vec<&str> = Vec::new();
        for seg in r.segments.iter().filter(|s| !s.hidden_as_small()) {
            if !columns.contains(&seg.column.as_str()) {
                columns.push(&seg.column);
            }
        }
        columns
            .iter()
            .map(|col| Heatmap {
                columns: r
                    .dimensions
                    .iter()
                    .map(|d| d.name.get(self.lang).to_string())
                    .collect(),
                rows: r
                    .segments
                    .iter()
                    .filter(|sg| sg.column == *col && !sg.hidden_as_small())
                    .map(|sg| self.heat_row(sg))
                    .collect(),
                min: self.min,
                max: self.max,
                decimals: SCORE_DECIMALS,
            })
            .collect()
    }

    fn heat_row(&self, sg: &SegmentResult) -> HeatRow {
        HeatRow {
            label: sg.value.clone(),
            cells: self
                .r
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
        }
    }

    /// Detractors, passives and promoters as shares: all customers, then each segment.
    fn nps_stack(&self, nps: &NpsResult) -> NpsStack {
        let row = |label: String, st: &NpsStats| {
            let n = st.n.max(1) as f64;
            NpsRow {
                label,
                detractors: st.detractors as f64 * 100.0 / n,
                passives: st.passives as f64 * 100.0 / n,
                promoters: st.promoters as f64 * 100.0 / n,
            }
        };
        let mut rows = vec![row(self.s("all_customers"), &nps.stats)];
        rows.extend(
            nps.by_segment
                .iter()
                .filter(|g| g.stats.n > 0)
                .map(|g| row(g.value.clone(), &g.stats)),
        );
        NpsStack {
            rows,
            names: NpsNames {
                detractors: format!("{} ({})", self.s("detractors"), self.range(0, 6)),
                passives: format!("{} ({})", self.s("passives"), self.range(7, 8)),
                promoters: format!("{} ({})", self.s("promoters"), self.range(9, 10)),
            },
            decimals: SHARE_DECIMALS,
        }
    }

    /// NPS per channel against the NPS target (status as a dot).
    fn nps_channels(&self, nps: &NpsResult) -> Columns {
        let target = nps.target;
        Columns {
            columns: nps
                .by_channel
                .iter()
                .map(|g| Column {
                    // A group under the minimum size says so and its n, on the report's
                    // chart and the deck's slide alike.
                    label: if g.small {
                        let n = self.f.number(g.stats.n as f64, 0);
                        let flag = crate::words::fill(&self.s("small_group_n"), &[("n", &n)]);
                        format!("{} · {flag}", g.value)
                    } else {
                        g.value.clone()
                    },
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
                label: self.s("target"),
                decimals: NPS_DECIMALS,
            }),
        }
    }

    /// A CSAT or CES distribution: the share of answers per scale point, coloured good from
    /// `good_from`, watch one point below, poor under that.
    fn distribution(&self, counts: &[u64], first: i64, good_from: i64) -> Columns {
        let total: u64 = counts.iter().sum();
        Columns {
            columns: counts
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let v = first + i as i64;
                    Column {
                        label: self.f.number(v as f64, 0),
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
    }
}
