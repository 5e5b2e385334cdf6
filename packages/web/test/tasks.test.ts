import { describe, expect, it } from 'vitest';
import { fileNameOf } from '../src/components/files.js';
import { namePathOf, rowIssues } from '../src/components/taskIssues.js';

describe('server field issues on the task screens', () => {
  it.each([
    ['dueOn', ['dueOn']],
    ['indicators.0.target', ['indicators', 0, 'target']],
    ['milestones.1.dueOn', ['milestones', 1, 'dueOn']],
    ['leadUnitIds.0', ['leadUnitIds']],
    ['supportUnitIds', ['supportUnitIds']],
    ['planId', null],
    ['', null],
  ] as const)('%s goes to the form field %j', (field, expected) => {
    expect(namePathOf(field)).toEqual(expected);
  });

  it('reads the row, the field and the bare reason of each import problem, and ignores file-level issues', () => {
    const details = [
      { field: 'rows.3.leadUnitIds.0', reason: '第3行 牵头单位：本结对城市没有名为“某单位”的单位' },
      { field: 'rows.12.dueOn', reason: '第12行 完成时限：完成时限不能早于开始日期' },
      { field: 'rows.4.title', reason: '必填' },
      { field: 'fileBase64', reason: '不是有效的 .xlsx 文件' },
    ];
    expect(rowIssues({ details })).toEqual([
      { key: '0', row: 3, field: 'leadUnitIds.0', reason: '本结对城市没有名为“某单位”的单位' },
      { key: '1', row: 12, field: 'dueOn', reason: '完成时限不能早于开始日期' },
      { key: '2', row: 4, field: 'title', reason: '必填' },
    ]);
  });
});

describe('downloaded file names', () => {
  it('prefers the UTF-8 name of Content-Disposition and falls back to the ASCII one', () => {
    const both = `attachment; filename="task-ledger-20261201.xlsx"; filename*=UTF-8''${encodeURIComponent('任务台账-20261201.xlsx')}`;
    expect(fileNameOf(both)).toBe('任务台账-20261201.xlsx');
    expect(fileNameOf('attachment; filename="file.txt"')).toBe('file.txt');
    expect(fileNameOf("attachment; filename*=UTF-8''%E0%A4%A")).toBe(null);
    expect(fileNameOf(null)).toBe(null);
  });
});
