//! Whether Typst can show an image file, checked before typesetting so the problem is named
//! with the file (Typst itself would name the line of the template that shows it).

use std::io::Read;
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

/// Largest image file read (50 MiB): a logo or a chart in a narrative is a few MB at most.
pub const MAX_IMAGE_BYTES: u64 = 50 * 1024 * 1024;

/// Most pixels of a raster image (width × height, 50 megapixels: 200 MB decoded): checked
/// from the file's header before anything is decoded. A 1 KB PNG can claim 65,535 × 65,535
/// pixels, which decoding would try to allocate.
pub const MAX_IMAGE_PIXELS: u64 = 50_000_000;

/// Reads an image file for [`check_image`], refusing one over [`MAX_IMAGE_BYTES`] before
/// reading it. The error is the end of a sentence about the file, as `check_image`'s.
pub fn read_image(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot be read: {e}"))?;
    let len = file
        .metadata()
        .map_err(|e| format!("cannot be read: {e}"))?
        .len();
    let mut bytes = Vec::new();
    // `take`: the size on disk can change between the two calls, or be unknown.
    file.take(MAX_IMAGE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot be read: {e}"))?;
    if len > MAX_IMAGE_BYTES || bytes.len() as u64 > MAX_IMAGE_BYTES {
        return Err(too_large_file());
    }
    Ok(bytes)
}

fn too_large_file() -> String {
    format!(
        "is larger than the {} MB nudj reads for an image: save it smaller",
        MAX_IMAGE_BYTES / (1024 * 1024)
    )
}

/// The pixel size a raster image's header claims, refused above [`MAX_IMAGE_PIXELS`]; a
/// header that cannot be read is left to the decoder, which names the damage.
fn check_pixels(format: ExchangeFormat, bytes: &[u8]) -> Result<(), String> {
    let format = match format {
        ExchangeFormat::Png => image::ImageFormat::Png,
        ExchangeFormat::Jpg => image::ImageFormat::Jpeg,
        ExchangeFormat::Gif => image::ImageFormat::Gif,
        ExchangeFormat::Webp => image::ImageFormat::WebP,
    };
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    // The header only: the reader's own memory limit would refuse exactly the huge images
    // this check must see (and the decoder Typst uses does not stop them).
    reader.no_limits();
    let Ok((width, height)) = reader.into_dimensions() else {
        return Ok(());
    };
    if u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS {
        return Err(format!(
            "is {width} × {height} pixels, more than the {} megapixels nudj shows: scale it down",
            MAX_IMAGE_PIXELS / 1_000_000
        ));
    }
    Ok(())
}

/// A gzip-compressed SVG (`.svgz`, or any SVG starting with the gzip signature, which Typst
/// inflates whole) inflated with a cap of [`MAX_IMAGE_BYTES`]; other bytes as they are.
fn inflate_svgz(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, String> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes.into());
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .take(MAX_IMAGE_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("is not a readable SVG image (damaged compression: {e})"))?;
    if out.len() as u64 > MAX_IMAGE_BYTES {
        return Err(format!(
            "inflates to more than {} MB, more than nudj reads for an image",
            MAX_IMAGE_BYTES / (1024 * 1024)
        ));
    }
    Ok(out.into())
}

/// `Ok` when Typst can show the image `bytes` read from `path`, taking its kind from the
/// file-name ending as Typst does; else why not, as the end of a sentence about the file
/// ("is a JPEG image named as a PNG", "is not a readable PNG image: …"). Refuses more than
/// [`MAX_IMAGE_BYTES`] (also once an SVG is inflated) and more than [`MAX_IMAGE_PIXELS`]
/// before decoding.
pub fn check_image(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let Some(named) = kind_of_name(path) else {
        return Err("is not a PNG, JPEG, GIF, WebP or SVG file name".into());
    };
    if bytes.len() as u64 > MAX_IMAGE_BYTES {
        return Err(too_large_file());
    }
    let actual = kind_of_content(bytes);
    if let Some(actual) = actual
        && actual != named
    {
        return Err(format!(
            "is a {actual} image named as a {named}: rename it to match its content"
        ));
    }
    if named == "SVG" {
        // Typst inflates a compressed SVG without a cap; it is inflated here with one.
        inflate_svgz(bytes)?;
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
            check_pixels(format, bytes)?;
            RasterImage::plain(data, format)
                .map(|_| ())
                .map_err(|e| e.to_string())
        }
    };
    decoded.map_err(|why| format!("is not a readable {named} image ({why})"))
}

/// The images an SVG links rather than embeds: each `<image>` whose `href` (or
/// `xlink:href`) is not a `data:` URI, as (reference, line, column) of the element, 1-based.
/// A compressed SVG is read inflated; text past an XML error is not read (the decoder
/// refuses such a file anyway).
pub fn svg_links(bytes: &[u8]) -> Vec<(String, u64, u64)> {
    use quick_xml::events::Event;
    let Ok(raw) = inflate_svgz(bytes) else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(&raw);
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut out = Vec::new();
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let e = match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => e,
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => continue,
        };
        if e.local_name().as_ref() != b"image" {
            continue;
        }
        let href = e.attributes().flatten().find_map(|a| {
            (a.key.local_name().as_ref() == b"href")
                .then(|| String::from_utf8_lossy(&a.value).trim().to_string())
        });
        let Some(href) = href.filter(|h| !h.to_ascii_lowercase().starts_with("data:")) else {
            continue;
        };
        // The element starts at the first `<` from where the reader stood.
        let before = text.get(..at).unwrap_or_default();
        let start = at + text.get(at..).and_then(|t| t.find('<')).unwrap_or(0);
        let upto = text.get(..start).unwrap_or(before);
        let line = upto.matches('\n').count() as u64 + 1;
        let column = upto.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
        out.push((href, line, column));
    }
    out
}

/// Why the image `href` linked from the SVG `svg` cannot be shown, as a document shows it:
/// with only the SVG's folder served, a link must be a relative path to an existing file
/// inside that folder (no `..` out of it, no absolute path, no `file:` or web address).
pub fn svg_link_problem(svg: &Path, href: &str) -> Option<String> {
    let outside = || {
        Some(format!(
            "links the image `{href}` outside its folder; a document reads only the files beside the logo"
        ))
    };
    if href.contains(':') || href.starts_with('/') || href.starts_with('\\') {
        return outside();
    }
    let dir = svg.parent()?;
    let (Ok(root), Ok(target)) = (dir.canonicalize(), dir.join(href).canonicalize()) else {
        return Some(format!(
            "links the image `{href}`, which is not found beside it"
        ));
    };
    if !target.starts_with(&root) {
        return outside();
    }
    if !target.is_file() {
        return Some(format!("links `{href}`, which is not a file"));
    }
    None
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
    fn linked_images_of_an_svg_are_found_with_their_line() {
        let svg = b"<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink'>\n  <rect/>\n  <image xlink:href=\"../secret.png\"/>\n<image href='data:image/png;base64,AAAA'/><image href='file:///etc/passwd'></image>\n</svg>";
        assert_eq!(
            svg_links(svg),
            [
                ("../secret.png".to_string(), 3, 3),
                ("file:///etc/passwd".to_string(), 4, 43)
            ]
        );
        assert!(svg_links(b"<svg><rect/></svg>").is_empty());
        let dir = tempfile::tempdir().unwrap();
        let logo = dir.path().join("logo.svg");
        std::fs::write(dir.path().join("inner.png"), PNG).unwrap();
        assert_eq!(svg_link_problem(&logo, "inner.png"), None);
        for bad in [
            "../secret.png",
            "/etc/passwd",
            "file:///etc/passwd",
            "https://x.io/a.png",
        ] {
            let why = svg_link_problem(&logo, bad).unwrap_or_default();
            assert!(why.contains(bad), "{bad}: {why}");
        }
        assert!(svg_link_problem(&logo, "missing.png").is_some());
    }

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

    /// `TINY_PNG` claiming `width` × `height` pixels (its header's CRC fixed up).
    fn png_claiming(width: u32, height: u32) -> Vec<u8> {
        let mut png = PNG.to_vec();
        png[16..20].copy_from_slice(&width.to_be_bytes());
        png[20..24].copy_from_slice(&height.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        png
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn a_png_claiming_too_many_pixels_is_refused_before_decoding() {
        let why = check_image(Path::new("chart.png"), &png_claiming(65_535, 65_535)).unwrap_err();
        assert_eq!(
            why,
            "is 65535 × 65535 pixels, more than the 50 megapixels nudj shows: scale it down"
        );
        // At the limit the header passes (the decoder then finds the data too short).
        let why = check_image(Path::new("chart.png"), &png_claiming(10_000, 5_000)).unwrap_err();
        assert!(why.starts_with("is not a readable PNG image"), "{why}");
    }

    /// Found by the `image` fuzz target: an 83-byte PNG whose header claims 150,994,945 ×
    /// 134,217,729 pixels made Typst's decoder ask for 81 PB and abort the process ("memory
    /// allocation of 81064794433519620 bytes failed"), as a logo or a narrative image. The
    /// header check missed it: the header reader's own memory limit failed first, and the
    /// failure was taken for damage left to the decoder. (The fuzz build's PNG decoder skips
    /// checksums; with the checksum right the same abort happens in a normal build.)
    const HUGE_PNG_CRASH: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x09, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F,
        0x15, 0x00, 0x00, 0x89, 0xC4, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8,
        0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89,
        0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0x89, 0x50, 0x4E,
        0x47, 0xF8, 0xF5, 0xCF, 0x42, 0x60, 0x82, 0xA7,
    ];

    #[test]
    fn the_fuzzed_petabyte_png_is_refused_not_decoded() {
        // As found (the fuzz build's PNG decoder skips checksums): refused, not decoded.
        assert!(check_image(Path::new("i.png"), HUGE_PNG_CRASH).is_err());
        // The second such input the target found (2 EB asked).
        assert!(
            check_image(
                Path::new("i.png"),
                &[
                    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49,
                    0x48, 0x44, 0x52, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x08, 0x06,
                    0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44,
                    0x41, 0x54, 0x78, 0x9C, 0x63, 0x26, 0xCF, 0x42, 0x60, 0x82
                ]
            )
            .is_err()
        );
        // With its header checksum right, as a real file would have it.
        let why =
            check_image(Path::new("i.png"), &png_claiming(150_994_945, 134_217_729)).unwrap_err();
        assert_eq!(
            why,
            "is 150994945 × 134217729 pixels, more than the 50 megapixels nudj shows: scale it down"
        );
    }

    #[test]
    fn an_svgz_bomb_is_refused_at_the_cap() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(b"<svg xmlns=\"http://www.w3.org/2000/svg\">")
            .unwrap();
        let zeros = vec![b' '; 1024 * 1024];
        for _ in 0..=MAX_IMAGE_BYTES / (1024 * 1024) {
            gz.write_all(&zeros).unwrap();
        }
        let bomb = gz.finish().unwrap();
        assert!(bomb.len() < 200 * 1024, "{}", bomb.len());
        let why = check_image(Path::new("chart.svgz"), &bomb).unwrap_err();
        assert_eq!(
            why,
            "inflates to more than 50 MB, more than nudj reads for an image"
        );
    }

    #[test]
    fn an_image_file_over_the_size_limit_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.png");
        let f = std::fs::File::create(&path).unwrap();
        f.set_len(MAX_IMAGE_BYTES + 1).unwrap();
        assert_eq!(
            read_image(&path).unwrap_err(),
            "is larger than the 50 MB nudj reads for an image: save it smaller"
        );
        std::fs::write(&path, PNG).unwrap();
        assert_eq!(read_image(&path).as_deref(), Ok(PNG));
    }

    #[test]
    fn text_is_not_an_svg() {
        assert!(check_image(Path::new("logo.svg"), b"hello").is_err());
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>"#;
        assert_eq!(check_image(Path::new("logo.svg"), svg), Ok(()));
    }
}
