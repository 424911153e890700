//! A sparkline: an indicator's values over its periods as a small line (oldest first, in
//! reading order: right to left in Arabic), the target dashed, the last value's dot in its
//! status colour. No axes: the table beside it gives the numbers.

use super::canvas::{Frame, draw};
use super::{Chart, ChartStyle, NumberFormat, Status, text};

/// Sparkline input.
#[derive(Debug, Clone, PartialEq)]
pub struct Sparkline {
    /// The values, oldest period first, each with its period's label (for the alt text).
    pub points: Vec<(String, f64)>,
    /// The target, same units.
    pub target: Option<f64>,
    /// The latest value's status colour.
    pub status: Option<Status>,
    /// The indicator's name (alt text).
    pub name: String,
    /// Decimals of the values in the alt text (whole values are written without).
    pub decimals: u8,
}

/// Width of a sparkline in SVG units (its height is a quarter).
pub const SPARKLINE_WIDTH: u32 = 160;

/// Draws a sparkline. Errors: fewer than two finite values (nothing to trend).
pub fn sparkline(s: &Sparkline, style: &ChartStyle, nf: &dyn NumberFormat) -> crate::Result<Chart> {
    let values: Vec<f64> = s
        .points
        .iter()
        .map(|p| p.1)
        .filter(|v| v.is_finite())
        .collect();
    if values.len() < 2 || values.len() != s.points.len() {
        return Err(crate::Error::Chart(format!(
            "sparkline `{}`: needs two or more finite values",
            s.name
        )));
    }
    let style = ChartStyle {
        width: SPARKLINE_WIDTH,
        ..style.clone()
    };
    let Frame { width, w, m, .. } = Frame::new(&style);
    let height = SPARKLINE_WIDTH / 4;
    let h = f64::from(height);
    let pad = 6.0;
    let all = values
        .iter()
        .copied()
        .chain(s.target.filter(|t| t.is_finite()));
    let (lo, hi) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let span = if hi > lo { hi - lo } else { 1.0 };
    let y = |v: f64| h - pad - (v - lo) / span * (h - 2.0 * pad);
    let n = values.len();
    let x = |i: usize| m.x(pad + (w - 2.0 * pad) * i as f64 / (n - 1) as f64);
    let svg = draw(&style, width, height, |c| {
        if let Some(t) = s.target.filter(|t| t.is_finite()) {
            c.dashed(&[(m.x(pad), y(t)), (m.x(w - pad), y(t))], style.accent, 1)?;
        }
        let pts: Vec<(f64, f64)> = values
            .iter()
            .enumerate()
            .map(|(i, v)| (x(i), y(*v)))
            .collect();
        c.line(&pts, style.primary, 2)?;
        if let Some(&last) = pts.last() {
            let fill = s.status.map_or(style.primary, |st| style.status(st));
            c.dot(last, 4, fill)?;
        }
        Ok(())
    })?;
    let parts: Vec<String> = s
        .points
        .iter()
        .map(|(p, v)| {
            // Whole values as the table writes them: 61, not 61.0.
            let d = if (v - v.round()).abs() < 1e-9 {
                0
            } else {
                s.decimals
            };
            format!("{}: {}", text::for_alt(p), nf.number(*v, d))
        })
        .collect();
    Ok(Chart {
        svg,
        width,
        height,
        alt: format!("{}: {}", text::for_alt(&s.name), parts.join("; ")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::AsciiNumbers;

    #[test]
    fn a_trend_needs_two_values_and_names_each_period() {
        let mut s = Sparkline {
            points: vec![("2026-Q1".into(), 58.0), ("2026-Q2".into(), 61.5)],
            target: Some(75.0),
            status: Some(Status::Poor),
            name: "FCR".into(),
            decimals: 1,
        };
        let c = sparkline(&s, &ChartStyle::new(false), &AsciiNumbers).unwrap();
        assert_eq!(c.alt, "FCR: 2026-Q1: 58; 2026-Q2: 61.5");
        assert_eq!((c.width, c.height), (SPARKLINE_WIDTH, SPARKLINE_WIDTH / 4));
        s.points.truncate(1);
        assert!(sparkline(&s, &ChartStyle::new(true), &AsciiNumbers).is_err());
    }
}
