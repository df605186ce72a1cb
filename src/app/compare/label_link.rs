//! The links from the compared models to their energy labels for the compare workload (class per request,
//! figures per year); a model without a label says why in its title. The addresses are
//! [`crate::pages::label_link`]'s.

use leptos::either::Either;
use leptos::prelude::*;

use super::{Computed, Row};
use crate::pages::label_link::label_href;

/// One link per shown model to `/label` with this workload, or the model's name and why it has none.
#[component]
pub fn LabelLinks(visible: Memo<Vec<Row>>, last_good: Memo<Option<Computed>>) -> impl IntoView {
    let links = Memo::new(move |_| {
        let workload = last_good.with(|c| c.as_ref().map(|c| c.comparison.workload))?;
        let links: Vec<(String, Result<String, String>)> =
            visible.with(|rows| rows.iter().map(|r| (r.key.clone(), label_href(&workload, &r.metrics))).collect());
        (!links.is_empty()).then_some(links)
    });
    move || {
        links.get().map(|links| {
            view! {
                <p class="small label-links" id="label-links">
                    "Energy label of each model for this workload (class per request, figures per year): "
                    {links.into_iter().enumerate().map(|(i, (key, href))| view! {
                        {(i > 0).then_some(" · ")}
                        {match href {
                            Ok(href) => Either::Left(view! { <a class="label-link" href=href>{key}</a> }),
                            Err(why) => Either::Right(view! { <span class="muted" title=why>{format!("{key} (no label)")}</span> }),
                        }}
                    }).collect_view()}
                </p>
            }
        })
    }
}
