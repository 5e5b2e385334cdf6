import { z } from 'zod';
import { DateOnly, Timestamp } from '../../http/schemas.js';
import { base64File } from '../../uploads/limits.js';

const number = z.string().trim().min(1).max(10);
/** The longest plan text accepted (characters); offsets into it are bounded by the same number. */
const PLAN_TEXT_MAX = 5_000_000;
const title = z.string().trim().min(1).max(300);

export const MeasureIn = z.object({ text: z.string().trim().min(1).max(2000), verb: z.string().trim().max(20) });

/** A plan's reviewed structure: what the office corrects before publishing. Offsets point into the source text. */
export const Outline = z
  .object({
    chapters: z
      .array(
        z.object({
          number: z.string().trim().max(10),
          title: z.string().trim().max(300),
          articles: z
            .array(
              z.object({
                number,
                title,
                measures: z.array(MeasureIn).max(200),
                start: z.number().int().min(0).max(PLAN_TEXT_MAX).optional(),
                end: z.number().int().min(0).max(PLAN_TEXT_MAX).optional(),
              }),
            )
            .max(200),
        }),
      )
      .min(1)
      .max(100),
    organisations: z
      .array(z.object({ name: z.string().max(200), unitName: z.string().max(200).nullable() }))
      .max(2000)
      .default([]),
  })
  .meta({ id: 'PlanOutline' });

/** Plan text as pasted (`text`) or as an uploaded .txt/.docx/.xlsx file (`fileBase64` with `fileName`). */
export const PlanSource = z
  .object({
    text: z.string().min(1).max(PLAN_TEXT_MAX).optional(),
    fileBase64: base64File().optional(),
    fileName: z.string().trim().min(1).max(200).optional(),
  })
  .refine((s) => (s.text === undefined) !== (s.fileBase64 === undefined), { message: '请粘贴方案文本或上传文件（二选一）', path: ['text'] })
  .refine((s) => s.fileBase64 === undefined || /\.(txt|docx|xlsx)$/i.test(s.fileName ?? ''), {
    message: '只支持 .txt、.docx 或 .xlsx 文件',
    path: ['fileName'],
  });

export type PlanSourceValue = z.infer<typeof PlanSource>;

export const ParseBody = z.object({ source: PlanSource, pairId: z.uuid().optional() });

const names = z.array(z.string());
const Responsibility = z.object({ lead: names, supporting: names, guide: names });
const Deadline = z
  .object({
    kind: z.enum(['date', 'recurring', 'open', 'unknown']),
    date: z.string().optional(),
    every: z.enum(['year', 'half-year', 'quarter', 'month']).optional(),
    text: z.string(),
  })
  .meta({ id: 'PlanTaskDeadline' });

/** A unit name the plan mentions, resolved against the pair's units and the office's aliases now. */
export const UnitNameOut = z
  .object({
    name: z.string(),
    status: z.enum(['resolved', 'ambiguous', 'unresolved']),
    units: z.array(z.object({ id: z.uuid(), name: z.string() })),
    reason: z.string(),
  })
  .meta({ id: 'PlanUnitName' });

/** What the parser found beyond the outline (domain PlanAnalysis), with the unit names resolved. */
export const AnalysisOut = z
  .object({
    headings: z.array(z.object({ path: names, style: z.string(), number: z.string(), title: z.string(), responsibility: Responsibility.nullable() })),
    responsibilities: z.array(Responsibility.extend({ path: names, remark: z.string(), note: z.string(), form: z.enum(['bracket', 'lines', 'sentence']) })),
    indicators: z.array(z.object({ sentence: z.string(), name: z.string(), value: z.number(), unit: z.string(), year: z.number().int(), path: names })),
    taskTables: z.array(
      z.object({
        columns: z.array(z.string().nullable()),
        rows: z.array(
          z.object({
            serial: z.string(),
            group: z.string(),
            task: z.string(),
            measure: z.string(),
            lead: names,
            supporting: names,
            deadline: Deadline,
            outcome: z.string(),
            articleRef: z.string(),
            link: z.object({
              path: names.nullable(),
              articleNumber: z.string().nullable(),
              explicit: z.boolean(),
              score: z.number().nullable(),
              reason: z.string(),
            }),
          }),
        ),
      }),
    ),
    contents: z.string(),
    /** Every unit name of the notes and tables: resolved, ambiguous (the office picks) or unresolved (the office maps it). */
    unitNames: z.array(UnitNameOut),
  })
  .meta({ id: 'PlanAnalysis' });

export const ParseOut = z
  .object({
    chapters: z.array(
      z.object({ number: z.string(), title: z.string(), articles: z.array(z.object({ number: z.string(), title: z.string(), measures: z.array(MeasureIn) })) }),
    ),
    organisations: z.array(z.string()),
    matchedUnits: z.array(z.object({ name: z.string(), unitName: z.string().nullable() })),
    warnings: z.array(z.string()),
    analysis: AnalysisOut,
  })
  .meta({ id: 'PlanParse' });

export const ImportBody = z.object({ pairId: z.uuid(), title: title.default('对口合作实施方案'), source: PlanSource });

export const ArticleChange = z.object({ number: z.string(), title: z.string() });
export const DiffOut = z
  .object({
    againstVersionId: z.uuid().nullable(),
    // The number of the version compared with, so a screen can name it (null: nothing published before this one).
    againstVersionNo: z.number().int().nullable(),
    chapters: z.object({
      added: z.array(ArticleChange),
      removed: z.array(ArticleChange),
      retitled: z.array(z.object({ number: z.string(), from: z.string(), to: z.string() })),
    }),
    articles: z.object({
      added: z.array(ArticleChange),
      removed: z.array(ArticleChange),
      retitled: z.array(z.object({ number: z.string(), from: z.string(), to: z.string() })),
      measuresChanged: z.array(z.object({ number: z.string(), added: z.array(z.string()), removed: z.array(z.string()) })),
    }),
    unchanged: z.boolean(),
  })
  .meta({ id: 'PlanDiff' });

export const VersionOut = z
  .object({
    id: z.uuid(),
    planId: z.uuid(),
    pairId: z.uuid(),
    planTitle: z.string(),
    versionNo: z.number().int(),
    status: z.enum(['draft', 'published', 'superseded']),
    sourceName: z.string(),
    sourceText: z.string(),
    sourceNote: z.string().nullable(),
    outline: Outline,
    warnings: z.array(z.string()),
    /** Null for a version imported before the parser reported more than the outline. */
    analysis: AnalysisOut.nullable(),
    publishedAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'PlanVersion' });

export const ImportOut = z.object({ version: VersionOut, diff: DiffOut });

export const PlanOut = z
  .object({
    id: z.uuid(),
    pairId: z.uuid(),
    title: z.string(),
    versions: z.array(
      z.object({
        id: z.uuid(),
        versionNo: z.number().int(),
        status: z.enum(['draft', 'published', 'superseded']),
        publishedAt: Timestamp.nullable(),
        createdAt: Timestamp,
      }),
    ),
  })
  .meta({ id: 'Plan' });

export const PlanListQuery = z.object({ pairId: z.uuid().optional() });

export const OutlineBody = z.object({ outline: Outline });

export const TreeOut = z
  .object({
    planId: z.uuid(),
    versionId: z.uuid(),
    versionNo: z.number().int(),
    chapters: z.array(
      z.object({
        number: z.string(),
        title: z.string(),
        articles: z.array(
          z.object({
            id: z.uuid(),
            number: z.string(),
            title: z.string(),
            measures: z.array(z.object({ id: z.uuid(), text: z.string(), verb: z.string() })),
            taskCount: z.number().int().meta({ description: 'Tasks under the article that the caller can see' }),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'PlanTree' });

/** Reviewed rows of a version's task tables, as tasks of its published plan: all are created or none. */
export const TableTasksBody = z.object({
  tasks: z
    .array(
      z.object({
        articleNo: z.string().trim().min(1).max(10),
        title: z.string().trim().min(1).max(300),
        description: z.string().max(5000).default(''),
        leadUnitIds: z.array(z.uuid()).min(1).max(50),
        supportUnitIds: z.array(z.uuid()).max(100).default([]),
        dueOn: DateOnly.nullable().default(null),
      }),
    )
    .min(1)
    .max(500),
});
export const TableTasksOut = z.object({ created: z.number().int(), taskIds: z.array(z.uuid()) });
