//! `nudj deck`: the 16:9 readout deck, run through the binary on the samples and on the
//! engagement shapes of `report_shapes.rs`. Read back with poppler: `pdfinfo` for the page
//! sizes, `pdftotext -bbox` for the words, their places and their heights (a word's box is
//! 1.5 times its type size in IBM Plex Sans Arabic, the deck's font).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::common::{is_bidi_control, nudj, ok, pdftotext, root, text};
use crate::report_shapes::{BASE, Shape};

/// A slide: 254 × 143 mm in PDF points.
const SLIDE_W: f64 = 254.0 / 25.4 * 72.0;
const SLIDE_H: f64 = 143.0 / 25.4 * 72.0;
/// A word box's height per point of type size (IBM Plex Sans Arabic: ascender + descender).
const BOX_PER_PT: f64 = 1.5;
/// The footer band at the foot of every slide (its line is set small: it is not body text).
const FOOTER_TOP: f64 = SLIDE_H - 13.0 / 25.4 * 72.0;

/// One word of `pdftotext -bbox`.
#[derive(Debug, Clone)]
struct Word {
    page: usize,
    x_min: f64,
    x_max: f64,
    y_min: f64,
    y_max: f64,
    text: String,
}

impl Word {
    /// Its type size in points.
    fn size(&self) -> f64 {
        (self.y_max - self.y_min) / BOX_PER_PT
    }
    fn in_footer(&self) -> bool {
        self.y_min >= FOOTER_TOP - 1.0
    }
}

fn attr(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let at = tag.find(&key).expect("attribute") + key.len();
    let rest = &tag[at..];
    rest[..rest.find('"').unwrap()].parse().unwrap()
}

/// Every word of the PDF with its page (from 1) and box.
fn words(pdf: &Path) -> Vec<Word> {
    let html = pdftotext(pdf, &["-bbox"]);
    let mut out = Vec::new();
    let mut page = 0;
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page") {
            page += 1;
        } else if let Some(rest) = line.strip_prefix("<word ") {
            let (tag, word) = rest.split_once('>').unwrap();
            let word = word.trim_end_matches("</word>");
            out.push(Word {
                page,
                x_min: attr(tag, "xMin"),
                x_max: attr(tag, "xMax"),
                y_min: attr(tag, "yMin"),
                y_max: attr(tag, "yMax"),
                text: word
                    .replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&apos;", "'"),
            });
        }
    }
    out
}

/// The size of every page, in points, by `pdfinfo`.
fn page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    let out = Command::new("pdfinfo")
        .args(["-f", "1", "-l", "9999"])
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) must be installed for this test");
    text(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size: "))
        .map(|l| {
            let dims = l.split(" size: ").nth(1).unwrap();
            let mut it = dims.split_whitespace();
            let w: f64 = it.next().unwrap().parse().unwrap();
            it.next();
            let h: f64 = it.next().unwrap().parse().unwrap();
            (w, h)
        })
        .collect()
}

/// Makes the deck of `engagement` into `out` with `extra` arguments; returns its stderr.
fn deck(dir: &Path, engagement: &Path, out: &Path, extra: &[&str]) -> String {
    let mut args = vec![
        "deck",
        engagement.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    ok(&nudj(dir, &args))
}

/// The Arabic words of a text (letters, tatweel, harakat), as the text layer gives them.
fn arabic_words(s: &str) -> BTreeSet<String> {
    s.split(|c: char| !matches!(c, '\u{0621}'..='\u{063A}' | '\u{0640}'..='\u{065F}' | '\u{0670}'..='\u{06D3}'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Asserts that `name` is printed in `pdf_text`: its words in order for Latin text, each of
/// its Arabic words for Arabic text.
fn assert_named(pdf_text: &str, name: &str, what: &str) {
    let flat = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && !is_bidi_control(*c))
            .collect()
    };
    let ar = arabic_words(name);
    if ar.is_empty() {
        assert!(
            flat(pdf_text).contains(&flat(name)),
            "{what} `{name}` is not in the deck"
        );
    } else {
        let have = arabic_words(pdf_text);
        let missing: Vec<&String> = ar.iter().filter(|w| !have.contains(*w)).collect();
        assert!(
            missing.is_empty(),
            "{what} `{name}`: {missing:?} not in the deck"
        );
    }
}

/// The score JSON of an engagement (names of its dimensions in both languages).
fn score_json(dir: &Path, engagement: &Path) -> Value {
    let out = nudj(
        dir,
        &["score", engagement.to_str().unwrap(), "--format", "json"],
    );
    ok(&out);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Every slide has something under its title: a word below the title's last line that is
/// not in the footer. A title is the largest type on its slide.
fn assert_no_empty_slide(pdf: &Path, what: &str) {
    let words = words(pdf);
    let pages = words.iter().map(|w| w.page).max().unwrap_or(0);
    assert!(pages > 0, "{what}: no text");
    for page in 1..=pages {
        let on: Vec<&Word> = words
            .iter()
            .filter(|w| w.page == page && !w.in_footer())
            .collect();
        // The title: the words at the size of the top-most word of 28 pt or more, within
        // its first three lines. Anything else outside the footer is content.
        let top = on
            .iter()
            .filter(|w| w.size() >= 27.9)
            .min_by(|a, b| a.y_min.total_cmp(&b.y_min));
        let below: Vec<&str> = match top {
            None => Vec::new(),
            Some(t) => on
                .iter()
                .filter(|w| {
                    (w.size() - t.size()).abs() > 0.5 || w.y_min > t.y_min + 3.0 * t.size() * 1.6
                })
                .map(|w| w.text.as_str())
                .collect(),
        };
        assert!(
            !below.is_empty(),
            "{what}: slide {page} is a title over nothing: {:?}",
            on.iter().map(|w| w.text.as_str()).collect::<Vec<_>>()
        );
    }
}

/// Every word outside the footer is at least 18 pt, and the slide titles at least 28 pt, on
/// every slide without a chart (a chart's labels are part of its picture). Chart slides are
/// recognised by their titles (`chart_titles`).
fn assert_type_sizes(pdf: &Path, chart_titles: &[&str]) {
    let checked =
        assert_type_sizes_except(pdf, |_, line| chart_titles.iter().any(|t| line.contains(t)));
    assert!(checked > 10, "only {checked} slides checked");
}

/// [`assert_type_sizes`] on every slide but those `is_chart` (given the slide's number and
/// its words) says are charts; returns how many slides were checked.
fn assert_type_sizes_except(pdf: &Path, is_chart: impl Fn(usize, &str) -> bool) -> usize {
    let words = words(pdf);
    let pages = words.iter().map(|w| w.page).max().unwrap_or(0);
    let mut checked = 0;
    for page in 1..=pages {
        let on: Vec<&Word> = words
            .iter()
            .filter(|w| w.page == page && !w.in_footer())
            .collect();
        let line: String = on
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if is_chart(page, &line) {
            continue;
        }
        checked += 1;
        for w in &on {
            assert!(
                w.size() >= 17.9,
                "slide {page}: `{}` is set at {:.1} pt (under 18 pt)",
                w.text,
                w.size()
            );
        }
        let biggest = on.iter().map(|w| w.size()).fold(0.0, f64::max);
        assert!(
            biggest >= 27.9,
            "slide {page}: its title is {biggest:.1} pt"
        );
    }
    checked
}

#[test]
fn sample_decks_are_16_9_name_the_client_and_every_dimension() {
    let tmp = tempfile::tempdir().unwrap();
    for (sample, lang, client) in [
        ("samples/telecom-en/engagement.yaml", "en", "Samaa Telecom"),
        ("samples/bank-ar/engagement.yaml", "ar", "مصرف الواحة"),
    ] {
        let eng = root().join(sample);
        let pdf = tmp.path().join(format!("{lang}.pdf"));
        deck(tmp.path(), &eng, &pdf, &[]);
        let sizes = page_sizes(&pdf);
        assert!(sizes.len() >= 20, "{lang}: {} slides", sizes.len());
        for (i, (w, h)) in sizes.iter().enumerate() {
            assert!(
                (w - SLIDE_W).abs() < 0.5 && (h - SLIDE_H).abs() < 0.5,
                "{lang}: slide {} is {w} × {h} pt",
                i + 1
            );
        }
        let all = pdftotext(&pdf, &[]);
        assert_named(&all, client, "the client");
        let score = score_json(tmp.path(), &eng);
        let dims = score["dimensions"].as_array().unwrap();
        assert_eq!(dims.len(), 8);
        for d in dims {
            assert_named(&all, d["name"][lang].as_str().unwrap(), "dimension");
        }
        assert_no_empty_slide(&pdf, lang);
    }
}

#[test]
fn deck_type_is_18_pt_and_more_titles_28_pt_and_more() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("en.pdf");
    deck(
        tmp.path(),
        &root().join("samples/telecom-en/engagement.yaml"),
        &pdf,
        &[],
    );
    assert_type_sizes(
        &pdf,
        &[
            "Where we stand on the maturity ladder",
            "Dimensions against targets",
            "NPS · By channel",
        ],
    );
}

#[test]
fn same_engagement_same_deck_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let eng = root().join("samples/bank-ar/engagement.yaml");
    let (a, b) = (tmp.path().join("a.pdf"), tmp.path().join("b.pdf"));
    deck(tmp.path(), &eng, &a, &["--notes"]);
    deck(tmp.path(), &eng, &b, &["--notes"]);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

/// A shape's engagement with a client name and a narrative that would be Typst markup if
/// spliced into source.
fn hostile(dir: &Path, lang: &'static str) -> PathBuf {
    let eng = Shape { lang, ..BASE }.write(dir);
    let yaml = std::fs::read_to_string(&eng)
        .unwrap()
        .replace("en: \"Shape Client\"", "en: \"#panic(\\\"x\\\") ]*_= $y$\"")
        .replace(
            "ar: \"عميل الاختبار\"",
            "ar: \"عميل #panic(\\\"x\\\") ]*_=\"",
        );
    std::fs::write(&eng, yaml).unwrap();
    let narr = dir.join("narrative");
    std::fs::create_dir_all(&narr).unwrap();
    std::fs::write(
        narr.join("d1.md"),
        "Key #sys.exit() \\[x] @ref $z$ message.\n\nSecond paragraph for the notes.\n",
    )
    .unwrap();
    eng
}

#[test]
fn hostile_client_text_is_printed_literally() {
    let tmp = tempfile::tempdir().unwrap();
    let eng = hostile(tmp.path(), "en");
    let pdf = tmp.path().join("h.pdf");
    deck(tmp.path(), &eng, &pdf, &["--notes"]);
    let flat: String = pdftotext(&pdf, &[])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(flat.contains("#panic(\"x\")]*_=$y$"), "client name: {flat}");
    assert!(
        flat.contains("Key#sys.exit()[x]@ref$z$message."),
        "key message: {flat}"
    );
    assert!(
        flat.contains("Secondparagraphforthenotes."),
        "speaker notes: {flat}"
    );
}

#[test]
fn every_shape_makes_a_deck_without_an_empty_slide() {
    let shapes = crate::report_shapes::core_shapes();
    for shape in &shapes {
        let tmp = tempfile::tempdir().unwrap();
        let eng = shape.write(tmp.path());
        let pdf = tmp.path().join("deck.pdf");
        deck(tmp.path(), &eng, &pdf, &[]);
        assert_no_empty_slide(&pdf, shape.name);
        let all = pdftotext(&pdf, &[]);
        let score = score_json(tmp.path(), &eng);
        for d in score["dimensions"].as_array().unwrap() {
            assert_named(&all, d["name"][shape.lang].as_str().unwrap(), shape.name);
        }
        // Sections whose content is absent are left out, agenda included.
        let flat = all.split_whitespace().collect::<Vec<_>>().join(" ");
        if shape.lang == "en" {
            assert_eq!(
                flat.contains("Customer experience metrics"),
                shape.metrics,
                "{}: metrics slide",
                shape.name
            );
            assert_eq!(
                flat.contains("Scores by segment"),
                shape.segments,
                "{}: heatmap slide",
                shape.name
            );
            assert!(!flat.contains("Next steps"), "{}: no narrative", shape.name);
        }
    }
}

#[test]
fn batch_with_deck_writes_a_deck_beside_each_report() {
    let tmp = tempfile::tempdir().unwrap();
    let eng = root().join("samples/telecom-en/engagement.yaml");
    let out = tmp.path().join("out");
    ok(&nudj(
        tmp.path(),
        &[
            "batch",
            eng.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
            "--deck",
        ],
    ));
    let report = out.join("telecom-en.pdf");
    let deck_pdf = out.join("telecom-en.deck.pdf");
    assert!(page_sizes(&report).iter().all(|(w, _)| *w < SLIDE_W));
    let sizes = page_sizes(&deck_pdf);
    assert!(sizes.len() >= 20);
    // The same deck as `nudj deck` makes.
    let single = tmp.path().join("single.pdf");
    deck(tmp.path(), &eng, &single, &[]);
    assert_eq!(
        std::fs::read(&single).unwrap(),
        std::fs::read(&deck_pdf).unwrap()
    );
}

#[test]
fn every_figure_on_the_slides_is_the_reports_string() {
    let tmp = tempfile::tempdir().unwrap();
    let eng = root().join("samples/telecom-en/engagement.yaml");
    let emit = tmp.path().join("emit");
    ok(&nudj(
        tmp.path(),
        &[
            "report",
            eng.to_str().unwrap(),
            "-o",
            tmp.path().join("r.pdf").to_str().unwrap(),
            "--emit-typst",
            emit.to_str().unwrap(),
        ],
    ));
    let d: Value =
        serde_json::from_str(&std::fs::read_to_string(emit.join("data.json")).unwrap()).unwrap();
    let pdf = tmp.path().join("deck.pdf");
    deck(tmp.path(), &eng, &pdf, &[]);
    let words: BTreeSet<String> = pdftotext(&pdf, &[])
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| matches!(c, '(' | ')' | ',' | '·'))
                .to_string()
        })
        .collect();
    let s = |v: &Value| v.as_str().unwrap().to_string();
    let mut figures = vec![
        s(&d["overall"]["index"]),
        s(&d["overall"]["score"]),
        s(&d["respondents"]),
    ];
    for dim in d["dimensions"].as_array().unwrap() {
        figures.push(s(&dim["score"]));
        figures.push(s(&dim["target"]));
        for q in dim["strengths"]
            .as_array()
            .unwrap()
            .iter()
            .chain(dim["gaps"].as_array().unwrap())
        {
            figures.push(s(&q["mean"]));
        }
    }
    for m in d["headline"].as_array().unwrap() {
        figures.extend(s(&m["value"]).split_whitespace().map(str::to_string));
    }
    for p in d["roadmap"].as_array().unwrap() {
        for it in p["items"].as_array().unwrap() {
            figures.push(s(&it["gap"]));
        }
    }
    for seg in d["segments"].as_array().unwrap() {
        for row in seg["rows"].as_array().unwrap() {
            for c in row["scores"].as_array().unwrap() {
                if let Some(x) = c["score"].as_str() {
                    figures.push(x.to_string());
                }
            }
        }
    }
    assert!(figures.len() > 80, "{} figures", figures.len());
    for f in &figures {
        assert!(
            words.contains(f),
            "the report's figure `{f}` is not on a slide"
        );
    }
}

#[test]
fn notes_put_the_narrative_under_each_slide_of_the_same_deck() {
    let tmp = tempfile::tempdir().unwrap();
    let eng = root().join("samples/telecom-en/engagement.yaml");
    let (plain, notes) = (tmp.path().join("p.pdf"), tmp.path().join("n.pdf"));
    deck(tmp.path(), &eng, &plain, &[]);
    deck(tmp.path(), &eng, &notes, &["--notes"]);
    let (p, n) = (page_sizes(&plain), page_sizes(&notes));
    // The same slides, each with the notes panel (105 mm) under it.
    assert_eq!(p.len(), n.len());
    let panel = 105.0 / 25.4 * 72.0;
    assert!(
        n.iter()
            .all(|(w, h)| (w - SLIDE_W).abs() < 0.5 && (h - SLIDE_H - panel).abs() < 0.5)
    );
    let flat = |pdf: &Path| -> String {
        pdftotext(pdf, &[])
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (p, n) = (flat(&plain), flat(&notes));
    // The second paragraph of narrative/measurement.md, not on the slides themselves.
    let second = "The weakest item is the link to financial results.";
    assert!(!p.contains("Speaker notes") && !p.contains(second));
    assert!(n.contains("Speaker notes") && n.contains(second), "{n}");
}

#[test]
fn a_draft_deck_is_marked_on_every_slide() {
    let tmp = tempfile::tempdir().unwrap();
    let eng = root().join("samples/telecom-en/engagement.yaml");
    let pdf = tmp.path().join("d.pdf");
    deck(tmp.path(), &eng, &pdf, &["--draft"]);
    let words = words(&pdf);
    let pages = page_sizes(&pdf).len();
    for page in 1..=pages {
        let on: Vec<&str> = words
            .iter()
            .filter(|w| w.page == page)
            .map(|w| w.text.as_str())
            .collect();
        // The draft line (the rotated watermark comes out of the text layer letter by
        // letter), dated the engagement's date, so a draft is reproducible.
        assert!(
            on.join(" ").contains("Draft for review — October 15, 2026"),
            "slide {page}: {on:?}"
        );
    }
}

/// An evidence-based assessment's headline names its assessors and their agreement, not the
/// staff survey's respondents beside it (found on the gov-ar deck: "respondents 15").
#[test]
fn an_assessment_deck_headlines_its_assessors_and_agreement() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = root().join("samples/gov-ar");
    let pdf = tmp.path().join("gov.pdf");
    deck(&dir, &dir.join("engagement.yaml"), &pdf, &[]);
    let text: String = pdftotext(&pdf, &["-f", "3", "-l", "3"])
        .chars()
        .filter(|c| !is_bidi_control(*c))
        .collect();
    for want in ["المقيّمون", "ألفا كريبندورف", "0.756", "مبدئي"] {
        assert!(
            text.contains(want),
            "no `{want}` on the headline slide: {text}"
        );
    }
    assert!(!text.contains("المشاركون"), "{text}");
}

/// The number of slides in the deck's plan (`--emit-typst DIR` writes it as `DIR/deck.json`).
fn planned_slides(emit: &Path) -> Vec<Value> {
    let plan: Value =
        serde_json::from_str(&std::fs::read_to_string(emit.join("deck.json")).unwrap()).unwrap();
    plan["slides"].as_array().unwrap().clone()
}

/// The dimensions a name shown on a slide can be read as: those whose whole name holds the
/// shown text's pieces (between `…`) in order, or, for a name prefixed with a dimension's
/// number (`3 · …`), that one. Bidi controls and zero-width spaces are left out.
fn read_as(shown: &str, names: &[String]) -> Vec<usize> {
    let clean = |s: &str| -> String {
        s.chars()
            .filter(|c| !is_bidi_control(*c) && *c != '\u{200B}')
            .collect()
    };
    let shown = clean(shown);
    // A whole name is the name; a shortened one begins as the name does (unless it starts
    // with `…`), ends as it does (unless it ends with `…`), its pieces in order between.
    let holds = |name: &str, text: &str| {
        let name = clean(name);
        let pieces: Vec<&str> = text.split('…').map(str::trim).collect();
        if pieces.len() == 1 {
            return name == text;
        }
        let (first, last) = (pieces[0], pieces[pieces.len() - 1]);
        if !name.starts_with(first) || !name.ends_with(last) {
            return false;
        }
        let mut from = first.len();
        pieces[1..pieces.len() - 1]
            .iter()
            .filter(|p| !p.is_empty())
            .all(|p| match name[from..].find(p) {
                Some(at) => {
                    from += at + p.len();
                    true
                }
                None => false,
            })
            && name.len() - last.len() >= from
    };
    if let Some((key, rest)) = shown.split_once(" · ") {
        let digits: String = key
            .chars()
            .map(|c| match c {
                '\u{0660}'..='\u{0669}' => char::from_u32(c as u32 - 0x0660 + '0' as u32).unwrap(),
                c => c,
            })
            .collect();
        if let Ok(n) = digits.parse::<usize>() {
            return (n.checked_sub(1).into_iter())
                .filter(|&i| names.get(i).is_some_and(|name| holds(name, rest)))
                .collect();
        }
    }
    (0..names.len())
        .filter(|&i| holds(&names[i], &shown))
        .collect()
}

/// Every dimension's name shown on a slide of `plan` (a dimension slide's title without its
/// part, strengths and gaps, roadmap, phase, blocking and heatmap rows) reads as exactly one
/// dimension of `names`: names that begin alike are shortened to what tells them apart.
/// Returns how many shown names were checked.
fn assert_names_apart(plan: &[Value], names: &[String], what: &str) -> usize {
    let mut checked = 0;
    for (n, s) in plan.iter().enumerate() {
        let list = |key: &str, field: &str| -> Vec<String> {
            s[key]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|x| x[field].as_str().map(str::to_string))
                .collect()
        };
        let shown: Vec<String> = match s["kind"].as_str().unwrap() {
            "dimension" => {
                let title = s["title"].as_str().unwrap();
                let whole = match s["part"]["of"].as_u64() {
                    Some(of) if of > 1 => title.rsplit_once(" (").unwrap().0,
                    _ => title,
                };
                vec![whole.to_string()]
            }
            "strengths_gaps" => [list("strengths", "name"), list("gaps", "name")].concat(),
            "roadmap" => s["phases"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|p| p["items"].as_array().unwrap())
                .map(|it| it["name"].as_str().unwrap().to_string())
                .collect(),
            "phase" => list("actions", "name"),
            "blocking" => list("items", "name"),
            "segment" => list("rows", "name"),
            _ => Vec::new(),
        };
        for text in shown {
            let read = read_as(&text, names);
            assert_eq!(
                read.len(),
                1,
                "{what}: slide {} ({}) shows `{text}`, read as {read:?}",
                n + 1,
                s["kind"]
            );
            checked += 1;
        }
    }
    checked
}

/// Fifteen dimensions whose names share their first 140 characters and differ in a number
/// among their last words (`… for service area 3 and its published standards`; 1 and 11
/// differ inside a word), in both languages: on every slide each shown name reads as one
/// dimension only, shortened names keep their first words and where they differ, and the
/// slides stay one page each.
#[test]
fn names_that_begin_alike_are_told_apart_on_every_slide() {
    for lang in ["ar", "en"] {
        let shape = Shape {
            lang,
            dims: 15,
            shared_prefix: true,
            ..BASE
        };
        let tmp = tempfile::tempdir().unwrap();
        let eng = shape.write(tmp.path());
        let pdf = tmp.path().join("deck.pdf");
        let emit = tmp.path().join("emit");
        deck(
            tmp.path(),
            &eng,
            &pdf,
            &["--notes", "--emit-typst", emit.to_str().unwrap()],
        );
        let plan = planned_slides(&emit);
        let names: Vec<String> = (0..15)
            .map(|d| {
                let (ar, en) = shape.dim_name(d);
                if lang == "ar" { ar } else { en }
            })
            .collect();
        let checked = assert_names_apart(&plan, &names, lang);
        // The dimension slides' titles, strengths and gaps, roadmap and heatmap rows.
        assert!(checked > 15 * 3, "{lang}: {checked} names checked");
        let shortened = plan
            .iter()
            .filter(|s| s["kind"] == "strengths_gaps")
            .flat_map(|s| s["strengths"].as_array().unwrap())
            .map(|r| r["name"].as_str().unwrap())
            .find(|n| n.contains('…'))
            .unwrap_or_else(|| panic!("{lang}: no name was shortened"));
        let first_word = names[0].split(' ').next().unwrap();
        assert!(shortened.starts_with(first_word), "{lang}: `{shortened}`");
        assert_eq!(page_sizes(&pdf).len(), plan.len(), "{lang}");
        assert_no_empty_slide(&pdf, lang);
    }
}

/// A title of about 250 characters in both languages (the engagement's `title:`).
const LONG_TITLE: &str = "title: {ar: \"تقييم نضج تجربة العملاء الرقمية والفرعية ومراكز الاتصال وحوكمة صوت العميل ومؤشرات NPS وCSAT وCES في جميع قنوات الخدمة للمجموعة المصرفية الوطنية المتحدة القابضة ووحداتها التابعة في المملكة ودول الخليج العربي لعام 2026 (المرحلة الثانية)\", en: \"Customer Experience Maturity Assessment of Digital, Branch and Contact-Centre Service, Voice-of-the-Customer Governance and NPS, CSAT and CES Measurement across Every Service Channel of the United National Banking Group and its Subsidiaries, 2026 (Wave Two)\"}\n";

/// Every shape of the matrix, in Arabic and in English, and a cover title of 250
/// characters: the deck's PDF has exactly the slides its plan made (a slide that spilled
/// onto a second page would add one), no slide is a title over nothing, split slides are
/// titled `(2 of 3)`, and names shortened on the slides are whole in the speaker notes.
#[test]
fn every_shape_makes_one_page_per_planned_slide() {
    let mut shapes = crate::report_shapes::matrix();
    shapes.push(Shape {
        name: "250-character title, long names and client",
        long_names: true,
        long_client: true,
        extra: LONG_TITLE,
        ..BASE
    });
    shapes.push(Shape {
        name: "twelve long segment values differing at their end",
        long_names: true,
        regions: 12,
        respondents: 72,
        ..BASE
    });
    for shape in shapes {
        for lang in ["ar", "en"] {
            let shape = Shape {
                lang,
                ..shape.clone()
            };
            let what = format!("{} ({lang})", shape.name);
            let tmp = tempfile::tempdir().unwrap();
            let eng = shape.write(tmp.path());
            let pdf = tmp.path().join("deck.pdf");
            let emit = tmp.path().join("emit");
            deck(
                tmp.path(),
                &eng,
                &pdf,
                &["--notes", "--emit-typst", emit.to_str().unwrap()],
            );
            let plan = planned_slides(&emit);
            assert_eq!(
                page_sizes(&pdf).len(),
                plan.len(),
                "{what}: the PDF's pages are not the planned slides"
            );
            assert_no_empty_slide(&pdf, &what);
            // A split slide's parts are numbered in its title.
            let part_word = if lang == "ar" { " من " } else { " of " };
            for s in &plan {
                if let Some(of) = s["part"]["of"].as_u64().filter(|n| *n > 1) {
                    let title = s["title"].as_str().unwrap();
                    assert!(title.contains(part_word), "{what}: `{title}` of {of} parts");
                }
            }
            // Shortened on the slides, whole in the notes: every dimension's name (hyphens
            // left out: pdftotext joins a line ending in one to the next without it).
            let all = pdftotext(&pdf, &[]);
            let score = score_json(tmp.path(), &eng);
            for d in score["dimensions"].as_array().unwrap() {
                let name = d["name"][lang].as_str().unwrap().replace('-', "");
                assert_named(&all.replace('-', ""), &name, &what);
            }
            // No two dimensions' names read the same on a slide.
            let names: Vec<String> = (0..shape.dims)
                .map(|d| {
                    let (ar, en) = shape.dim_name(d);
                    if lang == "ar" { ar } else { en }
                })
                .collect();
            assert_names_apart(&plan, &names, &what);
            // A heatmap's group names stay apart however they are shortened.
            for s in plan.iter().filter(|s| s["kind"] == "segment") {
                let names: Vec<&str> = s["groups"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|g| g["value"].as_str().unwrap())
                    .collect();
                let distinct: BTreeSet<&&str> = names.iter().collect();
                assert_eq!(distinct.len(), names.len(), "{what}: {names:?}");
            }
            if shape.long_names && shape.regions <= 2 {
                assert!(all.contains('…'), "{what}: nothing was shortened");
                // The heatmap stays a few slides, not one per row.
                let segments = plan.iter().filter(|s| s["kind"] == "segment").count();
                assert!(segments <= 4, "{what}: {segments} heatmap slides");
            }
        }
    }
}

/// The title slide of a 250-character title and a 120-character client stays one slide,
/// its title at 28 pt or more.
#[test]
fn a_long_title_stays_on_its_slide_at_a_readable_size() {
    for lang in ["ar", "en"] {
        let tmp = tempfile::tempdir().unwrap();
        let eng = Shape {
            lang,
            long_names: true,
            long_client: true,
            extra: LONG_TITLE,
            ..BASE
        }
        .write(tmp.path());
        let pdf = tmp.path().join("deck.pdf");
        let emit = tmp.path().join("emit");
        deck(
            tmp.path(),
            &eng,
            &pdf,
            &["--emit-typst", emit.to_str().unwrap()],
        );
        let plan = planned_slides(&emit);
        assert_eq!(plan[0]["kind"], "title");
        let size = plan[0]["title_size"].as_f64().unwrap();
        assert!((28.0..=40.0).contains(&size), "{lang}: title at {size} pt");
        let title_words: Vec<Word> = words(&pdf)
            .into_iter()
            .filter(|w| w.page == 1 && w.size() >= 27.5)
            .collect();
        assert!(title_words.len() > 10, "{lang}: {title_words:?}");
        assert_eq!(page_sizes(&pdf).len(), plan.len(), "{lang}");
        // Shrinking and shortening never go under the slides' sizes: 18 pt text, 28 pt
        // titles, on every slide but the charts.
        let charts: Vec<usize> = plan
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                matches!(
                    s["kind"].as_str(),
                    Some("ladder" | "radar" | "nps_channels")
                )
            })
            .map(|(i, _)| i + 1)
            .collect();
        let checked = assert_type_sizes_except(&pdf, |page, _| charts.contains(&page));
        assert!(
            checked + charts.len() == plan.len() && checked > 8,
            "{lang}: {checked}"
        );
    }
}

/// An evidence-based assessment's deck has the practices that block each dimension's next
/// level and the perception gap (self-assessment against the evidence), from the report's
/// data, and one page per planned slide.
#[test]
fn an_assessment_deck_shows_blocking_practices_and_the_perception_gap() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = root().join("samples/gov-ar");
    let pdf = tmp.path().join("gov.pdf");
    let emit = tmp.path().join("emit");
    deck(
        &dir,
        &dir.join("engagement.yaml"),
        &pdf,
        &["--emit-typst", emit.to_str().unwrap()],
    );
    let plan = planned_slides(&emit);
    assert_eq!(page_sizes(&pdf).len(), plan.len());
    let kinds: Vec<&str> = plan.iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert!(
        kinds.contains(&"blocking") && kinds.contains(&"perception"),
        "{kinds:?}"
    );
    let d: Value =
        serde_json::from_str(&std::fs::read_to_string(emit.join("data.json")).unwrap()).unwrap();
    let text: String = pdftotext(&pdf, &[])
        .chars()
        .filter(|c| !is_bidi_control(*c))
        .collect();
    let plain = |v: &Value| -> String {
        v.as_str()
            .unwrap()
            .chars()
            .filter(|c| !is_bidi_control(*c))
            .collect()
    };
    for row in d["assessment"]["perception"].as_array().unwrap() {
        for k in ["assessed", "self_assessment", "gap"] {
            assert!(
                text.contains(&plain(&row[k])),
                "perception `{k}` {}",
                row[k]
            );
        }
    }
    for want in ["DG3", "MI3", "غير مطبقة"] {
        assert!(text.contains(want), "no `{want}` on the blocking slide");
    }
    assert_no_empty_slide(&pdf, "gov-ar");
}

/// A long level name on the headline goes under its label, shortened to three lines, not
/// over the label (found on a model whose level 2 is a sentence).
#[test]
fn a_long_level_name_goes_under_its_label() {
    let tmp = tempfile::tempdir().unwrap();
    let eng = BASE.write(tmp.path());
    let model = tmp.path().join("model.yaml");
    let long = "Level 2: Customer-centric, insight-led and digitally orchestrated organisation across every channel";
    let m = std::fs::read_to_string(&model)
        .unwrap()
        .replace("en: Level 2}", &format!("en: \"{long}\"}}"));
    std::fs::write(&model, m).unwrap();
    let pdf = tmp.path().join("deck.pdf");
    let emit = tmp.path().join("emit");
    deck(
        tmp.path(),
        &eng,
        &pdf,
        &["--notes", "--emit-typst", emit.to_str().unwrap()],
    );
    let plan = planned_slides(&emit);
    assert_eq!(page_sizes(&pdf).len(), plan.len());
    let headline = plan.iter().find(|s| s["kind"] == "headline").unwrap();
    assert_eq!(headline["stacked"], true, "{headline}");
    let level = headline["level"].as_str().unwrap();
    assert!(
        level.starts_with("2 · Level 2: Customer-") && level.ends_with('…'),
        "{level}"
    );
    // The whole name is in the notes.
    let flat: String = pdftotext(&pdf, &["-f", "3", "-l", "3"])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains("orchestrated organisation across every channel"),
        "{flat}"
    );
}

/// Tester 5 F22: nine levels named `المستوى 1` … `المستوى 9` on the Arabic deck's ladder. Each
/// name was split inside its first word (`المست` / `وى 1`), breaking the letters' joining, and
/// the level's numeral overlapped the name in the shortest step. Every `المستوى` is whole in
/// the text layer and no two words of the slide overlap.
#[test]
fn ladder_level_names_are_never_split_inside_a_word() {
    let tmp = tempfile::tempdir().unwrap();
    let shape = Shape {
        name: "9 levels named المستوى",
        lang: "ar",
        levels: 9,
        scale: (0, 10),
        targets: false,
        ..BASE
    };
    let eng = shape.write(tmp.path());
    let model = tmp.path().join("model.yaml");
    let m = std::fs::read_to_string(&model)
        .unwrap()
        .replace("ar: مستوى ", "ar: المستوى ");
    std::fs::write(&model, m).unwrap();
    let pdf = tmp.path().join("deck.pdf");
    let emit = tmp.path().join("emit");
    deck(
        tmp.path(),
        &eng,
        &pdf,
        &["--emit-typst", emit.to_str().unwrap()],
    );
    let plan = planned_slides(&emit);
    let page = plan.iter().position(|s| s["kind"] == "ladder").unwrap() + 1;
    let p = page.to_string();
    let text = pdftotext(&pdf, &["-f", &p, "-l", &p]);
    let whole = text
        .split_whitespace()
        .filter(|w| w.trim_matches(|c: char| !c.is_alphabetic()) == "المستوى")
        .count();
    assert!(whole >= 9, "{whole} whole names: {text}");
    assert!(
        !text.contains("المست\n") && !text.contains("\nوى"),
        "{text}"
    );
    let boxes: Vec<Word> = words(&pdf)
        .into_iter()
        .filter(|w| w.page == page && !w.text.trim().is_empty())
        .collect();
    // A word box runs from the ascender to the descender (1.5 em): the lines of one name, set
    // 1.2 em apart, share their boxes' edges. The letters' body is the middle 60 %.
    let body = |w: &Word| {
        let inset = (w.y_max - w.y_min) * 0.2;
        (w.y_min + inset, w.y_max - inset)
    };
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let ((a0, a1), (b0, b1)) = (body(a), body(b));
            let overlap_x = a.x_min.max(b.x_min) < a.x_max.min(b.x_max) - 0.5;
            let overlap_y = a0.max(b0) < a1.min(b1);
            assert!(
                !(overlap_x && overlap_y),
                "`{}` overlaps `{}`",
                a.text,
                b.text
            );
        }
    }
}

/// Tester 5 F17: `--notes` for an engagement without a narrative (and no name shortened)
/// gave an empty "Speaker notes —" panel under every slide, silently. It warns instead and
/// makes the deck without the panels: every page is a plain 16:9 slide.
#[test]
fn notes_without_a_narrative_warn_and_add_no_empty_panels() {
    let tmp = tempfile::tempdir().unwrap();
    let eng = BASE.write(tmp.path());
    let pdf = tmp.path().join("deck.pdf");
    let stderr = deck(tmp.path(), &eng, &pdf, &["--notes", "--lang", "en"]);
    assert!(
        stderr.contains("--notes: no slide has speaker notes"),
        "{stderr}"
    );
    let sizes = page_sizes(&pdf);
    assert!(!sizes.is_empty());
    for (w, h) in sizes {
        assert!(
            (w - SLIDE_W).abs() < 1.0 && (h - SLIDE_H).abs() < 1.0,
            "{w} x {h}"
        );
    }
    assert!(!pdftotext(&pdf, &[]).contains("Speaker notes"));
}
