//! A CSV export through every decoding path (second byte: as given, with a UTF-8 BOM, or
//! re-encoded as UTF-16 LE or BE with its BOM), then the delimiter, row numbering and the
//! responses reader (first byte: model and read options; see `common::options`).
#![no_main]
mod common;

use libfuzzer_sys::fuzz_target;

fn encode(enc: u8, rest: &[u8]) -> Vec<u8> {
    let utf16 = |le: bool| {
        let text = String::from_utf8_lossy(rest);
        let mut out = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in text.encode_utf16() {
            out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    };
    match enc & 3 {
        0 => rest.to_vec(),
        1 => [&[0xEF, 0xBB, 0xBF][..], rest].concat(),
        2 => utf16(true),
        _ => utf16(false),
    }
}

fuzz_target!(|data: &[u8]| {
    let [sel, enc, rest @ ..] = data else {
        return;
    };
    let name = if enc & 4 != 0 {
        "responses.tsv"
    } else {
        "responses.csv"
    };
    common::read_data(name, encode(*enc, rest), *sel);
});
