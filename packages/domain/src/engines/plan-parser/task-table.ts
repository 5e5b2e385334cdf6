import { type Deadline, type DeadlineContext, parseDeadline } from './deadline.js';
import { readNumbering } from './numbering.js';
import { looksLikeUnitName, splitUnitNames } from './unit-list.js';

/*
 * Task tables (任务分工方案) in the lines of a plan.
 *
 * Three layouts of a row:
 * - tab: cells separated by TAB, as the .docx and .xlsx readers write table rows;
 * - aligned: plain text whose cells are separated by a gap of two or more spaces or by full-width
 *   spaces (U+3000); each cell's display column (CJK and full-width characters count 2) is kept;
 * - fused: a whole row on one line with single spaces between cells, as some websites give it. It is
 *   read only when the header itself is fused and a row splits into exactly as many cells as the
 *   header has; any other line of such a table is reported in a warning, not guessed at.
 *
 * A table starts at a header recognised by its words (recogniseHeader); a second header row of
 * unit and deadline labels under merged header cells (责任单位 over 牵头单位 | 配合单位) refines it.
 * The table runs while lines are rows. Inside it:
 * - a row with an empty serial cell (no serial column: an empty task cell) continues the row above:
 *   merged cells of a .docx table, or a wrapped cell of a text table. Each non-empty cell is added to
 *   the same column of the row above: text without separator, unit names as further names (a name
 *   cut in the middle is joined back), a deadline of a .docx table as a further deadline (the last
 *   one counts). In a padded text table, a line with one indented cell under a column is such a
 *   continuation;
 * - a group row names the category of the rows below (TaskTableRow.group): one cell alone that is
 *   numbered 一、/（一）/第一部分 or sits in the serial column; a numbered or short unnumbered line of
 *   its own that a row follows; a row with only the first two cells filled where the first is a
 *   Chinese numeral (一 | 产业合作). A row numbered 1 with only its task filled stays a task;
 * - a repeated header row (a table that spans pages) is skipped;
 * - blank lines are skipped when a row follows them; otherwise the table ends before them.
 * The table ends at any other line: in a tab table a line without tabs, in a text table also a row
 * whose serial cell holds no serial number (第五章　保障措施).
 * A row with fewer cells than the header: in a text table padded into columns, each cell goes under
 * the header cell that starts nearest to it (within a few display columns); otherwise the cells are
 * taken from the left, except that a last cell that reads as a deadline goes to the deadline column.
 * Either way a warning names the line and the columns left empty; cells beyond the header's are
 * kept in `cells` and named in a warning. Every line from the header to `endLine` is a row, a
 * continuation, a group heading, a header, blank, or named in a warning. Warnings count lines from
 * 1 (第3行 is lines[2]).
 * Lines must come untrimmed: leading tabs and spaces say which column a cell is in.
 */

export type TaskColumn = 'serial' | 'task' | 'measure' | 'lead' | 'supporting' | 'deadline' | 'outcome' | 'article';

export interface TaskTableRow {
  /** As written, '' if none. */
  serial: string;
  /** The 重点任务 / 工作任务 / 任务内容 text, or the 具体措施 text when the table has only one of them. */
  task: string;
  /** 具体措施 when the table has a separate column for it, else ''. */
  measure: string;
  lead: string[];
  supporting: string[];
  deadline: Deadline;
  outcome: string;
  /** The text of an 对应条款 / 政策条款 column, else ''. */
  articleRef: string;
  /** The category of the group row above, as written ('一、产业合作'), '' when there is none. */
  group: string;
  /** The row's cells as read: one per header column, continuations included, then any beyond the header's. */
  cells: string[];
  /** Index of the input line the row starts on. */
  line: number;
}

export interface TaskTable {
  header: { line: number; columns: (TaskColumn | null)[] };
  rows: TaskTableRow[];
  /** Index of the first line after the table (exclusive). */
  endLine: number;
  warnings: string[];
}

type Layout = 'tab' | 'aligned' | 'fused';

interface Piece {
  text: string;
  /** Display column where the cell starts (aligned layout), or its index (tab and fused). */
  start: number;
}

/** The cells of a table row, or null when the line is not one (a single cell, or blank). */
export function splitTableCells(line: string): string[] | null {
  const pieces = line.includes('\t') ? splitTabbed(line) : splitAligned(line);
  if (pieces.length < 2 || pieces.every((piece) => piece.text === '')) return null;
  return pieces.map((piece) => piece.text);
}

function splitTabbed(line: string): Piece[] {
  return stripLineEnd(line)
    .split('\t')
    .map((text, index) => ({ text: text.trim(), start: index }));
}

function stripLineEnd(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

const GAP_CHARS = new Set([' ', '\u3000', '\u00a0', '\t']);

/** Cells separated by whitespace at least two display columns wide: two spaces or one U+3000. */
function splitAligned(line: string): Piece[] {
  const text = stripLineEnd(line);
  const pieces: Piece[] = [];
  let column = 0;
  let cellStart = -1;
  let cellEnd = 0;
  let cellColumn = 0;
  let gapWidth = 0;
  for (let index = 0; index < text.length; ) {
    const code = text.codePointAt(index) ?? 0;
    const ch = String.fromCodePoint(code);
    const width = displayWidth(code);
    if (GAP_CHARS.has(ch)) {
      gapWidth += width;
    } else {
      if (cellStart >= 0 && gapWidth >= 2) {
        pieces.push({ text: text.slice(cellStart, cellEnd), start: cellColumn });
        cellStart = -1;
      }
      if (cellStart < 0) {
        cellStart = index;
        cellColumn = column;
      }
      cellEnd = index + ch.length;
      gapWidth = 0;
    }
    column += width;
    index += ch.length;
  }
  if (cellStart >= 0) pieces.push({ text: text.slice(cellStart, cellEnd), start: cellColumn });
  return pieces;
}

/** Cells separated by single spaces (a fused row). */
function splitFused(line: string): Piece[] {
  return line
    .trim()
    .split(/[ \u00a0\u3000]+/)
    .filter((text) => text !== '')
    .map((text, index) => ({ text, start: index }));
}

function displayWidth(code: number): number {
  const wide =
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    code >= 0x20000;
  return wide ? 2 : 1;
}

function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += displayWidth(ch.codePointAt(0) ?? 0);
  return width;
}

// ---------------------------------------------------------------------------------------------
// Header

type HeaderWord = TaskColumn | 'responsible';

// A header cell is a short label; a longer cell is data, whatever words it contains.
const MAX_HEADER_LABEL = 12;
const TRAILING_NOTE = /[（(][^（()）]{0,20}[)）]$/;

/** The column a header label names, or null (备注, 牵头市领导, 责任人 …). */
function headerWord(cell: string): HeaderWord | null {
  const label = cell.replace(/\s+/g, '').replace(TRAILING_NOTE, '');
  if (label === '' || label.length > MAX_HEADER_LABEL) return null;
  // Columns of people, not units.
  if (/领导|责任人|联系人|负责人/.test(label)) return null;
  if (/条款|对应条目|政策依据|文件依据/.test(label)) return 'article';
  if (label.includes('牵头')) return 'lead';
  if (/配合|协同|参与|协办|协助/.test(label)) return 'supporting';
  if (/责任单位|责任部门|主责单位|实施单位|承办单位/.test(label)) return 'responsible';
  // 工作进度 / 进展情况 report progress, not a deadline.
  if (/时限|时间|节点|期限|进度安排/.test(label)) return 'deadline';
  if (/成果|成效|标志/.test(label) || (label.includes('目标') && !label.includes('任务'))) return 'outcome';
  if (/措施|举措|主要内容|具体内容|实施内容/.test(label)) return 'measure';
  if (/任务|工作内容|重点工作|工作事项|事项|项目名称|工作要点/.test(label)) return 'task';
  if (/^(?:序号|编号|序|号|No\.?)$/i.test(label)) return 'serial';
  return null;
}

/**
 * The columns a header row names, or null when the row is no task-table header: it needs a task
 * column (task or measure) and a unit or deadline column, and at least half of its labels known.
 */
export function recogniseHeader(cells: string[]): (TaskColumn | null)[] | null {
  const words = cells.map(headerWord);
  const filled = cells.filter((cell) => cell.trim() !== '').length;
  const known = words.filter((word) => word !== null).length;
  if (known < 2 || known * 2 < filled) return null;
  if (cells.some((cell) => cell.replace(/\s+/g, '').length > MAX_HEADER_LABEL + 10)) return null;
  const columns = resolveWords(words);
  const has = (column: TaskColumn): boolean => columns.includes(column);
  const taskLike = has('task') || has('measure');
  const unitOrDeadline = has('lead') || has('supporting') || has('deadline');
  return taskLike && unitOrDeadline ? columns : null;
}

/** 责任单位 is the lead when no column says 牵头, else a supporting column; a column named twice counts once. */
function resolveWords(words: (HeaderWord | null)[]): (TaskColumn | null)[] {
  const explicitLead = words.includes('lead');
  const used = new Set<TaskColumn>();
  return words.map((word) => {
    const column: TaskColumn | null = word === 'responsible' ? (explicitLead || used.has('lead') ? 'supporting' : 'lead') : word;
    if (column === null || used.has(column)) return null;
    used.add(column);
    return column;
  });
}

interface Header {
  line: number;
  layout: Layout;
  columns: (TaskColumn | null)[];
  /** The header's own words, for warnings. */
  labels: string[];
  /** Display columns where the header cells start (aligned layout). */
  starts: number[];
  /**
   * Whether the text table is padded into columns (some gap in the header is wider than one
   * separator): only then do display columns say which column a cell is in.
   */
  padded: boolean;
}

function headerAt(lines: readonly string[], index: number): Header | null {
  const line = lines[index] ?? '';
  if (line.trim() === '') return null;
  const candidates: [Layout, Piece[]][] = line.includes('\t')
    ? [['tab', splitTabbed(line)]]
    : [
        ['aligned', splitAligned(line)],
        ['fused', splitFused(line)],
      ];
  for (const [layout, pieces] of candidates) {
    if (pieces.length < 2 || (layout === 'fused' && pieces.length < 3)) continue;
    const labels = pieces.map((piece) => piece.text);
    const columns = recogniseHeader(labels);
    if (columns === null) continue;
    const starts = pieces.map((piece) => piece.start);
    const padded = layout === 'aligned' && pieces.some((piece, i) => i + 1 < pieces.length && (starts[i + 1] ?? 0) - piece.start - textWidth(piece.text) > 2);
    return { line: index, layout, columns, labels, starts, padded };
  }
  return null;
}

/**
 * A second header row under merged cells (责任单位 over 牵头单位 | 配合单位): its labels refine the
 * columns they stand under. Only unit, deadline and outcome labels qualify, so a data row never does.
 */
function withSubHeader(header: Header, line: string): Header | null {
  // Only where cells say which column they stand under: tab rows, and padded text.
  if (header.layout === 'fused' || (header.layout === 'aligned' && !header.padded)) return null;
  const pieces = piecesOf(line, header.layout);
  if (pieces.length < 2 && header.layout === 'tab') return null;
  const placed = placeCells(pieces, header);
  if (placed === null) return null;
  const words = placed.cells.map((cell) => (cell === '' ? null : headerWord(cell)));
  const filled = placed.cells.filter((cell) => cell !== '').length;
  const refining = words.filter((word) => word === 'lead' || word === 'supporting' || word === 'responsible' || word === 'deadline' || word === 'outcome');
  if (filled === 0 || refining.length !== filled) return null;
  const merged = header.columns.map((column, index): HeaderWord | null => words[index] ?? column);
  return {
    ...header,
    columns: resolveWords(merged),
    labels: header.labels.map((label, index) => (placed.cells[index] !== '' ? (placed.cells[index] ?? label) : label)),
  };
}

// ---------------------------------------------------------------------------------------------
// Rows

interface Placed {
  /** One per header column. */
  cells: string[];
  /** Cells beyond the header's columns. */
  extra: string[];
  /** Header columns no cell of the line was placed in, when the line has fewer cells than the header. */
  missing: number[];
  /** How the cells were placed when the line has fewer cells than the header. */
  by: 'order' | 'order-deadline' | 'position' | 'complete';
}

function piecesOf(line: string, layout: Layout): Piece[] {
  if (layout === 'tab') return line.includes('\t') ? splitTabbed(line) : [{ text: line.trim(), start: 0 }];
  return layout === 'aligned' ? splitAligned(line) : splitFused(line);
}

function placeCells(pieces: Piece[], header: Header): Placed | null {
  const count = header.columns.length;
  if (header.padded && pieces.length !== count) {
    const positioned = placeByPosition(pieces, header);
    if (positioned !== null) return positioned;
  }
  if (header.layout === 'fused' && pieces.length !== count) return null;
  const texts = pieces.map((piece) => piece.text);
  const cells = header.columns.map((_, index) => texts[index] ?? '');
  const extra = texts.slice(count);
  if (texts.length >= count) return { cells, extra, missing: [], by: 'complete' };

  // Cells are missing, so the last one may stand left of its column; a deadline is known by its words.
  const deadlineColumn = header.columns.indexOf('deadline');
  const last = texts.length - 1;
  // Any plan year will do: the question is only whether the cell reads as a deadline (年底前 does).
  const anchored = deadlineColumn > last && last > 0 && parseDeadline(texts[last] ?? '', { planYear: 2000 }).kind !== 'unknown';
  if (anchored) {
    cells[last] = '';
    cells[deadlineColumn] = texts[last] ?? '';
  }
  const missing = header.columns.flatMap((_, index) => {
    const filled = anchored ? index < last || index === deadlineColumn : index < texts.length;
    return filled ? [] : [index];
  });
  return { cells, extra, missing, by: anchored ? 'order-deadline' : 'order' };
}

// How far a cell may start from its header cell in a text table: quotation marks and other
// characters of ambiguous width shift a line by a column or two per mark.
const POSITION_TOLERANCE = 4;

/**
 * Each cell under the header cell that starts nearest to it, when every cell starts close to one;
 * null when the line is not laid out under the header (then its cells are taken in order).
 */
function placeByPosition(pieces: Piece[], header: Header): Placed | null {
  const cells = header.columns.map(() => '');
  const taken = header.columns.map(() => false);
  for (const piece of pieces) {
    const column = nearestColumn(piece.start, header.starts);
    if (Math.abs(piece.start - (header.starts[column] ?? 0)) > POSITION_TOLERANCE) return null;
    cells[column] = `${cells[column] ?? ''}${piece.text}`;
    taken[column] = true;
  }
  const missing = taken.flatMap((isTaken, index) => (isTaken ? [] : [index]));
  return { cells, extra: [], missing: pieces.length < header.columns.length ? missing : [], by: 'position' };
}

function nearestColumn(start: number, starts: readonly number[]): number {
  let best = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  starts.forEach((columnStart, index) => {
    const distance = Math.abs(start - columnStart);
    if (distance < bestDistance) {
      best = index;
      bestDistance = distance;
    }
  });
  return best;
}

/** A single indented cell of a text table that fits under a column other than the serial one. */
function continuationColumn(piece: Piece, header: Header): number | null {
  if (!header.padded) return null;
  const column = nearestColumn(piece.start, header.starts);
  if (header.columns[column] === 'serial') return null;
  const columnStart = header.starts[column] ?? 0;
  const nextStart = header.starts[column + 1] ?? Number.POSITIVE_INFINITY;
  if (piece.start < columnStart - 2 || piece.start + textWidth(piece.text) > nextStart) return null;
  return column;
}

const SERIAL = /^[（(]?(?:[0-9０-９]{1,4}(?:[.．\-－][0-9０-９]{1,4}){0,3}|[一二三四五六七八九十百零〇两]{1,6}|[\u2460-\u2473])[)）]?[、.．]?$/;
const CHINESE_SERIAL = /^[（(]?[一二三四五六七八九十]{1,4}[)）]?[、.．]?$/;
const PART_HEADING = /^第[一二三四五六七八九十]{1,3}(?:部分|方面|类|篇)/;
const SENTENCE_MARK = /[。；;！？!?]/;
const LABEL_PUNCTUATION = /[。，,；;：:！？!?]/;
const MAX_GROUP_LENGTH = 40;
const MAX_GROUP_DEPTH = 3;

/** 一、产业合作, （二）民生保障, 第三部分 …: a numbered category heading. */
function isNumberedHeading(text: string): boolean {
  if (text.length > MAX_GROUP_LENGTH || SENTENCE_MARK.test(text)) return false;
  if (PART_HEADING.test(text)) return true;
  const numbering = readNumbering(text);
  return numbering !== null && ['zhang', 'cn', 'paren-cn'].includes(numbering.style) && text.length > numbering.length;
}

/** 产业合作: a short unnumbered label on a line of its own. */
function isShortLabel(text: string): boolean {
  return text.length <= 20 && !LABEL_PUNCTUATION.test(text) && !SERIAL.test(text);
}

/** The category a row names, or null when it is no group row. */
function groupOf(cells: readonly string[], columns: readonly (TaskColumn | null)[]): string | null {
  const filled = cells.flatMap((cell, index) => (cell === '' ? [] : [index]));
  if (filled.length === 1) {
    const index = filled[0] ?? 0;
    const text = cells[index] ?? '';
    if (isNumberedHeading(text)) return text;
    if (columns[index] === 'serial' && !SERIAL.test(text) && text.length <= MAX_GROUP_LENGTH) return text;
    return null;
  }
  if (filled.length === 2 && filled[0] === 0 && filled[1] === 1 && columns[0] === 'serial') {
    const numeral = cells[0] ?? '';
    const title = cells[1] ?? '';
    if (!CHINESE_SERIAL.test(numeral) || title.length > MAX_GROUP_LENGTH || SENTENCE_MARK.test(title)) return null;
    return /[、.．)）]$/.test(numeral) ? `${numeral}${title}` : `${numeral} ${title}`;
  }
  return null;
}

interface RowInProgress {
  cells: string[];
  extra: string[];
  line: number;
  group: string;
}

const NAME_SEPARATORS = new Set([...'、，,；;/／\n \u3000']);

/** How a continuation's text joins the same column of the row above. */
function joiner(column: TaskColumn | null, previous: string, layout: Layout): string {
  if (column === 'lead' || column === 'supporting') {
    // A name cut by the wrap (市商 | 务局) is joined back; a complete name is followed by another.
    if (NAME_SEPARATORS.has(previous.charAt(previous.length - 1))) return '';
    return looksLikeUnitName(lastName(previous)) ? '\n' : '';
  }
  // Merged .docx cells hold a further deadline; a wrapped text cell holds the rest of the same one.
  if (column === 'deadline' && layout === 'tab') return '\n';
  return '';
}

function lastName(text: string): string {
  let start = text.length;
  while (start > 0 && text.length - start <= 60 && !NAME_SEPARATORS.has(text.charAt(start - 1))) start--;
  return text.slice(start);
}

function appendContinuation(row: RowInProgress, cells: readonly string[], header: Header): void {
  cells.forEach((cell, index) => {
    if (cell === '') return;
    const previous = row.cells[index] ?? '';
    row.cells[index] = previous === '' ? cell : `${previous}${joiner(header.columns[index] ?? null, previous, header.layout)}${cell}`;
  });
}

// ---------------------------------------------------------------------------------------------
// Tables

export function findTaskTables(lines: readonly string[], context: DeadlineContext): TaskTable[] {
  const nextFilled = nextFilledLines(lines);
  const tables: TaskTable[] = [];
  let index = 0;
  while (index < lines.length) {
    const header = headerAt(lines, index);
    if (header !== null) {
      const table = readTable(lines, header, nextFilled, context);
      if (table.rows.length > 0) tables.push(table);
      // Lines read without a row (repeated headers, group headings) would be read the same way again.
      index = Math.max(index + 1, table.endLine);
      continue;
    }
    index++;
  }
  return tables;
}

/** For each line, the index of the first non-blank line at or after it (lines.length if none). */
function nextFilledLines(lines: readonly string[]): Int32Array {
  const next = new Int32Array(lines.length + 1);
  next[lines.length] = lines.length;
  for (let index = lines.length - 1; index >= 0; index--) {
    next[index] = (lines[index] ?? '').trim() === '' ? (next[index + 1] ?? lines.length) : index;
  }
  return next;
}

function isRowCandidate(line: string, header: Header): boolean {
  switch (header.layout) {
    case 'tab':
      return line.includes('\t') && splitTableCells(line) !== null;
    case 'aligned':
      return splitAligned(line).length >= 2;
    case 'fused':
      return splitFused(line).length === header.columns.length;
  }
}

function readTable(lines: readonly string[], firstHeader: Header, nextFilled: Int32Array, context: DeadlineContext): TaskTable {
  let header = firstHeader;
  const warnings: string[] = [];
  const rows: RowInProgress[] = [];
  const count = header.columns.length;
  let group = '';
  let endLine = header.line + 1;
  let index = header.line + 1;

  const subHeader = index < lines.length ? withSubHeader(header, lines[index] ?? '') : null;
  if (subHeader !== null) {
    header = subHeader;
    index++;
    endLine = index;
  }
  const serialColumn = header.columns.indexOf('serial');
  const taskColumn = header.columns.includes('task') ? header.columns.indexOf('task') : header.columns.indexOf('measure');
  const labelsOf = (columns: readonly number[]): string => columns.map((column) => `“${header.labels[column] || `第${column + 1}列`}”`).join('');
  // Memoised: a run of blank lines asks about the same line each time.
  const candidates = new Map<number, boolean>();
  const isCandidateAt = (at: number): boolean => {
    let known = candidates.get(at);
    if (known === undefined) {
      known = isRowCandidate(lines[at] ?? '', header);
      candidates.set(at, known);
    }
    return known;
  };
  // A row follows, perhaps under further group headings (一、产业合作 then （一）园区共建).
  const rowFollows = (at: number): boolean => {
    let next = nextFilled[at + 1] ?? lines.length;
    for (let hops = 0; hops < MAX_GROUP_DEPTH && next < lines.length; hops++) {
      const line = lines[next] ?? '';
      if (isCandidateAt(next)) return true;
      if (!isNumberedHeading(line.trim())) return false;
      next = nextFilled[next + 1] ?? lines.length;
    }
    return false;
  };

  for (; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const lineNumber = index + 1;
    if (line.trim() === '') {
      if (rowFollows(index)) continue;
      break;
    }
    const pieces = piecesOf(line, header.layout);

    if (pieces.length === 1) {
      const piece = pieces[0] as Piece;
      const previousRow = rows[rows.length - 1];
      const column = continuationColumn(piece, header);
      if (isNumberedHeading(piece.text) && rowFollows(index)) {
        group = piece.text;
      } else if (previousRow !== undefined && column !== null) {
        const cells = header.columns.map(() => '');
        cells[column] = piece.text;
        appendContinuation(previousRow, cells, header);
      } else if (isShortLabel(piece.text) && rowFollows(index)) {
        group = piece.text;
      } else {
        break;
      }
      endLine = index + 1;
      continue;
    }

    const placed = placeCells(pieces, header);
    if (placed === null) {
      // A fused line that does not split into the header's columns.
      if (!SERIAL.test(pieces[0]?.text ?? '')) break;
      warnings.push(`第${lineNumber}行按空格拆出${pieces.length}段，与表头的${count}列不符，无法可靠拆分，未读入：${excerpt(line)}`);
      endLine = index + 1;
      continue;
    }
    if (recogniseHeader(placed.cells) !== null) {
      endLine = index + 1;
      continue;
    }
    const category = groupOf(placed.cells, header.columns);
    if (category !== null && (header.layout === 'tab' || rowFollows(index))) {
      group = category;
      endLine = index + 1;
      continue;
    }
    const keyColumn = serialColumn >= 0 ? serialColumn : taskColumn;
    const key = placed.cells[keyColumn] ?? '';
    const previousRow = rows[rows.length - 1];
    if (key === '' && previousRow !== undefined) {
      appendContinuation(previousRow, placed.cells, header);
      if (placed.extra.some((cell) => cell !== '')) warnings.push(`第${lineNumber}行多出${placed.extra.length}格，未读入：${excerpt(placed.extra.join(' '))}`);
      endLine = index + 1;
      continue;
    }
    // In a text table, a line whose first cell is no serial is the text after the table (第一章　总则).
    if (header.layout === 'aligned' && serialColumn >= 0 && key !== '' && !SERIAL.test(key)) break;

    rows.push({ cells: placed.cells, extra: placed.extra, line: index, group });
    if (placed.missing.length > 0) {
      const how = {
        position: '按列位置读入',
        order: '按顺序读入',
        'order-deadline': '按顺序读入，末格按内容作完成时限',
        complete: '',
      }[placed.by];
      warnings.push(`第${lineNumber}行只有${pieces.length}格，少于表头的${count}列：${how}，${labelsOf(placed.missing)}为空`);
    }
    if (placed.extra.some((cell) => cell !== '')) {
      warnings.push(`第${lineNumber}行比表头多出${placed.extra.length}格，未读入：${excerpt(placed.extra.join(' '))}`);
    }
    endLine = index + 1;
  }

  return {
    header: { line: firstHeader.line, columns: header.columns },
    rows: rows.map((row) => toTaskRow(row, header, context)),
    endLine,
    warnings,
  };
}

function toTaskRow(row: RowInProgress, header: Header, context: DeadlineContext): TaskTableRow {
  const cellOf = (column: TaskColumn): string | null => {
    const index = header.columns.indexOf(column);
    return index < 0 ? null : (row.cells[index] ?? '');
  };
  const task = cellOf('task');
  const measure = cellOf('measure');
  const deadline = cellOf('deadline');
  return {
    serial: cellOf('serial') ?? '',
    task: task ?? measure ?? '',
    measure: task === null ? '' : (measure ?? ''),
    lead: splitUnitNames(cellOf('lead') ?? ''),
    supporting: splitUnitNames(cellOf('supporting') ?? ''),
    deadline: deadline === null ? { kind: 'unknown', text: '' } : parseDeadline(deadline, context),
    outcome: cellOf('outcome') ?? '',
    articleRef: cellOf('article') ?? '',
    group: row.group,
    cells: [...row.cells, ...row.extra],
    line: row.line,
  };
}

function excerpt(text: string): string {
  const trimmed = text.trim();
  return `“${trimmed.length > 40 ? `${trimmed.slice(0, 40)}…` : trimmed}”`;
}
