import { chinaDate, roleHasPermission, type ScopeGrant } from '@duikou/domain';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import { changed } from '../../db/change-feed.js';
import { estimateBytes, scopeSignature } from '../../db/read-cache.js';
import { units } from '../../db/schema.js';
import { scopeFilter } from '../../db/scope-filter.js';
import { AppError } from '../../http/errors.js';
import type { Principal } from '../../http/principal.js';
import { meetingScope } from '../meetings/meetings.repository.js';
import { reportScopeColumns } from '../reports/reports.repository.js';
import { ownerUnitScope, supervisionScope } from '../supervision/supervision.repository.js';
import { taskScope } from '../tasks/tasks.repository.js';
import * as present from './home.presenter.js';
import * as repo from './home.repository.js';
import { HOME_ROWS, type HomeOut, type HomeReach } from './home.schema.js';

type Home = z.infer<typeof HomeOut>;
type Reach = z.infer<typeof HomeReach>;

/**
 * Reporting is the work of a unit: a grant to report for the whole pair or a city (a system
 * administrator holds every permission) is no one's queue of reports to write.
 */
const UNIT_SCOPES = new Set(['unit_tree', 'unit', 'self']);

/** The grants of the caller for each part of the home page, within the pair. */
function partsOf(principal: Principal, pairId: string) {
  const inPair = principal.grants.filter((g) => g.pairId === null || g.pairId === pairId);
  return {
    inPair,
    reporting: inPair.filter((g) => roleHasPermission(g.role, 'tasks.report') && UNIT_SCOPES.has(g.scope)),
    office: inPair.filter((g) => roleHasPermission(g.role, 'reports.review')),
    summary: inPair.filter((g) => roleHasPermission(g.role, 'tasks.read')),
  };
}

/**
 * The caller's home in a pair: the work of each role it holds, first rows and totals of each
 * section. A pair the caller holds no grant in answers 404, as a missing one does. The sections
 * over the pair's data are kept in the read cache per grants and day (overdue is by date) until
 * the pair's data changes; the unread notices are the caller's own and read each time.
 */
export async function home(ctx: ServiceContext, principal: Principal, pairId: string): Promise<Home> {
  const parts = partsOf(principal, pairId);
  if (parts.inPair.length === 0 || !(await repo.pairExists(ctx.db, pairId))) throw new AppError('NOT_FOUND');
  const today = chinaDate(ctx.clock());
  const signature = [parts.reporting, parts.office, parts.summary].map((g) => scopeSignature(g, principal.userId)).join('#');
  const [work, notices] = await Promise.all([
    ctx.cache.get(`home:${pairId}:${today}:${signature}`, () => computeWork(ctx, principal.userId, pairId, parts, today), {
      tags: [changed.pair(pairId)],
      bytes: estimateBytes,
    }),
    repo.unreadNotices(ctx.db, principal.userId, HOME_ROWS),
  ]);
  return { pairId, today, ...work, notices: { unread: notices.total, items: present.presentNotices(notices.rows) } };
}

async function computeWork(
  ctx: ServiceContext,
  userId: string,
  pairId: string,
  parts: ReturnType<typeof partsOf>,
  today: string,
): Promise<Pick<Home, 'reporting' | 'office' | 'summaryReach'>> {
  const [reporting, office, summaryReach] = await Promise.all([
    parts.reporting.length > 0 ? reportingOf(ctx, userId, pairId, parts.reporting, today) : null,
    parts.office.length > 0 ? officeOf(ctx, userId, pairId, parts.office, today) : null,
    parts.summary.length > 0 ? reachOf(ctx, parts.summary) : null,
  ]);
  return { reporting, office, summaryReach };
}

async function reportingOf(ctx: ServiceContext, userId: string, pairId: string, grants: ScopeGrant[], today: string): Promise<Home['reporting']> {
  const unitScope = scopeFilter(grants, userId, { pairId: units.pairId, cityId: units.cityId, unitId: units.id, unitPath: units.path });
  const [reach, due, returned, supervision] = await Promise.all([
    reachOf(ctx, grants),
    repo.dueReports(ctx.db, pairId, unitScope, today, HOME_ROWS),
    repo.returnedReports(ctx.db, pairId, scopeFilter(grants, userId, reportScopeColumns), HOME_ROWS),
    repo.supervisionWhere(ctx.db, pairId, ownerUnitScope(grants, userId), repo.openSupervision, HOME_ROWS),
  ]);
  return {
    reach,
    due: { total: due.total, overdue: due.overdue, items: present.presentDue(due.rows, today) },
    returned: { total: returned.total, items: present.presentReturned(returned.rows) },
    supervision: { total: supervision.total, items: present.presentSupervision(supervision.rows, today) },
  };
}

async function officeOf(ctx: ServiceContext, userId: string, pairId: string, grants: ScopeGrant[], today: string): Promise<Home['office']> {
  const items = supervisionScope(grants, userId);
  // A meeting later today is still ahead; the cached answer lasts the day.
  const startOfToday = new Date(`${today}T00:00:00+08:00`);
  const [reach, review, red, overdue, replied, meeting] = await Promise.all([
    reachOf(ctx, grants),
    repo.reportsToReview(ctx.db, pairId, scopeFilter(grants, userId, reportScopeColumns), HOME_ROWS),
    repo.redTasks(ctx.db, pairId, taskScope(grants, userId), HOME_ROWS),
    repo.supervisionWhere(ctx.db, pairId, items, repo.overdueSupervision(today), HOME_ROWS),
    repo.supervisionWhere(ctx.db, pairId, items, repo.repliedSupervision, HOME_ROWS),
    repo.nextMeeting(ctx.db, pairId, meetingScope(grants, userId), startOfToday),
  ]);
  return {
    reach,
    review: { total: review.total, items: present.presentReview(review.rows) },
    redTasks: { total: red.total, items: present.presentRedTasks(red.rows) },
    overdueSupervision: { total: overdue.total, items: present.presentSupervision(overdue.rows, today) },
    repliedSupervision: { total: replied.total, items: present.presentSupervision(replied.rows, today) },
    nextMeeting: meeting ? { id: meeting.id, title: meeting.title, startsAt: meeting.startsAt.toISOString(), place: meeting.place } : null,
  };
}

/** Whose records the grants reach, by the broadest of them: the pair, cities, units, or the caller's own. */
async function reachOf(ctx: ServiceContext, grants: readonly ScopeGrant[]): Promise<Reach> {
  if (grants.some((g) => g.scope === 'all')) return { level: 'pair', names: [] };
  const ids = (scope: ScopeGrant['scope'][], key: 'cityId' | 'unitId') => [
    ...new Set(grants.filter((g) => scope.includes(g.scope) && g[key] !== null).map((g) => g[key]!)),
  ];
  const cityIds = ids(['city'], 'cityId');
  const unitIds = ids(['unit_tree', 'unit'], 'unitId');
  const [cityNames, unitNames] = await Promise.all([repo.namesOf(ctx.db, 'cities', cityIds), repo.namesOf(ctx.db, 'units', unitIds)]);
  if (cityNames.length > 0) return { level: 'city', names: [...cityNames, ...unitNames] };
  if (unitNames.length > 0) return { level: 'units', names: unitNames };
  return { level: 'self', names: [] };
}
