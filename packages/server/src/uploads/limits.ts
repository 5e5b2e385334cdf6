import { z } from 'zod';

/*
 * Every limit on an uploaded file, in one place (docs/security.md). Files travel base64-encoded
 * in JSON bodies; .xlsx and .docx are zip archives, whose few compressed bytes can stand for
 * gigabytes once inflated: a 1 MB sheet that inflated to 1 GiB, six at a time, ran the process out
 * of memory. So each file is bounded twice: by its size as sent (checked by the schema and the
 * route's body limit before anything is decoded) and by what reading it produces (bytes actually
 * inflated, counted while inflating; sheets, rows, columns and cell length, counted while
 * parsing, the reading stopped at the first one over). Reading runs on the work pool
 * (work/pool.ts), never on the HTTP thread.
 */

const MiB = 1024 * 1024;

/**
 * A file to import (.xlsx, .csv, plan .docx or .txt) as sent, after base64 decoding: 15 MB holds
 * a 20,000-row register several times over; Excel writes a 5,000-task sheet in under 2 MB.
 */
export const MAX_FILE_BYTES = 15 * MiB;
/** An attachment as stored (it is kept as sent and never unpacked, so only its own size matters). */
export const MAX_ATTACHMENT_BYTES = 20 * MiB;

/** The base64 length of `bytes` bytes. */
export const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4;
/**
 * The body limit of a route that carries one such file: its base64 text plus 64 KB for the other
 * members. Fastify stops reading past it (413) before any JSON is parsed.
 */
export const fileBodyLimit = (bytes: number) => base64Length(bytes) + 64 * 1024;

/** The base64 member of an upload body, refused (400 naming the field and the limit) past `bytes`. */
export const base64File = (bytes = MAX_FILE_BYTES) =>
  z
    .string()
    .min(1)
    .max(base64Length(bytes), `文件超过 ${bytes / MiB} MB 上限`)
    .meta({ description: `The file, base64-encoded; at most ${bytes / MiB} MB before encoding` });

/** The rows of data (after the header row) one import may hold: the size of each kind of list in practice. */
export const IMPORT_ROWS = {
  /** A plan's tasks: a plan has a few hundred measures; 5,000 is ten plans' worth. */
  tasks: 5000,
  /** Registry records (projects, exchanges, resources) per file. */
  registries: 5000,
  /** A city's register of supervised entities or inspectors (检查对象名录 at county scale). */
  inspectionRegisters: 20_000,
  /** Water-quality samples: a year of daily samples at 25 sections. */
  waterSamples: 10_000,
} as const;

/** Limits on the shape of a workbook or table, whatever the route. */
export const SHEET_LIMITS = {
  /** Entries in a zip: an .xlsx or .docx has a few dozen; thousands are only there to cost time. */
  zipEntries: 10_000,
  /** Worksheets named by the workbook: templates have two. */
  sheets: 50,
  /** Columns holding a value: templates have at most 30; Excel allows 16,384. */
  columns: 100,
  /** Characters in one cell: Excel's own limit. */
  cellChars: 32_767,
  /** Distinct strings of a workbook: 20,000 rows × 50 columns. */
  sharedStrings: 1_000_000,
} as const;

/** Characters of plan text, pasted or read from a file: the paste limit of the plan schema (about 3,000 pages). */
export const MAX_PLAN_TEXT_CHARS = 5_000_000;

/**
 * Default ceiling on the bytes inflated from one archive (every part read, summed): a legitimate
 * 20,000-row sheet inflates to about 15 MB, a 200-page plan's document.xml to about 10 MB.
 * `DUIKOU_UPLOAD_INFLATED_MB` overrides it (config.ts).
 */
export const DEFAULT_INFLATED_BYTES = 100 * MiB;

/** What the readers are given on each job; the inflated ceiling comes from the configuration. */
export interface ReadLimits {
  inflatedBytes: number;
  zipEntries: number;
  sheets: number;
  columns: number;
  cellChars: number;
  sharedStrings: number;
}

export const readLimits = (inflatedBytes = DEFAULT_INFLATED_BYTES): ReadLimits => ({ inflatedBytes, ...SHEET_LIMITS });

/** `104857600` → `100 MB`, for messages. */
export const megabytes = (bytes: number) => `${Math.round((bytes / MiB) * 10) / 10} MB`;
