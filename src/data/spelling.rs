//! Data values that differ only in spelling (double spaces, Latin case, ى/ي, ة/ه, hamza
//! forms) are one value: grouped by the shared normalisation, shown in the spelling most
//! respondents used, and the merge is reported so no one wonders where a group went.

use std::collections::HashMap;

use crate::normalize::normalize;

/// One group of spellings merged into one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Merged {
    /// The spelling kept (the most frequent; on a tie, the first in the file).
    pub kept: String,
    /// How many values were written that way.
    pub kept_count: usize,
    /// The other spellings, with their counts, most frequent first.
    pub others: Vec<(String, usize)>,
}

impl Merged {
    /// `` `kept` (12 respondent(s)) also written `x` (1), `y` (1); counted as one group ``.
    pub(super) fn describe(&self, unit: &str) -> String {
        let others: Vec<String> = self
            .others
            .iter()
            .map(|(s, n)| format!("`{s}` ({n})"))
            .collect();
        format!(
            "`{}` ({} {unit}) is also written {}; counted as one group",
            self.kept,
            self.kept_count,
            others.join(", ")
        )
    }
}

/// Rewrites every value to its group's kept spelling; returns the groups that had more
/// than one spelling, ordered by kept spelling.
pub(super) fn unify<'a>(values: impl Iterator<Item = &'a mut String>) -> Vec<Merged> {
    let mut values: Vec<&mut String> = values.collect();
    // key → spellings in order of first appearance, with counts.
    let mut groups: HashMap<String, Vec<(String, usize)>> = HashMap::new();
    for v in &values {
        let spellings = groups.entry(normalize(v)).or_default();
        match spellings.iter_mut().find(|(s, _)| s == v.as_str()) {
            Some((_, n)) => *n += 1,
            None => spellings.push((v.to_string(), 1)),
        }
    }
    let mut merged = Vec::new();
    let mut kept: HashMap<String, String> = HashMap::new();
    for (key, spellings) in groups {
        if spellings.len() < 2 {
            continue;
        }
        // Most frequent first; the sort is stable, so ties keep the file's order.
        let mut sorted = spellings;
        sorted.sort_by_key(|s| std::cmp::Reverse(s.1));
        let mut it = sorted.into_iter();
        let Some((first, count)) = it.next() else {
            continue;
        };
        kept.insert(key, first.clone());
        merged.push(Merged {
            kept: first,
            kept_count: count,
            others: it.collect(),
        });
    }
    for v in values.iter_mut() {
        if let Some(k) = kept.get(&normalize(v)) {
            **v = k.clone();
        }
    }
    merged.sort_by(|a, b| a.kept.cmp(&b.kept));
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_merge_to_the_most_frequent() {
        let mut v: Vec<String> = [
            "مستشفى الرياض",
            "مستشفى  الرياض",
            "مستشفى الرياض",
            "مستشفي الرياض",
            "مستشفى جدة",
            "Riyadh",
            "riyadh",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let merged = unify(v.iter_mut());
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].kept, "Riyadh");
        assert_eq!(merged[1].kept, "مستشفى الرياض");
        assert_eq!(merged[1].kept_count, 2);
        assert_eq!(
            merged[1].others,
            vec![
                ("مستشفى  الرياض".to_string(), 1),
                ("مستشفي الرياض".to_string(), 1)
            ]
        );
        assert_eq!(v.iter().filter(|s| *s == "مستشفى الرياض").count(), 4);
        assert_eq!(v[4], "مستشفى جدة");
        assert_eq!(v[6], "Riyadh");
        assert_eq!(
            merged[1].describe("respondent(s)"),
            "`مستشفى الرياض` (2 respondent(s)) is also written `مستشفى  الرياض` (1), `مستشفي الرياض` (1); counted as one group"
        );
    }
}
