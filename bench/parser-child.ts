// Runs the "parser" section in its own process (so a pathological parse can be stopped) and
// writes the figures as JSON to BENCH_PARSER_OUT. Started by bench/run.ts.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benchParser } from './lib/parser.js';

const out = process.env.BENCH_PARSER_OUT;
if (!out) {
  console.error('BENCH_PARSER_OUT is not set');
  process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
const result = benchParser(root, (message) => console.error(message));
fs.writeFileSync(out, JSON.stringify(result));
