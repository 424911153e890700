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

/// The decimal a spreadsheet shows for `value` (its 15 significant digits), unrounded.
fn reading(value: f64) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    Decimal::try_from_str(&format!("{:.*e}", SIGNIFICANT_DIGITS - 1, value)).ok()
}

/// Is `x` below the level threshold `t`? As levels are awarded: a score within
/// [`crate::score::TOLERANCE`] of a threshold has reached it.
fn below(x: f64, t: f64) -> bool {
    x < t - crate::score::TOLERANCE
}

/// The first of `thresholds` that `shown` lies on the other side of than `value`.
fn crossed(value: f64, shown: &Decimal, thresholds: &[f64]) -> Option<f64> {
    let shown: f64 = shown.to_string().parse().ok()?;
    thresholds
        .iter()
        .copied()
        .find(|&t| below(value, t) != below(shown, t))
}

/// A score rounded for display to `decimals` places **toward its level**: half away from zero
/// as [`round_half_away`], unless that would put the figure shown on the other side of one of
/// `thresholds` (the model's levels' lowest scores) than the score itself; then it is rounded
/// toward the score's own side, down below a threshold and up above one. So a displayed score
/// never reaches a level its level does not: 2.995 under a level starting at 3.0 shows `2.99`,
/// not `3.00` beside "Level 1" (found by a tester); 1.1112 over a level starting at 1.111 shows
/// `1.12`, not `1.11`. `None` for not-a-number and infinities.
pub fn round_toward_level(value: f64, decimals: u8, thresholds: &[f64]) -> Option<Decimal> {
    let plain = round_half_away(value, decimals)?;
    let Some(t) = crossed(value, &plain, thresholds) else {
        return Some(plain);
    };
    let mut d = reading(value)?;
    let position = -i16::from(decimals);
    let mode = if below(value, t) {
        SignedRoundingMode::Floor
    } else {
        SignedRoundingMode::Ceil
    };
    d.round_with_mode(position, mode);
    d.absolute.trim_end();
    d.absolute.pad_end(position);
    if d.absolute.is_zero() {
        d.sign = Sign::None;
    }
    Some(d)
}

/// The decimals a number format needs so that a spreadsheet, which rounds half away from
/// zero and cannot round toward a level, shows `value` on its own side of every threshold: at
/// least `decimals`, one more at a time up to six (2.995 under 3.0: three, `2.995`).
pub fn level_safe_decimals(value: f64, decimals: u8, thresholds: &[f64]) -> u8 {
    (decimals..=decimals.max(6))
        .find(|&d| {
            round_half_away(value, d).is_none_or(|r| crossed(value, &r, thresholds).is_none())
        })
        .unwrap_or(decimals.max(6))
}

/// The decimals a level threshold is shown with: as many as the model wrote (read back from
/// the number, at most four), and at least `min`, the scores' decimals, so that "from 3.44"
/// stands beside a score of 3.40 at level 2, never "from 3.4" (found by a tester).
pub fn threshold_decimals(t: f64, min: u8) -> u8 {
    (min..=min.max(4))
        .find(|&d| {
            rounded_text(t, d)
                .parse::<f64>()
                .is_ok_and(|x| (x - t).abs() < 1e-9)
        })
        .unwrap_or(min.max(4))
}

/// Is `x` positive but shown as zero at `decimals` places? Such a gap is shown `<0.01`, never
/// `0.00` (a gap of 0.005 is a gap).
pub fn hidden_positive(x: f64, decimals: u8) -> bool {
    x > 0.0 && round_half_away(x, decimals).is_some_and(|d| d.absolute.is_zero())
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

    fn toward(value: f64, thresholds: &[f64]) -> String {
        round_toward_level(value, 2, thresholds)
            .unwrap()
            .to_string()
    }

    #[test]
    fn scores_round_toward_their_level() {
        // Tester 5's s7: 599/200 = 2.995, level 1 under a level 2 from 3.0; was `3.00`.
        let s7 = 599.0 / 200.0;
        assert_eq!(rounded_text(s7, 2), "3.00");
        assert_eq!(toward(s7, &[1.0, 3.0]), "2.99");
        assert_eq!(level_safe_decimals(s7, 2, &[1.0, 3.0]), 3);
        // Above a threshold written with three decimals: up, not down under it.
        assert_eq!(toward(1.1112, &[1.0, 1.111]), "1.12");
        // At a threshold (within the tolerance levels use): the level is reached.
        assert_eq!(toward(2.999_999_999_999_999_6, &[1.0, 3.0]), "3.00");
        // Nowhere near a threshold: plain half-away rounding.
        assert_eq!(toward(2.675, &[1.0, 3.0]), "2.68");
        assert_eq!(toward(3.44 - 0.04, &[1.0, 2.0, 3.44, 4.5]), "3.40");
        assert_eq!(level_safe_decimals(3.4, 2, &[1.0, 3.44]), 2);
    }

    #[test]
    fn thresholds_keep_their_written_decimals() {
        // Tester 5's s6 and s4: 3.44 was "3.4", 5.56 was "5.6".
        assert_eq!(threshold_decimals(3.44, 2), 2);
        assert_eq!(rounded_text(5.56, threshold_decimals(5.56, 2)), "5.56");
        assert_eq!(rounded_text(3.0, threshold_decimals(3.0, 2)), "3.00");
        assert_eq!(threshold_decimals(1.111, 2), 3);
        assert_eq!(threshold_decimals(1.0 / 3.0, 2), 4);
    }

    #[test]
    fn a_positive_gap_shown_as_zero_is_flagged() {
        assert!(hidden_positive(0.004, 2));
        assert!(!hidden_positive(0.005, 2));
        assert!(!hidden_positive(0.0, 2));
        assert!(!hidden_positive(-0.001, 2));
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
