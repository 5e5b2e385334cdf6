import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
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
