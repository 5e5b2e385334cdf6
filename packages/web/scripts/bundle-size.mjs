#!/usr/bin/env node
// Measures the built web app (packages/web/dist) from Vite's manifest: the gzipped JavaScript a
// browser fetches on the first load of the login page and of the signed-in dashboard (the entry
// chunk, its static imports, and the lazily loaded page chunks those routes render at once), and
// the size of each page chunk. Fails when a first load is over the budget (350 KB gzipped).
// `node scripts/bundle-size.mjs --json` prints the figures as JSON (for `npm run bench`).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const BUDGET_KB = 350;

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const manifestPath = path.join(dist, '.vite', 'manifest.json');

/** @param {string} file */
function gzipKb(file) {
  return gzipSync(fs.readFileSync(path.join(dist, file))).length / 1024;
}

export function measure() {
  if (!fs.existsSync(manifestPath)) throw new Error(`no ${manifestPath}: run \`npm run build -w @duikou/web\` first`);
  /** @type {Record<string, { file: string; imports?: string[]; dynamicImports?: string[]; isEntry?: boolean; src?: string }>} */
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const entryKey = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
  if (!entryKey) throw new Error('no entry chunk in the manifest');

  /** Static import closure of the chunks, as a set of manifest keys. */
  const closure = (/** @type {string[]} */ keys) => {
    const seen = new Set();
    const stack = [...keys];
    while (stack.length > 0) {
      const key = /** @type {string} */ (stack.pop());
      if (seen.has(key) || !manifest[key]) continue;
      seen.add(key);
      stack.push(...(manifest[key].imports ?? []));
    }
    return seen;
  };
  const pageKey = (/** @type {string} */ name) => {
    const key = Object.keys(manifest).find((k) => k.endsWith(`/${name}.tsx`));
    if (!key) throw new Error(`no chunk for ${name} in the manifest`);
    return key;
  };
  const jsKb = (/** @type {Set<string>} */ keys) =>
    [...keys]
      .map((k) => manifest[k]?.file ?? '')
      .filter((file) => file.endsWith('.js'))
      .reduce((sum, file) => sum + gzipKb(file), 0);

  const entry = closure([entryKey]);
  const firstLoads = {
    login: jsKb(closure([entryKey, pageKey('LoginPage')])),
    dashboard: jsKb(closure([entryKey, pageKey('Shell'), pageKey('DashboardPage')])),
  };
  const pages = Object.fromEntries(
    Object.keys(manifest)
      .filter((k) => k.startsWith('src/pages/') || k === 'src/shell/Shell.tsx')
      .map((k) => {
        // What opening this page adds to what the entry already loaded.
        const added = new Set([...closure([k])].filter((c) => !entry.has(c)));
        return [path.basename(k, '.tsx'), Number(jsKb(added).toFixed(1))];
      }),
  );
  const round = (/** @type {number} */ n) => Number(n.toFixed(1));
  return {
    budgetKb: BUDGET_KB,
    entryKb: round(jsKb(entry)),
    firstLoadKb: { login: round(firstLoads.login), dashboard: round(firstLoads.dashboard) },
    pagesAddKb: pages,
    totalJsKb: round(jsKb(new Set(Object.keys(manifest)))),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const result = measure();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    console.log('web bundle (gzipped JavaScript):');
    console.log(`  entry chunk and its imports        ${result.entryKb} KB`);
    console.log(`  first load of the login page        ${result.firstLoadKb.login} KB (budget ${BUDGET_KB} KB)`);
    console.log(`  first load of the dashboard         ${result.firstLoadKb.dashboard} KB (budget ${BUDGET_KB} KB)`);
    console.log(`  every chunk together                ${result.totalJsKb} KB`);
    for (const [page, kb] of Object.entries(result.pagesAddKb)) console.log(`  + ${page.padEnd(32)} ${kb} KB`);
  }
  const worst = Math.max(result.firstLoadKb.login, result.firstLoadKb.dashboard);
  if (worst > BUDGET_KB) {
    console.error(`first load of ${worst} KB gzipped JavaScript is over the ${BUDGET_KB} KB budget`);
    process.exitCode = 1;
  }
}
