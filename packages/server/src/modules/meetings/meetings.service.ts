import { canAccess, chinaDate, type RecordLocation, roleHasPermission } from '@duikou/domain';
import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { AppError, type FieldIssue } from '../../http/errors.js';
import { type Actor, assertPairPermission, grantsFor, grantsWith, type Principal } from '../../http/principal.js';
import { recordAudit, recordDownload } from '../audit/audit.service.js';
import { supervisionScope } from '../supervision/supervision.repository.js';
import { checkMeetingDecisionItem, raiseMeetingDecisionItems } from '../supervision/supervision.service.js';
import { chinaDateTime, minutesDocx } from './meetings.docx.js';
import { type LinkKind, RESOLVERS, resolveLinks } from './meetings.links.js';
import { sanitizeMinutes } from './meetings.minutes.js';
import { presentListItem, presentMeeting } from './meetings.presenter.js';
import * as repo from './meetings.repository.js';
import type { LinkTargetQuery, MeetingCreateBody, MeetingListQuery, MeetingUpdateBody } from './meetings.schema.js';

type MeetingFields = z.infer<typeof MeetingUpdateBody>;
type DecisionIn = MeetingFields['decisions'][number];

const LINK_SEARCH_LIMIT = 20;
/** An agenda item made from an open decision starts with this, so the office sees where it comes from. */
const CARRIED_OVER = '落实上次会议议定事项：';

const readScope = (p: Principal) => repo.meetingScope(grantsWith(p, 'meetings.read'), p.userId);
const todayOf = (ctx: ServiceContext) => chinaDate(ctx.clock());

function supervisionReach(principal: Principal): SQL {
  const grants = principal.grants.filter((g) => roleHasPermission(g.role, 'supervision.read'));
  return grants.length === 0 ? sql`false` : supervisionScope(grants, principal.userId);
}

/** Where a meeting sits for write checks: its pair and host city; "self" reaches the one who wrote it down. */
function locationOf(meeting: { pairId: string; hostCityId: string; createdBy: string | null }): RecordLocation {
  return { pairId: meeting.pairId, cityId: meeting.hostCityId, unitId: null, unitPath: null, ownerId: meeting.createdBy };
}

const canWrite = (principal: Principal, meeting: Parameters<typeof locationOf>[0]) =>
  canAccess(principal.grants, 'meetings.write', principal.userId, locationOf(meeting));

function issuesError(code: 'VALIDATION_FAILED' | 'FORBIDDEN' | 'INVALID_STATE', issues: FieldIssue[]): AppError {
  return new AppError(code, issues, issues.map((i) => `${i.field}: ${i.reason}`).join('；'));
}

async function partsOf(db: Executor, principal: Principal, row: repo.MeetingWithNames, today: string) {
  const id = row.meeting.id;
  const [chairs, attendees, agenda, decisions] = [
    await repo.chairsOf(db, id),
    await repo.attendeesOf(db, id),
    await repo.agendaOf(db, id),
    await repo.decisionsOf(db, id, supervisionReach(principal)),
  ];
  const links = await resolveLinks(
    db,
    principal,
    agenda.flatMap((a) => (a.linkKind && a.linkId ? [{ kind: a.linkKind as LinkKind, id: a.linkId }] : [])),
  );
  return { row, chairs, attendees, agenda, decisions, links, canEdit: canWrite(principal, row.meeting), today };
}

async function detailOf(db: Executor, principal: Principal, id: string, today: string) {
  const row = await repo.findMeeting(db, id);
  if (!row) throw new AppError('NOT_FOUND');
  return presentMeeting(await partsOf(db, principal, row, today));
}

/** A meeting the caller can see (else 404) and may write (else 403). */
async function writableMeeting(ctx: ServiceContext, principal: Principal, id: string) {
  const row = await repo.findMeeting(ctx.db, id, readScope(principal));
  if (!row) throw new AppError('NOT_FOUND');
  if (!canWrite(principal, row.meeting)) throw new AppError('FORBIDDEN');
  return row;
}

/** The China date of an instant given as ISO text. */
const chinaDateOf = (iso: string) => chinaDate(new Date(iso));

/**
 * Checks everything a meeting body names against the pair and the caller's reach, collecting
 * every problem by its field: cities, attendee and owner units, agenda links, deadlines.
 */
async function checkFields(ctx: ServiceContext, principal: Principal, pairId: string, body: MeetingFields): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const cityIds = new Set((await repo.citiesOfPair(ctx.db, pairId)).map((c) => c.id));
  if (!cityIds.has(body.hostCityId)) issues.push({ field: 'hostCityId', reason: '主办城市不属于本结对城市' });
  for (const [i, chair] of body.chairs.entries()) {
    if (!cityIds.has(chair.cityId)) issues.push({ field: `chairs.${i}.cityId`, reason: '城市不属于本结对城市' });
  }
  const unitIds = [...new Set([...body.attendees.map((a) => a.unitId), ...body.decisions.map((d) => d.ownerUnitId)])];
  const unitRows = new Map((await repo.unitsByIds(ctx.db, unitIds)).map((u) => [u.id, u]));
  const unitProblem = (id: string): string | null => {
    const unit = unitRows.get(id);
    if (!unit || unit.pairId !== pairId) return '单位不存在或不属于本结对城市';
    return unit.disabled ? '单位已停用' : null;
  };
  for (const [i, attendee] of body.attendees.entries()) {
    const problem = unitProblem(attendee.unitId);
    if (problem) issues.push({ field: `attendees.${i}.unitId`, reason: problem });
    if (attendee.title && !attendee.name) issues.push({ field: `attendees.${i}.name`, reason: '填写职务时须填写姓名' });
  }
  const seen = new Set<string>();
  for (const [i, attendee] of body.attendees.entries()) {
    const key = `${attendee.unitId}:${attendee.name ?? ''}`;
    if (seen.has(key)) issues.push({ field: `attendees.${i}.unitId`, reason: '出席单位或人员重复' });
    seen.add(key);
  }
  const links = await resolveLinks(
    ctx.db,
    principal,
    body.agenda.flatMap((a) => (a.link ? [a.link] : [])),
  );
  for (const [i, item] of body.agenda.entries()) {
    if (!item.link) continue;
    const target = links.get(`${item.link.kind}:${item.link.id}`);
    if (!target || target.pairId !== pairId) issues.push({ field: `agenda.${i}.link.id`, reason: `关联的${RESOLVERS[item.link.kind].noun}不存在` });
  }
  const meetingDay = chinaDateOf(body.startsAt);
  for (const [i, decision] of body.decisions.entries()) {
    const problem = unitProblem(decision.ownerUnitId);
    if (problem) issues.push({ field: `decisions.${i}.ownerUnitId`, reason: problem });
    if (decision.deadline < meetingDay) issues.push({ field: `decisions.${i}.deadline`, reason: '办理时限不能早于会议日期' });
  }
  return issues;
}

/** The meeting row's own columns and its chairs, attendees and agenda, from a checked body. */
function rowsOf(body: MeetingFields) {
  return {
    columns: {
      title: body.title,
      startsAt: new Date(body.startsAt),
      place: body.place,
      hostCityId: body.hostCityId,
      minutesHtml: sanitizeMinutes(body.minutesHtml),
    },
    parts: {
      chairs: body.chairs.map((c) => ({ name: c.name, title: c.title, cityId: c.cityId })),
      attendees: body.attendees.map((a) => ({ unitId: a.unitId, personName: a.name ?? null, personTitle: a.name ? (a.title ?? null) : null })),
      agenda: body.agenda.map((a) => ({ title: a.title, linkKind: a.link?.kind ?? null, linkId: a.link?.id ?? null })),
    },
  };
}

/** What an item raised from a decision asks for: the decision, and where it was decided. */
function requirementOf(meetingTitle: string, decision: { text: string }): string {
  return `${decision.text}（${meetingTitle}议定事项）`.slice(0, 2000);
}

export async function listMeetings(ctx: ServiceContext, principal: Principal, query: z.infer<typeof MeetingListQuery>) {
  const { page, pageSize, from, to, ...filter } = query;
  // Dates are China dates: a day runs from 00:00 to 24:00 at +08:00.
  const dayStart = (date: string) => new Date(`${date}T00:00:00+08:00`);
  const before = to ? new Date(dayStart(to).getTime() + 86_400_000) : undefined;
  grantsFor(principal, 'meetings.read');
  const { rows, total } = await repo.listMeetings(
    ctx.db,
    { ...filter, scope: readScope(principal), from: from ? dayStart(from) : undefined, before },
    pageSize,
    (page - 1) * pageSize,
  );
  return { items: rows.map(presentListItem), total };
}

export async function getMeeting(ctx: ServiceContext, principal: Principal, id: string) {
  const row = await repo.findMeeting(ctx.db, id, readScope(principal));
  if (!row) throw new AppError('NOT_FOUND');
  return presentMeeting(await partsOf(ctx.db, principal, row, todayOf(ctx)));
}

/** The caller must write meetings somewhere in the pair (else 403; a pair whose meetings it cannot read is hidden: 404). */
function assertWritesInPair(principal: Principal, pairId: string): void {
  assertPairPermission(principal, 'meetings.write', pairId);
}

/**
 * What a new meeting of the pair starts with: the decisions of the pair's latest held meeting
 * whose supervision items are not closed, each as an agenda item linked to its item, so the
 * meeting reviews what is still open. The office may remove them before saving.
 */
export async function draftMeeting(ctx: ServiceContext, principal: Principal, pairId: string) {
  assertWritesInPair(principal, pairId);
  // The previous meeting and its open items as the caller would see them through GET /meetings/{id}:
  // a meeting outside its reach is not there, nor is an item it cannot see.
  const previous = await repo.latestHeldMeeting(ctx.db, pairId, readScope(principal));
  if (!previous) return { previousMeeting: null, agenda: [] };
  const open = await repo.openDecisionItems(ctx.db, previous.id, supervisionReach(principal));
  const links = await resolveLinks(
    ctx.db,
    principal,
    open.map((o) => ({ kind: 'supervision' as const, id: o.id })),
  );
  return {
    previousMeeting: { id: previous.id, title: previous.title, startsAt: previous.startsAt.toISOString() },
    agenda: open.map((o) => {
      const target = links.get(`supervision:${o.id}`);
      return {
        title: `${CARRIED_OVER}${o.text}`.slice(0, 500),
        link: { kind: 'supervision' as const, id: o.id, label: target?.label ?? null, state: target?.state ?? null },
      };
    }),
  };
}

/** Tasks or supervision items of the pair in the caller's reach, for the agenda's link picker. */
export async function linkTargets(ctx: ServiceContext, principal: Principal, query: z.infer<typeof LinkTargetQuery>) {
  assertWritesInPair(principal, query.pairId);
  const found = await RESOLVERS[query.kind].search(ctx.db, principal, query.pairId, query.q || undefined, LINK_SEARCH_LIMIT);
  return { items: found.map((t) => ({ kind: query.kind, id: t.id, label: t.label, state: t.state, unitNames: t.unitNames })), total: found.length };
}

/** Records a meeting (planned); with its chairs, attendees, agenda and decisions, audited, in one transaction. */
export async function createMeeting(ctx: ServiceContext, principal: Principal, actor: Actor, body: z.infer<typeof MeetingCreateBody>) {
  assertWritesInPair(principal, body.pairId);
  const { pairId, ...fields } = body;
  const issues = await checkFields(ctx, principal, pairId, fields);
  if (issues.length > 0) throw issuesError('VALIDATION_FAILED', issues);
  if (!canWrite(principal, { pairId, hostCityId: fields.hostCityId, createdBy: principal.userId })) {
    throw issuesError('FORBIDDEN', [{ field: 'hostCityId', reason: '主办城市不在本人管理范围内' }]);
  }
  const today = todayOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock();
    const { columns, parts } = rowsOf(fields);
    const meeting = await repo.insertMeeting(tx, {
      ...columns,
      pairId,
      status: 'planned',
      createdBy: principal.userId,
      updatedBy: principal.userId,
      createdAt: now,
      updatedAt: now,
    });
    await repo.replaceParts(tx, meeting.id, parts);
    for (const [position, d] of fields.decisions.entries()) {
      await repo.insertDecision(tx, { meetingId: meeting.id, position, text: d.text, ownerUnitId: d.ownerUnitId, deadline: d.deadline });
    }
    const out = await detailOf(tx, principal, meeting.id, today);
    await recordAudit(tx, ctx.clock, actor, {
      action: 'meeting.create',
      entityType: 'meeting',
      entityId: meeting.id,
      pairId,
      cityId: fields.hostCityId,
      after: out,
    });
    return out;
  });
}

/**
 * On a held meeting the decisions already raised as supervision items are tracked there: they
 * must come back unchanged (reordering is fine); a missing or edited one is refused by its field.
 */
function checkRaisedDecisions(raised: repo.DecisionRow[], decisions: DecisionIn[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const sent = new Map(decisions.flatMap((d, i) => (d.id ? [[d.id, { d, i }] as const] : [])));
  for (const existing of raised) {
    const match = sent.get(existing.decision.id);
    if (!match) {
      issues.push({ field: 'decisions', reason: `议定事项“${existing.decision.text.slice(0, 20)}”已转为督办事项，不能删除` });
      continue;
    }
    for (const key of ['text', 'ownerUnitId', 'deadline'] as const) {
      if (match.d[key] !== existing.decision[key]) {
        issues.push({ field: `decisions.${match.i}.${key}`, reason: '已转为督办事项，不能修改（请在督办事项中调整）' });
      }
    }
  }
  return issues;
}

/**
 * Replaces a meeting's details. A planned meeting's decisions are replaced; a held meeting keeps
 * the decisions it raised and raises each new one as a supervision item in the same transaction.
 */
export async function updateMeeting(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body: MeetingFields) {
  const found = await writableMeeting(ctx, principal, id);
  const seen = found.meeting;
  const fieldIssues = await checkFields(ctx, principal, seen.pairId, body);
  if (fieldIssues.length > 0) throw issuesError('VALIDATION_FAILED', dedupe([...fieldIssues, ...(await decisionIssues(ctx, ctx.db, seen, body))]));
  const today = todayOf(ctx);
  return ctx.db.transaction(async (tx) => {
    // Decided on the meeting as it is under its lock: its status (held since: the decisions
    // become items) and its decisions (raised since by another edit: they must come back).
    const status = await repo.lockMeetingStatus(tx, id);
    if (status === undefined) throw new AppError('NOT_FOUND');
    if (status !== seen.status) throw new AppError('STALE_STATE', [{ field: 'status', reason: '会议状态已变化，请刷新后重试' }]);
    const meeting = (await repo.findMeeting(tx, id))!.meeting;
    const current = await repo.decisionsOf(tx, id, sql`true`);
    const issues = await decisionIssues(ctx, tx, meeting, body, current);
    if (issues.length > 0) throw issuesError('VALIDATION_FAILED', dedupe(issues));
    if (body.hostCityId !== meeting.hostCityId && !canWrite(principal, { ...meeting, hostCityId: body.hostCityId })) {
      throw issuesError('FORBIDDEN', [{ field: 'hostCityId', reason: '主办城市不在本人管理范围内' }]);
    }
    const held = meeting.status === 'held';
    const raisedIds = new Set(current.filter((d) => d.itemId !== null).map((d) => d.decision.id));
    const before = await detailOf(tx, principal, id, today);
    const now = ctx.clock();
    const { columns, parts } = rowsOf(body);
    await repo.updateMeeting(tx, id, { ...columns, updatedBy: principal.userId, updatedAt: now });
    await repo.replaceParts(tx, id, parts);
    await repo.deleteUnraisedDecisions(tx, id);
    const newDecisions: { id: string; d: DecisionIn }[] = [];
    for (const [position, d] of body.decisions.entries()) {
      if (d.id && raisedIds.has(d.id)) {
        await repo.moveDecision(tx, d.id, position);
        continue;
      }
      const row = await repo.insertDecision(tx, { id: d.id, meetingId: id, position, text: d.text, ownerUnitId: d.ownerUnitId, deadline: d.deadline });
      newDecisions.push({ id: row.id, d });
    }
    if (held && newDecisions.length > 0) {
      await raiseMeetingDecisionItems(
        tx,
        ctx,
        actor,
        newDecisions.map(({ id: decisionId, d }) => ({
          meetingId: id,
          decisionId,
          unitId: d.ownerUnitId,
          requirement: requirementOf(body.title, d),
          deadline: d.deadline,
        })),
      );
    }
    const after = await detailOf(tx, principal, id, today);
    await recordAudit(tx, ctx.clock, actor, {
      action: 'meeting.update',
      entityType: 'meeting',
      entityId: id,
      pairId: meeting.pairId,
      cityId: body.hostCityId,
      before,
      after,
    });
    return after;
  });
}

/**
 * What the body's decisions break against the meeting's current ones: ids of another meeting,
 * raised decisions missing or edited, and (on a held meeting) new decisions that cannot become
 * supervision items. Run again under the meeting's lock with the decisions read there.
 */
async function decisionIssues(
  ctx: ServiceContext,
  db: Executor,
  meeting: { id: string; pairId: string; status: string },
  body: MeetingFields,
  current?: repo.DecisionRow[],
): Promise<FieldIssue[]> {
  const decisions = current ?? (await repo.decisionsOf(db, meeting.id, sql`true`));
  const issues: FieldIssue[] = [];
  const currentIds = new Set(decisions.map((d) => d.decision.id));
  for (const [i, d] of body.decisions.entries()) {
    if (d.id && !currentIds.has(d.id)) issues.push({ field: `decisions.${i}.id`, reason: '议定事项不属于本次会议' });
  }
  const raised = decisions.filter((d) => d.itemId !== null);
  issues.push(...checkRaisedDecisions(raised, body.decisions));
  if (meeting.status !== 'held') return issues;
  const raisedIds = new Set(raised.map((d) => d.decision.id));
  for (const [i, d] of body.decisions.entries()) {
    if (d.id && raisedIds.has(d.id)) continue;
    issues.push(
      ...(await checkMeetingDecisionItem(
        ctx,
        db,
        meeting.pairId,
        { unitId: d.ownerUnitId, deadline: d.deadline },
        {
          unit: `decisions.${i}.ownerUnitId`,
          deadline: `decisions.${i}.deadline`,
        },
      )),
    );
  }
  return issues;
}

function dedupe(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.field}\u0000${i.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Marks a meeting held (已召开): each decision becomes a supervision item (source `meeting`) on
 * its owner unit, tracked to closure there. The status, the items, their notices and the audit
 * entries commit together; one decision that cannot become an item refuses the whole step.
 */
export async function holdMeeting(ctx: ServiceContext, principal: Principal, actor: Actor, id: string) {
  const found = await writableMeeting(ctx, principal, id);
  const { meeting } = found;
  if (meeting.status === 'held') throw issuesError('INVALID_STATE', [{ field: 'status', reason: '会议已标记为已召开' }]);
  if (meeting.startsAt.getTime() > ctx.clock().getTime()) {
    throw issuesError('INVALID_STATE', [{ field: 'startsAt', reason: `会议时间（${chinaDateTime(meeting.startsAt.toISOString())}）未到，不能标记为已召开` }]);
  }
  const decisionProblems = async (db: Executor, pairId: string) => {
    const issues: FieldIssue[] = [];
    for (const [i, d] of (await repo.decisionsOf(db, id, sql`true`)).entries()) {
      issues.push(
        ...(await checkMeetingDecisionItem(
          ctx,
          db,
          pairId,
          { unitId: d.decision.ownerUnitId, deadline: d.decision.deadline },
          {
            unit: `decisions.${i}.ownerUnitId`,
            deadline: `decisions.${i}.deadline`,
          },
        )),
      );
    }
    return issues;
  };
  const issues = await decisionProblems(ctx.db, meeting.pairId);
  if (issues.length > 0) throw issuesError('VALIDATION_FAILED', issues);
  const today = todayOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const status = await repo.lockMeetingStatus(tx, id);
    if (status === undefined) throw new AppError('NOT_FOUND');
    // It was planned when read: held since means another request marked it (409 STALE_STATE).
    if (status === 'held') throw new AppError('STALE_STATE', [{ field: 'status', reason: '会议已标记为已召开' }]);
    // Its title and time as they are now (an edit may have committed since the checks above).
    const meeting = (await repo.findMeeting(tx, id))!.meeting;
    if (meeting.startsAt.getTime() > ctx.clock().getTime()) {
      throw issuesError('INVALID_STATE', [{ field: 'startsAt', reason: `会议时间（${chinaDateTime(meeting.startsAt.toISOString())}）未到，不能标记为已召开` }]);
    }
    // Read again under the lock: what is raised is what the meeting holds now.
    const problems = await decisionProblems(tx, meeting.pairId);
    if (problems.length > 0) throw issuesError('VALIDATION_FAILED', problems);
    const current = await repo.decisionsOf(tx, id, sql`true`);
    const itemIds = await raiseMeetingDecisionItems(
      tx,
      ctx,
      actor,
      current
        .filter((d) => d.itemId === null)
        .map((d) => ({
          meetingId: id,
          decisionId: d.decision.id,
          unitId: d.decision.ownerUnitId,
          requirement: requirementOf(meeting.title, d.decision),
          deadline: d.decision.deadline,
        })),
    );
    const now = ctx.clock();
    await repo.updateMeeting(tx, id, { status: 'held', heldMarkedAt: now, updatedBy: principal.userId, updatedAt: now });
    const after = await detailOf(tx, principal, id, today);
    await recordAudit(tx, ctx.clock, actor, {
      action: 'meeting.hold',
      entityType: 'meeting',
      entityId: id,
      pairId: meeting.pairId,
      cityId: meeting.hostCityId,
      before: { status: meeting.status },
      after: { status: after.status, supervisionItemIds: itemIds },
    });
    return after;
  });
}

export interface MinutesFile {
  bytes: Buffer;
  name: string;
  asciiName: string;
}

/** The minutes of a meeting the caller can see, as a .docx; the download is audited. */
export async function minutesFile(ctx: ServiceContext, principal: Principal, actor: Actor, id: string): Promise<MinutesFile> {
  const meeting = await getMeeting(ctx, principal, id);
  const file = { bytes: await minutesDocx(meeting), name: `${meeting.title}-会议纪要.docx`, asciiName: 'meeting-minutes.docx' };
  await recordDownload(ctx, actor, {
    action: 'meeting.minutes_export',
    entityType: 'meeting',
    entityId: meeting.id,
    pairId: meeting.pairId,
    cityId: meeting.hostCityId,
    after: { file: file.name },
  });
  return file;
}
