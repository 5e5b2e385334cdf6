import { SCORING_RULE_LABELS, type ScoringRules, type UnitScore } from '@duikou/domain';
import ExcelJS from 'exceljs';
import { plainDecimal } from '../../xlsx/cells.js';

type Row = UnitScore & { unitName: string; rank: number | null };

/** The ranking as a workbook: rank, unit, base, each category's subtotal (gains and deductions as counted), total; then the rules. */
export async function buildScoresWorkbook(title: string, rules: ScoringRules, ranked: boolean, items: readonly Row[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('考评结果');
  sheet.addRow([title]).font = { bold: true, size: 14 };
  sheet.addRow([]);
  const header = sheet.addRow([
    ...(ranked ? ['排名'] : []),
    '单位',
    '基础分',
    ...rules.categories.flatMap((c) => [`${c.name}加分`, `${c.name}扣分`, `${c.name}小计`]),
    '总分',
  ]);
  header.font = { bold: true };
  for (const item of items) {
    const byKey = new Map(item.categories.map((c) => [c.key, c]));
    sheet.addRow([
      ...(ranked ? [item.rank] : []),
      item.unitName,
      Number(item.base),
      ...rules.categories.flatMap((c) => {
        const s = byKey.get(c.key);
        return [Number(s?.countedGain ?? 0), Number(s?.countedLoss ?? 0), Number(s?.subtotal ?? 0)];
      }),
      Number(item.total),
    ]);
  }
  sheet.getColumn(ranked ? 2 : 1).width = 28;
  const ruleSheet = workbook.addWorksheet('考评规则');
  ruleSheet.addRow(['基础分', plainDecimal(String(rules.base))]);
  ruleSheet.addRow([]);
  ruleSheet.addRow(['类别', '加分上限', '扣分上限']).font = { bold: true };
  for (const c of rules.categories) ruleSheet.addRow([c.name, c.gainCap ?? '不限', c.lossCap ?? '不限']);
  ruleSheet.addRow([]);
  ruleSheet.addRow(['规则', '类别', '分值']).font = { bold: true };
  const names = new Map(rules.categories.map((c) => [c.key, c.name]));
  for (const r of rules.rules) ruleSheet.addRow([SCORING_RULE_LABELS[r.key], names.get(r.category) ?? r.category, r.points]);
  ruleSheet.getColumn(1).width = 30;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
