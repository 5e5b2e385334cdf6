import type { PairSeed, UnitSeed } from './types.js';

/*
 * Built-in default pair: Shenzhen (深圳市, GB/T 2260 4403) – Ganzhou (赣州市, 3607).
 *
 * Sources: 《深圳市与赣州市对口合作实施方案》 (copied verbatim in data/plans/shenzhen-ganzhou.txt)
 * for the coordination office, the departments its articles call on and the institutions it
 * names; GB/T 2260 for division codes; the Futian and Dapeng district government pages for
 * the 区县结对 pairings (see the team domain notes (docs/domain.md)).
 *
 * Departments are limited to those whose current official name is certain; a department is
 * left out rather than guessed (see the notes at each list).
 */

const district = (key: string, name: string, adminCode?: string): UnitSeed => ({
  key,
  name,
  shortName: name.replace(/(新区|特别合作区|区)$/, ''),
  type: 'district',
  ...(adminCode === undefined ? {} : { adminCode }),
});

/*
 * Ganzhou's county-level divisions all use type 'county', including the three 市辖区
 * 章贡区, 南康区 and 赣县区 and the county-level cities 瑞金市 and 龙南市: in the pairing they
 * play the same role as the 县 (the receiving side of a 区县结对), and type 'district' is
 * reserved for the Shenzhen-side districts, so one type per side keeps pairings unambiguous.
 */
const county = (key: string, name: string, adminCode: string): UnitSeed => ({
  key,
  name,
  shortName: name.replace(/(区|县|市)$/, ''),
  type: 'county',
  adminCode,
});

const department = (key: string, name: string): UnitSeed => ({ key, name, type: 'department' });

const shenzhenUnits: UnitSeed[] = [
  // Named in article (十八) as the office that leads and coordinates the work.
  { key: 'sz-office', name: '深圳市对口支援和对口合作工作领导小组办公室', type: 'coordination_office' },

  // Municipal departments the plan's articles call on. Left out because the current official
  // name or the competent body is uncertain: science & technology (科技创新 body renamed in
  // the 2024 reform?), 政务服务数据管理 (renamed?), agriculture (Shenzhen has no separate
  // 农业农村局), 乡村振兴 / 协作交流.
  department('sz-drc', '深圳市发展和改革委员会'),
  department('sz-edu', '深圳市教育局'),
  department('sz-miit', '深圳市工业和信息化局'),
  department('sz-commerce', '深圳市商务局'),
  department('sz-culture', '深圳市文化广电旅游体育局'),
  department('sz-health', '深圳市卫生健康委员会'),
  department('sz-eco', '深圳市生态环境局'),
  department('sz-transport', '深圳市交通运输局'),
  department('sz-water', '深圳市水务局'),
  department('sz-sasac', '深圳市人民政府国有资产监督管理委员会'),
  department('sz-amr', '深圳市市场监督管理局'),
  department('sz-hrss', '深圳市人力资源和社会保障局'),
  department('sz-union', '深圳市总工会'),

  // Districts (GB/T 2260) and the two functional areas without a code of their own.
  district('sz-luohu', '罗湖区', '440303'),
  district('sz-futian', '福田区', '440304'),
  district('sz-nanshan', '南山区', '440305'),
  district('sz-baoan', '宝安区', '440306'),
  district('sz-longgang', '龙岗区', '440307'),
  district('sz-yantian', '盐田区', '440308'),
  district('sz-longhua', '龙华区', '440309'),
  district('sz-pingshan', '坪山区', '440310'),
  district('sz-guangming', '光明区', '440311'),
  district('sz-dapeng', '大鹏新区'),
  district('sz-shenshan', '深汕特别合作区'),

  // Institutions named in the plan: party school (三), cadre college (三),
  // vocational college (十四), consumption-assistance centre (十一).
  { key: 'sz-party-school', name: '中共深圳市委党校', shortName: '深圳市委党校', type: 'institution' },
  { key: 'sz-reform-college', name: '深圳改革开放干部学院', type: 'institution' },
  { key: 'sz-info-college', name: '深圳信息职业技术学院', type: 'institution' },
  { key: 'sz-hjx-centre', name: '深圳市海吉星消费帮扶中心', type: 'institution' },
];

const ganzhouUnits: UnitSeed[] = [
  { key: 'gz-office', name: '赣州市对口合作工作领导小组办公室', type: 'coordination_office' },

  // Municipal departments matching the Shenzhen side. Left out as uncertain: 国资委 (exact
  // official form of the name), the 政务服务 / 数据 body.
  department('gz-drc', '赣州市发展和改革委员会'),
  department('gz-edu', '赣州市教育局'),
  department('gz-sci', '赣州市科学技术局'),
  department('gz-miit', '赣州市工业和信息化局'),
  department('gz-commerce', '赣州市商务局'),
  department('gz-culture', '赣州市文化广电新闻出版旅游局'),
  department('gz-agri', '赣州市农业农村局'),
  department('gz-health', '赣州市卫生健康委员会'),
  department('gz-eco', '赣州市生态环境局'),
  department('gz-transport', '赣州市交通运输局'),
  department('gz-water', '赣州市水利局'),
  department('gz-amr', '赣州市市场监督管理局'),
  department('gz-hrss', '赣州市人力资源和社会保障局'),
  department('gz-union', '赣州市总工会'),

  // The 18 county-level divisions (GB/T 2260).
  county('gz-zhanggong', '章贡区', '360702'),
  county('gz-nankang', '南康区', '360703'),
  county('gz-ganxian', '赣县区', '360704'),
  county('gz-xinfeng', '信丰县', '360722'),
  county('gz-dayu', '大余县', '360723'),
  county('gz-shangyou', '上犹县', '360724'),
  county('gz-chongyi', '崇义县', '360725'),
  county('gz-anyuan', '安远县', '360726'),
  county('gz-dingnan', '定南县', '360728'),
  county('gz-quannan', '全南县', '360729'),
  county('gz-ningdu', '宁都县', '360730'),
  county('gz-yudu', '于都县', '360731'),
  county('gz-xingguo', '兴国县', '360732'),
  county('gz-huichang', '会昌县', '360733'),
  county('gz-xunwu', '寻乌县', '360734'),
  county('gz-shicheng', '石城县', '360735'),
  county('gz-ruijin', '瑞金市', '360781'),
  county('gz-longnan', '龙南市', '360783'),

  // Institutions and enterprise named in the plan: party school (三), vocational college (十四),
  // 中国稀土集团 (六, headquartered in Ganzhou; credit code omitted).
  { key: 'gz-party-school', name: '中共赣州市委党校', shortName: '赣州市委党校', type: 'institution' },
  { key: 'gz-vocational-college', name: '赣州职业技术学院', type: 'institution' },
  { key: 'gz-china-rare-earth', name: '中国稀土集团有限公司', shortName: '中国稀土集团', type: 'enterprise' },
];

export const shenzhenGanzhou: PairSeed = {
  code: 'shenzhen-ganzhou',
  name: '深圳市与赣州市对口合作',
  nameEn: 'Shenzhen–Ganzhou counterpart cooperation',
  source:
    '《深圳市与赣州市对口合作实施方案》（依据发改振兴〔2022〕766号、粤府〔2023〕7号制定）；' +
    'GB/T 2260《中华人民共和国行政区划代码》（深圳市、赣州市县级行政区划）；' +
    '福田区、大鹏新区政府网站公布的深赣区县结对关系（2024年8月起）。',
  plan: {
    file: 'shenzhen-ganzhou.txt',
    title: '深圳市与赣州市对口合作实施方案',
    sourceNote:
      '平台内置数据：公开政府文件《深圳市与赣州市对口合作实施方案》原文，逐字收录，未作改动。' +
      '该方案依据《国家发展改革委关于印发<革命老区重点城市对口合作工作方案>的通知》（发改振兴〔2022〕766号）和' +
      '《广东省人民政府 江西省人民政府关于印发深圳市与赣州市、东莞市与吉安市对口合作实施方案的通知》（粤府〔2023〕7号）制定。',
  },
  cities: [
    { code: '4403', name: '深圳市', units: shenzhenUnits },
    { code: '3607', name: '赣州市', units: ganzhouUnits },
  ],
  // 区县结对 from August 2024 (domain.md, "District–county pairing"); a = Shenzhen, b = Ganzhou.
  unitPairings: [
    { a: 'sz-futian', b: 'gz-xingguo', since: '2024-08' },
    { a: 'sz-luohu', b: 'gz-ningdu', since: '2024-08' },
    { a: 'sz-yantian', b: 'gz-nankang', since: '2024-08' },
    { a: 'sz-nanshan', b: 'gz-zhanggong', since: '2024-08' },
    { a: 'sz-baoan', b: 'gz-xinfeng', since: '2024-08' },
    { a: 'sz-longgang', b: 'gz-xunwu', since: '2024-08' },
    { a: 'sz-longhua', b: 'gz-anyuan', since: '2024-08' },
    { a: 'sz-pingshan', b: 'gz-yudu', since: '2024-08' },
    { a: 'sz-guangming', b: 'gz-longnan', since: '2024-08' },
    { a: 'sz-dapeng', b: 'gz-dayu', since: '2024-08' },
  ],
};
