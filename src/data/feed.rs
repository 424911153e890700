//! Metric feeds: NPS, CSAT, CES and KPI data in CSV files named by the engagement's
//! `metric_files:` (post-interaction surveys: millions of rows a year). Same columns, rules
//! and located errors as the sheets (`nps.csv: row 5, column A`), but read **streaming**:
//! record by record through a fixed buffer, the answers counted as they pass. Memory does not
//! grow with the number of rows, only with the number of distinct channel × segment × stage
//! groups (capped, [`MAX_GROUPS`]).
//!
//! Rows are numbered as Excel and LibreOffice show them (as [`crate::grid::read_csv`] does):
//! every line end (LF, CRLF, CR) ends a row, empty lines count, a quoted field with line
//! breaks stays one row; Excel's `sep=` line is honoured and skipped.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use super::grid::{self, Grid, Row, Value};
use super::metrics::{RATING_COLS, journey_given, metric_columns, resolve_stage};
use super::parse::{AnswerScale, Parsed, normalize};
use super::read::{ReadOptions, Sink};
use super::types::{KpiRow, RatingCounts, RatingFeed, RatingKey, StageComment};
use crate::error::{Error, Place, Result};

/// Most distinct (channel, segment, stage) groups in one feed: far more than any real
/// breakdown, far fewer than a file of free text in the channel column would make.
pub const MAX_GROUPS: usize = 10_000;

/// Bytes of the read buffer.
const BUFFER: usize = 1 << 16;

/// Makes every line end one LF (CRLF and a lone CR included, inside quoted fields too) and
/// ends the text with one, so the csv reader's line count is the count of line ends.
struct LineEnds<R> {
    inner: R,
    pending_cr: bool,
    last: Option<u8>,
    done: bool,
}

impl<R: BufRead> Read for LineEnds<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let mut j = 0;
        while j < out.len() {
            let buf = self.inner.fill_buf()?;
            if buf.is_empty() {
                let end = self.pending_cr || (!self.done && self.last.is_some_and(|b| b != b'\n'));
                self.pending_cr = false;
                self.done = true;
                if end && let Some(o) = out.get_mut(j) {
                    *o = b'\n';
                    j += 1;
                    self.last = Some(b'\n');
                }
                break;
            }
            let mut i = 0;
            while i < buf.len() && j < out.len() {
                if self.pending_cr {
                    self.pending_cr = false;
                    if let Some(o) = out.get_mut(j) {
                        *o = b'\n';
                    }
                    j += 1;
                    self.last = Some(b'\n');
                    if buf.get(i) == Some(&b'\n') {
                        i += 1;
                    }
                    continue;
                }
                let rest = buf.get(i..).unwrap_or_default();
                let room = out.len() - j;
                let upto = rest.iter().take(room).position(|&b| b == b'\r');
                let n = upto.unwrap_or(rest.len().min(room));
                if let (Some(dst), Some(src)) = (out.get_mut(j..j + n), rest.get(..n)) {
                    dst.copy_from_slice(src);
                    if let Some(&b) = src.last() {
                        self.last = Some(b);
                    }
                }
                i += n;
                j += n;
                if upto.is_some() {
                    self.pending_cr = true;
                    i += 1;
                }
            }
            self.inner.consume(i);
            if j > 0 {
                break;
            }
        }
        Ok(j)
    }
}

/// A CSV file read record by record, each with its row as a spreadsheet shows it.
pub(super) struct CsvStream {
    reader: csv::Reader<LineEnds<BufReader<std::fs::File>>>,
    record: csv::ByteRecord,
    /// Line breaks inside the quoted fields of the records read so far.
    inner_breaks: u64,
    path: std::path::PathBuf,
    delimiter: u8,
    /// Fields of the header record (0 before it is read).
    width: usize,
}

impl CsvStream {
    /// Opens `path`: UTF-8 with or without BOM (a UTF-16 file is refused: save as CSV
    /// UTF-8), Excel's `sep=` line honoured, else the delimiter of the first line.
    pub(super) fn open(path: &Path) -> Result<CsvStream> {
        let file = std::fs::File::open(path).map_err(|e| Error::read(path, e))?;
        let mut inner = BufReader::with_capacity(BUFFER, file);
        let head = inner.fill_buf().map_err(|e| Error::read(path, e))?;
        if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
            return Err(grid::at_help(
                path,
                Place::File,
                "this CSV file is UTF-16 (Excel's \"Unicode text\"); metric files are read as UTF-8".into(),
                "save it as \"CSV UTF-8\" from Excel",
            ));
        }
        if grid::looks_like_utf16(head) {
            return Err(grid::at_help(
                path,
                Place::File,
                "this CSV file looks like UTF-16 text without a byte-order mark; metric files are read as UTF-8".into(),
                "save it as \"CSV UTF-8\" from Excel",
            ));
        }
        if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
            inner.consume(3);
        }
        let head = inner.fill_buf().map_err(|e| Error::read(path, e))?;
        // The first line (up to the buffer's size) tells the delimiter or is `sep=`.
        let first_end = head
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .unwrap_or(head.len());
        let first = String::from_utf8_lossy(head.get(..first_end).unwrap_or_default()).into_owned();
        let (_, hint) = grid::split_sep_line(&first);
        let delimiter = match hint {
            Some(d) => {
                let mut skip = first_end;
                if head.get(skip) == Some(&b'\r') {
                    skip += 1;
                }
                if head.get(skip) == Some(&b'\n') {
                    skip += 1;
                }
                inner.consume(skip);
                let head = inner.fill_buf().map_err(|e| Error::read(path, e))?;
                let _ = head;
                d
            }
            None => grid::detect_delimiter(&first),
        };
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .buffer_capacity(BUFFER)
            .from_reader(LineEnds {
                inner,
                pending_cr: false,
                last: None,
                done: false,
            });
        Ok(CsvStream {
            reader,
            record: csv::ByteRecord::new(),
            inner_breaks: 0,
            path: path.to_path_buf(),
            delimiter,
            width: 0,
        })
    }

    /// The next record's 1-based spreadsheet row (its fields in [`CsvStream::field`]),
    /// `None` at the end. A field holding lines that look like whole rows is an error at the
    /// quote that swallowed them ([`grid::OpenQuote`]).
    pub(super) fn next(&mut self) -> Result<Option<u64>> {
        // The line the record starts on, less the breaks inside earlier quoted fields: its
        // row when the record has no line end of its own (a quote open to the end).
        let start = self
            .reader
            .position()
            .line()
            .saturating_sub(self.inner_breaks);
        let read = self
            .reader
            .read_byte_record(&mut self.record)
            .map_err(|e| {
                let row = e.position().map_or(0, |p| p.line());
                Error::at(
                    &self.path,
                    Place::Csv { row, col: 0 },
                    format!("this CSV row cannot be read: {e}"),
                )
            })?;
        if !read {
            return Ok(None);
        }
        let breaks = self
            .record
            .as_slice()
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        // Lines after the record, less its own breaks and terminator, less the breaks of
        // the quoted fields before it (each such record is still one row).
        let line_after = self.reader.position().line();
        let row = line_after.saturating_sub(breaks + 1 + self.inner_breaks);
        self.inner_breaks += breaks;
        if self.width == 0 {
            self.width = self.record.len();
        }
        if breaks > 0 {
            for (c, f) in self.record.iter().enumerate() {
                let col = u32::try_from(c).unwrap_or(u32::MAX);
                if let Some(open) =
                    grid::OpenQuote::swallowing(f, self.delimiter, self.width, row.max(start), col)
                {
                    return Err(open.error(&self.path));
                }
            }
        }
        Ok(Some(row))
    }

    /// Field `col` of the current record, trimmed; `None` when absent or blank.
    pub(super) fn field(&self, col: u32) -> Option<&[u8]> {
        let f = self.record.get(usize::try_from(col).ok()?)?.trim_ascii();
        (!f.is_empty()).then_some(f)
    }

    /// The current record as a sparse grid row with 0-based `index` (text cells).
    pub(super) fn row(&self, index: u32) -> std::result::Result<Row, u32> {
        let mut cells = Vec::new();
        for (c, f) in self.record.iter().enumerate() {
            let col = u32::try_from(c).unwrap_or(u32::MAX);
            let text = std::str::from_utf8(f).map_err(|_| col)?;
            if !text.trim().is_empty() {
                cells.push((col, grid::text_value(text)));
            }
        }
        Ok(Row { index, cells })
    }
}

/// A grid of one CSV file with no rows: what messages need to place a cell.
fn place_grid(path: &Path, rows: Vec<Row>) -> Grid {
    Grid {
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        rows,
        csv: true,
        uncalculated: Vec::new(),
        hidden_rows: Vec::new(),
        merged: Vec::new(),
        recalc_on_open: false,
        notes: Vec::new(),
    }
}

/// The header record and its grid; `None` (reported) when the file is empty or not UTF-8.
fn header(stream: &mut CsvStream, path: &Path, sink: &mut Sink<'_>) -> Result<Option<Grid>> {
    let Some(row) = stream.next()? else {
        sink.error(Place::File, "the file is empty: no header row".into(), None);
        return Ok(None);
    };
    let index = u32::try_from(row.saturating_sub(1)).unwrap_or(u32::MAX);
    match stream.row(index) {
        Ok(r) => Ok(Some(place_grid(path, vec![r]))),
        Err(col) => {
            sink.error(
                Place::Csv { row, col },
                "this header is not UTF-8 text".into(),
                Some("save the file as \"CSV UTF-8\"".into()),
            );
            Ok(None)
        }
    }
}

/// What a rating feed is: its metric's name and answer range.
#[derive(Debug, Clone, Copy)]
pub(super) struct RatingSpec {
    /// Metric name in messages.
    pub metric: &'static str,
    /// Lowest answer.
    pub min: i64,
    /// Highest answer.
    pub max: i64,
}

/// One distinct raw (channel, segment, stage) of a feed: its key, or why its stage is not
/// one of the journey's (message, help).
type Group = std::result::Result<RatingKey, (String, Option<String>)>;

/// Counts of skipped and doubtful rows, reported once each.
#[derive(Default)]
struct Skipped {
    blank: u64,
    not_applicable: u64,
    bad_dates: u64,
    first_bad_date: Option<Place>,
}

/// Reads a rating feed streaming: counts per group, each stage's most telling comment.
pub(super) fn rating_feed(
    path: &Path,
    spec: RatingSpec,
    opts: &ReadOptions,
    sink: &mut Sink<'_>,
) -> Result<Option<RatingFeed>> {
    let mut stream = CsvStream::open(path)?;
    let Some(head) = header(&mut stream, path, sink)? else {
        return Ok(None);
    };
    let Some((_, cols)) = metric_columns(&head, RATING_COLS, sink) else {
        return Ok(None);
    };
    let at = |i: usize| cols.get(i).copied().flatten();
    let [score, channel, segment, date, comment, stage] = [0, 1, 2, 3, 4, 5].map(at);
    let Some(score) = score else { return Ok(None) };
    let stage = stage.filter(|&c| journey_given(&head, c, opts, sink));
    let mut scale = AnswerScale::numeric(spec.min, spec.max);
    scale
        .not_applicable
        .extend(opts.not_applicable.iter().map(|t| normalize(t)));
    let expected = scale.expected();
    let min = i32::try_from(spec.min).unwrap_or(0);
    let max = i32::try_from(spec.max).unwrap_or(0);
    let width = usize::try_from(spec.max - spec.min + 1).unwrap_or(0);
    let mut index: HashMap<Vec<u8>, usize> = HashMap::new();
    let mut groups: Vec<(Group, Vec<u64>)> = Vec::new();
    let mut comments: BTreeMap<String, StageComment> = BTreeMap::new();
    let mut key = Vec::new();
    let mut skipped = Skipped::default();
    let place = |row: u64, col: u32| Place::Csv { row, col };
    while let Some(row) = stream.next()? {
        let value = match stream.field(score) {
            None => {
                skipped.blank += 1;
                continue;
            }
            Some(f) => match quick_score(f, spec) {
                Some(v) => v,
                None => match slow_score(f, &scale) {
                    Parsed::Value(v) => v,
                    Parsed::Blank => {
                        skipped.blank += 1;
                        continue;
                    }
                    Parsed::NotApplicable => {
                        skipped.not_applicable += 1;
                        continue;
                    }
                    Parsed::Bad(msg) => {
                        sink.error(
                            place(row, score),
                            format!("score: {msg}"),
                            Some(format!("expected {expected}")),
                        );
                        continue;
                    }
                },
            },
        };
        key.clear();
        for c in [channel, segment, stage] {
            if let Some(f) = c.and_then(|c| stream.field(c)) {
                key.extend_from_slice(f);
            }
            key.push(0x1F);
        }
        let g = match index.get(key.as_slice()) {
            Some(&g) => g,
            None => {
                if groups.len() >= MAX_GROUPS {
                    sink.error(
                        place(row, channel.or(segment).or(stage).unwrap_or(score)),
                        format!("more than {MAX_GROUPS} different channel, segment and stage combinations, more than nudj reads"),
                        Some("check the channel, segment and stage columns hold categories, not free text".into()),
                    );
                    break;
                }
                let text = |c: Option<u32>| {
                    c.and_then(|c| stream.field(c))
                        .map(|f| String::from_utf8_lossy(f).trim().to_string())
                        .filter(|s| !s.is_empty())
                };
                let group = match text(stage).map(|s| resolve_stage(&s, &opts.journey)) {
                    Some(Err(e)) => Err(e),
                    found => Ok(RatingKey {
                        channel: text(channel),
                        segment: text(segment),
                        stage: found.and_then(|r| r.ok()).map(str::to_string),
                    }),
                };
                index.insert(key.clone(), groups.len());
                groups.push((group, vec![0; width]));
                groups.len() - 1
            }
        };
        let Some((group, counts)) = groups.get_mut(g) else {
            continue;
        };
        let stage_id = match group {
            Ok(k) => k.stage.as_deref(),
            Err((msg, help)) => {
                sink.error(
                    place(row, stage.unwrap_or(score)),
                    msg.clone(),
                    help.clone(),
                );
                continue;
            }
        };
        let v = i32::try_from(value).unwrap_or(min);
        if let Some(c) = usize::try_from(v - min)
            .ok()
            .and_then(|i| counts.get_mut(i))
        {
            *c += 1;
        }
        if let (Some(id), Some(text)) = (stage_id, comment.and_then(|c| stream.field(c))) {
            let best = comments.remove(id);
            let mut best = best;
            StageComment::keep(&mut best, &String::from_utf8_lossy(text), v, || {
                place(row, comment.unwrap_or(score))
            });
            if let Some(b) = best {
                comments.insert(id.to_string(), b);
            }
        }
        if let Some(d) = date.and_then(|c| stream.field(c).map(|f| (c, f))) {
            check_date(d.1, place(row, d.0), opts, &mut skipped);
        }
    }
    report_skipped(&skipped, spec, sink);
    let mut counts = RatingCounts::new(min, max);
    for (group, c) in groups {
        if let Ok(k) = group {
            for (v, n) in (min..).zip(c) {
                if n > 0 {
                    counts.add(k.clone(), v, n);
                }
            }
        }
    }
    Ok(Some(RatingFeed {
        file: path.to_path_buf(),
        counts,
        stage_comments: comments,
    }))
}

/// A score of one or two ASCII digits within the range, the common case, without parsing.
fn quick_score(f: &[u8], spec: RatingSpec) -> Option<i64> {
    let v = match f {
        [a] if a.is_ascii_digit() => i64::from(a - b'0'),
        [a, b] if a.is_ascii_digit() && b.is_ascii_digit() && *a != b'0' => {
            i64::from(a - b'0') * 10 + i64::from(b - b'0')
        }
        _ => return None,
    };
    (spec.min..=spec.max).contains(&v).then_some(v)
}

/// Any other score cell, read as the sheets read theirs.
fn slow_score(f: &[u8], scale: &AnswerScale) -> Parsed {
    match std::str::from_utf8(f) {
        Ok(t) => scale.parse(&Value::Text(t.to_string())),
        Err(_) => Parsed::Bad("the cell is not UTF-8 text".into()),
    }
}

/// A `date` cell: dates are not used in the scores; unreadable or implausible ones are
/// counted and warned about once.
fn check_date(f: &[u8], place: Place, opts: &ReadOptions, skipped: &mut Skipped) {
    let text = String::from_utf8_lossy(f);
    let ok = match super::parse::date(&Value::Text(text.into_owned())) {
        Ok(d) => super::metrics::implausible_date(&d, opts).is_none(),
        Err(_) => false,
    };
    if !ok {
        skipped.bad_dates += 1;
        skipped.first_bad_date.get_or_insert(place);
    }
}

fn report_skipped(s: &Skipped, spec: RatingSpec, sink: &mut Sink<'_>) {
    if s.blank > 0 {
        sink.warn(
            Place::File,
            format!("{} row(s) without a score skipped", s.blank),
        );
    }
    if s.not_applicable > 0 {
        sink.warn(
            Place::File,
            format!("{} not-applicable score(s) skipped", s.not_applicable),
        );
    }
    if let Some(first) = &s.first_bad_date {
        sink.warn(
            first.clone(),
            format!(
                "{} {} date(s) cannot be read as YYYY-MM-DD or lie more than 10 years before or a year after the assessment date (the first is here); kept, dates are not used in the scores",
                s.bad_dates, spec.metric
            ),
        );
    }
}

/// Reads a KPIs feed streaming (its rows are the result, so they are kept).
pub(super) fn kpi_feed(
    path: &Path,
    opts: &ReadOptions,
    sink: &mut Sink<'_>,
) -> Result<Option<Vec<KpiRow>>> {
    use super::kpis::{KPI_COLS, KpiCols, check_series, kpi_row};
    let mut stream = CsvStream::open(path)?;
    let Some(head) = header(&mut stream, path, sink)? else {
        return Ok(None);
    };
    let Some((_, found)) = metric_columns(&head, KPI_COLS, sink) else {
        return Ok(None);
    };
    let mut cols = KpiCols::from_found(&found);
    cols.stage = cols.stage.filter(|&c| journey_given(&head, c, opts, sink));
    let grid = place_grid(path, Vec::new());
    let mut out = Vec::new();
    while let Some(row) = stream.next()? {
        let index = u32::try_from(row.saturating_sub(1)).unwrap_or(u32::MAX);
        let r = match stream.row(index) {
            Ok(r) if r.cells.is_empty() => continue,
            Ok(r) => r,
            Err(col) => {
                sink.error(
                    Place::Csv { row, col },
                    "this cell is not UTF-8 text".into(),
                    None,
                );
                continue;
            }
        };
        if let Some(k) = kpi_row(&grid, &r, &cols, &|_, _| false, opts, sink) {
            out.push(k);
        }
    }
    check_series(&mut out, &cols, sink);
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows_of(text: &str) -> Vec<(u64, String)> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.csv");
        std::fs::write(&p, text).unwrap();
        let mut s = CsvStream::open(&p).unwrap();
        let mut out = Vec::new();
        while let Some(r) = s.next().unwrap() {
            let f = s.field(0).map(|f| String::from_utf8_lossy(f).into_owned());
            out.push((r, f.unwrap_or_default()));
        }
        out
    }

    #[test]
    fn rows_are_numbered_as_the_grid_reader_numbers_them() {
        let want = |rows: &[(u64, &str)]| -> Vec<(u64, String)> {
            rows.iter().map(|(r, s)| (*r, s.to_string())).collect()
        };
        let expected = want(&[(1, "id"), (2, "R1"), (3, "R2"), (5, "R3")]);
        for eol in ["\n", "\r\n", "\r"] {
            let text = ["id,q", "R1,4", "R2,3", "", "R3,5", ""].join(eol);
            assert_eq!(rows_of(&text), expected, "{eol:?}");
            // No line end after the last row.
            let text = ["id,q", "R1,4", "R2,3", "", "R3,5"].join(eol);
            assert_eq!(rows_of(&text), expected, "{eol:?} unterminated");
        }
        let text = "id,c\r\nR1,\"line one\r\nline two\r\n\r\nline four\"\r\nR2,\"a \"\"quoted\"\"\nword\"\r\nR3,x\r\n";
        assert_eq!(
            rows_of(text),
            want(&[(1, "id"), (2, "R1"), (3, "R2"), (4, "R3")])
        );
        // Excel's sep= line is skipped; rows count from the header.
        let text = "\u{feff}sep=;\r\nid;q\r\nR1;4\r\n";
        assert_eq!(rows_of(text), want(&[(1, "id"), (2, "R1")]));
    }

    #[test]
    fn quick_scores_agree_with_the_scale() {
        let spec = RatingSpec {
            metric: "NPS",
            min: 0,
            max: 10,
        };
        let scale = AnswerScale::numeric(0, 10);
        for t in ["0", "7", "10", "11", "05", "x", "٩", "10 (x)"] {
            let quick = quick_score(t.as_bytes(), spec);
            let slow = match slow_score(t.as_bytes(), &scale) {
                Parsed::Value(v) => Some(v),
                _ => None,
            };
            if let Some(q) = quick {
                assert_eq!(Some(q), slow, "{t}");
            }
        }
        assert_eq!(quick_score(b"11", spec), None);
        assert_eq!(quick_score(b"05", spec), None);
    }
}
