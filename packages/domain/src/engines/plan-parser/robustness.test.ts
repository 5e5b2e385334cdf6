import { describe, expect, it } from 'vitest';
import { type ParsedPlan, parsePlan } from './index.js';

/** [chapter number, chapter title, [article number, article title][]] for compact expectations. */
type Shape = [string, string, [string, string][]][];
const shape = (plan: ParsedPlan): Shape =>
  plan.chapters.map((chapter) => [chapter.number, chapter.title, chapter.articles.map((article) => [article.number, article.title] as [string, string])]);

const TWO_CHAPTERS: Shape = [
  ['一', '总体要求', [['一', '指导思想']]],
  [
    '二',
    '重点任务',
    [
      ['二', '深化产业合作'],
      ['三', '加强人才交流'],
    ],
  ],
];

describe('parsePlan: numbering and layout variants', () => {
  it.each([
    {
      name: 'half-width brackets',
      input: '一、总体要求\n(一)指导思想。坚持合作共赢。\n二、重点任务\n(二)深化产业合作。支持园区共建。\n(三)加强人才交流。推动干部互派。',
    },
    {
      name: 'full-width brackets',
      input: '一、总体要求\n（一）指导思想。坚持合作共赢。\n二、重点任务\n（二）深化产业合作。支持园区共建。\n（三）加强人才交流。推动干部互派。',
    },
    {
      name: 'mixed brackets and spaces inside them',
      input: '一、总体要求\n( 一 ）指导思想。坚持合作共赢。\n二、重点任务\n（二) 深化产业合作。支持园区共建。\n（ 三 ）加强人才交流。推动干部互派。',
    },
    {
      name: 'CRLF, indentation, full-width spaces and blank lines',
      input:
        '\uFEFF  一、总体要求  \r\n\r\n\u3000\u3000（一）指导思想。坚持合作共赢。\u3000\r\n二、重点任务\r\n\t（二）深化产业合作。支持园区共建。\r\n\r\n（三）加强人才交流。推动干部互派。\r\n',
    },
    {
      name: 'titles ending with a line break instead of 。',
      input: '一、总体要求\n（一）指导思想\n坚持合作共赢。\n二、重点任务\n（二）深化产业合作\n支持园区共建。\n（三）加强人才交流：\n推动干部互派。',
    },
    {
      name: 'line breaks inside sentences',
      input: '一、总体要求\n（一）指导思想。坚持合\n作共赢。\n二、重点任务\n（二）深化产业合作。支持\n园区共建。\n（三）加强人才交流。推动干部\n互派。',
    },
    {
      name: 'a heading wrapped after a comma',
      input:
        '一、总体要求\n（一）指导思想。坚持合作共赢。\n二、重点任务\n（二）深化产业合作。支持园区共建,\n推动项目落地。\n（三）加强人才交流。推动干部互派。',
    },
  ])('$name', ({ input }) => {
    const plan = parsePlan(input);
    expect(shape(plan)).toEqual(TWO_CHAPTERS);
    expect(plan.warnings).toEqual([]);
    expect(plan.chapters[1]?.articles[0]?.measures[0]?.verb).toBe('支持');
    expect(plan.chapters[1]?.articles[1]?.measures).toEqual([{ text: '推动干部互派', verb: '推动' }]);
  });

  it.each([
    {
      name: '第一章 with a space and 第一条',
      input: '第一章 总则\n第一条 目的。为推进对口合作,制定本方案。\n第二条 原则。坚持共建共享。\n第二章、重点任务\n第三条 产业合作。支持园区共建。',
      expected: [
        [
          '一',
          '总则',
          [
            ['一', '目的'],
            ['二', '原则'],
          ],
        ],
        ['二', '重点任务', [['三', '产业合作']]],
      ] as Shape,
    },
    {
      name: '第一章 over 一、 (一、 are the articles, （一） sub-items)',
      input: '第一章 总则\n一、指导思想。坚持合作共赢。\n（一）加强交流。\n第二章 重点任务\n二、产业合作。支持园区共建。',
      expected: [
        ['一', '总则', [['一', '指导思想']]],
        ['二', '重点任务', [['二', '产业合作']]],
      ] as Shape,
    },
    {
      name: '一、 chapters with 1. and 1、 articles',
      input: '一、总体要求\n1.指导思想。坚持合作共赢。\n2、总体目标。实现共同发展。\n二、重点任务\n3.产业合作。支持园区共建。',
      expected: [
        [
          '一',
          '总体要求',
          [
            ['1', '指导思想'],
            ['2', '总体目标'],
          ],
        ],
        ['二', '重点任务', [['3', '产业合作']]],
      ] as Shape,
    },
    {
      name: 'no chapter headings, （1） articles',
      input: '为推进合作,制定本方案。\n（1）产业合作。支持园区共建。\n（2）人才交流。推动干部互派。',
      expected: [
        [
          '',
          '',
          [
            ['1', '产业合作'],
            ['2', '人才交流'],
          ],
        ],
      ] as Shape,
    },
    {
      name: 'no chapter headings, ① articles',
      input: '①产业合作。支持园区共建。\n②人才交流。推动干部互派。',
      expected: [
        [
          '',
          '',
          [
            ['①', '产业合作'],
            ['②', '人才交流'],
          ],
        ],
      ] as Shape,
    },
    {
      name: 'no chapter headings, （一） articles with 1. sub-items',
      input: '（一）产业合作。\n1.支持园区共建。\n2.推动项目落地。\n（二）人才交流。推动干部互派。',
      expected: [
        [
          '',
          '',
          [
            ['一', '产业合作'],
            ['二', '人才交流'],
          ],
        ],
      ] as Shape,
    },
  ])('$name', ({ input, expected }) => {
    const plan = parsePlan(input);
    expect(shape(plan)).toEqual(expected);
    expect(plan.warnings).toEqual([]);
  });

  it('keeps 1./（1）/① inside an article as body sub-items whose sentences are measures', () => {
    const plan = parsePlan(
      [
        '一、重点任务',
        '（一）产业合作。',
        '1.支持园区共建。',
        '（2）推动项目落地,',
        '加快建设进度。',
        '③强化要素保障。',
        '（二）人才交流。推动干部互派。',
      ].join('\n'),
    );
    const first = plan.chapters[0]?.articles[0];
    expect(plan.chapters[0]?.articles.map((article) => article.number)).toEqual(['一', '二']);
    expect(first?.body).toBe('1.支持园区共建。\n（2）推动项目落地,加快建设进度。\n③强化要素保障。');
    expect(first?.measures).toEqual([
      { text: '支持园区共建', verb: '支持' },
      { text: '推动项目落地,加快建设进度', verb: '推动' },
      { text: '强化要素保障', verb: '强化' },
    ]);
  });

  it('joins broken lines into the normalized text and gives offsets into it', () => {
    const plan = parsePlan('前言第一行\n接着写完。\n一、总体要求\n（一）指导思想。坚持\n合作 \n共赢。\nEnglish\nwords。');
    expect(plan.text).toBe('前言第一行接着写完。\n一、总体要求\n（一）指导思想。坚持合作共赢。\nEnglish words。');
    const article = plan.chapters[0]?.articles[0];
    expect(article && plan.text.slice(article.start, article.end)).toBe('（一）指导思想。坚持合作共赢。\nEnglish words。');
    expect(article?.body).toBe('坚持合作共赢。\nEnglish words。');
    expect(plan.preamble).toBe('前言第一行接着写完。');
  });

  it('keeps a document title on its own line in the preamble', () => {
    const plan = parsePlan('深圳市与赣州市对口合作实施方案\n为推进合作,制定本方案。\n一、总体要求\n（一）指导思想。坚持合作共赢。');
    expect(plan.preamble).toBe('深圳市与赣州市对口合作实施方案\n为推进合作,制定本方案。');
  });

  it('parses Chinese numerals beyond 二十 (二十一, 三十五 …)', () => {
    const articles = Array.from({ length: 35 }, (_, i) => `（${cn(i + 1)}）第${i + 1}项任务。支持第${i + 1}项合作。`);
    const plan = parsePlan(['一、重点任务', ...articles.slice(0, 20), '二、保障措施', ...articles.slice(20)].join('\n'));
    const numbers = plan.chapters.flatMap((chapter) => chapter.articles.map((article) => article.number));
    expect(numbers.slice(19, 22)).toEqual(['二十', '二十一', '二十二']);
    expect(numbers[34]).toBe('三十五');
    expect(numbers).toHaveLength(35);
    expect(plan.warnings).toEqual([]);
  });
});

describe('parsePlan: preamble, closing and chapters without articles', () => {
  const input = [
    '深圳市与赣州市对口合作实施方案',
    '为推进合作,制定本方案。',
    '一、总体要求',
    '本章明确合作的方向。',
    '（一）指导思想。坚持合作共赢。',
    '二、保障措施',
    '（二）加强组织领导。建立联席会议制度。',
    '三、附则',
    '本方案自印发之日起施行。',
    '由市对口合作办负责解释。',
    '附件：1.重点项目表',
    '2.责任分工表',
    '深圳市人民政府',
    '2024年3月1日',
  ].join('\n');
  const plan = parsePlan(input);

  it('reports a chapter of plain paragraphs with no articles and its text as body', () => {
    expect(plan.chapters.map((chapter) => [chapter.number, chapter.title, chapter.articles.length])).toEqual([
      ['一', '总体要求', 1],
      ['二', '保障措施', 1],
      ['三', '附则', 0],
    ]);
    expect(plan.chapters[2]?.body).toBe('本方案自印发之日起施行。\n由市对口合作办负责解释。');
    expect(plan.chapters[0]?.body).toBe('本章明确合作的方向。');
  });

  it('keeps the attachment list, issuer and date as the closing, out of the last chapter', () => {
    expect(plan.closing).toBe('附件：1.重点项目表\n2.责任分工表\n深圳市人民政府\n2024年3月1日');
    const last = plan.chapters[2];
    expect(last && plan.text.slice(last.start, last.end)).toBe('三、附则\n本方案自印发之日起施行。\n由市对口合作办负责解释。');
    expect(plan.warnings).toEqual([]);
  });

  it('keeps trailing paragraphs without a closing marker in the last article', () => {
    const trailing = parsePlan('一、保障措施\n（一）加强组织领导。建立联席会议制度。\n各单位要抓好落实。');
    expect(trailing.closing).toBe('');
    expect(trailing.chapters[0]?.articles[0]?.body).toBe('建立联席会议制度。\n各单位要抓好落实。');
  });

  it('does not take an attachment label above the title for a closing', () => {
    const attached = parsePlan('附件\n深圳市与赣州市对口合作实施方案\n一、总体要求\n（一）指导思想。坚持合作共赢。');
    expect(attached.preamble).toBe('附件\n深圳市与赣州市对口合作实施方案');
    expect(attached.closing).toBe('');
    expect(attached.chapters).toHaveLength(1);
  });

  it('puts everything in the preamble and warns when nothing is numbered', () => {
    const flat = parsePlan('为推进合作,制定本方案。\n支持园区共建。');
    expect(flat.chapters).toEqual([]);
    expect(flat.preamble).toBe('为推进合作,制定本方案。\n支持园区共建。');
    expect(flat.warnings).toEqual(['未识别到任何章节或条目编号，全文计入前言']);
  });
});

describe('parsePlan: numbering warnings', () => {
  it.each([
    {
      name: 'a skipped article',
      lines: ['一、任务', '（四）甲。', '（五）乙。', '（七）丙。'],
      warnings: ['首个条目为（四），缺少（一）至（三）', '第（五）条之后出现（七），缺少（六）'],
      articles: ['四', '五', '七'],
    },
    {
      name: 'a repeated article',
      lines: ['一、任务', '（一）甲。', '（二）乙。', '（二）丙。', '（三）丁。'],
      warnings: ['第（二）条之后出现（二），编号重复'],
      articles: ['一', '二', '二', '三'],
    },
    {
      name: 'an article numbered backwards',
      lines: ['一、任务', '（一）甲。', '（三）乙。', '（二）丙。'],
      warnings: ['第（一）条之后出现（三），缺少（二）', '第（三）条之后出现（二），编号顺序倒退'],
      articles: ['一', '三', '二'],
    },
    {
      name: 'a skipped chapter',
      lines: ['一、总体要求', '（一）甲。', '三、重点任务', '（二）乙。'],
      warnings: ['第一章之后出现“三、”，缺少“二、”'],
      articles: ['一', '二'],
    },
    {
      name: 'a skipped 第X条',
      lines: ['第一章 总则', '第一条 甲。', '第三条 乙。'],
      warnings: ['第一条之后出现第三条，缺少第二条'],
      articles: ['一', '三'],
    },
    {
      name: 'articles restarting at 1 in each chapter (accepted)',
      lines: ['一、总体要求', '（一）甲。', '（二）乙。', '二、重点任务', '（一）丙。', '（二）丁。'],
      warnings: [],
      articles: ['一', '二', '一', '二'],
    },
    {
      name: 'an unreadable numeral',
      lines: ['一、任务', '（一）甲。', '（十十）乙。'],
      warnings: ['无法识别的条目编号“十十”'],
      articles: ['一', '十十'],
    },
    {
      name: 'an article before the first chapter',
      lines: ['（一）甲。', '一、任务', '（二）乙。'],
      warnings: ['第一章之前出现（一），已计入前言', '首个条目为（二），缺少（一）'],
      articles: ['二'],
    },
    {
      name: 'a missing title',
      lines: ['一、任务', '（一）', '支持园区共建。'],
      warnings: ['条目（一）缺少标题'],
      articles: ['一'],
    },
  ])('$name', ({ lines, warnings, articles }) => {
    const plan = parsePlan(lines.join('\n'));
    expect(plan.warnings).toEqual(warnings);
    expect(plan.chapters.flatMap((chapter) => chapter.articles.map((article) => article.number))).toEqual(articles);
  });
});

function cn(value: number): string {
  const digits = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  const tens = Math.floor(value / 10);
  const units = value % 10;
  return (tens === 0 ? '' : tens === 1 ? '十' : `${digits[tens]}十`) + (digits[units] ?? '');
}
