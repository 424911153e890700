//! Numbers and dates for a document's language, through ICU4X (CLDR data compiled in).
//!
//! Arabic text may use Latin digits (0-9, common in Gulf business documents) or
//! Arabic-Indic digits (٠-٩ with the Arabic decimal ٫, group ٬ and percent ٪); the theme
//! chooses with [`Digits`]. Dates come in the Gregorian calendar (Arabic month names in
//! Arabic) or the Hijri Umm al-Qura calendar used in Saudi Arabia.
//!
//! Results are plain text: wrap them with [`super::ltr`] where they sit inside Arabic.

use icu::calendar::Date;
use icu::datetime::DateTimeFormatter;
use icu::datetime::fieldsets::YMD;
use icu::decimal::DecimalFormatter;
use icu::decimal::input::Decimal;
use icu::locale::Locale;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Which digits numbers are written with.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Digits {
    /// 0-9 with `.` and `,` (also in Arabic text).
    #[default]
    Latin,
    /// ٠-٩ with the Arabic decimal and group separators; applies to Arabic documents only.
    ArabicIndic,
}

/// Which calendar dates are written in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Calendar {
    /// The Gregorian calendar.
    #[default]
    Gregorian,
    /// The Hijri calendar, Umm al-Qura rules (Saudi Arabia).
    HijriUmmAlQura,
}

/// Which calendars a document shows its dates in: the `calendar:` key of report and course
/// themes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Calendars {
    /// The Gregorian date only.
    #[default]
    Gregorian,
    /// The Hijri date only (Umm al-Qura). `hijri-umm-al-qura`, the course themes' earlier
    /// spelling, is read as this.
    #[serde(alias = "hijri-umm-al-qura")]
    Hijri,
    /// The Gregorian date with the Hijri date beside it.
    Both,
}

impl Calendars {
    /// Whether the Gregorian date is shown.
    pub fn gregorian(self) -> bool {
        self != Calendars::Hijri
    }

    /// Whether the Hijri date is shown.
    pub fn hijri(self) -> bool {
        self != Calendars::Gregorian
    }
}

/// Formats numbers and dates for one language and digit style. Build once per document:
/// it holds the loaded ICU formatters.
pub struct Formatter {
    lang: String,
    digits: Digits,
    decimal: DecimalFormatter,
    gregorian: DateTimeFormatter<YMD>,
    hijri: DateTimeFormatter<YMD>,
}

impl std::fmt::Debug for Formatter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Formatter")
            .field("lang", &self.lang)
            .field("digits", &self.digits)
            .finish()
    }
}

impl Formatter {
    /// A formatter for language `lang` (`ar`, `en`, or a full tag like `ar-SA`).
    pub fn new(lang: &str, digits: Digits) -> Result<Formatter> {
        let arabic = lang == "ar" || lang.starts_with("ar-");
        let nu = if arabic && digits == Digits::ArabicIndic {
            "arab"
        } else {
            "latn"
        };
        let parse = |tag: String| -> Result<Locale> {
            tag.parse::<Locale>()
                .map_err(|e| Error::internal(format!("unknown language `{lang}`: {e}")))
        };
        let base = parse(format!("{lang}-u-nu-{nu}"))?;
        let gregorian_loc = parse(format!("{lang}-u-ca-gregory-nu-{nu}"))?;
        let hijri_loc = parse(format!("{lang}-u-ca-islamic-umalqura-nu-{nu}"))?;
        let load = |e: &dyn std::fmt::Display| {
            Error::internal(format!("no locale data for `{lang}`: {e}"))
        };
        Ok(Formatter {
            lang: lang.to_string(),
            digits,
            decimal: DecimalFormatter::try_new((&base).into(), Default::default())
                .map_err(|e| load(&e))?,
            gregorian: DateTimeFormatter::try_new((&gregorian_loc).into(), YMD::long())
                .map_err(|e| load(&e))?,
            hijri: DateTimeFormatter::try_new((&hijri_loc).into(), YMD::long())
                .map_err(|e| load(&e))?,
        })
    }

    /// `value` rounded to `decimals` places, with the language's digits and separators
    /// (`1,234.5`, `١٬٢٣٤٫٥`). Not-a-number and infinities come out as `—`.
    pub fn number(&self, value: f64, decimals: u8) -> String {
        if !value.is_finite() {
            return "—".to_string();
        }
        // Rust's formatting rounds the exact binary value correctly; ICU then localises.
        let text = format!("{value:.*}", usize::from(decimals));
        let text = if text.trim_start_matches(['-', '0', '.']).is_empty() {
            text.trim_start_matches('-').to_string() // no "-0.0"
        } else {
            text
        };
        match text.parse::<Decimal>() {
            Ok(d) => self.decimal.format(&d).to_string(),
            Err(_) => text,
        }
    }

    /// A percentage: `12.5%`, `١٢٫٥٪`.
    pub fn percent(&self, value: f64, decimals: u8) -> String {
        let n = self.number(value, decimals);
        if self.lang.starts_with("ar") && self.digits == Digits::ArabicIndic {
            format!("{n}٪")
        } else {
            format!("{n}%")
        }
    }

    /// A date in long form in the given calendar: `1 نوفمبر 2026`, `November 1, 2026`,
    /// `21 جمادى الأولى 1448 هـ`.
    ///
    /// See [`Formatter::dates`] for the dates of a theme's `calendar:`.
    pub fn date(&self, date: chrono::NaiveDate, calendar: Calendar) -> Result<String> {
        use chrono::Datelike;
        let month = u8::try_from(date.month()).unwrap_or(1);
        let day = u8::try_from(date.day()).unwrap_or(1);
        let iso = Date::try_new_iso(date.year(), month, day)
            .map_err(|e| Error::DateRange(format!("date {date} cannot be formatted: {e}")))?;
        let f = match calendar {
            Calendar::Gregorian => &self.gregorian,
            Calendar::HijriUmmAlQura => &self.hijri,
        };
        Ok(f.format(&iso).to_string())
    }

    /// A date in the calendars a theme asks for: one of them, or with `both` the Gregorian
    /// date, ` / `, the Hijri date.
    pub fn dates(&self, date: chrono::NaiveDate, calendars: Calendars) -> Result<String> {
        Ok(match calendars {
            Calendars::Gregorian => self.date(date, Calendar::Gregorian)?,
            Calendars::Hijri => self.date(date, Calendar::HijriUmmAlQura)?,
            Calendars::Both => format!(
                "{} / {}",
                self.date(date, Calendar::Gregorian)?,
                self.date(date, Calendar::HijriUmmAlQura)?
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_themes_calendars() {
        let en = Formatter::new("en", Digits::Latin).unwrap();
        let day = d(2026, 11, 1);
        let g = en.date(day, Calendar::Gregorian).unwrap();
        let h = en.date(day, Calendar::HijriUmmAlQura).unwrap();
        assert_eq!(en.dates(day, Calendars::Gregorian).unwrap(), g);
        assert_eq!(en.dates(day, Calendars::Hijri).unwrap(), h);
        assert_eq!(
            en.dates(day, Calendars::Both).unwrap(),
            format!("{g} / {h}")
        );
        let old: Calendars = serde_json::from_str("\"hijri-umm-al-qura\"").unwrap();
        assert_eq!(old, Calendars::Hijri);
        assert!(Calendars::Both.gregorian() && Calendars::Both.hijri());
        assert!(!Calendars::Hijri.gregorian() && !Calendars::Gregorian.hijri());
    }

    #[test]
    fn latin_numbers() {
        let en = Formatter::new("en", Digits::Latin).unwrap();
        assert_eq!(en.number(1234.567, 1), "1,234.6");
        assert_eq!(en.number(-3.25, 1), "-3.2"); // exact binary value 3.25 → half-even
        assert_eq!(en.number(-0.01, 1), "0.0");
        assert_eq!(en.percent(12.5, 1), "12.5%");
        assert_eq!(en.number(f64::NAN, 1), "—");
        let ar = Formatter::new("ar", Digits::Latin).unwrap();
        assert_eq!(ar.number(1234.5, 1), "1,234.5");
    }

    #[test]
    fn arabic_indic_numbers() {
        let ar = Formatter::new("ar", Digits::ArabicIndic).unwrap();
        assert_eq!(ar.number(1234.5, 1), "١٬٢٣٤٫٥");
        assert_eq!(ar.percent(12.5, 1), "١٢٫٥٪");
        // English ignores the Arabic digit setting.
        let en = Formatter::new("en", Digits::ArabicIndic).unwrap();
        assert_eq!(en.number(1234.5, 1), "1,234.5");
    }

    #[test]
    fn dates_in_both_calendars() {
        let en = Formatter::new("en", Digits::Latin).unwrap();
        assert_eq!(
            en.date(d(2026, 11, 1), Calendar::Gregorian).unwrap(),
            "November 1, 2026"
        );
        let ar = Formatter::new("ar", Digits::Latin).unwrap();
        let g = ar.date(d(2026, 11, 1), Calendar::Gregorian).unwrap();
        assert!(g.contains("نوفمبر") && g.contains("2026"), "{g}");
        // 1 November 2026 is 21 Jumada al-Ula 1448 in Umm al-Qura.
        let h = ar.date(d(2026, 11, 1), Calendar::HijriUmmAlQura).unwrap();
        assert_eq!(h, "21 جمادى الأولى 1448 هـ");
        assert_eq!(g, "1 نوفمبر 2026");
        let ar_digits = Formatter::new("ar", Digits::ArabicIndic).unwrap();
        let h = ar_digits
            .date(d(2026, 11, 1), Calendar::HijriUmmAlQura)
            .unwrap();
        assert!(h.contains("١٤٤٨"), "{h}");
    }
}
