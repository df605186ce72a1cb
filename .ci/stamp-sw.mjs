// Stamps the service worker of a built site: `node .ci/stamp-sw.mjs DIR` (the Trunk post-build hook calls
// `stamp(dir)` on its staging directory; the end-to-end test re-stamps a copy of dist/ it changed).
// In DIR/sw.js it rewrites two lines, so stamping again (after any change) is always right:
// - `const VERSION = "…";`: the first 12 hex digits of a sha256 over every file of DIR (path and content;
//   sw.js itself with these two lines blanked), so a change to any file, not only index.html, gives returning
//   visitors a new cache;
// - `const PRECACHE = […];`: "./" (index.html), every local file index.html references, and EXTRA below.
// Every precached file must exist in DIR (a missing one would make the worker's install fail).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";

// Files the app loads at run time rather than from index.html: the other pages' wasm bundle (compare, spend, per
// call, label, methodology), the vocabularies, the token-counting worker, the per-call page's worker (its config.yml reader), both ECharts builds, the price table (compare and spend pages),
// the manifest, the icon and the theme script.
const EXTRA = ["secondary.js", "secondary_bg.wasm", "secondary-init.js", "bpe/cl100k_base.bin", "bpe/o200k_base.bin", "worker_loader.js", "worker.js", "worker_bg.wasm",
  "per_call_worker_loader.js", "per_call_worker.js", "per_call_worker_bg.wasm",
  "vendor/echarts.min.js", "vendor/echarts.common.min.js", "data/genai-prices.json", "manifest.webmanifest",
  "icon.svg", "theme.js"];

const VERSION_LINE = /^const VERSION = "[^"\n]*";$/m;
const PRECACHE_LINE = /^const PRECACHE = \[[^\n]*\];$/m;

function filesUnder(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

// The local files index.html references (its src and href attributes), as written there.
function references(html) {
  return [...html.matchAll(/(?:src|href)="([^"#?]+)"/g)].map((m) => m[1])
    // Not other origins, and not folders (`<base href="/">`, links home): "./" is precached once, first.
    .filter((u) => !/^[a-z]+:/i.test(u) && !u.startsWith("//") && !u.endsWith("/"));
}

// A reference as a path inside DIR, given the site's base path (`<base href>`).
function fileOf(ref, base) {
  const path = ref.startsWith("/") ? (ref.startsWith(base) ? ref.slice(base.length) : ref.slice(1)) : ref;
  return decodeURIComponent(path);
}

export function stamp(dir) {
  const swPath = join(dir, "sw.js");
  const sw = readFileSync(swPath, "utf8");
  if (!VERSION_LINE.test(sw) || !PRECACHE_LINE.test(sw)) {
    throw new Error(`${swPath} lacks a "const VERSION = …;" or "const PRECACHE = […];" line`);
  }
  const html = readFileSync(join(dir, "index.html"), "utf8");
  const base = (html.match(/<base href="([^"]*)"/) || [null, "/"])[1];
  const refs = references(html);
  const precache = ["./", ...new Set([...refs, ...EXTRA])];
  for (const ref of precache.slice(1)) {
    const file = join(dir, fileOf(ref, base));
    try {
      if (!statSync(file).isFile()) throw new Error("not a file");
    } catch {
      throw new Error(`the service worker would precache ${ref}, but ${file} does not exist`);
    }
  }

  const blank = (text) => text.replace(VERSION_LINE, 'const VERSION = "";').replace(PRECACHE_LINE, "const PRECACHE = [];");
  const hash = createHash("sha256");
  for (const path of filesUnder(dir).sort()) {
    const name = relative(dir, path).split(sep).join("/");
    const content = name === "sw.js" ? Buffer.from(blank(sw)) : readFileSync(path);
    hash.update(`${name}\0${content.length}\0`);
    hash.update(content);
  }
  const version = hash.digest("hex").slice(0, 12);
  const stamped = sw.replace(VERSION_LINE, `const VERSION = "${version}";`)
    .replace(PRECACHE_LINE, `const PRECACHE = ${JSON.stringify(precache)};`);
  writeFileSync(swPath, stamped);
  return { version, files: precache.length };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2];
  if (!dir || process.argv.length > 3) {
    console.error("usage: node .ci/stamp-sw.mjs DIR");
    process.exit(2);
  }
  const { version, files } = stamp(dir);
  console.log(`stamp-sw: ${dir}/sw.js version ${version}, ${files} files precached`);
}
