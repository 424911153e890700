//! Position of one figure in a sector benchmark: the scale as a line, the sector's
//! interquartile range as a box, its median as a bar, the client's value as a dot.

use super::canvas::{Anchor, Frame, Txt, draw};
use super::{Chart, ChartStyle, NumberFormat, check_range, text, ticks};

/// Position chart input (all values in the figure's units, e.g. scale units).
#[derive(Debug, Clone, PartialEq)]
pub struct Position {
    /// Left end of the scale (the right end in right-to-left charts).
    pub min: f64,
    /// Other end of the scale.
    pub max: f64,
    /// The sector's first quartile.
    pub q1: f64,
    /// The sector's median.
    pub median: f64,
    /// The sector's third quartile.
    pub q3: f64,
    /// The client's value.
    pub value: f64,
    /// Legend names, in the report's language.
    pub names: PositionNames,
    /// Decimals of the values in the alt text.
    pub decimals: u8,
}

/// The legend's names.
#[derive(Debug, Clone, PartialEq)]
pub struct PositionNames {
    /// The client, e.g. "مصرف الواحة" or "This assessment".
    pub client: String,
    /// E.g. "Sector median".
    pub median: String,
    /// E.g. "Middle half of the sector (Q1–Q3)".
    pub band: String,
}

/// Draws the position chart. Errors: a scale that is not an interval; values outside it are
/// clamped to its ends.
pub fn position(p: &Position, style: &ChartStyle, nf: &dyn NumberFormat) -> crate::Result<Chart> {
    check_range("position", p.min, p.max)?;
    let Frame { size, width, w, m } = Frame::new(style);
    let (x0, x1) = (size * 1.5, w - size * 1.5);
    let y = size * 2.2;
    let height = (size * 6.4).ceil() as u32;
    let x = |v: f64| {
        let t = ((v - p.min) / (p.max - p.min)).clamp(0.0, 1.0);
        m.x(x0 + t * (x1 - x0))
    };
    let band = style.grid.mix(style.text, 0.25);
    let median = style.grid.mix(style.text, 0.7);
    let svg = draw(style, width, height, |c| {
        c.line(&[(x(p.min), y), (x(p.max), y)], style.grid, 2)?;
        for v in ticks(p.min, p.max, 4) {
            c.line(
                &[(x(v), y - size * 0.3), (x(v), y + size * 0.3)],
                style.grid,
                1,
            )?;
            c.text(
                &Txt::number(&nf.number(v, 0), (x(v), y + size * 1.6), size * 0.85, style)
                    .anchor(Anchor::Center)
                    .colour(median),
            )?;
        }
        let h = size * 0.7;
        c.rect((x(p.q1), y - h), (x(p.q3), y + h), band)?;
        c.line(
            &[(x(p.median), y - h * 1.3), (x(p.median), y + h * 1.3)],
            median,
            3,
        )?;
        c.dot((x(p.value), y), 6, style.primary)?;
        // Legend, centred in reading order: client dot, median bar, band.
        let ly = size * 5.2;
        let items = [
            (p.names.client.as_str(), 0),
            (p.names.median.as_str(), 1),
            (p.names.band.as_str(), 2),
        ];
        let swatch = size * 1.2;
        let gap = size * 1.6;
        let total: f64 = items
            .iter()
            .map(|(s, _)| swatch + size * 0.5 + text::width(&text::clean(s), size))
            .sum::<f64>()
            + gap * 2.0;
        let mut lx = ((w - total) / 2.0).max(1.0);
        for (name, kind) in items {
            let (a, b) = (m.x(lx), m.x(lx + swatch));
            let mid = (a + b) / 2.0;
            match kind {
                0 => c.dot((mid, ly), 5, style.primary)?,
                1 => c.line(&[(mid, ly - size * 0.6), (mid, ly + size * 0.6)], median, 3)?,
                _ => c.rect((a, ly - size * 0.45), (b, ly + size * 0.45), band)?,
            }
            c.text(
                &Txt::label(name, (m.x(lx + swatch + size * 0.5), ly), size, style)
                    .anchor(m.anchor(Anchor::Left)),
            )?;
            lx += swatch + size * 0.5 + text::width(&text::clean(name), size) + gap;
        }
        Ok(())
    })?;
    let d = p.decimals;
    let alt = format!(
        "{}: {}; {}: {}; {}: {}–{}",
        text::for_alt(&p.names.client),
        nf.number(p.value, d),
        text::for_alt(&p.names.median),
        nf.number(p.median, d),
        text::for_alt(&p.names.band),
        nf.number(p.q1, d),
        nf.number(p.q3, d)
    );
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

    fn sample() -> Position {
        Position {
            min: 1.0,
            max: 5.0,
            q1: 2.3,
            median: 2.7,
            q3: 3.1,
            value: 3.07,
            names: PositionNames {
                client: "Client".into(),
                median: "Sector median".into(),
                band: "Q1–Q3".into(),
            },
            decimals: 2,
        }
    }

    #[test]
    fn alt_text_gives_the_client_the_median_and_the_quartiles() {
        let c = position(&sample(), &ChartStyle::new(false), &AsciiNumbers).unwrap();
        assert_eq!(c.alt, "Client: 3.07; Sector median: 2.70; Q1–Q3: 2.30–3.10");
        assert!(c.svg.contains("<circle"));
    }

    #[test]
    fn a_bad_scale_is_an_error_and_values_outside_are_clamped() {
        let mut p = sample();
        p.max = 1.0;
        assert!(position(&p, &ChartStyle::new(false), &AsciiNumbers).is_err());
        let mut p = sample();
        p.value = 9.0;
        assert!(position(&p, &ChartStyle::new(true), &AsciiNumbers).is_ok());
    }
}
