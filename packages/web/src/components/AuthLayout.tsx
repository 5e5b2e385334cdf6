import { GlobalOutlined } from '@ant-design/icons';
import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { Button } from './Button.js';

/** The switch between 中文 and English, named in the other language so it can be found in either. */
export function LanguageButton() {
  const { lang, setLang, t } = useI18n();
  return (
    <Button
      type="text"
      icon={<GlobalOutlined aria-hidden />}
      aria-label={t('lang.switchToLabel')}
      // Written in the language it switches to, and marked so (WCAG 3.1.2).
      lang={lang === 'zh' ? 'en' : 'zh-CN'}
      onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
    >
      {t('lang.switchTo')}
    </Button>
  );
}

/** The frame of the screens before the shell: login and the required password change. */
export function AuthLayout({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const { t } = useI18n();
  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', background: 'linear-gradient(180deg, #e8f0fe 0%, #f5f7fa 60%)' }}>
      <header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', padding: '12px 32px' }}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {t('app.name')}
        </Typography.Text>
        <div style={{ display: 'flex', gap: 8 }}>
          {actions}
          <LanguageButton />
        </div>
      </header>
      <main style={{ flex: 1, display: 'flex', alignItems: 'center', justifyContent: 'center', padding: '24px 16px 64px' }}>
        <div style={{ width: '100%', maxWidth: 440 }}>
          <div style={{ textAlign: 'center', marginBottom: 24 }}>
            <Typography.Title level={1} style={{ fontSize: 28, marginBottom: 4 }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
          </div>
          <Card>
            <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0, marginBottom: 20 }}>
              {title}
            </Typography.Title>
            {children}
          </Card>
        </div>
      </main>
    </div>
  );
}
