import type { VerbMatcher } from './measures.js';
import type { PlanOrganisation } from './types.js';

/*
 * Organisation heuristic, tuned for precision over recall.
 *
 * 1. Find an institutional suffix (集团, 学院, 大学, 医院, 党校, 中心, 协会, 公司, 办公室, 委员会,
 *    研究院 …) outside quotation and book-title marks; a suffix followed by 化 (集团化办学), a
 *    中心 followed by 城/区 (中心城区) or a 大学/中学/小学 followed by 生/城 (中小学生) is not one.
 * 2. Look back from it (at most 40 characters) to the nearest punctuation, space or word that
 *    cannot sit inside a name (与, 及, 或, 在, 到, 赴, 的, 等, 把, 将, 被, 从).
 * 3. In that window the name starts at the leftmost place name: a province, 中国/中共/国家/全国/
 *    中央, a two-character name the text itself writes with 市 or 县 (深圳市 → 深圳), or the place of
 *    a known unit. This drops the verb or particle before the name (支持中国稀土集团 → 中国稀土集团).
 *    If '和' is directly followed by another place name, the name starts after it
 *    (…江西馆和深圳市海吉星消费帮扶中心); a 和 not followed by one stays inside
 *    (深圳市对口支援和对口合作工作领导小组办公室).
 * 4. A place qualifier in brackets right after the suffix belongs to the name: 深圳精品展销中心(赣州).
 * 5. Rejected: names with a generic determiner (各级, 相关, 有关, 两市, 一批 …: 深圳市区各级党校),
 *    names in which a commitment or founding verb follows the place name directly (赣州建设研发中心),
 *    names with any other commitment verb except the few that occur in real names (建设, 开发, 运营),
 *    and names shorter than 4 or longer than 40 characters.
 * 6. When two names start at the same place, the longer wins (中国稀土集团有限公司 over 中国稀土集团).
 * 7. Deduplicated by exact name, in order of first appearance.
 *
 * The text says 深圳市海吉星消费帮扶中心赣州馆: the organisation is the centre, 赣州馆 is one of its
 * halls, so the name stops at the suffix 中心 and matches the known unit exactly.
 *
 * Deliberately missed (precision over recall):
 * - names with no place name in front: 旅游协会, 临床诊疗中心, 干部学院, and generic ones (两市环保产业协会);
 * - abbreviations and bodies without a listed suffix: 国家发展改革委, 市商务局, 赣州国际陆港, 联席会议;
 * - names whose place is written only as 市/区/县 or as a one-character abbreviation (市委党校, 赣深…);
 * - names containing a commitment verb after the place (深圳市建设工程质量检测中心, 深圳市推进…办公室);
 * - everything inside 《》 or “” (issuers of cited documents, programme names).
 */

const SUFFIXES: readonly string[] = [
  '人民政府',
  '办公室',
  '委员会',
  '管委会',
  '研究院',
  '研究所',
  '联合会',
  '基金会',
  '合作社',
  '实验室',
  '交易所',
  '出版社',
  '电视台',
  '博物馆',
  '纪念馆',
  '图书馆',
  '幼儿园',
  '集团',
  '学院',
  '大学',
  '医院',
  '党校',
  '中心',
  '协会',
  '公司',
  '商会',
  '银行',
  '学校',
  '中学',
  '小学',
  '工会',
];
const SUFFIX_RE = new RegExp(SUFFIXES.join('|'), 'g');

const PROVINCES: readonly string[] = [
  '北京',
  '天津',
  '上海',
  '重庆',
  '河北',
  '山西',
  '辽宁',
  '吉林',
  '黑龙江',
  '江苏',
  '浙江',
  '安徽',
  '福建',
  '江西',
  '山东',
  '河南',
  '湖北',
  '湖南',
  '广东',
  '海南',
  '四川',
  '贵州',
  '云南',
  '陕西',
  '甘肃',
  '青海',
  '台湾',
  '内蒙古',
  '广西',
  '西藏',
  '宁夏',
  '新疆',
  '香港',
  '澳门',
];
const NATIONAL_PREFIXES: readonly string[] = ['中国', '中共', '中华', '国家', '全国', '中央'];

// Two characters before 市/县 that make a place name; the exclusions are the common words that
// also end in 市 or 县 (城市, 上市, 全市, 两市, 我市, 县(市、区) …).
const PLACE_WITH_LEVEL = /([\u4e00-\u9fff]{2})(?:市(?![场民值面井价况])|县(?![城域级乡区]))/g;
const NOT_PLACE_FIRST = new Set([...'的和与及在到各两本我全该每个市县区省此按照对向为']);
// 城 stays excluded although it drops 盐城, 聊城 …: 城市 is far too common in plans (智慧城市, 试点城市).
const NOT_PLACE_SECOND = new Set([...'的和与及在到各两本我全该每个一市县区省此城超上股夜街菜花灯早黑互入集大级辖地开闭退罢出外']);
const KNOWN_UNIT_PLACE = /^(?:中共|中国共产党)?([\u4e00-\u9fff]{2,3}?)(?:市|省|县|区)/;

const STOP_CHARS = new Set([...'与及或在到赴的等把将被从']);
const NAME_CHAR = /[\u4e00-\u9fffA-Za-z0-9·]/;
const GENERIC = /各级|各类|各地|各有关|相关|有关|两市|两地|两省|一批|一些|若干|有条件|其他|所属|下属|当地|本地/;
const FOUNDING_VERBS: readonly string[] = ['设立', '成立', '组建', '设置', '参与', '举办', '入驻', '落户', '布局'];
// Commitment verbs that real names contain (深圳市特区建设发展集团).
const VERBS_IN_NAMES = new Set(['建设', '开发', '运营']);
const QUALIFIER = /^[(（]([\u4e00-\u9fff]{2,4})[)）]/;
const MAX_LOOKBACK = 40;

/** Place names a name may start with: built in, written in the text with 市/县, or from known units. */
export function placeNames(text: string, knownUnits: readonly string[]): Set<string> {
  const places = new Set<string>([...PROVINCES, ...NATIONAL_PREFIXES]);
  for (const match of text.matchAll(PLACE_WITH_LEVEL)) {
    const place = match[1] ?? '';
    if (!NOT_PLACE_FIRST.has(place.charAt(0)) && !NOT_PLACE_SECOND.has(place.charAt(1))) places.add(place);
  }
  for (const unit of knownUnits) {
    const place = KNOWN_UNIT_PLACE.exec(unit)?.[1];
    if (place !== undefined) places.add(place);
  }
  return places;
}

interface Candidate {
  name: string;
  start: number;
}

export function findOrganisations(text: string, mask: Uint8Array, matcher: VerbMatcher, knownUnits: readonly string[]): PlanOrganisation[] {
  const places = placeNames(text, knownUnits);
  const placeLengths = [...new Set([...places].map((p) => p.length))].sort((a, b) => b - a);
  const placeAt = (index: number, limit: number): string | null => {
    for (const length of placeLengths) {
      if (index + length > limit) continue;
      const slice = text.slice(index, index + length);
      if (places.has(slice)) return slice;
    }
    return null;
  };

  const candidates: Candidate[] = [];
  for (const match of text.matchAll(SUFFIX_RE)) {
    const suffixStart = match.index;
    const suffixEnd = suffixStart + match[0].length;
    if (mask[suffixStart] === 1 || !isRealSuffix(match[0], text.charAt(suffixEnd))) continue;

    let windowStart = suffixStart;
    while (windowStart > 0 && suffixStart - windowStart < MAX_LOOKBACK) {
      const ch = text.charAt(windowStart - 1);
      if (!NAME_CHAR.test(ch) || STOP_CHARS.has(ch)) break;
      windowStart--;
    }
    let start = -1;
    for (let i = windowStart; i < suffixStart; i++) {
      if (placeAt(i, suffixStart) !== null) {
        start = i;
        break;
      }
    }
    if (start === -1) continue;
    for (let i = start + 1; i < suffixStart - 1; i++) {
      if (text.charAt(i) === '和' && placeAt(i + 1, suffixStart) !== null) start = i + 1;
    }

    let end = suffixEnd;
    const qualifier = QUALIFIER.exec(text.slice(suffixEnd, suffixEnd + 7));
    if (qualifier !== null && places.has(qualifier[1] ?? '')) end += qualifier[0].length;
    const name = text.slice(start, end);
    const place = placeAt(start, suffixStart) ?? '';
    if (!plausibleName(name, place, matcher)) continue;

    const previous = candidates[candidates.length - 1];
    if (previous !== undefined && previous.start === start) previous.name = name;
    else candidates.push({ name, start });
  }

  const seen = new Set<string>();
  const organisations: PlanOrganisation[] = [];
  for (const { name } of candidates) {
    if (seen.has(name)) continue;
    seen.add(name);
    organisations.push({ name, unitName: matchKnownUnit(name, knownUnits) });
  }
  return organisations;
}

function isRealSuffix(suffix: string, next: string): boolean {
  if (next === '化') return false;
  if (suffix === '中心' && (next === '城' || next === '区' || next === '镇')) return false;
  // 大学生, 中小学生, 大学城: a school word inside a common noun.
  if ((suffix === '大学' || suffix === '中学' || suffix === '小学') && (next === '生' || next === '城')) return false;
  return true;
}

function plausibleName(name: string, place: string, matcher: VerbMatcher): boolean {
  if (name.length < 4 || name.length > 40 || GENERIC.test(name)) return false;
  // The place may be followed by its level (深圳市…); a verb right there makes a clause, not a name.
  let afterPlace = place.length;
  if ('市省县区'.includes(name.charAt(afterPlace))) afterPlace++;
  const head = name.slice(afterPlace);
  for (const verb of FOUNDING_VERBS) if (name.includes(verb)) return false;
  for (const verbs of matcher.byFirstChar.values()) {
    for (const verb of verbs) {
      if (head.startsWith(verb)) return false;
      if (!VERBS_IN_NAMES.has(verb) && head.includes(verb)) return false;
    }
  }
  return true;
}

// Affixes by which an official name and its usual form in running text differ.
const NAME_PREFIXES: readonly string[] = ['中国共产党', '中共'];
const NAME_SUFFIXES: readonly string[] = ['股份有限公司', '有限责任公司', '有限公司'];

/**
 * The known unit an organisation denotes: the one with the same name, else one that differs from
 * it only by the affixes official names add or drop (中共赣州市委党校 ↔ 赣州市委党校, 中国稀土集团有限公司
 * ↔ 中国稀土集团) or by a bracketed place qualifier (深圳精品展销中心(赣州) ↔ 深圳精品展销中心).
 * Plain containment is not enough: 深圳市委党校 is inside 中共深圳市委党校, but 深圳市 is not a unit
 * of 深圳市商务局. The first such unit in the given order wins.
 */
export function matchKnownUnit(name: string, knownUnits: readonly string[]): string | null {
  if (knownUnits.includes(name)) return name;
  const core = coreName(name);
  for (const unit of knownUnits) if (coreName(unit) === core && core.length >= 4) return unit;
  return null;
}

function coreName(name: string): string {
  let core = name.replace(/[(（][\u4e00-\u9fff]{2,4}[)）]$/, '');
  for (const prefix of NAME_PREFIXES) {
    if (core.startsWith(prefix)) {
      core = core.slice(prefix.length);
      break;
    }
  }
  for (const suffix of NAME_SUFFIXES) {
    if (core.endsWith(suffix)) {
      core = core.slice(0, -suffix.length);
      break;
    }
  }
  return core;
}
