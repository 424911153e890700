//! A consultant's engagement from start to delivery (issue 20 §3, §4, §7), through the real
//! binary on generated engagements: adapting the model never loses the client's answers or
//! the consultant's files, both languages come from one engagement, and the cover's Hijri
//! date is the official Umm al-Qura one.

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, open_workbook_auto};
use rust_xlsxwriter::{Formula, Workbook};

use crate::common::{nudj, ok, pdftotext, text};

/// A tiny deterministic generator (xorshift), so the answers are the same on every run.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

const HOSPITALS: [&str; 3] = ["مستشفى الرياض", "مستشفى جدة", "مستشفى الدمام"];

/// `nudj init acme` in `tmp`, then the engagement edited as a consultant would: client in
/// both languages, a title that names the client, a segment column with labels for the
/// English report, a comment column.
fn init(tmp: &Path, lang: &str, date: &str) -> PathBuf {
    ok(&nudj(
        tmp,
        &["init", "acme", "--lang", lang, "--date", date],
    ));
    let path = tmp.join("acme/engagement.yaml");
    let src = std::fs::read_to_string(&path).unwrap();
    let client_line = src
        .lines()
        .find(|l| l.trim_start().starts_with("name:"))
        .unwrap()
        .to_string();
    let src = src
        .replace(
            &client_line,
            "  name: {ar: مجموعة الشفاء الطبية, en: Al-Shifa Medical Group}\ntitle: {ar: تقييم نضج تجربة المريض — مجموعة الشفاء الطبية, en: Patient experience maturity — Al-Shifa Medical Group}",
        )
        .replace("# segments: [Department]", "segments: [المستشفى]")
        .replace("# comments: [Comments]", "comments: [ملاحظات]");
    let src = format!(
        "{src}labels:\n  المستشفى: Hospital\n  مستشفى الرياض: Riyadh hospital\n  مستشفى جدة: Jeddah hospital\n  مستشفى الدمام: Dammam hospital\n  الموقع الإلكتروني: Website\n  مركز الاتصال: Call centre\n"
    );
    std::fs::write(&path, src).unwrap();
    tmp.join("acme")
}

/// The model adapted: `voc` renamed `patient-voice` (صوت المريض / Patient voice), a
/// dimension `safety` (أمان المرضى / Patient safety) added with three questions, VOC-01
/// weighted 3, and NPS the only metric.
fn adapt_model(dir: &Path) {
    let path = dir.join("model.yaml");
    let src = std::fs::read_to_string(&path).unwrap();
    let renamed = src.replace(
        "  - id: voc\n    name: {ar: صوت العميل, en: Voice of the customer}",
        "  - id: patient-voice\n    name: {ar: صوت المريض, en: Patient voice}",
    );
    assert_ne!(renamed, src, "the built-in model's voc dimension moved");
    let weighted = renamed.replace(
        "      - id: VOC-01\n",
        "      - id: VOC-01\n        weight: 3\n",
    );
    assert_ne!(weighted, renamed);
    let (dims, _) = weighted.split_once("\nmetrics:").unwrap();
    let safety = "
  - id: safety
    name: {ar: أمان المرضى, en: Patient safety}
    questions:
      - id: SAF-01
        text: {ar: نبلغ عن الحوادث التي تمس أمان المرضى دون خوف من اللوم., en: We report incidents that affect patient safety without fear of blame.}
      - id: SAF-02
        text: {ar: نراجع كل حادث جسيم ونعالج أسبابه., en: We review every serious incident and fix its causes.}
        weight: 2
      - id: SAF-03
        text: {ar: نشرح للمرضى وذويهم ما حدث عند وقوع خطأ., en: We explain to patients and their families what happened when an error occurs.}
";
    std::fs::write(
        &path,
        format!("{dims}{safety}\nmetrics:\n  nps: {{target: 30}}\n"),
    )
    .unwrap();
}

/// The headers of row 1 of `sheet`.
fn headers(path: &Path, sheet: &str) -> Vec<String> {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .rows()
        .next()
        .map(|r| r.iter().map(|d| d.to_string()).collect())
        .unwrap_or_default()
}

/// Fills the template's layout as a client would: `n` respondents (answers 1-5, some N/A,
/// a hospital each, a comment for some), an NPS sheet with channels, and a sheet of the
/// client's own (text, a date, a boolean, a formula).
fn fill(template: &Path, out: &Path, n: u32, seed: u64) {
    let head = headers(template, "Responses");
    let mut rng = Rng(seed);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Responses").unwrap();
    for (c, h) in head.iter().enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    for r in 1..=n {
        for (c, h) in head.iter().enumerate() {
            let c = c as u16;
            match h.as_str() {
                "respondent" => ws.write_string(r, c, format!("R{r:03}")).map(|_| ()),
                "المستشفى" => ws.write_string(r, c, HOSPITALS[r as usize % 3]).map(|_| ()),
                "ملاحظات" if r % 4 == 0 => ws
                    .write_string(r, c, format!("  ملاحظة المشارك {r} عن الخدمة  "))
                    .map(|_| ()),
                "ملاحظات" => Ok(()),
                _ if rng.below(25) == 0 => ws.write_string(r, c, "N/A").map(|_| ()),
                _ => ws.write_number(r, c, (1 + rng.below(5)) as f64).map(|_| ()),
            }
            .unwrap();
        }
    }
    let nps = wb.add_worksheet();
    nps.set_name("NPS").unwrap();
    for (c, h) in ["score", "channel"].iter().enumerate() {
        nps.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..=n {
        nps.write_number(r, 0, rng.below(11) as f64).unwrap();
        nps.write_string(r, 1, ["الموقع الإلكتروني", "مركز الاتصال"][r as usize % 2])
            .unwrap();
    }
    let own = wb.add_worksheet();
    own.set_name("ملاحظات الفريق").unwrap();
    own.write_string(0, 0, "زيارة الموقع").unwrap();
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 10, 14).unwrap();
    let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    own.write_datetime_with_format(0, 1, &date, &fmt).unwrap();
    own.write_boolean(1, 0, true).unwrap();
    own.write_number(1, 1, 12.5).unwrap();
    own.write_formula(2, 1, Formula::new("=B2*2").set_result("25"))
        .unwrap();
    own.write_string(4, 3, "  مسافة في البداية والنهاية  ")
        .unwrap();
    wb.save(out).unwrap();
}

/// Every non-empty cell of every sheet, by sheet name, as calamine reads it.
fn cells(path: &Path) -> Vec<(String, u32, u32, Data)> {
    let mut wb = open_workbook_auto(path).unwrap();
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, row) in range.rows().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if *v != Data::Empty {
                    out.push((name.clone(), r0 + r as u32, c0 + c as u32, v.clone()));
                }
            }
        }
    }
    out
}

/// `A`, `B`, … `AA` for a 0-based column.
fn letters(mut c: u32) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, char::from(b'A' + (c % 26) as u8));
        if c < 26 {
            return s;
        }
        c = c / 26 - 1;
    }
}

/// A part of an .xlsx, or "" when there is none by that name.
fn zip_part(path: &Path, name: &str) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    if let Ok(mut part) = z.by_name(name) {
        part.read_to_string(&mut s).unwrap();
    }
    s
}

fn stdout(out: &std::process::Output) -> String {
    text(&out.stdout)
}

#[test]
fn template_update_adds_the_new_questions_and_keeps_every_answer() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = init(tmp.path(), "ar", "2026-11-01");
    ok(&nudj(
        tmp.path(),
        &[
            "template",
            "acme/engagement.yaml",
            "-o",
            "acme/responses.xlsx",
            "--force",
        ],
    ));
    let workbook = dir.join("responses.xlsx");
    let filled = tmp.path().join("filled.xlsx");
    fill(&workbook, &filled, 30, 7);
    std::fs::copy(&filled, &workbook).unwrap();
    adapt_model(&dir);

    // The stale workbook: the error says why and how to keep the answers.
    let out = nudj(tmp.path(), &["validate", "acme/engagement.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("no column for question SAF-01"), "{err}");
    assert!(
        err.contains("the workbook was made for another version of the model")
            && err.contains("nudj template ENGAGEMENT --update ")
            && err.contains("responses.xlsx` adds the new question columns and keeps every answer"),
        "{err}"
    );

    let out = nudj(
        tmp.path(),
        &[
            "template",
            "acme/engagement.yaml",
            "--update",
            "acme/responses.xlsx",
        ],
    );
    ok(&out);
    let said = stdout(&out);
    assert!(
        said.contains("added 3 question columns (SAF-01, SAF-02, SAF-03)"),
        "{said}"
    );
    assert!(said.contains("responses.before-update.xlsx"), "{said}");
    // The original is kept byte for byte beside the update.
    assert_eq!(
        std::fs::read(dir.join("responses.before-update.xlsx")).unwrap(),
        std::fs::read(&filled).unwrap()
    );
    // Every cell of every sheet the client filled is in the update, same place, same value
    // (the renamed dimension's questions keep their ids, so VOC answers stay too).
    let before = cells(&filled);
    let after = cells(&workbook);
    assert!(before.len() > 30 * 40, "{}", before.len());
    for cell in &before {
        assert!(after.contains(cell), "lost or changed: {cell:?}");
    }
    // The new questions come after the last column, with their drop-downs.
    let old_head = headers(&filled, "Responses");
    let new_head = headers(&workbook, "Responses");
    assert_eq!(new_head[..old_head.len()], old_head[..]);
    assert_eq!(&new_head[old_head.len()..], ["SAF-01", "SAF-02", "SAF-03"]);
    // The Responses sheet's part (its position among the sheets may change).
    let sheet = (1..=8)
        .map(|i| zip_part(&workbook, &format!("xl/worksheets/sheet{i}.xml")))
        .find(|x| x.contains("<dataValidation type=\"list\""))
        .unwrap();
    for i in 0..3 {
        let col = letters((old_head.len() + i) as u32);
        assert!(
            sheet.contains(&format!("sqref=\"{col}2:{col}")),
            "no drop-down on column {col}"
        );
    }
    // Questions is written for the new model; the client's own sheet is still there.
    let questions = cells(&workbook);
    assert!(
        questions
            .iter()
            .any(|(s, _, _, v)| s == "Questions" && *v == Data::String("SAF-02".into()))
    );
    // Updating again adds nothing and keeps a second backup.
    let out = nudj(
        tmp.path(),
        &[
            "template",
            "acme/engagement.yaml",
            "--update",
            "acme/responses.xlsx",
        ],
    );
    ok(&out);
    assert!(stdout(&out).contains("no question was missing a column"));
    assert!(dir.join("responses.before-update-2.xlsx").is_file());
    for cell in &before {
        assert!(
            cells(&workbook).contains(cell),
            "lost on a second update: {cell:?}"
        );
    }
}

#[test]
fn init_force_moves_a_filled_workbook_and_an_adapted_model_to_a_backup() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = init(tmp.path(), "ar", "2026-11-01");
    let workbook = dir.join("responses.xlsx");
    let filled = tmp.path().join("filled.xlsx");
    fill(&workbook, &filled, 12, 3);
    std::fs::copy(&filled, &workbook).unwrap();
    adapt_model(&dir);
    let adapted = std::fs::read(dir.join("model.yaml")).unwrap();
    let theme = std::fs::read(dir.join("theme.yaml")).unwrap();

    let out = nudj(
        tmp.path(),
        &["init", "acme", "--force", "--date", "2026-12-01"],
    );
    ok(&out);
    let said = stdout(&out);
    let backup = dir.join("backup-2026-11-01");
    assert!(said.contains("backup-2026-11-01"), "{said}");
    assert!(
        said.contains("responses.xlsx") && said.contains("model.yaml"),
        "{said}"
    );
    assert_eq!(
        std::fs::read(backup.join("responses.xlsx")).unwrap(),
        std::fs::read(&filled).unwrap()
    );
    assert_eq!(std::fs::read(backup.join("model.yaml")).unwrap(), adapted);
    // The engagement was edited too; the unchanged theme was not moved.
    assert!(backup.join("engagement.yaml").is_file());
    assert!(!backup.join("theme.yaml").exists());
    assert_eq!(std::fs::read(dir.join("theme.yaml")).unwrap(), theme);
    // The fresh files are in place.
    assert_ne!(
        std::fs::read(&workbook).unwrap(),
        std::fs::read(&filled).unwrap()
    );
    // Again with --force: everything equals the fresh copies, nothing is moved.
    let out = nudj(
        tmp.path(),
        &["init", "acme", "--force", "--date", "2026-12-01"],
    );
    ok(&out);
    assert!(!stdout(&out).contains("moved"), "{}", stdout(&out));
    assert!(!dir.join("backup-2026-12-01").exists());
}

#[test]
fn init_on_an_engagement_adds_stubs_for_new_and_renamed_dimensions() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = init(tmp.path(), "en", "2026-11-01");
    let written = "# Voice\n\nWhat we found about the voice of the customer.\n";
    std::fs::write(dir.join("narrative/voc.md"), written).unwrap();
    adapt_model(&dir);
    let before_engagement = std::fs::read(dir.join("engagement.yaml")).unwrap();
    let out = nudj(tmp.path(), &["init", "acme"]);
    ok(&out);
    let said = stdout(&out);
    assert!(
        said.contains("nothing you edited was overwritten"),
        "{said}"
    );
    assert!(said.contains("patient-voice.md (narrative stub)"), "{said}");
    assert!(said.contains("safety.md (narrative stub)"), "{said}");
    let stub = std::fs::read_to_string(dir.join("narrative/safety.md")).unwrap();
    assert!(
        stub.starts_with("<!--") && stub.contains("Patient safety"),
        "{stub}"
    );
    // The consultant's text under the old id is kept, and named.
    assert_eq!(
        std::fs::read_to_string(dir.join("narrative/voc.md")).unwrap(),
        written
    );
    assert!(
        text(&out.stderr).contains("`voc` is no dimension of the model"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read(dir.join("engagement.yaml")).unwrap(),
        before_engagement
    );
    // Nothing left to add.
    let out = nudj(tmp.path(), &["init", "acme"]);
    ok(&out);
    assert!(
        stdout(&out).contains("nothing was missing"),
        "{}",
        stdout(&out)
    );
}

/// `nudj init` again after the model changed (`voc` renamed `patient-voice`, `safety` added):
/// what nudj wrote and nobody touched follows the model (the old stub removed, the empty
/// workbook rewritten with the new questions' columns), what the consultant edited is kept
/// byte for byte and named, and the report no longer trips over nudj's own leftovers.
#[test]
fn init_again_after_a_model_change_updates_only_what_nobody_edited() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = init(tmp.path(), "en", "2026-11-01");
    let narrative = dir.join("narrative");
    let written = "# Culture\n\nWhat we found about the culture.\n";
    std::fs::write(narrative.join("culture.md"), written).unwrap();
    let strategy_stub = std::fs::read(narrative.join("strategy.md")).unwrap();
    adapt_model(&dir);
    let out = nudj(tmp.path(), &["init", "acme"]);
    ok(&out);
    let said = stdout(&out);
    // The untouched stub of the renamed dimension is gone, and said so with the reason.
    assert!(!narrative.join("voc.md").exists(), "{said}");
    assert!(
        said.contains("removed\n  acme/narrative/voc.md (the stub nudj wrote for `voc`"),
        "{said}"
    );
    assert!(said.contains("patient-voice.md (narrative stub)"), "{said}");
    assert!(said.contains("safety.md (narrative stub)"), "{said}");
    // The untouched workbook now has the new questions' columns.
    assert!(
        said.contains("acme/responses.xlsx (the collection workbook"),
        "{said}"
    );
    let head = headers(&dir.join("responses.xlsx"), "Responses");
    assert!(head.iter().any(|h| h == "SAF-01"), "{head:?}");
    // The edited stub is kept as written; the untouched one of an unchanged dimension too.
    assert_eq!(
        std::fs::read_to_string(narrative.join("culture.md")).unwrap(),
        written
    );
    assert_eq!(
        std::fs::read(narrative.join("strategy.md")).unwrap(),
        strategy_stub
    );
    assert!(
        !text(&out.stderr).contains("no dimension"),
        "{}",
        text(&out.stderr)
    );
    // validate names no narrative file of nudj's own as stray.
    let out = nudj(tmp.path(), &["validate", "acme/engagement.yaml"]);
    assert!(
        !text(&out.stderr).contains("not a narrative file name"),
        "{}",
        text(&out.stderr)
    );

    // The client fills the workbook; the model gains a question; init keeps the answers and
    // says how to add the column.
    let filled = tmp.path().join("filled.xlsx");
    fill(&dir.join("responses.xlsx"), &filled, 12, 5);
    std::fs::copy(&filled, dir.join("responses.xlsx")).unwrap();
    let model = std::fs::read_to_string(dir.join("model.yaml")).unwrap();
    let more = model.replace(
        "\nmetrics:",
        "      - id: SAF-04\n        text: {ar: نتعلم من كل حادث., en: We learn from every incident.}\n\nmetrics:",
    );
    assert_ne!(more, model);
    std::fs::write(dir.join("model.yaml"), more).unwrap();
    let out = nudj(tmp.path(), &["init", "acme"]);
    ok(&out);
    let said = stdout(&out);
    assert!(
        said.contains("acme/responses.xlsx (edited since nudj wrote it)"),
        "{said}"
    );
    assert!(said.contains("no column for 1 question (SAF-04)"), "{said}");
    assert!(said.contains("--update acme/responses.xlsx"), "{said}");
    assert_eq!(
        std::fs::read(dir.join("responses.xlsx")).unwrap(),
        std::fs::read(&filled).unwrap()
    );
    // Once more: nothing to do, and the record knows every file nudj wrote.
    let out = nudj(tmp.path(), &["init", "acme"]);
    assert!(
        stdout(&out).contains("nothing was missing"),
        "{}",
        stdout(&out)
    );
    let record = std::fs::read_to_string(dir.join(".nudj-init.json")).unwrap();
    assert!(record.contains("\"narrative/safety.md\""), "{record}");
    assert!(!record.contains("\"narrative/voc.md\""), "{record}");
}

/// The PDF's text, words joined by single spaces.
fn words(pdf: &Path) -> String {
    pdftotext(pdf, &[])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn pdf_title(pdf: &Path) -> String {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    text(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Title:"))
        .map(|t| t.trim().to_string())
        .unwrap_or_default()
}

/// The hospital walk: init → adapt the model → template → fill → validate → report in
/// Arabic and English from one engagement.
#[test]
fn hospital_walk_from_init_to_both_reports() {
    let tmp = tempfile::tempdir().unwrap();
    // 21 June 2030 is 20 Safar 1452 in the official Umm al-Qura calendar.
    let dir = init(tmp.path(), "ar", "2030-06-21");
    adapt_model(&dir);
    // init again: stubs for the renamed and the added dimension; the old stub, untouched, is
    // removed (and said so).
    let out = nudj(tmp.path(), &["init", "acme"]);
    ok(&out);
    assert!(
        stdout(&out).contains("narrative/voc.md (the stub nudj wrote"),
        "{}",
        stdout(&out)
    );
    assert!(!dir.join("narrative/voc.md").exists());
    ok(&nudj(
        tmp.path(),
        &[
            "template",
            "acme/engagement.yaml",
            "-o",
            "acme/responses.xlsx",
            "--force",
        ],
    ));
    let workbook = dir.join("responses.xlsx");
    let filled = tmp.path().join("filled.xlsx");
    fill(&workbook, &filled, 45, 11);
    std::fs::copy(&filled, &workbook).unwrap();
    // Narrative in both languages; one dimension's text only in Arabic.
    let narrative = dir.join("narrative");
    std::fs::write(
        narrative.join("summary.md"),
        "وجدنا أن المستشفيات الثلاثة تستمع إلى المرضى لكنها لا تغلق الحلقة معهم بانتظام.\n",
    )
    .unwrap();
    std::fs::write(
        narrative.join("summary.en.md"),
        "The three hospitals listen to patients but do not close the loop with them regularly.\n",
    )
    .unwrap();
    std::fs::write(
        narrative.join("patient-voice.md"),
        "تجمع المستشفيات آراء المرضى بعد الخروج، ولا تعود إليهم بما تغيّر.\n",
    )
    .unwrap();

    let out = nudj(tmp.path(), &["validate", "acme/engagement.yaml"]);
    ok(&out);
    let out = nudj(
        tmp.path(),
        &["score", "acme/engagement.yaml", "--format", "json"],
    );
    ok(&out);
    let score: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();

    // -o into a folder that does not exist yet; both languages.
    let out = nudj(
        tmp.path(),
        &[
            "report",
            "acme/engagement.yaml",
            "--lang",
            "both",
            "-o",
            "out/new/report.pdf",
        ],
    );
    let err = ok(&out);
    let ar = tmp.path().join("out/new/report.ar.pdf");
    let en = tmp.path().join("out/new/report.en.pdf");
    assert!(ar.is_file() && en.is_file(), "{err}");
    assert!(!tmp.path().join("out/new/report.pdf").exists());
    // The Arabic-only narrative is named in the English report's warnings.
    assert!(
        err.contains("patient-voice.md is written in Arabic, and this report is in English"),
        "{err}"
    );
    assert!(!err.contains("summary.md is written in"), "{err}");

    let ar_text = words(&ar);
    let en_text = words(&en);
    // The renamed and the added dimension, in each language.
    for name in ["Patient voice", "Patient safety"] {
        assert!(
            en_text.contains(name),
            "{name} missing from the English report"
        );
    }
    for name in ["صوت المريض", "أمان المرضى"] {
        assert!(
            ar_text.contains(name),
            "{name} missing from the Arabic report"
        );
    }
    // Each report has its own summary.
    assert!(en_text.contains("close the loop with them regularly"));
    assert!(!ar_text.contains("close the loop with them regularly"));
    // Labels name the data's Arabic values in the English report.
    for label in [
        "Riyadh hospital",
        "Jeddah hospital",
        "Dammam hospital",
        "Hospital",
        "Call centre",
    ] {
        assert!(
            en_text.contains(label),
            "label {label} missing from the English report"
        );
    }
    assert!(
        !en_text.contains("مستشفى الرياض"),
        "an unlabelled hospital in the English report"
    );
    // Figures: every dimension score and the overall score as `nudj score` computes them.
    let overall = score["overall"]["score"].as_f64().unwrap();
    assert!(
        en_text.contains(&format!("{overall:.2}")),
        "overall {overall:.2}"
    );
    for d in score["dimensions"].as_array().unwrap() {
        let s = d["score"].as_f64().unwrap();
        let id = d["id"].as_str().unwrap();
        assert!(
            en_text.contains(&format!("{s:.2}")),
            "{id} {s:.2} not in the English report"
        );
        assert!(
            ar_text.contains(&format!("{s:.2}")),
            "{id} {s:.2} not in the Arabic report"
        );
    }
    let ids: Vec<&str> = score["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"patient-voice") && ids.contains(&"safety") && !ids.contains(&"voc"));
    // The cover's Hijri date is the official one.
    assert!(
        ar_text.contains("1452") && ar_text.contains("صفر"),
        "no 20 Safar 1452 on the cover"
    );
    // pdftotext drops the spaces between digits and Arabic words: compare without spaces.
    let squeezed: String = ar_text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        squeezed.contains("20صفر1452"),
        "the cover's Hijri date is not 20 Safar 1452"
    );
    // The PDF title names the client once.
    assert_eq!(
        pdf_title(&en),
        "Patient experience maturity — Al-Shifa Medical Group"
    );
}

#[test]
fn batch_names_carry_the_language_when_one_folder_gives_two() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = init(tmp.path(), "ar", "2026-11-01");
    ok(&nudj(
        tmp.path(),
        &[
            "template",
            "acme/engagement.yaml",
            "-o",
            "acme/responses.xlsx",
            "--force",
        ],
    ));
    let filled = tmp.path().join("filled.xlsx");
    fill(&dir.join("responses.xlsx"), &filled, 15, 5);
    std::fs::copy(&filled, dir.join("responses.xlsx")).unwrap();
    let ar = std::fs::read_to_string(dir.join("engagement.yaml")).unwrap();
    std::fs::write(
        dir.join("engagement-en.yaml"),
        ar.replace("language: ar", "language: en"),
    )
    .unwrap();
    let out = nudj(
        tmp.path(),
        &[
            "batch",
            "acme/engagement.yaml",
            "acme/engagement-en.yaml",
            "-o",
            "out",
            "-j",
            "1",
        ],
    );
    ok(&out);
    assert!(tmp.path().join("out/acme.ar.pdf").is_file());
    assert!(tmp.path().join("out/acme.en.pdf").is_file());
    assert!(!tmp.path().join("out/acme-2.pdf").exists());
    let out = nudj(
        tmp.path(),
        &[
            "batch",
            "acme/engagement.yaml",
            "--lang",
            "both",
            "-o",
            "both",
            "-j",
            "1",
        ],
    );
    ok(&out);
    assert!(tmp.path().join("both/acme.ar.pdf").is_file());
    assert!(tmp.path().join("both/acme.en.pdf").is_file());
}

/// `--watch` prints the warnings of the first render, then only what changed: an edit that
/// writes one stub leaves the other stubs' warnings unrepeated and counts the one gone.
#[test]
fn watch_prints_the_warnings_once_then_only_what_changed() {
    use std::io::BufRead;
    let tmp = tempfile::tempdir().unwrap();
    let dir = init(tmp.path(), "en", "2026-11-01");
    ok(&nudj(
        tmp.path(),
        &[
            "template",
            "acme/engagement.yaml",
            "-o",
            "acme/responses.xlsx",
            "--force",
        ],
    ));
    let filled = tmp.path().join("filled.xlsx");
    fill(&dir.join("responses.xlsx"), &filled, 15, 9);
    std::fs::copy(&filled, dir.join("responses.xlsx")).unwrap();
    let mut child = Command::new(crate::common::NUDJ)
        .args(["report", "engagement.yaml", "-o", "w.pdf", "--watch"])
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(|l| l.ok())
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // The lines of one render, up to its "wrote …" line.
    let render = || -> Vec<String> {
        let mut lines = Vec::new();
        loop {
            let line = rx
                .recv_timeout(std::time::Duration::from_secs(180))
                .unwrap_or_else(|_| panic!("no render; so far:\n{}", lines.join("\n")));
            let done = line.starts_with("wrote ");
            lines.push(line);
            if done {
                return lines;
            }
        }
    };
    let first = render();
    let stubs = |lines: &[String]| {
        lines
            .iter()
            .filter(|l| l.contains("still the stub"))
            .count()
    };
    let n = stubs(&first);
    assert!(n >= 3, "{}", first.join("\n"));
    std::fs::write(
        dir.join("narrative/summary.md"),
        "The hospitals listen, and do not close the loop.\n",
    )
    .unwrap();
    let second = render();
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(stubs(&second), 0, "{}", second.join("\n"));
    // The first render's count ("16 warnings (see above)"): all but the written stub remain.
    let total: usize = first
        .iter()
        .find_map(|l| l.strip_suffix(" warnings (see above)"))
        .and_then(|k| k.parse().ok())
        .unwrap_or_else(|| panic!("{}", first.join("\n")));
    let count = format!("{} warnings as before (not repeated), 1 gone", total - 1);
    assert!(
        second.iter().any(|l| l.contains(&count)),
        "{}",
        second.join("\n")
    );
}

/// The text of page `p` of a PDF.
fn page_text(pdf: &Path, p: usize) -> String {
    let p = p.to_string();
    pdftotext(pdf, &["-f", &p, "-l", &p])
}

fn page_count(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    text(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

/// A roadmap item never sits on a page apart from its phase's title: whatever the length of
/// the phases (grown here with the consultant's own recommendations), a page that shows an
/// item (its `Priority … · Gap …` line) shows the title of its phase, and no title ends a page.
#[test]
fn a_roadmap_item_never_sits_apart_from_its_phase_title() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = init(tmp.path(), "en", "2026-11-01");
    ok(&nudj(
        tmp.path(),
        &[
            "template",
            "acme/engagement.yaml",
            "-o",
            "acme/responses.xlsx",
            "--force",
        ],
    ));
    let filled = tmp.path().join("filled.xlsx");
    fill(&dir.join("responses.xlsx"), &filled, 20, 13);
    std::fs::copy(&filled, dir.join("responses.xlsx")).unwrap();
    let model = nudj::model::builtin_model().unwrap().output;
    let names: Vec<String> = model
        .dimensions
        .iter()
        .map(|d| d.name.get(nudj::Lang::En).to_string())
        .collect();
    let titles = [
        "Phase 1: 0–3 months",
        "Phase 2: 3–6 months",
        "Phase 3: 6–12 months",
    ];
    let mut items_seen = 0;
    for k in (0..30).step_by(3) {
        // k recommendations of the consultant's own for every dimension.
        for d in model.dimensions.iter() {
            let items: String = (0..k)
                .map(|i| format!("- Recommendation {i} for this dimension, written out at some length to fill a line.\n"))
                .collect();
            std::fs::write(
                dir.join(format!("narrative/{}.recommendations.md", d.id.value)),
                items,
            )
            .unwrap();
        }
        ok(&nudj(
            tmp.path(),
            &["report", "acme/engagement.yaml", "-o", "r.pdf"],
        ));
        let pdf = tmp.path().join("r.pdf");
        for p in 1..=page_count(&pdf) {
            let page = page_text(&pdf, p);
            let items = page
                .lines()
                .filter(|l| l.contains("Priority ") && l.contains(" · Gap "))
                .count();
            if items > 0 {
                items_seen += items;
                assert!(
                    titles.iter().any(|t| page.contains(t)),
                    "k = {k}: page {p} shows roadmap items without their phase title:\n{page}"
                );
            }
            for title in titles {
                if let Some(at) = page.rfind(title) {
                    let after = &page[at + title.len()..];
                    assert!(
                        names.iter().any(|n| after.contains(n.as_str())),
                        "k = {k}: `{title}` ends page {p}:\n{page}"
                    );
                }
            }
        }
    }
    assert!(items_seen >= 50, "{items_seen}");
}

/// A short table is never split across pages (a row or two left under a repeated header):
/// the appendix's table of a dimension's statements moves whole to the next page. Growing the
/// first dimension moves every later table down; each dimension's statements stay on one page.
#[test]
fn a_short_table_is_never_split() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = init(tmp.path(), "en", "2026-11-01");
    let original = std::fs::read_to_string(dir.join("model.yaml")).unwrap();
    let model = nudj::model::builtin_model().unwrap().output;
    let prefixes: Vec<String> = model
        .dimensions
        .iter()
        .filter_map(|d| d.questions.first())
        .filter_map(|q| q.id.value.split_once('-').map(|(p, _)| format!("{p}-")))
        .collect();
    let mut tables = 0;
    for k in 0..=6 {
        let extra: String = (1..=k)
            .map(|i| format!("      - id: STR-X{i}\n        text: {{ar: عبارة إضافية رقم {i} عن الاستراتيجية., en: Additional strategy statement number {i} phrased at some length.}}\n"))
            .collect();
        let grown = original.replacen(
            "      - id: STR-01\n",
            &format!("{extra}      - id: STR-01\n"),
            1,
        );
        assert_eq!(k == 0, grown == original);
        std::fs::write(dir.join("model.yaml"), grown).unwrap();
        ok(&nudj(
            tmp.path(),
            &[
                "template",
                "acme/engagement.yaml",
                "-o",
                "acme/responses.xlsx",
                "--force",
            ],
        ));
        let filled = tmp.path().join("filled.xlsx");
        fill(&dir.join("responses.xlsx"), &filled, 12, 21);
        std::fs::copy(&filled, dir.join("responses.xlsx")).unwrap();
        ok(&nudj(
            tmp.path(),
            &["report", "acme/engagement.yaml", "-o", "t.pdf"],
        ));
        let pdf = tmp.path().join("t.pdf");
        let pages: Vec<String> = (1..=page_count(&pdf)).map(|p| page_text(&pdf, p)).collect();
        let start = pages
            .iter()
            .rposition(|t| t.contains("Results for every statement"))
            .unwrap();
        for prefix in &prefixes {
            let on: Vec<usize> = (start..pages.len())
                .filter(|p| pages[*p].contains(prefix.as_str()))
                .collect();
            assert_eq!(
                on.len(),
                1,
                "k = {k}: the {prefix} statements are on pages {on:?}"
            );
            tables += 1;
        }
    }
    assert_eq!(tables, 7 * prefixes.len());
}

/// Page 1 of a PDF as an RGB raster at `dpi`: (width, height, pixels).
fn cover_pixels(pdf: &Path, dpi: u32) -> (usize, usize, Vec<[u8; 3]>) {
    let out = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .output()
        .expect("pdftoppm (poppler-utils)");
    assert!(out.status.success());
    // Binary PPM: "P6", width, height, maxval, then RGB bytes.
    let b = out.stdout;
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while b[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !b[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&b[start..i]).into_owned());
    }
    i += 1;
    assert_eq!(fields[0], "P6");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let px = b[i..].chunks(3).map(|c| [c[0], c[1], c[2]]).collect();
    (w, h, px)
}

fn near(p: [u8; 3], q: [u8; 3]) -> bool {
    p.iter().zip(q).all(|(a, b)| a.abs_diff(b) <= 12)
}

/// The `minimal` cover's band runs from edge to edge (Arabic and English), and on the `full`
/// cover a dark logo sits on a white plate, while a `logo_on_dark` is shown as it is.
#[test]
fn cover_band_spans_the_page_and_a_dark_logo_gets_a_plate() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    std::fs::write(
        t.join("dark.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="80"><rect width="200" height="80" fill="#111111"/></svg>"##,
    )
    .unwrap();
    std::fs::write(
        t.join("light.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="80"><rect width="200" height="80" fill="#FFD700"/></svg>"##,
    )
    .unwrap();
    std::fs::write(t.join("minimal.yaml"), "page: {cover: minimal}\n").unwrap();
    std::fs::write(t.join("full.yaml"), "consultancy: {logo: dark.svg}\n").unwrap();
    std::fs::write(
        t.join("full-dark.yaml"),
        "consultancy: {logo: dark.svg, logo_on_dark: light.svg}\n",
    )
    .unwrap();
    let primary = [0x0B, 0x3D, 0x5C];
    let white = [255, 255, 255];
    let gold = [0xFF, 0xD7, 0x00];
    let root = crate::common::root();
    for sample in [
        "samples/bank-ar/engagement.yaml",
        "samples/telecom-en/engagement.yaml",
    ] {
        let engagement = root.join(sample);
        let engagement = engagement.to_str().unwrap();
        let report = |theme: &str, out: &str| {
            ok(&nudj(
                t,
                &["report", engagement, "--theme", theme, "-o", out],
            ));
            cover_pixels(&t.join(out), 30)
        };
        // Minimal: the band's row is the primary colour at both edges and in the middle.
        let (w, _, px) = report("minimal.yaml", "min.pdf");
        let row = 5 * w; // 5 px down: inside the 1.2 cm band at 30 dpi
        for x in [1, w / 2, w - 2] {
            assert!(
                near(px[row + x], primary),
                "{sample}: band missing at x = {x}: {:?}",
                px[row + x]
            );
        }
        // Full, logo for white paper: white plate pixels in the top 4 cm (the ground is dark;
        // the raster's outermost columns are left out: the page edge falls inside a pixel).
        let top = |px: &[[u8; 3]], w: usize, colour: [u8; 3]| {
            (0..w * 47)
                .filter(|i| (2..w - 2).contains(&(i % w)) && near(px[*i], colour))
                .count()
        };
        let (w, _, px) = report("full.yaml", "full.pdf");
        assert!(
            top(&px, w, white) > 30,
            "{sample}: no plate around the dark logo"
        );
        // Full with logo_on_dark: that logo, no plate.
        let (w, _, px) = report("full-dark.yaml", "full-dark.pdf");
        assert!(top(&px, w, gold) > 100, "{sample}: logo_on_dark not shown");
        assert_eq!(
            top(&px, w, white),
            0,
            "{sample}: a plate behind logo_on_dark"
        );
    }
}
