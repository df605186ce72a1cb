//! In-page navigation of a long page: a bar of links to its sections, sticky under the header on wide screens,
//! and a "Sections" menu (a `<details>`) on phones, so any section is one click away. A link scrolls to its
//! section and moves the keyboard focus there; links whose section is not on the page are left out. The link of
//! the section in view is marked (`aria-current="true"`, class `current`), followed on scroll and resize.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::pages::sections::current_section;

/// Scroll to the element `id` and give it the focus (without a second scroll); close the phone menu.
fn go_to(ev: &leptos::ev::MouseEvent, id: &str) {
    ev.prevent_default();
    let Some(target) = document().get_element_by_id(id) else { return };
    target.scroll_into_view();
    if let Ok(target) = target.dyn_into::<web_sys::HtmlElement>() {
        if !target.has_attribute("tabindex") {
            let _ = target.set_attribute("tabindex", "-1");
        }
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"preventScroll".into(), &true.into());
        if let Ok(focus) = js_sys::Reflect::get(&target, &"focus".into()).and_then(|f| f.dyn_into::<js_sys::Function>())
        {
            let _ = focus.call1(&target, &options);
        }
    }
    let menu = event_target::<web_sys::Element>(ev).closest("details").ok().flatten();
    if let Some(menu) = menu {
        let _ = menu.remove_attribute("open");
    }
}

/// The links to the sections `(element id, title)` that are on the page, the one in view marked.
fn links(
    sections: &'static [(&'static str, &'static str)],
    present: RwSignal<Vec<bool>>,
    current: RwSignal<Option<usize>>,
) -> impl IntoView {
    move || {
        let present = present.get();
        sections
            .iter()
            .enumerate()
            .zip(present)
            .filter(|(_, here)| *here)
            .map(|((i, (id, title)), _)| {
                let href = format!("{}#{id}", window().location().pathname().unwrap_or_default());
                let here = move || current.get() == Some(i);
                view! {
                    <li>
                        <a href=href class:current=here aria-current=move || here().then_some("true")
                            on:click=move |ev| go_to(&ev, id)>{*title}</a>
                    </li>
                }
            })
            .collect_view()
    }
}

/// The element's top in CSS px from the window's top (`getBoundingClientRect().top`).
fn top_of(el: &web_sys::Element) -> Option<f64> {
    let rect = js_sys::Reflect::get(el, &"getBoundingClientRect".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?
        .call0(el)
        .ok()?;
    js_sys::Reflect::get(&rect, &"top".into()).ok()?.as_f64()
}

/// The index of the section in view now.
fn section_in_view(sections: &[(&str, &str)]) -> Option<usize> {
    let tops: Vec<Option<f64>> =
        sections.iter().map(|(id, _)| document().get_element_by_id(id).and_then(|el| top_of(&el))).collect();
    let height = window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or_default();
    let scrolled = window().scroll_y().unwrap_or_default();
    let page = document().document_element().map_or(0, |el| el.scroll_height());
    let at_end = scrolled > 0.0 && scrolled + height >= f64::from(page) - 2.0;
    current_section(&tops, height, at_end)
}

/// Follow the section in view on scroll and resize, at most once a frame, until the navigation goes.
fn follow_scroll(sections: &'static [(&'static str, &'static str)], current: RwSignal<Option<usize>>) {
    let pending = StoredValue::new(false);
    let schedule = move || {
        if pending.try_get_value() == Some(false) {
            pending.set_value(true);
            request_animation_frame(move || {
                pending.try_set_value(false);
                current.try_set(section_in_view(sections));
            });
        }
    };
    let on_scroll = window_event_listener(leptos::ev::scroll, move |_| schedule());
    let on_resize = window_event_listener(leptos::ev::resize, move |_| schedule());
    on_cleanup(move || {
        on_scroll.remove();
        on_resize.remove();
    });
}

/// The section navigation of a page, named `label` for screen readers.
#[component]
pub fn SectionNav(label: &'static str, sections: &'static [(&'static str, &'static str)]) -> impl IntoView {
    let present = RwSignal::new(vec![true; sections.len()]);
    let current = RwSignal::new(None::<usize>);
    // Once the page around it is drawn, keep only the sections that are there, and mark the one in view.
    Effect::new(move |_| {
        request_animation_frame(move || {
            present.try_set(sections.iter().map(|(id, _)| document().get_element_by_id(id).is_some()).collect());
            current.try_set(section_in_view(sections));
        });
    });
    follow_scroll(sections, current);
    let current_title = move || current.get().and_then(|i| sections.get(i)).map(|(_, title)| *title);
    view! {
        <nav class="section-nav" aria-label=label>
            <ul class="section-bar">{links(sections, present, current)}</ul>
            <details class="section-menu">
                <summary>"Sections"<span class="section-current">{current_title}</span></summary>
                <ul>{links(sections, present, current)}</ul>
            </details>
        </nav>
    }
}
