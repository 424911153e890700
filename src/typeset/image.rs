//! Whether Typst can show an image file, checked before typesetting so the problem is named
//! with the file (Typst itself would name the line of the template that shows it).

use std::path::Path;

use typst::foundations::Bytes;
use typst::visualize::{ExchangeFormat, RasterImage, SvgImage};

/// The kinds of image Typst decodes, by file-name ending.
fn kind_of_name(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "png" => "PNG",
        "jpg" | "jpeg" => "JPEG",
        "gif" => "GIF",
        "webp" => "WebP",
        "svg" | "svgz" => "SVG",
        _ => return None,
    })
}

/// The kind of raster image `bytes` hold, by their first bytes.
fn kind_of_content(bytes: &[u8]) -> Option<&'static str> {
    Some(match ExchangeFormat::detect(bytes)? {
        ExchangeFormat::Png => "PNG",
        ExchangeFormat::Jpg => "JPEG",
        ExchangeFormat::Gif => "GIF",
        ExchangeFormat::Webp => "WebP",
    })
}

/// `Ok` when Typst can show the image `bytes` read from `path`, taking its kind from the
/// file-name ending as Typst does; else why not, as the end of a sentence about the file
/// ("is a JPEG image named as a PNG", "is not a readable PNG image: …").
pub fn check_image(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let Some(named) = kind_of_name(path) else {
        return Err("is not a PNG, JPEG, GIF, WebP or SVG file name".into());
    };
    let actual = kind_of_content(bytes);
    if let Some(actual) = actual
        && actual != named
    {
        return Err(format!(
            "is a {actual} image named as a {named}: rename it to match its content"
        ));
    }
    let data = Bytes::new(bytes.to_vec());
    let decoded = match named {
        "SVG" => SvgImage::new(data)
            .map(|_| ())
            .map_err(|e| format!("{e:?}")),
        _ => {
            let format = match named {
                "PNG" => ExchangeFormat::Png,
                "JPEG" => ExchangeFormat::Jpg,
                "GIF" => ExchangeFormat::Gif,
                _ => ExchangeFormat::Webp,
            };
            RasterImage::plain(data, format)
                .map(|_| ())
                .map_err(|e| e.to_string())
        }
    };
    decoded.map_err(|why| format!("is not a readable {named} image ({why})"))
}

/// A 1×1 PNG, for tests.
#[cfg(test)]
pub(super) const TINY_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = TINY_PNG;

    #[test]
    fn a_good_png_passes() {
        assert_eq!(check_image(Path::new("logo.png"), PNG), Ok(()));
        assert_eq!(check_image(Path::new("LOGO.PNG"), PNG), Ok(()));
    }

    #[test]
    fn a_png_named_jpeg_is_named_for_what_it_is() {
        let why = check_image(Path::new("logo.jpg"), PNG).unwrap_err();
        assert_eq!(
            why,
            "is a PNG image named as a JPEG: rename it to match its content"
        );
    }

    #[test]
    fn a_truncated_png_is_refused() {
        let why = check_image(Path::new("logo.png"), &PNG[..40]).unwrap_err();
        assert!(why.starts_with("is not a readable PNG image ("), "{why}");
    }

    #[test]
    fn text_is_not_an_svg() {
        assert!(check_image(Path::new("logo.svg"), b"hello").is_err());
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>"#;
        assert_eq!(check_image(Path::new("logo.svg"), svg), Ok(()));
    }
}
