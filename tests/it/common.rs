//! Helpers shared by the integration tests: run the real binary in a folder, read a PDF's
//! text with `pdftotext` (poppler-utils; `.ci/run` installs it).

// Each test module uses a different subset of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary under test, built by cargo for the integration tests.
pub const NUDJ: &str = env!("CARGO_BIN_EXE_nudj");

/// The repository root (samples, assessments, docs).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `nudj ARGS` in `dir`, without colour, and returns what it did.
pub fn nudj(dir: &Path, args: &[&str]) -> Output {
    Command::new(NUDJ)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run nudj")
}

/// Lossy UTF-8 text of a process stream.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Asserts the run succeeded (stderr in the failure message) and returns its stderr.
pub fn ok(out: &Output) -> String {
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    err
}

/// Whether `c` is one of the bidi isolates, embeddings and marks the report wraps free text
/// and numbers in (invisible on the page, but present in extracted text).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The PDF's text by `pdftotext [OPTIONS] PDF -`, without bidi controls.
pub fn pdftotext(pdf: &Path, options: &[&str]) -> String {
    let out = Command::new("pdftotext")
        .args(options)
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed for this test");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    text(&out.stdout)
        .chars()
        .filter(|c| !is_bidi_control(*c))
        .collect()
}
