//! How long loading and validation take: the built-in model, a sample engagement (model,
//! paths, workbook), and hostile inputs that must be refused fast. Run with
//! `cargo bench --bench validate_bench` (add `--profile dev` to skip the long release build of
//! the dependencies); prints the median and slowest of several runs.

use std::path::Path;
use std::time::{Duration, Instant};

use nudj::data::{ReadOptions, read_client_data};
use nudj::model;

fn measure(name: &str, runs: usize, mut f: impl FnMut() -> bool) {
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let ok = f();
        times.push(start.elapsed());
        std::hint::black_box(ok);
    }
    times.sort();
    let median = times[times.len() / 2];
    let max = times[times.len() - 1];
    println!(
        "{name:<40} median {:>9.3} ms   max {:>9.3} ms   ({runs} runs)",
        median.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3
    );
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    measure("built-in model (parse + validate)", 50, || {
        model::builtin_model().is_ok()
    });
    let engagement = root.join("samples/bank-ar/engagement.yaml");
    measure("bank-ar engagement (no workbook)", 20, || {
        model::load_engagement(&engagement).is_ok()
    });
    measure("bank-ar engagement + workbook", 10, || {
        let Ok(e) = model::load_engagement(&engagement) else {
            return false;
        };
        let e = e.output;
        read_client_data(&e.data, &e.model, &ReadOptions::from_engagement(&e)).is_ok()
    });

    // Hostile inputs: each must be an error, quickly.
    let mut bomb = String::from("id: x\nversion: '1'\ntitle:\n  a0: &a0 [");
    bomb.push_str(&["\"lol\""; 9].join(","));
    bomb.push_str("]\n");
    for i in 1..10 {
        bomb.push_str(&format!("  a{i}: &a{i} ["));
        bomb.push_str(&vec![format!("*a{}", i - 1); 9].join(","));
        bomb.push_str("]\n");
    }
    measure("alias bomb (9^10 expansion)", 10, || {
        model::load_model_str("bomb.yaml", &bomb).is_err()
    });
    let deep = format!("id: x\nversion: '1'\ntitle: {}", "[".repeat(200_000));
    measure("200,000 nested brackets", 10, || {
        model::load_model_str("deep.yaml", &deep).is_err()
    });
    let big = format!("id: x\n# {}\n", "x".repeat(9 * 1024 * 1024));
    measure("9 MiB comment (under the cap)", 5, || {
        model::load_model_str("big.yaml", &big).is_err()
    });
}
