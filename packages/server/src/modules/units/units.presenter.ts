import type { UnitType } from '@duikou/domain';
import type { z } from 'zod';
import type { UnitRow } from './units.repository.js';
import type { UnitOut } from './units.schema.js';

export function presentUnit(row: UnitRow): z.infer<typeof UnitOut> {
  return {
    id: row.id,
    pairId: row.pairId,
    cityId: row.cityId,
    parentId: row.parentId,
    type: row.type as UnitType,
    name: row.name,
    shortName: row.shortName,
    adminCode: row.adminCode,
    creditCode: row.creditCode,
    sortOrder: row.sortOrder,
    disabled: row.disabled,
    headUserId: row.headUserId,
    depth: row.path.split('/').length - 3,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
