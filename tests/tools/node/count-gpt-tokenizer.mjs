// Counts the tokens of a file with gpt-tokenizer (ordinary encoding: special-token look-alikes are text).
// Usage: node tests/tools/node/count-gpt-tokenizer.mjs cl100k_base|o200k_base FILE  → prints the count.
import { readFileSync } from 'node:fs';

const [encoding, file] = process.argv.slice(2);
if (!['cl100k_base', 'o200k_base'].includes(encoding) || !file) {
  console.error('usage: count-gpt-tokenizer.mjs cl100k_base|o200k_base FILE');
  process.exit(2);
}
const { countTokens } = await import(`gpt-tokenizer/encoding/${encoding}`);
const text = readFileSync(file, 'utf8');
console.log(countTokens(text, { disallowedSpecial: new Set() }));
