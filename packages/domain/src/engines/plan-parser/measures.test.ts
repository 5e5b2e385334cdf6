import { describe, expect, it } from 'vitest';
import { DEFAULT_COMMITMENT_VERBS, extractMeasures, findCommitmentVerb, verbMatcher } from './measures.js';
import { quotedMask } from './text-mask.js';

const matcher = verbMatcher(DEFAULT_COMMITMENT_VERBS);
const verbOf = (sentence: string, verbs = matcher): string | null => findCommitmentVerb(sentence, 0, sentence.length, verbs, quotedMask(sentence));

describe('DEFAULT_COMMITMENT_VERBS', () => {
  it('includes the verbs of the product brief and of this genre', () => {
    const required =
      '支持 鼓励 推动 推进 加强 深化 探索 建立 持续 打造 实施 发挥 加快 拓展 提升 强化 完善 共建 开展 组织 引导 加大 推广 培育 建设 深入开展 积极';
    expect(DEFAULT_COMMITMENT_VERBS).toEqual(expect.arrayContaining(required.split(' ')));
    expect(new Set(DEFAULT_COMMITMENT_VERBS).size).toBe(DEFAULT_COMMITMENT_VERBS.length);
  });
});

describe('findCommitmentVerb on sentences of the default plan', () => {
  it.each([
    // Earliest listed verb.
    ['支持赣州打造深圳红培研学目的地,积极组织深圳各级党政机关、企事业单位赴赣州开展党性教育', '支持'],
    ['鼓励深圳市区各级党校、干部学院与赣州市委党校探索组建党校(干部学院)联盟', '鼓励'],
    ['加大力度宣传推介赣州红培研学精品线路、教育基地、精品课程等资源', '加大'],
    ['推动建立两市农业和绿色食品长期产销对接机制', '推动'],
    // A leading modifier yields to the verb it modifies.
    ['积极组织深圳各级党政机关、企事业单位赴赣州开展党性教育', '组织'],
    ['持续推进赣州“圳品”孵化培育与申报评价工作,提升赣南脐橙、赣南富硒农产品等特色农业品牌知名度', '推进'],
    ['持续开展卫健系统干部人才交流培训,支持互派专家团队开展疾病诊治', '开展'],
    ['持续完善仓储物流、集疏运、集装箱堆场、信息化等配套服务', '完善'],
    ['聚焦提振消费、助力实体经济发展目标,持续运营好深圳精品展销中心(赣州)', '运营'],
    // Modifiers that are not listed verbs are simply passed over.
    ['进一步实施“耕耘者”振兴计划,为赣州培养培育更多乡村产业带头人', '实施'],
    ['全面提升“赣深组合港”运营管理水平', '提升'],
    ['协同推进东江流域污染防治', '推进'],
    // A listed compound is taken whole.
    ['深入开展深港青少年“思源之旅”研学活动,进一步增强赣深港三地青少年情感联系', '深入开展'],
    // Framing clauses are skipped; the commitment comes after them.
    ['依托赣州丰富的农特产品资源,引导深圳企业到赣州建设绿色优质农产品供应基地', '引导'],
    ['按照广东、江西两省统一部署,推进东江流域上下游横向生态保护补偿', '推进'],
    ['深圳市对口支援和对口合作工作领导小组办公室要发挥牵头抓总作用,统筹推进对口合作各项工作', '发挥'],
    // Text in quotation marks is a name, not the sentence's own verb (支持 in the quoted title).
    ['借助两市成功入选第三批“国家综合货运枢纽补链强链支持城市”契机,进一步强化两地交通基础设施互联互通', '强化'],
    // A modifier followed by no listed verb is the verb itself.
    ['加快深赣港产城一体化合作区建设', '加快'],
  ])('%s → %s', (sentence, verb) => {
    expect(verbOf(sentence)).toBe(verb);
  });

  it.each(['为合作区可持续发展提供支撑和保障', '接受革命传统教育和爱国主义教育', '“支持”“推动”等文件'])('finds no verb in %j', (sentence) => {
    expect(verbOf(sentence)).toBeNull();
  });

  it('uses a custom verb list instead of the default one, skipping a listed modifier', () => {
    const custom = verbMatcher(['深入', '推进', '开展']);
    expect(verbOf('深入开展深港青少年研学活动', custom)).toBe('开展');
    expect(verbOf('深入推进新时代赣南苏区振兴', custom)).toBe('推进');
    expect(verbOf('支持赣州打造深圳红培研学目的地', custom)).toBeNull();
  });
});

describe('extractMeasures', () => {
  const measuresOf = (lines: string[], numbered: number[] = []) => {
    const text = lines.join('\n');
    let offset = 0;
    const segments = lines.map((line, index) => {
      const segment = { start: offset, end: offset + line.length, numberingLength: numbered[index] ?? 0 };
      offset += line.length + 1;
      return segment;
    });
    return extractMeasures(text, segments, matcher, quotedMask(text));
  };

  it('splits on 。！？； of either width and drops sentences without a commitment verb', () => {
    expect(measuresOf(['支持甲；鼓励乙!接受教育。推动丙？深化丁;为发展提供保障'])).toEqual([
      { text: '支持甲', verb: '支持' },
      { text: '鼓励乙', verb: '鼓励' },
      { text: '推动丙', verb: '推动' },
      { text: '深化丁', verb: '深化' },
    ]);
  });

  it('does not split inside quotation marks', () => {
    expect(measuresOf(['推广“一网通办。跨省通办”等模式。'])).toEqual([{ text: '推广“一网通办。跨省通办”等模式', verb: '推广' }]);
  });

  it('drops a numbered sub-item’s own title but keeps its sentences', () => {
    expect(measuresOf(['1.组织保障。各单位要加强领导,统筹推进。', '2.建立工作台账,按月调度。'], [2, 2])).toEqual([
      { text: '各单位要加强领导,统筹推进', verb: '加强' },
      { text: '建立工作台账,按月调度', verb: '建立' },
    ]);
    expect(measuresOf(['（1）组织保障', '各单位要加强领导。'], [3, 0])).toEqual([{ text: '各单位要加强领导', verb: '加强' }]);
  });

  it('keeps single-line sub-items without a sentence end as measures', () => {
    expect(measuresOf(['①加强稀土产业合作', '②推动低空经济合作'], [1, 1])).toEqual([
      { text: '加强稀土产业合作', verb: '加强' },
      { text: '推动低空经济合作', verb: '推动' },
    ]);
  });
});
