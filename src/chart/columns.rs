//! Vertical columns with printed values: NPS by channel (values may be negative), CSAT and
//! CES distributions (share of answers per scale value).

use super::canvas::{Anchor, Canvas, Frame, Mirror, Txt, draw};
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
    let target = data.target.as_ref().filter(|t| t.value.is_finite());
    let (lo, hi) = axis_range(data, target)?;
    // Axis ticks are round numbers: no decimals unless a tick needs them.
    let axis_ticks = ticks(lo, hi, 4);
    let tick_dec = if axis_ticks.iter().all(|t| t.fract() == 0.0) {
        0
    } else {
        data.kind.decimals().max(1)
    };
    let fmt_tick = |v: f64| data.kind.tick(nf, v, tick_dec);
    let target_value = target.map(|t| target_value(data.kind, t, nf));
    let target_text = target
        .zip(target_value.as_deref())
        .map(|(t, v)| format!("{} {v}", t.label));
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
    let g = Geometry {
        size,
        m,
        x0,
        col_w,
        leading: size * 1.2,
        label_size,
        top: size * 2.0,
        plot_h: (w * 0.36).round(),
        lo,
        hi,
    };
    let bottom = label_lines * g.leading + size * 1.6;
    let height = (g.top + g.plot_h + bottom + size * 1.4).ceil() as u32;

    let svg = draw(style, width, height, |c| {
        for &v in &axis_ticks {
            let y = g.sy(v);
            c.line(&[(m.x(x0), y), (m.x(w - 2.0), y)], style.grid, 1)?;
            c.text(
                &Txt::number(&fmt_tick(v), (m.x(x0 - size * 0.4), y), tick_size, style)
                    .anchor(m.anchor(Anchor::Right))
                    .colour(style.grid.mix(style.text, 0.75)),
            )?;
        }
        // Columns and category labels first; the target line over the columns; the value
        // labels last, on a white ground, so the line never runs through a figure.
        let values = draw_columns(c, data, &labels, &g, style, nf)?;
        c.line(
            &[(m.x(x0), g.base()), (m.x(w - 2.0), g.base())],
            style.text.tint(0.4),
            1,
        )?;
        if let (Some(t), Some(value)) = (target, &target_value) {
            let y = g.sy(t.value);
            c.dashed(&[(m.x(x0), y), (m.x(w - 2.0), y)], style.accent, 2)?;
            // The label at the far end of the line, just above it.
            c.text(
                &Txt::labelled(
                    &t.label,
                    value,
                    (m.x(w - 2.0), y - size * 0.75),
                    size * 0.85,
                    style,
                )
                .anchor(m.anchor(Anchor::Right))
                .colour(style.accent.mix(style.text, 0.35))
                .bold(),
            )?;
        }
        draw_values(c, &values, target.is_some(), &g, style)
    })?;

    Ok(Chart {
        svg,
        width,
        height,
        alt: alt_text(data, nf, target_text.as_deref()),
    })
}

/// The value axis: the given range, or from the values (and the target, so its line is
/// never clamped to an edge) and 0, widened to round ticks.
fn axis_range(data: &Columns, target: Option<&TargetLine>) -> crate::Result<(f64, f64)> {
    if let Some((a, b)) = data.axis {
        super::check_range("columns", a, b)?;
        return Ok((a, b));
    }
    let vals = data.columns.iter().filter_map(|c| finite(c.value));
    let all = vals.chain(target.map(|t| t.value));
    let lo = all.clone().fold(0.0, f64::min);
    let hi = all.fold(0.0, f64::max);
    let hi = if hi <= lo { lo + 1.0 } else { hi };
    let t = ticks(lo, hi, 4);
    let step = match t.as_slice() {
        [a, b, ..] => b - a,
        _ => hi - lo,
    };
    Ok(((lo / step).floor() * step, (hi / step).ceil() * step))
}

/// The target line's value, written like the columns' values with the target's own decimals
/// (drawn after its name, [`Txt::labelled`]).
fn target_value(kind: ValueKind, t: &TargetLine, nf: &dyn NumberFormat) -> String {
    let kind = match kind {
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
    kind.value(nf, t.value)
}

/// `label: value` per column (the target first), for the PDF's alt text.
fn alt_text(data: &Columns, nf: &dyn NumberFormat, target_text: Option<&str>) -> String {
    let alt = data
        .columns
        .iter()
        .map(|c| {
            let v = finite(c.value).map_or_else(|| "—".to_string(), |v| data.kind.value(nf, v));
            format!("{}: {v}", text::for_alt(&c.label))
        })
        .collect::<Vec<_>>()
        .join("; ");
    match target_text {
        Some(t) => format!("{}; {alt}", text::for_alt(t)),
        None => alt,
    }
}

/// Where the plot sits on the canvas, in left-to-right layout units.
struct Geometry {
    size: f64,
    m: Mirror,
    /// The plot's left edge (after the axis labels).
    x0: f64,
    col_w: f64,
    leading: f64,
    label_size: f64,
    top: f64,
    plot_h: f64,
    lo: f64,
    hi: f64,
}

impl Geometry {
    /// A value's height on the canvas.
    fn sy(&self, v: f64) -> f64 {
        self.top + self.plot_h * (1.0 - ((v - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0))
    }

    /// The zero line (or the axis end nearest to it).
    fn base(&self) -> f64 {
        self.sy(0.0_f64.clamp(self.lo, self.hi))
    }
}

/// A value label to draw over the columns: text, centre x, y and the status dot beside it.
struct ValueLabel {
    text: String,
    x: f64,
    y: f64,
    mark: Option<Status>,
    /// Drawn inside its column, on a white ground.
    inside: bool,
}

/// Draws each column and its category label; returns the value labels to draw last.
fn draw_columns(
    c: &Canvas,
    data: &Columns,
    labels: &[Vec<String>],
    g: &Geometry,
    style: &ChartStyle,
    nf: &dyn NumberFormat,
) -> crate::Result<Vec<ValueLabel>> {
    let (size, m, base) = (g.size, g.m, g.base());
    let below = g.top + g.plot_h + size * 1.4;
    let mut values = Vec::new();
    for (i, (col, lines)) in data.columns.iter().zip(labels).enumerate() {
        let cx = g.x0 + g.col_w * (i as f64 + 0.5);
        let half = (g.col_w * 0.32).min(size * 3.0);
        match finite(col.value) {
            Some(v) => {
                let y = g.sy(v);
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
                // Under a negative column, unless that runs into the category labels (a
                // column down to the axis's end, NPS −100): then inside the column's end.
                let bottom = g.top + g.plot_h;
                let inside = v < 0.0 && y + size * 1.5 > bottom;
                let ty = if v >= 0.0 || inside {
                    y - size * 0.9
                } else {
                    y + size * 0.9
                };
                let mark = match data.status_mark {
                    StatusMark::Dot => col.status,
                    StatusMark::Fill => None,
                };
                values.push(ValueLabel {
                    text: data.kind.value(nf, v),
                    x: cx,
                    y: ty,
                    mark,
                    inside,
                });
            }
            None => values.push(ValueLabel {
                text: "—".to_string(),
                x: cx,
                y: base - size * 0.9,
                mark: None,
                inside: false,
            }),
        }
        let block = (lines.len() as f64 - 1.0) * g.leading;
        c.lines(
            lines,
            &Txt::label("", (m.x(cx), below + block / 2.0), g.label_size, style),
            g.leading,
        )?;
    }
    Ok(values)
}

/// Draws the value labels (on a white ground when a target line may cross them) with their
/// status dots.
fn draw_values(
    c: &Canvas,
    values: &[ValueLabel],
    grounded: bool,
    g: &Geometry,
    style: &ChartStyle,
) -> crate::Result<()> {
    let (size, m) = (g.size, g.m);
    for v in values {
        let half_w = text::width(&v.text, size) / 2.0;
        if grounded || v.inside {
            let pad = size * 0.25;
            // Wide enough for the status dot too.
            let dot_w = if v.mark.is_some() { size * 1.1 } else { 0.0 };
            c.rect(
                (m.x(v.x - half_w - pad), v.y - size * 0.6),
                (m.x(v.x + half_w + dot_w + pad), v.y + size * 0.6),
                Rgb(255, 255, 255),
            )?;
        }
        let t = Txt::number(&v.text, (m.x(v.x), v.y), size, style);
        c.text(&if v.text == "—" { t } else { t.bold() })?;
        if let Some(s) = v.mark {
            let r = (size * 0.3).round().max(2.0) as u32;
            c.dot((m.x(v.x + half_w + size * 0.7), v.y), r, style.status(s))?;
        }
    }
    Ok(())
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
        // The target line is labelled like the values, the value isolated inside the
        // right-to-left pair so its sign stays before its digits.
        assert!(
            c.svg
                .contains("\u{2067}\u{2066}Target\u{2069} \u{2066}+30.0\u{2069}\u{2069}"),
            "{}",
            c.svg
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
