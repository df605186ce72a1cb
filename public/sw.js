// LLM Ledger service worker: after one visit the app, its data and the tokenizer tables work offline.
// `.ci/stamp-sw.mjs` (run after every build) writes the two stamped lines below: VERSION, a hash of every file
// of the built site, so any change (the worker, a vocabulary, ECharts, the demo data, theme.js…) installs a new
// cache; and PRECACHE, index.html with everything it references plus the files named in the stamping script.
// Install precaches them bypassing the HTTP cache. Navigations are network-first (a new deploy is picked up when
// online) with the cached app as fallback; other same-origin GETs are cache-first. Requests to other origins
// (provider APIs) are never cached or touched.
//
// The origin may be shared with other sites (a GitHub Pages project site shares <owner>.github.io): this worker
// reads only its own cache and, on activation, deletes only its own older caches, never anyone else's.
const VERSION = "__BUILD_ID__";
const PRECACHE = [];

const SCOPE = new URL(self.registration.scope).pathname;
const OWN = "llm-ledger-";
// Named by version and by the path the site is served under, so two copies on one origin keep apart.
const CACHE = `${OWN}${VERSION} ${SCOPE}`;
// Before caches were named by path: "llm-ledger-" and a 12-digit hex build id.
const LEGACY = /^llm-ledger-[0-9a-f]{12}$/;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" })));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      const older = key !== CACHE && key.startsWith(OWN) && (key.endsWith(` ${SCOPE}`) || LEGACY.test(key));
      if (older) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) return;
  if (req.mode === "navigate") {
    event.respondWith((async () => {
      try {
        const res = await fetch(req);
        if (res.ok) {
          const copy = res.clone(); // before any await: the page consumes the body
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put("./", copy)));
        }
        return res;
      } catch (offline) {
        const cache = await caches.open(CACHE);
        return (await cache.match("./")) || Response.error();
      }
    })());
    return;
  }
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(req, { ignoreSearch: true });
    if (hit) return hit;
    const res = await fetch(req);
    if (res.ok) {
      const copy = res.clone(); // before any await
      event.waitUntil(cache.put(req, copy));
    }
    return res;
  })());
});
