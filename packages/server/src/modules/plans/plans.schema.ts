import { z } from 'zod';
import { Timestamp } from '../../http/schemas.js';
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

export const ParseOut = z
  .object({
    chapters: z.array(
      z.object({ number: z.string(), title: z.string(), articles: z.array(z.object({ number: z.string(), title: z.string(), measures: z.array(MeasureIn) })) }),
    ),
    organisations: z.array(z.string()),
    matchedUnits: z.array(z.object({ name: z.string(), unitName: z.string().nullable() })),
    warnings: z.array(z.string()),
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
