//! Numbered Markdown lists follow the document's digit setting (Arabic-Indic `١.` when the
//! theme asks for them in Arabic material, `1.` otherwise), in the report narrative and in
//! course material: the real binary, PDF text read with `pdftotext` (poppler-utils).

use std::path::{Path, PathBuf};

use crate::common::{SmallModel, nudj, pdftotext, small_engagement, text, write_workbook};

/// Three items, so a list numbered from 1 would show `1.`, `2.`, `3.`.
/// (With a lam-alef ligature and a tanween: the text layer gives the words back as written.)
const SUMMARY: &str =
    "# الخلاصة\n\nثلاث أولويات:\n\n1. قيادة واضحة\n2. قياس منتظم للأداء\n3. تدريبٌ مستمر\n";
const ITEMS: [&str; 3] = ["قيادة واضحة", "قياس منتظم للأداء", "تدريبٌ مستمر"];

/// PDF text without bidi marks, isolates and whitespace (pdftotext wraps lines and spaces a
/// right-to-left list marker unpredictably).
fn pdf_text(pdf: &Path) -> String {
    pdftotext(pdf, &[])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Whether `item` follows the list marker `digit.` (pdftotext writes a right-to-left marker
/// `١.` as `.١`; either side of the item).
fn marked(t: &str, digit: &str, item: &str) -> bool {
    let item: String = item.split_whitespace().collect();
    [
        format!("{digit}.{item}"),
        format!(".{digit}{item}"),
        format!("{item}.{digit}"),
    ]
    .iter()
    .any(|m| t.contains(m.as_str()))
}

/// The report of a one-question engagement with [`SUMMARY`] as its narrative.
fn report(lang: &str, arabic_digits: bool) -> String {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    SmallModel::new("digits", ("نموذج", "Digits model"))
        .dimension(
            "lead",
            ("القيادة", "Leadership"),
            &[("L1", "سؤال", "Question")],
        )
        .write(d);
    std::fs::write(
        d.join("theme.yaml"),
        if arabic_digits {
            "digits: arabic-indic\n"
        } else {
            "digits: latin\n"
        },
    )
    .unwrap();
    std::fs::write(
        d.join("engagement.yaml"),
        small_engagement(lang, "theme: theme.yaml\nnarrative: narrative\n"),
    )
    .unwrap();
    std::fs::create_dir(d.join("narrative")).unwrap();
    std::fs::write(d.join("narrative/summary.md"), SUMMARY).unwrap();
    let rows: &[&[&str]] = &[
        &["respondent", "L1"],
        &["R1", "2"],
        &["R2", "4"],
        &["R3", "3"],
    ];
    write_workbook(&d.join("data.xlsx"), &[("Responses", rows)]);
    let out = nudj(d, &["report", "engagement.yaml", "-o", "r.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    pdf_text(&d.join("r.pdf"))
}

/// The list's three markers, each before its item.
fn has_markers(t: &str, digits: [&str; 3]) -> bool {
    ITEMS.iter().zip(digits).all(|(item, d)| marked(t, d, item))
}

#[test]
fn report_lists_use_arabic_indic_digits_when_the_theme_asks() {
    let t = report("ar", true);
    assert!(has_markers(&t, ["١", "٢", "٣"]), "{t}");
    assert!(!has_markers(&t, ["1", "2", "3"]), "{t}");
    // Latin digits by default.
    let t = report("ar", false);
    assert!(has_markers(&t, ["1", "2", "3"]), "{t}");
    // Arabic-Indic digits are for Arabic reports only.
    let t = report("en", true);
    assert!(has_markers(&t, ["1", "2", "3"]), "{t}");
}

#[test]
fn course_lists_follow_the_course_digits() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    // The Arabic sample course sets `digits: arabic-indic`; the English one cannot use them.
    for (course, first, digits) in [
        ("samples/course/course.yaml", "العميل سبب وجود المنظمة", "١"),
        (
            "samples/course/course.en.yaml",
            "Customers are why the organisation exists",
            "1",
        ),
    ] {
        let pdf = tmp.path().join("h.pdf");
        let out = nudj(
            &root,
            &["course", course, "--handout", "-o", pdf.to_str().unwrap()],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let t = pdf_text(&pdf);
        assert!(marked(&t, digits, first), "{course}: {t}");
    }
}
