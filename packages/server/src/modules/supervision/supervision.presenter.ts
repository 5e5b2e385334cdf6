import { supervisionLight } from '@duikou/domain';
import type { z } from 'zod';
import type { SupervisionEventRow, SupervisionExtensionRow, SupervisionReplyRow, SupervisionWithNames } from './supervision.repository.js';
import type {
  SupervisionEventOut,
  SupervisionExtensionOut,
  SupervisionItemDetailOut,
  SupervisionItemOut,
  SupervisionReplyOut,
  SupervisionStatus,
} from './supervision.schema.js';

type Source = z.infer<typeof SupervisionItemOut>['source'];

/** The web path back to what the item came from. */
function sourceLinkOf(row: SupervisionWithNames): string | null {
  const { item } = row;
  switch (item.source as Source) {
    case 'meeting':
      return item.meetingId ? `/meetings/${item.meetingId}` : null;
    case 'instruction':
      return item.instructionId ? `/supervision/instructions/${item.instructionId}` : null;
    case 'report':
      return item.reportId ? `/reports/${item.reportId}` : null;
    case 'inspection':
      return row.inspectionPlanId ? `/inspections/plans/${row.inspectionPlanId}` : null;
    default:
      return item.taskId ? `/tasks/${item.taskId}` : null;
  }
}

export function presentExtension(row: SupervisionExtensionRow): z.infer<typeof SupervisionExtensionOut> {
  return {
    id: row.id,
    reason: row.reason,
    fromDeadline: row.fromDeadline,
    newDeadline: row.newDeadline,
    status: row.status as 'pending' | 'approved' | 'refused',
    requestedByName: row.requestedByName,
    requestedAt: row.requestedAt.toISOString(),
    decidedByName: row.decidedByName,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionComment: row.decisionComment,
  };
}

export interface ItemExtras {
  coUnits: { id: string; name: string }[];
  pendingExtension: SupervisionExtensionRow | null;
}

/** `today` is the China date the light and the overdue flag are computed against. */
export function presentItem(row: SupervisionWithNames, extras: ItemExtras, today: string): z.infer<typeof SupervisionItemOut> {
  const { item } = row;
  const status = item.status as SupervisionStatus;
  return {
    id: item.id,
    pairId: item.pairId,
    taskId: item.taskId,
    taskTitle: row.taskTitle,
    unitId: item.unitId,
    unitName: row.unitName,
    cityId: row.unitCityId,
    coUnits: extras.coUnits.map((u) => ({ id: u.id, name: u.name })),
    ownerUserId: item.ownerUserId,
    ownerName: row.ownerName,
    requirement: item.requirement,
    deadline: item.deadline,
    originalDeadline: item.originalDeadline,
    status,
    light: supervisionLight({ status, deadline: item.deadline, overdueSince: item.overdueSince, today, warnDays: row.warnDays }),
    overdue: status !== 'closed' && item.deadline < today,
    overdueSince: item.overdueSince,
    source: item.source as Source,
    sourceTitle: row.sourceTitle,
    sourceLink: sourceLinkOf(row),
    meetingId: item.meetingId,
    instructionId: item.instructionId,
    reportId: item.reportId,
    inspectionId: item.inspectionId,
    signedAt: item.signedAt?.toISOString() ?? null,
    signedByName: row.signedByName,
    completionRequestedAt: item.completionRequestedAt?.toISOString() ?? null,
    completionResult: item.completionResult,
    completionAttachmentIds: item.completionAttachmentIds,
    pendingExtension: extras.pendingExtension ? presentExtension(extras.pendingExtension) : null,
    extensionCount: item.extensionCount,
    chaseCount: item.chaseCount,
    returnCount: item.returnCount,
    createdBy: item.createdBy,
    closedAt: item.closedAt?.toISOString() ?? null,
    closedByName: row.closedByName,
    closedLate: item.closedLate,
    closeComment: item.closeComment,
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
  };
}

export function presentReply(row: SupervisionReplyRow): z.infer<typeof SupervisionReplyOut> {
  return { id: row.id, body: row.body, authorId: row.authorId, authorName: row.authorName, attachmentIds: row.attachmentIds, at: row.at.toISOString() };
}

export function presentEvent(row: SupervisionEventRow): z.infer<typeof SupervisionEventOut> {
  return {
    id: row.id,
    kind: row.kind as z.infer<typeof SupervisionEventOut>['kind'],
    at: row.at.toISOString(),
    actorName: row.actorName,
    note: row.note,
    data: row.data,
  };
}

export function presentItemDetail(
  row: SupervisionWithNames,
  extras: ItemExtras,
  history: { replies: SupervisionReplyRow[]; extensions: SupervisionExtensionRow[]; events: SupervisionEventRow[] },
  today: string,
): z.infer<typeof SupervisionItemDetailOut> {
  return {
    ...presentItem(row, extras, today),
    replies: history.replies.map(presentReply),
    extensions: history.extensions.map(presentExtension),
    events: history.events.map(presentEvent),
  };
}
