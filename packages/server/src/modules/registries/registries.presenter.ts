import type { OptionItem, RecordData, RegistryDeclaration } from '@duikou/domain';
import type { z } from 'zod';
import type { RecordRow } from './registries.repository.js';
import type { RecordOut, RegistryTypeOut } from './registries.schema.js';

/** The names a list or detail shows a record's references with. */
export interface RecordNames {
  units: ReadonlyMap<string, string>;
  records: ReadonlyMap<string, { id: string; type: string; title: string }>;
  places: ReadonlyMap<string, string>;
}

export function presentDeclaration(declaration: RegistryDeclaration, options: (list: string) => readonly OptionItem[]): z.infer<typeof RegistryTypeOut> {
  return {
    type: declaration.type,
    label: declaration.label,
    recordName: declaration.recordName,
    group: declaration.group,
    articles: [...declaration.articles],
    titleField: declaration.titleField,
    ownerField: declaration.ownerField,
    dateField: declaration.dateField ?? null,
    locationField: declaration.locationField ?? null,
    stageField: declaration.stageField ?? null,
    sharedWithFields: [...(declaration.sharedWithFields ?? [])],
    fields: declaration.fields.map((f) => ({
      key: f.key,
      label: f.label,
      type: { ...f.type },
      required: f.required ?? false,
      column: f.column ?? false,
      filter: f.filter ?? false,
      help: f.help ?? null,
      options: f.type.kind === 'option' || f.type.kind === 'options' ? options(f.type.list).map((o) => ({ ...o })) : null,
    })),
  };
}

export function presentRecord(row: RecordRow, names: RecordNames): z.infer<typeof RecordOut> {
  const data = row.data as RecordData;
  const ids = (value: unknown) => (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  const values = Object.values(data).flatMap(ids);
  return {
    id: row.id,
    pairId: row.pairId,
    type: row.type,
    title: row.title,
    unitId: row.unitId,
    unitName: names.units.get(row.unitId) ?? '',
    cityId: row.cityId,
    occurredOn: row.occurredOn,
    locationCode: row.locationCode,
    locationName: row.locationCode ? (names.places.get(row.locationCode) ?? null) : null,
    stage: row.stage,
    data,
    articleNos: row.articleNos,
    references: {
      units: [...new Set(values.filter((v) => names.units.has(v)))].map((id) => ({ id, name: names.units.get(id)! })),
      records: [...new Set(values.filter((v) => names.records.has(v)))].map((id) => names.records.get(id)!),
    },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
