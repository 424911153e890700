//! Reading benchmark (harness = false): a 50,000-respondent × 60-question workbook.
//!
//! ```sh
//! cargo bench --bench read_bench                 # generate (once, cached) and measure
//! cargo bench --bench read_bench -- --read FILE [--model MODEL.yaml]   # one read, any file
//! ```
//! The read runs in a fresh child process so its peak memory (VmHWM from /proc, Linux) is the
//! reader's alone and not the generator's.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use nudj::data::{ReadOptions, read_client_data};
use nudj::model::Model;

const RESPONDENTS: u32 = 50_000;
const QUESTIONS: usize = 60;

fn model_yaml() -> String {
    let mut s = String::from(
        "id: bench\nversion: \"1\"\ntitle: Bench\nscale:\n  min: 1\n  max: 5\n  labels:\n    1: {ar: غير موافق بشدة, en: Strongly disagree}\n    5: {ar: موافق بشدة, en: Strongly agree}\nlevels:\n  - name: Low\n    min_score: 1\n  - name: High\n    min_score: 3\ndimensions:\n",
    );
    for d in 0..6 {
        s.push_str(&format!(
            "  - id: d{d}\n    name: Dimension {d}\n    questions:\n"
        ));
        for q in 0..QUESTIONS / 6 {
            let n = d * 10 + q;
            s.push_str(&format!(
                "      - id: Q{n:02}\n        text: {{ar: السؤال رقم {n}, en: Question number {n}}}\n"
            ));
        }
    }
    s
}

fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
}

fn generate(path: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Responses").expect("name");
    ws.write_string(0, 0, "respondent").expect("h");
    ws.write_string(0, 1, "Department").expect("h");
    for q in 0..QUESTIONS {
        ws.write_string(0, q as u16 + 2, format!("Q{q:02}"))
            .expect("h");
    }
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for r in 1..=RESPONDENTS {
        ws.write_string(r, 0, format!("R{r:05}")).expect("id");
        ws.write_string(r, 1, ["Sales", "IT", "المالية", "Ops"][r as usize % 4])
            .expect("seg");
        for q in 0..QUESTIONS {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let c = q as u16 + 2;
            match x % 50 {
                0 => ws.write_string(r, c, "N/A").map(|_| ()),
                1 => Ok(()),
                2 => ws.write_string(r, c, "موافق بشدة").map(|_| ()),
                _ => ws.write_number(r, c, (1 + x % 5) as f64).map(|_| ()),
            }
            .expect("cell");
        }
    }
    wb.save(path).expect("save");
}

fn read(file: &Path, model: &Model) {
    let opts = ReadOptions {
        segments: vec!["Department".into()],
        ..ReadOptions::default()
    };
    let t = Instant::now();
    let result = read_client_data(file, model, &opts);
    let secs = t.elapsed().as_secs_f64();
    let outcome = match &result {
        Ok(w) => format!(
            "{} respondents, {} warnings",
            w.output.responses.respondents.len(),
            w.warnings.len()
        ),
        Err(nudj::Error::Invalid(d)) => format!(
            "error: {}",
            d.first().map(|d| d.to_string()).unwrap_or_default()
        ),
        Err(e) => format!("error: {e}"),
    };
    println!(
        "read {}: {secs:.2} s, peak RSS {} MiB ({outcome})",
        file.display(),
        peak_kib().map_or("?".into(), |k| (k / 1024).to_string())
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--read") {
        let file = PathBuf::from(args.get(i + 1).expect("--read FILE"));
        let yaml = match args.iter().position(|a| a == "--model") {
            Some(j) => {
                std::fs::read_to_string(args.get(j + 1).expect("--model FILE")).expect("model file")
            }
            None => model_yaml(),
        };
        let model: Model = serde_saphyr::from_str(&yaml).expect("model");
        read(&file, &model);
        return;
    }
    let dir = std::env::temp_dir().join("nudj-bench");
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join(format!("responses-{RESPONDENTS}x{QUESTIONS}.xlsx"));
    if !file.exists() {
        let t = Instant::now();
        generate(&file);
        println!(
            "generated {} in {:.1} s",
            file.display(),
            t.elapsed().as_secs_f64()
        );
    }
    let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    println!(
        "{RESPONDENTS} respondents × {QUESTIONS} questions, {:.1} MB",
        size as f64 / 1e6
    );
    let exe = std::env::current_exe().expect("exe");
    for _ in 0..3 {
        let status = Command::new(&exe)
            .arg("--read")
            .arg(&file)
            .status()
            .expect("child");
        assert!(status.success());
    }
}
