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
//! keep their order; free text is wrapped in FSI…PDI so it keeps its own direction.

pub mod charts;
pub mod narrative;
pub mod templates;
pub mod theme;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Value, json};

use crate::data::ClientData;
use crate::error::{Diagnostic, Error, Place, Result, Warned};
use crate::model::Engagement;
use crate::score::{ClvMethod, ScoreResult, TargetStatus};
use crate::text::{Lang, Text};
use crate::typeset::locale::{Calendar, Calendars, Digits, Formatter};
use crate::typeset::markdown::{DigitStyle, ImageFolder, MarkdownOptions};
use crate::typeset::{Document, FontSet, PdfStandard, isolate, ltr};

pub use crate::privacy::mask_personal;
pub use templates::Templates;
pub use theme::Theme;

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
) -> Result<Value> {
    let date = f.date(d.date.unwrap_or(assessed), Calendar::Gregorian)?;
    let line = match &d.version {
        Some(v) => fill(
            &s("draft_line_version"),
            &[("version", &isolate(v)), ("date", &date)],
        ),
        None => fill(&s("draft_line"), &[("date", &date)]),
    };
    Ok(json!({"mark": s("draft_mark"), "line": line}))
}

/// NPS comments (the NPS sheet's `comment` column) grouped detractor / passive / promoter,
/// each masked, at most [`VERBATIMS_PER_GROUP`] distinct ones per group.
fn nps_comments(data: &ClientData, s: &dyn Fn(&str) -> String) -> Vec<Value> {
    let Some(ratings) = &data.nps else {
        return Vec::new();
    };
    let groups = [
        ("promoters", 9..=10),
        ("passives", 7..=8),
        ("detractors", 0..=6),
    ];
    groups
        .iter()
        .filter_map(|(key, range)| {
            let mut list: Vec<String> = Vec::new();
            let mut total = 0u64;
            for r in ratings.iter().filter(|r| range.contains(&r.score)) {
                let Some(text) = r.comment.as_deref().map(str::trim) else {
                    continue;
                };
                if text.is_empty() {
                    continue;
                }
                total += 1;
                let masked = isolate(&mask_personal(text));
                if list.len() < VERBATIMS_PER_GROUP && !list.contains(&masked) {
                    list.push(masked);
                }
            }
            (!list.is_empty())
                .then(|| json!({"key": key, "group": s(key), "comments": list, "total": total}))
        })
        .collect()
}

/// Formats numbers for the report's language and direction.
struct Num {
    f: Formatter,
    rtl: bool,
    /// Arabic-Indic digits (only in right-to-left reports).
    arabic_digits: bool,
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
        self.wrap(self.f.number(x, d))
    }
    fn opt(&self, x: Option<f64>, d: u8) -> String {
        x.map(|x| self.n(x, d)).unwrap_or_else(|| "—".into())
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

fn status_key(s: Option<TargetStatus>) -> &'static str {
    match s {
        Some(TargetStatus::Met) => "met",
        Some(TargetStatus::Near) => "near",
        Some(TargetStatus::Missed) => "missed",
        None => "none",
    }
}

/// Replaces `{name}` placeholders in a localised sentence.
fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (k, v) in vars {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// The localised strings for one language, as JSON.
fn strings_json(
    strings: &BTreeMap<String, Text>,
    lang: Lang,
    digits: DigitStyle,
) -> serde_json::Map<String, Value> {
    strings
        .iter()
        .map(|(k, v)| {
            let text = digits.apply(v.get(lang)).into_owned();
            (k.clone(), Value::String(text))
        })
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
        let path = dir.join(format!("{dim}{RECOMMENDATIONS_SUFFIX}.md"));
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
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<(PathBuf, String)>> {
    let mut known: Vec<&str> = vec!["summary", "next-steps"];
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
        out.push((path, stem));
    }
    Ok(out)
}

/// Checks the names of the engagement's narrative files against its model's dimensions
/// (`dims`, the dimension ids), without reading the data: a file left with a stale
/// dimension name is an error, whatever else is wrong with the engagement.
pub fn check_narrative_names(e: &Engagement, dims: &[String]) -> Result<()> {
    let Some(dir) = &e.narrative else {
        return Ok(());
    };
    let mut diags = Vec::new();
    narrative_files(dir, dims, &mut diags)?;
    if diags.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(diags))
    }
}

/// Narrative files found for the engagement: name (`summary`, `next-steps`, a dimension id)
/// → converted Typst markup. Unknown names are errors with a suggestion.
fn narrative(
    e: &Engagement,
    dims: &[String],
    quotes: &narrative::QuoteIndex,
    digits: DigitStyle,
) -> Result<Warned<BTreeMap<String, String>>> {
    let mut out = BTreeMap::new();
    let mut warnings = Vec::new();
    let Some(dir) = &e.narrative else {
        return Ok(Warned {
            output: out,
            warnings,
        });
    };
    let mut diags = Vec::new();
    for (path, stem) in narrative_files(dir, dims, &mut diags)? {
        // The narrative sits under a level-2 heading: its top headings become level 3
        // whatever level the author started at (PDF/UA forbids skipped levels).
        let src = std::fs::read_to_string(&path).map_err(|err| Error::read(&path, err))?;
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
        // Every file is converted, so the problems of all of them are reported at once.
        let converted = match narrative::convert(&src, &path, &opts, quotes, e.language) {
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
        if converted.output.trim().is_empty() {
            warnings.push(
                Diagnostic::warning(
                    &path,
                    Place::File,
                    format!("narrative/{stem}.md is still the stub (no text outside comments): skipped"),
                )
                .with_help("write the section below the comment; an empty or comment-only file is left out of the report"),
            );
            continue;
        }
        out.insert(stem, converted.output);
    }
    if !diags.is_empty() {
        return Err(Error::Invalid(diags));
    }
    Ok(Warned {
        output: out,
        warnings,
    })
}

/// Builds the Typst document of a report (not yet compiled).
pub fn build_document(input: &ReportInput<'_>) -> Result<Warned<Document>> {
    let e = input.engagement;
    let r = input.result;
    let theme = input.theme;
    let lang = e.language;
    let rtl = lang.is_rtl();
    let num = Num {
        f: formatter(theme, lang)?,
        rtl,
        arabic_digits: rtl && theme.arabic_digits(),
    };
    let strings = input.templates.strings()?;
    // One digit system per report: the consultant's prose and the fixed labels (phase
    // titles such as "0–3 months") follow the digits the figures are formatted in.
    let digits = if num.arabic_digits {
        DigitStyle::ArabicIndic
    } else {
        DigitStyle::Latin
    };
    let s = |k: &str| {
        strings
            .get(k)
            .map(|t| digits.apply(t.get(lang)).into_owned())
            .unwrap_or_default()
    };
    let mut warnings = Vec::new();

    let dim_ids: Vec<String> = r.dimensions.iter().map(|d| d.id.clone()).collect();
    let quotes = narrative::QuoteIndex::new(input.data, e.segments.first().map(String::as_str));
    let narr = narrative(e, &dim_ids, &quotes, digits)?;
    warnings.extend(narr.warnings);
    let narr = narr.output;
    let own_recs = recommendation_files(e, &dim_ids, digits)?;
    // A dimension's recommendations: the model's for its level (unless the consultant's file
    // replaces them), then the consultant's own.
    let recommendations = |d: &crate::score::DimensionResult| -> Vec<String> {
        let own = own_recs.get(&d.id);
        let model = d
            .recommendations
            .iter()
            .filter(|_| !own.is_some_and(|o| o.replace))
            .map(|t| t.get(lang).to_string());
        model
            .chain(own.into_iter().flat_map(|o| o.items.iter().cloned()))
            .collect()
    };

    let scale_max = r.model.scale_max as f64;
    let scale_min = r.model.scale_min as f64;
    let span = (scale_max - scale_min).max(1.0);
    let frac = |x: f64| ((x - scale_min) / span).clamp(0.0, 1.0);

    let q_by_id: BTreeMap<&str, &crate::score::QuestionResult> =
        r.questions.iter().map(|q| (q.id.as_str(), q)).collect();
    let changes: BTreeMap<&str, f64> = r
        .comparison
        .iter()
        .flat_map(|c| c.dimensions.iter().map(|d| (d.id.as_str(), d.delta)))
        .collect();

    // Dimensions.
    let mut dims = Vec::new();
    for d in &r.dimensions {
        let mut qs: Vec<&crate::score::QuestionResult> = d
            .questions
            .iter()
            .filter_map(|id| q_by_id.get(id.as_str()).copied())
            .collect();
        let questions: Vec<Value> = qs
            .iter()
            .map(|q| {
                json!({
                    "id": q.id,
                    "text": q.text.get(lang),
                    "mean": num.opt(q.mean, 2),
                    "frac": q.mean.map(frac),
                })
            })
            .collect();
        qs.retain(|q| q.mean.is_some());
        qs.sort_by(|a, b| {
            b.mean
                .partial_cmp(&a.mean)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.id.cmp(&b.id))
        });
        let take = if qs.len() >= 6 { 2 } else { 1 };
        let q_item = |q: &&crate::score::QuestionResult| json!({"text": q.text.get(lang), "mean": num.opt(q.mean, 2)});
        let strengths: Vec<Value> = qs.iter().take(take).map(q_item).collect();
        let gaps: Vec<Value> = qs.iter().rev().take(take).map(q_item).collect();
        let change = changes.get(d.id.as_str()).copied();
        dims.push(json!({
            "id": d.id,
            "name": d.name.get(lang),
            "description": d.description.as_ref().map(|t| t.get(lang)),
            "weight": num.n(d.weight, 1),
            "score": num.opt(d.score, 2),
            "frac": d.score.map(frac),
            "target": num.opt(d.target, 1),
            "target_frac": d.target.map(frac),
            "gap": num.opt(d.gap, 2),
            "level": d.level.map(|l| num.int(u64::from(l))),
            "level_name": d.level_name.as_ref().map(|t| t.get(lang)),
            "status": status_key(d.status),
            "change": change.map(|c| num.signed(c, 2)),
            "change_dir": change.map(|c| if c > 0.005 { "up" } else if c < -0.005 { "down" } else { "flat" }),
            "n": num.int(d.n),
            "questions": questions,
            "strengths": strengths,
            "gaps": gaps,
            "recommendations": recommendations(d),
            "narrative": narr.contains_key(&d.id),
        }));
    }

    // Overall.
    let levels: Vec<Value> = r
        .model
        .levels
        .iter()
        .map(|l| {
            json!({
                "number": num.int(u64::from(l.number)),
                "name": l.name.get(lang),
                "min": num.n(l.min_score, 1),
                "description": l.description.as_ref().map(|t| t.get(lang)),
                "current": r.overall.level == Some(l.number),
            })
        })
        .collect();
    let level_name = r
        .overall
        .level_name
        .as_ref()
        .map(|t| t.get(lang).to_string())
        .unwrap_or_else(|| "—".into());
    let summary_lead = fill(
        &s("summary_lead"),
        &[
            (
                "level",
                &r.overall
                    .level
                    .map(|l| num.int(u64::from(l)))
                    .unwrap_or_else(|| "—".into()),
            ),
            ("name", &level_name),
            ("score", &num.opt(r.overall.score, 2)),
            ("max", &num.int(r.model.scale_max.max(0) as u64)),
            ("index", &num.opt(r.overall.index, 0)),
            ("hundred", &num.int(100)),
            ("n", &num.int(r.respondents)),
        ],
    );

    let ranked = |ids: &[String]| -> Vec<Value> {
        ids.iter()
            .take(3)
            .filter_map(|id| r.dimensions.iter().find(|d| &d.id == id))
            .map(|d| {
                json!({
                    "name": d.name.get(lang),
                    "score": num.opt(d.score, 2),
                    "status": status_key(d.status),
                })
            })
            .collect()
    };

    // Metrics.
    let m = &r.metrics;
    let mut headline = Vec::new();
    let target_of = |t: Option<f64>, d: u8, pct: bool| match t {
        Some(t) if pct => num.pct(t, d),
        Some(t) => num.n(t, d),
        None => "—".into(),
    };
    let mut nps_json = Value::Null;
    if let Some(nps) = &m.nps {
        let st = &nps.stats;
        headline.push(json!({
            "name": s("nps_short"),
            "value": num.signed(st.score, 1),
            "target": nps.target.map(|t| num.signed(t, 1)).unwrap_or_else(|| "—".into()),
            "status": status_key(nps.status),
        }));
        let share = |k: u64| {
            if st.n > 0 {
                k as f64 * 100.0 / st.n as f64
            } else {
                0.0
            }
        };
        let group = |g: &crate::score::NpsGroup| {
            json!({
                "value": isolate(&g.value),
                "score": num.signed(g.stats.score, 1),
                "moe": num.pm(g.stats.margin_of_error, 1),
                "n": num.int(g.stats.n),
                "small": g.small,
                "promoters": num.pct(share_of(g.stats.promoters, g.stats.n), 0),
                "detractors": num.pct(share_of(g.stats.detractors, g.stats.n), 0),
            })
        };
        nps_json = json!({
            "line": fill(&s("nps_line"), &[
                ("score", &num.signed(st.score, 1)),
                ("moe", &num.pm(st.margin_of_error, 1)),
                ("conf", &num.pct(95.0, 0)),
                ("n", &num.int(st.n)),
                ("p", &num.int(st.promoters)),
                ("pa", &num.int(st.passives)),
                ("d", &num.int(st.detractors)),
            ]),
            "score": num.signed(st.score, 1),
            "moe": num.pm(st.margin_of_error, 1),
            "target": nps.target.map(|t| num.signed(t, 1)),
            "status": status_key(nps.status),
            "shares": [
                {"key": "detractors", "frac": share(st.detractors) / 100.0, "label": num.pct(share(st.detractors), 0)},
                {"key": "passives", "frac": share(st.passives) / 100.0, "label": num.pct(share(st.passives), 0)},
                {"key": "promoters", "frac": share(st.promoters) / 100.0, "label": num.pct(share(st.promoters), 0)},
            ],
            "by_channel": nps.by_channel.iter().map(group).collect::<Vec<_>>(),
            "by_segment": nps.by_segment.iter().map(group).collect::<Vec<_>>(),
        });
    }
    let mut csat_json = Value::Null;
    if let Some(c) = &m.csat {
        headline.push(json!({
            "name": s("csat"),
            "value": num.pct(c.score, 1),
            "target": target_of(c.target, 1, true),
            "status": status_key(c.status),
        }));
        csat_json = json!({
            "line": fill(&s("csat_line"), &[
                ("score", &num.pct(c.score, 1)),
                ("threshold", &num.int(c.threshold.max(0) as u64)),
                ("mean", &num.n(c.mean, 2)),
                ("n", &num.int(c.n)),
            ]),
            "dist": distribution(&num, &c.distribution, 1),
        });
    }
    let mut ces_json = Value::Null;
    if let Some(c) = &m.ces {
        headline.push(json!({
            "name": s("ces"),
            "value": num.n(c.mean, 2),
            "target": target_of(c.target, 1, false),
            "status": status_key(c.status),
        }));
        ces_json = json!({
            "line": fill(&s("ces_line"), &[
                ("mean", &num.n(c.mean, 2)),
                ("scale", &num.int(c.scale.max(0) as u64)),
                ("share", &num.pct(c.easy_share, 1)),
                ("easy", &num.int(c.easy_min.max(0) as u64)),
                ("n", &num.int(c.n)),
            ]),
            "dist": distribution(&num, &c.distribution, 1),
        });
    }
    let mut churn_json = Value::Null;
    if let Some(c) = &m.churn {
        headline.push(json!({
            "name": s("churn"),
            "value": num.pct(c.rate, 1),
            "target": target_of(c.target, 1, true),
            "status": status_key(c.status),
        }));
        churn_json = json!({
            "line": fill(&s("churn_line"), &[("rate", &num.pct(c.rate, 1))]),
            "periods": c.periods.iter().map(|p| json!({
                "period": isolate(&p.period),
                "start": num.n(p.customers_start, 0),
                "end": num.n(p.customers_end, 0),
                "lost": num.n(p.lost, 0),
                "rate": num.pct(p.rate, 1),
            })).collect::<Vec<_>>(),
        });
    }
    let mut clv_json = Value::Null;
    if let Some(c) = &m.clv {
        let cur = c.currency.as_deref();
        headline.push(json!({
            "name": s("clv"),
            "value": num.money(c.value, cur),
            "target": c.target.map(|t| num.money(t, cur)).unwrap_or_else(|| "—".into()),
            "status": status_key(c.status),
        }));
        let value = num.money(c.value, cur);
        let line = match c.method {
            ClvMethod::Single => fill(&s("clv_single"), &[("value", &value)]),
            ClvMethod::Weighted => fill(
                &s("clv_weighted"),
                &[
                    ("value", &value),
                    (
                        "customers",
                        &num.n(c.rows.iter().filter_map(|r| r.customers).sum(), 0),
                    ),
                ],
            ),
            ClvMethod::Unweighted => fill(
                &s("clv_unweighted"),
                &[("value", &value), ("n", &num.int(c.rows.len() as u64))],
            ),
        };
        clv_json = json!({
            "value": value,
            "line": line,
            // The customers column is shown only when it weighted the headline.
            "weighted": c.method == ClvMethod::Weighted,
            "rows": c.rows.iter().map(|row| json!({
                "customers": row.customers.map(|n| num.n(n, 0)).unwrap_or_else(|| "—".into()),
                "segment": row.segment.as_deref().map(isolate).unwrap_or_else(|| s("all_customers")),
                "apv": num.money(row.avg_purchase_value, cur),
                "freq": num.n(row.purchase_frequency, 1),
                "life": num.n(row.customer_lifespan_years, 1),
                "margin": num.pct(row.gross_margin * 100.0, 0),
                "value": num.money(row.value, cur),
            })).collect::<Vec<_>>(),
        });
    }

    // Segments: one table per segment column.
    let mut seg_columns: Vec<(String, Vec<Value>)> = Vec::new();
    for seg in &r.segments {
        let row = json!({
            "value": isolate(&seg.value),
            "n": num.int(seg.n),
            "small": seg.small,
            "suppressed": seg.suppressed,
            "overall": seg.overall.as_ref().and_then(|o| o.score).map(|x| num.n(x, 2)),
            "scores": r.dimensions.iter().map(|d| {
                let sc = seg.dimensions.iter().find(|x| x.id == d.id).and_then(|x| x.score);
                json!({"score": sc.map(|x| num.n(x, 2)), "frac": sc.map(frac)})
            }).collect::<Vec<_>>(),
        });
        match seg_columns.iter_mut().find(|(c, _)| c == &seg.column) {
            Some((_, rows)) => rows.push(row),
            None => seg_columns.push((seg.column.clone(), vec![row])),
        }
    }
    let segments: Vec<Value> = seg_columns
        .into_iter()
        .map(|(c, rows)| json!({"column": isolate(&c), "rows": rows}))
        .collect();

    // Roadmap: dimensions with a gap, by priority (gap × weight), in three phases.
    let mut prio: Vec<&crate::score::DimensionResult> = r
        .dimensions
        .iter()
        .filter(|d| d.priority.is_some_and(|p| p > 0.0))
        .collect();
    prio.sort_by(|a, b| {
        b.priority
            .partial_cmp(&a.priority)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.id.cmp(&b.id))
    });
    let per_phase = prio.len().div_ceil(3).max(1);
    let mut phases = vec![Vec::new(), Vec::new(), Vec::new()];
    for (i, d) in prio.iter().enumerate() {
        let p = (i / per_phase).min(2);
        if let Some(phase) = phases.get_mut(p) {
            phase.push(json!({
                "name": d.name.get(lang),
                "priority": num.opt(d.priority, 2),
                "gap": d.gap.map(|g| num.n(g, 2)),
                "level_name": d.level_name.as_ref().map(|t| t.get(lang)),
                "recommendations": recommendations(d),
            }));
        }
    }
    let roadmap: Vec<Value> = ["phase_1", "phase_2", "phase_3"]
        .iter()
        .zip(phases)
        .filter(|(_, items)| !items.is_empty())
        .map(|(k, items)| json!({"title": s(k), "items": items}))
        .collect();

    // Appendix: every question.
    let scale_values: Vec<i64> = (r.model.scale_min..=r.model.scale_max).collect();
    let appendix: Vec<Value> = r
        .dimensions
        .iter()
        .map(|d| {
            let qs: Vec<Value> = d
                .questions
                .iter()
                .filter_map(|id| q_by_id.get(id.as_str()))
                .map(|q| {
                    let total: u64 = q.distribution.iter().sum();
                    json!({
                        "id": isolate(&q.id),
                        "text": q.text.get(lang),
                        "mean": num.opt(q.mean, 2),
                        "n": num.int(q.n),
                        "sd": num.opt(q.sd, 2),
                        "na": num.int(q.not_applicable),
                        "dist": q.distribution.iter().map(|c| json!({
                            "label": num.pct(share_of(*c, total), 0),
                            "frac": if total > 0 { *c as f64 / total as f64 } else { 0.0 },
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            json!({"name": d.name.get(lang), "questions": qs})
        })
        .collect();

    // Data quality and respondents by segment.
    let dq = &r.data_quality;
    let tally =
        |f: fn(&crate::score::QuestionResult) -> u64| r.questions.iter().map(f).sum::<u64>();
    let quality = json!([
        {"label": s("dq_total"), "value": num.int(dq.total_respondents)},
        {"label": s("dq_scored"), "value": num.int(r.respondents)},
        {"label": s("dq_excluded"), "value": num.int(dq.excluded)},
        {"label": s("dq_straight"), "value": num.int(dq.straightliners.len() as u64)},
        {"label": s("dq_incomplete"), "value": num.int(dq.incomplete.len() as u64)},
        {"label": s("dq_na"), "value": num.int(tally(|q| q.not_applicable))},
        {"label": s("dq_blank"), "value": num.int(tally(|q| q.blank))},
    ]);

    // Verbatims: comments grouped by the first segment column's value.
    let first_seg = e.segments.first();
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for resp in &input.data.responses.respondents {
        for c in &resp.comments {
            let text = c.text.trim();
            if text.is_empty() {
                continue;
            }
            let key = first_seg
                .and_then(|col| resp.segments.get(col))
                .cloned()
                .unwrap_or_default();
            let list = groups.entry(key).or_default();
            if list.len() < VERBATIMS_PER_GROUP && !list.iter().any(|t| t == text) {
                list.push(text.to_string());
            }
        }
    }
    let small_values: Vec<&str> = r
        .segments
        .iter()
        .filter(|sg| Some(&sg.column) == first_seg && sg.suppressed)
        .map(|sg| sg.value.as_str())
        .collect();
    let verbatims: Vec<Value> = groups
        .into_iter()
        .filter(|(k, _)| !small_values.contains(&k.as_str()))
        .map(|(k, v)| {
            json!({
                "group": if k.is_empty() { Value::Null } else { Value::String(isolate(&k)) },
                "comments": v.iter().map(|t| isolate(&mask_personal(t))).collect::<Vec<_>>(),
            })
        })
        .collect();

    let nps_verbatims = nps_comments(input.data, &s);

    let glossary: Vec<Value> = input
        .templates
        .glossary()?
        .iter()
        .map(|g| {
            json!({
                "term": digits.apply(g.term.get(lang)),
                "definition": digits.apply(g.definition.get(lang)),
            })
        })
        .collect();

    let title = e
        .title
        .as_ref()
        .map(|t| t.get(lang).to_string())
        .unwrap_or_else(|| r.model.title.get(lang).to_string());
    let client_name = e.client.name.get(lang).to_string();
    // The theme's calendars in Arabic reports; English reports show the Gregorian date.
    let hijri = if rtl && theme.calendar == Calendars::Both {
        Some(num.f.date(e.date, Calendar::HijriUmmAlQura)?)
    } else {
        None
    };
    let calendar = if rtl && theme.calendar == Calendars::Hijri {
        Calendar::HijriUmmAlQura
    } else {
        Calendar::Gregorian
    };
    let date = num.f.date(e.date, calendar)?;

    let mut doc = Document::new(String::new(), PathBuf::new(), e.date);
    // Logos: mounted folders, seen by Typst under fixed virtual names.
    let mut client_logo = Value::Null;
    if let Some(logo) = &e.client.logo
        && let (Some(dir), Some(name)) = (logo.parent(), logo.file_name())
    {
        doc.mount("/client-assets", dir)?;
        client_logo = Value::String(format!("/client-assets/{}", name.to_string_lossy()));
    }
    let mut firm_logo = Value::Null;
    if let Some(logo) = theme.logo_path()
        && let (Some(dir), Some(name)) = (logo.parent(), logo.file_name())
    {
        doc.mount("/theme-assets", dir)?;
        firm_logo = Value::String(format!("/theme-assets/{}", name.to_string_lossy()));
    }
    if let Some(dir) = &e.narrative {
        doc.mount("/narrative-assets", dir)?;
    }

    let drawn;
    let charts = match input.charts {
        Some(c) => c,
        None => {
            drawn = charts::build(r, theme, lang, &strings, &num.f)?;
            &drawn
        }
    };
    let mut chart_names = serde_json::Map::new();
    for (name, c) in charts {
        doc.add_file(
            &format!("charts/{name}.svg"),
            c.svg.clone().into_bytes(),
            None,
        )?;
        chart_names.insert(name.clone(), Value::String(c.alt.clone()));
    }
    for (name, markup) in &narr {
        doc.add_file(
            &format!("narrative/{name}.typ"),
            markup.clone().into_bytes(),
            None,
        )?;
    }

    let dims_count = r.dimensions.len() as u64;
    let data = json!({
        "lang": lang.code(),
        "rtl": rtl,
        "t": strings_json(&strings, lang, digits),
        "title": title,
        "client": isolate(&client_name),
        "sector": e.client.sector.as_ref().map(|t| isolate(t.get(lang))),
        "consultancy": theme.consultancy.name.get(lang),
        "footer": theme.footer.get(lang),
        "confidential": theme.confidentiality.get(lang),
        "date": date,
        "hijri": hijri,
        "client_logo": client_logo,
        "firm_logo": firm_logo,
        "model_title": r.model.title.get(lang),
        "overall": {
            "score": num.opt(r.overall.score, 2),
            "index": num.opt(r.overall.index, 0),
            "level": r.overall.level.map(|l| num.int(u64::from(l))),
            "level_name": level_name,
            "frac": r.overall.score.map(frac),
            "change": r.comparison.as_ref().and_then(|c| c.overall.as_ref()).map(|d| num.signed(d.delta, 2)),
        },
        "index_range": num.wrap(format!("{}–{}", num.f.number(0.0, 0), num.f.number(100.0, 0))),
        "scale_max": num.int(r.model.scale_max.max(0) as u64),
        "summary_lead": summary_lead,
        "respondents": num.int(r.respondents),
        "levels": levels,
        "strengths": ranked(&r.ranking.dimension_strengths),
        "gaps": ranked(&r.ranking.dimension_gaps),
        "headline": headline,
        "model_intro": fill(&s("model_intro"), &[
            ("dims", &num.int(dims_count)),
            ("min", &num.int(r.model.scale_min.max(0) as u64)),
            ("max", &num.int(r.model.scale_max.max(0) as u64)),
            ("hundred", &num.int(100)),
            ("zero", &num.int(0)),
        ]),
        "scale": r.model.scale_labels.iter().map(|l| json!({
            "value": num.int(l.value.max(0) as u64),
            "label": l.label.get(lang),
        })).collect::<Vec<_>>(),
        "scale_values": scale_values.iter().map(|v| num.int((*v).max(0) as u64)).collect::<Vec<_>>(),
        "dimensions": dims,
        "has_previous": r.comparison.is_some(),
        "segments": segments,
        "min_segment": num.int(u64::from(e.min_segment_size)),
        "segments_intro": fill(&s("segments_intro"), &[("min", &num.int(u64::from(e.min_segment_size)))]),
        "dq_note": fill(&s("dq_note"), &[
            ("min", &num.int(u64::from(e.min_segment_size))),
            ("conf", &num.pct(95.0, 0)),
        ]),
        "quality": quality,
        "nps": nps_json,
        "csat": csat_json,
        "ces": ces_json,
        "churn": churn_json,
        "clv": clv_json,
        "roadmap": roadmap,
        "appendix": appendix,
        "verbatims": verbatims,
        "nps_verbatims": nps_verbatims,
        "draft": input.draft.map(|d| draft_json(d, e.date, &s, &num.f)).transpose()?,
        "glossary": glossary,
        "charts": chart_names,
        "narrative": narr.keys().map(|k| (k.clone(), Value::Bool(true))).collect::<serde_json::Map<_, _>>(),
    });
    let json_bytes = serde_json::to_vec_pretty(&data)
        .map_err(|err| Error::internal(format!("cannot write the report data: {err}")))?;
    doc.add_file("data.json", json_bytes, None)?;

    // Templates: theme variables and the main document, rendered with the Typst escape.
    let env = crate::typeset::escape::template_env();
    let c = &theme.colors;
    let colors: BTreeMap<&str, String> = [
        ("primary", &c.primary),
        ("secondary", &c.secondary),
        ("accent", &c.accent),
        ("text", &c.text),
        ("muted", &c.muted),
        ("light", &c.light),
        ("red", &c.red),
        ("amber", &c.amber),
        ("green", &c.green),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.clone()))
    .collect();
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
    doc.title = Some(format!("{title} — {client_name}"));
    doc.lang = Some(lang.code().to_string());
    doc.author = Some(theme.consultancy.name.get(lang).to_string());
    doc.ident = format!("nudj-report-{}-{}", client_name, lang.code());
    doc.standard = input.standard;
    doc.fonts = Arc::clone(&input.fonts);
    Ok(Warned {
        output: doc,
        warnings,
    })
}

fn share_of(k: u64, n: u64) -> f64 {
    if n > 0 {
        k as f64 * 100.0 / n as f64
    } else {
        0.0
    }
}

/// A distribution (counts per answer) as bars with shares.
fn distribution(num: &Num, counts: &[u64], first: i64) -> Vec<Value> {
    let total: u64 = counts.iter().sum();
    counts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            json!({
                "value": num.int((first + i as i64).max(0) as u64),
                "label": num.pct(share_of(*c, total), 0),
                "frac": if total > 0 { *c as f64 / total as f64 } else { 0.0 },
            })
        })
        .collect()
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
        };
        assert_eq!(num.signed(-3.2, 1), "\u{2066}−3.2\u{2069}");
        let num = Num {
            f: Formatter::new("ar", Digits::ArabicIndic).unwrap(),
            rtl: true,
            arabic_digits: true,
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
