//! The deck's plan: which slides there are, in order, and what goes on each, decided here
//! rather than by Typst's overflow so that every slide is one page. A list or table too long
//! for a slide is split into parts of whole rows, each titled `Title (2 of 3)`; a name too
//! long for its place is shortened at a word with `…` ([`super::fit`]), its whole text kept
//! in the slide's speaker notes (and in the report). The plan is written beside the data as
//! `/deck.json` and read by `deck.typ`, which places what it is given; `nudj deck
//! --emit-typst DIR` writes it out (`DIR/deck.json`), and its slide count is the PDF's page
//! count.
//!
//! Heights are estimated in points from the layouts' sizes in `slides.typ` (a line is its
//! type size × 1.25, 1.45 in Arabic, whose letters need wider line spacing), with a margin
//! under the slide's foot, so an estimate errs towards one more slide, never one too few.

use std::ops::Range;

use serde::Serialize;

use super::fit::{
    Fitted, Named, PT_PER_MM, fit, fit_apart, fit_keep_end, lines, widest_piece, width,
};
use crate::report::contract::{HeadlineMetric, QuestionMean, RankedDimension, ReportData, Status};

/// The content area of a slide: 254 − 2 × 13 mm wide.
const W: f64 = 228.0 * PT_PER_MM;
/// Its height: 143 mm less the 9 mm top and 13 mm bottom margins.
const H: f64 = 121.0 * PT_PER_MM;
/// Kept free at the foot of every slide's content (estimates are estimates).
const SAFETY: f64 = 14.0;
/// Type sizes of `slides.typ`.
const TITLE: f64 = 30.0;
const BODY: f64 = 20.0;
const SMALL: f64 = 18.0;
/// Bold type is this much wider than the regular the estimates are made for.
const BOLD: f64 = 1.06;
/// The same for Arabic, whose bold letters are wider still (a 30 pt title line measured
/// 0.50 em a letter against 0.43 em regular).
const BOLD_ARABIC: f64 = 1.18;
/// The same for a heatmap's header in narrow columns, where one word more or less on a line
/// adds a line to the whole header row (measured on the long-names shape).
const HEADER_BOLD: f64 = 1.15;
/// A slide title takes at most this many lines; longer ones are shortened.
const TITLE_LINES: usize = 2;
/// A statement, a ranked dimension or a roadmap item takes at most this many lines.
const ITEM_LINES: usize = 3;
/// A table cell (a dimension's name) takes at most this many lines.
const CELL_LINES: usize = 2;
/// A segment group's name in a heatmap's header takes at most this many lines.
const HEADER_LINES: usize = 3;

/// Every slide of a deck, in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// The slides; the PDF has exactly one page per slide.
    pub slides: Vec<Slide>,
}

/// A part of a split slide: `n` of `of`, both from 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Part {
    pub n: usize,
    pub of: usize,
}

/// One slide of the plan: its kind and what it shows. Strings are the report's, shortened
/// where they would not fit; `notes` hold the speaker notes, whole texts of what was
/// shortened included.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Slide {
    /// The title slide: title and client at sizes (pt) that fit.
    Title {
        title: String,
        title_size: f64,
        subtitle: Option<String>,
        subtitle_size: f64,
        notes: Vec<String>,
    },
    /// The agenda: the sections that follow.
    Agenda { items: Vec<String> },
    /// The headline figure; `level`: the overall level (number · name) as it fits the facts
    /// panel, beside its label or, when longer than a line there, under it (`stacked`).
    Headline {
        level: String,
        stacked: bool,
        notes: Vec<String>,
    },
    /// The consultant's view (the summary's first paragraph).
    Quote { text: String, notes: Vec<String> },
    /// The maturity ladder chart, the current level's description under it.
    Ladder { caption: Option<String> },
    /// The radar chart.
    Radar,
    /// A dimension (or a part of one): `index` into `dimensions`.
    Dimension {
        index: usize,
        title: String,
        part: Part,
        /// Its score line (score and facts) is on this part.
        head: bool,
        facts: Vec<String>,
        strengths: Vec<Statement>,
        gaps: Vec<Statement>,
        /// The key message (the narrative's first paragraph), on this part.
        key: Option<String>,
        notes: Vec<String>,
    },
    /// Strongest dimensions and largest gaps (or a part of them).
    StrengthsGaps {
        title: String,
        lead: bool,
        strengths: Vec<Ranked>,
        gaps: Vec<Ranked>,
        notes: Vec<String>,
    },
    /// An evidence-based assessment: per dimension, the practices that block its next
    /// level (or a part of them).
    Blocking {
        title: String,
        items: Vec<Action>,
        notes: Vec<String>,
    },
    /// An evidence-based assessment: the staff's self-assessment beside the assessed score
    /// per dimension (`rows` index `assessment.perception`).
    Perception {
        title: String,
        rows: Vec<usize>,
        lead: bool,
    },
    /// The CX metrics table: `rows` index `headline`.
    Metrics {
        title: String,
        rows: Vec<usize>,
        lead: bool,
    },
    /// NPS by channel chart.
    NpsChannels,
    /// A heatmap of one segment column: some of its groups, some dimensions.
    Segment {
        title: String,
        /// Index into `segments`.
        segment: usize,
        groups: Vec<Group>,
        rows: Vec<Row>,
        /// Column width of a group, mm.
        group_width: f64,
        lead: bool,
        notes: Vec<String>,
    },
    /// The roadmap's phases side by side (or a part of them).
    Roadmap {
        title: String,
        phases: Vec<RoadmapColumn>,
        notes: Vec<String>,
    },
    /// One phase's actions (or a part of them).
    Phase {
        title: String,
        kicker: String,
        actions: Vec<Action>,
        notes: Vec<String>,
    },
    /// The next steps (or a part of them).
    NextSteps {
        title: String,
        lead: Option<String>,
        items: Vec<String>,
        notes: Vec<String>,
    },
    /// Thanks and questions.
    Closing,
}

/// A statement on a dimension slide with its mean.
impl Slide {
    /// The slide's speaker notes (none for a slide without a notes field: agenda, ladder,
    /// radar, tables, the NPS chart, closing).
    pub fn notes(&self) -> &[String] {
        match self {
            Slide::Title { notes, .. }
            | Slide::Headline { notes, .. }
            | Slide::Quote { notes, .. }
            | Slide::Dimension { notes, .. }
            | Slide::StrengthsGaps { notes, .. }
            | Slide::Blocking { notes, .. }
            | Slide::Segment { notes, .. }
            | Slide::Roadmap { notes, .. }
            | Slide::Phase { notes, .. }
            | Slide::NextSteps { notes, .. } => notes,
            Slide::Agenda { .. }
            | Slide::Ladder { .. }
            | Slide::Radar
            | Slide::Perception { .. }
            | Slide::Metrics { .. }
            | Slide::NpsChannels
            | Slide::Closing => &[],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Statement {
    pub text: String,
    pub mean: String,
}

/// A dimension in the strengths and gaps columns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranked {
    pub name: String,
    pub score: String,
    pub status: Status,
}

/// A group (column) of a heatmap: `index` into the segment's `rows`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub index: usize,
    pub value: String,
}

/// A dimension (row) of a heatmap: `index` into `dimensions`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub index: usize,
    pub name: String,
}

/// A phase's column on the roadmap slide.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoadmapColumn {
    pub title: String,
    pub items: Vec<RoadmapEntry>,
}

/// A dimension in a roadmap column, with its gap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoadmapEntry {
    pub name: String,
    pub gap: String,
}

/// A recommendation of a phase: the dimension's name (shortened) and the action.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Action {
    pub name: String,
    pub text: String,
}

/// Heights on the slide, in points.
struct Geo {
    rtl: bool,
}

impl Geo {
    /// The distance from one line to the next at `size` (Typst's line: cap height plus
    /// leading, 0.5 em, 0.7 em in Arabic), a little generous.
    fn pitch(&self, size: f64) -> f64 {
        size * if self.rtl { 1.42 } else { 1.22 }
    }
    /// A paragraph of `lines` lines: the first line's cap height, then a pitch per line.
    fn text(&self, lines: usize, size: f64) -> f64 {
        size * 0.72 + lines.saturating_sub(1) as f64 * self.pitch(size)
    }
    /// A slide title of `n` lines with its rule and the gap under it (`title-block`;
    /// measured on the slides: 45 pt for one line), with the kicker line above it.
    fn title(&self, n: usize, kicker: bool) -> f64 {
        let k = if kicker {
            0.72 * SMALL + 0.9 * BODY
        } else {
            0.0
        };
        let title_pitch = TITLE * if self.rtl { 1.22 } else { 1.07 };
        k + 0.72 * TITLE + n.saturating_sub(1) as f64 * title_pitch + 25.0
    }
    /// The room under a title of `n` lines.
    fn body(&self, n: usize, kicker: bool) -> f64 {
        H - self.title(n, kicker) - SAFETY
    }
}

/// What the planner reads: the report's data and how numbers are written.
pub struct Input<'a> {
    pub data: &'a ReportData,
    /// Eastern Arabic digits in part numbers.
    pub arabic_digits: bool,
}

impl Input<'_> {
    /// A word of the catalogue (empty when a custom catalogue lacks it).
    fn t(&self, key: &str) -> String {
        self.data.t.get(key).cloned().unwrap_or_default()
    }
    fn digits(&self, n: usize) -> String {
        let s = n.to_string();
        if !self.arabic_digits {
            return s;
        }
        s.chars()
            .map(|c| match c.to_digit(10) {
                Some(d) => char::from_u32(0x0660 + d).unwrap_or(c),
                None => c,
            })
            .collect()
    }
    /// ` (2 of 3)`: the part's suffix to a title; empty for a slide that is not split.
    fn part_suffix(&self, part: Part) -> String {
        if part.of <= 1 {
            return String::new();
        }
        let words = self
            .t("deck_part")
            .replace("{n}", &self.digits(part.n))
            .replace("{of}", &self.digits(part.of));
        format!(" ({words})")
    }
    /// The key that tells dimension `name` from the others where shortened names would look
    /// alike: its number, as on its own slide (`Dimension 3`); empty for a name that is not
    /// a dimension's.
    fn dimension_key(&self, name: &str) -> String {
        self.data
            .dimensions
            .iter()
            .position(|d| d.name == name)
            .map(|i| self.digits(i + 1))
            .unwrap_or_default()
    }
    /// `names` (dimensions' names, each with what follows it) fitted together to `max_lines`
    /// at `size` in `w`, shortened so that no two different names read the same
    /// ([`fit_apart`]).
    fn fit_names(
        &self,
        names: &[(&str, &str)],
        size: f64,
        w: f64,
        max_lines: usize,
    ) -> Vec<Fitted> {
        let keys: Vec<String> = names.iter().map(|(n, _)| self.dimension_key(n)).collect();
        let items: Vec<Named<'_>> = names
            .iter()
            .zip(&keys)
            .map(|((name, tail), key)| Named { name, tail, key })
            .collect();
        fit_apart(&items, size, w, max_lines)
    }
    /// The narrative file `name`'s paragraphs after the first `skip`.
    fn notes_of(&self, name: &str, skip: usize) -> Vec<String> {
        self.data
            .narrative_text
            .get(name)
            .map(|n| n.paragraphs.iter().skip(skip).cloned().collect())
            .unwrap_or_default()
    }
}

/// A title fitted to [`TITLE_LINES`] with room for a part suffix: (text, lines, cut).
fn fit_title(title: &str, split: bool, rtl: bool) -> (String, usize, bool) {
    let reserve = if split { "(99 of 99)" } else { "" };
    let f = fit_tail(title, reserve, TITLE, W / bold(rtl), TITLE_LINES);
    (f.text, f.lines, f.cut)
}

/// How much wider bold type is than the estimate, by script.
fn bold(rtl: bool) -> f64 {
    if rtl { BOLD_ARABIC } else { BOLD }
}

/// A slide title that may get a part suffix: fitted both ways, so the room under it is
/// known before the parts are counted.
struct SplitTitle {
    whole: (String, usize, bool),
    parted: (String, usize, bool),
}

impl SplitTitle {
    fn new(title: &str, rtl: bool) -> Self {
        SplitTitle {
            whole: fit_title(title, false, rtl),
            parted: fit_title(title, true, rtl),
        }
    }
    /// The dimensions' names as their slides' titles, fitted together so that no two
    /// different names read the same on their slides ([`fit_apart`]), one per dimension.
    fn dimensions(input: &Input<'_>) -> Vec<Self> {
        let d = input.data;
        let fit_all = |reserve: &str| {
            let names: Vec<(&str, &str)> = d
                .dimensions
                .iter()
                .map(|x| (x.name.as_str(), reserve))
                .collect();
            input.fit_names(&names, TITLE, W / bold(d.rtl), TITLE_LINES)
        };
        let whole = fit_all("");
        let parted = fit_all("(99 of 99)");
        whole
            .into_iter()
            .zip(parted)
            .map(|(w, p)| SplitTitle {
                whole: (w.text, w.lines, w.cut),
                parted: (p.text, p.lines, p.cut),
            })
            .collect()
    }
    /// The lines it takes, split or not.
    fn lines(&self) -> usize {
        self.whole.1.max(self.parted.1)
    }
    /// Its text on a slide of a deck part of `of` parts; whether it was shortened.
    fn text(&self, of: usize) -> (&str, bool) {
        let t = if of > 1 { &self.parted } else { &self.whole };
        (&t.0, t.2)
    }
}

/// `s` fitted to `max_lines` with `tail` points of something after it on its last line.
fn fit_tail(s: &str, tail: &str, size: f64, w: f64, max_lines: usize) -> Fitted {
    super::fit::fit_with_tail(s, size, w, max_lines, tail)
}

/// Greedy packing of rows of `heights` into slides: the first with `first` points of room,
/// the others with `rest`. A row taller than a slide goes alone.
fn pack(heights: &[f64], first: f64, rest: f64) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut used, mut room) = (0, 0.0, first);
    for (i, h) in heights.iter().enumerate() {
        if i > start && used + h > room {
            out.push(start..i);
            (start, used, room) = (i, 0.0, rest);
        }
        used += h;
    }
    if start < heights.len() || out.is_empty() {
        out.push(start..heights.len());
    }
    out
}

/// [`pack`] with every slide's room, the rows spread evenly over as few slides as greedy
/// packing needs (eight rows on two slides go four and four, not seven and one).
fn pack_even(heights: &[f64], room: f64) -> Vec<Range<usize>> {
    let greedy = pack(heights, room, room);
    let total: f64 = heights.iter().sum();
    let mut budget = total / greedy.len() as f64;
    while budget < room {
        let parts = pack(heights, budget, budget);
        if parts.len() <= greedy.len() {
            return parts;
        }
        budget += 4.0;
    }
    greedy
}

/// Plans the deck of `input`.
pub fn plan(input: &Input<'_>) -> Plan {
    let d = input.data;
    let geo = Geo { rtl: d.rtl };
    let mut slides = vec![title_slide(input, &geo)];
    let agenda_at = slides.len();
    slides.push(Slide::Agenda { items: Vec::new() });
    let mut agenda = vec![input.t("deck_headline")];
    slides.push(headline_slide(input));
    if let Some(lead) = d
        .narrative_text
        .get("summary")
        .and_then(|s| s.lead.as_ref())
    {
        slides.push(quote_slide(input, &geo, lead));
    }
    if d.charts.contains_key("ladder") || d.charts.contains_key("radar") {
        agenda.push(input.t("results"));
    }
    if d.charts.contains_key("ladder") {
        let caption = d.levels.iter().find(|l| l.current).and_then(|l| {
            let desc = l.description.as_ref()?;
            Some(fit(&format!("{}: {desc}", l.name), SMALL, W, 2).text)
        });
        slides.push(Slide::Ladder { caption });
    }
    if d.charts.contains_key("radar") {
        slides.push(Slide::Radar);
    }
    if !d.dimensions.is_empty() {
        agenda.push(input.t("deck_dimensions"));
        for (i, title) in SplitTitle::dimensions(input).into_iter().enumerate() {
            slides.extend(dimension_slides(input, &geo, i, title));
        }
    }
    if !d.strengths.is_empty() || !d.gaps.is_empty() {
        agenda.push(input.t("deck_strengths_gaps"));
        slides.extend(strengths_gaps_slides(input, &geo));
    }
    let blocking = blocking_slides(input, &geo);
    if !blocking.is_empty() {
        agenda.push(input.t("gap_practices"));
        slides.extend(blocking);
    }
    let perception = perception_slides(input, &geo);
    if !perception.is_empty() {
        agenda.push(input.t("perception_title"));
        slides.extend(perception);
    }
    if !d.headline.is_empty() {
        agenda.push(input.t("cx_metrics"));
        slides.extend(metrics_slides(input, &geo));
    }
    if d.charts.contains_key("nps-channels") {
        slides.push(Slide::NpsChannels);
    }
    if !d.segments.is_empty() {
        agenda.push(input.t("deck_heatmap"));
        for s in 0..d.segments.len() {
            slides.extend(segment_slides(input, &geo, s));
        }
    }
    if !d.roadmap.is_empty() {
        agenda.push(input.t("roadmap"));
        slides.extend(roadmap_slides(input, &geo));
        slides.extend(phase_slides(input, &geo));
    }
    let next = next_steps_slides(input, &geo);
    if !next.is_empty() {
        agenda.push(input.t("next_steps"));
        slides.extend(next);
    }
    slides.push(Slide::Closing);
    slides[agenda_at] = Slide::Agenda { items: agenda };
    Plan { slides }
}

/// The title slide: the title from 40 pt down to 28 pt in at most four lines, the client
/// from 24 pt down to 20 pt in at most three, shortened at 28 and 20 pt when still too long.
fn title_slide(input: &Input<'_>, geo: &Geo) -> Slide {
    let d = input.data;
    let plain = |s: &str| -> String {
        s.chars()
            .filter(|c| !('\u{2066}'..='\u{2069}').contains(c))
            .collect()
    };
    let subtitle = (!plain(&d.title).contains(&plain(&d.client))).then(|| d.client.clone());
    // The room of the title and the client: the slide less the logos, the rule and the
    // date, consultancy and confidentiality lines (one or two lines each).
    let logos = if d.client_logo.is_some() || d.firm_logo.is_some() {
        18.0 * PT_PER_MM
    } else {
        0.0
    };
    let facts: f64 = [Some(&d.date), Some(&d.consultancy), Some(&d.confidential)]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .map(|s| geo.text(lines(s, SMALL, W).min(2), SMALL) + 0.6 * SMALL)
        .sum();
    // 14 mm more are kept free: a title slide filled to its edges reads as crowded.
    let room =
        H - logos - facts - 3.0 - 3.0 * PT_PER_MM - 5.0 * PT_PER_MM - SAFETY - 14.0 * PT_PER_MM;
    let mut notes = Vec::new();
    let (sub, sub_size, sub_h) = match &subtitle {
        None => (None, 24.0, 0.0),
        Some(s) => {
            let (f, size) = shrink(s, &[24.0, 22.0, 20.0], 3, W);
            if f.cut {
                notes.push(s.clone());
            }
            let h = geo.text(f.lines, size) + 4.0 * PT_PER_MM;
            (Some(f.text), size, h)
        }
    };
    let sizes = [40.0, 36.0, 32.0, 28.0];
    let max_lines = |size: f64| ((room - sub_h) / geo.pitch(size)).floor().clamp(1.0, 4.0) as usize;
    let mut pick = None;
    for size in sizes {
        let f = fit(&d.title, size, W / bold(d.rtl), max_lines(size));
        if !f.cut || size <= 28.0 {
            pick = Some((f, size));
            break;
        }
    }
    let (f, title_size) = pick.unwrap_or_else(|| (fit(&d.title, 28.0, W, 1), 28.0));
    if f.cut {
        notes.insert(0, d.title.clone());
    }
    Slide::Title {
        title: f.text,
        title_size,
        subtitle: sub,
        subtitle_size: sub_size,
        notes,
    }
}

/// `s` at the first of `sizes` where it fits `max_lines` whole, else shortened at the last.
fn shrink(s: &str, sizes: &[f64], max_lines: usize, w: f64) -> (super::fit::Fitted, f64) {
    let last = sizes.last().copied().unwrap_or(BODY);
    for &size in sizes {
        let f = fit(s, size, w, max_lines);
        if !f.cut || size <= last {
            return (f, size);
        }
    }
    (fit(s, last, w, max_lines), last)
}

/// The headline: the overall level fitted to three lines of the facts panel (half the slide
/// less its insets and the label column), its whole name in the notes when shortened.
fn headline_slide(input: &Input<'_>) -> Slide {
    let o = &input.data.overall;
    let level = match &o.level {
        Some(l) => format!("{l} · {}", o.level_name),
        None => o.level_name.clone(),
    };
    // The facts panel is half the slide less the gutter and its insets; beside its label
    // the value has the rest, under it the whole width.
    let panel = (W - 10.0 * PT_PER_MM) / 2.0 - 12.0 * PT_PER_MM;
    let beside = panel - 5.0 * PT_PER_MM - width(&input.t("overall_maturity"), SMALL);
    let b = bold(input.data.rtl);
    // Beside its label when it fits there, with the estimate's margin given back (a value
    // that then wraps to a second line beside the label still fits the panel: the label
    // keeps its width, the value wraps in the rest).
    let stacked = lines(&level, 24.0, beside * 1.15) > 1;
    let f = fit(&level, 24.0, if stacked { panel } else { beside } / b, 3);
    let mut notes = Vec::new();
    note_if_cut(&mut notes, &f, &level);
    notes.extend(input.notes_of("summary", 1));
    Slide::Headline {
        level: f.text,
        stacked,
        notes,
    }
}

/// The consultant's view: the quote at body size in its box, shortened to the slide.
fn quote_slide(input: &Input<'_>, geo: &Geo, lead: &str) -> Slide {
    let room = geo.body(1, false)
        - 4.0 * PT_PER_MM
        - 12.0 * PT_PER_MM
        - geo.pitch(SMALL)
        - 3.0 * PT_PER_MM;
    let max = (room / geo.pitch(BODY)).floor().max(1.0) as usize;
    let f = fit(lead, BODY, W - 16.0 * PT_PER_MM - 4.0, max);
    let mut notes = input.notes_of("summary", 1);
    if f.cut {
        notes.insert(0, lead.to_string());
    }
    Slide::Quote {
        text: f.text,
        notes,
    }
}

/// The whole of a shortened text for the notes.
fn note_if_cut(notes: &mut Vec<String>, f: &super::fit::Fitted, whole: &str) {
    if f.cut {
        notes.push(whole.to_string());
    }
}

/// Statements fitted to a column: each in at most [`ITEM_LINES`] with its mean after it.
fn statements(qs: &[QuestionMean], col: f64, notes: &mut Vec<String>) -> Vec<(Statement, usize)> {
    // A list item is indented by its marker (about 1 em).
    let w = col - 1.2 * SMALL;
    qs.iter()
        .map(|q| {
            let f = fit_tail(&q.text, &q.mean, SMALL, w, ITEM_LINES);
            note_if_cut(notes, &f, &q.text);
            let lines = f.lines;
            (
                Statement {
                    text: f.text,
                    mean: q.mean.clone(),
                },
                lines,
            )
        })
        .collect()
}

/// A dimension's facts beside its score: number, target, level, change, sector median.
fn dimension_facts(input: &Input<'_>, i: usize) -> Vec<String> {
    let dim = &input.data.dimensions[i];
    let mut facts = vec![format!("{} {}", input.t("dimension"), input.digits(i + 1))];
    if dim.target != "—" {
        facts.push(format!("{} {}", input.t("target"), dim.target));
    }
    if let Some(name) = &dim.level_name {
        facts.push(match &dim.level {
            Some(l) => format!("{} {l} · {name}", input.t("level")),
            None => format!("{} {name}", input.t("level")),
        });
    }
    if let Some(c) = &dim.change {
        let since = input.data.overall.since.clone();
        facts.push(format!(
            "{c} {}",
            since.unwrap_or_else(|| input.t("since_previous"))
        ));
    }
    if let Some(m) = &dim.sector_median {
        facts.push(format!("{} {m}", input.t("sector_median")));
    }
    facts
}

/// A dimension's slide, in parts when its statements and key message do not fit one, titled
/// `split_title` (its name, fitted apart from the other dimensions').
fn dimension_slides(input: &Input<'_>, geo: &Geo, i: usize, split_title: SplitTitle) -> Vec<Slide> {
    let d = input.data;
    let dim = &d.dimensions[i];
    let mut notes = Vec::new();
    let title_lines = split_title.lines();
    let facts = dimension_facts(input, i);
    let facts_w = W - width(&dim.score, 36.0) - 6.0 * PT_PER_MM;
    let facts_lines = lines(&facts.join(" · "), SMALL, facts_w);
    let head_h = geo.text(facts_lines, SMALL).max(36.0 * 1.2) + 3.0 * PT_PER_MM;
    let col = (W - 8.0 * PT_PER_MM) / 2.0;
    let (strengths, gaps) = if dim.status == Status::NoAnswers {
        (Vec::new(), Vec::new())
    } else {
        (
            statements(&dim.strengths, col, &mut notes),
            statements(&dim.gaps, col, &mut notes),
        )
    };
    let item_h = |n: usize| geo.text(n, SMALL) + 0.7 * SMALL;
    let rows: Vec<f64> = (0..strengths.len().max(gaps.len()))
        .map(|r| {
            let a = strengths.get(r).map_or(0.0, |s| item_h(s.1));
            let b = gaps.get(r).map_or(0.0, |s| item_h(s.1));
            a.max(b)
        })
        .collect();
    let key_text = d.narrative_text.get(&dim.id).and_then(|n| n.lead.clone());
    let key = key_text.as_ref().map(|k| {
        let label = format!("{}: ", input.t("deck_key_message"));
        let f = fit(&format!("{label}{k}"), SMALL, W - 10.0 * PT_PER_MM - 4.0, 6);
        note_if_cut(&mut notes, &f, k);
        let text = f.text.strip_prefix(&label).unwrap_or(&f.text).to_string();
        (
            text,
            geo.text(f.lines, SMALL) + 5.0 * PT_PER_MM + 2.0 * PT_PER_MM,
        )
    });
    notes.extend(input.notes_of(&dim.id, 1));
    let no_answers_h = if dim.status == Status::NoAnswers {
        geo.text(lines(&input.t("no_answers_note"), BODY, W), BODY)
    } else {
        0.0
    };
    let headings = geo.pitch(SMALL) + 3.0;
    let room = geo.body(title_lines, false);
    // Parts: (rows, key here). The first part starts with the score line; a part's first
    // row brings the columns' headings.
    let mut parts: Vec<(Range<usize>, bool)> = Vec::new();
    let mut start = 0;
    let mut used = head_h + no_answers_h;
    for (r, h) in rows.iter().enumerate() {
        if r > start && used + h > room {
            parts.push((start..r, false));
            (start, used) = (r, 0.0);
        }
        used += h + if r == start { headings } else { 0.0 };
    }
    match &key {
        Some((_, key_h)) if used + key_h > room => {
            parts.push((start..rows.len(), false));
            parts.push((rows.len()..rows.len(), true));
        }
        _ => parts.push((start..rows.len(), key.is_some())),
    }
    let of = parts.len();
    let (title, cut) = split_title.text(of);
    if cut {
        notes.insert(0, dim.name.clone());
    }
    parts
        .into_iter()
        .enumerate()
        .map(|(p, (range, with_key))| {
            let part = Part { n: p + 1, of };
            let take = |v: &[(Statement, usize)]| -> Vec<Statement> {
                v.iter()
                    .skip(range.start)
                    .take(range.len())
                    .map(|s| s.0.clone())
                    .collect()
            };
            Slide::Dimension {
                index: i,
                title: format!("{title}{}", input.part_suffix(part)),
                part,
                head: p == 0,
                facts: facts.clone(),
                strengths: take(&strengths),
                gaps: take(&gaps),
                key: if with_key {
                    key.as_ref().map(|k| k.0.clone())
                } else {
                    None
                },
                notes: if p == 0 { notes.clone() } else { Vec::new() },
            }
        })
        .collect()
}

/// Ranked dimensions fitted to a column: each name in at most [`ITEM_LINES`] with its score,
/// different names kept apart.
fn ranked(
    input: &Input<'_>,
    rs: &[&RankedDimension],
    col: f64,
    notes: &mut Vec<String>,
) -> Vec<(Ranked, usize)> {
    let w = col - 1.2 * BODY;
    let names: Vec<(&str, &str)> = rs
        .iter()
        .map(|r| (r.name.as_str(), r.score.as_str()))
        .collect();
    let fitted = input.fit_names(&names, BODY, w, ITEM_LINES);
    rs.iter()
        .zip(fitted)
        .map(|(r, f)| {
            note_if_cut(notes, &f, &r.name);
            let lines = f.lines;
            (
                Ranked {
                    name: f.text,
                    score: r.score.clone(),
                    status: r.status,
                },
                lines,
            )
        })
        .collect()
}

/// The note under a strengths-and-gaps title without targets: the gap of a gated model is
/// the practices blocking the next level, not a score distance (found by a tester: the
/// gated deck explained it as a score distance). deck.typ picks the same key.
fn no_targets_key(basis: crate::analysis::GapBasis) -> &'static str {
    if basis == crate::analysis::GapBasis::Practices {
        "no_targets_note_practices"
    } else {
        "no_targets_note"
    }
}

/// Strengths and gaps side by side, in parts of whole rows.
fn strengths_gaps_slides(input: &Input<'_>, geo: &Geo) -> Vec<Slide> {
    let d = input.data;
    let cols = usize::from(!d.strengths.is_empty()) + usize::from(!d.gaps.is_empty());
    let col = (W - 8.0 * PT_PER_MM * (cols.max(1) - 1) as f64) / cols.max(1) as f64;
    let mut notes = Vec::new();
    // Both columns are on one slide: their names are kept apart together.
    let all: Vec<&RankedDimension> = d.strengths.iter().chain(&d.gaps).collect();
    let mut s = ranked(input, &all, col, &mut notes);
    let g = s.split_off(d.strengths.len());
    let lead = d.gap_basis != crate::analysis::GapBasis::Target;
    let lead_h = if lead {
        geo.text(
            lines(&input.t(no_targets_key(d.gap_basis)), SMALL, W),
            SMALL,
        ) + 4.0 * PT_PER_MM
    } else {
        0.0
    };
    let item_h = |n: usize| geo.text(n, BODY) + 0.8 * BODY;
    let rows: Vec<f64> = (0..s.len().max(g.len()))
        .map(|r| {
            let a = s.get(r).map_or(0.0, |x| item_h(x.1));
            let b = g.get(r).map_or(0.0, |x| item_h(x.1));
            a.max(b)
        })
        .collect();
    let headings = geo.pitch(BODY) + 3.0 * PT_PER_MM + 1.0 * PT_PER_MM + 4.0;
    let room = geo.body(1, false) - headings;
    let parts = pack(&rows, room - lead_h, room);
    let of = parts.len();
    let (title, _, _) = fit_title(&input.t("deck_strengths_gaps"), of > 1, d.rtl);
    parts
        .into_iter()
        .enumerate()
        .map(|(p, range)| {
            let take = |v: &[(Ranked, usize)]| -> Vec<Ranked> {
                v.iter()
                    .skip(range.start)
                    .take(range.len())
                    .map(|x| x.0.clone())
                    .collect()
            };
            Slide::StrengthsGaps {
                title: format!("{title}{}", input.part_suffix(Part { n: p + 1, of })),
                lead: lead && p == 0,
                strengths: take(&s),
                gaps: take(&g),
                notes: if p == 0 { notes.clone() } else { Vec::new() },
            }
        })
        .collect()
}

/// An assessment's blocking practices: a bullet per dimension whose next level is blocked,
/// its name and the sentence naming the practices not yet met.
fn blocking_slides(input: &Input<'_>, geo: &Geo) -> Vec<Slide> {
    let d = input.data;
    let Some(a) = &d.assessment else {
        return Vec::new();
    };
    let item_w = W - 1.2 * BODY;
    let mut notes = Vec::new();
    let blocked: Vec<(&str, &String)> = a
        .dimensions
        .iter()
        .filter_map(|ad| {
            let text = ad.blocking.as_ref()?;
            let dim = d.dimensions.iter().find(|x| x.id == ad.id)?;
            Some((dim.name.as_str(), text))
        })
        .collect();
    let names: Vec<(&str, &str)> = blocked.iter().map(|(n, _)| (*n, "")).collect();
    let fitted = input.fit_names(&names, BODY, item_w * 0.65 / bold(d.rtl), 1);
    let items: Vec<(Action, f64)> = blocked
        .iter()
        .zip(fitted)
        .map(|((dim_name, text), name)| {
            note_if_cut(&mut notes, &name, dim_name);
            let f = fit_tail(text, &format!("{}:", name.text), BODY, item_w, 4);
            note_if_cut(&mut notes, &f, text);
            let h = geo.text(f.lines, BODY) + 0.8 * BODY;
            (
                Action {
                    name: name.text,
                    text: f.text,
                },
                h,
            )
        })
        .collect();
    if items.is_empty() {
        return Vec::new();
    }
    let heights: Vec<f64> = items.iter().map(|i| i.1).collect();
    let split_title = SplitTitle::new(&input.t("gap_practices"), d.rtl);
    let parts = pack_even(&heights, geo.body(split_title.lines(), false));
    let of = parts.len();
    let (title, _) = split_title.text(of);
    parts
        .into_iter()
        .enumerate()
        .map(|(p, range)| Slide::Blocking {
            title: format!("{title}{}", input.part_suffix(Part { n: p + 1, of })),
            items: items[range].iter().map(|i| i.0.clone()).collect(),
            notes: if p == 0 { notes.clone() } else { Vec::new() },
        })
        .collect()
}

/// An assessment's perception gap: a table of the dimensions' assessed and self-assessed
/// scores and their gap, the intro sentence above it.
fn perception_slides(input: &Input<'_>, geo: &Geo) -> Vec<Slide> {
    let d = input.data;
    let Some(a) = d.assessment.as_ref().filter(|a| !a.perception.is_empty()) else {
        return Vec::new();
    };
    let name_w = W * 2.0 / 5.0 - 6.0 * PT_PER_MM;
    let heights: Vec<f64> = a
        .perception
        .iter()
        .map(|r| geo.text(lines(&r.name, SMALL, name_w), SMALL) + 4.4 * PT_PER_MM)
        .collect();
    let header = geo.text(2, SMALL) + 4.4 * PT_PER_MM;
    let lead_h = geo.text(lines(&input.t("perception_intro"), BODY, W), BODY) + 3.0 * PT_PER_MM;
    let split_title = SplitTitle::new(&input.t("perception_title"), d.rtl);
    let room = geo.body(split_title.lines(), false) - header;
    let parts = pack(&heights, room - lead_h, room);
    let of = parts.len();
    let (title, _) = split_title.text(of);
    parts
        .into_iter()
        .enumerate()
        .map(|(p, range)| Slide::Perception {
            title: format!("{title}{}", input.part_suffix(Part { n: p + 1, of })),
            rows: range.collect(),
            lead: p == 0,
        })
        .collect()
}

/// The size of a change's significance under it on the metrics slide (`deck.typ`: 0.8em).
const SIGNIFICANCE_SIZE: f64 = 0.8;

/// The CX metrics table in parts of whole rows.
fn metrics_slides(input: &Input<'_>, geo: &Geo) -> Vec<Slide> {
    let d = input.data;
    let name_w = W * 2.0 / 5.0 - 6.0 * PT_PER_MM;
    // The change column (one fr of at most five, the name taking two) holds the change
    // and, under it, its significance.
    let change_w = W / 5.0 - 6.0 * PT_PER_MM;
    let row = |m: &HeadlineMetric| {
        let name = lines(&m.name, SMALL, name_w);
        let change = m
            .significance
            .as_deref()
            .map_or(1, |s| 1 + lines(s, SMALL * SIGNIFICANCE_SIZE, change_w));
        geo.text(name.max(change), SMALL) + 4.4 * PT_PER_MM
    };
    let heights: Vec<f64> = d.headline.iter().map(row).collect();
    let header = geo.pitch(SMALL) + 4.4 * PT_PER_MM;
    let lead_h = d.nps.as_ref().map_or(0.0, |n| {
        geo.text(lines(&n.line, BODY, W), BODY) + 3.0 * PT_PER_MM
    });
    let room = geo.body(1, false) - header;
    let parts = pack(&heights, room - lead_h, room);
    let of = parts.len();
    let (title, _, _) = fit_title(&input.t("cx_metrics"), of > 1, d.rtl);
    parts
        .into_iter()
        .enumerate()
        .map(|(p, range)| Slide::Metrics {
            title: format!("{title}{}", input.part_suffix(Part { n: p + 1, of })),
            rows: range.collect(),
            lead: p == 0 && d.nps.is_some(),
        })
        .collect()
}

/// How many groups go on a heatmap slide and the width of a group's column (points): the
/// most, up to five, whose names fit [`HEADER_LINES`] whole, else three (shortened); the
/// columns as narrow as their names allow, so the dimensions' names keep their room.
fn group_columns(values: &[&str]) -> (usize, f64) {
    let col = |k: usize| (148.0 / k as f64).min(60.0) * PT_PER_MM;
    // Whole, and no word wider than its column (Typst does not break inside a word: it
    // would run over the next group's name).
    let fits = |w: f64| {
        let inner = w - 6.0 * PT_PER_MM;
        values.iter().all(|v| {
            !fit(v, SMALL, inner / HEADER_BOLD, HEADER_LINES).cut && widest_piece(v, SMALL) <= inner
        })
    };
    let k = (2..=5).rev().find(|k| fits(col(*k))).unwrap_or(3);
    let k = k.min(values.len().max(1));
    let widest = col(k.max(2));
    let narrow = (0..)
        .map(|i| (28.0 + 3.0 * i as f64) * PT_PER_MM)
        .take_while(|w| *w < widest)
        .find(|w| fits(*w))
        .unwrap_or(widest);
    (k, narrow)
}

/// `n` items in `chunks` runs of nearly equal length.
fn even_chunks(n: usize, per: usize) -> Vec<Range<usize>> {
    let chunks = n.div_ceil(per.max(1)).max(1);
    (0..chunks)
        .map(|c| (c * n / chunks)..((c + 1) * n / chunks))
        .collect()
}

/// One segment column's heatmaps: its groups in runs of up to five columns, its
/// dimensions in runs of rows that fit.
fn segment_slides(input: &Input<'_>, geo: &Geo, s: usize) -> Vec<Slide> {
    let d = input.data;
    let seg = &d.segments[s];
    let values: Vec<&str> = seg.rows.iter().map(|r| r.value.as_str()).collect();
    let (per, col) = group_columns(&values);
    let base = format!("{} · {}", input.t("deck_heatmap"), seg.column);
    let split_title = SplitTitle::new(&base, d.rtl);
    let title_lines = split_title.lines();
    let mut notes = Vec::new();
    let mut slides = Vec::new();
    for groups in even_chunks(seg.rows.len(), per) {
        let cols: Vec<(Group, usize)> = groups
            .clone()
            .map(|g| {
                let f = fit_keep_end(
                    &seg.rows[g].value,
                    SMALL,
                    (col - 6.0 * PT_PER_MM) / HEADER_BOLD,
                    HEADER_LINES,
                );
                note_if_cut(&mut notes, &f, &seg.rows[g].value);
                let lines = f.lines;
                (
                    Group {
                        index: g,
                        value: f.text,
                    },
                    lines,
                )
            })
            .collect();
        let name_w = W - col * cols.len() as f64 - 6.0 * PT_PER_MM;
        let header_h =
            geo.text(cols.iter().map(|c| c.1).max().unwrap_or(1), SMALL) + 4.4 * PT_PER_MM;
        let lead = seg.rows[groups.clone()]
            .iter()
            .any(|r| r.small || r.suppressed);
        let lead_h = if lead {
            geo.text(lines(&d.segments_intro, BODY, W), BODY) + 3.0 * PT_PER_MM
        } else {
            0.0
        };
        let names: Vec<(&str, &str)> = d.dimensions.iter().map(|x| (x.name.as_str(), "")).collect();
        let rows: Vec<(Row, f64)> = input
            .fit_names(&names, SMALL, name_w, CELL_LINES)
            .into_iter()
            .enumerate()
            .map(|(i, f)| {
                let h = geo.text(f.lines, SMALL) + 4.4 * PT_PER_MM;
                (
                    Row {
                        index: i,
                        name: f.text,
                    },
                    h,
                )
            })
            .collect();
        let heights: Vec<f64> = rows.iter().map(|r| r.1).collect();
        let room = geo.body(title_lines, false) - header_h - lead_h;
        for range in pack_even(&heights, room) {
            slides.push((
                cols.iter().map(|c| c.0.clone()).collect::<Vec<_>>(),
                rows[range].iter().map(|r| r.0.clone()).collect::<Vec<_>>(),
                lead,
                col / PT_PER_MM,
            ));
        }
    }
    let of = slides.len();
    let (title, _) = split_title.text(of);
    slides
        .into_iter()
        .enumerate()
        .map(|(p, (groups, rows, lead, group_width))| Slide::Segment {
            title: format!("{title}{}", input.part_suffix(Part { n: p + 1, of })),
            segment: s,
            groups,
            rows,
            group_width,
            lead,
            notes: if p == 0 { notes.clone() } else { Vec::new() },
        })
        .collect()
}

/// The roadmap's phases side by side, in parts of whole rows.
fn roadmap_slides(input: &Input<'_>, geo: &Geo) -> Vec<Slide> {
    let d = input.data;
    let n = d.roadmap.len().max(1);
    let col = (W - 8.0 * PT_PER_MM * (n - 1) as f64) / n as f64;
    let mut notes = Vec::new();
    let gap = input.t("gap");
    // Every phase's names are on one slide: they are kept apart together.
    let tails: Vec<String> = d
        .roadmap
        .iter()
        .flat_map(|p| &p.items)
        .map(|it| format!("({gap} {})", it.gap))
        .collect();
    let names: Vec<(&str, &str)> = d
        .roadmap
        .iter()
        .flat_map(|p| &p.items)
        .zip(&tails)
        .map(|(it, t)| (it.name.as_str(), t.as_str()))
        .collect();
    let mut fitted = input
        .fit_names(&names, SMALL, col - 1.2 * SMALL, ITEM_LINES)
        .into_iter();
    let columns: Vec<Vec<(RoadmapEntry, usize)>> = d
        .roadmap
        .iter()
        .map(|p| {
            p.items
                .iter()
                .filter_map(|it| {
                    let f = fitted.next()?;
                    note_if_cut(&mut notes, &f, &it.name);
                    let lines = f.lines;
                    Some((
                        RoadmapEntry {
                            name: f.text,
                            gap: it.gap.clone(),
                        },
                        lines,
                    ))
                })
                .collect()
        })
        .collect();
    let heading = d
        .roadmap
        .iter()
        .map(|p| geo.text(lines(&p.title, BODY, col), BODY))
        .fold(0.0, f64::max)
        + 4.0 * PT_PER_MM
        + 4.0;
    let rows: Vec<f64> = (0..columns.iter().map(Vec::len).max().unwrap_or(0))
        .map(|r| {
            columns
                .iter()
                .filter_map(|c| c.get(r))
                .map(|e| geo.text(e.1, SMALL) + 0.7 * SMALL)
                .fold(0.0, f64::max)
        })
        .collect();
    let room = geo.body(1, false) - heading;
    let parts = pack_even(&rows, room);
    let of = parts.len();
    let (title, _, _) = fit_title(&input.t("roadmap"), of > 1, d.rtl);
    parts
        .into_iter()
        .enumerate()
        .map(|(p, range)| Slide::Roadmap {
            title: format!("{title}{}", input.part_suffix(Part { n: p + 1, of })),
            phases: d
                .roadmap
                .iter()
                .zip(&columns)
                .filter(|(_, c)| c.len() > range.start)
                .map(|(ph, c)| RoadmapColumn {
                    title: ph.title.clone(),
                    items: c
                        .iter()
                        .skip(range.start)
                        .take(range.len())
                        .map(|e| e.0.clone())
                        .collect(),
                })
                .collect(),
            notes: if p == 0 { notes.clone() } else { Vec::new() },
        })
        .collect()
}

/// One slide (or more) per phase with its recommendations.
fn phase_slides(input: &Input<'_>, geo: &Geo) -> Vec<Slide> {
    let mut slides = Vec::new();
    let item_w = W - 1.2 * BODY;
    for phase in &input.data.roadmap {
        let mut notes = Vec::new();
        let mut actions: Vec<(Action, f64)> = Vec::new();
        let names: Vec<(&str, &str)> = phase
            .items
            .iter()
            .map(|it| (it.name.as_str(), ""))
            .collect();
        let fitted = input.fit_names(&names, BODY, item_w * 0.65 / bold(input.data.rtl), 1);
        for (it, name) in phase.items.iter().zip(fitted) {
            note_if_cut(&mut notes, &name, &it.name);
            for r in &it.recommendations {
                // The name goes before the action: measured as if after it.
                let f = fit_tail(r, &format!("{}:", name.text), BODY, item_w, 4);
                note_if_cut(&mut notes, &f, r);
                let h = geo.text(f.lines, BODY) + 0.8 * BODY;
                actions.push((
                    Action {
                        name: name.text.clone(),
                        text: f.text,
                    },
                    h,
                ));
            }
        }
        if actions.is_empty() {
            continue;
        }
        let heights: Vec<f64> = actions.iter().map(|a| a.1).collect();
        let split_title = SplitTitle::new(&phase.title, input.data.rtl);
        let room = geo.body(split_title.lines(), true);
        let parts = pack_even(&heights, room);
        let of = parts.len();
        let (title, _) = split_title.text(of);
        for (p, range) in parts.into_iter().enumerate() {
            slides.push(Slide::Phase {
                title: format!("{title}{}", input.part_suffix(Part { n: p + 1, of })),
                kicker: input.t("roadmap"),
                actions: actions[range].iter().map(|a| a.0.clone()).collect(),
                notes: if p == 0 { notes.clone() } else { Vec::new() },
            });
        }
    }
    slides
}

/// The next steps: the narrative's first paragraph and its headings (or list items).
fn next_steps_slides(input: &Input<'_>, geo: &Geo) -> Vec<Slide> {
    let Some(next) = input.data.narrative_text.get("next-steps") else {
        return Vec::new();
    };
    let items = if next.headings.is_empty() {
        &next.items
    } else {
        &next.headings
    };
    if items.is_empty() {
        return Vec::new();
    }
    let mut notes = input.notes_of("next-steps", 1);
    let lead = next.lead.as_ref().map(|l| {
        let f = fit(l, BODY, W, 4);
        note_if_cut(&mut notes, &f, l);
        f
    });
    let lead_h = lead
        .as_ref()
        .map_or(0.0, |f| geo.text(f.lines, BODY) + 4.0 * PT_PER_MM);
    let fitted: Vec<(String, f64)> = items
        .iter()
        .map(|s| {
            let f = fit(s, BODY, W - 1.2 * BODY, ITEM_LINES);
            note_if_cut(&mut notes, &f, s);
            let h = geo.text(f.lines, BODY) + 0.8 * BODY;
            (f.text, h)
        })
        .collect();
    let heights: Vec<f64> = fitted.iter().map(|f| f.1).collect();
    let room = geo.body(1, false);
    let parts = pack(&heights, room - lead_h, room);
    let of = parts.len();
    let (title, _, _) = fit_title(&input.t("next_steps"), of > 1, input.data.rtl);
    parts
        .into_iter()
        .enumerate()
        .map(|(p, range)| Slide::NextSteps {
            title: format!("{title}{}", input.part_suffix(Part { n: p + 1, of })),
            lead: if p == 0 {
                lead.as_ref().map(|f| f.text.clone())
            } else {
                None
            },
            items: fitted[range].iter().map(|f| f.0.clone()).collect(),
            notes: if p == 0 { notes.clone() } else { Vec::new() },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_packed_whole_and_spread_evenly() {
        assert_eq!(pack(&[10.0; 5], 100.0, 100.0), vec![0..5]);
        assert_eq!(pack(&[40.0; 5], 100.0, 100.0), vec![0..2, 2..4, 4..5]);
        // The first slide has less room (a lead sentence).
        assert_eq!(pack(&[40.0; 4], 50.0, 100.0), vec![0..1, 1..3, 3..4]);
        // A row taller than a slide goes alone, never dropped.
        assert_eq!(pack(&[150.0, 10.0], 100.0, 100.0), vec![0..1, 1..2]);
        assert_eq!(pack(&[], 100.0, 100.0), vec![0..0]);
        // Seven and one become four and four.
        assert_eq!(pack_even(&[12.0; 8], 90.0), vec![0..4, 4..8]);
    }

    #[test]
    fn groups_are_chunked_evenly() {
        assert_eq!(even_chunks(5, 4), vec![0..2, 2..5]);
        assert_eq!(even_chunks(10, 5), vec![0..5, 5..10]);
        assert_eq!(even_chunks(3, 5), vec![0..3]);
    }

    #[test]
    fn short_group_names_go_five_a_slide_long_ones_fewer_and_wider() {
        let short = ["North", "South", "East", "West", "HQ", "Gulf"];
        let (k, w) = group_columns(&short);
        assert_eq!(k, 5);
        assert!(w <= 30.0 * PT_PER_MM, "{w}");
        let long = [
            "South — Jazan, Najran and Asir Regional Branch Network for Retail Banking (JNA-2030)",
            "North — Riyadh, Qassim and Hail Regional Branch Network for Retail Banking (RQH-2030)",
        ];
        let (k, w) = group_columns(&long);
        assert_eq!(k, 2);
        assert!(w > 40.0 * PT_PER_MM, "{w}");
        // A word wider than a narrow column widens it: it cannot break.
        let (_, w) = group_columns(&["Enterprise", "Marketing"]);
        assert!(
            w - 6.0 * PT_PER_MM >= widest_piece("Enterprise", SMALL),
            "{w}"
        );
    }

    #[test]
    fn a_long_title_is_shortened_to_two_lines_with_room_for_its_part() {
        let long = "Dimension 1 — Omnichannel customer-journey orchestration, Voice-of-the-Customer (VoC) governance and NPS/CSAT-driven service recovery across 24/7 branches, IVR and mobile";
        let t = SplitTitle::new(long, false);
        assert!(t.lines() <= TITLE_LINES);
        let (whole, cut) = t.text(1);
        let (parted, _) = t.text(2);
        assert!(cut && whole.ends_with('…'));
        assert!(parted.chars().count() <= whole.chars().count());
        let strategy = SplitTitle::new("Strategy", false);
        let (short, cut) = strategy.text(3);
        assert_eq!((short, cut), ("Strategy", false));
    }
}
