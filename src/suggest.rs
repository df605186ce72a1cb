//! Name suggestions for unknown providers, models and zones: the closest known names by edit distance.

/// Up to three names closest to `wanted` (case-insensitive edit distance), best first.
pub fn closest<'a>(wanted: &str, names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let wanted = wanted.to_lowercase();
    let mut scored: Vec<(f64, &str)> = names
        .map(|n| {
            let lower = n.to_lowercase();
            let score = if lower.contains(&wanted) || wanted.contains(&lower) {
                1.0
            } else {
                strsim::normalized_damerau_levenshtein(&wanted, &lower)
            };
            (score, n)
        })
        .filter(|(s, _)| *s > 0.3)
        .collect();
    crate::sort::sort_by(&mut scored, |a, b| b.0.total_cmp(&a.0).then(a.1.len().cmp(&b.1.len())));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, n)| n.to_owned()).collect()
}

/// "; closest: a, b" after an unknown name, or nothing when there is no suggestion.
pub fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; closest: {}", suggestions.join(", "))
    }
}
