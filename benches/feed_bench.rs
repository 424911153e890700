//! Metric-feed benchmark (harness = false): ten million NPS answers from a CSV named in the
//! engagement's `metric_files:` (channel and journey stage on every row, a comment on some),
//! read streaming and scored.
//!
//! ```sh
//! cargo bench --bench feed_bench                      # generate (once, cached in /tmp) and measure
//! cargo bench --bench feed_bench -- --rows 1000000    # another size
//! ```
//! Each measurement runs in a fresh child process so its peak memory (VmHWM from /proc,
//! Linux) is the reader's and scorer's alone, not the generator's. The file is generated in
//! the system's temporary folder, never in the repository.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use nudj::data::{ReadOptions, read_client_data};
use nudj::model::{FeedFiles, Model, Stage};
use nudj::score::{ScoreOptions, score};
use nudj::text::Text;

const STAGES: [&str; 5] = ["discover", "apply", "onboard", "use", "help"];
const CHANNELS: [&str; 4] = ["Branch", "App", "Call centre", "Web"];

fn model() -> Model {
    let yaml = "id: bench\nversion: \"1\"\ntitle: Bench\nscale: {min: 1, max: 5}\nlevels:\n  - {name: Low, min_score: 1}\n  - {name: High, min_score: 3}\ndimensions:\n  - id: d\n    name: D\n    questions:\n      - {id: Q1, text: Q}\nmetrics:\n  nps: {target: 30}\n";
    serde_saphyr::from_str(yaml).expect("model")
}

fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
}

/// `rows` NPS answers: score, channel, stage, and a comment on one row in 50.
fn generate(path: &Path, rows: u64) {
    let file = std::fs::File::create(path).expect("create");
    let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
    writeln!(w, "score,channel,stage,comment").expect("w");
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..rows {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let stage = STAGES[(x % 5) as usize];
        let channel = CHANNELS[((x >> 8) % 4) as usize];
        // Later stages fare worse, so the stages differ.
        let score = ((x >> 16) % 11).saturating_sub((x % 5) / 2);
        if (x >> 32).is_multiple_of(50) {
            writeln!(
                w,
                "{score},{channel},{stage},\"the wait at this step was too long\""
            )
        } else {
            writeln!(w, "{score},{channel},{stage},")
        }
        .expect("w");
    }
    w.flush().expect("flush");
}

fn responses(path: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Responses").expect("name");
    ws.write_string(0, 0, "respondent").expect("h");
    ws.write_string(0, 1, "Q1").expect("h");
    ws.write_string(1, 0, "R1").expect("id");
    ws.write_number(1, 1, 4.0).expect("a");
    wb.save(path).expect("save");
}

fn measure(dir: &Path, csv: &Path) {
    let model = model();
    let journey: Vec<Stage> = STAGES
        .iter()
        .map(|s| Stage {
            id: (*s).into(),
            name: Text::Plain((*s).into()),
        })
        .collect();
    let opts = ReadOptions {
        journey: journey.clone(),
        metric_files: FeedFiles {
            nps: Some(csv.to_path_buf()),
            ..FeedFiles::default()
        },
        ..ReadOptions::default()
    };
    let t = Instant::now();
    let data = read_client_data(&dir.join("responses.xlsx"), &model, &opts).expect("reads");
    let read = t.elapsed().as_secs_f64();
    let sopts = ScoreOptions {
        min_segment_size: 5,
        journey: STAGES
            .iter()
            .map(|s| nudj::score::StageInfo {
                id: (*s).into(),
                name: Text::Plain((*s).into()),
            })
            .collect(),
        ..ScoreOptions::default()
    };
    let r = score(&model, &data.output, &sopts).output;
    let total = t.elapsed().as_secs_f64();
    let nps = r.metrics.nps.expect("nps");
    println!(
        "{} NPS answers: read {read:.2} s, read + score {total:.2} s ({:.1} M rows/s), peak RSS {} MiB; NPS {:.2} ± {:.3}, {} stages, {} channels",
        nps.stats.n,
        nps.stats.n as f64 / total / 1e6,
        peak_kib().map_or("?".into(), |k| (k / 1024).to_string()),
        nps.stats.score,
        nps.stats.margin_of_error,
        nps.by_stage.len(),
        nps.by_channel.len()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let dir = std::env::temp_dir().join("nudj-feed-bench");
    if let Some(csv) = arg("--measure") {
        measure(&dir, &PathBuf::from(csv));
        return;
    }
    let rows: u64 = arg("--rows").map_or(10_000_000, |r| r.parse().expect("--rows N"));
    std::fs::create_dir_all(&dir).expect("dir");
    let csv = dir.join(format!("nps-{rows}.csv"));
    if !csv.exists() {
        let t = Instant::now();
        generate(&csv, rows);
        println!(
            "generated {} in {:.1} s",
            csv.display(),
            t.elapsed().as_secs_f64()
        );
    }
    responses(&dir.join("responses.xlsx"));
    let size = std::fs::metadata(&csv).map(|m| m.len()).unwrap_or(0);
    println!("{rows} rows, {:.1} MB", size as f64 / 1e6);
    let exe = std::env::current_exe().expect("exe");
    for _ in 0..3 {
        let status = Command::new(&exe)
            .arg("--measure")
            .arg(&csv)
            .status()
            .expect("child");
        assert!(status.success());
    }
}
