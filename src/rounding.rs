//! Rounding of displayed figures: the one rule every table, chart, sentence, terminal table
//! and CSV uses.
//!
//! Figures round **half away from zero**, as Excel's `ROUND`, Google Sheets, SurveyMonkey and
//! Qualtrics show them: NPS +6.25 → +6.3, 56.25 % → 56.3 %, 3.125 → 3.13, −0.25 → −0.3.
//! (Rust's `format!("{:.1}")` rounds the exact binary value, half to even: 6.25 → 6.2, which
//! differs from the client's own spreadsheet.)
//!
//! A binary float is first read as the decimal a spreadsheet shows, its value to
//! [`SIGNIFICANT_DIGITS`] significant digits (Excel keeps 15), and that decimal is rounded:
//! 2.675, stored as 2.67499999999999982236431605997495353221893310546875, rounds to 2.68 as
//! in Excel, and 1.005 to 1.01. The same reading absorbs the last-bit noise of sums and
//! means (a mean computed as 3.1249999999999996 is 3.125 on paper and shows 3.13). The
//! rounding itself is ICU4X's `fixed_decimal` (the decimal type our locale formatter
//! localises), so no digit arithmetic is written here. JSON output keeps full precision.

use fixed_decimal::{Decimal, Sign, SignedRoundingMode, UnsignedRoundingMode};

/// Significant digits a binary float is read to before it is rounded for display: Excel
/// stores and compares numbers to 15 significant digits.
pub const SIGNIFICANT_DIGITS: usize = 15;

/// `value` rounded to `decimals` places, half away from zero, with exactly `decimals`
/// fraction digits and no negative zero (−0.04 to one place is `0.0`). `None` for
/// not-a-number and infinities.
pub fn round_half_away(value: f64, decimals: u8) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    // `{:.14e}` gives 15 significant digits, correctly rounded from the binary value.
    let text = format!("{:.*e}", SIGNIFICANT_DIGITS - 1, value);
    let mut d = Decimal::try_from_str(&text).ok()?;
    let position = -i16::from(decimals);
    d.round_with_mode(
        position,
        SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfExpand),
    );
    d.absolute.trim_end();
    d.absolute.pad_end(position);
    if d.absolute.is_zero() {
        d.sign = Sign::None;
    }
    Some(d)
}

/// `value` rounded as [`round_half_away`], as ASCII text (`3.13`, `-0.3`, `44`); `—` for
/// not-a-number and infinities.
pub fn rounded_text(value: f64, decimals: u8) -> String {
    round_half_away(value, decimals).map_or_else(|| "—".to_string(), |d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_round_away_from_zero() {
        // The nps-rounding-tie field case: NPS, CSAT, a question mean, the NPS shares.
        assert_eq!(rounded_text(6.25, 1), "6.3");
        assert_eq!(rounded_text(56.25, 1), "56.3");
        assert_eq!(rounded_text(3.125, 2), "3.13");
        assert_eq!(rounded_text(43.75, 0), "44");
        assert_eq!(rounded_text(18.75, 0), "19");
        assert_eq!(rounded_text(37.5, 0), "38");
        assert_eq!(rounded_text(0.125, 2), "0.13");
        assert_eq!(rounded_text(0.5, 0), "1");
        assert_eq!(rounded_text(2.5, 0), "3");
    }

    #[test]
    fn negative_ties_round_away_from_zero() {
        assert_eq!(rounded_text(-0.25, 1), "-0.3");
        assert_eq!(rounded_text(-6.25, 1), "-6.3");
        assert_eq!(rounded_text(-0.125, 2), "-0.13");
        assert_eq!(rounded_text(-2.5, 0), "-3");
    }

    #[test]
    fn binary_floats_round_as_the_decimal_a_spreadsheet_shows() {
        // 2.675 is stored as 2.67499999…; Excel's ROUND(2.675, 2) gives 2.68.
        assert_eq!(format!("{:.20}", 2.675_f64), "2.67499999999999982236");
        assert_eq!(format!("{:.2}", 2.675_f64), "2.67");
        assert_eq!(rounded_text(2.675, 2), "2.68");
        assert_eq!(rounded_text(1.005, 2), "1.01");
        assert_eq!(rounded_text(-1.005, 2), "-1.01");
        // Last-bit noise of a computed mean does not move a tie.
        assert_eq!(rounded_text(3.124_999_999_999_999_6, 2), "3.13");
        assert_eq!(rounded_text(0.1 + 0.2, 2), "0.30");
        // Real values below a tie stay below it.
        assert_eq!(rounded_text(3.124_99, 2), "3.12");
        assert_eq!(rounded_text(2.674_999_9, 2), "2.67");
    }

    #[test]
    fn fixed_decimals_no_negative_zero() {
        assert_eq!(rounded_text(3.0, 2), "3.00");
        assert_eq!(rounded_text(16.666_666_666_666_668, 1), "16.7");
        assert_eq!(rounded_text(-0.04, 1), "0.0");
        assert_eq!(rounded_text(-0.0, 0), "0");
        assert_eq!(rounded_text(0.0, 2), "0.00");
        assert_eq!(rounded_text(1234.5, 0), "1235");
        assert_eq!(rounded_text(999.95, 1), "1000.0");
        assert_eq!(rounded_text(1e-20, 2), "0.00");
        assert_eq!(rounded_text(123_456_789.0, 0), "123456789");
        assert_eq!(rounded_text(f64::NAN, 1), "—");
        assert_eq!(rounded_text(f64::INFINITY, 1), "—");
    }
}
