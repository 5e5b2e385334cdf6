// The web build, skipped when nothing it reads has changed: `npm start` runs the build every time,
// and a full web build (OpenAPI generation, type-check, Vite, compression) takes most of a minute
// on a small machine while starting the built platform takes seconds.
//
// Inputs are hashed by content (not by modification time: a git checkout or a copy touches files
// without changing them). After a successful build the hashes are written to dist/.build-stamp.json;
// the next build compares and skips each step whose inputs are unchanged:
//   - the OpenAPI document and typed client (gen:api) when the server and domain sources are unchanged
//     and the generated files are as generated;
//   - the type-check and Vite build when the web sources (generated client included), the web
//     configuration and the lock file are unchanged and dist/index.html is there.
// DUIKOU_FORCE_BUILD=1 builds everything regardless.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const STAMP_FILE = '.build-stamp.json';
const STAMP_VERSION = 1;

/** What the OpenAPI document is generated from (the server's routes and schemas, with what they import). */
export const API_INPUTS = [
  'packages/server/src',
  'packages/domain/src',
  'packages/server/package.json',
  'packages/domain/package.json',
  'packages/server/tsconfig.json',
  'packages/domain/tsconfig.json',
  'tsconfig.base.json',
  'package-lock.json',
];
export const API_OUTPUTS = ['packages/web/src/api/openapi.json', 'packages/web/src/api/schema.d.ts'];
/** What the web build reads: sources (the generated client included), tests (type-checked), configuration, this script. */
export const WEB_INPUTS = [
  'packages/web/src',
  'packages/web/test',
  'packages/web/index.html',
  'packages/web/public',
  'packages/web/package.json',
  'packages/web/tsconfig.json',
  'packages/web/vite.config.ts',
  'packages/web/scripts',
  'tsconfig.base.json',
  'package-lock.json',
];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.vite']);
// Server tests do not shape the OpenAPI document: editing one needs no new client.
const isServerTest = (rel) => /^packages\/(server|domain)\/src\/.*\.test\.ts$/.test(rel);

function listFiles(root, rel, out) {
  const abs = path.join(root, rel);
  let stat;
  try {
    stat = fs.statSync(abs);
  } catch {
    return;
  }
  if (stat.isFile()) {
    if (!isServerTest(rel)) out.push(rel);
    return;
  }
  if (!stat.isDirectory()) return;
  for (const name of fs.readdirSync(abs).sort()) {
    if (SKIPPED_DIRS.has(name)) continue;
    listFiles(root, `${rel}/${name}`, out);
  }
}

/** One SHA-256 over the relative paths and contents of every file under `inputs` (missing ones count as absent). */
export function hashInputs(root, inputs) {
  const files = [];
  for (const input of inputs) listFiles(root, input, files);
  const hash = createHash('sha256');
  for (const rel of [...new Set(files)].sort()) {
    hash.update(`${rel}\0`);
    hash.update(fs.readFileSync(path.join(root, rel)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function distDir(root) {
  return path.join(root, 'packages/web/dist');
}

export function readStamp(root) {
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(distDir(root), STAMP_FILE), 'utf8'));
    return stamp?.version === STAMP_VERSION ? stamp : null;
  } catch {
    return null;
  }
}

export function writeStamp(root, stamp) {
  fs.writeFileSync(path.join(distDir(root), STAMP_FILE), `${JSON.stringify({ version: STAMP_VERSION, ...stamp }, null, 2)}\n`);
}

/** Whether the OpenAPI generation is needed now. */
export function apiPlan(root, stamp = readStamp(root), force = false) {
  const api = hashInputs(root, API_INPUTS);
  const generated = hashInputs(root, API_OUTPUTS);
  const present = API_OUTPUTS.every((rel) => fs.existsSync(path.join(root, rel)));
  return { api, generated, needed: force || !present || stamp?.api !== api || stamp?.generated !== generated };
}

/** Whether the type-check and Vite build are needed now (after any OpenAPI generation). */
export function webPlan(root, stamp = readStamp(root), force = false) {
  const web = hashInputs(root, WEB_INPUTS);
  const built = fs.existsSync(path.join(distDir(root), 'index.html'));
  return { web, needed: force || !built || stamp?.web !== web };
}

function npm(root, args) {
  const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd: root, stdio: 'inherit' });
  return result.status ?? 1;
}

/**
 * Builds what changed; returns the exit code and the steps run. `exec` runs an npm command
 * (replaced in the tests); a failed step writes no stamp, so the next build tries again.
 */
export function buildIfChanged(root, { exec = (args) => npm(root, args), log = console.log, force = process.env.DUIKOU_FORCE_BUILD === '1' } = {}) {
  const steps = [];
  const stamp = readStamp(root);
  const apiStep = apiPlan(root, stamp, force);
  let generated = apiStep.generated;
  if (apiStep.needed) {
    steps.push('gen:api');
    const code = exec(['run', 'gen:api', '-w', '@duikou/web']);
    if (code !== 0) return { code, steps };
    generated = hashInputs(root, API_OUTPUTS);
  } else {
    log('OpenAPI 文档无变化，跳过生成 OpenAPI document unchanged: generation skipped');
  }
  const webStep = webPlan(root, stamp, force);
  if (webStep.needed) {
    steps.push('build:app');
    const code = exec(['run', 'build:app', '-w', '@duikou/web']);
    if (code !== 0) return { code, steps };
  } else {
    log('前端无变化，跳过构建 web app unchanged: build skipped');
  }
  if (steps.length > 0) writeStamp(root, { api: apiStep.api, generated, web: webStep.needed ? hashInputs(root, WEB_INPUTS) : webStep.web });
  return { code: 0, steps };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  process.exit(buildIfChanged(root).code);
}
