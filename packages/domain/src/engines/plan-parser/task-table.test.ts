import { describe, expect, it } from 'vitest';
import { findTaskTables, recogniseHeader, splitTableCells, type TaskTable } from './task-table.js';

/** Text-table fixtures write U+3000 as '_' so that the alignment can be read in the source. */
const fullWidth = (line: string): string => line.replace(/_/g, '\u3000');

/**
 * Every non-blank line from the header to endLine is the header, a row's first line, a
 * continuation or group heading whose text ended up in a row, or is named in a warning.
 */
function expectEveryLineAccountedFor(lines: readonly string[], table: TaskTable): void {
  const rowLines = new Set(table.rows.map((row) => row.line));
  const read = table.rows.map((row) => `${row.cells.join('')}${row.group}`).join('');
  for (let index = table.header.line + 1; index < table.endLine; index++) {
    const line = lines[index] ?? '';
    if (line.trim() === '' || rowLines.has(index) || table.warnings.some((warning) => warning.startsWith(`第${index + 1}行`))) continue;
    const cells = splitTableCells(line) ?? [line.trim()];
    const isHeader = recogniseHeader(cells) !== null;
    const inRows = cells.every((cell) => read.includes(cell.trim()));
    expect(isHeader || inRows, `line ${index}: ${line}`).toBe(true);
  }
}

describe('splitTableCells', () => {
  it.each<[string, string[] | null]>([
    ['1\t推进产业合作\t市商务局\t市发展改革委\t2025年底前', ['1', '推进产业合作', '市商务局', '市发展改革委', '2025年底前']],
    // Empty cells of merged rows are kept: they say which column the text is in.
    ['\t\t\t市科技创新局\t', ['', '', '', '市科技创新局', '']],
    [' 1 \t 推进产业合作\u3000\t市商务局\r', ['1', '推进产业合作', '市商务局']],
    ['1    推进产业合作    市商务局', ['1', '推进产业合作', '市商务局']],
    ['1　推进产业合作　　市商务局　2025年底前', ['1', '推进产业合作', '市商务局', '2025年底前']],
    // A single space stays inside a cell.
    ['1  Shenzhen Ganzhou 合作  市商务局', ['1', 'Shenzhen Ganzhou 合作', '市商务局']],
    ['推进产业合作，支持深圳企业到赣州投资兴业。', null],
    ['  一、产业合作  ', null],
    ['1 推进产业合作 市商务局', null],
    ['\t\t', null],
    ['', null],
  ])('%j → %j', (line, cells) => {
    expect(splitTableCells(line)).toEqual(cells);
  });
});

describe('recogniseHeader', () => {
  it.each<[string[], (string | null)[] | null]>([
    [
      ['序号', '重点任务', '牵头单位', '配合单位', '完成时限'],
      ['serial', 'task', 'lead', 'supporting', 'deadline'],
    ],
    [
      ['编号', '工作任务', '具体措施', '牵头部门', '协同单位', '时间节点', '预期成果', '对应条款'],
      ['serial', 'task', 'measure', 'lead', 'supporting', 'deadline', 'outcome', 'article'],
    ],
    // 责任单位 is the lead without a 牵头 column, a supporting column beside one.
    [
      ['序号', '主要任务', '责任单位', '完成时间'],
      ['serial', 'task', 'lead', 'deadline'],
    ],
    [
      ['序号', '任务内容', '牵头单位', '责任单位', '时间进度'],
      ['serial', 'task', 'lead', 'supporting', 'deadline'],
    ],
    // People columns and notes are no task columns.
    [
      ['序号', '重点任务', '牵头市领导', '牵头单位', '参与单位', '完成时限', '备注'],
      ['serial', 'task', null, 'lead', 'supporting', 'deadline', null],
    ],
    [
      ['序 号', '工作措施', '牵头单位', '完成时限（年月）'],
      ['serial', 'measure', 'lead', 'deadline'],
    ],
    [
      ['序号', '任务名称', '主要内容', '工作目标', '责任单位'],
      ['serial', 'task', 'measure', 'outcome', 'lead'],
    ],
    // Not headers: no unit or deadline column, no task column, data, prose.
    [['序号', '重点任务', '备注'], null],
    [['序号', '重点任务', '工作进度', '进展情况'], null],
    [['序号', '牵头单位', '配合单位', '完成时限'], null],
    [['1', '推进产业合作', '市商务局', '2025年底前'], null],
    [['序号', '推进深赣港产城一体化合作区建设任务', '市商务局牵头单位', '完成时限'], null],
  ])('%j → %j', (cells, columns) => {
    expect(recogniseHeader(cells)).toEqual(columns);
  });
});

describe('findTaskTables: a tab-separated table from a .docx file', () => {
  const lines = [
    '六、保障措施',
    '各牵头单位要细化工作方案，按季度报送进展情况。',
    '附件',
    '深圳市与赣州市对口合作2025年重点任务分工表',
    '序号\t重点任务\t牵头单位\t配合单位\t完成时限',
    '1\t支持赣州打造深圳红培研学目的地，组织深圳各级党政机关、企事业单位赴赣州开展党性教育\t市委组织部\t市委党校、市国资委、各区\t2025年底前',
    '2\t推动建立两市农业和绿色食品长期产销对接机制\t市农业农村局\t市商务局、市市场监管局\t长期坚持',
    '3\t持续运营好深圳精品展销中心（赣州）\t市商务局\t市对口支援办和各区\t每季度',
    '4\t推进东江流域上下游横向生态保护补偿\t市生态环境局\t市财政局，市水务局\t2024年底前启动，2025年底前完成',
    '5\t深化两地卫健系统干部人才交流培训\t市卫生健康委和市医保局\t\t二〇二六年六月底前',
    '',
    '深圳市对口支援和对口合作工作领导小组办公室',
    '2025年3月1日',
  ];
  const tables = findTaskTables(lines, { planYear: 2025 });

  it('finds the one table, from its header to its last row', () => {
    expect(tables).toHaveLength(1);
    expect(tables[0]?.header).toEqual({ line: 4, columns: ['serial', 'task', 'lead', 'supporting', 'deadline'] });
    expect(tables[0]?.endLine).toBe(10);
    expect(tables[0]?.warnings).toEqual([]);
  });

  it('reads each row', () => {
    expect(tables[0]?.rows).toEqual([
      {
        serial: '1',
        task: '支持赣州打造深圳红培研学目的地，组织深圳各级党政机关、企事业单位赴赣州开展党性教育',
        measure: '',
        lead: ['市委组织部'],
        supporting: ['市委党校', '市国资委', '各区'],
        deadline: { kind: 'date', date: '2025-12-31', text: '2025年底前' },
        outcome: '',
        articleRef: '',
        group: '',
        cells: [
          '1',
          '支持赣州打造深圳红培研学目的地，组织深圳各级党政机关、企事业单位赴赣州开展党性教育',
          '市委组织部',
          '市委党校、市国资委、各区',
          '2025年底前',
        ],
        line: 5,
      },
      {
        serial: '2',
        task: '推动建立两市农业和绿色食品长期产销对接机制',
        measure: '',
        lead: ['市农业农村局'],
        supporting: ['市商务局', '市市场监管局'],
        deadline: { kind: 'open', text: '长期坚持' },
        outcome: '',
        articleRef: '',
        group: '',
        cells: ['2', '推动建立两市农业和绿色食品长期产销对接机制', '市农业农村局', '市商务局、市市场监管局', '长期坚持'],
        line: 6,
      },
      {
        serial: '3',
        task: '持续运营好深圳精品展销中心（赣州）',
        measure: '',
        lead: ['市商务局'],
        supporting: ['市对口支援办', '各区'],
        deadline: { kind: 'recurring', every: 'quarter', text: '每季度' },
        outcome: '',
        articleRef: '',
        group: '',
        cells: ['3', '持续运营好深圳精品展销中心（赣州）', '市商务局', '市对口支援办和各区', '每季度'],
        line: 7,
      },
      {
        serial: '4',
        task: '推进东江流域上下游横向生态保护补偿',
        measure: '',
        lead: ['市生态环境局'],
        supporting: ['市财政局', '市水务局'],
        deadline: { kind: 'date', date: '2025-12-31', text: '2024年底前启动，2025年底前完成' },
        outcome: '',
        articleRef: '',
        group: '',
        cells: ['4', '推进东江流域上下游横向生态保护补偿', '市生态环境局', '市财政局，市水务局', '2024年底前启动，2025年底前完成'],
        line: 8,
      },
      {
        serial: '5',
        task: '深化两地卫健系统干部人才交流培训',
        measure: '',
        lead: ['市卫生健康委', '市医保局'],
        supporting: [],
        deadline: { kind: 'date', date: '2026-06-30', text: '二〇二六年六月底前' },
        outcome: '',
        articleRef: '',
        group: '',
        cells: ['5', '深化两地卫健系统干部人才交流培训', '市卫生健康委和市医保局', '', '二〇二六年六月底前'],
        line: 9,
      },
    ]);
    expectEveryLineAccountedFor(lines, tables[0] as TaskTable);
  });
});

describe('findTaskTables: group rows and merged cells', () => {
  const lines = [
    '序号\t工作任务\t牵头单位\t配合单位\t完成时间',
    '一、产业合作\t\t\t\t',
    '1\t共建深赣产业园区，推动深圳企业到赣州投资兴业\t市发展改革委\t市工业和信息化局\t2025年12月底前',
    // Merged cells: the serial and task cells of row 1 span this line.
    '\t\t\t市科技创新局、市商\t',
    '\t\t\t务局\t2026年6月底前',
    '2\t办好赣州（深圳）招商推介会\t市投资推广署\t\t2025年上半年',
    '二\t民生保障\t\t\t',
    '3\t推动优质医疗资源共享\t市卫生健康委\t各区\t年内',
    '（三）人才交流',
    '4\t互派干部挂职交流\t市委组织部\t\t每年',
    '说明：各单位于每季度末报送进展。',
  ];
  const [table] = findTaskTables(lines, { planYear: 2025 });

  it('keeps the group of each row and joins merged cells to the row above', () => {
    expect(table?.endLine).toBe(10);
    expect(table?.warnings).toEqual([]);
    expect(table?.rows.map((row) => [row.serial, row.group, row.task, row.lead, row.supporting, row.deadline])).toEqual([
      [
        '1',
        '一、产业合作',
        '共建深赣产业园区，推动深圳企业到赣州投资兴业',
        ['市发展改革委'],
        ['市工业和信息化局', '市科技创新局', '市商务局'],
        { kind: 'date', date: '2026-06-30', text: '2025年12月底前\n2026年6月底前' },
      ],
      ['2', '一、产业合作', '办好赣州（深圳）招商推介会', ['市投资推广署'], [], { kind: 'date', date: '2025-06-30', text: '2025年上半年' }],
      ['3', '二 民生保障', '推动优质医疗资源共享', ['市卫生健康委'], ['各区'], { kind: 'date', date: '2025-12-31', text: '年内' }],
      ['4', '（三）人才交流', '互派干部挂职交流', ['市委组织部'], [], { kind: 'recurring', every: 'year', text: '每年' }],
    ]);
    expect(table?.rows[0]?.cells).toEqual([
      '1',
      '共建深赣产业园区，推动深圳企业到赣州投资兴业',
      '市发展改革委',
      '市工业和信息化局\n市科技创新局、市商务局',
      '2025年12月底前\n2026年6月底前',
    ]);
    expectEveryLineAccountedFor(lines, table as TaskTable);
  });
});

describe('findTaskTables: group headings in other places', () => {
  it('reads a numbered heading in the task column and a line of its own as groups', () => {
    const lines = [
      '序号\t重点任务\t牵头单位\t完成时限',
      '\t（一）园区共建\t\t',
      '1\t共建深赣产业园区\t市发展改革委\t2025年底前',
      '文旅合作',
      '2\t打造红色旅游精品线路\t市文化广电旅游体育局\t2025年下半年',
    ];
    const [table] = findTaskTables(lines, {});
    expect(table?.rows.map((row) => [row.serial, row.group])).toEqual([
      ['1', '（一）园区共建'],
      ['2', '文旅合作'],
    ]);
    expect(table?.endLine).toBe(5);
  });

  it('ends the table at a heading that no row follows', () => {
    const lines = ['序号\t重点任务\t牵头单位\t完成时限', '1\t共建深赣产业园区\t市发展改革委\t2025年底前', '三、保障措施', '（一）加强组织领导。'];
    const [table] = findTaskTables(lines, {});
    expect(table?.endLine).toBe(2);
    expect(table?.rows[0]?.group).toBe('');
  });
});

describe('findTaskTables: a column-aligned text table', () => {
  // Padded with full-width spaces: the columns start at display columns 0, 8, 48, 64 and 84.
  const lines = [
    '附件：重点任务分工',
    '',
    fullWidth('序号__重点任务________________牵头单位____配合单位______完成时限'),
    fullWidth('1___ 推进深赣港产城一体化合作区建设_____市发展改革委__市规划和自然资源局_2025年底前'),
    fullWidth('2___ 深化“圳品”孵化培育与申报评价工作____市市场监管局__市农业农村局____2025年6月底前'),
    '',
    fullWidth('3___ 支持赣州农产品进入深圳市场，______市农业农村局__市商务局、市供销__每季度'),
    fullWidth('____扩大消费帮扶规模____________________社'),
    fullWidth('4___ 共建东江源生态保护补偿机制_______市生态环境局____________长期坚持'),
    '',
    '第五章　保障措施',
    '加强组织领导，压实工作责任。',
  ];
  const [table] = findTaskTables(lines, {});

  it('reads rows by column, wrapped lines included, and warns about a row with a missing cell', () => {
    expect(table?.header).toEqual({ line: 2, columns: ['serial', 'task', 'lead', 'supporting', 'deadline'] });
    expect(table?.endLine).toBe(9);
    expect(table?.rows.map((row) => [row.serial, row.task, row.lead, row.supporting, row.deadline.text, row.line])).toEqual([
      ['1', '推进深赣港产城一体化合作区建设', ['市发展改革委'], ['市规划和自然资源局'], '2025年底前', 3],
      ['2', '深化“圳品”孵化培育与申报评价工作', ['市市场监管局'], ['市农业农村局'], '2025年6月底前', 4],
      ['3', '支持赣州农产品进入深圳市场，扩大消费帮扶规模', ['市农业农村局'], ['市商务局', '市供销社'], '每季度', 6],
      ['4', '共建东江源生态保护补偿机制', ['市生态环境局'], [], '长期坚持', 8],
    ]);
    expect(table?.warnings).toEqual(['第9行只有4格，少于表头的5列：按列位置读入，“配合单位”为空']);
    expectEveryLineAccountedFor(lines, table as TaskTable);
  });

  it('reads a table separated by single full-width spaces, cell by cell', () => {
    const plain = [
      '序号　重点任务　牵头单位　配合单位　完成时限',
      '1　深化赣深港三地青少年研学交流　市教育局　团市委　2025年底前',
      '2　推进消费帮扶　市商务局　2025年底前',
      '一、保障措施',
      '（一）加强组织领导。',
    ];
    const [aligned] = findTaskTables(plain, {});
    expect(aligned?.endLine).toBe(3);
    expect(aligned?.rows.map((row) => [row.serial, row.task, row.lead, row.supporting, row.deadline.text])).toEqual([
      ['1', '深化赣深港三地青少年研学交流', ['市教育局'], ['团市委'], '2025年底前'],
      // Not padded into columns: the cells are read from the left, the last one known as a deadline by its words.
      ['2', '推进消费帮扶', ['市商务局'], [], '2025年底前'],
    ]);
    expect(aligned?.rows[1]?.cells).toEqual(['2', '推进消费帮扶', '市商务局', '', '2025年底前']);
    expect(aligned?.warnings).toEqual(['第3行只有4格，少于表头的5列：按顺序读入，末格按内容作完成时限，“配合单位”为空']);
  });
});

describe('findTaskTables: 具体措施 and 对应条款 columns', () => {
  const lines = [
    '序号\t重点任务\t具体措施\t牵头单位\t配合单位\t完成时限\t预期成果\t对应条款',
    '1\t深化产业协作\t共建深赣产业园，引进深圳企业落户\t市发展改革委\t市工业和信息化局\t2025年第三季度\t新引进项目10个以上\t第二章第（一）条',
    '2\t深化产业协作\t举办招商推介会不少于2场\t市投资推广署\t各区\t2025年10月15日前\t签约项目20个\t第二章第（一）条',
    '3\t加强人才交流\t互派干部挂职，每批不少于10人\t市委组织部\t市人力资源社会保障局\t2025年起每年\t完成年度挂职计划\t第五章第（二）条',
  ];
  const [table] = findTaskTables(lines, {});

  it('keeps the task, the measure, the outcome and the article reference apart', () => {
    expect(table?.rows.map((row) => [row.task, row.measure, row.deadline, row.outcome, row.articleRef])).toEqual([
      [
        '深化产业协作',
        '共建深赣产业园，引进深圳企业落户',
        { kind: 'date', date: '2025-09-30', text: '2025年第三季度' },
        '新引进项目10个以上',
        '第二章第（一）条',
      ],
      ['深化产业协作', '举办招商推介会不少于2场', { kind: 'date', date: '2025-10-15', text: '2025年10月15日前' }, '签约项目20个', '第二章第（一）条'],
      ['加强人才交流', '互派干部挂职，每批不少于10人', { kind: 'recurring', every: 'year', text: '2025年起每年' }, '完成年度挂职计划', '第五章第（二）条'],
    ]);
  });

  it('takes the 具体措施 text as the task when there is no task column', () => {
    const [measuresOnly] = findTaskTables(['编号\t工作措施\t牵头单位\t完成时限', '1\t建立两市产销对接机制\t市农业农村局\t2025年底前'], {});
    expect(measuresOnly?.rows.map((row) => [row.task, row.measure])).toEqual([['建立两市产销对接机制', '']]);
  });
});

describe('findTaskTables: a header with 责任单位 only', () => {
  const lines = [
    '2025年深赣对口合作工作要点任务分解',
    '序号\t主要任务\t责任单位\t时间节点',
    '1\t完善赣深组合港运营管理\t市交通运输局、深圳海关，各县（市、区）人民政府\t2026年6月',
    '2\t推动赣州国际陆港与盐田港联动发展\t市交通运输局牵头，市商务局配合\t下半年',
    '3\t举办深赣文旅推介活动\t市文化广电旅游体育局等\t持续推进',
  ];
  const [table] = findTaskTables(lines, { planYear: 2025 });

  it('reads 责任单位 as the lead', () => {
    expect(table?.header.columns).toEqual(['serial', 'task', 'lead', 'deadline']);
    expect(table?.rows.map((row) => [row.lead, row.supporting, row.deadline])).toEqual([
      [['市交通运输局', '深圳海关', '各县（市、区）人民政府'], [], { kind: 'date', date: '2026-06-30', text: '2026年6月' }],
      [['市交通运输局', '市商务局'], [], { kind: 'date', date: '2025-12-31', text: '下半年' }],
      [['市文化广电旅游体育局'], [], { kind: 'open', text: '持续推进' }],
    ]);
  });
});

describe('findTaskTables: a header over two rows', () => {
  it('refines 责任单位 into the 牵头单位 and 配合单位 under it', () => {
    const lines = ['序号\t重点任务\t责任单位\t\t完成时限', '\t\t牵头单位\t配合单位\t', '1\t推进东江流域协同治理\t市生态环境局\t市水务局\t2025年底前'];
    const [table] = findTaskTables(lines, {});
    expect(table?.header).toEqual({ line: 0, columns: ['serial', 'task', 'lead', 'supporting', 'deadline'] });
    expect(table?.rows.map((row) => [row.lead, row.supporting])).toEqual([[['市生态环境局'], ['市水务局']]]);
  });
});

describe('findTaskTables: a fused table (single spaces between cells)', () => {
  const lines = [
    '序号 重点任务 牵头单位 配合单位 完成时限',
    '1 深化赣深港三地青少年研学交流 市教育局 团市委 2025年底前',
    '2 推进东江流域上下游横向生态保护补偿 市生态环境局 市财政局、市水务局 持续推进',
    '3 共建产业园区 市发展改革委 2025年底前',
    '4 拓展赣深组合港功能 市交通运输局 深圳海关 2026年底前',
    '五、保障措施',
  ];
  const [table] = findTaskTables(lines, {});

  it('reads rows that split into the header’s columns and warns about the others', () => {
    expect(table?.endLine).toBe(5);
    expect(table?.rows.map((row) => [row.serial, row.task, row.lead, row.supporting, row.deadline.text])).toEqual([
      ['1', '深化赣深港三地青少年研学交流', ['市教育局'], ['团市委'], '2025年底前'],
      ['2', '推进东江流域上下游横向生态保护补偿', ['市生态环境局'], ['市财政局', '市水务局'], '持续推进'],
      ['4', '拓展赣深组合港功能', ['市交通运输局'], ['深圳海关'], '2026年底前'],
    ]);
    expect(table?.warnings).toEqual(['第4行按空格拆出4段，与表头的5列不符，无法可靠拆分，未读入：“3 共建产业园区 市发展改革委 2025年底前”']);
    expectEveryLineAccountedFor(lines, table as TaskTable);
  });
});

describe('findTaskTables: several tables and what is no table', () => {
  it('finds each table of a document in order', () => {
    const lines = [
      '一、产业合作',
      '序号\t重点任务\t牵头单位\t完成时限',
      '1\t共建产业园区\t市发展改革委\t2025年底前',
      '二、民生合作',
      '（一）教育合作。支持两地学校结对帮扶。',
      '序号\t重点任务\t牵头单位\t完成时限',
      '1\t推动学校结对\t市教育局\t2025年底前',
      '2\t开展教师交流\t市教育局\t每年',
    ];
    const tables = findTaskTables(lines, {});
    expect(tables.map((table) => [table.header.line, table.endLine, table.rows.length])).toEqual([
      [1, 3, 1],
      [5, 8, 2],
    ]);
  });

  it('finds none in prose, and none for a header without rows', () => {
    expect(findTaskTables(['一、总体要求', '（一）指导思想。以习近平新时代中国特色社会主义思想为指导。', '牵头单位：市商务局'], {})).toEqual([]);
    expect(findTaskTables(['序号\t重点任务\t牵头单位\t完成时限', '以上任务按季度调度。'], {})).toEqual([]);
  });

  it('warns about a tab row with fewer or more cells than the header', () => {
    const lines = [
      '序号\t重点任务\t牵头单位\t配合单位\t完成时限',
      '1\t推进产业合作\t市商务局',
      '2\t推进文旅合作\t市文化广电旅游体育局\t各区\t2025年底前\t已启动',
    ];
    const [table] = findTaskTables(lines, {});
    expect(table?.rows.map((row) => row.cells)).toEqual([
      ['1', '推进产业合作', '市商务局', '', ''],
      ['2', '推进文旅合作', '市文化广电旅游体育局', '各区', '2025年底前', '已启动'],
    ]);
    expect(table?.warnings).toEqual(['第2行只有3格，少于表头的5列：按顺序读入，“配合单位”“完成时限”为空', '第3行比表头多出1格，未读入：“已启动”']);
  });

  it('skips a header repeated inside the table', () => {
    const lines = [
      '序号\t重点任务\t牵头单位\t完成时限',
      '1\t共建产业园区\t市发展改革委\t2025年底前',
      '序号\t重点任务\t牵头单位\t完成时限',
      '2\t推动学校结对\t市教育局\t2025年底前',
    ];
    const [table] = findTaskTables(lines, {});
    expect(table?.rows.map((row) => row.serial)).toEqual(['1', '2']);
    expect(table?.endLine).toBe(4);
  });
});

describe('findTaskTables at size', () => {
  it('reads a 500-row table of ~300,000 characters in one pass', () => {
    const task = '推进深赣港产城一体化合作区建设，完善园区基础设施和公共服务配套，引导深圳企业到赣州投资兴业'.repeat(13);
    const rows = Array.from({ length: 500 }, (_, i) => `${i + 1}\t${task}\t市发展改革委\t市商务局、市工业和信息化局\t2025年底前`);
    const lines = ['序号\t重点任务\t牵头单位\t配合单位\t完成时限', ...rows, ''];
    expect(lines.join('\n').length).toBeGreaterThan(300_000);
    const [table] = findTaskTables(lines, {});
    expect(table?.rows).toHaveLength(500);
    expect(table?.rows[499]?.serial).toBe('500');
    expect(table?.rows[499]?.supporting).toEqual(['市商务局', '市工业和信息化局']);
    expect(table?.endLine).toBe(501);
  });

  it('gets through pathological lines', () => {
    const spaces = `1${' '.repeat(100_000)}x${'\u3000'.repeat(100_000)}y`;
    const blanks = Array.from({ length: 50_000 }, () => '');
    const lines = ['序号  重点任务  牵头单位  完成时限', spaces, ...blanks, '（一）'.repeat(10_000)];
    expect(findTaskTables(lines, {})).toHaveLength(1);

    const longRow = `2\t${'推进产业合作'.repeat(5_000)}\t市商务局\t2025年底前`;
    const separated = ['序号\t重点任务\t牵头单位\t完成时限', '1\t共建产业园区\t市发展改革委\t2025年底前', ...blanks, longRow];
    expect(findTaskTables(separated, {})[0]?.rows).toHaveLength(2);

    const headers = Array.from({ length: 20_000 }, () => '序号\t重点任务\t牵头单位\t完成时限');
    expect(findTaskTables(headers, {})).toEqual([]);
  });
});
