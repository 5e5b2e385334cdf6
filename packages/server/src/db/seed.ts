import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { defaultPairs, type PairSeed, type PlanSeed, type UnitSeed } from '@duikou/domain';
import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.js';
import type { Actor, Principal } from '../http/principal.js';
import { recordAudit } from '../modules/audit/audit.service.js';
import { assertPasswordPolicy } from '../modules/auth/auth.service.js';
import { generatePassword, hashPassword } from '../modules/auth/password-hash.js';
import { importPlan, publish } from '../modules/plans/plans.service.js';
import { seedRegistryDefaults } from '../modules/registries/registries.seed.js';
import { seedWaterDefaults } from '../modules/water/water.seed.js';
import type { Executor } from './client.js';
import { cities, pairs, roleAssignments, units, users } from './schema.js';

const SYSTEM_ACTOR: Actor = { userId: null, name: 'system', ip: null, userAgent: null };
// The first start loads the built-in plan with deployment-wide rights, like `duikou import-plan`.
const SYSTEM_PRINCIPAL: Principal = {
  userId: '00000000-0000-0000-0000-000000000000',
  username: 'system',
  displayName: 'system',
  unitId: null,
  sessionId: '',
  csrfToken: '',
  mustChangePassword: false,
  grants: [{ role: 'system_admin', scope: 'all', pairId: null, cityId: null, unitId: null, unitPath: null }],
};
// src/db and dist/db sit at the same depth, so this finds packages/domain/data/plans from both.
const PLANS_DIR = new URL('../../../domain/data/plans/', import.meta.url);
// One process seeds at a time when several start against one server.
const SEED_LOCK_KEY = 7_020_262_4;

async function insertUnitTree(
  tx: Executor,
  pairId: string,
  cityId: string,
  seeds: readonly UnitSeed[],
  parent: { id: string; path: string } | null,
  at: Date,
): Promise<number> {
  let count = 0;
  for (const [index, seed] of seeds.entries()) {
    const id = randomUUID();
    const path = `${parent?.path ?? '/'}${id}/`;
    await tx.insert(units).values({
      id,
      pairId,
      cityId,
      parentId: parent?.id ?? null,
      path,
      seedKey: seed.key,
      type: seed.type,
      name: seed.name,
      shortName: seed.shortName ?? null,
      adminCode: seed.adminCode ?? null,
      creditCode: seed.creditCode ?? null,
      sortOrder: index,
      createdAt: at,
      updatedAt: at,
    });
    count += 1 + (seed.children ? await insertUnitTree(tx, pairId, cityId, seed.children, { id, path }, at) : 0);
  }
  return count;
}

async function seedPair(ctx: ServiceContext, tx: Executor, seed: PairSeed): Promise<boolean> {
  const [existing] = await tx.select({ id: pairs.id }).from(pairs).where(sql`${pairs.code} = ${seed.code}`);
  if (existing) return false;
  const now = ctx.clock();
  const [pair] = await tx
    .insert(pairs)
    .values({ code: seed.code, name: seed.name, nameEn: seed.nameEn, source: seed.source, createdAt: now, updatedAt: now })
    .returning();
  let unitCount = 0;
  for (const [position, city] of seed.cities.entries()) {
    const [cityRow] = await tx
      .insert(cities)
      .values({ pairId: pair!.id, code: city.code, name: city.name, position, createdAt: now, updatedAt: now })
      .returning();
    unitCount += await insertUnitTree(tx, pair!.id, cityRow!.id, city.units, null, now);
  }
  await recordAudit(tx, ctx.clock, SYSTEM_ACTOR, {
    action: 'pair.seed',
    entityType: 'pair',
    entityId: pair!.id,
    pairId: pair!.id,
    after: { code: seed.code, name: seed.name, units: unitCount },
  });
  return true;
}

export interface SeedResult {
  pairsCreated: string[];
  /** Pairs whose built-in plan was loaded and published now (their first start). */
  plansLoaded: string[];
  /** Set when the first administrator was created now with a generated password: print it once. */
  generatedAdminPassword: string | null;
  adminCreated: boolean;
}

/**
 * Loads a new pair's built-in plan through the same service calls as an import and a publish, so
 * it is parsed, stored, audited (as `system`) and published exactly as the office's own would be.
 */
async function loadDefaultPlan(ctx: ServiceContext, pairId: string, plan: PlanSeed): Promise<void> {
  const text = fs.readFileSync(new URL(plan.file, PLANS_DIR), 'utf8');
  const { version } = await importPlan(
    ctx,
    SYSTEM_PRINCIPAL,
    SYSTEM_ACTOR,
    { pairId, title: plan.title, source: { text, fileName: plan.file } },
    { sourceNote: plan.sourceNote },
  );
  await publish(ctx, SYSTEM_PRINCIPAL, SYSTEM_ACTOR, version.id);
}

/**
 * First-start data: the built-in city pairs (the Shenzhen–Ganzhou plan's units), their published
 * plan (unless `config.defaultPlan` is off) and the first administrator `admin`. Idempotent: later
 * starts find the pair and change nothing, so a plan the office replaced or removed stays so.
 */
export async function seedDatabase(ctx: ServiceContext, adminPassword: string | null): Promise<SeedResult> {
  const result = await seedRows(ctx, adminPassword);
  // Only the process that created the pair loads its plan: the pair's creation is what marks the
  // first start of this database. (Parsing runs on the work pool, outside the seed's transaction.)
  const plansLoaded: string[] = [];
  if (ctx.config.defaultPlan) {
    for (const code of result.pairsCreated) {
      const seed = defaultPairs.find((p) => p.code === code);
      if (!seed?.plan) continue;
      const [pair] = await ctx.db.select({ id: pairs.id }).from(pairs).where(sql`${pairs.code} = ${code}`);
      await loadDefaultPlan(ctx, pair!.id, seed.plan);
      plansLoaded.push(code);
    }
  }
  return { ...result, plansLoaded };
}

async function seedRows(ctx: ServiceContext, adminPassword: string | null): Promise<Omit<SeedResult, 'plansLoaded'>> {
  if (adminPassword !== null) assertPasswordPolicy(adminPassword, 'admin', 'DUIKOU_ADMIN_PASSWORD');
  // Hashing costs a quarter of a second, so it is only done when an administrator may be needed.
  const [existingUser] = await ctx.db.select({ id: users.id }).from(users).limit(1);
  const generated = adminPassword === null && !existingUser ? generatePassword() : null;
  const passwordHash = existingUser ? null : await hashPassword(adminPassword ?? generated!);
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    const pairsCreated: string[] = [];
    for (const seed of defaultPairs) if (await seedPair(ctx, tx, seed)) pairsCreated.push(seed.code);
    // Pairs seeded before the registries existed get their defaults on the next start.
    for (const seed of defaultPairs) await seedRegistryDefaults(tx, ctx, seed.code, seed, SYSTEM_ACTOR);
    for (const code of pairsCreated) await seedWaterDefaults(tx, ctx, code, SYSTEM_ACTOR);
    const [anyUser] = await tx.select({ id: users.id }).from(users).limit(1);
    if (anyUser || passwordHash === null) return { pairsCreated, generatedAdminPassword: null, adminCreated: false };
    const now = ctx.clock();
    const [admin] = await tx
      .insert(users)
      .values({
        username: 'admin',
        displayName: '系统管理员',
        passwordHash,
        mustChangePassword: generated !== null,
        passwordChangedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await tx.insert(roleAssignments).values({ userId: admin!.id, role: 'system_admin', scope: 'all', pairId: null, createdAt: now, updatedAt: now });
    await recordAudit(tx, ctx.clock, SYSTEM_ACTOR, {
      action: 'user.create',
      entityType: 'user',
      entityId: admin!.id,
      after: { username: 'admin', roles: ['system_admin'] },
    });
    return { pairsCreated, generatedAdminPassword: generated, adminCreated: true };
  });
}
