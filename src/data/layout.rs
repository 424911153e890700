//! Survey tools' export layouts, recognised from the header row and the rows under it:
//! Qualtrics (question texts and `{"ImportId":…}` rows under the headers), Google Forms,
//! Microsoft Forms and SurveyMonkey (their metadata columns). What is recognised is said in
//! one info line; metadata columns are ignored without a warning each, and their personal
//! ones (names, e-mail, IP address, location) are never read. See docs/workbook-format.md.

use std::collections::BTreeMap;

use super::grid::{Grid, Row, Value};
use super::parse::normalize;

/// A survey tool whose exports nudj recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tool {
    Qualtrics,
    GoogleForms,
    MicrosoftForms,
    SurveyMonkey,
}

impl Tool {
    /// The tool's name as its users know it.
    pub(super) fn name(self) -> &'static str {
        match self {
            Tool::Qualtrics => "Qualtrics",
            Tool::GoogleForms => "Google Forms",
            Tool::MicrosoftForms => "Microsoft Forms",
            Tool::SurveyMonkey => "SurveyMonkey",
        }
    }

    /// The tool's metadata columns: `(header, personal?)`, compared normalised.
    fn metadata(self) -> &'static [(&'static str, bool)] {
        match self {
            Tool::Qualtrics => QUALTRICS,
            Tool::GoogleForms => GOOGLE_FORMS,
            Tool::MicrosoftForms => MICROSOFT_FORMS,
            Tool::SurveyMonkey => SURVEYMONKEY,
        }
    }
}

const QUALTRICS: &[(&str, bool)] = &[
    ("StartDate", false),
    ("EndDate", false),
    ("Status", false),
    ("IPAddress", true),
    ("Progress", false),
    ("Duration (in seconds)", false),
    ("Finished", false),
    ("RecordedDate", false),
    ("ResponseId", false),
    ("RecipientLastName", true),
    ("RecipientFirstName", true),
    ("RecipientEmail", true),
    ("ExternalReference", true),
    ("ExternalDataReference", true),
    ("LocationLatitude", true),
    ("LocationLongitude", true),
    ("DistributionChannel", false),
    ("UserLanguage", false),
    ("Q_RecaptchaScore", false),
    ("Q_RelevantIDDuplicate", false),
    ("Q_RelevantIDDuplicateScore", false),
    ("Q_RelevantIDFraudScore", false),
    ("Q_RelevantIDLastStartDate", false),
];

const GOOGLE_FORMS: &[(&str, bool)] = &[
    ("Timestamp", false),
    ("طابع زمني", false),
    ("الطابع الزمني", false),
    ("Email Address", true),
    ("Email", true),
    ("عنوان البريد الإلكتروني", true),
    ("البريد الإلكتروني", true),
    ("Score", false),
    ("النتيجة", false),
];

const MICROSOFT_FORMS: &[(&str, bool)] = &[
    ("Id", false),
    ("ID", false),
    ("المعرف", false),
    ("Start time", false),
    ("وقت البدء", false),
    ("Completion time", false),
    ("وقت الإكمال", false),
    ("وقت الانتهاء", false),
    ("Email", true),
    ("البريد الإلكتروني", true),
    ("Name", true),
    ("الاسم", true),
    ("Last modified time", false),
    ("وقت آخر تعديل", false),
    ("Total points", false),
    ("Quiz feedback", false),
];

const SURVEYMONKEY: &[(&str, bool)] = &[
    ("Collector ID", false),
    ("Start Date", false),
    ("End Date", false),
    ("IP Address", true),
    ("Email Address", true),
    ("First Name", true),
    ("Last Name", true),
    ("Custom Data 1", true),
];

/// What was recognised of a survey tool's layout.
#[derive(Debug, Default)]
pub(super) struct Layout {
    /// The tool, when recognised.
    pub tool: Option<Tool>,
    /// Metadata columns → (header, personal?): ignored without a warning each.
    pub metadata: BTreeMap<u32, (String, bool)>,
    /// Rows under the headers that are part of the export's header block (Qualtrics' question
    /// texts and import ids): skipped.
    pub skip_rows: Vec<u32>,
    /// Other header texts per column (Qualtrics' question texts and SurveyMonkey's matrix
    /// statements in row 2), tried when the header in row 1 matches no question, segment or
    /// comment column, or is blank (a SurveyMonkey matrix header merged across columns).
    pub alt_headers: BTreeMap<u32, String>,
}

/// Recognises the export layout from the header row `head` of `grid`.
pub(super) fn recognise(grid: &Grid, head: &Row) -> Layout {
    let keys: Vec<(u32, String, String)> = head
        .cells
        .iter()
        .map(|(c, v)| {
            let text = v.display().trim().to_string();
            (*c, normalize(&text), text)
        })
        .collect();
    let has = |h: &str| keys.iter().any(|(_, k, _)| *k == normalize(h));
    let first_is = |hs: &[&str]| {
        keys.first()
            .is_some_and(|(_, k, _)| hs.iter().any(|h| normalize(h) == *k))
    };
    let under: Vec<&Row> = grid
        .rows
        .iter()
        .skip_while(|r| r.index <= head.index)
        .take(2)
        .collect();
    let import_row = under.iter().position(|r| is_import_id_row(r));
    let tool =
        if import_row.is_some() || has("ResponseId") || (has("StartDate") && has("RecordedDate")) {
            Some(Tool::Qualtrics)
        } else if first_is(&["Timestamp", "طابع زمني", "الطابع الزمني"]) {
            Some(Tool::GoogleForms)
        } else if (has("Start time") && has("Completion time"))
            || (has("وقت البدء") && (has("وقت الإكمال") || has("وقت الانتهاء")))
        {
            Some(Tool::MicrosoftForms)
        } else if has("Collector ID") {
            Some(Tool::SurveyMonkey)
        } else {
            None
        };
    let mut layout = Layout {
        tool,
        ..Layout::default()
    };
    let Some(tool) = tool else {
        return layout;
    };
    for (col, key, text) in &keys {
        if let Some((_, personal)) = tool.metadata().iter().find(|(h, _)| normalize(h) == *key) {
            layout.metadata.insert(*col, (text.clone(), *personal));
        }
    }
    match tool {
        Tool::Qualtrics => qualtrics_rows(&mut layout, &under, import_row),
        Tool::SurveyMonkey => surveymonkey_rows(&mut layout, &under),
        _ => {}
    }
    layout
}

/// SurveyMonkey's expanded export has a second header row: `Response` (`Open-Ended
/// Response`) under a single question and, under a matrix question (whose row-1 header is
/// merged across its statements' columns, so blank but for the first), each statement's
/// text. It is the row under the headers whose `Collector ID` cell is blank (every response
/// has one). It is skipped, and its texts become other names for their columns, so a matrix
/// column is named by its statement.
fn surveymonkey_rows(layout: &mut Layout, under: &[&Row]) {
    let Some(collector) = layout.metadata_col("Collector ID") else {
        return;
    };
    let Some(row) = under
        .first()
        .filter(|r| r.get(collector).is_none_or(Value::is_blank))
    else {
        return;
    };
    layout.skip_rows.push(row.index);
    for (c, v) in &row.cells {
        let text = v.display().trim().to_string();
        let key = normalize(&text);
        if !layout.metadata.contains_key(c)
            && !text.is_empty()
            && key != "response"
            && key != "open-ended response"
        {
            layout.alt_headers.insert(*c, text);
        }
    }
}

/// Qualtrics puts the question texts in row 2 and, in current exports, `{"ImportId":…}` in
/// row 3: both are skipped, and the texts become other names for their columns.
fn qualtrics_rows(layout: &mut Layout, under: &[&Row], import_row: Option<usize>) {
    let texts = match import_row {
        Some(i) => {
            layout
                .skip_rows
                .extend(under.iter().take(i + 1).map(|r| r.index));
            if i >= 1 { under.first() } else { None }
        }
        // Legacy exports: the question texts without an import-id row. Recognised by the
        // metadata columns' own labels (`Response ID`, `Start Date`) under their headers.
        None => under.first().filter(|r| {
            r.cells.iter().any(|(_, v)| {
                matches!(
                    normalize(&v.display()).as_str(),
                    "response id" | "start date" | "end date" | "recorded date"
                )
            })
        }),
    };
    if let Some(row) = texts {
        if import_row.is_none() {
            layout.skip_rows.push(row.index);
        }
        for (c, v) in &row.cells {
            if !layout.metadata.contains_key(c) {
                layout
                    .alt_headers
                    .insert(*c, v.display().trim().to_string());
            }
        }
    }
}

/// Is `row` Qualtrics' import-id row: some cell holds `{"ImportId":…}` JSON?
fn is_import_id_row(row: &Row) -> bool {
    row.cells.iter().any(|(_, v)| {
        let t = v.display();
        let t = t.trim();
        t.starts_with('{') && t.contains("\"ImportId\"")
    })
}

impl Layout {
    /// The one info line saying what was recognised and skipped, when anything was.
    pub(super) fn describe(&self) -> Option<String> {
        let tool = self.tool?;
        let mut parts = vec![format!("read as a {} export", tool.name())];
        let meta: Vec<&str> = self
            .metadata
            .values()
            .filter(|(_, p)| !p)
            .map(|(h, _)| h.as_str())
            .collect();
        if !meta.is_empty() {
            parts.push(format!(
                "its metadata columns ignored ({})",
                meta.join(", ")
            ));
        }
        let personal: Vec<&str> = self
            .metadata
            .values()
            .filter(|(_, p)| *p)
            .map(|(h, _)| h.as_str())
            .collect();
        if !personal.is_empty() {
            parts.push(format!(
                "personal columns never read ({})",
                personal.join(", ")
            ));
        }
        Some(parts.join("; "))
    }

    /// The warning for the rows skipped under the headers, when any were.
    pub(super) fn skipped_rows(&self) -> Option<String> {
        let tool = self.tool?;
        let rows: Vec<String> = self
            .skip_rows
            .iter()
            .map(|r| (u64::from(*r) + 1).to_string())
            .collect();
        match rows.as_slice() {
            [] => None,
            [one] if tool == Tool::SurveyMonkey => Some(format!(
                "row {one} is the SurveyMonkey export's second header row (`Response` and the matrix questions' statements); skipped"
            )),
            [one] => Some(format!(
                "row {one} holds the {} export's question texts; skipped",
                tool.name()
            )),
            _ => Some(format!(
                "rows {} hold the {} export's question texts and import ids; skipped",
                rows.join(" and "),
                tool.name()
            )),
        }
    }
}

/// Qualtrics `Status` values of rows that are no respondent's: the designer's previews, the
/// generated test responses and those flagged as spam, written as text or (with "use numeric
/// values") as their codes. Compared normalised.
const NOT_RESPONDENTS: &[(&str, &str)] = &[
    ("survey preview", "1"),
    ("survey test", "2"),
    ("spam", "8"),
    ("preview spam", "9"),
];

impl Layout {
    /// The column of metadata header `name` (compared normalised), if the export has it.
    fn metadata_col(&self, name: &str) -> Option<u32> {
        let key = normalize(name);
        self.metadata
            .iter()
            .find(|(_, (h, _))| normalize(h) == key)
            .map(|(c, _)| *c)
    }

    /// The `Status` of a Qualtrics row that is no respondent's (a preview, a test response,
    /// spam), as written in the row; `None` for a response, or another tool.
    pub(super) fn not_a_respondent(&self, row: &Row) -> Option<String> {
        if self.tool != Some(Tool::Qualtrics) {
            return None;
        }
        let v = row.get(self.metadata_col("Status")?)?;
        let text = v.display().trim().to_string();
        let key = normalize(&text);
        NOT_RESPONDENTS
            .iter()
            .any(|(name, code)| key == *name || key == *code)
            .then_some(text)
    }

    /// The export's e-mail column (a personal metadata column: its values are compared by
    /// hash to confirm a double submission, never kept).
    pub(super) fn email_col(&self) -> Option<u32> {
        self.metadata
            .iter()
            .find(|(_, (h, personal))| {
                let k = normalize(h);
                *personal && (k.contains("email") || k.contains("البريد"))
            })
            .map(|(c, _)| *c)
    }

    /// Is this a Qualtrics row whose `Finished` says the response was not finished (`False`,
    /// `0`): a partial response, recorded when the respondent left or the survey closed?
    pub(super) fn unfinished(&self, row: &Row) -> bool {
        if self.tool != Some(Tool::Qualtrics) {
            return false;
        }
        let Some(v) = self.metadata_col("Finished").and_then(|c| row.get(c)) else {
            return false;
        };
        match v {
            Value::Bool(b) => !b,
            Value::Number(n) => *n == 0.0,
            other => matches!(normalize(&other.display()).as_str(), "false" | "0"),
        }
    }
}

/// Other names a header may carry for a question: the statement of a Google Forms grid
/// (`Question [Statement]`) and of a Qualtrics matrix (`Question - Statement`).
pub(super) fn header_variants(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let t = text.trim();
    if let Some(inner) = t
        .strip_suffix(']')
        .and_then(|r| r.rfind('[').map(|i| r.get(i + 1..).unwrap_or("")))
    {
        out.push(inner.trim().to_string());
    }
    if let Some((_, statement)) = t.rsplit_once(" - ") {
        out.push(statement.trim().to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid {
            name: "Sheet1".into(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, cells)| Row {
                    index: i as u32,
                    cells: cells
                        .iter()
                        .enumerate()
                        .filter(|(_, t)| !t.is_empty())
                        .map(|(c, t)| (c as u32, Value::Text((*t).into())))
                        .collect(),
                })
                .collect(),
            csv: false,
            uncalculated: Vec::new(),
            hidden_rows: Vec::new(),
            merged: Vec::new(),
            recalc_on_open: false,
            notes: Vec::new(),
        }
    }

    #[test]
    fn qualtrics_header_block_and_metadata() {
        let g = grid(&[
            &[
                "StartDate",
                "IPAddress",
                "ResponseId",
                "RecipientEmail",
                "Q1",
            ],
            &[
                "Start Date",
                "IP Address",
                "Response ID",
                "Recipient Email",
                "We act on feedback.",
            ],
            &[
                "{\"ImportId\":\"startDate\"}",
                "{\"ImportId\":\"ipAddress\"}",
                "{\"ImportId\":\"_recordId\"}",
                "{\"ImportId\":\"recipientEmail\"}",
                "{\"ImportId\":\"QID1\"}",
            ],
            &["2026-01-01", "10.0.0.1", "R_1", "a@b.c", "4"],
        ]);
        let l = recognise(&g, &g.rows[0]);
        assert_eq!(l.tool, Some(Tool::Qualtrics));
        assert_eq!(l.skip_rows, vec![1, 2]);
        assert_eq!(
            l.alt_headers.get(&4).map(String::as_str),
            Some("We act on feedback.")
        );
        assert_eq!(l.metadata.len(), 4);
        assert_eq!(l.metadata.get(&1), Some(&("IPAddress".to_string(), true)));
        let line = l.describe().unwrap_or_default();
        assert!(
            line.starts_with(
                "read as a Qualtrics export; its metadata columns ignored (StartDate, ResponseId)"
            ),
            "{line}"
        );
        assert_eq!(
            l.skipped_rows().as_deref(),
            Some("rows 2 and 3 hold the Qualtrics export's question texts and import ids; skipped")
        );
        assert!(
            line.contains("personal columns never read (IPAddress, RecipientEmail)"),
            "{line}"
        );
    }

    #[test]
    fn forms_are_recognised_by_their_columns() {
        let g = grid(&[&["Timestamp", "Email Address", "V1"], &["x", "a@b.c", "4"]]);
        let l = recognise(&g, &g.rows[0]);
        assert_eq!(l.tool, Some(Tool::GoogleForms));
        assert_eq!(
            l.metadata.get(&1),
            Some(&("Email Address".to_string(), true))
        );
        assert!(l.skip_rows.is_empty());
        let g = grid(&[&["طابع زمني", "عنوان البريد الإلكتروني", "V1"]]);
        assert_eq!(recognise(&g, &g.rows[0]).tool, Some(Tool::GoogleForms));
        let g = grid(&[&["Id", "Start time", "Completion time", "Email", "Name", "V1"]]);
        let l = recognise(&g, &g.rows[0]);
        assert_eq!(l.tool, Some(Tool::MicrosoftForms));
        assert_eq!(l.metadata.len(), 5);
        let g = grid(&[&["respondent", "V1"]]);
        assert_eq!(recognise(&g, &g.rows[0]).tool, None);
    }

    #[test]
    fn surveymonkey_second_header_row_names_matrix_columns() {
        let g = grid(&[
            &["Respondent ID", "Collector ID", "Dept", "Agree?", "", ""],
            &["", "", "Response", "S1", "S2", "S3"],
            &["114", "431", "Sales", "4", "3", "2"],
        ]);
        let l = recognise(&g, &g.rows[0]);
        assert_eq!(l.tool, Some(Tool::SurveyMonkey));
        assert_eq!(l.skip_rows, vec![1]);
        assert_eq!(l.alt_headers.get(&5).map(String::as_str), Some("S3"));
        assert!(!l.alt_headers.contains_key(&2), "`Response` names nothing");
        // A first data row (its Collector ID filled) is no header row.
        let g = grid(&[
            &["Respondent ID", "Collector ID", "S1"],
            &["114", "431", "4"],
        ]);
        assert!(recognise(&g, &g.rows[0]).skip_rows.is_empty());
    }

    #[test]
    fn qualtrics_status_and_finished() {
        let g = grid(&[
            &["StartDate", "Status", "Finished", "ResponseId", "Q1"],
            &["x", "Survey Preview", "True", "R_1", "4"],
            &["x", "8", "True", "R_2", "4"],
            &["x", "IP Address", "False", "R_3", "4"],
            &["x", "Imported", "0", "R_4", "4"],
        ]);
        let l = recognise(&g, &g.rows[0]);
        let status: Vec<Option<String>> = g
            .rows
            .iter()
            .skip(1)
            .map(|r| l.not_a_respondent(r))
            .collect();
        assert_eq!(
            status,
            vec![Some("Survey Preview".into()), Some("8".into()), None, None]
        );
        let unfinished: Vec<bool> = g.rows.iter().skip(1).map(|r| l.unfinished(r)).collect();
        assert_eq!(unfinished, vec![false, false, true, true]);
    }

    #[test]
    fn grid_and_matrix_statements() {
        assert_eq!(
            header_variants("How far do you agree? [We act on feedback.]"),
            vec!["We act on feedback.".to_string()]
        );
        assert_eq!(
            header_variants("Agreement - We act on feedback."),
            vec!["We act on feedback.".to_string()]
        );
        assert!(header_variants("V1").is_empty());
    }
}
