import { Alert } from 'antd';
import { useNavigate } from 'react-router';
import { call, client } from '../api/client.js';
import type { paths } from '../api/schema.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import type { ChosenFile } from '../components/FilePicker.js';
import { downloadFile } from '../components/files.js';
import { ImportFlow, type ImportOutcome } from '../components/ImportFlow.js';
import { PageLoading } from '../components/PageLoading.js';
import { RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { usePublishedPlan } from '../components/usePlanTree.js';
import { formatDate } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { useShell } from '../shell/pair.js';

type Preview = paths['/api/v1/tasks/import']['post']['responses'][200]['content']['application/json']['preview'][number];

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
  const { pair } = useShell();
  const navigate = useNavigate();
  const published = usePublishedPlan(pair?.id);

  const columnOf = (field: string) => {
    const key = COLUMN_OF_FIELD[field.split('.')[0] ?? ''];
    return key ? t(key) : field;
  };

  /** A dry run answers the preview or every row error; a real run creates the tasks. */
  async function send(file: ChosenFile, dryRun: boolean): Promise<ImportOutcome<Preview>> {
    const planId = published.data!.plan.id;
    const result = await call(client.POST('/api/v1/tasks/import', { body: { planId, fileName: file.name, fileBase64: file.base64, dryRun } }));
    return 'valid' in result ? { kind: 'checked', rows: result.rows, preview: result.preview } : { kind: 'created', created: result.created };
  }

  if (published.loading) return <PageLoading />;
  return (
    <div>
      <PageTitle back={{ to: '/tasks', label: t('taskImport.back') }}>{t('taskImport.title')}</PageTitle>
      {published.error ? <ErrorAlert error={published.error} onRetry={published.reload} /> : null}
      {!published.error && !published.data ? <Alert type="warning" showIcon message={t('taskForm.noPlan')} style={{ marginBottom: 16 }} /> : null}
      <ImportFlow<Preview>
        texts="taskImport"
        disabled={!published.data}
        downloadTemplate={() => downloadFile(client.GET('/api/v1/tasks/import-template.xlsx', { parseAs: 'blob' }), 'task-import-template.xlsx')}
        send={send}
        onCreated={() => navigate('/tasks')}
        columnOf={columnOf}
        previewColumns={[
          { title: t('tasks.colArticle'), dataIndex: 'articleNo', width: 90, render: (no: string) => t('tasks.articleNo', { no }) },
          { title: t('tasks.colTitle'), dataIndex: 'title' },
          { title: t('tasks.colLead'), key: 'lead', width: 180, render: (_, p) => p.leadUnits.map((u) => u.name).join('、') },
          { title: t('taskForm.supportUnits'), key: 'support', width: 180, render: (_, p) => p.supportUnits.map((u) => u.name).join('、') || '—' },
          { title: t('tasks.colDue'), dataIndex: 'dueOn', width: 140, render: (due: string | null) => formatDate(due, lang) },
        ]}
      />
    </div>
  );
}
