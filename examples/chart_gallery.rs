//! Writes every sample chart as SVG into a folder (default `chart-gallery/`), plus
//! `gallery_ar.pdf`, `gallery_ar_indic.pdf` (Arabic-Indic digits) and `gallery_en.pdf` with
//! the charts embedded through our Typst World, for a quick look:
//! `cargo run --example chart_gallery -- /tmp/gallery`.

use nudj::chart::{AsciiNumbers, NumberFormat, gallery_for};
use nudj::typeset::locale::{Digits, Formatter};
use nudj::typeset::{Document, compile_pdf};

/// The report's ICU formatter seen through the chart's number trait.
struct Icu(Formatter);

impl NumberFormat for Icu {
    fn number(&self, value: f64, decimals: u8) -> String {
        self.0.number(value, decimals)
    }
    fn percent(&self, value: f64, decimals: u8) -> String {
        self.0.percent(value, decimals)
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "chart-gallery".to_string());
    let dir = std::path::Path::new(&dir);
    std::fs::create_dir_all(dir)?;
    let indic = Icu(Formatter::new("ar", Digits::ArabicIndic)?);
    let pages: [(&str, bool, &dyn NumberFormat); 3] = [
        ("ar", true, &AsciiNumbers),
        ("ar_indic", true, &indic),
        ("en", false, &AsciiNumbers),
    ];
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).ok_or("date")?;
    for (page, rtl, nf) in pages {
        let lang = if rtl { "ar" } else { "en" };
        let mut source = format!(
            "#set page(paper: \"a4\", margin: 1.5cm)\n#set text(font: \"IBM Plex Sans Arabic\", lang: \"{lang}\", size: 9pt)\n"
        );
        let mut doc_files = Vec::new();
        let start = std::time::Instant::now();
        let charts = gallery_for(rtl, nf)?;
        println!(
            "{page}: drew {} charts in {:.2} ms",
            charts.len(),
            start.elapsed().as_secs_f64() * 1e3
        );
        for (name, chart) in charts {
            let file = format!(
                "{name}{}.svg",
                if page == "ar_indic" { "_indic" } else { "" }
            );
            let path = dir.join(&file);
            std::fs::write(&path, &chart.svg)?;
            println!("{} ({}×{})", path.display(), chart.width, chart.height);
            source.push_str(&format!(
                "#block(breakable: false)[#text(weight: \"bold\")[{name}] #linebreak() #box(stroke: 0.3pt + luma(200), image(\"{file}\", width: 16cm))]\n"
            ));
            doc_files.push((file, chart.svg));
        }
        let mut doc = Document::new(source, "gallery.typ", date);
        for (file, svg) in doc_files {
            doc.add_file(&file, svg, None)?;
        }
        let pdf = compile_pdf(&doc)?;
        for w in &pdf.warnings {
            eprintln!("{w}");
        }
        let path = dir.join(format!("gallery_{page}.pdf"));
        std::fs::write(&path, &pdf.output)?;
        println!("{}", path.display());
    }
    Ok(())
}
