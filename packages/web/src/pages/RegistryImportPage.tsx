import { CheckCircleOutlined, DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Card, Space, Steps, Table, Typography } from 'antd';
import { type ChangeEvent, useId, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, call, client } from '../api/client.js';
import type { paths } from '../api/schema.js';
import { Button } from '../components/Button.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { downloadFile, readAsBase64 } from '../components/files.js';
import { PageLoading } from '../components/PageLoading.js';
import { NotFound, RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { type RowIssue, rowIssues } from '../components/taskIssues.js';
import { formatNumber } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { useShell } from '../shell/pair.js';
import { labelOf, type RegistryKind, type RegistryTypeName, useKindOf } from './registries/shared.js';
import { importFieldOf } from './registries/values.js';

type Preview = paths['/api/v1/registries/{type}/import']['post']['responses'][200]['content']['application/json']['preview'][number];
type Check = { kind: 'errors'; issues: RowIssue[] } | { kind: 'valid'; rows: number; preview: Preview[] };

export function RegistryImportPage() {
  return (
    <RequirePermission any={['registries.write']}>
      <RegistryImportLoader />
    </RequirePermission>
  );
}

function RegistryImportLoader() {
  const { type } = useParams();
  const { t } = useI18n();
  const { pair, pairsLoading } = useShell();
  const { kinds, kind } = useKindOf(type, pair?.id);
  if (!pairsLoading && !pair) return <Alert type="info" showIcon message={t('registries.noPair')} />;
  if (kinds.error) return <ErrorAlert error={kinds.error} onRetry={kinds.reload} />;
  if (pairsLoading || kinds.loading || !kinds.data) return <PageLoading />;
  if (!kind) return <NotFound />;
  return <RegistryImport key={kind.type} kind={kind} pairId={pair!.id} />;
}

/** Upload → check (a dry run: every row error, or a preview) → confirm; one bad row and nothing is written. */
function RegistryImport({ kind, pairId }: { kind: RegistryKind; pairId: string }) {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [check, setCheck] = useState<Check | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<'template' | 'check' | 'import' | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const fileInputId = useId();
  const fileHelpId = useId();
  const path = { type: kind.type as RegistryTypeName };
  const kindLabel = labelOf(kind.label, lang);

  // The server names the field (`rows.3.headcount`); the user sees the template's column.
  const columnOf = (field: string) => {
    const key = importFieldOf(field);
    if (key === 'articleNos') return t('registries.import.articlesColumn');
    const declared = kind.fields.find((f) => f.key === key);
    return declared ? labelOf(declared.label, lang) : field;
  };

  async function template() {
    setBusy('template');
    try {
      await downloadFile(
        client.GET('/api/v1/registries/{type}/template.xlsx', { params: { path, query: { pairId } }, parseAs: 'blob' }),
        `${kind.type}-template.xlsx`,
      );
    } catch (cause) {
      message.error((cause instanceof ApiError ? cause : ApiError.network()).text(lang));
    } finally {
      setBusy(null);
    }
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0];
    setFileError(null);
    setCheck(null);
    setError(null);
    if (!chosen) {
      setFile(null);
      return;
    }
    try {
      setFile({ name: chosen.name, base64: await readAsBase64(chosen) });
    } catch {
      setFile(null);
      setFileError(t('registries.import.fileReadError'));
    }
  }

  async function send(dryRun: boolean) {
    if (!file) {
      setFileError(t('registries.import.fileRequired'));
      return;
    }
    setBusy(dryRun ? 'check' : 'import');
    setError(null);
    setFileError(null);
    try {
      const result = await call(
        client.POST('/api/v1/registries/{type}/import', { params: { path }, body: { pairId, fileName: file.name, fileBase64: file.base64, dryRun } }),
      );
      if ('valid' in result) setCheck({ kind: 'valid', rows: result.rows, preview: result.preview });
      else {
        message.success(t('registries.import.imported', { count: formatNumber(result.created) }));
        navigate(`/registries/${kind.type}`);
      }
    } catch (cause) {
      const apiError = cause instanceof ApiError ? cause : ApiError.network();
      const issues = rowIssues(apiError);
      const fileIssues = apiError.details.filter((d) => d.field === 'fileBase64' || d.field === 'fileName');
      if (issues.length > 0) setCheck({ kind: 'errors', issues });
      else if (fileIssues.length > 0) {
        setCheck(null);
        setFileError(fileIssues.map((d) => d.reason).join('；'));
      } else setError(apiError);
    } finally {
      setBusy(null);
    }
  }

  const step = check?.kind === 'valid' ? 2 : file ? 1 : 0;
  return (
    <div>
      <PageTitle extra={<Link to={`/registries/${kind.type}`}>{t('registries.import.back')}</Link>}>
        {t('registries.import.title', { kind: kindLabel })}
      </PageTitle>
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
      <Card>
        <Steps
          current={step}
          size="small"
          style={{ marginBottom: 24, maxWidth: 720 }}
          items={[{ title: t('registries.import.step1') }, { title: t('registries.import.step2') }, { title: t('registries.import.step3') }]}
        />
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <div>
            <Typography.Paragraph style={{ marginBottom: 8 }}>{t('registries.import.hint')}</Typography.Paragraph>
            <Button icon={<DownloadOutlined aria-hidden />} loading={busy === 'template'} onClick={() => void template()}>
              {t('registries.import.template')}
            </Button>
          </div>
          <div>
            <label htmlFor={fileInputId} style={{ display: 'block', marginBottom: 8, fontWeight: 500 }}>
              {t('registries.import.file')}
            </label>
            <input
              id={fileInputId}
              ref={fileInput}
              type="file"
              hidden
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              aria-describedby={fileHelpId}
              aria-invalid={fileError ? true : undefined}
              onChange={(event) => void onFile(event)}
            />
            <Button icon={<FileExcelOutlined aria-hidden />} aria-describedby={fileHelpId} onClick={() => fileInput.current?.click()}>
              {file ? t('registries.import.chooseAnother') : t('registries.import.choose')}
            </Button>
            <div id={fileHelpId} style={{ marginTop: 4 }}>
              {fileError ? (
                <Typography.Text type="danger">{fileError}</Typography.Text>
              ) : file ? (
                <Typography.Text type="secondary">{t('registries.import.fileChosen', { name: file.name })}</Typography.Text>
              ) : (
                <Typography.Text type="secondary">{t('registries.import.fileHint')}</Typography.Text>
              )}
            </div>
          </div>
          <div>
            <Button type="primary" loading={busy === 'check'} onClick={() => void send(true)}>
              {t('registries.import.check')}
            </Button>
          </div>

          {check?.kind === 'errors' ? (
            <section aria-label={t('registries.import.errorsLabel')}>
              <Alert
                type="error"
                showIcon
                data-testid="import-errors-summary"
                message={t('registries.import.errorsTitle', { count: formatNumber(check.issues.length) })}
                description={t('registries.import.nothingWritten')}
                style={{ marginBottom: 12 }}
              />
              <Table<RowIssue>
                rowKey="key"
                data-testid="import-errors"
                size="small"
                pagination={check.issues.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
                dataSource={check.issues}
                columns={[
                  { title: t('registries.import.colRow'), dataIndex: 'row', width: 100, render: (row: number) => t('registries.import.rowNo', { row }) },
                  { title: t('registries.import.colColumn'), dataIndex: 'field', width: 180, render: (field: string) => columnOf(field) },
                  { title: t('registries.import.colReason'), dataIndex: 'reason' },
                ]}
              />
            </section>
          ) : null}

          {check?.kind === 'valid' ? (
            <section aria-label={t('registries.import.previewLabel')}>
              <Alert
                type="success"
                showIcon
                icon={<CheckCircleOutlined />}
                data-testid="import-valid-summary"
                message={t('registries.import.validTitle', { count: formatNumber(check.rows) })}
                description={
                  check.rows > check.preview.length
                    ? t('registries.import.previewFirst', { count: check.preview.length })
                    : t('registries.import.notYetWritten')
                }
                style={{ marginBottom: 12 }}
              />
              <Table<Preview>
                rowKey="row"
                data-testid="import-preview"
                size="small"
                pagination={false}
                dataSource={check.preview}
                columns={[
                  { title: t('registries.import.colRow'), dataIndex: 'row', width: 100, render: (row: number) => t('registries.import.rowNo', { row }) },
                  { title: t('registries.import.colTitle'), dataIndex: 'title' },
                  { title: t('registries.import.colUnit'), dataIndex: 'unitName', width: 200 },
                ]}
              />
              <Space style={{ marginTop: 16 }}>
                <Button type="primary" loading={busy === 'import'} onClick={() => void send(false)}>
                  {t('registries.import.confirm', { count: formatNumber(check.rows) })}
                </Button>
                <Button onClick={() => setCheck(null)}>{t('registries.import.cancel')}</Button>
              </Space>
            </section>
          ) : null}
        </Space>
      </Card>
    </div>
  );
}
