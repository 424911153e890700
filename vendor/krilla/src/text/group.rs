use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use crate::color::rgb;
use crate::text::type3::ColoredGlyph;
use crate::text::Glyph;
use crate::text::{FontContainer, FontIdentifier};

pub(crate) enum GlyphSpan<'a, T>
where
    T: Glyph,
{
    Unspanned(&'a [T]),
    // nudj patch: owned, since the actual text is the cluster's text cleaned by
    // `glyph_text` (and, in a right-to-left run, possibly reordered).
    Spanned(&'a [T], String),
    // nudj patch: a word of a right-to-left run said whole: the actual text of a `/Span` (in
    // visual order, for poppler and MuPDF) and, when pdfium needs it otherwise, the one of
    // the `/ReversedChars` marked content inside it (see `pdfium_order`).
    Word(&'a [T], String, Option<String>),
}

impl<T> GlyphSpan<'_, T>
where
    T: Glyph,
{
    pub(crate) fn glyphs(&self) -> &[T] {
        match self {
            GlyphSpan::Unspanned(glyphs) => glyphs,
            GlyphSpan::Spanned(glyphs, _) => glyphs,
            GlyphSpan::Word(glyphs, ..) => glyphs,
        }
    }

    pub(crate) fn actual_text(&self) -> Option<&str> {
        match self {
            GlyphSpan::Unspanned(_) => None,
            GlyphSpan::Spanned(_, text) | GlyphSpan::Word(_, text, _) => Some(text),
        }
    }

    /// nudj patch: the actual text of the `/ReversedChars` marked content, for pdfium.
    pub(crate) fn reversed_actual_text(&self) -> Option<&str> {
        match self {
            GlyphSpan::Word(_, _, Some(text)) => Some(text),
            _ => None,
        }
    }
}

/// nudj patch: the text a glyph stands for in the text layer, given its cluster's text.
///
/// Directional formatting characters (U+061C, U+200E, U+200F, U+202A-202E, U+2066-2069) only
/// steer the layout. The shaper removes them as default ignorables but merges their text into
/// a neighbouring cluster, so without this a digit isolated with `U+2066 … U+2069` copies with
/// the isolate attached. They are removed, and so are zero-width (non-)joiners, zero-width
/// spaces and word joiners at the ends of the cluster (used to keep letters joined across a
/// style boundary); interior ones are kept (emoji sequences need them). A cluster made of
/// nothing else (a shaper that keeps default ignorables draws them with an invisible glyph)
/// stands for no text.
pub(crate) fn glyph_text(cluster: &str) -> Cow<'_, str> {
    fn is_bidi_control(c: char) -> bool {
        matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
    }
    fn is_joiner(c: char) -> bool {
        matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
    }
    if !cluster.chars().any(|c| is_bidi_control(c) || is_joiner(c)) {
        return Cow::Borrowed(cluster);
    }
    let kept: String = cluster.chars().filter(|c| !is_bidi_control(*c)).collect();
    Cow::Owned(kept.trim_matches(is_joiner).to_string())
}

/// nudj patch: whether the first strong character of `text` is right-to-left (Hebrew, Arabic,
/// Syriac, Thaana, N'Ko and their presentation forms; digits and marks are not strong).
pub(crate) fn is_rtl_text(text: &str) -> bool {
    for c in text.chars() {
        let u = c as u32;
        let rtl = matches!(u, 0x05D0..=0x05F4 | 0x0608 | 0x060B | 0x060D | 0x061B..=0x064A
            | 0x066D..=0x066F | 0x0671..=0x06D5 | 0x06E5 | 0x06E6 | 0x06EE | 0x06EF
            | 0x06FA..=0x0710 | 0x0712..=0x072F | 0x074D..=0x07A5 | 0x07B1 | 0x07C0..=0x07EA
            | 0x0800..=0x0815 | 0x0840..=0x0858 | 0x0860..=0x08C9 | 0xFB1D | 0xFB1F..=0xFB28
            | 0xFB2A..=0xFDFF | 0xFE70..=0xFEFE | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF);
        if rtl {
            return true;
        }
        if c.is_alphabetic() && !(0x0591..=0x08FF).contains(&u) {
            return false;
        }
    }
    false
}

/// nudj patch: the characters of `text` in the order a right-to-left run shows them, left to
/// right: reversed. Brackets are not mirrored: a logical `(` drawn with the mirrored glyph
/// stays `(` (poppler and MuPDF take it so; pdfium mirrors it again and shows `)`), as in the
/// spec's reading of `/ReversedChars` (the characters reversed, not changed).
fn visual_order(text: &str) -> String {
    text.chars().rev().collect()
}

/// In PDF, correspondences between glyphs and Unicode codepoints are expressed
/// via a CMAP. In a CMAP, you can assign a sequence of Unicode codepoints to each
/// glyph. There are two issues with this approach:
/// - How to deal with the fact that the same glyph might be assigned two different codepoints
///   in different contexts (i.e. space and NZWJ).
/// - How to deal with complex shaping scenarios, where there is not a one-to-one or
///   one-to-many correspondence between glyphs and codepoints, but instead a many-to-one
///   or many-to-many mapping.
///
/// The answer to this is the `ActualText` feature of PDF, which allows to define some custom
/// actual text for a number of glyphs, which overrides anything else. Unfortunately, this
/// is seemingly only supported in Acrobat and Chrome, but it's the only proper way of addressing
/// this issue.
///
/// This is the task of the `TextSpanner`. Given a sequence of glyphs, it segments the
/// sequence into subruns of glyphs that either do need to be wrapped in an actual text
/// attribute, or not.
///
/// nudj patch: in a right-to-left run (`rtl`), the glyphs are in visual order, and text
/// extractors (pdfium, poppler, MuPDF; and readers of `/ReversedChars`) reverse the characters
/// of the run to get the logical order. So each glyph is mapped to its part of the run's
/// characters in visual order: a ligature glyph (lam-alef) to its letters reversed, a cluster
/// of one glyph per character (a letter and its harakat) glyph by glyph. Only a cluster that
/// cannot be mapped so (a glyph already mapped otherwise, or glyphs and characters that do not
/// pair up) gets an actual text, and a word that extractors would otherwise split (harakat
/// drawn at another height, a gap inside it) gets one for the whole word (`GlyphSpan::Word`).
pub(crate) struct GlyphSpanner<'a, T>
where
    T: Glyph,
{
    slice: &'a [T],
    context_color: rgb::Color,
    reversed: bool,
    rtl: bool,
    forbid_invalid_codepoints: bool,
    font_container: Rc<RefCell<FontContainer>>,
    text: &'a str,
    /// A cluster at the start of `slice` already mapped, that needs a fragment of its own.
    pending: Option<(usize, ClusterNeed)>,
}

impl<'a, T> GlyphSpanner<'a, T>
where
    T: Glyph,
{
    pub(crate) fn new(
        slice: &'a [T],
        text: &'a str,
        reversed: bool,
        rtl: bool,
        forbid_invalid_codepoints: bool,
        context_color: rgb::Color,
        font_container: Rc<RefCell<FontContainer>>,
    ) -> Self {
        Self {
            slice,
            context_color,
            reversed,
            rtl,
            forbid_invalid_codepoints,
            text,
            font_container,
            pending: None,
        }
    }

    /// Maps the glyphs of one cluster (glyphs with the same text range) to their text,
    /// and returns the actual text the cluster needs, if it cannot be said by the mapping.
    ///
    /// Each glyph is given the characters of its kind (marks to mark glyphs, the rest to the
    /// others, as the font's GDEF table classes them), not the whole cluster's text; a cluster
    /// may hold only the letter's glyph, or only the marks' (SVG text draws them apart).
    fn map_cluster(&self, cluster: &[T]) -> Option<ClusterNeed> {
        let first = cluster.first()?;
        let raw = &self.text[first.text_range()];
        let text = glyph_text(raw);
        let mut font_container = self.font_container.borrow_mut();
        let is_mark: Vec<bool> = cluster
            .iter()
            .map(|g| is_mark_glyph(&font_container.font, g.glyph_id()))
            .collect();
        let pdf_glyphs: Vec<_> = cluster
            .iter()
            .map(|g| font_container.add_glyph(ColoredGlyph::new(g.glyph_id(), self.context_color)))
            .collect();

        // Invisible glyphs for directional controls stand for nothing: an empty actual text.
        // (A glyph still gets a mapping where each needs one; the actual text hides it.)
        if text.is_empty() {
            for ((id, g), glyph) in pdf_glyphs.iter().zip(cluster) {
                let font = font_container.get_from_identifier_mut(id.clone()).unwrap();
                if self.forbid_invalid_codepoints && font.get_codepoints(*g).is_none() {
                    font.set_codepoints(*g, raw.to_string(), glyph.location());
                }
            }
            return Some(ClusterNeed::ActualText(String::new()));
        }

        // The text of each glyph, when the cluster can be said glyph by glyph.
        let ordered = if self.rtl {
            visual_order(&text)
        } else {
            text.to_string()
        };
        let pieces = glyph_pieces(&is_mark, &ordered);

        if let Some(pieces) = &pieces {
            let compatible = pdf_glyphs.iter().zip(pieces).all(|((id, g), piece)| {
                let font = font_container.get_from_identifier_mut(id.clone()).unwrap();
                font.get_codepoints(*g).is_none_or(|c| c == piece)
            });
            if compatible {
                for (((id, g), piece), glyph) in pdf_glyphs.iter().zip(pieces).zip(cluster) {
                    let font = font_container.get_from_identifier_mut(id.clone()).unwrap();
                    if font.get_codepoints(*g).is_none() {
                        font.set_codepoints(*g, piece.clone(), glyph.location());
                    }
                }
                // Harakat drawn apart from their letter (an item of marks only, which Typst
                // no longer makes for text, see vendor/typst-layout, but SVG text still does)
                // say nothing: the letter's word says them.
                let has_base = ordered.chars().any(|c| !is_mark_char(c));
                if self.rtl && has_base && is_mark.iter().all(|m| *m) {
                    return Some(ClusterNeed::ActualText(String::new()));
                }
                return None;
            }
        }

        // An actual text. Glyphs without a mapping yet are still mapped (to their piece, or
        // as before the patch the first glyph to the whole text, and every glyph when each
        // needs one), so that viewers without actual text support show something.
        for (i, ((id, g), glyph)) in pdf_glyphs.iter().zip(cluster).enumerate() {
            let font = font_container.get_from_identifier_mut(id.clone()).unwrap();
            if font.get_codepoints(*g).is_some() {
                continue;
            }
            match &pieces {
                Some(pieces) => font.set_codepoints(*g, pieces[i].clone(), glyph.location()),
                None if i == 0 || self.forbid_invalid_codepoints => {
                    font.set_codepoints(*g, ordered.clone(), glyph.location())
                }
                None => {}
            }
        }
        let said: String = match &pieces {
            Some(pieces) => pieces.concat(),
            None => ordered,
        };
        Some(ClusterNeed::ActualText(
            if self.rtl && !ACTUAL_TEXT_VISUAL {
                visual_order(&said)
            } else {
                said
            },
        ))
    }
}

/// nudj patch: the number of glyphs at the start of `glyphs` before the first space.
fn word_len<T: Glyph>(glyphs: &[T], text: &str) -> usize {
    glyphs
        .iter()
        .position(|g| &text[g.text_range()] == " ")
        .unwrap_or(glyphs.len())
}

/// nudj patch: the widest gap, in em, that a glyph's advance may leave after its outline
/// inside a word before an extractor reads it as a space. poppler breaks words at a gap of
/// 0.1 em; pdfium inside one text-showing operator at half the font's space (about 0.12 em
/// in IBM Plex Sans Arabic). IBM Plex Sans Arabic leaves about 0.14 em after an alef before
/// a kaf (`أكثر`).
const WORD_GAP: f32 = 0.05;

impl<T: Glyph> GlyphSpanner<'_, T> {
    /// nudj patch: whether the glyphs of a word of a right-to-left run need one actual text for
    /// the whole word: when some of them are drawn at another height (harakat positioned by
    /// the font, written with a text-showing operator of their own, which pdfium and poppler
    /// then place apart from their letter), or when a glyph leaves a gap inside the word
    /// (which extractors read as a space).
    fn needs_word_text(&self, word: &[T]) -> bool {
        let Some(first) = word.first() else {
            return false;
        };
        let y = first.y_offset(1.0);
        if word.iter().any(|g| (g.y_offset(1.0) - y).abs() > 1e-4) {
            return true;
        }
        // The gap between a glyph's advance and the next glyph: what the glyph's advance
        // exceeds the font's by, and what the next glyph is shifted right by.
        let font_container = self.font_container.borrow();
        let font = &font_container.font;
        let upem = font.units_per_em();
        word.windows(2).any(|pair| {
            font.advance_width(pair[0].glyph_id()).is_some_and(|advance| {
                pair[0].x_advance(1.0) - advance / upem + pair[1].x_offset(1.0)
                    - pair[0].x_offset(1.0)
                    > WORD_GAP
            })
        })
    }

    /// nudj patch: maps each cluster of `word` (as `map_cluster` does) and returns the word's
    /// text in visual order, as extractors read an actual text in a right-to-left run: each
    /// cluster's characters reversed, clusters in the order drawn.
    fn word_text(&self, word: &[T]) -> String {
        let mut said = String::new();
        let mut start = 0;
        while start < word.len() {
            let len = cluster_len(&word[start..]);
            let cluster = &word[start..start + len];
            let _ = self.map_cluster(cluster);
            said.push_str(&visual_order(&glyph_text(&self.text[cluster[0].text_range()])));
            start += len;
        }
        said
    }
}

/// nudj patch: a word's actual text as pdfium needs it in a right-to-left run, given the word in
/// visual order (`visual`, which poppler and MuPDF reverse as a whole). pdfium (as in Chrome,
/// measured with pdfium 159) reverses each run of characters of one direction class in place
/// but keeps the runs in their order (marks, digits and separators are weak, letters of
/// right-to-left scripts strong, others neutral), so its text is the logical text with each
/// such run reversed. Equal to `visual` for a word of one class (no harakat, digits or
/// punctuation inside).
fn pdfium_order(visual: &str) -> String {
    use unicode_bidi::{bidi_class, BidiClass};
    fn class(c: char) -> u8 {
        match bidi_class(c) {
            BidiClass::R | BidiClass::AL => 0,
            BidiClass::AN
            | BidiClass::EN
            | BidiClass::NSM
            | BidiClass::CS
            | BidiClass::ES
            | BidiClass::ET
            | BidiClass::BN => 1,
            BidiClass::L => 2,
            _ => 3,
        }
    }
    let logical: Vec<char> = visual.chars().rev().collect();
    let mut out = String::with_capacity(visual.len());
    let mut start = 0;
    while start < logical.len() {
        let kind = class(logical[start]);
        let len = logical[start..]
            .iter()
            .take_while(|c| class(**c) == kind)
            .count();
        out.extend(logical[start..start + len].iter().rev());
        start += len;
    }
    out
}

/// nudj patch: what a cluster needs besides its glyphs' mappings.
enum ClusterNeed {
    /// An actual text (possibly empty).
    ActualText(String),
}

/// nudj patch: whether a glyph is a mark (class 3 in the font's GDEF table).
fn is_mark_glyph(font: &crate::text::Font, glyph: crate::text::GlyphId) -> bool {
    use skrifa::raw::TableProvider;
    let Ok(gdef) = font.font_ref().gdef() else {
        return false;
    };
    match gdef.glyph_class_def() {
        Some(Ok(classes)) => classes.get(skrifa::GlyphId::new(glyph.to_u32())) == 3,
        _ => false,
    }
}

/// nudj patch: whether a character is a combining mark (general category Mn) of the scripts
/// a report may use: the Latin combining diacritics, Hebrew points, Arabic harakat.
fn is_mark_char(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0591..=0x05BD | 0x05BF | 0x05C1 | 0x05C2 | 0x05C4
        | 0x05C5 | 0x05C7 | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06DC
        | 0x06DF..=0x06E4 | 0x06E7 | 0x06E8 | 0x06EA..=0x06ED | 0x08D3..=0x08E1
        | 0x08E3..=0x08FF | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20F0 | 0xFE20..=0xFE2F)
}

/// nudj patch: the text of each glyph of a cluster (`is_mark` tells which glyphs are marks),
/// from the cluster's characters in the order the glyphs show them: the marks to the mark
/// glyphs, the other characters to the other glyphs, one each when the numbers agree, all to
/// the one glyph of a kind (a ligature). A kind without glyphs was drawn elsewhere (SVG text
/// draws positioned marks apart). `None` when glyphs and characters do not pair up so.
fn glyph_pieces(is_mark: &[bool], ordered: &str) -> Option<Vec<String>> {
    let mut pieces = vec![String::new(); is_mark.len()];
    for kind in [false, true] {
        let glyphs: Vec<usize> = (0..is_mark.len()).filter(|&i| is_mark[i] == kind).collect();
        let chars: Vec<char> = ordered
            .chars()
            .filter(|&c| is_mark_char(c) == kind)
            .collect();
        match (glyphs.len(), chars.len()) {
            (0, _) => {}
            (_, 0) => return None,
            (1, _) => pieces[glyphs[0]] = chars.iter().collect(),
            (g, c) if g == c => {
                for (i, ch) in glyphs.into_iter().zip(chars) {
                    pieces[i] = ch.to_string();
                }
            }
            _ => return None,
        }
    }
    Some(pieces)
}

/// nudj patch: whether the actual text of a cluster in a right-to-left run is written in
/// visual order (poppler and MuPDF reverse it with the run) or logical order (pdfium
/// takes it as it is).
const ACTUAL_TEXT_VISUAL: bool = true;

impl ClusterNeed {
    fn span<T: Glyph>(self, glyphs: &[T]) -> GlyphSpan<'_, T> {
        match self {
            ClusterNeed::ActualText(text) => GlyphSpan::Spanned(glyphs, text),
        }
    }
}

/// The number of glyphs at the start of `glyphs` with the same text range as the first.
fn cluster_len<T: Glyph>(glyphs: &[T]) -> usize {
    match glyphs.first() {
        Some(first) => glyphs
            .iter()
            .take_while(|g| g.text_range() == first.text_range())
            .count(),
        None => 0,
    }
}

impl<'a, T> Iterator for GlyphSpanner<'a, T>
where
    T: Glyph,
{
    type Item = GlyphSpan<'a, T>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.slice.is_empty() {
            return None;
        }
        if let Some((len, need)) = self.pending.take() {
            let (head, tail) = self.slice.split_at(len);
            self.slice = tail;
            return Some(need.span(head));
        }

        // nudj patch: a word of a right-to-left run that extractors would split is said whole.
        if self.rtl {
            let len = word_len(self.slice, self.text);
            if self.needs_word_text(&self.slice[..len]) {
                let (head, tail) = self.slice.split_at(len);
                self.slice = tail;
                let said = self.word_text(head);
                let for_pdfium = pdfium_order(&said);
                let for_pdfium = (for_pdfium != said).then_some(for_pdfium);
                return Some(GlyphSpan::Word(head, said, for_pdfium));
            }
        }

        // Take clusters into one unspanned fragment until one needs an actual text.
        let mut count = 0;
        while count < self.slice.len() {
            let rest = &self.slice[count..];
            let len = cluster_len(rest);
            let cluster = &rest[..len];
            if let Some(need) = self.map_cluster(cluster) {
                if count == 0 {
                    let (head, tail) = self.slice.split_at(len);
                    self.slice = tail;
                    return Some(need.span(head));
                }
                self.pending = Some((len, need));
                break;
            }
            count += len;

            // PDF 1.7 § 14.8.2.3.3 says that `/ReversedChars` show strings shall not contain
            // interior space glyphs. Thus, we stop after a glyph that has a space as its text.
            if self.reversed && count > len && &self.text[cluster[0].text_range()] == " " {
                break;
            }
            // nudj patch: the next word is said whole, in a fragment of its own.
            if self.rtl && &self.text[cluster[0].text_range()] == " " {
                let rest = &self.slice[count..];
                if self.needs_word_text(&rest[..word_len(rest, self.text)]) {
                    break;
                }
            }
        }

        let (head, tail) = self.slice.split_at(count);
        self.slice = tail;
        Some(GlyphSpan::Unspanned(head))
    }
}

pub(crate) struct GlyphGroup<'a, T>
where
    T: Glyph,
{
    pub(crate) font_identifier: FontIdentifier,
    pub(crate) glyphs: &'a [T],
    // This will be stored in normalized form (i.e. at a font size of 1).
    pub(crate) y_offset: f32,
    // This will be stored in normalized form (i.e. at a font size of 1).
    pub(crate) y_advance: f32,
}

impl<'a, T> GlyphGroup<'a, T>
where
    T: Glyph,
{
    pub fn from_props(glyphs: &'a [T], props: GlyphProps) -> Self {
        GlyphGroup {
            font_identifier: props.font_identifier,
            glyphs,
            y_offset: props.y_offset,
            y_advance: props.y_advance,
        }
    }
}

// The GlyphGrouper further segments glyph runs (that already have been segmented
// by `TextSpanner` into subruns that can be encoded as one consecutive run in PDF.
// This is necessary because:
// - The user provides a font for the whole glyph run, but in PDF, the font might
// have to be switched if the glyph maps to a different Type3 font.
// - The glyph contains a y_offset/y_advance, which cannot be expressed as an adjustment
// and requires us to start a new run with a transformation matrix that takes this
// adjustment into account.
pub(crate) struct GlyphGrouper<'a, T>
where
    T: Glyph,
{
    font_container: Rc<RefCell<FontContainer>>,
    context_color: rgb::Color,
    slice: &'a [T],
}

impl<'a, T> GlyphGrouper<'a, T>
where
    T: Glyph,
{
    pub fn new(
        font_container: Rc<RefCell<FontContainer>>,
        context_color: rgb::Color,
        slice: &'a [T],
    ) -> Self {
        Self {
            font_container,
            context_color,
            slice,
        }
    }
}

impl<'a, T> Iterator for GlyphGrouper<'a, T>
where
    T: Glyph,
{
    type Item = GlyphGroup<'a, T>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        // Guarantees: All glyphs in `head` have the font identifier that is given in
        // `props`, the same size and the same y offset.
        let (head, tail, props) = {
            let mut count = 1;

            let mut iter = self.slice.iter();
            let first = get_glyph_props(
                iter.next()?,
                self.context_color,
                &mut self.font_container.borrow_mut(),
            );

            for next in iter {
                let temp_glyph = get_glyph_props(
                    next,
                    self.context_color,
                    &mut self.font_container.borrow_mut(),
                );

                // If either of those is different, we need to start a new subrun.
                if first.font_identifier != temp_glyph.font_identifier
                    || first.y_offset != temp_glyph.y_offset
                    || first.y_advance != 0.0
                    || temp_glyph.y_advance != 0.0
                {
                    break;
                }

                count += 1;
            }

            let (head, tail) = self.slice.split_at(count);
            (head, tail, first)
        };

        self.slice = tail;

        let glyph_group = GlyphGroup::from_props(head, props);

        Some(glyph_group)
    }
}

pub(crate) struct GlyphProps {
    font_identifier: FontIdentifier,
    y_offset: f32,
    y_advance: f32,
}

pub(crate) fn get_glyph_props<U>(
    g: &U,
    context_color: rgb::Color,
    font_container: &mut FontContainer,
) -> GlyphProps
where
    U: Glyph,
{
    // Safe because we've already added all glyphs in the text spanner.
    let font_identifier = font_container
        .font_identifier(ColoredGlyph::new(g.glyph_id(), context_color))
        .unwrap();

    GlyphProps {
        font_identifier,
        y_offset: g.y_offset(1.0),
        y_advance: g.y_advance(1.0),
    }
}

pub fn use_text_spanner(
    glyphs: &[impl Glyph],
    text: &str,
    context_color: rgb::Color,
    font_container: &mut FontContainer,
) -> bool {
    if glyphs.is_empty() {
        return false;
    }

    let mut do_text_span = false;
    // We _might_ need to group glyphs either if they are mapped to different PDF fonts (which
    // can only happen for Type3 fonts, not CID fonts), or if a glyph has a different y/x offset.
    // Note that it's of course possible that we always use the same Type3 font, but we need to
    // be conservative here.

    let mut check_single = |glyph, do_text_span: &mut bool| {
        // As soon as we know that the glyph run requires a text span, we do not insert any codepoints
        // anymore, because otherwise we might unnecessarily pollute the cmap with entries that
        // wouldn't be necessary. The text spanner will then iterate over the all glyphs again
        // and thus take care of inserting cmap entries for any remaining glyphs we ignore now.
        // The only reason we keep going and don't early abort is in order to fully
        // check the `do_glyph_grouping` property.
        if !*do_text_span {
            check_text_span_prop(glyph, text, context_color, font_container, do_text_span);
        }
    };

    for glyphs in glyphs.windows(2) {
        let prev = &glyphs[0];
        let next = &glyphs[1];

        // If two glyphs are part of the same cluster, we definitely need a text span.
        do_text_span |= prev.text_range() == next.text_range();

        check_single(prev, &mut do_text_span);
    }

    // Since windows checks groups of two, we need to manually check the last glyph
    check_single(glyphs.last().unwrap(), &mut do_text_span);

    do_text_span
}

fn check_text_span_prop(
    glyph: &impl Glyph,
    text: &str,
    context_color: rgb::Color,
    font_container: &mut FontContainer,
    do_text_span: &mut bool,
) {
    let (identifier, pdf_glyph) =
        font_container.add_glyph(ColoredGlyph::new(glyph.glyph_id(), context_color));
    let pdf_font = font_container
        .get_from_identifier_mut(identifier.clone())
        .unwrap();

    let range = glyph.text_range().clone();
    let text = &*glyph_text(&text[range.clone()]);
    let codepoints = pdf_font.get_codepoints(pdf_glyph);

    // nudj patch: a glyph standing for directional controls only needs an empty actual text.
    if text.is_empty() {
        *do_text_span = true;
    } else if codepoints.is_some_and(|t| t != text) {
        // If there already exists an entry, then the codepoints are invalid, and we will have to
        // use a text span.
        *do_text_span = true;
    } else if codepoints.is_none() {
        pdf_font.set_codepoints(pdf_glyph, text.to_string(), glyph.location());
    }
}
