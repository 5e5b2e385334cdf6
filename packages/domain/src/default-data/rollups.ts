import type { RollupDefinition } from '../registries/rollup.js';

/** A roll-up indicator of the default data: its key, name and unit, the article it measures, and its definition. */
export interface DefaultRollup {
  key: string;
  name: string;
  unitOfMeasure: string;
  articleNo: string;
  /** The definition, given the pair's partner city (its first: the city that brings projects in, 深圳 here). */
  definition(cities: { partner: string }): RollupDefinition;
}

const activities = (types: string[]) => ({ field: 'activityType', op: 'in' as const, value: types });
const PAST_SIGNING = { field: 'stage', op: 'in' as const, value: ['签约', '开工', '投产'] };

/**
 * The indicators the Shenzhen–Ganzhou plan's articles call for that the registries can add up,
 * so that the offices need not type them in. The office edits them (names, filters) as it likes.
 */
export const DEFAULT_ROLLUPS: readonly DefaultRollup[] = [
  {
    key: 'red-training-classes',
    name: '红色教育培训班（期）',
    unitOfMeasure: '期',
    articleNo: '三',
    definition: () => ({ registryType: 'activity', aggregate: 'count', filters: [activities(['培训班'])], period: 'year' }),
  },
  {
    key: 'red-training-headcount',
    name: '红色教育培训人次',
    unitOfMeasure: '人次',
    articleNo: '三',
    definition: () => ({ registryType: 'activity', aggregate: 'sum', field: 'headcount', filters: [activities(['培训班'])], period: 'year' }),
  },
  {
    key: 'study-tour-headcount',
    name: '深圳中小学生赴赣州研学人次',
    unitOfMeasure: '人次',
    articleNo: '四',
    definition: () => ({ registryType: 'activity', aggregate: 'sum', field: 'headcount', filters: [activities(['研学'])], period: 'year' }),
  },
  {
    key: 'promotion-events',
    name: '文旅推介与文艺演出（场）',
    unitOfMeasure: '场',
    articleNo: '五',
    definition: () => ({ registryType: 'activity', aggregate: 'count', filters: [activities(['推介会', '文艺演出'])], period: 'year' }),
  },
  {
    key: 'projects-from-shenzhen',
    name: '引进深圳项目数（签约及以后）',
    unitOfMeasure: '个',
    articleNo: '八',
    definition: ({ partner }) => ({
      registryType: 'project',
      aggregate: 'count',
      filters: [PAST_SIGNING, { field: 'originCityId', op: 'eq', value: partner }],
      period: 'year',
      periodField: 'signedOn',
    }),
  },
  {
    key: 'projects-from-shenzhen-investment',
    name: '引进深圳项目计划总投资',
    unitOfMeasure: '万元',
    articleNo: '八',
    definition: ({ partner }) => ({
      registryType: 'project',
      aggregate: 'sum',
      field: 'plannedInvestment',
      filters: [PAST_SIGNING, { field: 'originCityId', op: 'eq', value: partner }],
      period: 'year',
      periodField: 'signedOn',
    }),
  },
  {
    key: 'parks',
    name: '产业合作园区（个）',
    unitOfMeasure: '个',
    articleNo: '七',
    definition: () => ({ registryType: 'park', aggregate: 'count', filters: [], period: 'all' }),
  },
  {
    key: 'county-pairings',
    name: '区县结对（对）',
    unitOfMeasure: '对',
    articleNo: '十九',
    definition: () => ({ registryType: 'pairing', aggregate: 'count', filters: [{ field: 'kind', op: 'eq', value: '区县结对' }], period: 'all' }),
  },
  {
    key: 'hospital-school-pairings',
    name: '医院、学校结对（对）',
    unitOfMeasure: '对',
    articleNo: '十四',
    definition: () => ({
      registryType: 'pairing',
      aggregate: 'count',
      filters: [{ field: 'kind', op: 'in', value: ['医院结对', '学校结对', '高校结对'] }],
      period: 'all',
    }),
  },
  {
    key: 'staff-expert-exchanges',
    name: '干部人才和专家交流人次',
    unitOfMeasure: '人次',
    articleNo: '十五',
    definition: () => ({ registryType: 'activity', aggregate: 'sum', field: 'headcount', filters: [activities(['干部交流', '专家交流'])], period: 'year' }),
  },
  {
    key: 'agri-bases',
    name: '农业合作基地（个）',
    unitOfMeasure: '个',
    articleNo: '十',
    definition: () => ({ registryType: 'agriBase', aggregate: 'count', filters: [], period: 'all' }),
  },
  {
    key: 'digital-villages',
    name: '数字乡村示范点（个）',
    unitOfMeasure: '个',
    articleNo: '十二',
    definition: () => ({ registryType: 'digitalVillage', aggregate: 'count', filters: [], period: 'all' }),
  },
  {
    key: 'charging-stations',
    name: '充换电站（座）',
    unitOfMeasure: '座',
    articleNo: '六',
    definition: () => ({ registryType: 'chargingStation', aggregate: 'count', filters: [], period: 'all' }),
  },
  {
    key: 'port-trains',
    name: '赣深组合港班列开行（列）',
    unitOfMeasure: '列',
    articleNo: '七',
    definition: () => ({ registryType: 'freightTrain', aggregate: 'count', filters: [], period: 'year' }),
  },
  {
    key: 'port-train-teu',
    name: '赣深组合港班列运量',
    unitOfMeasure: 'TEU',
    articleNo: '七',
    definition: () => ({ registryType: 'freightTrain', aggregate: 'sum', field: 'teu', filters: [], period: 'year' }),
  },
];
