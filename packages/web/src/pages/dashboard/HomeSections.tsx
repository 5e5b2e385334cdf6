import { Card, Col, Row, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { call, client, type Schemas } from '../../api/client.js';
import { OverdueTag } from '../../components/OverdueTag.js';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { useShell } from '../../shell/pair.js';

type Home = Schemas['Home'];
type Reach = Schemas['HomeReach'];
type Reporting = NonNullable<Home['reporting']>;
type Office = NonNullable<Home['office']>;
type DueRow = Reporting['due']['items'][number];
type SupervisionRow = Office['overdueSupervision']['items'][number];

/** The report form of a due row: the draft when one was started, else the empty form (as the reports' to-do list opens it). */
function dueLink(row: DueRow): string {
  if (row.reportId) return `/reports/${row.reportId}`;
  return `/reports/fill?${new URLSearchParams({ taskId: row.taskId, unitId: row.unitId, periodId: row.periodId })}`;
}

/** Whose figures a card holds, in words: the whole pair, the cities or units by name, or the caller's own. */
export function ReachTag({ reach }: { reach: Reach }) {
  const { t } = useI18n();
  const whose = reach.level === 'pair' || reach.level === 'self' || reach.names.length === 0 ? t(`enum.reachLevel.${reach.level}`) : reach.names.join('、');
  return (
    <Tag color={reach.level === 'pair' ? 'blue' : 'default'} title={t('home.reachLabel', { whose })} style={{ marginInlineEnd: 0 }}>
      {whose}
    </Tag>
  );
}

function WorkCard({
  title,
  reach,
  testId,
  children,
  more,
}: {
  title: string;
  reach?: Reach;
  testId: string;
  children: ReactNode;
  more?: { to: string; label: string } | null;
}) {
  return (
    <Card
      data-testid={testId}
      title={<h3 style={{ fontSize: 16, margin: 0, whiteSpace: 'normal' }}>{title}</h3>}
      extra={reach ? <ReachTag reach={reach} /> : null}
      style={{ height: '100%' }}
    >
      {children}
      {more ? (
        <div style={{ marginTop: 8 }}>
          <Link to={more.to}>{more.label}</Link>
        </div>
      ) : null}
    </Card>
  );
}

function Rows<T>({
  rows,
  empty,
  render,
  testId,
}: {
  rows: readonly T[];
  empty: string;
  render: (row: T) => { key: string; link: ReactNode; meta: ReactNode };
  testId?: string;
}) {
  if (rows.length === 0) return <Typography.Text type="secondary">{empty}</Typography.Text>;
  return (
    <ul className="plain-list" data-testid={testId}>
      {rows.map((row) => {
        const { key, link, meta } = render(row);
        return (
          <li key={key}>
            {link}
            <span className="plain-list-meta">{meta}</span>
          </li>
        );
      })}
    </ul>
  );
}

const seeAllIf = (total: number, shown: number, to: string, label: string) => (total > shown ? { to, label } : null);

function SupervisionRows({ rows, empty, testId }: { rows: readonly SupervisionRow[]; empty: string; testId?: string }) {
  const { lang, t } = useI18n();
  return (
    <Rows
      testId={testId}
      rows={rows}
      empty={empty}
      render={(item) => ({
        key: item.id,
        link: <Link to={`/supervision/${item.id}`}>{item.requirement}</Link>,
        meta: (
          <>
            {item.unitName} · {t('dashboard.deadline', { date: formatDate(item.deadline, lang) })}
            {item.overdue ? <OverdueTag /> : null}
          </>
        ),
      })}
    />
  );
}

/** A unit reporter's work: what to report and by when, returned reports, supervision items to answer; `aside` joins its grid. */
export function ReportingWork({ work, aside }: { work: Reporting; aside?: ReactNode }) {
  const { lang, t } = useI18n();
  const seeAll = t('home.seeAll');
  return (
    <section aria-labelledby="home-my-work">
      <Typography.Title level={2} id="home-my-work" style={{ fontSize: 18 }}>
        {t('home.myWork')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <WorkCard
            testId="home-due"
            title={t('home.due', { count: formatNumber(work.due.total) })}
            reach={work.reach}
            more={seeAllIf(work.due.total, work.due.items.length, '/reports/todo', seeAll)}
          >
            {work.due.overdue > 0 ? (
              <Typography.Paragraph type="danger" style={{ marginTop: 0 }}>
                {t('home.dueOverdue', { count: formatNumber(work.due.overdue) })}
              </Typography.Paragraph>
            ) : null}
            <Rows
              testId="due-reports"
              rows={work.due.items}
              empty={t('home.dueNone')}
              render={(row) => ({
                key: `${row.taskId}:${row.unitId}:${row.periodId}`,
                link: (
                  <Link to={dueLink(row)} aria-label={t('home.dueLabel', { task: row.taskTitle, period: row.periodLabel })}>
                    {row.taskTitle}
                  </Link>
                ),
                meta: (
                  <>
                    {row.unitName} · {row.periodLabel} · {t('home.dueBy', { date: formatDate(row.dueOn, lang) })}
                    {row.overdue ? <OverdueTag /> : null}
                  </>
                ),
              })}
            />
          </WorkCard>
        </Col>
        <Col xs={24} xl={12}>
          <WorkCard
            testId="home-returned"
            title={t('home.returned', { count: formatNumber(work.returned.total) })}
            reach={work.reach}
            more={seeAllIf(work.returned.total, work.returned.items.length, '/reports/mine?status=returned', seeAll)}
          >
            <Rows
              rows={work.returned.items}
              empty={t('home.returnedNone')}
              render={(row) => ({
                key: row.reportId,
                link: <Link to={`/reports/${row.reportId}`}>{row.taskTitle}</Link>,
                meta: (
                  <>
                    {row.unitName} · {row.periodLabel}
                    {row.reviewComment ? ` · ${row.reviewComment}` : ''}
                  </>
                ),
              })}
            />
          </WorkCard>
        </Col>
        <Col xs={24} xl={12}>
          <WorkCard
            testId="home-supervision"
            title={t('home.supervision', { count: formatNumber(work.supervision.total) })}
            reach={work.reach}
            more={seeAllIf(work.supervision.total, work.supervision.items.length, '/supervision?waitingFor=unit&mine=true', seeAll)}
          >
            <SupervisionRows rows={work.supervision.items} empty={t('home.supervisionNone')} />
          </WorkCard>
        </Col>
        {aside ? (
          <Col xs={24} xl={12}>
            {aside}
          </Col>
        ) : null}
      </Row>
    </section>
  );
}

/** The coordination office's work: the review queue, red tasks, supervision to chase or close, the next meeting; `aside` joins its grid. */
export function OfficeWork({ work, aside }: { work: Office; aside?: ReactNode }) {
  const { lang, t } = useI18n();
  const seeAll = t('home.seeAll');
  return (
    <section aria-labelledby="home-office-work">
      <Typography.Title level={2} id="home-office-work" style={{ fontSize: 18 }}>
        {t('home.officeWork')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <WorkCard
            testId="home-review"
            title={t('home.review', { count: formatNumber(work.review.total) })}
            reach={work.reach}
            more={seeAllIf(work.review.total, work.review.items.length, '/reports/review', seeAll)}
          >
            <Rows
              testId="review-queue"
              rows={work.review.items}
              empty={t('home.reviewNone')}
              render={(row) => ({
                key: row.reportId,
                link: <Link to={`/reports/${row.reportId}`}>{row.taskTitle}</Link>,
                meta: (
                  <>
                    {row.unitName} · {row.periodLabel}
                    {row.submittedAt ? ` · ${t('home.submittedAt', { date: formatDate(row.submittedAt, lang) })}` : ''}
                  </>
                ),
              })}
            />
          </WorkCard>
        </Col>
        <Col xs={24} xl={12}>
          <WorkCard
            testId="home-red-tasks"
            title={t('dashboard.redTasks', { count: formatNumber(work.redTasks.total) })}
            reach={work.reach}
            more={seeAllIf(work.redTasks.total, work.redTasks.items.length, '/tasks?light=red', seeAll)}
          >
            <Rows
              testId="red-tasks"
              rows={work.redTasks.items}
              empty={t('dashboard.redTasksNone')}
              render={(task) => ({
                key: task.id,
                link: <Link to={`/tasks/${task.id}`}>{task.title}</Link>,
                meta: (
                  <>
                    {task.leadUnitName ?? ''}
                    {task.dueOn ? ` · ${t('dashboard.dueOn', { date: formatDate(task.dueOn, lang) })}` : ''}
                    {task.reason ? ` · ${task.reason}` : ''}
                  </>
                ),
              })}
            />
          </WorkCard>
        </Col>
        <Col xs={24} xl={12}>
          <WorkCard
            testId="home-overdue-supervision"
            title={t('dashboard.overdueItems', { count: formatNumber(work.overdueSupervision.total) })}
            reach={work.reach}
            more={seeAllIf(work.overdueSupervision.total, work.overdueSupervision.items.length, '/supervision?overdue=true', seeAll)}
          >
            <SupervisionRows testId="overdue-supervision" rows={work.overdueSupervision.items} empty={t('dashboard.overdueItemsNone')} />
          </WorkCard>
        </Col>
        <Col xs={24} xl={12}>
          <WorkCard
            testId="home-replied-supervision"
            title={t('home.replied', { count: formatNumber(work.repliedSupervision.total) })}
            reach={work.reach}
            more={seeAllIf(work.repliedSupervision.total, work.repliedSupervision.items.length, '/supervision?waitingFor=office', seeAll)}
          >
            <SupervisionRows rows={work.repliedSupervision.items} empty={t('home.repliedNone')} />
          </WorkCard>
        </Col>
        <Col xs={24} xl={12}>
          <WorkCard testId="home-meeting" title={t('home.meeting')} reach={work.reach}>
            {work.nextMeeting ? (
              <ul className="plain-list">
                <li>
                  <Link to={`/meetings/${work.nextMeeting.id}`}>{work.nextMeeting.title}</Link>
                  <span className="plain-list-meta">
                    {formatDateTime(work.nextMeeting.startsAt, lang)} · {work.nextMeeting.place}
                  </span>
                </li>
              </ul>
            ) : (
              <Typography.Text type="secondary">{t('home.meetingNone')}</Typography.Text>
            )}
          </WorkCard>
        </Col>
        {aside ? (
          <Col xs={24} xl={12}>
            {aside}
          </Col>
        ) : null}
      </Row>
    </section>
  );
}

/** The latest unread notices; opening one counts it as read, as on the notices page. */
export function UnreadNotices({ notices }: { notices: Home['notices'] }) {
  const { lang, t } = useI18n();
  const { refreshUnread } = useShell();
  const markRead = (id: string) => {
    call(client.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })).then(refreshUnread, () => undefined);
  };
  return (
    <WorkCard
      testId="home-notices"
      title={t('home.notices', { count: formatNumber(notices.unread) })}
      more={{ to: '/notifications', label: t('home.noticesAll') }}
    >
      <Rows
        testId="unread-notices"
        rows={notices.items}
        empty={t('home.noticesNone')}
        render={(notice) => ({
          key: notice.id,
          link: (
            <Link to={notice.link ?? '/notifications'} onClick={() => markRead(notice.id)}>
              {notice.title}
            </Link>
          ),
          meta: formatDateTime(notice.createdAt, lang),
        })}
      />
    </WorkCard>
  );
}
