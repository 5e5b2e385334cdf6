import { Spin } from 'antd';
import { useI18n } from '../i18n/i18n.js';

export function PageLoading() {
  const { t } = useI18n();
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: 64 }} role="status" aria-live="polite">
      <Spin />
      <span style={{ marginInlineStart: 12 }}>{t('app.loading')}</span>
    </div>
  );
}
