//! An image named in a narrative, engagement or theme (first byte: the file-name ending):
//! the size limits and Typst's decoders, as `check_image` runs them before typesetting.
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &["i.png", "i.jpg", "i.gif", "i.webp", "i.svg", "i.svgz"];

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(sel) % NAMES.len()];
    let _ = nudj::typeset::check_image(Path::new(name), rest);
});
