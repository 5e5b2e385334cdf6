import { DownloadOutlined, FileExcelOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Card, Form, Input, Modal, Space, type TableColumnsType, Tabs, Tag, Typography } from 'antd';
import { type ChangeEvent, useId, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, call, client, type Schemas } from '../api/client.js';
import { Button } from '../components/Button.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FilterBar } from '../components/FilterBar.js';
import { downloadFile, readAsBase64 } from '../components/files.js';
import { NumberInput } from '../components/NumberInput.js';
import { RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { Select } from '../components/Select.js';
import { useApi } from '../components/useApi.js';
import { useReopen } from '../components/useReopen.js';
import { formatDateTime, formatNumber } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../session/session.js';
import { useShell } from '../shell/pair.js';
import { type InspectionPlan, issuesOf, PlanStatusTag } from './inspections/shared.js';

const PAGE_SIZE = 20;
const TABS = ['plans', 'entities', 'inspectors'] as const;
type TabKey = (typeof TABS)[number];
const DEFAULT_RATIOS: Record<string, number> = { A: 3, B: 5, C: 10, D: 20 };

export function InspectionsPage() {
  return (
    <RequirePermission any={['inspections.read']}>
      <Inspections />
    </RequirePermission>
  );
}

function Inspections() {
  const { t } = useI18n();
  const { pair } = useShell();
  const [params, setParams] = useSearchParams();
  const reopen = useReopen();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as TabKey) : 'plans';
  const [cityId, setCityId] = useState<string | undefined>();
  const cities = pair?.cities ?? [];
  const city = cityId ?? cities[cities.length - 1]?.id;
  const cityPicker = (
    <Form.Item label={t('inspections.city')} htmlFor="inspections-city" style={{ marginBottom: 0 }}>
      <Select id="inspections-city" value={city} onChange={setCityId} options={cities.map((c) => ({ value: c.id, label: c.name }))} style={{ width: 140 }} />
    </Form.Item>
  );
  return (
    <div>
      <PageTitle extra={cityPicker}>{t('inspections.title')}</PageTitle>
      {pair && city ? (
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams({ tab: key })}
          onTabClick={(key) => key === tab && reopen()}
          items={[
            { key: 'plans', label: t('inspections.tab.plans'), children: <PlansTab pairId={pair.id} cityId={city} /> },
            { key: 'entities', label: t('inspections.tab.entities'), children: <EntitiesTab pairId={pair.id} cityId={city} /> },
            { key: 'inspectors', label: t('inspections.tab.inspectors'), children: <InspectorsTab pairId={pair.id} cityId={city} /> },
          ]}
        />
      ) : null}
    </div>
  );
}

interface RegisterProps {
  pairId: string;
  cityId: string;
}

/** Template download and an all-or-nothing .xlsx import; the row errors listed when refused. */
function ImportBar({ kind, pairId, cityId, onDone }: RegisterProps & { kind: 'entities' | 'inspectors'; onDone(): void }) {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const [busy, setBusy] = useState(false);
  const [issues, setIssues] = useState<{ field: string; reason: string }[]>([]);
  const [error, setError] = useState<ApiError | null>(null);

  async function template() {
    try {
      const request =
        kind === 'entities'
          ? client.GET('/api/v1/inspections/entities/template', { params: { query: { pairId } }, parseAs: 'blob' })
          : client.GET('/api/v1/inspections/inspectors/template', { params: { query: { pairId } }, parseAs: 'blob' });
      await downloadFile(request, `${kind}-template.xlsx`);
    } catch (cause) {
      message.error((cause instanceof ApiError ? cause : ApiError.network()).text(lang));
    }
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setBusy(true);
    setIssues([]);
    setError(null);
    try {
      const body = { pairId, cityId, fileBase64: await readAsBase64(file), dryRun: false };
      const result = await call(
        kind === 'entities' ? client.POST('/api/v1/inspections/entities/import', { body }) : client.POST('/api/v1/inspections/inspectors/import', { body }),
      );
      message.success(t('inspections.import.done', { count: formatNumber(result.created) }));
      onDone();
    } catch (cause) {
      const rows = issuesOf(cause).filter((d) => d.field.startsWith('rows.') || d.field === 'fileBase64');
      if (rows.length > 0) setIssues(rows);
      else setError(cause instanceof ApiError ? cause : ApiError.network());
    } finally {
      setBusy(false);
    }
  }

  return (
    <div style={{ marginBottom: 16 }}>
      <Space wrap>
        <Button icon={<DownloadOutlined aria-hidden />} onClick={() => void template()}>
          {t('inspections.import.template')}
        </Button>
        <label htmlFor={inputId} className="visually-hidden" style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
          {t('inspections.import.fileLabel')}
        </label>
        <input
          id={inputId}
          ref={input}
          type="file"
          hidden
          data-testid={`${kind}-import-file`}
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(event) => void onFile(event)}
        />
        <Button type="primary" icon={<FileExcelOutlined aria-hidden />} loading={busy} onClick={() => input.current?.click()}>
          {t('inspections.import.choose')}
        </Button>
      </Space>
      {error ? (
        <div style={{ marginTop: 12 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
      {issues.length > 0 ? (
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          data-testid="import-errors"
          message={t('inspections.import.errorsTitle', { count: formatNumber(issues.length) })}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {issues.slice(0, 50).map((issue) => (
                <li key={`${issue.field}-${issue.reason}`}>{issue.reason}</li>
              ))}
            </ul>
          }
        />
      ) : null}
    </div>
  );
}

type RegisterKind = 'entities' | 'inspectors';
type RegisterPage<T> = { items: T[]; total: number };
type RegisterQuery = { pairId: string; cityId: string; page: number; pageSize: number; q?: string };

/** One register's tab: the import bar for the office, a search box and the paged table. */
function RegisterTab<T extends { id: string }>({
  pairId,
  cityId,
  kind,
  load,
  columns,
}: RegisterProps & { kind: RegisterKind; load: (query: RegisterQuery) => Promise<RegisterPage<T>>; columns: TableColumnsType<T> }) {
  const { t } = useI18n();
  const session = useCurrentSession();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const list = useApi(() => load({ pairId, cityId, page, pageSize: PAGE_SIZE, q: q || undefined }), [pairId, cityId, page, q], { live: 'pair' });
  const single = kind === 'entities' ? 'entity' : 'inspector';
  return (
    <Card>
      {hasAnyPermission(session, ['inspections.write']) ? <ImportBar kind={kind} pairId={pairId} cityId={cityId} onDone={list.reload} /> : null}
      <FilterBar active={q ? 1 : 0}>
        <Form layout="inline" style={{ marginBottom: 16 }} name={`${single}-filters`}>
          <Form.Item label={t('inspections.search')} htmlFor={`${single}-q`}>
            <Input.Search
              id={`${single}-q`}
              allowClear
              placeholder={t(`inspections.${kind}.searchPlaceholder`)}
              onSearch={(value) => {
                setQ(value.trim());
                setPage(1);
              }}
              style={{ width: 260 }}
            />
          </Form.Item>
        </Form>
      </FilterBar>
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      <DataTable<T>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t(`inspections.${kind}.empty`) }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('table.total', { total: formatNumber(total) }),
          onChange: setPage,
        }}
        columns={columns}
      />
    </Card>
  );
}

function EntitiesTab({ pairId, cityId }: RegisterProps) {
  const { t } = useI18n();
  return (
    <RegisterTab<Schemas['InspectionEntity']>
      pairId={pairId}
      cityId={cityId}
      kind="entities"
      load={(query) => call(client.GET('/api/v1/inspections/entities', { params: { query } }))}
      columns={[
        { title: t('inspections.col.drawId'), dataIndex: 'drawId', width: 100 },
        { title: t('inspections.col.creditCode'), dataIndex: 'creditCode', width: 200 },
        { title: t('inspections.col.name'), dataIndex: 'name' },
        { title: t('inspections.col.grade'), dataIndex: 'creditGrade', width: 100, render: (g: string) => <Tag>{g}</Tag> },
        { title: t('inspections.col.industry'), dataIndex: 'industry', width: 140 },
        { title: t('inspections.col.location'), dataIndex: 'location', width: 160 },
      ]}
    />
  );
}

function InspectorsTab({ pairId, cityId }: RegisterProps) {
  const { t } = useI18n();
  return (
    <RegisterTab<Schemas['InspectionInspector']>
      pairId={pairId}
      cityId={cityId}
      kind="inspectors"
      load={(query) => call(client.GET('/api/v1/inspections/inspectors', { params: { query } }))}
      columns={[
        { title: t('inspections.col.badgeNo'), dataIndex: 'badgeNo', width: 140 },
        { title: t('inspections.col.person'), dataIndex: 'name', width: 120 },
        { title: t('inspections.col.unit'), dataIndex: 'unitName' },
        { title: t('inspections.col.qualifications'), dataIndex: 'qualifications', render: (q: string[]) => q.join('、') },
        {
          title: t('inspections.col.conflicts'),
          dataIndex: 'conflicts',
          width: 120,
          render: (c: string[]) => (c.length ? t('inspections.conflictCount', { count: c.length }) : '—'),
        },
        {
          title: t('inspections.col.active'),
          dataIndex: 'active',
          width: 90,
          render: (a: boolean) => <Tag color={a ? 'green' : 'default'}>{t(a ? 'inspections.active' : 'inspections.inactive')}</Tag>,
        },
      ]}
    />
  );
}

interface PlanFormValues {
  title: string;
  teamSize: number;
  ratios: Record<string, number>;
  industries?: string[];
  locations?: string[];
  requiredQualification?: string;
  previousPlanId?: string;
}

function PlansTab({ pairId, cityId }: RegisterProps) {
  const { lang, t } = useI18n();
  const session = useCurrentSession();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [form] = Form.useForm<PlanFormValues>();
  const list = useApi(() => call(client.GET('/api/v1/inspections/plans', { params: { query: { pairId, page, pageSize: PAGE_SIZE } } })), [pairId, page], {
    live: 'pair',
  });
  const canWrite = hasAnyPermission(session, ['inspections.write']);
  const previousOptions = (list.data?.items ?? [])
    .filter((p) => p.cityId === cityId && (p.status === 'drawn' || p.status === 'published'))
    .map((p) => ({ value: p.id, label: p.title }));

  async function submit(values: PlanFormValues) {
    setSaving(true);
    setError(null);
    try {
      const created = await call(
        client.POST('/api/v1/inspections/plans', {
          body: {
            pairId,
            cityId,
            title: values.title,
            teamSize: values.teamSize,
            grades: Object.keys(DEFAULT_RATIOS),
            ratiosPercent: Object.fromEntries(Object.entries(values.ratios).map(([grade, ratio]) => [grade, String(ratio)])),
            scope: {
              industries: values.industries?.length ? values.industries : undefined,
              locations: values.locations?.length ? values.locations : undefined,
            },
            requiredQualification: values.requiredQualification?.trim() || null,
            previousPlanId: values.previousPlanId ?? null,
          },
        }),
      );
      setOpen(false);
      navigate(`/inspections/plans/${created.id}`);
    } catch (cause) {
      const apiError = cause instanceof ApiError ? cause : ApiError.network();
      form.setFields(
        apiError.details.flatMap((d) => {
          const [head, tail] = d.field.split('.');
          const name = head === 'ratiosPercent' && tail ? ['ratios', tail] : head === 'scope' ? ['industries'] : [head ?? d.field];
          return [{ name, errors: [d.reason] }];
        }) as never,
      );
      setError(apiError);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card>
      {canWrite ? (
        <div style={{ marginBottom: 16 }}>
          <Button
            type="primary"
            icon={<PlusOutlined aria-hidden />}
            onClick={() => {
              form.resetFields();
              setError(null);
              setOpen(true);
            }}
          >
            {t('inspections.plans.create')}
          </Button>
        </div>
      ) : null}
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      <DataTable<InspectionPlan>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('inspections.plans.empty') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('table.total', { total: formatNumber(total) }),
          onChange: setPage,
        }}
        columns={[
          {
            title: t('inspections.plans.colTitle'),
            dataIndex: 'title',
            render: (title: string, plan) => <Link to={`/inspections/plans/${plan.id}`}>{title}</Link>,
          },
          { title: t('inspections.plans.colStatus'), dataIndex: 'status', width: 130, render: (s: InspectionPlan['status']) => <PlanStatusTag status={s} /> },
          { title: t('inspections.plans.colTeam'), dataIndex: 'teamSize', width: 100 },
          { title: t('inspections.plans.colCreated'), dataIndex: 'createdAt', width: 190, render: (at: string) => formatDateTime(at, lang) },
        ]}
      />
      <Modal
        open={open}
        title={t('inspections.form.title')}
        onCancel={() => setOpen(false)}
        okText={t('inspections.form.submit')}
        cancelText={t('inspections.form.cancel')}
        confirmLoading={saving}
        onOk={() => form.submit()}
        destroyOnHidden
        width={640}
      >
        {error && error.details.length === 0 ? <ErrorAlert error={error} /> : null}
        <Form<PlanFormValues>
          form={form}
          layout="vertical"
          name="inspection-plan"
          initialValues={{ teamSize: 2, ratios: DEFAULT_RATIOS }}
          onFinish={(values) => void submit(values)}
        >
          <Form.Item
            name="title"
            label={t('inspections.form.planTitle')}
            rules={[{ required: true, whitespace: true, message: t('inspections.form.required') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="teamSize" label={t('inspections.form.teamSize')} extra={t('inspections.form.teamSizeHint')}>
            <NumberInput min={2} max={20} precision={0} />
          </Form.Item>
          <Typography.Paragraph type="secondary">{t('inspections.form.ratiosHint')}</Typography.Paragraph>
          <Space wrap size={16}>
            {Object.keys(DEFAULT_RATIOS).map((grade) => (
              <Form.Item key={grade} name={['ratios', grade]} label={t('inspections.form.ratio', { grade })}>
                <NumberInput min={0} max={100} step={0.5} style={{ width: 120 }} />
              </Form.Item>
            ))}
          </Space>
          <Form.Item name="industries" label={t('inspections.form.industries')} extra={t('inspections.form.scopeHint')}>
            <Select mode="tags" open={false} suffixIcon={null} />
          </Form.Item>
          <Form.Item name="locations" label={t('inspections.form.locations')}>
            <Select mode="tags" open={false} suffixIcon={null} />
          </Form.Item>
          <Form.Item name="requiredQualification" label={t('inspections.form.qualification')}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="previousPlanId" label={t('inspections.form.previous')}>
            <Select allowClear options={previousOptions} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
