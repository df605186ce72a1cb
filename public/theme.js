// Applies the remembered colour theme before the first paint (no flash of the wrong theme).
(function () {
  try {
    var t = localStorage.getItem("llm-ledger-theme");
    if (t === "dark" || t === "light") document.documentElement.dataset.theme = t;
  } catch (e) { /* storage blocked: follow prefers-color-scheme */ }
})();
