//! Stable sorting with one copy of the sort in the binary. The standard library's stable sort is compiled
//! anew for every element type and comparator (about 4 KB of wasm each; the app had 30, 23 KB brotli of its
//! first view). These functions sort a list of positions with a comparator behind a `dyn` reference, one
//! instance in all, then move the elements into that order: the same result as `slice::sort_by`, stable
//! included. They are for the short lists of the pages and reports, not for hot loops.

use std::cmp::Ordering;

/// Sort `v` stably by `compare`, like `v.sort_by(compare)`.
pub fn sort_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..v.len()).collect();
    sort_positions(&mut order, &mut |a, b| compare(&v[a], &v[b]));
    permute(v, &mut order);
}

/// Sort `v` stably by a key, like `v.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sort `v` stably in its natural order, like `v.sort()`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The one instance of the standard stable sort: positions `0..n` by a comparator of positions.
#[inline(never)]
fn sort_positions(order: &mut [usize], compare: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| compare(a, b));
}

/// Put the element at `order[k]` at position `k`, for every `k`, by following the permutation's cycles
/// (`order` is a permutation of `0..v.len()`; it is used up as the visited marks).
fn permute<T>(v: &mut [T], order: &mut [usize]) {
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut at = start;
        loop {
            let from = std::mem::replace(&mut order[at], DONE);
            if from == DONE || from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// The same order as the standard library's stable sort, ties included (each element carries its
        /// original position, so a tie broken differently would show).
        #[test]
        fn same_as_the_standard_stable_sort(keys in proptest::collection::vec(0u8..8, 0..200)) {
            let tagged: Vec<(u8, usize)> = keys.iter().copied().zip(0..).collect();
            let mut ours = tagged.clone();
            let mut std = tagged.clone();
            sort_by(&mut ours, |a, b| b.0.cmp(&a.0));
            std.sort_by_key(|x| std::cmp::Reverse(x.0));
            prop_assert_eq!(&ours, &std);
            let mut ours = tagged.clone();
            let mut std = tagged;
            sort_by_key(&mut ours, |x| x.0);
            std.sort_by_key(|x| x.0);
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn natural_order_of_strings(words in proptest::collection::vec("[a-c]{0,3}", 0..60)) {
            let mut ours = words.clone();
            let mut std = words;
            sort(&mut ours);
            std.sort();
            prop_assert_eq!(ours, std);
        }
    }

    #[test]
    fn empty_one_and_reversed() {
        let mut none: Vec<u8> = Vec::new();
        sort(&mut none);
        assert!(none.is_empty());
        let mut one = vec![7];
        sort(&mut one);
        assert_eq!(one, [7]);
        let mut v: Vec<u32> = (0..100).rev().collect();
        sort(&mut v);
        assert_eq!(v, (0..100).collect::<Vec<_>>());
    }
}
