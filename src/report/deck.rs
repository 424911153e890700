//! The readout deck (`nudj deck`): the report's data ([`super::contract::ReportData`], the
//! same `data.json` the report reads, so every figure is the report's figure) and its charts
//! laid out as 16:9 slides by `deck.typ` with the shared slide layouts (`slides.typ`, see
//! [`crate::typeset::slides`]). No figure is computed here; what is decided here is the
//! deck's plan ([`plan::plan`], `/deck.json`): which slides there are, how lists and tables
//! too long for one slide are split and which names are shortened, so that every slide is
//! one page (docs/deck.md).

mod fit;
pub mod plan;

use std::collections::BTreeMap;

use crate::error::Result;
use crate::typeset::Document;
use crate::typeset::slides::{self, Brand};

use super::{ReportInput, Warned, add_assets, assemble, name_document, templates};

/// How to make a deck beside what a report takes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeckOptions {
    /// A presenter's copy: each slide with its speaker notes (from the narrative) under it.
    pub notes: bool,
}

/// The brand of the deck's slides: the theme's colours and body font, the report's language
/// and digits, the theme's footer, the draft marking.
fn brand(data: &super::contract::ReportData, input: &ReportInput<'_>, notes: bool) -> Brand {
    let c = &input.theme.colors;
    let colors: BTreeMap<String, String> = c
        .named()
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    let arabic_digits = data.rtl && input.theme.arabic_digits();
    Brand {
        lang: data.lang.clone(),
        rtl: data.rtl,
        digits: if arabic_digits { "١" } else { "1" }.into(),
        font: input.theme.fonts.body.clone(),
        colors,
        footer: data.footer.clone(),
        notes,
        notes_label: data.t.get("course_notes").cloned().unwrap_or_default(),
        draft: data.draft.as_ref().map(|d| slides::DraftMark {
            mark: d.mark.clone(),
            line: d.line.clone(),
        }),
    }
}

/// The warning of `--notes` when no slide has speaker notes (no narrative, no shortened
/// name): the deck is made without the notes panels, which would all be empty.
fn no_notes(engagement: &std::path::Path) -> crate::error::Diagnostic {
    crate::error::Diagnostic::warning(
        engagement,
        crate::error::Place::File,
        "--notes: no slide has speaker notes (the engagement has no narrative), so the deck is made without notes panels",
    )
    .with_help("write the narrative's sections (narrative/*.md, see docs/engagement-format.md): their paragraphs become each slide's notes")
}

/// Builds the Typst document of a deck (not yet compiled).
pub fn build_document(input: &ReportInput<'_>, opts: DeckOptions) -> Result<Warned<Document>> {
    let assembled = assemble(input)?;
    let mut warnings = assembled.warnings;
    let a = assembled.output;
    let main = input.templates.get(templates::DECK)?;
    let mut doc = Document::new(
        main.text.clone(),
        main.origin(templates::DECK),
        input.engagement.date,
    );
    add_assets(&mut doc, &a, input)?;
    let plan = plan::plan(&plan::Input {
        data: &a.data,
        arabic_digits: a.data.rtl && input.theme.arabic_digits(),
    });
    let plan_json = serde_json::to_vec_pretty(&plan).map_err(|err| {
        crate::error::Error::internal(format!("cannot write the deck's plan: {err}"))
    })?;
    doc.add_file("deck.json", plan_json, None)?;
    let notes = opts.notes && plan.slides.iter().any(|s| !s.notes().is_empty());
    if opts.notes && !notes {
        warnings.push(no_notes(&input.engagement.file));
    }
    let layouts = input.templates.get(templates::SLIDES)?;
    slides::add_layouts(
        &mut doc,
        &brand(&a.data, input, notes),
        &layouts.text,
        Some(layouts.origin(templates::SLIDES)),
    )?;
    name_document(&mut doc, &a.data, input, "deck");
    Ok(Warned {
        output: doc,
        warnings,
    })
}
