// Its own script, listed before the app's in index.html, so that it runs first: it starts the
// page's first reads (api/boot.ts) and only then fetches the chunks a signed-in user's first
// screen needs — the shell and, at `/`, the dashboard — beside the app's own code, instead of
// after the session check. (The chunks' many files would otherwise hold the browser's
// connections and the session read would wait behind them.) The lazy pages get the same modules.
import { isSignedInRoute, startBootReads } from './api/boot.js';

const { pathname } = window.location;
startBootReads(pathname);
if (isSignedInRoute(pathname)) {
  // A failed fetch shows where the page is used (the lazy page fails and says so), not here.
  import('./shell/Shell.js').catch(() => undefined);
  if (pathname === '/') import('./pages/DashboardPage.js').catch(() => undefined);
}
