import { enumMessages } from './enums.js';
import { adminMessages } from './messages/admin.js';
import { bulletinsMessages } from './messages/bulletins.js';
import { dashboardMessages } from './messages/dashboard.js';
import { homeMessages } from './messages/home.js';
import { inspectionsMessages } from './messages/inspections.js';
import { instructionsMessages } from './messages/instructions.js';
import { meetingsMessages } from './messages/meetings.js';
import { planAnalysisMessages } from './messages/plans.js';
import { registriesMessages } from './messages/registries.js';
import { reportsMessages } from './messages/reports.js';
import { scoringMessages } from './messages/scoring.js';
import { supervisionLoopMessages } from './messages/supervision.js';
import { tasksMessages } from './messages/tasks.js';
import { waterMessages } from './messages/water.js';

/**
 * Every string the UI shows, Simplified Chinese first and English second. Placeholders are
 * written `{name}` and filled by `t(key, { name })`. Keys are grouped by screen.
 */
export const messages = {
  // Application
  'app.name': { zh: '对口合作平台', en: 'Duikou Cooperation Platform' },
  'app.shortName': { zh: '对口合作平台', en: 'Duikou Platform' },
  'app.subtitle': { zh: '结对城市对口合作工作平台', en: 'Counterpart cooperation between paired cities' },
  'app.loading': { zh: '正在加载…', en: 'Loading…' },
  'app.retry': { zh: '重试', en: 'Retry' },
  'common.colon': { zh: '：', en: ': ' },
  'common.progress': { zh: '完成进度', en: 'Progress' },
  'common.divisionCode': { zh: '行政区划代码：{code}', en: 'Division code: {code}' },
  'common.username': { zh: '用户名：{code}', en: 'Username: {code}' },
  'common.sectionCode': { zh: '断面编码：{code}', en: 'Section code: {code}' },
  'app.skipToContent': { zh: '跳到主要内容', en: 'Skip to main content' },

  // Language
  'lang.switchTo': { zh: 'English', en: '中文' },
  'lang.switchToLabel': { zh: 'Switch to English', en: '切换到中文' },

  // Errors not coming from the server
  'error.network': { zh: '无法连接服务器，请检查网络后重试', en: 'Cannot reach the server; check the network and retry' },
  'error.unexpected': { zh: '服务器返回了无法识别的应答（HTTP {status}）', en: 'The server answered unexpectedly (HTTP {status})' },
  'error.forbiddenTitle': { zh: '没有权限', en: 'Not allowed' },
  'error.forbidden': { zh: '您的账号没有访问此页面的权限。', en: 'Your account may not open this page.' },
  'error.notFoundTitle': { zh: '页面不存在', en: 'Page not found' },
  'error.notFound': { zh: '您访问的页面不存在或已被移除。', en: 'The page does not exist or was removed.' },
  'error.backHome': { zh: '返回工作台', en: 'Back to the dashboard' },
  'error.requestIdLabel': { zh: '请求编号：', en: 'Request id: ' },

  // Login
  'login.title': { zh: '登录', en: 'Log in' },
  'login.username': { zh: '用户名', en: 'Username' },
  'login.usernameRequired': { zh: '请输入用户名', en: 'Enter your username' },
  'login.password': { zh: '密码', en: 'Password' },
  'login.passwordRequired': { zh: '请输入密码', en: 'Enter your password' },
  'login.submit': { zh: '登录', en: 'Log in' },
  'login.failed': { zh: '登录失败', en: 'Login failed' },
  'login.lockedUntil': { zh: '账号锁定至 {time}，届时可再次登录。', en: 'The account is locked until {time}.' },
  'login.lockHint': { zh: '连续输错密码 5 次，账号将锁定 15 分钟。', en: 'Five wrong passwords in a row lock the account for 15 minutes.' },
  'login.loggedOut': { zh: '您已退出登录', en: 'You have logged out' },
  'login.sessionEnded': { zh: '登录已失效，请重新登录', en: 'Your session ended; please log in again' },

  // Change password
  'password.title': { zh: '修改密码', en: 'Change password' },
  'password.forcedHint': {
    zh: '首次登录或密码被重置后，须先修改密码才能继续使用平台。',
    en: 'After the first login or a reset, change your password before going on.',
  },
  'password.policyTitle': { zh: '密码要求', en: 'Password rules' },
  'password.policyLength': { zh: '至少 10 个字符', en: 'At least 10 characters' },
  'password.policyClasses': {
    zh: '包含小写字母、大写字母、数字、其他符号四类中的至少 3 类',
    en: 'At least 3 of 4 kinds: lower case, upper case, digits, other symbols',
  },
  'password.policyUsername': { zh: '不能包含用户名', en: 'Must not contain the username' },
  'password.policyDifferent': { zh: '不能与当前密码相同', en: 'Must differ from the current password' },
  'password.current': { zh: '当前密码', en: 'Current password' },
  'password.currentRequired': { zh: '请输入当前密码', en: 'Enter the current password' },
  'password.new': { zh: '新密码', en: 'New password' },
  'password.newRequired': { zh: '请输入新密码', en: 'Enter a new password' },
  'password.confirm': { zh: '确认新密码', en: 'Confirm the new password' },
  'password.confirmRequired': { zh: '请再次输入新密码', en: 'Enter the new password again' },
  'password.confirmMismatch': { zh: '两次输入的新密码不一致', en: 'The two new passwords differ' },
  'password.submit': { zh: '确认修改', en: 'Change password' },
  'password.cancel': { zh: '返回', en: 'Back' },
  'password.changed': { zh: '密码已修改', en: 'The password was changed' },
  'password.problem.too_short': { zh: '密码至少 10 个字符', en: 'The password needs at least 10 characters' },
  'password.problem.too_long': { zh: '密码不能超过 128 个字符', en: 'The password may have at most 128 characters' },
  'password.problem.too_few_classes': {
    zh: '密码须包含小写字母、大写字母、数字、其他符号中的至少 3 类',
    en: 'The password needs 3 of: lower case, upper case, digits, other symbols',
  },
  'password.problem.contains_username': { zh: '密码不能包含用户名', en: 'The password must not contain the username' },
  'password.problem.same_as_current': { zh: '新密码不能与当前密码相同', en: 'The new password must differ from the current one' },
  'password.problem.wrong_current': { zh: '当前密码错误', en: 'The current password is wrong' },

  // Shell
  'menu.dashboard': { zh: '工作台', en: 'Dashboard' },
  'menu.plans': { zh: '方案', en: 'Plans' },
  'menu.tasks': { zh: '任务', en: 'Tasks' },
  'menu.reports': { zh: '进展报告', en: 'Progress reports' },
  'menu.supervision': { zh: '督办', en: 'Supervision' },
  'menu.admin': { zh: '系统管理', en: 'Administration' },
  'menu.notifications': { zh: '通知', en: 'Notifications' },
  'menu.main': { zh: '主菜单', en: 'Main menu' },
  'header.pair': { zh: '结对城市', en: 'City pair' },
  'header.openMenu': { zh: '打开菜单', en: 'Open the menu' },
  'filters.toggle': { zh: '筛选', en: 'Filters' },
  'filters.toggleActive': { zh: '筛选（{count}）', en: 'Filters ({count})' },
  'header.switchPair': { zh: '切换结对城市', en: 'Switch the city pair' },
  'header.noPair': { zh: '暂无可见的结对城市', en: 'No city pair visible' },
  'header.bell': { zh: '通知，{count} 条未读', en: 'Notifications, {count} unread' },
  'header.userMenu': { zh: '用户菜单：{name}', en: 'User menu: {name}' },
  'header.changePassword': { zh: '修改密码', en: 'Change password' },
  'header.language': { zh: '语言', en: 'Language' },
  'header.logout': { zh: '退出登录', en: 'Log out' },

  // Dashboard
  'dashboard.title': { zh: '工作台', en: 'Dashboard' },
  'dashboard.welcome': { zh: '{name}，您好', en: 'Hello, {name}' },
  'dashboard.noTasksRight': {
    zh: '您的账号可以查看通知。任务和方案由各单位和领导小组办公室维护。',
    en: 'Your account can read notifications. Tasks and plans are kept by the units and the coordination office.',
  },
  'dashboard.noPlanTitle': { zh: '尚未发布实施方案', en: 'No plan published yet' },
  'dashboard.noPlanHint': {
    zh: '领导小组办公室在“方案”中导入并发布《对口合作实施方案》后，这里将显示任务统计、红黄绿灯和领导摘要。',
    en: 'Once the coordination office imports and publishes the cooperation plan under Plans, task counts, lights and the summary appear here.',
  },
  'dashboard.goPlans': { zh: '前往方案', en: 'Go to plans' },
  'dashboard.plan': { zh: '实施方案：{title}', en: 'Plan: {title}' },
  'dashboard.summary': { zh: '领导摘要', en: 'Summary for leaders' },
  'dashboard.summaryZhOnly': { zh: '领导摘要仅提供中文。', en: 'The summary is written in Chinese.' },
  'dashboard.summaryEmpty': { zh: '暂无摘要', en: 'No summary yet' },
  'dashboard.totalTasks': { zh: '任务总数', en: 'Tasks' },
  'dashboard.completionRate': { zh: '完成率', en: 'Completion' },
  'dashboard.overdueReports': { zh: '逾期未报', en: 'Overdue reports' },
  'dashboard.overdueSupervision': { zh: '逾期督办', en: 'Overdue supervision' },
  'dashboard.indicators': { zh: '指标达成', en: 'Indicators attained' },
  'dashboard.lights': { zh: '红黄绿灯', en: 'Traffic lights' },
  'dashboard.statuses': { zh: '任务状态', en: 'Task status' },
  'dashboard.byChapter': { zh: '分章统计', en: 'By chapter' },
  'dashboard.chapter': { zh: '章', en: 'Chapter' },
  'dashboard.chapterNo': { zh: '第{no}章', en: 'Chapter {no}' },
  'dashboard.tasks': { zh: '任务数', en: 'Tasks' },
  'dashboard.unitTasks': { zh: '{count} 项', en: '{count}' },

  // Plans
  'plans.title': { zh: '实施方案', en: 'Plans' },
  'plans.empty': { zh: '暂无方案', en: 'No plan yet' },
  'plans.emptyHint': {
    zh: '点击右上方的“导入方案”按钮，粘贴方案全文，或上传 .txt / .docx 文件或任务分工表 .xlsx 文件。',
    en: 'Use the “Import a plan” button at the top right to paste the plan text or upload a .txt / .docx file or a task table in .xlsx.',
  },
  'plans.emptyHintReadOnly': {
    zh: '领导小组办公室导入并发布方案后，方案将显示在这里。',
    en: 'The plan appears here once the coordination office imports and publishes it.',
  },
  'plans.colTitle': { zh: '方案名称', en: 'Title' },
  'plans.colVersions': { zh: '版本', en: 'Versions' },
  'plans.colPublished': { zh: '发布日期', en: 'Published on' },
  'plans.version': { zh: '第 {no} 版', en: 'v{no}' },
  'plans.import': { zh: '导入方案', en: 'Import a plan' },
  'plans.open': { zh: '打开{version}', en: 'Open {version}' },

  // Plan import
  'planImport.title': { zh: '方案导入', en: 'Import a plan' },
  'planImport.hint': {
    zh: '粘贴方案全文，或上传 .txt / .docx 文件或任务分工表 .xlsx 文件。导入后生成待校对的草稿版本。',
    en: 'Paste the full plan text or upload a .txt / .docx file or a task table in .xlsx. The import makes a draft version to review.',
  },
  'planImport.planTitle': { zh: '方案名称', en: 'Plan title' },
  'planImport.defaultTitle': { zh: '对口合作实施方案', en: '对口合作实施方案' },
  'planImport.mode': { zh: '导入方式', en: 'Source' },
  'planImport.modeText': { zh: '粘贴文本', en: 'Paste text' },
  'planImport.modeFile': { zh: '上传文件', en: 'Upload a file' },
  'planImport.text': { zh: '方案文本', en: 'Plan text' },
  'planImport.textRequired': { zh: '请粘贴方案文本', en: 'Paste the plan text' },
  'planImport.file': { zh: '方案文件', en: 'Plan file' },
  'planImport.choose': { zh: '选择文件', en: 'Choose a file' },
  'planImport.chooseAnother': { zh: '重新选择', en: 'Choose another' },
  'planImport.fileHint': {
    zh: '支持 .txt（UTF-8 或 GB 18030）、.docx 文件和任务分工表 .xlsx 文件',
    en: '.txt (UTF-8 or GB 18030), .docx, or a task table in .xlsx',
  },
  'planImport.fileRequired': { zh: '请选择 .txt、.docx 或 .xlsx 文件', en: 'Choose a .txt, .docx or .xlsx file' },
  'planImport.fileChosen': { zh: '已选择：{name}', en: 'Chosen: {name}' },
  'planImport.fileReadError': { zh: '无法读取该文件', en: 'The file cannot be read' },
  'planImport.submit': { zh: '导入并校对', en: 'Import and review' },
  'planImport.noPair': { zh: '请先选择结对关系', en: 'Choose a pair first' },
  'planImport.done': { zh: '已导入为第 {no} 版草稿', en: 'Imported as draft v{no}' },

  // Plan review
  'planReview.title': { zh: '方案校对', en: 'Plan review' },
  'planReview.counts': { zh: '共 {chapters} 章 {articles} 条', en: '{chapters} chapters, {articles} articles' },
  'planReview.outline': { zh: '方案结构', en: 'Outline' },
  'planReview.source': { zh: '原文', en: 'Source text' },
  'planReview.locate': { zh: '在原文中定位第{number}条：{title}', en: 'Show article {number} in the source: {title}' },
  'planReview.articleTitle': { zh: '第{number}条标题', en: 'Title of article {number}' },
  'planReview.merge': { zh: '并入上一条', en: 'Merge into previous' },
  'planReview.mergeLabel': { zh: '将第{number}条并入上一条', en: 'Merge article {number} into the previous one' },
  'planReview.deleteMeasure': { zh: '删除举措', en: 'Delete measure' },
  'planReview.deleteMeasureLabel': { zh: '删除举措：{text}', en: 'Delete measure: {text}' },
  'planReview.noMeasures': { zh: '无举措', en: 'No measures' },
  'planReview.save': { zh: '保存校对', en: 'Save corrections' },
  'planReview.saved': { zh: '校对已保存', en: 'Corrections saved' },
  'planReview.unsaved': { zh: '有未保存的修改', en: 'Unsaved changes' },
  'planReview.publish': { zh: '发布', en: 'Publish' },
  'planReview.publishConfirmTitle': { zh: '确认发布此版本？', en: 'Publish this version?' },
  'planReview.publishConfirm': {
    zh: '发布后此版本成为现行方案，不能再修改；上一个已发布版本将被替代。',
    en: 'Once published this version is the plan in force and cannot be edited; the previous published version is superseded.',
  },
  'planReview.publishOk': { zh: '确认发布', en: 'Publish' },
  'planReview.cancel': { zh: '取消', en: 'Cancel' },
  'planReview.published': { zh: '方案已发布', en: 'Plan published' },
  'planReview.saveFirst': { zh: '请先保存校对再发布', en: 'Save the corrections before publishing' },
  'planReview.readOnly': { zh: '此版本不是草稿，仅供查看。', en: 'This version is not a draft; it is read-only.' },
  'planReview.diffTitleAgainst': { zh: '与上一发布版本（第 {no} 版）相比', en: 'Compared with the previous published version (v{no})' },
  'planReview.diffFirstDraft': {
    zh: '此前尚无已发布版本：此草稿发布后即为首个发布版本',
    en: 'No version has been published before: once published, this draft is the first published version',
  },
  'planReview.diffFirstPublished': {
    zh: '首个发布版本，无可比较的上一版本',
    en: 'The first published version: there is no earlier version to compare with',
  },
  'planReview.diffUnchanged': { zh: '与已发布版本相比无变化', en: 'No change from the published version' },
  'planReview.diffAdded': { zh: '新增 {count} 条', en: '{count} added' },
  'planReview.diffRemoved': { zh: '删除 {count} 条', en: '{count} removed' },
  'planReview.diffRetitled': { zh: '标题修改 {count} 条', en: '{count} retitled' },
  'planReview.diffMeasures': { zh: '举措变化 {count} 条', en: '{count} with changed measures' },
  'planReview.back': { zh: '返回方案列表', en: 'Back to plans' },
  'planReview.warnings': { zh: '解析提示', en: 'Parser notes' },
  'planReview.sourceNote': { zh: '来源说明', en: 'Source' },

  // Tasks
  'tasks.title': { zh: '任务台账', en: 'Tasks' },
  'tasks.search': { zh: '关键词', en: 'Keyword' },
  'tasks.searchPlaceholder': { zh: '按任务名称搜索', en: 'Search task titles' },
  'tasks.filterStatus': { zh: '状态', en: 'Status' },
  'tasks.filterLight': { zh: '红黄绿灯', en: 'Light' },
  'tasks.all': { zh: '全部', en: 'All' },
  'tasks.colArticle': { zh: '条款', en: 'Article' },
  'tasks.colTitle': { zh: '任务', en: 'Task' },
  'tasks.colLead': { zh: '牵头单位', en: 'Lead units' },
  'tasks.colDue': { zh: '完成时限', en: 'Due' },
  'tasks.colStatus': { zh: '状态', en: 'Status' },
  'tasks.colLight': { zh: '红黄绿灯', en: 'Light' },
  'tasks.colProgress': { zh: '进度', en: 'Progress' },
  'tasks.empty': { zh: '暂无任务', en: 'No task' },
  'tasks.articleNo': { zh: '第{no}条', en: 'Art. {no}' },

  // Reports
  'reports.title': { zh: '进展报告', en: 'Progress reports' },
  'reports.todo': { zh: '待报送', en: 'To report' },
  'reports.colTask': { zh: '任务', en: 'Task' },
  'reports.colUnit': { zh: '报送单位', en: 'Unit' },
  'reports.colPeriod': { zh: '报送期', en: 'Period' },
  'reports.colDue': { zh: '截止日期', en: 'Deadline' },
  'reports.colStatus': { zh: '状态', en: 'Status' },
  'reports.overdue': { zh: '已逾期', en: 'Overdue' },
  'reports.notStarted': { zh: '未填报', en: 'Not started' },
  'reports.empty': { zh: '暂无需要处理的报告', en: 'Nothing to handle' },

  // Supervision
  'supervision.title': { zh: '督办事项', en: 'Supervision items' },
  'supervision.colRequirement': { zh: '督办要求', en: 'Requirement' },
  'supervision.colUnit': { zh: '承办单位', en: 'Unit' },
  'supervision.colDeadline': { zh: '办理时限', en: 'Deadline' },
  'supervision.colStatus': { zh: '状态', en: 'Status' },
  'supervision.overdue': { zh: '已逾期', en: 'Overdue' },
  'supervision.empty': { zh: '暂无督办事项', en: 'No supervision item' },

  // Administration
  'admin.title': { zh: '系统管理', en: 'Administration' },
  'admin.users': { zh: '用户', en: 'Users' },
  'admin.units': { zh: '单位', en: 'Units' },
  'admin.colUsername': { zh: '用户名', en: 'Username' },
  'admin.colDisplayName': { zh: '姓名', en: 'Name' },
  'admin.colUnit': { zh: '所属单位', en: 'Unit' },
  'admin.colRoles': { zh: '角色', en: 'Roles' },
  'admin.colStatus': { zh: '状态', en: 'Status' },
  'admin.colLastLogin': { zh: '最近登录', en: 'Last login' },
  'admin.userLocked': { zh: '已锁定', en: 'Locked' },
  'admin.colUnitName': { zh: '单位名称', en: 'Unit' },
  'admin.colUnitType': { zh: '类型', en: 'Type' },
  'admin.colAdminCode': { zh: '行政区划代码', en: 'Division code' },
  'admin.never': { zh: '从未登录', en: 'Never' },
  ...adminMessages,

  // Notifications
  'notifications.title': { zh: '通知', en: 'Notifications' },
  'notifications.unread': { zh: '未读', en: 'Unread' },
  'notifications.read': { zh: '已读', en: 'Read' },
  'notifications.markRead': { zh: '标为已读', en: 'Mark as read' },
  'notifications.markAllRead': { zh: '全部标为已读', en: 'Mark all as read' },
  'notifications.empty': { zh: '暂无通知', en: 'No notification' },
  'notifications.open': { zh: '查看', en: 'Open' },

  // Tables
  'table.total': { zh: '共 {total} 条', en: '{total} in all' },

  // Areas with their own file (src/i18n/messages/<area>.ts)
  ...dashboardMessages,
  ...homeMessages,
  ...reportsMessages,
  ...supervisionLoopMessages,
  ...planAnalysisMessages,
  ...tasksMessages,
  ...meetingsMessages,
  ...bulletinsMessages,
  ...registriesMessages,
  ...inspectionsMessages,
  ...instructionsMessages,
  ...waterMessages,
  ...scoringMessages,
  // The words of the server's enum values (src/i18n/enums.ts)
  ...enumMessages,
} as const satisfies Record<string, { zh: string; en: string }>;

export type MessageKey = keyof typeof messages;
