import { ConfigProvider } from 'antd';
// The ES builds of the locales: `antd/locale/*` re-exports the CommonJS build, whose default the
// bundler hands over wrapped (antd then fell back to English: "No data", "Select date").
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import type { ReactNode } from 'react';
import { BrowserRouter } from 'react-router';
import { AppRoutes } from './AppRoutes.js';
import { I18nProvider, useI18n } from './i18n/i18n.js';
import { SessionProvider } from './session/session.js';

const FONT_FAMILY =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Helvetica Neue', Arial, sans-serif";

/** antd in the chosen language: zh_CN by default, en_US when switched. */
function LocalizedAntd({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { fontFamily: FONT_FAMILY } }}>
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
