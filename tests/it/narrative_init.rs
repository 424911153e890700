//! `nudj init` scaffolds the narrative folder with commented stubs; `nudj report` on the
//! scaffold works, names every stub still to write, and prints none of the stubs' guidance.
//! Narrative files are never overwritten. Real binary, real files; PDF text via `pdftotext`.

use std::path::Path;

use crate::common::{nudj, ok, pdftotext, root};

fn pdf_text(pdf: &Path) -> String {
    pdftotext(pdf, &[])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The dimension ids of the built-in model, in order (the model `nudj init` copies).
fn dimension_ids() -> Vec<String> {
    let model = nudj::model::builtin_model().expect("built-in model").output;
    model
        .dimensions
        .value
        .iter()
        .map(|d| d.id.value.clone())
        .collect()
}

/// `nudj init acme`, then the bank sample's answers (same built-in model) in its workbook.
fn scaffold(lang: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let out = nudj(
        tmp.path(),
        &["init", "acme", "--date", "2026-11-01", "--lang", lang],
    );
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    ok(&out);
    let n = dimension_ids().len() + 2;
    assert!(
        stdout.contains(&format!("{n} narrative stubs in acme/narrative/")),
        "{stdout}"
    );
    std::fs::copy(
        root().join("samples/bank-ar/responses.xlsx"),
        tmp.path().join("acme/responses.xlsx"),
    )
    .unwrap();
    tmp
}

#[test]
fn init_writes_one_commented_stub_per_section_in_the_engagement_language() {
    let model = nudj::model::builtin_model().unwrap().output;
    for lang in ["ar", "en"] {
        let tmp = scaffold(lang);
        let dir = tmp.path().join("acme/narrative");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let mut expected: Vec<String> = dimension_ids()
            .iter()
            .map(|id| format!("{id}.md"))
            .chain(["summary.md".into(), "next-steps.md".into()])
            .collect();
        expected.sort();
        assert_eq!(names, expected);
        for d in model.dimensions.value.iter() {
            let stub = std::fs::read_to_string(dir.join(format!("{}.md", d.id.value))).unwrap();
            let l = if lang == "ar" {
                nudj::text::Lang::Ar
            } else {
                nudj::text::Lang::En
            };
            assert!(
                stub.starts_with("<!--\n") && stub.ends_with("-->\n"),
                "{stub}"
            );
            assert!(stub.contains(d.name.get(l)), "{stub}");
            if let Some(desc) = &d.description {
                assert!(stub.contains(desc.get(l).trim()), "{stub}");
            }
            assert!(stub.contains("{{ quote(\"R012\") }}"), "{stub}");
            assert!(stub.contains("{{ quote(\"Responses!K14\") }}"), "{stub}");
            let arabic = stub.chars().any(|c| ('\u{600}'..='\u{6ff}').contains(&c));
            let english = stub.contains("Write what you found");
            assert_eq!((arabic, english), (lang == "ar", lang == "en"), "{stub}");
        }
    }
}

#[test]
fn the_untouched_scaffold_reports_and_lists_every_stub() {
    let tmp = scaffold("ar");
    let err = ok(&nudj(
        tmp.path(),
        &["report", "acme/engagement.yaml", "-o", "r.pdf"],
    ));
    for id in dimension_ids()
        .iter()
        .map(String::as_str)
        .chain(["summary", "next-steps"])
    {
        assert!(
            err.contains(&format!("narrative/{id}.md is still the stub")),
            "no stub warning for {id}: {err}"
        );
    }
    let text = pdf_text(&tmp.path().join("r.pdf"));
    for guidance in ["quote", "R012", "K14", "Markdown", "<!--", "-->"] {
        assert!(
            !text.contains(guidance),
            "stub text `{guidance}` in the PDF"
        );
    }
}

#[test]
fn written_narrative_shows_html_comments_vanish_other_html_stays_literal() {
    let tmp = scaffold("en");
    let strategy = tmp.path().join("acme/narrative/strategy.md");
    let stub = std::fs::read_to_string(&strategy).unwrap();
    std::fs::write(
        &strategy,
        format!(
            "{stub}\nThe strategy is written <b>x</b> down <!-- note to self: zqxv --> but not shared.\n"
        ),
    )
    .unwrap();
    let err = ok(&nudj(
        tmp.path(),
        &[
            "report",
            "acme/engagement.yaml",
            "-o",
            "r.pdf",
            "--lang",
            "en",
        ],
    ));
    assert!(
        !err.contains("narrative/strategy.md is still the stub"),
        "{err}"
    );
    assert!(err.contains("narrative/voc.md is still the stub"), "{err}");
    let text = pdf_text(&tmp.path().join("r.pdf"));
    assert!(
        text.contains("The strategy is written <b>x</b> down but not shared."),
        "{text}"
    );
    for hidden in ["note to self", "zqxv", "Write what you found", "<!--"] {
        assert!(!text.contains(hidden), "`{hidden}` in the PDF");
    }
}

#[test]
fn narrative_files_are_never_overwritten() {
    let tmp = scaffold("ar");
    let narrative = tmp.path().join("acme/narrative");
    let written = "# ما وجدناه\n\nنص كتبه المستشار.\n";
    std::fs::write(narrative.join("strategy.md"), written).unwrap();
    std::fs::remove_file(narrative.join("voc.md")).unwrap();
    // Without --force, on an existing engagement: nothing overwritten, the missing stub
    // added and named.
    let out = nudj(tmp.path(), &["init", "acme"]);
    ok(&out);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("voc.md (narrative stub)"), "{stdout}");
    assert!(narrative.join("voc.md").exists());
    std::fs::remove_file(narrative.join("voc.md")).unwrap();
    // With --force: the engagement files are replaced, narrative files kept, the missing
    // stub written again.
    let out = nudj(
        tmp.path(),
        &["init", "acme", "--force", "--date", "2026-11-01"],
    );
    ok(&out);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("1 narrative stub in acme/narrative/"),
        "{stdout}"
    );
    assert!(stdout.contains("narrative/strategy.md"), "{stdout}");
    assert!(stdout.contains("never overwritten"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(narrative.join("strategy.md")).unwrap(),
        written
    );
    assert!(
        std::fs::read_to_string(narrative.join("voc.md"))
            .unwrap()
            .starts_with("<!--")
    );
    // An existing narrative folder alone does not stop a first init.
    let fresh = tmp.path().join("fresh/narrative");
    std::fs::create_dir_all(&fresh).unwrap();
    std::fs::write(fresh.join("summary.md"), written).unwrap();
    ok(&nudj(tmp.path(), &["init", "fresh"]));
    assert_eq!(
        std::fs::read_to_string(fresh.join("summary.md")).unwrap(),
        written
    );
    assert!(fresh.join("voc.md").is_file());
}
