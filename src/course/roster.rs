//! The attendee roster for certificates: an .xlsx (sheet `Attendees`, else the first sheet)
//! or .csv with a header row naming the columns `name` (required), `organisation` and
//! `email` (Arabic headers `الاسم`, `الجهة` also accepted). Read with the guarded workbook
//! reader of the `data` stage.

use std::path::Path;

use crate::error::{Diagnostic, Error, Place, Result, Warned};
use crate::grid::{self, Grid, Kind, Limits, Workbook};
use crate::normalize::normalize;

/// One attendee.
#[derive(Debug, Clone, PartialEq)]
pub struct Attendee {
    /// Name as it should appear on the certificate.
    pub name: String,
    /// Organisation, if given.
    pub organisation: Option<String>,
    /// 1-based row number in the roster (certificate numbers use it).
    pub row: u32,
}

const NAME: &[&str] = &[
    "name",
    "full name",
    "attendee",
    "الاسم",
    "اسم المشارك",
    "الاسم الكامل",
];
const ORG: &[&str] = &[
    "organisation",
    "organization",
    "company",
    "الجهة",
    "المنظمة",
    "الشركة",
];

/// Reads the roster. A row with data but no name is an error naming its cell; every such
/// row is reported together. Duplicate names are warnings (two people may share a name).
pub fn read_roster(path: &Path) -> Result<Warned<Vec<Attendee>>> {
    let bytes = grid::read_capped(path, &Limits::default())?;
    read_roster_bytes(path, bytes)
}

/// [`read_roster`] on a file already in memory: `path` names it in messages and its
/// extension says how to read it (checked against the content). The fuzz targets enter here.
pub fn read_roster_bytes(path: &Path, bytes: Vec<u8>) -> Result<Warned<Vec<Attendee>>> {
    let limits = Limits::default();
    let grid = match grid::kind_of(path, &bytes)? {
        Kind::Xlsx => {
            grid::check_zip(path, &bytes, &limits)?;
            let mut wb = Workbook::open(path, bytes, limits)?;
            let names = wb.sheet_names();
            let sheet = names
                .iter()
                .find(|n| ["attendees", "الحضور"].contains(&normalize(n).as_str()))
                .or_else(|| names.first())
                .cloned()
                .ok_or_else(|| Error::at(path, Place::File, "the workbook has no sheets"))?;
            wb.grid(&sheet)?
        }
        Kind::Csv => grid::read_csv(path, &bytes, &limits)?,
    };
    attendees(path, &grid)
}

fn find(header: &grid::Row, names: &[&str]) -> Option<u32> {
    header
        .cells
        .iter()
        .find(|(_, v)| {
            let key = normalize(&v.display());
            names.iter().any(|n| normalize(n) == key)
        })
        .map(|(c, _)| *c)
}

fn attendees(path: &Path, grid: &Grid) -> Result<Warned<Vec<Attendee>>> {
    let Some(header) = grid.rows.first() else {
        return Err(Error::at(
            path,
            Place::Sheet {
                sheet: grid.name.clone(),
            },
            "the roster is empty; expected a header row with a `name` column",
        ));
    };
    let Some(name_col) = find(header, NAME) else {
        return Err(Error::Invalid(vec![
            Diagnostic::error(
                path,
                grid.place(header.index, 0),
                "no `name` column in the roster's header row",
            )
            .with_help("name a column `name` (or `الاسم`); `organisation` is optional"),
        ]));
    };
    let org_col = find(header, ORG);
    let mut out = Vec::new();
    // A name computed by a formula that was never calculated would print blank or `0`.
    let head_row = header.index;
    let mut problems = grid.uncalculated_errors(path, |r, c| {
        r <= head_row || c == name_col || Some(c) == org_col
    });
    let mut warnings = Vec::new();
    // The first row of each name, for the duplicate warning (a map: a roster of a million rows
    // compared each name with every earlier one, hours of work).
    let mut first_row: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    for row in grid.rows.iter().skip(1) {
        let name = row
            .get(name_col)
            .map(|v| v.display().split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
        if name.is_empty() {
            problems.push(
                Diagnostic::error(
                    path,
                    grid.place(row.index, name_col),
                    "this attendee has no name",
                )
                .with_help("fill in the name, or delete the row"),
            );
            continue;
        }
        match first_row.get(&name) {
            Some(prev) => warnings.push(Diagnostic::warning(
                path,
                grid.place(row.index, name_col),
                format!("`{name}` is also on row {prev}; two certificates are made"),
            )),
            None => {
                first_row.insert(name.clone(), row.index + 1);
            }
        }
        let organisation = org_col
            .and_then(|c| row.get(c))
            .map(|v| v.display().trim().to_string())
            .filter(|s| !s.is_empty());
        out.push(Attendee {
            name,
            organisation,
            row: row.index + 1,
        });
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    if out.is_empty() {
        return Err(Error::at(
            path,
            Place::Sheet {
                sheet: grid.name.clone(),
            },
            "the roster lists no attendees below its header row",
        ));
    }
    Ok(Warned {
        output: out,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_names_are_located() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("r.csv");
        std::fs::write(&p, "name,organisation\nسارة,مصرف\n,Acme\nOmar,\n").unwrap();
        let Err(Error::Invalid(d)) = read_roster(&p) else {
            panic!("expected an error")
        };
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].place, Place::Csv { row: 3, col: 0 });
    }

    #[test]
    fn duplicates_name_the_first_row_and_a_long_roster_is_read_in_linear_time() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("r.csv");
        let mut csv = String::from("name\nسارة\nOmar\nسارة\nسارة\n");
        for i in 0..200_000 {
            csv.push_str(&format!("P{i}\n"));
        }
        std::fs::write(&p, csv).unwrap();
        let started = std::time::Instant::now();
        let r = read_roster(&p).unwrap();
        assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
        assert_eq!(r.output.len(), 200_004);
        let shown: Vec<String> = r.warnings.iter().map(|d| d.message.clone()).collect();
        assert_eq!(
            shown,
            [
                "`سارة` is also on row 2; two certificates are made",
                "`سارة` is also on row 2; two certificates are made"
            ]
        );
        assert_eq!(r.warnings[1].place, Place::Csv { row: 5, col: 0 });
    }

    #[test]
    fn reads_names_and_organisations() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("r.csv");
        std::fs::write(&p, "الاسم,الجهة\nسارة  العتيبي,مصرف الواحة\nOmar Ali,\n").unwrap();
        let r = read_roster(&p).unwrap().output;
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].name, "سارة العتيبي");
        assert_eq!(r[0].organisation.as_deref(), Some("مصرف الواحة"));
        assert_eq!(r[1].organisation, None);
        assert_eq!(r[1].row, 3);
    }
}
