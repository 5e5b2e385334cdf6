import { Card, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { call, client, type Schemas } from '../api/client.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { useApi } from '../components/useApi.js';
import { formatDate, formatDateTime, formatNumber } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../session/session.js';

type Todo = Schemas['ReportTodo'];
type Report = Schemas['ProgressReport'];
const PAGE_SIZE = 20;

export function ReportsPage() {
  return (
    <RequirePermission any={['tasks.report', 'reports.review']}>
      <Reports />
    </RequirePermission>
  );
}

function Reports() {
  const { t } = useI18n();
  const session = useCurrentSession();
  const tabs = [
    ...(hasAnyPermission(session, ['tasks.report']) ? [{ key: 'todo', label: t('reports.todo'), children: <TodoList /> }] : []),
    ...(hasAnyPermission(session, ['reports.review']) ? [{ key: 'review', label: t('reports.review'), children: <ReviewQueue /> }] : []),
  ];
  return (
    <div>
      <PageTitle>{t('reports.title')}</PageTitle>
      <Card>
        <Tabs items={tabs} />
      </Card>
    </div>
  );
}

function TodoList() {
  const { lang, t } = useI18n();
  const [page, setPage] = useState(1);
  const todo = useApi(() => call(client.GET('/api/v1/reports/todo', { params: { query: { page, pageSize: PAGE_SIZE } } })), [page]);
  return (
    <>
      {todo.error ? <ErrorAlert error={todo.error} onRetry={todo.reload} /> : null}
      <Table<Todo>
        rowKey={(row) => `${row.taskId}:${row.unitId}:${row.periodId}`}
        loading={todo.loading}
        dataSource={todo.data?.items ?? []}
        locale={{ emptyText: t('reports.empty') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: todo.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('table.total', { total: formatNumber(total) }),
          onChange: setPage,
        }}
        columns={[
          { title: t('reports.colTask'), dataIndex: 'taskTitle' },
          { title: t('reports.colUnit'), dataIndex: 'unitName', width: 200 },
          { title: t('reports.colPeriod'), dataIndex: 'periodLabel', width: 140 },
          {
            title: t('reports.colDue'),
            key: 'due',
            width: 220,
            render: (_, row) => (
              <>
                {formatDate(row.dueOn, lang)}
                {row.overdue ? (
                  <Tag color="error" style={{ marginInlineStart: 8 }}>
                    {t('reports.overdue')}
                  </Tag>
                ) : null}
              </>
            ),
          },
          {
            title: t('reports.colStatus'),
            dataIndex: 'status',
            width: 110,
            render: (status: Todo['status']) => (status ? t(`reports.status.${status}`) : t('reports.notStarted')),
          },
        ]}
      />
    </>
  );
}

function ReviewQueue() {
  const { lang, t } = useI18n();
  const [page, setPage] = useState(1);
  const queue = useApi(() => call(client.GET('/api/v1/reports', { params: { query: { status: 'submitted', page, pageSize: PAGE_SIZE } } })), [page]);
  return (
    <>
      {queue.error ? <ErrorAlert error={queue.error} onRetry={queue.reload} /> : null}
      <Table<Report>
        rowKey="id"
        loading={queue.loading}
        dataSource={queue.data?.items ?? []}
        locale={{ emptyText: t('reports.empty') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: queue.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('table.total', { total: formatNumber(total) }),
          onChange: setPage,
        }}
        columns={[
          { title: t('reports.colTask'), dataIndex: 'taskTitle' },
          { title: t('reports.colUnit'), dataIndex: 'unitName', width: 200 },
          { title: t('reports.colPeriod'), dataIndex: 'periodLabel', width: 140 },
          { title: t('reports.colDue'), dataIndex: 'submittedAt', width: 200, render: (at: string | null) => formatDateTime(at, lang) },
          { title: t('reports.colStatus'), dataIndex: 'status', width: 110, render: (status: Report['status']) => t(`reports.status.${status}`) },
        ]}
      />
    </>
  );
}
