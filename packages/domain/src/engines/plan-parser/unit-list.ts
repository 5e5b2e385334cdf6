/*
 * The unit names of a 牵头单位 / 配合单位 / 责任单位 cell.
 *
 * Names are separated by 、，,；; / ／, line breaks and whitespace, never inside brackets
 * (各县（市、区）人民政府 stays whole). 和, 及, 以及 separate two names only when both sides look like
 * unit names on their own: 市卫生健康委和市医保局 is two units, while 市住房和城乡建设局,
 * 市工业和信息化局 and 深圳市对口支援和对口合作工作领导小组办公室 are one (the part before 和 is
 * no unit). Role words around a name are dropped: 市商务局牵头, 市商务局（牵头）, 各区按职责分工负责,
 * 市直有关单位等 → 市商务局, 各区, 市直有关单位. Empty cells, dashes and 无 give no names; a name
 * written twice is kept once, where it first appears.
 */

// What a unit name ends with; collective names (各区, 各县（市、区）, 有关部门, 市直各单位) end the same way.
const UNIT_ENDINGS: readonly string[] = [
  '人民政府',
  '办事处',
  '委员会',
  '管委会',
  '中心',
  '政府',
  '公司',
  '集团',
  '单位',
  '部门',
  '企业',
  '机构',
  '街道',
  '园区',
  '海关',
  '部',
  '委',
  '局',
  '厅',
  '办',
  '院',
  '会',
  '室',
  '组',
  '处',
  '站',
  '所',
  '校',
  '馆',
  '署',
  '行',
  '社',
  '队',
  '台',
  '联',
  '团',
  '科',
  '区',
  '县',
  '市',
  '镇',
  '乡',
  '港',
];
const BARE_LEVEL = /^(?:县级市|县区|市区|县|市|区|镇|乡|街道|乡镇)$/;
const COLLECTIVE_NAMES = new Set(['各地', '各级', '各地区', '各有关方面', '各相关方面']);

const SEPARATORS = new Set([...'、，,；;/／\n\r\t \u3000\u00a0']);
const OPENING = new Set([...'（(【[']);
const CLOSING = new Set([...'）)】]']);
// Longest first: 按职责分工负责 before 负责.
const ROLE_SUFFIXES: readonly string[] = [
  '按职责分工负责',
  '分别牵头',
  '按照职责分工负责',
  '按职责分工落实',
  '按职责分工',
  '按职责负责',
  '分别负责',
  '共同负责',
  '负责',
  '牵头',
  '配合',
  '参与',
  '等有关单位',
  '等相关单位',
  '等有关部门',
  '等相关部门',
  '等单位',
  '等部门',
  '等',
];
// A remark in brackets after the last name (…市卫生健康委(除标注“分别牵头”外,列第一位为牵头单位,下同)):
// a sentence, not a qualifier of the name such as （赣州） or （市、区）.
const TRAILING_REMARK = /[（(][^（()）]*[，,。；;][^（()）]*[)）]$/;
const ROLE_NOTE = /[（(](?:牵头|配合|参与|负责|牵头单位|配合单位|排名第一的为牵头单位|列第一位的为牵头单位)[)）]$/;
const LEADING_ROLE = /^(?:由|请)/;
const TRAILING_PUNCTUATION = new Set([...'。.：:']);
const MAX_NAME_LENGTH = 60;
const NOTHING = /^[-—–－_~～/／\\*＊无暂无]*$/;

export function splitUnitNames(cell: string): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  const add = (raw: string): void => {
    const name = cleanName(raw);
    if (name === '' || NOTHING.test(name) || seen.has(name)) return;
    seen.add(name);
    names.push(name);
  };

  let depth = 0;
  let start = 0;
  let collective = -1;
  for (let index = 0; index <= cell.length; index++) {
    const ch = cell.charAt(index);
    // An unclosed bracket holds only to the end of its line, so it cannot glue a whole cell together.
    if (ch === '\n' || ch === '\r') depth = 0;
    if (OPENING.has(ch)) depth++;
    else if (CLOSING.has(ch)) depth = Math.max(0, depth - 1);
    else if (index === cell.length || (depth === 0 && SEPARATORS.has(ch))) {
      const piece = cell.slice(start, index);
      // 各区、县级市 is one collective (each district and county-level city): 县级市 alone names nothing.
      if (collective !== -1 && BARE_LEVEL.test(cleanName(piece)) && names.length > 0) {
        const merged = cell.slice(collective, index);
        seen.delete(names.pop() as string);
        add(merged);
      } else {
        for (const part of splitAtConjunctions(piece)) add(part);
        collective = piece.trim().startsWith('各') ? start : -1;
      }
      start = index + 1;
    }
  }
  return names;
}

/** Whether a name, brackets after it aside (各县（市、区）, 展销中心（赣州）), ends like a unit. */
export function looksLikeUnitName(name: string): boolean {
  // No unit name is this long; the bound also keeps the checks at each 和 of a long cell constant.
  if (name.length > MAX_NAME_LENGTH) return false;
  const bare = withoutTrailingBrackets(cleanName(name));
  if (bare.length < 2) return false;
  return COLLECTIVE_NAMES.has(bare) || UNIT_ENDINGS.some((ending) => bare.endsWith(ending));
}

function splitAtConjunctions(piece: string): string[] {
  const parts: string[] = [];
  const endsLikeUnit = looksLikeUnitName(piece.slice(-MAX_NAME_LENGTH));
  let depth = 0;
  let start = 0;
  for (let index = 0; index < piece.length; index++) {
    const ch = piece.charAt(index);
    if (OPENING.has(ch)) depth++;
    else if (CLOSING.has(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && (ch === '和' || ch === '及')) {
      const leftEnd = ch === '及' && piece.charAt(index - 1) === '以' ? index - 1 : index;
      // The right side is checked whole (市科技局和工业和信息化局 splits at the first 和): a long one by its ending.
      const rightLength = piece.length - index - 1;
      const rightIsUnit = rightLength > MAX_NAME_LENGTH ? endsLikeUnit : looksLikeUnitName(piece.slice(index + 1));
      if (leftEnd - start <= MAX_NAME_LENGTH && looksLikeUnitName(piece.slice(start, leftEnd)) && rightIsUnit) {
        parts.push(piece.slice(start, leftEnd));
        start = index + 1;
      }
    }
  }
  parts.push(piece.slice(start));
  return parts;
}

function cleanName(raw: string): string {
  let name = withoutTrailingPunctuation(raw.trim()).replace(LEADING_ROLE, '').replace(TRAILING_REMARK, '');
  for (;;) {
    const before = name;
    name = name.replace(ROLE_NOTE, '').trim();
    const suffix = ROLE_SUFFIXES.find((role) => name.endsWith(role) && name.length > role.length);
    if (suffix !== undefined) name = name.slice(0, name.length - suffix.length).trim();
    else if (ROLE_SUFFIXES.includes(name)) name = '';
    if (name === before) return name;
  }
}

// A loop, not /[。.：:]+$/, which rescans a long run of marks from each of its positions.
function withoutTrailingPunctuation(name: string): string {
  let end = name.length;
  while (end > 0 && TRAILING_PUNCTUATION.has(name.charAt(end - 1))) end--;
  return name.slice(0, end);
}

function withoutTrailingBrackets(name: string): string {
  let end = name.length;
  while (end > 0 && CLOSING.has(name.charAt(end - 1))) {
    let depth = 0;
    let index = end - 1;
    for (; index >= 0; index--) {
      const ch = name.charAt(index);
      if (CLOSING.has(ch)) depth++;
      else if (OPENING.has(ch)) depth--;
      if (depth === 0) break;
    }
    if (index <= 0) break;
    end = index;
  }
  return name.slice(0, end);
}
