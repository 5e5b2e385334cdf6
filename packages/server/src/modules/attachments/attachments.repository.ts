import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { attachments } from '../../db/schema.js';

const metadata = {
  id: attachments.id,
  pairId: attachments.pairId,
  ownerType: attachments.ownerType,
  ownerId: attachments.ownerId,
  fileName: attachments.fileName,
  contentType: attachments.contentType,
  sizeBytes: attachments.sizeBytes,
  sha256: attachments.sha256,
  uploadedBy: attachments.uploadedBy,
  createdAt: attachments.createdAt,
};
export type AttachmentMeta = { [K in keyof typeof metadata]: (typeof attachments.$inferSelect)[K] };

export async function insertAttachment(db: Executor, row: typeof attachments.$inferInsert): Promise<AttachmentMeta> {
  const [inserted] = await db.insert(attachments).values(row).returning(metadata);
  return inserted!;
}

export async function listFor(db: Executor, ownerType: string, ownerId: string): Promise<AttachmentMeta[]> {
  return db
    .select(metadata)
    .from(attachments)
    .where(and(eq(attachments.ownerType, ownerType), eq(attachments.ownerId, ownerId)))
    .orderBy(asc(attachments.createdAt));
}

export async function findMeta(db: Executor, id: string): Promise<AttachmentMeta | undefined> {
  const [row] = await db.select(metadata).from(attachments).where(eq(attachments.id, id));
  return row;
}

export async function contentOf(db: Executor, id: string): Promise<Buffer | undefined> {
  const [row] = await db.select({ content: attachments.content }).from(attachments).where(eq(attachments.id, id));
  return row?.content;
}
