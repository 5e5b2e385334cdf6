#!/usr/bin/env node
// Writes a brotli (.br) and a gzip (.gz) copy beside every built asset worth compressing, once at
// build time, so the platform serves them (`@fastify/static` with `preCompressed`) without
// compressing per request: the first load the budget counts in gzipped bytes is what browsers get
// (brotli where they accept it, smaller still). Run by the web build after `vite build`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const assets = fileURLToPath(new URL('../dist/assets/', import.meta.url));
const COMPRESSIBLE = /\.(js|css|svg|json|txt|map)$/;
// Below this the headers cost about what compression saves.
const MIN_BYTES = 1024;

let files = 0;
let raw = 0;
let brotli = 0;
for (const name of fs.readdirSync(assets)) {
  if (!COMPRESSIBLE.test(name)) continue;
  const file = path.join(assets, name);
  const content = fs.readFileSync(file);
  if (content.length < MIN_BYTES) continue;
  const br = brotliCompressSync(content, {
    params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: content.length },
  });
  fs.writeFileSync(`${file}.br`, br);
  fs.writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
  files++;
  raw += content.length;
  brotli += br.length;
}
console.log(`compressed ${files} assets: ${(raw / 1024).toFixed(0)} KB → ${(brotli / 1024).toFixed(0)} KB brotli (and .gz beside)`);
