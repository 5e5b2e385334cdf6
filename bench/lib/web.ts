// Section "web": the web app's first-load JavaScript (from the build's manifest, as the build's
// own check measures it) and how soon the dashboard is usable in Debian's chromium on localhost,
// against the real `duikou start` with the default plan published and tasks in it. The baseline,
// measured in the same run and the same browser, is the login page: a static page with the same
// entry chunk and no data.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { percentile } from './load.js';
import { freePort, makeTempDir, startChild, waitForHttp } from './processes.js';

export const DASHBOARD_INTERACTIVE_TARGET_MS = 2000;
const CHROMIUM = '/usr/bin/chromium';
const RUNS = 7;
const PASSWORD = 'Bench#Pass2026x';

export interface WebResult {
  bundle?: { budgetKb: number; entryKb: number; firstLoadKb: { login: number; dashboard: number }; totalJsKb: number; pagesAddKb: Record<string, number> };
  /** Milliseconds from navigation to the page being usable, cold loads (new browser context each time). */
  dashboard?: { runs: number; medianMs: number; p95Ms: number; maxMs: number; targetMs: number; met: boolean };
  login?: { runs: number; medianMs: number; p95Ms: number };
  /** The same, opened again in a new tab of the same browser context (assets cached). */
  dashboardWarm?: { runs: number; medianMs: number; p95Ms: number; met: boolean };
  /** Median time this browser takes to open a new context and show a one-button page: the floor under both. */
  blankPageMs?: number;
  /** dashboard median / login median. */
  dashboardToLogin?: number;
  skipped?: string;
  error?: string;
}

async function api(origin: string, cookie: string, csrf: string, method: string, route: string, body?: unknown) {
  const response = await fetch(origin + route, {
    method,
    headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : null;
}

/** How long a new context takes to show a one-button static page in this browser (median of RUNS). */
async function blankPage(browser: import('playwright-core').Browser): Promise<number> {
  const server = http.createServer((_request, response) => {
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end('<!doctype html><title>blank</title><button>登录</button>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as import('node:net').AddressInfo;
  const durations: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.getByRole('button', { name: '登录' }).waitFor({ timeout: 30_000 });
      durations.push(performance.now() - started);
      await context.close();
    }
  } finally {
    server.close();
  }
  return percentile(
    durations.sort((a, b) => a - b),
    50,
  )!;
}

export async function benchWeb(root: string, log: (message: string) => void): Promise<WebResult> {
  const result: WebResult = {};
  const sizes = (await import(path.join(root, 'packages/web/scripts/bundle-size.mjs'))) as { measure(): WebResult['bundle'] };
  result.bundle = sizes.measure();
  log(
    `web: first load ${result.bundle?.firstLoadKb.login} KB (login) / ${result.bundle?.firstLoadKb.dashboard} KB (dashboard) gzipped, budget ${result.bundle?.budgetKb} KB`,
  );
  if (!fs.existsSync(CHROMIUM)) {
    result.skipped = `${CHROMIUM} not found (apt-get install -y chromium fonts-noto-cjk): the dashboard load time was not measured`;
    log(`web: ${result.skipped}`);
    return result;
  }

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DUIKOU_ADMIN_PASSWORD: PASSWORD,
    DUIKOU_DATA_DIR: makeTempDir('duikou-bench-web-'),
    LOG_LEVEL: 'warn',
    DUIKOU_JOB_INTERVAL_MINUTES: '0',
    DATABASE_URL: '',
  };
  const server = startChild('duikou (web)', process.execPath, [path.join(root, 'packages/server/bin/duikou.js'), 'start'], env, root);
  try {
    await waitForHttp(`${origin}/api/v1/health`, server, 120_000);
    const login = await fetch(`${origin}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .find((c) => c.startsWith('duikou_session='))!;
    const pairId = (await api(origin, cookie, csrfToken, 'GET', '/api/v1/pairs')).items[0].id as string;
    const imported = await api(origin, cookie, csrfToken, 'POST', '/api/v1/plans/import', {
      pairId,
      source: { text: fs.readFileSync(path.join(root, 'packages/domain/data/plans/shenzhen-ganzhou.txt'), 'utf8') },
    });
    await api(origin, cookie, csrfToken, 'POST', `/api/v1/plan-versions/${imported.version.id}/publish`, {});
    const units = (await api(origin, cookie, csrfToken, 'GET', `/api/v1/units?pairId=${pairId}&type=county&pageSize=100`)).items as { id: string }[];
    for (let i = 0; i < 40; i++) {
      await api(origin, cookie, csrfToken, 'POST', '/api/v1/tasks', {
        planId: imported.version.planId,
        articleNo: ['三', '四', '五', '六', '八', '十'][i % 6],
        title: `基准任务 ${i + 1}`,
        leadUnitIds: [units[i % units.length]!.id],
      });
    }
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    try {
      // Cold: a new browser context, nothing cached. Warm: the same user opening the page again in
      // a new tab, with the assets in the browser's cache (as a returning user has them).
      const warmRuns: Record<string, number[]> = {};
      const time = async (route: string, ready: (page: import('playwright-core').Page) => Promise<unknown>, withSession: boolean) => {
        const durations: number[] = [];
        const warm: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
          if (withSession) await context.addCookies([{ name: 'duikou_session', value: cookie.split('=')[1]!, url: origin }]);
          const page = await context.newPage();
          let started = performance.now();
          await page.goto(origin + route);
          await ready(page);
          durations.push(performance.now() - started);
          const again = await context.newPage();
          started = performance.now();
          await again.goto(origin + route);
          await ready(again);
          warm.push(performance.now() - started);
          await context.close();
        }
        warmRuns[route] = warm.sort((a, b) => a - b);
        return durations.sort((a, b) => a - b);
      };
      // Usable: the figures are on screen and the menu answers a click target.
      const dashboard = await time(
        '/',
        (page) => page.locator('.ant-statistic').filter({ hasText: '任务总数' }).filter({ hasText: '40' }).waitFor({ timeout: 30_000 }),
        true,
      );
      const loginPage = await time('/login', (page) => page.getByRole('button', { name: /登\s?录/ }).waitFor({ timeout: 30_000 }), false);
      result.dashboard = {
        runs: dashboard.length,
        medianMs: percentile(dashboard, 50)!,
        p95Ms: percentile(dashboard, 95)!,
        maxMs: dashboard.at(-1)!,
        targetMs: DASHBOARD_INTERACTIVE_TARGET_MS,
        met: percentile(dashboard, 95)! < DASHBOARD_INTERACTIVE_TARGET_MS,
      };
      result.login = { runs: loginPage.length, medianMs: percentile(loginPage, 50)!, p95Ms: percentile(loginPage, 95)! };
      const warmDashboard = warmRuns['/']!;
      result.dashboardWarm = {
        runs: warmDashboard.length,
        medianMs: percentile(warmDashboard, 50)!,
        p95Ms: percentile(warmDashboard, 95)!,
        met: percentile(warmDashboard, 95)! < DASHBOARD_INTERACTIVE_TARGET_MS,
      };
      result.blankPageMs = await blankPage(browser);
      result.dashboardToLogin = result.dashboard.medianMs / result.login.medianMs;
      log(
        `web: dashboard usable in ${result.dashboard.medianMs.toFixed(0)} ms (p95 ${result.dashboard.p95Ms.toFixed(0)}, target ${DASHBOARD_INTERACTIVE_TARGET_MS}), login page ${result.login.medianMs.toFixed(0)} ms; ratio ${result.dashboardToLogin.toFixed(2)}×`,
      );
    } finally {
      await browser.close();
    }
  } finally {
    await server.stop();
  }
  return result;
}
