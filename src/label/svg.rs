//! The label and its README badge as SVG text: self-contained (no external fonts, images or scripts; the
//! system's sans-serif), with a title and a description, the class written as well as coloured, and the
//! permalink as a QR code drawn as one path. A label for a yearly workload is [`YEARLY_HEIGHT`] taller, with
//! its yearly energy, carbon and water between the figures and the footer; without one, nothing moves. The page and `llm-ledger label` both call [`label_svg`], so
//! their files are the same byte for byte.

use std::fmt::Write;

use qrcodegen::{QrCode, QrCodeEcc};

use super::{Class, Label, CLASSES, DATA_VERSION};
use crate::ecologits::ECOLOGITS_VERSION;
use crate::format;
use crate::units::{Interval, KgCo2eq, KilowattHours, Litres};

/// Width and height of the label, in SVG user units (pixels at 1×).
pub const LABEL_WIDTH: u32 = 360;
/// Height of the label.
pub const LABEL_HEIGHT: u32 = 640;
/// What the yearly figures add to the height.
pub const YEARLY_HEIGHT: u32 = 80;
const INK: &str = "#1a1a1a";
const FONT: &str = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\"";

/// `text` with the five XML special characters escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The label's figures in words, shared by the description and the drawn text.
struct Words {
    model: String,
    workload: String,
    setting: String,
    energy: String,
    carbon: String,
    water: String,
    intensity: String,
    ends: Option<String>,
    yearly: Option<YearlyWords>,
}

/// A year's requests and figures in words.
struct YearlyWords {
    requests: String,
    energy: String,
    carbon: String,
    water: String,
}

/// `min–max unit` in the larger unit (÷ 1,000) when the max reaches 1,000 of the smaller one.
fn range_in(range: Interval<f64>, small: &str, large: &str) -> String {
    if range.max >= 1000.0 {
        format::range(range.min / 1000.0, range.max / 1000.0, large)
    } else {
        format::range(range.min, range.max, small)
    }
}

fn yearly_words(label: &Label) -> Option<YearlyWords> {
    let year = label.per_year?;
    let requests = label.spec.requests_per_year?;
    Some(YearlyWords {
        requests: format!("{} requests", format::sig(requests, 3)),
        energy: range_in(year.energy.map(KilowattHours::value), "kWh", "MWh"),
        carbon: range_in(year.gwp.map(KgCo2eq::value), "kgCO2eq", "tCO2eq"),
        water: range_in(year.water.map(Litres::value), "L", "m³"),
    })
}

/// The label's height: [`LABEL_HEIGHT`], plus [`YEARLY_HEIGHT`] for a yearly workload.
pub fn label_height(label: &Label) -> u32 {
    if label.per_year.is_some() {
        LABEL_HEIGHT + YEARLY_HEIGHT
    } else {
        LABEL_HEIGHT
    }
}

fn words(label: &Label) -> Words {
    let f = label.per_1000_requests;
    let w = label.wh_per_1000_tokens;
    let pue = format::range(label.pue.min, label.pue.max, "");
    Words {
        model: label.spec.model.to_string(),
        workload: format!(
            "{} output tokens per request · zone {}",
            format::sig(label.spec.output_tokens, 3),
            label.zone
        ),
        setting: format!(
            "PUE {} · on-site WUE {}",
            pue.trim_end(),
            format::range(label.wue.min, label.wue.max, "L/kWh")
        ),
        energy: format::range(f.energy.min.value(), f.energy.max.value(), "kWh"),
        carbon: format::range(f.gwp.min.value(), f.gwp.max.value(), "kgCO2eq"),
        water: format::range(f.water.min.value(), f.water.max.value(), "L"),
        intensity: format::range(w.min, w.max, "Wh per 1,000 output tokens"),
        ends: (label.class_range.min != label.class_range.max).then(|| {
            format!(
                "{} at EcoLogits' min, {} at its max",
                label.class_range.min.letter(),
                label.class_range.max.letter()
            )
        }),
        yearly: yearly_words(label),
    }
}

/// The QR code of `text` as one SVG path of unit squares at (`x`, `y`) scaled to `size`, or `None` when
/// the text is too long for a QR code.
fn qr_path(text: &str, x: u32, y: u32, size: u32) -> Option<String> {
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let n = qr.size();
    let quiet = 2;
    let modules = n.checked_add(2 * quiet)?;
    let mut d = String::new();
    for row in 0..n {
        for col in 0..n {
            if qr.get_module(col, row) {
                let _ = write!(d, "M{},{}h1v1h-1z", col + quiet, row + quiet);
            }
        }
    }
    let scale = f64::from(size) / f64::from(modules);
    Some(format!(
        "<g transform=\"translate({x} {y}) scale({scale:.6})\"><rect width=\"{modules}\" height=\"{modules}\" fill=\"#ffffff\"/><path fill=\"{INK}\" d=\"{d}\"/></g>"
    ))
}

/// The label as an SVG document (`permalink`: the address that recomputes it, drawn as a QR code).
pub fn label_svg(label: &Label, permalink: &str) -> String {
    let w = words(label);
    let letter = label.class.letter();
    let height = label_height(label);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{LABEL_WIDTH}\" height=\"{height}\" viewBox=\"0 0 {LABEL_WIDTH} {height}\" role=\"img\" aria-labelledby=\"label-title label-desc\">"
    );
    let _ = writeln!(s, "<title id=\"label-title\">LLM energy label: {}, class {letter}</title>", escape(&w.model));
    let _ = writeln!(
        s,
        "<desc id=\"label-desc\">Class {letter} on a fixed scale from A (at most 0.0316 Wh per 1,000 output tokens) to G (above 10): {}{}. {}, {}. Per 1,000 requests: energy {}, carbon {}, water {}.{} EcoLogits {ECOLOGITS_VERSION}, data {DATA_VERSION}, made {}.</desc>",
        escape(&w.intensity),
        w.ends.as_ref().map(|e| format!(" ({e})")).unwrap_or_default(),
        escape(&w.workload),
        escape(&w.setting),
        w.energy,
        w.carbon,
        w.water,
        w.yearly
            .as_ref()
            .map(|y| format!(" Per year ({}): energy {}, carbon {}, water {}.", y.requests, y.energy, y.carbon, y.water))
            .unwrap_or_default(),
        escape(&label.spec.date)
    );
    let _ = writeln!(s, "<rect x=\"1\" y=\"1\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"#ffffff\" stroke=\"{INK}\" stroke-width=\"2\"/>", LABEL_WIDTH - 2, height - 2);
    let _ = writeln!(s, "<g {FONT} fill=\"{INK}\">");
    let _ = writeln!(s, "<text x=\"16\" y=\"32\" font-size=\"20\" font-weight=\"700\">LLM energy label</text>");
    let _ = writeln!(s, "<text x=\"16\" y=\"54\" font-size=\"13\" font-weight=\"600\">{}</text>", escape(&w.model));
    let _ = writeln!(s, "<text x=\"16\" y=\"72\" font-size=\"11\">{}</text>", escape(&w.workload));
    let _ = writeln!(s, "<text x=\"16\" y=\"87\" font-size=\"11\">{}</text>", escape(&w.setting));
    scale_bars(&mut s, label.class);
    figures(&mut s, &w, letter);
    if let Some(yearly) = &w.yearly {
        yearly_figures(&mut s, yearly);
    }
    footer(&mut s, label, permalink, height - LABEL_HEIGHT);
    s.push_str("</g>\n</svg>\n");
    s
}

/// The seven bars, each with its letter and range, and the arrow at the label's class.
fn scale_bars(s: &mut String, class: Class) {
    let _ = writeln!(s, "<text x=\"16\" y=\"110\" font-size=\"10\">Wh per 1,000 output tokens</text>");
    for (i, c) in CLASSES.iter().enumerate() {
        let i = i as u32;
        let y = 116 + i * 32;
        let width = 130 + i * 16;
        let _ = writeln!(
            s,
            "<path d=\"M16,{y}h{width}l12,13l-12,13h-{width}z\" fill=\"{}\"/><text x=\"24\" y=\"{}\" font-size=\"18\" font-weight=\"700\">{}</text><text x=\"48\" y=\"{}\" font-size=\"11\">{}</text>",
            c.colour(),
            y + 20,
            c.letter(),
            y + 18,
            c.range()
        );
        if *c == class {
            let _ = writeln!(
                s,
                "<path d=\"M{},{}l16,-17h108v34h-108z\" fill=\"{INK}\"/><text x=\"{}\" y=\"{}\" font-size=\"22\" font-weight=\"700\" fill=\"#ffffff\">Class {}</text>",
                220,
                y + 13,
                242,
                y + 21,
                c.letter()
            );
        }
    }
}

fn figures(s: &mut String, w: &Words, letter: char) {
    let top = 364;
    let _ = writeln!(
        s,
        "<text x=\"16\" y=\"{top}\" font-size=\"11\" font-weight=\"700\">Class {letter}: {}</text>",
        escape(&w.intensity)
    );
    if let Some(ends) = &w.ends {
        let _ = writeln!(s, "<text x=\"16\" y=\"{}\" font-size=\"10\">({})</text>", top + 16, escape(ends));
    }
    let _ =
        writeln!(s, "<text x=\"16\" y=\"{}\" font-size=\"12\" font-weight=\"700\">Per 1,000 requests</text>", top + 40);
    for (i, (name, value)) in [("Energy", &w.energy), ("Carbon", &w.carbon), ("Water", &w.water)].iter().enumerate() {
        let y = top + 60 + (i as u32) * 20;
        let _ = writeln!(s, "<text x=\"16\" y=\"{y}\" font-size=\"12\">{name}</text><text x=\"100\" y=\"{y}\" font-size=\"12\" font-weight=\"600\">{value}</text>");
    }
}

/// The yearly figures, below the figures per 1,000 requests.
fn yearly_figures(s: &mut String, y: &YearlyWords) {
    let top = 492;
    let _ = writeln!(
        s,
        "<text x=\"16\" y=\"{top}\" font-size=\"12\" font-weight=\"700\">Per year: {}</text>",
        escape(&y.requests)
    );
    for (i, (name, value)) in [("Energy", &y.energy), ("Carbon", &y.carbon), ("Water", &y.water)].iter().enumerate() {
        let y = top + 20 + (i as u32) * 20;
        let _ = writeln!(s, "<text x=\"16\" y=\"{y}\" font-size=\"12\">{name}</text><text x=\"100\" y=\"{y}\" font-size=\"12\" font-weight=\"600\">{value}</text>");
    }
}

/// The QR code and the provenance, `shift` lower for a yearly workload.
fn footer(s: &mut String, label: &Label, permalink: &str, shift: u32) {
    let top = 490 + shift;
    match qr_path(permalink, 16, top, 136) {
        Some(qr) => {
            let _ = writeln!(s, "{qr}");
        }
        None => {
            let _ = writeln!(
                s,
                "<text x=\"16\" y=\"{}\" font-size=\"10\">(address too long for a QR code)</text>",
                top + 20
            );
        }
    }
    let lines = [
        format!("Made {}", label.spec.date),
        format!("EcoLogits {ECOLOGITS_VERSION} (MPL-2.0)"),
        format!("data {DATA_VERSION}"),
        "Scan to recompute this label".to_owned(),
        "offline, from its address alone.".to_owned(),
    ];
    for (i, line) in lines.iter().enumerate() {
        let _ = writeln!(
            s,
            "<text x=\"166\" y=\"{}\" font-size=\"10\">{}</text>",
            top + 24 + (i as u32) * 16,
            escape(line)
        );
    }
}

/// A small README badge: "LLM energy" and the class on its colour, with a title.
pub fn badge_svg(label: &Label) -> String {
    let letter = label.class.letter();
    let model = escape(&label.spec.model.to_string());
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"132\" height=\"20\" viewBox=\"0 0 132 20\" role=\"img\" aria-label=\"LLM energy class {letter}: {model}\">\n<title>LLM energy class {letter}: {model}, {} ({})</title>\n<rect width=\"84\" height=\"20\" fill=\"{INK}\"/><rect x=\"84\" width=\"48\" height=\"20\" fill=\"{}\"/>\n<g {FONT} font-size=\"11\"><text x=\"8\" y=\"14\" fill=\"#ffffff\">LLM energy</text><text x=\"92\" y=\"14\" fill=\"{INK}\" font-weight=\"700\">class {letter}</text></g>\n</svg>\n",
        format::range(label.wh_per_1000_tokens.min, label.wh_per_1000_tokens.max, "Wh per 1,000 output tokens"),
        escape(&label.spec.date),
        label.class.colour()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ecologits::catalog;
    use crate::label::{compute_label, LabelSpec};
    use crate::scenario::ModelChoice;

    fn gpt_4o() -> Label {
        let spec = LabelSpec {
            model: ModelChoice::Registered { provider: "openai".into(), name: "gpt-4o".into() },
            output_tokens: 400.0,
            requests_per_year: None,
            zone: None,
            pue: None,
            wue: None,
            date: "2026-11-30".into(),
        };
        compute_label(catalog(), &spec).unwrap()
    }

    /// WCAG 2 relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn dark_text_on_every_class_colour_passes_wcag_aa() {
        for c in CLASSES {
            assert!(contrast(INK, c.colour()) >= 4.5, "{c:?}: {}", contrast(INK, c.colour()));
        }
        assert!(contrast("#ffffff", INK) >= 7.0, "the arrow's white text");
    }

    #[test]
    fn the_label_is_self_contained_and_writes_its_class() {
        let svg = label_svg(&gpt_4o(), "http://127.0.0.1:8080/label?model=openai%2Fgpt-4o");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("<title id=\"label-title\">LLM energy label: openai/gpt-4o, class E</title>"));
        assert!(svg.contains("<desc id=\"label-desc\">Class E on a fixed scale"));
        assert!(svg.contains(">Class E</text>"), "the class is written, not only coloured");
        // handcheck.py: 1.447–2.409 Wh per 1,000 tokens; × 0.4 = 0.579–0.964 kWh per 1,000 requests.
        assert!(svg.contains("1.45–2.41 Wh per 1,000 output tokens"), "{svg}");
        assert!(svg.contains(">0.579–0.964 kWh</text>"));
        for external in ["href", "@import", "url(", "<image", "<script", "@font-face"] {
            assert!(!svg.contains(external), "{external}");
        }
        assert_eq!(svg.matches("<path d=\"M16,").count(), 7, "seven bars");
        assert_eq!(svg.matches("fill=\"#fdb913\"").count(), 1, "E's colour once");
        assert!(svg.contains("<path fill=\"#1a1a1a\" d=\"M"), "the QR code");
        assert!(svg.contains("Made 2026-11-30") && svg.contains(DATA_VERSION));
        assert!(svg.ends_with("</svg>\n"));
    }

    #[test]
    fn a_yearly_workload_adds_its_figures_in_large_units_and_moves_the_footer_down() {
        let one = gpt_4o();
        let spec = LabelSpec { requests_per_year: Some(2.5e6), ..one.spec.clone() };
        let yearly = compute_label(catalog(), &spec).unwrap();
        let (svg, alone) = (label_svg(&yearly, "x"), label_svg(&one, "x"));
        // handcheck.py: 0.5789–0.9637 Wh a request × 2.5 million = 1,447–2,409 kWh.
        assert!(svg.contains(">Per year: 2,500,000 requests</text>"), "{svg}");
        assert!(svg.contains(">1.45–2.41 MWh</text>"));
        assert!(svg.contains("Per year (2,500,000 requests): energy 1.45–2.41 MWh, carbon "));
        assert!(svg.contains("height=\"720\" viewBox=\"0 0 360 720\"") && svg.contains("height=\"718\" rx"));
        assert!(svg.contains("translate(16 570)") && alone.contains("translate(16 490)"));
        assert!(!alone.contains("Per year"));
        assert_eq!((label_height(&yearly), label_height(&one)), (720, 640));
        let small =
            compute_label(catalog(), &LabelSpec { requests_per_year: Some(1000.0), ..one.spec.clone() }).unwrap();
        // 1,000 requests a year are the figures per 1,000 requests: 0.579–0.964 kWh, in the small units.
        let small_svg = label_svg(&small, "x");
        assert_eq!(small_svg.matches(">0.579–0.964 kWh</text>").count(), 2, "{small_svg}");
        assert!(small_svg.contains("kgCO2eq</text>") && !small_svg.contains("tCO2eq") && !small_svg.contains("m³"));
        assert_eq!(range_in(Interval::new(999.0, 1000.0), "L", "m³"), "0.999–1 m³");
        assert_eq!(range_in(Interval::new(1.0, 999.0), "L", "m³"), "1–999 L");
    }

    #[test]
    fn outside_text_is_escaped_and_a_long_address_drops_the_qr_code() {
        assert_eq!(escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
        let long = "x".repeat(5000);
        let svg = label_svg(&gpt_4o(), &long);
        assert!(svg.contains("too long for a QR code") && !svg.contains("<path fill=\"#1a1a1a\" d=\"M"));
        let badge = badge_svg(&gpt_4o());
        assert!(badge.contains("<title>LLM energy class E: openai/gpt-4o") && badge.contains(">class E</text>"));
        assert!(badge.contains(Class::E.colour()));
    }

    #[test]
    fn the_qr_code_is_a_version_that_fits_the_address() {
        // 100 bytes at error correction M: version 5 holds 84 bytes, version 6 holds 106 (ISO/IEC 18004
        // capacity table), so version 6: 41 modules + 2 × 2 quiet = 45.
        let svg = qr_path(&"a".repeat(100), 0, 0, 90).unwrap();
        assert!(svg.contains("<rect width=\"45\" height=\"45\""), "{svg}");
        assert!(svg.contains("scale(2.000000)"));
    }
}
