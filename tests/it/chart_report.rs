//! The report's charts as `nudj report --emit-typst` writes them, checked through the real
//! binary on the Arabic sample: numbers follow the theme's `arabic_digits`, the NPS-by-channel
//! chart prints the same figures as the table beside it, question bars are not coloured by
//! status, and every chart has its alt text.

use std::path::{Path, PathBuf};
use std::process::Command;

const NUDJ: &str = env!("CARGO_BIN_EXE_nudj");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The emitted folder of the Arabic bank sample, with `arabic_digits` set as asked.
struct Emitted {
    _dir: tempfile::TempDir,
    out: PathBuf,
}

fn emit_bank(arabic_digits: bool) -> Emitted {
    emit("bank-ar", arabic_digits)
}

fn emit(name: &str, arabic_digits: bool) -> Emitted {
    let dir = tempfile::tempdir().unwrap();
    // Same layout as the repository, so the engagement's relative paths hold.
    let sample = dir.path().join("samples").join(name);
    copy_dir(&root().join("samples").join(name), &sample);
    copy_dir(&root().join("assessments"), &dir.path().join("assessments"));
    // The bank sample's `benchmark:` is in samples/benchmark/.
    copy_dir(
        &root().join("samples/benchmark"),
        &dir.path().join("samples/benchmark"),
    );
    let theme = std::fs::read_to_string(root().join("themes/default.yaml")).unwrap();
    let digits = if arabic_digits {
        "arabic-indic"
    } else {
        "latin"
    };
    let theme = theme.replace("digits: latin", &format!("digits: {digits}"));
    assert!(theme.contains(&format!("\ndigits: {digits}")));
    std::fs::write(sample.join("theme.yaml"), theme).unwrap();
    let engagement = sample.join("engagement.yaml");
    let mut yaml = std::fs::read_to_string(&engagement).unwrap();
    yaml.push_str("\ntheme: theme.yaml\n");
    std::fs::write(&engagement, yaml).unwrap();
    let out = dir.path().join("emitted");
    let o = Command::new(NUDJ)
        .env("NO_COLOR", "1")
        .arg("report")
        .arg(&engagement)
        .arg("-o")
        .arg(dir.path().join("r.pdf"))
        .arg("--emit-typst")
        .arg(&out)
        .output()
        .expect("run nudj");
    assert!(
        o.status.success(),
        "nudj report failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    Emitted { _dir: dir, out }
}

/// `(file name, svg)` of every chart.
fn charts(e: &Emitted) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(e.out.join("charts"))
        .unwrap()
        .map(|f| {
            let f = f.unwrap();
            (
                f.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(f.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    assert!(out.len() >= 10, "only {} charts", out.len());
    out
}

/// Text content of every `<text>` element, without bidi isolates.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            t.split_once('>')
                .and_then(|(_, rest)| rest.split_once("</text>"))
        })
        .map(|(body, _)| strip_isolates(body.trim()))
        .collect()
}

fn strip_isolates(s: &str) -> String {
    s.chars()
        .filter(|c| !('\u{2066}'..='\u{2069}').contains(c))
        .collect()
}

fn data(e: &Emitted) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(e.out.join("data.json")).unwrap()).unwrap()
}

fn is_indic(c: char) -> bool {
    ('\u{0660}'..='\u{0669}').contains(&c)
}

#[test]
fn chart_numbers_follow_arabic_digits_and_match_the_tables() {
    let indic = emit_bank(true);
    for (name, svg) in charts(&indic) {
        for t in texts(&svg) {
            assert!(
                !t.chars().any(|c| c.is_ascii_digit()),
                "{name}: ASCII digit with arabic_digits on: {t:?}"
            );
        }
    }
    let d = data(&indic);
    // The alt texts too (the sample's labels carry no digits of their own).
    for (name, alt) in d["charts"].as_object().unwrap() {
        let alt = alt.as_str().unwrap();
        assert!(!alt.trim().is_empty(), "{name}: no alt text");
        assert!(!alt.chars().any(|c| c.is_ascii_digit()), "{name}: {alt}");
    }
    // NPS by channel: the chart prints exactly the table's figures (sign and decimals).
    let channels = std::fs::read_to_string(indic.out.join("charts/nps-channels.svg")).unwrap();
    let labels = texts(&channels);
    let rows = d["nps"]["by_channel"].as_array().unwrap();
    assert!(rows.len() >= 3);
    for row in rows {
        let score = strip_isolates(row["score"].as_str().unwrap());
        assert!(
            labels.contains(&score),
            "table says {score:?}, chart has {labels:?}"
        );
    }
    // The NPS legend's answer ranges are numbers too.
    let nps = std::fs::read_to_string(indic.out.join("charts/nps.svg")).unwrap();
    assert!(
        texts(&nps).iter().any(|t| t.contains("(٠–٦)")),
        "{:?}",
        texts(&nps)
    );

    let latin = emit_bank(false);
    for (name, svg) in charts(&latin) {
        for t in texts(&svg) {
            assert!(
                !t.chars().any(is_indic),
                "{name}: Arabic-Indic digit with arabic_digits off: {t:?}"
            );
        }
    }
    let channels = std::fs::read_to_string(latin.out.join("charts/nps-channels.svg")).unwrap();
    let labels = texts(&channels);
    for row in data(&latin)["nps"]["by_channel"].as_array().unwrap() {
        let score = strip_isolates(row["score"].as_str().unwrap());
        assert!(labels.contains(&score), "{score:?} not in {labels:?}");
    }
    // Every chart the template shows has an alt text (the PDF's image tags take it).
    let d = data(&latin);
    let alts = d["charts"].as_object().unwrap();
    for (name, _) in charts(&latin) {
        let key = name.trim_end_matches(".svg");
        assert!(
            alts.get(key)
                .and_then(|a| a.as_str())
                .is_some_and(|a| !a.is_empty()),
            "{key}: no alt text"
        );
    }
}

/// No label on any chart of either sample is cut short with `…` (long dimension names in
/// narrow heatmap columns and radar sides shrink and wrap instead).
#[test]
fn no_chart_label_is_cut() {
    for e in [emit_bank(false), emit("telecom-en", false)] {
        for (name, svg) in charts(&e) {
            for t in texts(&svg) {
                assert!(!t.contains('…'), "{name}: cut label {t:?}");
            }
        }
    }
}

/// Every question of the bank sample misses its target: the bars (and the NPS channel
/// columns) must still be drawn in the theme's primary colour (lengths compare), the status
/// only as small dots.
#[test]
fn question_bars_use_the_primary_colour_even_when_every_target_is_missed() {
    let e = emit_bank(false);
    let theme = std::fs::read_to_string(root().join("themes/default.yaml")).unwrap();
    let colour = |key: &str| {
        theme
            .lines()
            .find_map(|l| l.trim().strip_prefix(&format!("{key}: \"")))
            .and_then(|r| r.split('"').next())
            .unwrap()
            .to_uppercase()
    };
    let (primary, red) = (colour("primary"), colour("red"));
    let bars: Vec<(String, String)> = charts(&e)
        .into_iter()
        .filter(|(n, _)| n.starts_with("bars-"))
        .collect();
    assert!(bars.len() >= 8, "{} bar charts", bars.len());
    let mut red_dots = 0;
    for (name, svg) in &bars {
        let rects_in = |c: &str| {
            svg.lines()
                .filter(|l| l.starts_with("<rect") && l.contains(c))
                .count()
        };
        assert!(rects_in(&primary) >= 3, "{name}: bars not in {primary}");
        assert_eq!(rects_in(&red), 0, "{name}: a red bar");
        red_dots += svg
            .lines()
            .filter(|l| l.starts_with("<circle") && l.contains(&red))
            .count();
    }
    assert!(red_dots > 0, "the missed status still shows, as dots");
    // NPS by channel: status against the NPS target as dots too, columns in primary.
    let channels = std::fs::read_to_string(e.out.join("charts/nps-channels.svg")).unwrap();
    let rects_in = |c: &str| {
        channels
            .lines()
            .filter(|l| l.starts_with("<rect") && l.contains(c))
            .count()
    };
    assert!(rects_in(&primary) >= 3, "channel columns in primary");
    assert_eq!(rects_in(&red), 0, "a red channel column");
}
