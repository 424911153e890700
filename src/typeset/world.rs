//! Our Typst `World`: the embedded fonts, the document's in-memory files, files under the
//! allowed folders only, no packages, and a fixed `today()`. One world per compile; the
//! fonts it points to are shared.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Dict, IntoValue, Str};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::Document;
use crate::error::{Error, Result};

/// The virtual path of the generated entry file (metadata, then the document).
pub(crate) const ENTRY: &str = "/main.typ";
/// The virtual path the document's own source is served under.
pub(crate) const BODY: &str = "/document.typ";

/// A Typst world for one [`Document`].
pub(crate) struct SandboxWorld<'a> {
    doc: &'a Document,
    entry: String,
    library: LazyHash<Library>,
    main: FileId,
    today: Datetime,
    /// Each mount's folder, canonicalised once (the prefix every served file must have).
    mounts: Vec<(String, Option<PathBuf>)>,
    /// Files read so far: Typst asks for the same file many times.
    sources: Mutex<HashMap<FileId, FileResult<Source>>>,
    files: Mutex<HashMap<FileId, FileResult<Bytes>>>,
}

impl<'a> SandboxWorld<'a> {
    pub(crate) fn new(doc: &'a Document) -> Result<SandboxWorld<'a>> {
        let inputs: Dict = doc
            .inputs
            .iter()
            .map(|(k, v)| (Str::from(k.as_str()), v.as_str().into_value()))
            .collect();
        let library = Library::builder().with_inputs(inputs).build();
        let today = datetime(doc.date)?;
        let mounts = doc
            .mounts
            .iter()
            .map(|m| (m.at.clone(), m.dir.canonicalize().ok()))
            .collect();
        Ok(SandboxWorld {
            doc,
            entry: super::entry_source(doc),
            library: LazyHash::new(library),
            main: id(ENTRY)?,
            today,
            mounts,
            sources: Mutex::new(HashMap::new()),
            files: Mutex::new(HashMap::new()),
        })
    }

    /// Raw bytes for a file id, from memory or an allowed folder.
    fn load(&self, id: FileId) -> FileResult<Bytes> {
        let rooted = id.get();
        if let VirtualRoot::Package(spec) = rooted.root() {
            return Err(FileError::Package(PackageError::Other(Some(
                format!(
                    "{spec}: nudj does not load Typst packages (it works offline); \
                     put what you need in the template folder and import it by path"
                )
                .into(),
            ))));
        }
        let vpath = rooted.vpath().get_with_slash();
        if vpath == ENTRY {
            return Ok(Bytes::from_string(self.entry.clone()));
        }
        if vpath == BODY {
            return Ok(Bytes::from_string(self.doc.source.clone()));
        }
        if let Some(file) = self.doc.files.get(vpath) {
            return Ok(file.bytes.clone());
        }
        for (at, dir) in &self.mounts {
            let Some(rest) = under(vpath, at) else {
                continue;
            };
            let Some(dir) = dir else {
                return Err(FileError::NotFound(PathBuf::from(vpath)));
            };
            return read_inside(dir, rest).map(Bytes::new);
        }
        Err(FileError::Other(Some(
            format!(
                "`{vpath}` is not one of this document's files; a document reads only the \
                 files nudj gives it and the folders it allows"
            )
            .into(),
        )))
    }

    /// The display name of a file for diagnostics: the template or data file it came from,
    /// else its virtual path.
    pub(crate) fn display_name(&self, id: FileId) -> PathBuf {
        let vpath = id.get().vpath().get_with_slash();
        if vpath == BODY {
            return self.doc.source_name.clone();
        }
        if let Some(origin) = self.doc.files.get(vpath).and_then(|f| f.origin.clone()) {
            return origin;
        }
        for (at, dir) in &self.mounts {
            if let (Some(rest), Some(dir)) = (under(vpath, at), dir) {
                return dir.join(rest);
            }
        }
        PathBuf::from(vpath.trim_start_matches('/'))
    }

    /// Every file read successfully from memory or a mounted folder, by virtual path
    /// (not the generated entry and document source).
    pub(crate) fn loaded_files(&self) -> Vec<(String, Vec<u8>)> {
        let cache = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let mut out: Vec<(String, Vec<u8>)> = cache
            .iter()
            .filter(|(id, _)| matches!(id.get().root(), VirtualRoot::Project))
            .filter_map(|(id, r)| {
                let vpath = id.get().vpath().get_with_slash().to_string();
                let bytes = r.as_ref().ok()?;
                (vpath != ENTRY && vpath != BODY).then(|| (vpath, bytes.to_vec()))
            })
            .collect();
        out.sort();
        out
    }

    /// Whether `id` is the generated entry file (its lines mean nothing to the user).
    pub(crate) fn is_entry(&self, id: FileId) -> bool {
        id == self.main
    }

    /// The name of the document's own source.
    pub(crate) fn document_name(&self) -> std::path::PathBuf {
        self.doc.source_name.clone()
    }

    /// The text of a file, for turning byte offsets into lines.
    pub(crate) fn text_of(&self, id: FileId) -> Option<String> {
        if let Ok(source) = self.source(id) {
            return Some(source.text().to_string());
        }
        let bytes = self.file(id).ok()?;
        bytes.as_str().ok().map(str::to_string)
    }
}

/// The part of `vpath` below mount point `at` ("/assets" holds "/assets/logo.png").
fn under<'p>(vpath: &'p str, at: &str) -> Option<&'p str> {
    let at = at.trim_end_matches('/');
    let rest = vpath.strip_prefix(at)?;
    let rest = rest.strip_prefix('/')?;
    (!rest.is_empty()).then_some(rest)
}

/// Reads `rest` under the canonical folder `dir`, refusing anything whose real path (after
/// following symlinks) leaves it.
fn read_inside(dir: &Path, rest: &str) -> FileResult<Vec<u8>> {
    let joined = VirtualPath::new(rest)
        .map_err(|_| FileError::AccessDenied)?
        .realize(dir)
        .map_err(FileError::Realize)?;
    let real = joined
        .canonicalize()
        .map_err(|e| FileError::from_io(e, &joined))?;
    if !real.starts_with(dir) {
        return Err(FileError::AccessDenied);
    }
    if real.is_dir() {
        return Err(FileError::IsDirectory);
    }
    std::fs::read(&real).map_err(|e| FileError::from_io(e, &joined))
}

/// A project file id for one of our own virtual paths.
pub(crate) fn id(vpath: &str) -> Result<FileId> {
    let v = VirtualPath::new(vpath)
        .map_err(|e| Error::Typeset(format!("invalid virtual path `{vpath}`: {e}")))?;
    Ok(RootedPath::new(VirtualRoot::Project, v).intern())
}

pub(crate) fn datetime(date: chrono::NaiveDate) -> Result<Datetime> {
    use chrono::Datelike;
    u8::try_from(date.month())
        .ok()
        .zip(u8::try_from(date.day()).ok())
        .and_then(|(m, d)| Datetime::from_ymd(date.year(), m, d))
        .ok_or_else(|| Error::DateRange(format!("date {date} is outside the range Typst supports")))
}

impl World for SandboxWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.doc.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let mut cache = self.sources.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(hit) = cache.get(&id) {
            return hit.clone();
        }
        let result = self.file(id).and_then(|bytes| {
            let text = bytes.as_str().map_err(|_| FileError::InvalidUtf8)?;
            // Typst sources may start with a BOM; Typst itself strips it the same way.
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            Ok(Source::new(id, text.to_string()))
        });
        cache.insert(id, result.clone());
        result
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let mut cache = self.files.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(hit) = cache.get(&id) {
            return hit.clone();
        }
        let result = self.load(id);
        cache.insert(id, result.clone());
        result
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.doc.fonts.font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        // Fixed by the caller so output does not depend on when it is built.
        Some(self.today)
    }
}
