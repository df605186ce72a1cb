// Starts the second wasm bundle (the compare, spend, per-call, label and methodology pages). The shell loads
// `secondary.js` (wasm-bindgen's glue, which defines the global `wasm_bindgen`), then this script, then calls
// `llmLedgerStartPages(wasmUrl)`: a promise that settles once the bundle has started and registered itself
// (`window.llmLedgerPages`), or says why it could not. It can be called again after a failure (e.g. offline).
window.llmLedgerStartPages = function (wasmUrl) {
  if (typeof wasm_bindgen !== "function") {
    return Promise.reject(new Error("the page bundle's glue did not load"));
  }
  return wasm_bindgen({ module_or_path: wasmUrl });
};
