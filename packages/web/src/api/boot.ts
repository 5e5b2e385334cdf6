import { loadHome, loadPlanDashboard } from '../pages/dashboard/dashboardData.js';
import { pairToShow, rememberedPairId } from '../shell/pairMemory.js';
import { call, client, type Schemas, type Session } from './client.js';

/**
 * The reads a page load needs first, started by `boot-entry.ts` — its own small script, run
 * while the browser is still evaluating React and antd — instead of one after the other as each
 * screen first renders (session → shell → pairs → dashboard: four renders and four round trips
 * on the way to the first figures). Each read is taken once, by the first screen that asks for
 * it with the same key; later asks, and asks for what was not started, read afresh.
 */
const started = new Map<string, Promise<unknown>>();

export const BOOT_SESSION = 'session';
export const BOOT_PAIRS = 'pairs';
export const bootDashboardKey = (pairId: string) => `dashboard:${pairId}`;
export const bootHomeKey = (pairId: string) => `home:${pairId}`;

function start<T>(key: string, read: Promise<T>): Promise<T> {
  // Marked handled: a read nobody takes (a 401 before the login page) is no unhandled rejection.
  read.catch(() => undefined);
  started.set(key, read);
  return read;
}

/** The read started under `key` at page load, once; otherwise `read()`. */
export function bootRead<T>(key: string, read: () => Promise<T>): Promise<T> {
  const early = started.get(key);
  if (!early) return read();
  started.delete(key);
  return early as Promise<T>;
}

export const readSession = () => call(client.GET('/api/v1/auth/session'));
export const readPairs = async (): Promise<Schemas['Pair'][]> => (await call(client.GET('/api/v1/pairs'))).items;

/** Routes of a signed-in user: all but the login page and the public pages. */
export function isSignedInRoute(pathname: string): boolean {
  return pathname !== '/login' && !pathname.startsWith('/public/');
}

/** Starts the session read on every signed-in route and, at `/`, the shell's pairs, the home's and the dashboard's data. */
export function startBootReads(pathname: string): void {
  if (!isSignedInRoute(pathname)) return;
  const session = start(BOOT_SESSION, readSession());
  // A failed read is the screens' to show, when they take it.
  if (pathname === '/') startDashboardReads(session).catch(() => undefined);
}

async function startDashboardReads(session: Promise<Session>): Promise<void> {
  const current = await session;
  if (current.user.mustChangePassword || !current.permissions.includes('pairs.read')) return;
  const pair = pairToShow(await start(BOOT_PAIRS, readPairs()), rememberedPairId());
  if (!pair) return;
  start(bootHomeKey(pair.id), loadHome(pair.id));
  if (!current.permissions.includes('tasks.read')) return;
  start(bootDashboardKey(pair.id), loadPlanDashboard(pair.id, current.permissions));
  // Seen in the browser's performance timeline (and by the dashboard's browser test).
  performance.mark('duikou:boot-dashboard');
}
