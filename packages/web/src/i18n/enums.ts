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
    assigned: { zh: '待签收', en: 'To sign' },
    in_progress: { zh: '办理中', en: 'In progress' },
    completion_requested: { zh: '待审核办结', en: 'Completion to review' },
    closed: { zh: '已办结', en: 'Closed' },
  },
  /** 督办事项红黄灯 (domain supervisionLight). */
  supervisionLight: {
    green: { zh: '正常', en: 'On track' },
    yellow: { zh: '临期', en: 'Due soon' },
    red: { zh: '逾期', en: 'Overdue' },
    done: { zh: '办结', en: 'Done' },
  },
  supervisionSource: {
    office: { zh: '办公室交办', en: 'Raised by the office' },
    task: { zh: '任务督办', en: 'A task' },
    meeting: { zh: '联席会议议定事项', en: 'A joint meeting decision' },
    instruction: { zh: '领导批示', en: 'A leader instruction' },
    report: { zh: '退回的进展报告', en: 'A returned report' },
    inspection: { zh: '检查发现问题', en: 'An inspection finding' },
  },
  supervisionEventKind: {
    assigned: { zh: '立项交办', en: 'Assigned' },
    signed: { zh: '签收', en: 'Signed' },
    progress: { zh: '办理回复', en: 'Progress reply' },
    extension_requested: { zh: '申请延期', en: 'Extension requested' },
    extension_approved: { zh: '同意延期', en: 'Extension approved' },
    extension_refused: { zh: '不同意延期', en: 'Extension refused' },
    completion_requested: { zh: '申请办结', en: 'Completion applied for' },
    closed: { zh: '审核办结', en: 'Closed' },
    returned: { zh: '退回重办', en: 'Returned' },
    chased: { zh: '催办', en: 'Chased' },
    updated: { zh: '修改督办事项', en: 'Edited' },
    sign_reminded: { zh: '签收提醒', en: 'Reminded to sign' },
    sign_escalated: { zh: '逾期未签收上报', en: 'Escalated: not signed' },
    due_reminded: { zh: '临期提醒', en: 'Deadline reminder' },
    overdue: { zh: '到期催办', en: 'Overdue' },
  },
  /** 情况通报 figures, each a list filter. */
  supervisionFigure: {
    raised: { zh: '交办', en: 'Raised' },
    closed_on_time: { zh: '按期办结', en: 'Closed on time' },
    closed_late: { zh: '逾期办结', en: 'Closed late' },
    extended: { zh: '延期', en: 'Extended' },
    overdue: { zh: '逾期', en: 'Overdue' },
    chased: { zh: '被催办', en: 'Chased' },
  },
  /** Whose move an item waits for (工作台's supervision cards). */
  supervisionWaitingFor: {
    unit: { zh: '待单位办理', en: 'The unit’s move' },
    office: { zh: '待办公室审核', en: 'The office’s move' },
  },
  extensionStatus: {
    pending: { zh: '待审批', en: 'Pending' },
    approved: { zh: '已同意', en: 'Approved' },
    refused: { zh: '未同意', en: 'Refused' },
  },
  extensionDecision: {
    approve: { zh: '同意延期', en: 'Approve' },
    refuse: { zh: '不同意', en: 'Refuse' },
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
  /** How a unit name written in a plan maps to the pair's units, resolved anew on each read. */
  planUnitNameStatus: {
    resolved: { zh: '已对应', en: 'Matched' },
    ambiguous: { zh: '待确认', en: 'To confirm' },
    unresolved: { zh: '未对应', en: 'Not matched' },
  },
  /** What a task table's 完成时限 says, as the parser read it. */
  planDeadlineKind: {
    date: { zh: '按期完成', en: 'By a date' },
    recurring: { zh: '定期', en: 'Recurring' },
    open: { zh: '长期', en: 'Ongoing' },
    unknown: { zh: '无法识别', en: 'Not recognised' },
  },
  planDeadlineEvery: {
    year: { zh: '每年', en: 'Every year' },
    'half-year': { zh: '每半年', en: 'Every half-year' },
    quarter: { zh: '每季度', en: 'Every quarter' },
    month: { zh: '每月', en: 'Every month' },
  },
  /** How a responsibility note is written: after the heading in brackets, on lines of its own, or in a sentence. */
  planResponsibilityForm: {
    bracket: { zh: '括号注明', en: 'In brackets' },
    lines: { zh: '分行注明', en: 'On separate lines' },
    sentence: { zh: '句中写明', en: 'In a sentence' },
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
  bulletinStatus: {
    draft: { zh: '草稿', en: 'Draft' },
    published: { zh: '已发布', en: 'Published' },
  },
  attachmentOwner: {
    task: { zh: '任务', en: 'Task' },
    report: { zh: '进展报告', en: 'Progress report' },
    supervision: { zh: '督办事项', en: 'Supervision item' },
    registry_record: { zh: '台账记录', en: 'Registry record' },
    instruction: { zh: '领导批示', en: 'Leader instruction' },
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
  /** 考评: the rules a city's office scores units by (domain engines/unit-scoring). */
  scoringRule: {
    report_on_time: { zh: '按时报送进展', en: 'Report on time' },
    report_late: { zh: '逾期报送进展', en: 'Report late' },
    supervision_closed_on_time: { zh: '督办事项按期办结', en: 'Item closed on time' },
    supervision_closed_late: { zh: '督办事项逾期办结', en: 'Item closed late' },
    supervision_overdue: { zh: '督办事项逾期未办结', en: 'Item overdue' },
    supervision_extension: { zh: '督办事项获准延期', en: 'Extension approved' },
    supervision_chased: { zh: '督办事项被催办', en: 'Item chased' },
    task_completed: { zh: '完成任务（分值 × 任务权重）', en: 'Task completed (points × weight)' },
  },
  waterVerdict: {
    pass: { zh: '达标', en: 'Met' },
    fail: { zh: '未达标', en: 'Not met' },
    downstream_pays: { zh: '下游补偿上游', en: 'Downstream pays' },
    upstream_pays: { zh: '上游补偿下游', en: 'Upstream pays' },
    insufficient_data: { zh: '数据不足，无法评价', en: 'Insufficient data' },
  },
  /**
   * The audit log's actions by code (the server's list, `audit.actions.ts`); a registry record's
   * actions carry its kind (`registry.project.create`) and are named once for every kind (`auditActionKey`).
   */
  auditAction: {
    'auth.login': { zh: '登录', en: 'Login' },
    'auth.login_failed': { zh: '登录失败', en: 'Failed login' },
    'auth.locked': { zh: '账号锁定', en: 'Account locked' },
    'auth.logout': { zh: '退出登录', en: 'Logout' },
    'auth.password_changed': { zh: '修改密码', en: 'Password changed' },
    'user.create': { zh: '新增用户', en: 'User created' },
    'user.update': { zh: '修改用户', en: 'User edited' },
    'user.disable': { zh: '停用用户', en: 'User disabled' },
    'user.reset_password': { zh: '重置密码', en: 'Password reset' },
    'user.set_roles': { zh: '分配角色与数据范围', en: 'Roles replaced' },
    'unit.create': { zh: '新增单位', en: 'Unit created' },
    'unit.update': { zh: '修改单位', en: 'Unit edited' },
    'unit.disable': { zh: '停用单位', en: 'Unit disabled' },
    'pair.create': { zh: '新增结对城市', en: 'Pair created' },
    'pair.seed': { zh: '载入默认结对数据', en: 'Default pair loaded' },
    'plan.import': { zh: '导入方案', en: 'Plan imported' },
    'plan.edit_outline': { zh: '校对方案', en: 'Plan outline corrected' },
    'plan.publish': { zh: '发布方案', en: 'Plan published' },
    'unit_alias.save': { zh: '保存单位名称对应', en: 'Unit name mapped' },
    'unit_alias.delete': { zh: '删除单位名称对应', en: 'Unit name mapping removed' },
    'task.create': { zh: '新增任务', en: 'Task created' },
    'task.update': { zh: '修改任务', en: 'Task edited' },
    'task.export': { zh: '导出任务台账', en: 'Tasks exported' },
    'task.template_download': { zh: '下载任务导入模板', en: 'Task template downloaded' },
    'report_periods.create': { zh: '设置报送期', en: 'Report periods created' },
    'report_period.update': { zh: '修改报送期', en: 'Report period edited' },
    'report_period.close': { zh: '关闭报送期', en: 'Report period closed' },
    'report_period.reopen': { zh: '重新开放报送期', en: 'Report period reopened' },
    'report.save': { zh: '保存进展报告', en: 'Report saved' },
    'report.submit': { zh: '提交进展报告', en: 'Report submitted' },
    'report.resubmit': { zh: '重新提交进展报告', en: 'Report resubmitted' },
    'report.accept': { zh: '通过进展报告', en: 'Report accepted' },
    'report.return': { zh: '退回进展报告', en: 'Report returned' },
    'supervision.create': { zh: '新增督办', en: 'Supervision item created' },
    'supervision.update': { zh: '修改督办', en: 'Supervision item edited' },
    'supervision.reply': { zh: '回复督办', en: 'Supervision item replied' },
    'supervision.close': { zh: '办结督办', en: 'Supervision item closed' },
    'supervision.sign': { zh: '签收督办', en: 'Supervision item signed' },
    'supervision.extension_request': { zh: '申请延期', en: 'Extension requested' },
    'supervision.extension_decide': { zh: '审批延期', en: 'Extension decided' },
    'supervision.completion_request': { zh: '申请办结', en: 'Completion applied for' },
    'supervision.return': { zh: '退回重办', en: 'Supervision item returned' },
    'supervision.chase': { zh: '催办', en: 'Supervision item chased' },
    'supervision.settings': { zh: '修改督办设置', en: 'Supervision settings changed' },
    'bulletin.create': { zh: '生成情况通报草稿', en: 'Bulletin drafted' },
    'bulletin.publish': { zh: '发布情况通报', en: 'Bulletin published' },
    'bulletin.delete': { zh: '删除情况通报草稿', en: 'Bulletin draft removed' },
    'bulletin.export': { zh: '下载情况通报', en: 'Bulletin downloaded' },
    'attachment.upload': { zh: '上传附件', en: 'Attachment uploaded' },
    'attachment.download': { zh: '下载附件', en: 'Attachment downloaded' },
    'meeting.create': { zh: '新增联席会议', en: 'Meeting created' },
    'meeting.update': { zh: '修改联席会议', en: 'Meeting edited' },
    'meeting.hold': { zh: '会议标记为已召开', en: 'Meeting marked held' },
    'meeting.minutes_export': { zh: '下载会议纪要', en: 'Minutes downloaded' },
    'instruction.create': { zh: '录入领导批示', en: 'Instruction recorded' },
    'instruction.update': { zh: '修改领导批示', en: 'Instruction edited' },
    'instruction.delete': { zh: '删除领导批示', en: 'Instruction removed' },
    'registry.export': { zh: '导出台账', en: 'Registry exported' },
    'registry.template_download': { zh: '下载台账导入模板', en: 'Registry template downloaded' },
    'registry.options.save': { zh: '保存下拉选项', en: 'Option list saved' },
    'rollup.create': { zh: '新增合作指标', en: 'Indicator created' },
    'rollup.update': { zh: '修改合作指标', en: 'Indicator edited' },
    'rollup.delete': { zh: '删除合作指标', en: 'Indicator removed' },
    'rollups.seed': { zh: '载入默认合作指标', en: 'Default indicators loaded' },
    'inspection.findings': { zh: '登记检查结果', en: 'Findings recorded' },
    'inspection_entity.create': { zh: '新增检查对象', en: 'Inspected entity created' },
    'inspection_entity.update': { zh: '修改检查对象', en: 'Inspected entity edited' },
    'inspection_entity.delete': { zh: '删除检查对象', en: 'Inspected entity removed' },
    'inspection_entity.import': { zh: '导入检查对象名录', en: 'Entity register imported' },
    'inspection_entity.template_download': { zh: '下载检查对象模板', en: 'Entity template downloaded' },
    'inspection_inspector.create': { zh: '新增执法检查人员', en: 'Inspector created' },
    'inspection_inspector.update': { zh: '修改执法检查人员', en: 'Inspector edited' },
    'inspection_inspector.delete': { zh: '删除执法检查人员', en: 'Inspector removed' },
    'inspection_inspector.import': { zh: '导入执法检查人员名录', en: 'Inspector register imported' },
    'inspection_inspector.template_download': { zh: '下载执法检查人员模板', en: 'Inspector template downloaded' },
    'inspection_plan.create': { zh: '新增抽查计划', en: 'Inspection plan created' },
    'inspection_plan.update': { zh: '修改抽查计划', en: 'Inspection plan edited' },
    'inspection_plan.fix': { zh: '固定抽查名录', en: 'Inspection lists fixed' },
    'inspection_plan.draw': { zh: '抽取', en: 'Drawn' },
    'inspection_plan.publish': { zh: '公开抽查结果', en: 'Draw published' },
    'water.section.create': { zh: '新增监测断面', en: 'Section created' },
    'water.section.update': { zh: '修改监测断面', en: 'Section edited' },
    'water.section.delete': { zh: '删除监测断面', en: 'Section removed' },
    'water.section.seed': { zh: '载入默认监测断面', en: 'Default sections loaded' },
    'water.samples.import': { zh: '导入水质监测数据', en: 'Samples imported' },
    'water.agreement.create': { zh: '新增生态补偿协议', en: 'Agreement created' },
    'water.agreement.update': { zh: '修改生态补偿协议', en: 'Agreement edited' },
    'water.agreement.delete': { zh: '删除生态补偿协议', en: 'Agreement removed' },
    'water.assessment.export': { zh: '导出考核结果', en: 'Assessment exported' },
    'scoring.rules.create': { zh: '制定考评规则', en: 'Scoring rules created' },
    'scoring.rules.update': { zh: '修改考评规则', en: 'Scoring rules changed' },
    'scoring.rebuild': { zh: '重算考评得分', en: 'Scores rebuilt' },
    'scoring.export': { zh: '导出考评结果', en: 'Scores exported' },
    'registry.record.create': { zh: '新增台账记录', en: 'Registry record created' },
    'registry.record.update': { zh: '修改台账记录', en: 'Registry record edited' },
    'registry.record.delete': { zh: '删除台账记录', en: 'Registry record deleted' },
    'registry.record.stage': { zh: '推进或退回阶段', en: 'Stage changed' },
  },
  /** The kinds of record an audit entry is about. */
  auditEntity: {
    user: { zh: '用户', en: 'User' },
    unit: { zh: '单位', en: 'Unit' },
    pair: { zh: '结对城市', en: 'City pair' },
    plan: { zh: '方案', en: 'Plan' },
    plan_version: { zh: '方案版本', en: 'Plan version' },
    unit_alias: { zh: '单位名称对应', en: 'Unit name mapping' },
    task: { zh: '任务', en: 'Task' },
    report_period: { zh: '报送期', en: 'Report period' },
    progress_report: { zh: '进展报告', en: 'Progress report' },
    report: { zh: '进展报告', en: 'Progress report' },
    supervision: { zh: '督办事项', en: 'Supervision item' },
    supervision_bulletin: { zh: '情况通报', en: 'Supervision bulletin' },
    instruction: { zh: '领导批示', en: 'Leader instruction' },
    attachment: { zh: '附件', en: 'Attachment' },
    meeting: { zh: '联席会议', en: 'Meeting' },
    registry_record: { zh: '台账记录', en: 'Registry record' },
    registry_options: { zh: '下拉选项', en: 'Option list' },
    rollup: { zh: '合作指标', en: 'Indicator' },
    inspection_plan: { zh: '抽查计划', en: 'Inspection plan' },
    inspection: { zh: '抽查检查', en: 'Inspection' },
    inspection_entity: { zh: '检查对象', en: 'Inspected entity' },
    inspection_inspector: { zh: '执法检查人员', en: 'Inspector' },
    water_section: { zh: '监测断面', en: 'Monitoring section' },
    water_samples: { zh: '水质监测数据', en: 'Water samples' },
    water_agreement: { zh: '生态补偿协议', en: 'Compensation agreement' },
    scoring_rule_set: { zh: '考评规则', en: 'Scoring rules' },
  },
} as const satisfies Record<string, Readonly<Record<string, { zh: string; en: string }>>>;

export type EnumGroup = keyof typeof ENUM_LABELS;
export type EnumValue<G extends EnumGroup> = keyof (typeof ENUM_LABELS)[G] & string;
type EnumKey = { [G in EnumGroup]: `enum.${G}.${EnumValue<G>}` }[EnumGroup];

/** The dictionary as message keys `enum.<group>.<value>`, merged into the UI's messages. */
export const enumMessages = Object.fromEntries(
  Object.entries(ENUM_LABELS).flatMap(([group, values]) => Object.entries(values).map(([value, label]) => [`enum.${group}.${value}`, label])),
) as Record<EnumKey, { zh: string; en: string }>;

/**
 * The dictionary's key of an audit action: a registry record's action is named for every kind at
 * once (`registry.project.create` → `registry.record.create`); other codes are their own key.
 */
export function auditActionKey(code: string): string {
  return code.replace(/^registry\.(?!options\.|export$|template_download$)\w+\.(create|update|delete|stage)$/, 'registry.record.$1');
}
