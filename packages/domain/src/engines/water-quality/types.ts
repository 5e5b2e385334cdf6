import type { WaterBodyType, WaterClass, WaterItem, WaterQualityStandard } from './standard.js';

/** One monitoring sample of a section. */
export interface WaterSample {
  sectionId: string;
  /**
   * When the sample was taken: a China date 'YYYY-MM-DD', optionally followed by a time
   * ('YYYY-MM-DD HH:mm' or 'YYYY-MM-DDTHH:mm'). Months and years are read from the date part;
   * no time zone conversion is done, the caller passes China dates.
   */
  sampledAt: string;
  /** Measured values (mg/L, pH unitless), as numbers or decimal text; absent items were not measured. */
  values: Readonly<Partial<Record<WaterItem, number | string>>>;
}

export interface WaterClassifyOptions {
  waterBody: WaterBodyType;
  /**
   * Items that decide the class. Default: every item the standard defines for the water body
   * (rivers: all but TN). Listing 'tn' for a river assesses it on the lake limits, with a note.
   */
  items?: readonly WaterItem[];
  /** When given, each item and the sample say whether they are worse than this class (1–5). */
  targetClass?: WaterClass;
  /** Default GB3838_2002_TABLE1. */
  standard?: WaterQualityStandard;
}

export interface WaterItemClassification {
  item: WaterItem;
  name: string;
  unit: string;
  /** The value as used for the class, as decimal text ('0.45'). */
  value: string;
  class: WaterClass;
  classLabel: string;
  direction: 'atMost' | 'atLeast' | 'range';
  /** The limit of the class the value met ('0.5'; '6–9' for pH); null for 劣V, which meets none. */
  limit: string | null;
  /** The limit of the target class; null without a target. */
  targetLimit: string | null;
  /** Whether the value is worse than the target class; null without a target. */
  exceedsTarget: boolean | null;
}

export interface WaterSampleClassification {
  sectionId: string;
  sampledAt: string;
  /** 'YYYY-MM-DD'. */
  date: string;
  items: WaterItemClassification[];
  /** Worst class over the assessed items present; null when none of them was measured. */
  class: WaterClass | null;
  classLabel: string | null;
  /** The item(s) whose class is the sample's class. */
  decidingItems: WaterItem[];
  /** class ≤ target; null without a target or without a class. */
  meetsTarget: boolean | null;
  /** Skipped items, rounding and standard notes, in Chinese. */
  notes: string[];
}

export interface WaterItemMean {
  item: WaterItem;
  name: string;
  unit: string;
  /** Number of samples with a value for the item. */
  count: number;
  /** Exact sum of those values, four decimals. */
  sum: string;
  /** sum / count rounded half-up to four decimals; the class is read from this reported figure. */
  mean: string;
  /** Whether the item is assessed; the class is null for items that are not. */
  assessed: boolean;
  class: WaterClass | null;
  classLabel: string | null;
  limit: string | null;
}

export interface WaterPeriodMeans {
  /** 'YYYY-MM' for a month, 'YYYY' for a year. */
  period: string;
  sampleCount: number;
  items: WaterItemMean[];
  /** Worst class over the assessed items' means; null when no assessed item was measured. */
  class: WaterClass | null;
  classLabel: string | null;
  decidingItems: WaterItem[];
  meetsTarget: boolean | null;
}
