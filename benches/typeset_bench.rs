//! Typesetting time: parsing the embedded fonts once, then laying out and exporting the
//! sample course (43 slides, 12-page handout, 20 certificates) several times in one process,
//! as a batch would. `cargo bench --bench typeset_bench` (add `--profile dev` for a quick
//! look: dependencies are optimised in dev too). Prints best and median; no assertions.

use std::path::Path;
use std::time::{Duration, Instant};

use nudj::course::{Output, document, load_course};
use nudj::typeset::{FontSet, compile_pdf};

fn stats(name: &str, mut runs: Vec<Duration>, extra: &str) {
    runs.sort();
    let best = runs.first().copied().unwrap_or_default();
    let median = runs.get(runs.len() / 2).copied().unwrap_or_default();
    println!("{name:<28} best {best:>10.2?}  median {median:>10.2?}  {extra}");
}

fn main() {
    let t = Instant::now();
    let fonts = FontSet::embedded();
    println!(
        "{:<28} {:>10.2?}  ({} families)",
        "embedded fonts, first use",
        t.elapsed(),
        fonts.families().len()
    );
    let t = Instant::now();
    let _ = FontSet::embedded();
    println!("{:<28} {:>10.2?}", "embedded fonts, again", t.elapsed());

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let course = match load_course(&root.join("samples/course/course.yaml")) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cannot load the sample course: {e}");
            return;
        }
    };
    let roster = root.join("samples/course/attendees.xlsx");
    for (name, out) in [
        ("slides (ar)", Output::Slides { notes: false }),
        ("handout (ar)", Output::Handout { answers: false }),
        ("certificates (ar, 20)", Output::Certificates { roster }),
    ] {
        let mut build = Vec::new();
        let mut compile = Vec::new();
        let mut size = 0;
        for _ in 0..6 {
            let t = Instant::now();
            let doc = match document(&course, &out) {
                Ok(d) => d.output,
                Err(e) => {
                    eprintln!("{name}: {e}");
                    return;
                }
            };
            build.push(t.elapsed());
            let t = Instant::now();
            match compile_pdf(&doc) {
                Ok(pdf) => size = pdf.output.len(),
                Err(e) => {
                    eprintln!("{name}: {e}");
                    return;
                }
            }
            compile.push(t.elapsed());
        }
        stats(&format!("{name}: source"), build, "");
        stats(
            &format!("{name}: compile+pdf"),
            compile,
            &format!("{} KB", size / 1024),
        );
    }
}
