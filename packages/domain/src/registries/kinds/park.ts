import type { RegistryDeclaration } from '../types.js';
import { LOCATION_FIELD, nameField, OWNER_FIELD } from './common.js';

/** 产业合作园区 (articles 七, 八): the projects inside a park are the projects that name it. */
export const PARK: RegistryDeclaration = {
  type: 'park',
  label: { zh: '产业合作园区', en: 'Cooperation parks' },
  recordName: { zh: '园区', en: 'park' },
  group: 'projects',
  articles: ['七', '八'],
  titleField: 'name',
  ownerField: 'ownerUnitId',
  dateField: 'establishedOn',
  locationField: 'locationCode',
  fields: [
    nameField('园区名称', 'Park'),
    { key: 'mode', label: { zh: '运营模式', en: 'Operating mode' }, type: { kind: 'option', list: 'parkMode' }, required: true, column: true, filter: true },
    { key: 'operator', label: { zh: '运营主体', en: 'Operator' }, type: { kind: 'text', max: 200 }, column: true },
    { key: 'operatorCreditCode', label: { zh: '运营主体统一社会信用代码', en: 'Operator credit code' }, type: { kind: 'creditCode' } },
    LOCATION_FIELD,
    { key: 'areaKm2', label: { zh: '规划面积（平方公里）', en: 'Planned area (km²)' }, type: { kind: 'decimal', scale: 4, min: 0 } },
    { key: 'establishedOn', label: { zh: '设立日期', en: 'Established on' }, type: { kind: 'date' } },
    OWNER_FIELD,
  ],
};
