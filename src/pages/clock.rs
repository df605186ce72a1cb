//! The browser's clocks as the pages use them: a millisecond clock (`performance.now()`) timing work, and the
//! wall clock (`Date.now()`, milliseconds since 1970) turned into a UTC date-time. The readings are taken in
//! `app` and handed here, so every conversion is natively tested.

#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used, clippy::expect_used)]

use time::OffsetDateTime;

/// Milliseconds in a second.
const MS_PER_SECOND: f64 = 1000.0;

/// Time measured with a millisecond clock: started at one reading, read at another. A clock that went back
/// counts as no time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stopwatch {
    started_ms: f64,
}

impl Stopwatch {
    /// Started at the clock reading `now_ms`.
    pub fn start(now_ms: f64) -> Self {
        Self { started_ms: now_ms }
    }

    /// Milliseconds from the start to the clock reading `now_ms` (≥ 0).
    pub fn elapsed_ms(&self, now_ms: f64) -> f64 {
        (now_ms - self.started_ms).max(0.0)
    }
}

/// `work`'s result and the milliseconds it took by the clock `now`.
pub fn timed<T>(now: &impl Fn() -> f64, work: impl FnOnce() -> T) -> (T, f64) {
    let watch = Stopwatch::start(now());
    let out = work();
    (out, watch.elapsed_ms(now()))
}

/// Whole seconds since 1970 of a wall-clock reading in milliseconds (rounded down; a NaN reads as 0 and an
/// infinite one as the extreme, which the callers refuse).
pub fn unix_seconds(unix_ms: f64) -> i64 {
    // Saturating float-to-integer cast: the documented behaviour for NaN and out-of-range values.
    (unix_ms / MS_PER_SECOND).floor() as i64
}

/// The UTC date-time of a wall-clock reading in milliseconds, to the second; 1970-01-01 for a reading no date
/// can hold.
pub fn utc_at(unix_ms: f64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(unix_seconds(unix_ms)).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::arithmetic_side_effects)]

    use std::cell::Cell;

    use super::*;

    #[test]
    fn a_stopwatch_counts_milliseconds_and_never_goes_back() {
        assert_eq!(Stopwatch::start(1_000.0).elapsed_ms(1_250.5), 250.5);
        assert_eq!(Stopwatch::start(1_000.0).elapsed_ms(900.0), 0.0);
        // Clock readings 10 then 17.5 ms: the work took 7.5 ms.
        let next = Cell::new(10.0);
        let clock = || {
            let now = next.get();
            next.set(now + 7.5);
            now
        };
        assert_eq!(timed(&clock, || "done"), ("done", 7.5));
    }

    #[test]
    fn a_wall_clock_reading_is_its_utc_second() {
        // 2026-11-30T18:30:15.999Z: 20 787 days × 86 400 s + 18 h × 3 600 s + 30 min × 60 s + 15 s after 1970.
        let ms = (20_787.0 * 86_400.0 + 18.0 * 3_600.0 + 30.0 * 60.0 + 15.0) * 1000.0 + 999.0;
        assert_eq!(unix_seconds(ms), 1_796_063_415);
        let t = utc_at(ms);
        assert_eq!((t.year(), u8::from(t.month()), t.day()), (2026, 11, 30));
        assert_eq!((t.hour(), t.minute(), t.second()), (18, 30, 15));
        // Just before 1970 is the last second of 1969, not 1970 itself.
        assert_eq!(unix_seconds(-1.0), -1);
        assert_eq!(utc_at(f64::NAN), OffsetDateTime::UNIX_EPOCH);
        assert_eq!(utc_at(f64::INFINITY), OffsetDateTime::UNIX_EPOCH, "no date holds it");
    }
}
