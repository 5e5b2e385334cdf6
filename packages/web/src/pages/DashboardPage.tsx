import { Card, Col, Empty, Row, Space, Statistic, Typography } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { Link, useNavigate } from 'react-router';
import { bootDashboardKey, bootHomeKey, bootRead } from '../api/boot.js';
import type { Schemas } from '../api/client.js';
import { Button } from '../components/Button.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { LightTag } from '../components/LightTag.js';
import { PageLoading } from '../components/PageLoading.js';
import { useApi } from '../components/useApi.js';
import { useIsPhone } from '../components/useIsPhone.js';
import { formatDate, formatNumber, formatPercent } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../session/session.js';
import { useShell } from '../shell/pair.js';
import { loadHome, loadPlanDashboard, publishedVersion } from './dashboard/dashboardData.js';
import { OfficeWork, ReachTag, ReportingWork, UnreadNotices } from './dashboard/HomeSections.js';
import { UnitTiles } from './dashboard/UnitTiles.js';

// The charts bring ECharts: their own chunk, loaded after the figures are on screen.
const ChapterLightsChart = lazy(async () => ({ default: (await import('./dashboard/DashboardCharts.js')).ChapterLightsChart }));
const ReportTrendChart = lazy(async () => ({ default: (await import('./dashboard/DashboardCharts.js')).ReportTrendChart }));
// 合作指标 from the registries: its own small chunk, after the task figures.
const RollupCard = lazy(async () => ({ default: (await import('./dashboard/RollupCard.js')).RollupCard }));

type Dashboard = Schemas['Dashboard'];
type Reach = Schemas['HomeReach'];
type TaskRow = Schemas['TaskListItem'];
type SupervisionItem = Schemas['SupervisionItem'];
type Counts = Dashboard['totals'];

const LIGHTS = ['red', 'amber', 'green', 'grey'] as const;
const STATUSES = ['not_started', 'in_progress', 'done', 'delayed', 'paused'] as const;

function Lights({ counts }: { counts: Counts }) {
  return (
    <Space size={[4, 4]} wrap>
      {LIGHTS.map((light) => (
        <LightTag key={light} light={light} count={counts.byLight[light] ?? 0} />
      ))}
    </Space>
  );
}

/**
 * 工作台: each role's own work first (a reporter's reports to write, the office's review queue…),
 * then the plan's summary; a leader, who has no work queue, sees the summary first.
 */
export function DashboardPage() {
  const session = useCurrentSession();
  const { t } = useI18n();
  const canReadTasks = hasAnyPermission(session, ['tasks.read']);
  const canReadRegistries = hasAnyPermission(session, ['registries.read']);
  const { pair, pairsLoading } = useShell();
  const pairId = pair?.id ?? null;
  const home = useApi(async () => (pairId ? bootRead(bootHomeKey(pairId), () => loadHome(pairId)) : null), [pairId], {
    live: 'pair+user',
  });
  // The overview waits for the home, so that it is placed once (placing it again would read it again).
  if (pairsLoading || home.loading) return <PageLoading />;
  const work = home.data;
  const hasWork = Boolean(work?.reporting || work?.office);
  const overview = canReadTasks ? (
    <PlanDashboard reach={work?.summaryReach ?? null} lists={!work?.office} />
  ) : (
    <Card>
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
        {t('dashboard.welcome', { name: session.user.displayName })}
      </Typography.Title>
      <Typography.Paragraph>{t('dashboard.noTasksRight')}</Typography.Paragraph>
    </Card>
  );
  return (
    <div>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        {t('dashboard.title')}
      </Typography.Title>
      {home.error ? <ErrorAlert error={home.error} onRetry={home.reload} /> : null}
      {work && hasWork ? (
        <Space direction="vertical" size={24} style={{ width: '100%' }}>
          {/* The notices sit beside the first role's work, in view without scrolling. */}
          {work.reporting ? <ReportingWork work={work.reporting} aside={<UnreadNotices notices={work.notices} />} /> : null}
          {work.office ? <OfficeWork work={work.office} aside={work.reporting ? null : <UnreadNotices notices={work.notices} />} /> : null}
          <section aria-labelledby="home-overview">
            <Typography.Title level={2} id="home-overview" style={{ fontSize: 18 }}>
              {t('home.overview')}
            </Typography.Title>
            {overview}
          </section>
        </Space>
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          {overview}
          {work ? <UnreadNotices notices={work.notices} /> : null}
        </Space>
      )}
      {canReadRegistries && pair ? (
        <div style={{ marginTop: 16 }}>
          <Suspense fallback={null}>
            <RollupCard pairId={pair.id} />
          </Suspense>
        </div>
      ) : null}
    </div>
  );
}

/** The plan's figures for the caller's scope; `lists` off when the office's work above already lists the red tasks and overdue items. */
function PlanDashboard({ reach, lists }: { reach: Reach | null; lists: boolean }) {
  const { lang, t } = useI18n();
  const session = useCurrentSession();
  const navigate = useNavigate();
  const { pair, pairsLoading } = useShell();
  const pairId = pair?.id ?? null;

  const state = useApi(async () => (pairId ? bootRead(bootDashboardKey(pairId), () => loadPlanDashboard(pairId, session.permissions)) : null), [pairId], {
    live: 'pair',
  });

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

  const { plan, dashboard, units, redTasks, overdue } = state.data;
  const version = publishedVersion(plan);
  const totals = dashboard.totals;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space size={8} wrap>
        <Typography.Text type="secondary">
          {t('dashboard.plan', { title: plan.title })}
          {version?.publishedAt ? ` · ${formatDate(version.publishedAt, lang)}` : ''}
        </Typography.Text>
        {reach ? <ReachTag reach={reach} /> : null}
      </Space>
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
          <Card
            title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dashboard.summary')}</h2>}
            extra={reach ? <ReachTag reach={reach} /> : null}
            style={{ height: '100%' }}
          >
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
                  {t(`enum.taskStatus.${status}`)}
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
        <CountsTable
          heading={t('dashboard.chapter')}
          rows={dashboard.byChapter.map((row) => ({
            key: row.chapterNo,
            name: `${t('dashboard.chapterNo', { no: row.chapterNo })} ${row.title}`,
            counts: row,
          }))}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dashboard.chartChapters')}</h2>}>
            <Suspense fallback={<div className="chart" />}>
              <ChapterLightsChart dashboard={dashboard} />
            </Suspense>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dashboard.chartTrend')}</h2>}>
            {dashboard.trend.length > 0 ? (
              <Suspense fallback={<div className="chart" />}>
                <ReportTrendChart dashboard={dashboard} />
              </Suspense>
            ) : (
              <div data-testid="trend-empty">
                <Typography.Paragraph strong>{t('dashboard.trendEmpty')}</Typography.Paragraph>
                <Typography.Paragraph type="secondary">
                  {t(hasAnyPermission(session, ['plans.write']) ? 'dashboard.trendEmptyOffice' : 'dashboard.trendEmptyReporter')}
                </Typography.Paragraph>
                {hasAnyPermission(session, ['plans.write']) ? (
                  <Button type="primary" onClick={() => navigate('/reports/periods')}>
                    {t('dashboard.goPeriods')}
                  </Button>
                ) : null}
              </div>
            )}
          </Card>
        </Col>
      </Row>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dashboard.tiles')}</h2>}>
        <UnitTiles cities={pair?.cities ?? []} units={units} counts={dashboard.byUnit} />
      </Card>
      {lists ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <Card
              title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dashboard.redTasks', { count: formatNumber(redTasks?.total ?? 0) })}</h2>}
              style={{ height: '100%' }}
            >
              <RedTasks rows={redTasks?.items ?? []} total={redTasks?.total ?? 0} />
            </Card>
          </Col>
          {overdue ? (
            <Col xs={24} xl={12}>
              <Card
                title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dashboard.overdueItems', { count: formatNumber(overdue.total) })}</h2>}
                style={{ height: '100%' }}
              >
                <OverdueSupervision rows={overdue.items} total={overdue.total} />
              </Card>
            </Col>
          ) : null}
        </Row>
      ) : null}
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dashboard.byUnit')}</h2>}>
        <CountsTable
          heading={t('dashboard.unit')}
          rows={dashboard.byUnit
            .slice(0, UNIT_ROWS)
            .map((row) => ({ key: row.unitId, name: <Link to={`/tasks?unitId=${row.unitId}`}>{row.name}</Link>, counts: row }))}
        />
      </Card>
    </Space>
  );
}

/**
 * Tasks, completion and lights per row (a chapter, a unit). A plain table: antd's Table would
 * double the dashboard's first load for a few dozen rows.
 */
function CountsTable({ heading, rows }: { heading: string; rows: { key: string; name: ReactNode; counts: Counts }[] }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  return (
    // On a phone the table scrolls sideways inside this box: the keyboard must reach it to scroll (WCAG 2.1.1).
    <div className="plain-table-wrap" {...(isPhone ? { tabIndex: 0, role: 'region', 'aria-label': heading } : {})}>
      <table className="plain-table">
        <thead>
          <tr>
            <th scope="col">{heading}</th>
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
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.name}</th>
              <td className="num">{formatNumber(row.counts.tasks)}</td>
              <td className="num">{formatPercent(row.counts.completionRate)}</td>
              <td>
                <Lights counts={row.counts} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const UNIT_ROWS = 15;

function RedTasks({ rows, total }: { rows: readonly TaskRow[]; total: number }) {
  const { lang, t } = useI18n();
  if (rows.length === 0) return <Typography.Text type="secondary">{t('dashboard.redTasksNone')}</Typography.Text>;
  return (
    <>
      <ul className="plain-list" data-testid="red-tasks">
        {rows.map((task) => (
          <li key={task.id}>
            <Link to={`/tasks/${task.id}`}>{task.title}</Link>
            <span className="plain-list-meta">
              {task.units.find((u) => u.role === 'lead')?.name ?? ''} · {t('dashboard.dueOn', { date: formatDate(task.dueOn, lang) })}
              {task.lightReasons[0] ? ` · ${task.lightReasons[0]}` : ''}
            </span>
          </li>
        ))}
      </ul>
      {total > rows.length ? <Link to="/tasks?light=red">{t('dashboard.seeAll', { count: formatNumber(total) })}</Link> : null}
    </>
  );
}

function OverdueSupervision({ rows, total }: { rows: readonly SupervisionItem[]; total: number }) {
  const { lang, t } = useI18n();
  if (rows.length === 0) return <Typography.Text type="secondary">{t('dashboard.overdueItemsNone')}</Typography.Text>;
  return (
    <>
      <ul className="plain-list" data-testid="overdue-supervision">
        {rows.map((item) => (
          <li key={item.id}>
            <Link to={`/supervision/${item.id}`}>{item.requirement}</Link>
            <span className="plain-list-meta">
              {item.unitName} · {t('dashboard.deadline', { date: formatDate(item.deadline, lang) })}
            </span>
          </li>
        ))}
      </ul>
      {total > rows.length ? <Link to="/supervision?overdue=true">{t('dashboard.seeAll', { count: formatNumber(total) })}</Link> : null}
    </>
  );
}
