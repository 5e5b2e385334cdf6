import type { FieldDeclaration } from '../types.js';

/** The unit a record belongs to (its data scope): a county reporter keeps its county's records. */
export const OWNER_FIELD: FieldDeclaration = {
  key: 'ownerUnitId',
  label: { zh: '责任单位', en: 'Responsible unit' },
  type: { kind: 'unit' },
  required: true,
  column: true,
  filter: true,
};

/** Where a record is: a county-level division of GB/T 2260 (shown on the map view). */
export const LOCATION_FIELD: FieldDeclaration = {
  key: 'locationCode',
  label: { zh: '所在区县', en: 'District or county' },
  type: { kind: 'adminCode' },
  required: true,
  column: true,
  filter: true,
};

export const nameField = (zh: string, en: string, max = 200): FieldDeclaration => ({
  key: 'name',
  label: { zh, en },
  type: { kind: 'text', max },
  required: true,
  column: true,
});
