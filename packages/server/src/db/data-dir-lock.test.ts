import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.js';

const folders: string[] = [];
function folder(name = 'data'): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'duikou-lock-test-'));
  folders.push(root);
  return path.join(root, name);
}
afterEach(() => {
  for (const root of folders.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

/** The socket file a process killed with -9 leaves behind: bound once, nobody listening. */
async function deadSocket(socketPath: string): Promise<void> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  // Closing removes the file; a killed process would not. Put an unbound file of the same kind back.
  const holder = `${socketPath}.keep`;
  fs.linkSync(socketPath, holder);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.renameSync(holder, socketPath);
}

describe('lockDataDir (the data folder’s lock: a listening Unix socket)', () => {
  it('refuses a second holder while the first lives, naming its pid; free again once released', async () => {
    const dir = folder();
    const release = await lockDataDir(dir);
    const second = lockDataDir(dir);
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(second).rejects.toThrow(`PID ${process.pid}`);
    await release();
    expect(fs.readdirSync(dir)).toEqual([]);
    const again = await lockDataDir(dir);
    await again();
  });

  it('is not fooled by the information file: another host, or this very pid, cannot hold it', async () => {
    const dir = folder();
    fs.mkdirSync(dir, { recursive: true });
    for (const stale of [
      { pid: 1, host: 'container-that-was-re-created', since: '2026-01-01T00:00:00.000Z' },
      { pid: process.pid, host: os.hostname(), since: '2026-01-01T00:00:00.000Z' },
    ]) {
      fs.writeFileSync(path.join(dir, 'duikou.lock'), JSON.stringify(stale));
      const release = await lockDataDir(dir);
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'duikou.lock'), 'utf8'))).toMatchObject({ pid: process.pid, host: os.hostname() });
      await release();
    }
  });

  it('takes over from a dead holder with the next socket and removes the dead one; of many newcomers at once exactly one wins', async () => {
    const dir = folder();
    fs.mkdirSync(dir, { recursive: true });
    await deadSocket(path.join(dir, 'duikou.lock.4.sock'));
    const attempts = await Promise.allSettled(Array.from({ length: 8 }, () => lockDataDir(dir)));
    const won = attempts.filter((a) => a.status === 'fulfilled');
    expect(won.length).toBe(1);
    for (const lost of attempts.filter((a) => a.status === 'rejected')) expect(lost.reason).toBeInstanceOf(DataDirLockedError);
    expect(fs.readdirSync(dir).sort()).toEqual(['duikou.lock', 'duikou.lock.5.sock']);
    await (won[0] as PromiseFulfilledResult<() => Promise<void>>).value();
  });

  it('works in a folder whose path is too long for a socket address', async () => {
    const dir = folder(`${'很长的目录名'.repeat(6)}/data`);
    expect(Buffer.byteLength(dir)).toBeGreaterThan(108);
    const release = await lockDataDir(dir);
    await expect(lockDataDir(dir)).rejects.toBeInstanceOf(DataDirLockedError);
    expect(fs.readdirSync(dir).sort()).toEqual(['duikou.lock', 'duikou.lock.0.sock']);
    await release();
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
