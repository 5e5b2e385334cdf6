/**
 * The one dictionary of the words for the server's enum values (statuses, kinds, roles…), keyed by the
 * values the API sends. Every page, tag and filter takes its word from here (`t('enum.<group>.<value>')`),
 * so one status reads the same on every screen; `enums.test.ts` fails when a page spells its own. Where
 * the domain names a value too (exports, imports), the word is the domain's: the test holds them equal
 * (the bundle does not import the domain package).
 */
export const ENUM_LABELS = {
  taskStatus: {
    not_started: { zh: '未启动', en: 'Not started' },
    in_progress: { zh: '推进中', en: 'In progress' },
    done: { zh: '已完成', en: 'Done' },
    delayed: { zh: '滞后', en: 'Delayed' },
    paused: { zh: '暂缓', en: 'Paused' },
  },
  light: {
    red: { zh: '红灯', en: 'Red' },
    amber: { zh: '黄灯', en: 'Amber' },
    green: { zh: '绿灯', en: 'Green' },
    grey: { zh: '灰灯（暂缓）', en: 'Grey (paused)' },
  },
  unitRoleOnTask: {
    lead: { zh: '牵头', en: 'Lead' },
    support: { zh: '配合', en: 'Support' },
  },
  indicatorComputation: {
    entered: { zh: '填报', en: 'Entered' },
    rollup: { zh: '汇总', en: 'Rolled up' },
  },
  reportStatus: {
    draft: { zh: '草稿', en: 'Draft' },
    submitted: { zh: '待审核', en: 'Submitted' },
    returned: { zh: '已退回', en: 'Returned' },
    accepted: { zh: '已通过', en: 'Accepted' },
  },
  reportDecision: {
    accept: { zh: '通过', en: 'Accept' },
    return: { zh: '退回', en: 'Return' },
  },
  periodKind: {
    monthly: { zh: '月度', en: 'Monthly' },
    quarterly: { zh: '季度', en: 'Quarterly' },
  },
  /** Whose figures a card of 工作台 holds; a city or units are shown by their names. */
  reachLevel: {
    pair: { zh: '全结对城市', en: 'Whole pair' },
    city: { zh: '本市', en: 'Own city' },
    units: { zh: '本单位', en: 'Own units' },
    self: { zh: '仅本人', en: 'Yours only' },
  },
  supervisionStatus: {
    open: { zh: '办理中', en: 'Open' },
    replied: { zh: '已回复', en: 'Replied' },
    closed: { zh: '已办结', en: 'Closed' },
  },
  meetingStatus: {
    planned: { zh: '计划中', en: 'Planned' },
    held: { zh: '已召开', en: 'Held' },
  },
  meetingLinkKind: {
    task: { zh: '任务', en: 'Task' },
    supervision: { zh: '督办事项', en: 'Supervision item' },
    project: { zh: '项目', en: 'Project' },
  },
  planVersionStatus: {
    draft: { zh: '草稿', en: 'Draft' },
    published: { zh: '已发布', en: 'Published' },
    superseded: { zh: '已被替代', en: 'Superseded' },
  },
  inspectionPlanStatus: {
    draft: { zh: '草稿', en: 'Draft' },
    fixed: { zh: '名录已固定', en: 'Lists fixed' },
    drawn: { zh: '已抽取', en: 'Drawn' },
    published: { zh: '已公开', en: 'Published' },
  },
  inspectionStatus: {
    pending: { zh: '待检查', en: 'Pending' },
    done: { zh: '已检查', en: 'Done' },
  },
  inspectionOutcome: {
    no_issue: { zh: '未发现问题', en: 'No issue' },
    rectify: { zh: '责令整改', en: 'Rectification ordered' },
    case_filed: { zh: '立案查处', en: 'Case filed' },
  },
  fixedValueSource: {
    office: { zh: '办公室录入', en: 'Entered by the office' },
    nonce: { zh: '随机数', en: 'Random nonce' },
  },
  unitType: {
    coordination_office: { zh: '领导小组办公室', en: 'Coordination office' },
    department: { zh: '部门', en: 'Department' },
    district: { zh: '区', en: 'District' },
    county: { zh: '县（市、区）', en: 'County' },
    institution: { zh: '事业单位', en: 'Institution' },
    enterprise: { zh: '企业', en: 'Enterprise' },
  },
  role: {
    system_admin: { zh: '系统管理员', en: 'System administrator' },
    office_admin: { zh: '办公室管理员', en: 'Office administrator' },
    unit_reporter: { zh: '单位填报员', en: 'Unit reporter' },
    viewer: { zh: '领导（只读）', en: 'Viewer (read-only)' },
    external: { zh: '外部用户', en: 'External user' },
  },
  scope: {
    all: { zh: '全部', en: 'All' },
    city: { zh: '本市', en: 'One city' },
    unit_tree: { zh: '本单位及下级', en: 'Unit and below' },
    unit: { zh: '本单位', en: 'Own unit' },
    self: { zh: '仅本人', en: 'Self' },
  },
  userStatus: {
    active: { zh: '正常', en: 'Active' },
    disabled: { zh: '已停用', en: 'Disabled' },
  },
  registryGroup: {
    projects: { zh: '项目与园区', en: 'Projects and parks' },
    exchanges: { zh: '结对与交流', en: 'Pairings and exchanges' },
    resources: { zh: '基地与资源', en: 'Bases and resources' },
  },
  rollupAggregate: {
    count: { zh: '记录条数', en: 'Counting records' },
    sum: { zh: '字段求和', en: 'Summing a field' },
    countDistinct: { zh: '字段去重计数', en: 'Counting distinct values' },
  },
  rollupPeriod: {
    year: { zh: '按年度', en: 'Per year' },
    all: { zh: '累计', en: 'All time' },
  },
  rollupOp: {
    eq: { zh: '等于', en: 'equals' },
    ne: { zh: '不等于', en: 'is not' },
    in: { zh: '属于', en: 'one of' },
    gte: { zh: '不小于', en: 'at least' },
    lte: { zh: '不大于', en: 'at most' },
  },
  attachmentOwner: {
    task: { zh: '任务', en: 'Task' },
    report: { zh: '进展报告', en: 'Progress report' },
    supervision: { zh: '督办事项', en: 'Supervision item' },
    registry_record: { zh: '台账记录', en: 'Registry record' },
  },
  waterBody: {
    river: { zh: '河流', en: 'River' },
    lake: { zh: '湖泊、水库', en: 'Lake or reservoir' },
  },
  waterWarningKind: {
    exceedance: { zh: '超过目标限值', en: 'Above the target limit' },
    worsening_trend: { zh: '水质连续恶化', en: 'Worsening run' },
  },
  waterRule: {
    compliance: { zh: '达标率规则', en: 'Compliance rule' },
    index: { zh: '补偿指数规则', en: 'Index rule' },
  },
  waterVerdict: {
    pass: { zh: '达标', en: 'Met' },
    fail: { zh: '未达标', en: 'Not met' },
    downstream_pays: { zh: '下游补偿上游', en: 'Downstream pays' },
    upstream_pays: { zh: '上游补偿下游', en: 'Upstream pays' },
    insufficient_data: { zh: '数据不足，无法评价', en: 'Insufficient data' },
  },
} as const satisfies Record<string, Readonly<Record<string, { zh: string; en: string }>>>;

export type EnumGroup = keyof typeof ENUM_LABELS;
export type EnumValue<G extends EnumGroup> = keyof (typeof ENUM_LABELS)[G] & string;
type EnumKey = { [G in EnumGroup]: `enum.${G}.${EnumValue<G>}` }[EnumGroup];

/** The dictionary as message keys `enum.<group>.<value>`, merged into the UI's messages. */
export const enumMessages = Object.fromEntries(
  Object.entries(ENUM_LABELS).flatMap(([group, values]) => Object.entries(values).map(([value, label]) => [`enum.${group}.${value}`, label])),
) as Record<EnumKey, { zh: string; en: string }>;
