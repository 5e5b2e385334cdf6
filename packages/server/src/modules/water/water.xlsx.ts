import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { plainDecimal } from '../../xlsx/cells.js';
import type { AssessmentOut } from './water.schema.js';

type Assessment = z.infer<typeof AssessmentOut>;

const RULE_LABELS = { compliance: '达标率规则', index: '补偿指数（P）规则' } as const;

/**
 * The annual assessment report: one sheet with the verdict and amount per section, and the
 * figures behind them — the monthly means and classes, and the terms of P where the agreement
 * uses the index rule — so an auditor can follow every step.
 */
export async function buildAssessmentReport(
  pairName: string,
  year: number,
  items: readonly Assessment[],
  total: string,
  state: { provisional: boolean; coveredThrough: string | null },
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const summary = workbook.addWorksheet(`${year}年度考核结果`);
  summary.addRow([`${pairName} 东江流域生态补偿 ${year} 年度水质考核报告`]).font = { bold: true, size: 14 };
  // The same words as the assessment page: a report of a running year must not read as final.
  if (state.provisional) {
    const through = state.coveredThrough ? `截至${Number(state.coveredThrough.slice(5))}月` : '目前';
    summary.addRow([`${year}年度尚未结束：以下为${through}的暂定结论，以全年数据为准`]).font = { bold: true, color: { argb: 'FFA35C00' } };
  }
  summary.addRow([]);
  const header = summary.addRow([
    '协议',
    '断面编码',
    '断面',
    '河流',
    '考核规则',
    '目标类别',
    '样品数',
    '有数据月数',
    '达标月数',
    '月度达标率(%)',
    '要求达标率(%)',
    '年均水质类别',
    '上年度年均类别',
    '补偿指数P',
    '结论',
    '金额(万元)',
    '依据',
  ]);
  header.font = { bold: true };
  for (const a of items) {
    summary.addRow([
      a.agreementName,
      a.section.code,
      a.section.name,
      a.section.river,
      RULE_LABELS[a.rule],
      a.targetClassLabel,
      a.sampleCount,
      a.compliance.monthsWithSamples,
      a.compliance.compliantMonths,
      a.compliance.ratePercent ?? '—',
      a.compliance.requiredPercent ?? '—',
      a.annual?.classLabel ?? '—',
      a.previousYearAnnualClass === null ? '—' : (['I类', 'II类', 'III类', 'IV类', 'V类', '劣V类'][a.previousYearAnnualClass - 1] ?? '—'),
      a.index?.p ?? '—',
      a.verdictLabel,
      a.amount === null ? '—' : plainDecimal(a.amount),
      a.reasons.join('；'),
    ]);
  }
  summary.addRow([]);
  summary.addRow(['合计金额(万元)', plainDecimal(total)]).font = { bold: true };
  summary.columns.forEach((c, i) => {
    c.width = i === 16 ? 80 : i === 0 ? 30 : 14;
  });

  const monthly = workbook.addWorksheet('月均值');
  monthly.addRow(['断面', '月份', '样品数', '项目', '样品个数', '合计', '月均值', '类别', '限值', '月度类别', '达到目标']).font = { bold: true };
  for (const a of items) {
    for (const m of a.monthly) {
      for (const item of m.items.filter((i) => i.assessed)) {
        monthly.addRow([
          a.section.name,
          m.period,
          m.sampleCount,
          `${item.name}(${item.unit})`,
          item.count,
          item.sum,
          item.mean,
          item.classLabel ?? '—',
          item.limit ?? '—',
          m.classLabel ?? '—',
          m.meetsTarget === null ? '—' : m.meetsTarget ? '是' : '否',
        ]);
      }
    }
  }
  monthly.columns.forEach((c) => {
    c.width = 14;
  });

  const index = workbook.addWorksheet('补偿指数');
  index.addRow(['断面', '项目', '年均值 C_i', '基准值 C_i0', 'C_i/C_i0', '权重 k_i', 'k_i×C_i/C_i0', 'Σ', 'k0', 'P']).font = { bold: true };
  for (const a of items) {
    if (!a.index) continue;
    for (const t of a.index.terms)
      index.addRow([a.section.name, t.name, t.annualMean, t.baseline, t.ratio, t.weight, t.weightedTerm, a.index.sum ?? '—', a.index.k0, a.index.p ?? '—']);
    index.addRow([a.section.name, '公式', a.index.formula]);
  }
  index.columns.forEach((c) => {
    c.width = 14;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
