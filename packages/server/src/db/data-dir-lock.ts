import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `数据目录 ${dataDir} 正被另一个 Duikou 进程（PID ${holderPid}）使用，不能同时启动。` +
        ` / The data folder ${dataDir} is in use by another Duikou process (PID ${holderPid}); stop it first.`,
    );
    this.name = 'DataDirLockedError';
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else, so it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes an exclusive lock on the embedded database's folder for this process.
 * PGlite has no multi-process locking of its own, and two processes on one folder silently lose
 * confirmed writes, so a second process must refuse to start. The lock is a file created with
 * O_EXCL holding the owner's pid and host; a lock left by a process that has died is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'duikou.lock');
  const content = JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, content, { flag: 'wx', mode: 0o600 });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          const current = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as { pid: number };
          if (current.pid === process.pid) fs.unlinkSync(lockPath);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder: { pid?: number; host?: string } = {};
      try {
        holder = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as { pid?: number; host?: string };
      } catch {
        // Unreadable or half-written lock: treat as stale below only if it stays so.
      }
      const sameHost = holder.host === undefined || holder.host === os.hostname();
      if (typeof holder.pid === 'number' && (!sameHost || processIsAlive(holder.pid))) {
        throw new DataDirLockedError(dataDir, holder.pid);
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}
