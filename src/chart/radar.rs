//! Radar of dimension scores against targets (and the previous assessment).

use super::canvas::{Anchor, Canvas, Frame, Txt, draw};
use super::{Chart, ChartStyle, NumberFormat, check_range, finite, opt_number, text, ticks};

/// One spoke of the radar: a dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct RadarAxis {
    /// Dimension name, already in the report's language.
    pub label: String,
    /// This assessment's score (scale units); `None` when it could not be scored.
    pub score: Option<f64>,
    /// The target score, when the engagement sets one.
    pub target: Option<f64>,
    /// The previous assessment's score, when there is one.
    pub previous: Option<f64>,
    /// The sector benchmark's first quartile, median and third quartile of the dimension,
    /// when the engagement has a benchmark figure for it: the median is drawn as a line and
    /// the interquartile range as a band.
    pub sector: Option<SectorBand>,
}

/// A benchmark's quartiles of one figure (scale units).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SectorBand {
    /// First quartile.
    pub q1: f64,
    /// Median.
    pub median: f64,
    /// Third quartile.
    pub q3: f64,
}

/// Names of the three series, shown in a legend under the radar.
#[derive(Debug, Clone, PartialEq)]
pub struct RadarLegend {
    /// E.g. "النتيجة الحالية" / "Current score".
    pub score: String,
    /// E.g. "المستهدف" / "Target".
    pub target: String,
    /// E.g. "التقييم السابق 2025" / "2025 assessment".
    pub previous: String,
    /// E.g. "وسيط القطاع" / "Sector median" (the band is the interquartile range).
    pub sector: String,
}

/// Radar input.
#[derive(Debug, Clone, PartialEq)]
pub struct Radar {
    /// Spokes, clockwise from the top (anticlockwise in right-to-left charts).
    pub axes: Vec<RadarAxis>,
    /// Scale minimum (the centre).
    pub min: f64,
    /// Scale maximum (the outer ring).
    pub max: f64,
    /// Legend; `None` draws none (e.g. when the report puts it in the caption).
    pub legend: Option<RadarLegend>,
    /// Decimals of the alt-text scores (current and previous).
    pub decimals: u8,
    /// Decimals of the alt-text targets (as the report's tables write them).
    pub target_decimals: u8,
}

/// Draws the radar. Series with no value at all are left out (no target line when no
/// dimension has a target); a missing value breaks its series' outline at that spoke.
pub fn radar(data: &Radar, style: &ChartStyle, nf: &dyn NumberFormat) -> crate::Result<Chart> {
    check_range("radar", data.min, data.max)?;
    let Frame { size, width, w, m } = Frame::new(style);
    // Drawn back to front: previous, target, then the score on top.
    let series: Vec<Series> = [
        Series::Sector,
        Series::Previous,
        Series::Target,
        Series::Score,
    ]
    .into_iter()
    .filter(|s| data.axes.iter().any(|a| finite(s.value(a)).is_some()))
    .collect();

    let legend_h = if data.legend.is_some() {
        size * 2.6
    } else {
        0.0
    };
    let radius = (w * 0.25).round();
    let labels = spoke_labels(&data.axes, radius, size, w);
    // The plot is as tall as the ring and the labels above and below it need, so a long
    // name wrapped on three lines is never cut at the top or bottom.
    let pad = size * 0.7;
    let above = labels.iter().map(|l| -l.top()).fold(radius, f64::max);
    let below = labels.iter().map(SpokeLabel::bottom).fold(radius, f64::max);
    let plot_h = (above + below + 2.0 * pad).ceil();
    let height_f = plot_h + legend_h;
    let height = height_f.ceil() as u32;
    let (cx, cy) = (w / 2.0, above + pad);
    let n = data.axes.len().max(1) as f64;
    let span = data.max - data.min;
    // Position of value `v` on spoke `i` (clamped to the scale), mirrored for RTL.
    let at = |i: usize, v: f64| {
        let t = ((v - data.min) / span).clamp(0.0, 1.0);
        let angle = spoke_angle(i, n);
        (
            m.x(cx + radius * t * angle.cos()),
            cy + radius * t * angle.sin(),
        )
    };

    let svg = draw(style, width, height, |c| {
        // Rings at nice values, polygonal like the outline.
        let rings = ticks(data.min, data.max, 5);
        for v in &rings {
            if *v <= data.min {
                continue;
            }
            let mut pts: Vec<(f64, f64)> = (0..data.axes.len()).map(|i| at(i, *v)).collect();
            if let Some(first) = pts.first().copied() {
                pts.push(first);
            }
            c.line(&pts, style.grid, 1)?;
        }
        for i in 0..data.axes.len() {
            c.line(&[at(i, data.min), at(i, data.max)], style.grid, 1)?;
        }
        draw_band(c, data, &at, style)?;
        draw_series(c, data, &series, &at, style)?;
        // Ring values along the first spoke, small and grey, beside it and just inside each
        // ring (outside the outer one they would run into the top spoke's label).
        for v in &rings {
            let (x, y) = at(0, *v);
            let label = nf.minus(*v, 0);
            c.text(
                &Txt::number(
                    &label,
                    (x + if style.rtl { -4.0 } else { 4.0 }, y + size * 0.55),
                    size * 0.8,
                    style,
                )
                .anchor(m.anchor(Anchor::Left))
                .colour(style.grid.mix(style.text, 0.6)),
            )?;
        }
        // Spoke labels just outside the outer ring.
        for l in &labels {
            let t =
                Txt::label("", (m.x(cx + l.x), cy + l.y), l.size, style).anchor(m.anchor(l.anchor));
            c.lines(&l.lines, &t, l.size * LEADING)?;
        }
        if let Some(legend) = &data.legend {
            draw_legend(c, legend, &series, plot_h + legend_h / 2.0, style)?;
        }
        Ok(())
    })?;

    let alt = alt_text(data, nf);
    Ok(Chart {
        svg,
        width,
        height,
        alt,
    })
}

/// The series, back to front: a filled area for the score only, outlines for all (the target
/// dashed), dots on the score's values. `at(i, v)` places value `v` on spoke `i`.
/// The sector's interquartile band: one quadrilateral between each pair of neighbouring
/// spokes that both have a benchmark figure.
fn draw_band(
    c: &Canvas,
    data: &Radar,
    at: &dyn Fn(usize, f64) -> (f64, f64),
    style: &ChartStyle,
) -> crate::Result<()> {
    let k = data.axes.len();
    if k < 3 {
        return Ok(());
    }
    let band = |x: usize| data.axes.get(x).and_then(|a| a.sector);
    for i in 0..k {
        if let (Some(a), Some(b)) = (band(i), band((i + 1) % k)) {
            let quad = [
                at(i, a.q1),
                at(i, a.q3),
                at((i + 1) % k, b.q3),
                at((i + 1) % k, b.q1),
            ];
            c.polygon(&quad, Series::Sector.colour(style), 0.16)?;
        }
    }
    Ok(())
}

fn draw_series(
    c: &Canvas,
    data: &Radar,
    series: &[Series],
    at: &dyn Fn(usize, f64) -> (f64, f64),
    style: &ChartStyle,
) -> crate::Result<()> {
    // Series: filled area for the score only; outlines for all.
    for s in series {
        let colour = &s.colour(style);
        let vals: Vec<Option<f64>> = data.axes.iter().map(|a| finite(s.value(a))).collect();
        let complete = vals.iter().all(Option::is_some);
        let is_score = *s == Series::Score;
        if complete && is_score {
            let pts: Vec<(f64, f64)> = vals
                .iter()
                .enumerate()
                .map(|(i, v)| at(i, v.unwrap_or(data.min)))
                .collect();
            c.polygon(&pts, *colour, 0.18)?;
        }
        let k = vals.len();
        for i in 0..k {
            let j = (i + 1) % k;
            if let (Some(Some(a)), Some(Some(b))) = (vals.get(i), vals.get(j)) {
                if k < 2 || (k == 2 && i == 1) {
                    continue;
                }
                let seg = [at(i, *a), at(j, *b)];
                if *s == Series::Target {
                    c.dashed(&seg, *colour, 2)?;
                } else {
                    let width = if is_score || *s == Series::Sector {
                        2
                    } else {
                        1
                    };
                    c.line(&seg, *colour, width)?;
                }
            }
        }
        if is_score {
            for (i, v) in vals.iter().enumerate() {
                if let Some(v) = v {
                    c.dot(at(i, *v), 3, *colour)?;
                }
            }
        }
    }
    Ok(())
}

/// The legend: swatch + name per series, centred under the plot at height `y`, in reading
/// order.
fn draw_legend(
    c: &Canvas,
    legend: &RadarLegend,
    series: &[Series],
    y: f64,
    style: &ChartStyle,
) -> crate::Result<()> {
    let Frame { size, w, m, .. } = Frame::new(style);
    let items: Vec<(&str, super::Rgb)> = series
        .iter()
        .rev()
        .map(|s| (s.name(Some(legend)), s.colour(style)))
        .collect();
    let gap = size * 1.6;
    let swatch = size * 1.6;
    let total: f64 = items
        .iter()
        .map(|(s, _)| swatch + size * 0.5 + text::width(&text::clean(s), size))
        .sum::<f64>()
        + gap * (items.len().saturating_sub(1)) as f64;
    let mut x = ((w - total) / 2.0).max(1.0);
    for (name, col) in items {
        let tw = text::width(&text::clean(name), size);
        c.line(&[(m.x(x), y), (m.x(x + swatch), y)], col, 3)?;
        c.text(
            &Txt::label(name, (m.x(x + swatch + size * 0.5), y), size, style)
                .anchor(m.anchor(Anchor::Left)),
        )?;
        x += swatch + size * 0.5 + tw + gap;
    }
    Ok(())
}

/// Each spoke's score (with its target and previous score when the legend names them), for
/// the PDF's alt text.
fn alt_text(data: &Radar, nf: &dyn NumberFormat) -> String {
    data.axes
        .iter()
        .map(|a| {
            let mut s = format!(
                "{}: {}",
                text::for_alt(&a.label),
                opt_number(a.score, data.decimals, nf)
            );
            if let Some(l) = &data.legend {
                if finite(a.target).is_some() {
                    s += &format!(
                        ", {} {}",
                        text::for_alt(&l.target),
                        opt_number(a.target, data.target_decimals, nf)
                    );
                }
                if finite(a.previous).is_some() {
                    s += &format!(
                        ", {} {}",
                        text::for_alt(&l.previous),
                        opt_number(a.previous, data.decimals, nf)
                    );
                }
                if let Some(b) = a.sector {
                    s += &format!(
                        ", {} {}",
                        text::for_alt(&l.sector),
                        opt_number(Some(b.median), data.decimals, nf)
                    );
                }
            }
            s
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Line spacing of spoke labels, in units of their size.
const LEADING: f64 = 1.25;

/// The angle of spoke `i` of `n`: the first at the top, then clockwise (before mirroring).
fn spoke_angle(i: usize, n: f64) -> f64 {
    -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::TAU / n
}

/// A spoke's name laid out outside the ring, relative to the centre (left-to-right layout).
#[derive(Debug, Clone)]
struct SpokeLabel {
    lines: Vec<String>,
    size: f64,
    anchor: Anchor,
    /// Anchor point; `y` is the centre of the block.
    x: f64,
    y: f64,
}

impl SpokeLabel {
    fn half_height(&self) -> f64 {
        (self.lines.len().max(1) as f64 * LEADING * self.size) / 2.0
    }
    fn top(&self) -> f64 {
        self.y - self.half_height()
    }
    fn bottom(&self) -> f64 {
        self.y + self.half_height()
    }
}

/// Lays out the spoke names: each wrapped (up to three lines, shrunk to 80 % before a word
/// is cut) in the room between its spoke end and the canvas edge; labels over the top spoke
/// grow upward, under the bottom one downward; labels on one side that would overlap are
/// pushed apart vertically.
fn spoke_labels(axes: &[RadarAxis], radius: f64, size: f64, w: f64) -> Vec<SpokeLabel> {
    let n = axes.len().max(1) as f64;
    let mut out: Vec<SpokeLabel> = axes
        .iter()
        .enumerate()
        .map(|(i, axis)| {
            let angle = spoke_angle(i, n);
            let (dx, dy) = (angle.cos(), angle.sin());
            let lx = (radius + size * 0.8) * dx;
            let ly = (radius + size * 0.9) * dy;
            // Only the spokes straight up or down get a centred label; the others grow away
            // from the ring sideways.
            let anchor = if dx > 0.1 {
                Anchor::Left
            } else if dx < -0.1 {
                Anchor::Right
            } else {
                Anchor::Center
            };
            // A centred label (top or bottom) must stop short of its neighbours' labels,
            // which start where the next spokes end.
            let neighbour = (radius + size * 0.8) * (std::f64::consts::TAU / n).sin().abs();
            let room = match anchor {
                Anchor::Left | Anchor::Right => w / 2.0 - lx.abs() - 4.0,
                Anchor::Center => (2.0 * (neighbour - lx.abs()) - size).min(w * 0.36),
            }
            .max(size * 4.0);
            let fit = text::fit_lines([axis.label.as_str()], size, size * 0.8, room, 3);
            let lines = text::wrap(&axis.label, fit, room, 3);
            let mut l = SpokeLabel {
                lines,
                size: fit,
                anchor,
                x: lx,
                y: ly,
            };
            let h = l.half_height();
            // Over the top spoke the block grows upward, under the bottom one downward.
            if dy < -0.5 {
                l.y = ly - h + fit * 0.3;
            } else if dy > 0.5 {
                l.y = ly + h - fit * 0.3;
            }
            l
        })
        .collect();
    // Push apart overlapping labels on each side, top to bottom.
    for side in [Anchor::Left, Anchor::Right, Anchor::Center] {
        let mut idx: Vec<usize> = (0..out.len())
            .filter(|&i| out.get(i).is_some_and(|l| l.anchor == side))
            .collect();
        idx.sort_by(|&a, &b| {
            let ya = out.get(a).map_or(0.0, |l| l.y);
            let yb = out.get(b).map_or(0.0, |l| l.y);
            ya.total_cmp(&yb)
        });
        for pair in idx.windows(2) {
            let (Some(&a), Some(&b)) = (pair.first(), pair.get(1)) else {
                continue;
            };
            let (Some(upper), Some(lower)) = (out.get(a).cloned(), out.get_mut(b)) else {
                continue;
            };
            let min_y = upper.bottom() + lower.half_height() + size * 0.3;
            if lower.y < min_y {
                lower.y = min_y;
            }
        }
    }
    out
}

/// The three radar series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Series {
    Sector,
    Previous,
    Target,
    Score,
}

impl Series {
    fn value(self, a: &RadarAxis) -> Option<f64> {
        match self {
            Series::Sector => a.sector.map(|b| b.median),
            Series::Previous => a.previous,
            Series::Target => a.target,
            Series::Score => a.score,
        }
    }

    fn colour(self, style: &ChartStyle) -> super::Rgb {
        match self {
            Series::Sector => style.grid.mix(style.text, 0.45),
            Series::Previous => style.secondary,
            Series::Target => style.accent,
            Series::Score => style.primary,
        }
    }

    fn name(self, legend: Option<&RadarLegend>) -> &str {
        legend.map_or("", |l| match self {
            Series::Sector => l.sector.as_str(),
            Series::Previous => l.previous.as_str(),
            Series::Target => l.target.as_str(),
            Series::Score => l.score.as_str(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::AsciiNumbers;

    fn axis(label: &str, score: Option<f64>) -> RadarAxis {
        RadarAxis {
            sector: None,
            label: label.into(),
            score,
            target: None,
            previous: None,
        }
    }

    fn data(axes: Vec<RadarAxis>) -> Radar {
        Radar {
            axes,
            min: 1.0,
            max: 5.0,
            legend: None,
            decimals: 1,
            target_decimals: 1,
        }
    }

    #[test]
    fn bad_scale_is_an_error() {
        let mut d = data(vec![axis("a", Some(2.0))]);
        d.max = 1.0;
        let e = radar(&d, &ChartStyle::new(false), &AsciiNumbers).unwrap_err();
        assert!(e.to_string().contains("1..1"), "{e}");
        d.max = f64::NAN;
        assert!(radar(&d, &ChartStyle::new(false), &AsciiNumbers).is_err());
    }

    #[test]
    fn missing_and_odd_values_do_not_panic() {
        for axes in [
            vec![],
            vec![axis("one", Some(3.0))],
            vec![
                axis("a", Some(f64::NAN)),
                axis("b", None),
                axis("c", Some(99.0)),
            ],
            vec![
                axis("a", Some(-5.0)),
                axis("b", Some(f64::INFINITY)),
                axis("c", Some(2.0)),
            ],
        ] {
            let c = radar(&data(axes), &ChartStyle::new(true), &AsciiNumbers).expect("draws");
            assert!(c.svg.ends_with("</svg>\n"));
        }
    }

    #[test]
    fn incomplete_score_is_not_filled_and_no_target_line_without_targets() {
        let style = ChartStyle::new(false);
        let full = radar(
            &data(vec![
                axis("a", Some(2.0)),
                axis("b", Some(3.0)),
                axis("c", Some(4.0)),
            ]),
            &style,
            &AsciiNumbers,
        )
        .expect("draws");
        assert!(full.svg.contains("<polygon"));
        let gap = radar(
            &data(vec![
                axis("a", Some(2.0)),
                axis("b", None),
                axis("c", Some(4.0)),
            ]),
            &style,
            &AsciiNumbers,
        )
        .expect("draws");
        assert!(
            !gap.svg.contains("<polygon"),
            "a gap must not be filled as if it were the centre"
        );
        assert!(
            !full.svg.contains(&style.accent.hex().to_uppercase()),
            "no targets given, no target line"
        );
    }

    /// Long Arabic dimension names, 3 to 18 spokes: every label stays on the canvas, none is
    /// cut with `…`, and no two labels overlap.
    #[test]
    fn long_arabic_names_fit_and_do_not_overlap() {
        let names = [
            "الاستراتيجية والقيادة والحوكمة المؤسسية",
            "فهم العميل واحتياجاته",
            "تصميم الرحلات والخدمات عبر جميع القنوات",
            "صوت العميل",
            "القياس والمؤشرات التشغيلية والمالية",
            "الثقافة والموظفون",
            "الحوكمة والمساءلة",
            "القنوات الرقمية والبيانات والتقنية والذكاء الاصطناعي",
            "إدارة الشكاوى",
            "التخصيص",
            "الشراكات",
            "الاستدامة والمسؤولية الاجتماعية",
        ];
        let style = ChartStyle::new(true);
        let w = f64::from(style.width);
        let size = style.font_size;
        // Up to 18 spokes (names repeat past 12): crowded sides must be pushed apart.
        for n in 3..=18 {
            let axes: Vec<RadarAxis> = names
                .iter()
                .cycle()
                .take(n)
                .map(|l| axis(l, Some(3.0)))
                .collect();
            let c = radar(&data(axes.clone()), &style, &AsciiNumbers).expect("draws");
            assert!(!c.svg.contains('…'), "{n} spokes: a label was cut");
            let labels = spoke_labels(&axes, (w * 0.25).round(), size, w);
            let boxes: Vec<(f64, f64, f64, f64)> = labels
                .iter()
                .map(|l| {
                    let lw = l
                        .lines
                        .iter()
                        .map(|s| text::width(s, l.size))
                        .fold(0.0, f64::max);
                    let x = w / 2.0 + l.x;
                    let (x0, x1) = match l.anchor {
                        Anchor::Left => (x, x + lw),
                        Anchor::Right => (x - lw, x),
                        Anchor::Center => (x - lw / 2.0, x + lw / 2.0),
                    };
                    (x0, x1, l.top(), l.bottom())
                })
                .collect();
            for (i, a) in boxes.iter().enumerate() {
                assert!(
                    a.0 >= 0.0 && a.1 <= w,
                    "{n} spokes: label {i} off the canvas {a:?}"
                );
                for (j, b) in boxes.iter().enumerate().skip(i + 1) {
                    let apart = a.1 <= b.0 || b.1 <= a.0 || a.3 <= b.2 || b.3 <= a.2;
                    assert!(apart, "{n} spokes: labels {i} and {j} overlap: {a:?} {b:?}");
                }
            }
            // The tallest label block still fits between the canvas top and bottom.
            let above = labels.iter().map(|l| -l.top()).fold(0.0, f64::max);
            assert!(above < f64::from(c.height), "{n} spokes");
        }
    }

    #[test]
    fn rtl_mirrors_the_second_spoke() {
        let axes = vec![
            axis("a", Some(5.0)),
            axis("b", Some(5.0)),
            axis("c", Some(5.0)),
        ];
        let x_of_b = |rtl: bool| {
            let c =
                radar(&data(axes.clone()), &ChartStyle::new(rtl), &AsciiNumbers).expect("draws");
            crate::chart::tests::text_x(&c.svg, "b")
        };
        let (ltr, rtl) = (x_of_b(false).expect("ltr"), x_of_b(true).expect("rtl"));
        assert!(ltr > 240.0 && rtl < 240.0, "ltr {ltr} rtl {rtl}");
    }
}
