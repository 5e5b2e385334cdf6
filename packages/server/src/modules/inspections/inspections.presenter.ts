import type { z } from 'zod';
import type { EntityRow, InspectionWithTeam, InspectorWithUnit, PlanRow } from './inspections.repository.js';
import type { EntityOut, InspectionOut, InspectionPlanStatus, InspectorOut, PlanOut } from './inspections.schema.js';

export function presentEntity(row: EntityRow): z.infer<typeof EntityOut> {
  return {
    id: row.id,
    drawId: `E${row.seq}`,
    pairId: row.pairId,
    cityId: row.cityId,
    creditCode: row.creditCode,
    name: row.name,
    creditGrade: row.creditGrade,
    industry: row.industry,
    location: row.location,
    relatedUnitIds: row.relatedUnitIds,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentInspector({ row, unitName }: InspectorWithUnit): z.infer<typeof InspectorOut> {
  return {
    id: row.id,
    pairId: row.pairId,
    cityId: row.cityId,
    badgeNo: row.badgeNo,
    name: row.name,
    unitId: row.unitId,
    unitName,
    qualifications: row.qualifications,
    conflicts: row.conflicts,
    userId: row.userId,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The fixed value stays hidden (only its SHA-256 is shown) until the draw has run. */
export function presentPlan(row: PlanRow): z.infer<typeof PlanOut> {
  const revealed = row.status === 'drawn' || row.status === 'published';
  return {
    id: row.id,
    pairId: row.pairId,
    cityId: row.cityId,
    title: row.title,
    scope: row.scope,
    grades: row.grades,
    ratiosPercent: row.ratiosPercent,
    teamSize: row.teamSize,
    requiredQualification: row.requiredQualification,
    previousPlanId: row.previousPlanId,
    status: row.status as InspectionPlanStatus,
    fixedValueHash: row.fixedValueHash,
    fixedValueSource: (row.fixedValueSource as 'office' | 'nonce' | null) ?? null,
    fixedValue: revealed ? row.fixedValue : null,
    entitiesDigest: row.entitiesDigest,
    inspectorsDigest: row.inspectorsDigest,
    previousInspectionsDigest: row.previousInspectionsDigest,
    seed: row.seed,
    entityCount: row.entityCount,
    inspectorCount: row.inspectorCount,
    fixedAt: row.fixedAt?.toISOString() ?? null,
    drawnAt: row.drawnAt?.toISOString() ?? null,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentInspection({ row, team }: InspectionWithTeam): z.infer<typeof InspectionOut> {
  return {
    id: row.id,
    position: row.position,
    entityId: row.entityId,
    creditCode: row.creditCode,
    entityName: row.entityName,
    creditGrade: row.creditGrade,
    team: team.map((m) => ({ inspectorId: m.inspectorId, name: m.name, unitName: m.unitName })),
    status: row.status as 'pending' | 'done',
    outcome: (row.outcome as z.infer<typeof InspectionOut>['outcome']) ?? null,
    findings: row.findings,
    inspectedOn: row.inspectedOn,
    recordedAt: row.recordedAt?.toISOString() ?? null,
  };
}
