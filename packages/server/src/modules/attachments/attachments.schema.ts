import { z } from 'zod';
import { Timestamp } from '../../http/schemas.js';

export const OWNER_TYPES = ['task', 'report', 'supervision', 'registry_record'] as const;

/** Office documents, PDFs, images, text and archives; never executables or HTML (stored files are served back). */
export const ALLOWED_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  wps: 'application/vnd.ms-works',
  ofd: 'application/ofd',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  zip: 'application/zip',
};

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export const AttachmentUploadBody = z.object({
  ownerType: z.enum(OWNER_TYPES),
  ownerId: z.uuid(),
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((name) => /\.([a-z0-9]+)$/i.test(name) && name.match(/\.([a-z0-9]+)$/i)![1]!.toLowerCase() in ALLOWED_TYPES, {
      message: `只支持 ${Object.keys(ALLOWED_TYPES).join('、')} 文件`,
    }),
  fileBase64: z
    .string()
    .min(1)
    .max(Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 4, '文件不能超过 20 MB'),
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
