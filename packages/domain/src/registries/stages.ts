import type { OptionItem } from './options.js';
import type { RecordData, RegistryDeclaration } from './types.js';

export type StageChange =
  | { ok: true; data: RecordData; direction: 'forward' | 'back' | 'same' }
  | { ok: false; field: string; code: 'NOT_IN_LIST' | 'STAGE_BACKWARD' | 'REASON_REQUIRED' | 'NOT_ALLOWED'; reason: string };

/**
 * Moves a record along its stage field (a project: 洽谈 → 签约 → 开工 → 投产). Stages only move
 * forward, possibly skipping some; going back is a correction that only the office may make, and
 * only with a reason. Reaching a stage sets its date (`stageDates`) to `on` unless one is already
 * there; going back clears the dates of the stages left behind.
 */
export function changeStage(
  declaration: RegistryDeclaration,
  data: RecordData,
  to: string,
  stages: readonly OptionItem[],
  options: { on: string; mayReverse: boolean; reason?: string | null },
): StageChange {
  const field = declaration.stageField;
  if (!field) return { ok: false, field: 'stage', code: 'NOT_ALLOWED', reason: '该类记录没有阶段' };
  const order = stages.map((s) => s.value);
  const target = order.indexOf(to);
  if (target < 0) return { ok: false, field: 'stage', code: 'NOT_IN_LIST', reason: `应为以下之一：${order.join('、')}` };
  const current = order.indexOf(String(data[field] ?? ''));
  const direction = target > current ? 'forward' : target < current ? 'back' : 'same';
  if (direction === 'back') {
    if (!options.mayReverse) {
      return {
        ok: false,
        field: 'stage',
        code: 'STAGE_BACKWARD',
        reason: `阶段只能向前推进（当前为“${order[current]}”）；退回须由领导小组办公室说明理由后办理`,
      };
    }
    if (!options.reason?.trim()) return { ok: false, field: 'reason', code: 'REASON_REQUIRED', reason: '退回阶段须说明理由' };
  }
  const next: RecordData = { ...data, [field]: to };
  const dates = declaration.stageDates ?? {};
  order.forEach((stage, i) => {
    const dateField = dates[stage];
    if (!dateField) return;
    if (i <= target && i > current && next[dateField] === undefined) next[dateField] = options.on;
    if (i > target) delete next[dateField];
  });
  return { ok: true, data: next, direction };
}
