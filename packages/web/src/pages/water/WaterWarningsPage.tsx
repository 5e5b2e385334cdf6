import { Card, Tag } from 'antd';
import { Link } from 'react-router';
import { call, client } from '../../api/client.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { RequirePermission } from '../../components/PageStates.js';
import { PageTitle } from '../../components/PageTitle.js';
import { useApi } from '../../components/useApi.js';
import { formatDateTime } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { useShell } from '../../shell/pair.js';
import { useYear, WaterNav, type WaterWarning, YearSelect } from './shared.js';

export function WaterWarningsPage() {
  return (
    <RequirePermission any={['water.read']}>
      <Warnings />
    </RequirePermission>
  );
}

/** Warnings as a table: when, where, which kind, which item, and the message with the figures. */
export function WarningsTable({ items, loading, showSection = true }: { items: readonly WaterWarning[]; loading?: boolean; showSection?: boolean }) {
  const { lang, t } = useI18n();
  return (
    <DataTable<WaterWarning>
      rowKey="id"
      size="small"
      data-testid="water-warnings"
      loading={loading}
      dataSource={[...items]}
      pagination={items.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      locale={{ emptyText: t('water.warnings.empty') }}
      columns={[
        { title: t('water.warnings.colRaised'), dataIndex: 'raisedAt', width: 170, render: (at: string) => formatDateTime(at, lang) },
        ...(showSection
          ? [
              {
                title: t('water.warnings.colSection'),
                key: 'section',
                width: 160,
                render: (_: unknown, w: WaterWarning) => <Link to={`/water/sections/${w.sectionId}?year=${w.year}`}>{w.sectionName}</Link>,
              },
            ]
          : []),
        {
          title: t('water.warnings.colKind'),
          dataIndex: 'kind',
          width: 140,
          render: (kind: WaterWarning['kind']) => <Tag color={kind === 'exceedance' ? 'red' : 'orange'}>{t(`enum.waterWarningKind.${kind}`)}</Tag>,
        },
        { title: t('water.warnings.colItem'), dataIndex: 'itemName', width: 120 },
        { title: t('water.warnings.colMessage'), dataIndex: 'message' },
      ]}
    />
  );
}

function Warnings() {
  const { t } = useI18n();
  const { pair } = useShell();
  const pairId = pair?.id;
  const [year, setYear] = useYear();
  const list = useApi(
    async () => (pairId ? (await call(client.GET('/api/v1/water/warnings', { params: { query: { pairId, year } } }))).items : []),
    [pairId, year],
    { live: 'pair' },
  );
  return (
    <div>
      <PageTitle extra={<YearSelect value={year} onChange={setYear} />}>{t('water.warnings.title')}</PageTitle>
      <WaterNav />
      <Card>
        {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
        <WarningsTable items={list.data ?? []} loading={list.loading} />
      </Card>
    </div>
  );
}
