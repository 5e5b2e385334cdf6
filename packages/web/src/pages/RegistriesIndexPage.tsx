import { Alert, Card, Col, List, Row, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { call, client } from '../api/client.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { PageLoading } from '../components/PageLoading.js';
import { RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { useApi } from '../components/useApi.js';
import { formatNumber } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../session/session.js';
import { useShell } from '../shell/pair.js';
import { labelOf, listSeparator, type RegistryKind, useRegistryKinds } from './registries/shared.js';

const GROUPS: RegistryKind['group'][] = ['projects', 'exchanges', 'resources'];

export function RegistriesIndexPage() {
  return (
    <RequirePermission any={['registries.read']}>
      <RegistriesIndex />
    </RequirePermission>
  );
}

/** Every kind of registry record, by group, with the plan articles it serves. */
function RegistriesIndex() {
  const { lang, t } = useI18n();
  const { pair, pairsLoading } = useShell();
  const kinds = useRegistryKinds(pair?.id);
  const pairId = pair?.id;
  // How many records of each kind the user reads (their scope), beside its name.
  const counts = useApi(
    async () =>
      pairId ? new Map((await call(client.GET('/api/v1/registry-counts', { params: { query: { pairId } } }))).items.map((c) => [c.type, c.count])) : null,
    [pairId],
    { live: 'pair' },
  );
  const canConfigure = hasAnyPermission(useCurrentSession(), ['registries.configure']);
  if (!pairsLoading && !pair) return <Alert type="info" showIcon message={t('registries.noPair')} />;
  if (kinds.error) return <ErrorAlert error={kinds.error} onRetry={kinds.reload} />;
  if (pairsLoading || kinds.loading) return <PageLoading />;
  return (
    <div>
      <PageTitle
        extra={
          <Space size={16}>
            <Link to="/registries/indicators">{t('menu.indicators')}</Link>
            {canConfigure ? <Link to="/registries/options">{t('registries.options.link')}</Link> : null}
          </Space>
        }
      >
        {t('registries.index.title')}
      </PageTitle>
      <Typography.Paragraph type="secondary">{t('registries.index.hint')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {GROUPS.map((group) => (
          <Col key={group} xs={24} lg={8}>
            <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t(`enum.registryGroup.${group}`)}</h2>} style={{ height: '100%' }}>
              <List
                size="small"
                dataSource={(kinds.data ?? []).filter((k) => k.group === group)}
                renderItem={(kind) => (
                  <List.Item>
                    <List.Item.Meta
                      title={
                        <Space size={8}>
                          <Link to={`/registries/${kind.type}`}>{labelOf(kind.label, lang)}</Link>
                          {counts.data?.has(kind.type) ? (
                            <Tag data-testid={`registry-count-${kind.type}`}>
                              {t('registries.index.count', { count: formatNumber(counts.data.get(kind.type) ?? 0) })}
                            </Tag>
                          ) : null}
                        </Space>
                      }
                      description={kind.articles.map((no) => t('registries.articleNo', { no })).join(listSeparator(lang))}
                    />
                  </List.Item>
                )}
              />
            </Card>
          </Col>
        ))}
      </Row>
    </div>
  );
}
