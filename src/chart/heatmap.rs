//! Segment × dimension heatmap: cells coloured by score, value printed, suppressed cells
//! (too few respondents) shown as `—`.

use super::canvas::{Frame, LabelColumn, Txt, draw};
use super::{Chart, ChartStyle, NumberFormat, Rgb, check_range, text};

/// One cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum HeatCell {
    /// A score in scale units.
    Value(f64),
    /// Hidden because the segment is too small to report: drawn grey with `—`.
    Suppressed,
    /// No data (no answers in this segment for this dimension): drawn empty.
    Missing,
}

/// One row: a segment.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatRow {
    /// Segment name, as the client wrote it (isolated by its own first letter).
    pub label: String,
    /// One cell per column, in column order.
    pub cells: Vec<HeatCell>,
}

/// Heatmap input.
#[derive(Debug, Clone, PartialEq)]
pub struct Heatmap {
    /// Column headers (dimension names), in reading order.
    pub columns: Vec<String>,
    /// Rows top to bottom.
    pub rows: Vec<HeatRow>,
    /// Scale minimum (red end of the colour ramp).
    pub min: f64,
    /// Scale maximum (green end).
    pub max: f64,
    /// Decimals of the printed values.
    pub decimals: u8,
}

/// The cell colour for `v`: red → amber → green along the scale, lightened so the printed
/// value stays readable.
fn ramp(style: &ChartStyle, t: f64) -> Rgb {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let c = if t < 0.5 {
        style.red.mix(style.amber, t * 2.0)
    } else {
        style.amber.mix(style.green, (t - 0.5) * 2.0)
    };
    c.tint(0.35)
}

/// Draws the heatmap. Every row must have exactly one cell per column.
pub fn heatmap(data: &Heatmap, style: &ChartStyle, nf: &dyn NumberFormat) -> crate::Result<Chart> {
    check_range("heatmap", data.min, data.max)?;
    if let Some(row) = data
        .rows
        .iter()
        .find(|r| r.cells.len() != data.columns.len())
    {
        return Err(crate::Error::Chart(format!(
            "heatmap: row `{}` has {} cells for {} columns",
            text::clean(&row.label),
            row.cells.len(),
            data.columns.len()
        )));
    }
    let Frame { size, width, w, m } = Frame::new(style);
    let leading = size * 1.2;
    let col = LabelColumn::new(
        data.rows.iter().map(|r| r.label.as_str()),
        size,
        (size * 3.0, w * 0.28),
        2,
    );
    let x0 = col.end() + size * 0.6;
    let ncol = data.columns.len().max(1) as f64;
    let col_w = (w - x0 - 2.0) / ncol;
    // Narrow columns: shrink the headers (to 65 %, then as far as the longest word needs,
    // with more lines) rather than cut a word or a name.
    let (head_size, headers) = text::fit_uncut(
        data.columns.iter().map(String::as_str),
        size * 0.9,
        size * 0.65,
        col_w - 4.0,
        3,
    );
    let header_lines = headers.iter().map(Vec::len).max().unwrap_or(1) as f64;
    // The headers' line spacing follows their size when they shrink.
    let head_leading = leading * head_size / (size * 0.9);
    let header_h = header_lines * head_leading + size * 0.8;
    let row_h = (size * 2.6).max(2.0 * leading + size * 0.6);
    let legend_h = size * 3.0;
    let height_f = header_h + row_h * data.rows.len() as f64 + legend_h;
    let height = height_f.ceil() as u32;
    let span = data.max - data.min;

    let svg = draw(style, width, height, |c| {
        for (j, lines) in headers.iter().enumerate() {
            let cx = x0 + col_w * (j as f64 + 0.5);
            c.lines(
                lines,
                &Txt::label("", (m.x(cx), header_h / 2.0), head_size, style).bold(),
                head_leading,
            )?;
        }
        for (i, row) in data.rows.iter().enumerate() {
            let y0 = header_h + row_h * i as f64;
            let mid = y0 + row_h / 2.0;
            c.row_label(&col, i, mid, m)?;
            for (j, cell) in row.cells.iter().enumerate() {
                let a = (m.x(x0 + col_w * j as f64 + 1.0), y0 + 1.0);
                let b = (m.x(x0 + col_w * (j as f64 + 1.0) - 1.0), y0 + row_h - 1.0);
                let cx = m.x(x0 + col_w * (j as f64 + 0.5));
                let (fill, label) = match cell {
                    HeatCell::Value(v) if v.is_finite() => (
                        ramp(style, (v - data.min) / span),
                        nf.number(*v, data.decimals),
                    ),
                    HeatCell::Suppressed => (style.grid.tint(0.4), "—".to_string()),
                    HeatCell::Value(_) | HeatCell::Missing => {
                        c.frame(a, b, style.grid)?;
                        continue;
                    }
                };
                c.rect(a, b, fill)?;
                c.text(&Txt::number(&label, (cx, mid), size, style).on(fill, style))?;
            }
        }
        // Colour key: five swatches from min to max under the grid, aligned with the cells.
        let ky = header_h + row_h * data.rows.len() as f64 + legend_h * 0.55;
        let kw = ((w - x0) / 5.0).min(size * 6.0);
        for k in 0..5 {
            let t = f64::from(k) / 4.0;
            let kx = x0 + kw * f64::from(k);
            let fill = ramp(style, t);
            c.rect(
                (m.x(kx), ky - size * 0.7),
                (m.x(kx + kw - 1.0), ky + size * 0.7),
                fill,
            )?;
            let label = nf.number(data.min + span * t, data.decimals);
            c.text(
                &Txt::number(&label, (m.x(kx + kw / 2.0), ky), size * 0.8, style).on(fill, style),
            )?;
        }
        Ok(())
    })?;

    let alt = data
        .rows
        .iter()
        .map(|r| {
            let cells = data
                .columns
                .iter()
                .zip(&r.cells)
                .map(|(h, cell)| {
                    let v = match cell {
                        HeatCell::Value(v) if v.is_finite() => nf.number(*v, data.decimals),
                        _ => "—".to_string(),
                    };
                    format!("{} {v}", text::for_alt(h))
                })
                .collect::<Vec<_>>()
                .join(", ");
            format!("{}: {cells}", text::for_alt(&r.label))
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

    fn data() -> Heatmap {
        Heatmap {
            columns: vec!["A".into(), "B".into(), "C".into()],
            rows: vec![HeatRow {
                label: "North".into(),
                cells: vec![
                    HeatCell::Value(1.0),
                    HeatCell::Suppressed,
                    HeatCell::Value(5.0),
                ],
            }],
            min: 1.0,
            max: 5.0,
            decimals: 1,
        }
    }

    #[test]
    fn cells_coloured_by_score_and_suppressed_dashed() {
        let style = ChartStyle::new(false);
        let c = heatmap(&data(), &style, &AsciiNumbers).expect("draws");
        assert!(
            c.svg.contains(&style.red.tint(0.35).hex().to_uppercase()),
            "lowest score is red"
        );
        assert!(
            c.svg.contains(&style.green.tint(0.35).hex().to_uppercase()),
            "highest score is green"
        );
        assert!(
            c.svg.contains("\u{2066}—\u{2069}"),
            "suppressed cell shows a dash"
        );
        assert_eq!(c.alt, "North: A 1.0, B —, C 5.0");
    }

    #[test]
    fn ragged_rows_are_refused() {
        let mut d = data();
        d.rows[0].cells.pop();
        let e = heatmap(&d, &ChartStyle::new(true), &AsciiNumbers).unwrap_err();
        assert!(e.to_string().contains("North"), "{e}");
    }

    #[test]
    fn ramp_runs_red_amber_green() {
        let s = ChartStyle::new(false);
        assert_eq!(ramp(&s, 0.0), s.red.tint(0.35));
        assert_eq!(ramp(&s, 0.5), s.amber.tint(0.35));
        assert_eq!(ramp(&s, 7.0), s.green.tint(0.35));
        assert_eq!(ramp(&s, f64::NAN), s.red.tint(0.35));
    }

    /// Long dimension names in narrow columns wrap or shrink; none is cut with `…`
    /// (`Patient safety communicati…` in a hospital report).
    #[test]
    fn long_headers_are_never_cut() {
        let names = [
            "Patient safety communication and escalation",
            "Strategy and leadership",
            "Customer understanding and personas",
            "Journey and service design",
            "Voice of the customer",
            "Measurement and operational indicators",
            "Culture and people",
            "Governance and accountability",
            "Channels, data and technology",
            "Pharmacovigilance",
        ];
        let d = Heatmap {
            columns: names.iter().map(|n| n.to_string()).collect(),
            rows: vec![HeatRow {
                label: "North".into(),
                cells: vec![HeatCell::Value(3.0); names.len()],
            }],
            min: 1.0,
            max: 5.0,
            decimals: 1,
        };
        for rtl in [false, true] {
            let c = heatmap(&d, &ChartStyle::new(rtl), &AsciiNumbers).expect("draws");
            assert!(!c.svg.contains('…'), "a header is cut:\n{}", c.svg);
            for word in ["Pharmacovigilance", "communication", "escalation"] {
                assert!(c.svg.contains(word), "{word} missing");
            }
        }
    }
}
