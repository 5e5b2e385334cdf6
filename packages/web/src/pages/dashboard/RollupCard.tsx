import { Card, List, Typography } from 'antd';
import { Link } from 'react-router';
import { call, client } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useApi } from '../../components/useApi.js';
import { formatDecimal } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';

/**
 * 合作指标 on the dashboard: the indicators that add themselves up from the registries, with this
 * year's (or the all-time) value. Its own chunk, loaded after the dashboard's figures.
 */
export function RollupCard({ pairId }: { pairId: string }) {
  const { t } = useI18n();
  const list = useApi(() => call(client.GET('/api/v1/rollups', { params: { query: { pairId } } })), [pairId], { live: 'pair' });
  return (
    <Card
      data-testid="rollup-card"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('indicators.card')}</h2>}
      extra={<Link to="/registries/indicators">{t('indicators.cardAll')}</Link>}
    >
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      <List
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('indicators.empty') }}
        grid={{ gutter: 16, xs: 1, md: 2, xl: 3 }}
        renderItem={(r) => (
          <List.Item data-testid="rollup-item">
            <Typography.Text>{r.name}</Typography.Text>
            <div>
              <Typography.Text strong style={{ fontSize: 18 }}>
                {formatDecimal(r.value, 4)}
              </Typography.Text>{' '}
              <Typography.Text type="secondary">{r.unitOfMeasure}</Typography.Text>
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}
