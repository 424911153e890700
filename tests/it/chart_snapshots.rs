//! Snapshot of every sample chart (Arabic and English): any change to the drawn SVG shows
//! up in review. Look at the rendered gallery (`cargo run --example chart_gallery`) before
//! accepting a new snapshot.

#[test]
fn gallery_svgs() {
    let charts = nudj::chart::gallery().expect("gallery draws");
    assert_eq!(charts.len(), 18);
    for (name, chart) in charts {
        insta::assert_snapshot!(format!("{name}_svg"), chart.svg);
        insta::assert_snapshot!(format!("{name}_alt"), chart.alt);
    }
}
