//! Human-readable numbers: significant figures, ranges and thousands separators, for the app and reports.

/// A number with `sig` significant figures, without exponent for everyday magnitudes.
pub fn sig(x: f64, sig: usize) -> String {
    if !x.is_finite() {
        return "—".to_owned();
    }
    if x == 0.0 {
        return "0".to_owned();
    }
    let magnitude = x.abs().log10().floor() as i32;
    if !(-4..9).contains(&magnitude) {
        let text = format!("{:.*e}", sig.saturating_sub(1), x);
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let superscript: String = exponent
            .chars()
            .map(|c| match c {
                '-' => '⁻',
                d => ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'][d.to_digit(10).unwrap_or(0) as usize],
            })
            .collect();
        return format!("{mantissa}×10{superscript}");
    }
    let decimals = (sig as i32 - 1 - magnitude).max(0) as usize;
    let s = format!("{x:.decimals$}");
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_owned() } else { s };
    group_thousands(&s)
}

/// `value unit`, or `low–high unit` when the ends differ at the shown precision.
pub fn range(min: f64, max: f64, unit: &str) -> String {
    let (a, b) = (sig(min, 3), sig(max, 3));
    if a == b {
        format!("{a} {unit}")
    } else {
        format!("{a}–{b} {unit}")
    }
}

/// An integer count with thousands separators (thin spaces are hard to type, so commas).
pub fn count(n: u64) -> String {
    group_thousands(&n.to_string())
}

fn group_thousands(s: &str) -> String {
    let (sign, rest) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    if int.len() <= 3 {
        return s.to_owned();
    }
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_figures() {
        assert_eq!(sig(0.00012345, 3), "0.000123");
        assert_eq!(sig(1.5, 3), "1.5");
        assert_eq!(sig(123456.0, 3), "123,456");
        assert_eq!(sig(1234.5678, 3), "1,235");
        assert_eq!(sig(0.0, 3), "0");
        assert_eq!(sig(3.2e-12, 3), "3.20×10⁻¹²");
        assert_eq!(sig(4.5e10, 2), "4.5×10¹⁰");
        assert_eq!(sig(f64::NAN, 3), "—");
    }

    #[test]
    fn ranges_collapse_when_equal() {
        assert_eq!(range(1.0, 1.0, "Wh"), "1 Wh");
        assert_eq!(range(0.5, 1.25, "Wh"), "0.5–1.25 Wh");
        assert_eq!(count(1_234_567), "1,234,567");
    }
}
