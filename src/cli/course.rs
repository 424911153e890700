//! `nudj course COURSE.yaml`: slides, handout, answer key or certificates for a course.

use std::path::PathBuf;

use crate::course::{self, Output};
use crate::error::{Error, Result};

use super::Ui;

/// Make course material from a course file: 16:9 slides (optionally with speaker notes), the
/// A4 participants' handout, the answer key, or one certificate per attendee.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  nudj course samples/course/course.yaml --slides -o slides.pdf\n  nudj course samples/course/course.yaml --slides --notes -o presenter.pdf\n  nudj course samples/course/course.yaml --handout -o handout.pdf\n  nudj course samples/course/course.yaml --answer-key -o answers.pdf\n  nudj course samples/course/course.yaml --certificates samples/course/attendees.xlsx -o certificates.pdf\n\nFormat: docs/course-format.md"
)]
// One kind of document per run; `--handout --answer-key` is allowed and means the answer key
// (the handout with answers), so the group takes several and the real conflicts are per flag.
#[command(group(clap::ArgGroup::new("what").required(true).multiple(true).args(["slides", "handout", "answer_key", "certificates"])))]
pub struct Args {
    /// The course file (docs/course-format.md).
    #[arg(value_name = "COURSE")]
    pub course: PathBuf,
    /// Make 16:9 slides: title slide, a divider per module, one slide per `## ` section.
    #[arg(long, conflicts_with_all = ["handout", "answer_key", "certificates"])]
    pub slides: bool,
    /// With --slides: a presenter copy with the speaker notes under each slide.
    #[arg(long, requires = "slides")]
    pub notes: bool,
    /// Make the A4 participants' handout: content, exercises without answers, space to write.
    #[arg(long, conflicts_with = "certificates")]
    pub handout: bool,
    /// Make the answer key: the handout with every exercise's answer (also with --handout:
    /// `--handout --answer-key` is the handout with answers).
    #[arg(long)]
    pub answer_key: bool,
    /// Make one certificate per attendee listed in this roster (.xlsx or .csv with a `name`
    /// column).
    #[arg(long, value_name = "ROSTER", conflicts_with = "answer_key")]
    pub certificates: Option<PathBuf>,
    /// Where to write the PDF.
    #[arg(short, long, value_name = "PDF")]
    pub output: PathBuf,
    /// Also write the Typst source, the files it reads and the fonts to this folder, so
    /// `typst compile` reproduces the PDF (for checking or adapting the layout).
    #[arg(long, value_name = "DIR")]
    pub emit_typst: Option<PathBuf>,
}

/// Runs `nudj course`.
pub fn run(args: &Args, ui: &mut Ui) -> Result<()> {
    let what = if args.slides {
        Output::Slides { notes: args.notes }
    } else if args.handout || args.answer_key {
        Output::Handout {
            answers: args.answer_key,
        }
    } else if let Some(roster) = &args.certificates {
        Output::Certificates {
            roster: roster.clone(),
        }
    } else {
        return Err(Error::Usage(
            "choose --slides, --handout, --answer-key or --certificates ROSTER".into(),
        ));
    };
    let inputs: Vec<PathBuf> = std::iter::once(args.course.clone())
        .chain(args.certificates.clone())
        .collect();
    super::refuse_overwriting(&args.output, &inputs)?;
    if let Some(dir) = &args.emit_typst {
        super::refuse_overwriting(dir, &inputs)?;
    }
    let c = course::load_course(&args.course)?;
    let doc = course::document(&c, &what)?;
    ui.warnings(&doc.warnings);
    if let Some(dir) = &args.emit_typst {
        crate::typeset::emit_dir(&doc.output, dir)?;
        ui.note(&format!("Typst sources written to {}", dir.display()));
    }
    let pdf = crate::typeset::compile_pdf(&doc.output)?;
    ui.warnings(&pdf.warnings);
    std::fs::write(&args.output, &pdf.output).map_err(|e| Error::write(&args.output, e))?;
    ui.note(&format!(
        "wrote {} ({} KB)",
        args.output.display(),
        pdf.output.len().div_ceil(1024)
    ));
    Ok(())
}
