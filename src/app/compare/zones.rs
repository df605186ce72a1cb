//! The "where the models run" card: the zone of local models (one for the workload unless a model has its
//! own), its carbon intensity with the source, and the same workload side by side in Sweden, Germany, the USA,
//! France and the world mix. Figures come from [`crate::pages::compare::zones_view`].

use leptos::prelude::*;
use time::OffsetDateTime;

use super::field_err;
use crate::compare::zones::{zone_codes, INTENSITY_SOURCE, SIDE_BY_SIDE};
use crate::pages::compare::{zone_intensity_text, zones_view, FieldErrors, Inputs, ZonesView};

/// The zone codes offered by every zone field (`list="zone-codes"`).
pub fn zone_datalist() -> impl IntoView {
    view! {
        <datalist id="zone-codes">
            {zone_codes().into_iter().map(|z| view! { <option value=z></option> }).collect_view()}
        </datalist>
    }
}

fn side_by_side_table(v: ZonesView) -> impl IntoView {
    view! {
        <p class="small" id="zones-caption">"CO2 per year with every model in the zone (its energy and cost stay the same):"</p>
        <div class="table-scroll" tabindex="0" role="region" aria-label="The same workload in five zones">
            <table id="zones-table" aria-describedby="zones-caption">
                <thead>
                    <tr>
                        <th scope="col">"Model"</th>
                        {v.zones.into_iter().map(|z| view! {
                            <th scope="col" data-zone=z.code.clone()>{z.label}<span class="muted small block">{format!("{} · {}", z.code, z.intensity)}</span></th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {v.rows.into_iter().map(|(name, cells)| view! {
                        <tr><th scope="row">{name}</th>{cells.into_iter().map(|c| view! { <td class="num">{c}</td> }).collect_view()}</tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

pub fn zones_card(
    zone: RwSignal<String>,
    errors: Memo<FieldErrors>,
    parsed: Memo<Result<Inputs, FieldErrors>>,
    now: OffsetDateTime,
) -> impl IntoView {
    let view_model = Memo::new(move |_| parsed.with(|p| p.as_ref().ok().map(|i| zones_view(i, now))));
    view! {
        <section class="card zones" aria-labelledby="zones-h">
            <h2 id="zones-h">"Where the models run"</h2>
            {zone_datalist()}
            <div class="grid">
                <label class="field">
                    <span>"Zone of the local models (EcoLogits code; a model can have its own below)"</span>
                    <input id="zone" list="zone-codes" autocomplete="off" prop:value=move || zone.get()
                        on:input=move |ev| zone.set(event_target_value(&ev).trim().to_uppercase()) />
                    {field_err(errors, "zone")}
                </label>
                <div class="quick" role="group" aria-label="Zone presets">
                    {SIDE_BY_SIDE.iter().map(|(code, name)| view! {
                        <button class="chip" data-zone=*code on:click=move |_| zone.set((*code).to_owned())>{*name}</button>
                    }).collect_view()}
                </div>
            </div>
            <p id="zone-intensity"><strong>{move || zone_intensity_text(&zone.get())}</strong></p>
            <p class="muted small">
                {format!("Carbon intensity of electricity in gCO2eq per kWh: {INTENSITY_SOURCE}. ")}
                "Hosted models run in their provider's zone (OpenAI, Anthropic, Google: USA; Mistral: Sweden) unless \
                 you give them one; a model assessed from the size in its name uses the world mix. The zone moves \
                 the usage CO2 (energy × intensity) and the water of electricity generation, not the energy or the cost."
            </p>
            {move || match view_model.get() {
                None => view! { <p class="muted small">"Fix the inputs above to see the zones side by side."</p> }.into_any(),
                Some(Err(e)) => view! { <p class="field-error" role="alert">{e}</p> }.into_any(),
                Some(Ok(v)) => side_by_side_table(v).into_any(),
            }}
        </section>
    }
}
