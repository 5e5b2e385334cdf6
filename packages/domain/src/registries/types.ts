/** A label in both languages of the UI, Chinese first. */
export interface Label {
  zh: string;
  en: string;
}

/**
 * What a field holds. Values travel as JSON: text, integers, exact decimals as strings (money in
 * 万元 never passes through a float), dates as `YYYY-MM-DD`, ids as uuid strings.
 */
export type FieldType =
  | { kind: 'text'; max: number; multiline?: boolean }
  | { kind: 'integer'; min?: number; max?: number }
  /** Exact decimal text with at most `scale` decimals (e.g. 万元 with 4). */
  | { kind: 'decimal'; scale: number; min?: number }
  | { kind: 'date' }
  /** One value of a named option list (a pair may change the list: see OPTION_LISTS). */
  | { kind: 'option'; list: string }
  | { kind: 'options'; list: string }
  /** A unit of the pair (either city). */
  | { kind: 'unit' }
  | { kind: 'units' }
  /** One of the pair's two cities, by id. */
  | { kind: 'city' }
  /** 统一社会信用代码, checked by GB 32100-2015. */
  | { kind: 'creditCode' }
  /** A county-level division code of GB/T 2260 (a place in one of the pair's cities). */
  | { kind: 'adminCode' }
  /** Another record of the registries, of the given type (an activity's pairing, a project's park). */
  | { kind: 'record'; type: string };

export interface FieldDeclaration {
  key: string;
  label: Label;
  type: FieldType;
  required?: boolean;
  /** Shown as a column of the list. */
  column?: boolean;
  /** Offered as a filter of the list: equality for options, units, cities and records, a range for dates and numbers. */
  filter?: boolean;
  help?: Label;
}

/**
 * One kind of record of the registries (项目库, 结对, 交流活动, 基地…), declared once: its API,
 * its .xlsx template, import and export, its list, detail and edit screens and what roll-up
 * indicators can count all follow from this declaration.
 */
export interface RegistryDeclaration {
  /** Stable English id, used in URLs (`/api/v1/registries/<type>/records`). */
  type: string;
  label: Label;
  /** What one record is called (项目, not 项目库): in form titles, buttons and messages that name a record. */
  recordName: Label;
  /** The group it is listed under in the menu. */
  group: 'projects' | 'exchanges' | 'resources';
  /** The articles of the plan it serves (by Chinese number: 三, 四, …). */
  articles: readonly string[];
  fields: readonly FieldDeclaration[];
  /** The field that names a record in lists and links. */
  titleField: string;
  /** The unit the record belongs to: its data scope (a county reporter sees its county's records). */
  ownerField: string;
  /** Unit fields whose units see the record too (both sides of a pairing, an activity's organisers). */
  sharedWithFields?: readonly string[];
  /** The date that places a record in a period (roll-ups by year, date-range filters). */
  dateField?: string;
  /** The GB/T 2260 place of the record, for the map view. */
  locationField?: string;
  /** A field with an ordered life cycle (a project's stages) and its rules: see stages.ts. */
  stageField?: string;
  /** For the stage field: the date field each stage sets when a record reaches it. */
  stageDates?: Readonly<Record<string, string>>;
  /** Pairs of date fields where the second may not come before the first. */
  dateRanges?: readonly (readonly [string, string])[];
}

/** A record's data: field key → value, as JSON. */
export type RecordData = Record<string, unknown>;
