import type { RegistryDeclaration } from '../types.js';
import { LOCATION_FIELD, nameField, OWNER_FIELD } from './common.js';

/** 项目库: investment and cooperation projects (articles 六, 七, 八, 十三). */
export const PROJECT: RegistryDeclaration = {
  type: 'project',
  label: { zh: '项目库', en: 'Projects' },
  recordName: { zh: '项目', en: 'project' },
  group: 'projects',
  articles: ['六', '七', '八', '十三'],
  titleField: 'name',
  ownerField: 'ownerUnitId',
  dateField: 'signedOn',
  locationField: 'locationCode',
  stageField: 'stage',
  stageDates: { 签约: 'signedOn', 开工: 'startedOn', 投产: 'producedOn' },
  dateRanges: [
    ['signedOn', 'startedOn'],
    ['startedOn', 'producedOn'],
  ],
  fields: [
    nameField('项目名称', 'Project'),
    { key: 'investor', label: { zh: '投资方', en: 'Investor' }, type: { kind: 'text', max: 200 }, required: true, column: true },
    {
      key: 'investorCreditCode',
      label: { zh: '投资方统一社会信用代码', en: 'Investor credit code' },
      type: { kind: 'creditCode' },
      help: { zh: '18 位，按 GB 32100-2015 校验', en: '18 characters, checked by GB 32100-2015' },
    },
    { key: 'originCityId', label: { zh: '投资方来源城市', en: 'Investor from' }, type: { kind: 'city' }, required: true, filter: true },
    LOCATION_FIELD,
    { key: 'parkId', label: { zh: '所在园区', en: 'Park' }, type: { kind: 'record', type: 'park' }, filter: true },
    { key: 'industry', label: { zh: '产业领域', en: 'Industry' }, type: { kind: 'option', list: 'industry' }, required: true, column: true, filter: true },
    {
      key: 'plannedInvestment',
      label: { zh: '计划投资（万元）', en: 'Planned investment (10k yuan)' },
      type: { kind: 'decimal', scale: 4, min: 0 },
      required: true,
      column: true,
    },
    { key: 'actualInvestment', label: { zh: '已完成投资（万元）', en: 'Invested so far (10k yuan)' }, type: { kind: 'decimal', scale: 4, min: 0 } },
    { key: 'stage', label: { zh: '项目阶段', en: 'Stage' }, type: { kind: 'option', list: 'projectStage' }, required: true, column: true, filter: true },
    { key: 'signedOn', label: { zh: '签约日期', en: 'Signed on' }, type: { kind: 'date' }, filter: true },
    { key: 'startedOn', label: { zh: '开工日期', en: 'Construction started' }, type: { kind: 'date' } },
    { key: 'producedOn', label: { zh: '投产日期', en: 'In production since' }, type: { kind: 'date' } },
    OWNER_FIELD,
  ],
};
