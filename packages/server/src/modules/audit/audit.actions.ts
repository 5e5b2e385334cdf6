import { REGISTRY_TYPES } from '@duikou/domain';

/**
 * Every action the audit log records, by its code: the one list the services write from (the
 * `AuditEvent` type allows no other) and the audit screen names (the web's dictionary of enum words
 * is held to the OpenAPI enum built from it). A registry record's actions carry its kind
 * (`registry.project.create`), one per kind the domain declares.
 */
const FIXED_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.locked',
  'auth.logout',
  'auth.password_changed',
  'user.create',
  'user.update',
  'user.disable',
  'user.reset_password',
  'user.set_roles',
  'unit.create',
  'unit.update',
  'unit.disable',
  'pair.create',
  'pair.seed',
  'plan.import',
  'plan.edit_outline',
  'plan.publish',
  'unit_alias.save',
  'unit_alias.delete',
  'task.create',
  'task.update',
  'task.export',
  'task.template_download',
  'report_periods.create',
  'report_period.update',
  'report_period.close',
  'report_period.reopen',
  'report.save',
  'report.submit',
  'report.resubmit',
  'report.accept',
  'report.return',
  'supervision.create',
  'supervision.update',
  'supervision.reply',
  'supervision.close',
  'attachment.upload',
  'attachment.download',
  'meeting.create',
  'meeting.update',
  'meeting.hold',
  'meeting.minutes_export',
  'instruction.create',
  'instruction.update',
  'instruction.delete',
  'registry.export',
  'registry.template_download',
  'registry.options.save',
  'rollup.create',
  'rollup.update',
  'rollup.delete',
  'rollups.seed',
  'inspection.findings',
  'inspection_entity.create',
  'inspection_entity.update',
  'inspection_entity.delete',
  'inspection_entity.import',
  'inspection_entity.template_download',
  'inspection_inspector.create',
  'inspection_inspector.update',
  'inspection_inspector.delete',
  'inspection_inspector.import',
  'inspection_inspector.template_download',
  'inspection_plan.create',
  'inspection_plan.update',
  'inspection_plan.fix',
  'inspection_plan.draw',
  'inspection_plan.publish',
  'water.section.create',
  'water.section.update',
  'water.section.delete',
  'water.section.seed',
  'water.samples.import',
  'water.agreement.create',
  'water.agreement.update',
  'water.agreement.delete',
  'water.assessment.export',
] as const;

export const REGISTRY_RECORD_VERBS = ['create', 'update', 'delete', 'stage'] as const;

export type AuditAction = (typeof FIXED_ACTIONS)[number] | `registry.${string}.${(typeof REGISTRY_RECORD_VERBS)[number]}`;

export const AUDIT_ACTIONS: readonly [AuditAction, ...AuditAction[]] = [
  ...FIXED_ACTIONS,
  ...REGISTRY_TYPES.flatMap((type) => REGISTRY_RECORD_VERBS.map((verb) => `registry.${type}.${verb}` as const)),
];

/** The kinds of record an audit entry is about. */
export const AUDIT_ENTITY_TYPES = [
  'user',
  'unit',
  'pair',
  'plan',
  'plan_version',
  'unit_alias',
  'task',
  'report_period',
  'progress_report',
  // A progress report's attachments are recorded under their owner's kind, `report`.
  'report',
  'supervision',
  // 领导批示; its document is recorded under this kind too (attachments go by their owner's kind).
  'instruction',
  'attachment',
  'meeting',
  'registry_record',
  'registry_options',
  'rollup',
  'inspection_plan',
  'inspection',
  'inspection_entity',
  'inspection_inspector',
  'water_section',
  'water_samples',
  'water_agreement',
] as const;

export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];
