//! The fonts a document may use: the ones embedded in the binary (so nudj runs with nothing
//! else on disk) plus optional extra folders. Parsed once and shared through an `Arc`: a batch
//! compiles many documents with the same [`FontSet`].

use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

use crate::error::{Diagnostic, Error, Place, Result};

/// Fonts compiled into the binary, with the file name they are written under by `emit_dir`.
const EMBEDDED: &[(&str, &[u8])] = &[
    (
        "IBMPlexSansArabic-Light.ttf",
        include_bytes!("../../fonts/ibm-plex-sans-arabic/IBMPlexSansArabic-Light.ttf"),
    ),
    (
        "IBMPlexSansArabic-Regular.ttf",
        include_bytes!("../../fonts/ibm-plex-sans-arabic/IBMPlexSansArabic-Regular.ttf"),
    ),
    (
        "IBMPlexSansArabic-SemiBold.ttf",
        include_bytes!("../../fonts/ibm-plex-sans-arabic/IBMPlexSansArabic-SemiBold.ttf"),
    ),
    (
        "IBMPlexSansArabic-Bold.ttf",
        include_bytes!("../../fonts/ibm-plex-sans-arabic/IBMPlexSansArabic-Bold.ttf"),
    ),
    (
        "Amiri-Regular.ttf",
        include_bytes!("../../fonts/amiri/Amiri-Regular.ttf"),
    ),
    (
        "Amiri-Bold.ttf",
        include_bytes!("../../fonts/amiri/Amiri-Bold.ttf"),
    ),
];

/// Licence texts shipped with the embedded fonts (written beside them by `emit_dir`).
pub(crate) const LICENCES: &[(&str, &str)] = &[
    (
        "OFL-IBMPlexSansArabic.txt",
        include_str!("../../fonts/ibm-plex-sans-arabic/OFL.txt"),
    ),
    ("OFL-Amiri.txt", include_str!("../../fonts/amiri/OFL.txt")),
];

/// The embedded set, parsed on first use and then shared (constant data, not state).
static EMBEDDED_SET: LazyLock<Arc<FontSet>> = LazyLock::new(|| {
    let mut set = FontSet::empty();
    for (name, data) in EMBEDDED {
        set.add((*name).to_string(), Bytes::new(*data));
    }
    Arc::new(set)
});

/// A parsed collection of fonts and the book Typst looks families up in.
pub struct FontSet {
    /// Each font file once: its file name (for `emit_dir`) and bytes.
    files: Vec<(String, Bytes)>,
    /// Every face of every file, in order; indices match `book`.
    fonts: Vec<Font>,
    book: LazyHash<FontBook>,
}

impl std::fmt::Debug for FontSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontSet")
            .field(
                "files",
                &self.files.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .field("faces", &self.fonts.len())
            .finish()
    }
}

impl FontSet {
    fn empty() -> FontSet {
        FontSet {
            files: Vec::new(),
            fonts: Vec::new(),
            book: LazyHash::new(FontBook::new()),
        }
    }

    /// Adds every face of one font file; returns how many faces it had.
    fn add(&mut self, name: String, data: Bytes) -> usize {
        let before = self.fonts.len();
        self.fonts.extend(Font::iter(data.clone()));
        let added = self.fonts.len() - before;
        if added > 0 {
            self.files.push((name, data));
            self.book = LazyHash::new(FontBook::from_fonts(&self.fonts));
        }
        added
    }

    /// The fonts embedded in the binary (IBM Plex Sans Arabic, Amiri), parsed once per process.
    pub fn embedded() -> Arc<FontSet> {
        Arc::clone(&EMBEDDED_SET)
    }

    /// The embedded fonts plus every `.ttf`, `.otf`, `.ttc` and `.otc` file in `dirs`
    /// (searched recursively, in sorted order so the result does not depend on the file
    /// system). A file that is not a font is an error naming it.
    pub fn with_dirs(dirs: &[PathBuf]) -> Result<Arc<FontSet>> {
        if dirs.is_empty() {
            return Ok(FontSet::embedded());
        }
        let mut set = FontSet::empty();
        for (name, data) in EMBEDDED {
            set.add((*name).to_string(), Bytes::new(*data));
        }
        let mut problems = Vec::new();
        for dir in dirs {
            let mut found = Vec::new();
            collect_font_files(dir, &mut found)?;
            found.sort();
            for path in found {
                let data = std::fs::read(&path).map_err(|e| Error::read(&path, e))?;
                let name = unique_name(&set, &path);
                if set.add(name, Bytes::new(data)) == 0 {
                    problems.push(
                        Diagnostic::error(&path, Place::File, "not a font Typst can read")
                            .with_help("use TrueType or OpenType files (.ttf, .otf, .ttc)"),
                    );
                }
            }
        }
        if problems.is_empty() {
            Ok(Arc::new(set))
        } else {
            Err(Error::Invalid(problems))
        }
    }

    /// The font book.
    pub(crate) fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    /// The face at `index` in the book.
    pub(crate) fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    /// The font files, by file name.
    pub(crate) fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(n, b)| (n.as_str(), b.as_slice()))
    }

    /// Family names available, sorted and without duplicates.
    pub fn families(&self) -> Vec<String> {
        let mut v: Vec<String> = self.fonts.iter().map(|f| f.info().family.clone()).collect();
        v.sort();
        v.dedup();
        v
    }
}

/// A file name for `path` not yet used in `set` (two folders may hold the same name).
fn unique_name(set: &FontSet, path: &Path) -> String {
    let base = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("font.ttf")
        .to_string();
    let mut name = base.clone();
    let mut n = 1;
    while set.files.iter().any(|(existing, _)| *existing == name) {
        n += 1;
        name = format!("{n}-{base}");
    }
    name
}

fn collect_font_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::read(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::read(dir, e))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| Error::read(&path, e))?;
        if kind.is_dir() {
            collect_font_files(&path, out)?;
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            matches!(
                e.to_ascii_lowercase().as_str(),
                "ttf" | "otf" | "ttc" | "otc"
            )
        }) {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_fonts_parse_and_are_shared() {
        let a = FontSet::embedded();
        let b = FontSet::embedded();
        assert!(Arc::ptr_eq(&a, &b), "parsed once, then shared");
        assert_eq!(a.fonts.len(), EMBEDDED.len());
        let fams = a.families();
        assert!(fams.iter().any(|f| f == "IBM Plex Sans Arabic"), "{fams:?}");
        assert!(fams.iter().any(|f| f == "Amiri"), "{fams:?}");
    }

    #[test]
    fn extra_dir_rejects_non_fonts() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("fake.ttf"), b"not a font").unwrap();
        let err = FontSet::with_dirs(&[dir.path().to_path_buf()]).unwrap_err();
        match err {
            Error::Invalid(d) => assert!(d[0].file.ends_with("fake.ttf")),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn extra_dir_adds_fonts() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Amiri-Regular.ttf"), EMBEDDED[4].1).unwrap();
        let set = FontSet::with_dirs(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(set.fonts.len(), EMBEDDED.len() + 1);
        assert!(set.files().any(|(n, _)| n == "2-Amiri-Regular.ttf"));
    }
}
