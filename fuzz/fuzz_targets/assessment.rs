//! An evidence assessment's data (`method: assessment`): the `Assessment` sheet as a CSV
//! file or a workbook (second byte), read against the built-in government model with its
//! three assessors, then scored (gated levels, consensus, Krippendorff's alpha) when it
//! reads. First byte: read options (see `common::options`).
#![no_main]
mod common;

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use nudj::model::Method;
use nudj::score::{ScoreOptions, score};

fuzz_target!(|data: &[u8]| {
    let [sel, kind, rest @ ..] = data else {
        return;
    };
    let Some(model) = common::gov_model() else {
        return;
    };
    let name = if kind & 1 == 0 {
        "assessment.csv"
    } else {
        "assessment.xlsx"
    };
    let mut opts = common::options(*sel);
    opts.method = Method::Assessment;
    opts.assessors = ["ليلى الحربي", "خالد العتيبي", "ريم الزهراني"]
        .map(String::from)
        .to_vec();
    if let Ok(read) =
        nudj::data::read_client_data_bytes(Path::new(name), rest.to_vec(), model, &opts)
    {
        let sopts = ScoreOptions {
            lang: opts.lang,
            min_segment_size: u32::from(kind >> 1 & 7),
            suppress_small_segments: kind & 16 != 0,
            ..ScoreOptions::default()
        };
        let _ = score(model, &read.output, &sopts);
    }
});
