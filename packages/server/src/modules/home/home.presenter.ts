import type { z } from 'zod';
import type * as repo from './home.repository.js';
import type { HomeOut } from './home.schema.js';

type Home = z.infer<typeof HomeOut>;
type Rows<F extends (...args: never[]) => Promise<{ rows: unknown[] }>> = Awaited<ReturnType<F>>['rows'];

export function presentDue(rows: Rows<typeof repo.dueReports>, today: string): NonNullable<Home['reporting']>['due']['items'] {
  return rows.map((r) => ({
    taskId: r.taskId,
    taskTitle: r.taskTitle,
    unitId: r.unitId,
    unitName: r.unitName,
    periodId: r.periodId,
    periodLabel: r.periodLabel,
    dueOn: r.dueOn,
    reportId: r.reportId,
    overdue: r.dueOn < today,
  }));
}

export function presentReturned(rows: Rows<typeof repo.returnedReports>): NonNullable<Home['reporting']>['returned']['items'] {
  return rows.map((r) => ({
    reportId: r.reportId,
    taskId: r.taskId,
    taskTitle: r.taskTitle,
    unitName: r.unitName,
    periodLabel: r.periodLabel,
    dueOn: r.dueOn,
    reviewComment: r.reviewComment,
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
  }));
}

export function presentReview(rows: Rows<typeof repo.reportsToReview>): NonNullable<Home['office']>['review']['items'] {
  return rows.map((r) => ({
    reportId: r.reportId,
    taskId: r.taskId,
    taskTitle: r.taskTitle,
    unitName: r.unitName,
    periodLabel: r.periodLabel,
    dueOn: r.dueOn,
    submittedAt: r.submittedAt?.toISOString() ?? null,
  }));
}

export function presentSupervision(rows: Rows<typeof repo.supervisionWhere>, today: string): NonNullable<Home['office']>['overdueSupervision']['items'] {
  return rows.map((r) => ({
    id: r.id,
    requirement: r.requirement,
    unitName: r.unitName,
    deadline: r.deadline,
    status: r.status as 'assigned' | 'in_progress' | 'completion_requested' | 'closed',
    overdue: r.status !== 'closed' && r.deadline < today,
  }));
}

export function presentRedTasks(rows: Rows<typeof repo.redTasks>): NonNullable<Home['office']>['redTasks']['items'] {
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    leadUnitName: r.leadUnitName,
    dueOn: r.dueOn,
    reason: Array.isArray(r.lightReasons) && typeof r.lightReasons[0] === 'string' ? r.lightReasons[0] : null,
  }));
}

export function presentNotices(rows: Rows<typeof repo.unreadNotices>): Home['notices']['items'] {
  return rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, link: r.link, createdAt: r.createdAt.toISOString() }));
}
