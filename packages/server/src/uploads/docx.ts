import { fieldError } from '../http/errors.js';
import type { Attributes } from '../xlsx/xml.js';
import {
  type AbstractList,
  clampedInteger,
  DocxLimitError,
  emptyDefinitions,
  emptyStyleSheet,
  LIST_LEVELS,
  type ListInstance,
  type ListLevel,
  ListNumbering,
  levelIndex,
  MAX_COUNTER,
  MAX_LEVEL_TEXT,
  MAX_LIST_DEFINITIONS,
  MAX_STYLES,
  type NumberingDefinitions,
  type ParagraphNumbering,
  type StyleSheet,
} from './docx-numbering.js';
import { MAX_PLAN_TEXT_CHARS, type ReadLimits } from './limits.js';
import { parsePart, partOfType, relationships, relationshipsOf } from './office-parts.js';
import { CheckedZip } from './zip.js';

/*
 * The text of a .docx as a reader sees it, for the plan parser: one paragraph per line, with the
 * numbers Word adds itself (automatic numbering, docx-numbering.ts) written in front, and each
 * table row on one line, its cells separated by tabs, so that a task table keeps its rows.
 *
 * Only three parts are read — the document, its styles and its numbering — each as a stream
 * through CheckedZip (every inflated byte counted) and the XML scanner; images, embedded files,
 * headers, footers and notes are never inflated. What the text keeps:
 * - runs' text (w:t); a tab is a space (tabs separate cells only), a line break a new line; the
 *   text of tracked insertions, not of tracked deletions or moves away (w:del, w:moveFrom);
 * - text boxes once (the drawing, not its older copy in mc:Fallback); no hidden text (w:vanish),
 *   no field codes, and no table of contents (the result of a TOC field repeats the headings);
 * - in a table, a cell's paragraphs joined into one line (a space only between two ASCII letters
 *   or digits), a cell continued from the row above (w:vMerge) with that cell's text (a 牵头单位
 *   merged over three rows leads all three), a cell continued from its left (w:hMerge) empty, a cell spanning columns
 *   (w:gridSpan) followed by empty cells for the columns it covers, a table inside a cell
 *   flattened into the cell's text.
 * Limits, beyond the archive's: element nesting, tables and paragraphs inside one another, cells
 * in a row, styles and list definitions, and the text produced (counted as it grows), each a 400
 * naming the file.
 */

/** Elements open at once; Word's deepest documents stay under a hundred. */
const MAX_ELEMENT_DEPTH = 512;
/** Tables and paragraphs inside one another (a table in a cell, a text box in a paragraph). */
const MAX_NESTING = 32;
/** Fields inside one another (a page number inside a table of contents). */
const MAX_FIELD_DEPTH = 32;

/** Properties as they were before a tracked change. */
const PROPERTY_CHANGES = new Set([
  'pPrChange',
  'rPrChange',
  'sectPrChange',
  'tblPrChange',
  'tblPrExChange',
  'tblGridChange',
  'tcPrChange',
  'trPrChange',
  'numberingChange',
]);
/**
 * Content that is not part of the document as it reads now: deleted or moved-away text, the
 * older copy of alternate content (in the document; in numbering.xml the copy is what counts),
 * property changes.
 */
const REMOVED = new Set(['del', 'moveFrom', 'Fallback', ...PROPERTY_CHANGES]);
/** Drawings and embedded objects: only the paragraphs of a text box inside them are text. */
const GRAPHIC = new Set(['drawing', 'pict', 'object']);
const ASCII_WORD = /[A-Za-z0-9]/;

const isOn = (attributes: Attributes) => !['0', 'false', 'off'].includes(attributes.get('val') ?? 'true');

/** `a` and `b` run together, with a space only where two ASCII letters or digits would meet. */
function joinText(pieces: readonly string[]): string {
  let out = '';
  for (const piece of pieces) {
    const text = piece.trim();
    if (text === '') continue;
    out += out !== '' && ASCII_WORD.test(out.charAt(out.length - 1)) && ASCII_WORD.test(text.charAt(0)) ? ` ${text}` : text;
  }
  return out;
}

/** The raw text of a .docx (400/413 naming `field` past a limit or for a file that is not a .docx). */
export async function docxText(bytes: Uint8Array, limits: ReadLimits, field: string, maxChars = MAX_PLAN_TEXT_CHARS): Promise<string> {
  const zip = new CheckedZip(bytes, limits, field, '.docx');
  if (!zip.has('word/document.xml') && !zip.has('[Content_Types].xml')) throw zip.invalid();
  const documentPart = partOfType(await relationships(zip, '_rels/.rels', ''), 'officeDocument') ?? 'word/document.xml';
  if (!zip.has(documentPart)) throw zip.invalid();
  const rels = await relationshipsOf(zip, documentPart);
  const present = (part: string | undefined) => (part !== undefined && zip.has(part) ? part : undefined);
  try {
    const styles = await readStyles(zip, present(partOfType(rels, 'styles') ?? 'word/styles.xml'));
    const numbering = await readNumbering(zip, present(partOfType(rels, 'numbering') ?? 'word/numbering.xml'));
    return await readDocument(zip, documentPart, new ListNumbering(numbering, styles), limits, maxChars);
  } catch (error) {
    if (error instanceof DocxLimitError) throw zip.invalid(error.message);
    throw error;
  }
}

/** Paragraph and numbering styles: what they are based on and the list they number with. */
async function readStyles(zip: CheckedZip, part: string | undefined): Promise<StyleSheet> {
  const sheet = emptyStyleSheet();
  if (part === undefined) return sheet;
  let current: { id: string; basedOn: string | null; numId: string | null; ilvl: number | null } | null = null;
  let ignored = 0;
  await parsePart(zip, part, {
    open(name, attributes) {
      if (PROPERTY_CHANGES.has(name)) ignored++;
      if (name === 'style') {
        if (sheet.styles.size >= MAX_STYLES) throw new DocxLimitError(`.docx 文件的样式超过 ${MAX_STYLES} 个上限`);
        const type = attributes.get('type') ?? 'paragraph';
        current = type === 'paragraph' || type === 'numbering' ? { id: attributes.get('styleId') ?? '', basedOn: null, numId: null, ilvl: null } : null;
        if (current !== null && type === 'paragraph' && ['1', 'true', 'on'].includes(attributes.get('default') ?? '')) sheet.defaultParagraphStyle = current.id;
        return;
      }
      if (current === null || ignored > 0) return;
      if (name === 'basedOn') current.basedOn = attributes.get('val') ?? null;
      else if (name === 'numId') current.numId = attributes.get('val') ?? null;
      else if (name === 'ilvl') current.ilvl = levelIndex(attributes.get('val'));
    },
    close(name) {
      if (PROPERTY_CHANGES.has(name)) ignored--;
      if (name === 'style' && current !== null) {
        if (current.id !== '') sheet.styles.set(current.id, { basedOn: current.basedOn, numId: current.numId, ilvl: current.ilvl });
        current = null;
      }
    },
  });
  return sheet;
}

const newLevel = (): ListLevel => ({ start: 0, format: 'decimal', text: '', restart: null, legal: false, styleId: null });

/** The list definitions of numbering.xml: abstract lists with their levels, and the instances paragraphs name. */
async function readNumbering(zip: CheckedZip, part: string | undefined): Promise<NumberingDefinitions> {
  const definitions = emptyDefinitions();
  if (part === undefined) return definitions;
  let abstract: AbstractList | null = null;
  let instance: ListInstance | null = null;
  let overrideLevel: number | null = null;
  let level: { index: number | null; value: ListLevel } | null = null;
  let ignored = 0;
  const count = () => definitions.abstracts.size + definitions.instances.size;
  await parsePart(zip, part, {
    open(name, attributes) {
      if (PROPERTY_CHANGES.has(name)) ignored++;
      if (ignored > 0) return;
      switch (name) {
        case 'abstractNum': {
          if (count() >= MAX_LIST_DEFINITIONS) throw new DocxLimitError(`.docx 文件的编号定义超过 ${MAX_LIST_DEFINITIONS} 个上限`);
          abstract = { levels: new Array<ListLevel | undefined>(LIST_LEVELS).fill(undefined), numStyleLink: null };
          definitions.abstracts.set(attributes.get('abstractNumId') ?? '', abstract);
          return;
        }
        case 'num': {
          if (count() >= MAX_LIST_DEFINITIONS) throw new DocxLimitError(`.docx 文件的编号定义超过 ${MAX_LIST_DEFINITIONS} 个上限`);
          instance = { abstractId: '', overrides: new Map() };
          definitions.instances.set(attributes.get('numId') ?? '', instance);
          return;
        }
        case 'numStyleLink':
          if (abstract !== null) abstract.numStyleLink = attributes.get('val') ?? null;
          return;
        case 'abstractNumId':
          if (instance !== null) instance.abstractId = attributes.get('val') ?? '';
          return;
        case 'lvlOverride':
          overrideLevel = levelIndex(attributes.get('ilvl'));
          return;
        case 'startOverride': {
          const start = clampedInteger(attributes.get('val'), 0, MAX_COUNTER);
          if (instance !== null && overrideLevel !== null && start !== null) {
            instance.overrides.set(overrideLevel, { ...instance.overrides.get(overrideLevel), start });
          }
          return;
        }
        case 'lvl':
          level = { index: levelIndex(attributes.get('ilvl')), value: newLevel() };
          return;
      }
      if (level === null) return;
      const value = attributes.get('val');
      switch (name) {
        case 'start':
          level.value.start = clampedInteger(value, 0, MAX_COUNTER) ?? 0;
          break;
        case 'numFmt':
          // Word writes a custom format twice: w:numFmt="custom" for itself, then a standard one for other readers.
          if (value !== undefined && value !== 'custom') level.value.format = value;
          break;
        case 'lvlText':
          if ((value ?? '').length > MAX_LEVEL_TEXT) throw new DocxLimitError(`.docx 文件的编号格式超过 ${MAX_LEVEL_TEXT} 字上限`);
          level.value.text = value ?? '';
          break;
        case 'lvlRestart':
          level.value.restart = clampedInteger(value, 0, LIST_LEVELS);
          break;
        case 'isLgl':
          level.value.legal = isOn(attributes);
          break;
        case 'pStyle':
          level.value.styleId = value ?? null;
          break;
      }
    },
    close(name) {
      if (PROPERTY_CHANGES.has(name)) {
        ignored--;
        return;
      }
      if (ignored > 0) return;
      switch (name) {
        case 'lvl':
          if (level !== null && level.index !== null) {
            if (instance !== null && overrideLevel !== null) {
              instance.overrides.set(overrideLevel, { ...instance.overrides.get(overrideLevel), level: level.value });
            } else if (abstract !== null) abstract.levels[level.index] = level.value;
          }
          level = null;
          break;
        case 'lvlOverride':
          overrideLevel = null;
          break;
        case 'abstractNum':
          abstract = null;
          break;
        case 'num':
          instance = null;
          break;
      }
    },
  });
  return definitions;
}

interface ParagraphFrame extends ParagraphNumbering {
  kind: 'p';
  text: string;
}
interface TableFrame {
  kind: 'tbl';
  rows: string[][];
}
interface RowFrame {
  kind: 'tr';
  cells: string[];
}
interface CellFrame {
  kind: 'tc';
  pieces: string[];
  span: number;
  continued: 'no' | 'from-above' | 'from-left';
}
type Frame = ParagraphFrame | TableFrame | RowFrame | CellFrame;

interface Element {
  name: string;
  visible: boolean;
  /** The frame this element opened, if it is a paragraph, table, row or cell. */
  frame: Frame | null;
  /** A simple field (w:fldSimple) holding a table of contents. */
  toc: boolean;
}

/** A complex field (w:fldChar begin … separate … end) and whether its result is hidden. */
interface Field {
  instruction: string;
  inResult: boolean;
}

async function readDocument(zip: CheckedZip, part: string, numbering: ListNumbering, limits: ReadLimits, maxChars: number): Promise<string> {
  const lines: string[] = [];
  const elements: Element[] = [];
  const frames: Frame[] = [];
  const fields: Field[] = [];
  let removed = 0;
  let nesting = 0;
  let used = 0;
  let runHidden = false;
  let simpleTocFields = 0;

  const spend = (chars: number) => {
    used += chars;
    if (used > maxChars) throw fieldError('VALIDATION_FAILED', zip.field, `文本超过 ${maxChars} 字上限`);
  };
  const nameAt = (fromTop: number) => elements[elements.length - 1 - fromTop]?.name;
  const visible = () => elements[elements.length - 1]?.visible ?? true;
  const tocHidden = () => simpleTocFields > 0 || fields.some((f) => f.inResult && /^\s*TOC\b/i.test(f.instruction));
  const paragraph = (): ParagraphFrame | undefined => {
    for (let i = frames.length - 1; i >= 0; i--) if (frames[i]!.kind === 'p') return frames[i] as ParagraphFrame;
    return undefined;
  };
  const cell = (): CellFrame | undefined => {
    for (let i = frames.length - 1; i >= 0; i--) if (frames[i]!.kind === 'tc') return frames[i] as CellFrame;
    return undefined;
  };
  const addText = (text: string) => {
    const target = paragraph();
    if (target === undefined || runHidden || tocHidden()) return;
    spend(text.length);
    target.text += text;
  };
  /** Finished text goes to the innermost cell, or becomes lines of the output. */
  const deliver = (text: string) => {
    const into = cell();
    if (into !== undefined) for (const piece of text.split('\n')) into.pieces.push(piece);
    else {
      spend(1);
      lines.push(text);
    }
  };

  const openFrame = (name: string): Frame | null => {
    switch (name) {
      case 'p':
      case 'tbl':
        if (++nesting > MAX_NESTING) throw new DocxLimitError(`.docx 文件的表格或段落嵌套超过 ${MAX_NESTING} 层上限`);
        return name === 'p' ? { kind: 'p', text: '', styleId: null, numId: null, ilvl: null } : { kind: 'tbl', rows: [] };
      case 'tr':
        return { kind: 'tr', cells: [] };
      case 'tc':
        return { kind: 'tc', pieces: [], span: 1, continued: 'no' };
      default:
        return null;
    }
  };

  const closeFrame = (frame: Frame) => {
    switch (frame.kind) {
      case 'p': {
        nesting--;
        const label = numbering.label(frame);
        const text = frame.text.trim();
        if (label === '' && text === '') return;
        spend(label.length);
        // "1." before "2025年…" would read as the decimal 1.2025: Word shows a tab there.
        const gap = /[.A-Za-z0-9]$/.test(label) && ASCII_WORD.test(text.charAt(0)) ? ' ' : '';
        deliver(label + gap + text);
        return;
      }
      case 'tc': {
        const row = frames[frames.length - 1];
        if (row?.kind !== 'tr') return;
        const table = frames[frames.length - 2];
        const above = table?.kind === 'tbl' ? (table.rows[table.rows.length - 1]?.[row.cells.length] ?? '') : '';
        const text = frame.continued === 'from-above' ? above : frame.continued === 'from-left' ? '' : joinText(frame.pieces);
        // A repeated cell is new output: counted, so a long cell merged down many rows stays within the text limit.
        if (frame.continued === 'from-above') spend(text.length);
        row.cells.push(text);
        for (let i = 1; i < frame.span; i++) row.cells.push('');
        spend(frame.span);
        if (row.cells.length > limits.columns) throw fieldError('VALIDATION_FAILED', zip.field, `表格超过 ${limits.columns} 列上限`);
        return;
      }
      case 'tr': {
        const table = frames[frames.length - 1];
        if (table?.kind === 'tbl') table.rows.push(frame.cells);
        return;
      }
      case 'tbl': {
        nesting--;
        const into = cell();
        if (into !== undefined) for (const row of frame.rows) for (const text of row) into.pieces.push(text);
        else for (const row of frame.rows) if (row.some((c) => c !== '')) lines.push(row.join('\t'));
        return;
      }
    }
  };

  const properties = (name: string, attributes: Attributes) => {
    const parent = nameAt(1);
    const top = frames[frames.length - 1];
    if (parent === 'rPr' && nameAt(2) === 'r') {
      if (name === 'vanish') runHidden = isOn(attributes);
      return;
    }
    if (top?.kind === 'p' && (parent === 'pPr' || parent === 'numPr')) {
      if (name === 'pStyle' && nameAt(2) === 'p') top.styleId = attributes.get('val') ?? null;
      else if (name === 'numId' && parent === 'numPr') top.numId = attributes.get('val') ?? null;
      // A level Word does not have (outside 0–8) numbers nothing.
      else if (name === 'ilvl' && parent === 'numPr') top.ilvl = levelIndex(attributes.get('val')) ?? -1;
      return;
    }
    if (top?.kind === 'tc' && parent === 'tcPr') {
      if (name === 'gridSpan') top.span = clampedInteger(attributes.get('val'), 1, limits.columns + 1) ?? 1;
      else if (name === 'vMerge' || name === 'hMerge') {
        const continues = (attributes.get('val') ?? 'continue') === 'continue';
        top.continued = !continues ? 'no' : name === 'vMerge' ? 'from-above' : 'from-left';
      }
      return;
    }
    if (top?.kind === 'tr' && parent === 'trPr' && name === 'gridBefore') {
      const before = clampedInteger(attributes.get('val'), 0, limits.columns + 1) ?? 0;
      spend(before);
      for (let i = 0; i < before; i++) top.cells.push('');
    }
  };

  const inRun = (name: string, attributes: Attributes) => {
    switch (name) {
      case 'tab':
      case 'ptab':
        addText(' ');
        break;
      case 'br':
      case 'cr':
        addText('\n');
        break;
      case 'noBreakHyphen':
        addText('-');
        break;
      case 'fldChar': {
        const type = attributes.get('fldCharType');
        if (type === 'begin') {
          if (fields.length >= MAX_FIELD_DEPTH) throw new DocxLimitError(`.docx 文件的域嵌套超过 ${MAX_FIELD_DEPTH} 层上限`);
          fields.push({ instruction: '', inResult: false });
        } else if (type === 'separate') {
          const field = fields[fields.length - 1];
          if (field) field.inResult = true;
        } else if (type === 'end') fields.pop();
        break;
      }
    }
  };

  await parsePart(zip, part, {
    open(name, attributes) {
      if (elements.length >= MAX_ELEMENT_DEPTH) throw new DocxLimitError(`.docx 文件的嵌套超过 ${MAX_ELEMENT_DEPTH} 层上限`);
      const parentVisible = visible();
      if (REMOVED.has(name)) removed++;
      const isVisible = name === 'txbxContent' ? removed === 0 : parentVisible && !REMOVED.has(name) && !GRAPHIC.has(name);
      const frame = isVisible ? openFrame(name) : null;
      const toc = isVisible && name === 'fldSimple' && /^\s*TOC\b/i.test(attributes.get('instr') ?? '');
      elements.push({ name, visible: isVisible, frame, toc });
      if (frame !== null) frames.push(frame);
      if (toc) simpleTocFields++;
      if (!isVisible) return;
      if (name === 'r') runHidden = false;
      else if (nameAt(1) === 'r') inRun(name, attributes);
      else properties(name, attributes);
    },
    text(text) {
      const name = nameAt(0);
      if (!visible()) return;
      // Word writes tabs and breaks as elements; a tab or line end inside the text itself (other writers) shows as a space.
      if (name === 't' && nameAt(1) === 'r') addText(text.replace(/[\t\r\n]/g, ' '));
      else if (name === 'instrText') {
        const field = fields[fields.length - 1];
        if (field && field.instruction.length < 256) field.instruction += text;
      }
    },
    close(name) {
      const element = elements.pop();
      if (element === undefined || element.name !== name) throw zip.invalid();
      if (REMOVED.has(name)) removed--;
      if (element.toc) simpleTocFields--;
      if (element.frame !== null) {
        frames.pop();
        closeFrame(element.frame);
      }
    },
  });
  return lines.join('\n');
}
