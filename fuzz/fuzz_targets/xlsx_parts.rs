//! A workbook whose zip parts are the fuzzer's (first byte: model and options; then parts as
//! `name\nbytes` separated by `common::PART_SEP`), stored uncompressed: the mutations reach
//! calamine's XML parsing of the workbook, relationships, shared strings and sheets instead
//! of dying at the zip checksum.
#![no_main]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let parts = common::split_parts(rest);
    let zip = common::stored_zip(&parts);
    if zip.is_empty() {
        return;
    }
    common::read_data("responses.xlsx", zip, sel);
});
