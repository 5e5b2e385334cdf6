import { Card, Form, Tabs } from 'antd';
import { Link, useLocation, useNavigate } from 'react-router';
import { call, client, type Schemas } from '../api/client.js';
import { Button } from '../components/Button.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FilterBar } from '../components/FilterBar.js';
import { RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { Select } from '../components/Select.js';
import { useApi } from '../components/useApi.js';
import { useReopen } from '../components/useReopen.js';
import { formatDate, formatDateTime, formatNumber } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../session/session.js';
import { useShell } from '../shell/pair.js';
import {
  labelContains,
  OverdueTag,
  oneOf,
  PAGE_SIZE,
  REPORT_STATUSES,
  type ReportStatus,
  ReportStatusTag,
  usePairUnitOptions,
  useQueryFilters,
} from './reports/common.js';
import { PeriodsTab } from './reports/PeriodsTab.js';

type Todo = Schemas['ReportTodo'];
type Report = Schemas['ProgressReport'];
type Tab = 'todo' | 'mine' | 'review' | 'periods';

/** The link that opens a to-do item: its report when one was started, else the empty form. */
export function todoLink(row: Todo): string {
  if (row.reportId) return `/reports/${row.reportId}`;
  return `/reports/fill?${new URLSearchParams({ taskId: row.taskId, unitId: row.unitId, periodId: row.periodId })}`;
}

export function ReportsPage() {
  return (
    <RequirePermission any={['tasks.report', 'reports.review', 'plans.write']}>
      <Reports />
    </RequirePermission>
  );
}

function Reports() {
  const { t } = useI18n();
  const session = useCurrentSession();
  const location = useLocation();
  const navigate = useNavigate();
  const reopen = useReopen();
  const tabs: { key: Tab; label: string }[] = [
    ...(hasAnyPermission(session, ['tasks.report'])
      ? [
          { key: 'todo' as const, label: t('reports.tab.todo') },
          { key: 'mine' as const, label: t('reports.tab.mine') },
        ]
      : []),
    ...(hasAnyPermission(session, ['reports.review']) ? [{ key: 'review' as const, label: t('enum.reportStatus.submitted') }] : []),
    // Whoever may create a plan's report periods (the coordination office) sets them up here.
    ...(hasAnyPermission(session, ['plans.write']) ? [{ key: 'periods' as const, label: t('reports.tab.periods') }] : []),
  ];
  // The tab is the last part of the path (/reports/todo, /reports/review), so notices and bookmarks can open one.
  const fromPath = oneOf(['todo', 'mine', 'review', 'periods'] as const, location.pathname.split('/')[2]);
  const active = tabs.find((tab) => tab.key === fromPath)?.key ?? tabs[0]?.key ?? 'todo';
  return (
    <div>
      <PageTitle>{t('reports.title')}</PageTitle>
      <Card>
        <Tabs
          activeKey={active}
          onChange={(key) => navigate(`/reports/${key}`)}
          onTabClick={(key) => key === active && reopen()}
          items={tabs.map((tab) => ({ ...tab, children: null }))}
          style={{ marginBottom: 0 }}
        />
        {active === 'todo' ? <TodoList /> : active === 'mine' ? <MyReports /> : active === 'periods' ? <PeriodsTab /> : <ReviewQueue />}
      </Card>
    </div>
  );
}

/** Whether the pair's published plan has no report period at all (then nothing can be owed yet). */
function useNoPeriods(ask: boolean) {
  const { pair } = useShell();
  const pairId = pair?.id ?? null;
  return useApi(async () => {
    if (!ask || !pairId) return false;
    const plans = await call(client.GET('/api/v1/plans', { params: { query: { pairId } } }));
    const plan = plans.items.find((p) => p.versions.some((v) => v.status === 'published'));
    if (!plan) return false;
    return (await call(client.GET('/api/v1/plans/{id}/report-periods', { params: { path: { id: plan.id } } }))).total === 0;
  }, [ask, pairId]);
}

function TodoList() {
  const { lang, t } = useI18n();
  const session = useCurrentSession();
  const { page, setPage } = useQueryFilters([] as const);
  const todo = useApi(() => call(client.GET('/api/v1/reports/todo', { params: { query: { page, pageSize: PAGE_SIZE } } })), [page], { live: 'pair' });
  const noPeriods = useNoPeriods(todo.data?.total === 0);
  const canSetUp = hasAnyPermission(session, ['plans.write']);
  const emptyText = noPeriods.data ? (
    <div data-testid="todo-no-periods">
      <div>{t(canSetUp ? 'reports.todoNoPeriodsOffice' : 'reports.todoNoPeriods')}</div>
      {canSetUp ? <Link to="/reports/periods">{t('dashboard.goPeriods')}</Link> : null}
    </div>
  ) : (
    t('reports.todoEmpty')
  );
  return (
    <>
      {todo.error ? <ErrorAlert error={todo.error} onRetry={todo.reload} /> : null}
      <DataTable<Todo>
        rowKey={(row) => `${row.taskId}:${row.unitId}:${row.periodId}`}
        loading={todo.loading}
        dataSource={todo.data?.items ?? []}
        locale={{ emptyText }}
        data-testid="todo-table"
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: todo.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('table.total', { total: formatNumber(total) }),
          onChange: setPage,
        }}
        columns={[
          { title: t('reports.colTask'), dataIndex: 'taskTitle', render: (title: string, row) => <Link to={todoLink(row)}>{title}</Link> },
          { title: t('reports.colUnit'), dataIndex: 'unitName', width: 160 },
          { title: t('reports.colPeriod'), dataIndex: 'periodLabel', width: 150 },
          {
            title: t('reports.colDue'),
            key: 'due',
            width: 230,
            render: (_, row) => (
              <span>
                {formatDate(row.dueOn, lang)}
                {row.overdue ? <OverdueTag /> : null}
              </span>
            ),
          },
          { title: t('reports.colStatus'), dataIndex: 'status', width: 110, render: (status: Todo['status']) => <ReportStatusTag status={status} /> },
          {
            title: t('reports.colAction'),
            key: 'action',
            width: 120,
            render: (_, row) => (
              <Link to={todoLink(row)} aria-label={t('reports.fillLabel', { task: row.taskTitle, period: row.periodLabel })}>
                {row.status === 'returned' ? t('reports.actionRevise') : row.status === 'draft' ? t('reports.actionContinue') : t('reports.actionFill')}
              </Link>
            ),
          },
        ]}
      />
    </>
  );
}

function StatusFilter({
  id,
  value,
  onChange,
  defaultAll,
}: {
  id: string;
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  defaultAll: boolean;
}) {
  const { t } = useI18n();
  return (
    <Form.Item label={t('reports.filterStatus')} htmlFor={id}>
      <Select<string>
        id={id}
        value={value ?? (defaultAll ? 'all' : 'submitted')}
        onChange={onChange}
        options={[
          ...REPORT_STATUSES.filter((s) => s !== 'draft' || defaultAll).map((s) => ({ value: s, label: t(`enum.reportStatus.${s}`) })),
          { value: 'all', label: t('reports.all') },
        ]}
        style={{ width: 130 }}
      />
    </Form.Item>
  );
}

function reportColumns(t: ReturnType<typeof useI18n>['t'], lang: ReturnType<typeof useI18n>['lang'], actionLabel: (r: Report) => string) {
  return [
    { title: t('reports.colTask'), dataIndex: 'taskTitle', render: (title: string, row: Report) => <Link to={`/reports/${row.id}`}>{title}</Link> },
    { title: t('reports.colUnit'), dataIndex: 'unitName', width: 150 },
    { title: t('reports.colPeriod'), dataIndex: 'periodLabel', width: 140 },
    { title: t('reports.colDue'), dataIndex: 'dueOn', width: 140, render: (due: string) => formatDate(due, lang) },
    { title: t('reports.colSubmittedAt'), dataIndex: 'submittedAt', width: 170, render: (at: string | null) => formatDateTime(at, lang) },
    { title: t('reports.colStatus'), dataIndex: 'status', width: 110, render: (status: ReportStatus) => <ReportStatusTag status={status} /> },
    {
      title: t('reports.colAction'),
      key: 'action',
      width: 90,
      render: (_: unknown, row: Report) => (
        <Link to={`/reports/${row.id}`} aria-label={`${actionLabel(row)}：${row.taskTitle}（${row.unitName}，${row.periodLabel}）`}>
          {actionLabel(row)}
        </Link>
      ),
    },
  ];
}

/** The reporter's own reports, whatever their state (what was submitted stays visible here). */
function MyReports() {
  const { lang, t } = useI18n();
  const { values, page, setFilter, setPage } = useQueryFilters(['status'] as const);
  const status = oneOf(REPORT_STATUSES, values.status);
  const list = useApi(() => call(client.GET('/api/v1/reports', { params: { query: { status, page, pageSize: PAGE_SIZE } } })), [status, page], {
    live: 'pair',
  });
  return (
    <>
      <FilterBar active={status === undefined ? 0 : 1}>
        <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} name="my-report-filters">
          <StatusFilter id="my-report-status" value={values.status} defaultAll onChange={(v) => setFilter('status', v === 'all' ? undefined : v)} />
        </Form>
      </FilterBar>
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      <DataTable<Report>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('reports.mineEmpty') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('table.total', { total: formatNumber(total) }),
          onChange: setPage,
        }}
        columns={reportColumns(t, lang, (r) => (r.status === 'draft' || r.status === 'returned' ? t('reports.actionEdit') : t('reports.actionView')))}
      />
    </>
  );
}

/** The office's queue: submitted reports by default, filtered by period, unit and status. */
function ReviewQueue() {
  const { lang, t } = useI18n();
  const { pair } = useShell();
  const pairId = pair?.id ?? null;
  const { values, page, setFilter, setPage, clearFilters } = useQueryFilters(['period', 'unit', 'status'] as const);
  // No status in the URL means the queue proper (submitted); 'all' lifts the filter.
  const status = values.status === 'all' ? undefined : (oneOf(REPORT_STATUSES, values.status) ?? 'submitted');
  const units = usePairUnitOptions(pair);
  const periods = useApi(async () => {
    if (!pairId) return [];
    const plans = await call(client.GET('/api/v1/plans', { params: { query: { pairId } } }));
    const plan = plans.items.find((p) => p.versions.some((v) => v.status === 'published'));
    return plan ? (await call(client.GET('/api/v1/report-periods', { params: { query: { planId: plan.id } } }))).items : [];
  }, [pairId]);
  const queue = useApi(
    () =>
      call(
        client.GET('/api/v1/reports', {
          params: { query: { status, periodId: values.period, unitId: values.unit, page, pageSize: PAGE_SIZE } },
        }),
      ),
    [status, values.period, values.unit, page],
    { live: 'pair' },
  );
  const filtered = values.period !== undefined || values.unit !== undefined || values.status !== undefined;
  return (
    <>
      <FilterBar active={[values.period, values.unit, values.status].filter((value) => value !== undefined).length}>
        <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} name="review-filters">
          <Form.Item label={t('reports.filterPeriod')} htmlFor="review-period">
            <Select<string>
              id="review-period"
              allowClear
              placeholder={t('reports.all')}
              value={values.period}
              onChange={(v) => setFilter('period', v)}
              loading={periods.loading}
              options={(periods.data ?? []).map((p) => ({ value: p.id, label: p.label }))}
              style={{ width: 170 }}
            />
          </Form.Item>
          <Form.Item label={t('reports.filterUnit')} htmlFor="review-unit">
            <Select<string>
              id="review-unit"
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
          <StatusFilter id="review-status" value={values.status} defaultAll={false} onChange={(v) => setFilter('status', v === 'submitted' ? undefined : v)} />
          {filtered ? (
            <Form.Item>
              <Button onClick={clearFilters}>{t('reports.clearFilters')}</Button>
            </Form.Item>
          ) : null}
        </Form>
      </FilterBar>
      {queue.error ? <ErrorAlert error={queue.error} onRetry={queue.reload} /> : null}
      {periods.error ? <ErrorAlert error={periods.error} onRetry={periods.reload} /> : null}
      <DataTable<Report>
        rowKey="id"
        loading={queue.loading}
        dataSource={queue.data?.items ?? []}
        locale={{ emptyText: status === 'submitted' ? t('reports.queueEmpty') : t('reports.listEmpty') }}
        data-testid="review-table"
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: queue.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('table.total', { total: formatNumber(total) }),
          onChange: setPage,
        }}
        columns={reportColumns(t, lang, (r) => (r.status === 'submitted' ? t('reports.actionReview') : t('reports.actionView')))}
      />
    </>
  );
}
