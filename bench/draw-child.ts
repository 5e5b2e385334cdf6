// Runs the "draw" section in its own process (a million-entity register, memory returned on exit)
// and writes the figures as JSON to BENCH_DRAW_OUT. Started by bench/run.ts.
import fs from 'node:fs';
import { benchDraw } from './lib/draw.js';

const out = process.env.BENCH_DRAW_OUT;
if (!out) {
  console.error('BENCH_DRAW_OUT is not set');
  process.exit(2);
}
fs.writeFileSync(out, JSON.stringify(benchDraw((message) => console.error(message))));
