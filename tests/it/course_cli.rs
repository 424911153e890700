//! `nudj course` run as a trainer runs it: the real binary on the sample course and on
//! hostile inputs. PDF text is checked with poppler's `pdftotext` when it is installed
//! (`.ci/run` installs it); without it those checks are skipped, the rest still runs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const NUDJ: &str = env!("CARGO_BIN_EXE_nudj");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn nudj(args: &[&str]) -> Output {
    Command::new(NUDJ)
        .current_dir(root())
        .args(args)
        .output()
        .expect("run nudj")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn ok(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "stdout: {}\nstderr: {}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

/// PDF text without whitespace and bidi marks (pdftotext wraps and marks runs), or `None`
/// when pdftotext is not installed.
fn pdf_text(pdf: &Path) -> Option<String> {
    let out = Command::new("pdftotext").arg(pdf).arg("-").output().ok()?;
    out.status.success().then(|| {
        text(&out.stdout)
            .chars()
            .filter(|c| {
                !c.is_whitespace()
                    && !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
            })
            .collect()
    })
}

#[test]
fn sample_course_builds_every_output_in_both_languages() {
    let tmp = tempfile::tempdir().unwrap();
    for (course, lang) in [
        ("samples/course/course.yaml", "ar"),
        ("samples/course/course.en.yaml", "en"),
    ] {
        for (what, extra) in [
            ("slides", vec!["--slides"]),
            ("notes", vec!["--slides", "--notes"]),
            ("handout", vec!["--handout"]),
            ("key", vec!["--answer-key"]),
            (
                "certs",
                vec!["--certificates", "samples/course/attendees.xlsx"],
            ),
        ] {
            let out_pdf = tmp.path().join(format!("{lang}-{what}.pdf"));
            let mut args = vec!["course", course];
            args.extend(extra);
            args.extend(["-o", out_pdf.to_str().unwrap()]);
            let out = nudj(&args);
            ok(&out);
            let bytes = std::fs::read(&out_pdf).unwrap();
            assert!(bytes.starts_with(b"%PDF-"), "{lang} {what}");
        }
    }
    // Text checks (whitespace dropped). The Arabic text layer gives words as written, harakat
    // included (tests/it/text_layer.rs): the module 3 answer is in the Arabic key and slides,
    // and not in the handout.
    let get = |name: &str| pdf_text(&tmp.path().join(name));
    if let (Some(k), Some(h), Some(s)) = (
        get("ar-key.pdf"),
        get("ar-handout.pdf"),
        get("ar-slides.pdf"),
    ) {
        let answer = "مقابلكلمروّجمنتقد،والنتيجةصفر";
        for (doc, name, want) in [
            (&k, "key", true),
            (&s, "slides", true),
            (&h, "handout", false),
        ] {
            assert_eq!(doc.contains(answer), want, "ar {name}: {doc}");
        }
    }
    // Tester 6 F13: a certificate's wording fits a woman as well as a man ("تشهد بحضور
    // <name> الدورة التدريبية", not "قد حضر"), and the trainer's own title stands under her
    // name, not the masculine label "المدرب".
    if let Some(c) = get("ar-certs.pdf") {
        assert!(
            c.contains("تشهدبحضور") && c.contains("الدورةالتدريبية"),
            "{c}"
        );
        assert!(c.contains("مستشارةأولىفيتجربةالعملاء"), "{c}");
        assert!(!c.contains("قدحضر") && !c.contains("المدرب"), "{c}");
    }
    if let (Some(k), Some(h), Some(c), Some(n), Some(s)) = (
        get("en-key.pdf"),
        get("en-handout.pdf"),
        get("en-certs.pdf"),
        get("en-notes.pdf"),
        get("en-slides.pdf"),
    ) {
        // The module 3 exercise's answer is in the key and the slides' solution step, and
        // not in the participants' handout, which has space to write instead.
        let answer = "Foreverypromoterthereisadetractor";
        assert!(k.contains("Answer"), "answer key has answers");
        assert!(h.contains("Youranswer"), "handout has space to write");
        for (doc, name, want) in [
            (&k, "key", true),
            (&s, "slides", true),
            (&h, "handout", false),
        ] {
            assert_eq!(doc.contains(answer), want, "{name}: {doc}");
        }
        assert!(
            s.contains("Solution:Exercise"),
            "slides have a solution step"
        );
        // One certificate per roster row, each with its own number.
        for row in 2..=21 {
            assert!(
                c.contains(&format!("CX101-20261101-{row:03}")),
                "certificate {row}"
            );
        }
        assert!(c.contains("CertificateofAttendance"));
        // Notes mode adds the notes panel under every slide; plain slides do not.
        assert!(n.contains("Speakernotes"));
        assert!(!s.contains("Speakernotes"));
    }
}

#[test]
fn same_course_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a.pdf");
    let b = tmp.path().join("b.pdf");
    for p in [&a, &b] {
        ok(&nudj(&[
            "course",
            "samples/course/course.yaml",
            "--handout",
            "-o",
            p.to_str().unwrap(),
        ]));
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

fn course_dir(module: &str, lang: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("m.md"), module).unwrap();
    std::fs::write(
        tmp.path().join("c.yaml"),
        format!("title: \"T #x\"\ncode: T1\nlanguage: {lang}\ntrainer: {{name: \"<b>$a$</b>\"}}\ndate: 2026-11-01\nhours: 2\nmodules:\n  - file: m.md\n"),
    )
    .unwrap();
    tmp
}

#[test]
fn typst_syntax_in_markdown_and_yaml_comes_out_literally() {
    let tmp = course_dir(
        "# Module #let x = 1\n\n## Slide $x$ @ref\n\nText #read(\"/etc/passwd\") <label> ] \\*a\\* \\_b\\_ `code` \\\\ <script>x</script>\n",
        "en",
    );
    let pdf = tmp.path().join("o.pdf");
    let c = tmp.path().join("c.yaml");
    ok(&nudj(&[
        "course",
        c.to_str().unwrap(),
        "--slides",
        "-o",
        pdf.to_str().unwrap(),
    ]));
    if let Some(t) = pdf_text(&pdf) {
        for needle in [
            "#let",
            "$x$@ref",
            "#read(\"/etc/passwd\")<label>]",
            "*a*",
            "_b_",
            "<script>x</script>",
            "T#x",
            "<b>$a$</b>",
        ] {
            assert!(t.contains(needle), "{needle} missing in {t}");
        }
    }
}

#[test]
fn roster_without_names_is_a_located_error() {
    let tmp = course_dir("# M\n\n## S\n\nx\n", "ar");
    let roster = tmp.path().join("r.csv");
    std::fs::write(&roster, "name,organisation\nسارة,مصرف\n,Acme\n  ,X\n").unwrap();
    let c = tmp.path().join("c.yaml");
    let out = nudj(&[
        "course",
        c.to_str().unwrap(),
        "--certificates",
        roster.to_str().unwrap(),
        "-o",
        tmp.path().join("o.pdf").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("r.csv: row 3, column A: error: this attendee has no name"),
        "{err}"
    );
    assert!(err.contains("row 4, column A"), "{err}");
    assert!(!tmp.path().join("o.pdf").exists());
}

#[test]
fn bad_course_file_is_located_and_usage_is_checked() {
    let tmp = course_dir("# M\n", "ar");
    let c = tmp.path().join("c.yaml");
    std::fs::write(
        &c,
        "title: T\ncode: T1\ntrainer: {name: A}\ndate: 1 Nov\nhours: 2\nmodules: [{file: m.md}]\n",
    )
    .unwrap();
    let out = nudj(&["course", c.to_str().unwrap(), "--slides", "-o", "x.pdf"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("c.yaml:4:7: error: `1 Nov` is not a date"),
        "{}",
        text(&out.stderr)
    );
    // No output kind chosen: a usage error from clap.
    let out = nudj(&["course", c.to_str().unwrap(), "-o", "x.pdf"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn emit_typst_writes_a_reproducible_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("typ");
    let pdf = tmp.path().join("s.pdf");
    ok(&nudj(&[
        "course",
        "samples/course/course.en.yaml",
        "--slides",
        "-o",
        pdf.to_str().unwrap(),
        "--emit-typst",
        dir.to_str().unwrap(),
    ]));
    assert!(dir.join("main.typ").is_file());
    assert!(dir.join("document.typ").is_file());
    assert!(dir.join("fonts/IBMPlexSansArabic-Regular.ttf").is_file());
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let main = std::fs::read_to_string(dir.join("main.typ")).unwrap();
    assert!(main.contains("#include \"document.typ\""), "{main}");
}

/// Thousands grouping as the English formatter writes it.
fn grouped(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn answer_key_figures_equal_nudj_score() {
    let out = nudj(&[
        "score",
        "samples/telecom-en/engagement.yaml",
        "--format",
        "json",
    ]);
    ok(&out);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let nps = &json["metrics"]["nps"];
    let csat = &json["metrics"]["csat"];
    let tmp = tempfile::tempdir().unwrap();
    let key = tmp.path().join("key.pdf");
    let handout = tmp.path().join("handout.pdf");
    ok(&nudj(&[
        "course",
        "samples/course/course.en.yaml",
        "--answer-key",
        "-o",
        key.to_str().unwrap(),
    ]));
    ok(&nudj(&[
        "course",
        "samples/course/course.en.yaml",
        "--handout",
        "-o",
        handout.to_str().unwrap(),
    ]));
    let (Some(k), Some(h)) = (pdf_text(&key), pdf_text(&handout)) else {
        return;
    };
    let u = |v: &serde_json::Value| v.as_u64().unwrap();
    let f = |v: &serde_json::Value| v.as_f64().unwrap();
    // The data participants get, in both.
    let data = format!(
        "{}customersansweredtherecommendationquestion:{}gave9or10,{}gave7or8and{}gave6orless",
        grouped(u(&nps["n"])),
        grouped(u(&nps["promoters"])),
        grouped(u(&nps["passives"])),
        grouped(u(&nps["detractors"]))
    );
    assert!(k.contains(&data) && h.contains(&data), "{data}");
    // The result and margin of error, only in the key.
    let n = f(&nps["n"]);
    let result = format!(
        "NPS={:.1}−{:.1}={:.1}",
        f(&nps["promoters"]) / n * 100.0,
        f(&nps["detractors"]) / n * 100.0,
        f(&nps["score"])
    );
    let margin = format!(
        "Marginoferror(95%)=±{:.1}points",
        f(&nps["margin_of_error"])
    );
    assert!(k.contains(&margin), "{margin} not in {k}");
    assert!(k.contains(&result), "{result} not in {k}");
    assert!(!h.contains(&result));
    // The worked CSAT example shows its result everywhere.
    let csat_line = format!(
        "CSAT={}÷{}={:.1}%",
        grouped(u(&csat["satisfied"])),
        grouped(u(&csat["n"])),
        f(&csat["score"])
    );
    assert!(
        k.contains(&csat_line) && h.contains(&csat_line),
        "{csat_line}"
    );
}

/// `--handout --answer-key` is the answer key (the handout with answers), byte for byte;
/// two different documents at once stay a usage error that names both flags.
#[test]
fn handout_with_answer_key_is_the_answer_key() {
    let tmp = tempfile::tempdir().unwrap();
    let key = tmp.path().join("key.pdf");
    let both = tmp.path().join("both.pdf");
    let course = "samples/course/course.en.yaml";
    ok(&nudj(&[
        "course",
        course,
        "--answer-key",
        "-o",
        key.to_str().unwrap(),
    ]));
    ok(&nudj(&[
        "course",
        course,
        "--handout",
        "--answer-key",
        "-o",
        both.to_str().unwrap(),
    ]));
    assert_eq!(std::fs::read(&key).unwrap(), std::fs::read(&both).unwrap());
    if let Some(t) = pdf_text(&both) {
        assert!(t.contains("Answer"), "the combination has the answers");
    }
    for (a, b) in [
        ("--slides", "--handout"),
        ("--slides", "--answer-key"),
        ("--handout", "--certificates"),
        ("--answer-key", "--certificates"),
    ] {
        let mut args = vec!["course", course, a, b];
        if b == "--certificates" {
            args.push("samples/course/attendees.xlsx");
        }
        args.extend(["-o", "x.pdf"]);
        let out = nudj(&args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{a} {b}: {err}");
        assert!(
            err.contains("cannot be used with") && err.contains(a) && err.contains(b),
            "{a} {b}: {err}"
        );
        assert!(!tmp.path().join("x.pdf").exists() && !root().join("x.pdf").exists());
    }
}

/// The CLV worked example of the English sample course shows the headline `nudj score`
/// gives on the same workbook, formed the same way (customer-weighted: the sample CLV sheet
/// gives every segment's customers).
#[test]
fn clv_worked_example_equals_nudj_score() {
    let out = nudj(&[
        "score",
        "samples/telecom-en/engagement.yaml",
        "--format",
        "json",
    ]);
    ok(&out);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let clv = &json["metrics"]["clv"];
    assert_eq!(clv["method"], "weighted");
    let r = |v: &serde_json::Value| grouped(v.as_f64().unwrap().round() as u64);
    let rows = clv["rows"].as_array().unwrap();
    let products: Vec<String> = rows
        .iter()
        .map(|row| format!("{}×{}", r(&row["value"]), r(&row["customers"])))
        .collect();
    let total: f64 = rows
        .iter()
        .map(|row| row["customers"].as_f64().unwrap())
        .sum();
    let headline = format!(
        "Weightedbycustomers=({})÷{}={}SAR",
        products.join("+"),
        grouped(total as u64),
        r(&clv["value"])
    );
    let tmp = tempfile::tempdir().unwrap();
    let handout = tmp.path().join("handout.pdf");
    ok(&nudj(&[
        "course",
        "samples/course/course.en.yaml",
        "--handout",
        "-o",
        handout.to_str().unwrap(),
    ]));
    let Some(h) = pdf_text(&handout) else {
        return;
    };
    // A worked example: the working is in the handout too.
    assert!(h.contains(&headline), "{headline} not in {h}");
    for row in rows {
        let line = format!(
            "{}:{}×{}×",
            row["segment"].as_str().unwrap(),
            r(&row["avg_purchase_value"]),
            r(&row["purchase_frequency"])
        );
        assert!(h.contains(&line), "{line}");
    }
}

/// The course theme's `calendar:` takes the report themes' values: `gregorian`, `hijri`,
/// `both` (and `hijri-umm-al-qura`, the earlier spelling, as `hijri`).
#[test]
fn course_dates_follow_the_theme_calendar() {
    let mut texts = Vec::new();
    for calendar in ["gregorian", "hijri", "both", "hijri-umm-al-qura"] {
        let tmp = course_dir("# One\n\nText.\n", "en");
        let c = tmp.path().join("c.yaml");
        let yaml = std::fs::read_to_string(&c).unwrap();
        std::fs::write(&c, format!("{yaml}theme: {{calendar: {calendar}}}\n")).unwrap();
        let pdf = tmp.path().join("h.pdf");
        let out = nudj(&[
            "course",
            c.to_str().unwrap(),
            "--handout",
            "-o",
            pdf.to_str().unwrap(),
        ]);
        ok(&out);
        texts.push(pdf_text(&pdf));
    }
    let [Some(g), Some(h), Some(both), Some(old)] = &texts[..] else {
        return; // pdftotext not installed
    };
    // 2026-11-01 is 21 Jumada I 1448 (Umm al-Qura).
    assert!(g.contains("November1,2026") && !g.contains("1448"), "{g}");
    assert!(h.contains("1448") && !h.contains("November"), "{h}");
    assert!(
        both.contains("November1,2026/") && both.contains("1448"),
        "{both}"
    );
    assert_eq!(h, old);
}
