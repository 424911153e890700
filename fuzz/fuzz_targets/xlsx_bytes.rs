//! A workbook as raw bytes (first byte: model and read options; see `common::options`): the
//! container checks, calamine, the sheet grid, the responses and metric sheets.
#![no_main]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    common::read_data("responses.xlsx", rest.to_vec(), sel);
});
