/**
 * Surface water quality items and the class limits of GB 3838-2002 (地表水环境质量标准), table 1
 * (地表水环境质量标准基本项目标准限值), kept as data with their source (docs/domain.md,
 * "Surface water quality: GB 3838-2002").
 */

/** Stable item codes, in the order of GB 3838-2002 table 1. */
export const WATER_ITEMS = ['ph', 'do', 'codmn', 'cod', 'bod5', 'nh3n', 'tp', 'tn'] as const;
export type WaterItem = (typeof WATER_ITEMS)[number];

/** 'lake' covers lakes and reservoirs (湖、库), which have their own TP and TN limits. */
export type WaterBodyType = 'river' | 'lake';

/** Classes I–V are 1–5; 6 is 劣V (worse than class V). */
export type WaterClass = 1 | 2 | 3 | 4 | 5 | 6;
export const WORSE_THAN_CLASS_V: WaterClass = 6;

export const WATER_CLASS_LABELS: Readonly<Record<WaterClass, string>> = {
  1: 'I类',
  2: 'II类',
  3: 'III类',
  4: 'IV类',
  5: 'V类',
  6: '劣V类',
};

export const WATER_ITEM_INFO: Readonly<Record<WaterItem, { name: string; unit: string }>> = {
  ph: { name: 'pH', unit: '无量纲' },
  do: { name: '溶解氧', unit: 'mg/L' },
  codmn: { name: '高锰酸盐指数', unit: 'mg/L' },
  cod: { name: '化学需氧量', unit: 'mg/L' },
  bod5: { name: '五日生化需氧量', unit: 'mg/L' },
  nh3n: { name: '氨氮', unit: 'mg/L' },
  tp: { name: '总磷', unit: 'mg/L' },
  tn: { name: '总氮', unit: 'mg/L' },
};

/** Limits for classes I, II, III, IV, V, as written in the standard (decimal text, never floats). */
export type WaterClassLimits = readonly [string, string, string, string, string];

/**
 * How an item meets a class: 'atMost' — the value must not exceed the limit (most items);
 * 'atLeast' — the value must reach the limit (DO: more oxygen is better); 'range' — the value
 * must lie within [min, max], the same for every class (pH).
 */
export type WaterItemStandard = { direction: 'atMost' | 'atLeast'; limits: WaterClassLimits } | { direction: 'range'; min: string; max: string };

export interface WaterQualityStandard {
  source: string;
  /** Per water body type; an item missing for a type is not assessed for it by the standard. */
  items: Readonly<Record<WaterBodyType, Readonly<Partial<Record<WaterItem, WaterItemStandard>>>>>;
}

// GB 3838-2002 表1 (docs/domain.md "Surface water quality"); mg/L except pH.
const PH: WaterItemStandard = { direction: 'range', min: '6', max: '9' };
// Class I DO is 7.5 mg/L "or 90 % saturation": the saturation alternative is not evaluated
// (it needs water temperature and pressure we do not receive); see DO_CLASS_I_NOTE.
const DO: WaterItemStandard = { direction: 'atLeast', limits: ['7.5', '6', '5', '3', '2'] };
const CODMN: WaterItemStandard = { direction: 'atMost', limits: ['2', '4', '6', '10', '15'] };
const COD: WaterItemStandard = { direction: 'atMost', limits: ['15', '15', '20', '30', '40'] };
const BOD5: WaterItemStandard = { direction: 'atMost', limits: ['3', '3', '4', '6', '10'] };
const NH3N: WaterItemStandard = { direction: 'atMost', limits: ['0.15', '0.5', '1.0', '1.5', '2.0'] };
const TP_RIVER: WaterItemStandard = { direction: 'atMost', limits: ['0.02', '0.1', '0.2', '0.3', '0.4'] };
const TP_LAKE: WaterItemStandard = { direction: 'atMost', limits: ['0.01', '0.025', '0.05', '0.1', '0.2'] };
const TN_LAKE: WaterItemStandard = { direction: 'atMost', limits: ['0.2', '0.5', '1.0', '1.5', '2.0'] };

/** GB 3838-2002 table 1, classes I–V (docs/domain.md, "Surface water quality: GB 3838-2002"). */
export const GB3838_2002_TABLE1: WaterQualityStandard = {
  source: 'GB 3838-2002《地表水环境质量标准》表1 地表水环境质量标准基本项目标准限值',
  items: {
    // TN has a limit for lakes and reservoirs only; rivers are not assessed on it unless the
    // agreement says so (docs/domain.md, note under the table).
    river: { ph: PH, do: DO, codmn: CODMN, cod: COD, bod5: BOD5, nh3n: NH3N, tp: TP_RIVER },
    lake: { ph: PH, do: DO, codmn: CODMN, cod: COD, bod5: BOD5, nh3n: NH3N, tp: TP_LAKE, tn: TN_LAKE },
  },
};

export const DO_CLASS_I_NOTE = '溶解氧I类限值按 7.5 mg/L 评价，未采用 GB 3838-2002 允许的“饱和率90%”替代条件';
export const RIVER_TN_NOTE = '河流断面总氮按 GB 3838-2002 表1 湖、库总氮限值评价（标准对河流不评价总氮，协议另有约定时采用）';

/**
 * Items a section is assessed on when the agreement does not list its own. For rivers: pH, DO,
 * CODMn, NH3-N, TP, BOD5 — the items of the 九洲江 analogue (pH, CODMn, NH3-N, TP, BOD5) plus DO,
 * which GB 3838-2002 table 1 assesses for every section (docs/domain.md, "Cross-provincial
 * eco-compensation"). For lakes and reservoirs, the same plus TN, which the standard assesses there.
 */
export const DEFAULT_ASSESSED_ITEMS: Readonly<Record<WaterBodyType, readonly WaterItem[]>> = {
  river: ['ph', 'do', 'codmn', 'nh3n', 'tp', 'bod5'],
  lake: ['ph', 'do', 'codmn', 'nh3n', 'tp', 'bod5', 'tn'],
};

/**
 * Plausibility ceilings for imported values (mg/L; pH unitless). pH 0–14 and DO 20 mg/L are
 * physical bounds (DO supersaturation in surface water stays well below 20 mg/L). The others sit
 * at or above raw municipal sewage (COD 250–1000, BOD5 100–400, NH3-N 20–80, TP 4–10, TN 20–100
 * mg/L): a surface water value above them is almost surely a typing or unit (µg/L) error.
 */
export const SAMPLE_VALUE_CEILINGS: Readonly<Record<WaterItem, string>> = {
  ph: '14',
  do: '20',
  codmn: '500',
  cod: '2000',
  bod5: '1000',
  nh3n: '200',
  tp: '50',
  tn: '300',
};

/** Whether a string is one of the item codes ('nh3n'). */
export function isWaterItem(value: string): value is WaterItem {
  return (WATER_ITEMS as readonly string[]).includes(value);
}

/** Whether a value is a class 1–6 (6 = 劣V). */
export function isWaterClass(value: unknown): value is WaterClass {
  return value === 1 || value === 2 || value === 3 || value === 4 || value === 5 || value === 6;
}
