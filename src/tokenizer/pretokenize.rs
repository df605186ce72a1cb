//! The pre-tokenizers: hand-written equivalents of tiktoken's `cl100k_base` and `o200k_base` split regexes
//! (leftmost-first alternation, greedy/possessive quantifiers and backtracking reproduced case by case), linear
//! in the length of the text. Each yields the byte ranges of the pieces the regex's `find_iter` would match.

use std::sync::OnceLock;

use super::unicode_classes::{LINE_BREAK, LOWER, MARK, NUMBER, OTHER_LETTER, RUNS, SPACE, UPPER};

/// Class of the code points in no class of [`super::unicode_classes`] (punctuation, symbols, controls, …).
const OTHER: u8 = 0;

/// Character classes of the Basic Multilingual Plane, one byte per code point; the astral planes are looked
/// up in [`RUNS`] by binary search.
pub(super) struct CharClasses {
    bmp: Box<[u8]>,
}

impl CharClasses {
    /// The shared table, built on first use (about 64 KB, well under a millisecond).
    pub(super) fn get() -> &'static CharClasses {
        static TABLE: OnceLock<CharClasses> = OnceLock::new();
        TABLE.get_or_init(|| {
            let mut bmp = vec![OTHER; 0x1_0000].into_boxed_slice();
            for (i, &run) in RUNS.iter().enumerate() {
                let start = (run >> 3) as usize;
                let end = RUNS.get(i + 1).map_or(0x11_0000, |&next| (next >> 3) as usize).min(0x1_0000);
                if start < end {
                    bmp[start..end].fill((run & 7) as u8);
                }
            }
            CharClasses { bmp }
        })
    }

    /// Class and UTF-8 length of the character starting at `bytes[pos]` (`bytes` is valid UTF-8).
    #[inline(always)]
    fn at(&self, bytes: &[u8], pos: usize) -> (u8, usize) {
        let b0 = bytes[pos];
        if b0 < 0x80 {
            return (self.bmp[usize::from(b0)], 1);
        }
        // (Plain expressions, no closure: the wasm is built with opt-level "z", which would not inline it.)
        let b1 = u32::from(bytes[pos + 1] & 0x3F);
        if b0 < 0xE0 {
            (self.bmp[((u32::from(b0 & 0x1F) << 6) | b1) as usize], 2)
        } else if b0 < 0xF0 {
            let b2 = u32::from(bytes[pos + 2] & 0x3F);
            (self.bmp[((u32::from(b0 & 0x0F) << 12) | (b1 << 6) | b2) as usize], 3)
        } else {
            let (b2, b3) = (u32::from(bytes[pos + 2] & 0x3F), u32::from(bytes[pos + 3] & 0x3F));
            let cp = (u32::from(b0 & 0x07) << 18) | (b1 << 12) | (b2 << 6) | b3;
            let run = RUNS.partition_point(|&r| (r >> 3) <= cp) - 1;
            ((RUNS[run] & 7) as u8, 4)
        }
    }
}

#[inline(always)]
fn is_letter(class: u8) -> bool {
    matches!(class, UPPER | LOWER | OTHER_LETTER)
}

/// `[^\r\n\p{L}\p{N}]`.
#[inline(always)]
fn is_prefix(class: u8) -> bool {
    matches!(class, OTHER | MARK | SPACE)
}

/// `[^\s\p{L}\p{N}]`.
#[inline(always)]
fn is_punct(class: u8) -> bool {
    matches!(class, OTHER | MARK)
}

/// `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]` (o200k's upper-case-like letters).
#[inline(always)]
fn is_upperish(class: u8) -> bool {
    matches!(class, UPPER | OTHER_LETTER | MARK)
}

/// `[\p{Ll}\p{Lm}\p{Lo}\p{M}]` (o200k's lower-case-like letters).
#[inline(always)]
fn is_lowerish(class: u8) -> bool {
    matches!(class, LOWER | OTHER_LETTER | MARK)
}

/// A position-based scanner over one text.
struct Scanner<'a> {
    bytes: &'a [u8],
    classes: &'a CharClasses,
}

impl Scanner<'_> {
    #[inline(always)]
    fn class_at(&self, pos: usize) -> Option<(u8, usize)> {
        if pos < self.bytes.len() {
            Some(self.classes.at(self.bytes, pos))
        } else {
            None
        }
    }

    /// End of the longest run from `pos` of characters whose class satisfies `keep`.
    #[inline(always)]
    fn run(&self, mut pos: usize, keep: impl Fn(u8) -> bool) -> usize {
        while let Some((class, len)) = self.class_at(pos) {
            if !keep(class) {
                break;
            }
            pos += len;
        }
        pos
    }

    /// End of a contraction starting at `pos` (an apostrophe then, case-insensitively, `s`, `d`, `m`, `t`,
    /// `ll`, `ve` or `re`; `s` also matches U+017F, its Unicode case fold), or `None`.
    #[inline]
    fn contraction(&self, pos: usize) -> Option<usize> {
        let bytes = self.bytes;
        if bytes.get(pos) != Some(&b'\'') {
            return None;
        }
        let lower = |k: usize| bytes.get(pos + k).map(u8::to_ascii_lowercase);
        match lower(1)? {
            b's' | b'd' | b'm' | b't' => Some(pos + 2),
            b'l' if lower(2) == Some(b'l') => Some(pos + 3),
            b'v' | b'r' if lower(2) == Some(b'e') => Some(pos + 3),
            0xC5 if bytes.get(pos + 2) == Some(&0xBF) => Some(pos + 3),
            _ => None,
        }
    }

    /// The whitespace alternatives shared by both patterns, at `start` (a whitespace character): returns
    /// (end of the whole run, end just after its last `\r`/`\n` if any, start of its last character).
    #[inline]
    fn whitespace_run(&self, start: usize) -> (usize, Option<usize>, usize) {
        let mut pos = start;
        let mut last_break_end = None;
        let mut last_start = start;
        while let Some((class, len)) = self.class_at(pos) {
            match class {
                SPACE => {}
                LINE_BREAK => last_break_end = Some(pos + len),
                _ => break,
            }
            last_start = pos;
            pos += len;
        }
        (pos, last_break_end, last_start)
    }

    /// Up to three `\p{N}` characters from `start`.
    #[inline]
    fn digits(&self, start: usize) -> usize {
        let mut pos = start;
        for _ in 0..3 {
            match self.class_at(pos) {
                Some((NUMBER, len)) => pos += len,
                _ => break,
            }
        }
        pos
    }
}

/// Calls `piece` with each piece of `text` as tiktoken's cl100k_base pattern splits it:
/// `'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s`
pub(super) fn cl100k_pieces(text: &str, classes: &CharClasses, mut piece: impl FnMut(&[u8])) {
    let bytes = text.as_bytes();
    let scan = Scanner { bytes, classes };
    let mut start = 0;
    while start < bytes.len() {
        let end = cl100k_piece_end(&scan, start);
        piece(&bytes[start..end]);
        start = end;
    }
}

#[inline(always)]
fn cl100k_piece_end(scan: &Scanner, start: usize) -> usize {
    if let Some(end) = scan.contraction(start) {
        return end;
    }
    let (class, len) = scan.classes.at(scan.bytes, start);
    if is_letter(class) {
        return scan.run(start + len, is_letter);
    }
    if is_prefix(class) {
        if let Some((next, next_len)) = scan.class_at(start + len) {
            if is_letter(next) {
                return scan.run(start + len + next_len, is_letter);
            }
        }
    }
    if class == NUMBER {
        return scan.digits(start);
    }
    let punct_start = if scan.bytes[start] == b' ' && matches!(scan.class_at(start + 1), Some((c, _)) if is_punct(c)) {
        Some(start + 1)
    } else if is_punct(class) {
        Some(start)
    } else {
        None
    };
    if let Some(punct_start) = punct_start {
        let end = scan.run(punct_start, is_punct);
        return scan.run(end, |c| c == LINE_BREAK);
    }
    // Whitespace: `\s++$|\s*[\r\n]|\s+(?!\S)|\s`.
    let (run_end, last_break_end, last_start) = scan.whitespace_run(start);
    if run_end == scan.bytes.len() {
        run_end
    } else if let Some(end) = last_break_end {
        end
    } else if last_start > start {
        last_start
    } else {
        start + len
    }
}

/// Calls `piece` with each piece of `text` as tiktoken's o200k_base pattern splits it:
/// `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?`
/// `|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?`
/// `|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`
pub(super) fn o200k_pieces(text: &str, classes: &CharClasses, mut piece: impl FnMut(&[u8])) {
    let bytes = text.as_bytes();
    let scan = Scanner { bytes, classes };
    let mut start = 0;
    while start < bytes.len() {
        let end = o200k_piece_end(&scan, start);
        piece(&bytes[start..end]);
        start = end;
    }
}

/// `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+` from `pos`, with the regex's backtracking.
#[inline(always)]
fn o200k_lower_word(scan: &Scanner, pos: usize) -> Option<usize> {
    // The greedy upper-like run, remembering where its last lower-like character ends (the backtracking
    // point if the run is not followed by a lower-like character).
    let mut end = pos;
    let mut last_lowerish_end = None;
    while let Some((class, len)) = scan.class_at(end) {
        if !is_upperish(class) {
            if is_lowerish(class) {
                return Some(scan.run(end + len, is_lowerish));
            }
            break;
        }
        end += len;
        if is_lowerish(class) {
            last_lowerish_end = Some(end);
        }
    }
    last_lowerish_end
}

/// `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*` from `pos`.
#[inline(always)]
fn o200k_upper_word(scan: &Scanner, pos: usize) -> Option<usize> {
    let end = scan.run(pos, is_upperish);
    if end > pos {
        Some(scan.run(end, is_lowerish))
    } else {
        None
    }
}

#[inline(always)]
fn o200k_piece_end(scan: &Scanner, start: usize) -> usize {
    let (class, len) = scan.classes.at(scan.bytes, start);
    // The two word alternatives: `[^\r\n\p{L}\p{N}]?` then a word, then an optional contraction. The
    // optional prefix is tried first with the character, then without (it can be a mark, itself a letter).
    if is_prefix(class) || is_upperish(class) || is_lowerish(class) {
        // (An explicit chain rather than `Option::or_else` closures, which opt-level "z" would not inline.)
        let mut word_end = None;
        if is_prefix(class) {
            word_end = o200k_lower_word(scan, start + len);
        }
        if word_end.is_none() {
            word_end = o200k_lower_word(scan, start);
        }
        if word_end.is_none() && is_prefix(class) {
            word_end = o200k_upper_word(scan, start + len);
        }
        if word_end.is_none() {
            word_end = o200k_upper_word(scan, start);
        }
        if let Some(end) = word_end {
            // `(?i:'s|'t|'re|'ve|'m|'ll|'d)?`: the same contractions as cl100k's.
            return scan.contraction(end).unwrap_or(end);
        }
    }
    if class == NUMBER {
        return scan.digits(start);
    }
    // ` ?[^\s\p{L}\p{N}]+[\r\n/]*`
    let punct_start = if scan.bytes[start] == b' ' && matches!(scan.class_at(start + 1), Some((c, _)) if is_punct(c)) {
        Some(start + 1)
    } else if is_punct(class) {
        Some(start)
    } else {
        None
    };
    if let Some(punct_start) = punct_start {
        let mut end = scan.run(punct_start, is_punct);
        while matches!(scan.bytes.get(end), Some(b'\r' | b'\n' | b'/')) {
            end += 1;
        }
        return end;
    }
    // Whitespace: `\s*[\r\n]+|\s+(?!\S)|\s+`.
    let (run_end, last_break_end, last_start) = scan.whitespace_run(start);
    if let Some(end) = last_break_end {
        end
    } else if run_end == scan.bytes.len() || last_start == start {
        run_end
    } else {
        last_start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pre-tokenizer: splits text into pieces, handed to a callback.
    type Splitter = fn(&str, &CharClasses, &mut dyn FnMut(&[u8]));

    fn pieces(split: Splitter, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        split(text, CharClasses::get(), &mut |p| out.push(String::from_utf8(p.to_vec()).unwrap()));
        out
    }

    fn cl100k(text: &str, f: &CharClasses, piece: &mut dyn FnMut(&[u8])) {
        cl100k_pieces(text, f, piece)
    }

    fn o200k(text: &str, f: &CharClasses, piece: &mut dyn FnMut(&[u8])) {
        o200k_pieces(text, f, piece)
    }

    #[test]
    fn cl100k_splits_like_its_regex() {
        assert_eq!(
            pieces(cl100k, "Hello  world's 12345!!\n\n x  \n"),
            ["Hello", " ", " world", "'s", " ", "123", "45", "!!\n\n", " x", "  \n"]
        );
        assert_eq!(pieces(cl100k, "a \n b"), ["a", " \n", " b"]);
        assert_eq!(pieces(cl100k, "(foo) 'LL"), ["(foo", ")", " '", "LL"]);
    }

    #[test]
    fn o200k_splits_like_its_regex() {
        assert_eq!(
            pieces(o200k, "HelloWORLD's CamelCase 12345 /x\n\n  "),
            ["Hello", "WORLD's", " Camel", "Case", " ", "123", "45", " /", "x", "\n\n", "  "]
        );
        // A combining mark before capitals: the lower-case alternative backtracks to the mark alone.
        assert_eq!(pieces(o200k, "\u{301}ABC"), ["\u{301}", "ABC"]);
    }
}
