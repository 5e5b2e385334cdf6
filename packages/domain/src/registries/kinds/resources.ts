import type { RegistryDeclaration } from '../types.js';
import { LOCATION_FIELD, nameField, OWNER_FIELD } from './common.js';

/** 红色教育基地、研学基地 (articles 三, 四). */
export const BASE: RegistryDeclaration = {
  type: 'base',
  label: { zh: '教育基地', en: 'Education bases' },
  recordName: { zh: '教育基地', en: 'education base' },
  group: 'resources',
  articles: ['三', '四'],
  titleField: 'name',
  ownerField: 'ownerUnitId',
  dateField: 'since',
  locationField: 'locationCode',
  fields: [
    nameField('基地名称', 'Base'),
    { key: 'baseKind', label: { zh: '基地类型', en: 'Kind' }, type: { kind: 'option', list: 'baseKind' }, required: true, column: true, filter: true },
    LOCATION_FIELD,
    { key: 'address', label: { zh: '地址', en: 'Address' }, type: { kind: 'text', max: 300 } },
    { key: 'capacity', label: { zh: '单次接待能力（人）', en: 'Capacity' }, type: { kind: 'integer', min: 0, max: 1_000_000 }, column: true },
    { key: 'since', label: { zh: '挂牌日期', en: 'Designated on' }, type: { kind: 'date' } },
    OWNER_FIELD,
  ],
};

/** 研学线路与课程 (articles 三, 四). */
export const STUDY_ROUTE: RegistryDeclaration = {
  type: 'studyRoute',
  label: { zh: '研学线路与课程', en: 'Study routes and courses' },
  recordName: { zh: '研学线路', en: 'study route' },
  group: 'resources',
  articles: ['三', '四'],
  titleField: 'name',
  ownerField: 'ownerUnitId',
  fields: [
    nameField('线路或课程名称', 'Route or course'),
    { key: 'routeKind', label: { zh: '类别', en: 'Kind' }, type: { kind: 'option', list: 'routeKind' }, required: true, column: true, filter: true },
    { key: 'days', label: { zh: '天数', en: 'Days' }, type: { kind: 'integer', min: 0, max: 365 }, column: true },
    { key: 'stops', label: { zh: '线路安排或课程内容', en: 'Stops or content' }, type: { kind: 'text', max: 4000, multiline: true } },
    { key: 'audience', label: { zh: '适用对象', en: 'Audience' }, type: { kind: 'text', max: 200 }, column: true },
    OWNER_FIELD,
  ],
};

/** 农业基地: 菜篮子、深圳农场、直采、预制菜、智慧农业 (articles 十, 十一). */
export const AGRI_BASE: RegistryDeclaration = {
  type: 'agriBase',
  label: { zh: '农业基地', en: 'Agricultural bases' },
  recordName: { zh: '农业基地', en: 'agricultural base' },
  group: 'resources',
  articles: ['十', '十一'],
  titleField: 'name',
  ownerField: 'ownerUnitId',
  dateField: 'since',
  locationField: 'locationCode',
  fields: [
    nameField('基地名称', 'Base'),
    { key: 'agriKind', label: { zh: '基地类型', en: 'Kind' }, type: { kind: 'option', list: 'agriKind' }, required: true, column: true, filter: true },
    LOCATION_FIELD,
    { key: 'areaMu', label: { zh: '面积（亩）', en: 'Area (mu)' }, type: { kind: 'decimal', scale: 2, min: 0 }, column: true },
    { key: 'products', label: { zh: '主要产品', en: 'Products' }, type: { kind: 'text', max: 300 } },
    { key: 'partner', label: { zh: '深圳合作方', en: 'Shenzhen partner' }, type: { kind: 'text', max: 200 } },
    { key: 'since', label: { zh: '认定日期', en: 'Recognised on' }, type: { kind: 'date' } },
    OWNER_FIELD,
  ],
};

/** 数字乡村示范点 (article 十二). */
export const DIGITAL_VILLAGE: RegistryDeclaration = {
  type: 'digitalVillage',
  label: { zh: '数字乡村示范点', en: 'Digital-village sites' },
  recordName: { zh: '数字乡村示范点', en: 'digital-village site' },
  group: 'resources',
  articles: ['十二'],
  titleField: 'name',
  ownerField: 'ownerUnitId',
  dateField: 'since',
  locationField: 'locationCode',
  fields: [
    nameField('示范点名称', 'Site'),
    LOCATION_FIELD,
    { key: 'content', label: { zh: '建设内容', en: 'What was built' }, type: { kind: 'text', max: 2000, multiline: true } },
    { key: 'since', label: { zh: '建成日期', en: 'Completed on' }, type: { kind: 'date' }, column: true },
    OWNER_FIELD,
  ],
};

/** 充换电站 (article 六). */
export const CHARGING_STATION: RegistryDeclaration = {
  type: 'chargingStation',
  label: { zh: '充换电站', en: 'Charging and swap stations' },
  recordName: { zh: '充换电站', en: 'charging station' },
  group: 'resources',
  articles: ['六'],
  titleField: 'name',
  ownerField: 'ownerUnitId',
  dateField: 'openedOn',
  locationField: 'locationCode',
  fields: [
    nameField('站点名称', 'Station'),
    { key: 'stationKind', label: { zh: '站点类型', en: 'Kind' }, type: { kind: 'option', list: 'stationKind' }, required: true, column: true, filter: true },
    LOCATION_FIELD,
    { key: 'chargers', label: { zh: '充电桩或换电工位数', en: 'Chargers or swap bays' }, type: { kind: 'integer', min: 0, max: 10_000 }, column: true },
    { key: 'operator', label: { zh: '运营企业', en: 'Operator' }, type: { kind: 'text', max: 200 } },
    { key: 'openedOn', label: { zh: '投运日期', en: 'In service since' }, type: { kind: 'date' }, filter: true },
    OWNER_FIELD,
  ],
};

/** 赣深组合港班列: freight trains between the inland port of Ganzhou and Shenzhen's ports, with TEU (article 七). */
export const FREIGHT_TRAIN: RegistryDeclaration = {
  type: 'freightTrain',
  label: { zh: '赣深组合港班列', en: 'Ganzhou–Shenzhen port trains' },
  recordName: { zh: '班列', en: 'port train' },
  group: 'resources',
  articles: ['七'],
  titleField: 'route',
  ownerField: 'ownerUnitId',
  dateField: 'departedOn',
  fields: [
    { key: 'route', label: { zh: '线路', en: 'Route' }, type: { kind: 'text', max: 200 }, required: true, column: true },
    { key: 'departedOn', label: { zh: '发车日期', en: 'Departed on' }, type: { kind: 'date' }, required: true, column: true, filter: true },
    { key: 'direction', label: { zh: '方向', en: 'Direction' }, type: { kind: 'option', list: 'trainDirection' }, required: true, column: true, filter: true },
    { key: 'teu', label: { zh: '标箱（TEU）', en: 'TEU' }, type: { kind: 'integer', min: 0, max: 1_000 }, required: true, column: true },
    OWNER_FIELD,
  ],
};
