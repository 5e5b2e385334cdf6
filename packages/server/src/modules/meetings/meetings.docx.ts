import { AlignmentType, BorderStyle, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, WidthType } from 'docx';
import { htmlToContent } from 'docx/html';
import type { z } from 'zod';
import type { MeetingOut } from './meetings.schema.js';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

type Meeting = z.infer<typeof MeetingOut>;

/** 2026年3月2日 09:30, in China time whatever the server's zone. */
export function chinaDateTime(iso: string): string {
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}年${part('month')}月${part('day')}日 ${part('hour')}:${part('minute')}`;
}

/** 2026-03-31 → 2026年3月31日 */
export function chinaDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const SUPERVISION_STATUS = { assigned: '待签收', in_progress: '办理中', completion_requested: '待审核办结', closed: '已办结' } as const;

const heading = (text: string) => new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(text)] });
const line = (label: string, value: string) => new Paragraph({ children: [new TextRun({ text: `${label}：`, bold: true }), new TextRun(value)] });

const CELL_BORDER = { style: BorderStyle.SINGLE, size: 4, color: '999999' };
const BORDERS = { top: CELL_BORDER, bottom: CELL_BORDER, left: CELL_BORDER, right: CELL_BORDER };

function cell(text: string, widthPct: number, header = false): TableCell {
  return new TableCell({
    width: { size: widthPct, type: WidthType.PERCENTAGE },
    borders: BORDERS,
    children: [new Paragraph({ children: [new TextRun({ text, bold: header })] })],
  });
}

function decisionsTable(meeting: Meeting): Table {
  const widths = [8, 46, 18, 16, 12];
  const header = ['序号', '议定事项', '责任单位', '办理时限', '督办状态'];
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, widths[i]!, true)) }),
      ...meeting.decisions.map(
        (d, i) =>
          new TableRow({
            children: [
              cell(String(i + 1), widths[0]!),
              cell(d.text, widths[1]!),
              cell(d.ownerUnitName, widths[2]!),
              cell(chinaDate(d.deadline), widths[3]!),
              cell(d.supervision ? SUPERVISION_STATUS[d.supervision.status] : d.raised ? '已转督办' : '待转督办', widths[4]!),
            ],
          }),
      ),
    ],
  });
}

/**
 * Attendees by city, host city first, each unit once with its people:
 * "深圳市：福田区（王芳 副区长）、…".
 */
export function attendeesByCity(meeting: Pick<Meeting, 'attendees' | 'hostCityId'>): [string, string[]][] {
  const ordered = [...meeting.attendees].sort((a, b) => Number(b.cityId === meeting.hostCityId) - Number(a.cityId === meeting.hostCityId));
  const cities = new Map<string, Map<string, { unitName: string; people: string[] }>>();
  for (const a of ordered) {
    const units = cities.get(a.cityName) ?? new Map<string, { unitName: string; people: string[] }>();
    cities.set(a.cityName, units);
    const unit = units.get(a.unitId) ?? { unitName: a.unitName, people: [] };
    units.set(a.unitId, unit);
    if (a.name) unit.people.push([a.name, a.title].filter(Boolean).join(' '));
  }
  return [...cities].map(([city, units]) => [
    city,
    [...units.values()].map((u) => (u.people.length > 0 ? `${u.unitName}（${u.people.join('、')}）` : u.unitName)),
  ]);
}

function attendeeLines(meeting: Meeting): Paragraph[] {
  return attendeesByCity(meeting).map(
    ([city, names]) => new Paragraph({ children: [new TextRun({ text: `${city}：`, bold: true }), new TextRun(names.join('、'))] }),
  );
}

/**
 * The minutes of a meeting as a Word document, in Chinese: title, date, place, chairs,
 * attendees, agenda, the minutes text and the decisions with owner, deadline and status.
 */
export async function minutesDocx(meeting: Meeting): Promise<Buffer> {
  const chairs = meeting.chairs.map((c) => `${c.name}（${c.cityName}${c.title}）`).join('、') || '—';
  const minutes = meeting.minutesHtml ? htmlToContent(meeting.minutesHtml) : [new Paragraph({ children: [new TextRun('（暂无纪要正文）')] })];
  const doc = new Document({
    creator: 'Duikou 对口合作平台',
    title: `${meeting.title}纪要`,
    styles: {
      default: {
        document: { run: { font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体' }, size: 24 } },
        heading2: { run: { font: { eastAsia: '黑体' }, size: 28, bold: true } },
        title: { run: { font: { eastAsia: '方正小标宋简体' }, size: 40 } },
      },
    },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun(meeting.title)] }),
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun('会议纪要')] }),
          line('时间', chinaDateTime(meeting.startsAt)),
          line('地点', meeting.place),
          line('主办城市', meeting.hostCityName),
          line('主持', chairs),
          heading('出席单位和人员'),
          ...(meeting.attendees.length > 0 ? attendeeLines(meeting) : [new Paragraph('—')]),
          heading('会议议程'),
          ...(meeting.agenda.length > 0
            ? meeting.agenda.map((a, i) => new Paragraph({ children: [new TextRun(`${i + 1}. ${a.title}`)] }))
            : [new Paragraph('—')]),
          heading('会议纪要'),
          ...minutes,
          heading('议定事项'),
          meeting.decisions.length > 0 ? decisionsTable(meeting) : new Paragraph('—'),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
