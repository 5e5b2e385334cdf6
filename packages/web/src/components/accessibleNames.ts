/**
 * Names in the user's language for what antd draws by itself. antd's icons carry their English icon
 * name as a label (`<span role="img" aria-label="left">`), so screen readers say "left", "calendar",
 * "close-circle" inside Chinese screens; the icons the app places are hidden where they are used,
 * but the pagination arrows, the date picker's calendar, the search button, alert and clear icons are
 * created inside antd's components, out of reach of props. One observer, started before the first
 * render, hides every icon from screen readers (each sits beside a text or inside a control that has
 * its own name) and names the few controls whose only content is an icon: the pagination buttons
 * take the Chinese title antd's locale gives their list item (上一页, 向后 5 页), the search button and
 * the date picker's clear mark and the tree's keyboard input a word of their own.
 */

const ICON_WITH_NAME = 'span.anticon[aria-label]';
const PAGER_ITEMS = '.ant-pagination-prev[title], .ant-pagination-next[title], .ant-pagination-jump-prev[title], .ant-pagination-jump-next[title]';

const OWN_NAMES = {
  search: { zh: '搜索', en: 'Search' },
  // The date picker's clear mark (role="button"), named only by its icon.
  clear: { zh: '清除', en: 'Clear' },
  // rc-tree's hidden input that takes the keys of a tree (named "for screen reader" by the library).
  tree: { zh: '树形列表', en: 'Tree' },
};

function inChinese(): boolean {
  return document.documentElement.lang.startsWith('zh');
}

function name(which: keyof typeof OWN_NAMES): string {
  return OWN_NAMES[which][inChinese() ? 'zh' : 'en'];
}

function within(root: Element, selector: string): Element[] {
  return [...(root.matches(selector) ? [root] : []), ...root.querySelectorAll(selector)];
}

/** Applies the names to `root` and everything in it. */
export function nameAntdControls(root: Element): void {
  for (const icon of within(root, ICON_WITH_NAME)) {
    icon.removeAttribute('aria-label');
    icon.setAttribute('aria-hidden', 'true');
  }
  for (const item of within(root, PAGER_ITEMS)) {
    const control = item.querySelector('button, a');
    const title = item.getAttribute('title');
    if (control && title && control.getAttribute('aria-label') !== title) control.setAttribute('aria-label', title);
  }
  for (const button of within(root, '.ant-input-search-button')) {
    const wanted = name('search');
    // Set only when different: every attribute write is itself a change the observer sees.
    if (!button.textContent?.trim() && button.getAttribute('aria-label') !== wanted) button.setAttribute('aria-label', wanted);
  }
  for (const mark of within(root, '.ant-picker-clear')) {
    const wanted = name('clear');
    if (mark.getAttribute('aria-label') !== wanted) mark.setAttribute('aria-label', wanted);
  }
  // The range picker's arrow between its two dates is labelled "to" on a span without a role, which ARIA forbids.
  for (const separator of within(root, '.ant-picker-separator[aria-label]')) {
    separator.removeAttribute('aria-label');
    separator.setAttribute('aria-hidden', 'true');
  }
  for (const input of within(root, 'input[aria-label="for screen reader"]')) input.setAttribute('aria-label', name('tree'));
}

/** Keeps the names right as antd adds and re-renders its parts. Returns a function that stops watching. */
export function watchAntdControlNames(root: Element = document.body): () => void {
  nameAntdControls(root);
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes') {
        if (record.target instanceof Element) nameAntdControls(record.target);
        continue;
      }
      for (const node of record.addedNodes) if (node instanceof Element) nameAntdControls(node);
    }
  });
  observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-label', 'title'] });
  return () => observer.disconnect();
}
