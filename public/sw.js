// LLM Ledger service worker: after one visit the app, its data and the tokenizer tables work offline.
// Install precaches index.html, everything it references, the worker and both BPE tables.
// Navigations are network-first (a new deploy is picked up when online) with the cached app as fallback;
// other same-origin GETs are cache-first (their names carry a content hash, or never change).
// Requests to other origins (provider APIs) are never cached or touched.
const CACHE = "llm-ledger-__BUILD_ID__";
const EXTRA = ["bpe/cl100k_base.bin", "bpe/o200k_base.bin", "worker_loader.js", "worker.js", "worker_bg.wasm",
  "vendor/echarts.min.js", "vendor/echarts.common.min.js", "manifest.webmanifest", "icon.svg", "theme.js"];

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const index = await fetch("./", { cache: "no-store" });
    const html = await index.clone().text();
    await cache.put("./", index);
    const refs = [...html.matchAll(/(?:src|href)="([^"#?]+)"/g)].map((m) => m[1])
      .filter((u) => !u.startsWith("http") && !u.startsWith("data:") && u !== "./");
    await cache.addAll([...new Set([...refs, ...EXTRA])]);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) return;
  if (req.mode === "navigate") {
    event.respondWith(fetch(req).then((res) => {
      if (res.ok) caches.open(CACHE).then((c) => c.put("./", res.clone()));
      return res;
    }).catch(async () => (await caches.match("./")) || Response.error()));
    return;
  }
  event.respondWith(caches.match(req, { ignoreSearch: true }).then((hit) => hit || fetch(req).then((res) => {
    if (res.ok) { const copy = res.clone(); caches.open(CACHE).then((c) => c.put(req, copy)); }
    return res;
  })));
});
