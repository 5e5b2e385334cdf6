import { describe, expect, it } from 'vitest';
import { DEFAULT_COMMITMENT_VERBS, verbMatcher } from './measures.js';
import { findOrganisations, matchKnownUnit, placeNames } from './organisations.js';
import { quotedMask } from './text-mask.js';

const namesIn = (text: string, knownUnits: readonly string[] = []): string[] =>
  findOrganisations(text, quotedMask(text), verbMatcher(DEFAULT_COMMITMENT_VERBS), knownUnits).map((organisation) => organisation.name);

// Each text says 深圳市 and 赣州市 somewhere, as a plan does, so both are place names.
const withPlaces = (sentence: string): string => `深圳市与赣州市对口合作。${sentence}`;

describe('findOrganisations', () => {
  it.each([
    ['支持中国稀土集团创新总部基地建设发展', ['中国稀土集团']],
    ['推进深圳信息职业技术学院与赣州职业技术学院开展深度合作办学', ['深圳信息职业技术学院', '赣州职业技术学院']],
    ['推进深圳信息职业技术学院和赣州职业技术学院开展合作', ['深圳信息职业技术学院', '赣州职业技术学院']],
    ['建设运营好“圳帮扶”线上商城江西馆和深圳市海吉星消费帮扶中心赣州馆、寻乌馆等平台', ['深圳市海吉星消费帮扶中心']],
    ['深圳市对口支援和对口合作工作领导小组办公室要发挥牵头抓总作用', ['深圳市对口支援和对口合作工作领导小组办公室']],
    ['持续运营好深圳精品展销中心(赣州),支持推介', ['深圳精品展销中心(赣州)']],
    ['支持中国稀土集团有限公司在赣州发展', ['中国稀土集团有限公司']],
    ['与中共赣州市委党校共建联盟', ['中共赣州市委党校']],
    ['与广东省人民医院合作', ['广东省人民医院']],
    ['深圳大学与赣州大学生交流', ['深圳大学']],
  ])('%s → %j', (sentence, expected) => {
    expect(namesIn(withPlaces(sentence))).toEqual(expected);
  });

  it.each([
    ['generic determiners', '鼓励深圳市区各级党校、干部学院与有关单位探索组建党校(干部学院)联盟'],
    ['no place name in front', '合作共建无人机适航认证检测中心以及一批临床诊疗中心,推动两市旅行社、旅游协会加强对接'],
    ['a determiner after the place', '鼓励深圳相关行业协会、企业和市民赴赣州开展活动'],
    ['a clause, not a name', '支持深圳企业在赣州设立研发中心'],
    ['a verb right after the place', '支持赣州建设区域物流中心'],
    ['a suffix inside a common word', '推动深圳中小学生、大学生到赣州研学,支持赣州中心城区建设,推进深圳教育集团化办学'],
    ['names inside book-title marks', '根据《广东省人民政府 江西省人民政府关于印发对口合作实施方案的通知》'],
  ])('finds nothing with %s', (_, sentence) => {
    expect(namesIn(withPlaces(sentence))).toEqual([]);
  });

  it('deduplicates in order of first appearance', () => {
    expect(namesIn(withPlaces('支持赣州职业技术学院。支持深圳大学。支持赣州职业技术学院。'))).toEqual(['赣州职业技术学院', '深圳大学']);
  });

  it('takes place names from the text, not from common words ending in 市', () => {
    const places = placeNames('深圳市与赣州市、东莞市与吉安市,结合我市实际,推动两市合作,建设智慧城市,推行市场主体改革,统一大市场,于都县、成都市、江门市', []);
    for (const place of ['深圳', '赣州', '东莞', '吉安', '于都', '成都', '江门', '广东', '中国']) expect(places.has(place)).toBe(true);
    for (const word of ['和我', '动两', '慧城', '推行', '一大']) expect(places.has(word)).toBe(false);
  });

  it('takes place names from known units, so that a name the text does not write with 市 is found', () => {
    expect(namesIn('支持福田区人民医院与赣州结对。')).toEqual([]);
    expect(namesIn('支持福田区人民医院与赣州结对。', ['福田区', '兴国县'])).toEqual(['福田区人民医院']);
  });
});

describe('matchKnownUnit', () => {
  const units = ['中共赣州市委党校', '中共深圳市委党校', '中国稀土集团有限公司', '深圳市海吉星消费帮扶中心', '深圳市商务局', '深圳精品展销中心'];
  it.each([
    ['深圳市海吉星消费帮扶中心', '深圳市海吉星消费帮扶中心'],
    ['赣州市委党校', '中共赣州市委党校'],
    ['深圳市委党校', '中共深圳市委党校'],
    ['中国稀土集团', '中国稀土集团有限公司'],
    ['深圳精品展销中心(赣州)', '深圳精品展销中心'],
    ['深圳市', null],
    ['消费帮扶中心', null],
    ['赣州职业技术学院', null],
  ])('%s → %s', (name, unit) => {
    expect(matchKnownUnit(name, units)).toBe(unit);
  });
});
