//! Vertical columns with printed values: NPS by channel (values may be negative), CSAT and
//! CES distributions (share of answers per scale value).

use super::canvas::{Anchor, Frame, Txt, draw};
use super::{Chart, ChartStyle, NumberFormat, Rgb, Status, TargetLine, finite, text, ticks};

/// One column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Category (channel name, or the answer value/label such as "5 راضٍ جدًا").
    pub label: String,
    /// The value; `None` prints `—` (e.g. a channel too small to report).
    pub value: Option<f64>,
    /// Status of the column, shown as [`Columns::status_mark`] says; `None`: primary
    /// colour, no mark.
    pub status: Option<Status>,
}

/// How the values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// Plain numbers (means); negatives with a minus sign.
    Number {
        /// Decimal places.
        decimals: u8,
    },
    /// Numbers with their sign, `+32.5` / `−9.5` (NPS points, as the report's tables write
    /// them).
    Signed {
        /// Decimal places.
        decimals: u8,
    },
    /// Percentages (values in percent units, 12.5 for 12.5 %).
    Percent {
        /// Decimal places.
        decimals: u8,
    },
}

impl ValueKind {
    /// A value label.
    fn value(self, nf: &dyn NumberFormat, v: f64) -> String {
        match self {
            ValueKind::Number { decimals } => nf.minus(v, decimals),
            ValueKind::Signed { decimals } => nf.signed(v, decimals),
            ValueKind::Percent { decimals } => nf.percent(v, decimals),
        }
    }

    /// An axis tick: no plus sign, and no decimals unless `decimals` says so.
    fn tick(self, nf: &dyn NumberFormat, v: f64, decimals: u8) -> String {
        match self {
            ValueKind::Number { .. } | ValueKind::Signed { .. } => nf.minus(v, decimals),
            ValueKind::Percent { .. } => nf.percent(v, decimals),
        }
    }

    fn decimals(self) -> u8 {
        match self {
            ValueKind::Number { decimals }
            | ValueKind::Signed { decimals }
            | ValueKind::Percent { decimals } => decimals,
        }
    }
}

/// How the columns show their status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMark {
    /// The column is filled in its status colour: for categories whose colour is their
    /// meaning (dissatisfied / neutral / satisfied answers in a distribution).
    Fill,
    /// The column stays in the primary colour and a small dot beside its value shows the
    /// status: for statuses against a target, so a chart where every column misses it
    /// still compares the columns rather than showing a block of red.
    Dot,
}

/// Columns input.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    /// Columns in reading order (mirrored in RTL).
    pub columns: Vec<Column>,
    /// How values are printed.
    pub kind: ValueKind,
    /// Fixed value axis (e.g. -100..100 for NPS, 0..100 for shares); `None` fits the data
    /// and always includes zero.
    pub axis: Option<(f64, f64)>,
    /// How a column's status shows.
    pub status_mark: StatusMark,
    /// Target drawn as a labelled dashed horizontal line (e.g. the NPS target the columns'
    /// status colours are judged against), when set.
    pub target: Option<TargetLine>,
}

/// Draws the columns from a zero baseline, value printed above (below for negatives),
/// category labels under the axis.
pub fn columns(data: &Columns, style: &ChartStyle, nf: &dyn NumberFormat) -> crate::Result<Chart> {
    let vals: Vec<f64> = data
        .columns
        .iter()
        .filter_map(|c| finite(c.value))
        .collect();
    let target = data.target.as_ref().filter(|t| t.value.is_finite());
    let (lo, hi) = match data.axis {
        Some((a, b)) => {
            super::check_range("columns", a, b)?;
            (a, b)
        }
        None => {
            // The target is on the axis too, so its line is never clamped to an edge.
            let all = vals.iter().copied().chain(target.map(|t| t.value));
            let lo = all.clone().fold(0.0, f64::min);
            let hi = all.fold(0.0, f64::max);
            let hi = if hi <= lo { lo + 1.0 } else { hi };
            let t = ticks(lo, hi, 4);
            let step = match t.as_slice() {
                [a, b, ..] => b - a,
                _ => hi - lo,
            };
            ((lo / step).floor() * step, (hi / step).ceil() * step)
        }
    };
    let fmt = |v: f64| data.kind.value(nf, v);
    // Axis ticks are round numbers: no decimals unless a tick needs them.
    let axis_ticks = ticks(lo, hi, 4);
    let tick_dec = if axis_ticks.iter().all(|t| t.fract() == 0.0) {
        0
    } else {
        data.kind.decimals().max(1)
    };
    let fmt_tick = |v: f64| data.kind.tick(nf, v, tick_dec);
    let target_text = target.map(|t| {
        let kind = match data.kind {
            ValueKind::Number { .. } => ValueKind::Number {
                decimals: t.decimals,
            },
            ValueKind::Signed { .. } => ValueKind::Signed {
                decimals: t.decimals,
            },
            ValueKind::Percent { .. } => ValueKind::Percent {
                decimals: t.decimals,
            },
        };
        format!("{} {}", t.label, kind.value(nf, t.value))
    });
    let Frame { size, width, w, m } = Frame::new(style);
    let n = data.columns.len().max(1) as f64;
    let tick_size = size * 0.85;
    let axis_w = axis_ticks
        .iter()
        .map(|v| text::width(&fmt_tick(*v), tick_size))
        .fold(0.0, f64::max)
        + size;
    let x0 = axis_w;
    let col_w = (w - x0 - 2.0) / n;
    let leading = size * 1.2;
    let label_size = text::fit_lines(
        data.columns.iter().map(|c| c.label.as_str()),
        size,
        size * 0.75,
        col_w - 4.0,
        3,
    );
    let labels: Vec<Vec<String>> = data
        .columns
        .iter()
        .map(|c| text::wrap(&c.label, label_size, col_w - 4.0, 3))
        .collect();
    let label_lines = labels.iter().map(Vec::len).max().unwrap_or(1) as f64;
    let top = size * 2.0;
    let plot_h = (w * 0.36).round();
    let bottom = label_lines * leading + size * 1.6;
    let height_f = top + plot_h + bottom + size * 1.4;
    let height = height_f.ceil() as u32;
    let sy = |v: f64| top + plot_h * (1.0 - ((v - lo) / (hi - lo)).clamp(0.0, 1.0));
    let base = sy(0.0_f64.clamp(lo, hi));

    let svg = draw(style, width, height, |c| {
        for &v in &axis_ticks {
            let y = sy(v);
            c.line(&[(m.x(x0), y), (m.x(w - 2.0), y)], style.grid, 1)?;
            c.text(
                &Txt::number(&fmt_tick(v), (m.x(x0 - size * 0.4), y), tick_size, style)
                    .anchor(m.anchor(Anchor::Right))
                    .colour(style.grid.mix(style.text, 0.75)),
            )?;
        }
        let below = top + plot_h + size * 1.4;
        // Columns and category labels first; the target line over the columns; the value
        // labels last, on a white ground, so the line never runs through a figure.
        let mut values: Vec<(String, f64, f64, Option<Status>)> = Vec::new();
        for (i, (col, lines)) in data.columns.iter().zip(&labels).enumerate() {
            let cx = x0 + col_w * (i as f64 + 0.5);
            let half = (col_w * 0.32).min(size * 3.0);
            match finite(col.value) {
                Some(v) => {
                    let y = sy(v);
                    let colour = match (col.status, data.status_mark) {
                        (Some(s), StatusMark::Fill) => style.status(s),
                        _ => style.primary,
                    };
                    let (ya, yb) = if (y - base).abs() < 1.0 {
                        (base - 1.0, base)
                    } else {
                        (y, base)
                    };
                    c.rect((m.x(cx - half), ya), (m.x(cx + half), yb), colour)?;
                    let ty = if v >= 0.0 {
                        y - size * 0.9
                    } else {
                        y + size * 0.9
                    };
                    let mark = match data.status_mark {
                        StatusMark::Dot => col.status,
                        StatusMark::Fill => None,
                    };
                    values.push((fmt(v), cx, ty, mark));
                }
                None => values.push(("—".to_string(), cx, base - size * 0.9, None)),
            }
            let block = (lines.len() as f64 - 1.0) * leading;
            c.lines(
                lines,
                &Txt::label("", (m.x(cx), below + block / 2.0), label_size, style),
                leading,
            )?;
        }
        c.line(
            &[(m.x(x0), base), (m.x(w - 2.0), base)],
            style.text.tint(0.4),
            1,
        )?;
        if let (Some(t), Some(label)) = (target, &target_text) {
            let y = sy(t.value);
            c.dashed(&[(m.x(x0), y), (m.x(w - 2.0), y)], style.accent, 2)?;
            // The label at the far end of the line, just above it.
            c.text(
                &Txt::label(label, (m.x(w - 2.0), y - size * 0.75), size * 0.85, style)
                    .anchor(m.anchor(Anchor::Right))
                    .colour(style.accent.mix(style.text, 0.35))
                    .bold(),
            )?;
        }
        for (value, cx, ty, mark) in &values {
            let half_w = text::width(value, size) / 2.0;
            if target.is_some() {
                let pad = size * 0.25;
                // Wide enough for the status dot too.
                let dot_w = if mark.is_some() { size * 1.1 } else { 0.0 };
                c.rect(
                    (m.x(cx - half_w - pad), ty - size * 0.6),
                    (m.x(cx + half_w + dot_w + pad), ty + size * 0.6),
                    Rgb(255, 255, 255),
                )?;
            }
            let t = Txt::number(value, (m.x(*cx), *ty), size, style);
            c.text(&if value == "—" { t } else { t.bold() })?;
            if let Some(s) = mark {
                let r = (size * 0.3).round().max(2.0) as u32;
                c.dot((m.x(cx + half_w + size * 0.7), *ty), r, style.status(*s))?;
            }
        }
        Ok(())
    })?;

    let mut alt = data
        .columns
        .iter()
        .map(|c| {
            let v = finite(c.value).map_or_else(|| "—".to_string(), fmt);
            format!("{}: {v}", text::for_alt(&c.label))
        })
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
    use crate::chart::AsciiNumbers;
    use crate::chart::tests::text_x;

    fn col(label: &str, value: Option<f64>) -> Column {
        Column {
            label: label.into(),
            value,
            status: None,
        }
    }

    #[test]
    fn auto_axis_includes_zero_and_negatives() {
        let d = Columns {
            columns: vec![
                col("Web", Some(-30.0)),
                col("App", Some(45.0)),
                col("Shop", None),
            ],
            kind: ValueKind::Number { decimals: 0 },
            axis: None,
            status_mark: StatusMark::Fill,
            target: None,
        };
        let c = columns(&d, &ChartStyle::new(false), &AsciiNumbers).expect("draws");
        assert!(
            c.svg.contains("\u{2066}\u{2212}30\u{2069}"),
            "negative value printed with a minus sign"
        );
        assert!(c.svg.contains("\u{2066}0\u{2069}"), "zero on the axis");
        assert_eq!(c.alt, "Web: \u{2212}30; App: 45; Shop: —");
        let rtl = columns(&d, &ChartStyle::new(true), &AsciiNumbers).expect("draws");
        assert!(text_x(&rtl.svg, "Web").expect("r") > text_x(&rtl.svg, "App").expect("r"));
        assert!(text_x(&c.svg, "Web").expect("l") < text_x(&c.svg, "App").expect("l"));
    }

    #[test]
    fn signed_values_keep_the_tables_rounding_and_sign() {
        let d = Columns {
            columns: vec![col("Call centre", Some(-9.5)), col("App", Some(36.14))],
            kind: ValueKind::Signed { decimals: 1 },
            axis: None,
            status_mark: StatusMark::Fill,
            target: Some(TargetLine {
                value: 30.0,
                label: "Target".into(),
                decimals: 1,
            }),
        };
        let c = columns(&d, &ChartStyle::new(true), &AsciiNumbers).expect("draws");
        assert!(
            text_x(&c.svg, "Target +30.0").is_some(),
            "the target line is labelled like the values"
        );
        // The report's table writes −9.5 and +36.1: the chart must not round to −10 / 36.
        assert!(c.svg.contains("\u{2066}\u{2212}9.5\u{2069}"), "{}", c.svg);
        assert!(c.svg.contains("\u{2066}+36.1\u{2069}"));
        // Ticks carry no plus sign and no needless decimals.
        assert!(c.svg.contains("\u{2066}\u{2212}20\u{2069}"));
        assert!(c.svg.contains("\u{2066}40\u{2069}"));
        assert_eq!(c.alt, "Target +30.0; Call centre: \u{2212}9.5; App: +36.1");
    }

    #[test]
    fn status_fills_categories_but_marks_targets_with_a_dot() {
        let style = ChartStyle::new(false);
        let mut d = Columns {
            columns: ["a", "b", "c"]
                .iter()
                .zip([5.0, 10.0, 20.0])
                .map(|(l, v)| Column {
                    label: (*l).into(),
                    value: Some(v),
                    status: Some(Status::Poor),
                })
                .collect(),
            kind: ValueKind::Signed { decimals: 1 },
            axis: None,
            status_mark: StatusMark::Dot,
            target: None,
        };
        let count = |svg: &str, tag: &str, c: Rgb| {
            let hex = c.hex().to_uppercase();
            svg.lines()
                .filter(|l| l.starts_with(tag) && l.contains(&hex))
                .count()
        };
        let dot = columns(&d, &style, &AsciiNumbers).expect("draws");
        assert_eq!(count(&dot.svg, "<rect", style.primary), 3);
        assert_eq!(count(&dot.svg, "<rect", style.red), 0);
        assert_eq!(count(&dot.svg, "<circle", style.red), 3);
        d.status_mark = StatusMark::Fill;
        let fill = columns(&d, &style, &AsciiNumbers).expect("draws");
        assert_eq!(count(&fill.svg, "<rect", style.red), 3);
        assert_eq!(count(&fill.svg, "<circle", style.red), 0);
    }

    #[test]
    fn percent_values_and_round_ticks() {
        let d = Columns {
            columns: vec![col("1", Some(12.5)), col("2", Some(87.5))],
            kind: ValueKind::Percent { decimals: 1 },
            axis: Some((0.0, 100.0)),
            status_mark: StatusMark::Fill,
            target: None,
        };
        let c = columns(&d, &ChartStyle::new(false), &AsciiNumbers).expect("draws");
        assert!(c.svg.contains("\u{2066}12.5%\u{2069}"));
        assert!(
            c.svg.contains("\u{2066}100%\u{2069}"),
            "ticks without needless decimals"
        );
    }

    #[test]
    fn bad_axis_refused_empty_and_all_missing_fine() {
        let mut d = Columns {
            columns: vec![],
            kind: ValueKind::Number { decimals: 0 },
            axis: Some((5.0, 5.0)),
            status_mark: StatusMark::Fill,
            target: None,
        };
        assert!(columns(&d, &ChartStyle::new(false), &AsciiNumbers).is_err());
        d.axis = None;
        assert!(columns(&d, &ChartStyle::new(false), &AsciiNumbers).is_ok());
        d.columns = vec![col("x", None), col("y", Some(f64::NAN))];
        assert!(columns(&d, &ChartStyle::new(true), &AsciiNumbers).is_ok());
    }
}
