//! Scoring time for 50,000 respondents × 60 questions (10 dimensions, two segment columns,
//! a few blanks and N/A, 50,000 NPS answers), after reading: `cargo bench --bench score_bench`.
//! Prints the best and median of several runs; no assertions (timings are not tests).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

use nudj::data::{Answer, ClientData, Kind, Rating, Respondent, Responses};
use nudj::error::Place;
use nudj::model::load_model_str;
use nudj::score::{ScoreOptions, score};

const RESPONDENTS: usize = 50_000;
const DIMENSIONS: usize = 10;
const PER_DIMENSION: usize = 6;

fn model_yaml() -> String {
    let mut y =
        String::from("id: bench\nversion: \"1\"\ntitle: Bench\nscale: {min: 1, max: 5}\nlevels:\n");
    for (i, m) in [1.0, 1.8, 2.6, 3.4, 4.2].iter().enumerate() {
        let _ = writeln!(y, "  - {{name: L{i}, min_score: {m}}}");
    }
    y.push_str("dimensions:\n");
    for d in 0..DIMENSIONS {
        let _ = writeln!(
            y,
            "  - id: d{d}\n    name: D{d}\n    weight: {}\n    questions:",
            d % 3 + 1
        );
        for q in 0..PER_DIMENSION {
            let _ = writeln!(
                y,
                "      - {{id: Q{d}-{q}, text: Q, weight: {}}}",
                q % 2 + 1
            );
        }
    }
    y.push_str("metrics:\n  nps: {target: 30}\n");
    y
}

fn main() {
    let model = match load_model_str("bench.yaml", &model_yaml()) {
        Ok(m) => m.output,
        Err(e) => {
            eprintln!("bench model invalid: {e:?}");
            std::process::exit(1);
        }
    };
    let questions: Vec<String> = (0..DIMENSIONS)
        .flat_map(|d| (0..PER_DIMENSION).map(move |q| format!("Q{d}-{q}")))
        .collect();
    // xorshift: deterministic pseudo-random answers without a dependency.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let respondents: Vec<Respondent> = (0..RESPONDENTS)
        .map(|i| Respondent {
            id: format!("R{i}"),
            row: i as u32 + 1,
            segments: BTreeMap::from([
                ("Department".to_string(), format!("Dept {}", next() % 8)),
                ("Level".to_string(), format!("Level {}", next() % 3)),
            ]),
            answers: (0..questions.len())
                .map(|_| match next() % 50 {
                    0 => Answer::Blank,
                    1 => Answer::NotApplicable,
                    v => Answer::Value((v % 5 + 1) as i32),
                })
                .collect(),
            comments: Vec::new(),
        })
        .collect();
    let nps: Vec<Rating> = (0..RESPONDENTS)
        .map(|_| Rating {
            score: (next() % 11) as i32,
            channel: Some(format!("Channel {}", next() % 4)),
            segment: None,
            stage: None,
            date: None,
            comment: None,
            place: Place::File,
        })
        .collect();
    let data = ClientData {
        responses: Responses {
            source: "bench.xlsx".into(),
            sheet: "Responses".into(),
            questions,
            segment_columns: vec!["Department".into(), "Level".into()],
            respondents,
            kind: Kind::Xlsx,
        },
        nps: Some(nps),
        ..ClientData::default()
    };
    let opts = ScoreOptions {
        min_segment_size: 5,
        ..ScoreOptions::default()
    };
    let mut times: Vec<Duration> = Vec::new();
    let mut overall = None;
    for _ in 0..11 {
        let t = Instant::now();
        let r = score(&model, &data, &opts);
        times.push(t.elapsed());
        overall = r.output.overall.score;
    }
    times.sort();
    println!(
        "score {RESPONDENTS} respondents x {} questions (+{RESPONDENTS} NPS, 2 segment columns / 11 segments): best {:.1} ms, median {:.1} ms (overall {:.4})",
        DIMENSIONS * PER_DIMENSION,
        times[0].as_secs_f64() * 1e3,
        times[times.len() / 2].as_secs_f64() * 1e3,
        overall.unwrap_or(f64::NAN)
    );
}
