import { sql } from 'drizzle-orm';
import { bigint, boolean, check, foreignKey, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

// Every business table carries who made it and when (house style: created_at, updated_at, created_by).
const createdUpdated = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  createdBy: uuid('created_by'),
};

export const pairs = pgTable('pairs', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull().default(''),
  source: text('source').notNull().default(''),
  ...createdUpdated,
});

export const cities = pgTable(
  'cities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pairId: uuid('pair_id')
      .notNull()
      .references(() => pairs.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    ...createdUpdated,
  },
  (t) => [uniqueIndex('cities_pair_code_uq').on(t.pairId, t.code), index('cities_pair_idx').on(t.pairId)],
);

export const units = pgTable(
  'units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pairId: uuid('pair_id')
      .notNull()
      .references(() => pairs.id),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    parentId: uuid('parent_id'),
    // Materialized path '/<root>/…/<self>/' so "unit and below" is one indexed prefix match.
    path: text('path').notNull(),
    seedKey: text('seed_key'),
    type: text('type').notNull(),
    name: text('name').notNull(),
    shortName: text('short_name'),
    adminCode: text('admin_code'),
    creditCode: text('credit_code'),
    sortOrder: integer('sort_order').notNull().default(0),
    disabled: boolean('disabled').notNull().default(false),
    ...createdUpdated,
  },
  (t) => [
    index('units_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
    index('units_city_idx').on(t.cityId, t.sortOrder),
    index('units_parent_idx').on(t.parentId),
    foreignKey({ columns: [t.parentId], foreignColumns: [t.id], name: 'units_parent_fk' }),
    uniqueIndex('units_city_name_uq').on(t.cityId, t.name),
    uniqueIndex('units_pair_seed_key_uq').on(t.pairId, t.seedKey),
    check('units_type_ck', sql`${t.type} in ('coordination_office','department','district','county','institution','enterprise')`),
  ],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    unitId: uuid('unit_id').references(() => units.id),
    passwordHash: text('password_hash').notNull(),
    status: text('status').notNull().default('active'),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('users_username_uq').on(sql`lower(${t.username})`),
    index('users_unit_idx').on(t.unitId),
    check('users_status_ck', sql`${t.status} in ('active','disabled')`),
  ],
);

export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    scope: text('scope').notNull(),
    pairId: uuid('pair_id').references(() => pairs.id),
    cityId: uuid('city_id').references(() => cities.id),
    unitId: uuid('unit_id').references(() => units.id),
    ...createdUpdated,
  },
  (t) => [
    index('role_assignments_user_idx').on(t.userId),
    check('role_assignments_role_ck', sql`${t.role} in ('system_admin','office_admin','unit_reporter','viewer','external')`),
    check('role_assignments_scope_ck', sql`${t.scope} in ('all','city','unit_tree','unit','self')`),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    // SHA-256 of the cookie token: a leaked table does not yield usable sessions.
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_last_seen_idx').on(t.lastSeenAt)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    pairId: uuid('pair_id'),
    cityId: uuid('city_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_entity_idx').on(t.entityType, t.entityId),
    index('audit_actor_idx').on(t.actorId),
    index('audit_at_idx').on(t.at),
    index('audit_pair_idx').on(t.pairId, t.id),
  ],
);

// Runs, once, the singletons of a deployment (for example "first administrator created").
export const systemState = pgTable('system_state', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
