import { Alert, App as AntApp, Card, Col, Descriptions, Empty, Form, Input, Progress, Row, Space, Timeline, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { type ApiError, call, client, type Schemas } from '../api/client.js';
import { Button } from '../components/Button.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { showFieldErrors, unplacedLine } from '../components/fieldErrors.js';
import { LightTag } from '../components/LightTag.js';
import { NumberInput } from '../components/NumberInput.js';
import { PageLoading } from '../components/PageLoading.js';
import { NotFound, RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { supervisionCreatePath } from '../components/recordPaths.js';
import { useApi } from '../components/useApi.js';
import { formatDate, formatDateTime, formatDecimal } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { hasAnyPermission, useCurrentSession } from '../session/session.js';
import { COLORS } from '../theme.js';
import { Attachments } from './reports/Attachments.js';
import { asApiError, chinaToday, OverdueTag, plainDecimal, ReportStatusTag } from './reports/common.js';

type Report = Schemas['ProgressReport'];
type Task = Schemas['Task'];
type Period = Schemas['ReportPeriod'];
type Indicator = Task['indicators'][number];

interface ReportKey {
  taskId: string;
  unitId: string;
  periodId: string;
}

interface FormValues {
  narrative: string;
  progress: number | null;
  values: Record<string, string | undefined>;
}

const DECIMAL = /^-?\d{1,16}(\.\d{1,4})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One unit's progress report on a task for a period: the form while it can be edited, else the report; the office reviews it here. */
export function ReportPage() {
  return (
    <RequirePermission any={['tasks.report', 'reports.review']}>
      <ReportScreen />
    </RequirePermission>
  );
}

interface Loaded {
  key: ReportKey;
  report: Report | null;
  task: Task;
  period: Period | null;
}

type Loading = { kind: 'missing' } | { kind: 'existing'; reportId: string } | ({ kind: 'loaded' } & Loaded);

function ReportScreen() {
  const { id } = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const searchKey = search.toString();

  const state = useApi(async (): Promise<Loading> => {
    let report: Report | null = null;
    let key: ReportKey;
    if (id) {
      report = await call(client.GET('/api/v1/reports/{id}', { params: { path: { id } } }));
      key = { taskId: report.taskId, unitId: report.unitId, periodId: report.periodId };
    } else {
      const taskId = search.get('taskId') ?? '';
      const unitId = search.get('unitId') ?? '';
      const periodId = search.get('periodId') ?? '';
      if (![taskId, unitId, periodId].every((value) => UUID.test(value))) return { kind: 'missing' };
      key = { taskId, unitId, periodId };
      const existing = await call(client.GET('/api/v1/reports', { params: { query: { taskId, unitId, periodId, pageSize: 1 } } }));
      if (existing.items[0]) return { kind: 'existing', reportId: existing.items[0].id };
    }
    const task = await call(client.GET('/api/v1/tasks/{id}', { params: { path: { id: key.taskId } } }));
    const periods = await call(client.GET('/api/v1/report-periods', { params: { query: { planId: task.planId } } }));
    return { kind: 'loaded', key, report, task, period: periods.items.find((p) => p.id === key.periodId) ?? null };
  }, [id, searchKey]);

  // The form of a task, unit and period that already has a report is that report's page.
  const existingId = state.data?.kind === 'existing' ? state.data.reportId : null;
  useEffect(() => {
    if (existingId) navigate(`/reports/${existingId}`, { replace: true });
  }, [existingId, navigate]);

  if (state.loading || existingId) return <PageLoading />;
  if (state.error?.status === 404 || state.data?.kind === 'missing') return <NotFound />;
  if (state.error) return <ErrorAlert error={state.error} onRetry={state.reload} />;
  if (state.data?.kind !== 'loaded') return null;
  return <ReportView loaded={state.data} reload={state.reload} />;
}

const HISTORY_LABELS: Record<string, MessageKey> = {
  submit: 'report.history.submit',
  resubmit: 'report.history.resubmit',
  return: 'report.history.return',
  accept: 'report.history.accept',
};
const HISTORY_COLORS: Record<string, string> = { submit: 'blue', resubmit: 'blue', return: 'orange', accept: 'green' };

function ReportView({ loaded, reload }: { loaded: Loaded; reload: () => void }) {
  const { lang, t } = useI18n();
  const session = useCurrentSession();
  const { key, report, task, period } = loaded;
  const unitName = report?.unitName ?? task.units.find((u) => u.unitId === key.unitId)?.name ?? '';
  const canReport = hasAnyPermission(session, ['tasks.report']);
  const canReview = hasAnyPermission(session, ['reports.review']);
  const canSupervise = hasAnyPermission(session, ['supervision.write']);
  const editable = canReport && (report === null || report.status === 'draft' || report.status === 'returned');
  const dueOn = report?.dueOn ?? period?.dueOn ?? null;
  const overdue = dueOn !== null && dueOn < chinaToday() && report?.status !== 'accepted' && report?.status !== 'submitted';
  const lastReturn = [...(report?.history ?? [])].reverse().find((h) => h.action === 'return');

  return (
    <div>
      <PageTitle back={{ to: '/reports', label: t('report.back') }}>{editable ? t('report.fillTitle') : t('report.viewTitle')}</PageTitle>
      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, lg: 2, xl: 4 }} data-testid="report-heading">
          <Descriptions.Item label={t('report.task')}>{task.title}</Descriptions.Item>
          <Descriptions.Item label={t('report.unit')}>{unitName}</Descriptions.Item>
          <Descriptions.Item label={t('report.period')}>{report?.periodLabel ?? period?.label ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('report.deadline')}>
            <span>
              {formatDate(dueOn, lang)}
              {overdue ? <OverdueTag /> : null}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('report.status')}>
            <span data-testid="report-status">
              <ReportStatusTag status={report?.status ?? null} />
            </span>
          </Descriptions.Item>
          {report ? <Descriptions.Item label={t('report.revision')}>{t('report.revisionNo', { no: report.revision })}</Descriptions.Item> : null}
        </Descriptions>
      </Card>
      {report?.status === 'returned' ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="return-comment"
          message={<Typography.Text strong>{t('report.returnedTitle')}</Typography.Text>}
          action={
            canSupervise ? (
              <Link to={supervisionCreatePath({ reportId: report.id, unitId: key.unitId, taskId: task.id })} data-testid="raise-supervision">
                {t('supervision.raiseFromReport')}
              </Link>
            ) : undefined
          }
          description={
            <>
              <Typography.Paragraph style={{ fontSize: 15, whiteSpace: 'pre-wrap', marginBottom: 4 }}>{report.reviewComment}</Typography.Paragraph>
              <Typography.Text type="secondary">
                {t('report.returnedBy', { name: lastReturn?.actorName ?? '—', time: formatDateTime(report.reviewedAt, lang) })}
                {editable ? ` ${t('report.returnedHint')}` : ''}
              </Typography.Text>
            </>
          }
        />
      ) : null}
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card title={t('report.content')} style={{ marginBottom: 16 }}>
            {editable ? (
              <ReportForm loaded={loaded} reload={reload} />
            ) : report ? (
              <ReportContent report={report} task={task} />
            ) : (
              <Empty description={t('report.notWritten')} />
            )}
          </Card>
          {canReview && report?.status === 'submitted' ? <ReviewPanel report={report} onDone={reload} /> : null}
        </Col>
        <Col xs={24} xl={9}>
          <TaskCard task={task} />
          <Card title={t('report.historyTitle')}>
            <History report={report} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

function ReportForm({ loaded, reload }: { loaded: Loaded; reload: () => void }) {
  const { lang, t } = useI18n();
  const { message, modal } = AntApp.useApp();
  const navigate = useNavigate();
  const { key, report, task } = loaded;
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState<'draft' | 'submit' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const indicators = task.indicators.filter((i) => i.computation === 'entered');

  const initialValues = useMemo<FormValues>(
    () => ({
      narrative: report?.narrative ?? '',
      progress: report?.progress ?? null,
      values: Object.fromEntries((report?.values ?? []).map((v) => [v.indicatorId, plainDecimal(v.value)])),
    }),
    [report],
  );

  /** Saves (and with `submit`, submits) what the form holds; returns the report's id, or null when the server refused. */
  async function save(submit: boolean): Promise<string | null> {
    setError(null);
    setUnplaced([]);
    const values = form.getFieldsValue(true) as FormValues;
    const entered = indicators.flatMap((i) => {
      const value = values.values?.[i.id]?.trim();
      return value ? [{ indicatorId: i.id, value }] : [];
    });
    try {
      const saved = await call(
        client.PUT('/api/v1/reports', {
          body: { ...key, narrative: values.narrative ?? '', progress: values.progress ?? null, values: entered, submit },
        }),
      );
      return saved.id;
    } catch (cause) {
      const apiError = asApiError(cause);
      const rest = showFieldErrors(form, apiError, lang, (field) => {
        if (field === 'narrative' || field === 'progress') return field;
        const match = /^values\.(\d+)\./.exec(field);
        const indicatorId = match ? entered[Number(match[1])]?.indicatorId : undefined;
        return indicatorId ? ['values', indicatorId] : null;
      });
      if (apiError.details.length === 0 || rest.length > 0) {
        setError(apiError);
        setUnplaced(rest.map((issue) => unplacedLine(issue, lang)));
      }
      return null;
    }
  }

  async function run(submit: boolean) {
    try {
      await form.validateFields();
    } catch {
      return;
    }
    setSaving(submit ? 'submit' : 'draft');
    const id = await save(submit);
    setSaving(null);
    if (!id) return;
    message.success(submit ? t('report.submitted') : t('report.saved'));
    if (report?.id === id) reload();
    else navigate(`/reports/${id}`, { replace: true });
  }

  function confirmSubmit() {
    modal.confirm({
      title: report?.status === 'returned' ? t('report.resubmitConfirmTitle') : t('report.submitConfirmTitle'),
      content: t('report.submitConfirm'),
      okText: t('report.submitOk'),
      cancelText: t('report.cancel'),
      onOk: () => run(true),
    });
  }

  return (
    <Form<FormValues> form={form} layout="vertical" initialValues={initialValues} name="report-form" disabled={saving !== null}>
      <Form.Item label={t('report.narrative')} name="narrative" extra={t('report.narrativeHint')}>
        <Input.TextArea rows={6} maxLength={10_000} showCount />
      </Form.Item>
      <Form.Item
        label={t('report.progress')}
        name="progress"
        extra={task.progress === null ? t('report.progressHintNone') : t('report.progressHint', { current: task.progress })}
      >
        <NumberInput min={0} max={100} precision={0} addonAfter="%" style={{ width: 180 }} />
      </Form.Item>
      {indicators.length > 0 ? (
        <fieldset style={{ border: 0, margin: 0, padding: 0 }}>
          <legend style={{ fontSize: 14, fontWeight: 600, marginBottom: 8, border: 0, color: 'inherit' }}>{t('report.indicators')}</legend>
          <Row gutter={16}>
            {indicators.map((indicator) => (
              <Col xs={24} md={12} key={indicator.id}>
                <Form.Item
                  label={t('report.indicatorLabel', { name: indicator.name, unit: indicator.unitOfMeasure })}
                  name={['values', indicator.id]}
                  extra={indicatorHint(indicator, t)}
                  rules={[{ pattern: DECIMAL, message: t('report.decimalRule') }]}
                >
                  <Input inputMode="decimal" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </fieldset>
      ) : null}
      <div style={{ marginBottom: 24 }}>
        <Attachments
          ownerType="report"
          ownerId={report?.id ?? null}
          canUpload
          ensureOwner={() => save(false)}
          onUploaded={(id) => (report?.id === id ? undefined : navigate(`/reports/${id}`, { replace: true }))}
        />
      </div>
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} />
          {unplaced.length > 0 ? (
            <ul style={{ margin: '8px 0 0', paddingInlineStart: 20 }}>
              {unplaced.map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <Space>
        <Button type="primary" onClick={confirmSubmit} loading={saving === 'submit'}>
          {report?.status === 'returned' ? t('report.resubmit') : t('report.submit')}
        </Button>
        <Button onClick={() => void run(false)} loading={saving === 'draft'}>
          {t('report.saveDraft')}
        </Button>
        <Typography.Text type="secondary">{t('report.draftHint')}</Typography.Text>
      </Space>
    </Form>
  );
}

function indicatorHint(indicator: Indicator, t: ReturnType<typeof useI18n>['t']): string {
  const target = indicator.target === null ? '—' : `${formatDecimal(indicator.target, 4)} ${indicator.unitOfMeasure}`;
  const actual = indicator.actual === null ? '—' : `${formatDecimal(indicator.actual, 4)} ${indicator.unitOfMeasure}`;
  return t('report.indicatorHint', { target, actual });
}

/** A submitted or accepted report, read-only. */
function ReportContent({ report, task }: { report: Report; task: Task }) {
  const { lang, t } = useI18n();
  const reported = new Map(report.values.map((v) => [v.indicatorId, v.value]));
  return (
    <>
      {report.status === 'submitted' ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('report.lockedHint', { time: formatDateTime(report.submittedAt, lang) })} />
      ) : null}
      <Descriptions column={1} bordered size="small" style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('report.narrative')}>
          <div style={{ whiteSpace: 'pre-wrap' }} data-testid="report-narrative">
            {report.narrative || '—'}
          </div>
        </Descriptions.Item>
        <Descriptions.Item label={t('report.progress')}>
          {report.progress === null ? (
            '—'
          ) : (
            <Progress percent={report.progress} size="small" style={{ maxWidth: 320, margin: 0 }} aria-label={t('common.progress')} />
          )}
        </Descriptions.Item>
      </Descriptions>
      {task.indicators.length > 0 ? (
        <DataTable<Indicator>
          size="small"
          rowKey="id"
          pagination={false}
          style={{ marginBottom: 16 }}
          dataSource={task.indicators}
          columns={[
            { title: t('report.colIndicator'), dataIndex: 'name' },
            { title: t('report.colUnitOfMeasure'), dataIndex: 'unitOfMeasure', width: 80 },
            { title: t('report.colTarget'), dataIndex: 'target', width: 110, render: (v: string | null) => (v === null ? '—' : formatDecimal(v, 4)) },
            {
              title: t('report.colReported'),
              key: 'reported',
              width: 120,
              render: (_, indicator) => {
                const value = reported.get(indicator.id);
                return value === undefined ? '—' : <Typography.Text strong>{formatDecimal(value, 4)}</Typography.Text>;
              },
            },
          ]}
        />
      ) : null}
      <Attachments ownerType="report" ownerId={report.id} canUpload={false} />
    </>
  );
}

function ReviewPanel({ report, onDone }: { report: Report; onDone: () => void }) {
  const { lang, t } = useI18n();
  const { message, modal } = AntApp.useApp();
  const [form] = Form.useForm<{ comment: string }>();
  const [busy, setBusy] = useState<'accept' | 'return' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  async function review(decision: 'accept' | 'return') {
    setBusy(decision);
    setError(null);
    form.setFields([{ name: 'comment', errors: [] }]);
    const comment = (form.getFieldValue('comment') as string | undefined)?.trim();
    try {
      await call(
        client.POST('/api/v1/reports/{id}/review', {
          params: { path: { id: report.id } },
          body: { decision, ...(comment ? { comment } : {}) },
        }),
      );
      message.success(decision === 'accept' ? t('review.accepted') : t('review.returned'));
      onDone();
    } catch (cause) {
      const apiError = asApiError(cause);
      const rest = showFieldErrors(form, apiError, lang, (field) => (field === 'comment' ? 'comment' : null));
      if (apiError.details.length === 0 || rest.length > 0) setError(apiError);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card title={t('review.title')} style={{ marginBottom: 16 }}>
      <Form form={form} layout="vertical" name="review-form" disabled={busy !== null}>
        <Form.Item label={t('review.comment')} name="comment" extra={t('review.commentHint')}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
        {error ? (
          <div style={{ marginBottom: 16 }}>
            <ErrorAlert error={error} />
          </div>
        ) : null}
        <Space>
          <Button
            type="primary"
            loading={busy === 'accept'}
            onClick={() =>
              modal.confirm({
                title: t('review.acceptConfirmTitle'),
                content: t('review.acceptConfirm'),
                okText: t('review.acceptOk'),
                cancelText: t('report.cancel'),
                onOk: () => review('accept'),
              })
            }
          >
            {t('review.accept')}
          </Button>
          <Button danger loading={busy === 'return'} onClick={() => void review('return')}>
            {t('review.return')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

function TaskCard({ task }: { task: Task }) {
  const { lang, t } = useI18n();
  const lead = task.units.filter((u) => u.role === 'lead').map((u) => u.name);
  const support = task.units.filter((u) => u.role === 'support').map((u) => u.name);
  return (
    <Card title={t('report.taskTitle')} style={{ marginBottom: 16 }} data-testid="task-card">
      <Typography.Paragraph strong style={{ marginBottom: 12 }}>
        <Link to={`/tasks/${task.id}`}>{task.title}</Link>
      </Typography.Paragraph>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('report.article')}>{t('report.articleNo', { no: task.articleNo })}</Descriptions.Item>
        <Descriptions.Item label={t('report.leadUnits')}>{lead.join('、') || '—'}</Descriptions.Item>
        {support.length > 0 ? <Descriptions.Item label={t('report.supportUnits')}>{support.join('、')}</Descriptions.Item> : null}
        <Descriptions.Item label={t('report.taskDue')}>{formatDate(task.dueOn, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('report.light')}>
          <div>
            <LightTag light={task.light} />
            {task.lightReasons.length > 0 ? (
              <ul style={{ margin: '4px 0 0', paddingInlineStart: 18, color: COLORS.textSecondary, fontSize: 13 }} data-testid="light-reasons">
                {task.lightReasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            ) : null}
          </div>
        </Descriptions.Item>
        <Descriptions.Item label={t('report.taskProgress')}>
          <span data-testid="task-progress">{task.progress === null ? '—' : `${task.progress}%`}</span>
        </Descriptions.Item>
      </Descriptions>
      {task.indicators.length > 0 ? (
        <DataTable<Indicator>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={task.indicators}
          columns={[
            { title: t('report.colIndicator'), dataIndex: 'name' },
            { title: t('report.colTarget'), dataIndex: 'target', width: 90, render: (v: string | null) => (v === null ? '—' : formatDecimal(v, 4)) },
            { title: t('report.colActual'), dataIndex: 'actual', width: 90, render: (v: string | null) => (v === null ? '—' : formatDecimal(v, 4)) },
          ]}
        />
      ) : null}
    </Card>
  );
}

function History({ report }: { report: Report | null }) {
  const { lang, t } = useI18n();
  // Saving a draft is not a step of the review: the history shows what the office and the unit exchanged.
  const steps = (report?.history ?? []).filter((h) => h.action in HISTORY_LABELS);
  if (steps.length === 0) return <Typography.Text type="secondary">{t('report.historyEmpty')}</Typography.Text>;
  return (
    <Timeline
      data-testid="report-history"
      items={steps.map((step) => {
        const snapshot = (step.snapshot ?? {}) as { progress?: number | null };
        return {
          color: HISTORY_COLORS[step.action] ?? 'gray',
          children: (
            <div>
              <Typography.Text strong>{t(HISTORY_LABELS[step.action] as MessageKey)}</Typography.Text>
              <Typography.Text type="secondary">
                {' · '}
                {t('report.revisionNo', { no: step.revision })}
              </Typography.Text>
              <div>
                <Typography.Text type="secondary">
                  {step.actorName ?? '—'} · {formatDateTime(step.at, lang)}
                </Typography.Text>
              </div>
              {step.comment ? <div style={{ whiteSpace: 'pre-wrap' }}>{t('report.historyComment', { comment: step.comment })}</div> : null}
              {(step.action === 'submit' || step.action === 'resubmit') && typeof snapshot.progress === 'number' ? (
                <div>{t('report.historyProgress', { progress: snapshot.progress })}</div>
              ) : null}
            </div>
          ),
        };
      })}
    />
  );
}
