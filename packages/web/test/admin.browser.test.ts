import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiSession, ok } from './support/api.js';
import {
  BROWSER_MISSING,
  type Browser,
  CHROMIUM,
  HAS_CHROMIUM,
  launchBrowser,
  MISSING_CHROMIUM,
  overlappingTexts,
  recordFailure,
  SKIP_BROWSER_TESTS,
  screenshot,
  shown,
  WAIT,
} from './support/browser.js';
import { type RunningPlatform, startPlatform } from './support/platform.js';
import { fieldError, logOut } from './support/ui.js';

// The administration screens (units, users, audit log) in a real browser against the real
// platform process. Same rules as web.browser.test.ts: skipped without /usr/bin/chromium, except under CI.
if (BROWSER_MISSING) {
  console.warn(
    `admin browser tests skipped: ${CHROMIUM} not found (install it with \`apt-get install -y chromium fonts-noto-cjk\`; under CI they fail instead)`,
  );
}

const ADMIN_PASSWORD = 'Duikou#Pass2026';
const UNIT_NAME = '赣州市乡村振兴局';
// GB 32100-2015: the same 17 characters with a wrong and with the right check character.
const BAD_CREDIT_CODE = '11360700MB1C2D3E40';
const GOOD_CREDIT_CODE = '11360700MB1C2D3E4G';
const REPORTER = 'gz.xczx.reporter';
const REPORTER_NAME = '乡村振兴填报员';
const REPORTER_OWN_PASSWORD = 'Xczx#Report2026';

const TEXT_SELECTORS = 'a, button, label, input, h1, h2, h3, th, td, li, .ant-tag, .ant-tree-title';
const overlaps = (page: Page, scope = 'main') => overlappingTexts(page, scope, TEXT_SELECTORS);

async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /^登\s?录$/ }).click();
}

/** Opens a select (or tree select) by its label, types to narrow it, and clicks the option with that title. */
async function pick(page: Page, control: Locator, option: string, search?: string): Promise<void> {
  // The chosen value lies over the input, so the click goes to the select around it.
  await control.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " ant-select ")][1]').click();
  if (search) await control.fill(search);
  const item = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByTitle(option, { exact: true });
  await shown(item);
  await item.first().click();
}

function adminTab(page: Page, name: string): Locator {
  return page.getByRole('tab', { name });
}

describe.skipIf(SKIP_BROWSER_TESTS)('the administration screens in Chromium against the running platform', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  let generatedPassword = '';
  let resetPassword = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
    platform = await startPlatform(ADMIN_PASSWORD);
    browser = await launchBrowser();
    page = browser.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      await recordFailure(page, '', task.name);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('creates a department under 赣州市, showing the credit-code error beside its field first', async () => {
    await page.goto(`${platform.baseUrl}/login`);
    await logIn(page, 'admin', ADMIN_PASSWORD);
    await shown(page.getByRole('navigation').getByRole('link', { name: '系统管理' }));
    await page.getByRole('navigation').getByRole('link', { name: '系统管理' }).click();
    await page.waitForURL('**/admin/users');
    await adminTab(page, '单位管理').click();
    await page.waitForURL('**/admin/units');

    const tree = page.getByRole('tree');
    await shown(tree.getByRole('treeitem', { name: '深圳市', exact: true }));
    await shown(tree.getByRole('treeitem', { name: /^赣州市教育局/ }));
    await tree.getByRole('treeitem', { name: '赣州市', exact: true }).click();
    await shown(page.getByRole('heading', { level: 2, name: '赣州市' }));
    await page.getByRole('button', { name: '在赣州市下新增单位' }).click();

    const drawer = page.getByRole('dialog').filter({ hasText: '新增单位' });
    await shown(drawer.getByLabel('单位名称'));
    // The city comes from the node picked in the tree.
    await shown(drawer.locator('.ant-select-selection-item', { hasText: '赣州市' }));
    await drawer.getByLabel('单位名称').fill(UNIT_NAME);
    await drawer.getByLabel('简称').fill('乡村振兴局');
    await drawer.getByLabel('统一社会信用代码').fill(BAD_CREDIT_CODE);
    await drawer.getByRole('button', { name: /^保\s?存$/ }).click();
    expect(await fieldError(page, drawer.getByLabel('统一社会信用代码'))).toBe('统一社会信用代码校验码不正确');
    expect(await overlaps(page, '.ant-drawer-content')).toEqual([]);

    await drawer.getByLabel('统一社会信用代码').fill(GOOD_CREDIT_CODE);
    await drawer.getByRole('button', { name: /^保\s?存$/ }).click();
    await shown(page.getByText(`已新增单位“${UNIT_NAME}”`));
    await expect.poll(() => drawer.isVisible(), WAIT).toBe(false);

    // The new unit is selected in the tree, and its details show what was saved.
    await shown(tree.getByRole('treeitem', { name: new RegExp(`^${UNIT_NAME}`) }));
    const detail = page.getByTestId('unit-detail');
    await shown(detail.getByText(GOOD_CREDIT_CODE));
    await shown(detail.getByText('无（直属本市）'));
    await shown(detail.getByText('部门'));
    await expect.poll(() => tree.getByRole('treeitem', { name: new RegExp(`^${UNIT_NAME}`) }).isVisible(), WAIT).toBe(true);
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'admin-units-tree');

    // Search goes to the server and keeps the matches with the way to them.
    await page.getByLabel('搜索单位').fill('乡村振兴');
    await page.getByLabel('搜索单位').press('Enter');
    await expect
      .poll(async () => (await tree.getByRole('treeitem').allInnerTexts()).map((text) => text.trim()), WAIT)
      .toEqual(['赣州市', expect.stringMatching(new RegExp(`^${UNIT_NAME}`))]);
    await shown(tree.locator('mark', { hasText: '乡村振兴' }));
    await page.getByLabel('搜索单位').fill('');
    await page.getByLabel('搜索单位').press('Enter');
    await shown(tree.getByRole('treeitem', { name: '深圳市', exact: true }));
  });

  it('creates a reporter of the new department with unit scope and shows the generated password once', async () => {
    await adminTab(page, '用户管理').click();
    await page.waitForURL('**/admin/users');
    await shown(page.getByRole('cell', { name: 'admin', exact: true }));
    await page.getByRole('button', { name: '新增用户' }).click();

    const drawer = page.getByRole('dialog').filter({ hasText: '新增用户' });
    await shown(drawer.getByLabel('用户名'));
    await drawer.getByLabel('用户名').fill(REPORTER);
    await drawer.getByLabel('姓名').fill(REPORTER_NAME);
    await pick(page, drawer.getByLabel('所属单位'), UNIT_NAME, '乡村振兴');
    // The reporter's unit scope takes the user's unit.
    const grant = drawer.getByTestId('role-row');
    await shown(grant.locator('.ant-select-selection-item', { hasText: '单位填报员' }));
    await shown(grant.locator('.ant-select-selection-item', { hasText: '本单位' }));
    await shown(grant.locator('.ant-select-selection-item', { hasText: UNIT_NAME }));
    // The scopes offered are those the role may have.
    await grant.locator('.ant-select').nth(1).click();
    const scopes = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
    await expect.poll(() => scopes.allInnerTexts(), WAIT).toEqual(['本单位及下级', '本单位', '仅本人']);
    await page.keyboard.press('Escape');

    // A typed password is checked against the policy, beside the field.
    await drawer.getByText('手动设置').click();
    await drawer.getByLabel('密码', { exact: true }).fill('short');
    await drawer.getByRole('button', { name: '创建用户' }).click();
    expect(await fieldError(page, drawer.getByLabel('密码', { exact: true }))).toBe('密码至少 10 个字符');
    await drawer.getByText('系统生成').click();
    expect(await overlaps(page, '.ant-drawer-content')).toEqual([]);
    await screenshot(page, 'admin-user-form');

    await drawer.getByRole('button', { name: '创建用户' }).click();
    const shownOnce = page.getByRole('dialog').filter({ hasText: `用户 ${REPORTER} 已创建` });
    await shown(shownOnce.getByText('密码只显示这一次'));
    generatedPassword = ((await shownOnce.getByTestId('one-time-password').locator('code').textContent()) ?? '').trim();
    expect(generatedPassword).toMatch(/^\S{10,}$/);
    await shownOnce.getByRole('button', { name: '我已记下' }).click();
    await expect.poll(() => shownOnce.isVisible(), WAIT).toBe(false);

    const row = page.getByRole('row', { name: new RegExp(REPORTER.replaceAll('.', '\\.')) });
    await shown(row.getByText(`单位填报员 · 本单位（${UNIT_NAME}）`));
    await shown(row.getByText('正常'));
    await shown(row.getByText('从未登录'));

    // The reporter can head the unit, and the unit moves under the city's office.
    await adminTab(page, '单位管理').click();
    const tree = page.getByRole('tree');
    await tree.getByRole('treeitem', { name: new RegExp(`^${UNIT_NAME}`) }).click();
    const detail = page.getByTestId('unit-detail');
    await shown(detail.getByText('未设置'));
    await page.getByRole('button', { name: /^编\s?辑$/ }).click();
    const editor = page.getByRole('dialog').filter({ hasText: `编辑单位：${UNIT_NAME}` });
    await pick(page, editor.getByLabel('单位负责人'), `${REPORTER_NAME}（${REPORTER}）`);
    await editor.getByRole('button', { name: /^保\s?存$/ }).click();
    await shown(page.getByText(`已保存单位“${UNIT_NAME}”`));
    // The head by name; the username only in the tooltip.
    const head = detail.getByText(REPORTER_NAME, { exact: true });
    await shown(head);
    expect(await detail.textContent()).not.toContain(REPORTER);
    await head.hover();
    await shown(page.getByRole('tooltip').filter({ hasText: `用户名：${REPORTER}` }));

    await page.getByRole('button', { name: /^移\s?动$/ }).click();
    const mover = page.getByRole('dialog').filter({ hasText: `移动单位：${UNIT_NAME}` });
    await pick(page, mover.getByLabel('新的上级单位'), '赣州市对口合作工作领导小组办公室', '领导小组');
    await mover.getByRole('button', { name: '确认移动' }).click();
    await shown(page.getByText(`已移动“${UNIT_NAME}”`));
    await shown(detail.getByText('赣州市对口合作工作领导小组办公室'));
    // In the tree it now sits one level deeper, under the office.
    const office = tree.getByRole('treeitem', { name: /^赣州市对口合作工作领导小组办公室/ });
    await expect.poll(() => office.getAttribute('aria-expanded'), WAIT).toBe('true');
  });

  it('lets the new user log in once with the shown password, and asks for a new one first', async () => {
    await logOut(page);
    await logIn(page, REPORTER, generatedPassword);
    await page.waitForURL('**/change-password');
    await page.getByLabel('当前密码', { exact: true }).fill(generatedPassword);
    await page.getByLabel('新密码', { exact: true }).fill(REPORTER_OWN_PASSWORD);
    await page.getByLabel('确认新密码', { exact: true }).fill(REPORTER_OWN_PASSWORD);
    await page.getByRole('button', { name: '确认修改' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    // A reporter neither administers nor sees the menu entry.
    await shown(page.getByRole('navigation').getByRole('link', { name: '工作台' }));
    expect(await page.getByRole('navigation').getByRole('link', { name: '系统管理' }).count()).toBe(0);
    await logOut(page);
  });

  it('resets the password (shown once, to be changed at next login), then disables the user, who can no longer log in', async () => {
    await logIn(page, 'admin', ADMIN_PASSWORD);
    await shown(page.getByRole('navigation').getByRole('link', { name: '系统管理' }));
    await page.goto(`${platform.baseUrl}/admin/users`);
    const row = page.getByRole('row', { name: new RegExp(REPORTER.replaceAll('.', '\\.')) });
    await shown(row);
    await row.getByRole('button', { name: '重置密码' }).click();
    await shown(page.locator('.ant-modal-confirm-title', { hasText: `确认重置 ${REPORTER_NAME}（${REPORTER}）的密码？` }));
    await page.getByRole('button', { name: '确认重置' }).click();
    const shownOnce = page.getByRole('dialog').filter({ hasText: `已重置 ${REPORTER} 的密码` });
    await shown(shownOnce.getByText('用户下次登录时须修改此密码。'));
    resetPassword = ((await shownOnce.getByTestId('one-time-password').locator('code').textContent()) ?? '').trim();
    expect(resetPassword).toMatch(/^\S{10,}$/);
    expect(resetPassword).not.toBe(generatedPassword);
    await shownOnce.getByRole('button', { name: '我已记下' }).click();

    // The old password no longer works; the reset one does, and must be changed.
    await logOut(page);
    await logIn(page, REPORTER, REPORTER_OWN_PASSWORD);
    await shown(page.getByRole('alert').filter({ hasText: '用户名或密码错误' }));
    await expect.poll(() => page.getByLabel('密码', { exact: true }).isEnabled(), WAIT).toBe(true);
    await logIn(page, REPORTER, resetPassword);
    await page.waitForURL('**/change-password');
    await shown(page.getByText('首次登录或密码被重置后，须先修改密码才能继续使用平台。'));
    await page.getByRole('button', { name: '退出登录' }).click();
    await shown(page.getByText('您已退出登录'));

    await logIn(page, 'admin', ADMIN_PASSWORD);
    await shown(page.getByRole('navigation').getByRole('link', { name: '系统管理' }));
    await page.goto(`${platform.baseUrl}/admin/users`);
    await shown(row);
    await row.getByRole('button', { name: /^停\s?用$/ }).click();
    await shown(page.locator('.ant-modal-confirm-title', { hasText: `确认停用 ${REPORTER_NAME}（${REPORTER}）？` }));
    await page.getByRole('button', { name: '确认停用' }).click();
    await shown(row.getByText('已停用'));
    await shown(row.getByRole('button', { name: /^启\s?用$/ }));

    await logOut(page);
    // A disabled account answers exactly like a wrong password: the login page does not tell that the password was right.
    await logIn(page, REPORTER, resetPassword);
    await shown(page.getByRole('alert').filter({ hasText: '用户名或密码错误' }));
    expect(page.url()).toContain('/login');
  });

  it('lists these actions in the audit log with the admin as actor, shows an entry before/after, and verifies the chain', async () => {
    await logIn(page, 'admin', ADMIN_PASSWORD);
    await shown(page.getByRole('navigation').getByRole('link', { name: '系统管理' }));
    await page.getByRole('navigation').getByRole('link', { name: '系统管理' }).click();
    await adminTab(page, '审计日志').click();
    await page.waitForURL('**/admin/audit');

    await pick(page, page.getByLabel('操作人'), '系统管理员（admin）', 'admin');
    const actions = page.locator('tbody tr td:nth-child(4)');
    await expect
      .poll(async () => (await actions.allInnerTexts()).map((text) => text.split(/\s+/)[0]), WAIT)
      .toEqual(expect.arrayContaining(['新增单位', '新增用户', '重置密码', '停用用户']));
    // The actor by display name (the username in the tooltip); actions and kinds of record by their names, never codes.
    const actors = await page.locator('tbody tr td:nth-child(3)').allInnerTexts();
    expect(new Set(actors)).toEqual(new Set(['系统管理员']));
    expect(await page.locator('tbody').textContent()).not.toMatch(/\b[a-z_]+\.[a-z_.]+\b|\b[a-z]+_[a-z_]+\b/);
    // The date filter is antd's range picker in Chinese, not the browser's own mm/dd/yyyy boxes.
    expect(await page.locator('main input[type="date"]').count()).toBe(0);
    await shown(page.getByPlaceholder('开始日期'));
    await shown(page.getByPlaceholder('结束日期'));

    // The disable entry shows the status change side by side, marked in text.
    await pick(page, page.getByLabel('操作类型'), '停用用户', '停用用户');
    await expect.poll(() => page.locator('tbody tr').count(), WAIT).toBe(1);
    await page.getByRole('button', { name: /^查看第 \d+ 号记录详情$/ }).click();
    const detail = page.getByRole('dialog').filter({ hasText: '审计记录第' });
    // The action by its name; the recorded code only in the tooltip.
    const action = detail.getByText('停用用户', { exact: true });
    await shown(action);
    expect(await detail.getByText('user.disable').count()).toBe(0);
    await action.hover();
    await shown(page.getByRole('tooltip').filter({ hasText: 'user.disable' }));
    const statusRow = detail.getByTestId('audit-diff').getByRole('row', { name: /^status/ });
    await shown(statusRow.getByText('已修改'));
    // The user's status in its words (the stored values in the tooltips), as the users list says it.
    expect(await statusRow.getByRole('cell').allInnerTexts()).toEqual([expect.stringMatching(/^status\s*已修改$/), '正常', '已停用']);
    await shown(detail.getByTestId('changed-count'));
    expect(await overlaps(page, '.ant-drawer-content')).toEqual([]);
    await screenshot(page, 'admin-audit-detail');
    await detail.getByRole('button', { name: /^(Close|关闭)$/ }).click();
    await expect.poll(() => detail.isVisible(), WAIT).toBe(false);

    await page.getByRole('button', { name: '校验哈希链' }).click();
    const result = await shown(page.getByTestId('chain-result'));
    expect(await result.textContent()).toMatch(/^哈希链完整：共校验 \d+ 条记录，未发现篡改。$/);
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'admin-audit-chain');
    expect(pageErrors).toEqual([]);
  });

  it('shows the 403 when an office administrator of 赣州市 grants beyond the city', async () => {
    const admin = await apiSession(platform.baseUrl, 'admin', ADMIN_PASSWORD);
    const pair = ok(await admin.GET('/api/v1/pairs')).items[0]!;
    const ganzhou = pair.cities.find((c) => c.name === '赣州市')!;
    ok(
      await admin.POST('/api/v1/users', {
        body: {
          username: 'gz.office.admin',
          displayName: '赣州市办公室管理员',
          unitId: null,
          password: 'GzOffice#2026',
          mustChangePassword: false,
          roles: [{ role: 'office_admin', scope: 'city', cityId: ganzhou.id }],
        },
      }),
    );
    await logOut(page);
    await logIn(page, 'gz.office.admin', 'GzOffice#2026');
    await shown(page.getByRole('navigation').getByRole('link', { name: '系统管理' }));
    await page.goto(`${platform.baseUrl}/admin/users`);
    await page.getByRole('button', { name: '新增用户' }).click();
    const drawer = page.getByRole('dialog').filter({ hasText: '新增用户' });
    await drawer.getByLabel('用户名').fill('gz.too.wide');
    await drawer.getByLabel('姓名').fill('越权领导');
    await pick(page, drawer.getByLabel('所属单位'), UNIT_NAME, '乡村振兴');
    const grant = drawer.getByTestId('role-row');
    await pick(page, grant.getByLabel('角色', { exact: true }), '领导（只读）');
    await pick(page, grant.getByLabel('数据范围'), '全部');
    await pick(page, grant.getByLabel('结对城市'), pair.name);
    await drawer.getByRole('button', { name: '创建用户' }).click();
    await shown(drawer.getByRole('alert').filter({ hasText: '没有权限执行此操作' }));
    expect(await fieldError(page, grant.getByLabel('角色', { exact: true }))).toBe('不能授予超出本人数据范围的角色');
    await shown(drawer.getByRole('alert').filter({ hasText: '不能授予超出本人数据范围的角色' }));
    expect(await overlaps(page, '.ant-drawer-content')).toEqual([]);
    await screenshot(page, 'admin-user-forbidden-grant');

    // Within the city the same grant is allowed.
    await pick(page, grant.getByLabel('数据范围'), '本市');
    await pick(page, grant.getByLabel('城市', { exact: true }), '赣州市');
    await drawer.getByRole('button', { name: '创建用户' }).click();
    await shown(page.getByRole('dialog').filter({ hasText: '用户 gz.too.wide 已创建' }));
    await page.getByRole('button', { name: '我已记下' }).click();

    // The chain spans every pair: only the deployment's administrator may check it.
    await page.goto(`${platform.baseUrl}/admin/audit`);
    await shown(page.getByText('哈希链覆盖全部结对城市，只有平台系统管理员可以校验。'));
    expect(await page.getByRole('button', { name: '校验哈希链' }).isDisabled()).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
