import { Button, Card, Col, Empty, Row, Space, Statistic, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { call, client, type Schemas } from '../api/client.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { LightTag } from '../components/LightTag.js';
import { PageLoading } from '../components/PageLoading.js';
import { useApi } from '../components/useApi.js';
import { formatDate, formatNumber, formatPercent } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../session/session.js';
import { useShell } from '../shell/pair.js';

type Dashboard = Schemas['Dashboard'];
type Plan = Schemas['Plan'];
type Counts = Dashboard['totals'];

const LIGHTS = ['red', 'amber', 'green', 'grey'] as const;
const STATUSES = ['not_started', 'in_progress', 'done', 'delayed', 'paused'] as const;

function publishedVersion(plan: Plan) {
  return plan.versions.find((v) => v.status === 'published') ?? null;
}

function Lights({ counts }: { counts: Counts }) {
  return (
    <Space size={[4, 4]} wrap>
      {LIGHTS.map((light) => (
        <LightTag key={light} light={light} count={counts.byLight[light] ?? 0} />
      ))}
    </Space>
  );
}

export function DashboardPage() {
  const session = useCurrentSession();
  const { t } = useI18n();
  const canReadTasks = hasAnyPermission(session, ['tasks.read']);
  return (
    <div>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        {t('dashboard.title')}
      </Typography.Title>
      {canReadTasks ? (
        <PlanDashboard />
      ) : (
        <Card>
          <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
            {t('dashboard.welcome', { name: session.user.displayName })}
          </Typography.Title>
          <Typography.Paragraph>{t('dashboard.noTasksRight')}</Typography.Paragraph>
        </Card>
      )}
    </div>
  );
}

function PlanDashboard() {
  const { lang, t } = useI18n();
  const session = useCurrentSession();
  const navigate = useNavigate();
  const { pair, pairsLoading } = useShell();
  const pairId = pair?.id ?? null;

  const state = useApi(async () => {
    if (!pairId) return null;
    const plans = await call(client.GET('/api/v1/plans', { params: { query: { pairId } } }));
    const plan = plans.items.find((p) => publishedVersion(p) !== null) ?? null;
    if (!plan) return { plan: null, dashboard: null };
    const dashboard = await call(client.GET('/api/v1/dashboard', { params: { query: { planId: plan.id } } }));
    return { plan, dashboard };
  }, [pairId]);

  if (pairsLoading || state.loading) return <PageLoading />;
  if (state.error) return <ErrorAlert error={state.error} onRetry={state.reload} />;
  if (!state.data?.plan || !state.data.dashboard) {
    return (
      <Card>
        <Empty
          description={
            <div>
              <Typography.Title level={2} style={{ fontSize: 18 }}>
                {t('dashboard.noPlanTitle')}
              </Typography.Title>
              <Typography.Paragraph type="secondary" style={{ maxWidth: 560, margin: '0 auto' }}>
                {t('dashboard.noPlanHint')}
              </Typography.Paragraph>
            </div>
          }
        >
          {hasAnyPermission(session, ['plans.read']) ? (
            <Button type="primary" onClick={() => navigate('/plans')}>
              {t('dashboard.goPlans')}
            </Button>
          ) : null}
        </Empty>
      </Card>
    );
  }

  const { plan, dashboard } = state.data;
  const version = publishedVersion(plan);
  const totals = dashboard.totals;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        {t('dashboard.plan', { title: plan.title })}
        {version?.publishedAt ? ` · ${formatDate(version.publishedAt, lang)}` : ''}
      </Typography.Text>
      <Row gutter={[16, 16]}>
        <Col xs={12} lg={6}>
          <Card>
            <Statistic title={t('dashboard.totalTasks')} value={formatNumber(totals.tasks)} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card>
            <Statistic title={t('dashboard.completionRate')} value={formatPercent(totals.completionRate)} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card>
            <Statistic title={t('dashboard.overdueReports')} value={formatNumber(dashboard.overdueReports)} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card>
            <Statistic
              title={t('dashboard.indicators')}
              value={`${formatNumber(dashboard.indicators.attained)} / ${formatNumber(dashboard.indicators.withTarget)}`}
              suffix={dashboard.indicators.withTarget > 0 ? `(${formatPercent(dashboard.indicators.attainmentRate)})` : undefined}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dashboard.summary')}</h2>} style={{ height: '100%' }}>
            {lang === 'en' ? (
              <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
                {t('dashboard.summaryZhOnly')}
              </Typography.Paragraph>
            ) : null}
            {dashboard.summary.length > 0 ? (
              <ol className="summary-lines" lang="zh-CN" data-testid="dashboard-summary">
                {dashboard.summary.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ol>
            ) : (
              <Typography.Text type="secondary">{t('dashboard.summaryEmpty')}</Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dashboard.lights')}</h2>} style={{ height: '100%' }}>
            <Lights counts={totals} />
            <Typography.Title level={3} style={{ fontSize: 14, marginTop: 20 }}>
              {t('dashboard.statuses')}
            </Typography.Title>
            <Space size={[16, 4]} wrap>
              {STATUSES.map((status) => (
                <span key={status}>
                  {t(`status.${status}`)}
                  {t('common.colon')}
                  <strong>{formatNumber(totals.byStatus[status] ?? 0)}</strong>
                </span>
              ))}
            </Space>
            <Typography.Paragraph style={{ marginTop: 20, marginBottom: 0 }}>
              {t('dashboard.overdueSupervision')}
              {t('common.colon')}
              <strong>{formatNumber(dashboard.overdueSupervision)}</strong>
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dashboard.byChapter')}</h2>}>
        {/* A plain table: antd's Table would double the dashboard's first load for a dozen rows. */}
        <table className="plain-table">
          <thead>
            <tr>
              <th scope="col">{t('dashboard.chapter')}</th>
              <th scope="col" className="num">
                {t('dashboard.tasks')}
              </th>
              <th scope="col" className="num">
                {t('dashboard.completionRate')}
              </th>
              <th scope="col">{t('dashboard.lights')}</th>
            </tr>
          </thead>
          <tbody>
            {dashboard.byChapter.map((row) => (
              <tr key={row.chapterNo}>
                <th scope="row">
                  {t('dashboard.chapterNo', { no: row.chapterNo })} {row.title}
                </th>
                <td className="num">{formatNumber(row.tasks)}</td>
                <td className="num">{formatPercent(row.completionRate)}</td>
                <td>
                  <Lights counts={row} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </Space>
  );
}
