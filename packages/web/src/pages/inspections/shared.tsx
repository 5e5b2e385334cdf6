import { Tag } from 'antd';
import type { Schemas } from '../../api/client.js';
import { ApiError } from '../../api/client.js';
import { useI18n } from '../../i18n/i18n.js';

export type InspectionPlan = Schemas['InspectionPlan'];
export type InspectionPlanDetail = Schemas['InspectionPlanDetail'];
export type Inspection = Schemas['Inspection'];
export type PlanStatus = InspectionPlan['status'];
export type Outcome = NonNullable<Inspection['outcome']>;
export const OUTCOMES: Outcome[] = ['no_issue', 'rectify', 'case_filed'];

const STATUS_COLORS: Record<PlanStatus, string> = { draft: 'default', fixed: 'processing', drawn: 'warning', published: 'success' };

export function PlanStatusTag({ status }: { status: PlanStatus }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLORS[status]}>{t(`enum.inspectionPlanStatus.${status}`)}</Tag>;
}

/** The problems of an import or a draw, one per row error / entity, from an error's details. */
export function issuesOf(error: unknown): { field: string; reason: string }[] {
  return error instanceof ApiError ? error.details.map((d) => ({ field: d.field, reason: d.reason })) : [];
}

/** A SHA-256 (or other long hex) shown whole, in a monospace font that wraps. */
export function Digest({ value }: { value: string | null | undefined }) {
  return (
    <code translate="no" style={{ wordBreak: 'break-all', fontSize: 12 }}>
      {value ?? '—'}
    </code>
  );
}
