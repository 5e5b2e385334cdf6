import { type CSSProperties, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { call, client, type Schemas, type Session } from '../../api/client.js';
import type { paths } from '../../api/schema.js';
import { NameWithCode } from '../../components/NameWithCode.js';
import { Select } from '../../components/Select.js';
import type { Unit } from '../../components/UnitPicker.js';
import { useApi } from '../../components/useApi.js';
import { formatDate, formatDecimal, formatNumber } from '../../i18n/format.js';
import type { Lang } from '../../i18n/i18n.js';
import type { Pair } from '../../shell/pair.js';
import { labelOf, listSeparator, type RegistryKind, useRegistryKinds as useKinds } from './kinds.js';

export { labelOf, listSeparator, type RegistryKind, useRegistryKinds } from './kinds.js';

// What every registry screen shares: the kinds (from GET /api/v1/registry-types, so a new kind
// declared in @duikou/domain needs no new screen), how a field's value is shown, and the pickers
// of places and records.

export type RegistryField = RegistryKind['fields'][number];
export type RegistryRecord = Schemas['RegistryRecord'];
export type RegistryRecordDetail = Schemas['RegistryRecordDetail'];
export type RegistryTypeName = paths['/api/v1/registries/{type}/records']['get']['parameters']['path']['type'];

/** The label of an option value in the UI language (the value itself when the list no longer has it). */
export function optionLabel(field: RegistryField, value: unknown, lang: Lang): string {
  const item = field.options?.find((o) => o.value === value);
  return item ? labelOf(item, lang) : String(value);
}

/** The session may move stages back: the office (or the system administrator) of the pair, as the server decides. */
export function mayReverse(session: Session, pairId: string): boolean {
  return session.grants.some((g) => (g.pairId === null || g.pairId === pairId) && (g.role === 'office_admin' || g.role === 'system_admin'));
}

const isEmpty = (value: unknown) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

/** A field's value as the lists and the detail show it: option labels, unit and record names, dates and numbers in the UI's formats. */
export function FieldValue({ field, record, pair, lang }: { field: RegistryField; record: RegistryRecord; pair: Pair | null; lang: Lang }) {
  const value = record.data[field.key];
  if (isEmpty(value)) return <>—</>;
  const unitName = (id: unknown) => record.references.units.find((u) => u.id === id)?.name ?? String(id);
  switch (field.type.kind) {
    case 'option':
      return <>{optionLabel(field, value, lang)}</>;
    case 'options':
      return <>{(value as unknown[]).map((v) => optionLabel(field, v, lang)).join(listSeparator(lang))}</>;
    case 'unit':
      return <>{unitName(value)}</>;
    case 'units':
      return <>{(value as unknown[]).map(unitName).join(listSeparator(lang))}</>;
    case 'city':
      return <>{pair?.cities.find((c) => c.id === value)?.name ?? String(value)}</>;
    case 'record': {
      const ref = record.references.records.find((r) => r.id === value);
      return ref ? <Link to={`/registries/${ref.type}/${ref.id}`}>{ref.title}</Link> : String(value);
    }
    case 'adminCode':
      return value === record.locationCode && record.locationName ? <NameWithCode name={record.locationName} code={String(value)} /> : String(value);
    case 'date':
      return <>{formatDate(String(value), lang)}</>;
    case 'integer':
      return <>{formatNumber(Number(value))}</>;
    case 'decimal':
      return <>{formatDecimal(String(value), field.type.scale ?? 4)}</>;
    default:
      return <span style={{ whiteSpace: field.type.multiline ? 'pre-wrap' : undefined }}>{String(value)}</span>;
  }
}

/** The districts and counties of the pair that have a GB/T 2260 code, as choices of a place. */
export function locationOptions(units: readonly Unit[], pair: Pair | null) {
  const cities = [...(pair?.cities ?? [])].sort((a, b) => a.position - b.position);
  return cities
    .map((city) => ({
      label: city.name,
      title: city.name,
      options: units
        .filter((u) => u.cityId === city.id && u.adminCode && (u.type === 'county' || u.type === 'district'))
        // The name is what people pick by; the code stays searchable.
        .map((u) => ({ value: u.adminCode as string, label: u.name, search: `${u.name} ${u.adminCode}` })),
    }))
    .filter((group) => group.options.length > 0);
}

/** A searchable choice of a place (GB/T 2260 county-level code) among the pair's districts and counties. */
export function LocationSelect({
  units,
  pair,
  value,
  onChange,
  ...rest
}: {
  units: readonly Unit[];
  pair: Pair | null;
  value?: string;
  onChange?: (value: string | undefined) => void;
  id?: string;
  placeholder?: string;
  style?: CSSProperties;
  'aria-label'?: string;
}) {
  const options = useMemo(() => locationOptions(units, pair), [units, pair]);
  return (
    <Select<string>
      {...rest}
      showSearch
      allowClear
      optionFilterProp="search"
      value={value}
      onChange={(next) => onChange?.(next)}
      options={options}
      popupMatchSelectWidth={false}
    />
  );
}

/** A searchable choice of another record of the registries (a project's park, an activity's pairing), looked up by name. */
export function RecordSelect({
  type,
  pairId,
  value,
  onChange,
  initialLabel,
  ...rest
}: {
  type: string;
  pairId: string;
  value?: string | null;
  onChange?: (value: string | null) => void;
  initialLabel?: string;
  id?: string;
  placeholder?: string;
  style?: CSSProperties;
  'aria-label'?: string;
}) {
  const [q, setQ] = useState('');
  const found = useApi(
    () =>
      call(
        client.GET('/api/v1/registries/{type}/records', {
          params: { path: { type: type as RegistryTypeName }, query: { pairId, q: q || undefined, pageSize: 20 } },
        }),
      ),
    [type, pairId, q],
  );
  const options = (found.data?.items ?? []).map((r) => ({ value: r.id, label: r.title }));
  if (value && initialLabel && !options.some((o) => o.value === value)) options.unshift({ value, label: initialLabel });
  return (
    <Select<string>
      {...rest}
      showSearch
      allowClear
      filterOption={false}
      onSearch={(text) => setQ(text.trim())}
      loading={found.loading}
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? null)}
      options={options}
      popupMatchSelectWidth={false}
    />
  );
}

/** The kind named in the address (`/registries/:type`), once the pair's kinds are loaded; `undefined` for an unknown kind. */
export function useKindOf(type: string | undefined, pairId: string | undefined) {
  const kinds = useKinds(pairId);
  const kind = kinds.data?.find((k) => k.type === type);
  return { kinds, kind };
}

/** The field that names a record (its title), then the other fields, in their declared order. */
export function fieldsOf(kind: RegistryKind): RegistryField[] {
  const title = kind.fields.find((f) => f.key === kind.titleField);
  return title ? [title, ...kind.fields.filter((f) => f !== title)] : [...kind.fields];
}
