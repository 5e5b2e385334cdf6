import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppRoute, PUBLIC_ROUTES, SHELL_ROUTES } from '../src/routeTable.js';
import { seriousViolations } from './support/axe.js';
import { BROWSER_MISSING, CHROMIUM, CHROMIUM_ARGS, HAS_CHROMIUM, MISSING_CHROMIUM, ON_SERVER_DATABASE, SKIP_BROWSER_TESTS } from './support/browser.js';
import { REPO_ROOT, type RunningPlatform, startPlatform } from './support/platform.js';
import { SHOWCASE_ADMIN_PASSWORD, SHOWCASE_OFFICE, SHOWCASE_REPORTER, type Showcase, seedShowcase } from './support/showcase.js';
import type { Credentials } from './support/ui.js';

// Every screen of the app (the route table, so a new screen is swept from the day it is added), for
// the system administrator, an office and a county reporter, at desktop and phone width, on a
// platform with data on every screen. On each page: no serious or critical axe-core violation
// (WCAG 2.1 A/AA rules), no sideways scrolling of the page at 375 px, no visible English in the
// Chinese UI, no console error. Issue 13's definition of done.
//
// The sweep is about the screens, not the database, so it runs once, on the embedded database:
// CI's second pass (DATABASE_URL set) runs every other browser test against the server.
if (BROWSER_MISSING) console.warn(`sweep skipped: ${CHROMIUM} not found (install it with \`apt-get install -y chromium fonts-noto-cjk\`)`);
if (ON_SERVER_DATABASE) console.warn('sweep skipped on the PostgreSQL server pass: it ran on the embedded database');

// For looking into findings: SWEEP_ONLY=office runs one role (admin, office, reporter, anonymous), SWEEP_PATHS=^/water only the matching addresses.
const ONLY = process.env.SWEEP_ONLY;
const PATHS = process.env.SWEEP_PATHS ? new RegExp(process.env.SWEEP_PATHS) : null;

const REPORT_FILE = path.join(REPO_ROOT, 'artifacts', 'sweep');

const WIDTHS = {
  desktop: { width: 1440, height: 900 },
  phone: { width: 375, height: 812 },
} as const;
type Width = keyof typeof WIDTHS;

const ROLES: Record<string, Credentials> = {
  admin: { username: 'admin', password: SHOWCASE_ADMIN_PASSWORD },
  office: SHOWCASE_OFFICE,
  reporter: SHOWCASE_REPORTER,
};

/** The addresses each route is visited at, from the showcase's records; a route without one fails the sweep. */
function addresses(s: Showcase): Record<AppRoute, string[]> {
  return {
    '/login': ['/login'],
    '/public/inspections/:id': [`/public/inspections/${s.inspectionPlanId}`],
    '/': ['/'],
    '/change-password': ['/change-password'],
    '/plans': ['/plans'],
    '/plans/import': ['/plans/import'],
    '/plans/versions/:id': [`/plans/versions/${s.planVersionId}`],
    '/tasks': ['/tasks'],
    '/tasks/new': ['/tasks/new'],
    '/tasks/import': ['/tasks/import'],
    '/tasks/:id': [`/tasks/${s.taskId}`],
    '/tasks/:id/edit': [`/tasks/${s.taskId}/edit`],
    '/reports': ['/reports'],
    '/reports/todo': ['/reports/todo'],
    '/reports/mine': ['/reports/mine'],
    '/reports/review': ['/reports/review'],
    '/reports/periods': ['/reports/periods'],
    '/reports/fill': [`/reports/fill?${new URLSearchParams(s.owedReport)}`],
    '/reports/:id': [`/reports/${s.reportId}`],
    '/supervision': ['/supervision'],
    '/supervision/new': ['/supervision/new'],
    '/supervision/bulletins': ['/supervision/bulletins'],
    '/supervision/bulletins/:id': [`/supervision/bulletins/${s.bulletinId}`],
    '/supervision/instructions': ['/supervision/instructions'],
    '/supervision/instructions/:id': [`/supervision/instructions/${s.instructionId}`],
    '/supervision/scores': ['/supervision/scores'],
    '/supervision/:id': [`/supervision/${s.supervisionId}`],
    '/meetings': ['/meetings'],
    '/meetings/new': ['/meetings/new'],
    '/meetings/:id': [`/meetings/${s.meetingId}`],
    '/meetings/:id/edit': [`/meetings/${s.meetingId}/edit`],
    '/registries': ['/registries'],
    '/registries/indicators': ['/registries/indicators'],
    '/registries/options': ['/registries/options'],
    '/registries/:type': ['/registries/project', '/registries/project?view=map', '/registries/activity'],
    '/registries/:type/new': ['/registries/project/new'],
    '/registries/:type/import': ['/registries/project/import'],
    '/registries/:type/:id': [`/registries/project/${s.projectId}`],
    '/registries/:type/:id/edit': [`/registries/project/${s.projectId}/edit`],
    '/inspections': ['/inspections'],
    '/inspections/plans/:id': [`/inspections/plans/${s.inspectionPlanId}`],
    '/water': ['/water'],
    '/water/sections/:id': [`/water/sections/${s.waterSectionId}`],
    '/water/import': ['/water/import'],
    '/water/agreements': ['/water/agreements'],
    '/water/assessment': ['/water/assessment'],
    '/water/warnings': ['/water/warnings'],
    '/admin': ['/admin'],
    '/admin/users': ['/admin/users'],
    '/admin/units': ['/admin/units'],
    '/admin/audit': ['/admin/audit'],
    '/notifications': ['/notifications'],
  };
}

interface Finding {
  role: string;
  width: Width;
  url: string;
  kind: 'axe' | 'overflow' | 'english' | 'console';
  detail: string;
}

/** One line per finding for the failure message; the whole finding is in artifacts/sweep/<role>.json. */
const lines = (findings: Finding[]) => findings.map((f) => `${f.width} ${f.url} ${f.kind}: ${f.detail.slice(0, 220)}`);

/** Waits until the page has answered: no spinner, no skeleton, nothing marked busy, for two frames in a row. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.waitForFunction(
    () => {
      const busy = document.querySelector('.ant-spin-spinning, .ant-skeleton-active, [aria-busy="true"], .page-loading');
      const ready = document.querySelector('main, form, h1');
      return !busy && ready !== null;
    },
    undefined,
    { timeout: 20_000, polling: 100 },
  );
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

/** Serious and critical violations of axe-core's WCAG 2.1 A and AA rules, one line per rule. */
async function axeViolations(page: Page): Promise<string[]> {
  const violations = await seriousViolations(page, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  return violations.map(
    (v) =>
      `${v.id} (${v.impact}) ${v.help}: ${v.nodes.length}× e.g. ${v.nodes[0]?.target.join(' ')} — ${(v.nodes[0]?.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200)}`,
  );
}

/** The page's own sideways scrolling at phone width, with the widest element that causes it. */
async function overflow(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const scroll = document.documentElement.scrollWidth;
    if (scroll <= width) return null;
    let widest: Element | null = null;
    let right = width;
    for (const element of document.body.querySelectorAll('*')) {
      const box = element.getBoundingClientRect();
      if (box.right > right + 0.5 && box.width > 0) {
        right = box.right;
        widest = element;
      }
    }
    const name = widest
      ? `${widest.tagName.toLowerCase()}.${[...widest.classList].slice(0, 3).join('.')} "${(widest.textContent ?? '').trim().slice(0, 30)}"`
      : '?';
    return `page scrolls sideways: ${scroll} px wide at ${width} px; furthest right: ${name} (${Math.round(right)} px)`;
  });
}

/**
 * English words in the visible text and in accessible names, each with the text it stands in. Words in `translate="no"` (user
 * names, codes, digests: data, not interface), in parts marked `lang="en"` (the switch to English) and names of file formats and units that Chinese
 * screens use as they are (xlsx, pH, mg/L) are left out.
 */
async function englishWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const ALLOWED = new Set(['pH', 'mg', 'xlsx', 'docx', 'csv', 'txt', 'Excel', 'Word', 'Office', 'Duikou']);
    const found = new Map<string, string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('[translate="no"], [lang="en"], script, style, noscript, [aria-hidden="true"]')) continue;
      const style = getComputedStyle(parent);
      if (style.visibility === 'hidden' || style.display === 'none' || parent.getClientRects().length === 0) continue;
      const text = node.textContent ?? '';
      for (const word of text.match(/[A-Za-z][a-z]{2,}/g) ?? []) {
        if (!ALLOWED.has(word) && !found.has(word)) found.set(word, `${word} «${text.trim().slice(0, 60)}»`);
      }
    }
    // What screen readers announce counts too: labels of icons and controls (antd names its icons in English).
    for (const element of document.querySelectorAll('[aria-label]')) {
      if (element.closest('[translate="no"], [lang="en"], [aria-hidden="true"]') || element.getClientRects().length === 0) continue;
      const label = element.getAttribute('aria-label') ?? '';
      for (const word of label.match(/[A-Za-z][a-z]{2,}/g) ?? []) {
        if (!ALLOWED.has(word) && !found.has(word))
          found.set(word, `${word} in the name of <${element.tagName.toLowerCase()} class="${element.className}"> «${label.slice(0, 60)}»`);
      }
    }
    return [...found.values()];
  });
}

/**
 * The browser logs every 4xx answer as a console error. The session probe's 401 on a page shown
 * without a session is the answer "not signed in", not a fault: that one is let through.
 */
const isSessionProbe = (url: string, text: string) => url.endsWith('/api/v1/auth/session') && text.includes('401');

describe.skipIf(SKIP_BROWSER_TESTS)('every screen, every role, desktop and phone: accessible, fits, Chinese, no errors', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let showcase: Showcase;
  let visits: { route: AppRoute; url: string }[];

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
    platform = await startPlatform(SHOWCASE_ADMIN_PASSWORD);
    showcase = await seedShowcase(platform.baseUrl);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const table = addresses(showcase);
    visits = [...PUBLIC_ROUTES, ...SHELL_ROUTES].flatMap((route) => (table[route] ?? []).map((url) => ({ route, url })));
    fs.mkdirSync(REPORT_FILE, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('has an address for every route of the table', () => {
    const table = addresses(showcase);
    const missing = [...PUBLIC_ROUTES, ...SHELL_ROUTES].filter((route) => !table[route]?.length);
    expect(missing).toEqual([]);
  });

  /**
   * Each address is loaded once at phone width, as a phone opens it, checked, then widened to desktop
   * (as a window is) and checked again: one load per address and role keeps the sweep within minutes.
   */
  async function sweep(context: BrowserContext, role: string): Promise<Finding[]> {
    const findings: Finding[] = [];
    const page = await context.newPage();
    let url = '';
    let width: Width = 'phone';
    // Failed requests are held until the page has settled: a 403 or 404 that the page explains (the
    // app's error alert with that status, or the not-found and forbidden pages) is the screen doing its
    // job for a record outside the role's scope; any other console error is a finding.
    const failedRequests: { status: string; detail: string }[] = [];
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const source = message.location().url;
      const detail = `${message.text().slice(0, 300)} (${source})`;
      const status = /status of (\d{3})/.exec(message.text())?.[1];
      if (status && isSessionProbe(source, message.text())) return;
      if (status === '403' || status === '404') failedRequests.push({ status, detail });
      else findings.push({ role, width, url, kind: 'console', detail });
    });
    page.on('pageerror', (error) => findings.push({ role, width, url, kind: 'console', detail: error.message.slice(0, 300) }));
    const check = async () => {
      for (const failed of failedRequests.splice(0)) {
        const explained = await page.locator(`[data-error-status="${failed.status}"], h1.result-title`).count();
        if (explained === 0) findings.push({ role, width, url, kind: 'console', detail: failed.detail });
      }
      for (const detail of await axeViolations(page)) findings.push({ role, width, url, kind: 'axe', detail });
      if (width === 'phone') {
        const sideways = await overflow(page);
        if (sideways) findings.push({ role, width, url, kind: 'overflow', detail: sideways });
      }
      for (const detail of await englishWords(page)) findings.push({ role, width, url, kind: 'english', detail });
    };
    for (const visit of visits) {
      const isPublic = (PUBLIC_ROUTES as readonly string[]).includes(visit.route);
      if (role === 'anonymous' ? !isPublic : visit.route === '/login') continue;
      if (PATHS && !PATHS.test(visit.url)) continue;
      url = visit.url;
      width = 'phone';
      await page.setViewportSize(WIDTHS.phone);
      await page.goto(`${platform.baseUrl}${url}`);
      await settle(page);
      await check();
      width = 'desktop';
      await page.setViewportSize(WIDTHS.desktop);
      await settle(page);
      await check();
    }
    await page.close();
    fs.writeFileSync(path.join(REPORT_FILE, `${role}.json`), JSON.stringify(findings, null, 2));
    return findings;
  }

  async function signedIn(credentials: Credentials): Promise<BrowserContext> {
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(`${platform.baseUrl}/login`);
    await page.getByLabel('用户名').fill(credentials.username);
    await page.getByLabel('密码', { exact: true }).fill(credentials.password);
    await page.getByRole('button', { name: /^登\s?录$/ }).click();
    await page.getByRole('navigation').getByRole('link').first().waitFor({ timeout: 20_000 });
    await page.close();
    return context;
  }

  it.skipIf(ONLY !== undefined && ONLY !== 'anonymous')(
    'the public pages at phone and desktop width',
    async () => {
      const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', reducedMotion: 'reduce' });
      try {
        expect(lines(await sweep(context, 'anonymous'))).toEqual([]);
      } finally {
        await context.close();
      }
    },
    120_000,
  );

  for (const [role, credentials] of Object.entries(ROLES)) {
    it.skipIf(ONLY !== undefined && ONLY !== role)(
      `every screen as ${role} at phone and desktop width`,
      async () => {
        const context = await signedIn(credentials);
        try {
          expect(lines(await sweep(context, role))).toEqual([]);
        } finally {
          await context.close();
        }
      },
      600_000,
    );
  }
});
