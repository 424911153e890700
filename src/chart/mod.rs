//! Charts: plain, already-localised data → SVG strings (plotters' SVG backend), themed.
//! No file writes, no Typst, no dependency on `score`: each chart has a small input struct
//! that the report fills from the score result.
//!
//! What the SVG must respect to come out right inside Typst (see engineering-notes.md):
//! - `font-family` names one of the World's fonts exactly ([`ChartStyle::font_family`]);
//! - every label is wrapped in RLI…PDI (Arabic) or LRI…PDI (Latin, numbers): usvg lays
//!   text out left-to-right and applies plotters' `dy` to the first letter only;
//! - plotters measures text by byte length, so all layout here uses our own estimate
//!   ([`text::width`]) and places every label explicitly.
//!
//! Direction rule, the same in every chart: when [`ChartStyle::rtl`] is set the horizontal
//! axis is mirrored (categories and values run right to left, labels sit on the right, bars
//! grow leftward, the first radar axis is at the top and the next ones follow anticlockwise);
//! text itself is never mirrored.

mod bars;
mod canvas;
mod columns;
mod gallery;
mod heatmap;
mod journey;
mod ladder;
mod nps;
mod position;
mod radar;
mod sparkline;
pub mod text;

pub use bars::{Bar, Bars, bars};
pub use columns::{Column, Columns, StatusMark, ValueKind, columns};
pub use gallery::{gallery, gallery_for};
pub use heatmap::{HeatCell, HeatRow, Heatmap, heatmap};
pub use journey::{Journey, JourneyPoint, journey};
pub use ladder::{Ladder, LadderStep, ladder};
pub use nps::{NpsNames, NpsRow, NpsStack, nps_stack};
pub use position::{Position, PositionNames, position};
pub use radar::{Radar, RadarAxis, RadarLegend, SectorBand, radar};
pub use sparkline::{SPARKLINE_WIDTH, Sparkline, sparkline};

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses `#rrggbb` or `#rgb` (the `#` is optional); `None` for anything else.
    pub fn parse(s: &str) -> Option<Rgb> {
        let hex = s.trim().strip_prefix('#').unwrap_or(s.trim());
        let digit = |c: char| c.to_digit(16).and_then(|d| u8::try_from(d).ok());
        let chars: Vec<char> = hex.chars().collect();
        match chars.as_slice() {
            [r, g, b] => Some(Rgb(digit(*r)? * 17, digit(*g)? * 17, digit(*b)? * 17)),
            [r1, r2, g1, g2, b1, b2] => Some(Rgb(
                digit(*r1)? * 16 + digit(*r2)?,
                digit(*g1)? * 16 + digit(*g2)?,
                digit(*b1)? * 16 + digit(*b2)?,
            )),
            _ => None,
        }
    }

    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// This colour mixed with `other`; `t` = 0 gives `self`, 1 gives `other`.
    pub fn mix(self, other: Rgb, t: f64) -> Rgb {
        let t = if t.is_finite() {
            t.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let m = |a: u8, b: u8| {
            let v = f64::from(a) + (f64::from(b) - f64::from(a)) * t;
            // Clamped to 0..=255 above, so the cast cannot truncate.
            v.round().clamp(0.0, 255.0) as u8
        };
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }

    /// A lighter tint: `t` of the way to white.
    pub fn tint(self, t: f64) -> Rgb {
        self.mix(Rgb(255, 255, 255), t)
    }

    /// Relative luminance (WCAG), 0 = black, 1 = white.
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }
}

/// Theme for every chart: colours, font, base size, direction. Built by the report from
/// the theme file.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartStyle {
    /// Main series (scores, bars).
    pub primary: Rgb,
    /// Second series (previous assessment).
    pub secondary: Rgb,
    /// Highlights (targets).
    pub accent: Rgb,
    /// Status "poor" (detractors, below target).
    pub red: Rgb,
    /// Status "watch" (passives, near target).
    pub amber: Rgb,
    /// Status "good" (promoters, target met).
    pub green: Rgb,
    /// Grid lines, axes and empty shapes.
    pub grid: Rgb,
    /// Labels.
    pub text: Rgb,
    /// Font family for all labels; must name a font the Typst World has, exactly
    /// (e.g. `IBM Plex Sans Arabic`), or usvg falls back to the document font.
    pub font_family: String,
    /// Base label size in SVG units (the canvas is [`ChartStyle::width`] units wide).
    pub font_size: f64,
    /// Canvas width in SVG units; heights follow from the content.
    pub width: u32,
    /// Right-to-left report: mirror the horizontal axis and isolate labels as RTL.
    pub rtl: bool,
}

impl ChartStyle {
    /// Neutral consulting colours, IBM Plex Sans Arabic, 480 units wide.
    pub fn new(rtl: bool) -> ChartStyle {
        ChartStyle {
            primary: Rgb(0x1f, 0x4e, 0x79),
            secondary: Rgb(0x8a, 0x9b, 0xb0),
            accent: Rgb(0xc8, 0x7f, 0x0a),
            red: Rgb(0xc0, 0x39, 0x2b),
            amber: Rgb(0xe6, 0xa1, 0x17),
            green: Rgb(0x2e, 0x8b, 0x57),
            grid: Rgb(0xd5, 0xdb, 0xe3),
            text: Rgb(0x26, 0x32, 0x38),
            font_family: "IBM Plex Sans Arabic".to_string(),
            font_size: 9.0,
            width: 480,
            rtl,
        }
    }

    /// The colour of a status.
    pub fn status(&self, status: Status) -> Rgb {
        match status {
            Status::Good => self.green,
            Status::Watch => self.amber,
            Status::Poor => self.red,
        }
    }
}

/// A target drawn as a labelled dashed line across a bar or column chart.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetLine {
    /// Target value, in the chart's units.
    pub value: f64,
    /// Its name beside the line, e.g. "المستهدف" / "Target"; the value follows it.
    pub label: String,
    /// Decimals of the printed target (as the report's tables write it).
    pub decimals: u8,
}

/// A red-amber-green status, chosen by the report (e.g. against a target).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Target met: green.
    Good,
    /// Close to target: amber.
    Watch,
    /// Well below target: red.
    Poor,
}

/// How numbers are written in labels. The report passes its locale formatter (Arabic-Indic
/// digits, Arabic separators); [`AsciiNumbers`] writes plain ASCII digits.
pub trait NumberFormat {
    /// `value` rounded to `decimals` places.
    fn number(&self, value: f64, decimals: u8) -> String;
    /// `value` (already in percent units, 12.5 for 12.5 %) with a percent sign.
    fn percent(&self, value: f64, decimals: u8) -> String;
    /// `value` with its sign, as the report's tables write changes and NPS: `+32.5`,
    /// `−9.5` (a minus sign, not a hyphen), no sign when it rounds to zero.
    fn signed(&self, value: f64, decimals: u8) -> String {
        let body = self.number(value.abs(), decimals);
        if !value.is_finite() || body == self.number(0.0, decimals) {
            body
        } else if value < 0.0 {
            format!("\u{2212}{body}")
        } else {
            format!("+{body}")
        }
    }
    /// `value` with a minus sign when negative and no plus sign (axis ticks).
    fn minus(&self, value: f64, decimals: u8) -> String {
        let s = self.signed(value, decimals);
        s.strip_prefix('+')
            .map_or_else(|| s.clone(), str::to_string)
    }
}

/// ASCII digits with `.` as decimal separator: `12.5`, `-3`, `45%`; rounded half away from
/// zero ([`crate::rounding`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct AsciiNumbers;

impl NumberFormat for AsciiNumbers {
    fn number(&self, value: f64, decimals: u8) -> String {
        crate::rounding::rounded_text(value, decimals)
    }

    fn percent(&self, value: f64, decimals: u8) -> String {
        format!("{}%", self.number(value, decimals))
    }
}

/// One finished chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// The SVG document.
    pub svg: String,
    /// Width in SVG units.
    pub width: u32,
    /// Height in SVG units.
    pub height: u32,
    /// A plain-text description of what the chart shows (labels and values), for the PDF's
    /// alt text.
    pub alt: String,
}

/// A value that is drawn: finite, else treated as missing.
fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

/// A formatted optional value, `—` when missing.
fn opt_number(v: Option<f64>, decimals: u8, nf: &dyn NumberFormat) -> String {
    finite(v).map_or_else(|| "—".to_string(), |v| nf.number(v, decimals))
}

/// Checks a scale: finite and `min < max`.
fn check_range(what: &str, min: f64, max: f64) -> crate::Result<()> {
    if min.is_finite() && max.is_finite() && min < max {
        Ok(())
    } else {
        Err(crate::Error::Chart(format!(
            "{what}: the scale must run from a lower to a higher finite value, got {min}..{max}"
        )))
    }
}

/// Evenly spaced "nice" tick values covering `min..=max` (at most about `target` ticks).
fn ticks(min: f64, max: f64, target: usize) -> Vec<f64> {
    if !(min.is_finite() && max.is_finite()) || min >= max {
        return Vec::new();
    }
    let raw = (max - min) / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (min / step).ceil();
    let mut out = Vec::new();
    let mut k = first;
    while k * step <= max + step * 1e-9 && out.len() < 100 {
        out.push(k * step);
        k += 1.0;
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The x of the `<text>` element whose content is exactly `label` (isolated).
    pub(crate) fn text_x(svg: &str, label: &str) -> Option<f64> {
        let mut last_x = None;
        for l in svg.lines() {
            if let Some(rest) = l.strip_prefix("<text x=\"") {
                last_x = rest.split('"').next().and_then(|x| x.parse::<f64>().ok());
            }
            let body = l
                .trim_start_matches(['\u{2066}', '\u{2067}'])
                .trim_end_matches('\u{2069}');
            if body == label && l != body {
                return last_x;
            }
        }
        None
    }

    #[test]
    fn colours_parse_and_mix() {
        assert_eq!(Rgb::parse("#1F4e79"), Some(Rgb(0x1f, 0x4e, 0x79)));
        assert_eq!(Rgb::parse("fff"), Some(Rgb(255, 255, 255)));
        assert_eq!(Rgb::parse("#12345"), None);
        assert_eq!(Rgb::parse("#gg0000"), None);
        assert_eq!(Rgb(0, 0, 0).mix(Rgb(200, 100, 50), 0.5), Rgb(100, 50, 25));
        assert_eq!(Rgb(0, 0, 0).mix(Rgb(200, 100, 50), f64::NAN), Rgb(0, 0, 0));
        assert_eq!(Rgb(10, 20, 30).hex(), "#0a141e");
        assert!(Rgb(255, 255, 255).luminance() > 0.99 && Rgb(0, 0, 0).luminance() < 0.01);
    }

    #[test]
    fn ascii_numbers() {
        let f = AsciiNumbers;
        assert_eq!(f.number(2.345_67, 1), "2.3");
        assert_eq!(f.number(-0.04, 1), "0.0");
        assert_eq!(f.number(-12.0, 0), "-12");
        assert_eq!(f.percent(12.5, 1), "12.5%");
        assert_eq!(f.number(f64::NAN, 1), "—");
        assert_eq!(f.signed(32.46, 1), "+32.5");
        assert_eq!(f.signed(-9.46, 1), "\u{2212}9.5");
        assert_eq!(f.signed(-0.04, 1), "0.0");
        assert_eq!(f.signed(f64::NAN, 1), "—");
        assert_eq!(f.minus(-20.0, 0), "\u{2212}20");
        assert_eq!(f.minus(20.0, 0), "20");
    }

    #[test]
    fn ticks_are_nice() {
        assert_eq!(ticks(1.0, 5.0, 4), vec![1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(
            ticks(-100.0, 100.0, 4),
            vec![-100.0, -50.0, 0.0, 50.0, 100.0]
        );
        assert_eq!(ticks(0.0, 40.0, 4), vec![0.0, 10.0, 20.0, 30.0, 40.0]);
        assert!(ticks(5.0, 1.0, 4).is_empty());
        assert!(ticks(f64::NAN, 1.0, 4).is_empty());
    }
}
