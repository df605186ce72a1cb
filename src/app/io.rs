//! The app's one way to do each browser input/output: today's date, offer a file for download (a Blob URL;
//! nothing is uploaded), download a table as CSV (through the one CSV writer, [`crate::csv_export`]), read the files a
//! user chose, fetch a text file of the site, and the two storages. `localStorage` (kept on this device)
//! holds preferences only; `sessionStorage` (this tab, gone when it closes) is where keys may live, never
//! in localStorage.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Offer `text` as a file download named `name`, of MIME type `mime`.
pub fn download(name: &str, mime: &str, text: &str) {
    let Some(url) = blob_url(mime, text) else { return };
    download_href(&url, name);
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// A Blob URL holding `text` as MIME type `mime` (the caller revokes it when done).
pub fn blob_url(mime: &str, text: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// Save what `href` (a Blob or data URL) holds as a file named `name`.
pub fn download_href(href: &str, name: &str) {
    let document = leptos::prelude::document();
    if let Ok(anchor) = document.create_element("a") {
        let anchor: web_sys::HtmlAnchorElement = anchor.unchecked_into();
        anchor.set_href(href);
        anchor.set_download(name);
        // Attached while clicked: some browsers ignore a click on a detached link.
        if let Some(body) = document.body() {
            let _ = body.append_child(&anchor);
            anchor.click();
            let _ = body.remove_child(&anchor);
        }
    }
}

/// Today's date in UTC, by the browser's clock.
pub fn today() -> crate::usage::Day {
    crate::pages::usage::day_at(js_sys::Date::now())
}

/// Offer a table as a CSV download (RFC 4180, CRLF, the spreadsheet formula guard on every cell).
pub fn download_csv(name: &str, header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) {
    download(name, "text/csv", &crate::csv_export::to_csv(header, rows));
}

/// The files chosen in a file input, in order; the input is cleared so that choosing the same file again
/// fires a change.
pub fn take_chosen_files(input: &web_sys::HtmlInputElement) -> Vec<web_sys::File> {
    let files = input.files().map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect()).unwrap_or_default();
    input.set_value("");
    files
}

/// The file input an event came from.
pub fn file_input(ev: &web_sys::Event) -> Option<web_sys::HtmlInputElement> {
    ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
}

/// A chosen file's text, or the message to show (naming the file).
pub async fn read_text(file: &web_sys::File) -> Result<String, String> {
    match JsFuture::from(file.text()).await {
        Ok(text) => Ok(text.as_string().unwrap_or_default()),
        Err(_) => Err(format!("{}: the browser could not read this file.", file.name())),
    }
}

/// A text file of the site (e.g. the demo data), or the HTTP error.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let response = gloo_net::http::Request::get(url).send().await.map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    response.text().await.map_err(|e| e.to_string())
}

/// Wait `ms` milliseconds without blocking (lets the page paint between steps).
pub async fn sleep_ms(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let timeout = i32::try_from(ms).unwrap_or(i32::MAX);
        let _ = leptos::prelude::window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, timeout);
    });
    let _ = JsFuture::from(promise).await;
}

/// Which storage: kept on this device, or for this tab only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Store {
    /// `localStorage`: preferences (theme, deployment mapping, decision log). Never a key.
    Device,
    /// `sessionStorage`: this tab only; provider keys live here and in memory, nowhere else.
    Tab,
}

impl Store {
    fn storage(self) -> Option<web_sys::Storage> {
        let window = leptos::prelude::window();
        match self {
            Store::Device => window.local_storage(),
            Store::Tab => window.session_storage(),
        }
        .ok()
        .flatten()
    }

    /// The value stored under `key`, if any (and if the browser allows storage).
    pub fn get(self, key: &str) -> Option<String> {
        self.storage()?.get_item(key).ok().flatten()
    }

    /// Store `value` under `key` (silently nothing where the browser refuses storage).
    pub fn set(self, key: &str, value: &str) {
        if let Some(s) = self.storage() {
            let _ = s.set_item(key, value);
        }
    }

    /// Remove `key`.
    pub fn remove(self, key: &str) {
        if let Some(s) = self.storage() {
            let _ = s.remove_item(key);
        }
    }
}
