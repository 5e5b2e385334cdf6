import { Result } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useI18n } from '../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../session/session.js';
import { Button } from './Button.js';

function BackHome() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Button type="primary" onClick={() => navigate('/')}>
      {t('error.backHome')}
    </Button>
  );
}

export function Forbidden() {
  const { t } = useI18n();
  // The title is the page's heading (h1), as on every other page.
  return <Result status="warning" title={<h1 className="result-title">{t('error.forbiddenTitle')}</h1>} subTitle={t('error.forbidden')} extra={<BackHome />} />;
}

export function NotFound() {
  const { t } = useI18n();
  return <Result status="info" title={<h1 className="result-title">{t('error.notFoundTitle')}</h1>} subTitle={t('error.notFound')} extra={<BackHome />} />;
}

/** Renders the page only for sessions with one of the permissions (the server checks again). */
export function RequirePermission({ any, children }: { any: readonly string[]; children: ReactNode }) {
  const session = useCurrentSession();
  return hasAnyPermission(session, any) ? children : <Forbidden />;
}
