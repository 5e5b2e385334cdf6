import { formatScaled, parseDecimal } from './decimal.js';
import {
  DO_CLASS_I_NOTE,
  GB3838_2002_TABLE1,
  RIVER_TN_NOTE,
  WATER_CLASS_LABELS,
  WATER_ITEM_INFO,
  WATER_ITEMS,
  type WaterBodyType,
  type WaterClass,
  type WaterItem,
  type WaterItemStandard,
  type WaterQualityStandard,
  WORSE_THAN_CLASS_V,
} from './standard.js';
import type { WaterClassifyOptions, WaterItemClassification, WaterSample, WaterSampleClassification } from './types.js';

const DATE_PREFIX = /^(\d{4})-(\d{2})-(\d{2})(?:$|[ T])/;

/** The 'YYYY-MM-DD' date part of a sample's `sampledAt`, or null when it does not start with one. */
export function waterSampleDate(sampledAt: string): string | null {
  const match = DATE_PREFIX.exec(sampledAt.trim());
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

/**
 * The standard an item is judged on for a water body. TN has no river limit in GB 3838-2002;
 * when the caller assesses it for a river anyway, the lake limits are used (and `borrowed` says so).
 */
export function itemStandardFor(
  item: WaterItem,
  waterBody: WaterBodyType,
  standard: WaterQualityStandard = GB3838_2002_TABLE1,
): { standard: WaterItemStandard; borrowed: boolean } | null {
  const own = standard.items[waterBody][item];
  if (own) return { standard: own, borrowed: false };
  const lake = standard.items.lake[item];
  return waterBody === 'river' && item === 'tn' && lake ? { standard: lake, borrowed: true } : null;
}

/** The limit text of a class for an item ('0.5'; '6–9' for pH); null for 劣V, which has no limit. */
export function limitText(itemStandard: WaterItemStandard, waterClass: WaterClass): string | null {
  if (waterClass === WORSE_THAN_CLASS_V) return null;
  if (itemStandard.direction === 'range') return `${itemStandard.min}–${itemStandard.max}`;
  return itemStandard.limits[waterClass - 1] ?? null;
}

function scaledLimit(text: string): number {
  const parsed = parseDecimal(text);
  if (!parsed) throw new RangeError(`标准限值“${text}”不是数值`);
  return parsed.scaled;
}

/**
 * The class of one value (in units of 10^-4): the best class whose limit it meets. A value exactly
 * at a limit meets it (GB 3838-2002 limits are "≤" / "≥"), so NH3-N 0.5 is class II. Beyond
 * class V it is 劣V; pH outside 6–9 is 劣V.
 */
export function classOfScaledValue(itemStandard: WaterItemStandard, scaled: number): WaterClass {
  if (itemStandard.direction === 'range') {
    return scaled >= scaledLimit(itemStandard.min) && scaled <= scaledLimit(itemStandard.max) ? 1 : WORSE_THAN_CLASS_V;
  }
  for (let index = 0; index < itemStandard.limits.length; index++) {
    const limit = scaledLimit(itemStandard.limits[index] as string);
    const meets = itemStandard.direction === 'atMost' ? scaled <= limit : scaled >= limit;
    if (meets) return (index + 1) as WaterClass;
  }
  return WORSE_THAN_CLASS_V;
}

/** Throws a RangeError unless the target class is I–V (劣V is no target). */
export function assertTargetClass(targetClass: number): asserts targetClass is WaterClass {
  if (!Number.isInteger(targetClass) || targetClass < 1 || targetClass > 5) {
    throw new RangeError(`目标水质类别应为 1–5（I–V类），收到 ${targetClass}`);
  }
}

/** Builds the classification of an item whose value (units of 10^-4) is already read. */
export function classifyScaledItem(
  item: WaterItem,
  scaled: number,
  itemStandard: WaterItemStandard,
  targetClass: WaterClass | undefined,
): WaterItemClassification {
  const waterClass = classOfScaledValue(itemStandard, scaled);
  return {
    item,
    name: WATER_ITEM_INFO[item].name,
    unit: WATER_ITEM_INFO[item].unit,
    value: formatScaled(scaled),
    class: waterClass,
    classLabel: WATER_CLASS_LABELS[waterClass],
    direction: itemStandard.direction,
    limit: limitText(itemStandard, waterClass),
    targetLimit: targetClass === undefined ? null : limitText(itemStandard, targetClass),
    exceedsTarget: targetClass === undefined ? null : waterClass > targetClass,
  };
}

/**
 * The items that decide classes under the options, in table order, with the notes the choice
 * calls for (TN on a river). Items the standard has no limit for are dropped with a note.
 */
export function resolveAssessedItems(options: WaterClassifyOptions): { items: WaterItem[]; notes: string[] } {
  const standard = options.standard ?? GB3838_2002_TABLE1;
  const requested = options.items ?? WATER_ITEMS.filter((item) => standard.items[options.waterBody][item]);
  const notes: string[] = [];
  const items: WaterItem[] = [];
  for (const item of WATER_ITEMS) {
    if (!requested.includes(item)) continue;
    const found = itemStandardFor(item, options.waterBody, standard);
    if (!found) {
      notes.push(`${WATER_ITEM_INFO[item].name}在所用标准中没有该水体类型的限值，未参与定类`);
      continue;
    }
    if (found.borrowed) notes.push(RIVER_TN_NOTE);
    items.push(item);
  }
  return { items, notes };
}

/** The worst class over classified items and the item(s) that have it. */
export function worstClassOf(classified: readonly { item: WaterItem; class: WaterClass }[]): { class: WaterClass | null; decidingItems: WaterItem[] } {
  if (classified.length === 0) return { class: null, decidingItems: [] };
  const worst = Math.max(...classified.map((entry) => entry.class)) as WaterClass;
  return { class: worst, decidingItems: classified.filter((entry) => entry.class === worst).map((entry) => entry.item) };
}

/** Chinese names of items for messages: '氨氮、总磷'. */
export function itemNames(items: readonly WaterItem[]): string {
  return items.map((item) => WATER_ITEM_INFO[item].name).join('、');
}

/**
 * Classifies one sample under GB 3838-2002 table 1: each assessed item gets its class and the
 * limit it met; the sample's class is the worst of them (劣V beyond V), and `decidingItems` says
 * which item(s) set it. Assessed items absent from the sample, unreadable or negative values and
 * measured items that are not assessed are skipped, each with a note.
 */
export function classifySample(sample: WaterSample, options: WaterClassifyOptions): WaterSampleClassification {
  const standard = options.standard ?? GB3838_2002_TABLE1;
  if (options.targetClass !== undefined) assertTargetClass(options.targetClass);
  const { items: assessed, notes } = resolveAssessedItems(options);
  const classified: WaterItemClassification[] = [];
  const missing: WaterItem[] = [];

  for (const item of assessed) {
    const raw = sample.values[item];
    if (raw === undefined || raw === null || raw === '') {
      missing.push(item);
      continue;
    }
    const parsed = parseDecimal(raw);
    const name = WATER_ITEM_INFO[item].name;
    if (!parsed || parsed.scaled < 0) {
      notes.push(`${name}数值“${String(raw)}”无效，未参与定类`);
      continue;
    }
    if (!parsed.exact) notes.push(`${name}数值 ${String(raw)} 超过4位小数，按四舍五入取 ${formatScaled(parsed.scaled)} 参与评价`);
    const itemStandard = itemStandardFor(item, options.waterBody, standard)?.standard as WaterItemStandard;
    const entry = classifyScaledItem(item, parsed.scaled, itemStandard, options.targetClass);
    // Only between 6 and 7.5 mg/L could the 90 % saturation alternative have changed the class.
    if (item === 'do' && entry.class === 2) notes.push(DO_CLASS_I_NOTE);
    classified.push(entry);
  }
  if (missing.length > 0) notes.push(`样品缺少评价项目：${itemNames(missing)}，已跳过`);
  const unassessed = WATER_ITEMS.filter((item) => !assessed.includes(item) && sample.values[item] !== undefined && sample.values[item] !== '');
  if (unassessed.length > 0) notes.push(`未列入评价项目，未参与定类：${itemNames(unassessed)}`);

  const worst = worstClassOf(classified);
  return {
    sectionId: sample.sectionId,
    sampledAt: sample.sampledAt,
    date: waterSampleDate(sample.sampledAt) ?? '',
    items: classified,
    class: worst.class,
    classLabel: worst.class === null ? null : WATER_CLASS_LABELS[worst.class],
    decidingItems: worst.decidingItems,
    meetsTarget: options.targetClass === undefined || worst.class === null ? null : worst.class <= options.targetClass,
    notes,
  };
}
