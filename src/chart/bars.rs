//! Horizontal bars of question means within a dimension, on the answer scale, with a
//! target line.

use super::canvas::{Anchor, Kind, Mirror, Txt, draw};
use super::{
    Chart, ChartStyle, NumberFormat, Status, check_range, finite, opt_number, text, ticks,
};

/// One bar: a question.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Question text or short label, already in the report's language.
    pub label: String,
    /// Mean answer; `None` (no answers) prints `—` instead of a bar.
    pub value: Option<f64>,
    /// Bar colour by status; `None` uses the primary colour.
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
    /// Target drawn as a dashed vertical line, when set.
    pub target: Option<f64>,
    /// Decimals of the printed values.
    pub decimals: u8,
}

/// Draws the bars: labels in a column on the reading side (right in RTL), bars growing from
/// the scale minimum towards the other side, the value printed at the bar's end.
pub fn bars(data: &Bars, style: &ChartStyle, nf: &dyn NumberFormat) -> crate::Result<Chart> {
    check_range("bars", data.min, data.max)?;
    let size = style.font_size;
    let width = style.width;
    let w = f64::from(width);
    let m = Mirror {
        width: w,
        rtl: style.rtl,
    };
    let leading = size * 1.2;
    // Label column: as wide as the longest label needs, at most 45 % of the width.
    let widest = data
        .bars
        .iter()
        .map(|b| text::width(&text::clean(&b.label), size))
        .fold(0.0, f64::max);
    let label_w = widest.min(w * 0.45).max(size * 3.0);
    let labels: Vec<Vec<String>> = data
        .bars
        .iter()
        .map(|b| text::wrap(&b.label, size, label_w, 3))
        .collect();
    let row_h: Vec<f64> = labels
        .iter()
        .map(|l| (l.len() as f64 * leading + size * 0.8).max(size * 2.6))
        .collect();
    let top = size * 0.8;
    let axis_h = size * 2.2;
    let plot_h: f64 = row_h.iter().sum();
    let height_f = top + plot_h + axis_h;
    let height = height_f.ceil() as u32;
    // Left-to-right layout; Mirror flips it for RTL.
    let x0 = size * 0.5 + label_w + size;
    let value_room = text::width("00.0", size) + size;
    let x1 = w - value_room;
    let span = data.max - data.min;
    let sx = |v: f64| x0 + (x1 - x0) * ((v - data.min) / span).clamp(0.0, 1.0);

    let svg = draw(style, width, height, |c| {
        let tick_vals = ticks(data.min, data.max, 5);
        for v in &tick_vals {
            let x = m.x(sx(*v));
            c.line(&[(x, top), (x, top + plot_h)], style.grid, 1)?;
            c.text(&Txt {
                s: &nf.number(*v, 0),
                x,
                y: top + plot_h + axis_h * 0.45,
                size: size * 0.85,
                anchor: Anchor::Center,
                colour: style.grid.mix(style.text, 0.6),
                bold: false,
                kind: Kind::Number,
            })?;
        }
        let mut y = top;
        for ((bar, lines), h) in data.bars.iter().zip(&labels).zip(&row_h) {
            let mid = y + h / 2.0;
            c.lines(
                lines,
                &Txt {
                    s: "",
                    x: m.x(size * 0.5 + label_w),
                    y: mid,
                    size,
                    anchor: m.anchor(Anchor::Right),
                    colour: style.text,
                    bold: false,
                    kind: Kind::Label,
                },
                leading,
            )?;
            let thick = (size * 1.5).min(h * 0.7);
            match finite(bar.value) {
                Some(v) => {
                    let colour = bar.status.map_or(style.primary, |s| style.status(s));
                    let end = sx(v);
                    c.rect(
                        (m.x(x0), mid - thick / 2.0),
                        (m.x(end.max(x0 + 1.0)), mid + thick / 2.0),
                        colour,
                    )?;
                    c.text(&Txt {
                        s: &nf.number(v, data.decimals),
                        x: m.x(end + size * 0.4),
                        y: mid,
                        size,
                        anchor: m.anchor(Anchor::Left),
                        colour: style.text,
                        bold: true,
                        kind: Kind::Number,
                    })?;
                }
                None => c.text(&Txt {
                    s: "—",
                    x: m.x(x0 + size * 0.4),
                    y: mid,
                    size,
                    anchor: m.anchor(Anchor::Left),
                    colour: style.text,
                    bold: false,
                    kind: Kind::Number,
                })?,
            }
            y += h;
        }
        c.line(
            &[(m.x(x0), top), (m.x(x0), top + plot_h)],
            style.text.tint(0.5),
            1,
        )?;
        if let Some(t) = finite(data.target) {
            let x = m.x(sx(t));
            c.dashed(&[(x, top - size * 0.4), (x, top + plot_h)], style.accent, 2)?;
        }
        Ok(())
    })?;

    let alt = data
        .bars
        .iter()
        .map(|b| {
            format!(
                "{}: {}",
                text::clean(&b.label),
                opt_number(b.value, data.decimals, nf)
            )
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::AsciiNumbers;
    use crate::chart::tests::text_x;

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
            target: Some(3.5),
            decimals: 1,
        }
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
        assert_eq!(ltr.alt, "Alpha: 4.0; Beta: —; Gamma: —");
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
