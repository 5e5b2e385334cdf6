import { Alert } from 'antd';
import type { ApiError } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import { Button } from './Button.js';

/** "请求编号：…" with the id marked as a code, not words to translate or read as language. */
export function RequestId({ id }: { id: string }) {
  const { t } = useI18n();
  return (
    <>
      {t('error.requestIdLabel')}
      <span translate="no">{id}</span>
    </>
  );
}

/**
 * An API error in the UI language, with the request id to quote to support and an optional retry.
 * `data-error-status` carries the HTTP status: the page has shown the answer (the screen sweep tells
 * a 404 the page explains from one nobody sees).
 */
export function ErrorAlert({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { lang, t } = useI18n();
  return (
    <Alert
      type="error"
      showIcon
      data-error-status={error.status}
      message={error.text(lang)}
      description={error.requestId ? <RequestId id={error.requestId} /> : undefined}
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
