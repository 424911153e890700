//! What the targets share: the models the data targets read against, read options varied by
//! a selector byte, and the stored-zip builder of the `xlsx_parts` target.
#![allow(dead_code)]

use std::path::Path;
use std::sync::OnceLock;

use nudj::data::ReadOptions;
use nudj::data::parse::NumberStyle;
use nudj::model::Model;

/// The built-in model and two small test models (the field cases' and a 0-4 scale), so the
/// data targets reach answer parsing with headers the fuzzer can find in the seeds.
pub fn models() -> &'static [Model] {
    static MODELS: OnceLock<Vec<Model>> = OnceLock::new();
    MODELS.get_or_init(|| {
        let mut out = Vec::new();
        if let Ok(m) = nudj::model::builtin_model() {
            out.push(m.output);
        }
        for (name, src) in [
            (
                "mini-model.yaml",
                include_str!("../../tests/fixtures/field-cases/mini-model.yaml"),
            ),
            (
                "model-0-4.yaml",
                include_str!("../../tests/fixtures/data/model-0-4.yaml"),
            ),
        ] {
            if let Ok(m) = nudj::model::load_model_str(name, src) {
                out.push(m.output);
            }
        }
        assert_eq!(out.len(), 3, "a fuzz model does not load");
        out
    })
}

/// Read options chosen by `sel`: number conventions, segment and comment columns, extra
/// not-applicable answers, a date.
pub fn options(sel: u8) -> ReadOptions {
    let mut o = ReadOptions::default();
    o.numbers = match sel & 3 {
        0 => NumberStyle::default(),
        1 => NumberStyle {
            decimal: ',',
            thousands: Some('.'),
            stated: true,
        },
        2 => NumberStyle {
            decimal: '.',
            thousands: Some(','),
            stated: true,
        },
        _ => NumberStyle {
            decimal: ',',
            thousands: None,
            stated: true,
        },
    };
    if sel & 4 != 0 {
        o.segments = vec!["Branch".into(), "Segment".into(), "الفرع".into()];
    }
    if sel & 8 != 0 {
        o.comments = vec!["Comment".into(), "Comments".into(), "تعليق".into()];
    }
    if sel & 16 != 0 {
        o.not_applicable = vec!["skip".into(), "-".into()];
    }
    if sel & 32 != 0 {
        o.date = chrono_date(2026, 11, 1);
    }
    if sel & 64 != 0 {
        o.lang = nudj::Lang::Ar;
    }
    o
}

fn chrono_date(y: i32, m: u32, d: u32) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(y, m, d)
}

/// Reads `bytes` as the data file `name` against model `sel % 3` with options `sel`.
pub fn read_data(name: &str, bytes: Vec<u8>, sel: u8) {
    let models = models();
    let model = &models[usize::from(sel) % models.len()];
    let _ = nudj::data::read_client_data_bytes(Path::new(name), bytes, model, &options(sel));
}

/// The separator of parts in the `xlsx_parts` input: `name` NUL-free, then a newline, then
/// the part's bytes, parts separated by this line.
pub const PART_SEP: &[u8] = b"\n--nudj-fuzz-part--\n";

/// Splits the input into `(name, bytes)` parts (see [`PART_SEP`]).
pub fn split_parts(data: &[u8]) -> Vec<(String, &[u8])> {
    let mut out = Vec::new();
    let mut rest = data;
    loop {
        let (part, next) = match find(rest, PART_SEP) {
            Some(i) => (&rest[..i], Some(&rest[i + PART_SEP.len()..])),
            None => (rest, None),
        };
        let (name, body) = match part.iter().position(|&b| b == b'\n') {
            Some(i) => (&part[..i], &part[i + 1..]),
            None => (part, &[][..]),
        };
        let name = String::from_utf8_lossy(name).into_owned();
        if !name.is_empty() {
            out.push((name, body));
        }
        match next {
            Some(n) => rest = n,
            None => return out,
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A zip container (parts stored, not compressed) of `parts`, as an .xlsx would hold them.
pub fn stored_zip(parts: &[(String, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in parts {
        if w.start_file(name.as_str(), opts).is_err() {
            continue;
        }
        let _ = w.write_all(body);
    }
    w.finish().map(|c| c.into_inner()).unwrap_or_default()
}

/// The built-in government model (`gov-cx`: a 0-4 scale, practices with levels, gated
/// levels), which the assessment target reads against.
pub fn gov_model() -> Option<&'static Model> {
    static MODEL: OnceLock<Option<Model>> = OnceLock::new();
    MODEL
        .get_or_init(|| {
            let name = nudj::model::builtin_path(nudj::model::GOV_MODEL_NAME);
            nudj::model::load_model_str(name, nudj::model::GOV_MODEL_YAML)
                .ok()
                .map(|m| m.output)
        })
        .as_ref()
}

/// The telecom sample, loaded, read and scored once: what the JSON targets compare a
/// previous result with, place in a benchmark and build a benchmark from.
pub struct Sample {
    pub engagement: nudj::model::Engagement,
    pub data: nudj::data::ClientData,
    pub result: nudj::score::ScoreResult,
}

/// [`Sample`] of `samples/telecom-en` (None, and the target does nothing, if it does not
/// load: the target's first run says so by reaching no code).
pub fn telecom_sample() -> Option<&'static Sample> {
    static SAMPLE: OnceLock<Option<Sample>> = OnceLock::new();
    SAMPLE
        .get_or_init(|| {
            let path =
                Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples/telecom-en/engagement.yaml");
            let engagement = nudj::model::load_engagement(&path).ok()?.output;
            let data = nudj::pipeline::read_client_data(&engagement).ok()?.output;
            let opts = nudj::score::ScoreOptions::from_engagement(&engagement, None);
            let result = nudj::score::score(&engagement.model, &data, &opts).output;
            Some(Sample {
                engagement,
                data,
                result,
            })
        })
        .as_ref()
}
