//! In-page navigation of a long page: a bar of links to its sections, sticky under the header on wide screens,
//! and a "Sections" menu (a `<details>`) on phones, so any section is one click away. A link scrolls to its
//! section and moves the keyboard focus there; links whose section is not on the page are left out.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

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

/// The links to the sections `(element id, title)` that are on the page.
fn links(sections: &'static [(&'static str, &'static str)], present: RwSignal<Vec<bool>>) -> impl IntoView {
    move || {
        let present = present.get();
        sections
            .iter()
            .zip(present)
            .filter(|(_, here)| *here)
            .map(|((id, title), _)| {
                let href = format!("{}#{id}", window().location().pathname().unwrap_or_default());
                view! { <li><a href=href on:click=move |ev| go_to(&ev, id)>{*title}</a></li> }
            })
            .collect_view()
    }
}

/// The section navigation of a page, named `label` for screen readers.
#[component]
pub fn SectionNav(label: &'static str, sections: &'static [(&'static str, &'static str)]) -> impl IntoView {
    let present = RwSignal::new(vec![true; sections.len()]);
    // Once the page around it is drawn, keep only the sections that are there.
    Effect::new(move |_| {
        request_animation_frame(move || {
            present.set(sections.iter().map(|(id, _)| document().get_element_by_id(id).is_some()).collect());
        });
    });
    view! {
        <nav class="section-nav" aria-label=label>
            <ul class="section-bar">{links(sections, present)}</ul>
            <details class="section-menu">
                <summary>"Sections"</summary>
                <ul>{links(sections, present)}</ul>
            </details>
        </nav>
    }
}
