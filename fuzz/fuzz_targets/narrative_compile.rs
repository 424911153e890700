//! Narrative Markdown → Typst markup → PDF. The converter escapes every piece of text, so
//! whatever the Markdown, the markup must compile: a Typst error here is an escaping bug
//! (text read as markup), and the target fails on it.
#![no_main]
use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use nudj::typeset::markdown::{DigitStyle, MarkdownOptions, markdown_to_typst};
use nudj::typeset::{Document, compile_pdf, forget_unused_layout};

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let Ok(src) = std::str::from_utf8(rest) else {
        return;
    };
    let opts = MarkdownOptions {
        file: PathBuf::from("narrative/summary.md"),
        heading_offset: sel & 3,
        images: None,
        digits: if sel & 4 != 0 {
            DigitStyle::ArabicIndic
        } else {
            DigitStyle::AsTyped
        },
    };
    let markup = markdown_to_typst(src, &opts).output;
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default();
    let mut doc = Document::new(markup.clone(), "narrative.typ", date);
    doc.lang = Some(if sel & 8 != 0 { "ar" } else { "en" }.into());
    if let Err(e) = compile_pdf(&doc) {
        panic!(
            "converted Markdown does not compile: {e:?}\n--- markdown ---\n{src}\n--- markup ---\n{markup}"
        );
    }
    forget_unused_layout(4);
});
