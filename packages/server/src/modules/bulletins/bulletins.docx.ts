import { chineseDate, percentText } from '@duikou/domain';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import type { z } from 'zod';
import type { BulletinOut } from './bulletins.schema.js';

export { DOCX_CONTENT_TYPE } from '../meetings/meetings.docx.js';

type Bulletin = z.infer<typeof BulletinOut>;

/** The house fonts of a 通报: 方正小标宋 title, 黑体 headings, 仿宋 body (三号, 16 pt), 楷体 for the issue line. */
const FONT = {
  title: '方正小标宋简体',
  heading: '黑体',
  body: '仿宋_GB2312',
  issue: '楷体_GB2312',
} as const;
const SIZE = { title: 44, body: 32, table: 21 } as const;

const run = (text: string, font: string, size: number, bold = false) =>
  new TextRun({ text, bold, size, font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: font } });

/** A body paragraph: first line indented two characters, fixed 28 pt lines. */
const body = (text: string) =>
  new Paragraph({ indent: { firstLine: 640 }, spacing: { line: 560, lineRule: 'exact' }, children: [run(text, FONT.body, SIZE.body)] });

const heading = (text: string) =>
  new Paragraph({ indent: { firstLine: 640 }, spacing: { line: 560, lineRule: 'exact' }, children: [run(text, FONT.heading, SIZE.body)] });

const CELL_BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const BORDERS = { top: CELL_BORDER, bottom: CELL_BORDER, left: CELL_BORDER, right: CELL_BORDER };

function cell(text: string, widthPct: number, header = false, align: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.CENTER): TableCell {
  return new TableCell({
    width: { size: widthPct, type: WidthType.PERCENTAGE },
    borders: BORDERS,
    verticalAlign: VerticalAlign.CENTER,
    children: [new Paragraph({ alignment: align, children: [run(text, header ? FONT.heading : FONT.body, SIZE.table)] })],
  });
}

const HEADER = ['排名', '单位', '交办事项（件）', '按期办结（件）', '逾期办结（件）', '延期（件）', '逾期未办结（件）', '催办（件/次）', '按期办结率'];
const WIDTHS = [7, 22, 10, 10, 10, 8, 11, 10, 12];

/** 二、各单位办理情况's table: one row per unit in ranking order, then the city's totals. */
function unitsTable(bulletin: Bulletin): Table {
  const f = bulletin.figures;
  const rate = (r: number | null) => (r === null ? '—' : percentText(r));
  const row = (rank: string, name: string, c: (typeof f.rows)[number] | typeof f.totals, bold = false) =>
    new TableRow({
      cantSplit: true,
      children: [
        rank,
        name,
        String(c.raised),
        String(c.closedOnTime),
        String(c.closedLate),
        String(c.extended),
        String(c.overdue),
        `${c.chased}/${c.chaseTimes}`,
        rate(c.rate),
      ].map((text, i) => cell(text, WIDTHS[i]!, bold, i === 1 ? AlignmentType.LEFT : AlignmentType.CENTER)),
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: HEADER.map((h, i) => cell(h, WIDTHS[i]!, true)) }),
      ...f.rows.map((r) => row(r.rank === null ? '—' : String(r.rank), r.unitName, r)),
      row('', '合计', f.totals, true),
    ],
  });
}

/**
 * The bulletin in the usual layout of a 情况通报: the title, the issue (2026年第3期), the issuing
 * office and date over a red rule, the four sections with the per-unit table under the second,
 * and the distribution line.
 */
export async function bulletinDocx(bulletin: Bulletin, issuedOn: string): Promise<Buffer> {
  const f = bulletin.figures;
  const year = bulletin.periodTo.slice(0, 4);
  const [overall, units, ...rest] = f.sections;
  const sectionParagraphs = (s: (typeof f.sections)[number] | undefined) => (s ? [heading(s.heading), ...s.paragraphs.map(body)] : []);
  const doc = new Document({
    creator: 'Duikou 对口合作平台',
    title: bulletin.title,
    styles: { default: { document: { run: { font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: FONT.body }, size: SIZE.body } } } },
    sections: [
      {
        properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } },
        children: [
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 600, after: 200 }, children: [run('督办工作情况通报', FONT.title, SIZE.title)] }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 200 },
            children: [run(`${year}年第${bulletin.issueNumber}期`, FONT.issue, SIZE.body)],
          }),
          new Paragraph({
            tabStops: [{ type: TabStopType.RIGHT, position: 8840 }],
            border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: 'C00000', space: 4 } },
            spacing: { after: 400 },
            children: [run(f.officeName, FONT.body, SIZE.body), run(`\t${chineseDate(issuedOn)}`, FONT.body, SIZE.body)],
          }),
          ...(bulletin.status === 'draft'
            ? [new Paragraph({ alignment: AlignmentType.CENTER, children: [run('（草稿，未发布）', FONT.heading, SIZE.body)] })]
            : []),
          body(`为推动督办事项落地见效，现将${f.cityName}${chineseDate(f.periodFrom)}至${chineseDate(f.periodTo)}督办事项办理情况通报如下：`),
          ...sectionParagraphs(overall),
          ...sectionParagraphs(units),
          unitsTable(bulletin),
          new Paragraph({
            children: [
              run(
                '注：催办列为“催办事项件数/催办次数”；按期办结率＝按期办结÷（按期办结＋逾期办结＋逾期未办结），未有办结或逾期事项的单位不参与排名。',
                FONT.body,
                SIZE.table,
              ),
            ],
          }),
          ...rest.flatMap(sectionParagraphs),
          new Paragraph({ spacing: { before: 600 }, alignment: AlignmentType.RIGHT, children: [run(f.officeName, FONT.body, SIZE.body)] }),
          new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(chineseDate(issuedOn), FONT.body, SIZE.body)] }),
          new Paragraph({
            spacing: { before: 400 },
            border: { top: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 4 } },
            children: [run(`发送：${f.cityName}各有关单位。`, FONT.body, 28)],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
