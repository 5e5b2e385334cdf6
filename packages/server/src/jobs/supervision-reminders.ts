import { addDays, chinaDate, chineseDate } from '@duikou/domain';
import { type SQL, sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.js';
import type { Executor } from '../db/client.js';
import { recordSupervisionEvent } from '../modules/supervision/supervision.events.js';
import * as repo from '../modules/supervision/supervision.repository.js';
import { headline, notices } from '../modules/supervision/supervision.service.js';

export interface SupervisionReminderRun {
  today: string;
  signReminded: number;
  signEscalated: number;
  dueReminded: number;
  overdue: number;
}

type Step = 'sign_reminded' | 'sign_escalated' | 'due_reminded' | 'overdue';

interface Candidate {
  id: string;
  step: Step;
}

/**
 * The items that have crossed a line since they were last looked at (the pair's settings, or the
 * defaults): not signed `sign_days` after being raised (reminder), `sign_days + escalate_days`
 * after (escalation to the unit's head and the office), within `warn_days` of the deadline
 * (临近提醒), past the deadline (到期催办: the item turns red and stays so). An extension asked for
 * in time holds the overdue step until the office decides; an item the unit applied to close is
 * waiting for the office, not overdue.
 */
async function candidates(db: Executor, today: string): Promise<Candidate[]> {
  const settings = sql`left join supervision_settings s on s.pair_id = i.pair_id`;
  const sign = sql`coalesce(s.sign_days, 2)`;
  const escalate = sql`coalesce(s.escalate_days, 2)`;
  const warn = sql`coalesce(s.warn_days, 3)`;
  const raisedOn = sql`(i.created_at at time zone 'Asia/Shanghai')::date`;
  const noPendingExtension = sql`not exists (select 1 from supervision_extensions x where x.item_id = i.id and x.status = 'pending')`;
  // Not recorded yet (the event's dedupe key, as takeStep writes it).
  const done = (kind: Step, key: SQL) => sql`not exists (select 1 from supervision_events e where e.dedupe_key = ${`${kind}:`} || ${key})`;
  const rows = await db.execute(sql`
    select i.id, 'sign_reminded' as step from supervision_items i ${settings}
      where i.status = 'assigned' and ${raisedOn} + ${sign} <= ${today}::date and ${done('sign_reminded', sql`i.id::text`)}
    union all
    select i.id, 'sign_escalated' from supervision_items i ${settings}
      where i.status = 'assigned' and ${raisedOn} + ${sign} + ${escalate} <= ${today}::date and ${done('sign_escalated', sql`i.id::text`)}
    union all
    select i.id, 'due_reminded' from supervision_items i ${settings}
      where i.status in ('assigned','in_progress') and i.deadline >= ${today}::date and i.deadline - ${today}::date <= ${warn}
        and ${done('due_reminded', sql`i.id::text || ':' || i.deadline::text`)}
    union all
    select i.id, 'overdue' from supervision_items i
      where i.status in ('assigned','in_progress') and i.deadline < ${today}::date and ${noPendingExtension}
        and ${done('overdue', sql`i.id::text || ':' || i.deadline::text`)}`);
  return rows.rows as unknown as Candidate[];
}

/**
 * One item's step in its own transaction, on the locked item, re-checked there: the event's dedupe
 * key makes a second run (or a parallel one) record it, and send its notices, once.
 */
async function takeStep(ctx: ServiceContext, candidate: Candidate, today: string): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    const item = await repo.lockItem(tx, candidate.id);
    if (!item) return false;
    const found = await repo.findItem(tx, item.id);
    if (!found) return false;
    const settings = await repo.settingsOf(tx, item.pairId);
    const raisedOn = chinaDate(item.createdAt);
    const handling = item.status === 'assigned' || item.status === 'in_progress';
    const due: Record<Step, boolean> = {
      sign_reminded: item.status === 'assigned' && addDays(raisedOn, settings.signDays) <= today,
      sign_escalated: item.status === 'assigned' && addDays(raisedOn, settings.signDays + settings.escalateDays) <= today,
      due_reminded: handling && item.deadline >= today && addDays(today, settings.warnDays) >= item.deadline,
      overdue: handling && item.deadline < today && !(await repo.lockPendingExtension(tx, item.id)),
    };
    if (!due[candidate.step]) return false;
    const keyed = candidate.step === 'due_reminded' || candidate.step === 'overdue' ? `${item.id}:${item.deadline}` : item.id;
    const now = ctx.clock();
    const event = await recordSupervisionEvent(tx, {
      itemId: item.id,
      pairId: item.pairId,
      cityId: found.unitCityId,
      unitId: item.unitId,
      kind: candidate.step,
      at: now,
      actorId: null,
      data: { deadline: item.deadline },
      dedupeKey: `${candidate.step}:${keyed}`,
    });
    if (!event) return false;
    const unit = await repo.unitRecipients(tx, item.unitId, item.ownerUserId);
    const title = headline(item.requirement);
    let recipients = unit;
    let notice = { title: '', body: '' };
    switch (candidate.step) {
      case 'sign_reminded':
        notice = { title: `督办事项待签收：${title}`, body: `请尽快签收，办理时限 ${chineseDate(item.deadline)}` };
        break;
      case 'sign_escalated':
        recipients = [...(await repo.unitHead(tx, item.unitId)), ...(await repo.officeRecipients(tx, item.pairId, found.unitCityId))];
        notice = { title: `督办事项逾期未签收：${title}`, body: `${found.unitName} 自 ${chineseDate(raisedOn)} 交办以来仍未签收` };
        break;
      case 'due_reminded':
        notice = { title: `督办事项即将到期：${title}`, body: `办理时限 ${chineseDate(item.deadline)}` };
        break;
      case 'overdue':
        await repo.updateItem(tx, item.id, { overdueSince: item.overdueSince ?? addDays(item.deadline, 1), updatedAt: now });
        recipients = [...unit, ...(await repo.officeRecipients(tx, item.pairId, found.unitCityId))];
        notice = { title: `督办事项已逾期（到期催办）：${title}`, body: `${found.unitName} 未在 ${chineseDate(item.deadline)} 前办结` };
        break;
    }
    await repo.insertNotifications(tx, notices(recipients, null, item.id, `${candidate.step}:${keyed}`, notice.title, notice.body, now));
    return true;
  });
}

/** The supervision part of the daily reminder job; safe to run twice or in parallel (dedupe keys). */
export async function runSupervisionReminders(ctx: ServiceContext): Promise<SupervisionReminderRun> {
  const today = chinaDate(ctx.clock());
  const run: SupervisionReminderRun = { today, signReminded: 0, signEscalated: 0, dueReminded: 0, overdue: 0 };
  const counter: Record<Step, keyof Omit<SupervisionReminderRun, 'today'>> = {
    sign_reminded: 'signReminded',
    sign_escalated: 'signEscalated',
    due_reminded: 'dueReminded',
    overdue: 'overdue',
  };
  for (const candidate of await candidates(ctx.db, today)) {
    if (await takeStep(ctx, candidate, today)) run[counter[candidate.step]] += 1;
  }
  return run;
}
