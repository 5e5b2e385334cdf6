import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DrawInput, runDraw } from '@duikou/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/duikou.js', import.meta.url));

/** Runs `duikou` without blocking this process (the URL case is served from here). */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // No database settings: `draw verify` must not need one.
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', DUIKOU_DATA_DIR: '/nonexistent' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const input: DrawInput = {
  planId: '0b9f1c52-2f7e-4b6e-9a51-2d0c8f0e4b11',
  fixedValue: '2026年3月1日 福彩3D 385',
  entities: Array.from({ length: 40 }, (_, i) => ({
    id: `e${String(i).padStart(3, '0')}`,
    creditCode: `91360700MA35${String(i).padStart(6, '0')}`,
    name: `企业${i}`,
    creditGrade: 'ABCD'[i % 4]!,
    industry: '电子信息',
    location: '赣州深赣合作园',
    relatedUnitIds: i === 0 ? ['u1'] : [],
  })),
  inspectors: Array.from({ length: 8 }, (_, i) => ({
    id: `i${i}`,
    name: `执法${i}`,
    unitId: `u${i % 3}`,
    qualifications: ['市场监管'],
    conflicts: i === 2 ? ['e001'] : [],
  })),
  previousInspections: [{ inspectorId: 'i3', entityId: 'e002' }],
  grades: ['A', 'B', 'C', 'D'],
  ratiosPercent: { A: 10, B: 20, C: 30, D: 50 },
  teamSize: 2,
  requiredQualification: null,
};

let dir: string;
let server: http.Server;
let baseUrl: string;
const published = { input, result: runDraw(input), fixedValueHash: createHash('sha256').update(input.fixedValue).digest('hex') };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duikou-draw-'));
  server = http.createServer((request, response) => {
    if (request.url === '/inputs') {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(published));
    } else {
      response.statusCode = 404;
      response.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await new Promise((resolve) => server.close(resolve));
});

function write(name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

describe('duikou draw verify', () => {
  it('a published draw re-runs identically from a file: exit 0, the seed and digests printed', async () => {
    const result = await runCli(['draw', 'verify', write('published.json', published)]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`一致 identical: 计划 plan ${input.planId}，种子 seed ${published.result.seed}`);
    expect(result.stdout).toContain(`检查对象 entities 40（摘要 digest ${published.result.entitiesDigest}）`);
  });

  it('and from a URL (the public inputs route answers this shape)', async () => {
    const result = await runCli(['draw', 'verify', `${baseUrl}/inputs`]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('一致 identical');
    const missing = await runCli(['draw', 'verify', `${baseUrl}/nothing`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('HTTP 404');
  });

  it('a tampered result, a changed entity or a fixed value that does not match its commitment: exit 1 naming each difference', async () => {
    const swapped = structuredClone(published);
    swapped.result.teams[0]!.inspectorIds.reverse();
    const teams = await runCli(['draw', 'verify', write('swapped.json', swapped)]);
    expect(teams.code).toBe(1);
    expect(teams.stdout).toContain('不一致 differences: 1');
    expect(teams.stdout).toContain('teams[0]: 检查组第 1 项与重算结果不一致');

    const renamed = structuredClone(published);
    renamed.input.entities = renamed.input.entities.map((e, i) => (i === 5 ? { ...e, name: '改名' } : e));
    const digest = await runCli(['draw', 'verify', write('renamed.json', renamed)]);
    expect(digest.code).toBe(1);
    expect(digest.stdout).toContain('entitiesDigest: 检查对象名录摘要与重算结果不一致');
    expect(digest.stdout).toContain('seed: 随机种子与重算结果不一致');

    const recommitted = { ...published, fixedValueHash: createHash('sha256').update('另一个值').digest('hex') };
    const hash = await runCli(['draw', 'verify', write('hash.json', recommitted)]);
    expect(hash.code).toBe(1);
    expect(hash.stdout).toContain('fixedValueHash: 事先公布的固定值与其 SHA-256 承诺不一致');
  });

  it('exit 2 for a missing argument, an unreadable file, text that is not JSON or not a published draw', async () => {
    expect((await runCli(['draw', 'verify'])).code).toBe(2);
    const unreadable = await runCli(['draw', 'verify', path.join(dir, 'none.json')]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain('cannot read');
    expect((await runCli(['draw', 'verify', write('text.json', 'not json')])).stderr).toContain('is not JSON');
    const shape = await runCli(['draw', 'verify', write('shape.json', { input: { planId: 1 } })]);
    expect(shape.code).toBe(2);
    expect(shape.stderr).toContain('is not a published draw (input.planId');
  });
});
