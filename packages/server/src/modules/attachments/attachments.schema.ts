import { z } from 'zod';
import { Timestamp } from '../../http/schemas.js';
import { base64Length, MAX_ATTACHMENT_BYTES, megabytes } from '../../uploads/limits.js';

export { MAX_ATTACHMENT_BYTES };

export const OWNER_TYPES = ['task', 'report', 'supervision', 'registry_record', 'instruction'] as const;

/**
 * Office documents, PDFs, images, text and archives; never executables or HTML (stored files are
 * served back). The type stored comes from this list by the name's extension, never from the
 * client. A Map, not an object: a lookup by a name's extension must not find what every object
 * inherits (`x.constructor` once stored "function Object() …" as its type).
 */
export const ALLOWED_TYPES: ReadonlyMap<string, string> = new Map([
  ['pdf', 'application/pdf'],
  ['doc', 'application/msword'],
  ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['xls', 'application/vnd.ms-excel'],
  ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['ppt', 'application/vnd.ms-powerpoint'],
  ['pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  ['wps', 'application/vnd.ms-works'],
  ['ofd', 'application/ofd'],
  ['txt', 'text/plain; charset=utf-8'],
  ['csv', 'text/csv; charset=utf-8'],
  ['jpg', 'image/jpeg'],
  ['jpeg', 'image/jpeg'],
  ['png', 'image/png'],
  ['zip', 'application/zip'],
]);

/** The type a stored file is served with: the allow-list's, or an opaque download for anything else. */
export function contentTypeOf(fileName: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return (extension !== undefined && ALLOWED_TYPES.get(extension)) || 'application/octet-stream';
}

export const AttachmentUploadBody = z.object({
  ownerType: z.enum(OWNER_TYPES),
  ownerId: z.uuid(),
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((name) => contentTypeOf(name) !== 'application/octet-stream', {
      message: `只支持 ${[...ALLOWED_TYPES.keys()].join('、')} 文件`,
    }),
  fileBase64: z
    .string()
    .min(1)
    .max(base64Length(MAX_ATTACHMENT_BYTES), `文件超过 ${megabytes(MAX_ATTACHMENT_BYTES)} 上限`),
});

export const AttachmentOut = z
  .object({
    id: z.uuid(),
    ownerType: z.enum(OWNER_TYPES),
    ownerId: z.uuid(),
    fileName: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    uploadedBy: z.uuid(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Attachment' });

export const AttachmentListQuery = z.object({ ownerType: z.enum(OWNER_TYPES), ownerId: z.uuid() });
