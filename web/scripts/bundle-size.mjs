// Gzipped size of the dashboard's JavaScript: what the overview loads first (the scripts
// index.html names and the chunks they import statically), and everything, which is what a
// direct link to a topic page loads. Fails (exit 1) when everything is above the budget.
//   node web/scripts/bundle-size.mjs [--budget-kb 300]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const budgetFlag = process.argv.indexOf('--budget-kb');
const budgetKb = budgetFlag === -1 ? 300 : Number(process.argv[budgetFlag + 1]);

if (!existsSync(join(dist, 'index.html'))) {
  console.error('web/dist is not built: run npm run build:web');
  process.exit(1);
}

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const entries = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\.?\/?([^"]+\.js)"/g)].map(
  (match) => match[1],
);
const seen = new Set();
const queue = [...entries];
let total = 0;
const rows = [];
while (queue.length > 0) {
  const file = queue.shift();
  if (seen.has(file)) continue;
  seen.add(file);
  const code = readFileSync(join(dist, file));
  const gzipped = gzipSync(code, { level: 9 }).length;
  total += gzipped;
  rows.push(
    `${file}\t${(code.length / 1024).toFixed(1)} KB\t${(gzipped / 1024).toFixed(1)} KB gzip`,
  );
  // Static imports between chunks (`import … from "./x.js"`); dynamic import() loads later.
  for (const match of code
    .toString('utf8')
    .matchAll(/(?:^|[;}\s])import\s*[^("']*?from\s*["']\.\/([^"']+\.js)["']/g))
    queue.push(join(dirname(file), match[1]));
}
for (const row of rows) console.log(row);
let everything = 0;
for (const file of readdirSync(join(dist, 'assets')).filter((name) => name.endsWith('.js')))
  everything += gzipSync(readFileSync(join(dist, 'assets', file)), { level: 9 }).length;
console.log(`overview first-load JavaScript: ${(total / 1024).toFixed(1)} KB gzip`);
console.log(
  `first-load JavaScript: ${(everything / 1024).toFixed(1)} KB gzip, all chunks (budget ${budgetKb} KB)`,
);
if (everything > budgetKb * 1024) process.exit(1);
