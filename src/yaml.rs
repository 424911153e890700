//! Reading YAML files we do not trust: a size cap before reading, a UTF-8 and binary check,
//! a serde-saphyr budget against alias bombs and deep nesting, and parser errors turned into
//! [`Diagnostic`]s with line and column.

use std::io::Read;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::{MessageFormatter, UserMessageFormatter};

use crate::error::{Diagnostic, Error, Place, Result};

/// Largest YAML file nudj reads (10 MiB). Models and engagement files are a few hundred KB at
/// most; the cap stops a mistaken or hostile path from being read into memory whole.
pub const MAX_YAML_BYTES: u64 = 10 * 1024 * 1024;

/// Deepest nesting accepted. Our formats nest about 8 levels; the cap stops stack and time
/// blow-ups from `[[[[...]]]]` inputs.
const MAX_DEPTH: usize = 48;

/// Reads a YAML file as text: refuses files over [`MAX_YAML_BYTES`], binary files and text
/// that is not UTF-8, each with a located message.
pub fn read_yaml_file(path: &Path) -> Result<String> {
    let file = std::fs::File::open(path).map_err(|e| Error::read(path, e))?;
    let meta = file.metadata().map_err(|e| Error::read(path, e))?;
    if meta.is_dir() {
        return Err(Error::at(
            path,
            Place::File,
            "is a folder, expected a YAML file",
        ));
    }
    if meta.len() > MAX_YAML_BYTES {
        return Err(too_big(path));
    }
    // Read at most one byte past the cap: the size on disk can change between the two calls
    // (or be unknown for special files).
    let mut bytes = Vec::new();
    file.take(MAX_YAML_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::read(path, e))?;
    read_yaml_bytes(path, bytes)
}

/// The checks of [`read_yaml_file`] on bytes already in memory (`path` is only named in
/// errors): refuses more than [`MAX_YAML_BYTES`], binary data (a NUL byte) and text that is
/// not UTF-8, each located; drops a UTF-8 byte-order mark. The fuzz targets enter here.
pub fn read_yaml_bytes(path: &Path, bytes: Vec<u8>) -> Result<String> {
    if bytes.len() as u64 > MAX_YAML_BYTES {
        return Err(too_big(path));
    }
    decode(path, bytes)
}

fn too_big(path: &Path) -> Error {
    Error::Invalid(vec![
        Diagnostic::error(
            path,
            Place::File,
            format!(
                "file is larger than {} MiB, too large for a YAML model or engagement file",
                MAX_YAML_BYTES / 1024 / 1024
            ),
        )
        .with_help("check that the path names the right file"),
    ])
}

/// Bytes → text, refusing binary data and invalid UTF-8 with the line and column of the first
/// bad byte.
fn decode(path: &Path, bytes: Vec<u8>) -> Result<String> {
    // Notepad's "Unicode" is UTF-16 (little-endian, with a byte-order mark): text, but not
    // the UTF-8 nudj reads; said as such rather than as binary data.
    let utf16_bom = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if utf16_bom || crate::grid::looks_like_utf16(&bytes) {
        return Err(Error::Invalid(vec![
            Diagnostic::error(
                path,
                Place::File,
                "file is UTF-16 text (Notepad's \"Unicode\"), not UTF-8",
            )
            .with_help("save it as UTF-8 (Notepad: Save as, Encoding: UTF-8)"),
        ]));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let (line, column) = line_col(&bytes[..at]);
        return Err(Error::Invalid(vec![
            Diagnostic::error(
                path,
                Place::line(line, column),
                "file contains a NUL byte: this looks like a binary file, not YAML text",
            )
            .with_help("pass the .yaml file, not a workbook or other binary file"),
        ]));
    }
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..'\u{feff}'.len_utf8());
            }
            Ok(s)
        }
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let (line, column) = line_col(bytes.get(..good).unwrap_or_default());
            let help = if looks_like_windows_1256(&bytes) {
                "it looks like Arabic (Windows) text, code page Windows-1256: save it as UTF-8 (the encoding YAML requires)"
            } else {
                "save the file as UTF-8 (the encoding YAML requires)"
            };
            Err(Error::Invalid(vec![
                Diagnostic::error(path, Place::line(line, column), "file is not UTF-8 text")
                    .with_help(help),
            ]))
        }
    }
}

/// Whether bytes that are not UTF-8 read as Arabic in Windows-1256 ("Arabic (Windows)", the
/// code page Arabic Windows saves text in): they decode without error, and of their four or
/// more letters beyond ASCII, most are Arabic. Only the help of the error uses it: nothing is decoded
/// by guess.
fn looks_like_windows_1256(bytes: &[u8]) -> bool {
    let (text, _, bad) = encoding_rs::WINDOWS_1256.decode(bytes);
    if bad {
        return false;
    }
    let beyond: Vec<char> = text.chars().filter(|c| !c.is_ascii()).collect();
    let arabic = beyond
        .iter()
        .filter(|c| ('\u{0600}'..='\u{06FF}').contains(*c))
        .count();
    beyond.len() >= 4 && arabic * 10 >= beyond.len() * 8
}

/// 1-based line and column (in characters) just after `before`.
fn line_col(before: &[u8]) -> (u64, u64) {
    let text = String::from_utf8_lossy(before);
    let line = 1 + text.matches('\n').count() as u64;
    let column = 1 + text.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64;
    (line, column)
}

/// The parser options for every nudj YAML file: a budget against alias bombs and nesting,
/// duplicate keys refused, no legacy `yes`/`no` booleans.
fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_documents: 1,
            max_nodes: 500_000,
            max_events: 1_000_000,
            max_aliases: 10_000,
            max_anchors: 10_000,
            max_total_scalar_bytes: MAX_YAML_BYTES as usize,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
            max_replay_stack_depth: 16,
            max_alias_expansions_per_anchor: 1_000,
        },
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
        strict_booleans: true,
    }
}

/// Parses `src` (the text of `file`) into `T`. Structural errors (syntax, wrong type, unknown
/// or missing key) stop at the first one, reported with its line and column; an unknown key
/// gets a "did you mean" suggestion.
pub fn parse<T: DeserializeOwned>(file: &Path, src: &str) -> Result<T> {
    if src.trim().is_empty() {
        return Err(Error::at(
            file,
            Place::File,
            "file is empty, expected a YAML mapping",
        ));
    }
    serde_saphyr::from_str_with_options::<T>(src, options())
        .map_err(|e| Error::Invalid(vec![diagnostic(file, src, &e)]))
}

/// The plain scalar written at a 1-based line and column, for messages such as
/// "expected a whole number, found `five`".
fn scalar_at(src: &str, place: &Place) -> Option<String> {
    let Place::Line { line, column } = place else {
        return None;
    };
    let text = src
        .lines()
        .nth(usize::try_from(line.checked_sub(1)?).ok()?)?;
    let start = usize::try_from(column.checked_sub(1)?).ok()?;
    let rest: String = text.chars().skip(start).collect();
    // A flow item ends at `,` `}` `]`, a key at `: `, anything at a comment.
    let end = [rest.find([',', '}', ']', '#']), rest.find(": ")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(rest.len());
    let value = rest.get(..end)?.trim().trim_end_matches(':').trim();
    let value = value.trim_matches(['"', '\'']);
    (!value.is_empty() && value.chars().count() <= 60).then(|| value.to_string())
}

/// One parser error as a diagnostic.
fn diagnostic(file: &Path, src: &str, err: &serde_saphyr::Error) -> Diagnostic {
    let inner = innermost(err);
    let place = inner
        .location()
        .or_else(|| err.location())
        .map_or(Place::File, |l| Place::line(l.line(), l.column()));
    match inner {
        serde_saphyr::Error::SerdeUnknownField {
            field, expected, ..
        } => {
            let d = Diagnostic::error(file, place, format!("unknown key `{field}`"));
            match suggest(field, expected) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help(format!("expected one of: {}", expected.join(", "))),
            }
        }
        serde_saphyr::Error::InvalidScalar { ty, .. } => {
            let expected = match *ty {
                "f32" | "f64" => "a number",
                "bool" => "`true` or `false`",
                "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number, 0 or more",
                "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number",
                other => other,
            };
            let msg = match scalar_at(src, &place) {
                Some(found) => format!("expected {expected}, found `{found}`"),
                None => format!("expected {expected}"),
            };
            Diagnostic::error(file, place, msg)
        }
        // The parser reports a missing key where the mapping ended (its last key), which
        // can be far from where the key belongs; the help says so.
        serde_saphyr::Error::SerdeMissingField { field, .. } => {
            Diagnostic::error(file, place, format!("missing key `{field}`")).with_help(format!(
                "add `{field}:` to the mapping this line belongs to (the parser points at its last key)"
            ))
        }
        serde_saphyr::Error::Budget { .. }
        | serde_saphyr::Error::AliasReplayLimitExceeded { .. }
        | serde_saphyr::Error::AliasExpansionLimitExceeded { .. }
        | serde_saphyr::Error::AliasReplayStackDepthExceeded { .. } => Diagnostic::error(
            file,
            place,
            format!(
                "{} (the file is too large, too deeply nested or expands too many aliases)",
                clean(&UserMessageFormatter.format_message(inner))
            ),
        ),
        // Our only untagged type is `Text`; serde's "did not match any variant" says
        // nothing useful, so say what a text may look like.
        other if is_untagged_mismatch(other) => {
            Diagnostic::error(file, place, "expected a text").with_help(
                "write a plain string, or a mapping with only `ar:` and `en:` keys, e.g. {ar: استراتيجية, en: Strategy}",
            )
        }
        other => {
            let msg = clean(&UserMessageFormatter.format_message(other));
            // A tab where YAML indents: editors show it as spaces, so say what to do.
            let tab = msg.contains("tabs disallowed");
            let d = Diagnostic::error(file, place, msg);
            if tab {
                d.with_help("YAML indents with spaces only: replace the tab at this place with spaces")
            } else {
                d
            }
        }
    }
}

fn is_untagged_mismatch(err: &serde_saphyr::Error) -> bool {
    UserMessageFormatter
        .format_message(err)
        .contains("did not match any variant of untagged enum")
}

/// The error under snippet and alias wrappers, which carries the useful message.
fn innermost(mut err: &serde_saphyr::Error) -> &serde_saphyr::Error {
    loop {
        match err {
            serde_saphyr::Error::WithSnippet { error, .. }
            | serde_saphyr::Error::AliasError { error, .. } => err = error,
            other => return other,
        }
    }
}

/// Messages from the parser may contain control characters from the input; keep them from
/// reaching the terminal.
fn clean(msg: &str) -> String {
    msg.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The closest expected name to a misspelled one, if it is close enough to be a likely typo.
pub fn suggest<'a>(found: &str, expected: &[&'a str]) -> Option<&'a str> {
    let found_l = found.to_lowercase();
    expected
        .iter()
        .map(|e| (strsim::jaro_winkler(&found_l, &e.to_lowercase()), *e))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, e)| e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys_only() {
        let keys = ["id", "name", "weight", "description", "questions"];
        assert_eq!(suggest("wieght", &keys), Some("weight"));
        assert_eq!(suggest("Questions", &keys), Some("questions"));
        assert_eq!(suggest("colour", &keys), None);
    }

    #[test]
    fn wrong_scalars_name_what_was_found() {
        let e = parse::<crate::model::Scale>(Path::new("m.yaml"), "min: 1\nmax: five # x\n");
        let Err(Error::Invalid(d)) = e else { panic!() };
        assert_eq!(d[0].message, "expected a whole number, found `five`");
        assert_eq!(d[0].place, Place::line(2, 6));
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col(b""), (1, 1));
        assert_eq!(line_col("ab\nعر".as_bytes()), (2, 3));
    }

    #[test]
    fn binary_and_bad_utf8_are_located() {
        let e = decode(Path::new("m.yaml"), b"id: x\nab\0".to_vec()).unwrap_err();
        let Error::Invalid(d) = e else { panic!() };
        assert_eq!(d[0].place, Place::line(2, 3));
        let e = decode(Path::new("m.yaml"), b"id: \xff".to_vec()).unwrap_err();
        let Error::Invalid(d) = e else { panic!() };
        assert_eq!(d[0].place, Place::line(1, 5));
        assert!(d[0].message.contains("UTF-8"));
        assert!(d[0].help.as_deref().is_some_and(|h| !h.contains("1256")));
    }

    #[test]
    fn utf16_and_windows_1256_are_named() {
        for bom in [true, false] {
            let mut bytes: Vec<u8> = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
            bytes.extend(
                "client:\n  name: بنك\n"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            );
            let Err(Error::Invalid(d)) = decode(Path::new("e.yaml"), bytes) else {
                panic!()
            };
            assert_eq!(
                d[0].message,
                "file is UTF-16 text (Notepad's \"Unicode\"), not UTF-8"
            );
        }
        let (cp1256, _, _) = encoding_rs::WINDOWS_1256.encode("client: {ar: شركة الأمل}\n");
        let Err(Error::Invalid(d)) = decode(Path::new("e.yaml"), cp1256.into_owned()) else {
            panic!()
        };
        assert!(
            d[0].help
                .as_deref()
                .is_some_and(|h| h.contains("Windows-1256")),
            "{:?}",
            d[0].help
        );
    }
}
