//! `nudj validate` is the consultant's gate before delivery (issue 20 §2): it goes through
//! the same pipeline as `nudj report`, so it refuses what `report` refuses (a narrative file
//! left with a stale dimension name, a quote that points at no comment, a logo that is not
//! the image its name says), prints every warning `score` prints, and reports all the
//! problems of an engagement in one run. Each case runs the real binary on a small
//! engagement made by the shared builder.

use std::path::Path;

use crate::common::{SmallModel, nudj, ok, small_engagement, text, write_workbook};

/// A small engagement in `dir`: one dimension `lead` of two questions, a `Team` segment and
/// a `Comments` column, `extra` lines added to the engagement file.
fn engagement(dir: &Path, extra: &str) {
    SmallModel::new("gate", ("نموذج", "Gate model"))
        .dimension(
            "lead",
            ("القيادة", "Leadership"),
            &[
                ("L1", "سؤال أ", "Question L1"),
                ("L2", "سؤال ب", "Question L2"),
            ],
        )
        .write(dir);
    std::fs::write(
        dir.join("engagement.yaml"),
        small_engagement(
            "en",
            &format!("segments: [Team]\ncomments: [Comments]\nmin_segment_size: 1\n{extra}"),
        ),
    )
    .unwrap();
    let rows: &[&[&str]] = &[
        &["respondent", "Team", "L1", "L2", "Comments"],
        &["R1", "A", "4", "2", "The queue was long"],
        &["R2", "B", "3", "3", ""],
        &["R3", "A", "5", "4", "Friendly staff"],
    ];
    write_workbook(&dir.join("data.xlsx"), &[("Responses", rows)]);
}

/// Runs `nudj validate engagement.yaml` in `dir`: exit code, stdout, stderr.
fn validate(dir: &Path) -> (Option<i32>, String, String) {
    let out = nudj(dir, &["validate", "engagement.yaml"]);
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

/// The first bytes of a JPEG file (what a JPEG saved as `logo.png` starts with).
const JPEG_START: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    0x00, 0x01, 0x00, 0x00,
];

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

#[test]
fn a_clean_engagement_passes_with_a_good_logo() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("logo.png"), PNG).unwrap();
    engagement(dir.path(), "");
    let eng = dir.path().join("engagement.yaml");
    let yaml = std::fs::read_to_string(&eng).unwrap();
    std::fs::write(
        &eng,
        yaml.replace(
            "client: {name: {ar: عميل, en: Client}}",
            "client: {name: {ar: عميل, en: Client}, logo: logo.png}",
        ),
    )
    .unwrap();
    let (code, out, err) = validate(dir.path());
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.starts_with("engagement.yaml: valid engagement for Client"),
        "{out}"
    );
}

#[test]
fn a_stale_dimension_name_in_the_narrative_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    engagement(dir.path(), "narrative: narrative\n");
    std::fs::create_dir(dir.path().join("narrative")).unwrap();
    std::fs::write(
        dir.path().join("narrative/leadership.md"),
        "Strong leadership.\n",
    )
    .unwrap();
    let (code, _, err) = validate(dir.path());
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(
            "narrative/leadership.md: error: `leadership.md` is not a narrative file name"
        ),
        "{err}"
    );
}

#[test]
fn a_quote_that_points_at_no_comment_is_refused_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    engagement(dir.path(), "narrative: narrative\n");
    std::fs::create_dir(dir.path().join("narrative")).unwrap();
    std::fs::write(
        dir.path().join("narrative/summary.md"),
        "Summary.\n\n{{ quote(\"R9\") }}\n",
    )
    .unwrap();
    let (code, _, err) = validate(dir.path());
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("narrative/summary.md:3:1: error:"), "{err}");
    assert!(err.contains("R9"), "{err}");
}

#[test]
fn a_jpeg_named_png_is_named_with_its_key_and_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("logo.png"), JPEG_START).unwrap();
    engagement(dir.path(), "");
    let eng = dir.path().join("engagement.yaml");
    let yaml = std::fs::read_to_string(&eng).unwrap();
    std::fs::write(
        &eng,
        yaml.replace("en: Client}}", "en: Client}, logo: logo.png}"),
    )
    .unwrap();
    let (code, _, err) = validate(dir.path());
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("engagement.yaml: error: client.logo: `")
            && err.contains(
                "logo.png` is a JPEG image named as a PNG: rename it to match its content"
            ),
        "{err}"
    );
    assert!(
        !err.contains(".typ"),
        "an internal template line is named: {err}"
    );
}

#[test]
fn a_truncated_png_logo_in_the_theme_is_named_with_its_key_and_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("firm.png"), &PNG[..40]).unwrap();
    std::fs::write(
        dir.path().join("theme.yaml"),
        "consultancy:\n  logo: firm.png\n",
    )
    .unwrap();
    engagement(dir.path(), "theme: theme.yaml\n");
    let (code, _, err) = validate(dir.path());
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("theme.yaml: error: consultancy.logo: `")
            && err.contains("firm.png` is not a readable PNG image ("),
        "{err}"
    );
}

/// Tester 6 F9: an SVG logo linking an image outside its folder passed `validate` and
/// failed `report` (twice, at `1:1`, when the file was both logos). Both refuse it now,
/// once per file, at the `<image>` element's line, naming every key that uses it; a link
/// to a file beside the logo is served and passes.
#[test]
fn an_svg_logo_linking_an_outside_image_is_refused_once_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("brand")).unwrap();
    std::fs::write(d.join("secret.png"), PNG).unwrap();
    std::fs::write(
        d.join("brand/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"10\" height=\"10\">\n  <rect width=\"10\" height=\"10\"/>\n  <image xlink:href=\"../secret.png\" width=\"10\" height=\"10\"/>\n</svg>\n",
    )
    .unwrap();
    std::fs::write(
        d.join("theme.yaml"),
        "consultancy:\n  logo: brand/logo.svg\n",
    )
    .unwrap();
    engagement(d, "theme: theme.yaml\n");
    let eng = d.join("engagement.yaml");
    let yaml = std::fs::read_to_string(&eng).unwrap();
    std::fs::write(
        &eng,
        yaml.replace("en: Client}}", "en: Client}, logo: brand/logo.svg}"),
    )
    .unwrap();
    for cmd in ["validate", "report"] {
        let out = crate::common::nudj(
            d,
            &[cmd, "engagement.yaml", "-o", "r.pdf"][..if cmd == "validate" { 2 } else { 4 }],
        );
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(1), "{cmd}: {err}");
        let line = "brand/logo.svg:3:3: error: client.logo, consultancy.logo: this SVG links the image `../secret.png` outside its folder; a document reads only the files beside the logo\n  help: embed the image in the SVG (a `data:` URI), or save the logo as PNG\n";
        assert!(err.contains(line), "{cmd}: {err}");
        assert_eq!(err.matches("secret.png").count(), 1, "{cmd}: once: {err}");
    }
    // A linked image beside the logo is one of the document's files: accepted.
    std::fs::copy(d.join("secret.png"), d.join("brand/mark.png")).unwrap();
    let svg = std::fs::read_to_string(d.join("brand/logo.svg")).unwrap();
    std::fs::write(
        d.join("brand/logo.svg"),
        svg.replace("../secret.png", "mark.png"),
    )
    .unwrap();
    let (code, _, err) = validate(d);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn a_truncated_narrative_image_is_named_at_its_line_and_left_out() {
    let dir = tempfile::tempdir().unwrap();
    engagement(dir.path(), "narrative: narrative\n");
    let narrative = dir.path().join("narrative");
    std::fs::create_dir(&narrative).unwrap();
    std::fs::write(narrative.join("chart.png"), &PNG[..40]).unwrap();
    std::fs::write(
        narrative.join("summary.md"),
        "Summary.\n\n![Our chart](chart.png)\n",
    )
    .unwrap();
    let (code, _, err) = validate(dir.path());
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains(
            "summary.md:3:1: warning: image `chart.png` not shown: it is not a readable PNG image ("
        ),
        "{err}"
    );
    // The report is made (the image's alt text in its place), not refused by Typst.
    let out = nudj(dir.path(), &["report", "engagement.yaml", "-o", "r.pdf"]);
    let err = ok(&out);
    assert!(err.contains("image `chart.png` not shown"), "{err}");
    assert!(!err.contains(".typ"), "{err}");
}

#[test]
fn validate_prints_every_warning_score_prints() {
    let dir = tempfile::tempdir().unwrap();
    // R2 answers 3 and 3 (straight-lining), segment values of one or two respondents: the
    // score's warnings, which validate used to leave out.
    engagement(dir.path(), "");
    let eng = dir.path().join("engagement.yaml");
    let yaml = std::fs::read_to_string(&eng).unwrap();
    std::fs::write(
        &eng,
        yaml.replace("min_segment_size: 1", "min_segment_size: 3"),
    )
    .unwrap();
    let score = nudj(dir.path(), &["score", "engagement.yaml"]);
    let score_err = ok(&score);
    let warnings: Vec<&str> = score_err
        .lines()
        .filter(|l| l.contains(": warning: "))
        .collect();
    assert!(warnings.len() >= 2, "{score_err}");
    let (code, _, err) = validate(dir.path());
    assert_eq!(code, Some(0), "{err}");
    for w in warnings {
        assert!(err.contains(w), "validate does not print `{w}`:\n{err}");
    }
}

#[test]
fn old_theme_keys_are_read_with_a_warning_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("theme.yaml"),
        "arabic_digits: true\nhijri: false\n",
    )
    .unwrap();
    engagement(dir.path(), "theme: theme.yaml\n");
    let (code, _, err) = validate(dir.path());
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("theme.yaml:1:16: warning: `arabic_digits` is the old name of `digits`; read as `digits: arabic-indic`\n  help: write `digits: arabic-indic` instead (docs/theme-format.md)\n"),
        "{err}"
    );
    assert!(
        err.contains("theme.yaml:2:8: warning: `hijri` is the old name of `calendar`; read as `calendar: gregorian`\n"),
        "{err}"
    );
    // Both spellings of one setting: refused.
    std::fs::write(
        dir.path().join("theme.yaml"),
        "digits: latin\narabic_digits: true\n",
    )
    .unwrap();
    let (code, _, err) = validate(dir.path());
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("theme.yaml:2:16: error: `arabic_digits` and `digits` both given\n  help: remove `arabic_digits`: `digits` replaces it\n"),
        "{err}"
    );
}

#[test]
fn every_problem_of_a_run_is_reported_at_once() {
    let dir = tempfile::tempdir().unwrap();
    engagement(dir.path(), "theme: theme.yaml\nnarrative: narrative\n");
    // A bad colour in the theme, a stale narrative name and an answer outside the scale.
    std::fs::write(dir.path().join("theme.yaml"), "colors:\n  primary: blue\n").unwrap();
    std::fs::create_dir(dir.path().join("narrative")).unwrap();
    std::fs::write(dir.path().join("narrative/leadership.md"), "Text.\n").unwrap();
    let rows: &[&[&str]] = &[
        &["respondent", "Team", "L1", "L2", "Comments"],
        &["R1", "A", "9", "2", ""],
        &["R2", "B", "3", "3", ""],
    ];
    write_workbook(&dir.path().join("data.xlsx"), &[("Responses", rows)]);
    let (code, _, err) = validate(dir.path());
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("Responses!C2"),
        "the data problem is missing:\n{err}"
    );
    assert!(
        err.contains("colors.primary"),
        "the theme problem is missing:\n{err}"
    );
    assert!(
        err.contains("leadership.md"),
        "the narrative problem is missing:\n{err}"
    );
    assert!(err.contains("3 problems found"), "{err}");
}
