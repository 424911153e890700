//! Narrative and course Markdown → Typst markup: the narrative converter (quote calls,
//! comments, fences) and the course's module splitter, with options chosen by the first byte
//! (digits, heading offset, an image folder holding a good and a bad PNG, language).
#![no_main]
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use nudj::report::narrative::{QuoteIndex, convert};
use nudj::typeset::markdown::{DigitStyle, ImageFolder, MarkdownOptions, markdown_to_typst};

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

fn images() -> &'static PathBuf {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let images = dir.path().join("images");
        std::fs::create_dir_all(&images).expect("an image folder");
        std::fs::write(images.join("a.png"), PNG).expect("an image");
        std::fs::write(images.join("bad.png"), &PNG[..30]).expect("an image");
        std::fs::write(images.join("b.jpg"), PNG).expect("an image");
        (dir, images)
    })
    .1
}

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
        images: (sel & 4 != 0).then(|| ImageFolder {
            dir: images().clone(),
            at: "/narrative-images".into(),
        }),
        digits: match (sel >> 3) & 3 {
            0 => DigitStyle::AsTyped,
            1 => DigitStyle::Latin,
            _ => DigitStyle::ArabicIndic,
        },
    };
    let lang = if sel & 32 != 0 {
        nudj::Lang::Ar
    } else {
        nudj::Lang::En
    };
    if sel & 64 == 0 {
        let _ = convert(
            src,
            Path::new("narrative/summary.md"),
            "summary",
            &opts,
            &QuoteIndex::default(),
            lang,
        );
    } else {
        let module = nudj::course::split_module(src);
        for slide in &module.slides {
            let _ = markdown_to_typst(&slide.body, &opts);
        }
        let _ = markdown_to_typst(&module.intro, &opts);
    }
});
