//! A thin drawing layer over plotters' SVG backend: f64 coordinates, themed text with bidi
//! isolation, and errors mapped to [`crate::Error::Chart`].

use super::{ChartStyle, Rgb, text};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Horizontal text anchor, in screen terms (usvg lays every text line out left to right).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Left,
    Center,
    Right,
}

/// What a label is, which decides its bidi isolation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text (names): isolated by the script most of its letters are in.
    Label,
    /// A formatted number.
    Number,
    /// A name and its value ([`Txt::labelled`]): each isolated as its kind is, the pair in
    /// the chart's direction.
    Labelled,
}

/// One text run to draw. Built with [`Txt::label`] or [`Txt::number`] and adjusted with
/// the builder methods, so each chart only says what differs from the default.
#[derive(Clone, Copy)]
pub struct Txt<'s> {
    pub s: &'s str,
    /// The value after the name `s`, for [`Kind::Labelled`]; empty otherwise.
    pub value: &'s str,
    pub x: f64,
    pub y: f64,
    pub size: f64,
    pub anchor: Anchor,
    pub colour: Rgb,
    pub bold: bool,
    pub kind: Kind,
}

impl<'s> Txt<'s> {
    /// Free text at `(x, y)`, centred, regular, in the text colour.
    pub fn label(s: &'s str, (x, y): (f64, f64), size: f64, style: &ChartStyle) -> Txt<'s> {
        Txt {
            s,
            value: "",
            x,
            y,
            size,
            anchor: Anchor::Center,
            colour: style.text,
            bold: false,
            kind: Kind::Label,
        }
    }

    /// A formatted number at `(x, y)`, centred, regular, in the text colour.
    pub fn number(s: &'s str, at: (f64, f64), size: f64, style: &ChartStyle) -> Txt<'s> {
        Txt {
            kind: Kind::Number,
            ..Txt::label(s, at, size, style)
        }
    }

    /// A name followed by its formatted value (`Target +30.0`, `المستهدف +30.0`) at `(x, y)`,
    /// centred, regular, in the text colour: the value keeps its sign before its digits in
    /// Arabic charts ([`text::labelled_number`]).
    pub fn labelled(
        name: &'s str,
        value: &'s str,
        at: (f64, f64),
        size: f64,
        style: &ChartStyle,
    ) -> Txt<'s> {
        Txt {
            kind: Kind::Labelled,
            value,
            ..Txt::label(name, at, size, style)
        }
    }

    /// Anchored at `anchor` instead of the centre.
    pub fn anchor(self, anchor: Anchor) -> Txt<'s> {
        Txt { anchor, ..self }
    }

    /// In bold.
    pub fn bold(self) -> Txt<'s> {
        Txt { bold: true, ..self }
    }

    /// In `colour`.
    pub fn colour(self, colour: Rgb) -> Txt<'s> {
        Txt { colour, ..self }
    }

    /// Written on a `fill` background: white on dark fills, the text colour on light ones.
    pub fn on(self, fill: Rgb, style: &ChartStyle) -> Txt<'s> {
        self.colour(ink(fill, style))
    }
}

/// The text colour that reads on `fill`: white or the theme's text colour, whichever has
/// the higher WCAG contrast with it.
pub fn ink(fill: Rgb, style: &ChartStyle) -> Rgb {
    let contrast = |a: Rgb, b: Rgb| {
        let (la, lb) = (a.luminance() + 0.05, b.luminance() + 0.05);
        la.max(lb) / la.min(lb)
    };
    let white = Rgb(255, 255, 255);
    if contrast(fill, white) > contrast(fill, style.text) {
        white
    } else {
        style.text
    }
}

/// What every chart starts from: the base text size, the canvas width and the mirror for
/// right-to-left charts.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    /// Base text size.
    pub size: f64,
    /// Canvas width in SVG units.
    pub width: u32,
    /// The same width as a float, for layout.
    pub w: f64,
    /// Left-to-right layout → screen.
    pub m: Mirror,
}

impl Frame {
    pub fn new(style: &ChartStyle) -> Frame {
        let w = f64::from(style.width);
        Frame {
            size: style.font_size,
            width: style.width,
            w,
            m: Mirror {
                width: w,
                rtl: style.rtl,
            },
        }
    }
}

/// A column of row labels on the reading side of a chart (left in LTR, right in RTL),
/// each label wrapped to the column width.
#[derive(Debug, Clone)]
pub struct LabelColumn {
    /// Column width (layout units); the column starts at `size / 2` from the edge.
    pub width: f64,
    /// Wrapped lines of each label, in row order.
    pub lines: Vec<Vec<String>>,
    /// Text size of the labels: the chart's, or down to 85 % of it so a long label wraps
    /// into its lines uncut.
    pub size: f64,
    /// The chart's base size (the margin before the column).
    base: f64,
}

impl LabelColumn {
    /// As wide as the widest label needs, between `min` and `max`; labels wrapped to at most
    /// `max_lines` lines, shrunk (to 85 %) before the last line has to end in `…`.
    pub fn new<'a>(
        labels: impl IntoIterator<Item = &'a str> + Clone,
        size: f64,
        (min, max): (f64, f64),
        max_lines: usize,
    ) -> LabelColumn {
        let widest = labels
            .clone()
            .into_iter()
            .map(|l| text::width(&text::clean(l), size))
            .fold(0.0, f64::max);
        let width = widest.min(max).max(min);
        let fit = text::fit_lines(labels.clone(), size, size * 0.85, width, max_lines);
        let lines = labels
            .into_iter()
            .map(|l| text::wrap(l, fit, width, max_lines))
            .collect();
        LabelColumn {
            width,
            lines,
            size: fit,
            base: size,
        }
    }

    /// The layout x where the column ends (the labels' inner edge).
    pub fn end(&self) -> f64 {
        self.base * 0.5 + self.width
    }

    /// The number of lines of row `i`'s label (at least 1).
    pub fn line_count(&self, i: usize) -> usize {
        self.lines.get(i).map_or(1, Vec::len).max(1)
    }
}

pub struct Canvas<'a, 'b> {
    area: DrawingArea<SVGBackend<'a>, Shift>,
    pub style: &'b ChartStyle,
}

fn err<E: std::fmt::Debug>(e: E) -> crate::Error {
    crate::Error::Chart(format!("{e:?}"))
}

fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// Rounds a coordinate to the backend's integer grid; non-finite values go to 0 rather than
/// panicking (callers only pass finite values).
fn px(v: f64) -> i32 {
    if v.is_finite() {
        v.round().clamp(-1.0e6, 1.0e6) as i32
    } else {
        0
    }
}

fn pt((x, y): (f64, f64)) -> (i32, i32) {
    (px(x), px(y))
}

/// Draws into a fresh SVG of `width`×`height` and returns it.
pub fn draw(
    style: &ChartStyle,
    width: u32,
    height: u32,
    f: impl FnOnce(&Canvas) -> crate::Result<()>,
) -> crate::Result<String> {
    let mut svg = String::new();
    {
        let backend = SVGBackend::with_string(&mut svg, (width, height));
        let canvas = Canvas {
            area: backend.into_drawing_area(),
            style,
        };
        f(&canvas)?;
        canvas.area.present().map_err(err)?;
    }
    Ok(svg)
}

impl Canvas<'_, '_> {
    /// Filled rectangle between two corners (any order).
    pub fn rect(&self, a: (f64, f64), b: (f64, f64), fill: Rgb) -> crate::Result<()> {
        let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
        let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
        self.area
            .draw(&Rectangle::new(
                [pt((x0, y0)), pt((x1, y1))],
                rgb(fill).filled(),
            ))
            .map_err(err)
    }

    /// Outlined rectangle.
    pub fn frame(&self, a: (f64, f64), b: (f64, f64), stroke: Rgb) -> crate::Result<()> {
        let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
        let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
        self.area
            .draw(&Rectangle::new(
                [pt((x0, y0)), pt((x1, y1))],
                rgb(stroke).stroke_width(1),
            ))
            .map_err(err)
    }

    /// Polyline.
    pub fn line(&self, points: &[(f64, f64)], colour: Rgb, width: u32) -> crate::Result<()> {
        let pts: Vec<(i32, i32)> = points.iter().copied().map(pt).collect();
        self.area
            .draw(&PathElement::new(pts, rgb(colour).stroke_width(width)))
            .map_err(err)
    }

    /// Dashed polyline.
    pub fn dashed(&self, points: &[(f64, f64)], colour: Rgb, width: u32) -> crate::Result<()> {
        let pts: Vec<(i32, i32)> = points.iter().copied().map(pt).collect();
        self.area
            .draw(&DashedPathElement::new(
                pts,
                4,
                3,
                rgb(colour).stroke_width(width),
            ))
            .map_err(err)
    }

    /// Filled polygon with opacity.
    pub fn polygon(&self, points: &[(f64, f64)], fill: Rgb, opacity: f64) -> crate::Result<()> {
        let pts: Vec<(i32, i32)> = points.iter().copied().map(pt).collect();
        self.area
            .draw(&Polygon::new(pts, rgb(fill).mix(opacity).filled()))
            .map_err(err)
    }

    /// Filled circle.
    pub fn dot(&self, c: (f64, f64), r: u32, fill: Rgb) -> crate::Result<()> {
        self.area
            .draw(&Circle::new(pt(c), r, rgb(fill).filled()))
            .map_err(err)
    }

    /// A text run, vertically centred on `y`, isolated for bidi.
    pub fn text(&self, t: &Txt) -> crate::Result<()> {
        let s = match t.kind {
            Kind::Label => text::label(t.s, self.style.rtl),
            Kind::Number => text::number(t.s),
            Kind::Labelled => text::labelled_number(t.s, t.value, self.style.rtl),
        };
        let h = match t.anchor {
            Anchor::Left => HPos::Left,
            Anchor::Center => HPos::Center,
            Anchor::Right => HPos::Right,
        };
        // plotters writes font-size = size / 1.24; compensate so `size` is the SVG size.
        let font = FontDesc::new(
            FontFamily::Name(&self.style.font_family),
            t.size * 1.24,
            if t.bold {
                FontStyle::Bold
            } else {
                FontStyle::Normal
            },
        );
        let colour = rgb(t.colour);
        let style = TextStyle::from(font)
            .color(&colour)
            .pos(Pos::new(h, VPos::Center));
        self.area
            .draw(&Text::new(s, pt((t.x, t.y)), style))
            .map_err(err)
    }

    /// Row `i` of a label column, centred on `y`, aligned against the plot.
    pub fn row_label(&self, col: &LabelColumn, i: usize, y: f64, m: Mirror) -> crate::Result<()> {
        let Some(lines) = col.lines.get(i) else {
            return Ok(());
        };
        let t = Txt::label("", (m.x(col.end()), y), col.size, self.style)
            .anchor(m.anchor(Anchor::Right));
        self.lines(lines, &t, col.size * 1.2)
    }

    /// Several lines centred as a block on `y`.
    pub fn lines(&self, lines: &[String], t: &Txt, leading: f64) -> crate::Result<()> {
        let n = lines.len() as f64;
        for (i, line) in lines.iter().enumerate() {
            let y = t.y + (i as f64 - (n - 1.0) / 2.0) * leading;
            self.text(&Txt { s: line, y, ..*t })?;
        }
        Ok(())
    }
}

/// Mirrors horizontal positions and anchors for right-to-left charts.
#[derive(Debug, Clone, Copy)]
pub struct Mirror {
    pub width: f64,
    pub rtl: bool,
}

impl Mirror {
    /// `x` as seen in a left-to-right layout → screen x.
    pub fn x(self, x: f64) -> f64 {
        if self.rtl { self.width - x } else { x }
    }

    /// An anchor chosen for the left-to-right layout → screen anchor.
    pub fn anchor(self, a: Anchor) -> Anchor {
        match (self.rtl, a) {
            (true, Anchor::Left) => Anchor::Right,
            (true, Anchor::Right) => Anchor::Left,
            (_, a) => a,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_column_shrinks_a_long_label_before_cutting_it() {
        let long = "Leaders visibly model customer focus, for example by listening to customer \
                    calls, visiting branches and answering complaints themselves every month.";
        let col = LabelColumn::new([long, "Short"], 9.0, (27.0, 216.0), 3);
        assert!(col.size < 9.0 && col.size >= 9.0 * 0.85, "{}", col.size);
        assert_eq!(col.end(), 4.5 + col.width, "the margin keeps the base size");
        let lines = col.lines.first().expect("row 0");
        assert!(
            lines.len() <= 3 && !lines.iter().any(|l| l.ends_with('…')),
            "{lines:?}"
        );
        let short = LabelColumn::new(["Short"], 9.0, (27.0, 216.0), 3);
        assert_eq!(short.size, 9.0);
    }

    #[test]
    fn ink_reads_on_its_fill() {
        let style = ChartStyle::new(false);
        let white = Rgb(255, 255, 255);
        for dark in [style.primary, style.red, style.green] {
            assert_eq!(ink(dark, &style), white, "{dark:?}");
        }
        for light in [style.amber, style.red.tint(0.35), style.grid, white] {
            assert_eq!(ink(light, &style), style.text, "{light:?}");
        }
    }
}
