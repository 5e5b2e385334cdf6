import { PlusOutlined } from '@ant-design/icons';
import { Card, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { call, client } from '../../api/client.js';
import { Button } from '../../components/Button.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { RequirePermission } from '../../components/PageStates.js';
import { PageTitle } from '../../components/PageTitle.js';
import { useApi } from '../../components/useApi.js';
import { formatNumber } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../../session/session.js';
import { useShell } from '../../shell/pair.js';
import { SectionFormModal } from './SectionFormModal.js';
import { ClassTag, WaterNav, type WaterSection } from './shared.js';

export function WaterSectionsPage() {
  return (
    <RequirePermission any={['water.read']}>
      <Sections />
    </RequirePermission>
  );
}

function Sections() {
  const { t } = useI18n();
  const { pair } = useShell();
  const pairId = pair?.id;
  const session = useCurrentSession();
  const canManage = hasAnyPermission(session, ['water.manage']);
  const [creating, setCreating] = useState(false);
  const list = useApi(async () => (pairId ? (await call(client.GET('/api/v1/water/sections', { params: { query: { pairId } } }))).items : []), [pairId], {
    live: 'pair',
  });

  return (
    <div>
      <PageTitle
        extra={
          canManage ? (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
              {t('water.sections.create')}
            </Button>
          ) : null
        }
      >
        {t('water.sections.title')}
      </PageTitle>
      {canManage ? (
        <SectionFormModal
          open={creating}
          onClose={() => setCreating(false)}
          onSaved={() => {
            setCreating(false);
            list.reload();
          }}
        />
      ) : null}
      <WaterNav />
      <Card>
        {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
        <DataTable<WaterSection>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data ?? []}
          pagination={false}
          locale={{ emptyText: t('water.sections.empty') }}
          columns={[
            { title: t('water.sections.colCode'), dataIndex: 'code', width: 120 },
            {
              title: t('water.sections.colName'),
              dataIndex: 'name',
              width: 200,
              render: (name: string, s) => <Link to={`/water/sections/${s.id}`}>{name}</Link>,
            },
            { title: t('water.sections.colRiver'), dataIndex: 'river', width: 160 },
            { title: t('water.sections.colPlace'), key: 'place', width: 160, render: (_, s) => [s.cityName, s.countyName].filter(Boolean).join(' ') },
            { title: t('water.sections.colTarget'), dataIndex: 'targetClass', width: 110, render: (c: number) => <ClassTag value={c} /> },
            {
              title: t('water.sections.colUnits'),
              key: 'units',
              render: (_, s) => s.units.map((u) => <Tag key={u.id}>{u.name}</Tag>),
            },
            {
              title: t('water.sections.colSamples'),
              dataIndex: 'sampleCount',
              width: 100,
              render: (n: number) => t('water.sections.sampleCount', { count: formatNumber(n) }),
            },
            { title: t('water.sections.colLast'), dataIndex: 'lastSampledAt', width: 160, render: (at: string | null) => at ?? '—' },
          ]}
        />
      </Card>
    </div>
  );
}
