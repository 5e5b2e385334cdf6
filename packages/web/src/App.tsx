import { ConfigProvider } from 'antd';
// The ES builds: the CommonJS entry points (antd/locale/…) reach the bundle wrapped in a
// `default` property, so antd silently fell back to English texts (placeholders, "No data").
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import { type ReactNode, useMemo, useSyncExternalStore } from 'react';
import { BrowserRouter } from 'react-router';
import { AppRoutes } from './AppRoutes.js';
import { I18nProvider, useI18n } from './i18n/i18n.js';
import { SessionProvider } from './session/session.js';
import { appTheme } from './theme.js';

const FONT_FAMILY =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Helvetica Neue', Arial, sans-serif";

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

/** Whether the user asked the system for less motion (WCAG 2.3.3); followed as it changes. */
function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(
    (changed) => {
      const query = window.matchMedia(REDUCED_MOTION);
      query.addEventListener('change', changed);
      return () => query.removeEventListener('change', changed);
    },
    () => window.matchMedia(REDUCED_MOTION).matches,
  );
}

/**
 * antd in the chosen language, with the app's colours (theme.ts): zh_CN by default, en_US when
 * switched; without its motions (menus
 * sliding, dialogs zooming) for users who ask for reduced motion. That also makes a click on a
 * just-opened menu or dialog land at once: during a motion, a click can be lost.
 */
function LocalizedAntd({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  const motion = !usePrefersReducedMotion();
  // One theme object per motion setting: a new object on every render makes antd derive its tokens again.
  const theme = useMemo(() => appTheme({ fontFamily: FONT_FAMILY, motion }), [motion]);
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={theme}>
      {children}
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <LocalizedAntd>
        <SessionProvider>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </SessionProvider>
      </LocalizedAntd>
    </I18nProvider>
  );
}
