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
use icu::datetime::fieldsets::{YM, YMD};
use icu::decimal::DecimalFormatter;
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
    month_year: DateTimeFormatter<YM>,
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
            month_year: DateTimeFormatter::try_new((&gregorian_loc).into(), YM::long())
                .map_err(|e| load(&e))?,
        })
    }

    /// `value` rounded to `decimals` places half away from zero (as Excel's ROUND; the rule
    /// is [`crate::rounding`]), with the language's digits and separators (`1,234.5`,
    /// `١٬٢٣٤٫٥`). Not-a-number and infinities come out as `—`.
    pub fn number(&self, value: f64, decimals: u8) -> String {
        match crate::rounding::round_half_away(value, decimals) {
            Some(d) => self.decimal.format(&d).to_string(),
            None => "—".to_string(),
        }
    }

    /// A score with `decimals` places rounded toward its level: never shown on the other side
    /// of one of `thresholds` (the levels' lowest scores) than it is (2.995 under a level at
    /// 3.0 is `2.99`; the rule is [`crate::rounding::round_toward_level`]).
    pub fn score(&self, value: f64, decimals: u8, thresholds: &[f64]) -> String {
        match crate::rounding::round_toward_level(value, decimals, thresholds) {
            Some(d) => self.decimal.format(&d).to_string(),
            None => "—".to_string(),
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
            Calendar::HijriUmmAlQura => match umm_al_qura(date) {
                Some(h) => return Ok(self.hijri_text(h)),
                // Outside the published table (before 1343 or after 1500 AH): ICU4X's
                // Umm al-Qura rules, which follow the KACST crescent simulations.
                None => &self.hijri,
            },
        };
        Ok(f.format(&iso).to_string())
    }

    /// The month and year of a date in the Gregorian calendar: `March 2026`, `مارس 2026`
    /// (`مارس ٢٠٢٦` with Arabic-Indic digits). Names a previous assessment in a sentence.
    pub fn month_year(&self, date: chrono::NaiveDate) -> Result<String> {
        use chrono::Datelike;
        let month = u8::try_from(date.month()).unwrap_or(1);
        let day = u8::try_from(date.day()).unwrap_or(1);
        let iso = Date::try_new_iso(date.year(), month, day)
            .map_err(|e| Error::DateRange(format!("date {date} cannot be formatted: {e}")))?;
        Ok(self.month_year.format(&iso).to_string())
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

    /// An official Umm al-Qura date written as ICU writes Hijri dates in this language:
    /// `21 جمادى الأولى 1448 هـ`, `Jumada I 21, 1448 AH`.
    fn hijri_text(&self, h: HijriDate) -> String {
        let arabic = self.lang == "ar" || self.lang.starts_with("ar-");
        let names = if arabic {
            &HIJRI_MONTHS_AR
        } else {
            &HIJRI_MONTHS_EN
        };
        let month = names
            .get(usize::from(h.month.saturating_sub(1)))
            .copied()
            .unwrap_or_default();
        let text = if arabic {
            format!("{} {month} {} هـ", h.day, h.year)
        } else {
            format!("{month} {}, {} AH", h.day, h.year)
        };
        if arabic && self.digits == Digits::ArabicIndic {
            text.chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) => char::from_u32(0x0660 + d).unwrap_or(c),
                    None => c,
                })
                .collect()
        } else {
            text
        }
    }
}

/// Hijri month names as CLDR gives them in Arabic (what ICU4X prints).
const HIJRI_MONTHS_AR: [&str; 12] = [
    "محرم",
    "صفر",
    "ربيع الأول",
    "ربيع الآخر",
    "جمادى الأولى",
    "جمادى الآخرة",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو القعدة",
    "ذو الحجة",
];

/// Hijri month names as CLDR gives them in English (what ICU4X prints).
const HIJRI_MONTHS_EN: [&str; 12] = [
    "Muharram",
    "Safar",
    "Rabiʻ I",
    "Rabiʻ II",
    "Jumada I",
    "Jumada II",
    "Rajab",
    "Shaʻban",
    "Ramadan",
    "Shawwal",
    "Dhuʻl-Qiʻdah",
    "Dhuʻl-Hijjah",
];

/// A day of the Hijri calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HijriDate {
    /// Year AH.
    pub year: i32,
    /// Month, 1 (Muharram) to 12 (Dhu al-Hijja).
    pub month: u8,
    /// Day of the month, 1 to 30.
    pub day: u8,
}

/// The official Umm al-Qura date of `date`, from the published table of month starts
/// ([`super::ummalqura`], 1343-1500 AH, 1 August 1924 to 16 November 2077); `None` outside it.
pub fn umm_al_qura(date: chrono::NaiveDate) -> Option<HijriDate> {
    use super::ummalqura::{FIRST_YEAR, MONTH_STARTS};
    use chrono::Datelike;
    // Julian Day Number of 0001-01-01 (proleptic Gregorian) is 1,721,426; the table is in
    // Reduced Julian Days (JDN − 2,400,000).
    let rjd = i64::from(date.num_days_from_ce()) + 1_721_425 - 2_400_000;
    let first = i64::from(*MONTH_STARTS.first()?);
    let end = i64::from(*MONTH_STARTS.last()?);
    if rjd < first || rjd >= end {
        return None;
    }
    let index = MONTH_STARTS
        .partition_point(|&s| i64::from(s) <= rjd)
        .checked_sub(1)?;
    let start = i64::from(*MONTH_STARTS.get(index)?);
    Some(HijriDate {
        year: FIRST_YEAR + i32::try_from(index / 12).ok()?,
        month: u8::try_from(index % 12 + 1).ok()?,
        day: u8::try_from(rjd - start + 1).ok()?,
    })
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

    /// The month and year that name a previous assessment, in each language and digits.
    #[test]
    fn month_and_year() {
        let day = d(2026, 3, 15);
        let f = |lang, digits| {
            Formatter::new(lang, digits)
                .unwrap()
                .month_year(day)
                .unwrap()
        };
        assert_eq!(f("en", Digits::Latin), "March 2026");
        assert_eq!(f("ar", Digits::Latin), "مارس 2026");
        assert_eq!(f("ar", Digits::ArabicIndic), "مارس ٢٠٢٦");
    }

    #[test]
    fn latin_numbers() {
        let en = Formatter::new("en", Digits::Latin).unwrap();
        assert_eq!(en.number(1234.567, 1), "1,234.6");
        // Half away from zero, as Excel: not half-even.
        assert_eq!(en.number(-3.25, 1), "-3.3");
        assert_eq!(en.number(6.25, 1), "6.3");
        assert_eq!(en.number(2.675, 2), "2.68");
        assert_eq!(en.percent(56.25, 1), "56.3%");
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

    /// (Gregorian year, month, day) → (Hijri year, month, day).
    type Pair = ((i32, u32, u32), (i32, u8, u8));

    /// Gregorian → official Umm al-Qura, a date every 89 days from 2024 to 2034 plus the
    /// dates of the report that found the error (expected values: `hijridate` 2.6.0, which
    /// follows the published tables).
    const OFFICIAL: &[Pair] = &[
        ((2024, 1, 7), (1445, 6, 25)),
        ((2024, 3, 11), (1445, 9, 1)),
        ((2024, 4, 5), (1445, 9, 26)),
        ((2024, 7, 3), (1445, 12, 27)),
        ((2024, 9, 30), (1446, 3, 27)),
        ((2024, 12, 28), (1446, 6, 27)),
        ((2025, 3, 27), (1446, 9, 27)),
        ((2025, 6, 24), (1446, 12, 28)),
        ((2025, 9, 21), (1447, 3, 29)),
        ((2025, 12, 19), (1447, 6, 28)),
        ((2026, 3, 18), (1447, 9, 29)),
        ((2026, 6, 15), (1447, 12, 29)),
        ((2026, 9, 12), (1448, 4, 1)),
        ((2026, 12, 10), (1448, 7, 1)),
        ((2027, 3, 9), (1448, 10, 1)),
        ((2027, 6, 6), (1449, 1, 1)),
        ((2027, 9, 3), (1449, 4, 2)),
        ((2027, 12, 1), (1449, 7, 3)),
        ((2028, 2, 28), (1449, 10, 3)),
        ((2028, 5, 25), (1450, 1, 1)),
        ((2028, 5, 27), (1450, 1, 3)),
        ((2028, 8, 24), (1450, 4, 3)),
        ((2028, 11, 21), (1450, 7, 4)),
        ((2029, 2, 18), (1450, 10, 5)),
        ((2029, 5, 18), (1451, 1, 5)),
        ((2029, 8, 15), (1451, 4, 5)),
        ((2029, 11, 12), (1451, 7, 6)),
        ((2030, 2, 9), (1451, 10, 6)),
        ((2030, 5, 9), (1452, 1, 7)),
        ((2030, 6, 21), (1452, 2, 20)),
        ((2030, 8, 6), (1452, 4, 6)),
        ((2030, 11, 3), (1452, 7, 7)),
        ((2031, 1, 31), (1452, 10, 8)),
        ((2031, 4, 30), (1453, 1, 8)),
        ((2031, 7, 28), (1453, 4, 8)),
        ((2031, 10, 25), (1453, 7, 9)),
        ((2032, 1, 22), (1453, 10, 9)),
        ((2032, 4, 20), (1454, 1, 10)),
        ((2032, 7, 18), (1454, 4, 10)),
        ((2032, 10, 15), (1454, 7, 10)),
        ((2033, 1, 12), (1454, 10, 11)),
        ((2033, 3, 17), (1454, 12, 16)),
        ((2033, 4, 11), (1455, 1, 11)),
        ((2033, 7, 9), (1455, 4, 12)),
        ((2033, 10, 6), (1455, 7, 12)),
        ((2034, 1, 3), (1455, 10, 12)),
        ((2034, 4, 2), (1456, 1, 13)),
        ((2034, 6, 30), (1456, 4, 14)),
        ((2034, 9, 27), (1456, 7, 14)),
        ((2034, 12, 25), (1456, 10, 14)),
    ];

    #[test]
    fn umm_al_qura_follows_the_official_table() {
        assert!(OFFICIAL.len() >= 40);
        for &((y, m, day), (hy, hm, hd)) in OFFICIAL {
            let got = umm_al_qura(d(y, m, day)).unwrap();
            let want = HijriDate {
                year: hy,
                month: hm,
                day: hd,
            };
            assert_eq!(got, want, "{y}-{m}-{day}");
        }
        // The two dates the cover had one day early.
        let ar = Formatter::new("ar", Digits::Latin).unwrap();
        assert_eq!(
            ar.date(d(2030, 6, 21), Calendar::HijriUmmAlQura).unwrap(),
            "20 صفر 1452 هـ"
        );
        assert_eq!(
            ar.date(d(2033, 3, 17), Calendar::HijriUmmAlQura).unwrap(),
            "16 ذو الحجة 1454 هـ"
        );
        // Table edges: 1 Muharram 1343 is 1 August 1924; the table ends 16 November 2077.
        assert_eq!(
            umm_al_qura(d(1924, 8, 1)),
            Some(HijriDate {
                year: 1343,
                month: 1,
                day: 1
            })
        );
        assert_eq!(umm_al_qura(d(1924, 7, 31)), None);
        assert_eq!(
            umm_al_qura(d(2077, 11, 16)),
            Some(HijriDate {
                year: 1500,
                month: 12,
                day: 30
            })
        );
        assert_eq!(umm_al_qura(d(2077, 11, 17)), None);
        // Beyond the table the date still comes out (ICU4X's rules).
        assert!(ar.date(d(2090, 1, 1), Calendar::HijriUmmAlQura).is_ok());
    }

    /// Where ICU4X agrees with the table (up to 1450 AH), the text is ICU4X's, letter for
    /// letter, in both languages and both digit systems: the table changed the day, not the
    /// way dates are written.
    #[test]
    fn table_dates_are_written_as_icu_writes_them() {
        for (lang, digits) in [
            ("ar", Digits::Latin),
            ("ar", Digits::ArabicIndic),
            ("en", Digits::Latin),
        ] {
            let f = Formatter::new(lang, digits).unwrap();
            for &((y, m, day), _) in OFFICIAL.iter().filter(|(g, _)| *g < (2028, 5, 1)) {
                let date = d(y, m, day);
                let iso = Date::try_new_iso(y, m as u8, day as u8).unwrap();
                assert_eq!(
                    f.date(date, Calendar::HijriUmmAlQura).unwrap(),
                    f.hijri.format(&iso).to_string(),
                    "{lang} {y}-{m}-{day}"
                );
            }
        }
    }
}
