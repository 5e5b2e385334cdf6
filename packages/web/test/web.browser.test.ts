import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ApiClient, apiSession, ok } from './support/api.js';
import {
  BROWSER_MISSING,
  type Browser,
  CHROMIUM,
  HAS_CHROMIUM,
  launchBrowser,
  loadedJavaScriptKb,
  MISSING_CHROMIUM,
  overlappingTexts,
  recordFailure,
  SKIP_BROWSER_TESTS,
  screenshot,
  shown,
  WAIT,
} from './support/browser.js';
import { type RunningPlatform, startPlatform } from './support/platform.js';
import { chooseFromUserMenu, fieldError, logOut } from './support/ui.js';

// The web app in a real browser against the real platform process (`duikou start`).
// Needs Debian's chromium at /usr/bin/chromium: skipped without it, except under CI, where a
// missing browser fails the run.
if (BROWSER_MISSING) {
  console.warn(`web browser tests skipped: ${CHROMIUM} not found (install it with \`apt-get install -y chromium fonts-noto-cjk\`; under CI they fail instead)`);
}

const ADMIN_PASSWORD = 'Duikou#Pass2026';
const NEW_ADMIN_PASSWORD = 'Changed#Pass2026';
const BUDGET_KB = 350;
// 合作台账 is a group whose title is the link to its overview.
const MENU_ZH = ['工作台', '方案', '任务', '进展报告', '督办', '联席会议', '合作台账', '生态补偿', '双随机检查', '系统管理'];
const MENU_EN = [
  'Dashboard',
  'Plans',
  'Tasks',
  'Progress reports',
  'Supervision',
  'Joint meetings',
  'Registries',
  'Eco-compensation',
  'Random inspections',
  'Administration',
];
const PLAN_FILE = fileURLToPath(new URL('../../domain/data/plans/shenzhen-ganzhou.txt', import.meta.url));

function menuLinks(page: Page): Locator {
  return page.getByRole('navigation').getByRole('link');
}

async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /^登\s?录$/ }).click();
}

const TEXT_SELECTORS = 'a, button, label, input, h1, h2, h3, th, td, li, .ant-tag, .ant-statistic-title, .ant-statistic-content';
const overlaps = (page: Page, scope = 'body') => overlappingTexts(page, scope, TEXT_SELECTORS);

describe.skipIf(SKIP_BROWSER_TESTS)('the web app in Chromium against the running platform', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  let admin: ApiClient;
  let pairId: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
    // This file imports and publishes the plan it works with: it starts without the built-in one.
    platform = await startPlatform(ADMIN_PASSWORD, { defaultPlan: false });
    browser = await launchBrowser();
    page = browser.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  // A failing step leaves a picture of the page and the page's buttons behind (recordFailure).
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      await recordFailure(page, '', task.name);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('opens the login page in Chinese, within the first-load JavaScript budget', async () => {
    await page.goto(`${platform.baseUrl}/`);
    await page.waitForURL('**/login');
    await shown(page.getByRole('heading', { name: '登录' }));
    const health = await page.request.get(`${platform.baseUrl}/api/v1/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', database: process.env.DATABASE_URL ? 'postgres' : 'embedded' });
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.title()).toBe('对口合作平台');
    await expect.poll(() => page.getByLabel('用户名').evaluate((el) => el === document.activeElement), WAIT).toBe(true);
    const js = await loadedJavaScriptKb(page);
    expect(js.kb, `login first load: ${js.files.join(', ')}`).toBeLessThanOrEqual(BUDGET_KB);
    // Hashed assets are kept by the browser for good; the page itself is asked for every time.
    const script = await page.locator('script[type="module"]').first().getAttribute('src');
    expect(script).toMatch(/^\/assets\/.+\.js$/);
    expect((await page.request.get(`${platform.baseUrl}${script}`)).headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await page.request.get(`${platform.baseUrl}/index.html`)).headers()['cache-control']).toBe('no-cache');
    // Assets go out compressed at build time: brotli where accepted, else gzip, else as built.
    for (const [accepted, encoding] of [
      ['br, gzip', 'br'],
      ['gzip', 'gzip'],
      ['identity', undefined],
    ] as const) {
      const asset = await page.request.get(`${platform.baseUrl}${script}`, { headers: { 'accept-encoding': accepted } });
      expect(asset.headers()['content-encoding'], accepted).toBe(encoding);
      expect(asset.headers()['content-type'], accepted).toMatch(/^(application|text)\/javascript/);
      expect(asset.headers().vary, accepted).toMatch(/accept-encoding/i);
    }
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'login');
  });

  it('shows the server message for a wrong password, and opens the shell with the Chinese menu for the right one', async () => {
    // With transitions off, as in a browser that never reports a transition's end, the button
    // still sheds its loading icon and keeps its name once the answer is in (components/Button.tsx).
    const noTransitions = await page.addStyleTag({ content: '*, *::before, *::after { transition: none !important; }' });
    await logIn(page, 'admin', 'not-the-password');
    await shown(page.getByRole('alert').filter({ hasText: '用户名或密码错误' }));
    expect(page.url()).toContain('/login');
    await expect.poll(() => page.locator('button[type=submit] .ant-btn-loading-icon').count(), WAIT).toBe(0);
    expect(await page.getByRole('button', { name: /^登\s?录$/ }).count()).toBe(1);
    await noTransitions.evaluate((style) => (style as Element).remove());

    await logIn(page, 'admin', ADMIN_PASSWORD);
    await shown(menuLinks(page));
    await expect.poll(() => menuLinks(page).allInnerTexts(), WAIT).toEqual(MENU_ZH);
    await shown(page.getByTestId('pair-name').filter({ hasText: '深圳市与赣州市对口合作' }));
    await shown(page.getByRole('button', { name: '通知，0 条未读' }));
    await shown(page.getByRole('heading', { name: '尚未发布实施方案' }));
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'shell');

    // A fresh load of the signed-in dashboard stays within the budget as well.
    await page.reload();
    await shown(page.getByRole('heading', { name: '尚未发布实施方案' }));
    const js = await loadedJavaScriptKb(page);
    expect(js.kb, `dashboard first load: ${js.files.join(', ')}`).toBeLessThanOrEqual(BUDGET_KB);
  });

  it('opens menus without their motion for a user who asks for reduced motion (as this browser does)', async () => {
    expect(await page.evaluate(() => window.matchMedia('(prefers-reduced-motion: reduce)').matches)).toBe(true);
    // Every state the dropdown passes through while it opens, with its animation. rc-motion marks it
    // "appear-prepare" for a frame either way (asserting on that raced the frame: a loaded machine
    // caught it); with motion it then goes "appear-active" and slides up for 0.2 s, without it goes
    // straight to open with no animation.
    await page.evaluate(() => {
      const states: string[] = [];
      (window as unknown as { dropdownStates: string[] }).dropdownStates = states;
      const record = (el: Element) => {
        const style = getComputedStyle(el);
        states.push(`${el.className} | ${style.animationName} ${style.animationDuration} ${style.transitionDuration}`);
      };
      new MutationObserver((changes) => {
        for (const change of changes) {
          if (change.target instanceof Element && change.target.classList.contains('ant-dropdown')) record(change.target);
          for (const node of change.addedNodes) if (node instanceof Element) for (const el of node.querySelectorAll('.ant-dropdown')) record(el);
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
    });
    await page.getByRole('button', { name: /用户菜单/ }).click();
    const dropdown = page.locator('.ant-dropdown');
    await dropdown.first().waitFor({ state: 'visible', ...WAIT });
    await expect.poll(async () => (await dropdown.first().getAttribute('class')) ?? '', WAIT).not.toMatch(/-appear|-enter/);
    const states = await page.evaluate(() => (window as unknown as { dropdownStates: string[] }).dropdownStates);
    expect(states.length).toBeGreaterThan(0);
    expect(states.filter((state) => /-active|slide-up-(appear|enter)-start/.test(state) || !/\| none 0s 0s$/.test(state))).toEqual([]);
    await page.keyboard.press('Escape');
    await dropdown.first().waitFor({ state: 'hidden', ...WAIT });
  });

  it('switches to English from the user menu, remembers it across reloads, and switches back', async () => {
    await chooseFromUserMenu(page, 'English');
    await expect.poll(() => menuLinks(page).allInnerTexts(), WAIT).toEqual(MENU_EN);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await shown(page.getByRole('heading', { name: 'No plan published yet' }));
    await shown(page.getByTestId('pair-name').filter({ hasText: 'Shenzhen–Ganzhou counterpart cooperation' }));

    await page.reload();
    await expect.poll(() => menuLinks(page).allInnerTexts(), WAIT).toEqual(MENU_EN);
    await shown(page.getByRole('heading', { name: 'No plan published yet' }));
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'shell-en');

    await chooseFromUserMenu(page, '中文');
    await expect.poll(() => menuLinks(page).allInnerTexts(), WAIT).toEqual(MENU_ZH);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
  });

  it('changes the password: a too short one gets the field error beside the field, a valid one is accepted', async () => {
    await chooseFromUserMenu(page, '修改密码');
    await page.waitForURL('**/change-password');
    await shown(page.getByRole('heading', { name: '修改密码' }));
    await shown(page.getByText('至少 10 个字符'));

    const current = page.getByLabel('当前密码', { exact: true });
    const next = page.getByLabel('新密码', { exact: true });
    const confirm = page.getByLabel('确认新密码', { exact: true });
    await current.fill(ADMIN_PASSWORD);
    await next.fill('Ab1#short');
    await confirm.fill('Ab1#short');
    await page.getByRole('button', { name: '确认修改' }).click();
    expect(await fieldError(page, next)).toBe('密码至少 10 个字符');
    await expect.poll(() => next.isEnabled(), WAIT).toBe(true);
    expect(await overlaps(page, 'main')).toEqual([]);
    await screenshot(page, 'change-password');

    await next.fill(NEW_ADMIN_PASSWORD);
    await confirm.fill(NEW_ADMIN_PASSWORD);
    await page.getByRole('button', { name: '确认修改' }).click();
    await shown(page.getByText('密码已修改'));
    await page.waitForURL((url) => url.pathname === '/');
    await shown(page.getByRole('heading', { name: '工作台' }));
  });

  it('logs out; the old password then fails and the new one works, typed with the keyboard only', async () => {
    await logOut(page);
    expect(page.url()).toContain('/login');
    const session = await page.request.get(`${platform.baseUrl}/api/v1/auth/session`);
    expect(session.status()).toBe(401);

    await logIn(page, 'admin', ADMIN_PASSWORD);
    await shown(page.getByRole('alert').filter({ hasText: '用户名或密码错误' }));

    await page.getByLabel('用户名').focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type(NEW_ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await expect.poll(() => menuLinks(page).allInnerTexts(), WAIT).toEqual(MENU_ZH);
    admin = await apiSession(platform.baseUrl, 'admin', NEW_ADMIN_PASSWORD);
    pairId = ok(await admin.GET('/api/v1/pairs')).items[0]!.id;
    await logOut(page);
  });

  it('sends a user whose initial password must change to the change-password screen first', async () => {
    ok(
      await admin.POST('/api/v1/users', {
        body: {
          username: 'gz.leader',
          displayName: '赣州市领导',
          unitId: null,
          password: 'Initial#Pass2026',
          mustChangePassword: true,
          roles: [{ role: 'viewer', scope: 'all', pairId }],
        },
      }),
    );
    await logIn(page, 'gz.leader', 'Initial#Pass2026');
    await page.waitForURL('**/change-password');
    await shown(page.getByText('首次登录或密码被重置后，须先修改密码才能继续使用平台。'));
    expect(await page.getByRole('navigation').count()).toBe(0);
    await screenshot(page, 'change-password-required');
    // Other screens lead back here until the password is changed.
    await page.goto(`${platform.baseUrl}/tasks`);
    await page.waitForURL('**/change-password');

    await page.getByLabel('当前密码', { exact: true }).fill('Initial#Pass2026');
    await page.getByLabel('新密码', { exact: true }).fill('Leader#Pass2026');
    await page.getByLabel('确认新密码', { exact: true }).fill('Leader#Pass2026');
    await page.getByRole('button', { name: '确认修改' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    // A viewer reads plans, tasks, meetings, water quality and inspections but neither reports nor administers.
    await expect
      .poll(() => menuLinks(page).allInnerTexts(), WAIT)
      .toEqual(['工作台', '方案', '任务', '督办', '联席会议', '合作台账', '生态补偿', '双随机检查']);
    await page.goto(`${platform.baseUrl}/admin`);
    await shown(page.getByText('您的账号没有访问此页面的权限。'));
    await logOut(page);
  });

  it('shows the lockout to the right password after five wrong ones, and the wrong-credentials message to a disabled account', async () => {
    ok(
      await admin.POST('/api/v1/users', {
        body: {
          username: 'gz.clerk',
          displayName: '赣州市办事员',
          unitId: null,
          password: 'Clerk#Pass2026',
          mustChangePassword: false,
          roles: [{ role: 'viewer', scope: 'all', pairId }],
        },
      }),
    );
    // The fifth wrong password locks the account without saying so: a guesser learns nothing.
    for (let attempt = 1; attempt <= 5; attempt++) {
      await logIn(page, 'gz.clerk', `wrong-${attempt}`);
      await shown(page.getByRole('alert').filter({ hasText: '用户名或密码错误' }));
      // Wait for the form to be enabled again before the next try.
      await expect.poll(() => page.getByLabel('密码', { exact: true }).isEnabled(), WAIT).toBe(true);
    }
    await logIn(page, 'gz.clerk', 'Clerk#Pass2026');
    const locked = await shown(page.getByRole('alert').filter({ hasText: '密码错误次数过多，账号已锁定，请稍后再试' }));
    expect(await locked.textContent()).toMatch(/账号锁定至 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/);
    await screenshot(page, 'login-locked');

    const former = ok(
      await admin.POST('/api/v1/users', {
        body: {
          username: 'gz.former',
          displayName: '原工作人员',
          unitId: null,
          password: 'Former#Pass2026',
          mustChangePassword: false,
          roles: [{ role: 'viewer', scope: 'all', pairId }],
        },
      }),
    ).user;
    ok(await admin.PATCH('/api/v1/users/{id}', { params: { path: { id: former.id } }, body: { status: 'disabled' } }));
    await logIn(page, 'gz.former', 'Former#Pass2026');
    await shown(page.getByRole('alert').filter({ hasText: '用户名或密码错误' }));
  });

  it('shows the leader summary and the lights with their names once a plan is published', async () => {
    const imported = ok(
      await admin.POST('/api/v1/plans/import', {
        body: { pairId, title: '深圳市与赣州市对口合作实施方案', source: { text: fs.readFileSync(PLAN_FILE, 'utf8') } },
      }),
    );
    ok(await admin.POST('/api/v1/plan-versions/{id}/publish', { params: { path: { id: imported.version.id } }, body: {} }));

    await logIn(page, 'admin', NEW_ADMIN_PASSWORD);
    await shown(page.getByRole('heading', { name: '领导摘要' }));
    await shown(page.getByText('实施方案：深圳市与赣州市对口合作实施方案'));
    const summary = await shown(page.getByTestId('dashboard-summary').locator('li'));
    expect(await summary.count()).toBeGreaterThan(0);
    for (const light of ['红灯', '黄灯', '绿灯', '灰灯（暂缓）']) await shown(page.getByText(light).first());
    expect(await overlaps(page, 'main')).toEqual([]);
    await screenshot(page, 'dashboard');
  });

  it('opens every page of the menu and the notifications without an error', async () => {
    const pages: [string, string][] = [
      ['方案', '实施方案'],
      ['任务', '任务台账'],
      ['进展报告', '进展报告'],
      ['督办', '督办事项'],
      ['联席会议', '联席会议'],
      ['合作台账', '合作台账'],
      ['生态补偿', '东江水质监测断面'],
      ['双随机检查', '双随机检查'],
      ['系统管理', '系统管理'],
      ['工作台', '工作台'],
    ];
    for (const [link, heading] of pages) {
      await menuLinks(page).filter({ hasText: link }).click();
      await shown(page.getByRole('heading', { level: 1, name: heading }));
      await page.waitForLoadState('networkidle');
      expect(await page.locator('.ant-alert-error').count(), `an error on ${link}`).toBe(0);
    }
    await menuLinks(page).filter({ hasText: '系统管理' }).click();
    await shown(page.getByRole('cell', { name: 'gz.leader' }));
    await page.getByRole('button', { name: /^通知/ }).click();
    await shown(page.getByRole('heading', { level: 1, name: '通知' }));
    expect(pageErrors).toEqual([]);
  });

  it('serves the app and the API documentation under a Content-Security-Policy they both work with', async () => {
    const app = await page.request.get(`${platform.baseUrl}/`);
    expect(app.headers()['content-security-policy']).toContain("script-src 'self'");
    // The documentation renders its operations with no inline script (a blocked one is logged, and closing the browser fails).
    await page.goto(`${platform.baseUrl}/api/v1/docs`);
    await shown(page.getByText('Duikou 对口合作平台 API').first());
    // Swagger UI draws the operations near the viewport: scroll down until the task routes are drawn.
    const tasksRoute = page.getByText('/api/v1/tasks', { exact: true }).first();
    await expect
      .poll(async () => {
        if (await tasksRoute.isVisible()) return true;
        await page.mouse.wheel(0, 600);
        return false;
      }, WAIT)
      .toBe(true);
    // An injected inline script does not run.
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.body.appendChild(script);
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => browser.cspViolations.length, WAIT).toBe(1);
    expect(browser.cspViolations[0]).toMatch(/inline script/);
    browser.cspViolations.length = 0; // the one this test caused on purpose
    expect(pageErrors).toEqual([]);
  });
});
