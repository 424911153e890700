//! The consultant's voice through the real binary: personal data never reaches the PDF,
//! narrative quotes are tied to the data, Typst syntax in Markdown stays literal, drafts are
//! marked. PDF text is read with `pdftotext` (poppler-utils).

use std::path::Path;
use std::process::Command;

use rust_xlsxwriter::Workbook;

use crate::common::{NUDJ, SmallModel, nudj, pdftotext, small_engagement};

/// The voice model: one dimension of two questions, NPS reported.
fn model() -> String {
    SmallModel::new("voice", ("نموذج", "Voice model"))
        .levels(&[1.0, 2.5])
        .dimension(
            "lead",
            ("القيادة", "Leadership"),
            &[
                ("L1", "سؤال أ", "Question L1"),
                ("L2", "سؤال ب", "Question L2"),
            ],
        )
        .metrics("nps: {target: 20}")
        .yaml()
}

/// Personal data planted in the workbook; none of it may reach the PDF.
const SECRETS: &[&str] = &[
    "Huda Alqahtani",
    "huda.q@example.com",
    "0551234567",
    "ali.s@bank.example.sa",
    "123 4567",
    "+971 50 765 4321",
    "٠٥٥٩٨٧٦٥٤٣",
    "+20 10 2345 6789",
    "omar@example.com",
];

fn engagement(segments: &str, extra: &str) -> String {
    small_engagement(
        "en",
        &format!(
            "segments: {segments}\ncomments: [Comments]\nnarrative: narrative\nmin_segment_size: 2\n{extra}"
        ),
    )
}

fn write_workbook(path: &Path) {
    write_workbook_with(path, 4);
}

/// The workbook, with respondent R1's answer to L1 given (4 in [`write_workbook`]).
fn write_workbook_with(path: &Path, r1_l1: i32) {
    let mut wb = Workbook::new();
    let s = wb.add_worksheet().set_name("Responses").unwrap();
    let header = [
        "respondent",
        "Name",
        "E-mail",
        "Team",
        "L1",
        "L2",
        "Comments",
        "Contact no",
    ];
    for (c, h) in header.iter().enumerate() {
        s.write(0, c as u16, *h).unwrap();
    }
    let rows = [
        (
            "R1",
            "Huda Alqahtani",
            "huda.q@example.com",
            "Branches",
            r1_l1,
            3,
            "Call me on 0551234567 or write to ali.s@bank.example.sa about the queue.",
            "0551234567",
        ),
        (
            "R2",
            "Omar Farouk",
            "omar@example.com",
            "Branches",
            2,
            3,
            "Managers use #hashtags, $math$, @labels, <tags> and ]brackets[ freely.",
            "123 4567",
        ),
        (
            "R3",
            "Sara",
            "sara@example.com",
            "Digital",
            5,
            4,
            "The app is good; my UAE number is +971 50 765 4321.",
            "0509998887",
        ),
        (
            "R4",
            "Ali",
            "ali@example.com",
            "Digital",
            3,
            3,
            "رقمي ٠٥٥٩٨٧٦٥٤٣ للتواصل",
            "0509998886",
        ),
    ];
    for (i, (id, name, mail, team, l1, l2, comment, phone)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        s.write(r, 0, *id).unwrap();
        s.write(r, 1, *name).unwrap();
        s.write(r, 2, *mail).unwrap();
        s.write(r, 3, *team).unwrap();
        s.write(r, 4, *l1).unwrap();
        s.write(r, 5, *l2).unwrap();
        s.write(r, 6, *comment).unwrap();
        s.write(r, 7, *phone).unwrap();
    }
    let s = wb.add_worksheet().set_name("NPS").unwrap();
    for (c, h) in ["score", "channel", "comment"].iter().enumerate() {
        s.write(0, c as u16, *h).unwrap();
    }
    let nps = [
        (10, "app", "Great app, call me at +20 10 2345 6789"),
        (8, "app", "Fine but slow transfers"),
        (3, "branch", "Waited an hour, nobody came"),
        (9, "branch", "Friendly staff"),
    ];
    for (i, (score, ch, comment)) in nps.iter().enumerate() {
        let r = i as u32 + 1;
        s.write(r, 0, *score).unwrap();
        s.write(r, 1, *ch).unwrap();
        s.write(r, 2, *comment).unwrap();
    }
    wb.save(path).unwrap();
}

/// A fresh engagement folder with the given segments, engagement extras and narrative.
fn folder(segments: &str, extra: &str, narrative: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("model.yaml"), model()).unwrap();
    std::fs::write(
        dir.path().join("engagement.yaml"),
        engagement(segments, extra),
    )
    .unwrap();
    write_workbook(&dir.path().join("data.xlsx"));
    std::fs::create_dir(dir.path().join("narrative")).unwrap();
    for (name, text) in narrative {
        std::fs::write(dir.path().join("narrative").join(name), text).unwrap();
    }
    dir
}

fn pdf_text(pdf: &Path) -> String {
    // -raw: content-stream order, so the rotated watermark comes out as one word.
    pdftotext(pdf, &["-raw"])
}

const LEAD: &str = "# Findings\n\nQueues are long. Literal: #set page(width: 1cm) $x^2$ @ref <label> ] [.\n\n{{ quote(\"R1\") }}\n\n{{ quote(\"Responses!G3\") }}\n\n{{ quote(\"NPS!C2\") }}\n\nAfter the quotes.\n";

#[test]
fn personal_data_never_reaches_the_pdf_and_quotes_come_from_the_data() {
    let dir = folder("[Team]", "", &[("lead.md", LEAD)]);
    let out = nudj(dir.path(), &["report", "engagement.yaml", "-o", "r.pdf"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = pdf_text(&dir.path().join("r.pdf"));
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for secret in SECRETS {
        assert!(!flat.contains(secret), "`{secret}` reached the PDF");
    }
    // pdftotext may break lines anywhere: check digits of the phones without spaces too.
    let digits: String = flat.chars().filter(char::is_ascii_digit).collect();
    assert!(!digits.contains("0551234567") && !digits.contains("971507654321"));
    // The quotes were inserted, masked, with their attribution.
    assert!(flat.contains("about the queue."), "{flat}");
    assert!(flat.contains("Branches, R1"), "{flat}");
    // An NPS comment is attributed to its channel and its group with the score given
    // (NPS!C2 is the 10 given in the app), not to a cell reference.
    assert!(flat.contains("app, Promoter (10)"), "{flat}");
    assert!(!flat.contains("NPS!C2"), "{flat}");
    // Markdown and comments with Typst syntax come out literally.
    assert!(
        flat.contains("#set page(width: 1cm) $x^2$ @ref <label> ] ["),
        "{flat}"
    );
    assert!(
        flat.contains("#hashtags, $math$, @labels, <tags> and ]brackets["),
        "{flat}"
    );
    // NPS comments are grouped in the appendix.
    assert!(
        flat.contains("Why customers gave their NPS score"),
        "{flat}"
    );
    assert!(flat.contains("Detractors"));
    assert!(flat.contains("Waited an hour"));
}

#[test]
fn a_personal_column_named_as_segment_is_refused() {
    for (segments, why) in [
        ("[Name]", "its header names personal data"),
        // The header does not say so, but the values are phone numbers.
        ("[\"Contact no\"]", "e-mail addresses or phone numbers"),
    ] {
        let dir = folder(segments, "", &[]);
        let out = nudj(dir.path(), &["report", "engagement.yaml", "-o", "r.pdf"]);
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("engagement.yaml"), "{err}");
        assert!(err.contains("holds personal data"), "{err}");
        assert!(err.contains(why), "{err}");
        assert!(!dir.path().join("r.pdf").exists());
    }
}

#[test]
fn an_unknown_quote_names_file_line_and_suggestion() {
    let dir = folder(
        "[Team]",
        "",
        &[("lead.md", "One.\n\nTwo.\n\n{{ quote(\"R11\") }}\n")],
    );
    let out = nudj(dir.path(), &["report", "engagement.yaml", "-o", "r.pdf"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("lead.md"), "{err}");
    assert!(err.contains(":5:1"), "{err}");
    assert!(err.contains("no respondent `R11` with a comment"), "{err}");
    assert!(err.contains("did you mean `R1`?"), "{err}");
}

#[test]
fn drafts_carry_watermark_version_and_date_on_every_page() {
    let dir = folder("[Team]", "", &[]);
    let args = [
        "report",
        "engagement.yaml",
        "-o",
        "d.pdf",
        "--draft-version",
        "v7",
        "--draft-date",
        "2026-02-03",
    ];
    let out = nudj(dir.path(), &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = pdf_text(&dir.path().join("d.pdf"));
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() > 3);
    for (i, p) in pages.iter().enumerate() {
        assert!(p.contains("DRAFT"), "page {} has no watermark", i + 1);
        assert!(
            p.contains("Draft v7 for review"),
            "page {} has no version line",
            i + 1
        );
        assert!(
            p.contains("3 February 2026") || p.contains("February 3, 2026"),
            "page {}: {p}",
            i + 1
        );
    }
    // The final issue has none, and is the same bytes twice.
    assert!(
        nudj(dir.path(), &["report", "engagement.yaml", "-o", "f1.pdf"])
            .status
            .success()
    );
    assert!(
        nudj(dir.path(), &["report", "engagement.yaml", "-o", "f2.pdf"])
            .status
            .success()
    );
    let f = pdf_text(&dir.path().join("f1.pdf"));
    assert!(!f.contains("DRAFT") && !f.contains("Draft v7"));
    assert_eq!(
        std::fs::read(dir.path().join("f1.pdf")).unwrap(),
        std::fs::read(dir.path().join("f2.pdf")).unwrap()
    );
}

/// `nudj report --watch` running in the background; killed when dropped (also on a failed
/// assertion). Its stderr lines arrive on a channel.
struct Watch {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
    log: Vec<String>,
}

impl Watch {
    fn start(dir: &Path, pdf: &str) -> Watch {
        let mut child = Command::new(NUDJ)
            .args(["report", "engagement.yaml", "-o", pdf, "--watch"])
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run nudj --watch");
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Watch {
            child,
            lines,
            log: Vec::new(),
        }
    }

    /// The next render's "wrote ..." line. The limit only guards against a hang on a loaded
    /// machine; nothing here asserts a duration.
    fn next_render(&mut self) -> String {
        let limit = std::time::Duration::from_secs(180);
        loop {
            match self.lines.recv_timeout(limit) {
                Ok(line) => {
                    self.log.push(line.clone());
                    if line.contains("wrote ") {
                        return line;
                    }
                    assert!(!line.contains("error"), "{}", self.log.join("\n"));
                }
                Err(_) => panic!("no render; stderr so far:\n{}", self.log.join("\n")),
            }
        }
    }
}

impl Watch {
    /// Waits for a stderr line containing `needle`.
    fn wait_for(&mut self, needle: &str) {
        let limit = std::time::Duration::from_secs(180);
        loop {
            match self.lines.recv_timeout(limit) {
                Ok(line) => {
                    self.log.push(line.clone());
                    if line.contains(needle) {
                        return;
                    }
                }
                Err(_) => panic!("no `{needle}`; stderr so far:\n{}", self.log.join("\n")),
            }
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn watch_rerenders_a_narrative_edit_reusing_workbook_score_and_charts() {
    let dir = folder(
        "[Team]",
        "",
        &[("lead.md", "Findings: first draft text.\n")],
    );
    let mut w = Watch::start(dir.path(), "w.pdf");
    let first = w.next_render();
    assert!(!first.contains("reused"), "{first}");
    let pdf = dir.path().join("w.pdf");
    assert!(pdf_text(&pdf).contains("Findings: first draft text."));
    std::fs::write(
        dir.path().join("narrative/lead.md"),
        "Findings: the second, longer draft.\n\n{{ quote(\"R3\") }}\n",
    )
    .unwrap();
    let second = w.next_render();
    assert!(
        second.contains("workbook, score and charts reused"),
        "{second}"
    );
    let text = pdf_text(&pdf);
    assert!(
        text.contains("Findings: the second, longer draft."),
        "{text}"
    );
    assert!(!text.contains("first draft"), "{text}");
    assert!(text.contains("The app is good"), "the quote: {text}");
    // A narrative typo is reported and the watch goes on; fixing it renders again.
    std::fs::write(
        dir.path().join("narrative/lead.md"),
        "{{ quote(\"R9\") }}\n",
    )
    .unwrap();
    w.wait_for("no respondent `R9` with a comment");
    std::fs::write(dir.path().join("narrative/lead.md"), "Fixed.\n").unwrap();
    let third = w.next_render();
    assert!(third.contains("reused"), "{third}");
    assert!(pdf_text(&pdf).contains("Fixed."));
}

/// Tester 6 F11: a sync tool deletes the workbook and writes it again; the render in
/// between fails ("not found"), and the watch used to go deaf (only the engagement was
/// watched after the failed load). The workbook's return re-renders, and later edits too.
#[test]
fn watch_survives_a_workbook_that_disappears_for_a_moment() {
    let dir = folder("[Team]", "", &[("lead.md", "Findings: before.\n")]);
    let mut w = Watch::start(dir.path(), "w.pdf");
    w.next_render();
    let (data, away) = (dir.path().join("data.xlsx"), dir.path().join("data.bak"));
    std::fs::rename(&data, &away).unwrap();
    w.wait_for("not found");
    std::fs::rename(&away, &data).unwrap();
    w.next_render();
    std::fs::write(dir.path().join("narrative/lead.md"), "Findings: after.\n").unwrap();
    w.next_render();
    assert!(pdf_text(&dir.path().join("w.pdf")).contains("Findings: after."));
}

#[test]
fn watch_rereads_and_rescores_an_edited_workbook() {
    let dir = folder("[Team]", "", &[]);
    let mut w = Watch::start(dir.path(), "w.pdf");
    w.next_render();
    let pdf = dir.path().join("w.pdf");
    let before = pdf_text(&pdf);
    // L1 answers 4, 2, 5, 3 (mean 3.50) become 1, 2, 5, 3 (mean 2.75).
    assert!(
        before.contains("3.50") && !before.contains("2.75"),
        "{before}"
    );
    write_workbook_with(&dir.path().join("data.xlsx"), 1);
    let line = w.next_render();
    assert!(
        !line.contains("reused"),
        "the cache must not survive a workbook edit: {line}"
    );
    let after = pdf_text(&pdf);
    assert!(after.contains("2.75"), "{after}");
    // Saving the same bytes again (new modification time) changes nothing the report
    // depends on: the cache is keyed on content.
    let book = dir.path().join("data.xlsx");
    let bytes = std::fs::read(&book).unwrap();
    std::fs::write(&book, [&bytes[..], b"x"].concat()).unwrap();
    std::fs::write(&book, &bytes).unwrap();
    let line = w.next_render();
    assert!(line.contains("workbook, score and charts reused"), "{line}");
}

#[test]
fn a_draft_without_a_date_carries_the_engagement_date_and_is_reproducible() {
    let dir = folder("[Team]", "", &[]);
    for name in ["d1.pdf", "d2.pdf"] {
        let out = nudj(
            dir.path(),
            &["report", "engagement.yaml", "-o", name, "--draft"],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let d1 = std::fs::read(dir.path().join("d1.pdf")).unwrap();
    assert_eq!(d1, std::fs::read(dir.path().join("d2.pdf")).unwrap());
    let text = pdf_text(&dir.path().join("d1.pdf"));
    let first = text.split('\u{c}').next().unwrap_or_default();
    assert!(first.contains("DRAFT"), "{first}");
    // The engagement's `date: 2026-01-31`, not the day the test runs.
    assert!(
        first.contains("Draft for review")
            && (first.contains("31 January 2026") || first.contains("January 31, 2026")),
        "{first}"
    );
}

/// `narrative/<dimension>.recommendations.md`: the items of its lists are added after the
/// model's recommendations for the level reached, or replace them when the file has a
/// `{{ replace }}` line; they show in the dimension's section and in the roadmap.
#[test]
fn recommendation_files_add_to_or_replace_the_models() {
    let model = model().replace(
        "      - {id: L2, text: {ar: سؤال ب, en: Question L2}}\n",
        "      - {id: L2, text: {ar: سؤال ب, en: Question L2}}\n    recommendations:\n      1: [{ar: نصيحة, en: Model advice for leadership}]\n      2: [{ar: نصيحة, en: Model advice for leadership}]\n",
    );
    let list = "<!-- the consultant's own -->\n\nOur advice:\n\n- Name an owner for every journey\n- Publish *NPS* monthly\n  - not a separate item\n";
    for (file, model_kept) in [
        (list.to_string(), true),
        (format!("{{{{ replace }}}}\n\n{list}"), false),
    ] {
        // A target above the score, so the dimension is in the roadmap too.
        let dir = folder(
            "[Team]",
            "targets: {default: 4.5}\n",
            &[("lead.recommendations.md", file.as_str())],
        );
        std::fs::write(dir.path().join("model.yaml"), &model).unwrap();
        let out = nudj(dir.path(), &["report", "engagement.yaml", "-o", "r.pdf"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = pdf_text(&dir.path().join("r.pdf"));
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        // Section and roadmap: each item twice.
        assert_eq!(
            flat.matches("Name an owner for every journey").count(),
            2,
            "{flat}"
        );
        assert_eq!(
            flat.matches("Publish NPS monthly not a separate item")
                .count(),
            2,
            "{flat}"
        );
        assert!(!flat.contains("Our advice"), "{flat}");
        assert_eq!(
            flat.contains("Model advice for leadership"),
            model_kept,
            "{flat}"
        );
    }
}

/// Tester 6 F8: with the theme's `digits: arabic-indic` every narrative quote was replaced
/// by a missing-glyph box and a digit (its placeholder's number was converted). In both
/// digit styles the quotes reach the page, and the comment goes through `data.json`
/// (`narrative_quotes`), never into the narrative's markup.
#[test]
fn narrative_quotes_survive_arabic_indic_digits_and_travel_as_data() {
    for digits in ["arabic-indic", "latin"] {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("model.yaml"), model()).unwrap();
        std::fs::write(d.join("theme.yaml"), format!("digits: {digits}\n")).unwrap();
        std::fs::write(
            d.join("engagement.yaml"),
            small_engagement(
                "ar",
                "segments: [Team]\ncomments: [Comments]\nnarrative: narrative\nmin_segment_size: 2\ntheme: theme.yaml\n",
            ),
        )
        .unwrap();
        write_workbook(&d.join("data.xlsx"));
        std::fs::create_dir(d.join("narrative")).unwrap();
        std::fs::write(
            d.join("narrative/summary.md"),
            "تظهر النتائج فجوة في 12 موضعًا، كما قال أحد المشاركين:\n\n{{ quote(\"R1\") }}\n\nوفي قطاع آخر:\n\n{{ quote(\"Responses!G3\") }}\n\nوالخلاصة 3 توصيات.\n",
        )
        .unwrap();
        let out = nudj(
            d,
            &[
                "report",
                "engagement.yaml",
                "-o",
                "r.pdf",
                "--emit-typst",
                "typ",
            ],
        );
        assert!(
            out.status.success(),
            "{digits}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let flat: String = pdf_text(&d.join("r.pdf"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(flat.contains("about the queue."), "{digits}: {flat}");
        assert!(flat.contains("]brackets["), "{digits}: {flat}");
        assert!(
            !flat.contains('\u{E000}'),
            "{digits}: a placeholder printed"
        );
        // The prose follows the digit style; the quotes are the client's text as written.
        let twelve = if digits == "latin" { "12" } else { "١٢" };
        assert!(flat.contains(twelve), "{digits}: {flat}");
        // The markup names the quotes by index; the comments are only in data.json.
        let markup = std::fs::read_to_string(d.join("typ/narrative/summary.typ")).unwrap();
        assert!(
            !markup.contains("queue") && !markup.contains("hashtags"),
            "{markup}"
        );
        assert!(markup.contains("nudj-quotes.at(1).text"), "{markup}");
        let data: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(d.join("typ/data.json")).unwrap())
                .unwrap();
        let quotes = data["narrative_quotes"]["summary"].as_array().unwrap();
        assert_eq!(quotes.len(), 2, "{quotes:?}");
        let first = quotes[0]["text"].as_str().unwrap();
        assert!(first.contains("about the queue") && !first.contains("0551234567"));
        let who = quotes[1]["attribution"].as_str().unwrap();
        assert!(who.contains("Branches") && who.contains("R2"), "{who}");
    }
}
