//! The limits on untrusted input (docs/limits.md), each through the binary: a file past a
//! limit is refused with its place and the limit named, exit 1, never a panic, an abort or a
//! huge allocation. Files are generated into a temporary folder.

use std::io::{Read, Write};
use std::path::Path;
use std::process::Output;

use crate::common::{SmallModel, nudj, small_engagement, text, write_workbook};

/// A valid small engagement in `dir` (model.yaml, data.xlsx, engagement.yaml with `extra`).
fn engagement(dir: &Path, extra: &str) {
    SmallModel::new("limits", ("نموذج", "Limits model"))
        .dimension(
            "lead",
            ("القيادة", "Leadership"),
            &[("L1", "سؤال", "Question")],
        )
        .write(dir);
    write_workbook(
        &dir.join("data.xlsx"),
        &[(
            "Responses",
            &[&["respondent", "L1"], &["R1", "4"], &["R2", "3"]],
        )],
    );
    std::fs::write(dir.join("engagement.yaml"), small_engagement("en", extra))
        .expect("write engagement");
}

/// Runs `nudj validate ARGS` in `dir`; asserts exit 1 without a panic; returns stderr.
fn refused(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["validate"];
    all.extend_from_slice(args);
    let out: Output = nudj(dir, &all);
    // Paths the engagement names are shown absolute; the test folder is left out.
    let err = text(&out.stderr).replace(&format!("{}/", dir.display()), "");
    assert_eq!(
        out.status.code(),
        Some(1),
        "stdout: {}\nstderr: {err}",
        text(&out.stdout)
    );
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn the_valid_base_engagement_passes() {
    let dir = tempfile::tempdir().expect("tempdir");
    engagement(dir.path(), "");
    let out = nudj(dir.path(), &["validate", "engagement.yaml"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn a_yaml_file_over_10_mib_is_not_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let big = format!("# {}\n", "x".repeat(10 * 1024 * 1024));
    std::fs::write(dir.path().join("big.yaml"), big).expect("write");
    let err = refused(dir.path(), &["--model", "big.yaml"]);
    assert_eq!(
        err,
        "big.yaml: error: file is larger than 10 MiB, too large for a YAML model or engagement file\n  \
         help: check that the path names the right file\n"
    );
}

#[test]
fn yaml_nested_past_48_levels_is_refused_at_its_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let deep = format!(
        "id: x\nversion: \"1\"\ntitle: {}1{}\n",
        "[".repeat(60),
        "]".repeat(60)
    );
    std::fs::write(dir.path().join("deep.yaml"), deep).expect("write");
    let err = refused(dir.path(), &["--model", "deep.yaml"]);
    assert!(err.starts_with("deep.yaml:3:"), "{err}");
    assert!(err.contains("depth"), "{err}");
    assert!(err.contains("too deeply nested"), "{err}");
}

#[test]
fn yaml_alias_expansion_is_capped() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A billion `x` from ten lines ("billion laughs"), under a key that reads any shape.
    let mut y =
        String::from("id: x\nversion: \"1\"\ntitle:\n  - &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        y.push_str(&format!(
            "  - &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    std::fs::write(dir.path().join("lol.yaml"), y).expect("write");
    let err = refused(dir.path(), &["--model", "lol.yaml"]);
    assert!(err.starts_with("lol.yaml:"), "{err}");
    assert!(err.contains("expands too many aliases"), "{err}");
}

/// `data.xlsx` rewritten with its shared-strings part replaced by `sst`.
fn replace_shared_strings(path: &Path, sst: &str) {
    replace_part(path, "xl/sharedStrings.xml", |_| sst.to_string());
}

/// `data.xlsx` rewritten with its part `target` replaced by `edit` of its text.
fn replace_part(path: &Path, target: &str, edit: impl Fn(&str) -> String) {
    let bytes = std::fs::read(path).expect("read workbook");
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for i in 0..src.len() {
        let mut part = src.by_index(i).expect("part");
        let name = part.name().expect("name").into_owned();
        let mut body = Vec::new();
        part.read_to_end(&mut body).expect("inflate");
        if name == target {
            body = edit(&String::from_utf8_lossy(&body)).into_bytes();
        }
        out.start_file(name, opts).expect("start");
        out.write_all(&body).expect("write");
    }
    let bytes = out.finish().expect("finish").into_inner();
    std::fs::write(path, bytes).expect("write workbook");
}

#[test]
fn shared_strings_declaring_a_trillion_entries_are_refused_before_calamine() {
    // Found while writing the xlsx_parts fuzz target (reading calamine's shared-strings
    // reader): it reserved room for `uniqueCount` strings before reading one; such a workbook
    // made nudj abort with "memory allocation of 23999999999990952 bytes failed".
    let dir = tempfile::tempdir().expect("tempdir");
    engagement(dir.path(), "");
    replace_shared_strings(
        &dir.path().join("data.xlsx"),
        "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
         uniqueCount=\"999999999999\"><si><t>respondent</t></si><si><t>L1</t></si>\
         <si><t>R1</t></si><si><t>R2</t></si></sst>",
    );
    let err = refused(dir.path(), &["engagement.yaml"]);
    assert_eq!(
        err,
        "data.xlsx: error: the workbook's shared strings (`xl/sharedStrings.xml`) declare \
         999999999999 strings, more than the 2000000 nudj reads\n  \
         help: copy the answers into a new workbook, or save them as CSV\n"
    );
}

#[test]
fn a_sheet_dimension_ending_before_it_starts_is_refused_before_calamine() {
    // Found by the xlsx_parts fuzz target built with overflow checks: calamine subtracts a
    // range's start from its end, which panics in a debug build and wraps silently in a
    // release one (as do references past 2^32, which can move a cell to another row).
    let dir = tempfile::tempdir().expect("tempdir");
    engagement(dir.path(), "");
    replace_part(
        &dir.path().join("data.xlsx"),
        "xl/worksheets/sheet1.xml",
        |xml| {
            let start = xml.find("<dimension ref=\"").expect("a dimension") + 16;
            let end = start + xml[start..].find('"').expect("its end");
            format!("{}Q1:E9{}", &xml[..start], &xml[end..])
        },
    );
    let err = refused(dir.path(), &["engagement.yaml"]);
    assert_eq!(
        err,
        "data.xlsx: error: part `xl/worksheets/sheet1.xml` of the workbook has \
         `<dimension ref=\"Q1:E9\">`, which is not a valid cell or range reference (a row or \
         column past 2^31, or a range ending before it starts); the workbook is damaged or was \
         not written by a spreadsheet program\n  \
         help: open it in Excel and save it again, or export the sheet as CSV\n"
    );
}

#[test]
fn a_compressed_part_inflating_1000_to_1_is_refused_as_a_zip_bomb() {
    let dir = tempfile::tempdir().expect("tempdir");
    engagement(dir.path(), "");
    let p = dir.path().join("data.xlsx");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&p).expect("create"));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    z.start_file("xl/worksheets/sheet1.xml", opts)
        .expect("start");
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..32 {
        z.write_all(&chunk).expect("write");
    }
    z.finish().expect("finish");
    let err = refused(dir.path(), &["engagement.yaml"]);
    assert!(
        err.starts_with(
            "data.xlsx: error: part `xl/worksheets/sheet1.xml` declares 33554432 bytes from "
        ),
        "{err}"
    );
    assert!(err.contains("(a zip bomb?); refused"), "{err}");
}

#[test]
fn a_value_beyond_the_column_limit_is_refused_at_its_cell() {
    let dir = tempfile::tempdir().expect("tempdir");
    engagement(dir.path(), "");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Responses").expect("name");
    ws.write_string(0, 0, "respondent").expect("w");
    ws.write_string(0, 1, "L1").expect("w");
    ws.write_string(1, 0, "R1").expect("w");
    ws.write_number(1, 1, 4.0).expect("w");
    // Excel's last column (16,384 = XFD).
    ws.write_string(1, 16_383, "x").expect("w");
    wb.save(dir.path().join("data.xlsx")).expect("save");
    let err = refused(dir.path(), &["engagement.yaml"]);
    assert!(err.starts_with("data.xlsx: Responses!XFD2: error: this sheet has a value in column XFD, beyond the 1000 columns nudj reads"), "{err}");
}

#[test]
fn a_csv_with_a_column_beyond_the_limit_is_refused_at_its_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    engagement(dir.path(), "");
    let e = std::fs::read_to_string(dir.path().join("engagement.yaml")).expect("read");
    std::fs::write(
        dir.path().join("engagement.yaml"),
        e.replace("data.xlsx", "data.csv"),
    )
    .expect("write");
    let wide = format!("respondent,L1\nR1,4{}x\n", ",".repeat(1000));
    std::fs::write(dir.path().join("data.csv"), wide).expect("write");
    let err = refused(dir.path(), &["engagement.yaml"]);
    assert!(
        err.starts_with("data.csv: row 2, column ALN: error:"),
        "{err}"
    );
    assert!(
        err.contains("more than 1000 columns, more than nudj reads"),
        "{err}"
    );
}

#[test]
fn markdown_nested_past_24_levels_is_refused_at_its_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    engagement(dir.path(), "narrative: narrative\n");
    std::fs::create_dir_all(dir.path().join("narrative")).expect("mkdir");
    let deep: String = (0..13)
        .map(|i| format!("{}- level {i}\n", "  ".repeat(i)))
        .collect();
    std::fs::write(dir.path().join("narrative/summary.md"), deep).expect("write");
    let err = refused(dir.path(), &["engagement.yaml"]);
    assert!(
        err.contains(
            "summary.md:13:25: error: Markdown nested more than 24 levels deep here \
             (lists, quotes, emphasis or links inside one another)\n  \
             help: flatten the nesting: nudj reads at most that many levels\n"
        ),
        "{err}"
    );
}

/// A 1×1 PNG whose header claims `width` × `height` pixels (CRC fixed up).
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut png: Vec<u8> = vec![
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F,
        0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8,
        0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00,
        0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    let mut crc = 0xFFFF_FFFFu32;
    for &b in &png[12..29] {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    png[29..33].copy_from_slice(&(!crc).to_be_bytes());
    png
}

#[test]
fn a_logo_claiming_4_gigapixels_is_refused_before_decoding() {
    let dir = tempfile::tempdir().expect("tempdir");
    engagement(dir.path(), "");
    let e = std::fs::read_to_string(dir.path().join("engagement.yaml")).expect("read");
    std::fs::write(
        dir.path().join("engagement.yaml"),
        e.replace(
            "client: {name: {ar: عميل, en: Client}}",
            "client: {name: {ar: عميل, en: Client}, logo: logo.png}",
        ),
    )
    .expect("write");
    std::fs::write(dir.path().join("logo.png"), png_claiming(65_535, 65_535)).expect("write");
    let err = refused(dir.path(), &["engagement.yaml"]);
    assert!(
        err.contains("logo.png` is 65535 × 65535 pixels, more than the 50 megapixels nudj shows: scale it down"),
        "{err}"
    );
}

#[test]
fn a_narrative_image_over_the_limits_is_not_shown_and_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    engagement(dir.path(), "narrative: narrative\n");
    let n = dir.path().join("narrative");
    std::fs::create_dir_all(&n).expect("mkdir");
    std::fs::write(n.join("huge.png"), png_claiming(100_000, 1_000)).expect("write");
    let f = std::fs::File::create(n.join("heavy.png")).expect("create");
    f.set_len(50 * 1024 * 1024 + 1).expect("grow");
    std::fs::write(
        n.join("summary.md"),
        "Text.\n\n![a chart](huge.png)\n\n![b](heavy.png)\n",
    )
    .expect("write");
    let out = nudj(dir.path(), &["validate", "engagement.yaml"]);
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("summary.md:3:1: warning: image `huge.png` not shown: it is 100000 × 1000 pixels, more than the 50 megapixels nudj shows: scale it down"),
        "{err}"
    );
    assert!(
        err.contains("summary.md:5:1: warning: image `heavy.png` not shown: it is larger than the 50 MB nudj reads for an image: save it smaller"),
        "{err}"
    );
}
