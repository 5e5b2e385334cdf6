import type { UnitType } from './units.js';

/*
 * Unit names as plans write them, resolved against the units of a pair:
 * 1. a mapping the office made before (an alias, kept per pair), else the unit's full or short name;
 * 2. the same name once the city and the usual short forms are set aside: 市发展改革委, 深圳市发改委
 *    and 深圳市发展和改革委员会 are one name (发展改革委 = 发展和改革委员会, 工信局 = 工业和信息化局 …,
 *    the abbreviations of the State Council's own lists); a name without its city (市发展改革委)
 *    fits that department in each city of the pair and is ambiguous until the office says which
 *    (or both);
 * 3. collective names: 各区 are the districts, 各县（市、区） and 各县市区 the counties (type
 *    'county': county-level divisions, county-level cities and 市辖区 alike, see units.ts);
 * 4. anything else, and generic names (有关部门, 市直各有关单位), is unresolved: listed for the office
 *    to map once; the mapping becomes an alias for the next import.
 */

export interface NamedUnit {
  id: string;
  name: string;
  shortName: string | null;
  type: UnitType;
  /** The city the unit belongs to: 深圳市. */
  cityName: string;
}

export type UnitNameResolution =
  | { name: string; status: 'resolved'; unitIds: string[]; reason: string }
  | { name: string; status: 'ambiguous'; unitIds: string[]; reason: string }
  | { name: string; status: 'unresolved'; unitIds: []; reason: string };

// Full form → the short form plans use; both sides are reduced to the short one.
const SHORT_FORMS: readonly [RegExp, string][] = [
  [/发展和改革委员会|发展改革委员会|发展改革委|发改委/g, '发改委'],
  [/发展和改革局|发展改革局/g, '发改局'],
  [/工业和信息化局|工业信息化局|工信局/g, '工信局'],
  [/人力资源和社会保障局|人力资源社会保障局|人社局/g, '人社局'],
  [/卫生健康委员会|卫生健康委|卫健委/g, '卫健委'],
  [/市场监督管理局|市场监管局/g, '市场监管局'],
  [/(?:人民政府)?国有资产监督管理委员会|国资委/g, '国资委'],
  [/住房和城乡建设局|住房城乡建设局|住建局/g, '住建局'],
  [/文化广电旅游体育局|文广旅体局/g, '文广旅体局'],
  [/文化广电新闻出版旅游局|文广新旅局/g, '文广新旅局'],
  [/科学技术局|科技局/g, '科技局'],
  [/农业农村局|农业局/g, '农业农村局'],
  [/交通运输局|交通局/g, '交通运输局'],
  [/委员会$/g, '委'],
];
const COLLECTIVES: readonly { pattern: RegExp; type: UnitType; label: string }[] = [
  { pattern: /^各(?:区|辖区)(?:人民政府|政府)?$/, type: 'district', label: '各区' },
  { pattern: /^各(?:县[（(]市、?区[)）]|县市区|县[（(]区、?市[)）]|县区|县级市|区县)(?:人民政府|政府)?$/, type: 'county', label: '各县（市、区）' },
];
const GENERIC = /^(?:各|有关|相关|其他|市直|区直|县直|两市|两地)|有关(?:部门|单位)$|相关(?:部门|单位)$/;

export function resolveUnitName(name: string, units: readonly NamedUnit[], aliases: ReadonlyMap<string, readonly string[]>): UnitNameResolution {
  const alias = aliases.get(name);
  if (alias !== undefined && alias.length > 0) return { name, status: 'resolved', unitIds: [...alias], reason: '按办公室此前的对应关系' };
  const exact = units.filter((unit) => unit.name === name || unit.shortName === name);
  if (exact.length === 1) return { name, status: 'resolved', unitIds: [(exact[0] as NamedUnit).id], reason: '名称一致' };

  for (const collective of COLLECTIVES) {
    if (!collective.pattern.test(name)) continue;
    const members = units.filter((unit) => unit.type === collective.type);
    if (members.length > 0)
      return { name, status: 'resolved', unitIds: members.map((unit) => unit.id), reason: `${collective.label}：共${members.length}个单位` };
  }

  const cities = [...new Set(units.map((unit) => unit.cityName))];
  const { city, key } = nameKey(name, cities);
  if (key.length >= 2) {
    const matches = units.filter((unit) => {
      const own = nameKey(unit.name, cities);
      return own.key === key && (city === null || own.city === city);
    });
    if (matches.length === 1) return { name, status: 'resolved', unitIds: [(matches[0] as NamedUnit).id], reason: `即“${(matches[0] as NamedUnit).name}”` };
    if (matches.length > 1) {
      return {
        name,
        status: 'ambiguous',
        unitIds: matches.map((unit) => unit.id),
        reason: `未写明城市，可能是${matches.map((unit) => `“${unit.name}”`).join('或')}`,
      };
    }
  }
  if (exact.length > 1) return { name, status: 'ambiguous', unitIds: exact.map((unit) => unit.id), reason: `有${exact.length}个同名单位` };
  if (GENERIC.test(name)) return { name, status: 'unresolved', unitIds: [], reason: '泛指，请指定对应单位' };
  return { name, status: 'unresolved', unitIds: [], reason: '本结对城市没有对应单位，请指定' };
}

/** The name without 中共 and its city (深圳市, 深圳, or a bare 市), in short forms. */
function nameKey(name: string, cities: readonly string[]): { city: string | null; key: string } {
  let rest = name.replace(/^中共|^中国共产党/, '');
  let city: string | null = null;
  for (const candidate of cities) {
    const bare = candidate.replace(/市$/, '');
    if (rest.startsWith(candidate)) {
      city = candidate;
      rest = rest.slice(candidate.length);
      break;
    }
    if (bare.length >= 2 && rest.startsWith(bare)) {
      city = candidate;
      rest = rest.slice(bare.length);
      break;
    }
  }
  if (city === null) rest = rest.replace(/^市/, '');
  let key = rest.replace(/^委(?=组织部|宣传部|统战部|政法委|党校)/, '市委');
  for (const [pattern, short] of SHORT_FORMS) key = key.replace(pattern, short);
  return { city, key };
}
