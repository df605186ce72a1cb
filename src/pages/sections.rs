//! Which section of a long page is in view, for the section navigation's current-section mark: the last
//! section whose top has scrolled above a reading line, or the last section once the page is scrolled to its
//! end (a short last section may never reach the line).

/// The fraction of the window's height, from its top, where the reading line lies.
pub const READING_LINE: f64 = 0.35;

/// The index of the section in view, given each section's top in CSS px from the window's top (`None`: not on
/// the page), the window's height and whether the page is scrolled to its end; `None` above the first section.
pub fn current_section(tops: &[Option<f64>], window_height: f64, at_end: bool) -> Option<usize> {
    let present = tops.iter().enumerate().filter_map(|(i, top)| top.filter(|t| t.is_finite()).map(|t| (i, t)));
    let by_top = |a: &(usize, f64), b: &(usize, f64)| a.1.total_cmp(&b.1);
    if at_end {
        return present.max_by(by_top).map(|(i, _)| i);
    }
    let line = window_height * READING_LINE;
    present.filter(|(_, top)| *top <= line).max_by(by_top).map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_section_above_the_reading_line_is_current() {
        // A window 1,000 px high: the line is at 350 px.
        let tops = [Some(-900.0), Some(-200.0), Some(340.0), Some(800.0)];
        assert_eq!(current_section(&tops, 1000.0, false), Some(2));
        assert_eq!(current_section(&[Some(-900.0), Some(-200.0), Some(360.0)], 1000.0, false), Some(1));
        // Above the first section nothing is current.
        assert_eq!(current_section(&[Some(400.0), Some(1200.0)], 1000.0, false), None);
    }

    #[test]
    fn absent_sections_are_skipped_and_the_end_marks_the_last() {
        let tops = [Some(-500.0), None, Some(100.0), Some(700.0), None];
        assert_eq!(current_section(&tops, 1000.0, false), Some(2));
        assert_eq!(current_section(&tops, 1000.0, true), Some(3), "at the end: the lowest section on the page");
        assert_eq!(current_section(&[None, Some(f64::NAN)], 1000.0, true), None);
        // Listed out of page order, the section's position decides.
        assert_eq!(current_section(&[Some(200.0), Some(-300.0)], 1000.0, false), Some(0));
    }
}
