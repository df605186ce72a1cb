// Trunk post_build hook (runs in $TRUNK_STAGING_DIR before dist/ is replaced):
// 1. puts the sha256 of Trunk's inline loader script(s) into the Content-Security-Policy meta tag;
// 2. stamps the second wasm bundle's version (a hash of its glue and wasm) into `<meta name="llm-ledger-bundle">`,
//    which the shell adds to the bundle's addresses so no cache pairs the files of two builds;
// 3. stamps the service worker (`stamp-sw.mjs`: a version hashing every file, and the precache list), so a
//    deploy that changes any file replaces the offline cache;
// 4. copies index.html to 404.html, the GitHub Pages fallback for deep links.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stamp } from "./stamp-sw.mjs";

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

const bundle = createHash("sha256");
for (const file of ["secondary.js", "secondary_bg.wasm"]) bundle.update(readFileSync(join(dir, file)));
const bundleVersion = bundle.digest("hex").slice(0, 16);
if (!html.includes('content="BUNDLE_VERSION"')) throw new Error("bundle version placeholder missing from index.html");
html = html.replace('content="BUNDLE_VERSION"', `content="${bundleVersion}"`);
writeFileSync(indexPath, html);
writeFileSync(join(dir, "404.html"), html);

const { version, files } = stamp(dir);
console.log(`post-build: CSP ${hashes.join(" ")}, bundle ${bundleVersion}, service worker version ${version} (${files} files precached)`);
