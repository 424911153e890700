//! The slide layouts shared by every 16:9 document (the readout deck, the course slides):
//! one Typst file, `slides.typ`, whose brand (colours, font, language, digits, footer,
//! notes mode, draft mark) is handed to it as data in `/slides/brand.json`. A document adds
//! both with [`add_layouts`] and imports `/slides.typ`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::error::{Error, Result};

use super::Document;

/// The embedded slide layouts (`src/typeset/slides.typ`).
pub const LAYOUTS: &str = include_str!("slides.typ");

/// Where a document finds the layouts (`#import "/slides.typ": *`).
pub const LAYOUTS_PATH: &str = "slides.typ";

/// Where the layouts read their brand.
pub const BRAND_PATH: &str = "slides/brand.json";

/// What the layouts are drawn with, written as `/slides/brand.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Brand {
    /// Language code (`ar`, `en`): the text language and, for `ar`, right to left.
    pub lang: String,
    /// The slides read right to left.
    pub rtl: bool,
    /// Numbering pattern of the slide numbers and numbered lists: `1` or `١`.
    pub digits: String,
    /// Font family of every text (one of the document's fonts).
    pub font: String,
    /// Colours by name, `#rrggbb`: `primary`, `secondary`, `accent`, `text`, `muted`,
    /// `light`, `red`, `amber`, `green`.
    pub colors: BTreeMap<String, String>,
    /// The footer line of every slide (besides its number).
    pub footer: String,
    /// Presenter's copy: each slide with a notes panel under it.
    pub notes: bool,
    /// The notes panel's heading.
    pub notes_label: String,
    /// The draft watermark word and version line, `None` for the final issue.
    pub draft: Option<DraftMark>,
}

/// A draft's marking on every slide.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DraftMark {
    /// The watermark word.
    pub mark: String,
    /// The version and date line.
    pub line: String,
}

/// The colours a brand lacks, filled from nudj's defaults (so a document that sets only
/// some, as a course sets primary and accent, still has all).
pub fn default_colors() -> BTreeMap<String, String> {
    [
        ("primary", "#0B3D5C"),
        ("secondary", "#1F7A8C"),
        ("accent", "#C8963E"),
        ("text", "#1E2A32"),
        ("muted", "#6B7A86"),
        ("light", "#EEF3F6"),
        ("red", "#C0392B"),
        ("amber", "#E08E0B"),
        ("green", "#2E8B57"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// Adds the layouts (`layouts`: the Typst text, `origin`: the file it came from, for
/// diagnostics) and the brand to `doc`.
pub fn add_layouts(
    doc: &mut Document,
    brand: &Brand,
    layouts: &str,
    origin: Option<PathBuf>,
) -> Result<()> {
    let json = serde_json::to_vec_pretty(brand)
        .map_err(|e| Error::internal(format!("cannot write the slide brand: {e}")))?;
    doc.add_file(BRAND_PATH, json, None)?;
    doc.add_file(LAYOUTS_PATH, layouts.as_bytes().to_vec(), origin)?;
    Ok(())
}
