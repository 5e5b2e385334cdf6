import type { Label } from './types.js';

/** One choice of an option list. The value is the Chinese term itself, as offices write it in their spreadsheets. */
export interface OptionItem extends Label {
  value: string;
}

const item = (zh: string, en: string): OptionItem => ({ value: zh, zh, en });

/**
 * The default option lists of the registries. Each pair may replace a list with its own (the
 * office edits it); records keep the value they were saved with.
 */
export const OPTION_LISTS: Readonly<Record<string, { label: Label; items: readonly OptionItem[] }>> = {
  // The industries the plan names (articles 六, 八, 十), then the usual others.
  industry: {
    label: { zh: '产业领域', en: 'Industry' },
    items: [
      item('稀土新材料', 'Rare earths and new materials'),
      item('低空经济', 'Low-altitude economy'),
      item('新能源', 'New energy'),
      item('新能源汽车', 'New-energy vehicles'),
      item('电子信息', 'Electronics and IT'),
      item('生物医药', 'Biomedicine'),
      item('现代家居', 'Modern furniture'),
      item('农业', 'Agriculture'),
      item('文旅', 'Culture and tourism'),
      item('基础设施', 'Infrastructure'),
      item('现代物流', 'Logistics'),
      item('其他', 'Other'),
    ],
  },
  // 洽谈 → 签约 → 开工 → 投产 (stages.ts keeps the order).
  projectStage: {
    label: { zh: '项目阶段', en: 'Project stage' },
    items: [item('洽谈', 'Negotiating'), item('签约', 'Signed'), item('开工', 'Under construction'), item('投产', 'In production')],
  },
  parkMode: {
    label: { zh: '运营模式', en: 'Operating mode' },
    items: [item('轻资产', 'Asset-light'), item('托管', 'Entrusted'), item('共建', 'Jointly built'), item('飞地', 'Enclave'), item('其他', 'Other')],
  },
  pairingKind: {
    label: { zh: '结对类型', en: 'Pairing kind' },
    items: [
      item('区县结对', 'District–county'),
      item('医院结对', 'Hospitals'),
      item('学校结对', 'Schools'),
      item('高校结对', 'Colleges'),
      item('党校联盟', 'Party schools alliance'),
      item('部门结对', 'Departments'),
      item('企业结对', 'Enterprises'),
      item('其他', 'Other'),
    ],
  },
  activityType: {
    label: { zh: '活动类型', en: 'Activity type' },
    items: [
      item('培训班', 'Training class'),
      item('研学', 'Study tour'),
      item('考察', 'Visit'),
      item('推介会', 'Promotion event'),
      item('文艺演出', 'Performance'),
      item('干部交流', 'Staff exchange'),
      item('专家交流', 'Expert exchange'),
      item('论坛', 'Forum'),
      item('展会', 'Fair'),
      item('其他', 'Other'),
    ],
  },
  baseKind: {
    label: { zh: '基地类型', en: 'Base kind' },
    items: [item('红色教育基地', 'Red-education base'), item('研学基地', 'Study base'), item('干部培训基地', 'Cadre training base'), item('其他', 'Other')],
  },
  agriKind: {
    label: { zh: '农业基地类型', en: 'Agricultural base kind' },
    items: [
      item('菜篮子基地', '"Vegetable basket" base'),
      item('深圳农场', 'Shenzhen farm'),
      item('直采基地', 'Direct-sourcing base'),
      item('预制菜基地', 'Prepared-food base'),
      item('智慧农业', 'Smart agriculture'),
    ],
  },
  routeKind: {
    label: { zh: '类别', en: 'Kind' },
    items: [item('研学线路', 'Study route'), item('培训课程', 'Training course'), item('精品课程', 'Featured course')],
  },
  trainDirection: {
    label: { zh: '方向', en: 'Direction' },
    items: [item('出口（赣州→深圳）', 'Outbound (Ganzhou→Shenzhen)'), item('进口（深圳→赣州）', 'Inbound (Shenzhen→Ganzhou)')],
  },
  stationKind: {
    label: { zh: '站点类型', en: 'Station kind' },
    items: [item('充电站', 'Charging'), item('换电站', 'Battery swap'), item('充换电一体站', 'Charging and swap')],
  },
};

export function isOptionList(name: string): boolean {
  return Object.hasOwn(OPTION_LISTS, name);
}
