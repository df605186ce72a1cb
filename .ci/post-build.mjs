// Trunk post_build hook (runs in $TRUNK_STAGING_DIR before dist/ is replaced):
// 1. puts the sha256 of Trunk's inline loader script(s) into the Content-Security-Policy meta tag;
// 2. stamps the service worker with a build id, so a new deploy replaces the offline cache;
// 3. copies index.html to 404.html, the GitHub Pages fallback for deep links.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set: run this as a trunk post_build hook");
const indexPath = join(dir, "index.html");
let html = readFileSync(indexPath, "utf8");

const hashes = [];
for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  hashes.push(`'sha256-${createHash("sha256").update(m[1], "utf8").digest("base64")}'`);
}
if (hashes.length === 0) throw new Error("no inline loader script found in index.html");
if (!html.includes("'sha256-TRUNK_LOADER_HASH'")) throw new Error("CSP placeholder missing from index.html");
html = html.replace("'sha256-TRUNK_LOADER_HASH'", hashes.join(" "));
writeFileSync(indexPath, html);
writeFileSync(join(dir, "404.html"), html);

const buildId = createHash("sha256").update(html).digest("hex").slice(0, 12);
const swPath = join(dir, "sw.js");
const sw = readFileSync(swPath, "utf8");
if (!sw.includes("__BUILD_ID__")) throw new Error("sw.js has no __BUILD_ID__ placeholder");
writeFileSync(swPath, sw.replace("__BUILD_ID__", buildId));
console.log(`post-build: CSP ${hashes.join(" ")}, service worker build ${buildId}`);
