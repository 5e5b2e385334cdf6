import { FileTextOutlined, PlusOutlined } from '@ant-design/icons';
import { Card, DatePicker, Drawer, Form, Input, Radio, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { type ApiError, call, client, type Schemas } from '../api/client.js';
import { Button } from '../components/Button.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FilterBar } from '../components/FilterBar.js';
import { showFieldErrors } from '../components/fieldErrors.js';
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
  OverdueTag,
  oneOf,
  PAGE_SIZE,
  SUPERVISION_STATUSES,
  SupervisionStatusTag,
  usePairUnitOptions,
  useQueryFilters,
} from './reports/common.js';

type Item = Schemas['SupervisionItem'];
type TaskRow = Schemas['TaskListItem'];

export function SupervisionPage() {
  return (
    <RequirePermission any={['supervision.read']}>
      <Supervision />
    </RequirePermission>
  );
}

function Supervision() {
  const { lang, t } = useI18n();
  const session = useCurrentSession();
  const navigate = useNavigate();
  const { pair } = useShell();
  const pairId = pair?.id;
  const canCreate = hasAnyPermission(session, ['supervision.write']);
  const { values, page, setFilter, setPage, clearFilters } = useQueryFilters(['status', 'overdue', 'unit'] as const);
  const status = oneOf(SUPERVISION_STATUSES, values.status);
  const overdue = oneOf(['true', 'false'] as const, values.overdue);
  const [creating, setCreating] = useState(false);
  const units = usePairUnitOptions(pair ?? null);
  const items = useApi(
    () => call(client.GET('/api/v1/supervision', { params: { query: { pairId, status, overdue, unitId: values.unit, page, pageSize: PAGE_SIZE } } })),
    [pairId, status, overdue, values.unit, page],
    { live: 'pair' },
  );
  const filtered = status !== undefined || overdue !== undefined || values.unit !== undefined;

  return (
    <div>
      <PageTitle
        extra={
          <Space wrap>
            {readsInstructionList(session, pair ?? null) ? (
              <Button icon={<FileTextOutlined aria-hidden />} onClick={() => navigate('/supervision/instructions')}>
                {t('instructions.open')}
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
        <FilterBar active={[status, overdue, values.unit].filter((value) => value !== undefined).length}>
          <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} name="supervision-filters">
            <Form.Item label={t('supervision.filterStatus')} htmlFor="supervision-status">
              <Select<string>
                id="supervision-status"
                allowClear
                placeholder={t('reports.all')}
                value={status}
                onChange={(v) => setFilter('status', v)}
                options={SUPERVISION_STATUSES.map((s) => ({ value: s, label: t(`enum.supervisionStatus.${s}`) }))}
                style={{ width: 130 }}
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
            <Form.Item label={t('supervision.filterUnit')} htmlFor="supervision-unit">
              <Select<string>
                id="supervision-unit"
                allowClear
                showSearch
                filterOption={labelContains}
                placeholder={t('reports.all')}
                value={values.unit}
                onChange={(v) => setFilter('unit', v)}
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
              title: t('supervision.colTask'),
              dataIndex: 'taskTitle',
              width: 220,
              ellipsis: true,
              render: (title: string | null, item) => (title && item.taskId ? <Link to={`/tasks/${item.taskId}`}>{title}</Link> : (title ?? '—')),
            },
            { title: t('supervision.colUnit'), dataIndex: 'unitName', width: 150 },
            {
              title: t('supervision.colDeadline'),
              key: 'deadline',
              width: 220,
              render: (_, item) => (
                <span>
                  {formatDate(item.deadline, lang)}
                  {item.overdue ? <OverdueTag /> : null}
                </span>
              ),
            },
            { title: t('supervision.colStatus'), dataIndex: 'status', width: 110, render: (s: Item['status']) => <SupervisionStatusTag status={s} /> },
          ]}
        />
      </Card>
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
  ownerUserId?: string;
  requirement: string;
  deadline?: Dayjs;
}

const CREATE_FIELDS = new Set(['taskId', 'unitId', 'ownerUserId', 'requirement', 'deadline']);

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
            ownerUserId: values.ownerUserId ?? null,
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
