//! View-models of the site's pages: what each page parses, computes and shows, as plain data, outside the
//! wasm-only `app` module so it is tested natively. The components in `app` hold only signals and markup.

pub mod compare;
pub mod usage;
