import { CheckCircleFilled, ClockCircleOutlined, EditOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App as AntApp, Card, Descriptions, Empty, Progress, Space, Tag, Typography } from 'antd';
import { type ChangeEvent, type ReactNode, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, call, client, type Schemas } from '../api/client.js';
import { Button } from '../components/Button.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { downloadFile, readAsBase64 } from '../components/files.js';
import { LightTag } from '../components/LightTag.js';
import { PageLoading } from '../components/PageLoading.js';
import { NotFound, RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { recordPath } from '../components/recordPaths.js';
import { cityNames } from '../components/UnitPicker.js';
import { useApi } from '../components/useApi.js';
import { findArticle } from '../components/usePlanTree.js';
import { formatDate, formatDateTime, formatDecimal, formatNumber } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../session/session.js';
import { useShell } from '../shell/pair.js';
import { ReportStatusTag, SupervisionStatusTag } from './reports/common.js';

type Task = Schemas['Task'];
type Report = Schemas['ProgressReport'];
type SupervisionItem = Schemas['SupervisionItem'];
type Attachment = Schemas['Attachment'];

// A task rarely has more; the full lists are on the reports and supervision screens.
const SECTION_ROWS = 50;

export function TaskDetailPage() {
  return (
    <RequirePermission any={['tasks.read']}>
      <TaskDetail />
    </RequirePermission>
  );
}

function TaskDetail() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const task = useApi(() => call(client.GET('/api/v1/tasks/{id}', { params: { path: { id } } })), [id], { live: 'pair' });

  // Out of scope answers 404 like a missing task: the user sees the same page for both.
  if (task.error?.status === 404) return <NotFound />;
  if (task.error) {
    return (
      <div>
        <PageTitle>{t('taskDetail.title')}</PageTitle>
        <ErrorAlert error={task.error} onRetry={task.reload} />
      </div>
    );
  }
  if (!task.data) return <PageLoading />;
  return <TaskView task={task.data} />;
}

/** The h2 of a section card (the page's h1 is the task title). */
function SectionTitle({ children }: { children: ReactNode }) {
  return (
    <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
      {children}
    </Typography.Title>
  );
}

function TaskView({ task }: { task: Task }) {
  const { lang, t } = useI18n();
  const { pair } = useShell();
  const navigate = useNavigate();
  const session = useCurrentSession();
  const canWrite = hasAnyPermission(session, ['tasks.write']);
  const cities = cityNames(pair);
  const tree = useApi(() => call(client.GET('/api/v1/plans/{id}/tree', { params: { path: { id: task.planId } } })), [task.planId]);
  const article = findArticle(tree.data, task.articleNo)?.article;

  return (
    <div>
      <PageTitle
        back={{ to: '/tasks', label: t('taskDetail.back') }}
        extra={
          <Space wrap>
            {canWrite ? (
              <Button type="primary" icon={<EditOutlined aria-hidden />} onClick={() => navigate(`/tasks/${task.id}/edit`)}>
                {t('taskDetail.edit')}
              </Button>
            ) : null}
          </Space>
        }
      >
        {task.title}
      </PageTitle>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card title={<SectionTitle>{t('taskDetail.basics')}</SectionTitle>}>
          <Descriptions bordered column={2} size="small" labelStyle={{ width: 120 }}>
            <Descriptions.Item label={t('tasks.colArticle')} span={2}>
              {t('tasks.articleNo', { no: task.articleNo })}
              {article ? ` ${article.title}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('tasks.colStatus')}>{t(`enum.taskStatus.${task.status}`)}</Descriptions.Item>
            <Descriptions.Item label={t('tasks.colProgress')}>
              {task.progress === null ? (
                t('taskDetail.noProgress')
              ) : (
                <Progress percent={task.progress} size="small" style={{ maxWidth: 240 }} aria-label={t('common.progress')} />
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('tasks.colLight')} span={2}>
              <Space direction="vertical" size={4}>
                <span>
                  <LightTag light={task.light} />
                </span>
                {task.lightReasons.length > 0 ? (
                  <ul data-testid="light-reasons" style={{ margin: 0, paddingInlineStart: 20 }}>
                    {task.lightReasons.map((reason) => (
                      <li key={reason}>{reason}</li>
                    ))}
                  </ul>
                ) : null}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('taskDetail.startOn')}>{formatDate(task.startOn, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('tasks.colDue')}>
              <span data-testid="task-due">{formatDate(task.dueOn, lang)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('taskDetail.description')} span={2}>
              <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{task.description || '—'}</Typography.Paragraph>
            </Descriptions.Item>
          </Descriptions>
        </Card>

        <Card title={<SectionTitle>{t('taskDetail.units')}</SectionTitle>}>
          <DataTable
            rowKey={(u) => `${u.role}:${u.unitId}`}
            data-testid="task-units"
            size="small"
            pagination={false}
            dataSource={task.units}
            columns={[
              {
                title: t('taskDetail.unitRole'),
                dataIndex: 'role',
                width: 120,
                render: (role: 'lead' | 'support') => <Tag color={role === 'lead' ? 'blue' : 'default'}>{t(`enum.unitRoleOnTask.${role}`)}</Tag>,
              },
              { title: t('taskDetail.unitName'), dataIndex: 'name' },
              { title: t('taskList.city'), dataIndex: 'cityId', width: 160, render: (cityId: string) => cities.get(cityId) ?? '—' },
            ]}
          />
        </Card>

        <Card title={<SectionTitle>{t('taskDetail.milestones')}</SectionTitle>}>
          <DataTable
            rowKey="id"
            data-testid="task-milestones"
            size="small"
            pagination={false}
            dataSource={task.milestones}
            locale={{ emptyText: t('taskDetail.noMilestones') }}
            columns={[
              { title: t('taskDetail.milestoneTitle'), dataIndex: 'title' },
              { title: t('taskDetail.milestoneDue'), dataIndex: 'dueOn', width: 160, render: (day: string) => formatDate(day, lang) },
              {
                title: t('taskDetail.milestoneState'),
                key: 'state',
                width: 220,
                render: (_, m) =>
                  m.doneOn ? (
                    <Tag color="success" icon={<CheckCircleFilled aria-hidden />}>
                      {t('taskDetail.milestoneDone', { date: formatDate(m.doneOn, lang) })}
                    </Tag>
                  ) : (
                    <Tag icon={<ClockCircleOutlined aria-hidden />}>{t('taskDetail.milestoneOpen')}</Tag>
                  ),
              },
            ]}
          />
        </Card>

        <Card title={<SectionTitle>{t('taskDetail.indicators')}</SectionTitle>}>
          <DataTable
            rowKey="id"
            data-testid="task-indicators"
            size="small"
            pagination={false}
            dataSource={task.indicators}
            locale={{ emptyText: t('taskDetail.noIndicators') }}
            columns={[
              { title: t('taskDetail.indicatorName'), dataIndex: 'name' },
              { title: t('taskDetail.indicatorUnit'), dataIndex: 'unitOfMeasure', width: 120 },
              {
                title: t('taskDetail.indicatorTarget'),
                dataIndex: 'target',
                width: 140,
                render: (v: string | null) => (v === null ? '—' : formatDecimal(v, 4)),
              },
              {
                title: t('taskDetail.indicatorActual'),
                dataIndex: 'actual',
                width: 140,
                render: (v: string | null) => (v === null ? '—' : formatDecimal(v, 4)),
              },
              {
                title: t('taskDetail.indicatorComputation'),
                dataIndex: 'computation',
                width: 140,
                render: (c: 'entered' | 'rollup') => t(`enum.indicatorComputation.${c}`),
              },
            ]}
          />
        </Card>

        <TaskReports taskId={task.id} />
        <TaskSupervision taskId={task.id} />
        <TaskAttachments taskId={task.id} />
      </Space>
    </div>
  );
}

function TaskReports({ taskId }: { taskId: string }) {
  const { lang, t } = useI18n();
  const reports = useApi(() => call(client.GET('/api/v1/reports', { params: { query: { taskId, pageSize: SECTION_ROWS } } })), [taskId], { live: 'pair' });
  return (
    <Card title={<SectionTitle>{t('taskDetail.reports')}</SectionTitle>}>
      {reports.error ? <ErrorAlert error={reports.error} onRetry={reports.reload} /> : null}
      <DataTable<Report>
        rowKey="id"
        data-testid="task-reports"
        size="small"
        loading={reports.loading}
        pagination={false}
        dataSource={reports.data?.items ?? []}
        locale={{ emptyText: t('taskDetail.noReports') }}
        columns={[
          {
            title: t('reports.colPeriod'),
            dataIndex: 'periodLabel',
            width: 140,
            render: (label: string, report) => <Link to={recordPath.report(report.id)}>{label}</Link>,
          },
          { title: t('reports.colUnit'), dataIndex: 'unitName', width: 180 },
          { title: t('reports.colStatus'), dataIndex: 'status', width: 110, render: (s: Report['status']) => <ReportStatusTag status={s} /> },
          { title: t('tasks.colProgress'), dataIndex: 'progress', width: 90, render: (p: number | null) => (p === null ? '—' : `${p}%`) },
          {
            title: t('taskDetail.reportNarrative'),
            dataIndex: 'narrative',
            // Whole: the progress is what the reader came for, and the row opens the report for the rest.
            render: (text: string) => <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{text || '—'}</div>,
          },
          { title: t('taskDetail.submittedAt'), dataIndex: 'submittedAt', width: 170, render: (at: string | null) => formatDateTime(at, lang) },
        ]}
      />
    </Card>
  );
}

function TaskSupervision({ taskId }: { taskId: string }) {
  const { lang, t } = useI18n();
  const canRead = hasAnyPermission(useCurrentSession(), ['supervision.read']);
  const items = useApi(
    async () => (canRead ? call(client.GET('/api/v1/supervision', { params: { query: { taskId, pageSize: SECTION_ROWS } } })) : { items: [], total: 0 }),
    [taskId, canRead],
    { live: 'pair' },
  );
  if (!canRead) return null;
  return (
    <Card title={<SectionTitle>{t('taskDetail.supervision')}</SectionTitle>}>
      {items.error ? <ErrorAlert error={items.error} onRetry={items.reload} /> : null}
      <DataTable<SupervisionItem>
        rowKey="id"
        data-testid="task-supervision"
        size="small"
        loading={items.loading}
        pagination={false}
        dataSource={items.data?.items ?? []}
        locale={{ emptyText: t('taskDetail.noSupervision') }}
        columns={[
          {
            title: t('supervision.colRequirement'),
            dataIndex: 'requirement',
            render: (text: string, item) => <Link to={recordPath.supervision(item.id)}>{text}</Link>,
          },
          { title: t('supervision.colUnit'), dataIndex: 'unitName', width: 180 },
          { title: t('supervision.colDeadline'), dataIndex: 'deadline', width: 150, render: (day: string) => formatDate(day, lang) },
          {
            title: t('supervision.colStatus'),
            key: 'status',
            width: 160,
            render: (_, item) => (
              <Space size={4}>
                <SupervisionStatusTag status={item.status} />
                {item.overdue ? <Tag color="error">{t('supervision.overdue')}</Tag> : null}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${formatNumber(bytes)} B`;
  if (bytes < 1024 * 1024) return `${formatDecimal(bytes / 1024, 1)} KB`;
  return `${formatDecimal(bytes / 1024 / 1024, 1)} MB`;
}

function TaskAttachments({ taskId }: { taskId: string }) {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  // The office and the task's units may add files; the server checks the unit again.
  const canUpload = hasAnyPermission(useCurrentSession(), ['tasks.write', 'tasks.report']);
  const files = useApi(() => call(client.GET('/api/v1/attachments', { params: { query: { ownerType: 'task', ownerId: taskId } } })), [taskId], {
    live: 'pair',
  });
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const input = useRef<HTMLInputElement>(null);

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0];
    event.target.value = '';
    if (!chosen) return;
    setUploading(true);
    setError(null);
    try {
      const fileBase64 = await readAsBase64(chosen);
      await call(client.POST('/api/v1/attachments', { body: { ownerType: 'task', ownerId: taskId, fileName: chosen.name, fileBase64 } }));
      message.success(t('taskDetail.uploaded', { name: chosen.name }));
      files.reload();
    } catch (cause) {
      setError(cause instanceof ApiError ? cause : ApiError.network());
    } finally {
      setUploading(false);
    }
  }

  async function download(file: Attachment) {
    try {
      await downloadFile(client.GET('/api/v1/attachments/{id}/content', { params: { path: { id: file.id } }, parseAs: 'blob' }), file.fileName);
    } catch (cause) {
      message.error((cause instanceof ApiError ? cause : ApiError.network()).text(lang));
    }
  }

  return (
    <Card
      title={<SectionTitle>{t('taskDetail.attachments')}</SectionTitle>}
      extra={
        canUpload ? (
          <>
            <input ref={input} type="file" hidden aria-label={t('taskDetail.uploadFile')} onChange={(event) => void onFile(event)} />
            <Button icon={<UploadOutlined aria-hidden />} loading={uploading} onClick={() => input.current?.click()}>
              {t('taskDetail.upload')}
            </Button>
          </>
        ) : null
      }
    >
      {error ? (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
      {files.error ? <ErrorAlert error={files.error} onRetry={files.reload} /> : null}
      {files.data && files.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('taskDetail.noAttachments')} />
      ) : (
        <ul data-testid="task-attachments" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {(files.data?.items ?? []).map((file) => (
            <li key={file.id} style={{ padding: '4px 0' }}>
              <Space wrap>
                <PaperClipOutlined aria-hidden />
                <Button type="link" style={{ padding: 0 }} onClick={() => void download(file)}>
                  {file.fileName}
                </Button>
                <Typography.Text type="secondary">
                  {sizeText(file.sizeBytes)} · {formatDateTime(file.createdAt, lang)}
                </Typography.Text>
              </Space>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
