import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import type { Agent } from './test-app.js';

export const DEFAULT_PLAN_TEXT = fs.readFileSync(fileURLToPath(new URL('../../../domain/data/plans/shenzhen-ganzhou.txt', import.meta.url)), 'utf8');

/** Imports the default plan text for a pair and publishes it; returns the plan and version ids. */
export async function publishDefaultPlan(agent: Agent, pairId: string, text = DEFAULT_PLAN_TEXT): Promise<{ planId: string; versionId: string }> {
  const imported = await agent.post('/api/v1/plans/import', { pairId, source: { text } });
  if (imported.status !== 201) throw new Error(`import failed: ${JSON.stringify(imported.body)}`);
  const versionId = imported.body.version.id as string;
  const published = await agent.post(`/api/v1/plan-versions/${versionId}/publish`);
  if (published.status !== 200) throw new Error(`publish failed: ${JSON.stringify(published.body)}`);
  return { planId: imported.body.version.planId as string, versionId };
}

/** A minimal Word document (.docx) holding one paragraph per item: what an office's plan file looks like to the parser. */
export async function docxOf(paragraphs: string[]): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${p}</w:t></w:r></w:p>`).join('');
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}
