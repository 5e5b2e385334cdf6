import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
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

// Joint meetings (联席会议) in a real browser against the real platform: the office records a
// meeting with a linked agenda and a decision, marks it held, finds the decision among the
// supervision items, downloads the minutes and starts the next meeting from the open decision.
if (BROWSER_MISSING) {
  console.warn(
    `meeting browser tests skipped: ${CHROMIUM} not found (install it with \`apt-get install -y chromium fonts-noto-cjk\`; under CI they fail instead)`,
  );
}

const ADMIN_PASSWORD = 'Duikou#Pass2026';
const USER_PASSWORD = 'Unit#Pass2026x';
const PLAN_FILE = new URL('../../domain/data/plans/shenzhen-ganzhou.txt', import.meta.url);
const TEXT_SELECTORS = 'a, button, label, h1, h2, h3, th, td, li, .ant-tag, .ant-descriptions-item-label, .ant-card-head-title';
const overlaps = (page: Page) => overlappingTexts(page, 'main', TEXT_SELECTORS);

const TITLE = '深圳市与赣州市对口合作联席会议第一次会议';
const TASK_TITLE = '组织深圳中小学生赴兴国开展红色研学';
const DECISION = '兴国县牵头制定红色研学线路方案并报联席会议办公室';
const LATER_DECISION = '福田区组织首批中小学生赴兴国研学';

/** A China date (the tests run with TZ=Asia/Shanghai) `days` from today, as YYYY-MM-DD. */
function dayFromToday(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// By the text the user sees (antd spaces two-character labels: 保 存). Not by role: under a loaded
// CI machine the role lookup at times missed a button that was on screen and enabled.
const button = (page: Page, text: string) => page.locator('button:visible').filter({ hasText: new RegExp(`^\\s*${[...text].join('\\s?')}\\s*$`) });
const openDropdownOption = (page: Page, text: string) =>
  page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: text }).first();

/** Picks an option of an antd select by typing part of its name. */
async function choose(page: Page, label: string, typed: string, option = typed) {
  // antd puts an aria-label on the select's box and on its input: take the input.
  const input = page.getByLabel(label, { exact: true }).last();
  // The select's own box takes the click; its input is tiny until the select searches.
  await input.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " ant-select ")][1]').click();
  // Selects without search take no typing: their options are picked from the list.
  if (typed) await input.fill(typed);
  await (await shown(openDropdownOption(page, option))).first().click();
}

/** Types a value into an antd date picker and confirms it. */
async function pickDate(page: Page, label: string, value: string) {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await expect.poll(() => input.inputValue(), WAIT).toBe(value);
}

/** The error texts the form shows beside its fields, to say what stood in the way when a step fails. */
const fieldErrors = (page: Page) => page.locator('.ant-form-item-explain-error').allInnerTexts();

/** Saves the meeting form and waits for the server's answer, which must have the given status. */
async function saveAnswered(page: Page, status: number) {
  const answered = page.waitForResponse(
    (r) => /^\/api\/v1\/meetings(\/[^/]+)?$/.test(new URL(r.url()).pathname) && ['POST', 'PUT'].includes(r.request().method()),
    WAIT,
  );
  await button(page, '保存').click();
  const response = await answered.catch(async (cause: Error) => {
    throw new Error(`the form sent nothing; it shows: ${JSON.stringify(await fieldErrors(page))} (${cause.message})`);
  });
  expect({ status: response.status(), body: status === 400 ? await response.json() : null }).toMatchObject({ status });
}

describe.skipIf(SKIP_BROWSER_TESTS)('joint meetings in Chromium against the running platform', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
    // This file imports and publishes the plan it works with: it starts without the built-in one.
    platform = await startPlatform(ADMIN_PASSWORD, { defaultPlan: false });
    browser = await launchBrowser();
    page = browser.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));

    const admin = await apiSession(platform.baseUrl, 'admin', ADMIN_PASSWORD);
    const pair = ok(await admin.GET('/api/v1/pairs')).items[0]!;
    const unitNamed = async (name: string) => {
      const found = ok(await admin.GET('/api/v1/units', { params: { query: { pairId: pair.id, q: name } } })).items.find((u) => u.name === name);
      if (!found) throw new Error(`no unit ${name}`);
      return found;
    };
    const xingguo = await unitNamed('兴国县');
    const futian = await unitNamed('福田区');
    const office = ok(await admin.GET('/api/v1/units', { params: { query: { pairId: pair.id, type: 'coordination_office' } } })).items.find(
      (u) => u.cityId === xingguo.cityId,
    )!;
    ok(
      await admin.POST('/api/v1/users', {
        body: {
          username: 'gz-office',
          displayName: '赣州市对口办',
          unitId: office.id,
          password: USER_PASSWORD,
          mustChangePassword: false,
          roles: [{ role: 'office_admin', scope: 'all', pairId: pair.id, cityId: null, unitId: null }],
        },
      }),
    );
    const imported = ok(await admin.POST('/api/v1/plans/import', { body: { pairId: pair.id, source: { text: fs.readFileSync(PLAN_FILE, 'utf8') } } }));
    ok(await admin.POST('/api/v1/plan-versions/{id}/publish', { params: { path: { id: imported.version.id } }, body: {} }));
    ok(
      await admin.POST('/api/v1/tasks', {
        body: {
          planId: imported.version.planId,
          articleNo: '四',
          title: TASK_TITLE,
          dueOn: '2027-12-31',
          leadUnitIds: [xingguo.id],
          supportUnitIds: [futian.id],
        },
      }),
    );
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      await recordFailure(page, 'meetings', task.name);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('the office records a meeting with a linked agenda, a decision for 兴国县 and rich-text minutes, after a field error', async () => {
    await page.goto(`${platform.baseUrl}/login`);
    await page.getByLabel('用户名').fill('gz-office');
    await page.getByLabel('密码', { exact: true }).fill(USER_PASSWORD);
    await button(page, '登录').click();
    await page.getByRole('navigation').getByRole('link', { name: '联席会议' }).click();
    await shown(page.getByRole('heading', { level: 1, name: '联席会议' }));
    await shown(page.getByText('暂无联席会议'));
    await page.getByRole('button', { name: /新建会议/ }).click();
    await shown(page.getByRole('heading', { level: 1, name: '新建联席会议' }));

    await page.getByLabel('会议名称').fill(TITLE);
    await pickDate(page, '会议时间', `${dayFromToday(-1)} 09:30`);
    await page.getByLabel('会议地点').fill('赣州市人民政府第一会议室');
    await choose(page, '主办城市', '', '赣州市');

    await page.getByRole('button', { name: /添加主持人/ }).click();
    await page.getByLabel('主持人 1 姓名', { exact: true }).fill('李明');
    await page.getByLabel('主持人 1 职务', { exact: true }).fill('副市长');

    await choose(page, '出席单位', '兴国', '兴国县');
    await choose(page, '出席单位', '福田', '福田区');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /添加出席人员/ }).click();
    await page.getByLabel('出席人员 1 姓名', { exact: true }).fill('王芳');
    await page.getByLabel('出席人员 1 职务', { exact: true }).fill('副区长');
    await choose(page, '出席人员 1 所在单位', '福田', '福田区');

    // Two agenda items, the first linked to the task through the search picker; then reordered back and forth.
    await page.getByRole('button', { name: /添加议题/ }).click();
    await page.getByLabel('议题 1', { exact: true }).fill('研究下一阶段工作安排');
    await page.getByRole('button', { name: /添加议题/ }).click();
    await page.getByLabel('议题 2', { exact: true }).fill('审议红色研学合作任务推进情况');
    await page.getByRole('button', { name: '上移议题 2' }).click();
    await expect.poll(() => page.getByLabel('议题 1', { exact: true }).inputValue(), WAIT).toBe('审议红色研学合作任务推进情况');
    await choose(page, '议题 1 关联类型', '', '任务');
    await choose(page, '议题 1 关联', '研学', TASK_TITLE);
    await page.getByText('会议议程', { exact: true }).scrollIntoViewIfNeeded();
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'meetings-form-agenda');

    // A decision without an owner: the field says so and nothing is saved.
    await page.getByRole('button', { name: /添加议定事项/ }).click();
    await page.getByLabel('议定事项 1', { exact: true }).fill(DECISION);
    await pickDate(page, '议定事项 1 办理时限', dayFromToday(-3));
    await button(page, '保存').click();
    await shown(page.getByText('请选择责任单位'));
    expect(page.url()).toContain('/meetings/new');
    await choose(page, '议定事项 1 责任单位', '兴国', '兴国县');
    // The server refuses a deadline before the meeting, beside the field.
    await saveAnswered(page, 400);
    await shown(page.locator('.ant-form-item-explain-error').filter({ hasText: '办理时限不能早于会议日期' }));
    expect(page.url()).toContain('/meetings/new');
    await pickDate(page, '议定事项 1 办理时限', dayFromToday(30));

    // Minutes in the rich-text editor: a heading and a paragraph with bold text.
    const editor = await shown(page.getByRole('textbox', { name: '会议纪要' }));
    await editor.click();
    await page.keyboard.type('一、会议情况');
    await page.getByRole('button', { name: '一级标题' }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: '正文' }).click();
    await page.keyboard.type('会议听取了');
    await page.getByRole('button', { name: '加粗' }).click();
    await page.keyboard.type('兴国县');
    await page.getByRole('button', { name: '加粗' }).click();
    await page.keyboard.type('红色研学工作汇报。');
    await shown(editor.locator('h2', { hasText: '一、会议情况' }));
    await shown(editor.locator('b, strong', { hasText: '兴国县' }));
    await editor.scrollIntoViewIfNeeded();
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'meetings-form');

    await saveAnswered(page, 201);
    await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/, WAIT);
    await shown(page.getByRole('heading', { level: 1, name: TITLE }));
    await shown(page.getByTestId('meeting-status').filter({ hasText: '计划中' }));
    expect(await page.getByTestId('detail-agenda-item').allTextContents()).toEqual([
      expect.stringContaining(`1. 审议红色研学合作任务推进情况任务：${TASK_TITLE}`),
      expect.stringContaining('2. 研究下一阶段工作安排'),
    ]);
    await shown(page.getByRole('cell', { name: DECISION }));
    await shown(page.getByText('召开后转督办'));
    await shown(page.getByTestId('minutes').locator('h2', { hasText: '一、会议情况' }));
    await shown(page.getByTestId('minutes').locator('strong', { hasText: '兴国县' }));
    // 福田区 attends as a unit and with a person: named once.
    await shown(page.getByText('福田区（王芳 副区长）'));
    expect(await page.getByText('福田区、福田区').count()).toBe(0);
  }, 240_000);

  it('marks it held: the decision becomes a supervision item of 兴国县; the minutes download as .docx', async () => {
    await page.getByRole('button', { name: /标记为已召开/ }).click();
    await shown(page.locator('.ant-modal-confirm-title').filter({ hasText: '确认会议已召开？' }));
    await button(page, '确认').click();
    await shown(page.getByTestId('meeting-status').filter({ hasText: '已召开' }));
    const row = page.getByRole('row').filter({ hasText: DECISION });
    await shown(row.locator('.ant-tag', { hasText: '待签收' }));
    expect(await row.textContent()).toContain('兴国县');
    expect(await page.getByRole('button', { name: /标记为已召开/ }).count()).toBe(0);
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'meeting-detail');

    const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.getByRole('button', { name: /下载纪要/ }).click()]);
    expect(download.suggestedFilename()).toBe(`${TITLE}-会议纪要.docx`);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'duikou-minutes-')), 'minutes.docx');
    await download.saveAs(file);
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const text = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    for (const expected of [
      TITLE,
      '赣州市人民政府第一会议室',
      '李明',
      '审议红色研学合作任务推进情况',
      '一、会议情况',
      '红色研学工作汇报',
      DECISION,
      '兴国县',
      '待签收',
    ]) {
      expect(text).toContain(expected);
    }
    fs.rmSync(path.dirname(file), { recursive: true, force: true });

    // The decision opens its own supervision item, not the whole list; it links back to the meeting.
    const meetingUrl = page.url();
    await row.getByRole('link', { name: '在督办中查看' }).click();
    await page.waitForURL(/\/supervision\/[0-9a-f-]{36}$/, WAIT);
    const detail = await shown(page.getByTestId('supervision-detail'));
    // The item's requirement quotes the decision (with the meeting's title).
    await shown(detail.getByText(DECISION));
    expect(await detail.textContent()).toMatch(/兴国县/);
    await shown(page.getByTestId('supervision-status').getByText('待签收'));
    await detail.getByRole('link', { name: '查看会议决定' }).click();
    await page.waitForURL(meetingUrl, WAIT);
    // The agenda item's task opens the task.
    await page.getByTestId('detail-agenda-item').getByRole('link', { name: TASK_TITLE }).click();
    await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/, WAIT);
    await shown(page.getByRole('heading', { level: 1, name: TASK_TITLE }));
    await page.goBack();
    await shown(page.getByRole('heading', { level: 1, name: TITLE }));
  }, 180_000);

  it('on the held meeting a decision added later becomes a supervision item at once; the raised one stays as it was', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '联席会议' }).click();
    await shown(page.getByRole('heading', { level: 1, name: '联席会议' }));
    await page.getByRole('link', { name: TITLE }).click();
    await shown(page.getByRole('heading', { level: 1, name: TITLE }));
    await page.getByRole('button', { name: /修\s?改$/ }).click();
    await shown(page.getByRole('heading', { level: 1, name: '修改联席会议' }));
    await expect.poll(() => page.getByLabel('议定事项 1', { exact: true }).inputValue(), WAIT).toBe(DECISION);
    expect(await page.getByLabel('议定事项 1', { exact: true }).isDisabled()).toBe(true);
    await shown(page.getByText('已转为督办事项，不能修改'));
    await page.getByRole('button', { name: /添加议定事项/ }).click();
    await page.getByLabel('议定事项 2', { exact: true }).fill(LATER_DECISION);
    await choose(page, '议定事项 2 责任单位', '福田', '福田区');
    await page.getByLabel('议定事项 2 办理时限', { exact: true }).click();
    await shown(page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden) .ant-picker-panel'));
    await screenshot(page, 'meetings-form-date-panel');
    await pickDate(page, '议定事项 2 办理时限', dayFromToday(60));
    await button(page, '保存').click();
    await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/, WAIT);
    const later = page.getByRole('row').filter({ hasText: LATER_DECISION });
    await shown(later.locator('.ant-tag', { hasText: '待签收' }));
    expect(await later.textContent()).toContain('福田区');
    expect(await page.getByRole('row').filter({ hasText: DECISION }).locator('.ant-tag', { hasText: '待签收' }).count()).toBe(1);
  }, 180_000);

  it('lists the meeting; the next meeting’s agenda starts with the open decisions', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '联席会议' }).click();
    await shown(page.getByRole('heading', { level: 1, name: '联席会议' }));
    const listed = page.getByRole('row').filter({ hasText: TITLE });
    await shown(listed);
    expect(await listed.textContent()).toMatch(/赣州市.*2 项（未办结 2 项）.*已召开/);
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'meetings-list');

    await page.getByRole('button', { name: /新建会议/ }).click();
    await shown(page.getByRole('heading', { level: 1, name: '新建联席会议' }));
    await shown(page.getByText(`已自动列入上次会议（${TITLE}）尚未办结的议定事项`));
    await expect.poll(() => page.getByLabel('议题 1', { exact: true }).inputValue(), WAIT).toBe(`落实上次会议议定事项：${DECISION}`);
    await expect.poll(() => page.getByLabel('议题 2', { exact: true }).inputValue(), WAIT).toBe(`落实上次会议议定事项：${LATER_DECISION}`);
    expect(await page.getByTestId('agenda-row').first().textContent()).toContain('督办事项');
    expect(await page.getByTestId('agenda-row').count()).toBe(2);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
