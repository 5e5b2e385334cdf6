import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

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
    // The unit's responsible person: overdue reports and supervision items escalate to them.
    headUserId: uuid('head_user_id'),
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

// Failed logins counted per client address and per username (known or not) in fixed windows, so
// that the login limits hold across every process sharing the database (auth/login-throttle).
// Keys are SHA-256 digests: people type their password into the username field, and counting
// needs no clear text. A counter, not a business record: no created_by; expired rows are pruned.
export const loginThrottle = pgTable(
  'login_throttle',
  {
    key: text('key').primaryKey(),
    failures: integer('failures').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    windowEnd: timestamp('window_end', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('login_throttle_window_end_idx').on(t.windowEnd)],
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

/**
 * The head of the audit chain: how many entries it holds and the newest one's id and hash, kept
 * by a trigger in the transaction of every insert into audit_log (migration 0014). The chain alone
 * cannot show that entries were cut from its end, or that the whole log was emptied: what is left
 * still links up. Compared with the head it does. One row (id 1), never deleted, its count only
 * ever growing by one per entry (triggers refuse anything else).
 */
export const auditHead = pgTable(
  'audit_head',
  {
    id: integer('id').primaryKey(),
    entries: bigint('entries', { mode: 'number' }).notNull(),
    lastId: bigint('last_id', { mode: 'number' }),
    lastHash: text('last_hash').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('audit_head_one_row_ck', sql`${t.id} = 1`), check('audit_head_entries_ck', sql`${t.entries} >= 0`)],
);

// Runs, once, the singletons of a deployment (for example "first administrator created").
export const systemState = pgTable('system_state', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

// ---------------------------------------------------------------------------------------------
// Plans: an imported plan text, its versions (draft → published → superseded) and, for the
// published version, its chapters, articles and measures as rows that tasks point to.

export const plans = pgTable(
  'plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pairId: uuid('pair_id')
      .notNull()
      .references(() => pairs.id),
    title: text('title').notNull(),
    ...createdUpdated,
  },
  (t) => [uniqueIndex('plans_pair_title_uq').on(t.pairId, t.title)],
);

export const planVersions = pgTable(
  'plan_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id),
    pairId: uuid('pair_id').notNull(),
    versionNo: integer('version_no').notNull(),
    status: text('status').notNull().default('draft'),
    sourceName: text('source_name').notNull(),
    sourceText: text('source_text').notNull(),
    // Where the text comes from, when known (the built-in plan's public source).
    sourceNote: text('source_note'),
    // The reviewed structure: chapters → articles → measures, as the office corrected it.
    outline: jsonb('outline').notNull(),
    warnings: jsonb('warnings').notNull().default([]),
    // What the parser found beyond the outline (headings at every depth, responsibility notes,
    // suggested indicators, task tables): domain PlanAnalysis. Null for versions imported before it.
    analysis: jsonb('analysis'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: uuid('published_by'),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('plan_versions_plan_no_uq').on(t.planId, t.versionNo),
    check('plan_versions_status_ck', sql`${t.status} in ('draft','published','superseded')`),
  ],
);

/**
 * A unit name as plans write it (市发展改革委, 各相关单位) mapped by the office to the units it
 * means, once per pair: the next import resolves the name by it.
 */
export const unitAliases = pgTable(
  'unit_aliases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pairId: uuid('pair_id')
      .notNull()
      .references(() => pairs.id),
    alias: text('alias').notNull(),
    unitIds: uuid('unit_ids').array().notNull(),
    ...createdUpdated,
  },
  (t) => [uniqueIndex('unit_aliases_pair_alias_uq').on(t.pairId, t.alias)],
);

export const planArticles = pgTable(
  'plan_articles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => planVersions.id),
    planId: uuid('plan_id').notNull(),
    chapterNo: text('chapter_no').notNull(),
    chapterTitle: text('chapter_title').notNull(),
    articleNo: text('article_no').notNull(),
    title: text('title').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [uniqueIndex('plan_articles_version_no_uq').on(t.versionId, t.articleNo), index('plan_articles_plan_idx').on(t.planId, t.articleNo)],
);

export const planMeasures = pgTable(
  'plan_measures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => planArticles.id),
    position: integer('position').notNull(),
    text: text('text').notNull(),
    verb: text('verb').notNull(),
  },
  (t) => [index('plan_measures_article_idx').on(t.articleId, t.position)],
);

// ---------------------------------------------------------------------------------------------
// Tasks: the work a plan's measures turn into, with the units responsible for it.

export const tasks = pgTable(
  'tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pairId: uuid('pair_id')
      .notNull()
      .references(() => pairs.id),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id),
    // Chapter and article numbers, stable across plan versions (titles come from the published version).
    chapterNo: text('chapter_no').notNull(),
    articleNo: text('article_no').notNull(),
    measureId: uuid('measure_id').references(() => planMeasures.id),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    startOn: date('start_on', { mode: 'string' }),
    dueOn: date('due_on', { mode: 'string' }),
    status: text('status').notNull().default('not_started'),
    progress: integer('progress'),
    light: text('light').notNull().default('green'),
    lightReasons: jsonb('light_reasons').notNull().default([]),
    nextReviewOn: date('next_review_on', { mode: 'string' }),
    // Kept with the light (recomputeTaskLight) so the dashboard can sum them from its summaries.
    overdueReports: integer('overdue_reports').notNull().default(0),
    indicatorsWithTarget: integer('indicators_with_target').notNull().default(0),
    indicatorsAttained: integer('indicators_attained').notNull().default(0),
    // 考评: what completing the task is worth relative to others (rule points × weight).
    weight: numeric('weight', { precision: 6, scale: 2 }).notNull().default('1'),
    // When the task last became done (status 'done'); cleared when it is reopened.
    doneAt: timestamp('done_at', { withTimezone: true }),
    ...createdUpdated,
  },
  (t) => [
    index('tasks_pair_article_idx').on(t.pairId, t.chapterNo, t.articleNo),
    // The task list's order, so a page is an index walk rather than a sort of every task.
    index('tasks_pair_list_idx').on(t.pairId, t.dueOn, t.createdAt.desc(), t.id),
    // The same order without the pair, for deployment-wide administrators (no pair condition).
    index('tasks_list_idx').on(t.dueOn, t.createdAt.desc(), t.id),
    index('tasks_review_idx').on(t.nextReviewOn),
    check('tasks_status_ck', sql`${t.status} in ('not_started','in_progress','done','delayed','paused')`),
    check('tasks_light_ck', sql`${t.light} in ('red','amber','green','grey')`),
    check('tasks_progress_ck', sql`${t.progress} is null or ${t.progress} between 0 and 100`),
    check('tasks_dates_ck', sql`${t.startOn} is null or ${t.dueOn} is null or ${t.startOn} <= ${t.dueOn}`),
    check('tasks_weight_ck', sql`${t.weight} > 0 and ${t.weight} <= 100`),
  ],
);

export const taskUnits = pgTable(
  'task_units',
  {
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    role: text('role').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.taskId, t.unitId] }),
    index('task_units_unit_idx').on(t.unitId, t.taskId),
    check('task_units_role_ck', sql`${t.role} in ('lead','support')`),
  ],
);

export const taskMilestones = pgTable(
  'task_milestones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    doneOn: date('done_on', { mode: 'string' }),
    position: integer('position').notNull(),
  },
  (t) => [index('task_milestones_task_idx').on(t.taskId, t.position)],
);

export const taskIndicators = pgTable(
  'task_indicators',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    unitOfMeasure: text('unit_of_measure').notNull(),
    // Exact decimals (万元, 人次, …): numeric, never float.
    target: numeric('target', { precision: 20, scale: 4 }),
    actual: numeric('actual', { precision: 20, scale: 4 }),
    computation: text('computation').notNull().default('entered'),
    /** For computation 'rollup': the indicator it adds up from (its value becomes `actual`). */
    rollupId: uuid('rollup_id'),
    position: integer('position').notNull(),
  },
  (t) => [
    index('task_indicators_task_idx').on(t.taskId, t.position),
    index('task_indicators_rollup_idx').on(t.rollupId),
    check('task_indicators_computation_ck', sql`${t.computation} in ('entered','rollup')`),
  ],
);

// ---------------------------------------------------------------------------------------------
// Progress reports: periods of a plan, one report per task, responsible unit and period, its
// review, and every step of its history.

export const reportPeriods = pgTable(
  'report_periods',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pairId: uuid('pair_id').notNull(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id),
    kind: text('kind').notNull(),
    label: text('label').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    // A closed period takes no new drafts or submissions; reopening clears both.
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: uuid('closed_by').references(() => users.id),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('report_periods_plan_start_uq').on(t.planId, t.kind, t.startsOn),
    index('report_periods_due_idx').on(t.dueOn),
    check('report_periods_kind_ck', sql`${t.kind} in ('monthly','quarterly')`),
  ],
);

export const progressReports = pgTable(
  'progress_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pairId: uuid('pair_id').notNull(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    periodId: uuid('period_id')
      .notNull()
      .references(() => reportPeriods.id),
    status: text('status').notNull().default('draft'),
    narrative: text('narrative').notNull().default(''),
    progress: integer('progress'),
    revision: integer('revision').notNull().default(1),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: uuid('submitted_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedBy: uuid('reviewed_by'),
    reviewComment: text('review_comment'),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('progress_reports_task_unit_period_uq').on(t.taskId, t.unitId, t.periodId),
    index('progress_reports_unit_idx').on(t.unitId, t.status),
    index('progress_reports_period_idx').on(t.periodId, t.status),
    check('progress_reports_status_ck', sql`${t.status} in ('draft','submitted','returned','accepted')`),
    check('progress_reports_progress_ck', sql`${t.progress} is null or ${t.progress} between 0 and 100`),
  ],
);

export const reportIndicatorValues = pgTable(
  'report_indicator_values',
  {
    reportId: uuid('report_id')
      .notNull()
      .references(() => progressReports.id, { onDelete: 'cascade' }),
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => taskIndicators.id, { onDelete: 'cascade' }),
    value: numeric('value', { precision: 20, scale: 4 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.indicatorId] })],
);

export const reportEvents = pgTable(
  'report_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => progressReports.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    revision: integer('revision').notNull(),
    // What the report said at this step, so a returned and resubmitted report keeps every version.
    snapshot: jsonb('snapshot').notNull(),
    comment: text('comment'),
    actorId: uuid('actor_id'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('report_events_report_idx').on(t.reportId, t.at)],
);

// ---------------------------------------------------------------------------------------------
// Supervision (督办) and notifications.

// 领导批示: a leader's written instruction, recorded by the office; supervision items are raised from it.
export const leaderInstructions = pgTable(
  'leader_instructions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pairId: uuid('pair_id')
      .notNull()
      .references(() => pairs.id),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    leaderName: text('leader_name').notNull(),
    content: text('content').notNull(),
    instructedOn: date('instructed_on', { mode: 'string' }).notNull(),
    // The document the instruction was written on (文件号/标题), its file is an attachment (owner 'instruction').
    documentTitle: text('document_title'),
    ...createdUpdated,
  },
  (t) => [index('leader_instructions_city_idx').on(t.cityId, t.instructedOn)],
);

/*
 * Supervision (督办). An item runs 交办 (assigned) → 签收 (in_progress) → 办结申请
 * (completion_requested) → 办结 (closed), or back to in_progress when the office returns it
 * (退回重办). Extensions, chasing and reminders are side loops; every step is a row of
 * supervision_events, which bulletins (情况通报) and unit scoring (考评) are computed from.
 */
export const SUPERVISION_ITEM_STATUSES = ['assigned', 'in_progress', 'completion_requested', 'closed'] as const;
export const SUPERVISION_SOURCES = ['office', 'task', 'meeting', 'instruction', 'report', 'inspection'] as const;

export const supervisionItems = pgTable(
  'supervision_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pairId: uuid('pair_id')
      .notNull()
      .references(() => pairs.id),
    taskId: uuid('task_id').references(() => tasks.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    ownerUserId: uuid('owner_user_id').references(() => users.id),
    requirement: text('requirement').notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    // The deadline the item was raised with; extensions move `deadline` only.
    originalDeadline: date('original_deadline', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('assigned'),
    source: text('source').notNull().default('office'),
    // Set for items raised by a joint meeting's decision (source 'meeting'): the way back to it.
    meetingId: uuid('meeting_id').references(() => meetings.id),
    meetingDecisionId: uuid('meeting_decision_id').references(() => meetingDecisions.id),
    instructionId: uuid('instruction_id').references(() => leaderInstructions.id),
    reportId: uuid('report_id').references(() => progressReports.id),
    inspectionId: uuid('inspection_id').references(() => inspections.id),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    signedBy: uuid('signed_by').references(() => users.id),
    // The first China date the item was overdue. Kept until the unit makes the shortfall up
    // (办结申请), so moving the deadline does not turn a red item yellow silently.
    overdueSince: date('overdue_since', { mode: 'string' }),
    completionRequestedAt: timestamp('completion_requested_at', { withTimezone: true }),
    completionResult: text('completion_result'),
    completionAttachmentIds: uuid('completion_attachment_ids').array().notNull().default(sql`'{}'::uuid[]`),
    extensionCount: integer('extension_count').notNull().default(0),
    chaseCount: integer('chase_count').notNull().default(0),
    returnCount: integer('return_count').notNull().default(0),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: uuid('closed_by').references(() => users.id),
    // Closed after its deadline or after having been overdue: the bulletin's 逾期办结.
    closedLate: boolean('closed_late'),
    // 办结意见: the office's closing remark, shown with the item.
    closeComment: text('close_comment'),
    ...createdUpdated,
  },
  (t) => [
    index('supervision_pair_status_idx').on(t.pairId, t.status, t.deadline),
    index('supervision_unit_idx').on(t.unitId),
    index('supervision_task_idx').on(t.taskId),
    index('supervision_meeting_idx').on(t.meetingId),
    index('supervision_instruction_idx').on(t.instructionId),
    index('supervision_report_idx').on(t.reportId),
    index('supervision_inspection_idx').on(t.inspectionId),
    // A decision becomes one supervision item, never two (a retried "mark as held" finds it).
    uniqueIndex('supervision_meeting_decision_uq').on(t.meetingDecisionId),
    check('supervision_status_ck', sql`${t.status} in ('assigned','in_progress','completion_requested','closed')`),
    check('supervision_source_kind_ck', sql`${t.source} in ('office','task','meeting','instruction','report','inspection')`),
    check('supervision_source_ck', sql`${t.source} <> 'meeting' or ${t.meetingDecisionId} is not null`),
    check('supervision_source_instruction_ck', sql`${t.source} <> 'instruction' or ${t.instructionId} is not null`),
    check('supervision_source_report_ck', sql`${t.source} <> 'report' or ${t.reportId} is not null`),
    check('supervision_source_inspection_ck', sql`${t.source} <> 'inspection' or ${t.inspectionId} is not null`),
    check('supervision_source_task_ck', sql`${t.source} <> 'task' or ${t.taskId} is not null`),
  ],
);

// 协办单位: units that work on an item beside its owner unit; they see it and may reply.
export const supervisionItemUnits = pgTable(
  'supervision_item_units',
  {
    itemId: uuid('item_id')
      .notNull()
      .references(() => supervisionItems.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.unitId] }), index('supervision_item_units_unit_idx').on(t.unitId)],
);

export const supervisionReplies = pgTable(
  'supervision_replies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => supervisionItems.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    authorId: uuid('author_id').notNull(),
    // Files uploaded to the item (attachments, owner 'supervision') that this reply reports.
    attachmentIds: uuid('attachment_ids').array().notNull().default(sql`'{}'::uuid[]`),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('supervision_replies_item_idx').on(t.itemId, t.at)],
);

// 延期申请: asked by the unit before the deadline, approved or refused by the office; all kept.
export const supervisionExtensions = pgTable(
  'supervision_extensions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => supervisionItems.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    fromDeadline: date('from_deadline', { mode: 'string' }).notNull(),
    newDeadline: date('new_deadline', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('pending'),
    requestedBy: uuid('requested_by').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionComment: text('decision_comment'),
  },
  (t) => [
    index('supervision_extensions_item_idx').on(t.itemId, t.requestedAt),
    // One request waits for the office at a time.
    uniqueIndex('supervision_extensions_pending_uq').on(t.itemId).where(sql`${t.status} = 'pending'`),
    check('supervision_extensions_status_ck', sql`${t.status} in ('pending','approved','refused')`),
  ],
);

/*
 * Every step of every item, timestamped: the timeline on the item's page and the one source of
 * bulletins and scores. `on_date` is the China date of `at` (what periods are cut by); the
 * unit and city are the item's owner unit's at the time. A job's step (reminder, escalation,
 * overdue) carries a dedupe key, so running the job twice or in parallel records it once.
 */
export const SUPERVISION_EVENT_KINDS = [
  'assigned',
  'signed',
  'progress',
  'extension_requested',
  'extension_approved',
  'extension_refused',
  'completion_requested',
  'closed',
  'returned',
  'chased',
  'updated',
  'sign_reminded',
  'sign_escalated',
  'due_reminded',
  'overdue',
] as const;

export const supervisionEvents = pgTable(
  'supervision_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => supervisionItems.id, { onDelete: 'cascade' }),
    pairId: uuid('pair_id').notNull(),
    cityId: uuid('city_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    kind: text('kind').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    onDate: date('on_date', { mode: 'string' }).notNull(),
    actorId: uuid('actor_id'),
    note: text('note'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    dedupeKey: text('dedupe_key'),
    // The order steps were recorded in: steps of one request share their instant.
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
  },
  (t) => [
    index('supervision_events_item_idx').on(t.itemId, t.at),
    index('supervision_events_city_date_idx').on(t.cityId, t.onDate),
    index('supervision_events_unit_date_idx').on(t.unitId, t.onDate),
    uniqueIndex('supervision_events_dedupe_uq').on(t.dedupeKey),
    check(
      'supervision_events_kind_ck',
      sql`${t.kind} in ('assigned','signed','progress','extension_requested','extension_approved','extension_refused','completion_requested','closed','returned','chased','updated','sign_reminded','sign_escalated','due_reminded','overdue')`,
    ),
  ],
);

// Per pair: days before the deadline an item turns yellow, days to sign before a reminder, and
// days after that before the escalation to the unit's head and the office.
export const supervisionSettings = pgTable(
  'supervision_settings',
  {
    pairId: uuid('pair_id')
      .primaryKey()
      .references(() => pairs.id),
    warnDays: integer('warn_days').notNull().default(3),
    signDays: integer('sign_days').notNull().default(2),
    escalateDays: integer('escalate_days').notNull().default(2),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [check('supervision_settings_days_ck', sql`${t.warnDays} between 0 and 60 and ${t.signDays} between 1 and 60 and ${t.escalateDays} between 1 and 60`)],
);

// 情况通报: a bulletin of one city's items over a period; its figures are frozen when published.
export const supervisionBulletins = pgTable(
  'supervision_bulletins',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pairId: uuid('pair_id')
      .notNull()
      .references(() => pairs.id),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    title: text('title').notNull(),
    issueNumber: integer('issue_number').notNull(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('draft'),
    figures: jsonb('figures').$type<Record<string, unknown>>().notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: uuid('published_by'),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('supervision_bulletins_number_uq').on(t.cityId, t.issueNumber),
    index('supervision_bulletins_city_idx').on(t.cityId, t.periodTo),
    check('supervision_bulletins_status_ck', sql`${t.status} in ('draft','published')`),
    check('supervision_bulletins_period_ck', sql`${t.periodFrom} <= ${t.periodTo}`),
  ],
);

// 考评: a city office's scoring rules for one year, as data (domain engines/unit-scoring).
export const scoringRuleSets = pgTable(
  'scoring_rule_sets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pairId: uuid('pair_id')
      .notNull()
      .references(() => pairs.id),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    year: integer('year').notNull(),
    rules: jsonb('rules').$type<Record<string, unknown>>().notNull(),
    ...createdUpdated,
  },
  (t) => [uniqueIndex('scoring_rule_sets_city_year_uq').on(t.cityId, t.year)],
);

/*
 * What each event earned a unit under a rule set: kept current in the transaction of the event,
 * and equal to a rebuild from the events. Caps per category apply when the entries are summed.
 */
export const scoreEntries = pgTable(
  'score_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ruleSetId: uuid('rule_set_id')
      .notNull()
      .references(() => scoringRuleSets.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    onDate: date('on_date', { mode: 'string' }).notNull(),
    category: text('category').notNull(),
    ruleKey: text('rule_key').notNull(),
    points: numeric('points', { precision: 10, scale: 2 }).notNull(),
    sourceType: text('source_type').notNull(),
    sourceId: uuid('source_id').notNull(),
    note: text('note').notNull().default(''),
    link: text('link'),
  },
  (t) => [
    uniqueIndex('score_entries_identity_uq').on(t.ruleSetId, t.ruleKey, t.sourceType, t.sourceId, t.unitId),
    index('score_entries_unit_idx').on(t.ruleSetId, t.unitId, t.onDate),
  ],
);

export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    link: text('link'),
    // A notice's identity: the reminder job inserts with ON CONFLICT DO NOTHING on it, so running
    // the job twice, or in two processes at once, never sends the same notice twice.
    dedupeKey: text('dedupe_key').notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('notifications_dedupe_uq').on(t.dedupeKey), index('notifications_user_idx').on(t.userId, t.readAt, t.createdAt)],
);

// ---------------------------------------------------------------------------------------------
// Dashboard summaries, kept up to date in the transaction of every task change (see
// modules/dashboard/task-stats.ts), so the dashboard reads a few hundred rows instead of
// scanning every task.

export const taskStats = pgTable(
  'task_stats',
  {
    planId: uuid('plan_id').notNull(),
    // 'all', 'city:<id>', 'unit:<id>' (tasks of the unit) or 'tree:<id>' (of the unit and below).
    scopeKey: text('scope_key').notNull(),
    chapterNo: text('chapter_no').notNull(),
    articleNo: text('article_no').notNull(),
    status: text('status').notNull(),
    light: text('light').notNull(),
    n: integer('n').notNull(),
    overdueReports: integer('overdue_reports').notNull().default(0),
    indicatorsWithTarget: integer('indicators_with_target').notNull().default(0),
    indicatorsAttained: integer('indicators_attained').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.planId, t.scopeKey, t.chapterNo, t.articleNo, t.status, t.light] })],
);

/** What each task last contributed to task_stats, so a change can take exactly that back. */
export const taskStatMarks = pgTable('task_stat_marks', {
  taskId: uuid('task_id').primaryKey(),
  planId: uuid('plan_id').notNull(),
  chapterNo: text('chapter_no').notNull(),
  articleNo: text('article_no').notNull(),
  status: text('status').notNull(),
  light: text('light').notNull(),
  overdueReports: integer('overdue_reports').notNull().default(0),
  indicatorsWithTarget: integer('indicators_with_target').notNull().default(0),
  indicatorsAttained: integer('indicators_attained').notNull().default(0),
  scopeKeys: jsonb('scope_keys').notNull(),
});

/** Reports per period and status for each summary key of the reporting unit: the dashboard's trend. */
export const reportStats = pgTable(
  'report_stats',
  {
    planId: uuid('plan_id').notNull(),
    periodId: uuid('period_id').notNull(),
    scopeKey: text('scope_key').notNull(),
    status: text('status').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.scopeKey, t.periodId, t.status] })],
);

export const reportStatMarks = pgTable('report_stat_marks', {
  reportId: uuid('report_id').primaryKey(),
  planId: uuid('plan_id').notNull(),
  periodId: uuid('period_id').notNull(),
  status: text('status').notNull(),
  scopeKeys: jsonb('scope_keys').notNull(),
});

// ---------------------------------------------------------------------------------------------
// Attachments (附件): kept in the database, so every platform process serves them without a
// shared disk and backups include them; size-limited per file.

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pairId: uuid('pair_id').notNull(),
    ownerType: text('owner_type').notNull(),
    ownerId: uuid('owner_id').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    uploadedBy: uuid('uploaded_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('attachments_owner_idx').on(t.ownerType, t.ownerId),
    check('attachments_owner_type_ck', sql`${t.ownerType} in ('task','report','supervision','registry_record','instruction')`),
  ],
);

// ---------------------------------------------------------------------------------------------
// Registries (项目库, 园区, 结对, 交流活动, 基地…): one table for every kind of record, declared in
// @duikou/domain (registries/kinds). The fields every kind shares, and that lists filter and
// sort by, are columns; the rest of the declared fields are in `data`.

export const registryRecords = pgTable(
  'registry_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pairId: uuid('pair_id')
      .notNull()
      .references(() => pairs.id),
    type: text('type').notNull(),
    /** The responsible unit (the declaration's ownerField): the record's data scope. */
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    cityId: uuid('city_id').notNull(),
    title: text('title').notNull(),
    /** The declaration's dateField, for periods and date filters. */
    occurredOn: date('occurred_on', { mode: 'string' }),
    /** The declaration's locationField (GB/T 2260), for the map view. */
    locationCode: text('location_code'),
    /** The declaration's stageField. */
    stage: text('stage'),
    data: jsonb('data').notNull(),
    /** The plan articles the record serves (by number). */
    articleNos: text('article_nos').array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [
    index('registry_records_list_idx').on(t.pairId, t.type, t.occurredOn.desc().nullsLast(), t.id),
    // Rebuilding a roll-up walks a type's records in id order, slice by slice (rollups.service.ts).
    index('registry_records_type_id_idx').on(t.pairId, t.type, t.id),
    index('registry_records_unit_idx').on(t.unitId, t.type),
    index('registry_records_location_idx').on(t.pairId, t.type, t.locationCode),
    index('registry_records_data_idx').using('gin', sql`${t.data} jsonb_path_ops`),
  ],
);

/**
 * The units that see a record: its responsible unit and those its declaration shares it with
 * (both sides of a pairing, an activity's organisers), as task_units does for tasks.
 */
export const registryRecordUnits = pgTable(
  'registry_record_units',
  {
    recordId: uuid('record_id')
      .notNull()
      .references(() => registryRecords.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
  },
  (t) => [primaryKey({ columns: [t.recordId, t.unitId] }), index('registry_record_units_unit_idx').on(t.unitId, t.recordId)],
);

/** A record's history beyond the audit log: stage changes (with the reason of a reversal). */
export const registryEvents = pgTable(
  'registry_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    recordId: uuid('record_id')
      .notNull()
      .references(() => registryRecords.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    fromStage: text('from_stage'),
    toStage: text('to_stage'),
    on: date('on', { mode: 'string' }),
    reason: text('reason'),
    actorId: uuid('actor_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('registry_events_record_idx').on(t.recordId, t.at)],
);

/** A pair's own version of an option list (industries, activity types…), replacing the default. */
export const registryOptions = pgTable(
  'registry_options',
  {
    pairId: uuid('pair_id')
      .notNull()
      .references(() => pairs.id),
    list: text('list').notNull(),
    items: jsonb('items').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [primaryKey({ columns: [t.pairId, t.list] })],
);

/** Indicators that add themselves up from a registry (domain `RollupDefinition`). */
export const rollupDefinitions = pgTable(
  'rollup_definitions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pairId: uuid('pair_id')
      .notNull()
      .references(() => pairs.id),
    key: text('key').notNull(),
    name: text('name').notNull(),
    unitOfMeasure: text('unit_of_measure').notNull(),
    articleNo: text('article_no'),
    registryType: text('registry_type').notNull(),
    aggregate: text('aggregate').notNull(),
    field: text('field'),
    filters: jsonb('filters').notNull(),
    period: text('period').notNull(),
    periodField: text('period_field'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('rollup_definitions_key_idx').on(t.pairId, t.key),
    index('rollup_definitions_type_idx').on(t.pairId, t.registryType),
    check('rollup_definitions_aggregate_ck', sql`${t.aggregate} in ('count','sum','countDistinct')`),
    check('rollup_definitions_period_ck', sql`${t.period} in ('year','all')`),
  ],
);

/** The current value of each indicator per period ('2026', or 'all'), kept in the transaction of every record change. */
export const rollupValues = pgTable(
  'rollup_values',
  {
    definitionId: uuid('definition_id')
      .notNull()
      .references(() => rollupDefinitions.id, { onDelete: 'cascade' }),
    period: text('period').notNull(),
    value: numeric('value', { precision: 24, scale: 4 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.definitionId, t.period] })],
);

/** For distinct counts: how many records carry each value; the indicator is the number of values with n > 0. */
export const rollupDistinct = pgTable(
  'rollup_distinct',
  {
    definitionId: uuid('definition_id')
      .notNull()
      .references(() => rollupDefinitions.id, { onDelete: 'cascade' }),
    period: text('period').notNull(),
    valueKey: text('value_key').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.definitionId, t.period, t.valueKey] })],
);

// ---------------------------------------------------------------------------------------------
// Joint meetings (联席会议, article 十八 of the plan): when and where, who chaired and attended,
// the agenda (items may link to a task or a supervision item), the decisions (议定事项, each
// raised as a supervision item when the meeting is marked held) and the minutes.

export const meetings = pgTable(
  'meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pairId: uuid('pair_id')
      .notNull()
      .references(() => pairs.id),
    title: text('title').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    place: text('place').notNull(),
    hostCityId: uuid('host_city_id')
      .notNull()
      .references(() => cities.id),
    status: text('status').notNull().default('planned'),
    // Sanitized on the way in (meetings.minutes.ts): only the allow-listed tags, no attributes.
    minutesHtml: text('minutes_html').notNull().default(''),
    heldMarkedAt: timestamp('held_marked_at', { withTimezone: true }),
    updatedBy: uuid('updated_by'),
    ...createdUpdated,
  },
  (t) => [index('meetings_pair_starts_idx').on(t.pairId, t.startsAt.desc(), t.id), check('meetings_status_ck', sql`${t.status} in ('planned','held')`)],
);

export const meetingChairs = pgTable(
  'meeting_chairs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    title: text('title').notNull(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
  },
  (t) => [index('meeting_chairs_meeting_idx').on(t.meetingId, t.position)],
);

export const meetingAttendees = pgTable(
  'meeting_attendees',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    // A named person of the unit; null when the unit attends as such.
    personName: text('person_name'),
    personTitle: text('person_title'),
  },
  (t) => [index('meeting_attendees_meeting_idx').on(t.meetingId, t.position), index('meeting_attendees_unit_idx').on(t.unitId)],
);

export const meetingAgendaItems = pgTable(
  'meeting_agenda_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    // What the item is about: a kind with a resolver (meetings.links.ts) and the record's id.
    // The kinds are not listed here, so a new kind needs a resolver, not a migration.
    linkKind: text('link_kind'),
    linkId: uuid('link_id'),
  },
  (t) => [
    index('meeting_agenda_meeting_idx').on(t.meetingId, t.position),
    check('meeting_agenda_link_ck', sql`(${t.linkKind} is null) = (${t.linkId} is null)`),
  ],
);

export const meetingDecisions = pgTable(
  'meeting_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    text: text('text').notNull(),
    ownerUnitId: uuid('owner_unit_id')
      .notNull()
      .references(() => units.id),
    deadline: date('deadline', { mode: 'string' }).notNull(),
  },
  (t) => [index('meeting_decisions_meeting_idx').on(t.meetingId, t.position), index('meeting_decisions_unit_idx').on(t.ownerUnitId)],
);

// ---------------------------------------------------------------------------------------------
// Double-random, credit-graded inspections (双随机、一公开, docs/domain.md "Double-random
// supervision with credit grades"): the two registers of a city office, the plans, the frozen draw
// inputs (canonical lists and digests) with the stored result, and the inspections with findings.

export const inspectionEntities = pgTable(
  'inspection_entities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // The entity's short id in the frozen draw lists (`E` + seq): short ASCII ids take the draw
    // engine's radix sort, several times faster than sorting a million uuids.
    seq: integer('seq').notNull().generatedAlwaysAsIdentity(),
    pairId: uuid('pair_id')
      .notNull()
      .references(() => pairs.id),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    // 统一社会信用代码 (GB 32100-2015), unique per register.
    creditCode: text('credit_code').notNull(),
    name: text('name').notNull(),
    creditGrade: text('credit_grade').notNull(),
    industry: text('industry').notNull(),
    location: text('location').notNull(),
    // Units that are related parties of the entity: their inspectors are not drawn for it.
    relatedUnitIds: jsonb('related_unit_ids').$type<string[]>().notNull().default([]),
    ...createdUpdated,
  },
  (t) => [uniqueIndex('inspection_entities_code_uq').on(t.pairId, t.cityId, t.creditCode)],
);

export const inspectionInspectors = pgTable(
  'inspection_inspectors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pairId: uuid('pair_id')
      .notNull()
      .references(() => pairs.id),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    // 执法证号, unique per register.
    badgeNo: text('badge_no').notNull(),
    name: text('name').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    qualifications: jsonb('qualifications').$type<string[]>().notNull().default([]),
    // Entities (ids of inspection_entities) with a registered conflict of interest.
    conflicts: jsonb('conflicts').$type<string[]>().notNull().default([]),
    // The platform account of the inspector, who records the findings of the teams it is on.
    userId: uuid('user_id').references(() => users.id),
    active: boolean('active').notNull().default(true),
    ...createdUpdated,
  },
  (t) => [uniqueIndex('inspection_inspectors_badge_uq').on(t.pairId, t.cityId, t.badgeNo), index('inspection_inspectors_user_idx').on(t.userId)],
);

export const inspectionPlans = pgTable(
  'inspection_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pairId: uuid('pair_id')
      .notNull()
      .references(() => pairs.id),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    title: text('title').notNull(),
    // Filters over the entities register: { grades?, industries?, locations? }.
    scope: jsonb('scope').$type<{ grades?: string[]; industries?: string[]; locations?: string[] }>().notNull().default({}),
    grades: jsonb('grades').$type<string[]>().notNull(),
    ratiosPercent: jsonb('ratios_percent').$type<Record<string, string>>().notNull(),
    teamSize: integer('team_size').notNull(),
    requiredQualification: text('required_qualification'),
    previousPlanId: uuid('previous_plan_id'),
    status: text('status').notNull().default('draft'),
    // The value fixed before the draw, its SHA-256 (published when the plan is fixed) and where it came from.
    fixedValue: text('fixed_value'),
    fixedValueHash: text('fixed_value_hash'),
    fixedValueSource: text('fixed_value_source'),
    entitiesDigest: text('entities_digest'),
    inspectorsDigest: text('inspectors_digest'),
    previousInspectionsDigest: text('previous_inspections_digest'),
    seed: text('seed'),
    entityCount: integer('entity_count'),
    inspectorCount: integer('inspector_count'),
    fixedAt: timestamp('fixed_at', { withTimezone: true }),
    drawnAt: timestamp('drawn_at', { withTimezone: true }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    ...createdUpdated,
  },
  (t) => [
    index('inspection_plans_pair_idx').on(t.pairId, t.createdAt.desc(), t.id),
    check('inspection_plans_status_ck', sql`${t.status} in ('draft','fixed','drawn','published')`),
    check('inspection_plans_team_ck', sql`${t.teamSize} >= 2`),
  ],
);

// The frozen inputs of a plan's draw and the stored result. The lists are JSON text (arrays of the
// engine's records, sorted by id), not jsonb: a register of a million entities is ~200 MB of JSON,
// beyond jsonb's 255 MB limit with room to spare only as text (TOAST compresses it).
export const inspectionDrawInputs = pgTable('inspection_draw_inputs', {
  planId: uuid('plan_id')
    .primaryKey()
    .references(() => inspectionPlans.id, { onDelete: 'cascade' }),
  entities: text('entities').notNull(),
  inspectors: text('inspectors').notNull(),
  previousInspections: text('previous_inspections').notNull(),
  result: jsonb('result'),
});

export const inspections = pgTable(
  'inspections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => inspectionPlans.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    // The entity as frozen for the draw (its id there, `E` + seq; the register may change afterwards).
    entityId: text('entity_id').notNull(),
    creditCode: text('credit_code').notNull(),
    entityName: text('entity_name').notNull(),
    creditGrade: text('credit_grade').notNull(),
    status: text('status').notNull().default('pending'),
    outcome: text('outcome'),
    findings: text('findings').notNull().default(''),
    inspectedOn: date('inspected_on', { mode: 'string' }),
    recordedBy: uuid('recorded_by'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('inspections_plan_position_uq').on(t.planId, t.position), check('inspections_status_ck', sql`${t.status} in ('pending','done')`)],
);

export const inspectionTeamMembers = pgTable(
  'inspection_team_members',
  {
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    inspectorId: uuid('inspector_id')
      .notNull()
      .references(() => inspectionInspectors.id),
  },
  (t) => [primaryKey({ columns: [t.inspectionId, t.position] }), index('inspection_team_members_inspector_idx').on(t.inspectorId)],
);

// ---------------------------------------------------------------------------------------------
// Surface water quality and eco-compensation (生态补偿, 东江): monitoring sections, the agreements
// that assess them, the samples (item values as exact decimal text, never floats) and the early
// warnings raised from them. The classification and the assessment are computed by the pure
// engine (@duikou/domain engines/water-quality) from these rows, never stored.

export const waterSections = pgTable(
  'water_sections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pairId: uuid('pair_id')
      .notNull()
      .references(() => pairs.id),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    countyUnitId: uuid('county_unit_id').references(() => units.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    river: text('river').notNull(),
    longitude: numeric('longitude', { precision: 10, scale: 6 }),
    latitude: numeric('latitude', { precision: 9, scale: 6 }),
    waterBody: text('water_body').notNull().default('river'),
    targetClass: integer('target_class').notNull().default(3),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('water_sections_code_uq').on(t.pairId, t.code),
    uniqueIndex('water_sections_name_uq').on(t.pairId, t.name),
    check('water_sections_body_ck', sql`${t.waterBody} in ('river','lake')`),
    check('water_sections_target_ck', sql`${t.targetClass} between 1 and 5`),
  ],
);

/** The units that see a section and receive its warnings (the ecology departments of both cities). */
export const waterSectionUnits = pgTable(
  'water_section_units',
  {
    sectionId: uuid('section_id')
      .notNull()
      .references(() => waterSections.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
  },
  (t) => [primaryKey({ columns: [t.sectionId, t.unitId] }), index('water_section_units_unit_idx').on(t.unitId, t.sectionId)],
);

export const waterAgreements = pgTable(
  'water_agreements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pairId: uuid('pair_id')
      .notNull()
      .references(() => pairs.id),
    name: text('name').notNull(),
    upstreamParty: text('upstream_party').notNull(),
    downstreamParty: text('downstream_party').notNull(),
    fromYear: integer('from_year').notNull(),
    toYear: integer('to_year').notNull(),
    // Each party's yearly contribution to the pool, 万元.
    upstreamAmount: numeric('upstream_amount', { precision: 14, scale: 4 }).notNull(),
    downstreamAmount: numeric('downstream_amount', { precision: 14, scale: 4 }).notNull(),
    // The engine's CompensationRule (compliance or index rule with its parameters), as agreement data.
    rule: jsonb('rule').notNull(),
    sectionIds: uuid('section_ids').array().notNull(),
    ...createdUpdated,
  },
  (t) => [index('water_agreements_pair_idx').on(t.pairId, t.fromYear), check('water_agreements_years_ck', sql`${t.toYear} >= ${t.fromYear}`)],
);

export const waterSamples = pgTable(
  'water_samples',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pairId: uuid('pair_id')
      .notNull()
      .references(() => pairs.id),
    sectionId: uuid('section_id')
      .notNull()
      .references(() => waterSections.id),
    // 'YYYY-MM-DD' or 'YYYY-MM-DD HH:mm', China time as reported; the day apart for range reads.
    sampledAt: text('sampled_at').notNull(),
    sampledOn: date('sampled_on', { mode: 'string' }).notNull(),
    // Item code → exact decimal text ('0.4500' is kept as written, at most four decimals).
    values: jsonb('values').notNull(),
    ...createdUpdated,
  },
  (t) => [uniqueIndex('water_samples_section_time_uq').on(t.sectionId, t.sampledAt), index('water_samples_section_day_idx').on(t.sectionId, t.sampledOn)],
);

/** Early warnings as raised, once each (the key is the warning's identity); notices follow them. */
export const waterWarnings = pgTable(
  'water_warnings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pairId: uuid('pair_id')
      .notNull()
      .references(() => pairs.id),
    sectionId: uuid('section_id')
      .notNull()
      .references(() => waterSections.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    item: text('item').notNull(),
    year: integer('year').notNull(),
    sampledAt: text('sampled_at'),
    months: text('months').array(),
    message: text('message').notNull(),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('water_warnings_key_uq').on(t.key), index('water_warnings_section_idx').on(t.sectionId, t.year, t.raisedAt)],
);
