//! `nudj report`: the finished PDF report of one engagement.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::error::{Diagnostic, Error, Result};
use crate::pipeline;
use crate::report::{self, ReportOptions};
use crate::text::Lang;
use crate::typeset::{self, FontSet, PdfStandard};

use super::Ui;

/// Make the branded PDF report of an engagement (Arabic right-to-left or English): cover,
/// contents, executive summary, methodology, results, one section per dimension, segments,
/// CX metrics, roadmap, appendix.
#[derive(Debug, Clone, clap::Args)]
#[command(
    after_help = "Examples:\n  nudj report samples/bank-ar/engagement.yaml -o report.pdf\n  nudj report acme/engagement.yaml --lang both -o out/acme.pdf   # out/acme.ar.pdf and out/acme.en.pdf\n  nudj report acme/engagement.yaml -o acme.pdf --pdf-standard ua-1\n  nudj report acme/engagement.yaml --emit-typst acme-typst/\n  nudj report acme/engagement.yaml --templates my-templates/ --theme brand.yaml\n\nDocs: docs/report.md, docs/theme-format.md."
)]
pub struct Args {
    /// The engagement file.
    #[arg(value_name = "ENGAGEMENT")]
    pub engagement: PathBuf,
    /// Where to write the PDF (its folder is created if missing). With `--lang both` the
    /// language goes before the extension: `report.pdf` → `report.ar.pdf`, `report.en.pdf`.
    #[arg(short, long, value_name = "PDF", default_value = "report.pdf")]
    pub output: PathBuf,
    /// Folder of template files replacing the built-in ones (report.typ, theme.typ,
    /// strings.yaml, glossary.yaml); files not in it stay built in.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Theme file replacing the engagement's `theme:` (see docs/theme-format.md).
    #[arg(long, value_name = "FILE")]
    pub theme: Option<PathBuf>,
    /// Report language, replacing the engagement's `language:`; `both` writes the Arabic
    /// and the English report.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// PDF standard: none, a-2b (archival) or ua-1 (accessible).
    #[arg(long, value_name = "STANDARD", default_value = "none")]
    pub pdf_standard: PdfStandard,
    /// Also write the Typst source with everything it needs (data, charts, fonts) to DIR,
    /// compilable with the standard `typst` CLI (see DIR/compile.sh).
    #[arg(long, value_name = "DIR")]
    pub emit_typst: Option<PathBuf>,
    /// Mark the report as a draft: a diagonal watermark (مسودة / DRAFT) and a version/date
    /// line on every page.
    #[arg(long)]
    pub draft: bool,
    /// Version shown on a draft's pages, e.g. `v2` (implies --draft).
    #[arg(long, value_name = "VERSION")]
    pub draft_version: Option<String>,
    /// Date shown on a draft's pages, YYYY-MM-DD (implies --draft). Default: the
    /// engagement's `date:`, not today, so the same input gives the same PDF bytes.
    #[arg(long, value_name = "DATE")]
    pub draft_date: Option<chrono::NaiveDate>,
    /// Keep running and re-render the PDF whenever the engagement, its model, workbook,
    /// previous result, theme, narrative or templates change (Ctrl-C stops). Fonts and
    /// Typst's caches stay loaded, so a narrative edit re-renders quickly.
    #[arg(long)]
    pub watch: bool,
}

/// Report languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// Arabic, right to left.
    Ar,
    /// English.
    En,
    /// Both: one report per language.
    Both,
}

impl LangArg {
    /// The languages asked for, in the order the reports are written.
    pub fn langs(self) -> Vec<Lang> {
        match self {
            LangArg::Ar => vec![Lang::Ar],
            LangArg::En => vec![Lang::En],
            LangArg::Both => vec![Lang::Ar, Lang::En],
        }
    }
}

/// `report.pdf` → `report.ar.pdf`: the file of one language when several are written.
pub fn with_lang(path: &Path, lang: Lang) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| "pdf".into());
    path.with_file_name(format!("{stem}.{}.{ext}", lang.code()))
}

/// Creates the folder `path` is to be written in, when it does not exist.
pub fn make_parent(path: &Path) -> Result<()> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.exists() => {
            std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))
        }
        _ => Ok(()),
    }
}

/// Runs `nudj report`.
pub fn run(args: &Args, ui: &mut Ui) -> Result<()> {
    let start = Instant::now();
    if args.output.is_dir() {
        return Err(Error::Usage(format!(
            "--output `{}` is a folder; give a file name such as report.pdf",
            args.output.display()
        )));
    }
    let draft =
        (args.draft || args.draft_version.is_some() || args.draft_date.is_some()).then(|| {
            report::Draft {
                version: args.draft_version.clone(),
                date: args.draft_date,
            }
        });
    let mut opts = ReportOptions {
        templates: args.templates.clone(),
        theme: args.theme.clone(),
        lang: None,
        standard: args.pdf_standard,
        draft,
    };
    let fonts = FontSet::embedded();
    let langs = args.lang.map(LangArg::langs).unwrap_or_default();
    if let [lang] = langs.as_slice() {
        opts.lang = Some(*lang);
    }
    if args.watch {
        if langs.len() > 1 {
            return Err(Error::Usage(
                "--watch renders one report: give --lang ar or --lang en".into(),
            ));
        }
        make_parent(&args.output)?;
        return super::watch::run(args, &opts, fonts, ui);
    }
    if langs.len() > 1 {
        for lang in langs {
            let mut one = args.clone();
            one.output = with_lang(&args.output, lang);
            opts.lang = Some(lang);
            make_parent(&one.output)?;
            render(
                &one,
                &opts,
                fonts.clone(),
                ui,
                Instant::now(),
                &mut pipeline::watch::Cache::default(),
                None,
            )?;
        }
        return Ok(());
    }
    make_parent(&args.output)?;
    render(
        args,
        &opts,
        fonts,
        ui,
        start,
        &mut pipeline::watch::Cache::default(),
        None,
    )
}

/// Renders the report once: prepare (reusing what `cache` holds for unchanged inputs),
/// compile, write; warnings and a timing line printed. With `shown` (`--watch`: the
/// warnings of the previous render) only new warnings are printed, with a line counting those
/// as before and those gone; `shown` then holds this render's.
pub fn render(
    args: &Args,
    opts: &ReportOptions,
    fonts: std::sync::Arc<FontSet>,
    ui: &mut Ui,
    start: Instant,
    cache: &mut pipeline::watch::Cache,
    shown: Option<&mut Vec<Diagnostic>>,
) -> Result<()> {
    let inputs = pipeline::watch::inputs(&args.engagement, opts);
    super::refuse_overwriting(&args.output, &inputs)?;
    if let Some(dir) = &args.emit_typst {
        super::refuse_overwriting(dir, &inputs)?;
    }
    let doc = pipeline::prepare_report_cached(&args.engagement, opts, fonts, cache)?;
    let prepared = start.elapsed();
    let mut warnings = doc.warnings;
    let doc = doc.output;
    if let Some(dir) = &args.emit_typst {
        typeset::emit_dir(&doc, dir)?;
        ui.note(&format!(
            "Typst source written to {} (compile with {}/compile.sh)",
            dir.display(),
            dir.display()
        ));
    }
    let pdf = typeset::compile_pdf(&doc)?;
    warnings.extend(pdf.warnings);
    std::fs::write(&args.output, &pdf.output).map_err(|e| Error::write(&args.output, e))?;
    match shown {
        None => ui.warnings(&warnings),
        Some(before) => print_changed_warnings(ui, before, warnings),
    }
    // Where the time went: reading, scoring and assembling vs. Typst layout and PDF export.
    let total = start.elapsed();
    ui.note(&format!(
        "wrote {} ({} KB) in {:.2} s (prepare {:.2} s, typeset {:.2} s{})",
        args.output.display(),
        pdf.output.len().div_ceil(1024),
        total.as_secs_f64(),
        prepared.as_secs_f64(),
        (total - prepared).as_secs_f64(),
        cache
            .last
            .describe()
            .map(|r| format!("; {r}"))
            .unwrap_or_default()
    ));
    Ok(())
}

/// `--watch`: prints the warnings not printed by the previous render, and a line counting
/// those unchanged (not repeated) and those gone; keeps `now` as the new `before`.
fn print_changed_warnings(ui: &mut Ui, before: &mut Vec<Diagnostic>, now: Vec<Diagnostic>) {
    let new: Vec<Diagnostic> = now
        .iter()
        .filter(|w| !before.contains(w))
        .cloned()
        .collect();
    let same = now.len() - new.len();
    let gone = before.iter().filter(|w| !now.contains(w)).count();
    ui.warnings(&new);
    if same > 0 || gone > 0 {
        ui.note(&format!(
            "{same} warning{} as before (not repeated), {gone} gone",
            if same == 1 { "" } else { "s" }
        ));
    }
    *before = now;
}
