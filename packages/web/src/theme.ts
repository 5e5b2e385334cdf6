import type { ThemeConfig } from 'antd';

/**
 * The app's colours, chosen once for WCAG 2.1 AA: text at least 4.5:1 against the backgrounds it
 * sits on (SC 1.4.3), the boundaries of controls, focus rings and chart marks at least 3:1
 * (SC 1.4.11). antd's defaults fall short (white on #1677ff 4.1:1, #1677ff links on #f5f5f5 3.76:1,
 * rgba(0,0,0,.45) text 3.36:1, #ff4d4f 3.27:1, #52c41a 2.27:1, #faad14 1.9:1).
 *
 * The ratios in the comments are measured against white / #fafafa (table headers) / #f5f7fa (the
 * page) / #f5f5f5 (antd's grey fills); test/theme.test.ts recomputes every one of them from the
 * tokens antd derives, so a changed colour that falls short fails there. styles.css repeats the
 * few values it needs as custom properties (`--duikou-*`), checked against these by the same test.
 */
export const COLORS = {
  /** antd blue-7: white text on it 6.16:1; as text 6.16 / 5.90 / 5.74 / 5.65:1. */
  primary: '#0958d9',
  /** Hover of buttons and links: white on it 5.47:1; as text on #f5f5f5 5.02:1. */
  primaryHover: '#1a64d6',
  /** Pressed: white on it 8.97:1. */
  primaryActive: '#003eb3',
  /** Body text, antd's own: 16.48:1 on white. */
  text: 'rgba(0, 0, 0, 0.88)',
  /** Secondary text (Typography type="secondary", statistic titles, descriptions): 6.19 / 6.12 / 6.05 / 6.04:1. */
  textSecondary: 'rgba(0, 0, 0, 0.62)',
  /** Placeholders: 4.74:1 on white (antd's 0.25 is 1.84:1). */
  textPlaceholder: 'rgba(0, 0, 0, 0.55)',
  /**
   * Locked values (a disabled field still shows what it holds: a task's article, a record's stage)
   * and empty-state text (暂无数据): 5.74:1 on white, 5.27:1 on antd's grey disabled fill #f5f5f5.
   * Disabled controls are exempt from SC 1.4.3, but what they show must still be read.
   */
  textDisabled: 'rgba(0, 0, 0, 0.6)',
  /** Select arrows, clear icons and other quiet icons: 3.95:1 on white (SC 1.4.11). */
  iconQuiet: 'rgba(0, 0, 0, 0.5)',
  /** Borders of inputs, selects and default buttons: 3.43:1 on white, 3.29:1 on #fafafa (SC 1.4.11). */
  border: '#858b94',
  /** Errors and the red light: 5.93:1 on white, 5.42:1 on its tag background #fff2f0; white on it 5.93:1. */
  error: '#c41d1f',
  /** Danger buttons on hover: white on it 7.75:1. */
  errorHover: '#a8071a',
  errorBg: '#fff2f0',
  errorBorder: '#ffccc7',
  /** Success and the green light: 5.17:1 on white, 5.04:1 on its tag background #f6ffed. */
  success: '#2f7d0a',
  successBg: '#f6ffed',
  successBorder: '#b7eb8f',
  /** Warnings and the amber light: 5.14:1 on white, 4.94:1 on its tag background #fffbe6. */
  warning: '#a35c00',
  warningBg: '#fffbe6',
  warningBorder: '#ffe58f',
  /** Paused / grey light in charts: 3.26:1 on white (a chart mark, SC 1.4.11). */
  grey: '#8c8c8c',
  /** The focus ring: 6.16:1 on white, 5.74:1 on the page background. */
  focus: '#0958d9',
  /** The focus ring on the dark side menu (#001529): 18.43:1. */
  focusOnDark: '#ffffff',
  /** The page background (styles.css). */
  page: '#f5f7fa',
} as const;

/**
 * Text colours of antd's preset tag colours (`<Tag color="green">`), which draw text in shade 7
 * on shade 1: shades 7 of cyan, green, orange, yellow, volcano, lime and gold fall below 4.5:1
 * there, so those take shade 8 or 9. Ratios on each colour's shade-1 background.
 */
const PRESET_TEXT = {
  cyan7: '#006d75', // 5.82:1 on #e6fffb
  green7: '#237804', // 5.44:1 on #f6ffed
  orange7: '#ad4e00', // 5.09:1 on #fff7e6
  yellow7: '#876800', // 5.15:1 on #feffe6
  volcano7: '#ad2102', // 6.38:1 on #fff2e8
  lime7: '#3f6600', // 6.62:1 on #fcffe6
  gold7: '#874d00', // 6.53:1 on #fffbe6
} as const;

/** The design tokens of the whole app, given to the one ConfigProvider in App.tsx. */
export function appTheme({ fontFamily, motion }: { fontFamily: string; motion: boolean }): ThemeConfig {
  return {
    token: {
      fontFamily,
      motion,
      colorPrimary: COLORS.primary,
      colorPrimaryHover: COLORS.primaryHover,
      colorPrimaryActive: COLORS.primaryActive,
      colorInfo: COLORS.primary,
      colorLink: COLORS.primary,
      colorLinkHover: COLORS.primaryHover,
      colorLinkActive: COLORS.primaryActive,
      colorTextTertiary: COLORS.textSecondary,
      colorTextDescription: COLORS.textSecondary,
      colorTextPlaceholder: COLORS.textPlaceholder,
      colorTextQuaternary: COLORS.iconQuiet,
      colorTextDisabled: COLORS.textDisabled,
      colorBorder: COLORS.border,
      colorError: COLORS.error,
      colorErrorHover: COLORS.errorHover,
      colorErrorText: COLORS.error,
      colorErrorBg: COLORS.errorBg,
      colorErrorBorder: COLORS.errorBorder,
      colorSuccess: COLORS.success,
      colorSuccessText: COLORS.success,
      colorSuccessBg: COLORS.successBg,
      colorSuccessBorder: COLORS.successBorder,
      colorWarning: COLORS.warning,
      colorWarningText: COLORS.warning,
      colorWarningBg: COLORS.warningBg,
      colorWarningBorder: COLORS.warningBorder,
      // Focus: antd draws the ring of buttons, tabs, checkboxes and pagination with
      // colorPrimaryBorder (lineWidthFocus wide) and the ring of inputs and selects as a
      // controlOutline shadow; antd's are pale (#91caff 1.74:1, rgba(5,145,255,.1)), these are solid.
      colorPrimaryBorder: COLORS.focus,
      lineWidthFocus: 2,
      controlOutline: COLORS.focus,
      colorErrorOutline: COLORS.error,
      colorWarningOutline: COLORS.warning,
      ...PRESET_TEXT,
    },
    components: {
      // The outline colours above would otherwise become solid shadows under the buttons.
      Button: { primaryShadow: 'none', dangerShadow: 'none', defaultShadow: 'none' },
    },
  };
}
