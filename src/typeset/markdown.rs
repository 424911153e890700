//! Markdown → Typst markup, for report narratives and course modules (one converter for
//! both). Every text node is escaped with [`escape_markup`], so `#`, `$`, `@`, `<`, `]`,
//! `*`, `_`, `` ` `` and `\` written by an author come out literally; raw HTML is shown as
//! text, never interpreted, except HTML comments `<!-- ... -->`, which are dropped (every
//! Markdown renderer hides them, and `nudj init` writes its guidance for authors in them). Structure is emitted as Typst function calls (`#emph[...]`,
//! `#list(...)`, `#table(...)`) rather than Typst's own shorthand, which depends on word
//! boundaries and indentation.
//!
//! Images must be relative paths inside the folder given in [`MarkdownOptions::images`];
//! anything else (a URL, an absolute path, `../`, a missing file) is a located warning and
//! the image's alt text is shown instead.

use std::path::{Path, PathBuf};

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::escape::{escape_markup, string_literal};
use crate::error::{Diagnostic, Place, Warned};

/// Where a document's Markdown images come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageFolder {
    /// The real folder on disk (image paths are relative to it).
    pub dir: PathBuf,
    /// The virtual folder the Typst document sees it under (a [`super::Mount`]'s `at`).
    pub at: String,
}

/// Which digits converted text is written with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DigitStyle {
    /// As the author typed them.
    #[default]
    AsTyped,
    /// 0123456789: Arabic-Indic (٠١٢…) and Persian (۰۱۲…) digits are mapped to them.
    Latin,
    /// ٠١٢٣٤٥٦٧٨٩: Latin and Persian digits are mapped to them.
    ArabicIndic,
}

impl DigitStyle {
    /// `text` with every digit in this style (unchanged for [`DigitStyle::AsTyped`]). A report
    /// writes its own figures in one digit system; the consultant's prose follows it, so a
    /// page never shows ١٢٪ beside 12%.
    pub fn apply<'t>(self, text: &'t str) -> std::borrow::Cow<'t, str> {
        let (zero, decimal, percent) = match self {
            DigitStyle::AsTyped => return text.into(),
            DigitStyle::Latin => ('0' as u32, '.', '%'),
            DigitStyle::ArabicIndic => ('٠' as u32, '٫', '٪'),
        };
        let value = |c: char| match c {
            '0'..='9' => Some(c as u32 - '0' as u32),
            '٠'..='٩' => Some(c as u32 - '٠' as u32),
            '۰'..='۹' => Some(c as u32 - '۰' as u32),
            _ => None,
        };
        let chars: Vec<char> = text.chars().collect();
        let digit_at = |i: Option<usize>| {
            i.and_then(|i| chars.get(i))
                .is_some_and(|&c| value(c).is_some())
        };
        let mut out = String::with_capacity(text.len());
        for (i, &c) in chars.iter().enumerate() {
            let before = digit_at(i.checked_sub(1));
            let after = digit_at(Some(i + 1));
            let mapped = match c {
                _ if value(c).is_some() => {
                    value(c).and_then(|v| char::from_u32(zero + v)).unwrap_or(c)
                }
                // The decimal separator only between digits (a full stop ends sentences).
                '.' | '٫' if before && after => decimal,
                // The percent sign beside a number, in the same system as the number.
                '%' | '٪' if before || after => percent,
                _ => c,
            };
            out.push(mapped);
        }
        if out == text { text.into() } else { out.into() }
    }
}

/// How to convert.
#[derive(Debug, Clone, Default)]
pub struct MarkdownOptions {
    /// The Markdown file, named in warnings.
    pub file: PathBuf,
    /// Added to every heading level (`# Title` becomes a level-2 heading with 1).
    pub heading_offset: u8,
    /// Allowed image folder; `None` refuses all images.
    pub images: Option<ImageFolder>,
    /// Digits of the text (not of code, links' addresses or image paths).
    pub digits: DigitStyle,
}

/// Deepest nesting of Markdown elements read: block quotes, lists and their items, emphasis,
/// links, headings and table parts inside one another, a block quote counting
/// [`QUOTE_WEIGHT`] levels. Real narratives nest about 8 deep; Typst refuses layouts nested
/// past 72 of its levels, with an error that names no line of the Markdown.
pub const MAX_NESTING: usize = 24;

/// The levels a block quote counts towards [`MAX_NESTING`]: each takes about 4.5 of Typst's 72
/// layout levels (16 nested quotes failed to compile, 15 passed; 20 nested lists pass), so
/// seven quotes nest around a paragraph.
pub const QUOTE_WEIGHT: usize = 3;

/// The levels an element counts towards [`MAX_NESTING`].
fn weight(event: &Event<'_>) -> usize {
    match event {
        Event::Start(Tag::BlockQuote(_)) | Event::End(TagEnd::BlockQuote(_)) => QUOTE_WEIGHT,
        Event::Start(_) | Event::End(_) => 1,
        _ => 0,
    }
}

/// The Parser every function here reads Markdown with.
fn parser(src: &str) -> Parser<'_> {
    Parser::new_ext(
        src,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS,
    )
}

/// A located error when `src` (the Markdown file `file`) nests elements more than
/// [`MAX_NESTING`] deep, at the first element past the limit. Callers refuse such a file;
/// [`markdown_to_typst`] alone shows the deeper levels flat.
pub fn nesting_error(src: &str, file: &Path) -> Option<Diagnostic> {
    let mut depth = 0usize;
    for (event, range) in parser(src).into_offset_iter() {
        match event {
            Event::Start(_) => {
                depth += weight(&event);
                if depth > MAX_NESTING {
                    let lines = line_starts(src);
                    return Some(
                        Diagnostic::error(
                            file,
                            place_of(&lines, range.start),
                            format!(
                                "Markdown nested more than {MAX_NESTING} levels deep here \
                                 (lists, quotes, emphasis or links inside one another)"
                            ),
                        )
                        .with_help("flatten the nesting: nudj reads at most that many levels"),
                    );
                }
            }
            Event::End(_) => depth = depth.saturating_sub(weight(&event)),
            _ => {}
        }
    }
    None
}

/// Converts Markdown to Typst markup. Problems (refused images) come back as warnings with
/// the Markdown file's line. Elements nested past [`MAX_NESTING`] are shown flat (their text
/// kept, their markup dropped) with a warning; callers refuse such files first with
/// [`nesting_error`].
pub fn markdown_to_typst(src: &str, opts: &MarkdownOptions) -> Warned<String> {
    let mut c = Converter {
        out: vec![String::new()],
        images: Vec::new(),
        opts,
        lines: line_starts(src),
        warnings: Vec::new(),
        code: None,
        table: Vec::new(),
        in_head: false,
        in_comment: false,
    };
    let events: Vec<_> = parser(src).into_offset_iter().collect();
    let joins = joiners(&events);
    let mut depth = 0usize;
    let mut flattened = None;
    for ((event, range), (zwj_before, zwj_after)) in events.into_iter().zip(joins) {
        // Past the limit, an element's start and end are dropped (they come in pairs, so
        // the converter's stack stays balanced) and its text is kept.
        match &event {
            Event::Start(_) => {
                depth += weight(&event);
                if depth > MAX_NESTING {
                    flattened.get_or_insert(range.start);
                    continue;
                }
            }
            Event::End(_) => {
                let was = depth;
                depth = depth.saturating_sub(weight(&event));
                if was > MAX_NESTING {
                    continue;
                }
            }
            _ => {}
        }
        if let Event::Text(t) = event {
            c.text(&t, zwj_before, zwj_after);
        } else {
            c.event(event, range.start);
        }
    }
    if let Some(at) = flattened {
        let place = c.place(at);
        c.warnings.push(Diagnostic::warning(
            &opts.file,
            place,
            format!("Markdown nested more than {MAX_NESTING} levels deep: the deeper levels are shown flat"),
        ));
    }
    let mut out = c.out.into_iter().next().unwrap_or_default();
    // Collapse runs of blank lines the block ends leave behind.
    while out.contains("\n\n\n") {
        out = out.replace("\n\n\n", "\n\n");
    }
    Warned {
        output: out.trim().to_string() + "\n",
        warnings: c.warnings,
    }
}

/// ZERO WIDTH JOINER (U+200D).
const ZWJ: char = '\u{200D}';

/// Whether `c` connects to the letter after it (Arabic joining types D, L and C: ب joins
/// onward, the right-joining ا د ذ ر ز و do not).
fn joins_to_next(c: char) -> bool {
    use icu::properties::CodePointMapData;
    use icu::properties::props::JoiningType;
    matches!(
        CodePointMapData::<JoiningType>::new().get(c),
        JoiningType::DualJoining | JoiningType::LeftJoining | JoiningType::JoinCausing
    )
}

/// Whether `c` connects to the letter before it (joining types D, R and C).
fn joins_to_previous(c: char) -> bool {
    use icu::properties::CodePointMapData;
    use icu::properties::props::JoiningType;
    matches!(
        CodePointMapData::<JoiningType>::new().get(c),
        JoiningType::DualJoining | JoiningType::RightJoining | JoiningType::JoinCausing
    )
}

/// Whether `c` is skipped when letters join (vowel marks, shadda: joining type T).
fn is_transparent(c: char) -> bool {
    use icu::properties::CodePointMapData;
    use icu::properties::props::JoiningType;
    CodePointMapData::<JoiningType>::new().get(c) == JoiningType::Transparent
}

/// Whether the last letter of `before` and the first of `after` join across a style boundary
/// (marks skipped): `ب` + `الجودة` yes, `د` + `اخل` no (د never joins onward).
fn joins_across(before: &str, after: &str) -> bool {
    let last = before.chars().rev().find(|c| !is_transparent(*c));
    let first = after.chars().find(|c| !is_transparent(*c));
    matches!((last, first), (Some(a), Some(b)) if joins_to_next(a) && joins_to_previous(b))
}

/// An inline style that opens or closes inside a word: Typst shapes each side apart
/// (typst/typst#7955), so Arabic letters on both sides lose their joined forms.
fn is_style_boundary(e: &Event<'_>) -> bool {
    matches!(
        e,
        Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link)
    )
}

/// For each event, whether its text needs a ZERO WIDTH JOINER at its start and at its end:
/// where a style boundary falls between two letters that join (`ب**الجودة**`), a ZWJ on
/// both sides of the boundary keeps both letters in their joined forms; only the style
/// changes. Letters that do not join there (a right-joining letter such as ا د ذ ر ز و
/// before the boundary, a Latin letter, a space) get none, which would force a wrong form.
fn joiners(events: &[(Event<'_>, std::ops::Range<usize>)]) -> Vec<(bool, bool)> {
    let mut out = vec![(false, false); events.len()];
    for (i, (e, _)) in events.iter().enumerate() {
        let Event::Text(before) = e else { continue };
        let mut j = i + 1;
        while events.get(j).is_some_and(|(e, _)| is_style_boundary(e)) {
            j += 1;
        }
        if j == i + 1 {
            continue;
        }
        if let Some((Event::Text(after), _)) = events.get(j)
            && joins_across(before, after)
        {
            if let Some(o) = out.get_mut(i) {
                o.1 = true;
            }
            if let Some(o) = out.get_mut(j) {
                o.0 = true;
            }
        }
    }
    out
}

struct Converter<'o> {
    /// Output buffers: the document, plus one per open image (its alt text).
    out: Vec<String>,
    /// Open images: source offset and URL.
    images: Vec<(usize, String)>,
    opts: &'o MarkdownOptions,
    lines: Vec<usize>,
    warnings: Vec<Diagnostic>,
    /// Open code block: its language and text so far.
    code: Option<(String, String)>,
    /// Column alignments of open tables.
    table: Vec<Vec<Alignment>>,
    in_head: bool,
    /// Inside an HTML comment that spans several raw-HTML events (one per line).
    in_comment: bool,
}

impl Converter<'_> {
    fn push(&mut self, s: &str) {
        if let Some(buf) = self.out.last_mut() {
            buf.push_str(s);
        }
    }

    fn place(&self, offset: usize) -> Place {
        place_of(&self.lines, offset)
    }

    /// A text node, escaped, with a ZERO WIDTH JOINER at its start or end where a style
    /// boundary splits two joining letters ([`joiners`]). Inside a code block it is code.
    fn text(&mut self, t: &str, zwj_before: bool, zwj_after: bool) {
        if let Some((_, code)) = self.code.as_mut() {
            code.push_str(t);
            return;
        }
        let mut e = escape_markup(&self.opts.digits.apply(t));
        if zwj_before {
            e.insert(0, ZWJ);
        }
        if zwj_after {
            e.push(ZWJ);
        }
        self.push(&e);
    }

    fn event(&mut self, event: Event<'_>, offset: usize) {
        if let Some((_, text)) = self.code.as_mut() {
            match event {
                Event::Text(t) => {
                    text.push_str(&t);
                    return;
                }
                Event::End(TagEnd::CodeBlock) => {}
                _ => return,
            }
        }
        match event {
            Event::Start(tag) => self.start(tag, offset),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.text(&t, false, false),
            Event::Code(t) => {
                let s = format!("#raw({})", string_literal(&t));
                self.push(&s);
            }
            // Raw HTML is the author's text, shown as written; comments are hidden.
            Event::Html(t) | Event::InlineHtml(t) => {
                let visible = self.strip_comments(&t);
                let e = escape_markup(&visible);
                self.push(&e);
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                let e = escape_markup(&t);
                self.push(&e);
            }
            Event::FootnoteReference(t) => {
                let e = escape_markup(&format!("[^{t}]"));
                self.push(&e);
            }
            Event::SoftBreak => self.push(" "),
            Event::HardBreak => self.push("#linebreak()"),
            Event::Rule => self.push("\n#line(length: 100%)\n\n"),
            Event::TaskListMarker(done) => self.push(if done { "☑ " } else { "☐ " }),
        }
    }

    /// The part of a raw-HTML run outside `<!-- ... -->`; a comment left open continues
    /// into the next run (CommonMark hands a multi-line comment over line by line).
    fn strip_comments(&mut self, html: &str) -> String {
        let mut out = String::new();
        let mut rest = html;
        loop {
            if self.in_comment {
                match rest.find("-->") {
                    Some(i) => {
                        self.in_comment = false;
                        rest = rest.get(i + 3..).unwrap_or_default();
                    }
                    None => return out,
                }
            } else {
                match rest.find("<!--") {
                    Some(i) => {
                        out.push_str(rest.get(..i).unwrap_or_default());
                        self.in_comment = true;
                        rest = rest.get(i + 4..).unwrap_or_default();
                    }
                    None => {
                        out.push_str(rest);
                        return out;
                    }
                }
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, offset: usize) {
        match tag {
            Tag::Paragraph => {}
            Tag::Heading { level, .. } => {
                let n = heading_depth(level) + usize::from(self.opts.heading_offset);
                let s = format!("\n{} ", "=".repeat(n.min(6)));
                self.push(&s);
            }
            Tag::BlockQuote(_) => self.push("\n#quote(block: true)["),
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => {
                        l.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Tag::HtmlBlock => {}
            Tag::List(None) => self.push("\n#list(tight: true, "),
            Tag::List(Some(start)) => {
                let s = format!("\n#enum(tight: true, start: {start}, ");
                self.push(&s);
            }
            Tag::Item => self.push("["),
            Tag::FootnoteDefinition(_) => self.push("\n#block["),
            Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => {}
            Tag::Table(aligns) => {
                let cols: Vec<&str> = aligns
                    .iter()
                    // `:--` and `--:` mean left and right on the page, as GitHub and Pandoc
                    // render them, also in Arabic (a number column marked `--:` stays on the
                    // right); an unmarked column follows the reading direction.
                    .map(|a| match a {
                        Alignment::Left => "left",
                        Alignment::Right => "right",
                        Alignment::Center => "center",
                        Alignment::None => "start",
                    })
                    .collect();
                let s = format!(
                    "\n#table(columns: {}, align: ({},), ",
                    aligns.len().max(1),
                    cols.join(", ")
                );
                self.push(&s);
                self.table.push(aligns);
            }
            Tag::TableHead => {
                self.in_head = true;
                self.push("table.header(");
            }
            Tag::TableRow => {}
            Tag::TableCell => {
                if self.in_head {
                    self.push("[#strong[");
                } else {
                    self.push("[");
                }
            }
            Tag::Emphasis => self.push("#emph["),
            Tag::Strong => self.push("#strong["),
            Tag::Strikethrough => self.push("#strike["),
            Tag::Superscript => self.push("#super["),
            Tag::Subscript => self.push("#sub["),
            Tag::Link { dest_url, .. } => {
                let s = format!("#link({})[", string_literal(&dest_url));
                self.push(&s);
            }
            Tag::Image { dest_url, .. } => {
                // Collect the alt text in its own buffer; decide at the end.
                self.images.push((offset, dest_url.to_string()));
                self.out.push(String::new());
            }
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.push("\n\n"),
            TagEnd::Heading(_) => self.push("\n\n"),
            TagEnd::BlockQuote(_) => self.push("]\n\n"),
            TagEnd::CodeBlock => {
                if let Some((lang, text)) = self.code.take() {
                    let lang = if lang.is_empty() {
                        "none".to_string()
                    } else {
                        string_literal(&lang)
                    };
                    let s = format!(
                        "\n#raw(block: true, lang: {lang}, {})\n\n",
                        string_literal(text.trim_end_matches('\n'))
                    );
                    self.push(&s);
                }
            }
            TagEnd::HtmlBlock => self.push("\n\n"),
            TagEnd::List(_) => self.push(")\n\n"),
            TagEnd::Item => self.push("], "),
            TagEnd::FootnoteDefinition => self.push("]\n\n"),
            TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_) => self.push("\n\n"),
            TagEnd::Table => {
                self.table.pop();
                self.push(")\n\n");
            }
            TagEnd::TableHead => {
                self.in_head = false;
                self.push("), ");
            }
            TagEnd::TableRow => {}
            TagEnd::TableCell => {
                if self.in_head {
                    self.push("]], ");
                } else {
                    self.push("], ");
                }
            }
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link => self.push("]"),
            TagEnd::Image => self.end_image(),
        }
    }

    fn end_image(&mut self) {
        let (Some((offset, url)), true) = (self.images.pop(), self.out.len() > 1) else {
            return;
        };
        let alt_markup = self.out.pop().unwrap_or_default();
        let alt_plain = unescape(&alt_markup);
        match self.image_path(&url) {
            Ok(vpath) => {
                let s = format!(
                    "#image({}, alt: {}, width: 100%)",
                    string_literal(&vpath),
                    string_literal(&alt_plain)
                );
                self.push(&s);
            }
            Err(why) => {
                self.warnings.push(
                    Diagnostic::warning(&self.opts.file, self.place(offset), why)
                        .with_help("images must be files inside the document's image folder, given by a relative path"),
                );
                let s = format!("#emph[{alt_markup}]");
                self.push(&s);
            }
        }
    }

    /// The virtual path of an allowed image, or why it is refused.
    fn image_path(&self, url: &str) -> Result<String, String> {
        let Some(folder) = &self.opts.images else {
            return Err(format!(
                "image `{url}` not shown: images are not allowed here"
            ));
        };
        if url.contains(':') || url.starts_with('/') || url.starts_with('\\') {
            return Err(format!(
                "image `{url}` not shown: only relative paths inside the image folder are allowed"
            ));
        }
        let Some(rel) = clean_relative(url) else {
            return Err(format!(
                "image `{url}` not shown: the path leaves the image folder"
            ));
        };
        let real_dir = folder.dir.canonicalize().map_err(|e| {
            format!(
                "image `{url}` not shown: image folder {}: {e}",
                folder.dir.display()
            )
        })?;
        let real = real_dir.join(&rel).canonicalize().map_err(|_| {
            format!(
                "image `{url}` not shown: no such file in {}",
                folder.dir.display()
            )
        })?;
        if !real.starts_with(&real_dir) || !real.is_file() {
            return Err(format!(
                "image `{url}` not shown: the path leaves the image folder"
            ));
        }
        // What Typst would refuse when laying the page out (naming a line of generated
        // markup), said here with the file: a JPEG named `.png`, a truncated PNG.
        let bytes =
            super::read_image(&real).map_err(|why| format!("image `{url}` not shown: it {why}"))?;
        super::check_image(&real, &bytes)
            .map_err(|why| format!("image `{url}` not shown: it {why}"))?;
        Ok(format!("{}/{}", folder.at.trim_end_matches('/'), rel))
    }
}

/// `a/./b/c.png` → `a/b/c.png`; `None` if it climbs out or is empty.
fn clean_relative(url: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in url.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Undo [`escape_markup`] (for alt text passed as a string literal).
fn unescape(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    let mut chars = markup.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn heading_depth(level: HeadingLevel) -> usize {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The 1-based line and column (in bytes) of byte `offset`, given the [`line_starts`].
fn place_of(lines: &[usize], offset: usize) -> Place {
    let line = match lines.binary_search(&offset) {
        Ok(i) => i,
        Err(i) => i.saturating_sub(1),
    };
    let col = offset.saturating_sub(lines.get(line).copied().unwrap_or(0));
    Place::line(line as u64 + 1, col as u64 + 1)
}

fn line_starts(src: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(src.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// Converts a Markdown file read from disk.
pub fn markdown_file_to_typst(
    path: &Path,
    opts: &MarkdownOptions,
) -> crate::error::Result<Warned<String>> {
    let src = std::fs::read_to_string(path).map_err(|e| crate::error::Error::read(path, e))?;
    let opts = MarkdownOptions {
        file: path.to_path_buf(),
        ..opts.clone()
    };
    Ok(markdown_to_typst(&src, &opts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::image::TINY_PNG as PNG;

    fn typst(md: &str) -> String {
        markdown_to_typst(md, &MarkdownOptions::default()).output
    }

    #[test]
    fn nesting_past_the_limit_is_refused_by_line_and_converted_flat() {
        let deep = |n: usize| {
            (0..n)
                .map(|i| format!("{}- level {i}\n", "  ".repeat(i)))
                .collect::<String>()
        };
        // Each list level is two elements (the list and its item).
        let ok = deep(MAX_NESTING / 2);
        assert_eq!(nesting_error(&ok, Path::new("n.md")), None);
        let too_deep = deep(MAX_NESTING / 2 + 1);
        let d = nesting_error(&too_deep, Path::new("n.md")).expect("refused");
        assert_eq!(d.place, Place::line(13, 25));
        assert!(
            d.message
                .starts_with("Markdown nested more than 24 levels deep"),
            "{}",
            d.message
        );
        // A block quote counts three levels (each takes about 4.5 of Typst's 72): seven pass
        // around a paragraph (22 levels), eight with their paragraph make 25.
        let quotes = |n: usize| format!("{} deep\n", ">".repeat(n));
        assert_eq!(nesting_error(&quotes(7), Path::new("n.md")), None);
        let d = nesting_error(&quotes(8), Path::new("n.md")).expect("refused");
        assert_eq!(d.place, Place::line(1, 10));
        let w = markdown_to_typst(&quotes(200), &MarkdownOptions::default());
        assert_eq!(w.output.matches("#quote").count(), 8, "{}", w.output);
        assert!(w.output.contains("deep"));
        assert_eq!(w.warnings.len(), 1);
    }

    #[test]
    fn bold_on_part_of_an_arabic_word_keeps_the_letters_joined() {
        // The arabic-partial-bold field case: ZWJ on both sides of the boundary.
        assert_eq!(
            typst("نلتزم ب**الجودة** في كل قناة."),
            "نلتزم ب\u{200D}#strong[\u{200D}الجودة] في كل قناة\\.\n"
        );
        // A suffix in bold: the boundary inside the word, both letters dual-joining.
        assert_eq!(typst("الخدم**ات**"), "الخدم\u{200D}#strong[\u{200D}ات]\n");
        // Italics and links, and nested styles, the same.
        assert_eq!(typst("ب*الجودة*"), "ب\u{200D}#emph[\u{200D}الجودة]\n");
        assert_eq!(
            typst("ب[الجودة](https://x.sa)"),
            "ب\u{200D}#link(\"https://x.sa\")[\u{200D}الجودة]\n"
        );
        assert_eq!(
            typst("ب***الجودة***"),
            "ب\u{200D}#emph[#strong[\u{200D}الجودة]]\n"
        );
        // A vowel mark on the letter before the boundary is skipped.
        assert_eq!(typst("بِ**الجودة**"), "بِ\u{200D}#strong[\u{200D}الجودة]\n");
        // Closing in the middle of a word: المعل + مين.
        assert_eq!(typst("**المعل**مين"), "#strong[المعل\u{200D}]\u{200D}مين\n");
        // ... but not after د, which never joins onward.
        assert_eq!(typst("**الجود**ة"), "#strong[الجود]ة\n");
    }

    #[test]
    fn no_joiner_where_the_letters_do_not_join() {
        // Right-joining letters (ا د ذ ر ز و) never join onward: a ZWJ would force the next
        // letter into a wrong, joined form.
        for md in [
            "د**ار**",
            "و**الجودة**",
            "ر**سالة**",
            "ا**لبنك**",
            "ز**يت**",
        ] {
            assert!(!typst(md).contains('\u{200D}'), "{md}: {}", typst(md));
        }
        // A space, Latin letters, punctuation: no joiner.
        for md in [
            "ب **الجودة**",
            "a**b**",
            "ب**(الجودة)**",
            "**بالجودة** في",
            "**نهتم** بعملائنا",
        ] {
            assert!(!typst(md).contains('\u{200D}'), "{md}: {}", typst(md));
        }
    }

    #[test]
    fn joining_types() {
        assert!(joins_across("ب", "الجودة"));
        assert!(joins_across("بِ", "ا"));
        assert!(!joins_across("د", "ا"));
        assert!(!joins_across("ب", "a"));
        assert!(!joins_across("ب ", "ا"));
        assert!(!joins_across("", "ا"));
        // Lam before alef: lam joins onward, alef joins backward.
        assert!(joins_across("ل", "ا"));
    }
    use crate::typeset::{Document, compile_pdf, tests::pdf_text};

    fn conv(src: &str) -> String {
        markdown_to_typst(src, &MarkdownOptions::default()).output
    }

    fn compile(markup: &str) -> Vec<u8> {
        let src = format!("#set text(font: \"IBM Plex Sans Arabic\", lang: \"ar\")\n{markup}");
        let d = Document::new(
            src,
            "t.md",
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        );
        compile_pdf(&d).unwrap().output
    }

    const SAMPLE: &str = "# تجربة العملاء\n\nفقرة فيها *تأكيد* و**قوة** و`code` و[رابط](https://example.com).\\\nسطر ثانٍ.\n\n## قائمة\n\n- أول\n- ثانٍ\n  1. فرعي\n  2. فرعي ثانٍ\n\n3. ثالث\n4. رابع\n\n> اقتباس\n\n| المقياس | القيمة |\n|:--|--:|\n| NPS | 12.5% |\n\n```text\n#not_code()\n```\n\n---\n";

    #[test]
    fn digits_follow_the_document_in_text_only() {
        assert_eq!(
            DigitStyle::ArabicIndic.apply("Q3 2026, ۱۲% and 2.5. Done."),
            "Q٣ ٢٠٢٦, ١٢٪ and ٢٫٥. Done."
        );
        assert_eq!(
            DigitStyle::Latin.apply("بين ٢٠٢٥ و۲۰۲۶: ١٢٫٥٪. ٪"),
            "بين 2025 و2026: 12.5%. ٪"
        );
        assert_eq!(DigitStyle::AsTyped.apply("٢٠٢٥ 2026"), "٢٠٢٥ 2026");
        let opts = MarkdownOptions {
            digits: DigitStyle::Latin,
            ..Default::default()
        };
        let out = markdown_to_typst(
            "في ٢٠٢٦ [التقرير](https://x.example/٢٠٢٦) و`٢٠٢٦`\n\n| أ |\n|--|\n| ٣ |\n",
            &opts,
        )
        .output;
        // Prose and table cells change; the link's address and code stay as typed.
        assert!(out.starts_with("في 2026"), "{out}");
        assert!(out.contains("https://x.example/٢٠٢٦"), "{out}");
        assert!(out.contains("#raw(\"٢٠٢٦\")"), "{out}");
        assert!(out.contains('3') && !out.contains('٣'), "{out}");
    }

    #[test]
    fn converts_the_common_blocks() {
        insta::assert_snapshot!(conv(SAMPLE));
    }

    #[test]
    fn converted_sample_compiles() {
        let pdf = compile(&conv(SAMPLE));
        if let Some(text) = pdf_text(&pdf) {
            assert!(text.contains("NPS"), "{text}");
            // pdftotext reorders the code line inside the right-to-left page; the
            // characters are what matters.
            assert!(text.contains("#not_code"), "{text}");
        }
    }

    #[test]
    fn injection_renders_literally() {
        let evil = "Hello #sys.exit() $x^2$ @ref <lbl> ] \\*no\\* _u_ \\` \\\\ <script>alert(1)</script> #read(\"/etc/passwd\")";
        let out = conv(evil);
        assert!(out.contains("\\#sys\\.exit"), "{out}");
        assert!(out.contains("\\#read\\("), "{out}");
        assert!(
            out.contains("#emph[u]"),
            "Markdown emphasis still works: {out}"
        );
        let pdf = compile(&out);
        if let Some(text) = pdf_text(&pdf) {
            let flat: String = text.split_whitespace().collect();
            for needle in [
                "#sys.exit()",
                "$x^2$",
                "@ref",
                "<lbl>",
                "]",
                "*no*",
                "`",
                "\\",
                "<script>alert(1)</script>",
                "#read(\"/etc/passwd\")",
            ] {
                assert!(flat.contains(needle), "{needle} missing in {flat}");
            }
        }
    }

    #[test]
    fn html_is_text() {
        let out = conv("<b>bold?</b>\n\n<div>\n#x\n</div>\n");
        assert!(out.contains("\\<b\\>bold\\?"), "{out}");
        assert!(out.contains("\\#x"), "{out}");
    }

    #[test]
    fn html_comments_vanish_other_html_stays() {
        let md = "<!-- guidance\nover lines -->\n\nText <!-- inline --> here <b>x</b>.\n\n<!-- one -->\n\nEnd <!--qq\nww--> tail\n";
        let out = conv(md);
        for gone in [
            "guidance",
            "over lines",
            "inline",
            "one",
            "qq",
            "ww",
            "\\<\\!",
        ] {
            assert!(!out.contains(gone), "{gone} in {out}");
        }
        assert!(out.contains("Text  here \\<b\\>x\\<\\/b\\>\\."), "{out}");
        assert!(out.contains("End") && out.contains("tail"), "{out}");
        assert_eq!(
            conv("<!-- only a comment -->\n\n<!--\nstub\n-->\n").trim(),
            ""
        );
        // An unclosed comment hides the rest, as in every Markdown renderer.
        assert_eq!(conv("<!-- never closed\n\nmore\n").trim(), "");
    }

    #[test]
    fn images_only_from_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("img");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.png"), PNG).unwrap();
        std::fs::write(dir.join("cut.png"), &PNG[..40]).unwrap();
        std::fs::write(tmp.path().join("secret.png"), b"x").unwrap();
        let opts = MarkdownOptions {
            file: "m.md".into(),
            heading_offset: 0,
            images: Some(ImageFolder {
                dir: dir.clone(),
                at: "/images".into(),
            }),
            digits: DigitStyle::AsTyped,
        };
        let md = "![خريطة](a.png)\n\n![x](../secret.png)\n\n![y](/etc/passwd)\n\n![z](https://e.com/a.png)\n\n![w](missing.png)\n\n![c](cut.png)\n";
        let w = markdown_to_typst(md, &opts);
        assert!(
            w.output
                .contains("#image(\"/images/a.png\", alt: \"خريطة\""),
            "{}",
            w.output
        );
        assert_eq!(w.warnings.len(), 5, "{:?}", w.warnings);
        let lines: Vec<_> = w.warnings.iter().map(|d| d.place.clone()).collect();
        assert_eq!(lines[0], Place::Line { line: 3, column: 1 });
        assert_eq!(lines[3], Place::Line { line: 9, column: 1 });
        // A truncated PNG: refused here, named with its line, not left for Typst.
        assert_eq!(
            lines[4],
            Place::Line {
                line: 11,
                column: 1
            }
        );
        assert!(
            w.warnings[4]
                .message
                .starts_with("image `cut.png` not shown: it is not a readable PNG image ("),
            "{}",
            w.warnings[4].message
        );
        assert!(w.output.contains("#emph[c]"), "{}", w.output);
        // No folder at all: refused with a warning, alt text shown.
        let w = markdown_to_typst("![alt](a.png)", &MarkdownOptions::default());
        assert_eq!(w.warnings.len(), 1);
        assert!(w.output.contains("#emph[alt]"), "{}", w.output);
    }

    #[test]
    fn heading_offset_shifts_levels() {
        let opts = MarkdownOptions {
            heading_offset: 1,
            ..Default::default()
        };
        assert_eq!(markdown_to_typst("# A", &opts).output, "== A\n");
    }
}
