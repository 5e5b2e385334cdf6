import type { SelectProps } from 'antd';
import { useMemo } from 'react';
import { call, client, type Schemas } from '../api/client.js';
import type { Pair } from '../shell/pair.js';
import { Select } from './Select.js';
import { type ApiState, useApi } from './useApi.js';

export type Unit = Schemas['Unit'];

// The list route pages at 200; a pair has a few hundred units at most, so the pickers read them all.
const UNIT_PAGE = 200;

/** Every active unit of the pair that the session may read, in the server's order. */
export function usePairUnits(pairId: string | undefined): ApiState<Unit[]> {
  return useApi(async () => {
    if (!pairId) return [];
    const all: Unit[] = [];
    for (let page = 1; ; page += 1) {
      const batch = await call(client.GET('/api/v1/units', { params: { query: { pairId, page, pageSize: UNIT_PAGE } } }));
      all.push(...batch.items);
      if (batch.items.length < UNIT_PAGE || all.length >= batch.total) return all;
    }
  }, [pairId]);
}

/** The city of each unit by id, for showing "unit (city)". */
export function cityNames(pair: Pair | null): Map<string, string> {
  return new Map((pair?.cities ?? []).map((city) => [city.id, city.name]));
}

/** A unit, or a city grouping its units (`options`). */
interface UnitOption {
  value?: string;
  label: string;
  title?: string;
  search?: string;
  options?: UnitOption[];
}

type UnitPickerProps = Omit<SelectProps<string | string[], UnitOption>, 'options' | 'mode' | 'value' | 'onChange'> & {
  units: readonly Unit[];
  pair: Pair | null;
};

function useGroupedOptions(units: readonly Unit[], pair: Pair | null) {
  return useMemo(() => {
    const cities = [...(pair?.cities ?? [])].sort((a, b) => a.position - b.position);
    return cities
      .map((city): UnitOption & { options: UnitOption[] } => ({
        label: city.name,
        title: city.name,
        options: units
          .filter((unit) => unit.cityId === city.id)
          .map((unit): UnitOption => ({ value: unit.id, label: unit.name, search: `${unit.name} ${unit.shortName ?? ''}`.toLowerCase() })),
      }))
      .filter((group) => group.options.length > 0);
  }, [units, pair]);
}

const filterOption = (input: string, option?: UnitOption) => (option?.search ?? '').includes(input.trim().toLowerCase());

/** A searchable choice of one unit, grouped by city (by name or short name). Other props go to the Select, so Form.Item can label it. */
export function UnitSelect({ units, pair, value, onChange, ...rest }: UnitPickerProps & { value?: string; onChange?: (value: string | undefined) => void }) {
  const options = useGroupedOptions(units, pair);
  return (
    <Select<string, UnitOption>
      {...(rest as SelectProps<string, UnitOption>)}
      showSearch
      allowClear
      value={value}
      onChange={(next) => onChange?.(next)}
      filterOption={filterOption}
      options={options}
      popupMatchSelectWidth={false}
    />
  );
}

/** A searchable choice of several units, grouped by city. */
export function UnitMultiSelect({ units, pair, value, onChange, ...rest }: UnitPickerProps & { value?: string[]; onChange?: (value: string[]) => void }) {
  const options = useGroupedOptions(units, pair);
  return (
    <Select<string[], UnitOption>
      {...(rest as SelectProps<string[], UnitOption>)}
      mode="multiple"
      showSearch
      allowClear
      value={value}
      onChange={(next) => onChange?.(next)}
      filterOption={filterOption}
      options={options}
    />
  );
}
