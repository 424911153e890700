//! Radar of dimension scores against targets (and the previous assessment).

use super::canvas::{Anchor, Kind, Mirror, Txt, draw};
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
    /// Decimals of the alt-text values.
    pub decimals: u8,
}

/// Draws the radar. Series with no value at all are left out (no target line when no
/// dimension has a target); a missing value breaks its series' outline at that spoke.
pub fn radar(data: &Radar, style: &ChartStyle, nf: &dyn NumberFormat) -> crate::Result<Chart> {
    check_range("radar", data.min, data.max)?;
    let size = style.font_size;
    let width = style.width;
    let w = f64::from(width);
    // Drawn back to front: previous, target, then the score on top.
    let series: Vec<Series> = [Series::Previous, Series::Target, Series::Score]
        .into_iter()
        .filter(|s| data.axes.iter().any(|a| finite(s.value(a)).is_some()))
        .collect();

    let legend_h = if data.legend.is_some() {
        size * 2.6
    } else {
        0.0
    };
    let plot_h = (w * 0.62).round();
    let height_f = plot_h + legend_h;
    let height = height_f.round() as u32;
    let radius = plot_h / 2.0 - size * 3.2;
    let (cx, cy) = (w / 2.0, plot_h / 2.0);
    let m = Mirror {
        width: w,
        rtl: style.rtl,
    };
    let n = data.axes.len().max(1) as f64;
    let span = data.max - data.min;
    // Position of value `v` on spoke `i` (clamped to the scale), mirrored for RTL.
    let at = |i: usize, v: f64| {
        let t = ((v - data.min) / span).clamp(0.0, 1.0);
        let angle = -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::TAU / n;
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
        // Series: filled area for the score only; outlines for all.
        for s in &series {
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
                        c.line(&seg, *colour, if is_score { 2 } else { 1 })?;
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
        // Ring values along the first spoke, small and grey, beside it.
        for v in &rings {
            let (x, y) = at(0, *v);
            c.text(&Txt {
                s: &nf.number(*v, 0),
                x: x + if style.rtl { -4.0 } else { 4.0 },
                y: y - size * 0.5,
                size: size * 0.8,
                anchor: m.anchor(Anchor::Left),
                colour: style.grid.mix(style.text, 0.5),
                bold: false,
                kind: Kind::Number,
            })?;
        }
        // Spoke labels just outside the outer ring.
        for (i, axis) in data.axes.iter().enumerate() {
            let angle = -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::TAU / n;
            let (dx, dy) = (angle.cos(), angle.sin());
            let (lx, ly) = (
                cx + (radius + size * 0.8) * dx,
                cy + (radius + size * 0.9) * dy,
            );
            let anchor = if dx > 0.25 {
                Anchor::Left
            } else if dx < -0.25 {
                Anchor::Right
            } else {
                Anchor::Center
            };
            let room = match anchor {
                Anchor::Left => w - lx - 4.0,
                Anchor::Right => lx - 4.0,
                Anchor::Center => w * 0.4,
            };
            let lines = text::wrap(&axis.label, size, room.max(size * 4.0), 2);
            let leading = size * 1.25;
            let block = (lines.len() as f64 - 1.0) * leading;
            // Labels above the top spoke grow upward, below the bottom one downward.
            let y = if dy < -0.5 {
                ly - block / 2.0 - size * 0.9
            } else if dy > 0.5 {
                ly + block / 2.0 + size * 0.3
            } else {
                ly
            };
            c.lines(
                &lines,
                &Txt {
                    s: "",
                    x: m.x(lx),
                    y,
                    size,
                    anchor: m.anchor(anchor),
                    colour: style.text,
                    bold: false,
                    kind: Kind::Label,
                },
                leading,
            )?;
        }
        // Legend: swatch + name per series, centred under the plot, in reading order.
        if data.legend.is_some() {
            let items: Vec<(&str, super::Rgb)> = series
                .iter()
                .rev()
                .map(|s| (s.name(data.legend.as_ref()), s.colour(style)))
                .collect();
            let gap = size * 1.6;
            let swatch = size * 1.6;
            let total: f64 = items
                .iter()
                .map(|(s, _)| swatch + size * 0.5 + text::width(&text::clean(s), size))
                .sum::<f64>()
                + gap * (items.len().saturating_sub(1)) as f64;
            let mut x = (w - total) / 2.0;
            let y = plot_h + legend_h / 2.0;
            for (name, col) in items {
                let tw = text::width(&text::clean(name), size);
                let x0 = m.x(x);
                let x1 = m.x(x + swatch);
                c.line(&[(x0, y), (x1, y)], col, 3)?;
                c.text(&Txt {
                    s: name,
                    x: m.x(x + swatch + size * 0.5),
                    y,
                    size,
                    anchor: m.anchor(Anchor::Left),
                    colour: style.text,
                    bold: false,
                    kind: Kind::Label,
                })?;
                x += swatch + size * 0.5 + tw + gap;
            }
        }
        Ok(())
    })?;

    let alt = data
        .axes
        .iter()
        .map(|a| {
            let mut s = format!(
                "{}: {}",
                text::clean(&a.label),
                opt_number(a.score, data.decimals, nf)
            );
            if let Some(l) = &data.legend {
                if finite(a.target).is_some() {
                    s += &format!(
                        ", {} {}",
                        text::clean(&l.target),
                        opt_number(a.target, data.decimals, nf)
                    );
                }
                if finite(a.previous).is_some() {
                    s += &format!(
                        ", {} {}",
                        text::clean(&l.previous),
                        opt_number(a.previous, data.decimals, nf)
                    );
                }
            }
            s
        })
        .collect::<Vec<_>>()
        .join("; ");
    Ok(Chart {
        svg,
        width,
        height,
        alt,
    })
}

/// The three radar series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Series {
    Previous,
    Target,
    Score,
}

impl Series {
    fn value(self, a: &RadarAxis) -> Option<f64> {
        match self {
            Series::Previous => a.previous,
            Series::Target => a.target,
            Series::Score => a.score,
        }
    }

    fn colour(self, style: &ChartStyle) -> super::Rgb {
        match self {
            Series::Previous => style.secondary,
            Series::Target => style.accent,
            Series::Score => style.primary,
        }
    }

    fn name(self, legend: Option<&RadarLegend>) -> &str {
        legend.map_or("", |l| match self {
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
