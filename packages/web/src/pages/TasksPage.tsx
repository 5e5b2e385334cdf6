import { Card, Form, Input, Progress, Select, Table } from 'antd';
import { useState } from 'react';
import { call, client, type Schemas } from '../api/client.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { LightTag } from '../components/LightTag.js';
import { RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { useApi } from '../components/useApi.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { useShell } from '../shell/pair.js';

type Task = Schemas['TaskListItem'];
type Status = Task['status'];
type Light = Task['light'];

const STATUSES: Status[] = ['not_started', 'in_progress', 'done', 'delayed', 'paused'];
const LIGHTS: Light[] = ['red', 'amber', 'green', 'grey'];
const PAGE_SIZE = 20;

export function TasksPage() {
  return (
    <RequirePermission any={['tasks.read']}>
      <Tasks />
    </RequirePermission>
  );
}

function Tasks() {
  const { lang, t } = useI18n();
  const { pair } = useShell();
  const pairId = pair?.id;
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<Status | undefined>();
  const [light, setLight] = useState<Light | undefined>();
  const [q, setQ] = useState('');

  const tasks = useApi(
    () => call(client.GET('/api/v1/tasks', { params: { query: { pairId, page, pageSize: PAGE_SIZE, status, light, q: q || undefined } } })),
    [pairId, page, status, light, q],
  );

  return (
    <div>
      <PageTitle>{t('tasks.title')}</PageTitle>
      <Card>
        <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} name="task-filters">
          <Form.Item label={t('tasks.search')} htmlFor="task-q">
            <Input.Search
              id="task-q"
              allowClear
              placeholder={t('tasks.searchPlaceholder')}
              onSearch={(value) => {
                setQ(value.trim());
                setPage(1);
              }}
              style={{ width: 240 }}
            />
          </Form.Item>
          <Form.Item label={t('tasks.filterStatus')} htmlFor="task-status">
            <Select<Status>
              id="task-status"
              allowClear
              placeholder={t('tasks.all')}
              value={status}
              onChange={(value) => {
                setStatus(value);
                setPage(1);
              }}
              options={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
              style={{ width: 140 }}
            />
          </Form.Item>
          <Form.Item label={t('tasks.filterLight')} htmlFor="task-light">
            <Select<Light>
              id="task-light"
              allowClear
              placeholder={t('tasks.all')}
              value={light}
              onChange={(value) => {
                setLight(value);
                setPage(1);
              }}
              options={LIGHTS.map((l) => ({ value: l, label: t(`light.${l}`) }))}
              style={{ width: 160 }}
            />
          </Form.Item>
        </Form>
        {tasks.error ? <ErrorAlert error={tasks.error} onRetry={tasks.reload} /> : null}
        <Table<Task>
          rowKey="id"
          loading={tasks.loading}
          dataSource={tasks.data?.items ?? []}
          locale={{ emptyText: t('tasks.empty') }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: tasks.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('table.total', { total: formatNumber(total) }),
            onChange: setPage,
          }}
          columns={[
            { title: t('tasks.colArticle'), dataIndex: 'articleNo', width: 100, render: (no: string) => t('tasks.articleNo', { no }) },
            { title: t('tasks.colTitle'), dataIndex: 'title' },
            {
              title: t('tasks.colLead'),
              key: 'lead',
              width: 220,
              render: (_, task) =>
                task.units
                  .filter((u) => u.role === 'lead')
                  .map((u) => u.name)
                  .join('、') || '—',
            },
            { title: t('tasks.colDue'), dataIndex: 'dueOn', width: 150, render: (due: string | null) => formatDate(due, lang) },
            { title: t('tasks.colStatus'), dataIndex: 'status', width: 100, render: (s: Status) => t(`status.${s}`) },
            { title: t('tasks.colLight'), dataIndex: 'light', width: 130, render: (l: Light) => <LightTag light={l} /> },
            {
              title: t('tasks.colProgress'),
              dataIndex: 'progress',
              width: 140,
              render: (p: number | null) => (p === null ? '—' : <Progress percent={p} size="small" />),
            },
          ]}
        />
      </Card>
    </div>
  );
}
