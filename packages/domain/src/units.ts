/**
 * Kinds of organisational unit taking part in a counterpart-cooperation pair.
 *
 * - coordination_office: the city's 对口合作 leading-group office, which leads and coordinates
 *   the work (e.g. 深圳市对口支援和对口合作工作领导小组办公室);
 * - department: a municipal department or municipal-level body (市直部门);
 * - district: a Shenzhen-side district or functional area;
 * - county: a county-level division on the receiving side (县、县级市 and 市辖区 alike);
 * - institution: a public institution or other organisation (schools, party schools, centres);
 * - enterprise: a company.
 */
export const UNIT_TYPES = ['coordination_office', 'department', 'district', 'county', 'institution', 'enterprise'] as const;

export type UnitType = (typeof UNIT_TYPES)[number];

export const UNIT_TYPE_LABELS: Record<UnitType, { zh: string; en: string }> = {
  coordination_office: { zh: '领导小组办公室', en: 'Coordination office' },
  department: { zh: '部门', en: 'Department' },
  district: { zh: '区', en: 'District' },
  county: { zh: '县（市、区）', en: 'County' },
  institution: { zh: '事业单位', en: 'Institution' },
  enterprise: { zh: '企业', en: 'Enterprise' },
};

export function isUnitType(value: unknown): value is UnitType {
  return typeof value === 'string' && (UNIT_TYPES as readonly string[]).includes(value);
}
