import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { App as AntApp, Card, DatePicker, Form, Input, Progress, Space } from 'antd';
import dayjs from 'dayjs';
import { Button } from '../components/Button.js';
import { Select } from '../components/Select.js';
import '../components/dayjsLocales.js';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, call, client, type Schemas } from '../api/client.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FilterBar } from '../components/FilterBar.js';
import { downloadFile } from '../components/files.js';
import { LightTag } from '../components/LightTag.js';
import { RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { TASK_LIGHTS, TASK_STATUSES, type TaskLight, type TaskStatus } from '../components/taskOptions.js';
import { UnitSelect, usePairUnits } from '../components/UnitPicker.js';
import { useApi } from '../components/useApi.js';
import { usePublishedPlan } from '../components/usePlanTree.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../session/session.js';
import { useShell } from '../shell/pair.js';

type Task = Schemas['TaskListItem'];
type Status = TaskStatus;
type Light = TaskLight;
const LIGHTS = TASK_LIGHTS;
const PAGE_SIZE = 20;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The list's filters as they stand in the URL (`/tasks?article=四&unit=…&page=2`), so reload and back keep them. */
interface Filters {
  chapter?: string;
  article?: string;
  unit?: string;
  city?: string;
  status?: Status;
  light?: Light;
  dueBefore?: string;
  q?: string;
  page: number;
}

type FilterKey = Exclude<keyof Filters, 'page'>;

function readFilters(params: URLSearchParams): Filters {
  const text = (key: FilterKey) => params.get(key)?.trim() || undefined;
  const status = params.get('status') as Status | null;
  const light = params.get('light') as Light | null;
  const dueBefore = text('dueBefore');
  const page = Number(params.get('page'));
  return {
    chapter: text('chapter'),
    article: text('article'),
    unit: text('unit'),
    city: text('city'),
    status: status && TASK_STATUSES.includes(status) ? status : undefined,
    light: light && LIGHTS.includes(light) ? light : undefined,
    dueBefore: dueBefore && DAY.test(dueBefore) ? dueBefore : undefined,
    q: text('q'),
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

export function TasksPage() {
  return (
    <RequirePermission any={['tasks.read']}>
      <Tasks />
    </RequirePermission>
  );
}

function Tasks() {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const { pair } = useShell();
  const pairId = pair?.id;
  const navigate = useNavigate();
  const canWrite = hasAnyPermission(useCurrentSession(), ['tasks.write']);
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const [qText, setQText] = useState(filters.q ?? '');
  const [exporting, setExporting] = useState(false);
  useEffect(() => setQText(filters.q ?? ''), [filters.q]);

  const published = usePublishedPlan(pairId);
  const tree = published.data?.tree;
  const units = usePairUnits(pairId);

  // The chapter and article filters mean the plan in force; the others run over all the pair's tasks.
  const planId = filters.chapter || filters.article ? published.data?.plan.id : undefined;
  const query = {
    pairId,
    planId,
    chapterNo: filters.chapter,
    articleNo: filters.article,
    unitId: filters.unit,
    cityId: filters.city,
    status: filters.status,
    light: filters.light,
    dueBefore: filters.dueBefore,
    q: filters.q,
  };
  // Until the plan is known, an article filter would run once without it and again with it.
  const waitingForPlan = Boolean(filters.chapter || filters.article) && published.loading;
  const tasks = useApi(
    () =>
      waitingForPlan
        ? new Promise<never>(() => undefined)
        : call(client.GET('/api/v1/tasks', { params: { query: { ...query, page: filters.page, pageSize: PAGE_SIZE } } })),
    [JSON.stringify(query), filters.page, waitingForPlan],
    { live: 'pair' },
  );

  /** Sets filters (a new history entry, so back returns to the previous ones) and goes back to page 1. */
  function update(changes: Partial<Record<FilterKey, string | undefined>>, page = 1) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (page > 1) next.set('page', String(page));
    else next.delete('page');
    setParams(next);
  }

  const chapters = tree?.chapters ?? [];
  const articles = chapters.filter((c) => !filters.chapter || c.number === filters.chapter).flatMap((c) => c.articles);

  async function exportLedger() {
    setExporting(true);
    try {
      await downloadFile(client.GET('/api/v1/tasks/export.xlsx', { params: { query }, parseAs: 'blob' }), 'task-ledger.xlsx');
    } catch (cause) {
      message.error((cause instanceof ApiError ? cause : ApiError.network()).text(lang));
    } finally {
      setExporting(false);
    }
  }

  const filtered = Object.entries(filters).some(([key, value]) => key !== 'page' && value !== undefined);

  return (
    <div>
      <PageTitle
        extra={
          canWrite ? (
            <Space wrap>
              <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => navigate('/tasks/new')}>
                {t('taskList.create')}
              </Button>
              <Button icon={<UploadOutlined aria-hidden />} onClick={() => navigate('/tasks/import')}>
                {t('taskList.import')}
              </Button>
              <Button icon={<DownloadOutlined aria-hidden />} loading={exporting} onClick={() => void exportLedger()}>
                {t('taskList.export')}
              </Button>
            </Space>
          ) : null
        }
      >
        {t('tasks.title')}
      </PageTitle>
      <Card>
        <FilterBar active={Object.entries(filters).filter(([key, value]) => key !== 'page' && value !== undefined).length}>
          <Form layout="inline" style={{ marginBottom: 16, rowGap: 12 }} name="task-filters" aria-label={t('taskList.filters')}>
            <Form.Item label={t('taskList.chapter')} htmlFor="task-chapter">
              <Select<string>
                id="task-chapter"
                allowClear
                placeholder={t('tasks.all')}
                value={filters.chapter}
                loading={published.loading}
                onChange={(value) => update({ chapter: value, article: undefined })}
                options={chapters.map((c) => ({ value: c.number, label: t('taskList.chapterOption', { no: c.number, title: c.title }) }))}
                style={{ width: 200 }}
                popupMatchSelectWidth={false}
              />
            </Form.Item>
            <Form.Item label={t('taskList.article')} htmlFor="task-article">
              <Select<string>
                id="task-article"
                allowClear
                showSearch
                optionFilterProp="label"
                placeholder={t('tasks.all')}
                value={filters.article}
                loading={published.loading}
                onChange={(value) => update({ article: value })}
                options={articles.map((a) => ({ value: a.number, label: t('taskList.articleOption', { no: a.number, title: a.title }) }))}
                style={{ width: 220 }}
                popupMatchSelectWidth={false}
              />
            </Form.Item>
            <Form.Item label={t('taskList.unit')} htmlFor="task-unit">
              <UnitSelect
                id="task-unit"
                units={units.data ?? []}
                pair={pair}
                loading={units.loading}
                placeholder={t('taskList.unitPlaceholder')}
                value={filters.unit}
                onChange={(value) => update({ unit: value })}
                style={{ width: 200 }}
              />
            </Form.Item>
            <Form.Item label={t('taskList.city')} htmlFor="task-city">
              <Select<string>
                id="task-city"
                allowClear
                placeholder={t('tasks.all')}
                value={filters.city}
                onChange={(value) => update({ city: value })}
                options={(pair?.cities ?? []).map((c) => ({ value: c.id, label: c.name }))}
                style={{ width: 120 }}
              />
            </Form.Item>
            <Form.Item label={t('tasks.filterStatus')} htmlFor="task-status">
              <Select<Status>
                id="task-status"
                allowClear
                placeholder={t('tasks.all')}
                value={filters.status}
                onChange={(value) => update({ status: value })}
                options={TASK_STATUSES.map((s) => ({ value: s, label: t(`enum.taskStatus.${s}`) }))}
                style={{ width: 120 }}
              />
            </Form.Item>
            <Form.Item label={t('tasks.filterLight')} htmlFor="task-light">
              <Select<Light>
                id="task-light"
                allowClear
                placeholder={t('tasks.all')}
                value={filters.light}
                onChange={(value) => update({ light: value })}
                options={LIGHTS.map((l) => ({ value: l, label: t(`enum.light.${l}`) }))}
                style={{ width: 140 }}
              />
            </Form.Item>
            <Form.Item label={t('taskList.dueBefore')} htmlFor="task-due-before">
              <DatePicker
                id="task-due-before"
                value={filters.dueBefore ? dayjs(filters.dueBefore) : null}
                format="YYYY-MM-DD"
                onChange={(value) => update({ dueBefore: value ? value.format('YYYY-MM-DD') : undefined })}
                style={{ width: 150 }}
              />
            </Form.Item>
            <Form.Item label={t('tasks.search')} htmlFor="task-q">
              <Input.Search
                id="task-q"
                allowClear
                placeholder={t('tasks.searchPlaceholder')}
                value={qText}
                onChange={(event) => setQText(event.target.value)}
                onSearch={(value) => update({ q: value.trim() || undefined })}
                enterButton={t('taskList.searchButton')}
                style={{ width: 280 }}
              />
            </Form.Item>
            {filtered ? (
              <Form.Item>
                <Button onClick={() => setParams(new URLSearchParams())}>{t('taskList.reset')}</Button>
              </Form.Item>
            ) : null}
          </Form>
        </FilterBar>
        {tasks.error ? <ErrorAlert error={tasks.error} onRetry={tasks.reload} /> : null}
        {published.error ? <ErrorAlert error={published.error} onRetry={published.reload} /> : null}
        <DataTable<Task>
          rowKey="id"
          data-testid="task-table"
          loading={tasks.loading}
          dataSource={tasks.data?.items ?? []}
          locale={{ emptyText: filtered ? t('taskList.emptyFiltered') : t('tasks.empty') }}
          pagination={{
            current: filters.page,
            pageSize: PAGE_SIZE,
            total: tasks.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => <span data-testid="task-total">{t('table.total', { total: formatNumber(total) })}</span>,
            onChange: (page) => update({}, page),
          }}
          columns={[
            { title: t('tasks.colArticle'), dataIndex: 'articleNo', width: 90, render: (no: string) => t('tasks.articleNo', { no }) },
            { title: t('tasks.colTitle'), dataIndex: 'title', render: (title: string, task) => <Link to={`/tasks/${task.id}`}>{title}</Link> },
            {
              title: t('tasks.colLead'),
              key: 'lead',
              width: 200,
              render: (_, task) =>
                task.units
                  .filter((u) => u.role === 'lead')
                  .map((u) => u.name)
                  .join('、') || '—',
            },
            { title: t('tasks.colDue'), dataIndex: 'dueOn', width: 140, render: (due: string | null) => formatDate(due, lang) },
            { title: t('tasks.colStatus'), dataIndex: 'status', width: 110, render: (s: Status) => t(`enum.taskStatus.${s}`) },
            { title: t('tasks.colLight'), dataIndex: 'light', width: 130, render: (l: Light) => <LightTag light={l} /> },
            {
              title: t('tasks.colProgress'),
              dataIndex: 'progress',
              width: 130,
              render: (p: number | null) => (p === null ? '—' : <Progress percent={p} size="small" aria-label={t('common.progress')} />),
            },
          ]}
        />
      </Card>
    </div>
  );
}
