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
    /// Free text (names): isolated by its own first strong letter.
    Label,
    /// A formatted number.
    Number,
}

/// One text run to draw.
#[derive(Clone, Copy)]
pub struct Txt<'s> {
    pub s: &'s str,
    pub x: f64,
    pub y: f64,
    pub size: f64,
    pub anchor: Anchor,
    pub colour: Rgb,
    pub bold: bool,
    pub kind: Kind,
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
