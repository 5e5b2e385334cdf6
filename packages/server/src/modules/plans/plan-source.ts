import mammoth from 'mammoth';
import type { z } from 'zod';
import { fieldError } from '../../http/errors.js';
import type { PlanSource } from './plans.schema.js';

/**
 * The plain text of a plan as pasted or uploaded. Government .txt files are often saved in GBK
 * (GB 18030) rather than UTF-8, so text that is not valid UTF-8 is read as GB 18030. A .docx is
 * read with mammoth, one paragraph per line.
 */
export async function planSourceText(source: z.infer<typeof PlanSource>): Promise<{ text: string; name: string }> {
  if (source.text !== undefined) return { text: source.text, name: source.fileName ?? '粘贴的文本' };
  const name = source.fileName!;
  const bytes = Buffer.from(source.fileBase64!, 'base64');
  if (bytes.length === 0) throw fieldError('VALIDATION_FAILED', 'source.fileBase64', '文件为空或不是 base64 编码');
  if (/\.docx$/i.test(name)) {
    try {
      const { value } = await mammoth.extractRawText({ buffer: bytes });
      return { text: value, name };
    } catch {
      throw fieldError('VALIDATION_FAILED', 'source.fileBase64', '无法读取 .docx 文件');
    }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, ''), name };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), name };
  }
}
