import type { z } from 'zod';
import { fieldError } from '../../http/errors.js';
import { docxText } from '../../uploads/docx.js';
import { MAX_PLAN_TEXT_CHARS, type ReadLimits, readLimits } from '../../uploads/limits.js';
import type { PlanSource } from './plans.schema.js';

const FIELD = 'source.fileBase64';

/**
 * The plain text of a plan as pasted or uploaded. Government .txt files are often saved in GBK
 * (GB 18030) rather than UTF-8, so text that is not valid UTF-8 is read as GB 18030. A .docx is
 * read with mammoth, one paragraph per line, within the archive limits (uploads/docx.ts); text
 * from a file is held to the paste limit, as pasted text is by the schema. Runs on the work pool.
 */
export async function planSourceText(source: z.infer<typeof PlanSource>, limits: ReadLimits = readLimits()): Promise<{ text: string; name: string }> {
  if (source.text !== undefined) return { text: source.text, name: source.fileName ?? '粘贴的文本' };
  const name = source.fileName!;
  const bytes = Buffer.from(source.fileBase64!, 'base64');
  if (bytes.length === 0) throw fieldError('VALIDATION_FAILED', FIELD, '文件为空或不是 base64 编码');
  const text = /\.docx$/i.test(name) ? await docxText(bytes, limits, FIELD) : decodeText(bytes);
  if (text.length > MAX_PLAN_TEXT_CHARS) throw fieldError('VALIDATION_FAILED', FIELD, `文本超过 ${MAX_PLAN_TEXT_CHARS} 字上限`);
  return { text, name };
}

function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}
