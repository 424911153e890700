//! Typesetting: the Typst `World` (embedded fonts, sandboxed files, fixed date), compile and
//! PDF export, the Markdown → Typst converter and the Typst escapes. Knows nothing of CX: it
//! could be lifted into another project unchanged.
//!
//! A [`Document`] is everything one compile needs: the Typst source, in-memory files (data
//! JSON, chart SVGs, images), the folders on disk it may read, `sys.inputs`, the date
//! `today()` returns, metadata and the PDF standard. [`compile_pdf`] turns it into PDF bytes,
//! the same bytes for the same document; [`emit_dir`] writes it out as a folder the `typst`
//! CLI compiles to the same pages.

pub mod breaks;
mod diag;
pub mod escape;
mod fonts;
mod image;
pub mod locale;
pub mod markdown;
pub mod slides;
mod ummalqura;
mod world;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use typst::diag::SourceDiagnostic;
use typst::foundations::{Bytes, Smart};
use typst::syntax::VirtualPath;
use typst_layout::PagedDocument;

use crate::error::{Error, Result, Warned};

pub use escape::{escape_markup, escape_string, isolate, ltr, rtl};
pub use fonts::FontSet;
pub use image::{
    MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, check_image, read_image, svg_link_problem, svg_links,
};

/// One in-memory file of a document.
#[derive(Clone)]
pub struct MemFile {
    /// The content.
    pub bytes: Bytes,
    /// The file it came from, named in diagnostics (a user's template, a chart's data).
    pub origin: Option<PathBuf>,
}

impl std::fmt::Debug for MemFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemFile")
            .field("len", &self.bytes.len())
            .field("origin", &self.origin)
            .finish()
    }
}

/// A folder on disk a document may read, seen by Typst under a virtual path
/// (`#image("/assets/logo.png")` with `at: "/assets"`). Nothing outside it is served, even
/// through symlinks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    /// Virtual folder, e.g. `/assets`; `/` mounts the folder as the project root.
    pub at: String,
    /// The real folder.
    pub dir: PathBuf,
}

/// PDF standards we offer (the ones checked to work with our fonts and templates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum PdfStandard {
    /// Plain PDF 1.7.
    #[default]
    #[serde(rename = "none")]
    None,
    /// PDF/A-2b, for archiving.
    #[serde(rename = "a-2b")]
    A2b,
    /// PDF/UA-1, accessible (needs a title and `alt` text on every image).
    #[serde(rename = "ua-1")]
    Ua1,
}

impl PdfStandard {
    /// The name used on the command line and in typst-cli (`a-2b`).
    pub fn name(self) -> &'static str {
        match self {
            PdfStandard::None => "none",
            PdfStandard::A2b => "a-2b",
            PdfStandard::Ua1 => "ua-1",
        }
    }
}

impl std::str::FromStr for PdfStandard {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "none" => Ok(PdfStandard::None),
            "a-2b" => Ok(PdfStandard::A2b),
            "ua-1" => Ok(PdfStandard::Ua1),
            other => Err(format!(
                "unknown PDF standard `{other}`; expected none, a-2b or ua-1"
            )),
        }
    }
}

/// Everything one compile needs. Build with [`Document::new`], then add files and options.
#[derive(Debug, Clone)]
pub struct Document {
    /// The Typst source of the document.
    pub source: String,
    /// The name diagnostics give the source (the template file it was rendered from).
    pub source_name: PathBuf,
    /// In-memory files by normalised virtual path (`/data.json`).
    pub files: BTreeMap<String, MemFile>,
    /// Folders on disk the document may read.
    pub mounts: Vec<Mount>,
    /// `sys.inputs` (strings).
    pub inputs: BTreeMap<String, String>,
    /// What `datetime.today()` returns, and the PDF creation date.
    pub date: chrono::NaiveDate,
    /// PDF title metadata (also `document.title`); required by PDF/UA-1.
    pub title: Option<String>,
    /// Document language (`ar`, `en`): written to the PDF metadata and set as `text.lang`.
    pub lang: Option<String>,
    /// PDF author metadata.
    pub author: Option<String>,
    /// The PDF standard to conform to.
    pub standard: PdfStandard,
    /// A stable identifier of the document (e.g. engagement id + language): with the date,
    /// it fixes the PDF's ID so the same input gives the same bytes.
    pub ident: String,
    /// The fonts; [`FontSet::embedded`] unless replaced.
    pub fonts: Arc<FontSet>,
}

impl Document {
    /// A document from Typst source, named `source_name` in diagnostics, dated `date`.
    pub fn new(
        source: impl Into<String>,
        source_name: impl Into<PathBuf>,
        date: chrono::NaiveDate,
    ) -> Document {
        let source_name = source_name.into();
        Document {
            source: source.into(),
            ident: source_name.display().to_string(),
            source_name,
            files: BTreeMap::new(),
            mounts: Vec::new(),
            inputs: BTreeMap::new(),
            date,
            title: None,
            lang: None,
            author: None,
            standard: PdfStandard::None,
            fonts: FontSet::embedded(),
        }
    }

    /// Adds an in-memory file under virtual path `path` (`data.json`, `charts/radar.svg`).
    /// `origin` names it in diagnostics.
    pub fn add_file(
        &mut self,
        path: &str,
        bytes: impl Into<Vec<u8>>,
        origin: Option<PathBuf>,
    ) -> Result<&mut Document> {
        let key = normalise(path)?;
        if key == world::ENTRY || key == world::BODY {
            return Err(Error::Typeset(format!(
                "`{path}` is reserved for the document itself"
            )));
        }
        self.files.insert(
            key,
            MemFile {
                bytes: Bytes::new(bytes.into()),
                origin,
            },
        );
        Ok(self)
    }

    /// Lets the document read files under `dir`, seen as virtual folder `at`.
    pub fn mount(&mut self, at: &str, dir: impl Into<PathBuf>) -> Result<&mut Document> {
        let at = normalise(at)?;
        self.mounts.push(Mount {
            at,
            dir: dir.into(),
        });
        Ok(self)
    }
}

/// `data.json` → `/data.json`; refuses paths that climb out (`../x`).
fn normalise(path: &str) -> Result<String> {
    let rooted = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    VirtualPath::new(&rooted)
        .map(|v| v.get_with_slash().to_string())
        .map_err(|e| Error::Typeset(format!("invalid file name `{path}` in a document: {e}")))
}

/// The generated entry file: metadata as set rules, then the document. Kept separate so the
/// document's own line numbers are untouched.
fn entry_source(doc: &Document) -> String {
    let mut s = String::from("// Generated by nudj: document metadata, then the document.\n");
    let mut doc_args = Vec::new();
    if let Some(title) = &doc.title {
        doc_args.push(format!("title: \"{}\"", escape_string(title)));
    }
    if let Some(author) = &doc.author {
        doc_args.push(format!("author: \"{}\"", escape_string(author)));
    }
    if !doc_args.is_empty() {
        s.push_str(&format!("#set document({})\n", doc_args.join(", ")));
    }
    if let Some(lang) = &doc.lang {
        s.push_str(&format!("#set text(lang: \"{}\")\n", escape_string(lang)));
    }
    s.push_str(&format!(
        "#include \"{}\"\n",
        world::BODY.trim_start_matches('/')
    ));
    s
}

/// Drops Typst's memoised layout work not used during the last `max_age` compilations.
/// Typst keeps it process-wide and never forgets on its own: every document's entries would
/// stay (measured: ~30 MB per bank-sized report, 500 MB after 16 different ones). What
/// documents share (fonts, shaping of common text) keeps being hit and stays.
pub fn forget_unused_layout(max_age: usize) {
    typst::comemo::evict(max_age);
}

/// Compiles the document to PDF. Typst warnings come back beside the bytes; Typst errors
/// become located diagnostics naming the template file and line.
pub fn compile_pdf(doc: &Document) -> Result<Warned<Vec<u8>>> {
    let world = world::SandboxWorld::new(doc)?;
    let (paged, mut warnings) = compile_paged(&world)?;
    let options = pdf_options(doc)?;
    let bytes =
        typst_pdf::pdf(&paged, &options).map_err(|errors| diag::to_error(&world, &errors))?;
    warnings.sort_by(|a, b| (&a.file, &a.place).cmp(&(&b.file, &b.place)));
    Ok(Warned {
        output: bytes,
        warnings,
    })
}

/// Lays the document out (no PDF export): pages and warnings.
fn compile_paged(
    world: &world::SandboxWorld<'_>,
) -> Result<(PagedDocument, Vec<crate::error::Diagnostic>)> {
    let result = typst::compile::<PagedDocument>(world);
    let warnings = diag::to_diagnostics(world, &result.warnings);
    match result.output {
        Ok(paged) => Ok((paged, warnings)),
        Err(errors) => {
            let all: Vec<SourceDiagnostic> = errors.iter().cloned().collect();
            Err(diag::to_error(world, &all))
        }
    }
}

/// How many pages the document lays out to (for tests and progress output).
pub fn page_count(doc: &Document) -> Result<usize> {
    let world = world::SandboxWorld::new(doc)?;
    let (paged, _) = compile_paged(&world)?;
    Ok(paged.pages().len())
}

fn pdf_options(doc: &Document) -> Result<typst_pdf::PdfOptions> {
    let list: &[typst_pdf::PdfStandard] = match doc.standard {
        PdfStandard::None => &[],
        PdfStandard::A2b => &[typst_pdf::PdfStandard::A_2b],
        PdfStandard::Ua1 => &[typst_pdf::PdfStandard::Ua_1],
    };
    let standards = typst_pdf::PdfStandards::new(list).map_err(|e| {
        Error::Typeset(format!(
            "PDF standard {}: {}",
            doc.standard.name(),
            e.message()
        ))
    })?;
    let timestamp = typst_pdf::Timestamp::new_utc(world::datetime(doc.date)?);
    Ok(typst_pdf::PdfOptions {
        ident: Smart::Custom(doc.ident.clone()),
        creator: Smart::Custom(Some(format!("nudj {}", env!("CARGO_PKG_VERSION")))),
        timestamp: Some(timestamp),
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    })
}

/// Writes the document as a folder: `main.typ` (metadata + include), `document.typ`, every
/// in-memory file, every file it read from its mounted folders, the fonts in `fonts/` with
/// their licences, and `compile.sh` holding the `typst` command that reproduces the PDF.
/// Compiles once to learn which mounted files are used; a document with errors is still
/// written (that is when one wants to look at it). Returns the command's arguments.
pub fn emit_dir(doc: &Document, dir: &Path) -> Result<Vec<String>> {
    let world = world::SandboxWorld::new(doc)?;
    // The result does not matter here, only which files were read.
    let _ = typst::compile::<PagedDocument>(&world);
    let mut out: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    out.insert(world::ENTRY.into(), entry_source(doc).into_bytes());
    out.insert(world::BODY.into(), doc.source.clone().into_bytes());
    for (vpath, file) in &doc.files {
        out.insert(vpath.clone(), file.bytes.to_vec());
    }
    for (vpath, bytes) in world.loaded_files() {
        out.entry(vpath).or_insert(bytes);
    }
    for (name, data) in doc.fonts.files() {
        out.insert(format!("/fonts/{name}"), data.to_vec());
    }
    for (name, text) in fonts::LICENCES {
        out.insert(format!("/fonts/{name}"), text.as_bytes().to_vec());
    }
    let args = typst_command(doc, dir);
    let script = format!(
        "#!/bin/sh\n# Reproduces the PDF nudj made from this folder.\n{}\n",
        args.iter()
            .map(|a| shell_quote(a))
            .collect::<Vec<_>>()
            .join(" ")
    );
    out.insert("/compile.sh".into(), script.into_bytes());
    for (vpath, bytes) in out {
        let path = dir.join(vpath.trim_start_matches('/'));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::write(&path, e))?;
    }
    Ok(args)
}

/// `typst compile ...` for a folder written by [`emit_dir`].
fn typst_command(doc: &Document, dir: &Path) -> Vec<String> {
    use chrono::{NaiveTime, TimeZone};
    let epoch = chrono::Utc
        .from_utc_datetime(&doc.date.and_time(NaiveTime::MIN))
        .timestamp();
    let mut args: Vec<String> = vec![
        "typst".into(),
        "compile".into(),
        "--ignore-system-fonts".into(),
        "--font-path".into(),
        dir.join("fonts").display().to_string(),
        "--creation-timestamp".into(),
        epoch.to_string(),
    ];
    if doc.standard != PdfStandard::None {
        args.push("--pdf-standard".into());
        args.push(doc.standard.name().into());
    }
    for (k, v) in &doc.inputs {
        args.push("--input".into());
        args.push(format!("{k}={v}"));
    }
    args.push(dir.join("main.typ").display().to_string());
    args
}

/// POSIX shell single-quoting.
fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
pub(crate) mod tests;
