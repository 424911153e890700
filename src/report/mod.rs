//! The report: assembles what the document needs (score result, charts, narrative, theme,
//! localised strings) and hands it to `typeset`.
//!
//! How content reaches Typst: everything from the data (client name, segment values,
//! comments, numbers) goes into `data.json`, read by the template with `json()`, so it is
//! never parsed as markup. Only theme values (colours, fonts, page size: checked) are written
//! into source, through the Typst auto-escape of the minijinja environment. Narrative
//! Markdown is converted by `typeset::markdown` (every text node escaped) into files the
//! template `include`s. Numbers are formatted here for the language (Arabic-Indic digits when
//! the theme asks) and wrapped in LRI…PDI in right-to-left reports, so `-3.2%` and `12.5%`
//! keep their order; free text is isolated in the direction of the script most of its letters are in.

mod build;
pub mod charts;
pub mod contract;
pub mod deck;
mod journey;
pub mod labels;
pub mod narrative;
pub mod templates;
pub mod theme;

use crate::typeset::breaks::breakable;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::data::ClientData;
use crate::error::{Diagnostic, Error, Place, Result, Warned};
use crate::model::Engagement;
use crate::score::ScoreResult;
use crate::text::{Lang, Text};
use crate::typeset::locale::{Calendar, Calendars, Digits, Formatter};
use crate::typeset::markdown::{DigitStyle, ImageFolder, MarkdownOptions};
use crate::typeset::{Document, FontSet, PdfStandard, isolate, ltr};

pub use crate::privacy::mask_personal;
pub use templates::Templates;
pub use theme::Theme;

/// A client's free text as a document quotes it (a comment, cited evidence, a journey
/// stage's quote, a narrative's quoted comment): personal data masked, invisible break
/// opportunities inside words too long for a line (a 5,000-letter word would run off the
/// page; [`breakable`]), isolated for the reading direction.
pub(crate) fn client_quote(text: &str, lang: Lang) -> String {
    isolate(&breakable(&mask_personal(text)), lang)
}

/// How many verbatim comments the appendix shows at most per segment value.
const VERBATIMS_PER_GROUP: usize = 6;

/// Everything a report is made from.
pub struct ReportInput<'a> {
    /// The checked engagement.
    pub engagement: &'a Engagement,
    /// The client data (for verbatim comments).
    pub data: &'a ClientData,
    /// The score result.
    pub result: &'a ScoreResult,
    /// The theme.
    pub theme: &'a Theme,
    /// The templates.
    pub templates: &'a Templates,
    /// The fonts (loaded once per process).
    pub fonts: Arc<FontSet>,
    /// PDF standard to export to.
    pub standard: PdfStandard,
    /// Draft marking (watermark and version line), `None` for the final issue.
    pub draft: Option<&'a Draft>,
    /// Charts drawn earlier for this result, theme, language and strings (`--watch`);
    /// `None` draws them.
    pub charts: Option<&'a BTreeMap<String, charts::ReportChart>>,
}

/// The number formatter of a report: its language, with Arabic-Indic digits when the theme
/// asks.
fn formatter(theme: &Theme, lang: Lang) -> Result<Formatter> {
    let digits = if theme.arabic_digits() {
        Digits::ArabicIndic
    } else {
        Digits::Latin
    };
    Formatter::new(lang.code(), digits)
}

/// Draws the report's charts (name → SVG and alt text).
pub fn draw_charts(
    result: &ScoreResult,
    theme: &Theme,
    templates: &Templates,
    lang: Lang,
) -> Result<BTreeMap<String, charts::ReportChart>> {
    let strings = templates.strings()?;
    charts::build(result, theme, lang, &strings, &formatter(theme, lang)?)
}

/// Draws the deck's charts: the report's charts with labels sized for slides
/// ([`charts::slide_style`]).
pub fn draw_slide_charts(
    result: &ScoreResult,
    theme: &Theme,
    templates: &Templates,
    lang: Lang,
) -> Result<BTreeMap<String, charts::ReportChart>> {
    let strings = templates.strings()?;
    let st = charts::slide_style(theme, lang.is_rtl());
    charts::build_styled(result, st, lang, &strings, &formatter(theme, lang)?)
}

/// A draft's marking: `nudj report --draft`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Version label shown on every page (`v2`), if given.
    pub version: Option<String>,
    /// The draft's date, shown beside the version; `None`: the engagement's `date:`, so a
    /// draft made twice from the same input is the same bytes.
    pub date: Option<chrono::NaiveDate>,
}

/// The draft's watermark word and version/date line, in the report's language.
fn draft_json(
    d: &Draft,
    assessed: chrono::NaiveDate,
    s: &dyn Fn(&str) -> String,
    f: &Formatter,
    lang: Lang,
) -> Result<contract::DraftMark> {
    let date = f.date(d.date.unwrap_or(assessed), Calendar::Gregorian)?;
    let line = match &d.version {
        Some(v) => fill(
            &s("draft_line_version"),
            &[("version", &isolate(v, lang)), ("date", &date)],
        ),
        None => fill(&s("draft_line"), &[("date", &date)]),
    };
    Ok(contract::DraftMark {
        mark: s("draft_mark"),
        line,
    })
}

/// Formats numbers for the report's language and direction.
struct Num {
    f: Formatter,
    rtl: bool,
    /// Arabic-Indic digits (only in right-to-left reports).
    arabic_digits: bool,
    /// The model's levels' lowest scores: a score is never shown across one (see
    /// [`Num::score`]).
    thresholds: Vec<f64>,
}

impl Num {
    /// The number isolated from the text around it. With Latin digits in Arabic text it is a
    /// left-to-right run, so `-3.2%` reads as typed. With Arabic-Indic digits it is a
    /// right-to-left run: the digits keep their order, and the signs take the places an
    /// Arabic reader expects, the minus before the number (on its right) and `٪` after it
    /// (on its left), as in running Arabic text and in the charts.
    fn wrap(&self, s: String) -> String {
        match (self.rtl, self.arabic_digits) {
            (false, _) => s,
            (true, false) => ltr(&s),
            (true, true) => crate::typeset::escape::rtl(&s),
        }
    }
    /// A number with `d` decimals.
    fn n(&self, x: f64, d: u8) -> String {
        // A negative number takes the minus sign (U+2212) every signed figure has, not the
        // locale's hyphen-minus ("Gap -0.14" beside "−35.1").
        self.wrap(self.f.number(x, d).replace('-', "−"))
    }
    fn opt(&self, x: Option<f64>, d: u8) -> String {
        x.map(|x| self.n(x, d)).unwrap_or_else(|| "—".into())
    }
    /// A score (a dimension's, the overall): two decimals rounded toward its level, so the
    /// figure never reaches a level threshold the score does not (2.995 at level 1 under a
    /// level 2 from 3.0 is `2.99`, not `3.00`); `—` without one.
    fn score(&self, x: Option<f64>) -> String {
        x.map(|x| self.wrap(self.f.score(x, 2, &self.thresholds)))
            .unwrap_or_else(|| "—".into())
    }
    /// A gap or priority with two decimals; a positive one that would show as zero is
    /// `<0.01` (a gap of 0.004 is still a gap).
    fn gap(&self, x: f64) -> String {
        if crate::rounding::hidden_positive(x, 2) {
            self.wrap(format!("<{}", self.f.number(0.01, 2)))
        } else {
            self.n(x, 2)
        }
    }
    /// A level threshold with the decimals the model wrote, at least the scores' two
    /// (`3.44`, `3.00`; never `3.4` beside a score of 3.40 at the level below).
    fn threshold(&self, t: f64) -> String {
        self.n(t, crate::rounding::threshold_decimals(t, 2))
    }
    /// A count.
    fn int(&self, x: u64) -> String {
        self.wrap(self.f.number(x as f64, 0))
    }
    /// A percentage of 0..100.
    fn pct(&self, x: f64, d: u8) -> String {
        self.wrap(self.f.percent(x, d))
    }
    /// A change with its sign (`+0.3`, `-0.2`; a minus sign, not a hyphen).
    fn signed(&self, x: f64, d: u8) -> String {
        let body = self.f.number(x.abs(), d);
        let zero = self.f.number(0.0, d);
        let sign = if body == zero {
            ""
        } else if x < 0.0 {
            "−"
        } else {
            "+"
        };
        self.wrap(format!("{sign}{body}"))
    }
    /// A margin: `±5.5`, the sign inside the isolate.
    fn pm(&self, x: f64, d: u8) -> String {
        self.wrap(format!("±{}", self.f.number(x, d)))
    }
    /// A currency amount.
    fn money(&self, x: f64, currency: Option<&str>) -> String {
        let n = self.f.number(x, 0);
        match currency {
            Some(c) if !c.trim().is_empty() => self.wrap(format!("{n} {c}")),
            _ => self.wrap(n),
        }
    }
}

/// Replaces `{name}` placeholders in a localised sentence (in one pass).
fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    crate::words::fill(template, vars)
}

/// The word catalogue in one language and the report's digits.
fn strings_json(
    strings: &BTreeMap<String, Text>,
    lang: Lang,
    digits: DigitStyle,
) -> BTreeMap<String, String> {
    strings
        .iter()
        .map(|(k, v)| (k.clone(), digits.apply(v.get(lang)).into_owned()))
        .collect()
}

/// The file-name ending of a dimension's recommendation file, without `.md`.
const RECOMMENDATIONS_SUFFIX: &str = ".recommendations";

/// A dimension's recommendations as the consultant gives them in
/// `narrative/<dimension-id>.recommendations.md`.
#[derive(Debug, Default, PartialEq)]
struct RecommendationFile {
    /// `{{ replace }}` on a line of its own: the model's recommendations are left out.
    replace: bool,
    /// The items of the file's lists, as plain text, in order.
    items: Vec<String>,
}

/// Reads the list items of a recommendation file. Each item of a bullet or numbered list is
/// one recommendation (its text; emphasis and links are kept as words); HTML comments and
/// anything outside lists are ignored, so the file can explain itself.
fn parse_recommendations(src: &str, digits: DigitStyle) -> RecommendationFile {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let replace = src.lines().any(|l| {
        let t = l.trim();
        t.strip_prefix("{{")
            .and_then(|t| t.strip_suffix("}}"))
            .is_some_and(|t| t.trim() == "replace")
    });
    let mut items = Vec::new();
    let (mut depth, mut current) = (0usize, None::<String>);
    for event in Parser::new(src) {
        match event {
            Event::Start(Tag::Item) => {
                depth += 1;
                match current.as_mut() {
                    // A nested item's words continue its parent's, after a space.
                    Some(c) => c.push(' '),
                    None if depth == 1 => current = Some(String::new()),
                    None => {}
                }
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(c) = current.as_mut() {
                    c.push(' ');
                }
            }
            Event::End(TagEnd::Item) => {
                depth = depth.saturating_sub(1);
                if depth == 0
                    && let Some(text) = current.take()
                {
                    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !text.is_empty() {
                        items.push(digits.apply(&text).into_owned());
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(c) = current.as_mut() {
                    c.push(' ');
                }
            }
            _ => {}
        }
    }
    RecommendationFile { replace, items }
}

/// The recommendation files of the engagement's narrative folder, by dimension id.
fn recommendation_files(
    e: &Engagement,
    dims: &[String],
    digits: DigitStyle,
) -> Result<BTreeMap<String, RecommendationFile>> {
    let mut out = BTreeMap::new();
    let Some(dir) = &e.narrative else {
        return Ok(out);
    };
    for dim in dims {
        let own = dir.join(format!(
            "{dim}{RECOMMENDATIONS_SUFFIX}.{}.md",
            e.language.code()
        ));
        let path = if own.is_file() {
            own
        } else {
            dir.join(format!("{dim}{RECOMMENDATIONS_SUFFIX}.md"))
        };
        if path.is_file() {
            let src = std::fs::read_to_string(&path).map_err(|err| Error::read(&path, err))?;
            out.insert(dim.clone(), parse_recommendations(&src, digits));
        }
    }
    Ok(out)
}

/// The narrative files of `dir` (path and name without `.md`) that a report reads as
/// sections, in name order; a name that is neither `summary`, `next-steps` nor a dimension
/// id (nor `ID.recommendations`, read by [`recommendation_files`]) is an error in `diags`
/// with a suggestion.
fn narrative_files(
    dir: &Path,
    dims: &[String],
    lang: Lang,
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<(PathBuf, String)>> {
    let mut known: Vec<&str> = vec!["summary", "next-steps", "journey"];
    known.extend(dims.iter().map(String::as_str));
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|err| Error::read(dir, err))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().and_then(|x| x.to_str()) == Some("md"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        // `NAME.en.md`, `NAME.ar.md`: NAME's text for one language.
        let stem = narrative::split_lang(&stem).0.to_string();
        if let Some(dim) = stem.strip_suffix(RECOMMENDATIONS_SUFFIX)
            && dims.iter().any(|d| d == dim)
        {
            continue;
        }
        if !known.contains(&stem.as_str()) {
            let mut d = Diagnostic::error(
                &path,
                Place::File,
                format!("`{stem}.md` is not a narrative file name"),
            );
            d = match crate::model::yaml::suggest(&stem, &known) {
                Some(s) => d.with_help(format!("did you mean `{s}.md`?")),
                None => d.with_help(format!(
                    "narrative files are summary.md, next-steps.md and, per dimension id, ID.md and ID.recommendations.md: {}",
                    dims.join(", ")
                )),
            };
            diags.push(d);
            continue;
        }
        out.push(path);
    }
    // `NAME.<lang>.md` for the report's language, else `NAME.md`.
    Ok(narrative::for_language(out, lang)
        .into_iter()
        .map(|(stem, path)| (path, stem))
        .collect())
}

/// Checks the names of the engagement's narrative files against its model's dimensions
/// (`dims`, the dimension ids), without reading the data: a file left with a stale
/// dimension name is an error, whatever else is wrong with the engagement.
pub fn check_narrative_names(e: &Engagement, dims: &[String]) -> Result<()> {
    let Some(dir) = &e.narrative else {
        return Ok(());
    };
    let mut diags = Vec::new();
    narrative_files(dir, dims, e.language, &mut diags)?;
    if diags.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(diags))
    }
}

/// The converted narrative files of an engagement.
#[derive(Default)]
struct Narratives {
    /// Name (`summary`, `next-steps`, a dimension id) → converted Typst markup.
    markup: BTreeMap<String, String>,
    /// Name → the comments the file quotes (`data.json`'s `narrative_quotes`); files
    /// without quotes are absent.
    quotes: BTreeMap<String, Vec<contract::NarrativeQuote>>,
}

/// Narrative files found for the engagement, converted. Unknown names are errors with a
/// suggestion.
fn narrative(
    e: &Engagement,
    dims: &[String],
    quotes: &narrative::QuoteIndex,
    digits: DigitStyle,
) -> Result<Warned<Narratives>> {
    let mut out = Narratives::default();
    let mut warnings = Vec::new();
    let Some(dir) = &e.narrative else {
        return Ok(Warned {
            output: out,
            warnings,
        });
    };
    let mut diags = Vec::new();
    for (path, stem) in narrative_files(dir, dims, e.language, &mut diags)? {
        // The narrative sits under a level-2 heading: its top headings become level 3
        // whatever level the author started at (PDF/UA forbids skipped levels).
        let src = std::fs::read_to_string(&path).map_err(|err| Error::read(&path, err))?;
        let (src, bidi) = crate::normalize::drop_bidi_controls(&path, &src);
        warnings.extend(bidi);
        let top = src
            .lines()
            .filter_map(|l| {
                let hashes = l.len() - l.trim_start_matches('#').len();
                (hashes > 0 && hashes <= 6 && l[hashes..].starts_with(' ')).then_some(hashes)
            })
            .min()
            .unwrap_or(1);
        let opts = MarkdownOptions {
            file: path.clone(),
            heading_offset: u8::try_from(3usize.saturating_sub(top)).unwrap_or(0),
            images: Some(ImageFolder {
                dir: dir.clone(),
                at: "/narrative-assets".into(),
            }),
            digits,
        };
        warnings.extend(narrative::language_warning(&stem, &path, &src, e.language));
        // Every file is converted, so the problems of all of them are reported at once.
        let converted = match narrative::convert(&src, &path, &stem, &opts, quotes, e.language) {
            Ok(c) => c,
            Err(Error::Invalid(d)) => {
                diags.extend(d);
                continue;
            }
            Err(err) => return Err(err),
        };
        warnings.extend(converted.warnings);
        // Nothing but comments and blanks: the stub `nudj init` wrote, not yet written. It is
        // left out (the report keeps its generated text) and named, so the consultant sees
        // which sections are still to write.
        if converted.output.markup.trim().is_empty() {
            warnings.push(
                Diagnostic::warning(
                    &path,
                    Place::File,
                    format!(
                        "narrative/{} is still the stub (no text outside comments): skipped",
                        path.file_name().map(|f| f.to_string_lossy()).unwrap_or_default()
                    ),
                )
                .with_help("write the section below the comment; an empty or comment-only file is left out of the report"),
            );
            continue;
        }
        if !converted.output.quotes.is_empty() {
            out.quotes.insert(stem.clone(), converted.output.quotes);
        }
        out.markup.insert(stem, converted.output.markup);
    }
    if !diags.is_empty() {
        return Err(Error::Invalid(diags));
    }
    Ok(Warned {
        output: out,
        warnings,
    })
}

/// The plain text of every narrative file the report shows (`present`: name → markup),
/// read again from the engagement's narrative folder (see [`narrative::plain_text`]).
fn narrative_texts(
    e: &Engagement,
    dims: &[String],
    present: &BTreeMap<String, String>,
    digits: DigitStyle,
) -> Result<BTreeMap<String, contract::NarrativeText>> {
    let mut out = BTreeMap::new();
    let Some(dir) = &e.narrative else {
        return Ok(out);
    };
    for (path, stem) in narrative_files(dir, dims, e.language, &mut Vec::new())? {
        if present.contains_key(&stem) {
            let src = std::fs::read_to_string(&path).map_err(|err| Error::read(&path, err))?;
            // Bidi overrides dropped as for the converted text (warned about there).
            let (src, _) = crate::normalize::drop_bidi_controls(&path, &src);
            out.insert(stem, narrative::plain_text(&src, digits));
        }
    }
    Ok(out)
}

/// A report's data and the files it refers to, before they go into a Typst document.
struct Assembled<'c> {
    /// The contract handed to the template.
    data: contract::ReportData,
    /// Converted narrative files: name → Typst markup.
    narrative: BTreeMap<String, String>,
    /// The charts: name → SVG and alt text.
    charts: std::borrow::Cow<'c, BTreeMap<String, charts::ReportChart>>,
    /// The client's logo: (folder, Typst path).
    client_logo: Option<(PathBuf, String)>,
    /// The consultancy's logo: (folder, Typst path).
    firm_logo: Option<(PathBuf, String)>,
    /// The consultancy's logo for dark grounds: (folder, Typst path).
    firm_logo_dark: Option<(PathBuf, String)>,
}

/// A logo file as a folder to mount and the path Typst sees it under.
fn logo(path: Option<&Path>, at: &str) -> Option<(PathBuf, String)> {
    let path = path?;
    let (dir, name) = (path.parent()?, path.file_name()?);
    Some((
        dir.to_path_buf(),
        format!("{at}/{}", name.to_string_lossy()),
    ))
}

/// The report's data ([`contract::ReportData`]) for an input: what `data.json` holds.
pub fn report_data(input: &ReportInput<'_>) -> Result<Warned<contract::ReportData>> {
    let a = assemble(input)?;
    Ok(Warned {
        output: a.output.data,
        warnings: a.warnings,
    })
}

/// Reads the narrative, draws the charts (unless given), analyses the result and builds the
/// report's data section by section.
fn assemble<'c>(input: &ReportInput<'c>) -> Result<Warned<Assembled<'c>>> {
    let e = input.engagement;
    let r = input.result;
    let theme = input.theme;
    let lang = e.language;
    let rtl = lang.is_rtl();
    let num = Num {
        f: formatter(theme, lang)?,
        rtl,
        arabic_digits: rtl && theme.arabic_digits(),
        thresholds: r.model.levels.iter().map(|l| l.min_score).collect(),
    };
    let strings = input.templates.strings()?;
    // One digit system per report: the consultant's prose and the fixed labels (phase
    // titles such as "0–3 months") follow the digits the figures are formatted in.
    let digits = if num.arabic_digits {
        DigitStyle::ArabicIndic
    } else {
        DigitStyle::Latin
    };
    let an = crate::analysis::analyse(r, &e.segments);
    let dim_ids: Vec<String> = r.dimensions.iter().map(|d| d.id.clone()).collect();
    let mut quotes = narrative::QuoteIndex::new(
        input.data,
        e.segments.first().map(String::as_str),
        &|p| !build::small_survey(r, e) && an.comments_shown(&p.segments),
        &r.metrics,
    );
    // Attributions name the segment as the report does (`labels:`).
    quotes.rename_segments(|v| labels::label(&e.labels, v, lang).to_string());
    let narr = narrative(e, &dim_ids, &quotes, digits)?;
    let own_recs = recommendation_files(e, &dim_ids, digits)?;
    let charts = match input.charts {
        Some(c) => std::borrow::Cow::Borrowed(c),
        None => {
            let named = labels::relabel(r, &e.labels, lang);
            std::borrow::Cow::Owned(charts::build(&named, theme, lang, &strings, &num.f)?)
        }
    };
    let c = build::Ctx {
        r,
        an: &an,
        e,
        lang,
        num: &num,
        strings: &strings,
        digits,
        narr: &narr.output.markup,
        own_recs: &own_recs,
        missing: Default::default(),
    };
    let client_logo = logo(e.client.logo.as_deref(), "/client-assets");
    let firm_logo = logo(theme.logo_path().as_deref(), "/theme-assets");
    let firm_logo_dark = logo(theme.dark_logo_path().as_deref(), "/theme-dark-assets");
    let mut data = sections(&c, input)?;
    c.missing_words()?;
    data.narrative_text = narrative_texts(e, &dim_ids, &narr.output.markup, digits)?;
    data.narrative_quotes = narr.output.quotes;
    data.client_logo = client_logo.as_ref().map(|(_, p)| p.clone());
    data.firm_logo = firm_logo.as_ref().map(|(_, p)| p.clone());
    data.firm_logo_dark = firm_logo_dark.as_ref().map(|(_, p)| p.clone());
    data.charts = charts
        .iter()
        .map(|(name, ch)| (name.clone(), ch.alt.clone()))
        .collect();
    Ok(Warned {
        output: Assembled {
            data,
            narrative: narr.output.markup,
            charts,
            client_logo,
            firm_logo,
            firm_logo_dark,
        },
        warnings: narr.warnings,
    })
}

/// Longest client name and title the running header shows, in characters: at 8 pt both fit
/// side by side on one line of an A4 page (about 4.2 pt a character in either script).
const HEADER_CLIENT_CHARS: usize = 50;
const HEADER_TITLE_CHARS: usize = 60;

/// The client's name for the running header: `client.short_name` in `lang` when the
/// engagement gives one, else the name; cut with `…` past [`HEADER_CLIENT_CHARS`].
fn running_client(e: &Engagement, lang: Lang) -> String {
    let name = e.client.short_name.as_ref().unwrap_or(&e.client.name);
    crate::text::shorten(name.get(lang), HEADER_CLIENT_CHARS)
}
/// Every section of the report's data (logos and charts are filled in by the caller).
fn sections(c: &build::Ctx<'_>, input: &ReportInput<'_>) -> Result<contract::ReportData> {
    let (e, r, theme, lang, num) = (c.e, c.r, input.theme, c.lang, c.num);
    let title = e
        .title
        .as_ref()
        .map(|t| t.get(lang).to_string())
        .unwrap_or_else(|| r.model.title.get(lang).to_string());
    let title_short = crate::text::shorten(&title, HEADER_TITLE_CHARS);
    let title = breakable(&title).into_owned();
    // The theme's calendars in Arabic reports; English reports show the Gregorian date.
    let hijri = if num.rtl && theme.calendar == Calendars::Both {
        Some(num.f.date(e.date, Calendar::HijriUmmAlQura)?)
    } else {
        None
    };
    let calendar = if num.rtl && theme.calendar == Calendars::Hijri {
        Calendar::HijriUmmAlQura
    } else {
        Calendar::Gregorian
    };
    let (overall, summary_lead) = build::overall(c);
    let min = num.int(u64::from(e.min_segment_size));
    let min_n = c.counted("count_respondents", u64::from(e.min_segment_size));
    let segments = build::segments(c);
    // The NPS margin's confidence is mentioned only when the report shows NPS.
    let mut dq_note = fill(
        &c.s(if r.assessment.is_some() {
            "dq_note_assessment"
        } else if r.metrics.nps.is_some() {
            "dq_note"
        } else {
            "dq_note_no_nps"
        }),
        &[("min_respondents", &min_n), ("conf", &num.pct(95.0, 0))],
    );
    // A survey without segment columns has no segment chapter: the note says why (tester 5
    // F9; an assessment has no segments by nature).
    if r.assessment.is_none() && segments.is_empty() {
        dq_note.push(' ');
        // Segment columns whose every group is hidden as small (never named) leave no table.
        let key = if e.segments.is_empty() {
            "no_segments"
        } else {
            "segments_all_small"
        };
        dq_note.push_str(&fill(&c.s(key), &[("min_respondents", &min_n)]));
    }
    // A survey smaller than the minimum group: its scores are shown, not its statements'
    // answer distributions nor its comments (tester 6 F32, docs/privacy.md).
    if build::small_survey(r, e) {
        dq_note.push(' ');
        dq_note.push_str(&fill(
            &c.s("small_survey"),
            &[
                (
                    "respondents",
                    &c.counted("count_respondents", r.respondents),
                ),
                ("min_respondents", &min_n),
            ],
        ));
    }
    let jf = crate::analysis::journey::journey(r, e.suppress_small_segments);
    let metrics = build::metrics(c);
    let (scale, scale_values) = build::scale(c);
    let draft = input
        .draft
        .map(|d| draft_json(d, e.date, &|k| c.s(k), &num.f, lang))
        .transpose()?;
    Ok(contract::ReportData {
        lang: lang.code().to_string(),
        rtl: num.rtl,
        t: strings_json(c.strings, lang, c.digits),
        title,
        client: isolate(&breakable(e.client.name.get(lang)), lang),
        client_short: isolate(&running_client(e, lang), lang),
        title_short,
        sector: e.client.sector.as_ref().map(|t| isolate(t.get(lang), lang)),
        consultancy: theme.consultancy.name.get(lang).to_string(),
        footer: theme.footer.get(lang).to_string(),
        confidential: theme.confidentiality.get(lang).to_string(),
        date: num.f.date(e.date, calendar)?,
        hijri,
        client_logo: None,
        firm_logo: None,
        firm_logo_dark: None,
        model_title: r.model.title.get(lang).to_string(),
        overall,
        index_range: num.wrap(format!(
            "{}–{}",
            num.f.number(0.0, 0),
            num.f.number(100.0, 0)
        )),
        scale_max: num.int(r.model.scale_max.max(0) as u64),
        summary_lead,
        respondents: num.int(r.respondents),
        levels: build::levels(c),
        strengths: build::ranked(c, c.an.summary_strengths.iter()),
        strengths_relative: c.an.strengths_relative,
        gaps: build::ranked(c, c.an.summary_gaps.iter()),
        gap_basis: c.an.basis,
        headline: metrics.headline,
        model_intro: build::model_intro(c),
        scale,
        scale_values,
        dimensions: build::dimensions(c),
        has_previous: r.comparison.is_some(),
        benchmark: build::benchmark(c),
        segments,
        segments_intro: fill(&c.s("segments_intro"), &[("min_respondents", &min_n)]),
        dq_note,
        min_segment: min,
        quality: build::quality(c),
        nps: metrics.nps,
        csat: metrics.csat,
        ces: metrics.ces,
        churn: metrics.churn,
        clv: metrics.clv,
        gated: e.model.gated(),
        assessment: build::assessment(c),
        journey: journey::journey(c, input.data, &jf),
        kpis: journey::kpis(c, &jf),
        roadmap: build::roadmap(c),
        appendix: build::appendix(c),
        verbatims: build::verbatims(c, input.data),
        nps_verbatims: build::nps_verbatims(c, input.data),
        draft,
        glossary: glossary(c, input.templates)?,
        charts: BTreeMap::new(),
        narrative: c.narr.keys().map(|k| (k.clone(), true)).collect(),
        narrative_text: BTreeMap::new(),
        narrative_quotes: BTreeMap::new(),
    })
}

/// The glossary entries, in the report's language and digits.
fn glossary(c: &build::Ctx<'_>, templates: &Templates) -> Result<Vec<contract::GlossaryItem>> {
    use templates::GlossaryMetric as M;
    let m = &c.r.metrics;
    let shown = |metric: Option<M>| match metric {
        None => true,
        Some(M::Nps) => m.nps.is_some(),
        Some(M::Csat) => m.csat.is_some(),
        Some(M::Ces) => m.ces.is_some(),
        Some(M::Churn) => m.churn.is_some(),
        Some(M::Clv) => m.clv.is_some(),
    };
    let gaps_match = |gaps: Option<templates::GlossaryGaps>| match gaps {
        None => true,
        Some(templates::GlossaryGaps::Target) => c.an.basis == crate::analysis::GapBasis::Target,
        Some(templates::GlossaryGaps::NextLevel) => {
            c.an.basis == crate::analysis::GapBasis::NextLevel
        }
    };
    Ok(templates
        .glossary()?
        .iter()
        .filter(|g| shown(g.metric) && gaps_match(g.gaps))
        .map(|g| {
            let filled = glossary_figures(c, g.definition.get(c.lang));
            let definition = c.digits.apply(&filled);
            contract::GlossaryItem {
                term: c.digits.apply(g.term.get(c.lang)).into_owned(),
                // In Arabic, `−100` and `+100` keep their signs before the digits.
                definition: if c.num.rtl {
                    crate::typeset::escape::isolate_signed_figures(&definition)
                } else {
                    definition.into_owned()
                },
            }
        })
        .collect())
}

/// Fills a glossary definition's `{csat_answers}` and `{ces_scale}` with the engagement's own
/// CSAT threshold and CES scale (words of the strings catalogue), so the glossary never
/// contradicts the figures: "4 or above on the 1-5 scale", "on a 1-5 scale, where an answer
/// of 4 or above counts as easy". A metric the report does not show leaves its text as is.
fn glossary_figures(c: &build::Ctx<'_>, definition: &str) -> String {
    /// CSAT answers run 1-5 (`CsatResult::distribution`).
    const CSAT_MAX: i64 = 5;
    let m = &c.r.metrics;
    let csat = m.csat.as_ref().map(|x| {
        let (threshold, max) = (x.threshold.to_string(), CSAT_MAX.to_string());
        let key = if x.threshold >= CSAT_MAX {
            "glossary_csat_top"
        } else {
            "glossary_csat_answers"
        };
        fill(&c.s(key), &[("threshold", &threshold), ("max", &max)])
    });
    let ces = m.ces.as_ref().map(|x| {
        let (scale, easy) = (x.scale.to_string(), x.easy_min.to_string());
        fill(
            &c.s("glossary_ces_scale"),
            &[("scale", &scale), ("easy", &easy)],
        )
    });
    let mut vars: Vec<(&str, &str)> = Vec::new();
    if let Some(t) = &csat {
        vars.push(("csat_answers", t));
    }
    if let Some(t) = &ces {
        vars.push(("ces_scale", t));
    }
    fill(definition, &vars)
}

/// Builds the Typst document of a report (not yet compiled).
pub fn build_document(input: &ReportInput<'_>) -> Result<Warned<Document>> {
    let assembled = assemble(input)?;
    let warnings = assembled.warnings;
    let a = assembled.output;
    let mut doc = Document::new(String::new(), PathBuf::new(), input.engagement.date);
    add_assets(&mut doc, &a, input)?;
    add_templates(&mut doc, input)?;
    name_document(&mut doc, &a.data, input, "report");
    Ok(Warned {
        output: doc,
        warnings,
    })
}

/// Adds what a document made from the report's data reads: the logos, the narrative's
/// images and converted files, the charts and `data.json`.
fn add_assets(doc: &mut Document, a: &Assembled<'_>, input: &ReportInput<'_>) -> Result<()> {
    let e = input.engagement;
    // Logos: mounted folders, seen by Typst under fixed virtual names.
    if let Some((dir, _)) = &a.client_logo {
        doc.mount("/client-assets", dir)?;
    }
    if let Some((dir, _)) = &a.firm_logo {
        doc.mount("/theme-assets", dir)?;
    }
    if let Some((dir, _)) = &a.firm_logo_dark {
        doc.mount("/theme-dark-assets", dir)?;
    }
    if let Some(dir) = &e.narrative {
        doc.mount("/narrative-assets", dir)?;
    }
    for (name, c) in a.charts.iter() {
        doc.add_file(
            &format!("charts/{name}.svg"),
            c.svg.clone().into_bytes(),
            None,
        )?;
    }
    for (name, markup) in &a.narrative {
        doc.add_file(
            &format!("narrative/{name}.typ"),
            markup.clone().into_bytes(),
            None,
        )?;
    }
    let json_bytes = serde_json::to_vec_pretty(&a.data)
        .map_err(|err| Error::internal(format!("cannot write the report data: {err}")))?;
    doc.add_file("data.json", json_bytes, None)?;
    Ok(())
}

/// The document's metadata: title, language, author, standard, fonts and the identifier
/// that fixes its PDF id (`kind`: `report`, `deck`).
fn name_document(
    doc: &mut Document,
    data: &contract::ReportData,
    input: &ReportInput<'_>,
    kind: &str,
) {
    let (e, theme, lang) = (input.engagement, input.theme, input.engagement.language);
    let client_name = e.client.name.get(lang).to_string();
    // The document title names the client once: a title that already holds the client's
    // name ("… — Al-Shifa Hospitals") is not followed by it again.
    // The metadata title as written: without the break opportunities of the page's title.
    let title = &data.title.replace(['\u{200B}', '\u{200D}'], "");
    doc.title = Some(
        if title.contains(client_name.trim()) || client_name.trim().is_empty() {
            title.clone()
        } else {
            format!("{title} — {client_name}")
        },
    );
    doc.lang = Some(lang.code().to_string());
    doc.author = Some(theme.consultancy.name.get(lang).to_string());
    doc.ident = format!("nudj-{kind}-{}-{}", client_name, lang.code());
    doc.standard = input.standard;
    doc.fonts = Arc::clone(&input.fonts);
}

/// Renders the theme variables and the main template (minijinja, Typst escape) into `doc`.
fn add_templates(doc: &mut Document, input: &ReportInput<'_>) -> Result<()> {
    let (theme, lang) = (input.theme, input.engagement.language);
    let rtl = lang.is_rtl();
    let env = crate::typeset::escape::template_env();
    let c = &theme.colors;
    let colors: BTreeMap<&str, String> =
        c.named().into_iter().map(|(k, v)| (k, v.clone())).collect();
    let tctx = minijinja::context! {
        colors => colors,
        body_font => &theme.fonts.body,
        heading_font => &theme.fonts.heading,
        paper => theme.page.size.typst(),
        cover => match theme.page.cover { theme::CoverStyle::Full => "full", theme::CoverStyle::Minimal => "minimal" },
        arabic_digits => theme.arabic_digits() && rtl,
        rtl => rtl,
        lang => lang.code(),
    };
    let theme_file = input.templates.get(templates::THEME)?;
    let theme_src = render(&env, templates::THEME, theme_file, &tctx)?;
    doc.add_file(
        "theme.typ",
        theme_src.into_bytes(),
        Some(theme_file.origin(templates::THEME)),
    )?;
    let main = input.templates.get(templates::MAIN)?;
    doc.source = render(&env, templates::MAIN, main, &tctx)?;
    doc.source_name = main.origin(templates::MAIN);
    Ok(())
}

fn share_of(k: u64, n: u64) -> f64 {
    if n > 0 {
        k as f64 * 100.0 / n as f64
    } else {
        0.0
    }
}

fn render(
    env: &minijinja::Environment<'_>,
    name: &str,
    file: &templates::TemplateFile,
    ctx: &minijinja::Value,
) -> Result<String> {
    let origin = file.origin(name);
    let tmpl = env
        .template_from_named_str(name, &file.text)
        .map_err(|err| template_error(&origin, &err))?;
    tmpl.render(ctx)
        .map_err(|err| template_error(&origin, &err))
}

fn template_error(origin: &Path, err: &minijinja::Error) -> Error {
    let place = match err.line() {
        Some(l) => Place::line(l as u64, 1),
        None => Place::File,
    };
    let detail = err.detail().map(|d| format!(": {d}")).unwrap_or_default();
    Error::Invalid(vec![Diagnostic::error(
        origin,
        place,
        format!("template error: {}{detail}", err.kind()),
    )])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_numbers_use_a_minus_sign_and_no_negative_zero() {
        let num = Num {
            f: Formatter::new("en", Digits::Latin).unwrap(),
            rtl: false,
            arabic_digits: false,
            thresholds: Vec::new(),
        };
        assert_eq!(num.signed(-0.234, 2), "−0.23");
        assert_eq!(num.signed(0.3, 1), "+0.3");
        assert_eq!(num.signed(-0.001, 2), "0.00");
    }

    #[test]
    fn rtl_numbers_are_isolated() {
        let num = Num {
            f: Formatter::new("ar", Digits::Latin).unwrap(),
            rtl: true,
            arabic_digits: false,
            thresholds: Vec::new(),
        };
        assert_eq!(num.signed(-3.2, 1), "\u{2066}−3.2\u{2069}");
        let num = Num {
            f: Formatter::new("ar", Digits::ArabicIndic).unwrap(),
            rtl: true,
            arabic_digits: true,
            thresholds: Vec::new(),
        };
        assert_eq!(num.pct(12.5, 1), "\u{2067}١٢٫٥٪\u{2069}");
    }

    #[test]
    fn fill_replaces_placeholders() {
        assert_eq!(fill("{a} of {b}", &[("a", "1"), ("b", "2")]), "1 of 2");
    }
}

/// How to make a report (checked options from the command line).
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// Folder whose template files replace the embedded ones.
    pub templates: Option<PathBuf>,
    /// Theme file replacing the engagement's.
    pub theme: Option<PathBuf>,
    /// Report language replacing the engagement's.
    pub lang: Option<Lang>,
    /// PDF standard.
    pub standard: PdfStandard,
    /// Draft marking, `None` for the final issue.
    pub draft: Option<Draft>,
}
