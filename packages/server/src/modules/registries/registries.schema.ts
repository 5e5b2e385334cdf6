import { REGISTRY_TYPES } from '@duikou/domain';
import { z } from 'zod';
import { DateOnly, PageQuery, Timestamp } from '../../http/schemas.js';
import { base64File } from '../../uploads/limits.js';

const registryType = z.enum(REGISTRY_TYPES as [string, ...string[]]).meta({ description: 'A kind of registry record (GET /api/v1/registry-types)' });
const label = z.object({ zh: z.string(), en: z.string() });
const optionItem = z.object({ value: z.string(), zh: z.string(), en: z.string() });

export const RegistryTypeParams = z.object({ type: registryType });
export const RecordParams = z.object({ type: registryType, id: z.uuid() });
export const PairQuery = z.object({ pairId: z.uuid() });

const fieldType = z.object({
  kind: z.enum(['text', 'integer', 'decimal', 'date', 'option', 'options', 'unit', 'units', 'city', 'creditCode', 'adminCode', 'record']),
  max: z.number().optional(),
  min: z.number().optional(),
  scale: z.number().optional(),
  multiline: z.boolean().optional(),
  list: z.string().optional(),
  type: z.string().optional(),
});

export const RegistryTypeOut = z
  .object({
    type: z.string(),
    label,
    /** What one record is called (项目 in 项目库): form titles, buttons and messages name it. */
    recordName: label,
    group: z.enum(['projects', 'exchanges', 'resources']),
    articles: z.array(z.string()),
    titleField: z.string(),
    ownerField: z.string(),
    dateField: z.string().nullable(),
    locationField: z.string().nullable(),
    stageField: z.string().nullable(),
    sharedWithFields: z.array(z.string()),
    fields: z.array(
      z.object({
        key: z.string(),
        label,
        type: fieldType,
        required: z.boolean(),
        column: z.boolean(),
        filter: z.boolean(),
        help: label.nullable(),
        /** For option fields: the choices in force for the pair. */
        options: z.array(optionItem).nullable(),
      }),
    ),
  })
  .meta({ id: 'RegistryType' });

export const RecordListQuery = PageQuery.extend({
  pairId: z.uuid().optional(),
  q: z.string().trim().min(1).max(100).optional(),
  unitId: z.uuid().optional(),
  cityId: z.uuid().optional(),
  from: DateOnly.optional(),
  to: DateOnly.optional(),
  stage: z.string().trim().min(1).max(50).optional(),
  locationCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  articleNo: z.string().trim().min(1).max(10).optional(),
  /** Equality on declared fields: `field.<key>=<value>` (e.g. `field.industry=新能源`). */
})
  .catchall(z.string().max(200))
  .meta({ description: 'Besides the named filters, `field.<key>=<value>` filters on a declared field of the kind' });

export const RecordBody = z.object({
  pairId: z.uuid(),
  data: z.record(z.string(), z.unknown()).meta({ description: 'The declared fields of the kind, by key (GET /api/v1/registry-types)' }),
  articleNos: z.array(z.string().trim().min(1).max(10)).max(20).default([]),
});

export const RecordPatchBody = z
  .object({
    /** Fields to change; `null` empties an optional field. Unnamed fields keep their value. */
    data: z.record(z.string(), z.unknown()).optional(),
    articleNos: z.array(z.string().trim().min(1).max(10)).max(20).optional(),
  })
  .refine((b) => b.data !== undefined || b.articleNos !== undefined, { message: '至少修改一项', path: [] });

export const StageBody = z.object({
  stage: z.string().trim().min(1).max(50),
  on: DateOnly.optional().meta({ description: 'The date the stage was reached (default: today, China date)' }),
  reason: z.string().trim().max(500).optional().meta({ description: 'Required to go back a stage (office only)' }),
});

export const RecordOut = z
  .object({
    id: z.uuid(),
    pairId: z.uuid(),
    type: z.string(),
    title: z.string(),
    unitId: z.uuid(),
    unitName: z.string(),
    cityId: z.uuid(),
    occurredOn: z.string().nullable(),
    locationCode: z.string().nullable(),
    locationName: z.string().nullable(),
    stage: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    articleNos: z.array(z.string()),
    /** The units and records the data refers to, with their names. */
    references: z.object({
      units: z.array(z.object({ id: z.uuid(), name: z.string() })),
      records: z.array(z.object({ id: z.uuid(), type: z.string(), title: z.string() })),
    }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'RegistryRecord' });

export const RecordEventOut = z.object({
  action: z.string(),
  fromStage: z.string().nullable(),
  toStage: z.string().nullable(),
  on: z.string().nullable(),
  reason: z.string().nullable(),
  actorId: z.uuid().nullable(),
  at: Timestamp,
});

export const RecordDetailOut = RecordOut.extend({
  events: z.array(RecordEventOut),
  /** Records of other kinds that name this one (the projects in a park, the activities of a pairing), with totals. */
  related: z.array(
    z.object({
      type: z.string(),
      field: z.string(),
      items: z.array(z.object({ id: z.uuid(), title: z.string(), stage: z.string().nullable(), occurredOn: z.string().nullable() })),
      totals: z.record(z.string(), z.string()),
    }),
  ),
}).meta({ id: 'RegistryRecordDetail' });

export const OptionListParams = z.object({ list: z.string().regex(/^[a-zA-Z]{2,40}$/) });
export const OptionListBody = z.object({
  pairId: z.uuid(),
  items: z
    .array(
      z.object({
        value: z.string().trim().min(1).max(50),
        zh: z.string().trim().min(1).max(50),
        en: z.string().trim().min(1).max(80),
      }),
    )
    .min(1)
    .max(100),
});
export const OptionListOut = z.object({ list: z.string(), label, items: z.array(optionItem), custom: z.boolean() }).meta({ id: 'OptionList' });

export const RecordImportBody = z.object({
  pairId: z.uuid(),
  fileBase64: base64File(),
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((name) => /\.xlsx$/i.test(name), { message: '只支持 .xlsx 文件' }),
  dryRun: z.boolean().default(false),
});

export const RecordImportChecked = z.object({
  valid: z.literal(true),
  rows: z.number().int(),
  preview: z.array(z.object({ row: z.number().int(), title: z.string(), unitName: z.string() })),
});
export const RecordImportCreated = z.object({ created: z.number().int(), recordIds: z.array(z.uuid()) });

export const RecordExportQuery = RecordListQuery.omit({ page: true, pageSize: true });

/** The map's counts take the list's filters; the pair is required, as its places name the codes. */
export const RecordLocationQuery = RecordExportQuery.extend({ pairId: z.uuid() });

export const RecordLocationCounts = z
  .object({
    items: z.array(
      z.object({
        locationCode: z.string(),
        /** The district or county of the pair with this code; null for a place outside the pair. */
        locationName: z.string().nullable(),
        count: z.number().int(),
      }),
    ),
    /** Matching records with no place. */
    unlocated: z.number().int(),
    total: z.number().int(),
  })
  .meta({ id: 'RecordLocationCounts' });
