//! Writes every sample chart as SVG into a folder (default `chart-gallery/`), plus
//! `gallery_ar.pdf` and `gallery_en.pdf` with the charts embedded through our Typst World, for
//! a quick look: `cargo run --example chart_gallery -- /tmp/gallery`.

use nudj::typeset::{Document, compile_pdf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "chart-gallery".to_string());
    let dir = std::path::Path::new(&dir);
    std::fs::create_dir_all(dir)?;
    let charts = nudj::chart::gallery()?;
    for lang in ["ar", "en"] {
        let mut source = format!(
            "#set page(paper: \"a4\", margin: 1.5cm)\n#set text(font: \"IBM Plex Sans Arabic\", lang: \"{lang}\", size: 9pt)\n"
        );
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).ok_or("date")?;
        let mut files = Vec::new();
        for (name, chart) in charts.iter().filter(|(n, _)| n.ends_with(lang)) {
            let path = dir.join(format!("{name}.svg"));
            std::fs::write(&path, &chart.svg)?;
            println!("{} ({}×{})", path.display(), chart.width, chart.height);
            source.push_str(&format!(
                "#block(breakable: false)[#text(weight: \"bold\")[{name}] #linebreak() #box(stroke: 0.3pt + luma(200), image(\"{name}.svg\", width: 16cm))]\n"
            ));
            files.push((format!("{name}.svg"), chart.svg.clone()));
        }
        let mut doc = Document::new(source, "gallery.typ", date);
        for (name, svg) in files {
            doc.add_file(&name, svg, None)?;
        }
        let pdf = compile_pdf(&doc)?;
        for w in &pdf.warnings {
            eprintln!("{w}");
        }
        let path = dir.join(format!("gallery_{lang}.pdf"));
        std::fs::write(&path, &pdf.output)?;
        println!("{}", path.display());
    }
    Ok(())
}
