import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { shown, WAIT } from './browser.js';

/** What the browser tests do the way a user does it: log in and out, fill antd controls, read field errors. */

export interface Credentials {
  username: string;
  password: string;
}

export async function logIn(page: Page, baseUrl: string, user: Credentials): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(user.username);
  await page.getByLabel('密码', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: /^登\s?录$/ }).click();
  await shown(page.getByRole('navigation').getByRole('link'));
}

/**
 * Waits until a popup (dropdown, select list) has finished its opening motion: a click during it
 * can be lost, since antd moves and fades the popup in over a few frames.
 */
export async function settled(popup: Locator): Promise<void> {
  await popup.waitFor({ state: 'visible', ...WAIT });
  await expect.poll(async () => (await popup.getAttribute('class')) ?? '', WAIT).not.toMatch(/-(appear|enter)\b/);
}

/** Opens the header's user menu and picks `item`, once the menu has finished opening. */
export async function chooseFromUserMenu(page: Page, item: string): Promise<void> {
  await page.getByRole('button', { name: /用户菜单|User menu/ }).click();
  await settled(page.locator('.ant-dropdown:visible').first());
  await page.getByRole('menuitem', { name: item }).click();
}

export async function logOut(page: Page): Promise<void> {
  await chooseFromUserMenu(page, '退出登录');
  await shown(page.getByText('您已退出登录'));
}

/** The error text linked to a form control by aria-describedby (antd renders it under the field). */
export async function fieldError(page: Page, control: Locator): Promise<string> {
  await expect.poll(() => control.getAttribute('aria-invalid'), WAIT).toBe('true');
  const describedBy = (await control.getAttribute('aria-describedby')) ?? '';
  const helpId = describedBy.split(' ').find((id) => id.endsWith('_help'));
  expect(helpId, 'the field names its error with aria-describedby').toBeTruthy();
  return ((await page.locator(`[id="${helpId}"]`).textContent()) ?? '').trim();
}

/** Types into a searchable select found by its label and picks the option with that exact title. */
export async function chooseOption(page: Page, label: string, search: string, option: string): Promise<void> {
  const box = page.getByLabel(label, { exact: true });
  await box.click();
  await box.fill(search);
  // The select's own popup: the one holding the listbox its input controls.
  const listId = await box.getAttribute('aria-controls');
  const popup = page.locator('.ant-select-dropdown').filter({ has: page.locator(`[id="${listId}"]`) });
  await popup.locator(`.ant-select-item-option[title="${option}"]`).click();
  await page.keyboard.press('Escape');
}

/** Types a date into an antd date picker and confirms it with Enter. */
export async function typeDate(control: Locator, day: string): Promise<void> {
  await control.click();
  await control.fill(day);
  await control.press('Enter');
  await expect.poll(() => control.inputValue(), WAIT).toBe(day);
}

export async function confirmDialog(page: Page, title: string, button: string): Promise<void> {
  const dialog = page.getByRole('dialog').filter({ hasText: title });
  await shown(dialog);
  await dialog.getByRole('button', { name: button }).click();
  await dialog.waitFor({ state: 'hidden', ...WAIT });
}

/** The China calendar date `days` from now, as the server computes deadlines. */
export function chinaDate(days = 0): string {
  const at = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
