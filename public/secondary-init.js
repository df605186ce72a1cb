// Starts the second wasm bundle (the compare, spend, per-call, label and methodology pages) once its glue,
// `secondary.js`, has defined the global `wasm_bindgen`. The shell loads both scripts, in order, when one of
// those pages opens; the bundle then registers itself (`window.llmLedgerPages`) and sends
// `llm-ledger-pages-ready`. If it cannot start, the shell is told why.
wasm_bindgen({ module_or_path: "secondary_bg.wasm" }).catch(function (e) {
  window.dispatchEvent(new CustomEvent("llm-ledger-pages-failed", { detail: String(e) }));
});
