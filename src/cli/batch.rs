//! `nudj batch`: many engagements' reports in parallel, fonts loaded once; the reports are
//! shared out to `--jobs` worker threads by `pipeline::batch` (why not rayon: see there).

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::error::{Diagnostic, Error, Place, Result};
use crate::pipeline;
use crate::report::ReportOptions;
use crate::text::Lang;
use crate::typeset::{self, FontSet, PdfStandard};

use super::Ui;

/// Make the reports of several engagements at once, in parallel. Each PDF is named after
/// its engagement's folder (`acme/engagement.yaml` → `OUT/acme.pdf`); with `--lang both`, or
/// when two engagements of one folder differ in language, the language is part of the name
/// (`OUT/acme.ar.pdf`, `OUT/acme.en.pdf`).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  nudj batch samples/bank-ar/engagement.yaml samples/telecom-en/engagement.yaml --out-dir reports/\n  nudj batch clients/*/engagement.yaml --out-dir out/ --pdf-standard a-2b\n  nudj batch clients/*/engagement.yaml --out-dir out/ --lang both   # out/NAME.ar.pdf and out/NAME.en.pdf\n  nudj batch clients/*/engagement.yaml --out-dir out/ --xlsx        # out/NAME.pdf and out/NAME.xlsx\n  nudj batch clients/*/engagement.yaml --out-dir out/ --deck        # out/NAME.pdf and out/NAME.deck.pdf"
)]
pub struct Args {
    /// The engagement files.
    #[arg(value_name = "ENGAGEMENT", required = true)]
    pub engagements: Vec<PathBuf>,
    /// Folder the PDFs are written to (created if missing).
    #[arg(short, long, value_name = "DIR")]
    pub out_dir: PathBuf,
    /// Folder of template files replacing the built-in ones (as for `nudj report`).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// PDF standard: none, a-2b or ua-1.
    #[arg(long, value_name = "STANDARD", default_value = "none")]
    pub pdf_standard: PdfStandard,
    /// Report language, replacing each engagement's `language:`; `both` writes the Arabic
    /// and the English report of each.
    #[arg(long, value_enum)]
    pub lang: Option<super::report::LangArg>,
    /// Also make each engagement's readout deck (`OUT/NAME.deck.pdf`, as `nudj deck`).
    #[arg(long)]
    pub deck: bool,
    /// How many reports to make at once (default: the number of CPUs).
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Also write each engagement's results workbook beside its PDF (`OUT/NAME.xlsx`, as
    /// `nudj score --format xlsx` writes it; docs/results-workbook.md).
    #[arg(long)]
    pub xlsx: bool,
}

/// The PDF name for an engagement: its folder's name, else the file stem.
fn pdf_name(engagement: &std::path::Path) -> String {
    let abs = engagement
        .canonicalize()
        .unwrap_or_else(|_| engagement.to_path_buf());
    abs.parent()
        .and_then(|p| p.file_name())
        .or_else(|| abs.file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into())
}

/// One engagement's outcome: the files written (the report's PDF, then the deck's with
/// `--deck`, then the workbook with `--xlsx`) and their warnings, or why there are none.
type Made = Result<(Vec<PathBuf>, Vec<Diagnostic>)>;

/// One report to make: the engagement, the language asked for (`None`: the engagement's)
/// and the PDF's name without `.pdf`.
struct Job<'a> {
    engagement: &'a Path,
    lang: Option<Lang>,
    name: String,
}

/// The `language:` an engagement file declares (`ar` when absent); `None` when the file
/// cannot be read, which its report then says.
fn declared_lang(engagement: &Path) -> Option<Lang> {
    let src = crate::model::yaml::read_yaml_file(engagement).ok()?;
    let raw: crate::model::EngagementFile = crate::model::yaml::parse(engagement, &src).ok()?;
    Some(raw.language)
}

/// The reports to make, named so that none overwrites another: the folder's name; with the
/// language added (`mch.ar`, `mch.en`) when one folder gives reports in two languages;
/// then `-2`, `-3`, … for what still collides.
fn plan(engagements: &[PathBuf], lang: Option<super::report::LangArg>) -> Vec<Job<'_>> {
    let mut jobs: Vec<Job<'_>> = Vec::new();
    for e in engagements {
        let base = pdf_name(e);
        match lang.map(super::report::LangArg::langs) {
            Some(langs) if langs.len() > 1 => jobs.extend(langs.into_iter().map(|l| Job {
                engagement: e,
                lang: Some(l),
                name: format!("{base}.{}", l.code()),
            })),
            Some(langs) => jobs.push(Job {
                engagement: e,
                lang: langs.first().copied(),
                name: base,
            }),
            None => jobs.push(Job {
                engagement: e,
                lang: None,
                name: base,
            }),
        }
    }
    // One folder, several languages: the language tells the reports apart.
    let effective: Vec<Option<Lang>> = jobs
        .iter()
        .map(|j| j.lang.or_else(|| declared_lang(j.engagement)))
        .collect();
    let names: Vec<String> = jobs.iter().map(|j| j.name.clone()).collect();
    for (i, job) in jobs.iter_mut().enumerate() {
        let same: Vec<usize> = (0..names.len())
            .filter(|k| names.get(*k) == names.get(i))
            .collect();
        let mut langs: Vec<Option<Lang>> = Vec::new();
        for k in &same {
            let l = effective.get(*k).copied().flatten();
            if !langs.contains(&l) {
                langs.push(l);
            }
        }
        if same.len() > 1
            && langs.len() > 1
            && let Some(Some(l)) = effective.get(i)
        {
            job.name = format!("{}.{}", job.name, l.code());
        }
    }
    // Two engagements in folders of the same name must not overwrite each other.
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    for job in &mut jobs {
        let k = seen.entry(job.name.clone()).or_default();
        *k += 1;
        if *k > 1 {
            job.name = format!("{}-{k}", job.name);
        }
    }
    jobs
}

/// Runs `nudj batch`.
pub fn run(args: &Args, ui: &mut Ui) -> Result<()> {
    let start = Instant::now();
    let jobs_list = plan(&args.engagements, args.lang);
    std::fs::create_dir_all(&args.out_dir).map_err(|e| Error::write(&args.out_dir, e))?;
    let fonts = FontSet::embedded();
    let make = |job: &Job<'_>| -> Made {
        let opts = ReportOptions {
            templates: args.templates.clone(),
            theme: None,
            lang: job.lang,
            standard: args.pdf_standard,
            draft: None,
        };
        let inputs = pipeline::watch::inputs(job.engagement, &opts);
        for name in [".pdf", ".deck.pdf", ".xlsx"] {
            super::refuse_overwriting(&args.out_dir.join(format!("{}{name}", job.name)), &inputs)?;
        }
        let loaded =
            pipeline::Assessment::load(job.engagement, &pipeline::Options::for_report(&opts))?;
        let mut warnings = loaded.warnings;
        // The workbook's warnings sheet holds the loading's warnings, as `score --format xlsx`.
        let workbook = if args.xlsx {
            let out = args.out_dir.join(format!("{}.xlsx", job.name));
            let bytes = loaded.output.results_workbook(&warnings)?;
            std::fs::write(&out, bytes).map_err(|e| Error::write(&out, e))?;
            Some(out)
        } else {
            None
        };
        let mut cache = pipeline::watch::Cache::default();
        let mut docs = vec![(
            format!("{}.pdf", job.name),
            loaded.output.report(&opts, fonts.clone(), &mut cache)?,
        )];
        if args.deck {
            let deck = crate::report::deck::DeckOptions::default();
            docs.push((
                format!("{}.deck.pdf", job.name),
                loaded.output.deck(&opts, deck, fonts.clone(), &mut cache)?,
            ));
        }
        let mut written = Vec::new();
        for (name, doc) in docs {
            warnings.extend(doc.warnings);
            let pdf = typeset::compile_pdf(&doc.output);
            // Layout work unused during the last two documents is dropped, so memory stays flat.
            typeset::forget_unused_layout(2);
            let pdf = pdf?;
            warnings.extend(pdf.warnings);
            let out = args.out_dir.join(name);
            std::fs::write(&out, &pdf.output).map_err(|e| Error::write(&out, e))?;
            written.push(out);
        }
        written.extend(workbook);
        Ok((written, warnings))
    };
    let jobs = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    let results = pipeline::batch::in_parallel(&jobs_list, jobs, make);
    let mut failed = Vec::new();
    let mut done = 0;
    for (eng, r) in jobs_list.iter().map(|j| j.engagement).zip(results) {
        match r {
            Ok((written, warnings)) => {
                ui.warnings(&warnings);
                let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
                ui.note(&format!("{} → {}", eng.display(), names.join(", ")));
                done += 1;
            }
            Err(e) => {
                ui.error(&e);
                failed.push(Diagnostic::error(
                    eng,
                    Place::File,
                    "no report: see the errors above",
                ));
            }
        }
    }
    ui.note(&format!(
        "{done} report(s) in {:.2} s",
        start.elapsed().as_secs_f64()
    ));
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(failed))
    }
}
