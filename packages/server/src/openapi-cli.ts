import fs from 'node:fs';
import path from 'node:path';
import { openApiDocument } from './openapi.js';

// Writes the OpenAPI document to the path given (used by the web app's client generation).
const target = process.argv[2];
if (!target) {
  console.error('usage: node dist/openapi-cli.js OUTPUT.json');
  process.exit(2);
}
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, `${JSON.stringify(await openApiDocument(), null, 2)}\n`);
console.log(`wrote ${target}`);
