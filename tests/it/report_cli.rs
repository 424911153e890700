//! `nudj report` through the real binary: the samples' PDF text, identical bytes across
//! runs, hostile free text printed literally, --emit-typst, theme and template errors.

use std::path::{Path, PathBuf};
use std::process::Output;

use rust_xlsxwriter::Workbook;

use crate::common::{SmallModel, nudj, pdftotext, root};

/// The PDF's text (pdftotext -layout), without bidi control characters (isolates are in the
/// text on purpose; they would split words in a search).
fn pdf_text(pdf: &Path) -> String {
    pdftotext(pdf, &["-layout"])
}

/// Whether some line of `text` holds the words of `phrase` as written, one after the other.
/// Words are runs of letters and combining marks (harakat); digits, punctuation and spaces
/// separate them (pdftotext's bidi controls are dropped, which can join a number to a word).
/// Arabic comes out of the text layer as written, ligatures and harakat included
/// (tests/it/text_layer.rs).
pub(crate) fn line_has_words(text: &str, phrase: &str) -> bool {
    fn words(s: &str) -> Vec<&str> {
        s.split(|c: char| !(c.is_alphabetic() || ('\u{064B}'..='\u{065F}').contains(&c)))
            .filter(|w| !w.is_empty())
            .collect()
    }
    let want = words(phrase);
    text.lines().any(|line| {
        words(line)
            .windows(want.len())
            .any(|w| w == want.as_slice())
    })
}

/// Whether some line of `text` holds every character of `needle` (as a multiset, spaces
/// ignored). Only for Latin text inside an Arabic page: pdftotext reorders it by its own bidi
/// pass, which ignores the isolates the report uses (a Latin run inside Arabic comes out as
/// `)"x("y` although the page shows `x("y")`). The order on the page is checked by looking
/// at it (docs/report.md).
fn line_holds_chars(text: &str, needle: &str) -> bool {
    use std::collections::HashMap;
    let count = |s: &str| {
        let mut m: HashMap<char, i32> = HashMap::new();
        for c in s.chars().filter(|c| !c.is_whitespace()) {
            *m.entry(c).or_default() += 1;
        }
        m
    };
    let want = count(needle);
    text.lines().any(|line| {
        let have = count(line);
        want.iter()
            .all(|(c, n)| have.get(c).copied().unwrap_or(0) >= *n)
    })
}

fn report(engagement: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "report",
        engagement.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    nudj(out.parent().unwrap(), &args)
}

fn ok(o: &Output) {
    assert!(
        o.status.success(),
        "nudj failed: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Pulls `dimensions[].name.<lang>` and the NPS figure out of `nudj score --format json`,
/// so the test does not hard-code what the report must say.
fn expected(engagement: &Path, lang: &str) -> (Vec<String>, String) {
    let o = nudj(
        &root(),
        &["score", engagement.to_str().unwrap(), "--format", "json"],
    );
    ok(&o);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let dims = v["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let n = &d["name"];
            n.get(lang)
                .and_then(|x| x.as_str())
                .or(n.as_str())
                .unwrap()
                .to_string()
        })
        .collect();
    let nps = v["metrics"]["nps"]["score"].as_f64().unwrap();
    (dims, format!("{nps:.1}"))
}

#[test]
fn arabic_sample_has_client_dimensions_nps_and_is_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let eng = root().join("samples/bank-ar/engagement.yaml");
    let a = dir.path().join("a.pdf");
    let b = dir.path().join("b.pdf");
    ok(&report(&eng, &a, &[]));
    ok(&report(&eng, &b, &[]));
    let bytes_a = std::fs::read(&a).unwrap();
    assert!(bytes_a.starts_with(b"%PDF-"));
    assert_eq!(
        bytes_a,
        std::fs::read(&b).unwrap(),
        "two runs gave different bytes"
    );
    let text = pdf_text(&a);
    assert!(line_has_words(&text, "مصرف الواحة"), "client name missing");
    let (dims, nps) = expected(&eng, "ar");
    for d in &dims {
        assert!(
            line_has_words(&text, d),
            "dimension `{d}` missing from the PDF text"
        );
    }
    assert!(text.contains(&nps), "NPS {nps} missing");
    // Every section is there.
    for title in [
        "الملخص التنفيذي",
        "المنهجية",
        "تحليل الشرائح",
        "خريطة الطريق",
        "مسرد المؤشرات",
    ] {
        assert!(line_has_words(&text, title), "section `{title}` missing");
    }
}

#[test]
fn english_sample_has_client_dimensions_and_nps() {
    let dir = tempfile::tempdir().unwrap();
    let eng = root().join("samples/telecom-en/engagement.yaml");
    let pdf = dir.path().join("en.pdf");
    ok(&report(&eng, &pdf, &["--pdf-standard", "ua-1"]));
    let text = pdf_text(&pdf);
    assert!(text.contains("Samaa Telecom"));
    let (dims, nps) = expected(&eng, "en");
    for d in &dims {
        assert!(text.contains(d.as_str()), "dimension `{d}` missing");
    }
    assert!(text.contains(&nps), "NPS {nps} missing");
    assert!(text.contains("Executive summary") && text.contains("Prioritised roadmap"));
}

const HOSTILE: [&str; 4] = [
    "#read(\"/etc/passwd\")",
    "<b>bold</b>",
    "]#panic()[",
    "$x$ @ref <lbl>",
];

fn hostile_engagement(dir: &Path, lang: &str) -> PathBuf {
    SmallModel::new("tiny", ("نموذج صغير", "Tiny model"))
        .levels(&[1.0, 2.5, 4.0])
        .dimension(
            "lead",
            ("القيادة", "Leadership"),
            &[
                ("L1", "سؤال أول", "First question"),
                ("L2", "سؤال ثان", "Second question"),
            ],
        )
        .dimension(
            "care",
            ("الرعاية", "Care"),
            &[("C1", "سؤال ثالث", "Third question")],
        )
        .dimension(
            "data",
            ("البيانات", "Data"),
            &[("D1", "سؤال رابع", "Fourth question")],
        )
        .metrics("nps: {target: 20}")
        .write(dir);
    let eng = format!(
        "client:\n  name: '#sys.exit() <script>x</script>'\n  sector: '*bold* _it_ `raw`'\nmodel: model.yaml\ndata: data.xlsx\nlanguage: {lang}\ndate: \"2026-01-31\"\ntargets: {{default: 3.5}}\nsegments: [Team]\ncomments: [Notes]\nmin_segment_size: 1\n"
    );
    std::fs::write(dir.join("engagement.yaml"), eng).unwrap();
    let mut wb = Workbook::new();
    let s = wb.add_worksheet().set_name("Responses").unwrap();
    for (c, h) in ["respondent", "Team", "L1", "L2", "C1", "D1", "Notes"]
        .iter()
        .enumerate()
    {
        s.write(0, c as u16, *h).unwrap();
    }
    for i in 0..8u32 {
        let r = i + 1;
        s.write(r, 0, format!("R{r}")).unwrap();
        s.write(r, 1, HOSTILE[(i % 4) as usize]).unwrap();
        for c in 2..6u16 {
            s.write(r, c, f64::from((i + u32::from(c)) % 5 + 1))
                .unwrap();
        }
        s.write(r, 6, "#x(\"y\") ok").unwrap();
    }
    let s = wb.add_worksheet().set_name("NPS").unwrap();
    s.write(0, 0, "score").unwrap();
    s.write(0, 1, "channel").unwrap();
    for (i, v) in [10, 9, 3, 8, 10, 6].iter().enumerate() {
        s.write(i as u32 + 1, 0, *v).unwrap();
        s.write(
            i as u32 + 1,
            1,
            if i % 2 == 0 { "#panic()" } else { "<i>web</i>" },
        )
        .unwrap();
    }
    wb.save(dir.join("data.xlsx")).unwrap();
    dir.join("engagement.yaml")
}

#[test]
fn hostile_free_text_renders_literally() {
    for lang in ["en", "ar"] {
        let dir = tempfile::tempdir().unwrap();
        let eng = hostile_engagement(dir.path(), lang);
        let pdf = dir.path().join("h.pdf");
        ok(&report(&eng, &pdf, &[]));
        let text = pdf_text(&pdf);
        let all = HOSTILE.iter().copied().chain([
            "#sys.exit() <script>x</script>",
            "*bold* _it_ `raw`",
            "#panic()",
            "<i>web</i>",
            "#x(\"y\") ok",
        ]);
        for s in all {
            let found = if lang == "en" {
                text.contains(s)
            } else {
                line_holds_chars(&text, s)
            };
            assert!(found, "{lang}: `{s}` not printed literally");
        }
        assert!(!text.contains("root:"), "a file was read");
    }
}

#[test]
fn emit_typst_writes_a_complete_folder() {
    let dir = tempfile::tempdir().unwrap();
    let eng = root().join("samples/telecom-en/engagement.yaml");
    let pdf = dir.path().join("r.pdf");
    let out = dir.path().join("src");
    ok(&report(
        &eng,
        &pdf,
        &["--emit-typst", out.to_str().unwrap()],
    ));
    for f in [
        "main.typ",
        "document.typ",
        "theme.typ",
        "data.json",
        "charts/radar.svg",
        "compile.sh",
    ] {
        assert!(out.join(f).is_file(), "{f} not written");
    }
    let fonts = std::fs::read_dir(out.join("fonts")).unwrap().count();
    assert!(fonts >= 6, "fonts not copied");
}

#[test]
fn bad_theme_is_reported_with_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let theme = dir.path().join("brand.yaml");
    std::fs::write(&theme, "colors:\n  primary: navy\nfonts:\n  body: Arial\n").unwrap();
    let eng = root().join("samples/telecom-en/engagement.yaml");
    let o = report(
        &eng,
        &dir.path().join("r.pdf"),
        &["--theme", theme.to_str().unwrap()],
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("brand.yaml") && err.contains("colors.primary") && err.contains("fonts.body"),
        "{err}"
    );
    assert!(!dir.path().join("r.pdf").exists());
}

#[test]
fn custom_template_error_names_the_template_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let tdir = dir.path().join("tpl");
    std::fs::create_dir(&tdir).unwrap();
    std::fs::write(
        tdir.join("report.typ"),
        "#import \"theme.typ\": *\nHello\n#nosuchfunction()\n",
    )
    .unwrap();
    let eng = root().join("samples/telecom-en/engagement.yaml");
    let o = report(
        &eng,
        &dir.path().join("r.pdf"),
        &["--templates", tdir.to_str().unwrap()],
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("report.typ:3"), "{err}");
}

#[test]
fn batch_makes_every_report_and_reports_failures() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let ar = root().join("samples/bank-ar/engagement.yaml");
    let en = root().join("samples/telecom-en/engagement.yaml");
    let o = nudj(
        dir.path(),
        &[
            "batch",
            ar.to_str().unwrap(),
            en.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
        ],
    );
    ok(&o);
    let a = std::fs::read(out.join("bank-ar.pdf")).unwrap();
    // Same bytes as `nudj report` of the same engagement.
    let single = dir.path().join("single.pdf");
    ok(&report(&ar, &single, &[]));
    assert_eq!(a, std::fs::read(&single).unwrap());
    assert!(out.join("telecom-en.pdf").is_file());

    let missing = dir.path().join("nowhere/engagement.yaml");
    let o = nudj(
        dir.path(),
        &[
            "batch",
            en.to_str().unwrap(),
            missing.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("nowhere"), "{err}");
}

#[test]
fn batch_on_one_worker_gives_the_same_bytes_in_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let ar = root().join("samples/bank-ar/engagement.yaml");
    let en = root().join("samples/telecom-en/engagement.yaml");
    let missing = dir.path().join("nowhere/engagement.yaml");
    // One worker makes the reports one after another, evicting Typst's cache between them:
    // the bytes must not depend on what was compiled before.
    let o = nudj(
        dir.path(),
        &[
            "batch",
            en.to_str().unwrap(),
            missing.to_str().unwrap(),
            ar.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--jobs",
            "1",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    // Results are printed in the order the engagements were given, whoever finished first.
    let (t, n, b) = (
        err.find("telecom-en.pdf").unwrap(),
        err.find("nowhere").unwrap(),
        err.find("bank-ar.pdf").unwrap(),
    );
    assert!(t < n && n < b, "{err}");
    let single = dir.path().join("single.pdf");
    ok(&report(&ar, &single, &[]));
    assert_eq!(
        std::fs::read(out.join("bank-ar.pdf")).unwrap(),
        std::fs::read(&single).unwrap()
    );

    let o = nudj(
        dir.path(),
        &["batch", en.to_str().unwrap(), "-o", "x", "--jobs", "0"],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--jobs"), "{err}");
}

/// `--pdf-standard a-2b` and `ua-1` on both samples: Typst refuses to write a PDF that breaks
/// the standard, so success means it passed Typst's checks; the file then declares the
/// standard in its XMP metadata, keeps its language and title, and is tagged.
#[test]
fn both_samples_export_as_pdf_a2b_and_pdf_ua1() {
    let dir = tempfile::tempdir().unwrap();
    for (sample, lang) in [("bank-ar", "ar"), ("telecom-en", "en")] {
        let eng = root().join("samples").join(sample).join("engagement.yaml");
        for (standard, marker) in [
            ("a-2b", "<pdfaid:part>2</pdfaid:part>"),
            ("ua-1", "<pdfuaid:part>1</pdfuaid:part>"),
        ] {
            let pdf = dir.path().join(format!("{sample}-{standard}.pdf"));
            ok(&report(&eng, &pdf, &["--pdf-standard", standard]));
            let bytes = std::fs::read(&pdf).unwrap();
            let raw = String::from_utf8_lossy(&bytes);
            assert!(raw.contains(marker), "{sample} {standard}: no `{marker}`");
            assert!(
                raw.contains(&format!("/Lang({lang})")),
                "{sample} {standard}: document language `{lang}` not declared"
            );
            // The structure tree that makes the PDF tagged.
            assert!(
                raw.contains("/StructTreeRoot"),
                "{sample} {standard}: not tagged"
            );
        }
    }
}

/// One digit system per report. With the default theme the bank report (whose narrative is
/// typed with Arabic-Indic digits) has no Arabic-Indic digit left; with `arabic_digits: true`
/// no ASCII digit is left outside client data and identifiers: recommendation ids such as
/// `STR-01`, churn period labels such as `2025-Q4`, respondent ids in quote attributions
/// (`R003`: the quotes were lost with Arabic-Indic digits until tester 6 F8) and English
/// verbatims stay as written.
#[test]
fn a_report_uses_one_digit_system() {
    let dir = tempfile::tempdir().unwrap();
    let eng = root().join("samples/bank-ar/engagement.yaml");
    let latin = dir.path().join("latin.pdf");
    ok(&report(&eng, &latin, &[]));
    let text = pdf_text(&latin);
    let eastern: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.chars()
                .any(|c| ('٠'..='٩').contains(&c) || ('۰'..='۹').contains(&c))
        })
        .collect();
    assert!(eastern.is_empty(), "Arabic-Indic digits left: {eastern:?}");

    let theme = dir.path().join("theme.yaml");
    std::fs::write(&theme, "arabic_digits: true\n").unwrap();
    let arabic = dir.path().join("arabic.pdf");
    ok(&report(
        &eng,
        &arabic,
        &["--theme", theme.to_str().unwrap()],
    ));
    let text = pdf_text(&arabic);
    let is_id_or_period = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        let (head, tail) = w.split_once('-').unwrap_or((w, ""));
        let id = head.len() >= 2
            && head.chars().all(|c| c.is_ascii_uppercase())
            && !tail.is_empty()
            && tail.chars().all(|c| c.is_ascii_digit());
        let period = head.len() == 4
            && head.chars().all(|c| c.is_ascii_digit())
            && tail.len() == 2
            && tail.starts_with('Q');
        // A respondent id (`R003`) in a quote's attribution is client data, kept as written.
        let respondent = tail.is_empty()
            && head.starts_with(|c: char| c.is_ascii_uppercase())
            && head
                .trim_start_matches(|c: char| c.is_ascii_uppercase())
                .chars()
                .all(|c| c.is_ascii_digit());
        id || period || respondent
    };
    let latin_left: Vec<&str> = text
        .lines()
        // English verbatims (client data) keep their digits.
        .filter(|l| {
            !l.split_whitespace()
                .any(|w| w.chars().filter(|c| c.is_ascii_lowercase()).count() > 2)
        })
        .filter(|l| {
            l.split_whitespace()
                .any(|w| w.chars().any(|c| c.is_ascii_digit()) && !is_id_or_period(w))
        })
        .collect();
    assert!(latin_left.is_empty(), "ASCII digits left: {latin_left:?}");
}
