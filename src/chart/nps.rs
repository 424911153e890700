//! NPS stacked bars: detractors / passives / promoters in percent, one bar per row
//! (overall, or per segment or channel).

use super::canvas::{Anchor, Frame, LabelColumn, Txt, draw};
use super::{Chart, ChartStyle, NumberFormat, text};

/// One stacked bar. Percentages as computed by scoring (they should sum to about 100;
/// the bar is drawn proportionally to their sum so rounding never overflows it).
#[derive(Debug, Clone, PartialEq)]
pub struct NpsRow {
    /// Row name (segment or channel); empty for a single overall bar.
    pub label: String,
    /// Percent of detractors (0–6).
    pub detractors: f64,
    /// Percent of passives (7–8).
    pub passives: f64,
    /// Percent of promoters (9–10).
    pub promoters: f64,
}

/// Names of the three groups, for the legend.
#[derive(Debug, Clone, PartialEq)]
pub struct NpsNames {
    /// E.g. "المنتقدون" / "Detractors".
    pub detractors: String,
    /// E.g. "المحايدون" / "Passives".
    pub passives: String,
    /// E.g. "المروّجون" / "Promoters".
    pub promoters: String,
}

/// NPS stacked bars input.
#[derive(Debug, Clone, PartialEq)]
pub struct NpsStack {
    /// Bars from top to bottom.
    pub rows: Vec<NpsRow>,
    /// Legend names.
    pub names: NpsNames,
    /// Decimals of the printed percentages.
    pub decimals: u8,
}

/// Draws the stacked bars: detractors at the start of the reading direction (left in LTR,
/// right in RTL), promoters at the end; each share printed inside its segment when it fits.
pub fn nps_stack(
    data: &NpsStack,
    style: &ChartStyle,
    nf: &dyn NumberFormat,
) -> crate::Result<Chart> {
    for r in &data.rows {
        let parts = [r.detractors, r.passives, r.promoters];
        if parts.iter().any(|p| !p.is_finite() || *p < 0.0) {
            return Err(crate::Error::Chart(format!(
                "nps: row `{}` has a negative or non-finite share",
                text::clean(&r.label)
            )));
        }
    }
    let Frame { size, width, w, m } = Frame::new(style);
    let has_labels = data.rows.iter().any(|r| !text::clean(&r.label).is_empty());
    let col = LabelColumn::new(
        data.rows.iter().map(|r| r.label.as_str()),
        size,
        (0.0, w * 0.3),
        2,
    );
    let x0 = if has_labels { col.end() + size } else { 1.0 };
    let x1 = w - 1.0;
    let row_h = size * 3.0;
    let legend_h = size * 2.8;
    let height_f = row_h * data.rows.len() as f64 + legend_h;
    let height = height_f.ceil() as u32;
    let colours = [style.red, style.amber, style.green];

    let svg = draw(style, width, height, |c| {
        for (i, r) in data.rows.iter().enumerate() {
            let mid = row_h * (i as f64 + 0.5);
            if has_labels {
                c.row_label(&col, i, mid, m)?;
            }
            let parts = [r.detractors, r.passives, r.promoters];
            let total: f64 = parts.iter().sum();
            if total <= 0.0 {
                c.frame((m.x(x0), mid - size), (m.x(x1), mid + size), style.grid)?;
                continue;
            }
            let mut x = x0;
            for (p, fill) in parts.iter().zip(colours) {
                let seg = (x1 - x0) * p / total;
                if seg <= 0.0 {
                    continue;
                }
                c.rect(
                    (m.x(x), mid - size * 1.1),
                    (m.x(x + seg), mid + size * 1.1),
                    fill,
                )?;
                let label = nf.percent(*p, data.decimals);
                if text::width(&label, size) + size * 0.6 <= seg {
                    c.text(
                        &Txt::number(&label, (m.x(x + seg / 2.0), mid), size, style)
                            .on(fill, style)
                            .bold(),
                    )?;
                }
                x += seg;
            }
        }
        // Legend centred under the bars, in reading order.
        let names = [
            &data.names.detractors,
            &data.names.passives,
            &data.names.promoters,
        ];
        let sw = size * 1.1;
        let gap = size * 1.8;
        let widths: Vec<f64> = names
            .iter()
            .map(|n| text::width(&text::clean(n), size))
            .collect();
        let total = widths.iter().map(|tw| sw + size * 0.5 + tw).sum::<f64>() + gap * 2.0;
        let mut x = ((w - total) / 2.0).max(1.0);
        let y = row_h * data.rows.len() as f64 + legend_h / 2.0;
        for ((name, tw), fill) in names.iter().zip(&widths).zip(colours) {
            c.rect((m.x(x), y - sw / 2.0), (m.x(x + sw), y + sw / 2.0), fill)?;
            c.text(
                &Txt::label(name, (m.x(x + sw + size * 0.5), y), size, style)
                    .anchor(m.anchor(Anchor::Left)),
            )?;
            x += sw + size * 0.5 + tw + gap;
        }
        Ok(())
    })?;

    let alt = data
        .rows
        .iter()
        .map(|r| {
            let head = text::clean(&r.label);
            let body = format!(
                "{} {}, {} {}, {} {}",
                text::clean(&data.names.detractors),
                nf.percent(r.detractors, data.decimals),
                text::clean(&data.names.passives),
                nf.percent(r.passives, data.decimals),
                text::clean(&data.names.promoters),
                nf.percent(r.promoters, data.decimals)
            );
            if head.is_empty() {
                body
            } else {
                format!("{head}: {body}")
            }
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

    fn data(d: f64, p: f64, pr: f64) -> NpsStack {
        NpsStack {
            rows: vec![NpsRow {
                label: String::new(),
                detractors: d,
                passives: p,
                promoters: pr,
            }],
            names: NpsNames {
                detractors: "Detractors".into(),
                passives: "Passives".into(),
                promoters: "Promoters".into(),
            },
            decimals: 0,
        }
    }

    #[test]
    fn detractors_start_the_reading_direction() {
        let d = data(20.0, 30.0, 50.0);
        let ltr = nps_stack(&d, &ChartStyle::new(false), &AsciiNumbers).expect("draws");
        let rtl = nps_stack(&d, &ChartStyle::new(true), &AsciiNumbers).expect("draws");
        let (a, b) = (
            text_x(&ltr.svg, "20%").expect("l"),
            text_x(&ltr.svg, "50%").expect("l"),
        );
        assert!(a < b);
        let (a, b) = (
            text_x(&rtl.svg, "20%").expect("r"),
            text_x(&rtl.svg, "50%").expect("r"),
        );
        assert!(a > b);
        assert_eq!(ltr.alt, "Detractors 20%, Passives 30%, Promoters 50%");
    }

    #[test]
    fn shares_are_proportional_even_when_rounding_overflows() {
        // 34+33+34 = 101: the bar is scaled to the sum, so it never runs past the canvas.
        let c = nps_stack(
            &data(34.0, 33.0, 34.0),
            &ChartStyle::new(false),
            &AsciiNumbers,
        )
        .expect("draws");
        for l in c.svg.lines().filter(|l| l.starts_with("<rect")) {
            let num = |k: &str| {
                l.split(&format!(" {k}=\""))
                    .nth(1)
                    .and_then(|r| r.split('"').next())
                    .and_then(|v| v.parse::<f64>().ok())
            };
            if let (Some(x), Some(w)) = (num("x"), num("width")) {
                assert!(x + w <= 480.0, "{l}");
            }
        }
    }

    #[test]
    fn negative_or_nan_shares_are_refused_and_zero_total_drawn_empty() {
        assert!(
            nps_stack(
                &data(-1.0, 50.0, 51.0),
                &ChartStyle::new(false),
                &AsciiNumbers
            )
            .is_err()
        );
        assert!(
            nps_stack(
                &data(f64::NAN, 50.0, 50.0),
                &ChartStyle::new(false),
                &AsciiNumbers
            )
            .is_err()
        );
        let c =
            nps_stack(&data(0.0, 0.0, 0.0), &ChartStyle::new(false), &AsciiNumbers).expect("draws");
        assert!(!c.svg.contains("0%"));
    }
}
