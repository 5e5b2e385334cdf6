#!/usr/bin/env node
// Entry point of the `duikou` command: the compiled server (built by `npm ci`/`npm run build`).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(compiled)) {
  console.error('duikou: the server is not built yet; run `npm run build` in the repository root first.');
  process.exit(2);
}
const cli = await import(compiled.href);
process.exitCode = await cli.main(process.argv.slice(2));
