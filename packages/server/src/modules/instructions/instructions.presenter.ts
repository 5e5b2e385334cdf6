import type { z } from 'zod';
import type * as repo from './instructions.repository.js';
import { type InstructionListItemOut, type InstructionOut, ITEM_STATUSES } from './instructions.schema.js';

export function presentListItem(row: repo.InstructionWithNames, canEdit: boolean): z.infer<typeof InstructionListItemOut> {
  const { instruction } = row;
  return {
    id: instruction.id,
    pairId: instruction.pairId,
    cityId: instruction.cityId,
    cityName: row.cityName,
    leaderName: instruction.leaderName,
    content: instruction.content,
    instructedOn: instruction.instructedOn,
    documentTitle: instruction.documentTitle,
    itemCount: row.itemCount,
    openItemCount: row.openItemCount,
    canEdit,
    createdBy: instruction.createdBy,
    createdByName: row.createdByName,
    createdAt: instruction.createdAt.toISOString(),
    updatedAt: instruction.updatedAt.toISOString(),
  };
}

export function presentInstruction(row: repo.InstructionWithNames, canEdit: boolean, byStatus: Map<string, number>): z.infer<typeof InstructionOut> {
  const itemsByStatus = Object.fromEntries(ITEM_STATUSES.map((s) => [s, byStatus.get(s) ?? 0])) as Record<(typeof ITEM_STATUSES)[number], number>;
  return { ...presentListItem(row, canEdit), itemsByStatus };
}
