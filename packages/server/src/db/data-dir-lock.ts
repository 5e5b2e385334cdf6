import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** What a holder tells whoever knocks: for the message, never for the decision. */
interface HolderInfo {
  pid: number;
  host: string;
  since: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number | null,
    readonly holderHost: string | null = null,
  ) {
    const who = holderPid === null ? '' : `（PID ${holderPid}${holderHost ? `，主机 ${holderHost}` : ''}）`;
    const whoEn = holderPid === null ? '' : ` (PID ${holderPid}${holderHost ? ` on host ${holderHost}` : ''})`;
    super(
      `数据目录 ${dataDir} 正被另一个 Duikou 进程${who}使用，不能同时启动。` +
        ` / The data folder ${dataDir} is in use by another Duikou process${whoEn}; stop it first.`,
    );
    this.name = 'DataDirLockedError';
  }
}

const INFO_FILE = 'duikou.lock';
const SOCKET_NAME = /^duikou\.lock\.(\d+)\.sock$/;
const socketName = (generation: number) => `duikou.lock.${generation}.sock`;
/** sun_path holds 108 bytes on Linux and 104 on macOS, with the terminating NUL. */
const MAX_SOCKET_PATH_BYTES = 103;
/** A holder binds and then listens: in between (microseconds) a knock is refused as if it were dead. */
const RECHECK_DEAD_MS = 100;
const INFO_WAIT_MS = 1000;
const ATTEMPTS = 50;

type Knock = { state: 'live'; info: Partial<HolderInfo> } | { state: 'dead' } | { state: 'gone' };

/** Connects to a lock socket: someone answers (live), nobody listens (dead), or the name is gone. */
function knock(socketPath: string): Promise<Knock> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    let text = '';
    let connected = false;
    const done = (result: Knock) => {
      socket.destroy();
      resolve(result);
    };
    const parsed = (): Partial<HolderInfo> => {
      try {
        return JSON.parse(text.split('\n')[0]!) as Partial<HolderInfo>;
      } catch {
        return {};
      }
    };
    socket.setEncoding('utf8');
    socket.setTimeout(INFO_WAIT_MS, () => done({ state: 'live', info: parsed() }));
    socket.on('connect', () => {
      connected = true;
    });
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) done({ state: 'live', info: parsed() });
    });
    socket.on('end', () => done({ state: 'live', info: parsed() }));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (connected) return done({ state: 'live', info: parsed() });
      if (error.code === 'ECONNREFUSED') return done({ state: 'dead' });
      if (error.code === 'ENOENT') return done({ state: 'gone' });
      // Anything else (a full backlog, no permission to connect) cannot prove the holder dead.
      done({ state: 'live', info: {} });
    });
  });
}

/** Binds and listens on `socketPath`, or says that the name is taken. */
function listen(server: net.Server, socketPath: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') resolve(false);
      else reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(true);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(socketPath);
  });
}

function generations(dataDir: string): number[] {
  return fs
    .readdirSync(dataDir)
    .map((name) => SOCKET_NAME.exec(name)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/**
 * Where the lock sockets are bound and reached: the data folder itself, or, when its path is too
 * long for a socket address, a short private alias of it (a symlink in the temporary folder). The
 * socket is created in the data folder either way, so every process meets it there.
 */
function socketBase(dataDir: string): { base: string; cleanup: () => void } {
  const longest = path.join(dataDir, socketName(Number.MAX_SAFE_INTEGER));
  if (Buffer.byteLength(longest) <= MAX_SOCKET_PATH_BYTES) return { base: dataDir, cleanup: () => undefined };
  const aliasDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duikou-lock-'));
  const base = path.join(aliasDir, 'd');
  fs.symlinkSync(fs.realpathSync(dataDir), base);
  const cleanup = () => fs.rmSync(aliasDir, { recursive: true, force: true });
  if (Buffer.byteLength(path.join(base, socketName(Number.MAX_SAFE_INTEGER))) > MAX_SOCKET_PATH_BYTES) {
    cleanup();
    throw new Error(
      `临时目录 ${os.tmpdir()} 的路径过长，无法锁定数据目录 / the temporary folder's path is too long to lock the data folder; set TMPDIR to a shorter one`,
    );
  }
  return { base, cleanup };
}

/**
 * Takes an exclusive lock on the embedded database's folder for this process; resolves to the
 * function that releases it.
 *
 * PGlite has no multi-process locking of its own, and two processes on one folder silently lose
 * confirmed writes, so a second process must refuse to start. The lock must also let a process
 * start after its predecessor died without a word (kill -9, a container re-created on the same
 * volume under another host name, a new process that got the dead one's pid, as pid 1 in a
 * container does). A pid-and-host file cannot tell those apart from a live holder; Node 20 has no
 * flock. So the lock is a listening Unix socket in the data folder: the kernel closes it when its
 * holder dies, whatever the pid or host name, and a socket file is reachable from every process
 * and container of this machine that sees the folder (not from another machine sharing it over
 * the network: the lock, like PGlite, assumes one machine).
 *
 * A newcomer knocks on the newest socket: an answer means the folder is in use. A refusal means
 * its holder is dead, but the dead socket's file is never removed to bind the same name again: a
 * removal cannot be made conditional, so two newcomers could each remove the other's fresh socket
 * and both believe they hold the lock. Instead each takeover binds the next generation
 * (`duikou.lock.<n+1>.sock`); binding is atomic, so of two newcomers only one gets it, and the
 * other knocks on it and finds it live. Generation n+1 is bound only after generation n was seen
 * dead, so the newest socket is the only one that can be alive, and the winner removes the older
 * files. `duikou.lock` keeps the holder's pid, host and start for people; nothing reads it to decide.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  fs.mkdirSync(dataDir, { recursive: true });
  const { base, cleanup } = socketBase(dataDir);
  const info: HolderInfo = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
  const answer = (socket: net.Socket) => {
    // The knocker may hang up first; that is no reason to fail.
    socket.on('error', () => undefined);
    socket.end(`${JSON.stringify(info)}\n`);
  };
  let server: net.Server | null = null;
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const newest = generations(dataDir).at(-1);
      if (newest !== undefined) {
        let found = await knock(path.join(base, socketName(newest)));
        if (found.state === 'dead') {
          await new Promise((resolve) => setTimeout(resolve, RECHECK_DEAD_MS));
          found = await knock(path.join(base, socketName(newest)));
        }
        if (found.state === 'live') {
          const pid = typeof found.info.pid === 'number' ? found.info.pid : null;
          const host = typeof found.info.host === 'string' && found.info.host !== info.host ? found.info.host : null;
          throw new DataDirLockedError(dataDir, pid, host);
        }
        // Gone: the holder that just won removed it; look again.
        if (found.state === 'gone') continue;
      }
      const generation = (newest ?? -1) + 1;
      const candidate = net.createServer(answer);
      // The lock must not keep the process alive by itself.
      candidate.unref();
      let bound: boolean;
      try {
        bound = await listen(candidate, path.join(base, socketName(generation)));
      } catch (error) {
        // A folder on a file system without Unix sockets (some network or host-shared mounts):
        // refusing is safer than running unlocked.
        throw new Error(
          `无法在数据目录 ${dataDir} 中创建锁（Unix 套接字），请把数据目录放在本机文件系统上 / cannot create the lock socket in the data folder ${dataDir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); put it on a local file system`,
          { cause: error },
        );
      }
      if (!bound) continue;
      server = candidate;
      for (const older of generations(dataDir)) if (older < generation) fs.rmSync(path.join(dataDir, socketName(older)), { force: true });
      fs.writeFileSync(path.join(dataDir, INFO_FILE), `${JSON.stringify(info)}\n`, { mode: 0o600 });
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        // Closing the listener removes its socket file.
        await new Promise<void>((resolve) => candidate.close(() => resolve()));
        cleanup();
        try {
          const current = JSON.parse(fs.readFileSync(path.join(dataDir, INFO_FILE), 'utf8')) as Partial<HolderInfo>;
          if (current.pid === info.pid && current.since === info.since) fs.rmSync(path.join(dataDir, INFO_FILE), { force: true });
        } catch {
          // Already gone or rewritten by a successor: not ours to remove.
        }
      };
    }
    throw new Error(`could not lock ${dataDir}: too many processes competing for it`);
  } catch (error) {
    server?.close();
    cleanup();
    throw error;
  }
}
