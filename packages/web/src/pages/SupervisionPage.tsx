import { Card, Table, Tag } from 'antd';
import { useState } from 'react';
import { call, client, type Schemas } from '../api/client.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { useApi } from '../components/useApi.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { useShell } from '../shell/pair.js';

type Item = Schemas['SupervisionItem'];
const PAGE_SIZE = 20;

export function SupervisionPage() {
  return (
    <RequirePermission any={['supervision.read']}>
      <Supervision />
    </RequirePermission>
  );
}

function Supervision() {
  const { lang, t } = useI18n();
  const { pair } = useShell();
  const pairId = pair?.id;
  const [page, setPage] = useState(1);
  const items = useApi(() => call(client.GET('/api/v1/supervision', { params: { query: { pairId, page, pageSize: PAGE_SIZE } } })), [pairId, page]);
  return (
    <div>
      <PageTitle>{t('supervision.title')}</PageTitle>
      {items.error ? <ErrorAlert error={items.error} onRetry={items.reload} /> : null}
      <Card>
        <Table<Item>
          rowKey="id"
          loading={items.loading}
          dataSource={items.data?.items ?? []}
          locale={{ emptyText: t('supervision.empty') }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: items.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('table.total', { total: formatNumber(total) }),
            onChange: setPage,
          }}
          columns={[
            { title: t('supervision.colRequirement'), dataIndex: 'requirement' },
            { title: t('supervision.colUnit'), dataIndex: 'unitName', width: 200 },
            {
              title: t('supervision.colDeadline'),
              key: 'deadline',
              width: 220,
              render: (_, item) => (
                <>
                  {formatDate(item.deadline, lang)}
                  {item.overdue ? (
                    <Tag color="error" style={{ marginInlineStart: 8 }}>
                      {t('supervision.overdue')}
                    </Tag>
                  ) : null}
                </>
              ),
            },
            { title: t('supervision.colStatus'), dataIndex: 'status', width: 110, render: (s: Item['status']) => t(`supervision.status.${s}`) },
          ]}
        />
      </Card>
    </div>
  );
}
