//! Hostile and broken files: each must give a clean, located error (never a panic or an
//! abort, never a huge allocation). Files are generated into a temporary folder.
//! Peak memory was measured by hand with /usr/bin/time -v (see docs/workbook-format.md).

use std::io::Write;
use std::path::{Path, PathBuf};

use nudj::data::{ReadOptions, read_client_data};
use nudj::error::Error;
use nudj::model::Model;
use rust_xlsxwriter::Workbook;

fn model() -> Model {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/data/model-0-4.yaml");
    serde_saphyr::from_str(&std::fs::read_to_string(p).expect("model")).expect("parses")
}

/// Reads `path` and returns the rendered error lines; fails the test if it reads.
fn error_of(path: &Path) -> String {
    match read_client_data(path, &model(), &ReadOptions::default()) {
        Ok(_) => panic!("{} must not read", path.display()),
        Err(Error::Invalid(d)) => d.iter().map(|d| format!("{d}\n")).collect(),
        Err(e) => e.to_string(),
    }
}

fn header(ws: &mut rust_xlsxwriter::Worksheet) {
    for (c, h) in ["respondent", "A1", "A2", "B1", "B2"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
}

#[test]
fn not_a_zip() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("fake.xlsx");
    std::fs::write(&p, "respondent,A1\nr1,4\n").expect("write");
    let e = error_of(&p);
    assert!(
        e.contains("fake.xlsx: error: this is not a valid .xlsx workbook"),
        "{e}"
    );
}

#[test]
fn truncated_workbook() {
    let dir = tempfile::tempdir().expect("tempdir");
    let full = dir.path().join("full.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    header(ws);
    for r in 1..200u32 {
        for c in 1..5u16 {
            ws.write_number(r, c, f64::from((r + u32::from(c)) % 5))
                .expect("w");
        }
    }
    wb.save(&full).expect("save");
    let bytes = std::fs::read(&full).expect("read");
    for cut in [bytes.len() / 2, bytes.len() - 30, 100] {
        let p = dir.path().join(format!("cut{cut}.xlsx"));
        std::fs::write(&p, bytes.get(..cut).expect("slice")).expect("write");
        let e = error_of(&p);
        assert!(e.contains("error:"), "{e}");
        assert!(e.contains("damaged or truncated"), "{e}");
    }
}

#[test]
fn zip_bomb_is_refused_before_inflating() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("bomb.xlsx");
    let file = std::fs::File::create(&p).expect("create");
    let mut z = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    z.start_file("xl/sharedStrings.xml", opts).expect("start");
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..64 {
        z.write_all(&chunk).expect("write");
    }
    z.finish().expect("finish");
    let size = std::fs::metadata(&p).expect("meta").len();
    assert!(size < 200_000, "the bomb should be small ({size})");
    let e = error_of(&p);
    assert!(e.contains("xl/sharedStrings.xml"), "{e}");
    assert!(e.contains("zip bomb"), "{e}");
}

#[test]
fn a_single_far_cell_at_xfd1048576() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("far.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    header(ws);
    ws.write_number(1, 1, 3.0).expect("w");
    ws.write_string(1_048_575, 16_383, "x").expect("far");
    wb.save(&p).expect("save");
    let e = error_of(&p);
    assert!(e.contains("Sheet1!XFD1048576"), "{e}");
    assert!(e.contains("beyond the 1000 columns"), "{e}");
}

#[test]
fn a_sheet_with_16384_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("wide.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    header(ws);
    for c in 5..16_384u16 {
        ws.write_number(0, c, 1.0).expect("w");
    }
    wb.save(&p).expect("save");
    let e = error_of(&p);
    assert!(e.contains("Sheet1!ALM1"), "{e}");
}

#[test]
fn a_million_rows_are_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("long.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    header(ws);
    for r in 1..=1_000_000u32 {
        ws.write_number(r, 1, f64::from(r % 5)).expect("w");
    }
    wb.save(&p).expect("save");
    let data = read_client_data(&p, &model(), &ReadOptions::default()).expect("reads");
    assert_eq!(data.output.responses.respondents.len(), 1_000_000);
}

/// Excel stops at row 1,048,576; a file claiming a cell below it is refused at that cell.
#[test]
fn a_row_beyond_excel_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let small = dir.path().join("small.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    header(ws);
    ws.write_number(1, 1, 3.0).expect("w");
    wb.save(&small).expect("save");
    let p = dir.path().join("beyond.xlsx");
    let mut zin = zip::ZipArchive::new(std::fs::File::open(&small).expect("open")).expect("zip");
    let mut zout = zip::ZipWriter::new(std::fs::File::create(&p).expect("create"));
    for i in 0..zin.len() {
        let mut part = zin.by_index(i).expect("part");
        let name = part.name().expect("name").to_string();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut part, &mut bytes).expect("read");
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(bytes).expect("utf8");
            assert!(
                xml.contains("<row r=\"2\"") && xml.contains("r=\"B2\""),
                "{xml}"
            );
            bytes = xml
                .replace("<row r=\"2\"", "<row r=\"1048577\"")
                .replace("r=\"B2\"", "r=\"B1048577\"")
                .into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        zout.write_all(&bytes).expect("write");
    }
    zout.finish().expect("finish");
    let e = error_of(&p);
    assert!(e.contains("Sheet1!B1048577"), "{e}");
    assert!(e.contains("beyond the 1048576 rows nudj reads"), "{e}");
}

#[test]
fn too_many_bad_cells_are_listed_then_counted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("bad.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    header(ws);
    for r in 1..=100u32 {
        for c in 1..5u16 {
            ws.write_string(r, c, "oops").expect("w");
        }
    }
    wb.save(&p).expect("save");
    let e = error_of(&p);
    assert_eq!(e.matches("is not an answer").count(), 200, "listed");
    assert!(e.contains("… and 200 more bad cells not listed"), "{e}");
}

#[test]
fn unknown_file_types_and_missing_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("old.xls");
    std::fs::write(&p, [0xD0, 0xCF, 0x11, 0xE0]).expect("write");
    let e = error_of(&p);
    assert!(e.contains("`.xls` files are not read"), "{e}");
    assert!(
        e.contains("save the workbook as Excel Workbook (.xlsx)"),
        "{e}"
    );
    let e = error_of(&dir.path().join("missing.xlsx"));
    assert!(e.contains("missing.xlsx: cannot read"), "{e}");
    let p = dir.path().join("latin1.csv");
    std::fs::write(&p, b"respondent,A1\nJos\xe9,4\n").expect("write");
    let e = error_of(&p);
    assert!(e.contains("not UTF-8"), "{e}");
}
