//! Narrative Markdown with quotes tied to the data.
//!
//! A line `{{ quote("Responses!K14") }}` (a comment's cell), `{{ quote("R043") }}` (a
//! respondent id; add the comment column when the respondent has several:
//! `{{ quote("R043", "ملاحظات") }}`) or `{{ quote("NPS!E157") }}` (a row of a metric sheet
//! with a `comment` column) becomes a block quote of that comment, masked like every comment
//! (see [`super::privacy`]), attributed to its segment and respondent. The comment never
//! enters the markup: it goes into the report's data (`data.json`, `narrative_quotes`), and
//! the converted file shows it by its index, so the comment's text can never be read as
//! Markdown or Typst; the Markdown keeps its own line numbers for messages.

use std::collections::BTreeMap;
use std::path::Path;

use crate::data::ClientData;
use crate::error::{Diagnostic, Error, Place, Result, Warned};
use crate::text::Lang;
use crate::typeset::escape::{isolate, string_literal};

use super::contract::NarrativeQuote;
use crate::typeset::markdown::{DigitStyle, MarkdownOptions, markdown_to_typst};

use crate::privacy::mask_personal;

/// One comment a narrative may quote.
#[derive(Debug, Clone, PartialEq)]
pub struct Quotable {
    /// The comment as written (masked when shown).
    pub text: String,
    /// Who said it: segment value (or channel), if any.
    pub segment: Option<String>,
    /// The respondent id, or the cell for metric sheets.
    pub who: String,
    /// The column it came from.
    pub column: String,
    /// For a metric-sheet comment: the metric and the score given beside it, shown as the
    /// attribution instead of a cell reference ("Detractor (3)").
    pub rating: Option<(RatingSheet, i32)>,
}

/// The metric sheets that carry comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RatingSheet {
    /// Net Promoter Score (0-10).
    Nps,
    /// Customer satisfaction.
    Csat,
    /// Customer effort.
    Ces,
}

impl RatingSheet {
    /// How the person who gave `score` is named in an attribution.
    fn who(self, score: i32, lang: Lang) -> String {
        let key = match self {
            RatingSheet::Nps if score >= 9 => "who_promoter",
            RatingSheet::Nps if score >= 7 => "who_passive",
            RatingSheet::Nps => "who_detractor",
            RatingSheet::Csat => "who_csat",
            RatingSheet::Ces => "who_ces",
        };
        let name = match crate::words::Catalogue::builtin() {
            Ok(words) => words.get(key, lang),
            Err(_) => format!("[{key}]"),
        };
        format!("{name} ({score})")
    }
}

/// Every comment of the client data, by cell (`SHEET!A1`, upper case), by metric-sheet row
/// (`SHEET!<row>`) and by respondent id.
#[derive(Debug, Default)]
pub struct QuoteIndex {
    by_cell: BTreeMap<String, Quotable>,
    by_row: BTreeMap<(String, u32), Quotable>,
    by_respondent: BTreeMap<String, Vec<Quotable>>,
    /// Cells (upper case) and respondent ids of comments from groups too small to show:
    /// quoting one is refused, as it would identify its author.
    hidden: std::collections::BTreeSet<String>,
    /// Metric-sheet rows (sheet upper case, 0-based row) whose answer is in a group the score
    /// hid for anonymity (`metrics.*.hidden`): quoting one is refused too.
    hidden_rows: std::collections::BTreeSet<(String, u32)>,
}

impl QuoteIndex {
    /// Indexes the comments of `data`; `segment` is the segment column used in attributions.
    /// `shown` says whether a respondent's comments may be shown (false for a respondent in a
    /// group hidden for its size, in any segment column): such comments cannot be quoted.
    /// `metrics` is the score's: a metric-sheet comment whose answer is in a group hidden for
    /// anonymity cannot be quoted either (its attribution gives the group and the rating).
    pub fn new(
        data: &ClientData,
        segment: Option<&str>,
        shown: &dyn Fn(&crate::data::Respondent) -> bool,
        metrics: &crate::score::MetricsResult,
    ) -> QuoteIndex {
        let mut ix = QuoteIndex::default();
        for r in &data.responses.respondents {
            for c in &r.comments {
                if c.text.trim().is_empty() {
                    continue;
                }
                if !shown(r) {
                    ix.hidden
                        .insert(crate::error::unquote_sheet(&c.place.to_string()).to_uppercase());
                    ix.hidden.insert(r.id.trim().to_uppercase());
                    continue;
                }
                let q = Quotable {
                    text: c.text.trim().to_string(),
                    segment: segment.and_then(|s| r.segments.get(s)).cloned(),
                    who: r.id.clone(),
                    column: c.column.clone(),
                    rating: None,
                };
                ix.by_cell.insert(
                    crate::error::unquote_sheet(&c.place.to_string()).to_uppercase(),
                    q.clone(),
                );
                ix.by_respondent.entry(r.id.clone()).or_default().push(q);
            }
        }
        let sheets = [
            (RatingSheet::Nps, &data.nps),
            (RatingSheet::Csat, &data.csat),
            (RatingSheet::Ces, &data.ces),
        ];
        for (kind, ratings) in sheets {
            let Some(ratings) = ratings else { continue };
            let hidden: &[crate::score::HiddenGroup] = match kind {
                RatingSheet::Nps => metrics.nps.as_ref().map(|m| m.hidden.as_slice()),
                RatingSheet::Csat => metrics.csat.as_ref().map(|m| m.hidden.as_slice()),
                RatingSheet::Ces => metrics.ces.as_ref().map(|m| m.hidden.as_slice()),
            }
            .unwrap_or_default();
            for r in ratings {
                let Some(text) = r.comment.as_deref().map(str::trim) else {
                    continue;
                };
                if text.is_empty() {
                    continue;
                }
                if crate::score::in_hidden_group(hidden, r) {
                    if let Place::Cell { sheet, row, .. } = &r.place {
                        ix.hidden_rows.insert((sheet.to_uppercase(), *row));
                    }
                    continue;
                }
                if let Place::Cell { sheet, row, .. } = &r.place {
                    ix.by_row.insert(
                        (sheet.to_uppercase(), *row),
                        Quotable {
                            text: text.to_string(),
                            segment: r.channel.clone().or_else(|| r.segment.clone()),
                            who: r.place.to_string(),
                            column: "comment".into(),
                            rating: Some((kind, r.score)),
                        },
                    );
                }
            }
        }
        ix
    }

    /// Names each quote's segment or channel with `name` (the engagement's `labels:` for the
    /// report's language); the comments and references are unchanged.
    pub fn rename_segments(&mut self, name: impl Fn(&str) -> String) {
        let all = self
            .by_cell
            .values_mut()
            .chain(self.by_row.values_mut())
            .chain(self.by_respondent.values_mut().flatten());
        for q in all {
            if let Some(s) = &mut q.segment {
                *s = name(s);
            }
        }
    }

    /// Finds the comment a reference names, or says why not (message, help).
    fn resolve(
        &self,
        reference: &str,
        column: Option<&str>,
    ) -> std::result::Result<Quoted<'_>, (String, Option<String>)> {
        let key = crate::error::unquote_sheet(reference.trim()).to_uppercase();
        if self.hidden.contains(&key) {
            return Err((
                format!(
                    "`{reference}` is a comment from a group of respondents too small to show: quoting it would identify who wrote it"
                ),
                Some("quote another comment; the groups below the engagement's `min_segment_size` are hidden in every output (docs/privacy.md)".into()),
            ));
        }
        if let Some((sheet, cell)) = key.split_once('!') {
            if let Some(q) = self.by_cell.get(&key) {
                return Ok(Quoted::Exact(q));
            }
            let row = cell
                .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .parse::<u32>()
                .ok()
                .and_then(|r| r.checked_sub(1));
            if row.is_some_and(|r| self.hidden_rows.contains(&(sheet.to_string(), r))) {
                return Err((
                    format!(
                        "`{reference}` is the comment of an answer in a group hidden for anonymity: quoted with its group and rating it would disclose the answer"
                    ),
                    Some("quote another comment; the groups below the engagement's `min_segment_size`, and those hidden with them, are hidden in every output (docs/privacy.md)".into()),
                ));
            }
            if let Some(q) = row.and_then(|r| self.by_row.get(&(sheet.to_string(), r))) {
                return Ok(Quoted::Row(q, key.clone()));
            }
            let cells: Vec<&str> = self.by_cell.keys().map(String::as_str).collect();
            let help = crate::model::yaml::suggest(&key, &cells)
                .map(|s| format!("did you mean `{s}`?"))
                .or_else(|| {
                    Some("give the cell of a comment (e.g. `Responses!K14`), a row of a metric sheet with a `comment` column, or a respondent id".into())
                });
            return Err((format!("no comment at `{reference}`"), help));
        }
        let Some(list) = self
            .by_respondent
            .iter()
            .find(|(id, _)| id.trim().eq_ignore_ascii_case(reference.trim()))
            .map(|(_, l)| l)
        else {
            let ids: Vec<&str> = self.by_respondent.keys().map(String::as_str).collect();
            let help = crate::model::yaml::suggest(reference, &ids)
                .map(|s| format!("did you mean `{s}`?"));
            return Err((
                format!("no respondent `{reference}` with a comment"),
                help.or_else(|| Some("quote a respondent id or a comment's cell".into())),
            ));
        };
        let picked: Vec<&Quotable> = list
            .iter()
            .filter(|q| column.is_none_or(|c| q.column.trim().eq_ignore_ascii_case(c.trim())))
            .collect();
        match picked.as_slice() {
            [one] => Ok(Quoted::Exact(one)),
            [] => Err((
                format!(
                    "respondent `{reference}` has no comment in column `{}`",
                    column.unwrap_or_default()
                ),
                Some(format!(
                    "their comments are in: {}",
                    list.iter()
                        .map(|q| q.column.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            )),
            _ => Err((
                format!("respondent `{reference}` has several comments"),
                Some(format!(
                    "name the column: {{{{ quote(\"{reference}\", \"{}\") }}}}",
                    list.first().map(|q| q.column.as_str()).unwrap_or_default()
                )),
            )),
        }
    }
}

/// A narrative file's name without its language: `summary.en` → (`summary`, English);
/// `summary` → (`summary`, none: the file serves every language without a file of its own).
pub fn split_lang(stem: &str) -> (&str, Option<Lang>) {
    for lang in [Lang::Ar, Lang::En] {
        if let Some(base) = stem
            .strip_suffix(lang.code())
            .and_then(|s| s.strip_suffix('.'))
            .filter(|b| !b.is_empty())
        {
            return (base, Some(lang));
        }
    }
    (stem, None)
}

/// The narrative files a report in `lang` reads, from the `.md` files of the folder: for
/// each name, `NAME.<lang>.md` when it exists (`summary.en.md` for the English report), else
/// `NAME.md`; a file for the other language only is left out. Returns (name without the
/// language, path), sorted by name.
pub fn for_language(
    files: Vec<std::path::PathBuf>,
    lang: Lang,
) -> Vec<(String, std::path::PathBuf)> {
    let mut chosen: BTreeMap<String, (bool, std::path::PathBuf)> = BTreeMap::new();
    for path in files {
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let (base, file_lang) = split_lang(stem);
        let own = match file_lang {
            Some(l) if l == lang => true,
            Some(_) => continue,
            None => false,
        };
        let base = base.to_string();
        match chosen.get(&base) {
            Some((true, _)) => {}
            _ => {
                chosen.insert(base, (own, path));
            }
        }
    }
    chosen.into_iter().map(|(k, (_, p))| (k, p)).collect()
}

/// The language a narrative is written in, by the majority of its letters outside HTML
/// comments: Arabic letters against Latin ones. `None` when neither has two thirds of at
/// least 20 letters (a short note, a table of figures, a mix).
pub fn written_in(markdown: &str) -> Option<Lang> {
    let mut in_comment = false;
    let (mut arabic, mut latin) = (0usize, 0usize);
    for line in markdown.lines() {
        let text = outside_comments(line, &mut in_comment);
        for ch in without_tags(&text).chars() {
            if matches!(ch, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
                && ch.is_alphabetic()
            {
                arabic += 1;
            } else if ch.is_ascii_alphabetic() {
                latin += 1;
            }
        }
    }
    let total = arabic + latin;
    if total < 20 {
        None
    } else if arabic * 3 >= total * 2 {
        Some(Lang::Ar)
    } else if latin * 3 >= total * 2 {
        Some(Lang::En)
    } else {
        None
    }
}

/// `line` without its `{{ … }}` tags (quote calls, `{{ replace }}`): their Latin keywords are
/// not the narrative's language.
fn without_tags(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        match rest[i..].find("}}") {
            Some(j) => rest = &rest[i + j + 2..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A warning when `markdown` (the file `path`, named `name`) is written in the other
/// language than the report's.
pub fn language_warning(name: &str, path: &Path, markdown: &str, lang: Lang) -> Option<Diagnostic> {
    let written = written_in(markdown)?;
    if written == lang {
        return None;
    }
    let (what, report) = match written {
        Lang::Ar => ("Arabic", "English"),
        Lang::En => ("English", "Arabic"),
    };
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    Some(
        Diagnostic::warning(
            path,
            Place::File,
            format!("{file} is written in {what}, and this report is in {report}"),
        )
        .with_help(format!(
            "write the {report} text in {name}.{}.md beside it (files named NAME.{}.md serve the {report} report only)",
            lang.code(),
            lang.code()
        )),
    )
}

/// A resolved reference: the comment, and for a metric-sheet row the reference as written
/// (the comment's own cell, shown as the attribution).
enum Quoted<'a> {
    Exact(&'a Quotable),
    Row(&'a Quotable, String),
}

/// The quote calls of one line: `None` when the line has none; else the arguments.
fn parse_call(line: &str) -> Option<std::result::Result<Vec<String>, String>> {
    let t = line.trim();
    if !t.contains("{{") || !t.contains("quote") {
        return None;
    }
    let inner = t
        .strip_prefix("{{")
        .and_then(|s| s.strip_suffix("}}"))
        .map(str::trim)
        .and_then(|s| s.strip_prefix("quote"))
        .map(str::trim_start)
        .and_then(|s| s.strip_prefix('('))
        .and_then(|s| s.strip_suffix(')'));
    let Some(inner) = inner else {
        return Some(Err(
            "a quote stands alone on its line: {{ quote(\"Responses!K14\") }}".into(),
        ));
    };
    let mut args = Vec::new();
    let mut rest = inner.trim();
    while !rest.is_empty() {
        let Some(s) = rest.strip_prefix('"') else {
            return Some(Err("quote arguments are \"double-quoted\" strings".into()));
        };
        let Some(end) = s.find('"') else {
            return Some(Err("a quote argument is missing its closing `\"`".into()));
        };
        args.push(s.get(..end).unwrap_or_default().to_string());
        rest = s.get(end + 1..).unwrap_or_default().trim_start();
        if let Some(r) = rest.strip_prefix(',') {
            rest = r.trim_start();
        } else if !rest.is_empty() {
            return Some(Err("separate quote arguments with a comma".into()));
        }
    }
    if args.is_empty() || args.len() > 2 {
        return Some(Err(
            "quote takes a reference and optionally a column: quote(\"R043\", \"Comments\")".into(),
        ));
    }
    Some(Ok(args))
}

/// The part of `line` outside HTML comments; `in_comment` carries an open comment over to
/// the next line.
fn outside_comments(line: &str, in_comment: &mut bool) -> String {
    let mut out = String::new();
    let mut rest = line;
    loop {
        let (marker, skip) = if *in_comment {
            ("-->", true)
        } else {
            ("<!--", false)
        };
        let Some(i) = rest.find(marker) else {
            if !skip {
                out.push_str(rest);
            }
            return out;
        };
        if !skip {
            out.push_str(rest.get(..i).unwrap_or_default());
        }
        *in_comment = !*in_comment;
        rest = rest.get(i + marker.len()..).unwrap_or_default();
    }
}

/// A placeholder for the quote at `index` that survives Markdown conversion unchanged:
/// private-use characters only, its number written in private-use digits (U+E010 + digit),
/// so neither escaping nor the report's digit style can alter it.
fn token(index: usize) -> String {
    let mut out = String::from('\u{E000}');
    for d in index.to_string().chars() {
        let v = d.to_digit(10).unwrap_or(0);
        out.extend(char::from_u32(0xE010 + v));
    }
    out.push('\u{E001}');
    out
}

/// The name a converted narrative file gives the list of its quotes.
const QUOTES_VAR: &str = "nudj-quotes";

/// A quoted comment as the page shows it: masked, isolated text; attribution from the data.
fn quote_data(q: &Quotable, lang: Lang, digits: DigitStyle) -> NarrativeQuote {
    let sep = if lang.is_rtl() { "، " } else { ", " };
    let who = match q.rating {
        Some((sheet, score)) => digits.apply(&sheet.who(score, lang)).into_owned(),
        None => mask_personal(&q.who),
    };
    let attribution = match &q.segment {
        Some(s) if !s.trim().is_empty() => {
            format!("{}{sep}{}", isolate(s.trim(), lang), isolate(&who, lang))
        }
        _ => isolate(&who, lang),
    };
    NarrativeQuote {
        text: super::client_quote(&q.text, lang),
        attribution,
    }
}

/// The Typst markup that shows quote `index` of the file: it reads the strings from the
/// file's list (`data.json`'s `narrative_quotes`), so the comment never becomes markup.
fn quote_markup(index: usize) -> String {
    format!(
        "#quote(block: true, attribution: {QUOTES_VAR}.at({index}).attribution, {QUOTES_VAR}.at({index}).text)"
    )
}

/// The first line of a converted narrative file that quotes comments: its list of quotes,
/// read from `data.json` under the file's `name`.
fn quotes_prelude(name: &str) -> String {
    format!(
        "#let {QUOTES_VAR} = json(\"/data.json\").narrative_quotes.at({})\n",
        string_literal(name)
    )
}

/// The placeholders of `md` that Markdown reads as paragraph text (where the quote belongs),
/// as opposed to inside a code block or an HTML block, where it would show as written.
fn tokens_in_text(md: &str, count: usize) -> std::collections::BTreeSet<usize> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut code = false;
    let mut text = String::new();
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => code = true,
            Event::End(TagEnd::CodeBlock) => code = false,
            Event::Text(t) if !code => text.push_str(&t),
            _ => {}
        }
    }
    (0..count).filter(|&i| text.contains(&token(i))).collect()
}

/// A converted narrative file: its Typst markup and the comments it quotes, in order (the
/// markup shows entry `i` where the `i`-th call stood).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Converted {
    /// Typst markup; with quotes, its first line reads them from `data.json`.
    pub markup: String,
    /// The quoted comments, for `data.json`'s `narrative_quotes` under the file's name.
    pub quotes: Vec<NarrativeQuote>,
}

/// Converts one narrative file (`src`, read from `path`, named `name` in the report's
/// data): quote calls resolved against `quotes`, the rest converted by the shared Markdown
/// converter. Unknown references are errors naming the file and line, and so is a call the
/// page would not show as a quote (inside a code or HTML block).
pub fn convert(
    src: &str,
    path: &Path,
    name: &str,
    opts: &MarkdownOptions,
    quotes: &QuoteIndex,
    lang: Lang,
) -> Result<Warned<Converted>> {
    if let Some(d) = crate::typeset::markdown::nesting_error(src, path) {
        return Err(Error::Invalid(vec![d]));
    }
    let mut out = String::with_capacity(src.len());
    let mut inserts: Vec<(Place, NarrativeQuote)> = Vec::new();
    let mut diags = Vec::new();
    let mut fence: Option<&str> = None;
    let mut in_comment = false;
    for (n, line) in src.split_inclusive('\n').enumerate() {
        let t = line.trim_start();
        // Inside fenced code a quote call is text (documentation of the syntax).
        if !in_comment {
            for f in ["```", "~~~"] {
                if t.starts_with(f) {
                    fence = match fence {
                        Some(open) if open == f => None,
                        None => Some(f),
                        other => other,
                    };
                }
            }
        }
        // Inside an HTML comment (the stubs `nudj init` writes explain the syntax there)
        // a quote call is hidden text too.
        let call = if fence.is_none() {
            parse_call(&outside_comments(line, &mut in_comment))
        } else {
            None
        };
        let column = line.len() - t.len() + 1;
        let place = Place::line(n as u64 + 1, column as u64);
        match call {
            None => out.push_str(line),
            Some(Err(msg)) => {
                diags.push(Diagnostic::error(path, place, msg));
                out.push_str(line);
            }
            Some(Ok(args)) => {
                let reference = args.first().map(String::as_str).unwrap_or_default();
                match quotes.resolve(reference, args.get(1).map(String::as_str)) {
                    Ok(found) => {
                        let q = match found {
                            Quoted::Exact(q) => q.clone(),
                            Quoted::Row(q, cell) => Quotable {
                                who: cell,
                                ..q.clone()
                            },
                        };
                        // Keep the call's indentation: the Markdown reads the line as before.
                        out.push_str(&line[..line.len() - t.len()]);
                        out.push_str(&token(inserts.len()));
                        out.push('\n');
                        inserts.push((place, quote_data(&q, lang, opts.digits)));
                    }
                    Err((msg, help)) => {
                        let mut d = Diagnostic::error(path, place, msg);
                        if let Some(h) = help {
                            d = d.with_help(h);
                        }
                        diags.push(d);
                        out.push_str(line);
                    }
                }
            }
        }
    }
    let shown = tokens_in_text(&out, inserts.len());
    for (i, (place, _)) in inserts.iter().enumerate() {
        if !shown.contains(&i) {
            diags.push(
                Diagnostic::error(path, place.clone(), "this quote is inside a code block or an HTML block, where the call would be printed as written")
                    .with_help("put the call on a line of its own with a blank line before it, not indented by four spaces"),
            );
        }
    }
    if !diags.is_empty() {
        return Err(Error::Invalid(diags));
    }
    let opts = MarkdownOptions {
        file: path.to_path_buf(),
        ..opts.clone()
    };
    let mut converted = markdown_to_typst(&out, &opts);
    for (i, (place, _)) in inserts.iter().enumerate() {
        let t = token(i);
        // Each placeholder once, in text: else the quote would be lost or garbled.
        if converted.output.matches(&t).count() != 1 {
            diags.push(Diagnostic::error(
                path,
                place.clone(),
                "this quote could not be placed in the converted text",
            ));
            continue;
        }
        converted.output = converted.output.replacen(&t, &quote_markup(i), 1);
    }
    if !diags.is_empty() {
        return Err(Error::Invalid(diags));
    }
    let markup = if inserts.is_empty() {
        converted.output
    } else {
        quotes_prelude(name) + &converted.output
    };
    Ok(Warned {
        output: Converted {
            markup,
            quotes: inserts.into_iter().map(|(_, q)| q).collect(),
        },
        warnings: converted.warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Comment, Respondent};

    fn data() -> ClientData {
        let mut d = ClientData::default();
        d.responses.sheet = "Responses".into();
        let mut seg = BTreeMap::new();
        seg.insert("Dept".to_string(), "Branches".to_string());
        d.responses.respondents.push(Respondent {
            id: "R043".into(),
            row: 13,
            segments: seg,
            answers: vec![],
            comments: vec![Comment {
                column: "Comments".into(),
                text: "Queue #1 was *long*; call 0551234567 $x$ ]".into(),
                place: Place::Cell {
                    sheet: "Responses".into(),
                    row: 13,
                    col: 10,
                },
            }],
        });
        d
    }

    fn convert_with(md: &str, digits: DigitStyle) -> Result<Converted> {
        let p = std::path::PathBuf::from("narrative/voc.md");
        let ix = QuoteIndex::new(
            &data(),
            Some("Dept"),
            &|_| true,
            &crate::score::MetricsResult::default(),
        );
        let opts = MarkdownOptions {
            digits,
            ..MarkdownOptions::default()
        };
        convert(md, &p, "voc", &opts, &ix, Lang::En).map(|w| w.output)
    }

    fn run(md: &str) -> Result<String> {
        convert_with(md, DigitStyle::AsTyped).map(|c| {
            let quotes: Vec<String> = c.quotes.iter().map(|q| q.text.clone()).collect();
            format!("{}\n{}", c.markup, quotes.join("\n"))
        })
    }

    #[test]
    fn quotes_by_cell_and_by_respondent_are_data_masked_and_shown_by_index() {
        let a = convert_with(
            "Intro.\n\n{{ quote(\"Responses!K14\") }}\n\nAfter.\n",
            DigitStyle::AsTyped,
        )
        .unwrap();
        let b = convert_with(
            "Intro.\n\n  {{quote(\"r043\", \"comments\")}}\n\nAfter.\n",
            DigitStyle::AsTyped,
        )
        .unwrap();
        assert_eq!(a, b);
        // The markup names the quote by its index; the comment is only in the data.
        assert!(
            a.markup.starts_with(
                "#let nudj-quotes = json(\"/data.json\").narrative_quotes.at(\"voc\")\n"
            ),
            "{}",
            a.markup
        );
        assert!(
            a.markup.contains(
                "#quote(block: true, attribution: nudj-quotes.at(0).attribution, nudj-quotes.at(0).text)"
            ),
            "{}",
            a.markup
        );
        assert!(!a.markup.contains("Queue"), "{}", a.markup);
        let [q] = a.quotes.as_slice() else {
            panic!("one quote: {:?}", a.quotes)
        };
        assert!(
            q.text.contains("Queue #1 was *long*; call […] $x$ ]"),
            "{q:?}"
        );
        assert!(!q.text.contains("0551234567"));
        assert!(q.attribution.contains("Branches") && q.attribution.contains("R043"));
    }

    /// Tester 6 F8: with Arabic-Indic digits the placeholder's number was converted and the
    /// quote replaced by a stray digit. Every digit style keeps every quote.
    #[test]
    fn quotes_survive_every_digit_style() {
        let md: String = (0..12)
            .map(|_| "Para 12.\n\n{{ quote(\"R043\") }}\n\n")
            .collect();
        for digits in [
            DigitStyle::AsTyped,
            DigitStyle::Latin,
            DigitStyle::ArabicIndic,
        ] {
            let c = convert_with(&md, digits).unwrap();
            assert_eq!(c.quotes.len(), 12);
            for i in 0..12 {
                assert!(
                    c.markup.contains(&format!("nudj-quotes.at({i}).text)")),
                    "{digits:?} {i}: {}",
                    c.markup
                );
            }
            assert!(!c.markup.contains(['\u{E000}', '\u{E001}']), "{}", c.markup);
        }
    }

    #[test]
    fn a_quote_in_a_code_or_html_block_is_an_error_not_garbage() {
        for md in [
            "Intro.\n\n    {{ quote(\"R043\") }}\n",
            "<div>\n{{ quote(\"R043\") }}\n</div>\n",
        ] {
            let Err(Error::Invalid(d)) = run(md) else {
                panic!("expected an error for {md:?}")
            };
            assert!(
                d[0].message.contains("code block or an HTML block"),
                "{d:?}"
            );
        }
        // In a list item (indented as its continuation) the quote is shown.
        assert!(run("- item\n\n    {{ quote(\"R043\") }}\n").is_ok());
    }

    #[test]
    fn unknown_references_name_file_and_line_with_a_suggestion() {
        let Err(Error::Invalid(d)) = run("One.\n\n{{ quote(\"R034\") }}\n") else {
            panic!("expected an error")
        };
        assert_eq!(d[0].place, Place::line(3, 1));
        assert!(d[0].message.contains("R034"));
        assert_eq!(d[0].help.as_deref(), Some("did you mean `R043`?"));
        let Err(Error::Invalid(d)) = run("{{ quote(\"Responses!K15\") }}\n") else {
            panic!("expected an error")
        };
        assert!(d[0].message.contains("Responses!K15"));
        assert!(d[0].help.as_deref().unwrap_or_default().contains("K14"));
    }

    #[test]
    fn calls_inside_html_comments_are_hidden_text() {
        let out = run("<!--\nquote like this:\n{{ quote(\"R999\") }}  <- explained\n-->\n\n<!-- {{ quote(\"nope\") }} --> {{ quote(\"R043\") }}\n").unwrap();
        assert!(!out.contains("R999") && !out.contains("nope"), "{out}");
        assert!(
            out.contains("Queue"),
            "the call after the comment is resolved: {out}"
        );
    }

    #[test]
    fn malformed_calls_are_errors_and_code_blocks_are_text() {
        assert!(run("see {{ quote(\"R043\") }} here\n").is_err());
        assert!(run("{{ quote(R043) }}\n").is_err());
        let code = run("```\n{{ quote(\"nothing\") }}\n```\n").unwrap();
        assert!(code.contains("quote"));
    }
}

/// A narrative file as plain text (see [`super::contract::NarrativeText`]): its paragraphs,
/// headings and top-level list items, emphasis and links kept as their words, quotes
/// (`> …` and the `{{ quote(…) }}` calls), tables, code, images and HTML comments left out,
/// whitespace collapsed, in `digits`.
pub fn plain_text(src: &str, digits: DigitStyle) -> super::contract::NarrativeText {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    #[derive(PartialEq)]
    enum Part {
        Paragraph,
        Heading,
        Item,
    }
    let mut out = super::contract::NarrativeText::default();
    let (mut quote, mut table, mut list) = (0usize, 0usize, 0usize);
    let mut current: Option<(Part, String)> = None;
    let finish = |kind: Part, text: String, out: &mut super::contract::NarrativeText| {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let call = text.starts_with("{{") && text.ends_with("}}");
        if text.is_empty() || call {
            return;
        }
        let text = digits.apply(&text).into_owned();
        match kind {
            Part::Paragraph => out.paragraphs.push(text),
            Part::Heading => out.headings.push(text),
            Part::Item => out.items.push(text),
        }
    };
    for event in Parser::new_ext(src, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::BlockQuote(_)) => quote += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote = quote.saturating_sub(1),
            Event::Start(Tag::Table(_)) => table += 1,
            Event::End(TagEnd::Table) => table = table.saturating_sub(1),
            _ if quote > 0 || table > 0 => {}
            Event::Start(Tag::Item) => {
                list += 1;
                if list == 1 {
                    current = Some((Part::Item, String::new()));
                } else if let Some((_, t)) = current.as_mut() {
                    t.push(' ');
                }
            }
            Event::End(TagEnd::Item) => {
                list = list.saturating_sub(1);
                if list == 0
                    && let Some((kind, text)) = current.take()
                {
                    finish(kind, text, &mut out);
                }
            }
            Event::Start(Tag::Heading { .. }) if list == 0 => {
                current = Some((Part::Heading, String::new()))
            }
            Event::Start(Tag::Paragraph) if list == 0 => {
                current = Some((Part::Paragraph, String::new()))
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph) if list == 0 => {
                if let Some((kind, text)) = current.take() {
                    finish(kind, text, &mut out);
                }
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some((_, t)) = current.as_mut() {
                    t.push(' ');
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, s)) = current.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, s)) = current.as_mut() {
                    s.push(' ');
                }
            }
            _ => {}
        }
    }
    out.lead = out.paragraphs.first().cloned();
    out
}

#[cfg(test)]
mod plain_tests {
    use super::*;

    #[test]
    fn plain_text_keeps_words_and_leaves_out_quotes_tables_and_comments() {
        let src = "<!-- a stub comment -->\nFirst **bold** claim\nwith a [link](http://x) and `#code`.\n\n{{ quote(\"R046\") }}\n\n> A customer said *this*.\n\n## Track 1\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- one *item*\n  - nested\n- two\n\nLast #panic(\"x\") ]*_= paragraph.\n";
        let t = plain_text(src, DigitStyle::Latin);
        assert_eq!(
            t.lead.as_deref(),
            Some("First bold claim with a link and #code.")
        );
        assert_eq!(
            t.paragraphs,
            [
                "First bold claim with a link and #code.",
                "Last #panic(\"x\") ]*_= paragraph."
            ]
        );
        assert_eq!(t.headings, ["Track 1"]);
        assert_eq!(t.items, ["one item nested", "two"]);
        let ar = plain_text("نتيجة 12 من 40.\n", DigitStyle::ArabicIndic);
        assert_eq!(ar.lead.as_deref(), Some("نتيجة ١٢ من ٤٠."));
        assert_eq!(plain_text("", DigitStyle::Latin).lead, None);
    }
}
