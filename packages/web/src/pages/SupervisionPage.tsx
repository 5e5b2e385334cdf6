import { FileTextOutlined, NotificationOutlined, PlusOutlined, SettingOutlined, TrophyOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Card, DatePicker, Drawer, Form, Input, Modal, Radio, Segmented, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { type ApiError, call, client, type Schemas } from '../api/client.js';
import { Button } from '../components/Button.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FilterBar } from '../components/FilterBar.js';
import { showFieldErrors } from '../components/fieldErrors.js';
import { NumberInput } from '../components/NumberInput.js';
import { RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { Select } from '../components/Select.js';
import { useApi } from '../components/useApi.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../session/session.js';
import { useShell } from '../shell/pair.js';
import { readsInstructionList } from './instructions/shared.js';
import {
  asApiError,
  chinaToday,
  labelContains,
  oneOf,
  PAGE_SIZE,
  SUPERVISION_STATUSES,
  SupervisionStatusTag,
  usePairUnitOptions,
  useQueryFilters,
} from './reports/common.js';
import { SourceLink, SupervisionLightTag } from './supervision/shared.js';

type Item = Schemas['SupervisionItem'];
type TaskRow = Schemas['TaskListItem'];

export function SupervisionPage() {
  return (
    <RequirePermission any={['supervision.read']}>
      <Supervision />
    </RequirePermission>
  );
}

/** The queues of a unit (what it must do) and of an office (what waits for it), as list filters. */
const UNIT_QUEUES = ['to_sign', 'to_handle', 'all'] as const;
const OFFICE_QUEUES = ['all', 'to_review', 'extensions', 'red'] as const;
type Queue = (typeof UNIT_QUEUES)[number] | (typeof OFFICE_QUEUES)[number];
const QUEUE_QUERY: Record<Queue, { status?: Item['status']; light?: Item['light']; extensionPending?: 'true'; mine?: 'true' }> = {
  all: {},
  to_sign: { status: 'assigned', mine: 'true' },
  to_handle: { status: 'in_progress', mine: 'true' },
  to_review: { status: 'completion_requested' },
  extensions: { extensionPending: 'true' },
  red: { light: 'red' },
};
const QUEUE_LABEL = {
  all: 'supervisionLoop.queueAll',
  to_sign: 'enum.supervisionStatus.assigned',
  to_handle: 'supervisionLoop.queueToHandle',
  to_review: 'enum.supervisionStatus.completion_requested',
  extensions: 'supervisionLoop.queueExtensions',
  red: 'supervisionLoop.queueRed',
} as const;
const SUPERVISION_LIGHTS = ['red', 'yellow', 'green', 'done'] as const;
const SUPERVISION_FIGURES = ['raised', 'closed_on_time', 'closed_late', 'extended', 'overdue', 'chased'] as const;

/** `/supervision/new` opens the form at once, prefilled from its query (a source, a unit, a task). */
export function SupervisionNewPage() {
  return (
    <RequirePermission any={['supervision.write']}>
      <Supervision startCreating />
    </RequirePermission>
  );
}

function Supervision({ startCreating = false }: { startCreating?: boolean }) {
  const { lang, t } = useI18n();
  const session = useCurrentSession();
  const navigate = useNavigate();
  const { pair } = useShell();
  const pairId = pair?.id;
  const canCreate = hasAnyPermission(session, ['supervision.write']);
  const isUnit = !canCreate && hasAnyPermission(session, ['supervision.reply']);
  const { values, page, setFilter, setPage, clearFilters } = useQueryFilters([
    'queue',
    'status',
    'overdue',
    'light',
    'unitId',
    'event',
    'from',
    'to',
    'waitingFor',
    'mine',
  ] as const);
  const queues = isUnit ? UNIT_QUEUES : canCreate ? OFFICE_QUEUES : (['all'] as const);
  const queue = oneOf(queues, values.queue) ?? 'all';
  const status = oneOf(SUPERVISION_STATUSES, values.status);
  const overdue = oneOf(['true', 'false'] as const, values.overdue);
  const light = oneOf(SUPERVISION_LIGHTS, values.light);
  const figure = oneOf(SUPERVISION_FIGURES, values.event);
  // 工作台's "see all": whose move it is, and the unit's own items.
  const waitingFor = oneOf(['unit', 'office'] as const, values.waitingFor);
  const mine = oneOf(['true'] as const, values.mine);
  const from = values.from && /^\d{4}-\d{2}-\d{2}$/.test(values.from) ? values.from : undefined;
  const to = values.to && /^\d{4}-\d{2}-\d{2}$/.test(values.to) ? values.to : undefined;
  const [creating, setCreating] = useState(startCreating);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const units = usePairUnitOptions(pair ?? null);
  const queueQuery = QUEUE_QUERY[queue];
  const items = useApi(
    () =>
      call(
        client.GET('/api/v1/supervision', {
          params: {
            query: {
              pairId,
              status: queueQuery.status ?? status,
              overdue,
              light: queueQuery.light ?? light,
              extensionPending: queueQuery.extensionPending,
              mine: queueQuery.mine ?? mine,
              waitingFor,
              unitId: values.unitId,
              event: figure,
              from: figure ? from : undefined,
              to: figure ? to : undefined,
              page,
              pageSize: PAGE_SIZE,
            },
          },
        }),
      ),
    [pairId, queue, status, overdue, light, values.unitId, figure, from, to, waitingFor, mine, page],
    { live: 'pair' },
  );
  const filtered =
    status !== undefined || overdue !== undefined || light !== undefined || values.unitId !== undefined || figure !== undefined || waitingFor !== undefined;

  return (
    <div>
      <PageTitle
        extra={
          <Space wrap>
            <Button icon={<NotificationOutlined aria-hidden />} onClick={() => navigate('/supervision/bulletins')}>
              {t('menu.bulletins')}
            </Button>
            <Button icon={<TrophyOutlined aria-hidden />} onClick={() => navigate('/supervision/scores')}>
              {t('scoring.title')}
            </Button>
            {readsInstructionList(session, pair ?? null) ? (
              <Button icon={<FileTextOutlined aria-hidden />} onClick={() => navigate('/supervision/instructions')}>
                {t('instructions.open')}
              </Button>
            ) : null}
            {canCreate ? (
              <Button icon={<SettingOutlined aria-hidden />} onClick={() => setSettingsOpen(true)}>
                {t('supervisionLoop.settings')}
              </Button>
            ) : null}
            {canCreate ? (
              <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
                {t('supervision.create')}
              </Button>
            ) : null}
          </Space>
        }
      >
        {t('supervision.title')}
      </PageTitle>
      <Card>
        {queues.length > 1 ? (
          <Segmented<Queue>
            aria-label={t('supervisionLoop.queues')}
            style={{ marginBottom: 16, maxWidth: '100%', overflowX: 'auto' }}
            value={queue}
            onChange={(next) => setFilter('queue', next === 'all' ? undefined : next)}
            options={queues.map((q) => ({ value: q, label: t(QUEUE_LABEL[q]) }))}
          />
        ) : null}
        {figure ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="supervision-figure"
            message={
              from && to
                ? t('supervisionLoop.figureFilter', { figure: t(`enum.supervisionFigure.${figure}`), from: formatDate(from, lang), to: formatDate(to, lang) })
                : t('supervisionLoop.figureFilterOpen', { figure: t(`enum.supervisionFigure.${figure}`) })
            }
          />
        ) : null}
        <FilterBar active={[status, overdue, light, values.unitId].filter((value) => value !== undefined).length}>
          <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} name="supervision-filters">
            <Form.Item label={t('supervision.filterStatus')} htmlFor="supervision-status">
              <Select<string>
                id="supervision-status"
                allowClear
                placeholder={t('reports.all')}
                value={status}
                onChange={(v) => setFilter('status', v)}
                options={SUPERVISION_STATUSES.map((s) => ({ value: s, label: t(`enum.supervisionStatus.${s}`) }))}
                style={{ width: 140 }}
              />
            </Form.Item>
            <Form.Item label={t('supervision.filterOverdue')} htmlFor="supervision-overdue">
              <Select<string>
                id="supervision-overdue"
                allowClear
                placeholder={t('reports.all')}
                value={overdue}
                onChange={(v) => setFilter('overdue', v)}
                options={[
                  { value: 'true', label: t('supervision.overdueOnly') },
                  { value: 'false', label: t('supervision.notOverdue') },
                ]}
                style={{ width: 130 }}
              />
            </Form.Item>
            <Form.Item label={t('supervisionLoop.filterLight')} htmlFor="supervision-light">
              <Select<string>
                id="supervision-light"
                allowClear
                placeholder={t('reports.all')}
                value={light}
                onChange={(v) => setFilter('light', v)}
                options={SUPERVISION_LIGHTS.map((l) => ({ value: l, label: t(`enum.supervisionLight.${l}`) }))}
                style={{ width: 110 }}
              />
            </Form.Item>
            <Form.Item label={t('supervision.filterUnit')} htmlFor="supervision-unit">
              <Select<string>
                id="supervision-unit"
                allowClear
                showSearch
                filterOption={labelContains}
                placeholder={t('reports.all')}
                value={values.unitId}
                onChange={(v) => setFilter('unitId', v)}
                loading={units.loading}
                options={units.options}
                style={{ width: 220 }}
              />
            </Form.Item>
            {filtered ? (
              <Form.Item>
                <Button onClick={clearFilters}>{t('reports.clearFilters')}</Button>
              </Form.Item>
            ) : null}
          </Form>
        </FilterBar>
        {items.error ? <ErrorAlert error={items.error} onRetry={items.reload} /> : null}
        <DataTable<Item>
          rowKey="id"
          loading={items.loading}
          dataSource={items.data?.items ?? []}
          locale={{ emptyText: filtered ? t('supervision.noMatch') : t('supervision.empty') }}
          data-testid="supervision-table"
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: items.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('table.total', { total: formatNumber(total) }),
            onChange: setPage,
          }}
          columns={[
            {
              title: t('supervision.colRequirement'),
              dataIndex: 'requirement',
              ellipsis: true,
              render: (text: string, item) => <Link to={`/supervision/${item.id}`}>{text}</Link>,
            },
            {
              title: t('supervisionLoop.colSource'),
              key: 'source',
              width: 220,
              ellipsis: true,
              render: (_, item) => <SourceLink item={item} />,
            },
            { title: t('supervision.colUnit'), dataIndex: 'unitName', width: 150 },
            {
              title: t('supervision.colDeadline'),
              key: 'deadline',
              width: 220,
              render: (_, item) => (
                <span>
                  {formatDate(item.deadline, lang)}
                  <SupervisionLightTag light={item.light} />
                </span>
              ),
            },
            {
              title: t('supervisionLoop.colCounts'),
              key: 'counts',
              width: 150,
              render: (_, item) => t('supervisionLoop.counts', { chased: formatNumber(item.chaseCount), extended: formatNumber(item.extensionCount) }),
            },
            { title: t('supervision.colStatus'), dataIndex: 'status', width: 110, render: (s: Item['status']) => <SupervisionStatusTag status={s} /> },
          ]}
        />
      </Card>
      {canCreate && pair ? <SettingsDialog pairId={pair.id} open={settingsOpen} onClose={() => setSettingsOpen(false)} /> : null}
      {canCreate ? (
        <CreateDrawer
          open={creating}
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            navigate(`/supervision/${id}`);
          }}
        />
      ) : null}
    </div>
  );
}

interface CreateValues {
  target: 'task' | 'unit';
  taskId?: string;
  unitId?: string;
  coUnitIds?: string[];
  ownerUserId?: string;
  requirement: string;
  deadline?: Dayjs;
}

const CREATE_FIELDS = new Set(['taskId', 'unitId', 'coUnitIds', 'ownerUserId', 'requirement', 'deadline']);
const SOURCE_KEYS = ['instructionId', 'reportId', 'inspectionId'] as const;
const SOURCE_KIND = { instructionId: 'instruction', reportId: 'report', inspectionId: 'inspection' } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A source the form was opened from (`?instructionId=…`), a unit and a task to start with. */
function usePrefill() {
  const [params] = useSearchParams();
  const valid = (key: string) => {
    const value = params.get(key);
    return value && UUID.test(value) ? value : undefined;
  };
  const source = SOURCE_KEYS.map((key) => ({ key, id: valid(key) })).find((s) => s.id !== undefined);
  return { source: source as { key: (typeof SOURCE_KEYS)[number]; id: string } | undefined, unitId: valid('unitId'), taskId: valid('taskId') };
}

/** The pair's warning window and signing deadlines, for an office of the whole pair. */
function SettingsDialog({ pairId, open, onClose }: { pairId: string; open: boolean; onClose: () => void }) {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ warnDays: number; signDays: number; escalateDays: number }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const current = useApi(async () => {
    if (!open) return null;
    return call(client.GET('/api/v1/pairs/{id}/supervision-settings', { params: { path: { id: pairId } } }));
  }, [open, pairId]);
  useEffect(() => {
    if (current.data) form.setFieldsValue(current.data);
  }, [current.data, form]);

  async function save() {
    setSaving(true);
    setError(null);
    try {
      const values = await form.validateFields();
      await call(client.PUT('/api/v1/pairs/{id}/supervision-settings', { params: { path: { id: pairId } }, body: values }));
      message.success(t('supervisionLoop.settingsSaved'));
      onClose();
    } catch (cause) {
      if (!(cause instanceof Error) && !(typeof cause === 'object' && cause !== null && 'status' in cause)) return;
      const apiError = asApiError(cause);
      const rest = showFieldErrors(form, apiError, lang, (field) => (['warnDays', 'signDays', 'escalateDays'].includes(field) ? field : null));
      if (apiError.details.length === 0 || rest.length > 0) setError(apiError);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      title={t('supervisionLoop.settingsTitle')}
      open={open}
      onCancel={onClose}
      onOk={() => void save()}
      okText={t('supervisionLoop.save')}
      okButtonProps={{ loading: saving }}
      cancelText={t('report.cancel')}
    >
      <Form form={form} layout="vertical" name="supervision-settings">
        {(['warnDays', 'signDays', 'escalateDays'] as const).map((field) => (
          <Form.Item key={field} label={t(`supervisionLoop.${field}`)} name={field} extra={t(`supervisionLoop.${field}Hint`)} rules={[{ required: true }]}>
            <NumberInput min={field === 'warnDays' ? 0 : 1} max={60} precision={0} style={{ width: 120 }} />
          </Form.Item>
        ))}
      </Form>
      {error ? <ErrorAlert error={error} /> : null}
    </Modal>
  );
}

/** Raises an item on a task (for one of its units) or on a unit alone. */
function CreateDrawer({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const { lang, t } = useI18n();
  const { pair } = useShell();
  const pairId = pair?.id ?? null;
  const [form] = Form.useForm<CreateValues>();
  const target = Form.useWatch('target', form) ?? 'task';
  const taskId = Form.useWatch('taskId', form);
  const unitId = Form.useWatch('unitId', form);
  const [query, setQuery] = useState('');
  const [debounced, setDebounced] = useState('');
  const [chosenTask, setChosenTask] = useState<TaskRow | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const units = usePairUnitOptions(pair);
  const prefill = usePrefill();

  // Opened from a source or a unit (`/supervision/new?…`): start on that unit (and task).
  useEffect(() => {
    if (!open || (!prefill.unitId && !prefill.taskId)) return;
    form.setFieldsValue({ target: prefill.taskId ? 'task' : 'unit', unitId: prefill.unitId, taskId: prefill.taskId });
  }, [open, prefill.unitId, prefill.taskId, form]);

  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(query.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [query]);

  const tasks = useApi(async () => {
    if (!open || !pairId || target !== 'task') return [];
    return (await call(client.GET('/api/v1/tasks', { params: { query: { pairId, q: debounced || undefined, pageSize: 20 } } }))).items;
  }, [open, pairId, target, debounced]);

  const users = useApi(async () => {
    if (!open || !unitId) return [];
    return (await call(client.GET('/api/v1/users', { params: { query: { unitId, status: 'active', pageSize: 100 } } }))).items;
  }, [open, unitId]);

  const taskOptions = useMemo(() => {
    const rows = tasks.data ?? [];
    const all = chosenTask && !rows.some((r) => r.id === chosenTask.id) ? [chosenTask, ...rows] : rows;
    return all.map((task) => ({ value: task.id, label: `${t('report.articleNo', { no: task.articleNo })} · ${task.title}`, task }));
  }, [tasks.data, chosenTask, t]);

  const unitOptions =
    target === 'task'
      ? (chosenTask?.units ?? []).map((u) => ({
          value: u.unitId,
          label: `${u.name}（${t(`enum.unitRoleOnTask.${u.role}`)}）`,
        }))
      : units.options;

  async function submit(values: CreateValues) {
    setSaving(true);
    setError(null);
    try {
      const created = await call(
        client.POST('/api/v1/supervision', {
          body: {
            taskId: values.target === 'task' ? (values.taskId ?? null) : null,
            unitId: values.unitId ?? '',
            coUnitIds: values.coUnitIds ?? [],
            ownerUserId: values.ownerUserId ?? null,
            ...(prefill.source ? { [prefill.source.key]: prefill.source.id } : {}),
            requirement: values.requirement,
            deadline: values.deadline?.format('YYYY-MM-DD') ?? '',
          },
        }),
      );
      form.resetFields();
      setChosenTask(null);
      onCreated(created.id);
    } catch (cause) {
      const apiError = asApiError(cause);
      const rest = showFieldErrors(form, apiError, lang, (field) => (CREATE_FIELDS.has(field) ? field : null));
      if (apiError.details.length === 0 || rest.length > 0) setError(apiError);
    } finally {
      setSaving(false);
    }
  }

  const today = chinaToday();
  return (
    <Drawer
      title={t('supervision.createTitle')}
      open={open}
      onClose={onClose}
      width={560}
      extra={
        <Space>
          <Button onClick={onClose}>{t('report.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {t('supervision.createOk')}
          </Button>
        </Space>
      }
    >
      <Form<CreateValues> form={form} layout="vertical" name="supervision-create" initialValues={{ target: 'task' }} onFinish={submit} disabled={saving}>
        {prefill.source ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="supervision-create-source"
            message={t('supervisionLoop.sourceFixed', { source: t(`enum.supervisionSource.${SOURCE_KIND[prefill.source.key]}`) })}
          />
        ) : null}
        <Form.Item label={t('supervision.target')} name="target">
          <Radio.Group
            onChange={() => {
              form.setFieldsValue({ taskId: undefined, unitId: undefined, ownerUserId: undefined });
              setChosenTask(null);
            }}
            options={[
              { value: 'task', label: t('supervision.targetTask') },
              { value: 'unit', label: t('supervision.targetUnit') },
            ]}
          />
        </Form.Item>
        {target === 'task' ? (
          <Form.Item label={t('supervision.task')} name="taskId" rules={[{ required: true, message: t('supervision.taskRequired') }]}>
            <Select<string>
              showSearch
              filterOption={false}
              onSearch={setQuery}
              loading={tasks.loading}
              placeholder={t('supervision.taskPlaceholder')}
              notFoundContent={tasks.loading ? t('app.loading') : t('supervision.noTask')}
              options={taskOptions}
              onChange={(id) => {
                const option = taskOptions.find((o) => o.value === id);
                setChosenTask(option?.task ?? null);
                const lead = option?.task.units.find((u) => u.role === 'lead');
                form.setFieldsValue({ unitId: lead?.unitId, ownerUserId: undefined });
              }}
            />
          </Form.Item>
        ) : null}
        <Form.Item
          label={t('supervision.unit')}
          name="unitId"
          rules={[{ required: true, message: t('supervision.unitRequired') }]}
          extra={target === 'task' && !taskId ? t('supervision.unitAfterTask') : undefined}
        >
          <Select<string>
            showSearch
            filterOption={labelContains}
            options={unitOptions}
            loading={target === 'unit' && units.loading}
            onChange={() => form.setFieldsValue({ ownerUserId: undefined })}
          />
        </Form.Item>
        <Form.Item label={t('supervisionLoop.coUnits')} name="coUnitIds" extra={t('supervisionLoop.coUnitsHint')}>
          <Select<string[]>
            mode="multiple"
            allowClear
            showSearch
            filterOption={labelContains}
            loading={units.loading}
            options={units.options.map((group) => ({ ...group, options: group.options.filter((o) => o.value !== unitId) }))}
          />
        </Form.Item>
        <Form.Item label={t('supervision.owner')} name="ownerUserId" extra={t('supervision.ownerHint')}>
          <Select<string>
            allowClear
            showSearch
            filterOption={labelContains}
            disabled={!unitId}
            loading={users.loading}
            options={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))}
          />
        </Form.Item>
        <Form.Item
          label={t('supervision.requirement')}
          name="requirement"
          rules={[{ required: true, whitespace: true, message: t('supervision.requirementRequired') }]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item label={t('supervision.deadline')} name="deadline" rules={[{ required: true, message: t('supervision.deadlineRequired') }]}>
          <DatePicker style={{ width: 200 }} format="YYYY-MM-DD" disabledDate={(day) => day.format('YYYY-MM-DD') < today} />
        </Form.Item>
        {error ? <ErrorAlert error={error} /> : null}
        <Typography.Text type="secondary">{t('supervision.createHint')}</Typography.Text>
      </Form>
    </Drawer>
  );
}
