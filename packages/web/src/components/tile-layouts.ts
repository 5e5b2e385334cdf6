/**
 * Where each district or county sits on the tile maps (dashboard, registries): a grid that keeps the rough
 * geography (north up), so an office finds its counties where it expects them. Keyed by the GB/T
 * 2260 code, or by name for the functional areas that have none. Units of other city pairs, or
 * units not listed here, are laid out in rows after the known ones.
 */
export interface TilePlace {
  col: number;
  row: number;
}

const BY_CODE: Readonly<Record<string, TilePlace>> = {
  // 赣州市 (3607): 18 county-level divisions.
  '360732': { col: 2, row: 0 }, // 兴国县
  '360730': { col: 3, row: 0 }, // 宁都县
  '360735': { col: 4, row: 0 }, // 石城县
  '360724': { col: 0, row: 1 }, // 上犹县
  '360703': { col: 1, row: 1 }, // 南康区
  '360702': { col: 2, row: 1 }, // 章贡区
  '360704': { col: 3, row: 1 }, // 赣县区
  '360731': { col: 4, row: 1 }, // 于都县
  '360781': { col: 5, row: 1 }, // 瑞金市
  '360725': { col: 0, row: 2 }, // 崇义县
  '360723': { col: 1, row: 2 }, // 大余县
  '360722': { col: 2, row: 2 }, // 信丰县
  '360726': { col: 3, row: 2 }, // 安远县
  '360733': { col: 4, row: 2 }, // 会昌县
  '360729': { col: 1, row: 3 }, // 全南县
  '360783': { col: 2, row: 3 }, // 龙南市
  '360728': { col: 3, row: 3 }, // 定南县
  '360734': { col: 4, row: 3 }, // 寻乌县
  // 深圳市 (4403): 9 districts.
  '440311': { col: 1, row: 0 }, // 光明区
  '440309': { col: 2, row: 0 }, // 龙华区
  '440307': { col: 3, row: 0 }, // 龙岗区
  '440310': { col: 4, row: 0 }, // 坪山区
  '440306': { col: 0, row: 1 }, // 宝安区
  '440305': { col: 1, row: 1 }, // 南山区
  '440304': { col: 2, row: 1 }, // 福田区
  '440303': { col: 3, row: 1 }, // 罗湖区
  '440308': { col: 4, row: 1 }, // 盐田区
};

const BY_NAME: Readonly<Record<string, TilePlace>> = {
  大鹏新区: { col: 5, row: 1 },
  深汕特别合作区: { col: 6, row: 1 },
};

/** Places for a city's units: known places first, the rest in rows below them, in the given order. */
export function placeTiles<T extends { adminCode: string | null; name: string }>(units: readonly T[]): { unit: T; place: TilePlace }[] {
  const known = units.map((unit) => ({ unit, place: (unit.adminCode ? BY_CODE[unit.adminCode] : undefined) ?? BY_NAME[unit.name] }));
  const rowsUsed = Math.max(-1, ...known.flatMap((k) => (k.place ? [k.place.row] : []))) + 1;
  const columns = Math.max(5, ...known.flatMap((k) => (k.place ? [k.place.col + 1] : [])));
  let next = 0;
  return known.map(({ unit, place }) => {
    if (place) return { unit, place };
    const spot = { col: next % columns, row: rowsUsed + Math.floor(next / columns) };
    next++;
    return { unit, place: spot };
  });
}
