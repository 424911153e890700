//! The JSON files nudj reads back: a `previous:` result (`nudj score --format json` of an
//! earlier wave), a benchmark (`nudj benchmark build`), and results gathered into a
//! benchmark. First byte: which, then the JSON. A previous result that reads is compared
//! with a scored sample (the telecom sample's data); a benchmark that reads places that
//! sample's result in it (read from a file, as an engagement's `benchmark:` is); a result read as a benchmark input is built into a benchmark with
//! two copies of the sample's result.
#![no_main]
mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use nudj::benchmark::{BuildOptions, Input};
use nudj::score::{ScoreOptions, parse_previous, score};

/// The file a benchmark input is written to (in a folder removed when the process ends
/// normally; libFuzzer's runs leave it in the system's temporary folder).
fn bench_file() -> Option<&'static Path> {
    static DIR: OnceLock<Option<tempfile::TempDir>> = OnceLock::new();
    static FILE: OnceLock<Option<PathBuf>> = OnceLock::new();
    FILE.get_or_init(|| {
        let dir = DIR.get_or_init(|| tempfile::tempdir().ok()).as_ref()?;
        Some(dir.path().join("bench.json"))
    })
    .as_deref()
}

fuzz_target!(|data: &[u8]| {
    let [sel, rest @ ..] = data else {
        return;
    };
    let Some(sample) = common::telecom_sample() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let file = Path::new("score.json");
    match sel % 3 {
        0 => {
            if let Ok(previous) = parse_previous(file, text) {
                let opts = ScoreOptions::from_engagement(&sample.engagement, Some(previous));
                let _ = score(&sample.engagement.model, &sample.data, &opts);
            }
        }
        1 => {
            // Through the file, as an engagement's `benchmark:` is read.
            let Some(path) = bench_file() else {
                return;
            };
            if std::fs::write(path, rest).is_ok()
                && let Ok(bench) = nudj::benchmark::read_benchmark(path)
            {
                let mut result = sample.result.clone();
                let _ = nudj::benchmark::place(&mut result, &bench, path);
            }
        }
        _ => {
            if let Ok(result) = parse_previous(file, text) {
                let input = |name: &str, result| Input {
                    file: PathBuf::from(name),
                    result,
                };
                let inputs = [
                    input("a.json", result),
                    input("b.json", sample.result.clone()),
                    input("c.json", sample.result.clone()),
                ];
                let opts = BuildOptions {
                    name: None,
                    min_orgs: 3,
                    output: PathBuf::from("out.json"),
                };
                let _ = nudj::benchmark::build(&inputs, &opts);
            }
        }
    }
});
