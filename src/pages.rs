//! The pages' view-models: pure, natively tested modules that turn a page's form strings into typed
//! inputs with per-field errors, compute what the page shows (every figure already with its unit and
//! range), and encode and decode the page's URL state. The wasm-only `app` module keeps the signals and
//! the markup; everything a page decides lives here.
// No component or view-model function over 120 lines (`too-many-lines-threshold` in clippy.toml).
#![warn(clippy::too_many_lines)]

pub mod clock;
pub mod compare;
pub mod estimator;
pub mod label;
pub mod label_link;
pub mod methodology;
pub mod number;
pub mod per_call;
pub mod reality;
pub mod secondary;
pub mod sections;
pub mod usage;
