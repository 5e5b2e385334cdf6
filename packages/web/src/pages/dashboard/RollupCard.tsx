import { Card, Col, Row, Typography } from 'antd';
import { Link } from 'react-router';
import { call, client } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { PageLoading } from '../../components/PageLoading.js';
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
      {/* A plain grid rather than antd's List, which would bring its pagination and select into 工作台's first load. */}
      {list.loading ? (
        <PageLoading />
      ) : (list.data?.items ?? []).length === 0 ? (
        <Typography.Text type="secondary">{t('indicators.empty')}</Typography.Text>
      ) : (
        <Row gutter={[16, 16]} role="list">
          {(list.data?.items ?? []).map((r) => (
            <Col key={r.id} xs={24} md={12} xl={8} role="listitem" data-testid="rollup-item">
              <Typography.Text>{r.name}</Typography.Text>
              <div>
                <Typography.Text strong style={{ fontSize: 18 }}>
                  {formatDecimal(r.value, 4)}
                </Typography.Text>{' '}
                <Typography.Text type="secondary">{r.unitOfMeasure}</Typography.Text>
              </div>
            </Col>
          ))}
        </Row>
      )}
    </Card>
  );
}
