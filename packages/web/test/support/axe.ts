import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, Result, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

// Evaluated through the DevTools protocol: a script tag would be refused by the app's Content-Security-Policy.
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** What axe-core puts on the page's window once injected. */
interface AxeWindow {
  axe: { run(context: Document, options: RunOptions): Promise<AxeResults> };
}

/**
 * axe-core's serious and critical violations on the page as it is now, with `options` (rules or tags
 * to run). axe is injected once per document: a page checked again after a resize reuses it.
 */
export async function seriousViolations(page: Page, options: RunOptions = {}): Promise<Result[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (runOptions) => {
    const result = await (window as unknown as AxeWindow).axe.run(document, { ...runOptions, resultTypes: ['violations'] });
    return result.violations;
  }, options);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
