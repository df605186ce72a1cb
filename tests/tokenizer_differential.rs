//! Differential test: our token ids (and so counts) must equal tiktoken's own (tiktoken-rs `CoreBPE`, with its
//! own patterns and vocabularies) for both encodings, over a varied corpus: the texts of tests/data/corpus,
//! hand-picked edge cases (whitespace runs, contractions, special-token literals, numbers, emoji, marks),
//! long runs of one character and thousands of seeded random strings over a mixed alphabet.
#![cfg(not(target_arch = "wasm32"))]

use llm_ledger::tokenizer::{embedded_table, Encoding, Tokenizer};
use tiktoken_rs::CoreBPE;

const CORPUS: [&str; 7] = [
    include_str!("data/corpus/prose-apache-2.0.txt"),
    include_str!("data/corpus/code-footprint.rs"),
    include_str!("data/corpus/data-models.json.txt"),
    include_str!("data/corpus/cjk.txt"),
    include_str!("data/corpus/hindi.txt"),
    include_str!("data/corpus/arabic.txt"),
    include_str!("data/corpus/misc-scripts.txt"),
];

const EDGE_CASES: &[&str] = &[
    "",
    " ",
    "  ",
    "\n",
    "\r\n",
    "a",
    "hello world",
    "Hello  world  ",
    "trailing spaces   ",
    "trailing newline\n",
    "trailing mix \t \r\n \n  ",
    "   leading",
    "\n\n\nlines\n\n",
    "a\r\nb\rc\nd",
    "tabs\t\tand\t spaces \t",
    " \u{a0}\u{3000}\u{2009}\u{85}\u{b}\u{c}\u{1c}\u{200b}x",
    "it's I'M you'RE we'Ve they'LL he'D she'S don't DON'T 'tis 'Twas",
    "'s 's's ''s 'ſ 'ſt Iſ'ſ x'ſ",
    "'re're 'r 'l 'll 'lll 've'",
    "ABC's ABC'S AbC'lL aBC'd É's ÉTÉ'S",
    "<|endoftext|> <|fim_prefix|>x<|fim_middle|>y<|fim_suffix|> <|endofprompt|>",
    "<|endoftext|><|endoftext|>",
    "0 1 12 123 1234 12345 123456 1234567 12345678901234567890",
    "3.14159 -42 1e-9 0x1F 1,000,000 ١٢٣٤٥ १२३४ ²³ ½ Ⅻ ⑩",
    "a1b22c333d4444",
    "fn main() { println!(\"{}\", x /* c */ // d\n); }",
    "{\"a\": [1, 2, {\"b\": null}], \"c\": \"d\\n\"}\n",
    "path/to/file.rs:12:5 http://example.com/a?b=c&d=e#f",
    "...!!!???;;;:::---___===+++***///\\\\\\|||",
    " !\n !!\r\n !!!\n\n/ .\n/x",
    "👍 👍🏽 👩‍💻 👨‍👩‍👧‍👦 🏳️‍🌈 🇸🇪 ❤️‍🔥",
    "e\u{301} a\u{308}\u{304} \u{301}\u{302}ABC \u{301}abc x\u{301}Y\u{301}z",
    "\u{301}",
    "\u{301}'s",
    "A\u{301}'S",
    "ǅungla ǅ ʰa aʰ 々木",
    "日本語のテキスト、中文文本。한국어 텍스트",
    "नमस्ते दुनिया क्षत्रिय",
    "مرحبا بالعالم ١٢٣",
    "Привет, МИР! ПРИВЕТ мир",
    "สวัสดีชาวโลก",
    "𝐀𝐁𝐂 𝑥𝑦𝑧 𝟘𝟙𝟚 𐍈",
    "Hello  world's 12345!!\n\n x  \n",
    "a \n b",
    "(foo) 'LL",
    "HelloWORLD's CamelCase 12345 /x\n\n  ",
    "\u{301}ABC",
    "SGVsbG8gV29ybGQhIFRoaXMgaXMgYmFzZTY0IGVuY29kZWQgdGV4dC4gQUFBQUFBQUFBQUFB/+==",
];

/// A deterministic random source (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Fragments the random strings are made of: every character class the patterns distinguish.
const ALPHABET: &[&str] = &[
    "a",
    "b",
    "e",
    "s",
    "t",
    "z",
    "A",
    "B",
    "S",
    "T",
    "L",
    "hello",
    "World",
    "ABC",
    "the",
    " the",
    "ing",
    "'",
    "'s",
    "'S",
    "'t",
    "'re",
    "'VE",
    "'m",
    "'ll",
    "'Ll",
    "'d",
    "'ſ",
    "ſ",
    "0",
    "1",
    "7",
    "42",
    "2024",
    " ",
    " ",
    " ",
    "  ",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\n\n",
    "\u{a0}",
    "\u{3000}",
    "\u{85}",
    "\u{b}",
    ".",
    ",",
    "!",
    "?",
    "-",
    "_",
    "/",
    "\\",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "#",
    "@",
    "$",
    "%",
    "^",
    "&",
    "*",
    "=",
    "+",
    "<|",
    "|>",
    "<|endoftext|>",
    "é",
    "É",
    "ß",
    "ǅ",
    "ʰ",
    "ª",
    "\u{301}",
    "\u{308}",
    "\u{20dd}",
    "中",
    "文",
    "日本",
    "の",
    "カ",
    "한",
    "々",
    "न",
    "म",
    "\u{94d}",
    "\u{93f}",
    "स",
    "ب",
    "ع",
    "\u{64e}",
    "٣",
    "д",
    "Д",
    "ж",
    "ก",
    "\u{e31}",
    "²",
    "½",
    "Ⅻ",
    "१",
    "😀",
    "👍",
    "\u{1f3fd}",
    "\u{200d}",
    "\u{fe0f}",
    "👩",
    "💻",
    "🇸",
    "𝐀",
    "𝟘",
    "\u{0}",
    "\u{7f}",
    "\u{fffd}",
    "\u{e000}",
    "\u{10ffff}",
];

fn random_string(rng: &mut Rng) -> String {
    let mut s = String::new();
    let len = 1 + rng.below(40);
    for _ in 0..len {
        if rng.below(16) == 0 {
            // Any code point at all.
            let c = loop {
                if let Some(c) = char::from_u32((rng.next() % 0x11_0000) as u32) {
                    break c;
                }
            };
            s.push(c);
        } else {
            s += ALPHABET[rng.below(ALPHABET.len())];
        }
    }
    s
}

fn check(ours: &Tokenizer, reference: &CoreBPE, text: &str) {
    let expected = reference.encode_ordinary(text);
    let actual = ours.encode(text);
    assert!(actual == expected, "{} differs on {text:?}\n ours: {actual:?}\n tiktoken: {expected:?}", ours.encoding());
    assert_eq!(ours.count(text), expected.len(), "{} count of {text:?}", ours.encoding());
}

fn for_both(test: impl Fn(&Tokenizer, &CoreBPE)) {
    for encoding in Encoding::ALL {
        let ours = Tokenizer::from_tiktoken(encoding, embedded_table(encoding)).unwrap();
        let reference = match encoding {
            Encoding::Cl100kBase => tiktoken_rs::cl100k_base(),
            Encoding::O200kBase => tiktoken_rs::o200k_base(),
        }
        .unwrap();
        test(&ours, &reference);
    }
}

#[test]
fn corpus_texts_match_tiktoken() {
    for_both(|ours, reference| {
        for text in CORPUS {
            check(ours, reference, text);
            for line in text.split_inclusive('\n') {
                check(ours, reference, line);
            }
        }
    });
}

#[test]
fn edge_cases_match_tiktoken() {
    for_both(|ours, reference| {
        for text in EDGE_CASES {
            check(ours, reference, text);
            check(ours, reference, &format!("{text} {text}\n{text}"));
        }
        // Every alphabet fragment alone, after a space, a letter and a newline, and before a space.
        for piece in ALPHABET {
            for context in ["{}", " {}", "x{}", "\n{}", "{} ", "{}{}", "A{}'s"] {
                check(ours, reference, &context.replace("{}", piece));
            }
        }
    });
}

#[test]
fn long_runs_of_one_character_match_tiktoken() {
    for_both(|ours, reference| {
        for c in ["a", "A", "é", " ", "\n", "\t", "!", "0", "中", "👍", "\u{301}", "ab", "a ", " !", "aB"] {
            for n in [2, 3, 7, 31, 64, 65, 99, 100, 101, 150, 257, 1000, 3001] {
                check(ours, reference, &c.repeat(n));
            }
        }
    });
}

#[test]
fn random_strings_match_tiktoken() {
    let mut rng = Rng(0x5EED_2025);
    let cases: Vec<String> = (0..4000).map(|_| random_string(&mut rng)).collect();
    for_both(|ours, reference| {
        for text in &cases {
            check(ours, reference, text);
        }
    });
}
