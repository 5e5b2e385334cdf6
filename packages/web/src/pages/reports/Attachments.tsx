import { DownloadOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App as AntApp, List, Space, Typography } from 'antd';
import { useId, useRef, useState } from 'react';
import { type ApiError, call, client, type Schemas } from '../../api/client.js';
import { Button } from '../../components/Button.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { readAsBase64 } from '../../components/files.js';
import { useApi } from '../../components/useApi.js';
import { formatDateTime, formatNumber } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { asApiError } from './common.js';

type Attachment = Schemas['Attachment'];
type OwnerType = Attachment['ownerType'];

const ACCEPT = '.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.ofd,.txt,.csv,.jpg,.jpeg,.png,.zip';

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${formatNumber(bytes)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The files of a report or supervision item: listed with their names, downloaded through the API
 * client, and uploaded when `canUpload`. `ensureOwner` gives the owner's id, creating it first
 * when needed (a report not yet saved is saved as a draft before its first file).
 */
export function Attachments({
  ownerType,
  ownerId,
  canUpload,
  ensureOwner,
  onUploaded,
}: {
  ownerType: OwnerType;
  ownerId: string | null;
  canUpload: boolean;
  ensureOwner?: () => Promise<string | null>;
  onUploaded?: (ownerId: string) => void;
}) {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const list = useApi(
    async () => {
      if (!ownerId) return [];
      return (await call(client.GET('/api/v1/attachments', { params: { query: { ownerType, ownerId } } }))).items;
    },
    [ownerType, ownerId],
    { live: 'pair' },
  );

  async function upload(files: FileList | null) {
    const file = files?.[0];
    if (!file) return;
    setUploading(true);
    setError(null);
    try {
      const owner = ownerId ?? (ensureOwner ? await ensureOwner() : null);
      if (!owner) return;
      const fileBase64 = await readAsBase64(file);
      await call(client.POST('/api/v1/attachments', { body: { ownerType, ownerId: owner, fileName: file.name, fileBase64 } }));
      message.success(t('attachments.uploaded', { name: file.name }));
      if (owner === ownerId) list.reload();
      onUploaded?.(owner);
    } catch (cause) {
      setError(asApiError(cause));
    } finally {
      setUploading(false);
      if (input.current) input.current.value = '';
    }
  }

  async function download(item: Attachment) {
    setError(null);
    try {
      const blob = await call(client.GET('/api/v1/attachments/{id}/content', { params: { path: { id: item.id } }, parseAs: 'blob' }));
      const url = URL.createObjectURL(blob as Blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = item.fileName;
      link.click();
      window.setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (cause) {
      setError(asApiError(cause));
    }
  }

  const items = list.data ?? [];
  return (
    <section aria-labelledby={`${inputId}-title`}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Text strong id={`${inputId}-title`}>
          <PaperClipOutlined aria-hidden /> {t('attachments.title')}
        </Typography.Text>
        {canUpload ? (
          <>
            <input
              ref={input}
              id={inputId}
              type="file"
              accept={ACCEPT}
              aria-label={t('attachments.choose')}
              style={{ display: 'none' }}
              onChange={(event) => void upload(event.target.files)}
            />
            <Button icon={<UploadOutlined aria-hidden />} loading={uploading} onClick={() => input.current?.click()}>
              {t('attachments.upload')}
            </Button>
          </>
        ) : null}
      </Space>
      {error ? <ErrorAlert error={error} /> : null}
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      <List<Attachment>
        size="small"
        bordered
        loading={list.loading && ownerId !== null}
        dataSource={items}
        locale={{ emptyText: canUpload ? t('attachments.emptyUpload') : t('attachments.empty') }}
        renderItem={(item) => (
          <List.Item
            actions={[
              <Button
                key="download"
                type="link"
                size="small"
                icon={<DownloadOutlined aria-hidden />}
                aria-label={t('attachments.downloadLabel', { name: item.fileName })}
                onClick={() => void download(item)}
              >
                {t('attachments.download')}
              </Button>,
            ]}
          >
            <List.Item.Meta
              title={
                // A file name is data, not interface: its extension is no English to translate.
                <span data-testid="attachment-name" translate="no">
                  {item.fileName}
                </span>
              }
              description={`${sizeText(item.sizeBytes)} · ${formatDateTime(item.createdAt, lang)}`}
            />
          </List.Item>
        )}
      />
    </section>
  );
}
