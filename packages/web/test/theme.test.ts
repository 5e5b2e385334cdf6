import fs from 'node:fs';
import { theme } from 'antd';
import { describe, expect, it } from 'vitest';
import { appTheme, COLORS } from '../src/theme.js';

// The theme's colours against WCAG 2.1 AA, computed from the tokens antd derives from it: text
// 4.5:1 (SC 1.4.3), control boundaries, focus rings and chart marks 3:1 (SC 1.4.11).

const channel = (hex: string, i: number) => Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);

/** An rgba() colour laid over an opaque background, as #rrggbb. */
function over(colour: string, background: string): string {
  const rgba = /rgba?\(([^)]+)\)/.exec(colour);
  if (!rgba) return colour.length === 4 ? `#${[...colour.slice(1)].map((c) => c + c).join('')}` : colour;
  const [r, g, b, a = 1] = rgba[1]!.split(',').map(Number) as [number, number, number, number?];
  return `#${[r, g, b]
    .map((v, i) =>
      Math.round(v * a + channel(background, i) * (1 - a))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

function luminance(hex: string): number {
  const [r, g, b] = [0, 1, 2].map((i) => {
    const v = channel(hex, i) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(foreground: string, background: string): number {
  const [a, b] = [luminance(over(foreground, background)), luminance(background)].sort((x, y) => y - x) as [number, number];
  return (a + 0.05) / (b + 0.05);
}

const token = theme.getDesignToken(appTheme({ fontFamily: 'sans-serif', motion: false })) as unknown as Record<string, string>;
const BACKGROUNDS = { white: '#ffffff', tableHeader: '#fafafa', page: COLORS.page, fill: '#f5f5f5' };

describe('the theme (WCAG 2.1 AA contrast)', () => {
  it.each([
    'colorText',
    'colorTextSecondary',
    'colorTextTertiary',
    'colorTextDescription',
    'colorTextHeading',
    'colorLink',
    'colorLinkHover',
    'colorPrimary',
    'colorError',
    'colorSuccess',
    'colorWarning',
    'colorInfo',
  ])('%s reads at 4.5:1 on white, table headers, the page and grey fills', (name) => {
    for (const background of Object.values(BACKGROUNDS)) expect(contrast(token[name]!, background), `${name} on ${background}`).toBeGreaterThanOrEqual(4.5);
  });

  it('locked values and empty-state text (colorTextDisabled) read at 4.5:1 on white and on the disabled fill', () => {
    expect(contrast(token.colorTextDisabled!, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    // antd's disabled fill is rgba(0, 0, 0, 0.04) over white: #f5f5f5.
    expect(contrast(token.colorTextDisabled!, BACKGROUNDS.fill)).toBeGreaterThanOrEqual(4.5);
  });

  it('placeholders read at 4.5:1 in a white field', () => {
    expect(contrast(token.colorTextPlaceholder!, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it.each(['colorPrimary', 'colorPrimaryHover', 'colorPrimaryActive', 'colorError', 'colorErrorHover'])(
    'white text reads at 4.5:1 on %s (solid buttons, badges)',
    (name) => {
      expect(contrast('#ffffff', token[name]!)).toBeGreaterThanOrEqual(4.5);
    },
  );

  it.each(['Success', 'Error', 'Warning', 'Info'])('a %s tag reads at 4.5:1 on its own background', (status) => {
    expect(contrast(token[`color${status}`]!, token[`color${status}Bg`]!)).toBeGreaterThanOrEqual(4.5);
  });

  it.each(['blue', 'purple', 'cyan', 'green', 'magenta', 'pink', 'red', 'orange', 'yellow', 'volcano', 'geekblue', 'lime', 'gold'])(
    'a %s preset tag reads at 4.5:1 (shade 7 on shade 1)',
    (colour) => {
      expect(contrast(token[`${colour}7`]!, token[`${colour}1`]!)).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('control borders, focus rings, quiet icons and chart marks stand out at 3:1 (SC 1.4.11)', () => {
    for (const name of ['colorBorder', 'colorPrimaryBorder', 'controlOutline', 'colorTextQuaternary']) {
      expect(contrast(token[name]!, '#ffffff'), name).toBeGreaterThanOrEqual(3);
    }
    for (const mark of [COLORS.error, COLORS.warning, COLORS.success, COLORS.grey, COLORS.primary])
      expect(contrast(mark, '#ffffff'), mark).toBeGreaterThanOrEqual(3);
    expect(contrast(COLORS.focusOnDark, '#001529')).toBeGreaterThanOrEqual(3);
  });

  it('styles.css uses the same values as the theme', () => {
    const css = fs.readFileSync(new URL('../src/styles.css', import.meta.url), 'utf8');
    const variable = (name: string) => new RegExp(`--duikou-${name}:\\s*([^;]+);`).exec(css)?.[1];
    expect(variable('primary')).toBe(COLORS.primary);
    expect(variable('text-secondary')).toBe(COLORS.textSecondary);
    expect(variable('focus')).toBe(COLORS.focus);
    expect(variable('focus-on-dark')).toBe(COLORS.focusOnDark);
    expect(variable('page')).toBe(COLORS.page);
  });
});
