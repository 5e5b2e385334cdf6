import { DeleteOutlined, DownloadOutlined, SendOutlined } from '@ant-design/icons';
import { App as AntApp, Card, Descriptions, Space } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError, call, client } from '../api/client.js';
import { Button } from '../components/Button.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { PageLoading } from '../components/PageLoading.js';
import { NotFound, RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { useApi } from '../components/useApi.js';
import { formatDateTime } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { BulletinStatusTag, FiguresView, periodLabel } from './bulletins/shared.js';

export function BulletinDetailPage() {
  return (
    <RequirePermission any={['supervision.read']}>
      <BulletinDetail />
    </RequirePermission>
  );
}

/** Saves a Blob under a file name, the way a download link would. */
function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function BulletinDetail() {
  const { id = '' } = useParams();
  const { lang, t } = useI18n();
  const { message, modal } = AntApp.useApp();
  const navigate = useNavigate();
  const state = useApi(() => call(client.GET('/api/v1/bulletins/{id}', { params: { path: { id } } })), [id], { live: 'pair' });
  const [busy, setBusy] = useState(false);

  if (state.error?.status === 404) return <NotFound />;
  if (state.error) return <ErrorAlert error={state.error} onRetry={state.reload} />;
  if (state.loading || !state.data) return <PageLoading />;
  const bulletin = state.data;

  const fail = (cause: unknown) => {
    const error = cause instanceof ApiError ? cause : ApiError.network();
    const details = error.details.map((d) => d.reason).join('；');
    message.error(details ? `${error.text(lang)}：${details}` : error.text(lang));
  };

  function confirmPublish() {
    modal.confirm({
      title: t('bulletins.publishConfirmTitle'),
      content: t('bulletins.publishConfirm'),
      okText: t('bulletins.publish'),
      cancelText: t('bulletins.cancel'),
      onOk: async () => {
        try {
          await call(client.POST('/api/v1/bulletins/{id}/publish', { params: { path: { id } } }));
          message.success(t('bulletins.published'));
        } catch (cause) {
          fail(cause);
        }
        state.reload();
      },
    });
  }

  function confirmDelete() {
    modal.confirm({
      title: t('bulletins.deleteConfirmTitle'),
      okText: t('bulletins.delete'),
      okButtonProps: { danger: true },
      cancelText: t('bulletins.cancel'),
      onOk: async () => {
        try {
          await call(client.DELETE('/api/v1/bulletins/{id}', { params: { path: { id } } }));
          message.success(t('bulletins.deleted'));
          navigate('/supervision/bulletins');
        } catch (cause) {
          fail(cause);
        }
      },
    });
  }

  async function download() {
    setBusy(true);
    try {
      const blob = await call(client.GET('/api/v1/bulletins/{id}/bulletin.docx', { params: { path: { id } }, parseAs: 'blob' }));
      saveBlob(blob as Blob, `${bulletin.cityName}${bulletin.title}${bulletin.status === 'draft' ? '（草稿）' : ''}.docx`);
    } catch (cause) {
      fail(cause);
    } finally {
      setBusy(false);
    }
  }

  const draft = bulletin.status === 'draft';
  return (
    <div>
      <PageTitle
        back={{ to: '/supervision/bulletins', label: t('bulletins.back') }}
        extra={
          <Space wrap>
            <Button icon={<DownloadOutlined aria-hidden />} loading={busy} onClick={() => void download()}>
              {t('bulletins.download')}
            </Button>
            {bulletin.canWrite && draft ? (
              <Button danger icon={<DeleteOutlined aria-hidden />} onClick={confirmDelete}>
                {t('bulletins.delete')}
              </Button>
            ) : null}
            {bulletin.canWrite && draft ? (
              <Button type="primary" icon={<SendOutlined aria-hidden />} onClick={confirmPublish}>
                {t('bulletins.publish')}
              </Button>
            ) : null}
          </Space>
        }
      >
        {`${bulletin.cityName}${bulletin.title}`}
      </PageTitle>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small">
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label={t('bulletins.colStatus')}>
              <span data-testid="bulletin-status">
                <BulletinStatusTag status={bulletin.status} />
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('bulletins.period')}>{periodLabel(bulletin.periodFrom, bulletin.periodTo, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('bulletins.issue')}>{t('bulletins.issueNumber', { n: bulletin.issueNumber })}</Descriptions.Item>
            <Descriptions.Item label={t('bulletins.office')}>{bulletin.figures.officeName}</Descriptions.Item>
            <Descriptions.Item label={t('bulletins.createdBy')}>
              {t('bulletins.byAt', { name: bulletin.createdByName ?? '—', time: formatDateTime(bulletin.createdAt, lang) })}
            </Descriptions.Item>
            {bulletin.publishedAt ? (
              <Descriptions.Item label={t('bulletins.publishedBy')}>
                {t('bulletins.byAt', { name: bulletin.publishedByName ?? '—', time: formatDateTime(bulletin.publishedAt, lang) })}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
        </Card>
        <Card size="small" title={t('bulletins.figures')}>
          <FiguresView figures={bulletin.figures} />
        </Card>
      </Space>
    </div>
  );
}
