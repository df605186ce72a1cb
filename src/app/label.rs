//! The energy label page (`/label`): a model and a request size, the label drawn by the one SVG function
//! ([`crate::label::svg`]) with its permalink and QR code, downloads (SVG, PNG drawn from the SVG on a
//! canvas, the README badge), and — for a label opened from its permalink — whether its figures changed
//! since it was made. The form, the URL state and the notes are [`crate::pages::label`]'s. The
//! methodology page's class scale is [`LabelScaleSection`].

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::browser::{base_path, query_string, replace_query_string};
use super::estimator::{ModelField, ZoneField};
use super::io::{blob_url, download, download_href, today};
use super::number_field::NumberField;
use crate::ecologits::catalog;
use crate::label::svg::{badge_svg, label_height, label_svg};
use crate::label::{compute_label, Label};
use crate::pages::label::{
    class_text, file_name, parse, permalink, png_size, provenance_note, scale_caption, scale_rows, LabelField,
    LabelForm,
};

/// The site's address, ending in `/` (the permalink's base).
fn site_base() -> String {
    let origin = window().location().origin().unwrap_or_default();
    format!("{origin}{}/", base_path())
}

/// Draw the SVG on a canvas at [`png_size`] and offer it as a PNG file.
fn download_png(name: String, svg: &str, svg_height: u32) {
    let Some(url) = blob_url("image/svg+xml", svg) else { return };
    let Ok(image) = web_sys::HtmlImageElement::new() else { return };
    let loaded = image.clone();
    let object_url = url.clone();
    let on_load = wasm_bindgen::closure::Closure::once_into_js(move || {
        let (width, height) = png_size(svg_height);
        if let Some(canvas) =
            document().create_element("canvas").ok().and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        {
            canvas.set_width(width);
            canvas.set_height(height);
            let context = canvas
                .get_context("2d")
                .ok()
                .flatten()
                .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok());
            if let Some(context) = context {
                let _ = context.draw_image_with_html_image_element_and_dw_and_dh(
                    &loaded,
                    0.0,
                    0.0,
                    f64::from(width),
                    f64::from(height),
                );
                if let Ok(data) = canvas.to_data_url_with_type("image/png") {
                    download_href(&data, &name);
                }
            }
        }
        let _ = web_sys::Url::revoke_object_url(&object_url);
    });
    image.set_onload(Some(on_load.unchecked_ref()));
    image.set_src(&url);
}

/// The inputs of a form, without its date and provenance.
fn inputs(form: &LabelForm) -> [String; 6] {
    [&form.model, &form.tokens, &form.requests, &form.zone, &form.pue, &form.wue].map(Clone::clone)
}

/// The energy label page.
#[component]
pub fn LabelPage() -> impl IntoView {
    let opened = LabelForm::from_query(&query_string());
    let opened_query = opened.clone();
    let model = RwSignal::new(opened.model.clone());
    let tokens = RwSignal::new(opened.tokens.clone());
    let requests = RwSignal::new(opened.requests.clone());
    let zone = RwSignal::new(opened.zone.clone());
    let pue = RwSignal::new(opened.pue.clone());
    let wue = RwSignal::new(opened.wue.clone());
    let today = today().to_string();
    // The label as opened keeps its date and provenance until an input changes.
    let form = Memo::new(move |_| {
        let current = LabelForm {
            model: model.get(),
            tokens: tokens.get(),
            requests: requests.get(),
            zone: zone.get(),
            pue: pue.get(),
            wue: wue.get(),
            ..LabelForm::default()
        };
        if inputs(&current) == inputs(&opened) {
            opened.clone()
        } else {
            current
        }
    });
    let parsed = Memo::new(move |_| parse(&form.get(), &today));
    let errors = Memo::new(move |_| parsed.get().err().unwrap_or_default());
    let error_of = move |field: LabelField| Signal::derive(move || errors.with(|e| e.get(field.id()).cloned()));
    let computed = Memo::new(move |_| parsed.get().ok().map(|spec| compute_label(catalog(), &spec)));
    let label = Memo::new(move |previous: Option<&Option<Label>>| match computed.get() {
        Some(Ok(label)) => Some(label),
        _ => previous.cloned().flatten(),
    });
    let base = site_base();
    let link = Memo::new(move |_| label.with(|l| l.as_ref().map(|l| permalink(&base, l))));
    // A label opened from its permalink keeps its address (so a reload says the same); any other label
    // writes its own permalink into the address bar.
    let as_opened = Memo::new(move |_| !opened_query.ecologits.is_empty() && form.with(|f| *f == opened_query));
    Effect::new(move |_| {
        if let (Some(link), false) = (link.get(), as_opened.get()) {
            replace_query_string(link.split_once('?').map_or("", |(_, q)| q));
        }
    });
    let zone_used = Signal::derive(move || label.with(|l| l.as_ref().map(|l| l.zone.clone())));
    view! {
        <div class="page label-page">
            <section class="card intro">
                <h1>"Energy label"</h1>
                <p class="lede">
                    "An A–G class on a fixed scale of Wh per 1,000 output tokens, with the energy, carbon and water of 1,000 requests "
                    "and, given requests a year, of a year (EcoLogits ranges). Its address recomputes it anywhere, offline: the inputs, the date and the data versions are in it. "
                    <a href="methodology#label-scale">"How the classes are set"</a>
                </p>
            </section>
            <section class="card settings" aria-labelledby="label-settings-h">
                <h2 id="label-settings-h">"Model and workload"</h2>
                <div class="grid">
                    <ModelField model error=error_of(LabelField::Model) />
                    <NumberField id=LabelField::Tokens.id() label="Output tokens per request" inputmode="numeric" value=tokens error=error_of(LabelField::Tokens) />
                    <NumberField id=LabelField::Requests.id() label="Requests a year (blank = one request size only)" inputmode="numeric" value=requests error=error_of(LabelField::Requests) />
                    <ZoneField zone zone_used />
                    <NumberField id=LabelField::Pue.id() label="PUE (blank = default)" value=pue error=error_of(LabelField::Pue) />
                    <NumberField id=LabelField::Wue.id() label="On-site WUE (blank = default)" unit="L/kWh" value=wue error=error_of(LabelField::Wue) />
                </div>
                {move || error_of(LabelField::Date).get().map(|e| view! { <p class="banner error" role="alert">{e}</p> })}
                {move || match computed.get() {
                    Some(Err(e)) => Some(view! { <p class="banner error" role="alert" id="label-error">{e.to_string()}</p> }),
                    _ => None,
                }}
            </section>
            {move || label.get().map(|l| label_card(&l, form.get(), link.get().unwrap_or_default()))}
        </div>
    }
}

/// The label, its class in words, the provenance note, the permalink and the downloads.
fn label_card(label: &Label, form: LabelForm, link: String) -> impl IntoView {
    let svg = label_svg(label, &link);
    let badge = badge_svg(label);
    let note = provenance_note(&form, label);
    let (svg_name, png_name, badge_name) =
        (file_name(label, "svg"), file_name(label, "png"), file_name(label, "badge.svg"));
    let class_text = class_text(label.class, label.class_range);
    let (svg_for_download, svg_for_png, height) = (svg.clone(), svg.clone(), label_height(label));
    view! {
        <section class="card label-card" aria-labelledby="label-class">
            <h2 id="label-class">{class_text}</h2>
            {note.map(|n| view! { <p class="banner" id="label-provenance" role="status">{n}</p> })}
            <div class="label-image" id="label-svg" inner_html=svg></div>
            <p class="small">
                "Permalink: " <a id="label-permalink" href=link.clone()>{link.clone()}</a>
            </p>
            <div class="actions">
                <button id="label-download-svg" on:click=move |_| download(&svg_name, "image/svg+xml", &svg_for_download)>"Download SVG"</button>
                <button id="label-download-png" on:click=move |_| download_png(png_name.clone(), &svg_for_png, height)>"Download PNG"</button>
                <button id="label-download-badge" on:click=move |_| download(&badge_name, "image/svg+xml", &badge)>"Download README badge"</button>
            </div>
        </section>
    }
}

/// Section 11 of the methodology page: the class scale and the share of EcoLogits' models per class.
#[component]
pub fn LabelScaleSection() -> impl IntoView {
    let rows = scale_rows(catalog());
    view! {
        <h2 id="label-scale">"11. The energy label's classes"</h2>
        <p>
            "The class is read on a fixed scale of Wh per 1,000 output tokens at the label's request size (request energy ÷ output "
            "tokens × 1,000), half a decade per class. The scale does not move with today's models, so a class keeps its meaning; A "
            "is empty on purpose, as the EU energy label left its top class empty in 2021, so progress shows. The class is decided by "
            "the geometric mean of EcoLogits' min and max; the label also names the classes of min and max when they differ. "
            "Colours follow the EU label (G a lighter red so dark text on it keeps a 4.5:1 contrast). "
            "A label for a yearly workload (requests a year given, as the compare page's links do) adds one request's energy, carbon "
            "and water times the requests a year, but its class is still read per request at its output tokens per request, on the "
            "same scale."
        </p>
        <table class="tiers" id="label-scale-table">
            <caption>{scale_caption(&rows)}</caption>
            <thead><tr><th>"Class"</th><th>"Wh per 1,000 output tokens"</th><th>"Models"</th><th>"Share"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr>
                        <th><span class="class-chip" style=format!("background:{}", r.colour)>{r.letter.to_string()}</span></th>
                        <td>{r.range}</td>
                        <td class="num">{r.models}</td>
                        <td class="num">{r.share}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
