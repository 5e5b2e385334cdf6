import type { RegistryDeclaration } from '../types.js';
import { nameField, OWNER_FIELD } from './common.js';

/**
 * 交流活动: training classes, study tours, visits, promotion events, performances, staff and expert
 * exchanges, forums (articles 三, 四, 五, 十五, 十六), with their headcount (人次).
 */
export const ACTIVITY: RegistryDeclaration = {
  type: 'activity',
  label: { zh: '交流活动', en: 'Activities' },
  recordName: { zh: '交流活动', en: 'activity' },
  group: 'exchanges',
  articles: ['三', '四', '五', '十五', '十六'],
  titleField: 'name',
  ownerField: 'ownerUnitId',
  sharedWithFields: ['organiserUnitIds'],
  dateField: 'startOn',
  locationField: 'locationCode',
  dateRanges: [['startOn', 'endOn']],
  fields: [
    nameField('活动名称', 'Activity'),
    { key: 'activityType', label: { zh: '活动类型', en: 'Type' }, type: { kind: 'option', list: 'activityType' }, required: true, column: true, filter: true },
    { key: 'startOn', label: { zh: '开始日期', en: 'Starts' }, type: { kind: 'date' }, required: true, column: true, filter: true },
    { key: 'endOn', label: { zh: '结束日期', en: 'Ends' }, type: { kind: 'date' } },
    { key: 'place', label: { zh: '地点', en: 'Place' }, type: { kind: 'text', max: 200 } },
    { key: 'locationCode', label: { zh: '所在区县', en: 'District or county' }, type: { kind: 'adminCode' }, filter: true },
    { key: 'organiserUnitIds', label: { zh: '主办单位', en: 'Organisers' }, type: { kind: 'units' } },
    { key: 'participants', label: { zh: '参加对象', en: 'Participants' }, type: { kind: 'text', max: 2000, multiline: true } },
    { key: 'headcount', label: { zh: '参加人次', en: 'Headcount' }, type: { kind: 'integer', min: 0, max: 10_000_000 }, required: true, column: true },
    { key: 'pairingId', label: { zh: '所属结对', en: 'Pairing' }, type: { kind: 'record', type: 'pairing' }, filter: true },
    OWNER_FIELD,
  ],
};
