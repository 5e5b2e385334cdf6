import { Alert } from 'antd';
import type { ApiError } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import { Button } from './Button.js';

/** An API error in the UI language, with the request id to quote to support and an optional retry. */
export function ErrorAlert({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { lang, t } = useI18n();
  return (
    <Alert
      type="error"
      showIcon
      message={error.text(lang)}
      description={error.requestId ? t('error.requestId', { id: error.requestId }) : undefined}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('app.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
