// Child processes, temporary folders and clean-up for the benchmark: everything started here is
// stopped and removed at the end, on error and on Ctrl-C.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

type Cleanup = { label: string; run: () => Promise<void> | void };
const cleanups: Cleanup[] = [];
const liveChildren = new Set<ChildProcess>();

/** Registers a clean-up step; they run last-in first-out by `runCleanups`. */
export function onCleanup(label: string, run: Cleanup['run']): void {
  cleanups.push({ label, run });
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Where the clean-up stack stands now: `runCleanups(mark)` undoes only what was registered since. */
export function cleanupMark(): number {
  return cleanups.length;
}

export async function runCleanups(mark = 0): Promise<string[]> {
  const problems: string[] = [];
  while (cleanups.length > mark) {
    const step = cleanups.pop()!;
    try {
      await withTimeout(Promise.resolve().then(step.run), 30_000, step.label);
    } catch (error) {
      problems.push(`${step.label}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

// Last resort if the process exits without running the clean-up (e.g. an uncaught exception).
process.on('exit', () => {
  for (const child of liveChildren) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  onCleanup(`remove ${dir}`, () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Child {
  name: string;
  proc: ChildProcess;
  /** The last lines it printed (stdout and stderr), for error reports. */
  tail(): string;
  exited(): boolean;
  stop(): Promise<void>;
}

function waitExit(proc: ChildProcess, ms: number): Promise<boolean> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export function startChild(name: string, command: string, args: string[], env: Record<string, string>, cwd: string): Child {
  const proc = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  liveChildren.add(proc);
  proc.once('exit', () => liveChildren.delete(proc));
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((line) => line.trim() !== ''),
    );
    if (lines.length > 100) lines.splice(0, lines.length - 100);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  let stopping: Promise<void> | null = null;
  const child: Child = {
    name,
    proc,
    tail: () => lines.slice(-30).join('\n'),
    exited: () => proc.exitCode !== null || proc.signalCode !== null,
    stop() {
      stopping ??= (async () => {
        if (child.exited()) return;
        proc.kill('SIGTERM');
        if (await waitExit(proc, 20_000)) return;
        proc.kill('SIGKILL');
        if (!(await waitExit(proc, 5_000))) throw new Error(`${name} (pid ${proc.pid}) did not exit`);
        throw new Error(`${name} (pid ${proc.pid}) ignored SIGTERM for 20 s and was killed`);
      })();
      return stopping;
    },
  };
  onCleanup(`stop ${name} (pid ${proc.pid})`, () => child.stop());
  return child;
}

/** Polls a URL until it answers 200, failing early if the child exits. */
export async function waitForHttp(url: string, child: Child, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exited())
      throw new Error(`${child.name} exited (code ${child.proc.exitCode}, signal ${child.proc.signalCode}) before it was ready:\n${child.tail()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${child.name} not ready at ${url} after ${timeoutMs} ms (${last}):\n${child.tail()}`);
}

/** Waits for a child to exit by itself; stops it and fails after `timeoutMs`, or when it exits with an error. */
export async function waitForExit(child: Child, timeoutMs: number): Promise<void> {
  const { proc } = child;
  const exited = await new Promise<boolean>((resolve) => {
    if (child.exited()) return resolve(true);
    const timer = setTimeout(() => resolve(false), timeoutMs);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  if (!exited) {
    await child.stop().catch(() => undefined);
    throw new Error(`${child.name} did not finish within ${timeoutMs} ms:\n${child.tail()}`);
  }
  if (proc.exitCode !== 0) throw new Error(`${child.name} exited with code ${proc.exitCode} (signal ${proc.signalCode}):\n${child.tail()}`);
}
