//! `nudj validate`, `schema` and `init` run as a user runs them: the real binary on real
//! files. Malformed inputs must end in an error exit, never a panic or a hang.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const NUDJ: &str = env!("CARGO_BIN_EXE_nudj");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn nudj(dir: &Path, args: &[&str]) -> Output {
    Command::new(NUDJ)
        .current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("run nudj")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The process ended with `code` (not killed by a signal, which a panic-abort would be).
fn assert_exit(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        !text(&out.stderr).contains("panicked"),
        "panic: {}",
        text(&out.stderr)
    );
}

#[test]
fn shipped_model_validates() {
    let out = nudj(
        &root(),
        &["validate", "--model", "assessments/cx-maturity.yaml"],
    );
    assert_exit(&out, 0);
    assert_eq!(
        text(&out.stdout),
        "assessments/cx-maturity.yaml: valid model `cx-maturity` 1.0: 8 dimensions, 42 questions, 5 levels, scale 1..5\n"
    );
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn builtin_model_validates_by_name() {
    let out = nudj(&root(), &["validate", "--model", "cx-maturity"]);
    assert_exit(&out, 0);
    assert!(text(&out.stdout).starts_with("built-in model `cx-maturity`: valid model"));
}

#[test]
fn models_of_other_shapes_validate() {
    let cases = [
        (
            "scale-0-4.yaml",
            "`service-basics` 0.3: 2 dimensions, 3 questions, 3 levels, scale 0..4",
        ),
        (
            "six-levels.yaml",
            "`six-levels-7pt` 2: 2 dimensions, 3 questions, 6 levels, scale 1..7",
        ),
    ];
    for (file, summary) in cases {
        let path = format!("tests/fixtures/models/{file}");
        let out = nudj(&root(), &["validate", "--model", &path]);
        assert_exit(&out, 0);
        assert_eq!(
            text(&out.stdout),
            format!("{path}: valid model {summary}\n")
        );
    }
}

/// Every line marked `MISTAKE` in the fixture is reported, on that line, and nothing else.
#[test]
fn five_planted_mistakes_are_all_reported_on_their_lines() {
    let rel = "tests/fixtures/models/planted-mistakes.yaml";
    let src = std::fs::read_to_string(root().join(rel)).expect("fixture");
    let marked: Vec<usize> = src
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("# MISTAKE"))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(marked.len(), 5);
    let out = nudj(&root(), &["validate", "--model", rel]);
    assert_exit(&out, 1);
    let stderr = text(&out.stderr);
    let reported: Vec<usize> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix(&format!("{rel}:")))
        .filter_map(|l| l.split(':').next()?.parse().ok())
        .collect();
    assert_eq!(reported, marked, "{stderr}");
    for needle in [
        "label for 6 is outside the scale 1..5",
        "level 3 min_score 2 is not above level 2 (2.5)",
        "duplicate question id `STR-01`",
        "dimension `voc` weight is 0, must be above 0",
        "question `VOC-01` `text` has Arabic text but no English",
        "error: 5 problems found",
    ] {
        assert!(stderr.contains(needle), "missing `{needle}` in:\n{stderr}");
    }
}

/// Writes `bytes` as a model file and checks that validation fails cleanly with `expected`
/// in the message.
fn assert_rejected(name: &str, bytes: &[u8], expected: &str) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    let out = nudj(tmp.path(), &["validate", "--model", name]);
    assert_exit(&out, 1);
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with(name),
        "message does not name the file:\n{stderr}"
    );
    assert!(
        stderr.contains(expected),
        "expected `{expected}` in:\n{stderr}"
    );
}

#[test]
fn truncated_model_is_rejected() {
    let src = std::fs::read(root().join("assessments/cx-maturity.yaml")).expect("model");
    // Cut in the middle of the dimensions; at a char boundary so it is still UTF-8.
    let mut cut = src.len() / 2;
    while std::str::from_utf8(&src[..cut]).is_err() {
        cut -= 1;
    }
    assert_rejected("truncated.yaml", &src[..cut], "error:");
    // Cut inside a flow mapping: a syntax error, not a semantic one.
    assert_rejected(
        "cut-flow.yaml",
        b"id: x\nversion: '1'\ntitle: {ar: a, en",
        "3:8: error: unclosed bracket",
    );
}

#[test]
fn binary_file_is_rejected() {
    let bytes: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    assert_rejected("binary.yaml", &bytes, "looks like a binary file");
    assert_rejected("latin1.yaml", b"id: caf\xe9\n", "file is not UTF-8 text");
    // tester6 F27: Notepad's "Unicode" (UTF-16 LE with its mark) is text, said as such.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "id: x\nversion: '1'\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    assert_rejected(
        "utf16.yaml",
        &utf16,
        "file is UTF-16 text (Notepad's \"Unicode\"), not UTF-8",
    );
}

#[test]
fn fifty_megabyte_file_is_rejected() {
    let mut big = b"id: x\n# ".to_vec();
    big.resize(50 * 1024 * 1024, b'x');
    assert_rejected("big.yaml", &big, "file is larger than 10 MiB");
}

#[test]
fn deeply_nested_file_is_rejected() {
    let mut flow = b"id: x\nversion: '1'\ntitle: ".to_vec();
    flow.extend(std::iter::repeat_n(b'[', 200_000));
    assert_rejected("deep-flow.yaml", &flow, "error:");
    let mut block = String::from("id: x\nversion: '1'\ntitle:\n");
    for depth in 1..2000 {
        block.push_str(&" ".repeat(depth));
        block.push_str("k:\n");
    }
    assert_rejected("deep-block.yaml", block.as_bytes(), "too deeply nested");
}

#[test]
fn alias_bomb_is_rejected() {
    // Ten levels of nine-fold aliases: 9^10 (3.4 billion) strings if expanded.
    let mut src = String::from("id: x\nversion: '1'\ntitle:\n  a0: &a0 [");
    src.push_str(&["\"lol\""; 9].join(","));
    src.push_str("]\n");
    for i in 1..10 {
        src.push_str(&format!("  a{i}: &a{i} ["));
        src.push_str(&vec![format!("*a{}", i - 1); 9].join(","));
        src.push_str("]\n");
    }
    assert_rejected("bomb.yaml", src.as_bytes(), "expands too many aliases");
}

#[test]
fn sample_engagements_validate() {
    for dir in ["samples/bank-ar", "samples/telecom-en"] {
        let path = format!("{dir}/engagement.yaml");
        if !root().join(&path).exists() {
            continue;
        }
        let out = nudj(&root(), &["validate", &path]);
        assert_exit(&out, 0);
        let stdout = text(&out.stdout);
        assert!(
            stdout.starts_with(&format!("{path}: valid engagement for ")),
            "{stdout}"
        );
    }
}

#[test]
fn init_writes_a_folder_that_validates() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = nudj(
        tmp.path(),
        &[
            "init",
            "acme",
            "--client",
            "شركة \"أكمي\"",
            "--date",
            "2026-11-01",
        ],
    );
    assert_exit(&out, 0);
    let engagement = std::fs::read_to_string(tmp.path().join("acme/engagement.yaml"))
        .expect("engagement written");
    assert!(engagement.contains("name: \"شركة \\\"أكمي\\\"\""));
    assert!(engagement.contains("date: 2026-11-01"));
    // The default theme is copied for branding, and the engagement uses it.
    assert!(engagement.contains("theme: theme.yaml"));
    let theme = std::fs::read_to_string(tmp.path().join("acme/theme.yaml")).expect("theme");
    assert!(theme.contains("colors:") && theme.contains("primary:"));
    for f in [
        "acme/model.yaml",
        "acme/schemas/model.schema.json",
        "acme/schemas/engagement.schema.json",
    ] {
        assert!(tmp.path().join(f).is_file(), "{f} missing");
    }
    // The copied model is the built-in one and validates on its own.
    let out = nudj(tmp.path(), &["validate", "--model", "acme/model.yaml"]);
    assert_exit(&out, 0);
    // The collection workbook is there and matches the model; validation reads it and
    // says that answers are what is missing.
    let workbook = std::fs::read(tmp.path().join("acme/responses.xlsx")).expect("workbook");
    assert!(
        workbook.starts_with(b"PK"),
        "responses.xlsx is not an xlsx (zip) file"
    );
    let out = nudj(tmp.path(), &["validate", "acme/engagement.yaml"]);
    assert_exit(&out, 1);
    assert!(
        text(&out.stderr).ends_with("error: the responses sheet has headers but no answers\n"),
        "{}",
        text(&out.stderr)
    );
    // A second init overwrites nothing (the folder is complete); --force replaces.
    let out = nudj(tmp.path(), &["init", "acme"]);
    assert_exit(&out, 0);
    assert!(
        text(&out.stdout).contains("nothing was missing"),
        "{}",
        text(&out.stdout)
    );
    let out = nudj(
        tmp.path(),
        &["init", "acme", "--force", "--date", "2026-01-02"],
    );
    assert_exit(&out, 0);
    let engagement =
        std::fs::read_to_string(tmp.path().join("acme/engagement.yaml")).expect("engagement");
    assert!(engagement.contains("date: 2026-01-02"));
}

#[test]
fn schema_is_json_generated_from_the_types() {
    for (format, keys) in [
        ("model", ["\"dimensions\"", "\"levels\"", "\"scale\""]),
        ("engagement", ["\"client\"", "\"targets\"", "\"segments\""]),
    ] {
        let out = nudj(&root(), &["schema", format]);
        assert_exit(&out, 0);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("schema is JSON");
        let s = json.to_string();
        for k in keys {
            assert!(s.contains(k), "{format} schema lacks {k}");
        }
        assert_eq!(json["additionalProperties"], serde_json::Value::Bool(false));
    }
}

#[test]
fn help_has_examples_and_version_prints() {
    for sub in [
        &["--help"][..],
        &["validate", "--help"],
        &["schema", "--help"],
        &["init", "--help"],
    ] {
        let out = nudj(&root(), sub);
        assert_exit(&out, 0);
        assert!(text(&out.stdout).contains("Examples:"), "{sub:?}");
    }
    let out = nudj(&root(), &["--version"]);
    assert_exit(&out, 0);
    assert_eq!(
        text(&out.stdout),
        format!("nudj {}\n", env!("CARGO_PKG_VERSION"))
    );
}
