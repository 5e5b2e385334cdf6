import { Card, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { call, client, type Schemas } from '../api/client.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { useApi } from '../components/useApi.js';
import { formatDateTime, formatNumber } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../session/session.js';
import { useShell } from '../shell/pair.js';

type User = Schemas['User'];
type Unit = Schemas['Unit'];
const PAGE_SIZE = 20;

export function AdminPage() {
  return (
    <RequirePermission any={['users.write', 'units.write', 'audit.read']}>
      <Admin />
    </RequirePermission>
  );
}

function Admin() {
  const { t } = useI18n();
  const session = useCurrentSession();
  const tabs = [
    ...(hasAnyPermission(session, ['users.read']) ? [{ key: 'users', label: t('admin.users'), children: <Users /> }] : []),
    ...(hasAnyPermission(session, ['units.read']) ? [{ key: 'units', label: t('admin.units'), children: <Units /> }] : []),
  ];
  return (
    <div>
      <PageTitle>{t('admin.title')}</PageTitle>
      <Card>
        <Tabs items={tabs} />
      </Card>
    </div>
  );
}

function Users() {
  const { lang, t } = useI18n();
  const [page, setPage] = useState(1);
  // Not filtered by pair: the server's pair filter goes through the unit, and users without a unit
  // (leaders, administrators) would disappear. The session's scope still applies.
  const users = useApi(() => call(client.GET('/api/v1/users', { params: { query: { page, pageSize: PAGE_SIZE } } })), [page]);
  return (
    <>
      {users.error ? <ErrorAlert error={users.error} onRetry={users.reload} /> : null}
      <Table<User>
        rowKey="id"
        loading={users.loading}
        dataSource={users.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: users.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('table.total', { total: formatNumber(total) }),
          onChange: setPage,
        }}
        columns={[
          { title: t('admin.colUsername'), dataIndex: 'username', width: 160 },
          { title: t('admin.colDisplayName'), dataIndex: 'displayName', width: 160 },
          { title: t('admin.colUnit'), dataIndex: 'unitName', render: (name: string | null) => name ?? '—' },
          {
            title: t('admin.colRoles'),
            key: 'roles',
            render: (_, user) => (
              <Space size={[4, 4]} wrap>
                {user.roles.map((r) => (
                  <Tag key={r.id}>{t(`role.${r.role}`)}</Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('admin.colStatus'),
            key: 'status',
            width: 120,
            render: (_, user) =>
              user.status === 'disabled' ? (
                <Tag>{t('admin.userDisabled')}</Tag>
              ) : user.lockedUntil && new Date(user.lockedUntil) > new Date() ? (
                <Tag color="warning">{t('admin.userLocked')}</Tag>
              ) : (
                <Tag color="success">{t('admin.userActive')}</Tag>
              ),
          },
          {
            title: t('admin.colLastLogin'),
            dataIndex: 'lastLoginAt',
            width: 200,
            render: (at: string | null) => (at ? formatDateTime(at, lang) : t('admin.never')),
          },
        ]}
      />
    </>
  );
}

function Units() {
  const { t } = useI18n();
  const { pair } = useShell();
  const pairId = pair?.id;
  const [page, setPage] = useState(1);
  const units = useApi(() => call(client.GET('/api/v1/units', { params: { query: { pairId, page, pageSize: PAGE_SIZE } } })), [pairId, page]);
  return (
    <>
      {units.error ? <ErrorAlert error={units.error} onRetry={units.reload} /> : null}
      <Table<Unit>
        rowKey="id"
        loading={units.loading}
        dataSource={units.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: units.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('table.total', { total: formatNumber(total) }),
          onChange: setPage,
        }}
        columns={[
          {
            title: t('admin.colUnitName'),
            key: 'name',
            render: (_, unit) => <span style={{ paddingInlineStart: Math.max(unit.depth - 1, 0) * 16 }}>{unit.name}</span>,
          },
          { title: t('admin.colUnitType'), dataIndex: 'type', width: 180, render: (type: Unit['type']) => t(`unitType.${type}`) },
          { title: t('admin.colAdminCode'), dataIndex: 'adminCode', width: 160, render: (code: string | null) => code ?? '—' },
        ]}
      />
    </>
  );
}
