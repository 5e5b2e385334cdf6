import { Alert, Card, Table, Typography } from 'antd';
import { Link } from 'react-router';
import { call, client, type Schemas } from '../api/client.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { useApi } from '../components/useApi.js';
import { formatDecimal } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { useShell } from '../shell/pair.js';
import { labelOf, useRegistryKinds } from './registries/shared.js';

type Rollup = Schemas['Rollup'];

export function IndicatorsPage() {
  return (
    <RequirePermission any={['registries.read']}>
      <Indicators />
    </RequirePermission>
  );
}

/** The indicators that add themselves up from the registries: this year's value (or all time) and last year's. */
function Indicators() {
  const { lang, t } = useI18n();
  const { pair, pairsLoading } = useShell();
  const pairId = pair?.id;
  const kinds = useRegistryKinds(pairId);
  const list = useApi(async () => (pairId ? call(client.GET('/api/v1/rollups', { params: { query: { pairId } } })) : null), [pairId]);
  if (!pairsLoading && !pair) return <Alert type="info" showIcon message={t('registries.noPair')} />;
  const kindLabel = (type: string) => {
    const kind = kinds.data?.find((k) => k.type === type);
    return kind ? <Link to={`/registries/${type}`}>{labelOf(kind.label, lang)}</Link> : type;
  };
  return (
    <div>
      <PageTitle>{t('indicators.title')}</PageTitle>
      <Typography.Paragraph type="secondary">{t('indicators.hint')}</Typography.Paragraph>
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      <Card>
        <Table<Rollup>
          rowKey="id"
          data-testid="indicators-table"
          loading={list.loading || pairsLoading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('indicators.empty') }}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('indicators.colName'), dataIndex: 'name' },
            {
              title: t('indicators.colArticle'),
              dataIndex: 'articleNo',
              width: 100,
              render: (no: string | null) => (no ? t('registries.articleNo', { no }) : '—'),
            },
            { title: t('indicators.colSource'), dataIndex: 'registryType', width: 160, render: kindLabel },
            {
              title: t('indicators.colValue'),
              key: 'value',
              width: 140,
              align: 'right',
              render: (_, r) => (
                <span data-testid="indicator-value">
                  {formatDecimal(r.value, 4)}
                  {r.year === null ? (
                    <Typography.Text type="secondary">（{t('indicators.allTime')}）</Typography.Text>
                  ) : (
                    <Typography.Text type="secondary">（{t('indicators.yearValue', { year: r.year })}）</Typography.Text>
                  )}
                </span>
              ),
            },
            {
              title: t('indicators.colPrevious'),
              key: 'previous',
              width: 120,
              align: 'right',
              render: (_, r) => (r.previousValue === null ? '—' : formatDecimal(r.previousValue, 4)),
            },
            { title: t('indicators.colUnit'), dataIndex: 'unitOfMeasure', width: 100 },
          ]}
        />
      </Card>
    </div>
  );
}
