import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter } from '../credit-code.js';
import { REGISTRIES, registryDeclaration } from './index.js';
import { OPTION_LISTS } from './options.js';
import { checkRollupDefinition, type RollupDefinition, rollupContribution } from './rollup.js';
import { changeStage } from './stages.js';
import { type RecordContext, validateRecordData } from './validate.js';

const SZ = '11111111-1111-4111-8111-111111111111';
const GZ = '22222222-2222-4222-8222-222222222222';
const UNIT = '33333333-3333-4333-8333-333333333333';
const PARK = '44444444-4444-4444-8444-444444444444';
const ctx: RecordContext = {
  options: (list) => OPTION_LISTS[list]?.items ?? [],
  cities: [
    { id: SZ, code: '4403' },
    { id: GZ, code: '3607' },
  ],
};
const project = registryDeclaration('project')!;
const activity = registryDeclaration('activity')!;
const code = (first17: string) => `${first17}${creditCodeCheckCharacter(first17)}`;

const validProject = {
  name: ' 稀土永磁项目 ',
  investor: '深圳某公司',
  investorCreditCode: code('91440300MA5DC0BT1').toLowerCase(),
  originCityId: SZ,
  locationCode: '360732',
  parkId: PARK.toUpperCase(),
  industry: '稀土新材料',
  plannedInvestment: 1200,
  stage: '洽谈',
  ownerUnitId: UNIT,
};

describe('the declarations', () => {
  it('every kind names fields it has: title, owner, date, place, stage, shared units, option lists', () => {
    for (const d of REGISTRIES) {
      const keys = new Set(d.fields.map((f) => f.key));
      for (const key of [d.titleField, d.ownerField, d.dateField, d.locationField, d.stageField, ...(d.sharedWithFields ?? [])].filter(Boolean)) {
        expect(keys.has(key!), `${d.type}.${key}`).toBe(true);
      }
      for (const f of d.fields)
        if (f.type.kind === 'option' || f.type.kind === 'options') expect(OPTION_LISTS[f.type.list], `${d.type}.${f.key}`).toBeDefined();
      for (const f of d.fields) if (f.type.kind === 'record') expect(registryDeclaration(f.type.type), `${d.type}.${f.key}`).toBeDefined();
      expect(d.articles.length).toBeGreaterThan(0);
    }
  });
});

describe('validateRecordData', () => {
  it('normalises a good record: trims text, decimals as text, ids in lower case, credit code in upper case; returns what it refers to', () => {
    const checked = validateRecordData(project, validProject, ctx);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.data).toMatchObject({
      name: '稀土永磁项目',
      plannedInvestment: '1200',
      investorCreditCode: code('91440300MA5DC0BT1'),
      parkId: PARK.toLowerCase(),
    });
    expect(checked.references).toEqual({
      units: [{ field: 'data.ownerUnitId', id: UNIT }],
      records: [{ field: 'data.parkId', id: PARK.toLowerCase(), type: 'park' }],
    });
  });

  it.each([
    ['a missing required field', { name: '' }, 'data.name', 'REQUIRED', '项目名称不能为空'],
    ['text over its length', { name: '项'.repeat(201) }, 'data.name', 'TOO_LONG', '不能超过 200 个字'],
    ['a decimal with too many decimals', { plannedInvestment: '1.23456' }, 'data.plannedInvestment', 'BAD_DECIMAL', '应为数字，最多 4 位小数'],
    ['a negative amount', { plannedInvestment: '-1' }, 'data.plannedInvestment', 'OUT_OF_RANGE', '不能小于 0'],
    ['an option not in the list', { industry: '采矿' }, 'data.industry', 'NOT_IN_LIST', undefined],
    ['a wrong check character', { investorCreditCode: '91440300MA5DC0BT1X' }, 'data.investorCreditCode', 'BAD_CREDIT_CODE', '统一社会信用代码校验码不正确'],
    [
      'a code with I (never used)',
      { investorCreditCode: '91440300MA5DC0BTI0' },
      'data.investorCreditCode',
      'BAD_CREDIT_CODE',
      '统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V）',
    ],
    ['a county outside the pair', { locationCode: '110101' }, 'data.locationCode', 'BAD_ADMIN_CODE', undefined],
    ['a prefecture code, not a county', { locationCode: '360700' }, 'data.locationCode', 'BAD_ADMIN_CODE', undefined],
    ['a city of another pair', { originCityId: UNIT }, 'data.originCityId', 'BAD_ID', '应为本结对的城市'],
    ['an id that is not one', { ownerUnitId: 'xingguo' }, 'data.ownerUnitId', 'BAD_ID', '应为有效的编号'],
    ['an impossible date', { stage: '洽谈', signedOn: '2026-02-30' }, 'data.signedOn', 'BAD_DATE', '应为日期（YYYY-MM-DD）'],
    ['a field the kind does not have', { headcount: 3 }, 'data.headcount', 'UNKNOWN_FIELD', '不是该类记录的字段'],
    ['a stage without its date', { stage: '开工', signedOn: '2026-01-01' }, 'data.startedOn', 'REQUIRED', '阶段为“开工”时须填写开工日期'],
    ['dates out of order', { stage: '开工', signedOn: '2026-03-01', startedOn: '2026-02-01' }, 'data.startedOn', 'DATE_ORDER', '开工日期不能早于签约日期'],
  ])('refuses %s, naming the field', (_, change, field, issueCode, reason) => {
    const checked = validateRecordData(project, { ...validProject, ...change }, ctx);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    const issue = checked.issues.find((i) => i.field === field);
    expect(issue, JSON.stringify(checked.issues)).toBeDefined();
    expect(issue!.code).toBe(issueCode);
    if (reason) expect(issue!.reason).toBe(reason);
  });

  it('reports every problem at once, and integers as integers', () => {
    const checked = validateRecordData(
      activity,
      { name: '研学营', activityType: '研学', startOn: '2026-05-02', endOn: '2026-05-01', headcount: '12.5', ownerUnitId: UNIT },
      ctx,
    );
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.issues.map((i) => [i.field, i.code])).toEqual([
      ['data.headcount', 'NOT_INTEGER'],
      ['data.endOn', 'DATE_ORDER'],
    ]);
    const good = validateRecordData(
      activity,
      { name: '研学营', activityType: '研学', startOn: '2026-05-01', headcount: '120', organiserUnitIds: [UNIT, UNIT], ownerUnitId: UNIT },
      ctx,
    );
    expect(good.ok && good.data).toMatchObject({ headcount: 120, organiserUnitIds: [UNIT] });
  });
});

describe('changeStage', () => {
  const stages = OPTION_LISTS.projectStage!.items;
  const at = (stage: string, extra: Record<string, unknown> = {}) => ({ ...validProject, stage, ...extra });
  it.each([
    ['洽谈 → 签约 sets the signing date', at('洽谈'), '签约', false, undefined, { stage: '签约', signedOn: '2026-06-01' }, 'forward'],
    [
      '洽谈 → 开工 skips a stage and dates both',
      at('洽谈'),
      '开工',
      false,
      undefined,
      { stage: '开工', signedOn: '2026-06-01', startedOn: '2026-06-01' },
      'forward',
    ],
    [
      'a date already there is kept',
      at('签约', { signedOn: '2026-01-05' }),
      '开工',
      false,
      undefined,
      { signedOn: '2026-01-05', startedOn: '2026-06-01' },
      'forward',
    ],
    [
      'the office goes back with a reason, clearing later dates',
      at('开工', { signedOn: '2026-01-05', startedOn: '2026-02-01' }),
      '签约',
      true,
      '录入错误',
      { stage: '签约', signedOn: '2026-01-05', startedOn: undefined },
      'back',
    ],
  ])('%s', (_, data, to, mayReverse, reason, expected, direction) => {
    const moved = changeStage(project, data, to, stages, { on: '2026-06-01', mayReverse, reason });
    expect(moved.ok).toBe(true);
    if (!moved.ok) return;
    expect(moved.direction).toBe(direction);
    for (const [key, value] of Object.entries(expected)) expect(moved.data[key], key).toBe(value);
  });

  it.each([
    ['back without the right', at('开工'), '签约', false, '理由', 'STAGE_BACKWARD'],
    ['back without a reason', at('开工'), '签约', true, '  ', 'REASON_REQUIRED'],
    ['to a stage that does not exist', at('洽谈'), '竣工', true, undefined, 'NOT_IN_LIST'],
  ])('refuses going %s', (_, data, to, mayReverse, reason, expected) => {
    const moved = changeStage(project, data, to, stages, { on: '2026-06-01', mayReverse, reason });
    expect(moved.ok === false && moved.code).toBe(expected);
  });

  it('refuses kinds without stages', () => {
    expect(changeStage(activity, {}, '签约', stages, { on: '2026-06-01', mayReverse: true }).ok).toBe(false);
  });
});

describe('rollupContribution', () => {
  const tour = { type: 'activity', data: { activityType: '研学', startOn: '2026-04-10', headcount: 120, organiserUnitIds: ['b', 'a'] } };
  const definition = (over: Partial<RollupDefinition>): RollupDefinition => ({
    registryType: 'activity',
    aggregate: 'count',
    filters: [],
    period: 'year',
    ...over,
  });
  it.each([
    ['a count per year', definition({}), { period: '2026', amount: '1' }],
    ['a sum of a field', definition({ aggregate: 'sum', field: 'headcount' }), { period: '2026', amount: '120' }],
    ['all time', definition({ period: 'all' }), { period: 'all', amount: '1' }],
    ['a matching "in" filter', definition({ filters: [{ field: 'activityType', op: 'in', value: ['培训班', '研学'] }] }), { period: '2026', amount: '1' }],
    ['a filter that does not match', definition({ filters: [{ field: 'activityType', op: 'eq', value: '培训班' }] }), null],
    ['"ne"', definition({ filters: [{ field: 'activityType', op: 'ne', value: '培训班' }] }), { period: '2026', amount: '1' }],
    [
      'a date range',
      definition({
        filters: [
          { field: 'startOn', op: 'gte', value: '2026-04-01' },
          { field: 'startOn', op: 'lte', value: '2026-04-30' },
        ],
      }),
      { period: '2026', amount: '1' },
    ],
    ['a number range that excludes it', definition({ filters: [{ field: 'headcount', op: 'gte', value: 200 }] }), null],
    ['a list field containing the value', definition({ filters: [{ field: 'organiserUnitIds', op: 'eq', value: 'a' }] }), { period: '2026', amount: '1' }],
    [
      'a distinct count (lists as one sorted key)',
      definition({ aggregate: 'countDistinct', field: 'organiserUnitIds' }),
      { period: '2026', amount: '1', distinctKey: 'a,b' },
    ],
    ['another period field without a date', definition({ periodField: 'endOn' }), null],
    ['a sum over an absent field', definition({ aggregate: 'sum', field: 'endOn' }), null],
  ])('%s', (_, def, expected) => {
    expect(rollupContribution(def, activity, tour)).toEqual(expected);
  });

  it('another kind, or no record, adds nothing', () => {
    expect(rollupContribution(definition({}), activity, { type: 'project', data: tour.data })).toBeNull();
    expect(rollupContribution(definition({}), activity, null)).toBeNull();
  });

  it('checks definitions against their kind', () => {
    expect(checkRollupDefinition(definition({ aggregate: 'sum', field: 'name' }), activity)).toEqual([{ field: 'field', reason: '只能对数值字段求和' }]);
    expect(checkRollupDefinition(definition({ aggregate: 'sum' }), activity)).toEqual([{ field: 'field', reason: '请选择要汇总的字段' }]);
    expect(checkRollupDefinition(definition({ filters: [{ field: 'nope', op: 'eq', value: 1 }] }), activity)).toEqual([
      { field: 'filters.0.field', reason: '不是该类记录的字段' },
    ]);
    expect(checkRollupDefinition(definition({ registryType: 'studyRoute' }), registryDeclaration('studyRoute'))).toEqual([
      { field: 'periodField', reason: '按年度汇总须指定日期字段' },
    ]);
    expect(checkRollupDefinition(definition({}), undefined)).toEqual([{ field: 'registryType', reason: '没有这类登记记录' }]);
    expect(checkRollupDefinition(definition({ aggregate: 'sum', field: 'headcount' }), activity)).toEqual([]);
  });
});
