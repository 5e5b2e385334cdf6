import type { DrawDifference, DrawInput, DrawResult, Inspector, ParsedPlan, PreviousInspection, SupervisedEntity } from '@duikou/domain';
import { parsePlan, runDraw, verifyDraw } from '@duikou/domain';
import { planSourceText } from '../modules/plans/plan-source.js';
import type { PlanSourceValue } from '../modules/plans/plans.schema.js';
import { readSampleFile, type SampleFile } from '../modules/water/water.file.js';
import type { ReadLimits } from '../uploads/limits.js';
import { type ReadSheetOptions, readXlsxSheet, type SheetData } from '../xlsx/read.js';

/*
 * What the work pool runs (work/pool.ts), each a function of plain data to plain data: inputs and
 * answers cross between threads by structured clone. Files travel as the base64 text of the
 * request and are decoded here, off the HTTP thread; frozen draw inputs travel as the JSON text
 * stored in the database and are parsed here.
 */

/** The frozen inputs of a plan as stored (inspection_draw_inputs) and the plan's draw parameters. */
export interface DrawJob {
  planId: string;
  fixedValue: string;
  entitiesJson: string;
  inspectorsJson: string;
  previousInspectionsJson: string;
  grades: string[];
  ratiosPercent: Record<string, string>;
  teamSize: number;
  requiredQualification: string | null;
}

function drawInput(job: DrawJob): DrawInput {
  return {
    planId: job.planId,
    fixedValue: job.fixedValue,
    entities: JSON.parse(job.entitiesJson) as SupervisedEntity[],
    inspectors: JSON.parse(job.inspectorsJson) as Inspector[],
    previousInspections: JSON.parse(job.previousInspectionsJson) as PreviousInspection[],
    grades: job.grades,
    ratiosPercent: job.ratiosPercent,
    teamSize: job.teamSize,
    requiredQualification: job.requiredQualification,
  };
}

const bytesOf = (base64: string) => Buffer.from(base64, 'base64');

export const JOBS = {
  /** One worksheet of an uploaded .xlsx (xlsx/read.ts). */
  'xlsx.sheet': (input: { fileBase64: string; options: ReadSheetOptions }): Promise<SheetData> => readXlsxSheet(bytesOf(input.fileBase64), input.options),
  /** A water-sample file (.csv or .xlsx) as a table of text. */
  'water.samples': (input: { fileName: string; fileBase64: string; limits: ReadLimits }): Promise<SampleFile> =>
    readSampleFile(input.fileName, bytesOf(input.fileBase64), input.limits),
  /** Plan text from a paste or a .txt/.docx/.xlsx, parsed into chapters, articles and measures. */
  'plan.parse': async (input: { source: PlanSourceValue; knownUnits: string[]; limits: ReadLimits }): Promise<{ parsed: ParsedPlan; name: string }> => {
    const { text, name } = await planSourceText(input.source, input.limits);
    return { parsed: parsePlan(text, { knownUnits: input.knownUnits }), name };
  },
  /** The draw from a plan's frozen inputs. */
  'draw.run': async (input: DrawJob): Promise<DrawResult> => runDraw(drawInput(input)),
  /** The draw re-run from the frozen inputs and compared with the stored result (JSON text). */
  'draw.verify': async (input: DrawJob & { resultJson: string }): Promise<DrawDifference[]> =>
    verifyDraw(drawInput(input), JSON.parse(input.resultJson) as DrawResult),
} as const;

export type JobName = keyof typeof JOBS;
export type JobInput<N extends JobName> = Parameters<(typeof JOBS)[N]>[0];
export type JobOutput<N extends JobName> = Awaited<ReturnType<(typeof JOBS)[N]>>;
