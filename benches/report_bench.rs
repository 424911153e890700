//! Report time against the raw compile of its own `--emit-typst` output.
//!
//! `cargo bench --bench report_bench` runs, for each sample engagement:
//! 1. the whole `nudj report` process (read, score, charts, templates, Typst, PDF), and
//! 2. a cold compile of the emitted Typst folder in a fresh process (this bench binary
//!    re-executed with `--cold DIR`): fonts parsed from `DIR/fonts`, `document.typ` laid out
//!    and exported to PDF, what `typst compile DIR/main.typ` does, without the CLI. It is
//!    timed twice: as a whole process (start to exit, like the report), and inside the
//!    process (from its first line, so without the process start: the stricter figure).
//!
//! Prints the median of several runs of each and the ratios (target: report ≤ 1.2 × cold
//! compile), with an in-process split of the report. Numbers, not asserts: the machine is
//! shared.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use nudj::typeset::{self, Document, FontSet};

const RUNS: usize = 11;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// One cold compile of an emitted folder, in this process (called in a child).
fn cold(dir: &Path) {
    let start = Instant::now();
    let fonts = FontSet::with_dirs(&[dir.join("fonts")]).expect("fonts");
    let source = std::fs::read_to_string(dir.join("document.typ")).expect("document.typ");
    let mut doc = Document::new(
        source,
        "document.typ",
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"),
    );
    doc.mount("/", dir).expect("mount");
    doc.fonts = fonts;
    let pdf = typeset::compile_pdf(&doc).expect("compile");
    std::fs::write(dir.join("cold.pdf"), &pdf.output).expect("write");
    println!("{}", start.elapsed().as_nanos());
}

/// One in-process report split into its two stages, in a fresh process (called in a child):
/// prints the nanoseconds of `pipeline::prepare_report` (read, score, charts, templates) and of
/// `typeset::compile_pdf` (layout and PDF export), so a gap to the cold compile can be placed.
fn stages(engagement: &Path) {
    let t = Instant::now();
    let fonts = FontSet::embedded();
    let doc =
        nudj::pipeline::prepare_report(engagement, &nudj::report::ReportOptions::default(), fonts)
            .expect("prepare");
    let prepared = t.elapsed();
    let t = Instant::now();
    let pdf = typeset::compile_pdf(&doc.output).expect("compile");
    let compiled = t.elapsed();
    assert!(!pdf.output.is_empty());
    println!("{} {}", prepared.as_nanos(), compiled.as_nanos());
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--cold") {
        cold(Path::new(&args[i + 1]));
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--stages") {
        stages(Path::new(&args[i + 1]));
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let nudj = env!("CARGO_BIN_EXE_nudj");
    let me = std::env::current_exe().expect("current exe");
    let tmp = tempfile::tempdir().expect("tempdir");
    println!(
        "{:<12} {:>11} {:>18} {:>7} {:>18} {:>7}",
        "sample", "report (s)", "cold, process (s)", "ratio", "cold, inside (s)", "ratio"
    );
    for sample in ["bank-ar", "telecom-en"] {
        let eng = root.join("samples").join(sample).join("engagement.yaml");
        let out = tmp.path().join(format!("{sample}.pdf"));
        let emit = tmp.path().join(sample);
        let st = Command::new(nudj)
            .args(["report", eng.to_str().unwrap(), "-o", out.to_str().unwrap()])
            .arg("--emit-typst")
            .arg(&emit)
            .output()
            .expect("nudj");
        assert!(
            st.status.success(),
            "{}",
            String::from_utf8_lossy(&st.stderr)
        );
        let mut report = Vec::new();
        let mut compile = Vec::new();
        let mut compile_process = Vec::new();
        let mut prepare_t = Vec::new();
        let mut compile_t = Vec::new();
        for _ in 0..RUNS {
            let t = Instant::now();
            let st = Command::new(nudj)
                .args(["report", eng.to_str().unwrap(), "-o", out.to_str().unwrap()])
                .output()
                .expect("nudj");
            report.push(t.elapsed());
            assert!(st.status.success());
            let t = Instant::now();
            let c = Command::new(&me)
                .arg("--cold")
                .arg(&emit)
                .output()
                .expect("child");
            compile_process.push(t.elapsed());
            let ns: u64 = String::from_utf8_lossy(&c.stdout)
                .trim()
                .parse()
                .expect("time");
            compile.push(Duration::from_nanos(ns));
            let s = Command::new(&me)
                .arg("--stages")
                .arg(&eng)
                .output()
                .expect("child");
            let out = String::from_utf8_lossy(&s.stdout);
            let mut ns = out
                .split_whitespace()
                .map(|n| n.parse::<u64>().expect("time"));
            prepare_t.push(Duration::from_nanos(ns.next().expect("prepare")));
            compile_t.push(Duration::from_nanos(ns.next().expect("compile")));
        }
        let (r, c, cp) = (median(report), median(compile), median(compile_process));
        println!(
            "{sample:<12} {:>11.3} {:>18.3} {:>7.2} {:>18.3} {:>7.2}   (report in-process: prepare {:.3} s, compile+export {:.3} s)",
            r.as_secs_f64(),
            cp.as_secs_f64(),
            r.as_secs_f64() / cp.as_secs_f64(),
            c.as_secs_f64(),
            r.as_secs_f64() / c.as_secs_f64(),
            median(prepare_t).as_secs_f64(),
            median(compile_t).as_secs_f64(),
        );
    }
}
