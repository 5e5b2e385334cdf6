import type { RegistryDeclaration } from '../types.js';
import { nameField, OWNER_FIELD } from './common.js';

/** 结对: any two units (district–county, hospitals, schools, the party-school alliance; articles 三, 十四, 十五, 十九). */
export const PAIRING: RegistryDeclaration = {
  type: 'pairing',
  label: { zh: '结对', en: 'Pairings' },
  recordName: { zh: '结对关系', en: 'pairing' },
  group: 'exchanges',
  articles: ['三', '十四', '十五', '十九'],
  titleField: 'name',
  ownerField: 'ownerUnitId',
  sharedWithFields: ['unitAId', 'unitBId'],
  dateField: 'agreementOn',
  fields: [
    nameField('结对名称', 'Pairing'),
    { key: 'kind', label: { zh: '结对类型', en: 'Kind' }, type: { kind: 'option', list: 'pairingKind' }, required: true, column: true, filter: true },
    { key: 'unitAId', label: { zh: '结对单位（一方）', en: 'One side' }, type: { kind: 'unit' }, required: true, column: true, filter: true },
    { key: 'unitBId', label: { zh: '结对单位（另一方）', en: 'Other side' }, type: { kind: 'unit' }, required: true, column: true, filter: true },
    { key: 'agreementOn', label: { zh: '协议签订日期', en: 'Agreement signed' }, type: { kind: 'date' }, column: true },
    { key: 'agreement', label: { zh: '协议名称', en: 'Agreement' }, type: { kind: 'text', max: 300 } },
    OWNER_FIELD,
  ],
};
