import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { AppError } from '../http/errors.js';
import { docxText } from './docx.js';
import { readLimits } from './limits.js';

/*
 * Word documents written by hand, part by part, each holding one thing Word does: automatic
 * numbering (in the paragraph or its style), tables with merged cells, tracked changes. Every
 * expected text is what Word shows for that XML.
 */

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"';

interface Parts {
  body: string;
  styles?: string;
  numbering?: string;
}

async function docx({ body, styles, numbering }: Parts): Promise<Buffer> {
  const zip = new JSZip();
  const overrides = [
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>',
    styles ? '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' : '',
    numbering ? '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>' : '',
  ].join('');
  zip.file(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides}</Types>`,
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  const rels = [
    styles ? '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' : '',
    numbering ? '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>' : '',
  ].join('');
  zip.file(
    'word/_rels/document.xml.rels',
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`,
  );
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W} ${MC}><w:body>${body}</w:body></w:document>`);
  if (styles) zip.file('word/styles.xml', `<?xml version="1.0" encoding="UTF-8"?><w:styles ${W}>${styles}</w:styles>`);
  if (numbering) zip.file('word/numbering.xml', `<?xml version="1.0" encoding="UTF-8"?><w:numbering ${W}>${numbering}</w:numbering>`);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const run = (text: string) => `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`;
const para = (text: string, pPr = '') => `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${run(text)}</w:p>`;
const styled = (styleId: string) => `<w:pStyle w:val="${styleId}"/>`;
const numbered = (numId: number, ilvl: number) => `<w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr>`;
const level = (ilvl: number, format: string, text: string, extra = '') =>
  `<w:lvl w:ilvl="${ilvl}"><w:start w:val="1"/><w:numFmt w:val="${format}"/>${extra}<w:lvlText w:val="${text}"/><w:lvlJc w:val="left"/></w:lvl>`;

const read = (bytes: Buffer, maxChars?: number) => docxText(bytes, readLimits(), 'source.fileBase64', maxChars);
const refusal = async (bytes: Buffer, maxChars?: number) => {
  const error = await read(bytes, maxChars).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return { status: (error as AppError).status, details: (error as AppError).details };
};

/** 一、 / （一） / 1. as Word's Chinese outline list writes them; level 0 belongs to the Heading1 style. */
const OUTLINE = `<w:abstractNum w:abstractNumId="0">${level(0, 'chineseCounting', '%1、', '<w:pStyle w:val="Heading1"/>')}${level(
  1,
  'chineseCounting',
  '（%2）',
)}${level(2, 'decimal', '%3.')}</w:abstractNum>`;
const STYLES = [
  '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>',
  // The heading style is numbered by the list, its level found through the list's w:pStyle.
  '<w:style w:type="paragraph" w:styleId="Heading1"><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>',
  // The article style takes its numbering from the style it is based on.
  '<w:style w:type="paragraph" w:styleId="ArticleBase"><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>',
  '<w:style w:type="paragraph" w:styleId="Article"><w:basedOn w:val="ArticleBase"/></w:style>',
  '<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/></w:style>',
].join('');

describe('docxText: automatic numbering', () => {
  it('writes the numbers Word shows: from the paragraph or its style (up the basedOn chain), lower levels restarting, a start override counted on its own', async () => {
    const numbering = `${OUTLINE}<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="2"><w:startOverride w:val="5"/></w:lvlOverride></w:num>`;
    const body = [
      para('深圳市与赣州市对口合作实施方案'),
      para('总体要求', styled('Heading1')),
      para('指导思想。加强两市合作交流。', styled('Article')),
      para('建立会商机制。', numbered(1, 2)),
      para('定期召开联席会议。', numbered(1, 2)),
      para('总体目标。', styled('Article')),
      para('完善合作机制。', numbered(1, 2)),
      para('产业合作', styled('Heading1')),
      para('推进产业园区建设。', styled('Article')),
      para('引进重点企业。', numbered(2, 2)),
      para('培育产业集群。', numbered(2, 2)),
      para('共建研发平台。', numbered(1, 2)),
      // A paragraph of the numbered style with its numbering taken away (numId 0).
      para('附件', `${styled('Heading1')}<w:numPr><w:numId w:val="0"/></w:numPr>`),
      // A paragraph naming a list that does not exist, and a level no list has.
      para('没有编号的段落。', numbered(9, 0)),
      para('层级越界的段落。', '<w:numPr><w:ilvl w:val="4294967295"/><w:numId w:val="1"/></w:numPr>'),
    ].join('');
    const text = await read(await docx({ body, styles: STYLES, numbering }));
    expect(text.split('\n')).toEqual([
      '深圳市与赣州市对口合作实施方案',
      '一、总体要求',
      '（一）指导思想。加强两市合作交流。',
      '1.建立会商机制。',
      '2.定期召开联席会议。',
      '（二）总体目标。',
      '1.完善合作机制。',
      '二、产业合作',
      '（一）推进产业园区建设。',
      // List 2 overrides level 2's start: its own counters, from 5.
      '5.引进重点企业。',
      '6.培育产业集群。',
      // List 1 again: its level 2 restarted under the new （一）.
      '1.共建研发平台。',
      '附件',
      '没有编号的段落。',
      // ilvl outside 0–8 is no level Word has: no label.
      '层级越界的段落。',
    ]);
  });

  it('w:lvlRestart: articles numbered on across chapters (0: never restart), a level restarting only after level 1; a bullet list gives no label', async () => {
    const numbering = [
      `<w:abstractNum w:abstractNumId="0">${level(0, 'chineseCounting', '%1、')}${level(1, 'chineseCounting', '（%2）', '<w:lvlRestart w:val="0"/>')}${level(
        2,
        'decimal',
        '%3.',
        '<w:lvlRestart w:val="1"/>',
      )}</w:abstractNum>`,
      `<w:abstractNum w:abstractNumId="1">${level(0, 'bullet', '●')}</w:abstractNum>`,
      '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>',
    ].join('');
    const body = [
      para('总体要求', numbered(1, 0)),
      para('指导思想。', numbered(1, 1)),
      para('目标一。', numbered(1, 2)),
      para('总体目标。', numbered(1, 1)),
      // Level 2 restarts only when level 0 (w:lvlRestart 1, one-based) is used, not after （二）.
      para('目标二。', numbered(1, 2)),
      para('重点任务', numbered(1, 0)),
      para('产业合作。', numbered(1, 1)),
      para('目标三。', numbered(1, 2)),
      para('一个要点', numbered(2, 0)),
    ].join('');
    expect((await read(await docx({ body, numbering }))).split('\n')).toEqual([
      '一、总体要求',
      '（一）指导思想。',
      '1.目标一。',
      '（二）总体目标。',
      '2.目标二。',
      '二、重点任务',
      '（三）产业合作。',
      '1.目标三。',
      '一个要点',
    ]);
  });

  it('renders every level of a multi-level label, legal numbering in decimal, a custom format by its standard fallback, the formats of Chinese documents', async () => {
    const numbering = [
      `<w:abstractNum w:abstractNumId="0">${level(0, 'decimal', '第%1章')}${level(1, 'decimal', '%1.%2')}${level(2, 'upperRoman', '%1.%2.%3', '<w:isLgl/>')}</w:abstractNum>`,
      `<w:abstractNum w:abstractNumId="1">${level(0, 'chineseLegalSimplified', '%1、')}${level(1, 'decimalEnclosedCircleChinese', '%2')}${level(
        2,
        'lowerLetter',
        '%3)',
      )}</w:abstractNum>`,
      `<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="11"/><mc:AlternateContent ${MC}><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="01, 02, 03, ..."/></mc:Choice><mc:Fallback><w:numFmt w:val="decimalZero"/></mc:Fallback></mc:AlternateContent><w:lvlText w:val="%1"/></w:lvl></w:abstractNum>`,
      '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="8"/></w:lvlOverride></w:num>',
    ].join('');
    const body = [
      para('总则', numbered(1, 0)),
      para('目的', numbered(1, 1)),
      para('范围', numbered(1, 2)),
      para('范围续', numbered(1, 2)),
      para('保障措施', numbered(2, 0)),
      para('组织保障', numbered(2, 1)),
      para('经费保障', numbered(2, 1)),
      para('分项', numbered(2, 2)),
      para('号', numbered(3, 0)),
      para('号', numbered(3, 0)),
      para('号', numbered(3, 0)),
    ].join('');
    expect((await read(await docx({ body, numbering }))).split('\n')).toEqual([
      '第1章总则',
      '1.1目的',
      // isLgl: the upper-roman level written in decimal.
      '1.1.1范围',
      '1.1.2范围续',
      '壹、保障措施',
      '①组织保障',
      '②经费保障',
      'a)分项',
      '08号',
      '09号',
      '10号',
    ]);
  });

  it('"1." before text that starts with a digit gets a space, so 1.2025 is not read as a decimal', async () => {
    const numbering = `<w:abstractNum w:abstractNumId="0">${level(0, 'decimal', '%1.')}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`;
    const body = [para('2025年完成规划编制。', numbered(1, 0)), para('推进实施。', numbered(1, 0))].join('');
    expect(await read(await docx({ body, numbering }))).toBe('1. 2025年完成规划编制。\n2.推进实施。');
  });
});

describe('docxText: tables', () => {
  it('one line per row, cells joined by tabs; a cell merged from above repeats its text (a lead unit merged over rows leads each), a spanning cell is followed by empty cells; numbering inside cells; a table inside a cell flattened', async () => {
    const autoNumber = numbered(1, 0);
    const numbering = `<w:abstractNum w:abstractNumId="0">${level(0, 'decimal', '%1')}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`;
    const tc = (content: string, tcPr = '') => `<w:tc>${tcPr ? `<w:tcPr>${tcPr}</w:tcPr>` : ''}${content}</w:tc>`;
    const numberCell = tc(`<w:p><w:pPr>${autoNumber}</w:pPr></w:p>`);
    const nested = `<w:tbl><w:tr>${tc(para('甲方'))}${tc(para('乙方'))}</w:tr></w:tbl>`;
    const table = [
      '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="800"/><w:gridCol w:w="3000"/><w:gridCol w:w="1500"/><w:gridCol w:w="1500"/><w:gridCol w:w="1200"/></w:tblGrid>',
      `<w:tr><w:trPr><w:tblHeader/></w:trPr>${['序号', '重点任务', '牵头单位', '配合单位', '完成时限'].map((h) => tc(para(h))).join('')}</w:tr>`,
      `<w:tr>${numberCell}${tc(para('推进红色研学'))}${tc(para('市教育局'), '<w:vMerge w:val="restart"/>')}${tc(para('市文旅局'))}${tc(para('2025年12月'))}</w:tr>`,
      // A cell of two paragraphs, and one of two runs with a tab between them.
      `<w:tr>${numberCell}${tc(para('建设研学基地') + para('二期'))}${tc('<w:p/>', '<w:vMerge/>')}${tc('<w:p><w:r><w:t>市文旅局</w:t><w:tab/><w:t>市团委</w:t></w:r></w:p>')}${tc(para('Phase') + para('2'))}</w:tr>`,
      `<w:tr>${numberCell}${tc(para('设立合作基金'), '<w:gridSpan w:val="2"/>')}${tc(para('见下表') + nested + para('。'))}${tc(para('2026年'))}</w:tr>`,
      '</w:tbl>',
    ].join('');
    const body = `${para('附件')}${para('重点任务表')}${table}${para('表后的段落。')}`;
    expect((await read(await docx({ body, numbering }))).split('\n')).toEqual([
      '附件',
      '重点任务表',
      '序号\t重点任务\t牵头单位\t配合单位\t完成时限',
      '1\t推进红色研学\t市教育局\t市文旅局\t2025年12月',
      '2\t建设研学基地二期\t市教育局\t市文旅局 市团委\tPhase 2',
      '3\t设立合作基金\t\t见下表甲方乙方。\t2026年',
      '表后的段落。',
    ]);
  });

  it('w:gridBefore leaves the first columns empty; a row of empty cells is no line', async () => {
    const body = `<w:tbl><w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr><w:tc>${para('小计')}</w:tc><w:tc>${para('3')}</w:tc></w:tr><w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>`;
    expect(await read(await docx({ body }))).toBe('\t\t小计\t3');
  });
});

describe('docxText: what the reader sees', () => {
  it('tracked changes as accepted (insertions kept, deletions and moves away dropped), a text box once, no hidden text, no field codes, no table of contents; tabs as spaces, breaks as lines', async () => {
    const textBox = (text: string) => `<w:txbxContent>${para(text)}</w:txbxContent>`;
    const body = [
      `<w:p>${run('加强')}<w:del w:id="1" w:author="审稿人"><w:r><w:delText>删除的</w:delText></w:r><w:r><w:t>也删除的</w:t></w:r></w:del><w:ins w:id="2" w:author="审稿人">${run('新增的')}</w:ins>${run('合作。')}</w:p>`,
      `<w:p><w:moveFrom w:id="3" w:author="审稿人">${run('移走的')}</w:moveFrom><w:moveTo w:id="4" w:author="审稿人">${run('移来的')}</w:moveTo>${run('内容。')}</w:p>`,
      // Paragraph properties as they were before a tracked change do not count.
      `<w:p><w:pPr><w:pPrChange w:id="5" w:author="审稿人"><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:pPrChange></w:pPr>${run('曾经编号的段落。')}</w:p>`,
      `<w:p>${run('正文')}<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData><wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:txbx>${textBox('文本框内容')}</wps:txbx></wps:wsp></a:graphicData></a:graphic><wp:docPr descr="图片说明"/></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>${textBox('文本框内容')}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`,
      `<w:p>${run('可见')}<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>文字</w:t></w:r></w:p>`,
      `<w:p>${run('见第')}<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>${run('3')}<w:r><w:fldChar w:fldCharType="end"/></w:r>${run('页')}</w:p>`,
      `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>${run('一、总体要求')}<w:r><w:tab/></w:r>${run('1')}</w:p>`,
      `<w:p>${run('二、重点任务')}<w:r><w:tab/></w:r>${run('2')}<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`,
      `<w:p><w:fldSimple w:instr=" TOC \\o ">${run('三、保障措施')}</w:fldSimple></w:p>`,
      `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>${run('一、总体要求')}<w:r><w:tab/><w:t>（正文）</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>`,
      `<w:p>${run('A&amp;B &lt;合作&gt;')}<w:r><w:noBreakHyphen/><w:t>C</w:t></w:r></w:p>`,
      `<w:tbl><w:tr><w:tc>${para('牵头\t单位')}</w:tc><w:tc>${para('配合\n单位')}</w:tc></w:tr></w:tbl>`,
    ].join('');
    const numbering = `<w:abstractNum w:abstractNumId="0">${level(0, 'decimal', '%1.')}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`;
    expect((await read(await docx({ body, numbering }))).split('\n')).toEqual([
      '加强新增的合作。',
      '移来的内容。',
      '曾经编号的段落。',
      '文本框内容',
      '正文',
      '可见文字',
      '见第3页',
      '一、总体要求 （正文）',
      '第二行',
      'A&B <合作>-C',
      // Tab and line end characters written inside the text: spaces, so the row keeps its two cells.
      '牵头 单位\t配合 单位',
    ]);
  });

  it('reads the document its package names, and a file with no styles or numbering parts', async () => {
    const zip = new JSZip();
    zip.file(
      '_rels/.rels',
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/doc/main.xml"/></Relationships>',
    );
    zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
    zip.file('doc/main.xml', `<?xml version="1.0"?><w:document ${W}><w:body>${para('一、总体要求')}</w:body></w:document>`);
    expect(await read(await zip.generateAsync({ type: 'nodebuffer' }))).toBe('一、总体要求');
  });
});

describe('docxText: a document built to cost: 400 naming the file and the limit', () => {
  const numberingOf = (abstract: string, nums = '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>') =>
    `<w:abstractNum w:abstractNumId="0">${abstract}</w:abstractNum>${nums}`;
  const field = 'source.fileBase64';

  it('tables or paragraphs nested past 32, elements past 512', async () => {
    let tables = para('最里层');
    for (let i = 0; i < 33; i++) tables = `<w:tbl><w:tr><w:tc>${tables}</w:tc></w:tr></w:tbl>`;
    expect(await refusal(await docx({ body: tables }))).toEqual({ status: 400, details: [{ field, reason: '.docx 文件的表格或段落嵌套超过 32 层上限' }] });
    const deep = `${'<w:sdt><w:sdtContent>'.repeat(300)}${para('x')}${'</w:sdtContent></w:sdt>'.repeat(300)}`;
    expect(await refusal(await docx({ body: deep }))).toEqual({ status: 400, details: [{ field, reason: '.docx 文件的嵌套超过 512 层上限' }] });
    // 31 tables inside one another are read.
    let fine = para('最里层');
    for (let i = 0; i < 31; i++) fine = `<w:tbl><w:tr><w:tc>${fine}</w:tc></w:tr></w:tbl>`;
    expect(await read(await docx({ body: fine }))).toBe('最里层');
  });

  it('a label text past 100 characters, more than 50,000 list definitions, a style chain past 32 or in a loop', async () => {
    const longLabel = numberingOf(level(0, 'decimal', `%1${'、'.repeat(100)}`));
    expect(await refusal(await docx({ body: para('x', numbered(1, 0)), numbering: longLabel }))).toEqual({
      status: 400,
      details: [{ field, reason: '.docx 文件的编号格式超过 100 字上限' }],
    });
    const manyLists = numberingOf(
      level(0, 'decimal', '%1.'),
      Array.from({ length: 50_000 }, (_, i) => `<w:num w:numId="${i + 1}"><w:abstractNumId w:val="0"/></w:num>`).join(''),
    );
    expect(await refusal(await docx({ body: para('x'), numbering: manyLists }))).toEqual({
      status: 400,
      details: [{ field, reason: '.docx 文件的编号定义超过 50000 个上限' }],
    });
    const loop =
      '<w:style w:type="paragraph" w:styleId="A"><w:basedOn w:val="B"/></w:style><w:style w:type="paragraph" w:styleId="B"><w:basedOn w:val="A"/></w:style>';
    expect(await refusal(await docx({ body: para('x', styled('A')), styles: loop }))).toEqual({
      status: 400,
      details: [{ field, reason: '.docx 文件的样式继承超过 32 层上限' }],
    });
  });

  it('start values and counters held to Word’s 32,767, whatever the file says', async () => {
    const huge = numberingOf(
      `<w:lvl w:ilvl="0"><w:start w:val="99999999999999"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="-5"/><w:numFmt w:val="decimal"/><w:lvlText w:val="(%2)"/></w:lvl>`,
    );
    const body = [para('甲', numbered(1, 0)), para('乙', numbered(1, 0)), para('丙', numbered(1, 1))].join('');
    expect(await read(await docx({ body, numbering: huge }))).toBe('32767.甲\n32767.乙\n(0)丙');
  });

  it('more cells in a row than the column limit; more text than the caller takes', async () => {
    const wide = `<w:tbl><w:tr><w:tc>${para('序号')}</w:tc><w:tc><w:tcPr><w:gridSpan w:val="4000000000"/></w:tcPr>${para('任务')}</w:tc></w:tr></w:tbl>`;
    expect(await refusal(await docx({ body: wide }))).toEqual({ status: 400, details: [{ field, reason: '表格超过 100 列上限' }] });
    const long = Array.from({ length: 20 }, () => para('加强两市合作交流。')).join('');
    expect(await refusal(await docx({ body: long }), 100)).toEqual({ status: 400, details: [{ field, reason: '文本超过 100 字上限' }] });
  });

  it('tags that do not match, a DTD: not a valid .docx', async () => {
    for (const body of ['<w:p><w:r><w:t>x</w:r></w:t></w:p>']) {
      expect(await refusal(await docx({ body }))).toEqual({ status: 400, details: [{ field, reason: '不是有效的 .docx 文件' }] });
    }
    const zip = await JSZip.loadAsync(await docx({ body: para('x') }));
    zip.file('word/document.xml', `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "x">]><w:document ${W}><w:body>${para('&e;')}</w:body></w:document>`);
    expect(await refusal(await zip.generateAsync({ type: 'nodebuffer' }))).toEqual({ status: 400, details: [{ field, reason: '不是有效的 .docx 文件' }] });
  });
});
