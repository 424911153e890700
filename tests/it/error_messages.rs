//! Every error message nudj's model and engagement loading can give, checked through the
//! CLI exactly as a user sees it (stderr not a terminal, so the plain form), with its exit
//! code. Each case makes one change to a valid base file; the change must apply exactly once,
//! so a case cannot silently stop testing anything when the base changes.

use std::path::Path;
use std::process::Command;

const NUDJ: &str = env!("CARGO_BIN_EXE_nudj");

const MODEL: &str = r#"id: demo
version: "1"
title: {ar: نموذج, en: Demo}
scale:
  min: 1
  max: 5
  labels: {1: Low, 5: High}
levels:
  - {name: Low, min_score: 1}
  - {name: High, min_score: 3}
dimensions:
  - id: strategy
    name: Strategy
    questions:
      - {id: S1, text: Vision}
      - {id: S2, text: Plan, aliases: [plan-b]}
    recommendations:
      1: [Write a plan]
metrics:
  nps: {target: 30}
  csat: {target: 80}
  ces: {target: 5.5}
  churn: {target: 8}
  clv: {target: 100}
"#;

const ENGAGEMENT: &str = "client: {name: Acme}
model: m.yaml
data: d.csv
date: 2026-11-01
targets: {default: 4}
";

/// Runs `nudj args` in a folder holding `m.yaml` (MODEL with `model_edit` applied),
/// `e.yaml` (ENGAGEMENT with `engagement_edit`) and an answers file `d.csv`.
fn run(
    model_edit: (&str, &str),
    engagement_edit: (&str, &str),
    args: &[&str],
) -> (Option<i32>, String) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    write_edited(dir, "m.yaml", MODEL, model_edit);
    write_edited(dir, "e.yaml", ENGAGEMENT, engagement_edit);
    std::fs::write(dir.join("d.csv"), "S1,S2\n3,4\n5,2\n").expect("write");
    std::fs::create_dir(dir.join("folder")).expect("mkdir");
    let out = Command::new(NUDJ)
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run nudj");
    let mut stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    // The data file's messages name it by absolute path (through the engagement): shown as
    // `d.csv`, so the expected text does not depend on the temporary folder.
    for d in [dir.canonicalize().expect("canonical"), dir.to_path_buf()] {
        stderr = stderr.replace(&format!("{}/d.csv: ", d.display()), "d.csv: ");
    }
    (out.status.code(), stderr)
}

/// What scoring the base engagement warns (`validate` prints every warning `score` prints):
/// a survey of 2, fewer than the minimum group of 5 (tester 6 F32), and the model reports
/// five metrics the CSV answers file cannot hold.
const METRIC_WARNINGS: &str = "d.csv: warning: the survey has 2 respondent(s), fewer than the engagement's `min_segment_size` of 5; the documents show its scores with a caution, but not each statement's answer distribution nor the comments, for anonymity
d.csv: warning: the model reports NPS but the data has no NPS rows (sheet `NPS`); NPS is left out
d.csv: warning: the model reports CSAT but the data has no CSAT rows (sheet `CSAT`); CSAT is left out
d.csv: warning: the model reports CES but the data has no CES rows (sheet `CES`); CES is left out
d.csv: warning: the model reports churn but the data has no churn rows (sheet `Customers`); churn is left out
d.csv: warning: the model reports CLV but the data has no CLV rows (sheet `CLV`); CLV is left out
";

fn write_edited(dir: &Path, name: &str, base: &str, (from, to): (&str, &str)) {
    if !from.is_empty() {
        assert_eq!(
            base.matches(from).count(),
            1,
            "edit `{from}` must match {name} exactly once"
        );
    }
    let text = if from.is_empty() {
        base.to_string()
    } else {
        base.replacen(from, to, 1)
    };
    std::fs::write(dir.join(name), text).expect("write");
}

fn model_error(from: &str, to: &str, expected: &str) {
    let (code, stderr) = run((from, to), ("", ""), &["validate", "--model", "m.yaml"]);
    assert_eq!(stderr, expected, "after replacing `{from}` with `{to}`");
    assert_eq!(code, Some(1), "{stderr}");
}

fn engagement_error(from: &str, to: &str, expected: &str) {
    let (code, stderr) = run(("", ""), (from, to), &["validate", "e.yaml"]);
    assert_eq!(stderr, expected, "after replacing `{from}` with `{to}`");
    assert_eq!(code, Some(1), "{stderr}");
}

#[test]
fn base_files_are_valid() {
    let (code, stderr) = run(("", ""), ("", ""), &["validate", "e.yaml"]);
    let expected = format!("{METRIC_WARNINGS}6 warnings (see above)\n");
    assert_eq!((code, stderr.as_str()), (Some(0), expected.as_str()));
    let (code, stderr) = run(("", ""), ("", ""), &["validate", "--model", "m.yaml"]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
}

// ---- reading and parsing ----

#[test]
fn missing_file() {
    let (code, stderr) = run(("", ""), ("", ""), &["validate", "nope.yaml"]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.starts_with("error: nope.yaml: cannot read: "),
        "{stderr}"
    );
}

#[test]
fn folder_instead_of_file() {
    let (code, stderr) = run(("", ""), ("", ""), &["validate", "folder"]);
    assert_eq!(code, Some(1));
    assert_eq!(stderr, "folder: error: is a folder, expected a YAML file\n");
}

#[test]
fn empty_file() {
    model_error(
        MODEL,
        "\n",
        "m.yaml: error: file is empty, expected a YAML mapping\n",
    );
}

#[test]
fn unknown_key_with_suggestion() {
    model_error(
        "    name: Strategy\n",
        "    name: Strategy\n    wieght: 2\n",
        "m.yaml:14:5: error: unknown key `wieght`\n  help: did you mean `weight`?\n",
    );
}

#[test]
fn unknown_key_without_suggestion() {
    model_error(
        "version: \"1\"\n",
        "version: \"1\"\nauthor: me\n",
        "m.yaml:3:1: error: unknown key `author`\n  help: expected one of: id, version, title, description, scale, levels, dimensions, metrics, scoring\n",
    );
}

#[test]
fn missing_key() {
    model_error(
        "version: \"1\"\n",
        "",
        "m.yaml:18:1: error: missing key `version`\n  help: add `version:` to the mapping this line belongs to (the parser points at its last key)\n",
    );
}

#[test]
fn wrong_number() {
    model_error(
        "  max: 5\n",
        "  max: five\n",
        "m.yaml:6:8: error: expected a whole number, found `five`\n",
    );
}

#[test]
fn text_of_wrong_shape() {
    model_error(
        "title: {ar: نموذج, en: Demo}",
        "title: {ar: نموذج, fr: Démo}",
        "m.yaml:3:8: error: expected a text\n  help: write a plain string, or a mapping with only `ar:` and `en:` keys, e.g. {ar: استراتيجية, en: Strategy}\n",
    );
}

#[test]
fn duplicate_key() {
    model_error(
        "version: \"1\"\n",
        "version: \"1\"\nversion: \"2\"\n",
        "m.yaml:3:1: error: duplicate mapping key `version` is not allowed here\n",
    );
}

#[test]
fn syntax_error() {
    model_error(
        "title: {ar: نموذج, en: Demo}",
        "title: \"Demo",
        "m.yaml:3:8: error: unclosed quote\n",
    );
    model_error(
        "version: \"1\"\n",
        "  version: \"1\"\n",
        "m.yaml:2:10: error: mapping values are not allowed in this context\n",
    );
}

// ---- model semantics ----

#[test]
fn model_id_pattern() {
    model_error(
        "id: demo",
        "id: Demo Model",
        "m.yaml:1:5: error: model id `Demo Model` is not valid\n  help: use lowercase letters, digits and `-`, e.g. `cx-maturity`\n",
    );
}

#[test]
fn empty_version() {
    model_error(
        "version: \"1\"",
        "version: \"\"",
        "m.yaml:2:10: error: version is empty\n",
    );
}

#[test]
fn missing_english() {
    model_error(
        "title: {ar: نموذج, en: Demo}",
        "title: {ar: نموذج}",
        "m.yaml:3:8: error: model `title` has Arabic text but no English\n  help: add `en:` beside `ar:` (or write one plain string for both languages)\n",
    );
}

#[test]
fn missing_arabic() {
    model_error(
        "text: Vision}",
        "text: {en: Vision}}",
        "m.yaml:15:24: error: question `S1` `text` has English text but no Arabic\n  help: add `ar:` beside `en:` (or write one plain string for both languages)\n",
    );
}

#[test]
fn empty_text() {
    model_error(
        "    name: Strategy",
        "    name: \" \"",
        "m.yaml:13:11: error: dimension `strategy` `name` is empty\n",
    );
}

#[test]
fn scale_reversed() {
    model_error(
        "  max: 5\n",
        "  max: 1\n",
        "m.yaml:6:8: error: scale max (1) must be above scale min (1)\n  help: e.g. `min: 1` and `max: 5`, or `min: 0` and `max: 4`\n",
    );
}

#[test]
fn scale_too_wide() {
    model_error(
        "  max: 5\n",
        "  max: 500\n",
        "m.yaml:6:8: error: scale from 1 to 500 is too wide (at most 100 steps)\n",
    );
}

#[test]
fn label_outside_scale() {
    model_error(
        "{1: Low, 5: High}",
        "{1: Low, 9: High}",
        "m.yaml:7:20: error: label for 9 is outside the scale 1..5\n  help: label keys must be answer values of the scale\n",
    );
}

#[test]
fn duplicate_label() {
    model_error(
        "{1: Low, 5: High}",
        "{1: Low, 5: low}",
        "m.yaml:7:20: error: label `low` is used for both 1 and 5\n",
    );
}

#[test]
fn too_few_levels() {
    model_error(
        "  - {name: High, min_score: 3}\n",
        "",
        "m.yaml:9:3: error: a model needs at least 2 levels, found 1\n  help: list the levels from lowest to highest\n",
    );
}

#[test]
fn first_level_not_at_scale_min() {
    model_error(
        "{name: Low, min_score: 1}",
        "{name: Low, min_score: 1.5}",
        "m.yaml:9:28: error: first level's min_score is 1.5, must equal scale min 1\n  help: every score reaches the first level\n",
    );
}

#[test]
fn level_outside_scale() {
    model_error(
        "min_score: 3}",
        "min_score: 6}",
        "m.yaml:10:29: error: level 2 min_score 6 is outside the scale 1..5\n",
    );
}

#[test]
fn level_not_a_number() {
    model_error(
        "min_score: 3}",
        "min_score: .nan}",
        "m.yaml:10:29: error: level 2 min_score is not a number\n",
    );
}

#[test]
fn levels_not_ascending() {
    model_error(
        "min_score: 3}",
        "min_score: 1}",
        "m.yaml:10:29: error: level 2 min_score 1 is not above level 1 (1)\n  help: levels go from lowest to highest, min_score strictly rising\n",
    );
}

#[test]
fn no_dimensions() {
    let from = MODEL
        .split_once("dimensions:\n")
        .and_then(|(_, rest)| rest.split_once("metrics:"))
        .map(|(dims, _)| dims)
        .expect("base has dimensions");
    model_error(
        &format!("dimensions:\n{from}"),
        "dimensions: []\n",
        "m.yaml:11:13: error: a model needs at least one dimension\n",
    );
}

#[test]
fn dimension_id_pattern() {
    model_error(
        "- id: strategy",
        "- id: Strategy",
        "m.yaml:12:9: error: dimension id `Strategy` is not valid\n  help: use lowercase letters, digits, `-` and `_` (it names narrative files)\n",
    );
}

#[test]
fn dimension_id_reserved() {
    model_error(
        "- id: strategy",
        "- id: default",
        "m.yaml:12:9: error: dimension id `default` is reserved\n  help: `targets: {default: ...}` means every other dimension\n",
    );
}

#[test]
fn duplicate_dimension_id() {
    model_error(
        "metrics:\n",
        "  - id: strategy\n    name: Again\n    questions: [{id: S3, text: Again}]\nmetrics:\n",
        "m.yaml:19:9: error: duplicate dimension id `strategy`\n  help: first defined on line 12\n",
    );
}

#[test]
fn dimension_without_questions() {
    model_error(
        "metrics:\n",
        "  - id: empty\n    name: Empty\n    questions: []\nmetrics:\n",
        "m.yaml:21:16: error: dimension `empty` has no questions\n  help: give every dimension at least one question\n",
    );
}

#[test]
fn non_positive_weight() {
    model_error(
        "{id: S1, text: Vision}",
        "{id: S1, text: Vision, weight: -1}",
        "m.yaml:15:40: error: question `S1` weight is -1, must be above 0\n  help: use a positive number such as 1 or 0.5 (default 1)\n",
    );
}

#[test]
fn recommendation_for_missing_level() {
    model_error(
        "      1: [Write a plan]",
        "      3: [Write a plan]",
        "m.yaml:18:7: error: dimension `strategy` has recommendations for level 3, but the model has levels 1..2\n  help: recommendation keys are level numbers, counting from 1\n",
    );
}

#[test]
fn question_id_with_spaces() {
    model_error(
        "{id: S1,",
        "{id: \" S1\",",
        "m.yaml:15:14: error: question id ` S1` is not valid\n  help: ids are non-empty with no spaces around them, e.g. `STR-01`\n",
    );
}

#[test]
fn duplicate_question_id_ignoring_case() {
    model_error(
        "{id: S2,",
        "{id: s1,",
        "m.yaml:16:14: error: duplicate question id `s1`\n  help: ids and aliases are column headers and must be unique, ignoring case, spacing and Arabic spelling variants (first on line 15)\n",
    );
}

#[test]
fn alias_clashes_with_another_question() {
    model_error(
        "aliases: [plan-b]",
        "aliases: [S1]",
        "m.yaml:16:14: error: question `S2`: alias `S1` is already the id of question `S1`\n  help: ids and aliases are column headers and must be unique, ignoring case, spacing and Arabic spelling variants (first on line 15)\n",
    );
}

#[test]
fn empty_alias() {
    model_error(
        "aliases: [plan-b]",
        "aliases: [\"\"]",
        "m.yaml:16:14: error: question `S2` has an empty alias\n",
    );
}

#[test]
fn anchor_outside_scale() {
    model_error(
        "{id: S1, text: Vision}",
        "{id: S1, text: Vision, anchors: {0: Never}}",
        "m.yaml:15:42: error: question `S1` has an anchor for 0, outside the scale 1..5\n  help: anchor keys must be answer values of the scale\n",
    );
}

#[test]
fn metric_targets_out_of_range() {
    model_error(
        "nps: {target: 30}",
        "nps: {target: 130}",
        "m.yaml:20:17: error: NPS target is 130, must be from -100 to 100 NPS points\n",
    );
    model_error(
        "csat: {target: 80}",
        "csat: {target: 180}",
        "m.yaml:21:18: error: CSAT target is 180, must be from 0 to 100 percent\n",
    );
    model_error(
        "csat: {target: 80}",
        "csat: {target: 80, threshold: 6}",
        "m.yaml:21:33: error: CSAT threshold is 6, must be an answer from 1 to 5\n",
    );
    model_error(
        "ces: {target: 5.5}",
        "ces: {target: 5.5, scale: 10}",
        "m.yaml:22:29: error: CES scale is 10, must be 5 or 7\n  help: CES 2.0 uses 1..7 (the default); some surveys use 1..5\n",
    );
    model_error(
        "ces: {target: 5.5}",
        "ces: {target: 5.5, scale: 5}",
        "m.yaml:22:17: error: CES target is 5.5, must be from 1 to 5\n",
    );
    model_error(
        "ces: {target: 5.5}",
        "ces: {target: 5.5, easy_min: 8}",
        "m.yaml:22:32: error: CES easy_min is 8, must be from 1 to 7\n",
    );
    model_error(
        "churn: {target: 8}",
        "churn: {target: -8}",
        "m.yaml:23:19: error: churn target is -8, must be from 0 to 100 percent\n",
    );
    model_error(
        "clv: {target: 100}",
        "clv: {target: -1}",
        "m.yaml:24:17: error: CLV target is -1, must be 0 or more\n",
    );
}

#[test]
fn several_problems_are_counted() {
    model_error(
        "id: demo",
        "id: Demo Model",
        "m.yaml:1:5: error: model id `Demo Model` is not valid\n  help: use lowercase letters, digits and `-`, e.g. `cx-maturity`\n",
    );
    let (code, stderr) = run(
        ("min_score: 3}", "min_score: 1}"),
        ("", ""),
        &["validate", "--model", "m.yaml"],
    );
    assert_eq!(code, Some(1));
    assert!(!stderr.contains("problems found"), "{stderr}");
    let (code, stderr) = run(
        ("{1: Low, 5: High}", "{1: Low, 9: low}"),
        ("", ""),
        &["validate", "--model", "m.yaml"],
    );
    assert_eq!(code, Some(1));
    assert!(stderr.ends_with("error: 2 problems found\n"), "{stderr}");
}

#[test]
fn missing_recommendations_are_a_warning() {
    let (code, stderr) = run(
        (
            "  - {name: High, min_score: 3}\n",
            "  - {name: Mid, min_score: 2}\n  - {name: High, min_score: 3}\n",
        ),
        ("", ""),
        &["validate", "--model", "m.yaml"],
    );
    assert_eq!(
        stderr,
        "m.yaml:13:9: warning: dimension `strategy` has no recommendations for level 2\n  help: recommendations at level k say how to reach k+1; levels 1..2 need them\n"
    );
    assert_eq!(code, Some(0), "a warning does not fail validation");
}

#[test]
fn a_label_that_is_an_na_word_is_a_warning() {
    let (code, stderr) = run(
        ("labels: {1: Low, 5: High}", "labels: {1: \"N/A\", 5: High}"),
        ("", ""),
        &["validate", "--model", "m.yaml"],
    );
    assert_eq!(
        stderr,
        "m.yaml:7:12: warning: label `N/A` for 1 is also a \"not applicable\" word: answers `N/A` count as 1, not as N/A\n  help: keep it if that is what the answer means; otherwise choose another label\n"
    );
    assert_eq!(code, Some(0), "a warning does not fail validation");
}

// ---- model specs ----

#[test]
fn unknown_builtin_model_name() {
    let (code, stderr) = run(("", ""), ("", ""), &["validate", "--model", "cx-maturty"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        "cx-maturty: error: model `cx-maturty` is neither a built-in model nor a file\n  help: did you mean the built-in model `cx-maturity`?\n"
    );
}

#[test]
fn model_file_not_found_from_engagement() {
    engagement_error(
        "model: m.yaml",
        "model: models/m.yaml",
        "e.yaml:2:8: error: model `models/m.yaml` is neither a built-in model nor a file\n  help: looked for models/m.yaml; built-in models: cx-maturity, gov-cx\n",
    );
}

#[test]
fn model_errors_are_reported_through_the_engagement() {
    let (code, stderr) = run(
        ("id: demo", "id: Demo"),
        ("date: 2026-11-01", "date: 2026-02-30"),
        &["validate", "e.yaml"],
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        "e.yaml:4:7: error: date `2026-02-30` is not a valid date\n  help: write it as YYYY-MM-DD, e.g. `date: 2026-11-01`\n\
         m.yaml:1:5: error: model id `Demo` is not valid\n  help: use lowercase letters, digits and `-`, e.g. `cx-maturity`\n\
         error: 2 problems found\n"
    );
}

// ---- engagement semantics ----

#[test]
fn engagement_unknown_key() {
    engagement_error(
        "date: 2026-11-01\n",
        "date: 2026-11-01\nlangauge: en\n",
        "e.yaml:5:1: error: unknown key `langauge`\n  help: did you mean `language`?\n",
    );
}

#[test]
fn engagement_bad_language() {
    engagement_error(
        "date: 2026-11-01\n",
        "date: 2026-11-01\nlanguage: fr\n",
        "e.yaml:5:11: error: unknown variant `fr`, expected one of ar, en\n",
    );
}

#[test]
fn missing_data() {
    engagement_error(
        "data: d.csv\n",
        "",
        "e.yaml: error: missing key `data`\n  help: name the answers workbook, e.g. `data: responses.xlsx` (relative to this file)\n",
    );
}

#[test]
fn data_not_found() {
    let (code, stderr) = run(
        ("", ""),
        ("data: d.csv", "data: answers.xlsx"),
        &["validate", "e.yaml"],
    );
    assert_eq!(code, Some(1));
    assert!(
        stderr.starts_with(
            "e.yaml:3:7: error: data file `answers.xlsx` not found\n  help: looked for /"
        ),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("answers.xlsx (paths are relative to the engagement file's folder)\n"),
        "{stderr}"
    );
}

#[test]
fn data_is_a_folder() {
    engagement_error(
        "data: d.csv",
        "data: folder",
        "e.yaml:3:7: error: data file `folder` is not a file\n",
    );
}

#[test]
fn empty_path() {
    engagement_error(
        "data: d.csv",
        "data: \"\"",
        "e.yaml:3:7: error: data file path is empty\n",
    );
}

#[test]
fn narrative_must_be_a_folder() {
    engagement_error(
        "date: 2026-11-01\n",
        "date: 2026-11-01\nnarrative: d.csv\n",
        "e.yaml:5:12: error: narrative folder `d.csv` is not a folder\n",
    );
}

#[test]
fn theme_is_checked() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::write(dir.join("m.yaml"), MODEL).expect("write");
    std::fs::write(dir.join("d.csv"), "S1,S2\n3,4\n5,2\n").expect("write");
    std::fs::write(dir.join("theme.yaml"), "colours: {primary: blue}\n").expect("write");
    std::fs::write(
        dir.join("e.yaml"),
        format!("{ENGAGEMENT}theme: theme.yaml\n"),
    )
    .expect("write");
    let out = Command::new(NUDJ)
        .current_dir(dir)
        .args(["validate", "e.yaml"])
        .output()
        .expect("run nudj");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("theme.yaml:1:"), "{stderr}");
}

#[test]
fn logo_must_be_an_image() {
    engagement_error(
        "client: {name: Acme}",
        "client: {name: Acme, logo: d.csv}",
        "e.yaml:1:28: error: logo `d.csv` is not a PNG, JPEG or SVG image\n",
    );
}

#[test]
fn missing_date() {
    engagement_error(
        "date: 2026-11-01\n",
        "",
        "e.yaml: error: missing key `date`\n  help: add the assessment date, e.g. `date: 2026-11-01`; reports show it, and a fixed date keeps output reproducible\n",
    );
}

#[test]
fn invalid_date() {
    engagement_error(
        "date: 2026-11-01",
        "date: 01/11/2026",
        "e.yaml:4:7: error: date `01/11/2026` is not a valid date\n  help: write it as YYYY-MM-DD, e.g. `date: 2026-11-01`\n",
    );
}

#[test]
fn date_beyond_what_a_calendar_can_write() {
    engagement_error(
        "date: 2026-11-01",
        "date: \"+10000-01-01\"",
        "e.yaml:4:7: error: date `+10000-01-01` is outside the years 1 to 9999\n  help: write the assessment date as YYYY-MM-DD, e.g. `date: 2026-11-01`\n",
    );
}

#[test]
fn empty_client_name() {
    engagement_error(
        "{name: Acme}",
        "{name: \"\"}",
        "e.yaml:1:16: error: client `name` is empty\n",
    );
}

#[test]
fn client_name_without_report_language_is_a_warning() {
    let (code, stderr) = run(
        ("", ""),
        ("{name: Acme}", "{name: {en: Acme}}"),
        &["validate", "e.yaml"],
    );
    assert_eq!(
        stderr,
        format!(
            "e.yaml:1:16: warning: client `name` has no Arabic text; the Arabic report will show the other language\n  help: add `ar:`\n{METRIC_WARNINGS}7 warnings (see above)\n"
        )
    );
    assert_eq!(code, Some(0));
}

#[test]
fn target_for_unknown_dimension() {
    engagement_error(
        "{default: 4}",
        "{stratgy: 4}",
        "e.yaml:5:11: error: target for unknown dimension `stratgy`\n  help: did you mean `strategy`?\n",
    );
}

#[test]
fn target_outside_scale() {
    engagement_error(
        "{default: 4}",
        "{default: 40}",
        "e.yaml:5:20: error: target 40 for `default` is outside the scale 1..5\n  help: targets are in scale units, like the scores\n",
    );
}

#[test]
fn segment_columns() {
    engagement_error(
        "date: 2026-11-01\n",
        "date: 2026-11-01\nsegments: [Dept, dept]\n",
        "e.yaml:5:18: error: segment column `dept` is listed twice\n",
    );
    engagement_error(
        "date: 2026-11-01\n",
        "date: 2026-11-01\ncomments: [\" \"]\n",
        "e.yaml:5:12: error: comment column name is empty\n",
    );
}

/// `nudj validate`, `score` and `report` read an engagement's data the same way: each
/// refuses a segment or comment column holding personal data with the same message, at the
/// engagement line that names the column.
#[test]
fn personal_columns_are_refused_alike_by_validate_score_and_report() {
    let csv = "respondent,Email,Team,S1,S2,Ref,Notes\n\
               R1,huda@example.com,A,3,4,0551234567,fine\n\
               R2,omar@example.com,B,5,2,+971 50 765 4321,slow\n\
               R3,sara@example.com,A,4,4,0509998887,ok\n";
    let cases = [
        (
            "segments: [Team, Email]\n",
            "e.yaml:6:18: error: segment column `Email` (sheet d.csv) holds personal data: its header names personal data\n",
        ),
        (
            "segments: [Team]\ncomments:\n  - Notes\n  - Ref\n",
            "e.yaml:9:5: error: comment column `Ref` (sheet d.csv) holds personal data: most of its values are e-mail addresses or phone numbers\n",
        ),
    ];
    let help = "  help: personal data (names, e-mails, phone numbers) never goes into a report: remove the column from the engagement (see docs/privacy.md)\n";
    for (columns, expected) in cases {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path();
        std::fs::write(dir.join("m.yaml"), MODEL).expect("write");
        std::fs::write(dir.join("e.yaml"), format!("{ENGAGEMENT}{columns}")).expect("write");
        std::fs::write(dir.join("d.csv"), csv).expect("write");
        for args in [
            &["validate", "e.yaml"][..],
            &["score", "e.yaml"],
            &["score", "e.yaml", "--format", "json"],
            &["report", "e.yaml", "-o", "r.pdf"],
        ] {
            let out = Command::new(NUDJ)
                .current_dir(dir)
                .args(args)
                .output()
                .expect("run nudj");
            let stderr = String::from_utf8_lossy(&out.stderr);
            // After loading, messages name the engagement by its full path.
            let file = dir.canonicalize().expect("canonical").join("");
            assert_eq!(
                stderr,
                format!("{}{expected}{help}", file.display()),
                "{args:?}"
            );
            assert_eq!(out.status.code(), Some(1), "{args:?}");
            assert!(
                out.stdout.is_empty(),
                "{args:?}: nothing printed on refusal"
            );
        }
        assert!(!dir.join("r.pdf").exists());
        // A course's live example computed from the same engagement is refused alike.
        std::fs::write(dir.join("m.md"), "# M\n\n## S\n\nText\n").expect("write");
        std::fs::write(
            dir.join("c.yaml"),
            "title: T\ncode: T1\nlanguage: en\ntrainer: {name: A}\ndate: 2026-11-01\nhours: 2\n\
             modules: [{file: m.md}]\n\
             live:\n  - {title: NPS, kind: worked, engagement: e.yaml, metric: nps, after_module: 1}\n",
        )
        .expect("write");
        let out = Command::new(NUDJ)
            .current_dir(dir)
            .args(["course", "c.yaml", "--handout", "-o", "h.pdf"])
            .output()
            .expect("run nudj");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "course: {stderr}");
        assert_eq!(out.status.code(), Some(1), "course: {stderr}");
        assert!(!dir.join("h.pdf").exists());
    }
}

#[test]
fn min_segment_size_zero() {
    engagement_error(
        "date: 2026-11-01\n",
        "date: 2026-11-01\nmin_segment_size: 0\n",
        "e.yaml:5:19: error: min_segment_size must be at least 1\n",
    );
}

// ---- command line ----

#[test]
fn usage_errors_exit_2() {
    let (code, stderr) = run(("", ""), ("", ""), &["validate"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.starts_with("error: the following required arguments were not provided:"),
        "{stderr}"
    );
    let (code, stderr) = run(
        ("", ""),
        ("", ""),
        &["validate", "e.yaml", "--model", "m.yaml"],
    );
    assert_eq!(code, Some(2));
    assert!(stderr.contains("cannot be used with"), "{stderr}");
    let (code, stderr) = run(("", ""), ("", ""), &["frobnicate"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("unrecognized subcommand 'frobnicate'"),
        "{stderr}"
    );
    let (code, stderr) = run(("", ""), ("", ""), &["init", "x", "--date", "1/2/2026"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("`1/2/2026` is not a date in the form YYYY-MM-DD"),
        "{stderr}"
    );
}

#[test]
fn init_refuses_to_overwrite() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(tmp.path().join("model.yaml"), "mine").expect("write");
    let out = Command::new(NUDJ)
        .current_dir(tmp.path())
        .args(["init", "."])
        .output()
        .expect("run nudj");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: refusing to overwrite ./model.yaml; pass --force to replace it (the old files are moved to a backup folder)\n"
    );
    // Nothing was written: a refused init leaves the folder as it was.
    assert!(!tmp.path().join("engagement.yaml").exists());
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("model.yaml")).expect("read"),
        "mine"
    );
}

#[test]
fn numbers_with_one_mark_for_decimals_and_thousands() {
    engagement_error(
        "targets: {default: 4}\n",
        "targets: {default: 4}\nnumbers: {decimal: \",\", thousands: \",\"}\n",
        "e.yaml:6:10: error: `numbers`: `,` cannot be both the decimal mark and the thousands separator\n  help: e.g. `numbers: {decimal: \",\", thousands: \".\"}`\n",
    );
}

#[test]
fn numbers_with_an_unknown_mark() {
    let (code, stderr) = run(
        ("", ""),
        (
            "targets: {default: 4}\n",
            "targets: {default: 4}\nnumbers: {decimal: \";\", thousands: \".\"}\n",
        ),
        &["validate", "e.yaml"],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.starts_with("e.yaml:6:20: error: unknown variant `;`"),
        "{stderr}"
    );
}

#[test]
fn scale_labels_the_reader_would_confuse() {
    model_error(
        "labels: {1: Low, 5: High}",
        "labels: {1: Low, 5: \" LOW\"}",
        "m.yaml:7:20: error: label `LOW` is used for both 1 and 5\n",
    );
}

#[test]
fn journey_stage_id_given_twice() {
    engagement_error(
        "targets: {default: 4}\n",
        "targets: {default: 4}\njourney:\n  - {id: a, name: Apply}\n  - {id: a, name: Renew}\n",
        "e.yaml:8:10: error: two stages have the id `a`\n  help: give every stage its own id and name: a `stage` cell must name one stage\n",
    );
}

#[test]
fn journey_stage_named_like_another() {
    engagement_error(
        "targets: {default: 4}\n",
        "targets: {default: 4}\njourney:\n  - {id: a, name: Apply}\n  - {id: b, name: apply }\n",
        "e.yaml:8:10: error: journey stage `b` cannot be told from stage `a`: an id or name of each reads `apply` (compared ignoring case, spaces and diacritics)\n  help: give every stage its own id and name: a `stage` cell must name one stage\n",
    );
}

#[test]
fn template_given_an_engagement_as_model() {
    let (code, stderr) = run(
        ("", ""),
        ("", ""),
        &["template", "--model", "e.yaml", "-o", "t.xlsx"],
    );
    // The model is named by its resolved (absolute) path.
    let (path, message) = stderr.split_once(":1:1: ").unwrap_or_default();
    assert!(path.ends_with("/e.yaml"), "{stderr}");
    assert_eq!(
        message,
        "error: unknown key `client`\n  help: `e.yaml` is an engagement, not a model: pass it without `--model` (`nudj template e.yaml -o FILE.xlsx`)\n"
    );
    assert_eq!(code, Some(1), "{stderr}");
}

#[test]
fn validate_given_an_engagement_as_model() {
    let (code, stderr) = run(("", ""), ("", ""), &["validate", "--model", "e.yaml"]);
    let (path, message) = stderr.split_once(":1:1: ").unwrap_or_default();
    assert!(path.ends_with("e.yaml"), "{stderr}");
    assert_eq!(
        message,
        "error: unknown key `client`\n  help: `e.yaml` is an engagement, not a model: pass it without `--model` (`nudj validate e.yaml`)\n"
    );
    assert_eq!(code, Some(1), "{stderr}");
}
