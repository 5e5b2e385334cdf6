import { CheckCircleOutlined, DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Card, Space, Steps, Table, Typography } from 'antd';
import { type ChangeEvent, useId, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, call, client } from '../api/client.js';
import type { paths } from '../api/schema.js';
import { Button } from '../components/Button.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { downloadFile, readAsBase64 } from '../components/files.js';
import { PageLoading } from '../components/PageLoading.js';
import { RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { type RowIssue, rowIssues } from '../components/taskIssues.js';
import { usePublishedPlan } from '../components/usePlanTree.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { useShell } from '../shell/pair.js';

type Preview = paths['/api/v1/tasks/import']['post']['responses'][200]['content']['application/json']['preview'][number];

interface ChosenFile {
  name: string;
  base64: string;
}

type Check = { kind: 'errors'; issues: RowIssue[] } | { kind: 'valid'; rows: number; preview: Preview[] };

/** The template's column of each field (the server names the field; the column is what the user sees in Excel). */
const COLUMN_OF_FIELD: Record<string, MessageKey> = {
  articleNo: 'taskImport.column.articleNo',
  title: 'taskImport.column.title',
  description: 'taskImport.column.description',
  leadUnitIds: 'taskImport.column.leadUnits',
  supportUnitIds: 'taskImport.column.supportUnits',
  startOn: 'taskImport.column.startOn',
  dueOn: 'taskImport.column.dueOn',
  milestones: 'taskImport.column.milestones',
  indicators: 'taskImport.column.indicators',
};

export function TaskImportPage() {
  return (
    <RequirePermission any={['tasks.write']}>
      <TaskImport />
    </RequirePermission>
  );
}

function TaskImport() {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const { pair } = useShell();
  const navigate = useNavigate();
  const published = usePublishedPlan(pair?.id);
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [check, setCheck] = useState<Check | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<'template' | 'check' | 'import' | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const fileInputId = useId();
  const fileHelpId = useId();

  const columnOf = (field: string) => {
    const key = COLUMN_OF_FIELD[field.split('.')[0] ?? ''];
    return key ? t(key) : field;
  };

  async function template() {
    setBusy('template');
    try {
      await downloadFile(client.GET('/api/v1/tasks/import-template.xlsx', { parseAs: 'blob' }), 'task-import-template.xlsx');
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
      setFileError(t('taskImport.fileReadError'));
    }
  }

  /** Sends the file; a dry run answers the preview or every row error, a real run creates the tasks. */
  async function send(dryRun: boolean) {
    const planId = published.data?.plan.id;
    if (!planId) return;
    if (!file) {
      setFileError(t('taskImport.fileRequired'));
      return;
    }
    setBusy(dryRun ? 'check' : 'import');
    setError(null);
    setFileError(null);
    try {
      const result = await call(client.POST('/api/v1/tasks/import', { body: { planId, fileName: file.name, fileBase64: file.base64, dryRun } }));
      if ('valid' in result) {
        setCheck({ kind: 'valid', rows: result.rows, preview: result.preview });
      } else {
        message.success(t('taskImport.imported', { count: formatNumber(result.created) }));
        navigate('/tasks');
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

  if (published.loading) return <PageLoading />;

  const step = check?.kind === 'valid' ? 2 : file ? 1 : 0;

  return (
    <div>
      <PageTitle extra={<Link to="/tasks">{t('taskImport.back')}</Link>}>{t('taskImport.title')}</PageTitle>
      {published.error ? <ErrorAlert error={published.error} onRetry={published.reload} /> : null}
      {!published.error && !published.data ? <Alert type="warning" showIcon message={t('taskForm.noPlan')} style={{ marginBottom: 16 }} /> : null}
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
          items={[{ title: t('taskImport.step1') }, { title: t('taskImport.step2') }, { title: t('taskImport.step3') }]}
        />
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <div>
            <Typography.Paragraph style={{ marginBottom: 8 }}>{t('taskImport.hint')}</Typography.Paragraph>
            <Button icon={<DownloadOutlined aria-hidden />} loading={busy === 'template'} onClick={() => void template()}>
              {t('taskImport.template')}
            </Button>
          </div>
          <div>
            <label htmlFor={fileInputId} style={{ display: 'block', marginBottom: 8, fontWeight: 500 }}>
              {t('taskImport.file')}
            </label>
            {/* The browser's own file button speaks the browser's language; this one speaks the app's. */}
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
              {file ? t('taskImport.chooseAnother') : t('taskImport.choose')}
            </Button>
            <div id={fileHelpId} style={{ marginTop: 4 }}>
              {fileError ? (
                <Typography.Text type="danger">{fileError}</Typography.Text>
              ) : file ? (
                <Typography.Text type="secondary">{t('taskImport.fileChosen', { name: file.name })}</Typography.Text>
              ) : (
                <Typography.Text type="secondary">{t('taskImport.fileHint')}</Typography.Text>
              )}
            </div>
          </div>
          <div>
            <Button type="primary" disabled={!published.data} loading={busy === 'check'} onClick={() => void send(true)}>
              {t('taskImport.check')}
            </Button>
          </div>

          {check?.kind === 'errors' ? (
            <section aria-label={t('taskImport.errorsLabel')}>
              <Alert
                type="error"
                showIcon
                data-testid="import-errors-summary"
                message={t('taskImport.errorsTitle', { count: formatNumber(check.issues.length) })}
                description={t('taskImport.nothingWritten')}
                style={{ marginBottom: 12 }}
              />
              <Table<RowIssue>
                rowKey="key"
                data-testid="import-errors"
                size="small"
                pagination={check.issues.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
                dataSource={check.issues}
                columns={[
                  { title: t('taskImport.colRow'), dataIndex: 'row', width: 100, render: (row: number) => t('taskImport.rowNo', { row }) },
                  { title: t('taskImport.colColumn'), dataIndex: 'field', width: 160, render: (field: string) => columnOf(field) },
                  { title: t('taskImport.colReason'), dataIndex: 'reason' },
                ]}
              />
            </section>
          ) : null}

          {check?.kind === 'valid' ? (
            <section aria-label={t('taskImport.previewLabel')}>
              <Alert
                type="success"
                showIcon
                icon={<CheckCircleOutlined />}
                data-testid="import-valid-summary"
                message={t('taskImport.validTitle', { count: formatNumber(check.rows) })}
                description={check.rows > check.preview.length ? t('taskImport.previewFirst', { count: check.preview.length }) : t('taskImport.notYetWritten')}
                style={{ marginBottom: 12 }}
              />
              <Table<Preview>
                rowKey="row"
                data-testid="import-preview"
                size="small"
                pagination={false}
                dataSource={check.preview}
                columns={[
                  { title: t('taskImport.colRow'), dataIndex: 'row', width: 90, render: (row: number) => t('taskImport.rowNo', { row }) },
                  { title: t('tasks.colArticle'), dataIndex: 'articleNo', width: 90, render: (no: string) => t('tasks.articleNo', { no }) },
                  { title: t('tasks.colTitle'), dataIndex: 'title' },
                  { title: t('tasks.colLead'), key: 'lead', width: 180, render: (_, p) => p.leadUnits.map((u) => u.name).join('、') },
                  { title: t('taskForm.supportUnits'), key: 'support', width: 180, render: (_, p) => p.supportUnits.map((u) => u.name).join('、') || '—' },
                  { title: t('tasks.colDue'), dataIndex: 'dueOn', width: 140, render: (due: string | null) => formatDate(due, lang) },
                ]}
              />
              <Space style={{ marginTop: 16 }}>
                <Button type="primary" loading={busy === 'import'} onClick={() => void send(false)}>
                  {t('taskImport.confirm', { count: formatNumber(check.rows) })}
                </Button>
                <Button onClick={() => setCheck(null)}>{t('taskImport.cancel')}</Button>
              </Space>
            </section>
          ) : null}
        </Space>
      </Card>
    </div>
  );
}
