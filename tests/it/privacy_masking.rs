//! Personal data written in comments in the forms tester 6 F24 found unmasked (an iqama
//! number in groups of three, an Arabic e-mail address, an address with spaces around `@`)
//! reaches no report; a score, a count and a date in the same comments stay.

use crate::common::{SmallModel, nudj, ok, pdftotext, small_engagement, write_workbook};

#[test]
fn ids_in_groups_arabic_and_spaced_addresses_are_masked_in_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    SmallModel::new("m", ("نموذج", "Model"))
        .dimension(
            "alpha",
            ("الاستراتيجية", "Strategy"),
            &[("A1", "سؤال", "Question")],
        )
        .write(dir);
    std::fs::write(
        dir.join("engagement.yaml"),
        small_engagement("en", "comments: [Comment]\n"),
    )
    .unwrap();
    let responses: &[&[&str]] = &[
        &["Respondent", "A1", "Comment"],
        &["R1", "4", "إقامتي 2 345 678 901 للتواصل"],
        &["R2", "3", "بريدي سارة@مصرف.السعودية"],
        &["R3", "5", "email: sara.k @ bank.sa please"],
        &["R4", "4", "rated 4 of 5 after 12 visits on 2026-11-15"],
        &["R5", "2", "waited 45 minutes"],
        &["R6", "3", ""],
    ];
    write_workbook(&dir.join("data.xlsx"), &[("Responses", responses)]);
    let out = nudj(dir, &["report", "engagement.yaml", "-o", "r.pdf"]);
    ok(&out);
    let t = pdftotext(&dir.join("r.pdf"), &[]);
    let flat = t.split_whitespace().collect::<Vec<_>>().join(" ");
    for secret in ["345 678", "678 901", "سارة", "مصرف", "bank.sa", "sara.k"] {
        assert!(!flat.contains(secret), "{secret}:\n{flat}");
    }
    assert!(
        flat.contains("rated 4 of 5 after 12 visits on 2026-11-15"),
        "{flat}"
    );
    assert!(flat.contains("waited 45 minutes"), "{flat}");
}
