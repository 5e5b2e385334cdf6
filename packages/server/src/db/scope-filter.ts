import type { ScopeGrant } from '@duikou/domain';
import { type AnyColumn, type SQL, sql } from 'drizzle-orm';

/** The columns (or expressions) that locate a scoped table's rows; see domain `RecordLocation`. */
export interface ScopeColumns {
  pairId: AnyColumn | SQL;
  cityId?: AnyColumn | SQL;
  unitId?: AnyColumn | SQL;
  unitPath?: AnyColumn | SQL;
  ownerId?: AnyColumn | SQL;
}

/**
 * The WHERE condition that limits a query to the rows the grants reach: the SQL twin of domain
 * `grantCovers`. Scope lives in the query, never in the UI, so a guessed id outside the caller's
 * scope finds nothing. A column a table lacks makes that scope level reach nothing there.
 */
export function scopeFilter(grants: readonly ScopeGrant[], userId: string, columns: ScopeColumns): SQL {
  const alternatives: SQL[] = [];
  for (const grant of grants) {
    const reach = grantCondition(grant, userId, columns);
    if (reach === null) continue;
    const pair = grant.pairId === null ? null : sql`${columns.pairId} = ${grant.pairId}`;
    alternatives.push(pair === null ? reach : sql`(${pair} and ${reach})`);
  }
  if (alternatives.length === 0) return sql`false`;
  return sql`(${sql.join(alternatives, sql` or `)})`;
}

function grantCondition(grant: ScopeGrant, userId: string, columns: ScopeColumns): SQL | null {
  switch (grant.scope) {
    case 'all':
      return sql`true`;
    case 'city':
      return columns.cityId && grant.cityId ? sql`${columns.cityId} = ${grant.cityId}` : null;
    case 'unit_tree':
      // Paths are built from uuids and slashes only, so they contain no LIKE wildcards.
      return columns.unitPath && grant.unitPath ? sql`${columns.unitPath} like ${`${grant.unitPath}%`}` : null;
    case 'unit':
      return columns.unitId && grant.unitId ? sql`${columns.unitId} = ${grant.unitId}` : null;
    case 'self':
      return columns.ownerId ? sql`${columns.ownerId} = ${userId}` : null;
  }
}
