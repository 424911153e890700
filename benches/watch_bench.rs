//! `nudj report --watch` re-render time after a narrative edit, in one process as the watch
//! runs it: fonts loaded once, Typst's memoisation warm, the read workbook, score and charts
//! taken from the [`Cache`] (keyed on file content).
//!
//! `cargo bench --bench watch_bench` copies each sample engagement (and the model it names)
//! to a temporary folder, renders once (cold), then, `RUNS` times, appends a paragraph to
//! `narrative/voc.md` and renders again:
//! - **cached**: `pipeline::prepare_report_cached` with the watch cache, then layout and PDF export;
//! - **uncached**: the same with an empty cache (workbook read, scored, charts drawn again),
//!   which is what `--watch` did before the cache.
//!
//! Prints the median of each and its split (prepare / typeset). Numbers, not asserts: the
//! machine is shared. Detection latency of the watch loop (poll 150 ms + settle 100 ms) comes
//! on top; it is not measured here.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use nudj::pipeline::{self, watch::Cache};
use nudj::report::ReportOptions;
use nudj::typeset::{self, FontSet};

const RUNS: usize = 7;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir") {
        let e = e.expect("entry");
        let dest = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), &dest).expect("copy");
        }
    }
}

/// One render: (prepare, typeset) times.
fn render(
    eng: &Path,
    opts: &ReportOptions,
    fonts: &std::sync::Arc<FontSet>,
    cache: &mut Cache,
) -> (Duration, Duration) {
    let start = Instant::now();
    let doc = pipeline::prepare_report_cached(eng, opts, fonts.clone(), cache).expect("prepare");
    let prepared = start.elapsed();
    let pdf = typeset::compile_pdf(&doc.output).expect("compile");
    assert!(pdf.output.starts_with(b"%PDF"));
    (prepared, start.elapsed() - prepared)
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("tempdir");
    // The samples name the model as ../../assessments/...: keep that layout.
    copy_dir(&root.join("assessments"), &tmp.path().join("assessments"));
    let fonts = FontSet::embedded();
    let opts = ReportOptions::default();
    println!(
        "{:<11} {:>9} {:>22} {:>22}",
        "sample", "cold (s)", "edit, cached (s)", "edit, uncached (s)"
    );
    for sample in ["bank-ar", "telecom-en"] {
        let dir = tmp.path().join("samples").join(sample);
        copy_dir(&root.join("samples").join(sample), &dir);
        let eng = dir.join("engagement.yaml");
        let voc = dir.join("narrative/voc.md");
        let mut cache = Cache::default();
        let (p, t) = render(&eng, &opts, &fonts, &mut cache);
        let cold = p + t;
        // Alternate cached and uncached edits so machine load hits both alike.
        let mut runs: [Vec<(Duration, Duration)>; 2] = [Vec::new(), Vec::new()];
        for n in 0..2 * RUNS {
            let mut text = std::fs::read_to_string(&voc).expect("voc.md");
            text.push_str(&format!("\nفقرة أضيفت للقياس رقم {n}.\n"));
            std::fs::write(&voc, text).expect("write voc.md");
            let cached = n % 2 == 0;
            let r = if cached {
                let r = render(&eng, &opts, &fonts, &mut cache);
                assert_eq!(
                    cache.last.describe().as_deref(),
                    Some("workbook, score and charts reused")
                );
                r
            } else {
                render(&eng, &opts, &fonts, &mut Cache::default())
            };
            runs[n % 2].push(r);
        }
        let show = |parts: &[(Duration, Duration)]| {
            let totals: Vec<Duration> = parts.iter().map(|(p, t)| *p + *t).collect();
            let m = median(totals.clone());
            let i = totals.iter().position(|x| *x == m).unwrap_or(0);
            let (p, t) = parts[i];
            format!(
                "{:.3} ({:.3}+{:.3})",
                m.as_secs_f64(),
                p.as_secs_f64(),
                t.as_secs_f64()
            )
        };
        let cached = show(&runs[0]);
        let uncached = show(&runs[1]);
        println!(
            "{:<11} {:>9.3} {:>22} {:>22}",
            sample,
            cold.as_secs_f64(),
            cached,
            uncached
        );
    }
    println!("(median of {RUNS}; in brackets prepare + typeset of that run)");
}
