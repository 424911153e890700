//! Order statistics of a benchmark figure: quartiles by linear interpolation between order
//! statistics and the percentile of a value among them. Pure functions on `f64` slices.

use serde::{Deserialize, Serialize};

/// Quantile `p` (0 ≤ p ≤ 1) of `sorted` (ascending, finite) by linear interpolation between
/// order statistics, as Excel's `QUARTILE.INC` / `PERCENTILE.INC` and numpy's default: for
/// x₁ … xₙ, h = (n − 1)·p + 1 and q(p) = x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋).
/// `None` for an empty slice.
pub fn quantile_inc(sorted: &[f64], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let p = p.clamp(0.0, 1.0);
    // 0-based: ⌊h⌋ − 1 = ⌊(n − 1)·p⌋.
    let h = last as f64 * p;
    let lo = (h.floor() as usize).min(last);
    let frac = h - lo as f64;
    let a = *sorted.get(lo)?;
    let b = sorted.get(lo + 1).copied().unwrap_or(a);
    Some(if frac == 0.0 { a } else { a + frac * (b - a) })
}

/// Percentile rank of `x` among `values` (any order): 100 × (values below x + ½ × values
/// equal to x) / n (the "mid-rank" definition, so a value equal to every benchmark value is
/// at the 50th percentile). `None` when `values` is empty.
pub fn percentile_rank(values: &[f64], x: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let below = values.iter().filter(|v| **v < x).count() as f64;
    let equal = values.iter().filter(|v| **v == x).count() as f64;
    Some(100.0 * (below + 0.5 * equal) / values.len() as f64)
}

/// The distribution of one figure over the benchmark's organisations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Distribution {
    /// Organisations reporting the figure.
    pub n: u64,
    /// Lowest value.
    pub min: f64,
    /// First quartile (`QUARTILE.INC`, p = 0.25).
    pub q1: f64,
    /// Median (p = 0.5).
    pub median: f64,
    /// Third quartile (p = 0.75).
    pub q3: f64,
    /// Highest value.
    pub max: f64,
    /// Arithmetic mean (summed in ascending order, so it does not depend on input order).
    pub mean: f64,
    /// The values themselves, ascending.
    pub values: Vec<f64>,
}

impl Distribution {
    /// The distribution of `values` (any order). `None` when empty or when a value is not
    /// finite.
    pub fn of(values: &[f64]) -> Option<Distribution> {
        if values.is_empty() || values.iter().any(|v| !v.is_finite()) {
            return None;
        }
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let q = |p| quantile_inc(&sorted, p);
        let sum: f64 = sorted.iter().sum();
        Some(Distribution {
            n: sorted.len() as u64,
            min: *sorted.first()?,
            q1: q(0.25)?,
            median: q(0.5)?,
            q3: q(0.75)?,
            max: *sorted.last()?,
            mean: sum / sorted.len() as f64,
            values: sorted,
        })
    }

    /// Percentile rank of `x` among the values (see [`percentile_rank`]).
    pub fn percentile(&self, x: f64) -> Option<f64> {
        percentile_rank(&self.values, x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    /// n = 5 (odd): h = 4p + 1. p = .25 → h = 2 → x₂ = 2.0; p = .5 → x₃ = 3.5;
    /// p = .75 → h = 4 → x₄ = 4.0. Mean = 16.5 / 5 = 3.3.
    #[test]
    fn quartiles_odd_n_by_hand() {
        let d = Distribution::of(&[4.0, 1.0, 3.5, 2.0, 6.0]).unwrap();
        assert_eq!(d.values, vec![1.0, 2.0, 3.5, 4.0, 6.0]);
        assert_eq!((d.n, d.min, d.max), (5, 1.0, 6.0));
        assert!(close(d.q1, 2.0));
        assert!(close(d.median, 3.5));
        assert!(close(d.q3, 4.0));
        assert!(close(d.mean, 3.3));
    }

    /// n = 6 (even): h = 5p + 1. p = .25 → h = 2.25 → x₂ + .25(x₃ − x₂) = 2 + .25 × 1 = 2.25;
    /// p = .5 → h = 3.5 → 3 + .5 × (5 − 3) = 4; p = .75 → h = 4.75 → 5 + .75 × (8 − 5) = 7.25.
    /// Excel: QUARTILE.INC({1,2,3,5,8,13},1) = 2.25, (…,2) = 4, (…,3) = 7.25.
    #[test]
    fn quartiles_even_n_by_hand() {
        let d = Distribution::of(&[13.0, 8.0, 5.0, 3.0, 2.0, 1.0]).unwrap();
        assert!(close(d.q1, 2.25));
        assert!(close(d.median, 4.0));
        assert!(close(d.q3, 7.25));
        assert!(close(d.mean, 32.0 / 6.0));
        assert_eq!((d.min, d.max), (1.0, 13.0));
    }

    /// n = 4: h = 3p + 1: q1 at h = 1.75 → 10 + .75 × (20 − 10) = 17.5; q3 at h = 3.25 →
    /// 30 + .25 × (40 − 30) = 32.5; median 25.
    #[test]
    fn quartiles_interpolate_between_order_statistics() {
        let s = [10.0, 20.0, 30.0, 40.0];
        assert!(close(quantile_inc(&s, 0.25).unwrap(), 17.5));
        assert!(close(quantile_inc(&s, 0.5).unwrap(), 25.0));
        assert!(close(quantile_inc(&s, 0.75).unwrap(), 32.5));
        assert_eq!(quantile_inc(&s, 0.0), Some(10.0));
        assert_eq!(quantile_inc(&s, 1.0), Some(40.0));
        assert_eq!(quantile_inc(&[], 0.5), None);
        assert_eq!(quantile_inc(&[7.0], 0.75), Some(7.0));
    }

    /// Values 1, 2, 2, 2, 3, 4 (n = 6). x = 2: 1 below, 3 equal → 100 × (1 + 1.5) / 6 = 41.67.
    /// x = 1: 0 below, 1 equal → 8.33. x = 4: 5 below, 1 equal → 91.67. x = 2.5: 4 below →
    /// 66.67. x = 0: 0. x = 5: 100.
    #[test]
    fn percentile_with_ties_by_hand() {
        let v = [2.0, 4.0, 1.0, 2.0, 3.0, 2.0];
        let p = |x| percentile_rank(&v, x).unwrap();
        assert!(close(p(2.0), 250.0 / 6.0));
        assert!(close(p(1.0), 50.0 / 6.0));
        assert!(close(p(4.0), 550.0 / 6.0));
        assert!(close(p(2.5), 400.0 / 6.0));
        assert_eq!(p(0.0), 0.0);
        assert_eq!(p(5.0), 100.0);
        assert_eq!(percentile_rank(&[], 1.0), None);
        // Every value equal: the middle.
        assert_eq!(percentile_rank(&[3.0, 3.0, 3.0], 3.0), Some(50.0));
    }

    #[test]
    fn the_same_values_in_any_order_give_the_same_distribution() {
        let a = Distribution::of(&[0.1, 0.7, 0.2, 0.3, 0.05]).unwrap();
        let b = Distribution::of(&[0.3, 0.05, 0.2, 0.7, 0.1]).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.mean.to_bits(), b.mean.to_bits());
    }

    #[test]
    fn empty_or_non_finite_values_have_no_distribution() {
        assert_eq!(Distribution::of(&[]), None);
        assert_eq!(Distribution::of(&[1.0, f64::NAN]), None);
        assert_eq!(Distribution::of(&[1.0, f64::INFINITY]), None);
    }
}
