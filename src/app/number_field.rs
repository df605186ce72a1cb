//! `NumberField`: the one way a form asks for a number — its label, the input, the unit beside it and
//! the field's error under it (announced, and tied to the input for screen readers). The field is a
//! `div` with a `label for` the input, so controls given as children (a check box) are not nested labels.

use leptos::prelude::*;

/// A labelled number input bound to `value`, with its unit and its error.
#[component]
pub fn NumberField(
    /// Element id of the input (fixed, or made at run time, e.g. per model row); its error is `{id}-error`.
    #[prop(into)]
    id: String,
    /// What is asked, in words.
    label: &'static str,
    /// The text typed, kept as typed (the view-model parses it).
    value: RwSignal<String>,
    /// The field's error, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Unit shown after the input.
    #[prop(optional)]
    unit: Option<&'static str>,
    /// Keyboard hint for phones: `decimal` (default) or `numeric`.
    #[prop(default = "decimal")]
    inputmode: &'static str,
    /// Text shown while the field is blank (`"e.g. 70"`, or an `Option` decided at run time).
    #[prop(optional_no_strip, into)]
    placeholder: Option<&'static str>,
    /// Whether the input is disabled.
    #[prop(optional, into)]
    disabled: MaybeProp<bool>,
    /// Extra layout class beside `field` (`narrow`, `wide`).
    #[prop(optional)]
    class: Option<&'static str>,
    /// Controls shown under the field (e.g. a check box that replaces it).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class=class.map_or_else(|| "field".to_owned(), |c| format!("field {c}"))>
            <label for=id.clone()>{label}</label>
            <span class="with-unit">
                <input
                    id=id
                    inputmode=inputmode
                    placeholder=placeholder
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    aria-describedby=move || error.with(Option::is_some).then(|| described.clone())
                    prop:value=move || value.get()
                    prop:disabled=move || disabled.get().unwrap_or(false)
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
                {unit.map(|u| view! { <span class="unit">{u}</span> })}
            </span>
            {move || {
                error.get().map(|msg| view! { <span class="field-error" id=error_id.clone() role="alert">{msg}</span> })
            }}
            {children.map(|c| c())}
        </div>
    }
}
