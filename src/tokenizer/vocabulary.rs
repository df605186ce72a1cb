//! The vocabulary (token bytes ↔ rank) and tiktoken's byte-pair merge over it.
//!
//! The tokens live in one contiguous buffer indexed by an open-addressing hash table (no allocation per
//! token, so building takes milliseconds), with a direct 64 K table for two-byte pairs. The merge is
//! tiktoken's: repeatedly merge the adjacent pair whose concatenation has the lowest rank, leftmost on ties.
//! Short pieces use tiktoken's simple loop (quadratic but cache-friendly); long pieces use a linked list and
//! a queue of pairs bucketed by rank ([`RankQueue`]), so one huge piece (1 MB of one character) never stalls.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::hash::Hasher as _;

use rustc_hash::{FxHashMap, FxHasher};

/// Pieces at least this long are merged with [`Vocabulary::merge_long`].
const LONG_PIECE_MIN_LEN: usize = 64;

/// No token / no merge.
const NONE: u32 = u32::MAX;

/// Why a vocabulary could not be built.
#[derive(Debug, PartialEq)]
pub(super) enum VocabularyError {
    /// The same token bytes appear twice.
    Duplicate { rank: u32 },
    /// A single byte has no token (every byte must have one, or some text could not be encoded).
    MissingByte(u8),
}

/// Token bytes ↔ rank, ranks 0, 1, 2, … in insertion order.
pub(super) struct Vocabulary {
    /// All tokens concatenated, in rank order.
    bytes: Box<[u8]>,
    /// `offsets[rank]..offsets[rank + 1]` is the token of `rank` in `bytes`.
    offsets: Box<[u32]>,
    /// Open-addressing table: `rank + 1`, or 0 for an empty slot.
    slots: Box<[u32]>,
    /// The rank of each two-byte token, indexed by `first << 8 | second`, or [`NONE`].
    pairs: Box<[u32]>,
    /// The rank of each one-byte token.
    single_bytes: [u32; 256],
    /// Length of the longest token (longer byte strings are never looked up).
    max_token_len: usize,
}

#[inline(always)]
fn hash(bytes: &[u8]) -> usize {
    let mut hasher = FxHasher::default();
    hasher.write(bytes);
    hasher.finish() as usize
}

/// Builds a [`Vocabulary`] token by token, in rank order.
pub(super) struct VocabularyBuilder {
    bytes: Vec<u8>,
    offsets: Vec<u32>,
}

impl VocabularyBuilder {
    /// An empty builder with room for `tokens` tokens of `bytes` bytes in total.
    pub(super) fn with_capacity(tokens: usize, bytes: usize) -> Self {
        let mut offsets = Vec::with_capacity(tokens + 1);
        offsets.push(0);
        Self { bytes: Vec::with_capacity(bytes), offsets }
    }

    /// The buffer the next token's bytes are appended to; call [`Self::end_token`] after appending.
    pub(super) fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.bytes
    }

    /// Marks the end of the token appended to [`Self::buffer`]; it gets the next rank.
    pub(super) fn end_token(&mut self) {
        self.offsets.push(self.bytes.len() as u32);
    }

    /// Number of tokens so far.
    pub(super) fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Indexes the tokens.
    pub(super) fn build(self) -> Result<Vocabulary, VocabularyError> {
        let Self { bytes, offsets } = self;
        let token = |rank: u32| &bytes[offsets[rank as usize] as usize..offsets[rank as usize + 1] as usize];
        let capacity = (offsets.len() * 2).next_power_of_two();
        let mask = capacity - 1;
        let mut slots = vec![0; capacity];
        let mut pairs = vec![NONE; 1 << 16];
        let mut single_bytes = [NONE; 256];
        let mut max_token_len = 0;
        for rank in 0..offsets.len() as u32 - 1 {
            let bytes = token(rank);
            max_token_len = max_token_len.max(bytes.len());
            match *bytes {
                [byte] => single_bytes[usize::from(byte)] = rank,
                [first, second] => pairs[usize::from(first) << 8 | usize::from(second)] = rank,
                _ => {}
            }
            let mut slot = hash(bytes) & mask;
            loop {
                match slots[slot] {
                    0 => break,
                    other if token(other - 1) == bytes => return Err(VocabularyError::Duplicate { rank }),
                    _ => slot = (slot + 1) & mask,
                }
            }
            slots[slot] = rank + 1;
        }
        if let Some(byte) = (0..=255u8).find(|&b| single_bytes[usize::from(b)] == NONE) {
            return Err(VocabularyError::MissingByte(byte));
        }
        Ok(Vocabulary {
            bytes: bytes.into_boxed_slice(),
            offsets: offsets.into_boxed_slice(),
            slots: slots.into_boxed_slice(),
            pairs: pairs.into_boxed_slice(),
            single_bytes,
            max_token_len,
        })
    }
}

impl Vocabulary {
    #[inline(always)]
    fn token(&self, rank: u32) -> &[u8] {
        let rank = rank as usize;
        &self.bytes[self.offsets[rank] as usize..self.offsets[rank + 1] as usize]
    }

    /// The rank of `bytes`, or [`NONE`].
    #[inline]
    fn rank(&self, bytes: &[u8]) -> u32 {
        match bytes.len() {
            1 => return self.single_bytes[usize::from(bytes[0])],
            2 => return self.pairs[usize::from(bytes[0]) << 8 | usize::from(bytes[1])],
            len if len > self.max_token_len => return NONE,
            _ => {}
        }
        let mask = self.slots.len() - 1;
        let mut slot = hash(bytes) & mask;
        loop {
            match self.slots[slot] {
                0 => return NONE,
                entry if self.token(entry - 1) == bytes => return entry - 1,
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    /// The number of tokens `piece` (one pre-tokenized piece) encodes to.
    #[inline]
    pub(super) fn count_piece(&self, piece: &[u8], scratch: &mut MergeScratch) -> usize {
        if piece.len() == 1 || self.rank(piece) != NONE {
            return 1;
        }
        self.merge(piece, scratch);
        scratch.parts.len() - 1
    }

    /// Appends the ranks of `piece` (one pre-tokenized piece) to `out`.
    pub(super) fn encode_piece(&self, piece: &[u8], scratch: &mut MergeScratch, out: &mut Vec<u32>) {
        let whole = self.rank(piece);
        if whole != NONE {
            out.push(whole);
            return;
        }
        self.merge(piece, scratch);
        out.extend(scratch.parts.windows(2).map(|part| self.rank(&piece[part[0] as usize..part[1] as usize])));
    }

    /// Byte-pair merges `piece` (at least two bytes); leaves the part boundaries in `scratch.parts`
    /// (`parts[i]..parts[i + 1]` is the i-th token, the last entry is `piece.len()`).
    fn merge(&self, piece: &[u8], scratch: &mut MergeScratch) {
        if piece.len() < LONG_PIECE_MIN_LEN {
            self.merge_short(piece, scratch);
        } else {
            self.merge_long(piece, scratch);
        }
    }

    /// tiktoken's loop: find the lowest-ranked pair by a linear scan, merge it, repeat.
    fn merge_short(&self, piece: &[u8], scratch: &mut MergeScratch) {
        // (start, rank of the pair starting here)
        let parts = &mut scratch.short;
        parts.clear();
        parts.extend(piece.windows(2).enumerate().map(|(i, pair)| (i as u32, self.rank(pair))));
        parts.push((piece.len() as u32 - 1, NONE));
        parts.push((piece.len() as u32, NONE));
        let pair_rank = |parts: &[(u32, u32)], i: usize| {
            if i + 3 < parts.len() {
                self.rank(&piece[parts[i].0 as usize..parts[i + 3].0 as usize])
            } else {
                NONE
            }
        };
        loop {
            let (mut min_rank, mut min_at) = (NONE, 0);
            for (i, &(_, rank)) in parts[..parts.len() - 1].iter().enumerate() {
                if rank < min_rank {
                    (min_rank, min_at) = (rank, i);
                }
            }
            if min_rank == NONE {
                break;
            }
            if min_at > 0 {
                parts[min_at - 1].1 = pair_rank(parts, min_at - 1);
            }
            parts[min_at].1 = pair_rank(parts, min_at);
            parts.remove(min_at + 1);
        }
        scratch.parts.clear();
        scratch.parts.extend(parts.iter().map(|&(start, _)| start));
    }

    /// The same merges with a doubly linked list of parts (indexed by the byte offset where each part starts)
    /// and a [`RankQueue`] of pending pairs: near-linear even for 1 MB of one repeated character.
    fn merge_long(&self, piece: &[u8], scratch: &mut MergeScratch) {
        let n = piece.len();
        let MergeScratch { end, prev, pair_rank, queue, parts, .. } = scratch;
        end.clear();
        end.extend(1..=n as u32);
        prev.clear();
        prev.extend((0..n as u32).map(|i| i.wrapping_sub(1)));
        pair_rank.clear();
        pair_rank.extend(piece.windows(2).map(|pair| self.rank(pair)));
        pair_rank.push(NONE);
        queue.clear();
        for (start, &rank) in pair_rank.iter().enumerate() {
            if rank != NONE {
                queue.push(rank, start as u32);
            }
        }
        while let Some(rank) = queue.lowest_rank() {
            let bucket = queue.start_bucket(rank);
            let mut preempted = false;
            while let Some(left) = queue.next_in_bucket(bucket) {
                let left = left as usize;
                // A pair's bytes only ever grow, so a stale entry has a rank different from the current one.
                if pair_rank[left] != rank {
                    continue;
                }
                let right = end[left] as usize;
                let merged_end = end[right] as usize;
                end[left] = merged_end as u32;
                pair_rank[right] = NONE;
                pair_rank[left] = if merged_end < n {
                    prev[merged_end] = left as u32;
                    self.rank(&piece[left..end[merged_end] as usize])
                } else {
                    NONE
                };
                if pair_rank[left] != NONE {
                    queue.push(pair_rank[left], left as u32);
                    preempted |= pair_rank[left] <= rank;
                }
                if left > 0 {
                    let before = prev[left] as usize;
                    pair_rank[before] = self.rank(&piece[before..merged_end]);
                    if pair_rank[before] != NONE {
                        queue.push(pair_rank[before], before as u32);
                        preempted |= pair_rank[before] <= rank;
                    }
                }
                // A new pair ranks at or below the current one: it must be merged first (or re-sorted in).
                if preempted {
                    break;
                }
            }
            if !preempted {
                queue.finish_bucket(rank, bucket);
            }
        }
        parts.clear();
        let mut start = 0;
        while start < n {
            parts.push(start as u32);
            start = end[start] as usize;
        }
        parts.push(n as u32);
    }
}

/// The pending merges of one long piece, grouped by rank: a min-heap of the distinct ranks and, per rank, a
/// bucket of the start offsets of its pairs. A bucket is sorted when its rank's turn comes and then taken in
/// order (leftmost first, as tiktoken), so most operations are sequential instead of heap sifts. New pairs
/// almost always rank higher than the pair just merged; when one does not, the bucket is left and resumed
/// (re-sorted) after it.
#[derive(Default)]
struct RankQueue {
    /// Ranks with a bucket; may hold stale entries for ranks whose bucket is finished.
    ranks: BinaryHeap<Reverse<u32>>,
    /// rank → index of its bucket in `buckets`.
    bucket_of: FxHashMap<u32, usize>,
    /// Buckets: start offsets, how many were taken, how many are sorted.
    buckets: Vec<Bucket>,
    /// Indices of unused buckets (their vectors are kept to reuse their memory).
    free: Vec<usize>,
}

/// The pairs of one rank in a [`RankQueue`].
#[derive(Default)]
struct Bucket {
    /// Start offsets of the pairs.
    starts: Vec<u32>,
    /// How many were taken (`starts[..taken]`).
    taken: usize,
    /// `starts[taken..sorted]` is sorted.
    sorted: usize,
}

impl RankQueue {
    fn clear(&mut self) {
        self.ranks.clear();
        self.bucket_of.clear();
        self.free.clear();
        self.free.extend(0..self.buckets.len());
    }

    fn push(&mut self, rank: u32, start: u32) {
        let bucket = match self.bucket_of.get(&rank) {
            Some(&bucket) => bucket,
            None => {
                let bucket = self.free.pop().unwrap_or_else(|| {
                    self.buckets.push(Bucket::default());
                    self.buckets.len() - 1
                });
                let Bucket { starts, taken, sorted } = &mut self.buckets[bucket];
                starts.clear();
                (*taken, *sorted) = (0, 0);
                self.bucket_of.insert(rank, bucket);
                self.ranks.push(Reverse(rank));
                bucket
            }
        };
        self.buckets[bucket].starts.push(start);
    }

    /// The lowest rank with pending pairs.
    fn lowest_rank(&mut self) -> Option<u32> {
        while let Some(&Reverse(rank)) = self.ranks.peek() {
            if self.bucket_of.contains_key(&rank) {
                return Some(rank);
            }
            self.ranks.pop();
        }
        None
    }

    /// Sorts the untaken part of `rank`'s bucket if anything was added since it was last sorted; returns
    /// the bucket.
    fn start_bucket(&mut self, rank: u32) -> usize {
        let bucket = self.bucket_of[&rank];
        let Bucket { starts, taken, sorted } = &mut self.buckets[bucket];
        if *sorted < starts.len() {
            let pending = &mut starts[*taken..];
            if !pending.is_sorted() {
                pending.sort_unstable();
            }
            *sorted = starts.len();
        }
        bucket
    }

    fn next_in_bucket(&mut self, bucket: usize) -> Option<u32> {
        let Bucket { starts, taken, .. } = &mut self.buckets[bucket];
        let start = *starts.get(*taken)?;
        *taken += 1;
        Some(start)
    }

    /// Drops `rank`'s bucket, all taken.
    fn finish_bucket(&mut self, rank: u32, bucket: usize) {
        self.bucket_of.remove(&rank);
        self.free.push(bucket);
    }
}

/// Buffers reused across pieces, so merging allocates only when a piece is longer than any before.
#[derive(Default)]
pub(super) struct MergeScratch {
    /// The result: part boundaries.
    parts: Vec<u32>,
    short: Vec<(u32, u32)>,
    end: Vec<u32>,
    prev: Vec<u32>,
    pair_rank: Vec<u32>,
    queue: RankQueue,
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::tokenizer::{embedded_table, Encoding, Tokenizer};

    fn builder_with_all_bytes() -> VocabularyBuilder {
        let mut builder = VocabularyBuilder::with_capacity(258, 260);
        for byte in 0..=255u8 {
            builder.buffer().push(byte);
            builder.end_token();
        }
        builder
    }

    #[test]
    fn duplicate_and_missing_tokens_are_rejected() {
        let mut builder = builder_with_all_bytes();
        builder.buffer().extend_from_slice(b"ab");
        builder.end_token();
        builder.buffer().extend_from_slice(b"ab");
        builder.end_token();
        assert_eq!(builder.build().err(), Some(VocabularyError::Duplicate { rank: 257 }));

        let mut builder = VocabularyBuilder::with_capacity(1, 1);
        builder.buffer().push(b'a');
        builder.end_token();
        assert_eq!(builder.build().err(), Some(VocabularyError::MissingByte(0)));
    }

    #[test]
    fn lookups_find_every_token_and_nothing_else() {
        let mut builder = builder_with_all_bytes();
        for token in [&b"ab"[..], b"abc", b"hello world", b"a longer token than eight bytes"] {
            builder.buffer().extend_from_slice(token);
            builder.end_token();
        }
        let vocabulary = builder.build().unwrap();
        assert_eq!(vocabulary.rank(b"\xff"), 255);
        assert_eq!(vocabulary.rank(b"ab"), 256);
        assert_eq!(vocabulary.rank(b"abc"), 257);
        assert_eq!(vocabulary.rank(b"a longer token than eight bytes"), 259);
        assert_eq!(vocabulary.rank(b"ba"), NONE);
        assert_eq!(vocabulary.rank(b"abcd"), NONE);
        assert_eq!(vocabulary.rank(b"a longer token than eight bytes and more"), NONE);
    }

    /// A vocabulary whose ranks do not grow with merges (a merge can create a pair ranked lower than itself),
    /// which the queue must handle by leaving a bucket and resuming it: both merges must agree on any piece.
    #[test]
    fn long_merge_equals_simple_merge_with_non_monotone_ranks() {
        let mut builder = builder_with_all_bytes();
        for token in
            ["bcb", "abc", "bc", "cd", "bcd", "da", "dab", "ab", "abcd", "cda", "aa", "aaa", "dd", "ddd", "dddd"]
        {
            builder.buffer().extend_from_slice(token.as_bytes());
            builder.end_token();
        }
        let vocabulary = builder.build().unwrap();
        let (mut short, mut long) = (MergeScratch::default(), MergeScratch::default());
        let mut state = 12345u64;
        for len in (2..300).step_by(7) {
            let piece: Vec<u8> = (0..len)
                .map(|_| {
                    state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    b"abcd"[(state >> 60) as usize % 4]
                })
                .collect();
            vocabulary.merge_short(&piece, &mut short);
            vocabulary.merge_long(&piece, &mut long);
            assert_eq!(short.parts, long.parts, "{:?}", String::from_utf8_lossy(&piece));
        }
    }

    /// The long-piece merge and tiktoken's loop must agree on any piece.
    #[test]
    fn long_merge_equals_simple_merge() {
        for encoding in Encoding::ALL {
            let tokenizer = Tokenizer::from_tiktoken(encoding, embedded_table(encoding)).unwrap();
            let vocabulary = &tokenizer.vocabulary;
            let (mut short, mut long) = (MergeScratch::default(), MergeScratch::default());
            for piece in
                ["ab", "aaaaaaa", " indivisibility", "中文文本大型语言", "नमस्ते", "🏳️‍🌈👩‍💻", "x/y/z==+", "ZZZZzzzz"]
            {
                let piece = piece.as_bytes();
                vocabulary.merge_short(piece, &mut short);
                vocabulary.merge_long(piece, &mut long);
                assert_eq!(short.parts, long.parts, "{encoding} {:?}", String::from_utf8_lossy(piece));
            }
        }
    }
}
