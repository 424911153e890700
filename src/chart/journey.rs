//! The journey line: the stages of the customer journey across the chart in reading order
//! (right to left in Arabic), each stage's score as a point on a line, the target as a
//! dashed line, the weakest stage (the moment of truth) ringed in red.

use super::canvas::{Anchor, Frame, Txt, draw};
use super::{Chart, ChartStyle, NumberFormat, Rgb, Status, TargetLine, check_range, text, ticks};

/// Journey line input, values in the metric's units (NPS points).
#[derive(Debug, Clone, PartialEq)]
pub struct Journey {
    /// The stages in journey order.
    pub stages: Vec<JourneyPoint>,
    /// Lowest value of the vertical scale.
    pub min: f64,
    /// Highest value of the vertical scale.
    pub max: f64,
    /// The target, drawn as a dashed line.
    pub target: Option<TargetLine>,
    /// The metric's name in the alt text (`NPS`).
    pub metric: String,
    /// The moment of truth's name in the alt text.
    pub truth_label: String,
    /// Decimals of the values.
    pub decimals: u8,
}

/// One stage on the line.
#[derive(Debug, Clone, PartialEq)]
pub struct JourneyPoint {
    /// The stage's name.
    pub label: String,
    /// Its score; `None` when it has none to show (no answers, or too few).
    pub value: Option<f64>,
    /// Its colour against the target.
    pub status: Option<Status>,
    /// The weakest stage: the moment of truth.
    pub truth: bool,
}

/// Draws the journey line. Errors: a scale that is not an interval; values are clamped.
pub fn journey(j: &Journey, style: &ChartStyle, nf: &dyn NumberFormat) -> crate::Result<Chart> {
    check_range("journey", j.min, j.max)?;
    let Frame { size, width, w, m } = Frame::new(style);
    let n = j.stages.len().max(1);
    let axis_w = size * 4.0;
    let (x0, x1) = (axis_w, w - size * 1.5);
    let slot = (x1 - x0) / n as f64;
    let (top, bottom) = (size * 2.2, size * 15.0);
    let label_lines = 2;
    let height = (bottom + size * (2.0 + 1.25 * label_lines as f64)).ceil() as u32;
    let x = |i: usize| m.x(x0 + slot * (i as f64 + 0.5));
    let y = |v: f64| {
        let t = ((v - j.min) / (j.max - j.min)).clamp(0.0, 1.0);
        bottom - t * (bottom - top)
    };
    let muted = style.grid.mix(style.text, 0.55);
    let svg = draw(style, width, height, |c| {
        for v in ticks(j.min, j.max, 5) {
            c.line(&[(m.x(x0), y(v)), (m.x(x1), y(v))], style.grid, 1)?;
            c.text(
                &Txt::number(
                    &nf.minus(v, 0),
                    (m.x(x0 - size * 0.5), y(v)),
                    size * 0.85,
                    style,
                )
                .anchor(m.anchor(Anchor::Right))
                .colour(muted),
            )?;
        }
        if let Some(t) = &j.target {
            let ty = y(t.value);
            c.dashed(&[(m.x(x0), ty), (m.x(x1), ty)], style.accent, 2)?;
            // Named above the plot, at its far end, clear of the stages' values.
            let value = nf.signed(t.value, t.decimals);
            let ly = size * 0.8;
            let key = size * 1.6;
            c.dashed(&[(m.x(x1 - key), ly), (m.x(x1), ly)], style.accent, 2)?;
            c.text(
                &Txt::labelled(
                    &t.label,
                    &value,
                    (m.x(x1 - key - size * 0.4), ly),
                    size * 0.85,
                    style,
                )
                .anchor(m.anchor(Anchor::Right))
                .colour(style.accent),
            )?;
        }
        let points: Vec<(f64, f64)> = j
            .stages
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.value.filter(|v| v.is_finite()).map(|v| (x(i), y(v))))
            .collect();
        if points.len() > 1 {
            c.line(&points, style.primary, 2)?;
        }
        for (i, s) in j.stages.iter().enumerate() {
            let cx = x(i);
            let lines = text::wrap(&s.label, size, slot - size * 0.6, label_lines);
            let label =
                Txt::label("", (cx, bottom + size * 1.6), size, style).anchor(Anchor::Center);
            c.lines(&lines, &label, size * 1.25)?;
            let Some(v) = s.value.filter(|v| v.is_finite()) else {
                c.text(
                    &Txt::label("—", (cx, bottom - size), size, style)
                        .anchor(Anchor::Center)
                        .colour(muted),
                )?;
                continue;
            };
            let fill = s.status.map_or(style.primary, |st| style.status(st));
            if s.truth {
                c.dot((cx, y(v)), 9, style.red)?;
                c.dot((cx, y(v)), 7, Rgb(255, 255, 255))?;
            }
            c.dot((cx, y(v)), 5, fill)?;
            let above = y(v) - size * 1.2;
            c.text(
                &Txt::number(&nf.signed(v, j.decimals), (cx, above), size, style)
                    .anchor(Anchor::Center)
                    .bold(),
            )?;
        }
        Ok(())
    })?;
    let parts: Vec<String> = j
        .stages
        .iter()
        .map(|s| {
            let v = s
                .value
                .filter(|v| v.is_finite())
                .map_or_else(|| "—".to_string(), |v| nf.signed(v, j.decimals));
            let truth = if s.truth {
                format!(" ({})", text::for_alt(&j.truth_label))
            } else {
                String::new()
            };
            format!("{}: {v}{truth}", text::for_alt(&s.label))
        })
        .collect();
    let mut alt = format!("{}: {}", text::for_alt(&j.metric), parts.join("; "));
    if let Some(t) = &j.target {
        alt.push_str(&format!(
            "; {} {}",
            text::for_alt(&t.label),
            nf.signed(t.value, t.decimals)
        ));
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
    use crate::chart::AsciiNumbers;
    use crate::chart::tests::text_x;

    fn sample(rtl: bool) -> (Journey, ChartStyle) {
        let point = |label: &str, value: Option<f64>, truth: bool| JourneyPoint {
            label: label.into(),
            value,
            status: Some(Status::Good),
            truth,
        };
        let j = Journey {
            stages: vec![
                point("Buy", Some(17.6), false),
                point("Bill", Some(-37.7), true),
                point("Help", None, false),
            ],
            min: -60.0,
            max: 40.0,
            target: Some(TargetLine {
                value: 30.0,
                label: "Target".into(),
                decimals: 1,
            }),
            metric: "NPS".into(),
            truth_label: "Moment of truth".into(),
            decimals: 1,
        };
        (j, ChartStyle::new(rtl))
    }

    #[test]
    fn alt_text_names_every_stage_the_moment_of_truth_and_the_target() {
        let (j, st) = sample(false);
        let c = journey(&j, &st, &AsciiNumbers).unwrap();
        assert_eq!(
            c.alt,
            "NPS: Buy: +17.6; Bill: \u{2212}37.7 (Moment of truth); Help: —; Target +30.0"
        );
    }

    #[test]
    fn stages_run_in_reading_order() {
        for rtl in [false, true] {
            let (j, st) = sample(rtl);
            let c = journey(&j, &st, &AsciiNumbers).unwrap();
            let (first, last) = (
                text_x(&c.svg, "Buy").unwrap(),
                text_x(&c.svg, "Help").unwrap(),
            );
            assert_eq!(first < last, !rtl, "rtl {rtl}: {first} {last}");
        }
    }
}
