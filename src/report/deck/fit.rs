//! Fitting text to a slide, decided before Typst lays it out: how many lines a text takes
//! at a type size in a width, and the text shortened at a word boundary with `…` to a number
//! of lines. Widths are estimated with the charts' advance table for IBM Plex Sans Arabic
//! ([`crate::chart::text::width`]), made 8 % wider so an estimate errs towards more lines.

/// Points per millimetre.
pub const PT_PER_MM: f64 = 72.0 / 25.4;

/// Latin estimates are made this much wider than the charts' advance table gives.
const WIDTH_MARGIN: f64 = 1.04;

/// Zero-width space: a break opportunity the report's builder puts inside long words.
const ZWSP: char = '\u{200B}';

/// Characters that take no room on the page: bidi marks, embeddings and isolates, the
/// zero-width space and joiners.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The advance of an Arabic letter in IBM Plex Sans Arabic, in em: measured on the deck's
/// slides at 0.32 to 0.51 em a word (0.41 on average), taken at 0.46 so that names in narrow
/// table cells, where one word more on a line adds a line, are not underestimated (a
/// heatmap of twelve long group names spilled at 0.43); the charts' table takes 0.52 em.
const ARABIC_ADVANCE: f64 = 0.46;

/// The estimated width of `s` in points at `size` points.
pub fn width(s: &str, size: f64) -> f64 {
    let mut other = String::new();
    let mut arabic = 0usize;
    for c in s.chars().filter(|c| !invisible(*c)) {
        match c {
            '\u{064B}'..='\u{065F}' | '\u{0670}' => {}
            '\u{0600}'..='\u{06FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' => {
                arabic += 1
            }
            _ => other.push(c),
        }
    }
    crate::chart::text::width(&other, size) * WIDTH_MARGIN + arabic as f64 * ARABIC_ADVANCE * size
}

/// The pieces of `s` a line may break after: words split at spaces and zero-width spaces.
/// Each piece is returned with the width of the space before it (none after a zero-width
/// space).
fn pieces(s: &str, size: f64) -> Vec<(f64, f64)> {
    let space = width(" ", size);
    let mut out = Vec::new();
    let mut gap = 0.0;
    for word in s.split(' ') {
        for (i, piece) in word.split_inclusive(breaks_after).enumerate() {
            out.push((if i == 0 { gap } else { 0.0 }, width(piece, size)));
        }
        gap = space;
    }
    out
}

/// The width of the widest piece of `s` that no line can break (a word, or the part of one
/// between break opportunities), in points at `size`.
pub fn widest_piece(s: &str, size: f64) -> f64 {
    pieces(s, size).into_iter().map(|p| p.1).fold(0.0, f64::max)
}

/// A line may break after a zero-width space, and after a hyphen or a slash inside a word
/// (`customer-journey`, `NPS/CSAT`), as Typst breaks them (UAX #14).
fn breaks_after(c: char) -> bool {
    matches!(c, ZWSP | '-' | '/')
}

/// The number of lines `s` takes at `size` points in `max_width` points (greedy, as Typst
/// breaks a paragraph); a piece wider than a line takes as many lines as its width needs.
/// An empty text takes one line.
pub fn lines(s: &str, size: f64, max_width: f64) -> usize {
    lines_with_tail(s, size, max_width, "")
}

/// [`lines`] of `s` followed by `tail` after a space (a score after a name); no tail when
/// it is empty.
pub fn lines_with_tail(s: &str, size: f64, max_width: f64, tail: &str) -> usize {
    let mut all = pieces(s, size);
    if !tail.is_empty() {
        let mut t = pieces(tail, size);
        if let Some(first) = t.first_mut() {
            first.0 = width(" ", size);
        }
        all.extend(t);
    }
    let mut n = 1;
    let mut used: Option<f64> = None;
    for (gap, w) in all {
        used = Some(match used {
            Some(u) if u + gap + w <= max_width => u + gap + w,
            Some(_) if w > max_width => {
                n += (w / max_width).ceil() as usize;
                w % max_width
            }
            Some(_) => {
                n += 1;
                w
            }
            None if w > max_width => {
                n += (w / max_width).ceil() as usize - 1;
                w % max_width
            }
            None => w,
        });
    }
    n
}

/// A text as it goes on a slide.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    /// The text, whole or shortened.
    pub text: String,
    /// Whether it was shortened (then the whole text belongs in the speaker notes).
    pub cut: bool,
    /// The lines it takes.
    pub lines: usize,
}

/// `s` in at most `max_lines` lines at `size` points in `max_width` points: unchanged when it
/// fits, else its longest beginning that fits with `…` after it, cut at a space or a break
/// opportunity when one is in the last third of that beginning, else between letters (never
/// before a combining mark). Bidi isolates left open by the cut are closed after the `…`.
pub fn fit(s: &str, size: f64, max_width: f64, max_lines: usize) -> Fitted {
    fit_with_tail(s, size, max_width, max_lines, "")
}

/// [`fit`] with `tail` after `s` on its last line, never shortened (a score after a name, a
/// part number after a title); `lines` counts the tail's lines too.
pub fn fit_with_tail(s: &str, size: f64, max_width: f64, max_lines: usize, tail: &str) -> Fitted {
    let max_lines = max_lines.max(1);
    let n = lines_with_tail(s, size, max_width, tail);
    if n <= max_lines {
        return Fitted {
            text: s.to_string(),
            cut: false,
            lines: n,
        };
    }
    let chars: Vec<char> = s.chars().collect();
    // The longest prefix (in characters) whose shortened form fits: binary search.
    let (mut lo, mut hi) = (0usize, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if lines_with_tail(&cut_at(&chars, mid), size, max_width, tail) <= max_lines {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let text = cut_at(&chars, lo);
    Fitted {
        lines: lines_with_tail(&text, size, max_width, tail),
        text,
        cut: true,
    }
}

/// [`fit`] keeping the last word: `s` shortened in its middle, `Jeddah — Western Region…
/// (WR-3)`, so names that differ only at their end (a code, a number) stay apart. A text
/// wrapped in a bidi isolate keeps it around the whole. Unchanged when it fits.
pub fn fit_keep_end(s: &str, size: f64, max_width: f64, max_lines: usize) -> Fitted {
    let whole = fit(s, size, max_width, max_lines);
    let (open, inner) = match (s.chars().next(), s.strip_suffix('\u{2069}')) {
        (Some(c @ '\u{2066}'..='\u{2068}'), Some(rest)) => (Some(c), &rest[c.len_utf8()..]),
        _ => (None, s),
    };
    let Some((head, last)) = inner.rsplit_once(' ') else {
        return whole;
    };
    if !whole.cut || head.trim().is_empty() {
        return whole;
    }
    let f = fit_with_tail(head, size, max_width, max_lines, last);
    let mut text = String::new();
    text.extend(open);
    text.push_str(&f.text);
    text.push(' ');
    text.push_str(last);
    if open.is_some() {
        text.push('\u{2069}');
    }
    Fitted {
        text,
        cut: true,
        lines: f.lines,
    }
}

/// A name to fit among others on one slide: its text, what follows it on its last line
/// (a score, a gap; may be empty), and a short key that tells it from every other name (the
/// dimension's number), put before the name only when nothing else keeps it apart.
#[derive(Debug, Clone, Copy)]
pub struct Named<'a> {
    pub name: &'a str,
    pub tail: &'a str,
    pub key: &'a str,
}

/// Each of `items` fitted like [`fit_with_tail`], keeping different names apart: names
/// that share a long beginning (`Customer experience governance and … (region 3)`) would
/// shorten to the same text, so a name whose shortened text is another different name's
/// keeps the part where it differs from them: its first words, `…`, and the rest from the
/// word where it differs (`Customer experience … region 3 and its standards…`). When that
/// still leaves two apart names alike (a difference deep inside one long word), the name
/// is prefixed with its key (`3 · Customer experience…`). The same name twice is the same
/// text; a name that fits is left whole.
pub fn fit_apart(items: &[Named<'_>], size: f64, max_width: f64, max_lines: usize) -> Vec<Fitted> {
    let first: Vec<Fitted> = items
        .iter()
        .map(|it| fit_with_tail(it.name, size, max_width, max_lines, it.tail))
        .collect();
    let alike = |fits: &[Fitted], i: usize| -> Vec<usize> {
        (0..items.len())
            .filter(|&j| items[j].name != items[i].name && fits[j].text == fits[i].text)
            .collect()
    };
    let mut out = first.clone();
    for (i, it) in items.iter().enumerate() {
        let rivals = alike(&first, i);
        if rivals.is_empty() || !first[i].cut {
            continue;
        }
        let differs_at = rivals
            .iter()
            .map(|&j| common_prefix(it.name, items[j].name))
            .max()
            .unwrap_or(0);
        out[i] = fit_from(it.name, differs_at, size, max_width, max_lines, it.tail);
    }
    let keyed: Vec<usize> = (0..items.len())
        .filter(|&i| !alike(&out, i).is_empty())
        .collect();
    for i in keyed {
        let it = &items[i];
        let with_key = format!("{} · {}", it.key, it.name);
        let mut f = fit_with_tail(&with_key, size, max_width, max_lines, it.tail);
        f.cut = true;
        out[i] = f;
    }
    out
}

/// The number of characters `a` and `b` begin with alike.
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// `s` shortened to show where it differs from other names, at character `at`: its first
/// words (as many as fit whole with the rest), `…`, then the rest of `s` from up to two words
/// before the word holding character `at` (`… service area 3 and its standards`: the words
/// before tell `3` from `13`), fewer when the rest would not fit whole, the rest itself
/// shortened at its end when even then it does not. A name wrapped in a bidi isolate keeps
/// it around the whole.
fn fit_from(s: &str, at: usize, size: f64, max_width: f64, max_lines: usize, tail: &str) -> Fitted {
    let (open, inner, at) = match (s.chars().next(), s.strip_suffix('\u{2069}')) {
        (Some(c @ '\u{2066}'..='\u{2068}'), Some(rest)) => {
            (Some(c), &rest[c.len_utf8()..], at.saturating_sub(1))
        }
        _ => (None, s, at),
    };
    let chars: Vec<char> = inner.chars().collect();
    let at = at.min(chars.len());
    // Word starts at or before `at`, nearest first.
    let starts: Vec<usize> = (0..=at)
        .rev()
        .filter(|&i| i == 0 || chars.get(i - 1) == Some(&' '))
        .take(3)
        .collect();
    let wrap = |f: Fitted| -> Fitted {
        let text = match open {
            Some(c) => format!("{c}{}\u{2069}", f.text),
            None => f.text,
        };
        Fitted {
            text,
            cut: true,
            lines: f.lines,
        }
    };
    let mut last = None;
    for &start in starts.iter().rev() {
        let f = from_word(&chars, start, size, max_width, max_lines, tail);
        if f.cut {
            last = Some(f);
            continue;
        }
        return wrap(f);
    }
    wrap(last.unwrap_or_else(|| fit_with_tail(inner, size, max_width, max_lines, tail)))
}

/// `chars` from character `start` (a word's first) after as many of its first words as fit
/// with it whole and `…` (`cut: false` then), else `… ` and the rest shortened at its end
/// (`cut: true`).
fn from_word(
    chars: &[char],
    start: usize,
    size: f64,
    max_width: f64,
    max_lines: usize,
    tail: &str,
) -> Fitted {
    let rest: String = chars[start..].iter().collect();
    let before: String = chars[..start].iter().collect();
    let words: Vec<&str> = before.split_whitespace().collect();
    for k in (1..words.len()).rev() {
        let head = words[..k].join(" ");
        let head = head
            .trim_end_matches(|c: char| ",.;:-–—(،؛".contains(c))
            .trim_end();
        let text = format!("{head} … {rest}");
        let f = fit_with_tail(&text, size, max_width, max_lines, tail);
        if !f.cut {
            return Fitted { cut: false, ..f };
        }
    }
    let text = if start == 0 {
        rest
    } else {
        format!("… {rest}")
    };
    fit_with_tail(&text, size, max_width, max_lines, tail)
}

/// The first `k` characters of `chars` shortened with `…`: back to the last space or
/// zero-width space when it is in the final third, trailing punctuation dropped, open bidi
/// isolates and embeddings closed.
fn cut_at(chars: &[char], k: usize) -> String {
    let mut k = k.min(chars.len());
    // Never cut before a combining mark: it belongs to the letter before it.
    while k > 0 && k < chars.len() && is_mark(chars[k]) {
        k -= 1;
    }
    let head = &chars[..k];
    let at_break = chars.get(k).is_some_and(|c| *c == ' ' || *c == ZWSP);
    let end = if at_break {
        k
    } else {
        match head.iter().rposition(|c| *c == ' ' || *c == ZWSP) {
            Some(i) if i * 3 >= k * 2 => i,
            _ => k,
        }
    };
    let mut out: Vec<char> = head[..end].to_vec();
    while out
        .last()
        .is_some_and(|c| c.is_whitespace() || invisible(*c) || ",.;:-–—(،؛".contains(*c))
    {
        out.pop();
    }
    let mut s: String = out.iter().collect();
    s.push('…');
    let (mut isolates, mut embeddings) = (0i32, 0i32);
    for c in s.chars() {
        match c {
            '\u{2066}'..='\u{2068}' => isolates += 1,
            '\u{2069}' => isolates -= 1,
            '\u{202A}'..='\u{202B}' | '\u{202D}'..='\u{202E}' => embeddings += 1,
            '\u{202C}' => embeddings -= 1,
            _ => {}
        }
    }
    for _ in 0..embeddings.max(0) {
        s.push('\u{202C}');
    }
    for _ in 0..isolates.max(0) {
        s.push('\u{2069}');
    }
    s
}

/// Arabic harakat and other combining marks that never start a cut.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{200C}' | '\u{200D}')
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG: &str = "Dimension 1 — Omnichannel customer-journey orchestration, Voice-of-the-Customer (VoC) governance and NPS/CSAT-driven service recovery across 24/7 branches, IVR and mobile";

    #[test]
    fn a_short_text_is_left_whole_on_one_line() {
        let f = fit("Dimension 1", 30.0, 600.0, 2);
        assert_eq!((f.text.as_str(), f.cut, f.lines), ("Dimension 1", false, 1));
    }

    #[test]
    fn lines_grow_with_the_text_and_shrink_with_the_width() {
        assert!(lines(LONG, 20.0, 300.0) > lines(LONG, 20.0, 600.0));
        assert!(lines(LONG, 30.0, 600.0) > lines(LONG, 20.0, 600.0));
        // A word without spaces wider than the line takes several lines.
        let word = "CustomerExperienceTransformationProgramme2030Phase1";
        assert!(
            lines(word, 20.0, 100.0) >= 5,
            "{}",
            lines(word, 20.0, 100.0)
        );
    }

    #[test]
    fn a_long_text_is_cut_at_a_word_to_its_lines() {
        let f = fit(LONG, 30.0, 600.0, 2);
        assert!(f.cut && f.lines <= 2, "{f:?}");
        assert!(f.text.ends_with('…'), "{}", f.text);
        let head = f.text.trim_end_matches('…');
        assert!(LONG.starts_with(head), "{head}");
        // At a word: the original goes on with a space (after punctuation that was dropped).
        let next = LONG[head.len()..].trim_start_matches([',', ';', ':']);
        assert!(next.starts_with(' '), "{head}");
        assert!(head.chars().count() > 40, "too short: {head}");
    }

    #[test]
    fn isolates_left_open_by_a_cut_are_closed() {
        let s = "\u{2067}الشمال — شبكة فروع الرياض والقصيم وحائل الإقليمية للخدمات المصرفية (RQH-2030)\u{2069}";
        let f = fit(s, 18.0, 120.0, 2);
        assert!(f.cut, "{f:?}");
        assert!(f.text.ends_with("…\u{2069}"), "{:?}", f.text);
        assert_eq!(f.text.matches('\u{2067}').count(), 1);
    }

    #[test]
    fn names_that_differ_at_their_end_stay_apart() {
        let a = "\u{2066}Jeddah — Western Region Branch Network for Retail Banking (WR-1)\u{2069}";
        let b = a.replace("WR-1", "WR-3");
        let (fa, fb) = (
            fit_keep_end(a, 18.0, 110.0, 3),
            fit_keep_end(&b, 18.0, 110.0, 3),
        );
        assert!(fa.cut && fa.lines <= 3, "{fa:?}");
        assert_ne!(fa.text, fb.text);
        assert!(fa.text.starts_with("\u{2066}Jeddah"), "{:?}", fa.text);
        assert!(fa.text.ends_with("… (WR-1)\u{2069}"), "{:?}", fa.text);
        assert_eq!(fa.text.matches('\u{2069}').count(), 1, "{:?}", fa.text);
        // A short name is left whole.
        assert_eq!(fit_keep_end("North", 18.0, 110.0, 3).text, "North");
    }

    #[test]
    fn names_that_begin_alike_keep_where_they_differ() {
        let prefix = "Customer experience governance and accountability across every channel, journey and touchpoint of the organisation, overseen by the board";
        let names: Vec<String> = [3, 13, 3]
            .iter()
            .map(|d| format!("{prefix} for service area {d} and its published standards"))
            .collect();
        let items: Vec<Named<'_>> = names
            .iter()
            .zip(["3", "13", "3"])
            .map(|(name, key)| Named {
                name,
                tail: "2.92",
                key,
            })
            .chain([Named {
                name: "Digital channels",
                tail: "3.10",
                key: "4",
            }])
            .collect();
        let plain = fit_with_tail(&names[0], 20.0, 260.0, 3, "2.92");
        assert_eq!(
            plain.text,
            fit_with_tail(&names[1], 20.0, 260.0, 3, "2.92").text
        );
        let f = fit_apart(&items, 20.0, 260.0, 3);
        assert_ne!(f[0].text, f[1].text);
        assert!(f[0].lines <= 3 && f[1].lines <= 3, "{f:?}");
        // Its first words, then from two words before where it differs.
        assert!(f[0].text.starts_with("Customer "), "{:?}", f[0].text);
        assert!(
            f[0].text.contains("… service area 3 and"),
            "{:?}",
            f[0].text
        );
        assert!(
            f[1].text.contains("… service area 13 and"),
            "{:?}",
            f[1].text
        );
        // The same name twice reads the same; a name that fits stays whole.
        assert_eq!(f[0].text, f[2].text);
        assert_eq!((f[3].text.as_str(), f[3].cut), ("Digital channels", false));
    }

    #[test]
    fn names_alike_until_deep_inside_one_word_get_their_key() {
        let a = format!("Programme {}A", "X".repeat(80));
        let b = format!("Programme {}B", "X".repeat(80));
        let items = [
            Named {
                name: &a,
                tail: "",
                key: "1",
            },
            Named {
                name: &b,
                tail: "",
                key: "2",
            },
        ];
        let f = fit_apart(&items, 20.0, 200.0, 1);
        assert!(
            f[0].text.starts_with("1 · ") && f[1].text.starts_with("2 · "),
            "{f:?}"
        );
        assert!(f.iter().all(|x| x.cut && x.lines == 1), "{f:?}");
    }

    #[test]
    fn a_long_word_is_cut_between_letters_never_before_a_mark() {
        let word = "برنامجالتحولالشاملفيتجربةالعميلبرنامجالتحولالشاملفيتجربةالعميل";
        let f = fit(word, 20.0, 150.0, 1);
        assert!(f.cut && f.lines == 1, "{f:?}");
        let with_mark = "ملَّخَّصٌ".repeat(12);
        for max in 40..70 {
            let f = fit(&with_mark, 20.0, max as f64, 1);
            let before = f.text.trim_end_matches('…');
            let next = with_mark[before.len()..].chars().next();
            assert!(
                !next.is_some_and(is_mark),
                "cut before a mark: {:?}",
                f.text
            );
        }
    }
}
