//! Course material for trainers: slides (16:9, with or without speaker notes), the
//! participants' handout, the answer key and certificates from a roster workbook. Modules are
//! Markdown, converted by the shared converter in `typeset::markdown` (every text escaped);
//! pages are laid out by the embedded Typst templates in `src/course/templates/`.

mod format;
mod live;
mod roster;
mod split;

use std::collections::BTreeMap;
use std::path::PathBuf;

use minijinja::Value;
use serde::Serialize;

pub use format::{Course, CourseFile, LiveExample, LiveKind, load_course, load_course_str};
pub use roster::{Attendee, read_roster, read_roster_bytes};
pub use split::{ModuleSource, SlideKind, SlideSource, split_module};

use crate::error::{Diagnostic, Error, Result, Warned};
use crate::text::Lang;
use crate::typeset::escape::{template_env, trusted};
use crate::typeset::locale::{Digits, Formatter};
use crate::typeset::markdown::{DigitStyle, ImageFolder, MarkdownOptions, markdown_to_typst};
use crate::typeset::{Document, PdfStandard};

const SLIDES_TYP: &str = include_str!("templates/slides.typ");
const HANDOUT_TYP: &str = include_str!("templates/handout.typ");
const CERTIFICATES_TYP: &str = include_str!("templates/certificates.typ");
const COMMON_TYP: &str = include_str!("templates/common.typ");

/// What to make from a course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// 16:9 slides; with `notes`, a presenter copy with the speaker notes under each slide.
    Slides {
        /// Include speaker notes.
        notes: bool,
    },
    /// The A4 participants' workbook; with `answers`, the answer key.
    Handout {
        /// Include exercise answers.
        answers: bool,
    },
    /// One certificate per attendee in the roster workbook.
    Certificates {
        /// The roster (.xlsx or .csv).
        roster: PathBuf,
    },
}

/// The words the course templates print (`labels.NAME`): the catalogue's `course_NAME`.
const LABELS: &[&str] = &[
    "module",
    "solution",
    "answer",
    "notes",
    "your_answer",
    "answer_key",
    "handout",
    "trainer",
    "contents",
    "certificate",
    "certifies",
    "attended",
    "hours",
    "date",
    "number",
    "worked",
    "exercise",
    "activity",
];

/// The course templates' words in `lang`, from the word catalogue; a missing word is an
/// error naming its key.
fn labels(lang: Lang) -> Result<BTreeMap<&'static str, String>> {
    let words = crate::words::Catalogue::builtin()?;
    let keys: Vec<String> = LABELS.iter().map(|n| format!("course_{n}")).collect();
    words.require(&keys.iter().map(String::as_str).collect::<Vec<_>>())?;
    Ok(LABELS
        .iter()
        .zip(&keys)
        .map(|(name, key)| (*name, words.get(key, lang)))
        .collect())
}

#[derive(Debug, Serialize)]
struct SlideCtx {
    title: Value,
    kind: SlideKind,
    body: Value,
    answer: Option<Value>,
    notes: Option<Value>,
}

#[derive(Debug, Serialize)]
struct ModuleCtx {
    number: String,
    title: Value,
    intro: Value,
    slides: Vec<SlideCtx>,
}

/// Converts Markdown, collecting warnings.
fn md(src: &str, opts: &MarkdownOptions, warnings: &mut Vec<Diagnostic>) -> Value {
    let w = markdown_to_typst(src, opts);
    warnings.extend(w.warnings);
    trusted(w.output.trim_end().to_string())
}

/// Reads and converts every module.
fn modules(
    course: &Course,
    fmt: &Formatter,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<ModuleCtx>> {
    let mut scores = live::Scores::default();
    // The trainer's text in the material's digits (same rule as the Formatter).
    let digits =
        if course.file.language == Lang::Ar && course.file.theme.digits == Digits::ArabicIndic {
            DigitStyle::ArabicIndic
        } else {
            DigitStyle::Latin
        };
    let images = course.file.images.as_ref().map(|dir| ImageFolder {
        dir: course.dir.join(dir),
        at: "/images".into(),
    });
    let mut out = Vec::new();
    for (i, m) in course.file.modules.iter().enumerate() {
        let path = course.dir.join(&m.file.value);
        let src = std::fs::read_to_string(&path).map_err(|e| Error::read(&path, e))?;
        if let Some(d) = crate::typeset::markdown::nesting_error(&src, &path) {
            return Err(Error::Invalid(vec![d]));
        }
        let parsed = split_module(&src);
        if parsed.slides.is_empty() {
            warnings.push(Diagnostic::warning(
                &path,
                crate::error::Place::File,
                "module has no `## ` slides; its text is shown as the module introduction",
            ));
        }
        let opts = MarkdownOptions {
            file: path.clone(),
            heading_offset: 2,
            images: images.clone(),
            digits,
        };
        // Line numbers in warnings: each part is converted alone, so shift by its start.
        let mut slides = Vec::new();
        for s in &parsed.slides {
            let mut local = Vec::new();
            let body = md(&s.body, &opts, &mut local);
            let answer = s.answer.as_deref().map(|a| md(a, &opts, &mut local));
            let notes = s.notes.as_deref().map(|n| md(n, &opts, &mut local));
            for mut d in local {
                if let crate::error::Place::Line { line, column } = d.place {
                    d.place = crate::error::Place::line(line + s.line as u64, column);
                }
                warnings.push(d);
            }
            slides.push(SlideCtx {
                title: md(&s.title, &MarkdownOptions::default(), &mut Vec::new()),
                kind: s.kind,
                body,
                answer,
                notes,
            });
        }
        for ex in course
            .file
            .live
            .iter()
            .filter(|l| l.after_module.value == i + 1)
        {
            let path = course.dir.join(&ex.engagement.value);
            let result = scores.get(&path, warnings)?;
            let lt = live::live_text(ex, &course.path, result, course.file.language, fmt)?;
            let plain = MarkdownOptions {
                file: course.path.clone(),
                ..Default::default()
            };
            let (body, answer) = if live::shows_working(ex.kind) {
                (format!("{}\n\n{}", lt.data, lt.working), None)
            } else {
                (lt.data.clone(), Some(lt.working.clone()))
            };
            slides.push(SlideCtx {
                title: md(ex.title.get(course.file.language), &plain, warnings),
                kind: match ex.kind {
                    LiveKind::Worked => SlideKind::Worked,
                    LiveKind::Exercise => SlideKind::Exercise,
                },
                body: md(&body, &plain, warnings),
                answer: answer.map(|a| md(&a, &plain, warnings)),
                notes: None,
            });
        }
        let title = if parsed.title.is_empty() {
            path.file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("")
                .to_string()
        } else {
            parsed.title.clone()
        };
        out.push(ModuleCtx {
            number: fmt.number((i + 1) as f64, 0),
            title: md(&title, &MarkdownOptions::default(), &mut Vec::new()),
            intro: md(&parsed.intro, &opts, warnings),
            slides,
        });
    }
    Ok(out)
}

/// Builds the Typst document for one output of a course.
pub fn document(course: &Course, output: &Output) -> Result<Warned<Document>> {
    let f = &course.file;
    let lang = f.language;
    let fmt = Formatter::new(lang.code(), f.theme.digits)?;
    let mut warnings = Vec::new();
    let date_text = fmt.dates(course.date, f.theme.calendar)?;
    let hours_text = fmt.number(f.hours, if f.hours.fract() == 0.0 { 0 } else { 1 });
    let text = |t: &Option<crate::text::Text>| t.as_ref().map(|t| t.get(lang).to_string());
    let (template, name, modules_ctx, attendees, notes, answers) = match output {
        Output::Slides { notes } => (
            SLIDES_TYP,
            "slides.typ",
            modules(course, &fmt, &mut warnings)?,
            Vec::new(),
            *notes,
            true,
        ),
        Output::Handout { answers } => (
            HANDOUT_TYP,
            "handout.typ",
            modules(course, &fmt, &mut warnings)?,
            Vec::new(),
            false,
            *answers,
        ),
        Output::Certificates { roster } => {
            let r = read_roster(roster)?;
            warnings.extend(r.warnings);
            let list: Vec<Value> = r
                .output
                .iter()
                .map(|a| {
                    minijinja::context! {
                        name => a.name.clone(),
                        organisation => a.organisation.clone(),
                        number => certificate_number(&f.code, course.date, a.row),
                    }
                })
                .collect();
            (
                CERTIFICATES_TYP,
                "certificates.typ",
                Vec::new(),
                list,
                false,
                false,
            )
        }
    };
    let mut env = template_env();
    env.add_template("common.typ", COMMON_TYP)
        .map_err(|e| Error::internal(format!("course template common.typ: {e}")))?;
    env.add_template(name, template)
        .map_err(|e| Error::internal(format!("course template {name}: {e}")))?;
    let ctx = minijinja::context! {
        lang => lang.code(),
        rtl => lang.is_rtl(),
        // Same rule as the Formatter: Arabic-Indic digits only in Arabic material.
        arabic_digits => lang == Lang::Ar && f.theme.digits == Digits::ArabicIndic,
        primary => f.theme.primary.value.clone(),
        accent => f.theme.accent.value.clone(),
        title => f.title.get(lang),
        subtitle => text(&f.subtitle),
        code => f.code.value.clone(),
        trainer => f.trainer.name.get(lang),
        trainer_title => text(&f.trainer.title),
        organisation => text(&f.organisation),
        venue => text(&f.venue),
        date_text => date_text,
        hours_text => hours_text,
        labels => Value::from(minijinja::value::Serde(labels(lang)?)),
        modules => Value::from(minijinja::value::Serde(&modules_ctx)),
        attendees => attendees,
        notes => notes,
        answers => answers,
    };
    let source = env
        .get_template(name)
        .and_then(|t| t.render(ctx))
        .map_err(|e| Error::internal(format!("course template {name}: {e:#}")))?;
    let mut doc = Document::new(
        source,
        PathBuf::from("<embedded>").join("course").join(name),
        course.date,
    );
    doc.title = Some(f.title.get(lang).to_string());
    doc.lang = Some(lang.code().to_string());
    doc.author = Some(f.trainer.name.get(lang).to_string());
    doc.ident = format!("nudj-course-{}-{}-{name}", f.code.value, lang.code());
    doc.standard = PdfStandard::None;
    if let Output::Slides { notes } = output {
        add_slide_layouts(&mut doc, course, *notes)?;
    }
    if let Some(images) = &f.images {
        doc.mount("/images", course.dir.join(images))?;
    }
    Ok(Warned {
        output: doc,
        warnings,
    })
}

/// The shared slide layouts ([`crate::typeset::slides`]) in the course's brand: its primary
/// and accent colours (the others nudj's defaults), language, digits, and its title as the
/// footer of every slide.
fn add_slide_layouts(doc: &mut Document, course: &Course, notes: bool) -> Result<()> {
    use crate::typeset::slides::{self, Brand};
    let f = &course.file;
    let lang = f.language;
    let mut colors = slides::default_colors();
    colors.insert("primary".into(), f.theme.primary.value.clone());
    colors.insert("accent".into(), f.theme.accent.value.clone());
    let arabic_digits = lang == Lang::Ar && f.theme.digits == Digits::ArabicIndic;
    let brand = Brand {
        lang: lang.code().to_string(),
        rtl: lang.is_rtl(),
        digits: if arabic_digits { "١" } else { "1" }.into(),
        font: "IBM Plex Sans Arabic".into(),
        colors,
        footer: f.title.get(lang).to_string(),
        notes,
        notes_label: labels(lang)?.get("notes").cloned().unwrap_or_default(),
        draft: None,
    };
    slides::add_layouts(doc, &brand, slides::LAYOUTS, None)
}

/// `CX101-20261101-007`: course code, date and the attendee's roster row. Unique within a
/// course run and the same every time the roster is printed.
pub fn certificate_number(code: &str, date: chrono::NaiveDate, row: u32) -> String {
    format!("{code}-{}-{:03}", date.format("%Y%m%d"), row)
}

/// Builds one output as PDF bytes.
pub fn build_pdf(course: &Course, output: &Output) -> Result<Warned<Vec<u8>>> {
    let doc = document(course, output)?;
    let mut warnings = doc.warnings;
    let pdf = crate::typeset::compile_pdf(&doc.output)?;
    warnings.extend(pdf.warnings);
    Ok(Warned {
        output: pdf.output,
        warnings,
    })
}
