//! Horizontal bars of question means within a dimension, on the answer scale, against the
//! dimension's target.
//!
//! Bars are all in the primary colour so their lengths compare at a glance (a page of red
//! bars, when every question misses the target, says nothing about which is strongest). The
//! target is a labelled dashed line, the shortfall to it a pale extension of each bar, and the
//! status only a small dot beside the value.

use super::canvas::{Anchor, Frame, LabelColumn, Txt, draw};
use super::{
    Chart, ChartStyle, NumberFormat, Status, TargetLine, check_range, finite, opt_number, text,
    ticks,
};

/// One bar: a question.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Question text or short label, already in the report's language.
    pub label: String,
    /// Mean answer; `None` (no answers) prints `—` instead of a bar.
    pub value: Option<f64>,
    /// Status against the target, shown as a small dot beside the value; `None`: no dot.
    pub status: Option<Status>,
}

/// Bars input.
#[derive(Debug, Clone, PartialEq)]
pub struct Bars {
    /// Bars from top to bottom.
    pub bars: Vec<Bar>,
    /// Scale minimum (where bars start).
    pub min: f64,
    /// Scale maximum.
    pub max: f64,
    /// Target drawn as a labelled dashed vertical line, when set.
    pub target: Option<TargetLine>,
    /// Decimals of the printed values.
    pub decimals: u8,
}

/// Draws the bars: labels in a column on the reading side (right in RTL), bars growing from
/// the scale minimum towards the other side, values in a column at the far side.
pub fn bars(data: &Bars, style: &ChartStyle, nf: &dyn NumberFormat) -> crate::Result<Chart> {
    check_range("bars", data.min, data.max)?;
    let Frame { size, width, w, m } = Frame::new(style);
    let leading = size * 1.2;
    let target = data.target.as_ref().filter(|t| t.value.is_finite());
    // Label column: as wide as the longest label needs, at most 45 % of the width.
    let col = LabelColumn::new(
        data.bars.iter().map(|b| b.label.as_str()),
        size,
        (size * 3.0, w * 0.45),
        3,
    );
    let row_h: Vec<f64> = (0..data.bars.len())
        .map(|i| (col.line_count(i) as f64 * leading + size * 0.8).max(size * 2.6))
        .collect();
    let target_text = target.map(|t| format!("{} {}", t.label, nf.number(t.value, t.decimals)));
    let top = if target.is_some() {
        size * 2.2
    } else {
        size * 0.8
    };
    let axis_h = size * 2.2;
    let plot_h: f64 = row_h.iter().sum();
    let height_f = top + plot_h + axis_h;
    let height = height_f.ceil() as u32;
    // Value column at the far side: status dot, then the value (widest value + room).
    let values: Vec<String> = data
        .bars
        .iter()
        .map(|b| opt_number(b.value, data.decimals, nf))
        .collect();
    let value_w = values
        .iter()
        .map(|v| text::width(v, size))
        .fold(text::width("0.00", size), f64::max);
    let dot_r = (size * 0.3).round().max(2.0);
    // Left-to-right layout; Mirror flips it for RTL.
    let x0 = col.end() + size;
    let x1 = w - value_w - size * 2.4;
    let value_x = w - size * 0.3; // values end-aligned at the far edge
    let dot_x = x1 + size * 1.1;
    let span = data.max - data.min;
    let sx = |v: f64| x0 + (x1 - x0) * ((v - data.min) / span).clamp(0.0, 1.0);

    let svg = draw(style, width, height, |c| {
        let tick_colour = style.grid.mix(style.text, 0.75);
        for v in &ticks(data.min, data.max, 5) {
            let x = m.x(sx(*v));
            c.line(&[(x, top), (x, top + plot_h)], style.grid, 1)?;
            let label = nf.minus(*v, 0);
            c.text(
                &Txt::number(
                    &label,
                    (x, top + plot_h + axis_h * 0.45),
                    size * 0.85,
                    style,
                )
                .colour(tick_colour),
            )?;
        }
        let mut y = top;
        for (i, (bar, h)) in data.bars.iter().zip(&row_h).enumerate() {
            let mid = y + h / 2.0;
            c.row_label(&col, i, mid, m)?;
            let thick = (size * 1.5).min(h * 0.7);
            let (ya, yb) = (mid - thick / 2.0, mid + thick / 2.0);
            let value = values.get(i).map_or("—", String::as_str);
            let value_txt = Txt::number(value, (m.x(value_x), mid), size, style)
                .anchor(m.anchor(Anchor::Right));
            match finite(bar.value) {
                Some(v) => {
                    let end = sx(v).max(x0 + 1.0);
                    // The shortfall to the target, pale, so gaps compare as well as scores.
                    if let Some(t) = target {
                        let goal = sx(t.value);
                        if goal > end {
                            c.rect((m.x(end), ya), (m.x(goal), yb), style.primary.tint(0.82))?;
                        }
                    }
                    c.rect((m.x(x0), ya), (m.x(end), yb), style.primary)?;
                    c.text(&value_txt.bold())?;
                }
                None => c.text(&value_txt)?,
            }
            if let Some(s) = bar.status {
                c.dot((m.x(dot_x), mid), dot_r as u32, style.status(s))?;
            }
            y += h;
        }
        c.line(
            &[(m.x(x0), top), (m.x(x0), top + plot_h)],
            style.text.tint(0.5),
            1,
        )?;
        if let (Some(t), Some(label)) = (target, &target_text) {
            let x = sx(t.value);
            let ink = style.accent.mix(style.text, 0.35);
            c.dashed(
                &[(m.x(x), top - size * 0.5), (m.x(x), top + plot_h)],
                style.accent,
                2,
            )?;
            // The label over the line, kept inside the plot.
            let half = text::width(&text::clean(label), size * 0.85) / 2.0;
            let lx = x.clamp(x0 + half, (w - half - 1.0).max(x0 + half));
            c.text(
                &Txt::label(label, (m.x(lx), top - size * 1.2), size * 0.85, style)
                    .colour(ink)
                    .bold(),
            )?;
        }
        Ok(())
    })?;

    let mut alt = data
        .bars
        .iter()
        .zip(&values)
        .map(|(b, v)| format!("{}: {v}", text::for_alt(&b.label)))
        .collect::<Vec<_>>()
        .join("; ");
    if let Some(t) = &target_text {
        alt = format!("{}; {alt}", text::for_alt(t));
    }
    Ok(Chart {
        svg,
        width,
        height,
        alt,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::tests::text_x;
    use crate::chart::{AsciiNumbers, Rgb};

    fn data() -> Bars {
        Bars {
            bars: vec![
                Bar {
                    label: "Alpha".into(),
                    value: Some(4.0),
                    status: None,
                },
                Bar {
                    label: "Beta".into(),
                    value: None,
                    status: Some(Status::Poor),
                },
                Bar {
                    label: "Gamma".into(),
                    value: Some(f64::NAN),
                    status: None,
                },
            ],
            min: 1.0,
            max: 5.0,
            target: Some(TargetLine {
                value: 3.5,
                label: "Target".into(),
                decimals: 1,
            }),
            decimals: 1,
        }
    }

    /// `<rect>` and `<circle>` lines of an SVG that use `colour`.
    fn shapes_in(svg: &str, colour: Rgb) -> (usize, usize) {
        let hex = colour.hex().to_uppercase();
        let with = |tag: &str| {
            svg.lines()
                .filter(|l| l.starts_with(tag) && l.contains(&hex))
                .count()
        };
        (with("<rect"), with("<circle"))
    }

    #[test]
    fn bars_in_primary_status_as_a_dot_and_the_gap_to_target_pale() {
        let style = ChartStyle::new(true);
        let d = Bars {
            bars: ["a", "b", "c"]
                .iter()
                .zip([2.0, 2.5, 3.0])
                .map(|(l, v)| Bar {
                    label: (*l).into(),
                    value: Some(v),
                    status: Some(Status::Poor),
                })
                .collect(),
            ..data()
        };
        let c = bars(&d, &style, &AsciiNumbers).expect("draws");
        // Every question misses the target, yet the bars are not a wall of red.
        assert_eq!(
            shapes_in(&c.svg, style.primary),
            (3, 0),
            "three primary bars"
        );
        assert_eq!(shapes_in(&c.svg, style.red), (0, 3), "three red dots");
        assert_eq!(
            shapes_in(&c.svg, style.primary.tint(0.82)),
            (3, 0),
            "three shortfalls"
        );
        // Longer bar for the stronger question (RTL: bars grow leftward, so a smaller x).
        let xs: Vec<f64> = c
            .svg
            .lines()
            .filter(|l| l.starts_with("<rect") && l.contains(&style.primary.hex().to_uppercase()))
            .filter_map(|l| {
                l.split(" x=\"")
                    .nth(1)
                    .and_then(|r| r.split('"').next())
                    .and_then(|v| v.parse().ok())
            })
            .collect();
        assert!(xs.windows(2).all(|p| p[0] > p[1]), "{xs:?}");
        assert_eq!(c.alt, "Target 3.5; a: 2.0; b: 2.5; c: 3.0");
        assert!(
            text_x(&c.svg, "Target 3.5").is_some(),
            "the line is labelled"
        );
    }

    #[test]
    fn labels_on_the_reading_side_and_values_printed() {
        let ltr = bars(&data(), &ChartStyle::new(false), &AsciiNumbers).expect("draws");
        let rtl = bars(&data(), &ChartStyle::new(true), &AsciiNumbers).expect("draws");
        let (lx, rx) = (
            text_x(&ltr.svg, "Alpha").expect("l"),
            text_x(&rtl.svg, "Alpha").expect("r"),
        );
        assert!(lx < 240.0 && rx > 240.0, "label x: ltr {lx}, rtl {rx}");
        // The value sits on the far side of the label in both directions.
        let (vl, vr) = (
            text_x(&ltr.svg, "4.0").expect("l"),
            text_x(&rtl.svg, "4.0").expect("r"),
        );
        assert!(vl > lx && vr < rx, "value x: ltr {vl}, rtl {vr}");
        // Missing and not-a-number values print a dash, never "NaN".
        assert_eq!(ltr.svg.matches("\u{2066}—\u{2069}").count(), 2);
        assert!(!ltr.svg.contains("NaN"));
        assert_eq!(ltr.alt, "Target 3.5; Alpha: 4.0; Beta: —; Gamma: —");
    }

    #[test]
    fn more_bars_make_a_taller_chart_and_empty_is_fine() {
        let style = ChartStyle::new(false);
        let one = bars(
            &Bars {
                bars: data().bars[..1].to_vec(),
                ..data()
            },
            &style,
            &AsciiNumbers,
        )
        .expect("draws");
        let three = bars(&data(), &style, &AsciiNumbers).expect("draws");
        assert!(three.height > one.height);
        let none = bars(
            &Bars {
                bars: vec![],
                ..data()
            },
            &style,
            &AsciiNumbers,
        )
        .expect("draws");
        assert!(none.height > 0);
    }
}
