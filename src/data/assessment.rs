//! The `Assessment` sheet (`التقييم`) of an evidence-based assessment: one row per assessor
//! per question, with the rating, the evidence seen and a note; a `consensus` (`إجماع`)
//! row records the rating agreed in the consensus meeting. Ratings are read as survey
//! answers are. See docs/workbook-format.md.

use std::collections::{BTreeMap, HashMap};

use super::grid::{Grid, Row};
use super::parse::{Parsed, normalize};
use super::read::{ReadOptions, Sink, headers};
use super::responses::answer_scale;
use super::types::*;
use crate::model::Model;

/// The sheet's default names (English, Arabic).
pub const SHEET_NAMES: [&str; 2] = ["Assessment", "التقييم"];

pub use crate::model::{CONSENSUS_WORDS, is_consensus_word};

/// The columns: name, other accepted headers, required.
const COLS: [(&str, &[&str], bool); 5] = [
    ("assessor", &["المقيّم", "المقيم", "assessor name"], true),
    ("question", &["العبارة", "الممارسة", "question id"], true),
    ("rating", &["التقييم", "الدرجة", "score"], true),
    ("evidence", &["الدليل", "الأدلة"], false),
    ("note", &["ملاحظة", "ملاحظات", "notes"], false),
];
const ASSESSOR: usize = 0;
const QUESTION: usize = 1;
const RATING: usize = 2;
const EVIDENCE: usize = 3;
const NOTE: usize = 4;

/// Who gave a rating, as a key: the normalised name, or one key for every consensus word
/// (`consensus` and `إجماع` are the same meeting, so a question has one consensus row).
fn rater_key(assessor: &str) -> String {
    if is_consensus_word(assessor) {
        CONSENSUS_WORDS[0].to_string()
    } else {
        normalize(assessor)
    }
}

/// Whether an assessor cell that is not a consensus word still reads as one: it holds a
/// consensus word (`consensus meeting`, `بالإجماع`) or is within a typo of one (normalised
/// Levenshtein ≥ 0.75, the Arabic article `ال` stripped). Such a row is refused rather than
/// counted as one more rater.
fn near_consensus(name: &str) -> bool {
    let key = normalize(name);
    let bare = key.strip_prefix("ال").unwrap_or(&key);
    CONSENSUS_WORDS.iter().any(|w| {
        let w = normalize(w);
        key.contains(&w)
            || strsim::normalized_levenshtein(&key, &w) >= 0.75
            || strsim::normalized_levenshtein(bare, &w) >= 0.75
    })
}

/// Reads the rows of the `Assessment` sheet `grid`. Every bad cell is reported to `sink`.
pub(super) fn assessment(
    grid: &Grid,
    model: &Model,
    opts: &ReadOptions,
    sink: &mut Sink<'_>,
) -> Ratings {
    let mut out = Ratings {
        source: sink.file.to_path_buf(),
        sheet: grid.name.clone(),
        rows: Vec::new(),
    };
    let Some(head) = grid.rows.first() else {
        for d in grid.uncalculated_errors(sink.file, |_, _| true) {
            sink.push(d);
        }
        sink.error(
            grid.sheet_place(),
            "the assessment sheet is empty".into(),
            Some(headers_help()),
        );
        return out;
    };
    let Some(cols) = columns(grid, head, sink) else {
        return out;
    };
    let head_row = head.index;
    for d in grid.uncalculated_errors(sink.file, |r, c| r <= head_row || cols.contains(&Some(c))) {
        sink.push(d);
    }
    if sink.has_errors() {
        return out;
    }
    let mut reader = Reader::new(grid, model, opts, cols);
    for row in grid.rows.iter().skip(1) {
        if let Some(r) = reader.row(row, sink) {
            out.rows.push(r);
        }
    }
    reader.finish(&out, sink);
    out
}

fn headers_help() -> String {
    "row 1 must hold the headers assessor, question, rating, evidence, note (or المقيّم، العبارة، التقييم، الدليل، ملاحظة)".into()
}

/// Maps the header row to the five columns; `None` when a required one is missing.
fn columns(grid: &Grid, head: &Row, sink: &mut Sink<'_>) -> Option<[Option<u32>; 5]> {
    let mut found: [Option<u32>; 5] = [None; 5];
    for h in headers(head) {
        let i = COLS.iter().position(|(name, aliases, _)| {
            normalize(name) == h.key || aliases.iter().any(|a| normalize(a) == h.key)
        });
        match i.and_then(|i| found.get_mut(i)) {
            Some(slot @ None) => *slot = Some(h.col),
            Some(Some(_)) => sink.error(
                grid.place(head.index, h.col),
                format!("column `{}` appears twice", h.text),
                Some("delete or rename one of them".into()),
            ),
            None => sink.warn(
                grid.place(head.index, h.col),
                format!("column `{}` is not used; ignored", h.text),
            ),
        }
    }
    let mut ok = true;
    for ((name, _, required), f) in COLS.iter().zip(&found) {
        if *required && f.is_none() {
            ok = false;
            sink.error(
                grid.sheet_place(),
                format!("the assessment sheet has no `{name}` column"),
                Some(headers_help()),
            );
        }
    }
    ok.then_some(found)
}

/// What reading the rows keeps track of.
struct Reader<'a> {
    grid: &'a Grid,
    cols: [Option<u32>; 5],
    scale: super::parse::AnswerScale,
    /// Normalised question id → the model's id.
    ids: HashMap<String, String>,
    /// The model's question ids in model order.
    order: Vec<String>,
    /// Normalised names of the engagement's `assessors:` → as written.
    assessors: HashMap<String, String>,
    /// The engagement's `assessors:` as written, in their order (for the warning about a
    /// listed assessor without a rating row).
    listed: Vec<String>,
    /// (normalised assessor, question id) → first row.
    seen: HashMap<(String, String), u32>,
    /// Unknown assessors already warned about.
    unknown: Vec<String>,
    blank_rows: usize,
    blanks: usize,
    nas: usize,
}

impl<'a> Reader<'a> {
    fn new(grid: &'a Grid, model: &Model, opts: &ReadOptions, cols: [Option<u32>; 5]) -> Self {
        let order: Vec<String> = model
            .dimensions
            .iter()
            .flat_map(|d| d.questions.iter())
            .map(|q| q.id.value.clone())
            .collect();
        let ids = order.iter().map(|id| (normalize(id), id.clone())).collect();
        Reader {
            grid,
            cols,
            scale: answer_scale(model, opts),
            ids,
            order,
            assessors: opts
                .assessors
                .iter()
                .map(|a| (normalize(a), a.trim().to_string()))
                .collect(),
            listed: opts
                .assessors
                .iter()
                .map(|a| a.trim().to_string())
                .collect(),
            seen: HashMap::new(),
            unknown: Vec::new(),
            blank_rows: 0,
            blanks: 0,
            nas: 0,
        }
    }

    fn text(&self, row: &Row, i: usize) -> Option<String> {
        let c = self.cols.get(i).copied().flatten()?;
        row.get(c)
            .map(|v| v.display().trim().to_string())
            .filter(|s| !s.is_empty())
    }

    fn place(&self, row: &Row, i: usize) -> crate::error::Place {
        let col = self.cols.get(i).copied().flatten().unwrap_or_default();
        self.grid.place(row.index, col)
    }

    /// One data row; `None` for a blank row or a row refused (reported to `sink`).
    fn row(&mut self, row: &Row, sink: &mut Sink<'_>) -> Option<AssessorRow> {
        // A template row nobody filled holds only the question id (and perhaps the
        // assessor's name): no rating, evidence or note. It is a blank row.
        let filled = [RATING, EVIDENCE, NOTE]
            .iter()
            .filter_map(|&i| self.cols.get(i).copied().flatten())
            .any(|c| row.get(c).is_some_and(|v| !v.is_blank()));
        if !filled {
            self.blank_rows += 1;
            return None;
        }
        let assessor = self.text(row, ASSESSOR);
        let question = self.text(row, QUESTION);
        let Some(assessor) = assessor else {
            sink.error(
                self.place(row, ASSESSOR),
                "no assessor".into(),
                Some("name the assessor who gave the rating, or `consensus` (`إجماع`) for the agreed rating".into()),
            );
            return None;
        };
        let Some(qtext) = question else {
            sink.error(
                self.place(row, QUESTION),
                format!("no question id in the row of `{assessor}`"),
                Some("give the id of the question rated, e.g. the model's `GV1`".into()),
            );
            return None;
        };
        let Some(id) = self.ids.get(&normalize(&qtext)).cloned() else {
            let help = self.closest_id(&qtext).map_or_else(
                || "use the question ids of the model (`nudj template` writes them)".to_string(),
                |id| format!("did you mean `{id}`?"),
            );
            sink.error(
                self.place(row, QUESTION),
                format!("unknown question `{qtext}`"),
                Some(help),
            );
            return None;
        };
        let consensus = is_consensus_word(&assessor);
        if !consensus {
            if !self.assessors.contains_key(&normalize(&assessor)) && near_consensus(&assessor) {
                sink.error(
                    self.place(row, ASSESSOR),
                    format!("`{assessor}` looks like the consensus row but is not one of its words"),
                    Some(format!(
                        "write `consensus` or `إجماع` for the rating agreed in the meeting (accepted: {}); a rater's name goes in `assessors:`",
                        CONSENSUS_WORDS.join(", ")
                    )),
                );
                return None;
            }
            self.check_assessor(&assessor, row, sink);
        }
        let key = (rater_key(&assessor), id.clone());
        if let Some(first) = self.seen.get(&key) {
            let help = if consensus {
                "keep one consensus row per question: `consensus` and `إجماع` both name the consensus meeting"
            } else {
                "keep one row per assessor per question"
            };
            sink.error(
                self.place(row, QUESTION),
                format!(
                    "`{assessor}` rated `{id}` again (first in row {})",
                    u64::from(*first) + 1
                ),
                Some(help.into()),
            );
            return None;
        }
        self.seen.insert(key, row.index);
        let rating = self.rating(row, &assessor, &id, sink)?;
        Some(AssessorRow {
            assessor,
            consensus,
            question: id,
            rating,
            evidence: self.text(row, EVIDENCE),
            note: self.text(row, NOTE),
            place: self.place(row, RATING),
        })
    }

    fn rating(
        &mut self,
        row: &Row,
        assessor: &str,
        id: &str,
        sink: &mut Sink<'_>,
    ) -> Option<Answer> {
        let cell = self
            .cols
            .get(RATING)
            .copied()
            .flatten()
            .and_then(|c| row.get(c));
        match cell.map(|v| self.scale.parse(v)) {
            None | Some(Parsed::Blank) => {
                self.blanks += 1;
                Some(Answer::Blank)
            }
            Some(Parsed::NotApplicable) => {
                self.nas += 1;
                Some(Answer::NotApplicable)
            }
            Some(Parsed::Value(v)) => Some(Answer::Value(i32::try_from(v).unwrap_or_default())),
            Some(Parsed::Bad(msg)) => {
                sink.error(
                    self.place(row, RATING),
                    format!("rating of {id} by `{assessor}`: {msg}"),
                    Some(format!("expected {}", self.scale.expected())),
                );
                None
            }
        }
    }

    /// Checks (once per name) an assessor the engagement's `assessors:` does not list: a
    /// near-match of a listed name (normalised Levenshtein ≥ 0.5) is an error at its first
    /// cell, as it is most likely that assessor misspelt and would otherwise count as one
    /// more assessor (tester 6 F4); another name is a warning and its ratings are kept.
    fn check_assessor(&mut self, assessor: &str, row: &Row, sink: &mut Sink<'_>) {
        let k = normalize(assessor);
        if self.assessors.is_empty() || self.assessors.contains_key(&k) || self.unknown.contains(&k)
        {
            return;
        }
        self.unknown.push(k.clone());
        let best = self
            .assessors
            .iter()
            .map(|(key, shown)| (strsim::normalized_levenshtein(key, &k), shown))
            .filter(|(s, _)| *s >= 0.5)
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)));
        match best {
            Some((_, shown)) => sink.error(
                self.place(row, ASSESSOR),
                format!(
                    "assessor `{assessor}` is not in the engagement's `assessors:`; did you mean `{shown}`?"
                ),
                Some(format!(
                    "write `{shown}` in every row of `{assessor}` (a misspelt name would count as one more assessor), or add `{assessor}` to `assessors:` if it is another person"
                )),
            ),
            None => sink.warn(
                self.place(row, ASSESSOR),
                format!(
                    "assessor `{assessor}` is not in the engagement's `assessors:`; their ratings are kept"
                ),
            ),
        }
    }

    /// Warns about each assessor listed in `assessors:` with no row in the sheet: a third of
    /// the evidence may be missing, and the consensus and alpha rest on the others.
    fn unrated_assessors(&self, out: &Ratings, sheet: &crate::error::Place, sink: &mut Sink<'_>) {
        let rated: std::collections::HashSet<String> = out
            .rows
            .iter()
            .filter(|r| !r.consensus)
            .map(|r| normalize(&r.assessor))
            .collect();
        let missing: Vec<&String> = self
            .listed
            .iter()
            .filter(|a| !rated.contains(&normalize(a)))
            .collect();
        let others = self.listed.len() - missing.len();
        for name in missing {
            sink.warn(
                sheet.clone(),
                format!(
                    "assessor `{name}` is listed in the engagement's `assessors:` but has no rating row in the sheet; the scores rest on the other {others} listed assessor(s)"
                ),
            );
        }
    }

    /// The closest model question id to an unknown one (normalised Levenshtein ≥ 0.5).
    fn closest_id(&self, text: &str) -> Option<String> {
        let k = normalize(text);
        let mut all: Vec<(&String, &String)> = self.ids.iter().collect();
        all.sort();
        all.into_iter()
            .map(|(key, id)| (strsim::normalized_levenshtein(key, &k), id))
            .filter(|(s, _)| *s >= 0.5)
            .fold(None, |best: Option<(f64, &String)>, x| match best {
                Some(b) if b.0 >= x.0 => Some(b),
                _ => Some(x),
            })
            .map(|(_, id)| id.clone())
    }

    /// The warnings about what was skipped, and about questions nobody rated.
    fn finish(self, out: &Ratings, sink: &mut Sink<'_>) {
        let sheet = self.grid.sheet_place();
        for (count, what) in [
            (self.blank_rows, "blank row(s) skipped"),
            (self.nas, "not-applicable rating(s) left out"),
            (self.blanks, "blank rating(s) left out"),
        ] {
            if count > 0 {
                sink.warn(sheet.clone(), format!("{count} {what}"));
            }
        }
        self.unrated_assessors(out, &sheet, sink);
        if out.rows.is_empty() {
            if !sink.has_errors() {
                sink.error(
                    sheet,
                    "the assessment sheet has headers but no ratings".into(),
                    Some("one row per assessor per question: assessor, question id, rating".into()),
                );
            }
            return;
        }
        let mut rated: BTreeMap<&str, bool> = BTreeMap::new();
        for r in &out.rows {
            let any = r.rating.value().is_some();
            let e = rated.entry(r.question.as_str()).or_insert(false);
            *e = *e || any;
        }
        for id in &self.order {
            if !rated.get(id.as_str()).copied().unwrap_or(false) {
                sink.warn(
                    sheet.clone(),
                    format!(
                        "question `{id}` has no rating; it is left out of its dimension's score"
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_consensus_words_are_one_rater() {
        assert_eq!(rater_key("consensus"), rater_key("إجماع"));
        assert_eq!(rater_key(" Consensus "), rater_key("اجماع"));
        assert_eq!(rater_key("Huda"), rater_key(" huda"));
        assert_ne!(rater_key("Huda"), rater_key("consensus"));
        assert_ne!(rater_key("Huda"), rater_key("Omar"));
    }

    #[test]
    fn consensus_words_with_the_article_and_in_capitals_are_the_consensus_row() {
        for w in [
            "الإجماع",
            "الاجماع",
            "إجماع",
            "CONSENSUS",
            "Consensus rating",
            "agreed rating",
            "توافق",
            "التوافق",
        ] {
            assert!(is_consensus_word(w), "{w}");
            assert_eq!(rater_key(w), rater_key("consensus"), "{w}");
        }
        for w in ["Omar Khalid", "العتيبي", "consensus meeting", "ال"] {
            assert!(!is_consensus_word(w), "{w}");
        }
    }

    #[test]
    fn names_close_to_a_consensus_word_are_caught() {
        for w in [
            "consensus meeting",
            "بالإجماع",
            "Concensus",
            "اجماغ",
            "الإجماع النهائي",
        ] {
            assert!(near_consensus(w), "{w}");
        }
        for w in ["Omar Khalid", "نورة القحطاني", "John Smith", "Sara"] {
            assert!(!near_consensus(w), "{w}");
        }
    }
}
