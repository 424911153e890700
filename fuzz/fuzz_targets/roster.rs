//! The course roster as raw bytes: a CSV (first byte even) or an .xlsx workbook (odd).
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let name = if sel & 1 == 0 {
        "attendees.csv"
    } else {
        "attendees.xlsx"
    };
    let _ = nudj::course::read_roster_bytes(Path::new(name), rest.to_vec());
});
