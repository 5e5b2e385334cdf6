import { Alert, App as AntApp, DatePicker, Form, Modal, Radio, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { type ApiError, call, client, type Schemas } from '../../api/client.js';
import { Button } from '../../components/Button.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { showFieldErrors } from '../../components/fieldErrors.js';
import { NumberInput } from '../../components/NumberInput.js';
import { Select } from '../../components/Select.js';
import { useApi } from '../../components/useApi.js';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { useShell } from '../../shell/pair.js';
import { asApiError } from './common.js';

type Period = Schemas['ReportPeriod'];
type Preview = Schemas['ReportPeriodPreview'];
type Kind = Period['kind'];

interface SpanValues {
  kind: Kind;
  from?: Dayjs;
  to?: Dayjs;
  dueDays: number;
}

const SPAN_FIELDS = new Set(['kind', 'from', 'to', 'dueDays']);

/** The office's tab (报送期): create a plan's periods over a span, move a deadline, close or reopen a period. */
export function PeriodsTab() {
  const { t } = useI18n();
  const { pair } = useShell();
  const pairId = pair?.id ?? null;
  const plans = useApi(async () => {
    if (!pairId) return [];
    const page = await call(client.GET('/api/v1/plans', { params: { query: { pairId } } }));
    return page.items.filter((p) => p.versions.some((v) => v.status === 'published'));
  }, [pairId]);
  const [chosen, setChosen] = useState<string | undefined>();
  const planId = chosen && plans.data?.some((p) => p.id === chosen) ? chosen : plans.data?.[0]?.id;
  const periods = useApi(
    async () => (planId ? (await call(client.GET('/api/v1/plans/{id}/report-periods', { params: { path: { id: planId } } }))).items : []),
    [planId],
    { live: 'pair' },
  );

  if (plans.error) return <ErrorAlert error={plans.error} onRetry={plans.reload} />;
  if (!plans.loading && (plans.data ?? []).length === 0) return <Alert type="info" showIcon message={t('periods.noPlan')} />;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {(plans.data ?? []).length > 1 ? (
        <Form layout="inline" name="period-plan">
          <Form.Item label={t('periods.plan')} htmlFor="period-plan">
            <Select<string>
              id="period-plan"
              value={planId}
              onChange={setChosen}
              options={(plans.data ?? []).map((p) => ({ value: p.id, label: p.title }))}
              style={{ minWidth: 320 }}
            />
          </Form.Item>
        </Form>
      ) : null}
      {planId ? <CreatePeriods planId={planId} onCreated={periods.reload} /> : null}
      <div>
        <Typography.Title level={2} style={{ fontSize: 16 }}>
          {t('periods.listTitle')}
        </Typography.Title>
        {periods.error ? <ErrorAlert error={periods.error} onRetry={periods.reload} /> : null}
        <PeriodTable periods={periods.data ?? []} loading={periods.loading || plans.loading} onChanged={periods.reload} />
      </div>
    </Space>
  );
}

function CreatePeriods({ planId, onCreated }: { planId: string; onCreated: () => void }) {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const year = dayjs().year();
  const [form] = Form.useForm<SpanValues>();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  // A preview is of the span it was asked for: another plan or another span needs a new one.
  // biome-ignore lint/correctness/useExhaustiveDependencies: cleared whenever the plan changes.
  useEffect(() => setPreview(null), [planId]);

  const bodyOf = (values: SpanValues) => ({
    kind: values.kind,
    from: values.from?.format('YYYY-MM-DD') ?? '',
    to: values.to?.format('YYYY-MM-DD') ?? '',
    dueDays: values.dueDays,
  });

  async function run(action: 'preview' | 'create') {
    let values: SpanValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body = bodyOf(values);
      if (action === 'preview') {
        setPreview(await call(client.POST('/api/v1/plans/{id}/report-periods/preview', { params: { path: { id: planId } }, body })));
      } else {
        const result = await call(client.POST('/api/v1/plans/{id}/report-periods', { params: { path: { id: planId } }, body }));
        message.success(t('periods.created', { created: formatNumber(result.created), total: formatNumber(result.total) }));
        setPreview(null);
        onCreated();
      }
    } catch (cause) {
      const apiError = asApiError(cause);
      const rest = showFieldErrors(form, apiError, lang, (field) => (SPAN_FIELDS.has(field) ? field : null));
      if (apiError.details.length === 0 || rest.length > 0) setError(apiError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 0 }}>
        {t('periods.createTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('periods.createHint')}</Typography.Paragraph>
      <Form<SpanValues>
        form={form}
        layout="inline"
        name="period-span"
        style={{ rowGap: 8 }}
        initialValues={{ kind: 'quarterly', from: dayjs(`${year}-01-01`), to: dayjs(`${year}-12-31`), dueDays: 10 }}
        onValuesChange={() => setPreview(null)}
        disabled={busy}
      >
        <Form.Item label={t('periods.kind')} name="kind">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'monthly', label: t('enum.periodKind.monthly') },
              { value: 'quarterly', label: t('enum.periodKind.quarterly') },
            ]}
          />
        </Form.Item>
        <Form.Item label={t('periods.from')} name="from" rules={[{ required: true, message: t('periods.dateRequired') }]}>
          <DatePicker format="YYYY-MM-DD" style={{ width: 150 }} />
        </Form.Item>
        <Form.Item label={t('periods.to')} name="to" rules={[{ required: true, message: t('periods.dateRequired') }]}>
          <DatePicker format="YYYY-MM-DD" style={{ width: 150 }} />
        </Form.Item>
        <Form.Item label={t('periods.dueDays')} name="dueDays">
          <NumberInput min={0} max={60} precision={0} style={{ width: 90 }} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button onClick={() => void run('preview')} loading={busy && !preview}>
              {t('periods.preview')}
            </Button>
            <Button type="primary" onClick={() => void run('create')} loading={busy && preview !== null}>
              {t('periods.create')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {error ? (
        <div style={{ marginTop: 16 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
      {preview ? (
        <div style={{ marginTop: 16 }} data-testid="period-preview">
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 8 }}
            message={t('periods.previewSummary', {
              total: formatNumber(preview.total),
              created: formatNumber(preview.created),
              existing: formatNumber(preview.total - preview.created),
            })}
          />
          <DataTable<Preview['items'][number]>
            rowKey="startsOn"
            size="small"
            pagination={false}
            dataSource={preview.items}
            columns={[
              { title: t('periods.colLabel'), dataIndex: 'label' },
              {
                title: t('periods.colDates'),
                key: 'dates',
                render: (_, row) => `${formatDate(row.startsOn, lang)} – ${formatDate(row.endsOn, lang)}`,
              },
              { title: t('periods.colDue'), dataIndex: 'dueOn', render: (due: string) => formatDate(due, lang) },
              {
                title: t('periods.colState'),
                dataIndex: 'exists',
                render: (exists: boolean) => (exists ? <Tag>{t('periods.exists')}</Tag> : <Tag color="processing">{t('periods.new')}</Tag>),
              },
            ]}
          />
        </div>
      ) : null}
    </div>
  );
}

function PeriodTable({ periods, loading, onChanged }: { periods: Period[]; loading: boolean; onChanged: () => void }) {
  const { lang, t } = useI18n();
  const { message, modal } = AntApp.useApp();
  const [editing, setEditing] = useState<Period | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  async function act(period: Period, action: 'close' | 'reopen') {
    setError(null);
    try {
      await call(
        action === 'close'
          ? client.POST('/api/v1/report-periods/{id}/close', { params: { path: { id: period.id } } })
          : client.POST('/api/v1/report-periods/{id}/reopen', { params: { path: { id: period.id } } }),
      );
      message.success(t(action === 'close' ? 'periods.closedDone' : 'periods.reopened'));
    } catch (cause) {
      setError(asApiError(cause));
    }
    onChanged();
  }

  function confirmClose(period: Period) {
    void modal.confirm({
      title: t('periods.closeConfirmTitle', { period: period.label }),
      content: t('periods.closeConfirm'),
      okText: t('periods.closeOk'),
      okButtonProps: { danger: true },
      cancelText: t('report.cancel'),
      onOk: () => act(period, 'close'),
    });
  }

  return (
    <>
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
      <DataTable<Period>
        rowKey="id"
        loading={loading}
        dataSource={periods}
        data-testid="period-table"
        locale={{ emptyText: t('periods.empty') }}
        pagination={{ pageSize: 24, hideOnSinglePage: true, showSizeChanger: false }}
        columns={[
          { title: t('periods.colLabel'), dataIndex: 'label', width: 150 },
          { title: t('periods.colKind'), dataIndex: 'kind', width: 90, render: (kind: Kind) => t(`enum.periodKind.${kind}`) },
          {
            title: t('periods.colDates'),
            key: 'dates',
            width: 270,
            render: (_, row) => `${formatDate(row.startsOn, lang)} – ${formatDate(row.endsOn, lang)}`,
          },
          { title: t('periods.colDue'), dataIndex: 'dueOn', width: 150, render: (due: string) => formatDate(due, lang) },
          {
            title: t('periods.colState'),
            key: 'state',
            width: 190,
            render: (_, row) =>
              row.closedAt ? (
                <div>
                  <Tag>{t('periods.closedTag')}</Tag>
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                    {t('periods.closedBy', { name: row.closedByName ?? '—', time: formatDateTime(row.closedAt, lang) })}
                  </Typography.Text>
                </div>
              ) : (
                <Tag color="success">{t('periods.openTag')}</Tag>
              ),
          },
          {
            title: t('periods.colReports'),
            key: 'reports',
            width: 130,
            render: (_, row) => `${formatNumber(row.submitted)} / ${formatNumber(row.accepted)}`,
          },
          {
            title: t('periods.colAction'),
            key: 'action',
            width: 190,
            render: (_, row) =>
              row.closedAt ? (
                <Button type="link" size="small" aria-label={t('periods.reopenLabel', { period: row.label })} onClick={() => void act(row, 'reopen')}>
                  {t('periods.reopen')}
                </Button>
              ) : (
                <Space size={0}>
                  <Button type="link" size="small" aria-label={t('periods.editDueLabel', { period: row.label })} onClick={() => setEditing(row)}>
                    {t('periods.editDue')}
                  </Button>
                  <Button type="link" size="small" danger aria-label={t('periods.closeLabel', { period: row.label })} onClick={() => confirmClose(row)}>
                    {t('periods.close')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      {editing ? (
        <DueDialog
          period={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            onChanged();
          }}
        />
      ) : null}
    </>
  );
}

function DueDialog({ period, onClose, onSaved }: { period: Period; onClose: () => void; onSaved: () => void }) {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ dueOn?: Dayjs }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function save() {
    let values: { dueOn?: Dayjs };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await call(
        client.PATCH('/api/v1/report-periods/{id}', { params: { path: { id: period.id } }, body: { dueOn: values.dueOn?.format('YYYY-MM-DD') ?? '' } }),
      );
      message.success(t('periods.dueSaved'));
      onSaved();
    } catch (cause) {
      const apiError = asApiError(cause);
      const rest = showFieldErrors(form, apiError, lang, (field) => (field === 'dueOn' ? 'dueOn' : null));
      if (apiError.details.length === 0 || rest.length > 0) setError(apiError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={t('periods.editDueTitle', { period: period.label })}
      onCancel={onClose}
      onOk={() => void save()}
      okButtonProps={{ loading: busy }}
      cancelText={t('report.cancel')}
    >
      <Form form={form} layout="vertical" name="period-due" initialValues={{ dueOn: dayjs(period.dueOn) }}>
        <Form.Item label={t('periods.newDue')} name="dueOn" rules={[{ required: true, message: t('periods.dateRequired') }]}>
          <DatePicker format="YYYY-MM-DD" style={{ width: 200 }} />
        </Form.Item>
      </Form>
      {error ? <ErrorAlert error={error} /> : null}
    </Modal>
  );
}
