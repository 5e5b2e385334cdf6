import type { BulletinCounts, BulletinUnitCounts, ScopeGrant } from '@duikou/domain';
import { aliasedTable, and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { totalOf, totalOver } from '../../db/pagination.js';
import { cities, notifications, supervisionBulletins, supervisionEvents, supervisionItems, units, users } from '../../db/schema.js';

export type BulletinRow = typeof supervisionBulletins.$inferSelect;

/** The figure each counted event makes: a `closed` event splits by `data.late`. */
const FIGURE_OF_EVENT = sql`case ${supervisionEvents.kind}
  when 'assigned' then 'raised'
  when 'extension_approved' then 'extended'
  when 'overdue' then 'overdue'
  when 'chased' then 'chased'
  when 'closed' then case ${supervisionEvents.data}->'late' when 'true'::jsonb then 'closedLate' when 'false'::jsonb then 'closedOnTime' end
end`;

const COUNTED_KINDS = ['assigned', 'closed', 'extension_approved', 'overdue', 'chased'] as const;

type FigureKey = 'raised' | 'closedOnTime' | 'closedLate' | 'extended' | 'overdue' | 'chased';

const emptyCounts = (): BulletinCounts => ({ raised: 0, closedOnTime: 0, closedLate: 0, extended: 0, overdue: 0, chased: 0, chaseTimes: 0 });

/**
 * The figures of a city over [from, to] (China dates of the events), per owner unit and for the
 * whole city, in one statement over supervision_events (the city/date index picks the rows): each
 * (unit, figure, item) once with its number of events, then counted per unit and figure, and per
 * figure over the city (distinct items: an item that moved unit counts once in the city's total).
 * Units listed: every unit with a counted event, and every active unit of the city that has ever
 * had an item (with zeros).
 */
export async function cityFigures(db: Executor, cityId: string, from: string, to: string) {
  const result = await db.execute<{ unit_id: string | null; figure: FigureKey; items: number; times: number }>(sql`
    with per_item as (
      select ${supervisionEvents.unitId} as unit_id, ${FIGURE_OF_EVENT} as figure, ${supervisionEvents.itemId} as item_id, count(*)::int as n
      from ${supervisionEvents}
      where ${supervisionEvents.cityId} = ${cityId} and ${supervisionEvents.onDate} between ${from} and ${to}
        and ${supervisionEvents.kind} in (${sql.join(
          COUNTED_KINDS.map((k) => sql`${k}`),
          sql`, `,
        )})
      group by 1, 2, 3
    )
    select unit_id, figure, count(*)::int as items, sum(n)::int as times from per_item where figure is not null group by unit_id, figure
    union all
    select null, figure, count(distinct item_id)::int, sum(n)::int from per_item where figure is not null group by figure`);
  const perUnit = new Map<string, BulletinCounts>();
  const totals = emptyCounts();
  for (const row of result.rows) {
    const target = row.unit_id === null ? totals : (perUnit.get(row.unit_id) ?? perUnit.set(row.unit_id, emptyCounts()).get(row.unit_id)!);
    target[row.figure] = Number(row.items);
    if (row.figure === 'chased') target.chaseTimes = Number(row.times);
  }
  // Active units of the city that have had any item appear with zeros.
  const withItems = await db.execute<{ id: string }>(sql`
    select ${units.id} as id from ${units}
    where ${units.cityId} = ${cityId} and not ${units.disabled}
      and exists (select 1 from ${supervisionItems} where ${supervisionItems.unitId} = ${units.id})`);
  for (const row of withItems.rows) if (!perUnit.has(row.id)) perUnit.set(row.id, emptyCounts());
  const names =
    perUnit.size === 0
      ? []
      : await db
          .select({ id: units.id, name: units.name })
          .from(units)
          .where(inArray(units.id, [...perUnit.keys()]));
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  const unitRows: BulletinUnitCounts[] = [...perUnit].map(([unitId, c]) => ({ unitId, unitName: nameOf.get(unitId) ?? '（已删除单位）', ...c }));
  return { units: unitRows, totals };
}

/** The city with its pair and its coordination office's name (the issuing office). */
export async function findCity(db: Executor, cityId: string) {
  const [row] = await db
    .select({
      id: cities.id,
      pairId: cities.pairId,
      name: cities.name,
      officeName: sql<
        string | null
      >`(select ${units.name} from ${units} where ${units.cityId} = ${cities.id} and ${units.type} = 'coordination_office' and not ${units.disabled} order by ${units.sortOrder}, ${units.name} limit 1)`,
    })
    .from(cities)
    .where(eq(cities.id, cityId))
    .limit(1);
  return row;
}

/** Locks the city's row (no key update: units may still be added) so that issue numbers are taken one at a time. */
export async function lockCityForIssue(tx: Executor, cityId: string): Promise<void> {
  await tx.execute(sql`select 1 from ${cities} where ${cities.id} = ${cityId} for no key update`);
}

export async function nextIssueNumber(tx: Executor, cityId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`coalesce(max(${supervisionBulletins.issueNumber}), 0)::int + 1` })
    .from(supervisionBulletins)
    .where(eq(supervisionBulletins.cityId, cityId));
  return row!.n;
}

export async function insertBulletin(tx: Executor, row: typeof supervisionBulletins.$inferInsert): Promise<BulletinRow> {
  const [inserted] = await tx.insert(supervisionBulletins).values(row).returning();
  return inserted!;
}

const creator = aliasedTable(users, 'bulletin_creator');
const publisher = aliasedTable(users, 'bulletin_publisher');

const withNames = {
  bulletin: supervisionBulletins,
  cityName: cities.name,
  createdByName: creator.displayName,
  publishedByName: publisher.displayName,
};

export async function findBulletin(db: Executor, id: string, scope?: SQL) {
  const [row] = await db
    .select(withNames)
    .from(supervisionBulletins)
    .innerJoin(cities, eq(cities.id, supervisionBulletins.cityId))
    .leftJoin(creator, eq(creator.id, supervisionBulletins.createdBy))
    .leftJoin(publisher, eq(publisher.id, supervisionBulletins.publishedBy))
    .where(and(eq(supervisionBulletins.id, id), scope))
    .limit(1);
  return row;
}

export type BulletinWithNames = NonNullable<Awaited<ReturnType<typeof findBulletin>>>;

export interface BulletinFilter {
  scope: SQL;
  pairId?: string;
  cityId?: string;
  status?: string;
}

/** One page, latest period first; the total comes in the same statement. */
export async function listBulletins(db: Executor, filter: BulletinFilter, limit: number, offset: number) {
  const where = and(
    filter.scope,
    filter.pairId ? eq(supervisionBulletins.pairId, filter.pairId) : undefined,
    filter.cityId ? eq(supervisionBulletins.cityId, filter.cityId) : undefined,
    filter.status ? eq(supervisionBulletins.status, filter.status) : undefined,
  );
  const rows = await db
    .select({ ...withNames, total: totalOver })
    .from(supervisionBulletins)
    .innerJoin(cities, eq(cities.id, supervisionBulletins.cityId))
    .leftJoin(creator, eq(creator.id, supervisionBulletins.createdBy))
    .leftJoin(publisher, eq(publisher.id, supervisionBulletins.publishedBy))
    .where(where)
    .orderBy(desc(supervisionBulletins.periodTo), desc(supervisionBulletins.issueNumber), asc(supervisionBulletins.id))
    .limit(limit)
    .offset(offset);
  const total = await totalOf(
    rows,
    offset,
    async () => (await db.select({ n: sql<number>`count(*)::int` }).from(supervisionBulletins).where(where))[0]?.n ?? 0,
  );
  return { rows, total };
}

/** draft → published, only if it is still a draft (of two concurrent publishes, one updates the row). */
export async function markPublished(tx: Executor, id: string, by: string, at: Date): Promise<BulletinRow | undefined> {
  const [row] = await tx
    .update(supervisionBulletins)
    .set({ status: 'published', publishedAt: at, publishedBy: by, updatedAt: at })
    .where(and(eq(supervisionBulletins.id, id), eq(supervisionBulletins.status, 'draft')))
    .returning();
  return row;
}

/** Deletes a draft, only if it is still one. */
export async function deleteDraft(tx: Executor, id: string): Promise<boolean> {
  const rows = await tx
    .delete(supervisionBulletins)
    .where(and(eq(supervisionBulletins.id, id), eq(supervisionBulletins.status, 'draft')))
    .returning({ id: supervisionBulletins.id });
  return rows.length > 0;
}

/**
 * One notice per active user of the city's units (dedupe key `bulletin:<id>:<userId>`: a retry
 * sends none twice). Returns the users notified now.
 */
export async function notifyCityUsers(
  tx: Executor,
  bulletin: { id: string; cityId: string },
  notice: { title: string; body: string; link: string },
): Promise<string[]> {
  const result = await tx.execute<{ user_id: string }>(sql`
    insert into ${notifications} (user_id, kind, title, body, link, dedupe_key)
    select ${users.id}, 'bulletin', ${notice.title}, ${notice.body}, ${notice.link}, ${`bulletin:${bulletin.id}:`} || ${users.id}::text
    from ${users} join ${units} on ${units.id} = ${users.unitId}
    where ${units.cityId} = ${bulletin.cityId} and ${users.status} = 'active'
    on conflict (dedupe_key) do nothing
    returning user_id`);
  return result.rows.map((r) => r.user_id);
}

/**
 * Which bulletins the grants reach. A bulletin belongs to its city: an office or viewer of the
 * pair (scope all) or of the city sees every bulletin of it, drafts included; a unit's account
 * (unit, unit and below, self) sees the published bulletins of its unit's city.
 */
export function bulletinScope(grants: readonly ScopeGrant[], ownUnitId: string | null): SQL {
  const alternatives: SQL[] = [];
  const b = supervisionBulletins;
  const published = sql`${b.status} = 'published'`;
  const cityOfUnit = (unitId: string) => sql`${b.cityId} = (select ${units.cityId} from ${units} where ${units.id} = ${unitId})`;
  for (const g of grants) {
    let reach: SQL | null = null;
    if (g.scope === 'all') reach = sql`true`;
    else if (g.scope === 'city') reach = g.cityId ? sql`${b.cityId} = ${g.cityId}` : null;
    else if (g.scope === 'unit' || g.scope === 'unit_tree') reach = g.unitId ? sql`(${published} and ${cityOfUnit(g.unitId)})` : null;
    else if (g.scope === 'self') reach = ownUnitId ? sql`(${published} and ${cityOfUnit(ownUnitId)})` : null;
    if (reach === null) continue;
    alternatives.push(g.pairId === null ? reach : sql`(${b.pairId} = ${g.pairId} and ${reach})`);
  }
  return alternatives.length === 0 ? sql`false` : sql`(${sql.join(alternatives, sql` or `)})`;
}
