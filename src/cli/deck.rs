//! `nudj deck`: the 16:9 readout deck of one engagement, from the report's data.

use std::path::PathBuf;
use std::time::Instant;

use crate::error::{Error, Result};
use crate::pipeline::{self, Assessment, Options};
use crate::report::{self, ReportOptions, deck::DeckOptions};
use crate::typeset::{self, FontSet};

use super::Ui;
use super::report::{LangArg, make_parent, with_lang};

/// Make the readout deck of an engagement: 16:9 slides (254 × 143 mm) in Arabic (right to
/// left) or English, in the theme's brand, with the report's figures: title, agenda,
/// headline, maturity ladder, radar, one slide per dimension, strengths and gaps, CX
/// metrics, segment heatmaps, roadmap, next steps, closing (docs/deck.md).
#[derive(Debug, Clone, clap::Args)]
#[command(
    after_help = "Examples:\n  nudj deck samples/bank-ar/engagement.yaml -o deck.pdf\n  nudj deck samples/telecom-en/engagement.yaml --notes -o presenter.pdf\n  nudj deck acme/engagement.yaml --lang both -o out/acme-deck.pdf   # out/acme-deck.ar.pdf and .en.pdf\n  nudj deck acme/engagement.yaml --templates my-templates/ --theme brand.yaml\n\nDocs: docs/deck.md, docs/theme-format.md."
)]
pub struct Args {
    /// The engagement file.
    #[arg(value_name = "ENGAGEMENT")]
    pub engagement: PathBuf,
    /// Where to write the PDF (its folder is created if missing). With `--lang both` the
    /// language goes before the extension: `deck.pdf` → `deck.ar.pdf`, `deck.en.pdf`.
    #[arg(short, long, value_name = "PDF", default_value = "deck.pdf")]
    pub output: PathBuf,
    /// A presenter's copy: each slide with its speaker notes (the narrative) under it.
    #[arg(long)]
    pub notes: bool,
    /// Deck language, replacing the engagement's `language:`; `both` writes the Arabic and
    /// the English deck.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Theme file replacing the engagement's `theme:` (see docs/theme-format.md).
    #[arg(long, value_name = "FILE")]
    pub theme: Option<PathBuf>,
    /// Folder of template files replacing the built-in ones (deck.typ, slides.typ,
    /// strings.yaml, …); files not in it stay built in.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Mark the deck as a draft: a diagonal watermark (مسودة / DRAFT) and a date line on
    /// every slide.
    #[arg(long)]
    pub draft: bool,
    /// Also write the Typst source with everything it needs to DIR (data, the deck's plan
    /// `deck.json` with one entry per slide, charts, fonts), compilable with the standard
    /// `typst` CLI (see DIR/compile.sh). With `--lang both`, DIR/ar and DIR/en.
    #[arg(long, value_name = "DIR")]
    pub emit_typst: Option<PathBuf>,
}

/// Runs `nudj deck`.
pub fn run(args: &Args, ui: &mut Ui) -> Result<()> {
    if args.output.is_dir() {
        return Err(Error::Usage(format!(
            "--output `{}` is a folder; give a file name such as deck.pdf",
            args.output.display()
        )));
    }
    let langs = args.lang.map(LangArg::langs).unwrap_or_default();
    let fonts = FontSet::embedded();
    let mut opts = ReportOptions {
        templates: args.templates.clone(),
        theme: args.theme.clone(),
        lang: None,
        standard: typeset::PdfStandard::None,
        draft: args.draft.then_some(report::Draft {
            version: None,
            date: None,
        }),
    };
    let outputs: Vec<(Option<crate::text::Lang>, PathBuf)> = match langs.as_slice() {
        [] => vec![(None, args.output.clone())],
        [one] => vec![(Some(*one), args.output.clone())],
        many => many
            .iter()
            .map(|l| (Some(*l), with_lang(&args.output, *l)))
            .collect(),
    };
    let inputs = pipeline::watch::inputs(&args.engagement, &opts);
    for (_, out) in &outputs {
        super::refuse_overwriting(out, &inputs)?;
    }
    if let Some(dir) = &args.emit_typst {
        super::refuse_overwriting(dir, &inputs)?;
    }
    for (lang, out) in outputs {
        let start = Instant::now();
        opts.lang = lang;
        let loaded = Assessment::load(&args.engagement, &Options::for_report(&opts))?;
        let mut warnings = loaded.warnings;
        let doc = loaded.output.deck(
            &opts,
            DeckOptions { notes: args.notes },
            fonts.clone(),
            &mut pipeline::watch::Cache::default(),
        )?;
        warnings.extend(doc.warnings);
        if let Some(dir) = &args.emit_typst {
            let dir = match (lang, langs.len()) {
                (Some(l), 2..) => dir.join(l.code()),
                _ => dir.clone(),
            };
            typeset::emit_dir(&doc.output, &dir)?;
        }
        let pdf = typeset::compile_pdf(&doc.output)?;
        warnings.extend(pdf.warnings);
        make_parent(&out)?;
        std::fs::write(&out, &pdf.output).map_err(|e| Error::write(&out, e))?;
        ui.warnings(&warnings);
        ui.note(&format!(
            "wrote {} ({} KB) in {:.2} s",
            out.display(),
            pdf.output.len().div_ceil(1024),
            start.elapsed().as_secs_f64()
        ));
    }
    Ok(())
}
