import { Card, Empty, Space, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { call, client, type Schemas } from '../api/client.js';
import { Button } from '../components/Button.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { useApi } from '../components/useApi.js';
import { formatDate } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../session/session.js';
import { useShell } from '../shell/pair.js';
import { PlanTreeCard } from './PlanTree.js';

type Plan = Schemas['Plan'];

export function PlansPage() {
  return (
    <RequirePermission any={['plans.read']}>
      <Plans />
    </RequirePermission>
  );
}

function Plans() {
  const { lang, t } = useI18n();
  const { pair } = useShell();
  const pairId = pair?.id ?? null;
  const navigate = useNavigate();
  const canWrite = hasAnyPermission(useCurrentSession(), ['plans.write']);
  const plans = useApi(async () => (pairId ? (await call(client.GET('/api/v1/plans', { params: { query: { pairId } } }))).items : []), [pairId], {
    live: 'pair',
  });
  const publishedVersionId = plans.data?.flatMap((plan) => plan.versions).find((v) => v.status === 'published')?.id;

  return (
    <div>
      <PageTitle
        extra={
          canWrite ? (
            <Button type="primary" onClick={() => navigate('/plans/import')}>
              {t('plans.import')}
            </Button>
          ) : null
        }
      >
        {t('plans.title')}
      </PageTitle>
      {plans.error ? <ErrorAlert error={plans.error} onRetry={plans.reload} /> : null}
      <Card>
        <DataTable<Plan>
          rowKey="id"
          loading={plans.loading}
          dataSource={plans.data ?? []}
          pagination={false}
          locale={{
            emptyText: (
              <Empty description={t('plans.empty')}>
                <Typography.Text type="secondary">{t(canWrite ? 'plans.emptyHint' : 'plans.emptyHintReadOnly')}</Typography.Text>
              </Empty>
            ),
          }}
          columns={[
            { title: t('plans.colTitle'), dataIndex: 'title' },
            {
              title: t('plans.colVersions'),
              key: 'versions',
              render: (_, plan) => (
                <Space size={[4, 4]} wrap>
                  {plan.versions.map((v) => (
                    <Link key={v.id} to={`/plans/versions/${v.id}`}>
                      <Tag color={v.status === 'published' ? 'green' : v.status === 'draft' ? 'blue' : 'default'} style={{ cursor: 'pointer' }}>
                        {t('plans.version', { no: v.versionNo })} · {t(`enum.planVersionStatus.${v.status}`)}
                      </Tag>
                    </Link>
                  ))}
                </Space>
              ),
            },
            {
              title: t('plans.colPublished'),
              key: 'published',
              width: 180,
              render: (_, plan) => formatDate(plan.versions.find((v) => v.status === 'published')?.publishedAt ?? null, lang),
            },
          ]}
        />
      </Card>
      {publishedVersionId ? (
        <div style={{ marginTop: 16 }}>
          <PlanTreeCard key={publishedVersionId} pairId={pairId ?? undefined} />
        </div>
      ) : null}
    </div>
  );
}
