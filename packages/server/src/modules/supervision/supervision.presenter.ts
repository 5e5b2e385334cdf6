import type { z } from 'zod';
import type { SupervisionReplyRow, SupervisionWithNames } from './supervision.repository.js';
import type { SupervisionItemDetailOut, SupervisionItemOut, SupervisionReplyOut, SupervisionStatus } from './supervision.schema.js';

/** `today` is the China date the overdue flag is computed against. */
export function presentItem(row: SupervisionWithNames, today: string): z.infer<typeof SupervisionItemOut> {
  const { item } = row;
  return {
    id: item.id,
    pairId: item.pairId,
    taskId: item.taskId,
    taskTitle: row.taskTitle,
    unitId: item.unitId,
    unitName: row.unitName,
    ownerUserId: item.ownerUserId,
    ownerName: row.ownerName,
    requirement: item.requirement,
    deadline: item.deadline,
    status: item.status as SupervisionStatus,
    overdue: item.status !== 'closed' && item.deadline < today,
    source: item.source,
    meetingId: item.meetingId,
    createdBy: item.createdBy,
    closedAt: item.closedAt?.toISOString() ?? null,
    closedByName: row.closedByName,
    closeComment: item.closeComment,
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
  };
}

export function presentReply(row: SupervisionReplyRow): z.infer<typeof SupervisionReplyOut> {
  return { id: row.id, body: row.body, authorId: row.authorId, authorName: row.authorName, at: row.at.toISOString() };
}

export function presentItemDetail(row: SupervisionWithNames, replies: SupervisionReplyRow[], today: string): z.infer<typeof SupervisionItemDetailOut> {
  return { ...presentItem(row, today), replies: replies.map(presentReply) };
}
