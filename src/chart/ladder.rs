//! Level ladder for the overall maturity level: one step per level, rising in the reading
//! direction, the current level highlighted, a marker at the score.

use super::canvas::{Frame, Txt, draw};
use super::{Chart, ChartStyle, NumberFormat, text};

/// One level of the ladder.
#[derive(Debug, Clone, PartialEq)]
pub struct LadderStep {
    /// Level name, already in the report's language.
    pub name: String,
    /// Lowest score that reaches this level (the model's `min_score`).
    pub from: f64,
}

/// Ladder input.
#[derive(Debug, Clone, PartialEq)]
pub struct Ladder {
    /// Levels from lowest to highest; `from` must increase.
    pub steps: Vec<LadderStep>,
    /// Top of the scale (the last level runs from its `from` to here).
    pub max: f64,
    /// Index into `steps` of the level reached (as computed by scoring).
    pub current: usize,
    /// The overall score, marked under the ladder.
    pub score: f64,
    /// Decimals of the printed score.
    pub decimals: u8,
}

/// Draws the ladder. The score marker is placed inside the current step, in proportion to
/// where the score lies within that level's range, so marker and highlight always agree.
pub fn ladder(data: &Ladder, style: &ChartStyle, nf: &dyn NumberFormat) -> crate::Result<Chart> {
    let n = data.steps.len();
    if n == 0 || data.current >= n {
        return Err(crate::Error::Chart(format!(
            "ladder: current level {} is not one of the {n} levels",
            data.current + 1
        )));
    }
    let bounds: Vec<f64> = data
        .steps
        .iter()
        .map(|s| s.from)
        .chain(std::iter::once(data.max))
        .collect();
    if bounds.iter().any(|b| !b.is_finite()) || bounds.windows(2).any(|p| p[0] >= p[1]) {
        return Err(crate::Error::Chart(
            "ladder: level thresholds must increase and stay below the scale maximum".into(),
        ));
    }
    let Frame { size, width, w, m } = Frame::new(style);
    let nf64 = n as f64;
    let step_w = (w - 2.0) / nf64;
    let (label_size, names) = step_names(&data.steps, size, step_w - size * 0.6);
    let leading = label_size * 1.2;
    let block_max = names.iter().map(|l| l.len()).max().unwrap_or(1) as f64 - 1.0;
    let top = size * 0.6;
    let max_h = size * 9.0;
    // The shortest step holds the numeral and the label block under it without overlap.
    let min_h = size * 4.2 + block_max * leading;
    let base = top + max_h;
    let marker_h = size * 3.2;
    let height_f = base + marker_h;
    let height = height_f.ceil() as u32;

    let svg = draw(style, width, height, |c| {
        for (i, lines) in names.iter().enumerate() {
            let h = if n > 1 {
                min_h + (max_h - min_h) * i as f64 / (nf64 - 1.0)
            } else {
                max_h
            };
            let x = 1.0 + step_w * i as f64;
            let current = i == data.current;
            let fill = if current {
                style.primary
            } else if i < data.current {
                style.primary.tint(0.7)
            } else {
                style.grid.tint(0.3)
            };
            c.rect(
                (m.x(x + 1.0), base - h),
                (m.x(x + step_w - 1.0), base),
                fill,
            )?;
            let cx = m.x(x + step_w / 2.0);
            let number = nf.number((i + 1) as f64, 0);
            c.text(
                &Txt::number(&number, (cx, base - h + size * 1.3), size * 1.5, style)
                    .on(fill, style)
                    .bold(),
            )?;
            let block = (lines.len() as f64 - 1.0) * leading;
            let name = Txt::label("", (cx, base - size * 1.2 - block / 2.0), label_size, style)
                .on(fill, style);
            c.lines(lines, &if current { name.bold() } else { name }, leading)?;
        }
        c.line(
            &[(m.x(1.0), base), (m.x(w - 1.0), base)],
            style.text.tint(0.3),
            1,
        )?;
        // Score marker: a triangle pointing up at the baseline, the score under it.
        let k = data.current;
        let (lo, hi) = (
            bounds.get(k).copied().unwrap_or(0.0),
            bounds.get(k + 1).copied().unwrap_or(1.0),
        );
        let t = if data.score.is_finite() {
            ((data.score - lo) / (hi - lo)).clamp(0.0, 1.0)
        } else {
            0.5
        };
        let mx = m.x(1.0 + step_w * (k as f64 + 0.08 + 0.84 * t));
        let tri = size * 0.7;
        c.polygon(
            &[
                (mx, base + 2.0),
                (mx - tri, base + 2.0 + tri * 1.4),
                (mx + tri, base + 2.0 + tri * 1.4),
            ],
            style.accent,
            1.0,
        )?;
        let score = nf.number(data.score, data.decimals);
        c.text(
            &Txt::number(
                &score,
                (mx, base + 2.0 + tri * 1.4 + size),
                size * 1.1,
                style,
            )
            .bold(),
        )?;
        Ok(())
    })?;

    let alt = format!(
        "{} ({}); {}",
        text::clean(data.steps.get(data.current).map_or("", |s| s.name.as_str())),
        nf.number(data.score, data.decimals),
        data.steps
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{} {}", nf.number((i + 1) as f64, 0), text::clean(&s.name)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(Chart {
        svg,
        width,
        height,
        alt,
    })
}

/// Smallest share of the chart's text size a level name may shrink to.
const MIN_LABEL_SCALE: f64 = 0.7;

/// The level names' common text size and their lines: the chart's size, or down to 70 % of
/// it, so every name wraps at spaces into at most two lines of `avail` with no word broken
/// (a word split between letters breaks Arabic joining: `المستوى` read as `المست` / `وى`).
/// Only when no size fits is a word broken, at the smallest size.
fn step_names(steps: &[LadderStep], size: f64, avail: f64) -> (f64, Vec<Vec<String>>) {
    let chosen = (0..=10)
        .map(|k| size * (1.0 - (1.0 - MIN_LABEL_SCALE) * f64::from(k) / 10.0))
        .find(|&s| steps.iter().all(|st| text::fits(&st.name, s, avail, 2)))
        .unwrap_or(size * MIN_LABEL_SCALE);
    let lines = steps
        .iter()
        .map(|st| text::wrap(&st.name, chosen, avail, 2))
        .collect();
    (chosen, lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::AsciiNumbers;
    use crate::chart::tests::text_x;

    fn data(current: usize, score: f64) -> Ladder {
        Ladder {
            steps: ["L1", "L2", "L3", "L4", "L5"]
                .iter()
                .zip([1.0, 1.8, 2.6, 3.4, 4.2])
                .map(|(n, from)| LadderStep {
                    name: (*n).into(),
                    from,
                })
                .collect(),
            max: 5.0,
            current,
            score,
            decimals: 1,
        }
    }

    #[test]
    fn current_level_highlighted_and_marker_inside_it() {
        let style = ChartStyle::new(false);
        let c = ladder(&data(2, 3.0), &style, &AsciiNumbers).expect("draws");
        assert_eq!(
            c.svg.matches(&style.primary.hex().to_uppercase()).count(),
            1,
            "one highlighted step"
        );
        let marker = text_x(&c.svg, "3.0").expect("score printed");
        let (l3, l4) = (
            text_x(&c.svg, "L3").expect("l3"),
            text_x(&c.svg, "L4").expect("l4"),
        );
        let step = l4 - l3;
        assert!(
            (marker - l3).abs() < step / 2.0,
            "marker {marker} in step at {l3}"
        );
        let rtl = ladder(&data(2, 3.0), &ChartStyle::new(true), &AsciiNumbers).expect("draws");
        assert!(text_x(&rtl.svg, "L1").expect("r") > text_x(&rtl.svg, "L5").expect("r"));
        assert_eq!(c.alt, "L3 (3.0); 1 L1, 2 L2, 3 L3, 4 L4, 5 L5");
    }

    #[test]
    fn impossible_ladders_are_refused() {
        let s = ChartStyle::new(false);
        assert!(ladder(&data(5, 3.0), &s, &AsciiNumbers).is_err());
        let mut d = data(0, 1.0);
        d.steps[2].from = 1.5;
        assert!(ladder(&d, &s, &AsciiNumbers).is_err());
        let mut d = data(0, 1.0);
        d.max = 4.0;
        assert!(ladder(&d, &s, &AsciiNumbers).is_err());
        let mut d = data(0, 1.0);
        d.steps.clear();
        assert!(ladder(&d, &s, &AsciiNumbers).is_err());
        // A score outside its level (or NaN) still draws, marker clamped to the step.
        assert!(ladder(&data(1, f64::NAN), &s, &AsciiNumbers).is_ok());
        assert!(ladder(&data(1, 9.0), &s, &AsciiNumbers).is_ok());
    }

    #[test]
    fn arabic_level_names_shrink_and_wrap_only_at_spaces() {
        // Nine levels on a slide's narrow canvas (tester 5 F22): `المستوى` was split between
        // letters in every step.
        let steps: Vec<LadderStep> = (1..=9)
            .map(|k| LadderStep {
                name: format!("المستوى {k}"),
                from: f64::from(k) - 1.0,
            })
            .collect();
        let style = ChartStyle {
            width: 300,
            ..ChartStyle::new(true)
        };
        let step_w = (300.0 - 2.0) / 9.0;
        let avail = step_w - style.font_size * 0.6;
        let (size, lines) = step_names(&steps, style.font_size, avail);
        assert!(size < style.font_size && size >= style.font_size * MIN_LABEL_SCALE);
        for (k, l) in lines.iter().enumerate() {
            assert_eq!(l, &vec!["المستوى".to_string(), (k + 1).to_string()]);
            assert!(l.iter().all(|x| text::width(x, size) <= avail));
        }
        // Short names keep the chart's size.
        let short = data(0, 1.0);
        assert_eq!(step_names(&short.steps, 9.0, 80.0).0, 9.0);
        let d = Ladder {
            steps,
            max: 9.0,
            current: 0,
            score: 0.5,
            decimals: 2,
        };
        let c = ladder(&d, &style, &AsciiNumbers).expect("draws");
        assert!(!c.svg.contains("المست<") && c.svg.matches("المستوى").count() == 9);
    }
}
