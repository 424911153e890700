//! Themes: the branding of a report (firm, logos, colours, fonts, page, cover, footer,
//! confidentiality label, digits, Hijri date). The embedded `themes/default.yaml` is the
//! default; a theme file on disk may give any subset of its keys (the rest keep the default).
//! Format: docs/theme-format.md.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Error, Place, Result, Warned};
use crate::model::At;
use crate::model::yaml;
use crate::text::{Localized, Text};
use crate::typeset::locale::{Calendars, Digits};

/// The default theme, as shipped (and copied by `nudj init`).
pub const DEFAULT_THEME: &str = include_str!("../../themes/default.yaml");

/// Font families embedded in nudj that a theme may name.
pub const FONT_FAMILIES: &[&str] = &["IBM Plex Sans Arabic", "Amiri"];

fn loc(ar: &str, en: &str) -> Text {
    Text::Localized(Localized {
        ar: Some(ar.into()),
        en: Some(en.into()),
    })
}

/// A report theme. Every key is optional in a file; missing keys keep the default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Theme {
    /// The firm that signs the report.
    pub consultancy: Consultancy,
    /// Colours (`#RRGGBB`).
    pub colors: Colors,
    /// Font families.
    pub fonts: Fonts,
    /// Page size and cover style.
    pub page: PageSpec,
    /// Running footer text.
    pub footer: Text,
    /// Confidentiality label (cover and footer).
    pub confidentiality: Text,
    /// Arabic reports: `latin` digits (0123) or `arabic-indic` (٠١٢٣).
    pub digits: Digits,
    /// Arabic reports: the cover's date in the `gregorian` or `hijri` (Umm al-Qura)
    /// calendar, or `both`.
    pub calendar: Calendars,
    /// The old key for `digits` (`true`: Arabic-Indic): read, with a warning.
    #[serde(skip_serializing)]
    arabic_digits: Option<At<bool>>,
    /// The old key for `calendar` (`true`: `both`, `false`: `gregorian`): read, with a
    /// warning.
    #[serde(skip_serializing)]
    hijri: Option<At<bool>>,
    /// Folder of the theme file (logo paths are relative to it); not part of the format.
    #[serde(skip)]
    pub dir: Option<PathBuf>,
}

/// The consulting firm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Consultancy {
    /// Its name.
    pub name: Text,
    /// Its logo (PNG, JPEG or SVG), relative to the theme file.
    pub logo: Option<PathBuf>,
    /// A version of the logo for dark backgrounds (the `full` cover), relative to the theme
    /// file. Without it the full cover shows `logo` on a white plate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_on_dark: Option<PathBuf>,
}

/// Theme colours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Colors {
    /// Cover, headings, table heads.
    pub primary: String,
    /// Charts, rules.
    pub secondary: String,
    /// Highlights, the current level.
    pub accent: String,
    /// Body text.
    pub text: String,
    /// Secondary text.
    pub muted: String,
    /// Panels and table stripes.
    pub light: String,
    /// Target missed.
    pub red: String,
    /// Near the target.
    pub amber: String,
    /// Target met.
    pub green: String,
}

impl Colors {
    /// Every colour with the name templates know it by (`primary` … `green`), in that order.
    pub fn named(&self) -> [(&'static str, &String); 9] {
        [
            ("primary", &self.primary),
            ("secondary", &self.secondary),
            ("accent", &self.accent),
            ("text", &self.text),
            ("muted", &self.muted),
            ("light", &self.light),
            ("red", &self.red),
            ("amber", &self.amber),
            ("green", &self.green),
        ]
    }
}

/// Font families.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Fonts {
    /// Body text.
    pub body: String,
    /// Headings and the cover title.
    pub heading: String,
}

/// Page size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum PageSize {
    /// ISO A4 (default).
    #[default]
    A4,
    /// US Letter.
    UsLetter,
    /// ISO A5.
    A5,
}

impl PageSize {
    /// Typst's paper name.
    pub fn typst(self) -> &'static str {
        match self {
            PageSize::A4 => "a4",
            PageSize::UsLetter => "us-letter",
            PageSize::A5 => "a5",
        }
    }
}

/// Cover style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum CoverStyle {
    /// Full-bleed primary colour.
    #[default]
    Full,
    /// White page with a coloured band.
    Minimal,
}

/// Page settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct PageSpec {
    /// Paper size.
    pub size: PageSize,
    /// Cover style.
    pub cover: CoverStyle,
}

impl Default for Consultancy {
    fn default() -> Self {
        Consultancy {
            name: loc("نضج للاستشارات", "Nudj Advisory"),
            logo: None,
            logo_on_dark: None,
        }
    }
}

impl Default for Colors {
    fn default() -> Self {
        Colors {
            primary: "#0B3D5C".into(),
            secondary: "#1F7A8C".into(),
            accent: "#C8963E".into(),
            text: "#1E2A32".into(),
            muted: "#6B7A86".into(),
            light: "#EEF3F6".into(),
            red: "#C0392B".into(),
            amber: "#E08E0B".into(),
            green: "#2E8B57".into(),
        }
    }
}

impl Default for Fonts {
    fn default() -> Self {
        Fonts {
            body: "IBM Plex Sans Arabic".into(),
            heading: "IBM Plex Sans Arabic".into(),
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            consultancy: Consultancy::default(),
            colors: Colors::default(),
            fonts: Fonts::default(),
            page: PageSpec::default(),
            footer: loc(
                "تقرير تقييم نضج تجربة العميل",
                "Customer experience maturity assessment",
            ),
            confidentiality: loc(
                "سري — للاستخدام الداخلي لدى العميل",
                "Confidential — for the client's internal use",
            ),
            digits: Digits::Latin,
            calendar: Calendars::Both,
            arabic_digits: None,
            hijri: None,
            dir: None,
        }
    }
}

impl Theme {
    /// Reads a theme file; missing keys keep the default. Colours, fonts and the logo path
    /// are checked, each error naming the file. The old keys `arabic_digits` and `hijri` are
    /// read as `digits` and `calendar`, each with a warning at its line.
    pub fn load(path: &Path) -> Result<Warned<Theme>> {
        let src = yaml::read_yaml_file(path)?;
        let theme = Theme::parse(path, &src)?;
        let mut t = theme.output;
        // A bare file name (`--theme brand.yaml`) has the empty path as parent: the current
        // folder, which Typst's file sandbox must be given as `.`.
        t.dir = path.parent().map(|d| {
            if d.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                d.to_path_buf()
            }
        });
        t.check(path)?;
        Ok(Warned {
            output: t,
            warnings: theme.warnings,
        })
    }

    /// Parses theme YAML (no checks of files on disk), the old keys read as the new ones.
    pub fn parse(path: &Path, src: &str) -> Result<Warned<Theme>> {
        // The consultancy's name, the footer and the confidentiality line reach every page.
        let (src, bidi) = crate::normalize::drop_bidi_controls(path, src);
        let src = src.as_ref();
        let mut theme: Theme = yaml::parse(path, src)?;
        /// Which of the new keys the file gives.
        #[derive(Deserialize)]
        struct Given {
            digits: Option<serde::de::IgnoredAny>,
            calendar: Option<serde::de::IgnoredAny>,
        }
        let given: Given = yaml::parse(path, src)?;
        let mut warnings = bidi;
        let mut errors = Vec::new();
        let mut old = |key: &str, at: &At<bool>, new: &str, value: &str, both: bool| {
            let place = Place::line(at.line, at.column);
            if both {
                errors.push(
                    Diagnostic::error(path, place, format!("`{key}` and `{new}` both given"))
                        .with_help(format!("remove `{key}`: `{new}` replaces it")),
                );
            } else {
                warnings.push(
                    Diagnostic::warning(
                        path,
                        place,
                        format!("`{key}` is the old name of `{new}`; read as `{new}: {value}`"),
                    )
                    .with_help(format!(
                        "write `{new}: {value}` instead (docs/theme-format.md)"
                    )),
                );
            }
        };
        if let Some(at) = theme.arabic_digits.take() {
            let digits = if at.value {
                Digits::ArabicIndic
            } else {
                Digits::Latin
            };
            let value = if at.value { "arabic-indic" } else { "latin" };
            old(
                "arabic_digits",
                &at,
                "digits",
                value,
                given.digits.is_some(),
            );
            theme.digits = digits;
        }
        if let Some(at) = theme.hijri.take() {
            let (calendar, value) = if at.value {
                (Calendars::Both, "both")
            } else {
                (Calendars::Gregorian, "gregorian")
            };
            old("hijri", &at, "calendar", value, given.calendar.is_some());
            theme.calendar = calendar;
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        Ok(Warned {
            output: theme,
            warnings,
        })
    }

    /// Whether an Arabic report writes Arabic-Indic digits.
    pub fn arabic_digits(&self) -> bool {
        self.digits == Digits::ArabicIndic
    }

    /// The logo file, resolved against the theme's folder.
    pub fn logo_path(&self) -> Option<PathBuf> {
        self.resolve(self.consultancy.logo.as_ref()?)
    }

    /// The logo for dark backgrounds (`consultancy.logo_on_dark`), resolved against the
    /// theme's folder.
    pub fn dark_logo_path(&self) -> Option<PathBuf> {
        self.resolve(self.consultancy.logo_on_dark.as_ref()?)
    }

    fn resolve(&self, file: &Path) -> Option<PathBuf> {
        Some(match &self.dir {
            Some(d) => d.join(file),
            None => file.to_path_buf(),
        })
    }

    fn check(&self, path: &Path) -> Result<()> {
        let mut diags = Vec::new();
        let c = &self.colors;
        for (key, value) in [
            ("primary", &c.primary),
            ("secondary", &c.secondary),
            ("accent", &c.accent),
            ("text", &c.text),
            ("muted", &c.muted),
            ("light", &c.light),
            ("red", &c.red),
            ("amber", &c.amber),
            ("green", &c.green),
        ] {
            if parse_hex(value).is_none() {
                diags.push(
                    Diagnostic::error(
                        path,
                        Place::File,
                        format!("colors.{key}: `{value}` is not a colour"),
                    )
                    .with_help("write a colour as #RRGGBB, e.g. \"#0B3D5C\""),
                );
            }
        }
        for (key, family) in [("body", &self.fonts.body), ("heading", &self.fonts.heading)] {
            if !FONT_FAMILIES.contains(&family.as_str()) {
                let mut d = Diagnostic::error(
                    path,
                    Place::File,
                    format!("fonts.{key}: `{family}` is not a font nudj has"),
                );
                d = d.with_help(format!("use one of: {}", FONT_FAMILIES.join(", ")));
                diags.push(d);
            }
        }
        for (key, logo) in [
            ("logo", self.logo_path()),
            ("logo_on_dark", self.dark_logo_path()),
        ] {
            let Some(logo) = logo else { continue };
            if !logo.is_file() {
                diags.push(Diagnostic::error(
                    path,
                    Place::File,
                    format!(
                        "consultancy.{key}: `{}` does not exist (paths are relative to the theme file)",
                        logo.display()
                    ),
                ));
            } else if !is_image(&logo) {
                diags.push(Diagnostic::error(
                    path,
                    Place::File,
                    format!(
                        "consultancy.{key}: `{}` is not a PNG, JPEG or SVG file",
                        logo.display()
                    ),
                ));
            }
        }
        if diags.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(diags))
        }
    }
}

/// Whether a file name has an image extension Typst can show.
pub fn is_image(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    matches!(ext.as_deref(), Some("png" | "jpg" | "jpeg" | "svg"))
}

/// `#RRGGBB` → (r, g, b).
pub fn parse_hex(s: &str) -> Option<(u8, u8, u8)> {
    let h = s.strip_prefix('#')?;
    if h.len() != 6 || !h.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let p = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok();
    Some((p(0)?, p(2)?, p(4)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_default_file_is_the_default() {
        let t = Theme::parse(Path::new("themes/default.yaml"), DEFAULT_THEME).unwrap();
        assert!(t.warnings.is_empty());
        assert_eq!(t.output, Theme::default());
    }

    #[test]
    fn partial_theme_keeps_defaults() {
        let t = Theme::parse(
            Path::new("t.yaml"),
            "colors:\n  primary: \"#112233\"\ndigits: arabic-indic\ncalendar: hijri\n",
        )
        .unwrap()
        .output;
        assert_eq!(t.colors.primary, "#112233");
        assert_eq!(t.colors.accent, Colors::default().accent);
        assert!(t.arabic_digits());
        assert_eq!(t.calendar, Calendars::Hijri);
    }

    #[test]
    fn bidi_overrides_in_theme_texts_are_dropped_with_a_warning() {
        let t = Theme::parse(
            Path::new("t.yaml"),
            "footer: {ar: \"\u{202E}سري\", en: \"\u{202E}Confidential\u{202C}\"}\n",
        )
        .unwrap();
        assert_eq!(t.output.footer.get(crate::text::Lang::En), "Confidential");
        assert_eq!(t.output.footer.get(crate::text::Lang::Ar), "سري");
        assert_eq!(t.warnings.len(), 1);
        assert!(
            t.warnings[0]
                .to_string()
                .starts_with("t.yaml:1:15: warning: the invisible bidi control U+202E"),
            "{}",
            t.warnings[0]
        );
    }

    #[test]
    fn old_keys_are_read_with_a_warning_at_their_line() {
        let t = Theme::parse(Path::new("t.yaml"), "arabic_digits: true\nhijri: false\n").unwrap();
        assert_eq!(t.output.digits, Digits::ArabicIndic);
        assert_eq!(t.output.calendar, Calendars::Gregorian);
        let w: Vec<String> = t.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            w,
            [
                "t.yaml:1:16: warning: `arabic_digits` is the old name of `digits`; read as `digits: arabic-indic`\n  help: write `digits: arabic-indic` instead (docs/theme-format.md)",
                "t.yaml:2:8: warning: `hijri` is the old name of `calendar`; read as `calendar: gregorian`\n  help: write `calendar: gregorian` instead (docs/theme-format.md)",
            ]
        );
        let t = Theme::parse(Path::new("t.yaml"), "hijri: true\n")
            .unwrap()
            .output;
        assert_eq!(t.calendar, Calendars::Both);
        let err = Theme::parse(Path::new("t.yaml"), "digits: latin\narabic_digits: true\n");
        assert!(format!("{:?}", err.unwrap_err()).contains("both given"));
    }

    #[test]
    fn unknown_key_is_located() {
        let err = Theme::parse(Path::new("t.yaml"), "colours:\n  primary: red\n").unwrap_err();
        let text = format!("{err:?}");
        assert!(
            text.contains("colours") && text.contains("line: 1"),
            "{text}"
        );
    }

    #[test]
    fn bad_colour_and_font_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.yaml");
        std::fs::write(&p, "colors:\n  red: crimson\nfonts:\n  body: Comic Sans\n").unwrap();
        let text = format!("{:?}", Theme::load(&p).unwrap_err());
        assert!(
            text.contains("colors.red") && text.contains("fonts.body"),
            "{text}"
        );
    }

    #[test]
    fn hex_parsing() {
        assert_eq!(parse_hex("#0B3D5C"), Some((11, 61, 92)));
        assert_eq!(parse_hex("0B3D5C"), None);
        assert_eq!(parse_hex("#0B3D5"), None);
        assert_eq!(parse_hex("#ééé"), None);
    }
}
