//! In-browser tests (wasm-bindgen-test in headless Chromium) of the code that touches the browser:
//! the mounted app, the theme switch, the URL state.
#![cfg(target_arch = "wasm32")]

use llm_ledger::app::browser::{query_param, replace_query, Theme};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

async fn text_when_present(selector: &str) -> String {
    for _ in 0..100 {
        if let Some(el) = document().query_selector(selector).unwrap() {
            let text = el.text_content().unwrap_or_default();
            if !text.is_empty() {
                return text;
            }
        }
        sleep(20).await;
    }
    panic!("{selector} never appeared");
}

#[wasm_bindgen_test]
async fn the_mounted_app_shows_an_estimate_and_flags_bad_input() {
    leptos::mount::mount_to_body(llm_ledger::app::App);
    let energy = text_when_present("#energy").await;
    assert!(energy.ends_with(" Wh"), "{energy}");
    assert!(text_when_present("#carbon").await.ends_with(" gCO2eq"));
    assert_eq!(text_when_present("#zone-used").await, "USA", "gpt-4o-mini runs in OpenAI's default zone");

    let input: web_sys::HtmlInputElement =
        document().query_selector("#output-tokens").unwrap().unwrap().unchecked_into();
    input.set_value("not a number");
    input
        .dispatch_event(
            &web_sys::Event::new_with_event_init_dict("input", &{
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                init
            })
            .unwrap(),
        )
        .unwrap();
    let error = text_when_present(".field-error").await;
    assert!(error.contains("not a number"), "{error}");
    assert_eq!(text_when_present("#energy").await, energy, "the last good estimate stays");
    assert!(query_param("tokens").is_some(), "state is mirrored into the URL");
}

#[wasm_bindgen_test]
fn the_theme_toggle_sets_the_attribute_and_remembers_it() {
    let root = document().document_element().unwrap();
    let first = Theme::current().toggled();
    assert_eq!(root.get_attribute("data-theme").as_deref(), Some(if first.is_dark() { "dark" } else { "light" }));
    assert_eq!(Theme::current(), first, "remembered in localStorage");
    let second = first.toggled();
    assert_ne!(first, second);
    assert_eq!(Theme::current(), second);
}

#[wasm_bindgen_test]
fn url_state_round_trips_and_drops_empty_values() {
    replace_query(&[("model", "openai/gpt-4o".into()), ("zone", String::new()), ("tokens", "12".into())]);
    assert_eq!(query_param("model").as_deref(), Some("openai/gpt-4o"));
    assert_eq!(query_param("tokens").as_deref(), Some("12"));
    assert_eq!(query_param("zone"), None);
}
