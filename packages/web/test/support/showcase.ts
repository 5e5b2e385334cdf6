import { creditCodeCheckCharacter } from '@duikou/domain';
import { type ApiClient, apiSession, defaultPlanId, ok } from './api.js';
import { showcasePlanText } from './plans.js';
import type { Credentials } from './ui.js';

/**
 * A platform with something on every screen: the built-in plan (published again as version 2 with
 * a task table), two users besides the system administrator (the Ganzhou office and the 兴国县
 * reporter), tasks with reports, a supervision item, a joint meeting, registry records, a drawn and
 * published double-random inspection plan with a recorded finding, and a year of 东江 water samples
 * under an agreement. Built through the API as an office would; the sweep (sweep.browser.test.ts)
 * and the README's screenshots start from it.
 */

export const SHOWCASE_ADMIN_PASSWORD = 'Duikou#Pass2026';
export const SHOWCASE_OFFICE: Credentials = { username: 'gz.office', password: 'Office#Pass2026' };
export const SHOWCASE_REPORTER: Credentials = { username: 'xg.reporter', password: 'County#Pass2026' };

export interface Showcase {
  pairId: string;
  planId: string;
  planVersionId: string;
  taskId: string;
  /** The task, unit and period of a report the county owed (the address of its form). */
  owedReport: { taskId: string; unitId: string; periodId: string };
  reportId: string;
  supervisionId: string;
  /** A published 情况通报 of Ganzhou for this year so far. */
  bulletinId: string;
  instructionId: string;
  meetingId: string;
  projectId: string;
  inspectionPlanId: string;
  waterSectionId: string;
}

/** Today in China as YYYY-MM-DD, `days` from now. */
export function chinaDay(days = 0): string {
  return new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
}

const withCheckCharacter = (first17: string) => `${first17}${creditCodeCheckCharacter(first17)}`;
const creditCode = (n: number) => withCheckCharacter(`91360700MA35${String(n).padStart(5, '0')}`);

const WATER_HEADER = '断面编码,采样时间,pH,溶解氧(mg/L),高锰酸盐指数(mg/L),五日生化需氧量(mg/L),氨氮(mg/L),总磷(mg/L),总氮(mg/L)';

export async function seedShowcase(baseUrl: string): Promise<Showcase> {
  const admin = await apiSession(baseUrl, 'admin', SHOWCASE_ADMIN_PASSWORD);
  const pair = ok(await admin.GET('/api/v1/pairs')).items[0]!;
  const pairId = pair.id;
  const planId = await defaultPlanId(admin, pairId);
  const plan = ok(await admin.GET('/api/v1/plans', { params: { query: { pairId } } })).items.find((p) => p.id === planId)!;
  // The plan again with a task table, a responsibility note and a target, published as its version 2:
  // the review page then shows every card of what the parser found, and the table's rows can become tasks.
  const imported = ok(await admin.POST('/api/v1/plans/import', { body: { pairId, title: plan.title, source: { text: showcasePlanText() } } }));
  if (imported.version.planId !== planId) throw new Error('the plan with a task table became a plan of its own');
  const planVersionId = ok(await admin.POST('/api/v1/plan-versions/{id}/publish', { params: { path: { id: imported.version.id } }, body: {} })).id;
  const units = new Map<string, { id: string; cityId: string }>();
  for (const name of ['赣州市对口合作工作领导小组办公室', '兴国县', '于都县', '宁都县', '瑞金市', '福田区', '南山区', '赣州市市场监督管理局']) {
    const found = ok(await admin.GET('/api/v1/units', { params: { query: { pairId, q: name } } })).items.find((u) => u.name === name);
    if (!found) throw new Error(`no unit ${name}`);
    units.set(name, found);
  }
  const unit = (name: string) => units.get(name)!;
  const office = unit('赣州市对口合作工作领导小组办公室');
  const xingguo = unit('兴国县');
  const ganzhouId = office.cityId;
  const shenzhenId = unit('福田区').cityId;

  ok(
    await admin.POST('/api/v1/users', {
      body: {
        ...SHOWCASE_OFFICE,
        displayName: '赣州市合作办',
        unitId: office.id,
        mustChangePassword: false,
        roles: [{ role: 'office_admin', scope: 'all', pairId }],
      },
    }),
  );
  ok(
    await admin.POST('/api/v1/users', {
      body: {
        ...SHOWCASE_REPORTER,
        displayName: '兴国县填报员',
        unitId: xingguo.id,
        mustChangePassword: false,
        roles: [{ role: 'unit_reporter', scope: 'unit', unitId: xingguo.id }],
      },
    }),
  );

  // Quarterly report periods for the year; the tasks start with the current quarter, so each owes this quarter's report.
  const year = chinaDay().slice(0, 4);
  ok(
    await admin.POST('/api/v1/plans/{id}/report-periods', {
      params: { path: { id: planId } },
      body: { kind: 'quarterly', from: `${year}-01-01`, to: `${year}-12-31`, dueDays: 10 },
    }),
  );
  const month = Number(chinaDay().slice(5, 7));
  const quarterStart = `${year}-${String(Math.floor((month - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
  const tasks: [string, string, string, string, number, string?][] = [
    ['四', '兴国县红色研学线路建设', '兴国县', '福田区', 60],
    ['四', '于都县长征源红色旅游合作', '于都县', '南山区', 45],
    ['五', '宁都县农产品进深圳直供基地', '宁都县', '福田区', 30, chinaDay(-5)],
    ['六', '瑞金市干部互派挂职交流', '瑞金市', '南山区', 80],
    ['三', '赣深产业园区共建招商', '于都县', '福田区', 20],
  ];
  const taskIds: string[] = [];
  for (const [articleNo, title, lead, support, progress, dueOn] of tasks) {
    const task = ok(
      await admin.POST('/api/v1/tasks', {
        body: {
          planId,
          articleNo,
          title,
          description: `${title}：按方案第${articleNo}条推进，季度报送进展。`,
          startOn: quarterStart,
          dueOn: dueOn ?? `${Number(year) + 1}-06-30`,
          leadUnitIds: [unit(lead).id],
          supportUnitIds: [unit(support).id],
          milestones: [{ title: '完成方案编制', dueOn: `${Number(year) + 1}-01-31` }],
          indicators: [{ name: '完成投资', unitOfMeasure: '万元', target: '5000' }],
        },
      }),
    );
    ok(await admin.PATCH('/api/v1/tasks/{id}', { params: { path: { id: task.id } }, body: { status: 'in_progress', progress } }));
    taskIds.push(task.id);
  }
  const taskId = taskIds[0]!;

  const reporter = await apiSession(baseUrl, SHOWCASE_REPORTER.username, SHOWCASE_REPORTER.password);
  const todo = ok(await reporter.GET('/api/v1/reports/todo', { params: { query: { pageSize: 100 } } })).items;
  const owed = todo.find((row) => row.taskId === taskId);
  if (!owed) throw new Error('the county owes no report for its task');
  const report = ok(
    await reporter.PUT('/api/v1/reports', {
      body: {
        taskId,
        unitId: xingguo.id,
        periodId: owed.periodId,
        narrative: '本季度接待深圳研学团队33批、3300人次，完成两条研学线路的讲解员培训；下季度计划新增一条线路，并与福田区学校签订研学合作协议。',
        progress: 60,
        values: [],
        submit: true,
      },
    }),
  );

  const supervision = ok(
    await admin.POST('/api/v1/supervision', {
      body: { taskId, unitId: xingguo.id, requirement: '请于月底前报送研学线路建设的推进情况和存在的困难', deadline: chinaDay(20) },
    }),
  );

  const bulletin = ok(await admin.POST('/api/v1/bulletins', { body: { cityId: ganzhouId, from: `${chinaDay().slice(0, 4)}-01-01`, to: chinaDay() } }));
  const bulletinId = ok(await admin.POST('/api/v1/bulletins/{id}/publish', { params: { path: { id: bulletin.id } } })).id;
  const instruction = ok(
    await admin.POST('/api/v1/instructions', {
      body: {
        cityId: ganzhouId,
        leaderName: '李市长',
        instructedOn: chinaDay(-3),
        content: '请市合作办牵头，督促兴国县加快红色研学线路建设，每月报告进展，年底前形成可复制的经验。',
        documentTitle: `关于深赣红色研学合作情况的报告（赣市合作办〔${year}〕5号）`,
      },
    }),
  );
  ok(
    await admin.POST('/api/v1/attachments', {
      body: {
        ownerType: 'instruction',
        ownerId: instruction.id,
        fileName: '市领导批示件.docx',
        fileBase64: Buffer.from('市领导批示件').toString('base64'),
      },
    }),
  );

  const meeting = ok(
    await admin.POST('/api/v1/meetings', {
      body: {
        pairId,
        title: `深圳市与赣州市对口合作${year}年联席会议`,
        startsAt: `${chinaDay(14)}T09:30:00+08:00`,
        place: '赣州市行政中心第一会议室',
        hostCityId: ganzhouId,
        chairs: [
          { name: '张明', title: '赣州市副市长', cityId: ganzhouId },
          { name: '李华', title: '深圳市副市长', cityId: shenzhenId },
        ],
        attendees: [{ unitId: xingguo.id }, { unitId: unit('福田区').id }],
        agenda: [{ title: '通报年度合作任务进展' }, { title: '审议下一年度合作工作要点' }],
        decisions: [{ text: '兴国县牵头完成红色研学线路建设', ownerUnitId: xingguo.id, deadline: chinaDay(60) }],
      },
    }),
  );

  const project = ok(
    await reporter.POST('/api/v1/registries/{type}/records', {
      params: { path: { type: 'project' } },
      body: {
        pairId,
        articleNos: ['八'],
        data: {
          name: '稀土永磁电机产业园项目',
          investor: '深圳某新能源科技有限公司',
          investorCreditCode: withCheckCharacter('91440300MA5DC0BT1'),
          originCityId: shenzhenId,
          locationCode: '360732',
          industry: '稀土新材料',
          plannedInvestment: '1234.5678',
          stage: '洽谈',
          ownerUnitId: xingguo.id,
        },
      },
    }),
  );
  ok(
    await reporter.POST('/api/v1/registries/{type}/records', {
      params: { path: { type: 'activity' } },
      body: {
        pairId,
        data: {
          name: '深圳中学生兴国红色研学营',
          activityType: '研学',
          startOn: `${year}-04-10`,
          endOn: `${year}-04-12`,
          locationCode: '360732',
          headcount: 120,
          organiserUnitIds: [unit('福田区').id],
          ownerUnitId: xingguo.id,
        },
      },
    }),
  );

  const inspectionPlanId = await seedInspections(admin, reporter, { pairId, ganzhouId, xingguoId: xingguo.id, amrId: unit('赣州市市场监督管理局').id });
  const waterSectionId = await seedWater(admin, pairId, Number(year));

  return {
    pairId,
    planId,
    planVersionId,
    taskId,
    owedReport: { taskId, unitId: xingguo.id, periodId: owed.periodId },
    reportId: report.id,
    supervisionId: supervision.id,
    bulletinId,
    instructionId: instruction.id,
    meetingId: meeting.id,
    projectId: project.id,
    inspectionPlanId,
    waterSectionId,
  };
}

/** Eight entities and four inspectors in Ganzhou; a plan fixed, drawn, one finding recorded by the county, published. */
async function seedInspections(
  admin: ApiClient,
  reporter: ApiClient,
  ids: { pairId: string; ganzhouId: string; xingguoId: string; amrId: string },
): Promise<string> {
  const { pairId, ganzhouId } = ids;
  const grades = ['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D'];
  for (const [i, grade] of grades.entries()) {
    ok(
      await admin.POST('/api/v1/inspections/entities', {
        body: {
          pairId,
          cityId: ganzhouId,
          creditCode: creditCode(i + 1),
          name: `赣州深赣合作园企业${i + 1}有限公司`,
          creditGrade: grade,
          industry: i % 2 ? '电子信息' : '稀土新材料',
          location: '赣州深赣合作园',
        },
      }),
    );
  }
  const inspectors: [string, string, string][] = [
    ['GZ-0001', '张一', ids.amrId],
    ['GZ-0002', '李二', ids.amrId],
    ['GZ-0003', '王三', ids.xingguoId],
    ['GZ-0004', '赵四', ids.xingguoId],
  ];
  const reporterUser = ok(await reporter.GET('/api/v1/auth/session')).user;
  for (const [badgeNo, name, unitId] of inspectors) {
    ok(
      await admin.POST('/api/v1/inspections/inspectors', {
        body: { pairId, cityId: ganzhouId, badgeNo, name, unitId, ...(badgeNo === 'GZ-0003' ? { userId: reporterUser.id } : {}) },
      }),
    );
  }
  const plan = ok(
    await admin.POST('/api/v1/inspections/plans', {
      body: { pairId, cityId: ganzhouId, title: '深赣合作园专项抽查', ratiosPercent: { A: 50, B: 50, C: 100, D: 100 } },
    }),
  );
  ok(
    await admin.POST('/api/v1/inspections/plans/{id}/fix', {
      params: { path: { id: plan.id } },
      body: { fixedValue: '2026年3月1日 福彩3D 第2026055期 开奖号码 385' },
    }),
  );
  const drawn = ok(await admin.POST('/api/v1/inspections/plans/{id}/draw', { params: { path: { id: plan.id } } }));
  const first = drawn.inspections[0]!;
  ok(
    await admin.PUT('/api/v1/inspections/inspections/{id}/findings', {
      params: { path: { id: first.id } },
      body: { outcome: 'rectify', findings: '消防通道堵塞，责令限期整改', inspectedOn: chinaDay() },
    }),
  );
  ok(await admin.POST('/api/v1/inspections/plans/{id}/publish', { params: { path: { id: plan.id } } }));
  return plan.id;
}

/** An agreement over both 东江 sections and a monthly sample for each month of the year so far (class II, one section worsening). */
async function seedWater(admin: ApiClient, pairId: string, year: number): Promise<string> {
  const sections = ok(await admin.GET('/api/v1/water/sections', { params: { query: { pairId } } })).items;
  const dingnan = sections.find((s) => s.code === 'DN-MJL')!;
  const xunwu = sections.find((s) => s.code === 'XW-XNDZ')!;
  ok(
    await admin.POST('/api/v1/water/agreements', {
      body: {
        pairId,
        name: '东江流域上下游横向生态补偿协议',
        upstreamParty: '江西省',
        downstreamParty: '广东省',
        fromYear: year - 2,
        toYear: year,
        upstreamAmount: '10000',
        downstreamAmount: '10000',
        sectionIds: [dingnan.id, xunwu.id],
        rule: { kind: 'compliance', requiredMonthlyCompliancePercent: '90', amounts: { pass: '10000', fail: '0' } },
      },
    }),
  );
  const lastMonth = Number(chinaDay().slice(5, 7)) - 1;
  const lines = [WATER_HEADER];
  for (let month = 1; month <= Math.max(lastMonth, 1); month += 1) {
    const at = `${year}-${String(month).padStart(2, '0')}-10 10:00`;
    lines.push(`DN-MJL,${at},7.4,6.8,3.5,2.5,0.30,0.08,0.9`);
    // 寻乌 worsens month by month in the autumn.
    const nh3n = month >= 8 ? (0.3 + (month - 7) * 0.2).toFixed(2) : '0.30';
    lines.push(`XW-XNDZ,${at},7.2,6.5,3.8,2.8,${nh3n},0.09,1.0`);
  }
  const fileBase64 = Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8').toString('base64');
  ok(await admin.POST('/api/v1/water/samples/import', { body: { pairId, fileBase64, fileName: 'samples.csv' } }));
  return xunwu.id;
}
