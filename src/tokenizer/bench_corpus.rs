//! A deterministic "real-ish" mixed text for tokenizer benchmarks (native example, node and browser
//! comparisons): prose, code, JSON, CJK, Hindi, Arabic and other scripts from tests/data/corpus, shuffled
//! paragraph by paragraph with a fixed seed, so every benchmark counts the very same bytes.

/// Sources and their weights (out of 100), roughly what people paste.
const SOURCES: [(&str, u64); 7] = [
    (include_str!("../../tests/data/corpus/prose-apache-2.0.txt"), 30),
    (include_str!("../../tests/data/corpus/code-footprint.rs"), 25),
    (include_str!("../../tests/data/corpus/data-models.json.txt"), 15),
    (include_str!("../../tests/data/corpus/cjk.txt"), 10),
    (include_str!("../../tests/data/corpus/hindi.txt"), 7),
    (include_str!("../../tests/data/corpus/arabic.txt"), 5),
    (include_str!("../../tests/data/corpus/misc-scripts.txt"), 8),
];

/// A deterministic text of at least `min_bytes` bytes (less than one paragraph more).
pub fn bench_corpus(min_bytes: usize) -> String {
    let paragraphs: Vec<Vec<&str>> = SOURCES
        .iter()
        .map(|(text, _)| text.split_inclusive("\n\n").filter(|p| !p.trim().is_empty()).collect())
        .collect();
    let total_weight: u64 = SOURCES.iter().map(|(_, w)| w).sum();
    let mut state = 0x2545_F491_4F6C_DD1D_u64;
    let mut next = || {
        // xorshift64*
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let mut text = String::with_capacity(min_bytes + 4096);
    while text.len() < min_bytes {
        let mut pick = next() % total_weight;
        let source = SOURCES
            .iter()
            .position(|&(_, weight)| {
                let hit = pick < weight;
                pick = pick.saturating_sub(weight);
                hit
            })
            .unwrap_or(0);
        let choices = &paragraphs[source];
        text += choices[(next() % choices.len() as u64) as usize];
        if !text.ends_with('\n') {
            text.push('\n');
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_is_deterministic_mixed_and_long_enough() {
        let text = bench_corpus(200_000);
        assert!(text.len() >= 200_000 && text.len() < 220_000);
        assert_eq!(text, bench_corpus(200_000));
        for sample in ["Licensor", "fn ", "\"provider\"", "语言", "भाषा", "اللغة"] {
            assert!(text.contains(sample), "{sample} missing");
        }
    }
}
